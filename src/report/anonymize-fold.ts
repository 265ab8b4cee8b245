/**
 * What a reader sees, for the anonymiser's matching (review of round 9, C-2): text is matched
 * as it reads, not as it is coded, so an identity written with characters a person does not see
 * or reads as digits is still found:
 *
 * - escapes our outputs and URIs write are decoded: `%XX` (RFC 3986 §2.1, UTF-8 sequences
 *   included: `%2B` is `+`, `%E2%80%8B` a zero-width space; also encoded again, `%2534`), JSON's
 *   `\uXXXX` `\n` `\t` … (RFC 8259 §7: log lines are JSON before the filter sees them), the
 *   terminal escapes of safe-text.ts (`\xNN`, `\u{…}`), HTML numeric references (`&#52;`);
 * - characters that show nothing are dropped: controls (U+0000–U+001F but the white space,
 *   U+007F–U+009F; the HTML report drops them, XML 1.0 §2.2, joining the digits around them),
 *   format characters (Cf: U+200B, U+2060, U+FEFF, U+00AD …), combining marks (M: U+0332,
 *   keycaps U+20E3, variation selectors) and the other Default_Ignorable_Code_Points (Hangul fillers);
 * - every decimal digit (Nd: fullwidth, Arabic-Indic, Devanagari, mathematical …) becomes its
 *   ASCII digit, every white space (Unicode White_Space: NBSP, U+2007, U+202F, U+3000, line
 *   separators) a space, every dash (Pd, U+2212 minus) `-`, and any other character whose
 *   compatibility form (NFKC, UAX #15) is one ASCII character that character (fullwidth `＋`
 *   `（` `．`, superscript digits), and a digit written as one character of several its ASCII
 *   form (`⑩` "10", `⑴` "(1)", `⒈` "1.").
 * Every other character stands as one placeholder byte per UTF-16 unit ({@link PLACEHOLDER}):
 * the folded text is ASCII, one byte per character.
 *
 * The folded text keeps, for each of its UTF-16 units, where it starts in the original, so a
 * match is replaced in the original text and everything else is written as it was.
 */
import { Buffer } from 'node:buffer';

/** Text that needs folding: a character outside printable ASCII and the ASCII white space, an escape, a `%XX`, a `&#`. */
const NEEDS_FOLD = /[^\t-\r\x20-\x5b\x5d-\x7e]|%[0-9a-fA-F]{2}|&#/;
const INVISIBLE = /^[\p{Cc}\p{Cf}\p{M}\p{Default_Ignorable_Code_Point}]$/u;
const DIGIT = /^\p{Nd}$/u;
const SPACE = /^\s$/u;
const DASH = /^[\p{Pd}\u2212]$/u;
/**
 * Separators written between digit groups that NFKC keeps as they are (review 10-C finding 4):
 * middle dots and bullets (`·` `‧` `・` `･` `•` `∙` `⋅` `⸱`, and Greek ano teleia via its NFKC `·`) read
 * as the dot of RFC 3966 §5.1.1; the braille blank, drawn as a space; fraction and division slashes;
 * the Swiss thousands apostrophe in its typographic forms (CLDR de-CH writes U+2019; U+2018, U+02BC,
 * U+2032 look the same), curly quotes, the Arabic thousands separator U+066C (CLDR ar) and the
 * Arabic and ideographic commas as their ASCII list marks (anonymize-runs.ts: learned joins only).
 */
const MORE: Readonly<Record<number, number>> = {
  0xb7: 0x2e,
  0x2027: 0x2e,
  0x30fb: 0x2e,
  0xff65: 0x2e,
  0x2022: 0x2e,
  0x2219: 0x2e,
  0x22c5: 0x2e,
  0x2e31: 0x2e,
  0x2800: 0x20,
  0x2044: 0x2f,
  0x2215: 0x2f,
  0x2018: 0x27,
  0x2019: 0x27,
  0x02bc: 0x27,
  0x2032: 0x27,
  0x201c: 0x22,
  0x201d: 0x22,
  0x066c: 0x2c,
  0x060c: 0x2c,
  0x3001: 0x2c,
};
/**
 * What a character that folds to nothing the matcher reads (a letter or symbol past ASCII: `é`,
 * `→`) stands as in the folded text: one ASCII character no rule reads either (not a digit,
 * separator, word character, `+`, `:`, `@`, `;`, nor a URI parameter's end), so the folded text is
 * one byte per character. anon10 measured a report's 979 KB of HTML with 224 such characters: the
 * folded copy was two-byte (+2 MB), and its unit buffer 2 B per character (+2 MB).
 */
