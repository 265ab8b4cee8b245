/**
 * The anonymiser's matching, in one linear pass over a string as a reader sees it
 * (anonymize-fold.ts; review of round 9) against the learned identifiers (anonymize-digits.ts).
 *
 * {@link scanIdentities}: a regular expression of fixed prefixes finds where an identity may start
 * (no repeated group: no backtracking), a loop reads the digit groups from there (anonymize-runs.ts),
 * and the groups are read by structure, an identity even when it was never learned:
 *   `+D…`, `tel:D…`, `tel:+D…`, `sip:D…@`, `sips:+D…@`  E.164 in URI / international notation;
 *   15 (or 14) digits starting with a known MCC           an IMSI (TS 23.003 §2.2, E.212);
 *   16 digits: 0, 1, 6 or 7 then such an IMSI            EAP NAI permanent identity (TS 23.003 §19.3.2);
 * and, inside any other run, every learned identifier (longest match, left to right).
 */
import { Buffer } from 'node:buffer';
import { longestNsn, lookupE164 } from '../attribution/e164.js';
import { MCC_COUNTRY } from '../attribution/e212.js';
import { type DigitSet, MAX_TEXT_DIGITS, MIN_TEXT_DIGITS } from './anonymize-digits.js';
import { type Folded, fold, sourceEnd, sourceStart } from './anonymize-fold.js';
import { Chain } from './anonymize-runs.js';

/** A `+` number stops before a date or time only from this many digits (E.164 §6: the shortest numbers in use are ~8 with the country code). */
const MIN_DIGITS_BEFORE_DATE = 8;

/** A known E.212 Mobile Country Code at `s[i..i+3)`. */
export function knownMcc(s: string, i = 0): boolean {
  return MCC_COUNTRY[s.slice(i, i + 3)] !== undefined || s.startsWith('901', i);
}

/**
 * Where an identity starts: something shaped like a token (`anon:` + 16 hex, anonymize.ts),
 * matched first: text passes over already-anonymized output (the summary and report are rendered
 * from anonymized data, then scanned again), and a token's hex may hold an identity-shaped run;
 * or a `+` in prose (not after `:` or a word character) before `anon:`, which
 * {@link scanIdentities} drops; or `+`, `tel:` / `sip:` / `sips:` with an optional `+`, then the
 * first digit of the groups anonymize-runs.ts reads (which groups make one number is decided below).
 */
const IDENTITY = /(anon:[0-9a-f]{16})|(?<![:\w])\+(?=anon:)|(tel:|sips?:)?(\+)?\d/gi;
/** `@` and a realm under 3gppnetwork.org (TS 23.003 §13, §19), right after a digit run. */
const REALM_3GPP = /@[\w.-]*\.3gppnetwork\.org/iy;
/**
 * An ENUM domain (RFC 6116 §3.4: the E.164 number's digits reversed, one per label, under
 * e164.arpa): `2.3.0.0.5.5.5.2.0.2.1.e164.arpa` is +1 202 555 0032, tokenised as that number.
 */
const ENUM = /\.e164\.arpa/iy;
/** What every identity, and every text that folds into one, holds: a digit, `+`, an escape, a character past printable ASCII. */
const MAYBE = /[\d+%\\]|[^\t-\r\x20-\x7e]/;
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
/** Digit groups joined as strings in {@link Scan.digits}; more are copied into one buffer. */
const FEW_GROUPS = 64;
/** URI parameters read after a local number for its phone-context (RFC 3966 §3: a few, in any order). */
const MAX_URI_PARAMS = 16;

/**
 * One scan: the (folded) text, the learned set, the digit groups read, and where replacements go.
 * One instance serves every scan (nothing in a scan starts another: `token` and `issued` only
 * hash and look up), so a string costs no allocation unless something in it is replaced.
 */
