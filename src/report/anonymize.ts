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
 * - In text as a reader sees it (anonymize-fold.ts, review of round 9): escapes decoded,
 *   invisible characters dropped, Unicode digits, spaces and dashes folded, so `０１７１ 234 5678`
 *   or `+49%E2%80%8B171…` is matched as the number it shows.
 * - By learning from the decoded events before anything about them is written: subscriber,
 *   IMSIs, `args` keys naming an IMSI or MSISDN (`msisdns`: A-MSISDN, every MSISDN of a Diameter
 *   message), Diameter User-Name, E.214 MGTs, and the MSIN of every IMSI (digits after a 2- and
 *   a 3-digit MNC), so an MSIN inside an MGT or any other digit run is replaced too.
 *
 * Matching is one linear pass per string; at most {@link MAX_LEARNED} identifiers are learned
 * (16 B each at most), beyond which only structure and identifier keys protect new ones in free
 * text. Fields fail closed then (red-team round 19, M9: 352 k UpdateLocations for made-up IMSIs
 * filled the set and a victim's MSISDN, an SRI's called GT, was written in clear): once the set is
 * full, every field value made of digits only (an SCCP GT, an `e164` entry; infrastructure
 * addresses included) becomes its token, and {@link unlearned} counts the identifiers not learned.
 *
 * Where a subscriber is (the location results decoded since issue 18) goes too:
 * - numbers and addresses that place or reach one subscriber ({@link LOCATION_KEYS}: roaming
 *   number, VMSC address, network node number, MLC number, MNP routeing number, GPRS node
 *   addresses, the location number, the raw TS 23.032 octets; inside `locationInfo`, an ATI/PSI
 *   result, also the serving VLR/MSC/SGSN number) are replaced whole by their token, whatever
 *   their form (digits, hex octets, IP text), and learned when they are digits, so the same
 *   number anywhere else (an SCCP GT, a log line) gets the same token;
 * - coordinates (TS 23.032 §6.1 latitude/longitude) are rounded to whole degrees (~111 km: the
 *   region, not the place); shape, uncertainty and age stay;
 * - a cell or service area ('mcc-mnc-lac-ci' / 'mcc-mnc-lac-sac') keeps its network and location
 *   area, the cell becomes a token ('262-01-4660-anon:…'); an LAI stays.
 * Other node addresses (the sender's own VLR/MSC/SGSN number in an UpdateLocation, HLR, SMSC,
 * gsmSCF, GMSC, GMLC addresses; the MLC number of a PSL or SRI-for-LCS, which names the
 * requester's own node and often the attacker's GT) are infrastructure and stay, as do SCCP GTs
 * that no location result named.
 *
 * Octets kept as hex (8-bit USSD text, transaction ids, LMSI, IMEI ...) fail closed: a number written
 * in them as semi-octets, EBCDIC or packed septets is read by no text scan (review 12-B #5), so they
 * stay only when they are printable text or too short to hold an identity, and without a learned
 * identifier in their semi-octets; otherwise they become their token (hexText, octets).
 */
import { createHash } from 'node:crypto';
import { lookupE164 } from '../attribution/e164.js';
import { imsiFromUserName } from '../diameter/decoder.js';
import type { SignallingEvent } from '../events/types.js';
import { DigitSet, MIN_TEXT_DIGITS } from './anonymize-digits.js';
import { knownMcc, scanIdentities } from './anonymize-match.js';
import { AlertTimes } from './alert-times.js';

const ID_KEY = /imsi|msisdn/i;
/**
 * Numbers a subscriber's calls are forwarded to (TS 29.002 §17.7.4 Ext-ForwFeature forwardedToNumber in
 * InsertSubscriberData, §7.6.4 in RegisterSS and the SRI result): a person's other phone or a relative's,
 * not a node. Hashed whole and learned as an MSISDN, like the subscriber's own (red-team round 20, N6).
 */
const PERSONAL_NUMBER_KEYS: ReadonlySet<string> = new Set(['forwardedToNumber', 'forwardedToNumbers']);
/** Shortest national significant number learned from an MSISDN (addMsisdn). */
const MIN_NSN_DIGITS = 7;
/** Argument keys whose value places or reaches one subscriber: replaced whole (TS 29.002 §7.6, §17.7; TS 23.032). */
const LOCATION_KEYS: ReadonlySet<string> = new Set([
  'roamingNumber',
  'vmscAddress',
  'networkNodeNumber',
  'routeingNumber',
  'sgsnAddress',
  'ggsnAddress',
  'ggsnNumber',
  'locationNumber',
  'locationNumberDigits',
  'geographicalInformation',
  'locationEstimate',
]);
/** Inside `locationInfo` (TS 29.002 §7.6.2.30: where the subscriber is) the serving node numbers too. */
const LOCATION_INFO_KEYS: ReadonlySet<string> = new Set([...LOCATION_KEYS, 'vlrNumber', 'mscNumber', 'sgsnNumber']);
/** Cell global id / service area id: network and LAC stay, the cell is tokenised. */
const CELL_KEYS: ReadonlySet<string> = new Set(['cgi', 'sai']);
/** TS 23.032 §6.1 coordinates in degrees: rounded to whole degrees. */
const COORD_KEYS: ReadonlySet<string> = new Set(['latitude', 'longitude']);
/**
 * User text kept as hex octets: a USSD string in an 8-bit data coding scheme (TS 23.038 §5,
 * map/args/ussd.ts). Read as the text it carries and written back as hex of the anonymised text,
 * or replaced by its token when it is no printable text (red-team round 12 F3: `Dear 12025550099`
 * left readable as `…3132303235…`).
 */
const HEX_TEXT_KEYS: ReadonlySet<string> = new Set(['ussdStringHex']);
/**
 * Octets of a short message (SM-RP-UI, the TPDU kept only with the decoder's `smsContent`): its
 * addresses are semi-octets and its text may be packed septets (TS 23.040 §9), which no text scan
 * reads: replaced whole by its token.
 */
const OPAQUE_KEYS: ReadonlySet<string> = new Set(['smRpUi']);
/**
 * Other octets kept as hex (review 12-B #5: the same leak class as 8-bit USSD, a number no text scan
 * reads when written as semi-octets, ASCII, EBCDIC or packed septets): TCAP transaction ids (Q.773
 * §4.2.1: 1-4 octets, a malformed one kept whole), Diameter hop-by-hop / end-to-end ids, LMSI, TMSI,
 * IMEI (TS 29.002 §17.7), trace and call references, PLMN ids, MAP bit strings, GSN / GMLC
 * addresses that are no IP address (IP text is scanned as text). Up to
 * {@link MAX_CLEAR_OCTETS} octets they stay unless their semi-octets hold a learned identifier;
 * longer ones become their token.
 */
const OCTET_KEYS: ReadonlySet<string> = new Set([
  'otid',
  'dtid',
  'hbh',
  'e2e',
  'lmsi',
  'tmsi',
  'imei',
  'traceReference',
  'traceReference2',
  'callReferenceNumber',
  'requestingPlmn',
  'requestedNodes',
  'ssEvent',
  'eventMet',
  'mwStatus',
  'visitedPlmn',
  // GSN / GMLC addresses kept as hex when they are no IPv4 or IPv6 address (map/args/mobility.ts gsnAddress).
  'traceCollectionEntity',
  'hGmlcAddress',
  'vGmlcAddress',
]);
/**
 * Octets that hold no identity but as semi-octets: 4 octets are at most 4 characters in any
 * character code (ASCII, EBCDIC, packed septets), under the 5 digits the text scan matches
 * (anonymize-digits.ts MIN_TEXT_DIGITS); their 8 semi-octets are checked against the learned set.
 */
const MAX_CLEAR_OCTETS = 4;
/**
 * Every octet of a Diameter message (the API's `diameterAvpTree`: raw octets, OctetString AVPs
 * such as MSISDN 701 in semi-octets): no scan can vouch for it, so it is left out.
 */
const DROPPED_KEYS: ReadonlySet<string> = new Set(['avpTree']);
/**
 * Anomaly details quote transaction ids as hex (ss7/tcap-dialogues.ts: "transaction id … of …"),
 * a malformed one of any length: a hex word of 4 octets or more in a detail is treated as
 * {@link OCTET_KEYS} octets are, words of decimal digits alone (GTs, counts) only when their
 * semi-octets or characters hold a learned identifier. A token already written is no word to check.
 */
const HEX_WORD = /(?<![0-9a-z:])(?:[0-9a-f]{2}){4,}(?![0-9a-z])/gi;
const HEX_LETTER = /[a-f]/i;
const PRINTABLE_ASCII = /^[\x20-\x7e]+$/;
const HEX_OCTETS = /^(?:[0-9a-f]{2})+$/i;
const NOT_DECIMAL = /[^0-9]+/;
/** True when `s` holds a C0 control but tab, line feed and carriage return, DEL or a C1 control: not text a person reads. */
function notPrintable(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || (c >= 0x7f && c <= 0x9f)) return true;
  }
  return false;
}
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * How {@link Anonymizer.walk} treats one value, by its key: 'id' hashed whole when digits
 * (IMSI/MSISDN keys, E.214 GTs), 'whole' hashed whole whatever the string (location numbers
 * and addresses, short message octets), 'cell' and 'coord' coarsened, 'text' scanned for
 * identities, 'hexText' scanned as the text its octets carry, 'octets' kept only when too short
 * to hold an identity but as semi-octets ({@link OCTET_KEYS}).
 */
