/**
 * The TC-BEGINs a rule flagged (a level above info) or whose origin is a spoofed home GT (detect/
 * engine.ts), by their otid and the subscriber they are about, the newest `cap`: no Continue / End
 * of such a dialogue teaches a location or an identity link (state/learn.ts; review 11-B #1: an
 * attacker sent the Begin and the End of an ATI, spoofed home GTs on both; the Begin alerted, the
 * End's result still moved the subscriber to the attacker's VLR).
 *
 * Keyed by the transaction id alone, not the GT the answers go to: the answer's called address is
 * the sender's to write (a PC-routed one names no GT). The subscriber is the one a `scan --workers`
 * thread is chosen by (api/workers-shard.ts: the IMSI, else the IMSI the MSISDN was last seen with,
 * else the MSISDN), so every thread decides alike: the thread holding the flag is the one an answer
 * about the same subscriber is detected in, and an answer about another one is not flagged in any.
 *
 * A flag lasts {@link FLAG_TTL_SEC} of capture time, longer than any MAP operation waits for its
 * answer. Beyond `cap` flags the oldest goes; one still within its time is counted (`evicted`,
 * reported by the detector as `state.flagged-dialogue-evicted`: review 12-C #3, a flood of spoofed
 * Begins that raise nothing above info pushed the attacker's own flag out silently).
 */
import type { IdentityKey } from '../core/identity-key.js';
import { MAX_PER_TID, type TidKey } from './dialogue-index.js';

/** Seconds a flag lasts: the upper bound of the medium-long MAP operation timer, 10 minutes (TS 29.002, operation timers). */
export const FLAG_TTL_SEC = 600;

export class FlaggedDialogues {
  /** The newest ring slot filed under each transaction id; the others follow through {@link nextSame}. */
  private readonly head = new Map<TidKey, number>();
  /** The ring: slot → its tid, subject, capture second, and the next slot of the same tid (−1: none); oldest at `next` once full. */
  private readonly tids: TidKey[] = [];
  private readonly subjects: IdentityKey[] = [];
  private readonly secs: number[] = [];
  private readonly nextSame: number[] = [];
  private next = 0;
  /** Flags dropped for room while still within {@link FLAG_TTL_SEC}. */
  evicted = 0;

  constructor(private readonly cap: number) {}

  get size(): number {
    return this.tids.length;
  }

  /** Files the dialogue `tid` about `subject` at capture second `sec` (at most MAX_PER_TID subjects per tid). */
  add(tid: TidKey, subject: IdentityKey, sec: number): void {
    let n = 0;
    for (let s = this.head.get(tid) ?? -1; s >= 0; s = this.nextSame[s]!, n++) {
      if (this.subjects[s] === subject) {
        this.secs[s] = sec;
        return;
      }
    }
    if (n >= MAX_PER_TID) return;
    let slot: number;
    if (this.tids.length < this.cap) {
      slot = this.tids.length;
      this.tids.push(tid);
      this.subjects.push(subject);
      this.secs.push(sec);
      this.nextSame.push(-1);
    } else {
      slot = this.next;
      if (sec - this.secs[slot]! <= FLAG_TTL_SEC) this.evicted++;
      this.forget(slot);
      this.tids[slot] = tid;
      this.subjects[slot] = subject;
      this.secs[slot] = sec;
      this.next = (slot + 1) % this.cap;
    }
    this.nextSame[slot] = this.head.get(tid) ?? -1;
    this.head.set(tid, slot);
  }

  /** True when `tid` was filed about `subject` within {@link FLAG_TTL_SEC} before capture second `sec`. */
  has(tid: TidKey, subject: IdentityKey, sec: number): boolean {
    for (let s = this.head.get(tid) ?? -1; s >= 0; s = this.nextSame[s]!) {
      if (this.subjects[s] === subject && sec - this.secs[s]! <= FLAG_TTL_SEC) return true;
    }
    return false;
  }

  /** Unlinks `slot` from its tid's chain (at most MAX_PER_TID long). */
  private forget(slot: number): void {
    const tid = this.tids[slot]!;
    const after = this.nextSame[slot]!;
    let s = this.head.get(tid) ?? -1;
    if (s === slot) {
      if (after < 0) this.head.delete(tid);
      else this.head.set(tid, after);
      return;
    }
    while (s >= 0 && this.nextSame[s] !== slot) s = this.nextSame[s]!;
    if (s >= 0) this.nextSame[s] = after;
  }
}
