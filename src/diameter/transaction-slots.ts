/**
 * The store behind diameter/transactions.ts, used twice: the pending requests and the answers
 * waiting for their request (reordering). An entry is keyed by (peer pair, hop-by-hop id,
 * end-to-end id) and carries what an answer and its request share (command, application, frame,
 * capture time, IMSI, MSISDN).
 *
 * Shape: one slot of parallel typed arrays (hop-by-hop, end-to-end, command, application, frame,
 * capture time, hash chain; IMSI and MSISDN as numbers, core/digit-column.ts; the insertion order
 * in a core/slot-list.ts SlotList) plus one reference (the peer pair text, cached per Flow),
 * indexed by a chained hash of (hop-by-hop, end-to-end) in an Int32Array; the pair text is
 * compared on lookup. No object, key string, identity string or Map entry per entry: on the 755 k
 * alert flood 189,575 requests expire unanswered, and their objects (a PendingRequest, a
 * BoundedEntry, a key string, a Map entry: ~100 MB of the flood's 327 MB reaching the old
 * generation, bench/results-notes.md "rss branch"; their IMSI/MSISDN strings ~20 MB more, "rss3
 * branch") were promoted before dying. Slots grow by doubling up to the count cap + 1 (the newest is inserted before the
 * cap is enforced); freed slots are reused.
 *
 * Rules: those of core/bounded-table.ts, in insertion (= capture) order: {@link expire} evicts
 * from the oldest end while `now - stamp > maxAgeSec` ('age'), {@link enforce} after an insert
 * evicts stale ('age') or over the count cap ('limit') entries from the oldest end.
 */
import type { EvictReason } from '../core/bounded-table.js';
import { fmix32, fnvStep, HASH_SEED } from '../core/hash.js';
import { NIL, SlotList } from '../core/slot-list.js';
import { DigitColumn } from '../core/digit-column.js';
import { TIME_JUMP_SEC } from '../core/time.js';
import { grown } from '../core/typed-arrays.js';

export { NIL };

/** What an answer inherits from its request (and a request from an answer captured first). */
export interface PendingRequest {
  frame: number;
  cmd: number;
  app: number;
  imsi: string | undefined;
  msisdn: string | undefined;
  tsSec: number;
}

const FIRST_SLOTS = 1024;

/** Chain hash of the two ids, both attacker-chosen: seeded and fully mixed (core/hash.ts). */
export function hashIds(hbh: number, e2e: number): number {
  return fmix32(fnvStep(fnvStep(HASH_SEED, hbh), e2e)) | 0;
}

export class TransactionSlots {
  /** Allocates the slots and keeps them oldest → newest. */
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
  /** As numbers (core/digit-column.ts): the decoded strings of unanswered requests were promoted. */
  private readonly imsis = new DigitColumn();
  private readonly msisdns = new DigitColumn();

  /**
   * @param maxEntries count cap (≥ 1)
   * @param maxAgeSec age cap in capture seconds
   * @param onEvict called after an entry was evicted (removed): count or report it here
   */
  constructor(
    private readonly maxEntries: number,
    private readonly maxAgeSec: number,
    private readonly onEvict: (why: EvictReason) => void,
  ) {
    this.order = new SlotList(FIRST_SLOTS, maxEntries + 1);
  }

  get size(): number {
    return this.order.size;
  }

  /** The slot under (pair, hbh, e2e) whose {@link hashIds} is `h`, or NIL. */
  find(pair: string, hbh: number, e2e: number, h: number): number {
    if (this.order.size === 0) return NIL;
    for (let s = this.buckets[h & this.mask]!; s !== NIL; s = this.chain[s]!) {
      if (this.hbhs[s] === hbh && this.e2es[s] === e2e && this.pairs[s] === pair) return s;
    }
    return NIL;
  }

  /** Adds an entry as the newest (the caller removed one under the same key first), then enforces the caps at `tsSec`. */
  insert(
    pair: string,
    hbh: number,
    e2e: number,
    h: number,
    frame: number,
    cmd: number,
    app: number,
    imsi: string | undefined,
    msisdn: string | undefined,
    tsSec: number,
  ): void {
    const s = this.order.alloc();
    if (s >= this.cap) this.grow();
    this.hbhs[s] = hbh;
    this.e2es[s] = e2e;
    this.cmds[s] = cmd;
    this.apps[s] = app;
    this.frames[s] = frame;
    this.stamps[s] = tsSec;
    this.pairs[s] = pair;
    this.imsis.set(s, imsi);
    this.msisdns.set(s, msisdn);
    const b = h & this.mask;
    this.chain[s] = this.buckets[b]!;
    this.buckets[b] = s;
    this.order.push(s);
    this.enforce(tsSec);
  }

  /** Command code of slot `s`. */
  cmd(s: number): number {
    return this.cmds[s]!;
  }

  /** Copies slot `s` into `out`. */
  read(s: number, out: PendingRequest): PendingRequest {
    out.frame = this.frames[s]!;
    out.cmd = this.cmds[s]!;
    out.app = this.apps[s]!;
    out.imsi = this.imsis.get(s);
    out.msisdn = this.msisdns.get(s);
    out.tsSec = this.stamps[s]!;
    return out;
  }

  /** Removes slot `s` (hash `h`) without the callback: from its bucket and the order; frees it. */
  remove(s: number, h: number): void {
    const b = h & this.mask;
    let p = this.buckets[b]!;
    if (p === s) this.buckets[b] = this.chain[s]!;
    else {
      while (this.chain[p] !== s) p = this.chain[p]!;
      this.chain[p] = this.chain[s]!;
    }
    this.pairs[s] = undefined;
    this.imsis.set(s, undefined);
    this.msisdns.set(s, undefined);
    this.order.free(s);
  }

  /**
   * Evicts stale entries from the oldest end ('age'). The oldest entry stamped more than
   * TIME_JUMP_SEC ahead of `nowSec`, when `present` (core/time.ts AheadStamps), is restamped at
   * `nowSec` and made the newest, and {@link expire} returns how many were (review 18-A F4: one
   * request stamped 30 days ahead stopped the age expiry of every entry behind it).
   */
  expire(nowSec: number, present: boolean): number {
    const order = this.order;
    const max = this.maxAgeSec;
    let pulled = 0;
    for (let s = order.oldest; s !== NIL; s = order.oldest) {
      const age = nowSec - this.stamps[s]!;
      if (age > max) this.evict(s, 'age');
      else if (age < -TIME_JUMP_SEC && present) {
        this.stamps[s] = nowSec;
        order.touch(s);
        pulled++;
      } else break;
    }
    return pulled;
  }

  /** Evicts every entry, oldest first, for `why`. */
  evictAll(why: EvictReason): void {
    for (let s = this.order.oldest; s !== NIL; s = this.order.oldest) this.evict(s, why);
  }

  /** As BoundedTable.enforce: from the oldest end, evict stale ('age') or over the count cap ('limit'). */
  private enforce(nowSec: number): void {
    const order = this.order;
    for (let s = order.oldest; s !== NIL; s = order.oldest) {
      if (nowSec - this.stamps[s]! > this.maxAgeSec) this.evict(s, 'age');
      else if (order.size > this.maxEntries) this.evict(s, 'limit');
      else return;
    }
  }

  private evict(s: number, why: EvictReason): void {
    this.remove(s, hashIds(this.hbhs[s]!, this.e2es[s]!));
    this.onEvict(why);
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
    for (let i = this.cap; i < cap; i++) this.pairs.push(undefined);
    this.imsis.grow(cap);
    this.msisdns.grow(cap);
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