const PLACEHOLDER = 0x7e;
const DROP = -1;
const KEEP = -2;
/** Codes from MULTI down: index into {@link MULTIS}, characters whose NFKC is several ASCII characters with a digit (`⑩` "10", `⑴` "(1)", `⒈` "1."). */
const MULTI = -3;
const MULTIS: string[] = [];
/** Longest such NFKC form taken (`⒇` "(20)"). */
const MAX_MULTI = 4;

/**
 * The folded text; `at`: where its units start in the original, as the places where that changes
 * (pairs [unit, where it starts], in order; between two, units and characters go one for one),
 * undefined when every unit is where it was. A map of 4 B per unit cost a report's megabytes of
 * HTML 4 MB once one character changed length (its 507 `&#39;` would, read as `'`).
 */
export interface Folded {
  readonly text: string;
  readonly at: Int32Array | undefined;
}

/** `s` folded; undefined when nothing in it folds (printable ASCII without escapes: the text is the original). */
export function fold(s: string): Folded | undefined {
  if (!NEEDS_FOLD.test(s)) return undefined;
  let units = new Uint8Array(s.length);
  let at: Int32Array | undefined;
  let breaks = 0;
  let n = 0;
  /** Where the next unit starts when it goes one for one: n + shift. */
  let shift = 0;
  /** Unit n starts at i (not at n + shift). */
  const mark = (i: number): void => {
    if (at === undefined || 2 * breaks === at.length) {
      const a = new Int32Array(at === undefined ? 64 : 2 * at.length);
      if (at !== undefined) a.set(at);
      at = a;
    }
    at[2 * breaks] = n;
    at[2 * breaks + 1] = i;
    breaks++;
    shift = i - n;
  };
  const put = (unit: number, i: number): void => {
    if (n === units.length) {
      // Only a multi-character digit (`⑩`) folds into more units than it had.
      const u = new Uint8Array(2 * n);
      u.set(units);
      units = u;
    }
    if (i !== n + shift) mark(i);
    units[n++] = unit;
  };
  for (let i = 0; i < s.length; ) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c < 0x7f && c !== 0x25 && c !== 0x5c && c !== 0x26) {
      put(c, i++);
      continue;
    }
    const len = decodeAt(s, i);
    const f = folded(decoded);
    if (f >= 0) put(f, i);
    else if (f === KEEP) {
      // One placeholder per unit it had (a raw pair's second from its own place, an escape's both from the escape's).
      put(PLACEHOLDER, i);
      if (decoded > 0xffff) put(PLACEHOLDER, len === 2 ? i + 1 : i);
    } else if (f <= MULTI) for (const u of MULTIS[MULTI - f]!) put(u.charCodeAt(0), i);
    i += len;
  }
  // The end, when the last characters folded to fewer units (`…𝟏`): the map then says where the last one came from.
  if (n + shift !== s.length) mark(s.length);
  return { text: Buffer.from(units.buffer, 0, n).toString('latin1'), at: at?.subarray(0, 2 * breaks) };
}

/** Where folded unit `j` starts in the original `s`. */
export function sourceStart(f: Folded, j: number): number {
  const at = f.at;
  if (at === undefined || j < at[0]!) return j;
  // The last place at or before j (binary search over the pairs).
  let lo = 0;
  let hi = at.length / 2 - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (at[2 * mid]! <= j) lo = mid;
    else hi = mid - 1;
  }
  return at[2 * lo + 1]! + (j - at[2 * lo]!);
}

/** Where folded unit `j` ends in the original `s` (after the escape or characters it was folded from). */
export function sourceEnd(s: string, f: Folded, j: number): number {
  if (f.at === undefined) return j + 1;
  const at = sourceStart(f, j);
  return at + decodeAt(s, at);
}

/** The code point decoded by the last {@link decodeAt}. */
let decoded = 0;

/** Decodes the character, escape or UTF-8 percent sequence at `i` into {@link decoded}; returns its length in `s`. */
function decodeAt(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c === 0x25) {
    const len = percentAt(s, i);
    if (len > 0) return len;
  } else if (c === 0x5c) {
    const len = escapeAt(s, i);
    if (len > 0) return len;
  } else if (c === 0x26) {
    const len = referenceAt(s, i);
    if (len > 0) return len;
  } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
    const d = s.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) {
      decoded = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
      return 2;
    }
  }
  decoded = c;
  return 1;
}

