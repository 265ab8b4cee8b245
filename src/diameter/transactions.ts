/**
 * Request ↔ answer matching. RFC 6733 §3: an answer carries its request's Hop-by-Hop and
 * End-to-End identifiers, and hop-by-hop ids are unique per peer connection, so the key is the
 * peer pair (both transport endpoints, either direction) + hop-by-hop + end-to-end.
 *
 * Bounded (Limits.diameterTransactions; full → the oldest request is evicted, counted and
 * reported) and expiring by capture time (Limits.diameterTransactionAgeSec): the core bounded table
 * (core/bounded-table.ts) in insertion order, which is capture order, so both evictions take from
 * its head in O(1).
 *
 * Reordering (issue 15; self-contained: `early`, `holdAnswer`, `joinEarly`): an answer captured
 * before its request (several SCTP associations / TCP connections merged into one capture) is
 * kept for `reorderWaitSec` of capture time, bounded by the same `maxEntries` (a second bounded
 * table). When the request arrives within the wait it is joined: the request event gets the
 * identities the answer carried (a ULA's Subscription-Data MSISDN beside the ULR's User-Name), the
 * events already emitted are not rewritten. Joins are counted (`diameter.transactions.reordered`),
 * expired or evicted waits too, and those still waiting when the input ends (`endOfInput`)
 * (`diameter.transactions.reorder-expired`); the answer is counted `unmatched` when it arrives.
 */
import { BoundedTable, type EvictReason } from '../core/bounded-table.js';
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
  private readonly table: BoundedTable<string, PendingRequest>;
  /** Answers waiting for their request, in capture order (reordering); aged by its maxAgeSec (reorderWaitSec). */
  private readonly early: BoundedTable<string, EarlyAnswer>;
  /** Frame of the request being recorded (the frame of a table-full anomaly). */
  private frame = 0;

  constructor(
    private readonly maxEntries: number,
    maxAgeSec: number,
    private readonly counters?: Counters,
    private readonly onAnomaly?: AnomalySink,
    reorderWaitSec = 0,
  ) {
    this.table = new BoundedTable<string, PendingRequest>({
      // A limit of 0 holds one request, as 1 does: the newest request is always recorded.
      maxEntries: Math.max(1, maxEntries),
      maxAgeSec,
      onEvict: (_, why) => this.evicted(why),
    });
    this.early = new BoundedTable<string, EarlyAnswer>({
      maxEntries: Math.max(1, maxEntries),
      maxAgeSec: reorderWaitSec, // the wait: settled by the table's own age expiry
      onEvict: () => this.counters?.inc('diameter.transactions.reorder-expired'),
    });
  }

  get size(): number {
    return this.table.size;
  }

  /** Answers waiting for their request (reordering): ≤ maxEntries. */
  get earlySize(): number {
    return this.early.size;
  }

  static key(flow: Flow, hbh: number, e2e: number): string {
    return `${peerPairKey(flow)}|${hbh}|${e2e}`;
  }

  /** Records a request (a retransmission replaces the earlier copy). */
  request(key: string, req: PendingRequest): void {
    const table = this.table;
    this.expire(req.tsSec);
    const dup = table.get(key);
    if (dup !== undefined) {
      table.delete(dup);
      this.counters?.inc('diameter.transactions.duplicate');
    }
    this.frame = req.frame;
    table.set(key, req, req.tsSec); // full: the oldest request is evicted
  }

  /** The request an answer belongs to (removed from the table), or undefined. */
  answer(key: string, tsSec: number): PendingRequest | undefined {
    this.expire(tsSec);
    const e = this.table.get(key);
    if (e === undefined) {
      this.counters?.inc('diameter.transactions.unmatched');
      return undefined;
    }
    this.table.delete(e);
    return e.value;
  }

  /** An answer {@link answer} did not match waits for its request (what it carries: `early`). */
  holdAnswer(key: string, early: EarlyAnswer): void {
    this.early.set(key, early, early.tsSec); // full: the oldest wait is settled
  }

  /** The input ended: answers still waiting for their request are counted as reorder-expired. */
  endOfInput(): void {
    // Each eviction counts diameter.transactions.reorder-expired (the table's onEvict).
    while (this.early.evictOldest('age'));
  }

  /**
   * A request whose answer was captured first (within the wait): that answer, removed from the
   * waiting list; the request is then complete and not recorded. Undefined otherwise.
   */
  joinEarly(key: string, cmd: number, tsSec: number): EarlyAnswer | undefined {
    if (this.early.size === 0) return undefined;
    this.early.expire(tsSec);
    const e = this.early.get(key);
    if (e === undefined || e.value.cmd !== cmd) return undefined;
    this.early.delete(e);
    this.counters?.inc('diameter.transactions.reordered');
    return e.value;
  }

  private expire(nowSec: number): void {
    if (this.early.size !== 0) this.early.expire(nowSec); // waits older than reorderWaitSec: reorder-expired
    this.table.expire(nowSec);
  }

  private evicted(why: EvictReason): void {
    if (why === 'age') {
      this.counters?.inc('diameter.transactions.expired');
      return;
    }
    this.counters?.inc('diameter.transactions.evicted');
    this.onAnomaly?.(anomaly(DIAMETER_ANOMALY.TRANSACTIONS_FULL, 'diameter', `request table full (${this.maxEntries}): oldest request evicted`, this.frame));
  }
}
