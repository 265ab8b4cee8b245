/**
 * Request ↔ answer matching. RFC 6733 §3: an answer carries its request's Hop-by-Hop and
 * End-to-End identifiers, and hop-by-hop ids are unique per peer connection, so the key is the
 * peer pair (both transport endpoints, either direction) + hop-by-hop + end-to-end.
 *
 * Bounded (Limits.diameterTransactions; full → the oldest request is evicted, counted and
 * reported) and expiring by capture time (Limits.diameterTransactionAgeSec), in insertion order,
 * which is capture order, so both evictions take from the oldest end in O(1) — the core bounded
 * table's rules (core/bounded-table.ts: `enforce` after an insert, `expire` before each use).
 *
 * Shape: a pending request is one slot of parallel typed arrays (hop-by-hop, end-to-end, command,
 * application, frame, capture time, hash chain; the order links in a core/slot-list.ts SlotList) plus three references (the peer pair
 * text, cached per Flow; IMSI and MSISDN), indexed by a chained hash of (hop-by-hop, end-to-end)
 * in an Int32Array; the pair text is compared on lookup. No object, key string or Map entry per
 * request: on the 755 k alert flood 189,575 requests expire unanswered, and their objects (a
 * PendingRequest, a BoundedEntry, a key string, a Map entry: ~100 MB of the flood's 327 MB
 * reaching the old generation, bench/results-notes.md "rss branch") were promoted before dying.
 * Slots grow by doubling up to maxEntries + 1 (the newest is inserted before the count cap is
 * enforced); freed slots are reused through a free list.
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
import { grown } from '../core/typed-arrays.js';
import { NIL, SlotList } from '../core/slot-list.js';
import { BoundedTable, type EvictReason } from '../core/bounded-table.js';
import { anomaly, type AnomalySink } from '../core/anomaly.js';
import { fmix32, fnvStep, HASH_SEED } from '../core/hash.js';
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

const FIRST_SLOTS = 1024;

/** Chain hash of the two ids, both attacker-chosen: seeded and fully mixed (core/hash.ts). */
function hashIds(hbh: number, e2e: number): number {
  return fmix32(fnvStep(fnvStep(HASH_SEED, hbh), e2e)) | 0;
}