function hexAt(s: string, i: number, n: number): number {
  if (i + n > s.length) return -1;
  let v = 0;
  for (let k = i; k < i + n; k++) {
    const h = s.charCodeAt(k);
    const d = h >= 0x30 && h <= 0x39 ? h - 0x30 : h >= 0x41 && h <= 0x46 ? h - 0x37 : h >= 0x61 && h <= 0x66 ? h - 0x57 : -1;
    if (d < 0) return -1;
    v = v * 16 + d;
  }
  return v;
}

/** How many times a `%XX` is read through `%25` (the encoded `%`): `%2534` (URI encoded twice) reads `4`. */
const MAX_PERCENT_LEVELS = 3;

/**
 * `%XX`, or a UTF-8 sequence of them (RFC 3629 §3: no overlong form, no surrogate), encoded once
 * or again over its `%` (`%2534`, `%25E2%2580%258B`: RFC 3986 §2.4, a URI encoded twice;
 * anon10 left); the most levels that read as one character; 0 when not one.
 */
function percentAt(s: string, i: number): number {
  for (let levels = MAX_PERCENT_LEVELS; levels >= 1; levels--) {
    const len = percentLevels(s, i, levels);
    if (len > 0) return len;
  }
  return 0;
}

/** What a `%XX` of two decimal digits may write ({@link percentLevels}): digits and the marks numbers are written with. */
const NUMBER_ESCAPES: ReadonlySet<number> = new Set([0x20, 0x22, 0x23, 0x25, 0x27, 0x28, 0x29, 0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39]);

