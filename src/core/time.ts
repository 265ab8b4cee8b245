/**
 * Capture timestamps are integer seconds + nanoseconds (never one float of nanoseconds, which
 * loses precision past 2^53 ns ≈ 104 days after the epoch).
 */

const MAX_SEC = 8_640_000_000_000;

/**
 * `YYYY-MM-DDTHH:MM:SS` texts of recent seconds, direct-mapped by the second's low 6 bits:
 * messages share their second (a capture holds hundreds per second) and an alert formats a
 * couple of seconds (its own, the `since` of the visited network), so one entry thrashed.
 * `new Date().toISOString()` was 5 % of the CPU profile of an alert flood (issue 19). A pure
 * memo: results never depend on it.
 */
const MEMO = 64;
const memoSec = new Float64Array(MEMO).fill(NaN);
const memoText: string[] = new Array<string>(MEMO).fill('');

/** `YYYY-MM-DDTHH:MM:SS` of a capture second (UTC), memoised (see {@link MEMO}). */
export function isoSecond(tsSec: number): string {
  const slot = tsSec & (MEMO - 1);
  if (memoSec[slot] === tsSec) return memoText[slot]!;
  // Date covers ±8.64e12 s (ECMA-262 §21.4.1.1); toISOString throws RangeError beyond (a
  // corrupt pcapng timestamp did, found by fuzzing). The reader reports such times
  // (capture.bad-timestamp); here they are clamped to the nearest representable instant.
  const sec = Number.isFinite(tsSec) ? Math.max(-MAX_SEC, Math.min(MAX_SEC, tsSec)) : 0;
  const text = new Date(sec * 1000).toISOString().slice(0, 19); // 2023-11-14T22:13:20
  memoSec[slot] = tsSec;
  memoText[slot] = text;
  return text;
}

/** ISO-8601 UTC with the capture's precision: 6 digits (µs) or 9 (ns), `Z` suffix. */
export function isoTimestamp(tsSec: number, tsNsec: number, precisionDigits = 6): string {
  const text = isoSecond(tsSec);
  if (precisionDigits <= 0) return text + 'Z';
  const frac = String(tsNsec).padStart(9, '0').slice(0, Math.min(9, precisionDigits));
  return text + '.' + frac + 'Z';
}
