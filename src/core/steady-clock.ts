/**
 * The one clock by which state ages (subscriber TTL, registration claims, flagged dialogues, prior-IMSI links,
 * the TCAP dialogue table, the Diameter transaction table), fed with the message or frame times in capture order.
 *
 * A capture's times are not one clock: a corrupt record header stamps one frame 30 days or 2^30 s ahead, two
 * probes merged in arrival order (`mergecap -a`, a two-interface pcapng whose NICs disagree) interleave two clocks
 * minutes apart. The newest time of any frame was the clock before (red-team round 17 K2/J3): one far frame,
 * two far frames in a row, or a second source 400 s ahead switched off claim settlement, the flag gate and the
 * earlier-IMSI judgement, and expired every UL dialogue before its ISD. Here:
 *
 * - a time at most {@link CLOCK_STEP_SEC} ahead moves the clock at once (the capture's own pace; a sparse link
 *   with a message a minute);
 * - a time further ahead is held; the clock moves only when 2 such times (up to {@link CLOCK_FAR_SEC} ahead) or
 *   {@link CLOCK_AGREE} (further), each a different second, come in a row, none back within the step of the clock
 *   (the capture stayed ahead: a gap, a rotated file), to the second newest
 *   of them (one outlier among them does not lead it);
 * - a time at or behind the clock never moves it (out-of-order frames do not rewind it), and ends a held run:
 *   that run was an outlier or another source's clock ahead of this one ({@link SteadyClock.observe} says so, for
 *   `capture.clock-skew`). Two interleaved sources thus age state by the one that is behind: what they date
 *   lives longer, never shorter, by the skew.
 */

/**
 * How far ahead (seconds) a time moves the clock at once. Below every wait it protects except the claims'
 * (CLAIM_WAIT_SEC 30 s: a claim of the slower source is settled early, and its refusal still takes it back within
 * the wait after that) and far below the TCAP dialogue age (300 s), the flag TTL (1,200 s) and the subscriber
 * TTL (days); above the gaps of a quiet link, whose every message would otherwise wait for agreement.
 */
export const CLOCK_STEP_SEC = 60;

/** Consecutive different times further ahead than {@link CLOCK_FAR_SEC} that move the clock (J3: two corrupt headers in a row did). */
export const CLOCK_AGREE = 3;

/**
 * A lead up to this (an hour, rt16 I4's bound: past every dialogue-scale wait, far below the subscriber TTL) takes two
 * different times in a row to move the clock (a quiet link's next message confirms its gap; another source's clock
 * ahead is interleaved with this one's, K2d); a longer one {@link CLOCK_AGREE}.
 */
export const CLOCK_FAR_SEC = 3600;

export class SteadyClock {
  /** The clock (seconds); 0 before the first time. */
  now = 0;
  /** Times of the held run, in order (≤ CLOCK_AGREE). */
  private readonly run = new Float64Array(CLOCK_AGREE);
  private runLength = 0;
  /** The held run's farthest lead over the clock, and its length, of the last run a time ended ({@link observe} true). */
  skewSec = 0;
  skewFrames = 0;

  /** The newest time held ahead (0: none): a state file saves it when nothing came after it to tell it an outlier. */
  get heldSec(): number {
    let m = 0;
    for (let i = 0; i < this.runLength; i++) if (this.run[i]! > m) m = this.run[i]!;
    return m;
  }

  /**
   * Feeds time `t` (seconds, capture order). True when it ended a held run: times ahead of the clock followed
   * by one back at it, not the capture's clock (their count and lead: {@link skewFrames}, {@link skewSec}).
   */
  observe(t: number): boolean {
    const now = this.now;
    if (t <= now + CLOCK_STEP_SEC || now === 0) {
      if (t > now) this.now = t;
      return this.runLength !== 0 && this.endRun(now);
    }
    // A time the run holds already (another message of the frame, another reader of the same message) is no agreement;
    // one back before the run (by more than the step) ends it as {@link endRun} and starts another.
    let skew = false;
    for (let i = 0; i < this.runLength; i++) {
      if (this.run[i] === t) return false;
      if (t < this.run[i]! - CLOCK_STEP_SEC) skew = true;
    }
    if (skew) this.endRun(now);
    this.run[this.runLength++] = t;
    if (this.runLength === CLOCK_AGREE || (this.runLength === 2 && this.run[0]! - now <= CLOCK_FAR_SEC && t - now <= CLOCK_FAR_SEC)) {
      this.now = secondNewest(this.run);
      this.runLength = 0;
    }
    return skew;
  }

  private endRun(now: number): true {
    let lead = 0;
    for (let i = 0; i < this.runLength; i++) lead = Math.max(lead, this.run[i]! - now);
    this.skewSec = lead;
    this.skewFrames = this.runLength;
    this.runLength = 0;
    return true;
  }
}

function secondNewest(a: Float64Array): number {
  let first = -Infinity;
  let second = -Infinity;
  for (const v of a) {
    if (v > first) {
      second = first;
      first = v;
    } else if (v > second) second = v;
  }
  return second;
}
