/**
 * Requests that would confirm or end the subscriber's presence at its visited node, until their answer
 * (red-team round 21 P3, P5).
 *
 * The sender of a request writes its own identity: the Origin-Host / Origin-Realm of an S6a IDR, AIR, PUR or CLR
 * (TS 29.272 §7.2; RFC 6733 §6.3, §6.4), the calling GT of a MAP SendAuthenticationInfo, InsertSubscriberData,
 * PurgeMS or CancelLocation (Q.713 §3.4). One such request wearing the visited node's or the home's identity, from
 * anywhere, confirmed the subscriber still at its old visited network (an honest trip then read as impossible travel)
 * or cleared it (every later origin judged one level lower). What the capture shows of the claimed node instead is its
 * answer: the request is kept here, and it confirms or clears only when the addressee's success answer arrives,
 * matched to it (events/record.ts `answersRequest`: Diameter, the same ids on the reverse of its connection, RFC 6733
 * §6.2; MAP, sent in the request's dialogue by the node it was addressed to, TS 29.002 §17.1 / Q.774 §3.2.2), with
 * the request's own time and frame as the evidence (state/learn.ts presenceRequest, presenceAnswer). A request
 * joined to its answer captured before it (reordering) acts at once.
 *
 * Keyed by the request's transaction: MAP its OrigTransactionID and calling GT (the answer's DestTransactionID and
 * called GT), Diameter its End-to-End id (RFC 6733 §3: the answer carries it unchanged). Bounded: at most
 * {@link PENDING_PRESENCE} wait, the oldest dropped first beyond that (counted, `evicted`, unless already past its answer time); an answer later than
 * {@link PRESENCE_ANSWER_SEC} of capture time after its request does not act (the operation timers are shorter:
 * TS 29.002 §17.1.2, medium ≤ 30 s). Not in the state file: a request whose answer is in the next file of a rotated
 * capture confirms and clears nothing.
 */
import type { IdentityKey } from '../core/identity-key.js';
import type { TidKey } from './dialogue-index.js';

/** Requests waiting for their answer at most (as the held results, held-results.ts HELD). */
export const PENDING_PRESENCE = 1024;

/** Capture seconds within which an answer acts for its request (above the TS 29.002 §17.1.2 medium timer, 30 s). */
export const PRESENCE_ANSWER_SEC = 60;

/** A request that confirms (`clear` false) or ends the presence at `address` once answered. */
export interface PresenceRequest {
  /** MAP: the request's calling GT (where its answer goes); Diameter: '' (the End-to-End id alone). */
  readonly link: string;
  /** MAP operation code or S6a command code, which the answer must carry too. */
  readonly op: number;
  readonly diameter: boolean;
  /** The subscriber (its IMSI key) and the visited node the request named. */
  readonly imsi: IdentityKey;
  readonly address: string | undefined;
  readonly clear: boolean;
  /** What confirmed (Location.confirmed `by`). */
  readonly by: string;
  readonly tsSec: number;
  readonly tsNsec: number;
  readonly frame: number;
}

export class PendingPresence {
  /** By transaction key, in request order (the oldest first). */
  private readonly byTid = new Map<TidKey, PresenceRequest>();
  /** Requests dropped unanswered to make room ({@link PENDING_PRESENCE}) while their answer could still act. */
  evicted = 0;

  get size(): number {
    return this.byTid.size;
  }

  /** Files request `r` of transaction `tid` (a later request of the same key replaces it). */
  add(tid: TidKey, r: PresenceRequest): void {
    if (!this.byTid.delete(tid) && this.byTid.size >= PENDING_PRESENCE) {
      const [oldestTid, oldest] = this.byTid.entries().next().value!;
      this.byTid.delete(oldestTid);
      // One past its answer time acts no more ({@link take}): dropping it loses nothing, so it is not counted (red-team
      // rt22 Q5: on a one-way tap every request past the first 1,024 reported a dead one, 2,976 anomalies for 4,000 AIRs).
      if (r.tsSec - oldest.tsSec <= PRESENCE_ANSWER_SEC) this.evicted++;
    }
    this.byTid.set(tid, r);
  }

  /**
   * The request an answer of transaction `tid` (`link`, `op`, `diameter` as {@link PresenceRequest}) at capture time
   * `nowSec` answers, taken out of the table; undefined when none (another transaction's, or too late).
   */
  take(tid: TidKey, link: string, op: number | undefined, diameter: boolean, nowSec: number): PresenceRequest | undefined {
    if (this.byTid.size === 0) return undefined;
    const r = this.byTid.get(tid);
    if (r === undefined || r.link !== link || r.op !== op || r.diameter !== diameter) return undefined;
    this.byTid.delete(tid);
    return nowSec - r.tsSec > PRESENCE_ANSWER_SEC ? undefined : r;
  }
}