/**
 * The groups a learned match spans in the digits read from group `lo` ({@link Scan.digits}): `ga`..`gb`,
 * `base` and `bb` the indexes of their first digits. Matches come left to right, so it only moves
 * forward. One per pass: a pass over a chain's runs may start another inside its matches' callback.
 */
class GroupSpan {
  ga: number;
  base = 0;
  gb = 0;
  bb = 0;

  constructor(
    private readonly x: Scan,
    lo: number,
  ) {
    this.ga = lo;
  }

  /** Spans digits [i, i + len). */
  at(i: number, len: number): void {
    const x = this.x;
    while (i - this.base >= x.len(this.ga)) this.base += x.len(this.ga++);
    this.gb = this.ga;
    this.bb = this.base;
    while (i + len - 1 - this.bb >= x.len(this.gb)) this.bb += x.len(this.gb++);
  }
}

class Scan {
  s = '';
  t = '';
  f: Folded | undefined;
  learned: DigitSet | undefined;
  token: (id: string) => string = String;
  issued: (t: string) => boolean = () => false;
  readonly chain = new Chain();
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

  /** Digits of group `k`. */
  g(k: number): string {
    return this.t.slice(this.chain.start[k]!, this.chain.end[k]!);
  }

  /** Where group `k` starts in the text. */
  p(k: number): number {
    return this.chain.start[k]!;
  }

  /** Where group `k` ends in the text. */
  e(k: number): number {
    return this.chain.end[k]!;
  }

  /** Length of group `k`. */
  len(k: number): number {
    return this.chain.end[k]! - this.chain.start[k]!;
  }

  /**
   * The digits of groups [lo, hi), one string: joined when they are few (V8 copies the parts
   * whole), else copied by hand into one buffer (`replace(/\D+/g, '')` kept a list of every part,
   * and as many joins a node each: 4.5 MB of `1 ` took +50 MB of heap).
   */
  digits(lo: number, hi: number): string {
    if (hi - lo <= FEW_GROUPS) {
      let d = this.g(lo);
      for (let k = lo + 1; k < hi; k++) d += this.g(k);
      return d;
    }
    let n = 0;
    for (let k = lo; k < hi; k++) n += this.len(k);
    const b = Buffer.allocUnsafe(n);
    const t = this.t;
    n = 0;
    for (let k = lo; k < hi; k++) for (let i = this.p(k); i < this.e(k); i++) b[n++] = t.charCodeAt(i);
    return b.toString('latin1', 0, n);
  }