type Kind = 'text' | 'id' | 'whole' | 'cell' | 'coord' | 'hexText' | 'octets' | 'detail';
const DIGITS = /^\d+$/;
const DIGIT_IN_KEY = /\d/;
/** SCCP numbering plan E.214 (Q.713 §3.4.2.3.3): the GT is a Mobile Global Title. */
const NP_E214 = 7;
/**
 * Memory (issue 19 target: peak RSS < 200 MB; rt7 A1: 1 M distinct MSISDNs took `decode
 * --anonymize` from 85 to 308 MB with 2 M learned in Sets, 1 M cached tokens and 1 M issued in a
 * Set; now 181 MB): learned identifiers 8 B per slot at most half full, 2^21 slots = 16 MiB at the
 * limit; issued tokens 9 B per slot, 18 MiB; the token cache ~150 B per entry (two strings and a
 * Map entry), ~10 MB: ≤ 44 MB in all.
 */
/** Learned identifiers kept for free-text matching; beyond it only structure and identifier keys protect new ones. */
const MAX_LEARNED = 1_000_000;
/** Tokens cached (the same identifiers recur; a miss costs one SHA-256); cleared when full. */
const MAX_TOKENS = 65_536;
/** Tokens remembered as issued; cleared when full (a forgotten token is scanned again, never leaked). */
const MAX_ISSUED = 1_000_000;
const TOKEN = /^anon:[0-9a-f]{16}$/;

