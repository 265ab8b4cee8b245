/**
 * Request ↔ answer matching. RFC 6733 §3: an answer carries its request's Hop-by-Hop and
 * End-to-End identifiers, and hop-by-hop ids are unique per peer connection, so the key is the
 * peer pair (both transport endpoints, either direction) + hop-by-hop + end-to-end.
 *
 * Bounded (Limits.diameterTransactions; full → the oldest request is evicted, counted and
 * reported) and expiring by capture time (Limits.diameterTransactionAgeSec). A Map keeps insertion
 * order, which is capture order, so both evictions take from its head in O(1).
 *
 * Reordering (issue 15; self-contained: `early`, `joinEarly`, `expireEarly`): an answer captured
 * before its request (several SCTP associations / TCP connections merged into one capture) is
 * kept for `reorderWaitSec` of capture time, bounded by the same `maxEntries`. When the request
 * arrives within the wait it is joined: the request event gets the identities the answer carried
 * (a ULA's Subscription-Data MSISDN beside the ULR's User-Name), the events already emitted are
 * not rewritten. Joins are counted (`diameter.transactions.reordered`), expired waits too
 * (`diameter.transactions.reorder-expired`); the answer is counted `unmatched` when it arrives.
 */
import { anomaly, type AnomalySink } from '../core/anomaly.js';
import type { Counters } from '../core/stats.js';
import type { Flow } from '../transport/types.js';
import { DIAMETER_ANOMALY } from './types.js';

/** What an answer inherits from its request. */
export interface PendingRequest {
  frame: number;
  cmd: number;
  app: number;
  imsi: string | undefined;
  msisdn: string | undefined;
  tsSec: number;
}

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

/** An answer captured before its request (reordering). */
export type EarlyAnswer = PendingRequest;

export class DiameterTransactions {
  private readonly table = new Map<string, PendingRequest>();
  /** Answers waiting for their request, in capture order (reordering). */
  private readonly early = new Map<string, EarlyAnswer>();

  constructor(
    private readonly maxEntries: number,
    private readonly maxAgeSec: number,
    private readonly counters?: Counters,
    private readonly onAnomaly?: AnomalySink,
    private readonly reorderWaitSec = 0,
  ) {}

  get size(): number {
    return this.table.size;
  }

  static key(flow: Flow, hbh: number, e2e: number): string {
    return `${peerPairKey(flow)}|${hbh}|${e2e}`;
  }

  /** Records a request (a retransmission replaces the earlier copy). */
  request(key: string, req: PendingRequest): void {
    this.expire(req.tsSec);
    if (this.table.delete(key)) this.counters?.inc('diameter.transactions.duplicate');
    while (this.table.size >= this.maxEntries) {
      const oldest = this.table.keys().next();
      if (oldest.done === true) break;
      this.table.delete(oldest.value);
      this.counters?.inc('diameter.transactions.evicted');
      this.onAnomaly?.(anomaly(DIAMETER_ANOMALY.TRANSACTIONS_FULL, 'diameter', `request table full (${this.maxEntries}): oldest request evicted`, req.frame));
    }
    this.table.set(key, req);
  }

  /** The request an answer belongs to (removed from the table), or undefined. */
  answer(key: string, tsSec: number): PendingRequest | undefined {
    this.expire(tsSec);
    const req = this.table.get(key);
    if (req === undefined) {
      this.counters?.inc('diameter.transactions.unmatched');
      return undefined;
    }
    this.table.delete(key);
    return req;
  }

  /** An answer {@link answer} did not match waits for its request (what it carries: `early`). */
  holdAnswer(key: string, early: EarlyAnswer): void {
    this.early.delete(key);
    if (this.early.size >= this.maxEntries) this.settleEarly(this.early.keys().next().value!);
    this.early.set(key, early);
  }

  /**
   * A request whose answer was captured first (within the wait): that answer, removed from the
   * waiting list; the request is then complete and not recorded. Undefined otherwise.
   */
  joinEarly(key: string, cmd: number, tsSec: number): EarlyAnswer | undefined {
    if (this.early.size === 0) return undefined;
    this.expireEarly(tsSec);
    const a = this.early.get(key);
    if (a === undefined || a.cmd !== cmd) return undefined;
    this.early.delete(key);
    this.counters?.inc('diameter.transactions.reordered');
    return a;
  }

  private expireEarly(nowSec: number): void {
    const limit = nowSec - this.reorderWaitSec;
    for (const [k, v] of this.early) {
      if (v.tsSec >= limit) return;
      this.settleEarly(k);
    }
  }

  private settleEarly(key: string): void {
    this.early.delete(key);
    this.counters?.inc('diameter.transactions.reorder-expired');
  }

  private expire(nowSec: number): void {
    if (this.early.size !== 0) this.expireEarly(nowSec);
    const limit = nowSec - this.maxAgeSec;
    for (const [k, v] of this.table) {
      if (v.tsSec >= limit) return;
      this.table.delete(k);
      this.counters?.inc('diameter.transactions.expired');
    }
  }
}
