/**
 * The anonymiser's matching, in one linear pass over a string as a reader sees it
 * (anonymize-fold.ts; review of round 9) (issue 16: the old matcher sliced
 * every position × every learned identifier length, and any digit string under an `msisdn` key
 * was a "length": 561 KB of hostile text took 51.7 s).
 *
 * - {@link DigitSet}: learned identifiers of 5–15 digits, kept as numbers (10^length + value, exact
 *   in a double) in one hash table of doubles. At each position of a digit run the values of the
 *   next 1..15 digits are built incrementally (v = 10v + d) and looked up, longest first: ≤ 15
 *   multiply-adds and ≤ 11 table lookups per digit, no allocation.
 * - {@link scanIdentities}: one pass of a regular expression made of fixed prefixes and one
 *   `\d+` class (no nested quantifier, no backtracking) over every digit run, deciding by
 *   structure what is an identity even when it was never learned:
 *     `+D…`, `tel:D…`, `tel:+D…`, `sip:D…@`, `sips:+D…@`  E.164 in URI / international notation;
 *     15 (or 14) digits starting with a known MCC           an IMSI (TS 23.003 §2.2, E.212);
 *     16 digits: 0, 1, 6 or 7 then such an IMSI            EAP NAI permanent identity (TS 23.003 §19.3.2);
 *   and, inside any other run, every learned identifier (longest match, left to right).
 */
import { longestNsn, lookupE164 } from '../attribution/e164.js';
import { MCC_COUNTRY } from '../attribution/e212.js';
import { type Folded, fold, sourceEnd, sourceStart } from './anonymize-fold.js';

/** Shortest identifier matched inside free text (4-digit runs are years, frame numbers ...). */
const MIN_TEXT_DIGITS = 5;
/** A `+` number stops before a date or time only from this many digits (E.164 §6: the shortest numbers in use are ~8 with the country code). */
const MIN_DIGITS_BEFORE_DATE = 8;
/** Longest identifier matched inside free text: E.164 (§6.1), IMSI (TS 23.003 §2.2) and E.214 MGTs are ≤ 15 digits. */
const MAX_TEXT_DIGITS = 15;
/** 10^n for n ≤ {@link MAX_TEXT_DIGITS} (exact doubles). */
const POW10 = Array.from({ length: MAX_TEXT_DIGITS + 1 }, (_, n) => 10 ** n);

export class DigitSet {
  /**
   * Learned identifiers as numbers 10^length + value (exact in a double: < 2 × 10^15 < 2^53; the
   * leading 1 keeps "0123…" and "123…" apart), in an open-addressing table with linear probing,
   * 0 marking a free slot, at most half full. 8 B per slot: measured (rt7 A1, 1 M MSISDNs, 2 M
   * learned) one Set of heap numbers per length took ~60 B per identifier.
   */
  private keys = new Float64Array(1024);
  /** A random mix per instance: the identifiers come from the capture (an attacker's probing chains). */
  private readonly seed = (Math.random() * 0x1_0000_0000) | 0;
  /**
   * Per 5-digit head (10^5 entries), a bit mask of the lengths of the learned identifiers that
   * start with it: a position whose head starts none is passed with one array read, and only
   * the lengths present are looked up. Measured (bench adversarial/anonymize, 561 KB of
   * digits, 200 k learned): 130 → 5 ns per byte; digits made only of learned heads: 17 ns (ordinary alert text: 15 ns).
   */
  private readonly heads = new Uint16Array(100_000);
  private count = 0;
  constructor(private readonly max: number) {}

  get size(): number {
    return this.count;
  }

  /** Adds an identifier of MIN..MAX digits (false: other length, already known, or the set is full). */
  add(id: string): boolean {
    const n = id.length;
    if (n < MIN_TEXT_DIGITS || n > MAX_TEXT_DIGITS || this.count >= this.max) return false;
    const key = POW10[n]! + Number(id);
    const at = this.slot(key);
    if (this.keys[at] === key) return false;
    this.keys[at] = key;
    this.heads[Number(id.slice(0, MIN_TEXT_DIGITS))]! |= 1 << n;
    if (++this.count * 2 > this.keys.length) this.grow();
    return true;
  }

