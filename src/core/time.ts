/**
 * Capture timestamps are integer seconds + nanoseconds (never one float of nanoseconds, which
 * loses precision past 2^53 ns ≈ 104 days after the epoch).
 */

const MAX_SEC = 8_640_000_000_000;

/**
 * A frame time this far (seconds) ahead of the state's clock moves it only when the next frame that
 * moves it is as far ahead too (state/subscribers.ts tick): a lone frame stamped 30 days or 2^30 s ahead (one flipped bit of a
 * record header, a merged probe's bad clock) evicted every registration by TTL (red-team round 16 I4).
 * An hour: past every dialogue-scale wait (claims 30 s, dialogues and flags minutes), far below the
 * subscriber TTL (days); a real gap of more costs one frame on the old clock.
 */
export const TIME_JUMP_SEC = 3600;

/**
 * Pulls back stamps from the future (review 18-A F4). A table that ages its entries from the
 * oldest end (TCAP dialogues, Diameter requests: each message ages the table by its own time)
 * stops at the first entry not yet stale; an entry stamped far ahead (one unanswered Begin 30 days
 * ahead) is never stale, so once it is the oldest nothing behind it expired by age any more: the
 * table filled to its count cap and evicted instead, and reorder waits behind it never settled.
 * {@link AheadStamps.present} says whether a message may pull such an entry back to its own time:
 * the entry must be more than TIME_JUMP_SEC ahead of the message (no honest capture stamps an entry
 * an hour after the message that finds it oldest: its time would have to go back an hour), and the
 * message must not itself be more than TIME_JUMP_SEC behind the previous time the table saw (one
 * frame stamped far in the past must not pull every honest entry back with it, so that the next
 * honest message expires them all). A pulled-back entry ages from the message's time.
 */
export class AheadStamps {
  /** The time {@link present} saw last, and the one it saw before that (NaN before: no comparison holds). */
  private curSec = Number.NaN;
  private prevSec = Number.NaN;

  /**
   * Whether `nowSec`, the time aging the table now, may pull a far-ahead stamp back (see the class
   * comment). A table asks once or more per message: the same time asked again gets the same answer.
   */
  present(nowSec: number): boolean {
    if (nowSec !== this.curSec) {
      this.prevSec = this.curSec;
      this.curSec = nowSec;
    }
    return !(nowSec < this.prevSec - TIME_JUMP_SEC);
  }
}

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
/** `memoText` + `Z` of the same slot once asked for ('' until then): isoTimestamp(s, ns, 0). */
const memoTextZ: string[] = new Array<string>(MEMO).fill('');

/** `YYYY-MM-DDTHH:MM:SS` of a capture second (UTC), memoised (see {@link MEMO}). */
export function isoSecond(tsSec: number): string {
  const slot = tsSec & (MEMO - 1);
  if (memoSec[slot] === tsSec) return memoText[slot]!;
  let text: string;
  if (Number.isInteger(tsSec) && tsSec >= 0 && tsSec < YEAR_10000) text = civilSecond(tsSec, false);
  else {
    // Date covers ±8.64e12 s (ECMA-262 §21.4.1.1); toISOString throws RangeError beyond (a
    // corrupt pcapng timestamp did, found by fuzzing). The pcapng reader now clamps capture times to
    // [0, MAX_ISO_SEC] (capture.bad-timestamp), so only a library caller's time gets here: clamped to
    // the nearest representable instant.
    const sec = Number.isFinite(tsSec) ? Math.max(-MAX_SEC, Math.min(MAX_SEC, tsSec)) : 0;
    // Up to the seconds, whatever the year's width (+011476-08-15T05:20:01: `slice(0, 19)` cut a
    // six-digit year's seconds off, red-team round 15 H3).
    const iso = new Date(sec * 1000).toISOString(); // 2023-11-14T22:13:20.000Z
    text = iso.slice(0, iso.length - 5);
  }
  memoSec[slot] = tsSec;
  memoText[slot] = text;
  memoTextZ[slot] = '';
  return text;
}

/** 10000-01-01T00:00:00Z: from there toISOString writes a six-digit signed year. */
const YEAR_10000 = 253_402_300_800;
/** 9999-12-31T23:59:59Z: the last second of a four-digit year (RFC 3339 §5.6), and of the saved state's range. */
export const MAX_ISO_SEC = YEAR_10000 - 1;

/** 10^k for k = 0…9. */
export const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];

/**
 * `isoTimestamp(tsSec, tsNsec, precisionDigits) === text`, without writing the text: the second's
 * memoised text as a prefix, then the fraction's digits read as a number and compared with the
 * nanoseconds' leading digits. For the report's timeline (report/collector.ts), which keeps an
 * alert's time as numbers when they give back its `ts` exactly.
 */
export function isIsoTimestamp(text: string, tsSec: number, tsNsec: number, precisionDigits = 6): boolean {
  // Outside integer nanoseconds 0…999,999,999 and integer digits, String/slice write other than the
  // leading digits: compare the texts.
  if (!(Number.isInteger(tsNsec) && tsNsec >= 0 && tsNsec < 1e9 && Number.isInteger(precisionDigits))) {
    return isoTimestamp(tsSec, tsNsec, precisionDigits) === text;
  }
  const sec = isoSecond(tsSec);
  const n = sec.length;
  const p = precisionDigits <= 0 ? 0 : Math.min(9, precisionDigits);
  if (text.length !== n + (p > 0 ? p + 2 : 1) || text.charCodeAt(text.length - 1) !== 0x5a /* Z */ || !text.startsWith(sec)) return false;
  if (p === 0) return true;
  if (text.charCodeAt(n) !== 0x2e /* . */) return false;
  let v = 0;
  for (let i = n + 1; i <= n + p; i++) {
    const d = text.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) return false;
    v = v * 10 + d;
  }
  return v === Math.floor(tsNsec / POW10[9 - p]!);
}

