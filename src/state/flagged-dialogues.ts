/**
 * The TC-BEGINs a rule flagged (a level above info) or whose origin is a spoofed GT of the home
 * country (detect/engine.ts `spoofed`, context.ts spoofedHomeGt), by their otid and the subscriber
 * they are about, the newest `cap`: no Continue / End of such a dialogue teaches a location or an
 * identity link (state/learn.ts; review 11-B #1: an attacker sent the Begin and the End of an ATI,
 * spoofed home GTs on both; the Begin alerted, the End's result still moved the subscriber to the
 * attacker's VLR).
 *
 * Keyed by the transaction id and the link, as DialogueIndex is: the GT the answers go to (the
 * Begin's calling GT; '' when it has none). An answer names its link by its called GT; one with
 * none (PC-routed), or a flag without one, matches any link: the decoder pairs an End with its
 * Begin only by that GT or by a point-code form of the node (ss7/tcap-dialogues.ts), so a forged
 * answer cannot name another GT and still answer the Begin. The subscriber is what the Begin
 * carries (its IMSI, else its MSISDN; learn.ts flagDialogue), never a link of this thread's store,
 * so every `scan --workers` thread files a Begin alike; an answer is matched by its IMSI, its MSISDN
 * or the identity the store links either to (learn.ts flaggedTid).
 *
 * A flag lasts {@link flagTtlSec} of capture time (1200 s by default) from the last Continue of its
 * dialogue seen ({@link refresh}, of any TCAP user: learn.ts keepsFlags), longer than any MAP operation waits for its answer and than the
 * TCAP dialogue table keeps an idle dialogue (limits.dialogueAgeSec): red team rt13 F2, two empty
 * Continues kept the attacker's dialogue open past the flag's 600 s from the Begin, and its End was
 * learned; review 13-A #1, TCAP-only Continues (MAP v1 at SSN 0) did the same unseen. Beyond `cap`
 * flags the oldest goes; one still within its time is counted (`evicted`, reported by the detector
 * as `state.flagged-dialogue-evicted`: review 12-C #3, a flood of spoofed Begins that raise nothing
 * above info pushed the attacker's own flag out silently). A tid holds at most MAX_PER_TID flags (all
 * links): a full chain reuses an expired slot, else the tid overflows (`overflowed`, reported as
 * `state.flagged-dialogue-saturated`) and fails closed: flagged for every subject and link until the
 * newest flag filed on it (or a later Continue on it) is {@link ttl} old, whether or not its flags
 * are still in the ring (rt13 F1: 16 filler Begins on the attacker's otid made `add` refuse the
 * attacker's own flag; review 13-A #2: 16 sent after it evicted it; final read 13-A #6: a ring wrap
 * that emptied the tid's chain dropped the hold with it).
 *
 * A store holds two rings ({@link DialogueFlags}): spoofed Begins, filed in every `scan --workers`
 * thread, and the Begins a rule flagged, filed only by the thread that detects on them.
 */
import type { IdentityKey } from '../core/identity-key.js';
import { MAX_PER_TID, type TidKey } from './dialogue-index.js';
import { TidRing } from './tid-ring.js';

/**
 * The upper bound of the medium-long MAP operation timer, 10 minutes (TS 29.002, operation timers);
 * a flag lasts twice the larger of it and the dialogue idle limit ({@link flagTtlSec}).
 */
export const FLAG_TTL_SEC = 600;

/**
 * Seconds a flag lasts from the last message of its dialogue: twice the longest of {@link FLAG_TTL_SEC}
 * and the time the TCAP dialogue table keeps an idle dialogue (`dialogueAgeSec`), so the flag outlives
 * any dialogue the decoder still holds (review 13-A #1: a `limits.dialogueAgeSec` above 600 s, or an
 * Event API caller's own decoder keeping dialogues longer, let a late End past its flag).
 */
export function flagTtlSec(dialogueAgeSec = 0): number {
  return 2 * Math.max(FLAG_TTL_SEC, dialogueAgeSec);
}

