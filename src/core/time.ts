/**
 * Capture timestamps are integer seconds + nanoseconds (never one float of nanoseconds, which
 * loses precision past 2^53 ns ≈ 104 days after the epoch).
 */

const MAX_SEC = 8_640_000_000_000;

/**
 * The `YYYY-MM-DDTHH:MM:SS` text of the last second formatted: consecutive messages share their
 * second (a capture holds hundreds per second), and `new Date().toISOString()` was 5 % of the CPU
 * profile of an alert flood (issue 19). A pure memo: the result never depends on it.
 */
let memoSec = NaN;
let memoText = '';

/** ISO-8601 UTC with the capture's precision: 6 digits (µs) or 9 (ns), `Z` suffix. */
export function isoTimestamp(tsSec: number, tsNsec: number, precisionDigits = 6): string {
  if (tsSec !== memoSec) {
    // Date covers ±8.64e12 s (ECMA-262 §21.4.1.1); toISOString throws RangeError beyond (a
    // corrupt pcapng timestamp did, found by fuzzing). The reader reports such times
    // (capture.bad-timestamp); here they are clamped to the nearest representable instant.
    const sec = Number.isFinite(tsSec) ? Math.max(-MAX_SEC, Math.min(MAX_SEC, tsSec)) : 0;
    memoText = new Date(sec * 1000).toISOString().slice(0, 19); // 2023-11-14T22:13:20
    memoSec = tsSec;
  }
  if (precisionDigits <= 0) return memoText + 'Z';
  const frac = String(tsNsec).padStart(9, '0').slice(0, Math.min(9, precisionDigits));
  return memoText + '.' + frac + 'Z';
}

/** Seconds as a float (for windows and velocity: ms precision is plenty). */
export function tsSeconds(tsSec: number, tsNsec: number): number {
  return tsSec + tsNsec / 1e9;
}