export class DiameterTransactions {
  // Pending requests: slot-indexed parallel arrays (see the file comment); `order` allocates the
  // slots and keeps them oldest → newest (core/slot-list.ts).
  private readonly order: SlotList;
  private cap = 0;
  private hbhs: Uint32Array = new Uint32Array(0);
  private e2es: Uint32Array = new Uint32Array(0);
  private cmds: Uint32Array = new Uint32Array(0);
  private apps: Uint32Array = new Uint32Array(0);
  private frames: Float64Array = new Float64Array(0);
  private stamps: Float64Array = new Float64Array(0);
  /** Hash chain: the next slot in the same bucket. */
  private chain: Int32Array = new Int32Array(0);
  private buckets: Int32Array = new Int32Array(0);
  private mask = 0;
  private readonly pairs: (string | undefined)[] = [];
  private readonly imsis: (string | undefined)[] = [];
  private readonly msisdns: (string | undefined)[] = [];
  private readonly cappedEntries: number;
  private readonly maxAgeSec: number;
  /** What {@link answer} returns: overwritten by the next answer (read it at once). */
  private readonly matched: PendingRequest = { frame: 0, cmd: 0, app: 0, imsi: undefined, msisdn: undefined, tsSec: 0 };
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
    // A limit of 0 holds one request, as 1 does: the newest request is always recorded.
    this.cappedEntries = Math.max(1, maxEntries);
    this.order = new SlotList(FIRST_SLOTS, this.cappedEntries + 1);
    this.maxAgeSec = maxAgeSec;
    this.early = new BoundedTable<string, EarlyAnswer>({
      maxEntries: Math.max(1, maxEntries),
      maxAgeSec: reorderWaitSec, // the wait: settled by the table's own age expiry
      onEvict: () => this.counters?.inc('diameter.transactions.reorder-expired'),
    });
  }

  get size(): number {
    return this.order.size;
  }

  /** Answers waiting for their request (reordering): ≤ maxEntries. */
  get earlySize(): number {
    return this.early.size;
  }

  /** The reordering wait's key (early answers). */
  static key(flow: Flow, hbh: number, e2e: number): string {
    return `${peerPairKey(flow)}|${hbh}|${e2e}`;
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
    const pair = peerPairKey(flow);
    const h = hashIds(hbh, e2e);
    const dup = this.find(pair, hbh, e2e, h);
    if (dup !== NIL) {
      this.remove(dup, h);
      this.counters?.inc('diameter.transactions.duplicate');
    }
    this.frame = frame;
    const s = this.order.alloc();
    if (s >= this.cap) this.grow();
    this.hbhs[s] = hbh;
    this.e2es[s] = e2e;
    this.cmds[s] = cmd;
    this.apps[s] = app;
    this.frames[s] = frame;
    this.stamps[s] = tsSec;
    this.pairs[s] = pair;
    this.imsis[s] = imsi;
    this.msisdns[s] = msisdn;
    const b = h & this.mask;
    this.chain[s] = this.buckets[b]!;
    this.buckets[b] = s;
    this.order.push(s);
    this.enforce(tsSec); // full: the oldest request is evicted
  }

  /**
   * The request an answer belongs to (removed from the table), or undefined. The object returned
   * is reused by the next call.
   */
  answer(flow: Flow, hbh: number, e2e: number, tsSec: number): PendingRequest | undefined {
    this.expire(tsSec);
    const h = hashIds(hbh, e2e);
    const s = this.order.size === 0 ? NIL : this.find(peerPairKey(flow), hbh, e2e, h);
    if (s === NIL) {
      this.counters?.inc('diameter.transactions.unmatched');
      return undefined;
    }
    const m = this.matched;
    m.frame = this.frames[s]!;
    m.cmd = this.cmds[s]!;
    m.app = this.apps[s]!;
    m.imsi = this.imsis[s];
    m.msisdn = this.msisdns[s];
    m.tsSec = this.stamps[s]!;
    this.remove(s, h);
    return m;
  }

  /** An answer {@link answer} did not match waits for its request (what it carries: `early`). */
  holdAnswer(flow: Flow, hbh: number, e2e: number, early: EarlyAnswer): void {
    this.early.set(DiameterTransactions.key(flow, hbh, e2e), early, early.tsSec); // full: the oldest wait is settled
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
  joinEarly(flow: Flow, hbh: number, e2e: number, cmd: number, tsSec: number): EarlyAnswer | undefined {
    if (this.early.size === 0) return undefined;
    this.early.expire(tsSec);
    const e = this.early.get(DiameterTransactions.key(flow, hbh, e2e));
    if (e === undefined || e.value.cmd !== cmd) return undefined;
    this.early.delete(e);
    this.counters?.inc('diameter.transactions.reordered');
    return e.value;
  }

  private expire(nowSec: number): void {
    if (this.early.size !== 0) this.early.expire(nowSec); // waits older than reorderWaitSec: reorder-expired
    const max = this.maxAgeSec;
    const order = this.order;
    for (let s = order.oldest; s !== NIL && nowSec - this.stamps[s]! > max; s = order.oldest) this.evict(s, 'age');
  }

  /** As BoundedTable.enforce: from the oldest end, evict stale ('age') or over the count cap ('limit'). */
  private enforce(nowSec: number): void {
    const order = this.order;
    for (let s = order.oldest; s !== NIL; s = order.oldest) {
      if (nowSec - this.stamps[s]! > this.maxAgeSec) this.evict(s, 'age');
      else if (order.size > this.cappedEntries) this.evict(s, 'limit');
      else return;
    }
  }

  private find(pair: string, hbh: number, e2e: number, h: number): number {
    if (this.cap === 0) return NIL;
    for (let s = this.buckets[h & this.mask]!; s !== NIL; s = this.chain[s]!) {
      if (this.hbhs[s] === hbh && this.e2es[s] === e2e && this.pairs[s] === pair) return s;
    }
    return NIL;
  }

  /** Unlinks slot `s` (hash `h`) from its bucket and the order; frees it. */
  private remove(s: number, h: number): void {
    const b = h & this.mask;
    let p = this.buckets[b]!;
    if (p === s) this.buckets[b] = this.chain[s]!;
    else {
      while (this.chain[p] !== s) p = this.chain[p]!;
      this.chain[p] = this.chain[s]!;
    }
    this.pairs[s] = this.imsis[s] = this.msisdns[s] = undefined;
    this.order.free(s);
  }

  private evict(s: number, why: EvictReason): void {
    this.remove(s, hashIds(this.hbhs[s]!, this.e2es[s]!));
    if (why === 'age') {
      this.counters?.inc('diameter.transactions.expired');
      return;
    }
    this.counters?.inc('diameter.transactions.evicted');
    this.onAnomaly?.(anomaly(DIAMETER_ANOMALY.TRANSACTIONS_FULL, 'diameter', `request table full (${this.maxEntries}): oldest request evicted`, this.frame));
  }

  /** Grows the arrays to the order's capacity (doubling up to maxEntries + 1) and rehashes. */
  private grow(): void {
    const cap = this.order.capacity;
    this.hbhs = grown(this.hbhs, cap);
    this.e2es = grown(this.e2es, cap);
    this.cmds = grown(this.cmds, cap);
    this.apps = grown(this.apps, cap);
    this.frames = grown(this.frames, cap);
    this.stamps = grown(this.stamps, cap);
    this.chain = new Int32Array(cap);
    for (let i = this.cap; i < cap; i++) {
      this.pairs.push(undefined);
      this.imsis.push(undefined);
      this.msisdns.push(undefined);
    }
    this.cap = cap;
    // Rehash every slot in use into buckets of 2 × capacity (a power of two).
    let nb = 1;
    while (nb < 2 * cap) nb *= 2;
    this.buckets = new Int32Array(nb).fill(NIL);
    this.mask = nb - 1;
    for (let s = this.order.oldest; s !== NIL; s = this.order.next(s)) {
      const b = hashIds(this.hbhs[s]!, this.e2es[s]!) & this.mask;
      this.chain[s] = this.buckets[b]!;
      this.buckets[b] = s;
    }
  }
}