export class FlaggedDialogues {
  /**
   * Tids whose chain overflowed (MAX_PER_TID flags within their time), with the capture second of
   * the newest flag filed on them: flagged for every subject and link until {@link ttl} after it
   * (review 13-A #2: 16 filler Begins filed after the attacker's pushed its flag out), kept when a
   * ring wrap empties their chain (final read 13-A #6). Oldest update first (each update moves its
   * tid to the end); at most {@link maxSaturated} tids: as many as the ring holds full at once.
   * Beyond it the oldest hold goes, counted in `evicted` when still within its time.
   */
  private readonly saturated = new Map<TidKey, number>();
  private readonly maxSaturated: number;
  /** The ring (tid and link per slot, chained per tid); per slot also its subject, capture second and `own`. */
  private readonly ring: TidRing;
  private readonly subjects: IdentityKey[] = [];
  private readonly secs: number[] = [];
  /** Per slot: filed by the thread that detects on its Begin (`add`'s `own`). */
  private readonly owns: boolean[] = [];
  /**
   * Flags filed `own` dropped for room (ring wrap, or a saturated tid's hold beyond {@link maxSaturated},
   * counted by the filing that pushed it out) while still within {@link ttl}: under `scan --workers`
   * every thread files a spoofed Begin alike (its own ring, {@link DialogueFlags}) but only its
   * subscriber's thread counts its loss, so the threads' counts add up to one thread's (review 13-A #2).
   */
  evicted = 0;
  /** Times a tid's chain overflowed on a filing `own`: the tid turned flagged for every subject ({@link saturated}); nothing is lost. */
  overflowed = 0;

  constructor(
    cap: number,
    /** Seconds a flag lasts ({@link flagTtlSec}). */
    readonly ttl = flagTtlSec(),
  ) {
    this.ring = new TidRing(cap);
    this.maxSaturated = Math.max(1, Math.floor(cap / MAX_PER_TID));
  }

  get size(): number {
    return this.ring.size;
  }

  /**
   * Files the dialogue `tid` of `link` about `subject` at capture second `sec`. At most MAX_PER_TID
   * per tid: an expired one of the chain is reused, else, when full, the tid turns flagged for every
   * subject and link until {@link ttl} after `sec` (fail closed) and the chain's oldest slot takes the newcomer.
   */
  add(tid: TidKey, link: string, subject: IdentityKey, sec: number, own = true): void {
    const ttl = this.ttl;
    const r = this.ring;
    let n = 0;
    let oldest = -1;
    for (let s = r.first(tid); s >= 0; s = r.after(s), n++) {
      if (this.subjects[s] === subject && r.links[s] === link) {
        if (sec > this.secs[s]!) this.secs[s] = sec;
        if (own) this.owns[s] = true;
        return;
      }
      // `<=`: of equal seconds the one filed first (the chain runs newest first).
      if (oldest < 0 || this.secs[s]! <= this.secs[oldest]!) oldest = s;
    }
    if (oldest >= 0 && (n >= MAX_PER_TID || sec - this.secs[oldest]! > ttl)) {
      if (sec - this.secs[oldest]! <= ttl) {
        // Full within its time: no flag is given up, the whole tid is held (review 13-A #2).
        const was = this.saturated.get(tid);
        if (own && (was === undefined || sec - was > ttl)) this.overflowed++;
        if (was === undefined || sec > was) this.hold(tid, sec, own);
      }
      // In place: the slot stays in its tid's chain and its place in the ring.
      r.links[oldest] = link;
      this.subjects[oldest] = subject;
      this.secs[oldest] = sec;
      this.owns[oldest] = own;
      return;
    }
    const lost = r.victim;
    if (lost >= 0 && this.owns[lost] && sec - this.secs[lost]! <= ttl) this.evicted++;
    const slot = r.file(tid, link);
    this.subjects[slot] = subject;
    this.secs[slot] = sec;
    this.owns[slot] = own;
  }

  /**
   * Whether {@link has} can hold for `tid` at all (some subject, some link): a flag is filed under it, or it
   * overflowed within {@link ttl} before `sec`. One lookup, for an answer about several subjects (learn.ts flaggedTid).
   */
  mayHold(tid: TidKey, sec: number): boolean {
    if (this.ring.first(tid) >= 0) return true;
    if (this.saturated.size === 0) return false;
    const sat = this.saturated.get(tid);
    return sat !== undefined && sec - sat <= this.ttl;
  }

  /** True when `tid` of `link` ('': any) was filed about `subject` within {@link ttl} before capture second `sec`, or `tid` overflowed then. */
  has(tid: TidKey, link: string, subject: IdentityKey, sec: number): boolean {
    const ttl = this.ttl;
    if (this.saturated.size !== 0) {
      // Before the chain: the hold outlives it (a ring wrap may have emptied it).
      const sat = this.saturated.get(tid);
      if (sat !== undefined && sec - sat <= ttl) return true;
    }
    const r = this.ring;
    for (let s = r.first(tid); s >= 0; s = r.after(s)) {
      if (this.subjects[s] === subject && sec - this.secs[s]! <= ttl && sameLink(r.links[s]!, link)) return true;
    }
    return false;
  }

