/**
 * `--anonymize SALT`: every IMSI and MSISDN in every output becomes `anon:` + the first 16 hex
 * digits of SHA-256(salt ":" identifier). The same identifier always gives the same token within
 * one salt, so alerts, summaries and reports stay correlatable without the digits.
 *
 * Identifiers are learned from the decoded events (subscriber, IMSIs, `args` keys naming an IMSI
 * or MSISDN, Diameter User-Name) before anything about them is written; outputs are then
 * rewritten two ways: keys that hold an identifier are hashed whole, and every digit run in any
 * other string (explanations, GTs that route on the MSISDN, Session-Ids) has the known
 * identifiers inside it replaced. Identifiers shorter than MIN_DIGITS are hashed in identifier
 * keys only: replacing 4-digit runs in free text would rewrite frame numbers and dates.
 */
import { createHash } from 'node:crypto';
import { imsiFromUserName } from '../diameter/decoder.js';
import type { SignallingEvent } from '../events/types.js';

const MIN_DIGITS = 5;
const DIGIT_RUN = /\d{5,}/g;
const ID_KEY = /imsi|msisdn/i;

export class Anonymizer {
  private readonly salt: string;
  private readonly ids = new Set<string>();
  /** Distinct identifier lengths, longest first (longest match wins inside a digit run). */
  private lengths: number[] = [];
  private readonly tokens = new Map<string, string>();

  constructor(salt: string) {
    this.salt = salt;
  }

  /** Learns the identifiers an event carries. */
  learn(ev: SignallingEvent): void {
    const s = ev.subscriber;
    if (s.imsi !== undefined) this.add(s.imsi);
    if (s.msisdn !== undefined) this.add(s.msisdn);
    if (ev.protocol === 'diameter') {
      const u = ev.diameter.userName;
      const imsi = u === undefined ? undefined : imsiFromUserName(u);
      if (imsi !== undefined) this.add(imsi);
    } else {
      for (const i of ev.imsis) this.add(i);
    }
    if (ev.args !== undefined) this.learnKeys(ev.args, 0);
  }

  /** Learns one identifier (digits). */
  add(id: string): void {
    if (!/^\d+$/.test(id) || this.ids.has(id)) return;
    this.ids.add(id);
    if (id.length >= MIN_DIGITS && !this.lengths.includes(id.length)) this.lengths = [...this.lengths, id.length].sort((a, b) => b - a);
  }

  /** The token of one identifier. */
  hash(id: string): string {
    let t = this.tokens.get(id);
    if (t === undefined) {
      t = 'anon:' + createHash('sha256').update(`${this.salt}:${id}`).digest('hex').slice(0, 16);
      this.tokens.set(id, t);
    }
    return t;
  }

  /**
   * Free text: every known identifier inside a digit run replaced by its token. The `+` of an
   * international number (`+491720000000`) goes with it: a token is not a number (no `+anon:`).
   */
  text(s: string): string {
    if (this.lengths.length === 0) return s;
    return s.replace(DIGIT_RUN, (run) => this.run(run)).replace(/\+(?=anon:)/g, '');
  }

  /** A JSON-able value, deep-copied: identifier keys hashed, every other string through {@link text}. */
  value<T>(v: T): T {
    return this.walk(v, false) as T;
  }

  private walk(v: unknown, idKey: boolean): unknown {
    if (typeof v === 'string') return idKey && /^\d+$/.test(v) ? this.hash(v) : this.text(v);
    if (Array.isArray(v)) return v.map((x) => this.walk(x, idKey));
    if (ArrayBuffer.isView(v)) return v; // numbers (report histogram times), never identities
    if (v !== null && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[k] = this.walk(x, ID_KEY.test(k));
      return out;
    }
    return v;
  }

  private learnKeys(o: Record<string, unknown>, depth: number): void {
    if (depth > 8) return;
    for (const [k, v] of Object.entries(o)) {
      if (typeof v === 'string' && ID_KEY.test(k)) {
        this.add(v);
      } else if (Array.isArray(v) && ID_KEY.test(k)) {
        for (const x of v) if (typeof x === 'string') this.add(x);
      } else if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
        this.learnKeys(v as Record<string, unknown>, depth + 1);
      }
    }
  }

  private run(run: string): string {
    let out = '';
    let i = 0;
    outer: while (i < run.length) {
      for (const len of this.lengths) {
        if (i + len > run.length) continue;
        const part = run.slice(i, i + len);
        if (this.ids.has(part)) {
          out += this.hash(part);
          i += len;
          continue outer;
        }
      }
      out += run[i];
      i++;
    }
    return out;
  }
}