/**
 * The 64 bits of the tokens issued, exactly (a look-alike that is not one must never pass: its
 * digits could hold an identity), in an open-addressing table of [high, low] 32-bit pairs, at most
 * half full. Tokens are SHA-256 output, so their low word spreads them.
 */
class TokenSet {
  private words = new Uint32Array(2 * 1024);
  private used = new Uint8Array(1024);
  private count = 0;

  get size(): number {
    return this.count;
  }

  has(t: string): boolean {
    if (!TOKEN.test(t)) return false;
    return this.used[this.slot(parseInt(t.slice(5, 13), 16), parseInt(t.slice(13), 16))] === 1;
  }

  /** Adds token `t` (of the {@link TOKEN} form). */
  add(t: string): void {
    const hi = parseInt(t.slice(5, 13), 16);
    const lo = parseInt(t.slice(13), 16);
    const at = this.slot(hi, lo);
    if (this.used[at] === 1) return;
    this.put(at, hi, lo);
    if (++this.count * 2 > this.used.length) {
      const { words, used } = this;
      this.words = new Uint32Array(words.length * 2);
      this.used = new Uint8Array(used.length * 2);
      for (let i = 0; i < used.length; i++) if (used[i] === 1) this.put(this.slot(words[2 * i]!, words[2 * i + 1]!), words[2 * i]!, words[2 * i + 1]!);
    }
  }