  /** A Continue of the dialogue `tid` of `link` ('': any) at capture second `sec` (learn.ts keepsFlags): its flags, still within their time, last from then. */
  refresh(tid: TidKey, link: string, sec: number): void {
    const ttl = this.ttl;
    if (this.saturated.size !== 0) {
      // An overflowed tid: a Continue on it holds the whole tid (the flag it stands for is gone).
      const sat = this.saturated.get(tid);
      if (sat !== undefined && sec > sat && sec - sat <= ttl) this.hold(tid, sec, false);
    }
    const r = this.ring;
    for (let s = r.first(tid); s >= 0; s = r.after(s)) {
      if (sec > this.secs[s]! && sec - this.secs[s]! <= ttl && sameLink(r.links[s]!, link)) this.secs[s] = sec;
    }
  }

  /**
   * Holds saturated `tid` until {@link ttl} after `sec` (its newest update last); a new one beyond
   * {@link maxSaturated} drops the oldest, counted as lost when still within its time and `own`.
   */
  private hold(tid: TidKey, sec: number, own: boolean): void {
    const sat = this.saturated;
    if (!sat.delete(tid) && sat.size >= this.maxSaturated) {
      const [oldest, at] = sat.entries().next().value!;
      sat.delete(oldest);
      if (own && sec - at <= this.ttl) this.evicted++;
    }
    sat.set(tid, sec);
  }
}

/**
 * A store's flags (SubscriberStore.flaggedDialogues), in two rings of `cap` each so that the one every
 * `scan --workers` thread files alike turns alike in every thread: spoofed Begins (detect/engine.ts
 * record and observeRecord file each in every thread, `own` in its subscriber's) and the Begins a rule
 * flagged, which only the thread that detects on them files. In one ring, a thread's own flagged
 * Begins pushed out its copies of spoofed ones sooner than the owning thread lost its flag, and
 * nothing counted it: an End naming another IMSI, detected in that IMSI's thread, was learned there
 * (final read 13-A #4). Now every thread drops a spoofed Begin's flag at the same filing, which the
 * owning thread counts: a Begin is keyed by its own identities, so a refresh in one thread is one in
 * every thread (review 14-B #2: keyed by the store's MSISDN link, an MSISDN-only Begin and an IMSI
 * Begin on the same tid and link took one slot in the IMSI's thread and two elsewhere). Both rings full: 9.9–11 MB of heap with numeric
 * subscriber keys, 24.6 MB with string keys (review 14-B, its mem.mjs).
 */
export class DialogueFlags {
  readonly spoofed: FlaggedDialogues;
  readonly flagged: FlaggedDialogues;

  constructor(cap: number, ttl = flagTtlSec()) {
    this.spoofed = new FlaggedDialogues(cap, ttl);
    this.flagged = new FlaggedDialogues(cap, ttl);
  }

  get ttl(): number {
    return this.flagged.ttl;
  }

  get size(): number {
    return this.flagged.size + this.spoofed.size;
  }

  /** Flags dropped within their time, counted by the thread that owns them ({@link FlaggedDialogues.evicted}). */
  get evicted(): number {
    return this.flagged.evicted + this.spoofed.evicted;
  }

  /** Tids turned flagged for every subject ({@link FlaggedDialogues.overflowed}). */
  get overflowed(): number {
    return this.flagged.overflowed + this.spoofed.overflowed;
  }

  /** Files a Begin kept out: in the spoofed ring when `spoofed`, `own` false for another thread's (FlaggedDialogues.add). */
  add(tid: TidKey, link: string, subject: IdentityKey, sec: number, spoofed: boolean, own = true): void {
    if (spoofed) this.spoofed.add(tid, link, subject, sec, own);
    else this.flagged.add(tid, link, subject, sec);
  }

  has(tid: TidKey, link: string, subject: IdentityKey, sec: number): boolean {
    return (this.flagged.size !== 0 && this.flagged.has(tid, link, subject, sec)) || (this.spoofed.size !== 0 && this.spoofed.has(tid, link, subject, sec));
  }

  /** Whether {@link has} can hold for `tid` (any subject, any link): {@link FlaggedDialogues.mayHold} of either ring. */
  mayHold(tid: TidKey, sec: number): boolean {
    return (this.flagged.size !== 0 && this.flagged.mayHold(tid, sec)) || (this.spoofed.size !== 0 && this.spoofed.mayHold(tid, sec));
  }

  refresh(tid: TidKey, link: string, sec: number): void {
    if (this.flagged.size !== 0) this.flagged.refresh(tid, link, sec);
    if (this.spoofed.size !== 0) this.spoofed.refresh(tid, link, sec);
  }
}

/** A flag's link and an answer's: the same GT, or either names none (module comment). */
function sameLink(filed: string, link: string): boolean {
  return filed === link || filed === '' || link === '';
}
