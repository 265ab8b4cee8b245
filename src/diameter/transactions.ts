/**
 * Request ↔ answer matching. RFC 6733 §3: an answer carries its request's Hop-by-Hop and
 * End-to-End identifiers, and hop-by-hop ids are unique per peer connection, so the key is the
 * peer pair + hop-by-hop + end-to-end. The pair is directed: RFC 6733 §6.2, an answer goes back
 * to the peer the request came from, so a request from A to B is answered from B to A; a message
 * from A to B with the request's ids is none of its answers (red-team rt9 R1: the request's sender
 * "answered" its own request and the real answer found no request).
 *
 * Bounded (Limits.diameterTransactions; full → the oldest request is evicted, counted and
 * reported) and expiring by capture time (Limits.diameterTransactionAgeSec), in insertion order,
 * which is capture order, so both evictions take from the oldest end in O(1) — the core bounded
 * table's rules (core/bounded-table.ts: `enforce` after an insert, `expire` before each use).
 *
 * Shape: a pending request is a slot of typed arrays, indexed by a seeded hash of (hop-by-hop,
 * end-to-end) (diameter/transaction-slots.ts): no object, key string or Map entry per request.
 *
 * Reordering (issue 15; self-contained: `early`, `holdAnswer`, `joinEarly`): an answer captured
 * before its request (several SCTP associations / TCP connections merged into one capture) is
 * kept for `reorderWaitSec` of capture time, bounded by the same `maxEntries`, keyed like the
 * requests (a second TransactionSlots: no key string per answer). When the request arrives within
 * the wait it is joined: the request event gets the identities the answer carried (a ULA's Subscription-Data MSISDN beside the ULR's User-Name), the
 * events already emitted are not rewritten. Joins are counted (`diameter.transactions.reordered`),
 * expired or evicted waits too, and those still waiting when the input ends (`endOfInput`)
 * (`diameter.transactions.reorder-expired`); the answer is counted `unmatched` when it arrives.
 */
import { anomaly, type AnomalySink } from '../core/anomaly.js';
import type { Counters } from '../core/stats.js';
import { AheadStamps } from '../core/time.js';
import type { Flow } from '../transport/types.js';
import { hashIds, NIL, TransactionSlots, type PendingRequest } from './transaction-slots.js';
import { DIAMETER_ANOMALY } from './types.js';

export type { PendingRequest };

const pairKeys = new WeakMap<Flow, string>();

/** Direction-independent key of a flow's endpoint pair (cached per Flow object). */
export function peerPairKey(flow: Flow): string {
  let k = pairKeys.get(flow);
  if (k === undefined) {
    const a = `${flow.src}|${flow.srcPort}`;
    const b = `${flow.dst}|${flow.dstPort}`;
    k = `${flow.transport}|${a < b ? a + '|' + b : b + '|' + a}`;
    pairKeys.set(flow, k);
  }
  return k;
}

const requestKeys = new WeakMap<Flow, string>();
const answerKeys = new WeakMap<Flow, string>();

/** The key of a request travelling on `flow` (source → destination; cached per Flow object). */
function requestKey(flow: Flow): string {
  let k = requestKeys.get(flow);
  if (k === undefined) {
    k = `${flow.transport}|${flow.src}|${flow.srcPort}|${flow.dst}|${flow.dstPort}`;
    requestKeys.set(flow, k);
  }
  return k;
}

/** The key of the request an answer travelling on `flow` answers: the reverse direction (RFC 6733 §6.2). */
function answerKey(flow: Flow): string {
  let k = answerKeys.get(flow);
  if (k === undefined) {
    k = `${flow.transport}|${flow.dst}|${flow.dstPort}|${flow.src}|${flow.srcPort}`;
    answerKeys.set(flow, k);
  }
  return k;
}

/** An answer captured before its request (reordering). */
export type EarlyAnswer = PendingRequest;

export class DiameterTransactions {
  /** Pending requests, in capture order. */
  private readonly pending: TransactionSlots;
  /** Answers waiting for their request, in capture order (reordering); aged by reorderWaitSec. */
  private readonly early: TransactionSlots;
  /** Whether a message's time may pull far-ahead entries back (core/time.ts). */
  private readonly ahead = new AheadStamps();
  /** What {@link answer} returns: overwritten by the next answer (read it at once). */
  private readonly matched: PendingRequest = { frame: 0, cmd: 0, app: 0, imsi: undefined, msisdn: undefined, tsSec: 0 };
  /** What {@link joinEarly} returns: overwritten by the next join (read it at once). */
  private readonly joined: EarlyAnswer = { frame: 0, cmd: 0, app: 0, imsi: undefined, msisdn: undefined, tsSec: 0 };
  /** Frame of the request being recorded (the frame of a table-full anomaly). */
  private frame = 0;