  clear(): void {
    this.words = new Uint32Array(2 * 1024);
    this.used = new Uint8Array(1024);
    this.count = 0;
  }

  private put(at: number, hi: number, lo: number): void {
    this.words[2 * at] = hi;
    this.words[2 * at + 1] = lo;
    this.used[at] = 1;
  }

  private slot(hi: number, lo: number): number {
    const mask = this.used.length - 1;
    for (let i = lo & mask; ; i = (i + 1) & mask) {
      if (this.used[i] === 0 || (this.words[2 * i] === hi && this.words[2 * i + 1] === lo)) return i;
    }
  }
}

export class Anonymizer {
  private readonly salt: string;
  private readonly learned = new DigitSet(MAX_LEARNED);
  private readonly tokens = new Map<string, string>();
  /** Tokens written, so a second pass keeps them. */
  private readonly issuedTokens = new TokenSet();
  private readonly token = (id: string): string => this.hash(id);
  private readonly issued = (t: string): boolean => this.issuedTokens.has(t);

  constructor(salt: string) {
    this.salt = salt;
  }

  /** Identifiers learned for free-text matching. */
  get size(): number {
    return this.learned.size;
  }

  /** Identifiers met once {@link MAX_LEARNED} were learned, so not learned (see the file comment: fields then fail closed). */
  unlearned = 0;

  /** The learned set is full: digit-only field values become tokens. */
  get saturated(): boolean {
    return this.learned.size >= MAX_LEARNED;
  }

  private addLearned(id: string): void {
    // One already learned is no loss (review 19 #7: the count was too high when the capture repeated an identifier).
    if (!this.learned.add(id) && this.learned.size >= MAX_LEARNED && !this.learned.has(id)) this.unlearned++;
  }

  /** Learns the identifiers an event carries. */
  learn(ev: SignallingEvent): void {
    const s = ev.subscriber;
    if (s.imsi !== undefined) this.addImsi(s.imsi);
    if (s.msisdn !== undefined) this.addMsisdn(s.msisdn);
    if (ev.protocol === 'diameter') {
      const u = ev.diameter.userName;
      const imsi = u === undefined ? undefined : imsiFromUserName(u);
      if (imsi !== undefined) this.addImsi(imsi);
    } else {
      for (const i of ev.imsis) this.addImsi(i);
      this.addE214(ev.sccp.called);
      this.addE214(ev.sccp.calling);
    }
    if (ev.args !== undefined) this.learnKeys(ev.args, 0);
  }

  /** An SCCP address with numbering plan E.214 carries a subscriber's IMSI-derived GT: learned. */
  private addE214(a: { np?: number; gt?: string }): void {
    if (a.np === NP_E214 && a.gt !== undefined) this.add(a.gt);
  }

  /** Learns one identifier (digits; other strings are ignored). */
  add(id: string): void {
    if (DIGITS.test(id)) this.addLearned(id);
  }

  /** The token of one identifier. */
  hash(id: string): string {
    let t = this.tokens.get(id);
    if (t === undefined) {
      t = 'anon:' + createHash('sha256').update(`${this.salt}:${id}`).digest('hex').slice(0, 16);
      if (this.tokens.size >= MAX_TOKENS) this.tokens.clear();
      this.tokens.set(id, t);
      if (this.issuedTokens.size >= MAX_ISSUED && !this.issuedTokens.has(t)) this.issuedTokens.clear();
      this.issuedTokens.add(t);
    }
    return t;
  }

  /**
   * Free text: every identity in it (by structure, or learned) replaced by its token, in one pass.
   * The `+` of an international number in prose (`for +491720000000`) goes with it: a token is not
   * a number (no `+anon:`); inside a URI (`tel:+…`) it stays, so the URI keeps its shape.
   */
  text(s: string): string {
    return scanIdentities(s, this.learned, this.token, this.issued);
  }

