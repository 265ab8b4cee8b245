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
 */
import type { IdentityKey } from '../core/identity-key.js';
import { MAX_PER_TID } from './dialogue-index.js';

export class FlaggedDialogues {
  private readonly byTid = new Map<number | string, IdentityKey[]>();
  /** A ring of the filed (tid, subject) pairs (oldest at `next` once full): the one to forget next. */
  private readonly tids: (number | string)[] = [];
  private readonly subjects: IdentityKey[] = [];
  private next = 0;

  constructor(private readonly cap: number) {}

  get size(): number {
    return this.tids.length;
  }

  /** Files the dialogue `tid` about `subject`, forgetting the oldest when `cap` are filed (at most MAX_PER_TID subjects per tid). */
  add(tid: number | string, subject: IdentityKey): void {
    let list = this.byTid.get(tid);
    if (list !== undefined && (list.includes(subject) || list.length >= MAX_PER_TID)) return;
    if (this.tids.length < this.cap) {
      this.tids.push(tid);
      this.subjects.push(subject);
    } else {
      const i = this.next;
      this.forget(this.tids[i]!, this.subjects[i]!);
      this.tids[i] = tid;
      this.subjects[i] = subject;
      this.next = (i + 1) % this.cap;
      list = this.byTid.get(tid);
    }
    if (list === undefined) this.byTid.set(tid, [subject]);
    else list.push(subject);
  }

  has(tid: number | string, subject: IdentityKey): boolean {
    const list = this.byTid.get(tid);
    return list?.includes(subject) === true;
  }

  private forget(tid: number | string, subject: IdentityKey): void {
    const list = this.byTid.get(tid);
    if (list === undefined) return;
    const j = list.indexOf(subject);
    if (j >= 0) list.splice(j, 1);
    if (list.length === 0) this.byTid.delete(tid);
  }
}
