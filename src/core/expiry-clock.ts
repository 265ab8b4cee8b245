/**
 * The clock that EXPIRES state (subscriber TTL, registration claims and their settlement, flagged dialogues, earlier-IMSI
 * links, the TCAP dialogue table, the Diameter transaction table), kept apart from the time things are STAMPED with
 * (each message's own time: a dialogue, a claim, a flag keeps the time of the message that made it).
 *
 * A capture's times are not one clock: a corrupt record header stamps one frame 30 days or 2^30 s ahead, two such
 * frames can come in a row, and two probes merged in arrival order (`mergecap -a`, a two-interface pcapng whose
 * NICs disagree) interleave two clocks minutes apart. The newest time of any frame was the clock (red-team round 17
 * K2, K2b, K2c, K2d, J3): one far frame switched off claim settlement, the flag gate and the earlier-IMSI judgement
 * for the rest of the capture, two moved the TTL clock and evicted every registration, and a second source 400 s
 * ahead expired every UL dialogue before its ISD. Here:
 *
 * - a time at most {@link CLOCK_STEP_SEC} ahead moves the clock at once (the capture's own pace): on a capture whose
 *   times never leap further the clock is the newest time, as before;
 * - a time further ahead is held. The clock moves when the capture STAYS ahead: {@link NEAR_AGREE} different seconds in
 *   a row up to {@link NEAR_SEC} ahead (an honest quiet gap of minutes: the frame after the first confirms it), or
 *   {@link FAR_AGREE} past it (a gap of hours or days: a rotated file; two corrupt headers in a row do not, J3), and
 *   then to the second newest of them (one outlier among them does not lead it). A stamp made while the clock holds back is
 *   the message's own time, so a dialogue opened by the first message after a gap is not idle when the clock follows
 *   (the round-17 attempt stamped it with the held clock and expired it at its next message);
 * - a time back within the step ends the held run ({@link observe} true): the run was a misdated frame or another
 *   source's clock ahead of this one. Two interleaved sources thus age state by the one that is BEHIND: what the one
 *   ahead dates lives longer by the skew, never shorter. For an hour after a run ended so, {@link FAR_AGREE} times are
 *   needed however near (a burst of the source ahead, two of its frames in a row, does not carry the clock to it);
 * - it never moves back (out-of-order frames do not rewind it), except from the capture's first time until a time within
 *   the step agrees with it: a time further back before that takes the clock back (a misdated first frame, or a merge
 *   of two probes that opens with the one ahead, review 18-A F2 / F1a).
 */

/**
 * How far ahead (s) a time moves the clock at once: the capture's own pace (a sparse link with a message a minute
 * moves it at every message). Far below the TCAP dialogue age (300 s), the flag TTL (1,200 s) and the subscriber TTL
 * (days), so a skew this small shortens those by at most a fifth; K2d's failures began at 400 s.
 */
const CLOCK_STEP_SEC = 60;
/** A lead up to this (an hour: past every dialogue-scale wait, far below the subscriber TTL) moves the clock after {@link NEAR_AGREE} times. */
const NEAR_SEC = 3600;
const NEAR_AGREE = 2;
/** A longer lead moves it after this many different seconds in a row (J3: two corrupt headers in a row did). */
const FAR_AGREE = 4;

export class ExpiryClock {
  /** The clock (s); 0 before the first time. */
  now = 0;
  /** No time within the step has agreed with the first yet (it may be a misdated frame: a time further back takes the clock back). */
  private provisional = false;
  /** Times of the held run, in arrival order (≤ FAR_AGREE). */
  private readonly run = new Float64Array(FAR_AGREE);
  private runLength = 0;
  /** The farthest lead (s) over the clock of the last run a time ended ({@link observe} true). */
  skewSec = 0;
  /**
   * The clock when a run last ended: for an hour after it, a run needs {@link FAR_AGREE} times to move the clock (a second
   * source is ahead: two of its frames in a row, a burst of a merge in arrival order, must not carry the clock to it).
   */
  private skewAt = -Infinity;

  /** A time is held ahead (a run waits for agreement). */
  get holding(): boolean {
    return this.runLength !== 0;
  }

  /** The first time of the run held ahead (valid while {@link holding}). */
  get runStart(): number {
    return this.run[0]!;
  }

  /** The newest time held ahead (0: none): a state file saves it when nothing came after it to tell it an outlier. */
  get heldSec(): number {
    let m = 0;
    for (let i = 0; i < this.runLength; i++) if (this.run[i]! > m) m = this.run[i]!;
    return m;
  }

  /** `t` bounded by the clock: a message's own time, unless it is ahead of the clock (then the clock). */
  at(t: number): number {
    return Math.min(t, this.now);
  }

  /** Takes the clock as it is, with no further rollback of a first time: it came from a state file or a restored record, not a frame. */
  settle(): void {
    this.provisional = false;
  }

  /** Feeds time `t` (s, capture order). True when it ended a held run: times ahead of the clock, then one back ({@link skewSec}). */
  observe(t: number): boolean {
    const now = this.now;
    if (now === 0) {
      this.now = t;
      this.provisional = true;
      return false;
    }
    if (this.provisional) {
      // The first time is nobody's agreement (review 18-A F2, F1a: a corrupt first record header, or a merge of two probes
      // that opens with the one ahead, set every clock there for good). Until a time within the step agrees with it, a
      // time further back takes the clock back: what the earlier time dates then lives longer, never shorter.
      if (t < now - CLOCK_STEP_SEC) {
        this.now = t;
        this.skewSec = now - t;
        this.skewAt = t;
        return true;
      }
      // The same second again (another message of the frame, a second reader of one message) is no agreement.
      if (t <= now + CLOCK_STEP_SEC && t !== now) this.provisional = false;
    }
    if (t <= now + CLOCK_STEP_SEC) {
      if (t > now) this.now = t;
      return this.runLength !== 0 && this.endRun(now);
    }
    // The same time again (another message of the frame, a second reader of one message) is no agreement; a time
    // before the run by more than the step ends it (its times were outliers) and starts another.
    let ended = false;
    for (let i = 0; i < this.runLength; i++) {
      if (this.run[i] === t) return false;
      if (t < this.run[i]! - CLOCK_STEP_SEC) ended = true;
    }
    if (ended) this.endRun(now);
    this.run[this.runLength++] = t;
    if (this.runLength === FAR_AGREE || (this.runLength === NEAR_AGREE && this.maxRun() - now <= NEAR_SEC && now - this.skewAt > NEAR_SEC)) {
      this.now = this.secondNewest();
      this.runLength = 0;
    }
    return ended;
  }

  private endRun(now: number): true {
    this.skewSec = this.maxRun() - now;
    this.skewAt = now;
    this.runLength = 0;
    return true;
  }

  private maxRun(): number {
    let m = -Infinity;
    for (let i = 0; i < this.runLength; i++) if (this.run[i]! > m) m = this.run[i]!;
    return m;
  }

  /** The run's second newest time: one outlier among its times does not lead the clock (the run holds ≥ 2). */
  private secondNewest(): number {
    let first = -Infinity;
    let second = -Infinity;
    for (let i = 0; i < this.runLength; i++) {
      const v = this.run[i]!;
      if (v > first) {
        second = first;
        first = v;
      } else if (v > second) second = v;
    }
    return second;
  }
}
