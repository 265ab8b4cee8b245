/**
 * JSON text of single values, exactly as JSON.stringify writes them (ECMA-262 §25.5.2.2
 * SerializeJSONProperty, §25.5.2.3 QuoteJSONString), for the parts of the alert line written
 * without a JSON.stringify call (report/alert-json.ts).
 */

/**
 * A string needs escaping when it holds `"`, `\`, a control character below U+0020 or a
 * surrogate code unit (QuoteJSONString escapes lone surrogates; a valid pair is copied as is,
 * JSON.stringify decides which).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters JSON.stringify escapes (QuoteJSONString)
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** A JSON string literal: the text in quotes, or JSON.stringify's escaping when needed. */
export function jsonString(s: string): string {
  return NEEDS_ESCAPE.test(s) ? JSON.stringify(s) : '"' + s + '"';
}

/** A JSON number: JSON.stringify writes non-finite numbers as null. */
export function jsonNumber(n: number): string {
  return Number.isFinite(n) ? '' + n : 'null';
}

/** Any JSON value in a key's position (not undefined): strings and numbers directly, the rest through JSON.stringify. */
export function jsonValue(v: unknown): string {
  switch (typeof v) {
    case 'string':
      return jsonString(v);
    case 'number':
      return jsonNumber(v);
    case 'boolean':
      return v ? 'true' : 'false';
    default:
      return JSON.stringify(v) as string;
  }
}
