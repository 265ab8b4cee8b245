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
import { MAX_PER_TID } from './dialogue-index.js';

/** Seconds a flag lasts: the upper bound of the medium-long MAP operation timer, 10 minutes (TS 29.002, operation timers). */
export const FLAG_TTL_SEC = 600;

export class FlaggedDialogues {
  /** Ring slots filed under each transaction id. */
  private readonly byTid = new Map<number | string, number[]>();
  /** The ring: slot → its tid, subject and capture second (oldest at `next` once full). */
  private readonly tids: (number | string)[] = [];
  private readonly subjects: IdentityKey[] = [];
  private readonly secs: number[] = [];
  private next = 0;
  /** Flags dropped for room while still within {@link FLAG_TTL_SEC}. */
  evicted = 0;

  constructor(private readonly cap: number) {}

  get size(): number {
    return this.tids.length;
  }

  /** Files the dialogue `tid` about `subject` at capture second `sec` (at most MAX_PER_TID subjects per tid). */
  add(tid: number | string, subject: IdentityKey, sec: number): void {
    const list = this.byTid.get(tid);
    if (list !== undefined) {
      for (const s of list) {
        if (this.subjects[s] === subject) {
          this.secs[s] = sec;
          return;
        }
      }
      if (list.length >= MAX_PER_TID) return;
    }
    let slot: number;
    if (this.tids.length < this.cap) {
      slot = this.tids.length;
      this.tids.push(tid);
      this.subjects.push(subject);
      this.secs.push(sec);
    } else {
      slot = this.next;
      if (sec - this.secs[slot]! <= FLAG_TTL_SEC) this.evicted++;
      this.forget(slot);
      this.tids[slot] = tid;
      this.subjects[slot] = subject;
      this.secs[slot] = sec;
      this.next = (slot + 1) % this.cap;
    }
    const now = this.byTid.get(tid);
    if (now === undefined) this.byTid.set(tid, [slot]);
    else now.push(slot);
  }

  /** True when `tid` was filed about `subject` within {@link FLAG_TTL_SEC} before capture second `sec`. */
  has(tid: number | string, subject: IdentityKey, sec: number): boolean {
    const list = this.byTid.get(tid);
    if (list === undefined) return false;
    for (const s of list) if (this.subjects[s] === subject && sec - this.secs[s]! <= FLAG_TTL_SEC) return true;
    return false;
  }

  private forget(slot: number): void {
    const tid = this.tids[slot]!;
    const list = this.byTid.get(tid);
    if (list === undefined) return;
    const j = list.indexOf(slot);
    if (j >= 0) list.splice(j, 1);
    if (list.length === 0) this.byTid.delete(tid);
  }
}
