/**
 * Safe text at the output boundaries (issue 16). A capture controls every string it carries
 * (Origin-Host, Session-Id, realms, GT digits ...), and a terminal obeys escape sequences in
 * what it prints: `ESC]0;…BEL` retitles it, `ESC[2J` clears it, CR and NUL forge lines.
 *
 * - {@link escapeControls}: for terminals and logs. C0 controls (U+0000–U+001F, also LF and TAB:
 *   inside a field a newline forges a summary line), DEL, C1 controls (U+0080–U+009F; U+009B is
 *   CSI for some terminals), the line/paragraph separators U+2028/U+2029 and the Unicode
 *   bidirectional controls (UAX #9 Bidi_Control: U+061C, U+200E, U+200F, U+202A–U+202E,
 *   U+2066–U+2069: reorder what is read) become visible escapes (`\x1b`, `\r`, `\u{202e}`).
 * - {@link safeValue}: the same over every string of a JSON-able value (report data, alerts).
 * - {@link jsonSafe}: JSON text. JSON.stringify already writes C0 as `\u00XX` and lone
 *   surrogates escaped; this adds DEL, C1 and the bidi controls, same value once parsed.
 * - {@link xmlSafe}: HTML/SVG. Drops the characters XML 1.0 §2.2 (Char) forbids: U+0000–U+0008,
 *   U+000B, U+000C, U+000E–U+001F, U+FFFE, U+FFFF and unpaired surrogates.
 *
 * Each is one linear regular-expression pass (character classes only, no backtracking) and
 * returns its input unchanged (same string) when nothing needs escaping.
 */
import { AlertTimes } from './alert-times.js';

/**
 * The one definition of what every output escapes above C0, as inclusive UTF-16 ranges: DEL and
 * C1 (U+007F–U+009F), ALM (U+061C), LRM/RLM (U+200E–U+200F), the line/paragraph separators and
 * LRE–RLO (U+2028–U+202E), LRI–PDI (U+2066–U+2069). The terminal set adds C0 (U+0000–U+001F);
 * JSON.stringify escapes C0 itself. The regular expressions and {@link jsonEscapedUnit} (the byte
 * writer's per-unit test) are all built from it.
 */
const ESCAPED_ABOVE_C0: readonly (readonly [number, number])[] = [
  [0x7f, 0x9f],
  [0x061c, 0x061c],
  [0x200e, 0x200f],
  [0x2028, 0x202e],
  [0x2066, 0x2069],
];
const hex4 = (c: number): string => `\\u${c.toString(16).padStart(4, '0')}`;
const ABOVE_C0_CLASS = ESCAPED_ABOVE_C0.map(([lo, hi]) => (lo === hi ? hex4(lo) : `${hex4(lo)}-${hex4(hi)}`)).join('');
const TERMINAL_UNSAFE = new RegExp(`[\\u0000-\\u001f${ABOVE_C0_CLASS}]`);
const TERMINAL_UNSAFE_G = new RegExp(TERMINAL_UNSAFE.source, 'g');
const JSON_UNSAFE_G = new RegExp(`[${ABOVE_C0_CLASS}]`, 'g');
// biome-ignore lint/suspicious/noControlCharactersInRegex: the characters XML 1.0 forbids are controls
const XML_FORBIDDEN_G = /[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function visible(c: string): string {
  const named = NAMED[c];
  if (named !== undefined) return named;
  const n = c.charCodeAt(0);
  return n < 0x100 ? `\\x${n.toString(16).padStart(2, '0')}` : `\\u{${n.toString(16)}}`;
}

/** A capture-derived string for a terminal or a log line: every control shown as an escape. */
export function escapeControls(s: string): string {
  return TERMINAL_UNSAFE.test(s) ? s.replace(TERMINAL_UNSAFE_G, visible) : s;
}

/** Deep copy of a JSON-able value with every string through {@link escapeControls} (typed arrays and the report's AlertTimes kept: numbers only). */
export function safeValue<T>(v: T): T {
  return walk(v, 0) as T;
}

function walk(v: unknown, depth: number): unknown {
  if (typeof v === 'string') return escapeControls(v);
  if (v === null || typeof v !== 'object' || ArrayBuffer.isView(v) || v instanceof AlertTimes || depth > 64) return v;
  if (Array.isArray(v)) return v.map((x) => walk(x, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[escapeControls(k)] = walk(x, depth + 1);
  return out;
}

/**
 * A UTF-16 unit ≥ U+007F that {@link jsonSafe} writes as `\uXXXX` (DEL, C1, U+2028/9, bidi
 * controls): {@link ESCAPED_ABOVE_C0}, for the byte writer (json-bytes.ts), which calls it only
 * for units ≥ U+007F (ASCII is written before the test).
 */
export function jsonEscapedUnit(c: number): boolean {
  if (c <= 0x9f) return true;
  for (let i = 1; i < ESCAPED_ABOVE_C0.length; i++) {
    const r = ESCAPED_ABOVE_C0[i]!;
    if (c < r[0]) return false;
    if (c <= r[1]) return true;
  }
  return false;
}

/** One line of JSON text (JSON.stringify output) with DEL, C1, U+2028/9 and bidi controls as `\uXXXX`. */
export function jsonSafe(line: string): string {
  JSON_UNSAFE_G.lastIndex = 0;
  return JSON_UNSAFE_G.test(line) ? line.replace(JSON_UNSAFE_G, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : line;
}

/** HTML/SVG text: characters XML 1.0 forbids removed. */
export function xmlSafe(s: string): string {
  XML_FORBIDDEN_G.lastIndex = 0;
  return XML_FORBIDDEN_G.test(s) ? s.replace(XML_FORBIDDEN_G, '') : s;
}

/**
 * Characters of an alert's explanation (and of each assumption) a report shows: the HTML details and
 * the summary's first alerts. An explanation names the origin's identifiers, which a capture controls: a Diameter message may be 1 MiB (RFC 6733 §3, 24-bit
 * Message Length), and 2,000 alerts whose Origin-Realm was 2,000 characters made an 18.8 MB page.
 * Two domain names of 255 octets (RFC 6733 §4.3.1) and the sentence around them fit.
 */
export const EXPLANATION_CHARS = 1024;

/** `s` cut to at most `max` UTF-16 units, not inside a surrogate pair; `s` itself when it fits. */
export function cutText(s: string, max: number): string {
  if (s.length <= max) return s;
  const c = s.charCodeAt(max - 1);
  return s.slice(0, c >= 0xd800 && c <= 0xdbff ? max - 1 : max);
}