  /**
   * A JSON-able value, deep-copied: identifier keys and E.214 addresses hashed, every other string
   * through {@link text}. `depth`: how deep `v` sits in a larger value copied in parts (the walk's
   * depth bound counts from the outer value, so a part copied alone gives what the whole would).
   */
  value<T>(v: T, depth = 0): T {
    return this.walk(v, 'text', depth, false) as T;
  }

  /**
   * An MSISDN and its national significant number (E.164 §6.1: the number without its country
   * code): free text also writes it in national form (a Session-Id `…;2025550177` for
   * +1 202 555 0177, or after a trunk prefix 0), which matched no learned identifier. NSNs under
   * 7 digits are not learned (too many other numbers would match).
   */
  private addMsisdn(id: string): void {
    if (!DIGITS.test(id)) return;
    this.addLearned(id);
    const cc = lookupE164(id)?.callingCode;
    if (cc !== undefined && id.length - cc.length >= MIN_NSN_DIGITS) this.addLearned(id.slice(cc.length));
  }

  private addImsi(imsi: string): void {
    if (!DIGITS.test(imsi)) return;
    this.addLearned(imsi);
    // The MSIN (TS 23.003 §2.2: IMSI = MCC + MNC + MSIN, MNC of 2 or 3 digits): an E.214 MGT
    // carries it after CC + NDC, and nothing says which MNC length the network uses.
    if (imsi.length >= 14 && knownMcc(imsi)) {
      this.addLearned(imsi.slice(5));
      this.addLearned(imsi.slice(6));
    }
  }

