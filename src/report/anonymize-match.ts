/**
 * The anonymiser's matching, in one linear pass over a string (issue 16: the old matcher sliced
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
import { MCC_COUNTRY } from '../attribution/e212.js';

/** Shortest identifier matched inside free text (4-digit runs are years, frame numbers ...). */
const MIN_TEXT_DIGITS = 5;
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
   * `s` (digits only) with every learned identifier inside it (longest first, left to right)
   * replaced.
   */
  replaceIn(s: string, token: (id: string) => string): string {
    let out = '';
    let from = 0;
    this.eachMatch(s, (i, len) => {
      out += s.slice(from, i) + token(s.slice(i, i + len));
      from = i + len;
      return true;
    });
    return from === 0 ? s : out + s.slice(from);
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
 * A digit run here is digit groups with separators between them, 1 to 3 of {@link SEPARATOR} in a
 * row: RFC 3966 §5.1.1 visual-separator (`-` `.` `(` `)`), the spaces of E.123 §2.4 international
 * notation (`+1 202 555 0032`), `/` and `_` (red-team rt8 A2: `tel:+1-202-555-0032` passed raw).
 */
const IDENTITY = /anon:[0-9a-f]{16}|(?<![:\w])\+(?=anon:)|(tel:|sips?:)?(\+)?(\d+(?:[-.()/_ \t]{1,3}\d+)*)/gi;
/** `@` and a realm under 3gppnetwork.org (TS 23.003 §13, §19), right after a digit run. */
const REALM_3GPP = /@[\w.-]*\.3gppnetwork\.org/iy;
/**
 * An ENUM domain (RFC 6116 §3.4: the E.164 number's digits reversed, one per label, under
 * e164.arpa): `2.3.0.0.5.5.5.2.0.2.1.e164.arpa` is +1 202 555 0032, tokenised as that number.
 */
const ENUM = /\.e164\.arpa/iy;
const ENUM_DIGITS = /^\d(?:\.\d)+$/;
/** Splits a run into its groups, keeping the separators. */
const GROUPS = /([^0-9]+)/;
/** Separators that only group one number's digits (RFC 3966 §5.1.1 visual-separator). */
const VISUAL = /^[-.()]+$/;
const DIGIT_RUN = /\d+/g;
const ONE_GROUP = /^\d+$/;
/** A character after which a `+` belongs to a word or a URI (`x+1…`, `tel:+1…`), not to a number in prose. */
const WORD_OR_COLON = /[:\w]/;
/** E.164 §6.2.1: a country code is 1 to 3 digits. */
const MAX_CC_DIGITS = 3;
/**
 * Shortest learned identifier matched across a separator: the shortest national significant
 * number learned (anonymize.ts), so dates and addresses (`2025-03-22`, `10.1.2.3`) joined into a
 * digit string rarely equal one.
 */
const MIN_SPLIT_DIGITS = 7;

/**
 * Every identity in `s` replaced by `token(id)`, structurally (see the file comment) and by the
 * learned set. Runs shorter than MIN_TEXT_DIGITS are left alone. A token-shaped match is kept only
 * when `issued` says this anonymizer wrote it; otherwise (hostile text dressed as a token, e.g.
 * `anon:310410123456789a`) its digit runs are scanned like any others.
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
  let out = '';
  let from = 0;
  IDENTITY.lastIndex = 0;
  for (let m = IDENTITY.exec(s); m !== null; m = IDENTITY.exec(s)) {
    const whole = m[0];
    const r = identity(s, m.index, whole, m[1], m[2], m[3], learned, token, issued);
    if (r !== whole) {
      out += s.slice(from, m.index) + r;
      from = m.index + whole.length;
    }
  }
  return from === 0 ? s : out + s.slice(from);
}

/** One match of {@link IDENTITY} at `at` of `s`, as written out. */
function identity(
  s: string,
  at: number,
  whole: string,
  uri: string | undefined,
  plus: string | undefined,
  run: string | undefined,
  learned: DigitSet,
  token: (id: string) => string,
  issued: (t: string) => boolean,
): string {
  if (run === undefined) {
    if (whole === '+') return s.startsWith('anon:', at + 1) ? '' : whole;
    return issued(whole) ? whole : whole.replace(DIGIT_RUN, (r) => bareRun(r, learned, token));
  }
  const parts = ONE_GROUP.test(run) ? [run] : run.split(GROUPS);
  if (uri === undefined && plus === undefined) {
    REALM_3GPP.lastIndex = at + whole.length;
    if (parts.length === 1 && run.length >= 14 && REALM_3GPP.test(s)) return byRealm(run, token) ?? bareRun(run, learned, token);
    ENUM.lastIndex = at + whole.length;
    if (ENUM_DIGITS.test(run) && run.length >= 2 * MIN_TEXT_DIGITS - 1 && ENUM.test(s)) return token(run.replaceAll('.', '').split('').reverse().join(''));
    return bareGroups(parts, learned, token);
  }
  // International or URI notation: the whole number is a subscriber's E.164 (TS 23.003 §13.3
  // tel/sip URIs), its groups joined through visual separators, and through spaces after a
  // country code (E.123 §2.5: `+CC NDC SN`), up to the 15 digits of E.164 §6.1.
  let digits = parts[0]!;
  let k = 2;
  for (; k < parts.length; k += 2) {
    const g = parts[k]!;
    if (!(VISUAL.test(parts[k - 1]!) || parts[0]!.length <= MAX_CC_DIGITS) || digits.length + g.length > MAX_TEXT_DIGITS) break;
    digits += g;
  }
  // Through any separator when that makes a learned identifier (`+12025 55 0032`); not by
  // default: `+12020000064 (3)` in prose is a number and a count.
  for (let j = k, d = digits; j < parts.length && (d += parts[j]!).length <= MAX_TEXT_DIGITS; j += 2) {
    if (learned.has(d)) {
      digits = d;
      k = j + 2;
    }
  }
  if (digits.length < MIN_TEXT_DIGITS) return (uri ?? '') + (plus ?? '') + bareGroups(parts, learned, token);
  const rest = k < parts.length ? parts[k - 1]! + bareGroups(parts.slice(k), learned, token) : '';
  if (uri !== undefined) return uri + (plus ?? '') + token(digits) + rest;
  return (at > 0 && WORD_OR_COLON.test(s[at - 1]!) ? plus! : '') + token(digits) + rest;
}

/** An IMSI (15 or 14 digits with a known MCC, TS 23.003 §2.2) or an EAP NAI permanent identity (16: 0, 1, 6 or 7 then an IMSI, §19.3.2), as written out. */
function byStructure(run: string, token: (id: string) => string): string | undefined {
  if ((run.length === 15 || run.length === 14) && knownMcc(run)) return token(run);
  if (run.length === 16 && '0167'.includes(run[0]!) && knownMcc(run, 1)) return run[0]! + token(run.slice(1));
  return undefined;
}

/**
 * Before `@` and a 3GPP realm, 14–16 digits are a subscriber's identity whatever its MCC (test
 * networks' 001 included): IMSI-based NAI and IMPI `<IMSI>@ims.mnc….3gppnetwork.org` (TS 23.003
 * §13.3), EAP permanent identity `0<IMSI>@nai.epc.mnc….3gppnetwork.org` (§19.3.2).
 */
function byRealm(run: string, token: (id: string) => string): string | undefined {
  if (run.length === 15 || run.length === 14) return token(run);
  if (run.length === 16 && '0167'.includes(run[0]!)) return run[0]! + token(run.slice(1));
  return undefined;
}

/** A digit run without notation: an IMSI (with its NAI prefix) by its MCC, else the learned identities in it. */
function bareRun(run: string, learned: DigitSet, token: (id: string) => string): string {
  if (run.length < MIN_TEXT_DIGITS) return run;
  return byStructure(run, token) ?? learned.replaceIn(run, token);
}

/**
 * Digit groups and their separators (`parts`: group, separator, group, …) without notation: each
 * group that is an identity by structure alone, then the groups between them as one number
 * ({@link splitNumber}).
 */
function bareGroups(parts: readonly string[], learned: DigitSet, token: (id: string) => string): string {
  if (parts.length === 1) return bareRun(parts[0]!, learned, token);
  let out = '';
  let start = 0;
  for (let i = 0; i < parts.length; i += 2) {
    const t = parts[i]!.length < MIN_TEXT_DIGITS ? undefined : byStructure(parts[i]!, token);
    if (t === undefined) continue;
    if (i > start) out += splitNumber(parts.slice(start, i - 1), learned, token) + parts[i - 1]!;
    out += t + (parts[i + 1] ?? '');
    start = i + 2;
  }
  return start < parts.length ? out + splitNumber(parts.slice(start), learned, token) : out;
}

/**
 * Digit groups with separators read as one number: every learned identifier in the joined
 * digits, the text from its first to its last digit replaced (not an IMSI by structure: joined
 * dates and times have an MCC's shape). One across a separator is taken
 * only from {@link MIN_SPLIT_DIGITS} digits and only as whole groups: a number written with
 * separators is written in its own groups (digits glued before or after it hide it, as letters
 * between its digits do).
 */
function splitNumber(parts: readonly string[], learned: DigitSet, token: (id: string) => string): string {
  if (parts.length === 1) return bareRun(parts[0]!, learned, token);
  const text = parts.join('');
  let digits = '';
  for (let i = 0; i < parts.length; i += 2) digits += parts[i];
  if (digits.length < MIN_TEXT_DIGITS) return text;
  // Not an IMSI by structure once joined: a date-time (`2025-03-22-08-23-20`, MCC 202) is one
  // (review of the merge: capture names became tokens); only learned identifiers join.
  // The text index of each digit.
  const at: number[] = [];
  for (let i = 0; i < text.length; i++) if (isDigit(text, i)) at.push(i);
  let out = '';
  let from = 0;
  learned.eachMatch(digits, (i, len) => {
    const a = at[i]!;
    const b = at[i + len - 1]! + 1;
    // Across a separator: whole groups only (`250000 (250000` is two counts, its `0000 (25000` no MSIN).
    if (b - a !== len && (len < MIN_SPLIT_DIGITS || (a > 0 && isDigit(text, a - 1)) || (b < text.length && isDigit(text, b)))) return false;
    out += text.slice(from, a) + token(digits.slice(i, i + len));
    from = b;
    return true;
  });
  return from === 0 ? text : out + text.slice(from);
}

function isDigit(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c >= 48 && c <= 57;
}
