/**
 * Capture timestamps are integer seconds + nanoseconds (never one float of nanoseconds, which
 * loses precision past 2^53 ns ≈ 104 days after the epoch).
 */

const MAX_SEC = 8_640_000_000_000;

/** ISO-8601 UTC with the capture's precision: 6 digits (µs) or 9 (ns), `Z` suffix. */
export function isoTimestamp(tsSec: number, tsNsec: number, precisionDigits = 6): string {
  // Date covers ±8.64e12 s (ECMA-262 §21.4.1.1); toISOString throws RangeError beyond (a
  // corrupt pcapng timestamp did, found by fuzzing). The reader reports such times
  // (capture.bad-timestamp); here they are clamped to the nearest representable instant.
  const sec = Number.isFinite(tsSec) ? Math.max(-MAX_SEC, Math.min(MAX_SEC, tsSec)) : 0;
  const base = new Date(sec * 1000).toISOString(); // 2023-11-14T22:13:20.000Z
  if (precisionDigits <= 0) return base.slice(0, 19) + 'Z';
  const frac = String(tsNsec).padStart(9, '0').slice(0, Math.min(9, precisionDigits));
  return base.slice(0, 19) + '.' + frac + 'Z';
}