function isDecimal(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** The byte written at `i` as `%` + (`25` × levels − 1) + `XX`, or -1. */
function byteAt(s: string, i: number, levels: number): number {
  if (s.charCodeAt(i) !== 0x25) return -1;
  for (let k = 1; k < levels; k++) if (hexAt(s, i + 2 * k - 1, 2) !== 0x25) return -1;
  return hexAt(s, i + 2 * levels - 1, 2);
}

function percentLevels(s: string, i: number, levels: number): number {
  const w = 2 * levels + 1;
  const b0 = byteAt(s, i, levels);
  if (b0 < 0) return 0;
  // `%` before two decimal digits is also a `%` before a number (`%12025550177`, `%2549171…`): read
  // as an escape only when it writes what hides a number's digits (a digit, a space, `"#%'()`), never
  // a control (dropped by the fold), a letter or another mark, which took two of the number's digits
  // with them (review 11-C).
  if (isDecimal(s.charCodeAt(i + w - 2)) && isDecimal(s.charCodeAt(i + w - 1)) && !NUMBER_ESCAPES.has(b0)) return 0;
  if (b0 < 0x80) {
    decoded = b0;
    return w;
  }
  const more = b0 >= 0xc2 && b0 <= 0xdf ? 1 : b0 >= 0xe0 && b0 <= 0xef ? 2 : b0 >= 0xf0 && b0 <= 0xf4 ? 3 : 0;
  if (more === 0) return 0;
  let cp = b0 & (0x3f >> more);
  for (let k = 1; k <= more; k++) {
    const b = byteAt(s, i + w * k, levels);
    if (b < 0x80 || b > 0xbf) return 0;
    cp = (cp << 6) | (b & 0x3f);
  }
  if (cp < [0, 0x80, 0x800, 0x10000][more]! || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return 0;
  decoded = cp;
  return w * (more + 1);
}

/**
 * An HTML numeric character reference with its `;` (WHATWG HTML §13.5: `&#52;`, `&#x34;`; text
 * shown as HTML reads it as the character; our writers escape `&`, other viewers may not); 0 when
 * not one. Without the `;` the digits after `&#` are read as digits (a reader of the plain text sees them).
 */
function referenceAt(s: string, i: number): number {
  if (s.charCodeAt(i + 1) !== 0x23) return 0;
  const hex = s.charCodeAt(i + 2) === 0x78 || s.charCodeAt(i + 2) === 0x58;
  const from = hex ? i + 3 : i + 2;
  let j = from;
  let v = 0;
  for (; j < s.length && j - from < (hex ? 6 : 7); j++) {
    const h = s.charCodeAt(j);
    const d = h >= 0x30 && h <= 0x39 ? h - 0x30 : !hex ? -1 : h >= 0x41 && h <= 0x46 ? h - 0x37 : h >= 0x61 && h <= 0x66 ? h - 0x57 : -1;
    if (d < 0) break;
    v = v * (hex ? 16 : 10) + d;
  }
  if (j === from || s.charCodeAt(j) !== 0x3b || v > 0x10ffff) return 0;
  // §13.2.5.80: zero and surrogates are U+FFFD, which the fold keeps.
  decoded = v === 0 || (v >= 0xd800 && v <= 0xdfff) ? 0xfffd : v;
  return j + 1 - i;
}

/** JSON escapes (RFC 8259 §7, a surrogate pair as two) and safe-text.ts's `\xNN`, `\u{…}`; 0 when not one. */
function escapeAt(s: string, i: number): number {
  const e = s[i + 1];
  const simple = e === undefined ? undefined : SIMPLE_ESCAPES[e];
  if (simple !== undefined) {
    decoded = simple;
    return 2;
  }
  if (e === 'x') {
    const v = hexAt(s, i + 2, 2);
    if (v < 0) return 0;
    decoded = v;
    return 4;
  }
  if (e !== 'u') return 0;
  if (s[i + 2] === '{') {
    // The brace within the six hex digits of U+10FFFF, not searched for to the end (review 10-C: a
    // text of unclosed `\u{` took time quadratic in its length).
    let close = -1;
    for (let j = i + 4; j <= i + 9 && j < s.length; j++) {
      if (s[j] === '}') {
        close = j;
        break;
      }
    }
    const v = close > 0 ? hexAt(s, i + 3, close - i - 3) : -1;
    if (v < 0 || v > 0x10ffff) return 0;
    decoded = v;
    return close - i + 1;
  }
  const u = hexAt(s, i + 2, 4);
  if (u < 0) return 0;
  if (u >= 0xd800 && u <= 0xdbff && s[i + 6] === '\\' && s[i + 7] === 'u') {
    const l = hexAt(s, i + 8, 4);
    if (l >= 0xdc00 && l <= 0xdfff) {
      decoded = 0x10000 + ((u - 0xd800) << 10) + (l - 0xdc00);
      return 12;
    }
  }
  decoded = u;
  return 6;
}

const SIMPLE_ESCAPES: Readonly<Record<string, number>> = { n: 0x0a, r: 0x0d, t: 0x09, f: 0x0c, v: 0x0b, b: 0x08, '/': 0x2f, '\\': 0x5c, '"': 0x22 };

/** Code point → ASCII unit, {@link DROP} or {@link KEEP}; cached past ASCII (the same few characters recur). */
const cache = new Map<number, number>();

function folded(cp: number): number {
  if (cp < 0x80) return (cp >= 0x20 && cp < 0x7f) || (cp >= 0x09 && cp <= 0x0d) ? cp : DROP;
  let f = cache.get(cp);
  if (f === undefined) {
    f = foldPoint(cp);
    if (cache.size >= 4096) cache.clear();
    cache.set(cp, f);
  }
  return f;
}

function foldPoint(cp: number): number {
  const ch = String.fromCodePoint(cp);
  if (cp === 0xfeff) return DROP; // white space to JavaScript's \s, a zero-width no-break space to a reader
  // What the HTML report removes (XML 1.0 §2.2, report/safe-text.ts xmlSafe): a lone surrogate,
  // U+FFFE, U+FFFF; kept here, they split digits the report then joins (review 10-C).
  if (cp === 0xfffe || cp === 0xffff || (cp >= 0xd800 && cp <= 0xdfff)) return DROP;
  if (SPACE.test(ch)) return 0x20;
  if (INVISIBLE.test(ch)) return DROP;
  if (DIGIT.test(ch)) {
    // Unicode keeps every decimal digit set contiguous, 0 to 9 (UAX #44 §5.7.4, Numeric_Type=Decimal):
    // the value is the distance from the start of the run of digits, modulo 10 (runs of sets, e.g. U+1D7CE–U+1D7FF).
    let z = cp;
    while (DIGIT.test(String.fromCodePoint(z - 1))) z--;
    return 0x30 + ((cp - z) % 10);
  }
  if (DASH.test(ch)) return 0x2d;
  const more = MORE[cp];
  if (more !== undefined) return more;
  const nfkc = ch.normalize('NFKC');
  const a = nfkc.charCodeAt(0);
  if (nfkc.length === 1) return a >= 0x20 && a < 0x7f ? a : (MORE[a] ?? KEEP);
  // A digit written as one character of several (Unicode enclosed alphanumerics: circled, parenthesised, with a full stop):
  // read as its digits (anon10 left: `⑩`), set apart by a space on each side: glued to a number's last or first
  // group it made that group longer, and the learned number written around it was no longer whole groups (review 11-C).
  if (nfkc.length <= MAX_MULTI && /^[\x20-\x7e]+$/.test(nfkc) && /\d/.test(nfkc)) {
    const spaced = ` ${nfkc} `;
    let k = MULTIS.indexOf(spaced);
    if (k < 0) k = MULTIS.push(spaced) - 1;
    return MULTI - k;
  }
  return KEEP;
}