  constructor(
    private readonly maxEntries: number,
    maxAgeSec: number,
    private readonly counters?: Counters,
    private readonly onAnomaly?: AnomalySink,
    reorderWaitSec = 0,
  ) {
    // A limit of 0 holds one request, as 1 does: the newest request is always recorded.
    const capped = Math.max(1, maxEntries);
    this.pending = new TransactionSlots(capped, maxAgeSec, (why) => {
      if (why === 'age') {
        this.counters?.inc('diameter.transactions.expired');
        return;
      }
      this.counters?.inc('diameter.transactions.evicted');
      this.onAnomaly?.(anomaly(DIAMETER_ANOMALY.TRANSACTIONS_FULL, 'diameter', `request table full (${this.maxEntries}): oldest request evicted`, this.frame));
    });
    // The wait is settled by the table's own age expiry, and a full table settles the oldest wait.
    this.early = new TransactionSlots(capped, reorderWaitSec, () => this.counters?.inc('diameter.transactions.reorder-expired'));
  }

  get size(): number {
    return this.pending.size;
  }

  /** Answers waiting for their request (reordering): ≤ maxEntries. */
  get earlySize(): number {
    return this.early.size;
  }

  /** Records a request (a retransmission replaces the earlier copy). */
  request(
    flow: Flow,
    hbh: number,
    e2e: number,
    frame: number,
    cmd: number,
    app: number,
    imsi: string | undefined,
    msisdn: string | undefined,
    tsSec: number,
  ): void {
    this.expire(tsSec);
    const pair = requestKey(flow);
    const h = hashIds(hbh, e2e);
    const t = this.pending;
    const dup = t.find(pair, hbh, e2e, h);
    if (dup !== NIL) {
      t.remove(dup, h);
      this.counters?.inc('diameter.transactions.duplicate');
    }
    this.frame = frame;
    t.insert(pair, hbh, e2e, h, frame, cmd, app, imsi, msisdn, tsSec); // full: the oldest request is evicted
  }

  /**
   * The request an answer belongs to (removed from the table), or undefined. The object returned
   * is reused by the next call.
   */
  answer(flow: Flow, hbh: number, e2e: number, tsSec: number): PendingRequest | undefined {
    this.expire(tsSec);
    const t = this.pending;
    const h = hashIds(hbh, e2e);
    const s = t.size === 0 ? NIL : t.find(answerKey(flow), hbh, e2e, h);
    if (s === NIL) {
      this.counters?.inc('diameter.transactions.unmatched');
      return undefined;
    }
    const m = t.read(s, this.matched);
    t.remove(s, h);
    return m;
  }

  /** An answer {@link answer} did not match waits for its request (what it carries: `early`; copied). */
  holdAnswer(flow: Flow, hbh: number, e2e: number, early: EarlyAnswer): void {
    const pair = answerKey(flow);
    const h = hashIds(hbh, e2e);
    const t = this.early;
    const held = t.find(pair, hbh, e2e, h);
    if (held !== NIL) t.remove(held, h); // a retransmitted answer replaces the earlier copy
    t.insert(pair, hbh, e2e, h, early.frame, early.cmd, early.app, early.imsi, early.msisdn, early.tsSec); // full: the oldest wait is settled
  }

  /** The input ended: answers still waiting for their request are counted as reorder-expired. */
  endOfInput(): void {
    // Each eviction counts diameter.transactions.reorder-expired (the table's callback).
    this.early.evictAll('age');
  }

  /**
   * A request whose answer was captured first (within the wait): that answer, removed from the
   * waiting list; the request is then complete and not recorded. Undefined otherwise. The object
   * returned is reused by the next call.
   */
  joinEarly(flow: Flow, hbh: number, e2e: number, cmd: number, tsSec: number): EarlyAnswer | undefined {
    const t = this.early;
    if (t.size === 0) return undefined;
    const pulled = t.expire(tsSec, this.ahead.present(tsSec));
    if (pulled !== 0) this.counters?.inc('diameter.transactions.stamp-ahead', pulled);
    const h = hashIds(hbh, e2e);
    const s = t.find(requestKey(flow), hbh, e2e, h);
    if (s === NIL || t.cmd(s) !== cmd) return undefined;
    const e = t.read(s, this.joined);
    t.remove(s, h);
    this.counters?.inc('diameter.transactions.reordered');
    return e;
  }

  /** Both tables' age expiry at `nowSec`; entries stamped far ahead pulled back to it (counted: core/time.ts AheadStamps, review 18-A F4). */
  private expire(nowSec: number): void {
    const present = this.ahead.present(nowSec);
    let pulled = 0;
    if (this.early.size !== 0) pulled = this.early.expire(nowSec, present); // waits older than reorderWaitSec: reorder-expired
    pulled += this.pending.expire(nowSec, present);
    if (pulled !== 0) this.counters?.inc('diameter.transactions.stamp-ahead', pulled);
  }
}