  /** The separator before group `k` (k > 0). */
  sep(k: number): string {
    return this.t.slice(this.chain.end[k - 1]!, this.chain.start[k]!);
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
    this.chain.release();
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
 * Time and memory are linear in the length of `s` (review 10-C finding 6: a run of millions of
 * digit groups overflowed the regular expression's stack): the fold (anonymize-fold.ts) takes
 * 1 B per character and a position map of 4 B per character only when characters fold to a
 * different length, and the groups of the longest number read 9 B each.
 */
export function scanIdentities(s: string, learned: DigitSet, token: (id: string) => string, issued: (t: string) => boolean = () => false): string {
  if (!MAYBE.test(s)) return s;
  const f = fold(s);
  const t = f === undefined ? s : f.text;
  IDENTITY.lastIndex = 0;
  let m = IDENTITY.exec(t);
  if (m === null) return s; // most strings (no digits)
  const x = scanning;
  x.start(s, f, learned, token, issued);
  for (; m !== null; m = IDENTITY.exec(t)) {
    const at = m.index;
    if (m[1] !== undefined) {
      if (!x.issued(m[1])) {
        DIGIT_RUN.lastIndex = 0;
        for (let d = DIGIT_RUN.exec(m[1]); d !== null; d = DIGIT_RUN.exec(m[1])) bareRun(x, d[0], at + d.index);
      }
    } else if (m[0] === '+') {
      if (t.startsWith('anon:', at + 1)) x.edit(at, at + 1, '');
    } else {
      IDENTITY.lastIndex = x.chain.read(t, at + m[0].length - 1);
      if (x.chain.runs === 1) run(x, at, m[2], m[3], 0, x.chain.n);
      else crossList(x, at, m[2], m[3]);
    }
  }
  return x.finish();
}

/** Groups [lo, hi) of one run, starting at `at` with its notation (URI scheme, `+`) when it has one. */
function run(x: Scan, at: number, uri: string | undefined, plus: string | undefined, lo: number, hi: number): void {
  const end = x.e(hi - 1);
  if (uri === undefined && plus === undefined) {
    if (hi - lo === 1) {
      const g = x.g(lo);
      REALM_3GPP.lastIndex = end;
      const skip = g.length >= 14 && REALM_3GPP.test(x.t) ? byRealm(g) : -1;
      if (skip >= 0) x.edit(x.p(lo) + skip, end, x.token(g.slice(skip)));
      else bareRun(x, g, x.p(lo));
      return;
    }
    ENUM.lastIndex = end;
    if (hi - lo >= MIN_TEXT_DIGITS && ENUM.test(x.t) && enumDigits(x, lo, hi)) {
      let d = '';
      for (let k = hi - 1; k >= lo; k--) d += x.g(k);
      x.edit(x.p(lo), end, x.token(d));
      return;
    }
    bareGroups(x, lo, hi);
    return;
  }
  international(x, at, uri, plus, lo, hi);
}

/** One digit per group, a `.` between them: an ENUM domain's labels. */
function enumDigits(x: Scan, lo: number, hi: number): boolean {
  for (let k = lo; k < hi; k++) if (x.len(k) !== 1 || (k > lo && x.sep(k) !== '.')) return false;
  return true;
}

/**
 * Where the token of a number from the chain's first group starts: after a URI scheme and its
 * `+`; in prose with the `+` (unless it belongs to a word: `x+1…`).
 */
const tokenFrom = (x: Scan, at: number, uri: string | undefined): number => (uri !== undefined || (at > 0 && WORD_OR_COLON.test(x.t[at - 1]!)) ? x.p(0) : at);

/**
 * A chain of several runs (anonymize-runs.ts: `0171,234,5678`, `host;1;0171;2345678`): first each
 * learned identifier of whole groups, from {@link MIN_SPLIT_DIGITS} digits, that crosses a list
 * gap (a glued prefix before it in its first group as in {@link splitNumber}; review 10-C finding
 * 4); then every run, or the part of it no such identifier took, read on its own as before, so
 * lists and times (`1, 2, 3`, `12:30`) and every structural rule read as they did. An identifier
 * inside one run is passed over whole here (it is its run's to read: a join starting inside it
 * would cut it).
 */
function crossList(x: Scan, at: number, uri: string | undefined, plus: string | undefined): void {
  const c = x.chain;
  let next = 0;
  if (x.learned!.size > 0) {
    const digits = x.digits(0, c.n);
    const span = new GroupSpan(x, 0);
    x.learned!.eachMatch(digits, (i, len) => {
      span.at(i, len);
      const { ga, base, gb, bb } = span;
      let crosses = false;
      for (let k = ga + 1; k <= gb; k++) if (c.runStart[k] === 1) crosses = true;
      if (!crosses) return true;
      const oa = i - base;
      if (len < MIN_SPLIT_DIGITS || i + len - bb !== x.len(gb) || (oa > 0 && !GLUED_PREFIXES.has(x.g(ga).slice(0, oa)))) return false;
      runsOf(x, next, ga, at, uri, plus);
      x.edit(ga === 0 && oa === 0 ? tokenFrom(x, at, uri) : x.p(ga) + oa, x.e(gb), x.token(digits.slice(i, i + len)));
      next = gb + 1;
      return true;
    });
  }
  runsOf(x, next, c.n, at, uri, plus);
}

/** Groups [lo, hi) of the chain, each run's part read on its own ({@link run}); only the chain's first group has the notation. */
function runsOf(x: Scan, lo: number, hi: number, at: number, uri: string | undefined, plus: string | undefined): void {
  const c = x.chain;
  for (let a = lo; a < hi; ) {
    let b = a + 1;
    while (b < hi && c.runStart[b] === 0) b++;
    if (a === 0) run(x, at, uri, plus, 0, b);
    else run(x, x.p(a), undefined, undefined, a, b);
    a = b;
  }
}

/**
 * International or URI notation, groups [lo, hi) of one run: the number is a subscriber's E.164
 * (TS 23.003 §13.3 tel/sip URIs). Which groups it takes, in order:
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
function international(x: Scan, at: number, uri: string | undefined, plus: string | undefined, lo: number, hi: number): void {
  const from = tokenFrom(x, at, uri);
  if (learnedJoin(x, lo, hi, from, plus !== undefined)) return;
  if (uri !== undefined && plus === undefined && localInContext(x, lo, hi)) return;
  let digits = x.g(lo);
  let last = lo;
  const cc = digits.length <= MAX_CC_DIGITS;
  const skip = plus !== undefined && cc && hi - lo > 2 && x.g(lo + 1) === '0' && x.sep(lo + 1).includes('(') && x.sep(lo + 2).includes(')');
  for (let k = skip ? lo + 2 : lo + 1; k < hi; k++) {
    const sep = x.sep(k);
    const d = digits + x.g(k);
    if (
      !(VISUAL.test(sep) || (cc && sep.length <= MAX_NUMBER_SEPARATOR)) ||
      d.length > MAX_TEXT_DIGITS ||
      (plus !== undefined && beyondNsn(d)) ||
      // Not before a country code and a short national number: `+33.6.12.03.45.67`, `+32.475.12.03.45`
      // are one number whose groups look like a date (review 10-C: the join stopped early and they leaked).
      (digits.length >= MIN_DIGITS_BEFORE_DATE && dateOrTime(x, k, hi))
    )
      break;
    digits = d;
    last = k;
  }
  if (digits.length < MIN_TEXT_DIGITS) {
    bareGroups(x, lo, hi);
    return;
  }
  x.edit(from, x.e(last), x.token(digits));
  if (last + 1 < hi) bareGroups(x, last + 1, hi);
}

/** Step 1 of {@link international}: the longest learned join from the first group; false when none. */
function learnedJoin(x: Scan, lo: number, hi: number, from: number, plus: boolean): boolean {
  const learned = x.learned!;
  // Without the trunk prefix after a country code: `49` + `(0)` + `171` …, `49` + `0171` ….
  const trunk = plus && hi - lo > 1 && x.len(lo) <= MAX_CC_DIGITS && x.t[x.p(lo + 1)] === '0';
  let d = '';
  let dt = '';
  let best = -1;
  let id = '';
  let glued = 0;
  for (let j = lo; j < hi; j++) {
    d += x.g(j);
    if (d.length > MAX_TEXT_DIGITS + MAX_GLUED_DIGITS) break;
    if (trunk && j > lo) dt = j === lo + 1 ? x.g(lo) + x.g(lo + 1).slice(1) : dt + x.g(j);
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
  x.edit(glued === 0 ? from : digitAt(x, lo, glued), x.e(best), x.token(id));
  if (best + 1 < hi) bareGroups(x, best + 1, hi);
  return true;
}

/** Where the `i`th digit of the groups from `lo` is in the text. */
function digitAt(x: Scan, lo: number, i: number): number {
  let k = lo;
  while (i >= x.len(k)) i -= x.len(k++);
  return x.p(k) + i;
}

/**
 * Step 2 of {@link international}: `tel:1234567;phone-context=+4930` (RFC 3966 §5.1.5, the context
 * in any place among the parameters, §3; in a sip: URI's user part, RFC 3261 §19.1.6): the token
 * of the global number. False when the URI has no global context or the digits make no E.164 number.
 */
function localInContext(x: Scan, lo: number, hi: number): boolean {
  let local = x.g(lo);
  for (let k = lo + 1; k < hi; k++) {
    if (!VISUAL.test(x.sep(k)) || local.length > MAX_TEXT_DIGITS) return false;
    local += x.g(k);
  }
  const t = x.t;
  let i = x.e(hi - 1);
  for (let params = 0; t[i] === ';' && params < MAX_URI_PARAMS; params++) {
    let j = i + 1;
    while (j < t.length && !';@>?,"\' \t\r\n'.includes(t[j]!)) j++;
    const v = /^phone-context=\+([\d\-.()]+)$/i.exec(t.slice(i + 1, j));
    if (v !== null) {
      const global = v[1]!.replace(/[-.()]/g, '') + local;
      if (global.length > MAX_TEXT_DIGITS) return false;
      x.edit(x.p(lo), x.e(hi - 1), x.token(global));
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
 * Group `k` (of a run ending before `hi`) begins a time (`12:30`: a colon and a digit after it)
 * or a date (`2025-03-22`, `22.03.2025`, `03/22/2025`: three groups, one separator twice, a valid day and month).
 */
function dateOrTime(x: Scan, k: number, hi: number): boolean {
  const t = x.t;
  const e = x.e(k);
  if (x.len(k) <= 2 && t[e] === ':' && e + 1 < t.length && t.charCodeAt(e + 1) >= 48 && t.charCodeAt(e + 1) <= 57) return true;
  if (k + 2 >= hi) return false;
  const sep = x.sep(k + 1);
  if (sep !== x.sep(k + 2) || !['-', '.', '/'].includes(sep)) return false;
  const [a, b, c] = [x.g(k), x.g(k + 1), x.g(k + 2)];
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
function bareGroups(x: Scan, lo: number, hi: number): void {
  if (hi - lo === 1) {
    bareRun(x, x.g(lo), x.p(lo));
    return;
  }
  let start = lo;
  for (let i = lo; i < hi; i++) {
    const skip = x.len(i) < MIN_TEXT_DIGITS ? -1 : byStructure(x.g(i));
    if (skip < 0) continue;
    if (i > start) splitNumber(x, start, i);
    x.edit(x.p(i) + skip, x.e(i), x.token(x.g(i).slice(skip)));
    start = i + 1;
  }
  if (start < hi) splitNumber(x, start, hi);
}

/**
 * Digit groups [lo, hi) read as one number: every learned identifier in the joined digits (not
 * an IMSI by structure: joined dates and times have an MCC's shape, review of round 8). One across
 * a separator is taken only from {@link MIN_SPLIT_DIGITS} digits and only as whole groups, but for
 * a national or international prefix glued before it (`0171 234 5678`, `0049 171 2345678`,
 * {@link GLUED_PREFIXES}): a number written with separators is written in its own groups
 * (`250000 (250000` is two counts, its `0000 (25000` no MSIN).
 */
function splitNumber(x: Scan, lo: number, hi: number): void {
  if (hi - lo === 1) {
    bareRun(x, x.g(lo), x.p(lo));
    return;
  }
  const digits = x.digits(lo, hi);
  if (digits.length < MIN_TEXT_DIGITS) return;
  const span = new GroupSpan(x, lo);
  x.learned!.eachMatch(digits, (i, len) => {
    span.at(i, len);
    const { ga, base, gb, bb } = span;
    const oa = i - base;
    if (gb !== ga && (len < MIN_SPLIT_DIGITS || i + len - bb !== x.len(gb) || (oa > 0 && !GLUED_PREFIXES.has(x.g(ga).slice(0, oa))))) return false;
    x.edit(x.p(ga) + oa, x.p(gb) + (i + len - bb), x.token(digits.slice(i, i + len)));
    return true;
  });
}