  /** The slot holding `key`, or the free slot where it goes. */
  private slot(key: number): number {
    const keys = this.keys;
    const mask = keys.length - 1;
    let h = Math.imul((key >>> 0) ^ this.seed, 0x9e3779b1) ^ Math.imul(Math.floor(key / 0x1_0000_0000), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
    for (let i = (h ^ (h >>> 12)) & mask; ; i = (i + 1) & mask) {
      const k = keys[i]!;
      if (k === key || k === 0) return i;
    }
  }

  private grow(): void {
    const old = this.keys;
    this.keys = new Float64Array(old.length * 2);
    for (const k of old) if (k !== 0) this.keys[this.slot(k)] = k;
  }

  /** Whether `s` (digits only) is a learned identifier. */
  has(s: string): boolean {
    return this.longestAt(s, 0) === s.length;
  }

  /** Length of the longest learned identifier starting at `i` of the digit string `s` (0: none). */
  longestAt(s: string, i: number, mask = 0xffff): number {
    const end = Math.min(s.length, i + MAX_TEXT_DIGITS);
    if (end - i < MIN_TEXT_DIGITS) return 0;
    let best = 0;
    let v = 0;
    for (let k = i; k < end; k++) {
      v = v * 10 + (s.charCodeAt(k) - 48);
      const len = k - i + 1;
      // A leading zero: "0123…" and "123…" are different identifiers of different lengths;
      // the key's 10^length tells them apart (the value alone would not).
      if (len >= MIN_TEXT_DIGITS && (mask & (1 << len)) !== 0 && this.keys[this.slot(POW10[len]! + v)] !== 0) best = len;
    }
    return best;
  }

  /**
   * Calls `take(i, len)` for each learned identifier in `s` (digits only), longest first, left to
   * right; when it returns false the match is passed over and the scan goes on at i + 1. The
   * 5-digit head at each position is a rolling value (one multiply-add per digit).
   */
  eachMatch(s: string, take: (i: number, len: number) => boolean): void {
    if (this.count === 0 || s.length < MIN_TEXT_DIGITS) return;
    let head = 0;
    for (let k = 0; k < MIN_TEXT_DIGITS - 1; k++) head = head * 10 + (s.charCodeAt(k) - 48);
    for (let i = 0; i + MIN_TEXT_DIGITS <= s.length; ) {
      head = (head % 10_000) * 10 + (s.charCodeAt(i + MIN_TEXT_DIGITS - 1) - 48);
      const mask = this.heads[head]!;
      const len = mask === 0 ? 0 : this.longestAt(s, i, mask);
      if (len === 0 || !take(i, len)) {
        i++;
        continue;
      }
      i += len;
      // Restart the rolling head after the identifier.
      head = 0;
      for (let k = i; k < i + MIN_TEXT_DIGITS - 1 && k < s.length; k++) head = head * 10 + (s.charCodeAt(k) - 48);
    }
  }
}

/** A known E.212 Mobile Country Code at `s[i..i+3)`. */
export function knownMcc(s: string, i = 0): boolean {
  return MCC_COUNTRY[s.slice(i, i + 3)] !== undefined || s.startsWith('901', i);
}

/**
 * `+`, `tel:` / `sip:` / `sips:` with an optional `+`, then a digit run; or a bare digit run; or
 * something shaped like a token (`anon:` + 16 hex, anonymize.ts), matched first: text passes over
 * already-anonymized output (the summary and report are rendered from anonymized data, then
 * scanned again), and a token's hex may hold an identity-shaped run; or a `+` in prose (not after
 * `:` or a word character) before `anon:`, which {@link scanIdentities} drops.
 *
 * A digit run here is digit groups with separators between them: RFC 3966 §5.1.1
 * visual-separator (`-` `.` `(` `)`), the spaces of E.123 international notation
 * (`+1 202 555 0032`), `/` and `_` (red-team rt8 A2), and any white space, line breaks included,
 * in runs of any length (review of round 9, C-2: `0171\n234 5678` and `49171    2345678` passed
 * raw). Unicode spaces and dashes arrive here as ' ' and '-' (anonymize-fold.ts). Which groups
 * make one number is decided below, not by the pattern.
 */
const IDENTITY = /anon:[0-9a-f]{16}|(?<![:\w])\+(?=anon:)|(tel:|sips?:)?(\+)?(\d+(?:[-.()/_\s]+\d+)*)/gi;
/** `@` and a realm under 3gppnetwork.org (TS 23.003 §13, §19), right after a digit run. */
const REALM_3GPP = /@[\w.-]*\.3gppnetwork\.org/iy;
/**
 * An ENUM domain (RFC 6116 §3.4: the E.164 number's digits reversed, one per label, under
 * e164.arpa): `2.3.0.0.5.5.5.2.0.2.1.e164.arpa` is +1 202 555 0032, tokenised as that number.
 */
const ENUM = /\.e164\.arpa/iy;
const ENUM_DIGITS = /^\d(?:\.\d)+$/;
/** What every identity, and every text that folds into one, holds: a digit, `+`, an escape, a character past printable ASCII. */
const MAYBE = /[\d+%\\]|[^\t-\r\x20-\x7e]/;
const DIGIT_GROUP = /\d+/g;
const ONE_GROUP = /^\d+$/;
/** Separators that only group one number's digits (RFC 3966 §5.1.1 visual-separator). */
const VISUAL = /^[-.()]+$/;
const DIGIT_RUN = /\d+/g;
/** A character after which a `+` belongs to a word or a URI (`x+1…`, `tel:+1…`), not to a number in prose. */
const WORD_OR_COLON = /[:\w]/;
/** E.164 §6.2.1: a country code is 1 to 3 digits. */
const MAX_CC_DIGITS = 3;
/** Longest separator an unlearned `+` number is read through (E.123 writes one space; `) ` `--` two): longer runs join learned identifiers only. */
const MAX_NUMBER_SEPARATOR = 3;
/**
 * Shortest learned identifier matched across a separator: the shortest national significant
 * number learned (anonymize.ts), so dates and addresses (`2025-03-22`, `10.1.2.3`) joined into a
 * digit string rarely equal one.
 */
const MIN_SPLIT_DIGITS = 7;
/**
 * Digits written glued before a number in its first group that do not hide it (review of round
 * 9, C-1: `0171 234 5678` is +49 171 2345678 in national form): the national (trunk) prefixes of
 * the numbering plans (libphonenumber-js metadata: 0, 1 (NANP), 8 (RU, KZ, BY …), 06 (HU)) and the
 * international prefixes in most use (ITU-T E.164 Annex A: 00; 011 NANP; 810 RU; 0011 AU; 010 JP).
 */
const GLUED_PREFIXES: ReadonlySet<string> = new Set(['0', '1', '8', '06', '00', '011', '810', '0011', '010']);
const MAX_GLUED_DIGITS = 4;
/** URI parameters read after a local number for its phone-context (RFC 3966 §3: a few, in any order). */
const MAX_URI_PARAMS = 16;

/** Digit groups of one match: digits `g[i]` at `p[i]` of the scanned text, after separator `sep[i]` ('' for the first). */
interface Groups {
  readonly g: readonly string[];
  readonly p: readonly number[];
  readonly sep: readonly string[];
}

/**
 * One scan: the (folded) text, the learned set, and where replacements go. One instance serves
 * every scan (nothing in a scan starts another: `token` and `issued` only hash and look up), so a
 * string costs no allocation unless something in it is replaced.
 */
class Scan {
  s = '';
  t = '';
  f: Folded | undefined;
  learned: DigitSet | undefined;
  token: (id: string) => string = String;
  issued: (t: string) => boolean = () => false;
  private out = '';
  private from = 0;
  private changed = false;