/** Char codes of `YYYY-MM-DD` of the day formatted last (the seconds of a capture share their day). */
let lastDay = -1;
let y1 = 0;
let y2 = 0;
let y3 = 0;
let y4 = 0;
let m1 = 0;
let m2 = 0;
let d1 = 0;
let d2 = 0;

/**
 * toISOString().slice(0, 19) of an integer second in years 1970–9999, without a Date: the
 * proleptic Gregorian calendar (ECMA-262 §21.4.1: days since the epoch, 86,400 s per day, no leap
 * seconds) by the civil-from-days computation (era of 400 years = 146,097 days, March-based
 * year). Measured: `new Date(…).toISOString()` was 1.6 % of the alert flood's CLI profile, the memo
 * missing on the `since` times of visited networks (any second of the capture's past).
 *
 * One flat string from its char codes (`z`: with `Z` after it), not a template literal: that made
 * a tree of concatenations, which every reader of its characters flattened again, in the runtime
 * (the alert writer's `since`, the explanation's copy; measured: bench/results-notes.md, "alert12").
 */
function civilSecond(sec: number, z: boolean): string {
  const day = Math.floor(sec / 86_400);
  if (day !== lastDay) {
    const zd = day + 719_468; // days since 0000-03-01
    const era = Math.floor(zd / 146_097);
    const doe = zd - era * 146_097;
    const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
    const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
    const mp = Math.floor((5 * doy + 2) / 153);
    const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
    const m = mp < 10 ? mp + 3 : mp - 9;
    const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
    lastDay = day;
    y1 = 48 + Math.floor(y / 1000);
    y2 = 48 + (Math.floor(y / 100) % 10);
    y3 = 48 + (Math.floor(y / 10) % 10);
    y4 = 48 + (y % 10);
    m1 = 48 + Math.floor(m / 10);
    m2 = 48 + (m % 10);
    d1 = 48 + Math.floor(d / 10);
    d2 = 48 + (d % 10);
  }
  const s = sec - day * 86_400;
  const h = Math.floor(s / 3600);
  const mi = Math.floor((s - h * 3600) / 60);
  const ss = s - h * 3600 - mi * 60;
  const h1 = 48 + Math.floor(h / 10);
  const h2 = 48 + (h % 10);
  const mi1 = 48 + Math.floor(mi / 10);
  const mi2 = 48 + (mi % 10);
  const s1 = 48 + Math.floor(ss / 10);
  const s2 = 48 + (ss % 10);
  return z
    ? String.fromCharCode(y1, y2, y3, y4, 45, m1, m2, 45, d1, d2, 84, h1, h2, 58, mi1, mi2, 58, s1, s2, 90)
    : String.fromCharCode(y1, y2, y3, y4, 45, m1, m2, 45, d1, d2, 84, h1, h2, 58, mi1, mi2, 58, s1, s2);
}

/** ISO-8601 UTC with the capture's precision: 6 digits (µs) or 9 (ns), `Z` suffix. */
export function isoTimestamp(tsSec: number, tsNsec: number, precisionDigits = 6): string {
  if (precisionDigits <= 0) {
    // `since` texts: an alert writes its visited network's twice (alertVisited, the explanation).
    const text = isoSecond(tsSec);
    const slot = tsSec & (MEMO - 1);
    if (memoSec[slot] !== tsSec) return text + 'Z';
    const z = memoTextZ[slot]!;
    if (z !== '') return z;
    // Flat, as the second's text (civilSecond); a clamped or far time's as it was.
    return (memoTextZ[slot] = Number.isInteger(tsSec) && tsSec >= 0 && tsSec < YEAR_10000 ? civilSecond(tsSec, true) : text + 'Z');
  }
  const text = isoSecond(tsSec);
  if (tsNsec >= 0 && tsNsec < 1e9 && (tsNsec | 0) === tsNsec && (precisionDigits === 6 || precisionDigits === 9 || precisionDigits === 3)) {
    // `.` + the fraction's digits + `Z` as one short flat string (String(tsNsec).padStart(9, '0')
    // .slice(0, d) for an integer in range), then one concatenation: not a number's text, its
    // padded copy, its slice and three concatenations (issue 19, alertcpu: ~180 → ~60 B per alert
    // `ts`). Digits by arithmetic: kept 3-digit texts were faster in a loop but cache misses in
    // the CLI (isoTimestamp 0.6 → 1.3 % of the flood's profile).
    if (precisionDigits === 6) {
      const u = (tsNsec / 1000) | 0;
      return text + String.fromCharCode(46, digit(u, 100_000), digit(u, 10_000), digit(u, 1000), digit(u, 100), digit(u, 10), 48 + (u % 10), 90);
    }
    if (precisionDigits === 3) return text + String.fromCharCode(46, digit(tsNsec, 100_000_000), digit(tsNsec, 10_000_000), digit(tsNsec, 1_000_000), 90);
    const n = tsNsec;
    return (
      text +
      String.fromCharCode(
        46,
        digit(n, 100_000_000),
        digit(n, 10_000_000),
        digit(n, 1_000_000),
        digit(n, 100_000),
        digit(n, 10_000),
        digit(n, 1000),
        digit(n, 100),
        digit(n, 10),
        48 + (n % 10),
        90,
      )
    );
  }
  const frac = String(tsNsec).padStart(9, '0').slice(0, Math.min(9, precisionDigits));
  return text + '.' + frac + 'Z';
}

/** The char code of the decimal digit of `n` (a non-negative integer below 2^31) at place `p` (a power of ten). */
function digit(n: number, p: number): number {
  return 48 + (((n / p) | 0) % 10);
}
