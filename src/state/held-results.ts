/**
 * Location results captured before their request (reordering, issue 15 × red-team round 11 R1).
 *
 * The state learns a MAP result only when it answers a request the capture saw (learn.ts,
 * `answersRequest`). With M3UA load sharing or merged links the HLR's TC-END can be captured
 * before the TC-BEGIN it answers, often at the same timestamp: the TCAP table then opens an orphan
 * dialogue the Begin joins later (ss7/tcap-dialogues.ts). Such a result is held here, keyed by its
 * orphan's number (events/record.ts `orphan`) and invoke id, until the Begin that joins the orphan
 * — addressed to the node the result came from, the test the TCAP table makes of an answer
 * captured after its Begin (DialogueTable.setOpener) — arrives with an invoke of the same id and
 * operation, OrigTransactionID = the result's DestTransactionID: then it is learned as if captured
 * after that Begin (learn.ts `learnJoined`). A result no Begin joins teaches nothing, as before (R1:
 * an unsolicited TC-END must not move the subscriber).
 *
 * Bounded: a result waits `limits.reorderWaitSec` of capture time (the TCAP table's join window);
 * at most {@link HELD} wait, the oldest dropped first beyond that (counted: `evicted`, reported by
 * the detector as anomaly `state.held-result-evicted`); waits that pass unjoined are counted
 * (`expired`). Touched only for results of orphan dialogues and the Begins that join them.
 */
import type { IdentityKey } from '../core/identity-key.js';
import type { LocationKind } from './subscribers.js';
import type { TidKey } from './dialogue-index.js';

/** Results held at most (as the early registration answers, subscribers.ts EARLY): each waits only reorderWaitSec. */
export const HELD = 1024;

/** What a location result teaches (learn.ts learnResult), kept until its Begin joins. */
export interface HeldResult {
  /** The result's DestTransactionID (learn.ts tidKey): the OrigTransactionID of the Begin it answers. */
  readonly tid: TidKey | undefined;
  readonly opcode: number;
  readonly node: string | undefined;
  readonly kind: LocationKind;
  /** The result's identities (its own, else its orphan dialogue's); the Begin's fill the gaps. */
  readonly imsi: IdentityKey | undefined;
  readonly msisdn: IdentityKey | undefined;
  /** The result's calling GT, else its calling point code or MTP OPC (learn.ts fromHome). */
  readonly gt: string | undefined;
  readonly pc: number | undefined;
  readonly tsSec: number;
  readonly tsNsec: number;
  readonly frame: number;
}

/** One key per (orphan, invoke id): invoke ids are one octet (Q.773 §4.2.2.1; 16 bits kept), an orphan's number an integer below 2^36. */
function keyOf(orphan: number, invokeId: number): number {
  return orphan * 65536 + (invokeId & 0xffff);
}

export class HeldResults {
  /** By {@link keyOf}, in holding order (capture order: the oldest first). */
  private readonly byKey = new Map<number, HeldResult>();
  /** Results dropped to make room ({@link HELD}). */
  evicted = 0;
  /** Results whose wait passed with no Begin joining. */
  expired = 0;

  constructor(private readonly waitSec: number) {}

  get size(): number {
    return this.byKey.size;
  }

  /** Holds result `r` (invoke id `invokeId`) of orphan `orphan` at capture time `nowSec`. */
  hold(orphan: number, invokeId: number, r: HeldResult, nowSec: number): void {
    this.expire(nowSec);
    const k = keyOf(orphan, invokeId);
    if (!this.byKey.delete(k) && this.byKey.size >= HELD) {
      this.byKey.delete(this.byKey.keys().next().value!);
      this.evicted++;
    }
    this.byKey.set(k, r);
  }

  /**
   * The result of orphan `orphan` answering the joining Begin's invoke (`invokeId`, `opcode`,
   * OrigTransactionID key `tid`), within the wait of `nowSec`; taken out of the table.
   */
  take(orphan: number, invokeId: number, opcode: number | undefined, tid: TidKey | undefined, nowSec: number): HeldResult | undefined {
    if (this.byKey.size === 0) return undefined;
    const k = keyOf(orphan, invokeId);
    const r = this.byKey.get(k);
    if (r === undefined) return undefined;
    this.byKey.delete(k);
    // One whose wait passed is counted as expire() would have counted it at the next hold (none may come).
    if (nowSec - r.tsSec > this.waitSec) {
      this.expired++;
      return undefined;
    }
    return r.opcode === opcode && r.tid === tid ? r : undefined;
  }

  /** Drops the waits older than waitSec (from the oldest; capture order). */
  private expire(nowSec: number): void {
    for (const [k, r] of this.byKey) {
      if (nowSec - r.tsSec <= this.waitSec) return;
      this.byKey.delete(k);
      this.expired++;
    }
  }
}
