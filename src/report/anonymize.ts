/**
 * `--anonymize SALT`: every IMSI and MSISDN in every output becomes `anon:` + the first 16 hex
 * digits of SHA-256(salt ":" identifier). The same identifier always gives the same token within
 * one salt, so alerts, summaries and reports stay correlatable without the digits.
 *
 * Two ways to find an identity (issue 16: learning whole strings alone leaked E.214 MSINs,
 * `+`/`tel:`/NAI notations and every MSISDN after the first):
 *
 * - By structure, wherever it is (anonymize-match.ts): E.164 in `+`, `tel:`, `sip:` notation,
 *   IMSIs with a known MCC, EAP NAI permanent identities (prefix 0/1/6/7, TS 23.003 §19.3.2),
 *   keys naming an IMSI or MSISDN (hashed whole, any length), and SCCP addresses with numbering
 *   plan E.214 (np 7: a Mobile Global Title, CC + NDC + MSIN, hashed whole).
 * - By learning from the decoded events before anything about them is written: subscriber,
 *   IMSIs, `args` keys naming an IMSI or MSISDN (`msisdns`: A-MSISDN, every MSISDN of a Diameter
 *   message), Diameter User-Name, E.214 MGTs, and the MSIN of every IMSI (digits after a 2- and
 *   a 3-digit MNC), so an MSIN inside an MGT or any other digit run is replaced too.
 *
 * Matching is one linear pass per string; at most {@link MAX_LEARNED} identifiers are learned
 * (~60 B each), beyond which only structure and identifier keys protect new ones.
 */
import { createHash } from 'node:crypto';
import { imsiFromUserName } from '../diameter/decoder.js';
import type { SignallingEvent } from '../events/types.js';
import { DigitSet, knownMcc, scanIdentities } from './anonymize-match.js';

const ID_KEY = /imsi|msisdn/i;
const DIGITS = /^\d+$/;
/** SCCP numbering plan E.214 (Q.713 §3.4.2.3.3): the GT is a Mobile Global Title. */
const NP_E214 = 7;
/** Learned identifiers kept for free-text matching: 2 M × ~60 B ≈ 120 MB at most. */
const MAX_LEARNED = 2_000_000;
/** Tokens cached (the same identifiers recur); cleared when full. */
const MAX_TOKENS = 1_000_000;

export class Anonymizer {
  private readonly salt: string;
  private readonly learned = new DigitSet(MAX_LEARNED);
  private readonly tokens = new Map<string, string>();
  private readonly token = (id: string): string => this.hash(id);

  constructor(salt: string) {
    this.salt = salt;
  }

  /** Identifiers learned for free-text matching. */
  get size(): number {
    return this.learned.size;
  }

  /** Learns the identifiers an event carries. */
  learn(ev: SignallingEvent): void {
    const s = ev.subscriber;
    if (s.imsi !== undefined) this.addImsi(s.imsi);
    if (s.msisdn !== undefined) this.add(s.msisdn);
    if (ev.protocol === 'diameter') {
      const u = ev.diameter.userName;
      const imsi = u === undefined ? undefined : imsiFromUserName(u);
      if (imsi !== undefined) this.addImsi(imsi);
    } else {
      for (const i of ev.imsis) this.addImsi(i);
      for (const a of [ev.sccp.called, ev.sccp.calling]) if (a.np === NP_E214 && a.gt !== undefined) this.add(a.gt);
    }
    if (ev.args !== undefined) this.learnKeys(ev.args, 0);
  }

  /** Learns one identifier (digits; other strings are ignored). */
  add(id: string): void {
    if (DIGITS.test(id)) this.learned.add(id);
  }

  /** The token of one identifier. */
  hash(id: string): string {
    let t = this.tokens.get(id);
    if (t === undefined) {
      t = 'anon:' + createHash('sha256').update(`${this.salt}:${id}`).digest('hex').slice(0, 16);
      if (this.tokens.size >= MAX_TOKENS) this.tokens.clear();
      this.tokens.set(id, t);
    }
    return t;
  }

  /**
   * Free text: every identity in it (by structure, or learned) replaced by its token. The `+` of
   * an international number in prose (`for +491720000000`) goes with it: a token is not a number
   * (no `+anon:`); inside a URI (`tel:+…`) it stays, so the URI keeps its shape.
   */
  text(s: string): string {
    return scanIdentities(s, this.learned, this.token).replace(/(?<![:\w])\+(?=anon:)/g, '');
  }

  /** A JSON-able value, deep-copied: identifier keys and E.214 addresses hashed, every other string through {@link text}. */
  value<T>(v: T): T {
    return this.walk(v, false, 0) as T;
  }

  private addImsi(imsi: string): void {
    if (!DIGITS.test(imsi)) return;
    this.learned.add(imsi);
    // The MSIN (TS 23.003 §2.2: IMSI = MCC + MNC + MSIN, MNC of 2 or 3 digits): an E.214 MGT
    // carries it after CC + NDC, and nothing says which MNC length the network uses.
    if (imsi.length >= 14 && knownMcc(imsi)) {
      this.learned.add(imsi.slice(5));
      this.learned.add(imsi.slice(6));
    }
  }

  private walk(v: unknown, idKey: boolean, depth: number): unknown {
    if (typeof v === 'string') return idKey && DIGITS.test(v) ? this.hash(v) : this.text(v);
    if (v === null || typeof v !== 'object' || ArrayBuffer.isView(v) || depth > 64) return v; // typed arrays: report histogram times
    if (Array.isArray(v)) return v.map((x) => this.walk(x, idKey, depth + 1));
    const o = v as Record<string, unknown>;
    const mgt = o.np === NP_E214 && typeof o.gt === 'string';
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(o)) out[k] = mgt && k === 'gt' ? this.walk(x, true, depth + 1) : this.walk(x, ID_KEY.test(k), depth + 1);
    return out;
  }

  private learnKeys(o: Record<string, unknown>, depth: number): void {
    if (depth > 8) return;
    for (const [k, v] of Object.entries(o)) {
      if (typeof v === 'string' && ID_KEY.test(k)) {
        if (/imsi/i.test(k)) this.addImsi(v);
        else this.add(v);
      } else if (Array.isArray(v) && ID_KEY.test(k)) {
        for (const x of v) if (typeof x === 'string') this.add(x);
      } else if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
        this.learnKeys(v as Record<string, unknown>, depth + 1);
      }
    }
  }
}