  start(s: string, f: Folded | undefined, learned: DigitSet, token: (id: string) => string, issued: (t: string) => boolean): void {
    this.s = s;
    this.f = f;
    this.t = f === undefined ? s : f.text;
    this.learned = learned;
    this.token = token;
    this.issued = issued;
    this.out = '';
    this.from = 0;
    this.changed = false;
  }

  /** Replaces [a, b) of `t` (in order, never overlapping). */
  edit(a: number, b: number, r: string): void {
    const { s, f } = this;
    this.out += s.slice(this.from, f === undefined ? a : sourceStart(f, a)) + r;
    this.from = f === undefined ? b : sourceEnd(s, f, b - 1);
    this.changed = true;
  }

  /** The result; the texts are let go (a report's HTML is megabytes). */
  finish(): string {
    const r = this.changed ? this.out + this.s.slice(this.from) : this.s;
    this.s = this.t = this.out = '';
    this.f = undefined;
    return r;
  }
}
const scanning = new Scan();

/**
 * Every identity in `s` replaced by `token(id)`, structurally (see the file comment) and by the
 * learned set. Runs shorter than MIN_TEXT_DIGITS are left alone. A token-shaped match is kept only
 * when `issued` says this anonymizer wrote it; otherwise (hostile text dressed as a token, e.g.
 * `anon:310410123456789a`) its digit runs are scanned like any others.
 *
 * Matching runs over the text as a reader sees it (anonymize-fold.ts: escapes decoded, invisible
 * characters dropped, every decimal digit, space and dash folded); each identity found is
 * replaced in `s` itself, so everything else is written as it was.
 *
 * The `+` of an international number in prose (`for +491720000000`) goes with it: a token is not a
 * number (no `+anon:`); inside a URI (`tel:+…`) or after a word character it stays. The same holds
 * for a `+` already standing before `anon:` (a token written earlier, hostile text), so no output
 * has `+anon:` in prose. Tokens start with a lower-case `anon:` (anonymize.ts); the pattern is
 * case-insensitive for the identities, so the `+`'s `anon:` is compared exactly here.
 *
 * Only changed matches are copied out (a report's 1.6 MB of HTML, most of it SVG coordinates, is
 * scanned again at the end: one replacement string per number made +14 MB of heap, rt8 FA1).
 */
export function scanIdentities(s: string, learned: DigitSet, token: (id: string) => string, issued: (t: string) => boolean = () => false): string {
  if (!MAYBE.test(s)) return s;
  const f = fold(s);
  const t = f === undefined ? s : f.text;
  IDENTITY.lastIndex = 0;
  let m = IDENTITY.exec(t);
  if (m === null) return s; // most strings (no digits)
  scanning.start(s, f, learned, token, issued);
  for (; m !== null; m = IDENTITY.exec(t)) identity(scanning, m.index, m[0], m[1], m[2], m[3]);
  return scanning.finish();
}

/** One match of {@link IDENTITY} at `at`. */
function identity(x: Scan, at: number, whole: string, uri: string | undefined, plus: string | undefined, run: string | undefined): void {
  if (run === undefined) {
    if (whole === '+') {
      if (x.t.startsWith('anon:', at + 1)) x.edit(at, at + 1, '');
    } else if (!x.issued(whole)) {
      DIGIT_RUN.lastIndex = 0;
      for (let d = DIGIT_RUN.exec(whole); d !== null; d = DIGIT_RUN.exec(whole)) bareRun(x, d[0], at + d.index);
    }
    return;
  }
  const end = at + whole.length;
  const start = end - run.length;
  if (uri === undefined && plus === undefined) {
    if (ONE_GROUP.test(run)) {
      REALM_3GPP.lastIndex = end;
      const skip = run.length >= 14 && REALM_3GPP.test(x.t) ? byRealm(run) : -1;
      if (skip >= 0) x.edit(start + skip, end, x.token(run.slice(skip)));
      else bareRun(x, run, start);
      return;
    }
    ENUM.lastIndex = end;
    if (ENUM_DIGITS.test(run) && run.length >= 2 * MIN_TEXT_DIGITS - 1 && ENUM.test(x.t)) {
      x.edit(start, end, x.token(run.replaceAll('.', '').split('').reverse().join('')));
      return;
    }
    const gs = groupsOf(run, start);
    bareGroups(x, gs, 0, gs.g.length);
    return;
  }
  international(x, at, uri, plus, groupsOf(run, start));
}

function groupsOf(run: string, start: number): Groups {
  if (ONE_GROUP.test(run)) return { g: [run], p: [start], sep: [''] };
  const g: string[] = [];
  const p: number[] = [];
  const sep: string[] = [];
  let prev = 0;
  DIGIT_GROUP.lastIndex = 0;
  for (let m = DIGIT_GROUP.exec(run); m !== null; m = DIGIT_GROUP.exec(run)) {
    g.push(m[0]);
    p.push(start + m.index);
    sep.push(run.slice(prev, m.index));
    prev = m.index + m[0].length;
  }
  return { g, p, sep };
}

/** The end in the text of group `i`. */
const groupEnd = (gs: Groups, i: number): number => gs.p[i]! + gs.g[i]!.length;

/**
 * International or URI notation: the number is a subscriber's E.164 (TS 23.003 §13.3 tel/sip
 * URIs). Which groups it takes, in order:
 * 1. the most whole groups whose digits are a learned identifier, through any separator (`+12025
 *    55 0032`), also without a trunk prefix written after the country code (`+49 (0)171 …`,
 *    `+49 0171 …`: never dialled, ITU-T E.123 §4.2, E.122) or, without `+`, after a glued
 *    prefix (`sip:0171-234-5678@…`);
 * 2. a local number of a tel:/sip: URI in a global phone-context: that context's prefix and the
 *    local digits (RFC 3966 §5.1.5), the number a subscriber is known by;
 * 3. else groups joined through visual separators, and through short separators after a country
 *    code written apart (E.123: `+CC NDC SN`), up to 15 digits (E.164 §6.1) and no more than the
 *    country's longest national number (review of round 9, C-4: `+1 202 555 0032 12:30` took the
 *    `12` of the time), stopping before a date or a time, with `(0)` after the country code skipped.
 * The groups after the number are read on their own.
 */
function international(x: Scan, at: number, uri: string | undefined, plus: string | undefined, gs: Groups): void {
  const { g, sep } = gs;
  const n = g.length;
  // Where the token starts: after the URI scheme and its `+`; in prose with the `+` (unless it
  // belongs to a word: `x+1…`).
  const from = uri !== undefined || (at > 0 && WORD_OR_COLON.test(x.t[at - 1]!)) ? gs.p[0]! : at;
  if (learnedJoin(x, gs, from, plus !== undefined)) return;
  if (uri !== undefined && plus === undefined && localInContext(x, gs)) return;
  let digits = g[0]!;
  let last = 0;
  const cc = g[0]!.length <= MAX_CC_DIGITS;
  const skip = plus !== undefined && cc && n > 2 && g[1] === '0' && sep[1]!.includes('(') && sep[2]!.includes(')');
  for (let k = skip ? 2 : 1; k < n; k++) {
    const d = digits + g[k]!;
    if (
      !(VISUAL.test(sep[k]!) || (cc && sep[k]!.length <= MAX_NUMBER_SEPARATOR)) ||
      d.length > MAX_TEXT_DIGITS ||
      (plus !== undefined && beyondNsn(d)) ||
      // Not before a country code and a short national number: `+33.6.12.03.45.67`, `+32.475.12.03.45`
      // are one number whose groups look like a date (review 10-C: the join stopped early and they leaked).
      (digits.length >= MIN_DIGITS_BEFORE_DATE && dateOrTime(x.t, gs, k))
    )
      break;
    digits = d;
    last = k;
  }
  if (digits.length < MIN_TEXT_DIGITS) {
    bareGroups(x, gs, 0, n);
    return;
  }
  x.edit(from, groupEnd(gs, last), x.token(digits));
  if (last + 1 < n) bareGroups(x, gs, last + 1, n);
}

/** Step 1 of {@link international}: the longest learned join from the first group; false when none. */
function learnedJoin(x: Scan, gs: Groups, from: number, plus: boolean): boolean {
  const { g } = gs;
  const learned = x.learned!;
  // Without the trunk prefix after a country code: `49` + `(0)` + `171` …, `49` + `0171` ….
  const trunk = plus && g.length > 1 && g[0]!.length <= MAX_CC_DIGITS && g[1]![0] === '0';
  let d = '';
  let dt = '';
  let best = -1;
  let id = '';
  let glued = 0;
  for (let j = 0; j < g.length; j++) {
    d += g[j];
    if (d.length > MAX_TEXT_DIGITS + MAX_GLUED_DIGITS) break;
    if (trunk && j >= 1) dt = j === 1 ? g[0]! + g[1]!.slice(1) : dt + g[j];
    if (learned.has(d)) [best, id, glued] = [j, d, 0];
    else if (trunk && dt.length >= MIN_TEXT_DIGITS && learned.has(dt)) [best, id, glued] = [j, dt, 0];
    else if (!plus) {
      for (const pre of GLUED_PREFIXES) {
        if (d.length - pre.length >= MIN_SPLIT_DIGITS && d.startsWith(pre) && learned.has(d.slice(pre.length)))
          [best, id, glued] = [j, d.slice(pre.length), pre.length];
      }
    }
  }
  if (best < 0) return false;
  x.edit(glued === 0 ? from : digitAt(gs, glued), groupEnd(gs, best), x.token(id));
  if (best + 1 < g.length) bareGroups(x, gs, best + 1, g.length);
  return true;
}

/** Where the `i`th digit of the joined groups is in the text. */
function digitAt(gs: Groups, i: number): number {
  let k = 0;
  while (i >= gs.g[k]!.length) i -= gs.g[k++]!.length;
  return gs.p[k]! + i;
}

/**
 * Step 2 of {@link international}: `tel:1234567;phone-context=+4930` (RFC 3966 §5.1.5, the context
 * in any place among the parameters, §3; in a sip: URI's user part, RFC 3261 §19.1.6): the token
 * of the global number. False when the URI has no global context or the digits make no E.164 number.
 */
function localInContext(x: Scan, gs: Groups): boolean {
  const { g, sep } = gs;
  let local = g[0]!;
  for (let k = 1; k < g.length; k++) {
    if (!VISUAL.test(sep[k]!)) return false;
    local += g[k];
  }
  const t = x.t;
  let i = groupEnd(gs, g.length - 1);
  for (let params = 0; t[i] === ';' && params < MAX_URI_PARAMS; params++) {
    let j = i + 1;
    while (j < t.length && !';@>?,"\' \t\r\n'.includes(t[j]!)) j++;
    const v = /^phone-context=\+([\d\-.()]+)$/i.exec(t.slice(i + 1, j));
    if (v !== null) {
      const global = v[1]!.replace(/[-.()]/g, '') + local;
      if (global.length > MAX_TEXT_DIGITS) return false;
      x.edit(gs.p[0]!, groupEnd(gs, g.length - 1), x.token(global));
      return true;
    }
    i = j;
  }
  return false;
}

/** More digits after the country code than the country's longest national significant number (metadata; 15 when unknown). */
function beyondNsn(d: string): boolean {
  const cc = lookupE164(d)?.callingCode;
  const max = cc === undefined ? undefined : longestNsn(cc);
  return max !== undefined && d.length - cc!.length > max;
}

/**
 * Group `k` begins a time (`12:30`, the run ends at its colon) or a date (`2025-03-22`,
 * `22.03.2025`, `03/22/2025`: three groups, one separator twice, a valid day and month).
 */
function dateOrTime(t: string, gs: Groups, k: number): boolean {
  const { g, sep } = gs;
  if (k === g.length - 1) {
    const e = groupEnd(gs, k);
    return g[k]!.length <= 2 && t[e] === ':' && e + 1 < t.length && t.charCodeAt(e + 1) >= 48 && t.charCodeAt(e + 1) <= 57;
  }
  if (k + 2 >= g.length || sep[k + 1] !== sep[k + 2] || !['-', '.', '/'].includes(sep[k + 1]!)) return false;
  const [a, b, c] = [g[k]!, g[k + 1]!, g[k + 2]!];
  const day = (v: string) => v.length <= 2 && Number(v) >= 1 && Number(v) <= 31;
  const month = (v: string) => v.length <= 2 && Number(v) >= 1 && Number(v) <= 12;
  if (a.length === 4) return Number(a) >= 1900 && Number(a) <= 2099 && month(b) && day(c);
  return (c.length === 4 || c.length === 2) && ((day(a) && month(b)) || (month(a) && day(b)));
}

/**
 * An IMSI (15 or 14 digits with a known MCC, TS 23.003 §2.2) or an EAP NAI permanent identity
 * (16: 0, 1, 6 or 7 then an IMSI, §19.3.2): the digits before the identity, or -1.
 */
function byStructure(run: string): number {
  if ((run.length === 15 || run.length === 14) && knownMcc(run)) return 0;
  if (run.length === 16 && '0167'.includes(run[0]!) && knownMcc(run, 1)) return 1;
  return -1;
}

/**
 * Before `@` and a 3GPP realm, 14–16 digits are a subscriber's identity whatever its MCC (test
 * networks' 001 included): IMSI-based NAI and IMPI `<IMSI>@ims.mnc….3gppnetwork.org` (TS 23.003
 * §13.3), EAP permanent identity `0<IMSI>@nai.epc.mnc….3gppnetwork.org` (§19.3.2). Digits before the identity, or -1.
 */
function byRealm(run: string): number {
  if (run.length === 15 || run.length === 14) return 0;
  if (run.length === 16 && '0167'.includes(run[0]!)) return 1;
  return -1;
}

/** A digit run at `at` without notation: an IMSI (with its NAI prefix) by its MCC, else the learned identities in it. */
function bareRun(x: Scan, run: string, at: number): void {
  if (run.length < MIN_TEXT_DIGITS) return;
  const skip = byStructure(run);
  if (skip >= 0) {
    x.edit(at + skip, at + run.length, x.token(run.slice(skip)));
    return;
  }
  x.learned!.eachMatch(run, (i, len) => {
    x.edit(at + i, at + i + len, x.token(run.slice(i, i + len)));
    return true;
  });
}

/**
 * Digit groups [lo, hi) without notation: each group that is an identity by structure alone,
 * then the groups between them as one number ({@link splitNumber}).
 */
function bareGroups(x: Scan, gs: Groups, lo: number, hi: number): void {
  if (hi - lo === 1) {
    bareRun(x, gs.g[lo]!, gs.p[lo]!);
    return;
  }
  let start = lo;
  for (let i = lo; i < hi; i++) {
    const skip = gs.g[i]!.length < MIN_TEXT_DIGITS ? -1 : byStructure(gs.g[i]!);
    if (skip < 0) continue;
    if (i > start) splitNumber(x, gs, start, i);
    x.edit(gs.p[i]! + skip, groupEnd(gs, i), x.token(gs.g[i]!.slice(skip)));
    start = i + 1;
  }
  if (start < hi) splitNumber(x, gs, start, hi);
}

/**
 * Digit groups [lo, hi) read as one number: every learned identifier in the joined digits (not
 * an IMSI by structure: joined dates and times have an MCC's shape, review of round 8). One across
 * a separator is taken only from {@link MIN_SPLIT_DIGITS} digits and only as whole groups, but for
 * a national or international prefix glued before it (`0171 234 5678`, `0049 171 2345678`,
 * {@link GLUED_PREFIXES}): a number written with separators is written in its own groups
 * (`250000 (250000` is two counts, its `0000 (25000` no MSIN).
 */
function splitNumber(x: Scan, gs: Groups, lo: number, hi: number): void {
  if (hi - lo === 1) {
    bareRun(x, gs.g[lo]!, gs.p[lo]!);
    return;
  }
  const { g, p } = gs;
  let digits = '';
  for (let i = lo; i < hi; i++) digits += g[i];
  if (digits.length < MIN_TEXT_DIGITS) return;
  // The group holding digit i, moving forward only (eachMatch goes left to right).
  let ga = lo;
  let base = 0;
  x.learned!.eachMatch(digits, (i, len) => {
    while (i - base >= g[ga]!.length) base += g[ga++]!.length;
    let gb = ga;
    let bb = base;
    while (i + len - 1 - bb >= g[gb]!.length) bb += g[gb++]!.length;
    const oa = i - base;
    if (gb !== ga && (len < MIN_SPLIT_DIGITS || i + len - bb !== g[gb]!.length || (oa > 0 && !GLUED_PREFIXES.has(g[ga]!.slice(0, oa))))) return false;
    x.edit(p[ga]! + oa, p[gb]! + (i + len - bb), x.token(digits.slice(i, i + len)));
    return true;
  });
}