  private walk(v: unknown, kind: Kind, depth: number, inLocation: boolean): unknown {
    if (typeof v === 'string') {
      if (kind === 'whole' || (kind === 'id' && DIGITS.test(v))) return this.hash(v);
      if (kind === 'hexText') return this.hexText(v);
      if (kind === 'octets') return this.octets(v);
      if (kind === 'detail') return this.detail(v);
      if (kind === 'cell') return this.cell(v);
      // Past the learned cap a number in a field may be an identifier no longer learned (rt19 M9): its token.
      return v.length >= MIN_TEXT_DIGITS && this.learned.size >= MAX_LEARNED && DIGITS.test(v) ? this.hash(v) : this.text(v);
    }
    if (typeof v === 'number') return kind === 'coord' ? Math.round(v) + 0 : v; // + 0: no "-0"
    if (v === null || typeof v !== 'object' || ArrayBuffer.isView(v) || v instanceof AlertTimes || depth > 64) return v; // the report histogram's times
    if (Array.isArray(v)) return v.map((x) => this.walk(x, kind, depth + 1, inLocation));
    const o = v as Record<string, unknown>;
    const mgt = o.np === NP_E214 && typeof o.gt === 'string';
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(o)) {
      if (DROPPED_KEYS.has(k)) continue;
      // A key with digits is data, not a field name: the report's tables key by label (origin
      // networks, realms), and its charts cut the label before the final pass could see the whole
      // number (review 10-C: a learned national number in a realm leaked from a bar label).
      const key = DIGIT_IN_KEY.test(k) ? this.text(k) : k;
      out[key] = this.walk(x, mgt && k === 'gt' ? 'id' : kindOf(k, inLocation), depth + 1, k === 'locationInfo');
    }
    return out;
  }

  /**
   * Hex octets of user text: when they are printable UTF-8 text (ASCII included), anonymised as
   * {@link text} and written back as hex of the result (unchanged when nothing in it was an
   * identity); any other octets (EBCDIC, BCD digits, packed septets, binary: no text scan reads
   * their numbers, review 12-B #5) become their token, and so do printable ones whose semi-octets
   * hold a learned identifier (a number of even length whose every second digit is 2-7 reads as
   * ASCII in BCD or TBCD: 447234567654 is `D'CegE` swapped, `Dr4VvT` straight). Anything but hex
   * octets is text already.
   */
  private hexText(v: string): string {
    if (!HEX_OCTETS.test(v)) return this.text(v);
    let s: string;
    try {
      s = UTF8.decode(Buffer.from(v, 'hex'));
    } catch {
      return this.hash(v);
    }
    if (notPrintable(s) || this.learnedInSemiOctets(v)) return this.hash(v);
    const out = this.text(s);
    return out === s ? v : Buffer.from(out, 'utf8').toString('hex');
  }

  /**
   * {@link OCTET_KEYS}: hex of up to {@link MAX_CLEAR_OCTETS} octets without a learned identifier in
   * its semi-octets stays, any other hex becomes its token.
   */
  private octets(v: string): string {
    if (!HEX_OCTETS.test(v)) return this.text(v);
    return v.length > 2 * MAX_CLEAR_OCTETS || this.learnedInSemiOctets(v) ? this.hash(v) : v;
  }

  /** An anomaly detail: {@link text}, then each hex word ({@link HEX_WORD}) that could carry an identity replaced by its token. */
  private detail(v: string): string {
    return this.text(v).replace(HEX_WORD, (w) => {
      if (w.length <= 2 * MAX_CLEAR_OCTETS || !HEX_LETTER.test(w)) {
        if (this.learnedInSemiOctets(w)) return this.hash(w);
        // Decimal digits that are ASCII characters (0x30-0x39 …): read as text.
        const chars = w.length > 2 * MAX_CLEAR_OCTETS ? Buffer.from(w, 'hex').toString('latin1') : '';
        return PRINTABLE_ASCII.test(chars) && this.text(chars) !== chars ? this.hash(w) : w;
      }
      return this.hash(w);
    });
  }

  /**
   * True when the semi-octets of hex octets `v`, read as written (BCD) or swapped in each octet
   * (TBCD, TS 29.002 §17.7.8: the way MAP writes a number), hold a learned identifier in a run of
   * decimal digits (a filler or any other nibble above 9 ends a run).
   */
  private learnedInSemiOctets(v: string): boolean {
    if (this.learned.size === 0) return false;
    let swapped = '';
    for (let i = 0; i < v.length; i += 2) swapped += v[i + 1]! + v[i]!;
    return this.learnedInRuns(v) || this.learnedInRuns(swapped);
  }

  private learnedInRuns(nibbles: string): boolean {
    let found = false;
    for (const run of nibbles.split(NOT_DECIMAL)) {
      this.learned.eachMatch(run, () => {
        found = true;
        return true;
      });
      if (found) return true;
    }
    return false;
  }

  /** 'mcc-mnc-lac-ci' → 'mcc-mnc-lac-' + token of the whole id; any other form → its token. */
  private cell(v: string): string {
    const parts = v.split('-');
    return parts.length === 4 ? `${parts[0]}-${parts[1]}-${parts[2]}-${this.hash(v)}` : this.hash(v);
  }

  private learnKeys(o: Record<string, unknown>, depth: number, inLocation = false): void {
    if (depth > 8) return;
    for (const [k, v] of Object.entries(o)) {
      if (typeof v === 'string' && (ID_KEY.test(k) || PERSONAL_NUMBER_KEYS.has(k))) {
        if (/imsi/i.test(k)) this.addImsi(v);
        else this.addMsisdn(v);
      } else if (typeof v === 'string' && (inLocation ? LOCATION_INFO_KEYS : LOCATION_KEYS).has(k)) {
        this.add(v);
      } else if (Array.isArray(v) && (ID_KEY.test(k) || PERSONAL_NUMBER_KEYS.has(k))) {
        for (const x of v) if (typeof x === 'string') this.addMsisdn(x);
      } else if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
        this.learnKeys(v as Record<string, unknown>, depth + 1, k === 'locationInfo');
      }
    }
  }
}

function kindOf(key: string, inLocation: boolean): Kind {
  if (ID_KEY.test(key) || PERSONAL_NUMBER_KEYS.has(key)) return 'id';
  if ((inLocation ? LOCATION_INFO_KEYS : LOCATION_KEYS).has(key) || OPAQUE_KEYS.has(key)) return 'whole';
  if (HEX_TEXT_KEYS.has(key)) return 'hexText';
  if (OCTET_KEYS.has(key)) return 'octets';
  if (key === 'detail') return 'detail';
  if (CELL_KEYS.has(key)) return 'cell';
  return COORD_KEYS.has(key) ? 'coord' : 'text';
}
