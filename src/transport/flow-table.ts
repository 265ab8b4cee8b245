/**
 * Flow table: one entry per transport flow direction (source address+port → destination
 * address+port, plus a tag: the SCTP Verification Tag, 0 for TCP), bounded by count with LRU
 * eviction and idle expiry in capture time.
 *
 * Lookup does not build strings: the key is a 32-bit FNV-1a hash of the address bytes, ports and
 * tag, and a hit is confirmed by comparing the stored address bytes. The {@link Flow} object and
 * its address text are created once, when the entry is created. Recency is an intrusive doubly
 * linked list, so a touch is O(1) (a Map delete+set per packet would allocate).
 */
import { ipText } from '../core/bytes.js';
import type { Flow } from './types.js';

export interface FlowEntry<S> {
  readonly flow: Flow;
  readonly state: S;
  lastSeen: number;
  readonly hash: number;
  readonly addr: Uint8Array;
  readonly tag: number;
  bucketNext: FlowEntry<S> | null;
  newer: FlowEntry<S> | null;
  older: FlowEntry<S> | null;
}

/** Shared id source so flow ids are unique within one pipeline. */
export interface FlowIds {
  next: number;
}

/** 'limit': table full; 'age': idle; 'bytes': the layer's byte budget (e.g. tcpReasmBytes). */
export type EvictReason = 'limit' | 'age' | 'bytes';

export class FlowTable<S> {
  private readonly buckets = new Map<number, FlowEntry<S>>();
  private newest: FlowEntry<S> | null = null;
  private oldest: FlowEntry<S> | null = null;
  private count = 0;

  constructor(
    private readonly transport: Flow['transport'],
    private readonly capacity: number,
    private readonly maxIdleSec: number,
    private readonly ids: FlowIds,
    private readonly createState: (flow: Flow) => S,
    private readonly onEvict: (e: FlowEntry<S>, reason: EvictReason) => void,
  ) {}

  get size(): number {
    return this.count;
  }

  /**
   * Find (and with `create`, make) the entry for the flow whose source address is at `srcOffset`
   * and destination address at `dstOffset` in `view`, each `addrLen` bytes. Touches it (LRU) at
   * `now` (capture seconds) and expires idle entries first.
   */
  lookup(
    view: DataView,
    srcOffset: number,
    dstOffset: number,
    addrLen: number,
    srcPort: number,
    dstPort: number,
    tag: number,
    now: number,
    create: boolean,
  ): FlowEntry<S> | undefined {
    this.expire(now);
    let h = 0x811c9dc5;
    for (let i = 0; i < addrLen; i++) h = Math.imul(h ^ view.getUint8(srcOffset + i), 0x01000193);
    for (let i = 0; i < addrLen; i++) h = Math.imul(h ^ view.getUint8(dstOffset + i), 0x01000193);
    h = Math.imul(h ^ srcPort, 0x01000193);
    h = Math.imul(h ^ dstPort, 0x01000193);
    h = Math.imul(h ^ tag, 0x01000193) >>> 0;
    const head = this.buckets.get(h);
    for (let e = head ?? null; e !== null; e = e.bucketNext) {
      if (e.flow.srcPort === srcPort && e.flow.dstPort === dstPort && e.tag === tag && sameAddr(e.addr, view, srcOffset, dstOffset, addrLen)) {
        e.lastSeen = now;
        this.touch(e);
        return e;
      }
    }
    if (!create) return undefined;
    if (this.count >= this.capacity && this.oldest !== null) this.evict(this.oldest, 'limit');
    const addr = new Uint8Array(addrLen * 2);
    for (let i = 0; i < addrLen; i++) {
      addr[i] = view.getUint8(srcOffset + i);
      addr[addrLen + i] = view.getUint8(dstOffset + i);
    }
    const flow: Flow = {
      id: this.ids.next++,
      transport: this.transport,
      src: ipText(addr, 0, addrLen),
      dst: ipText(addr, addrLen, addrLen),
      srcPort,
      dstPort,
    };
    const e: FlowEntry<S> = {
      flow,
      state: this.createState(flow),
      lastSeen: now,
      hash: h,
      addr,
      tag,
      bucketNext: this.buckets.get(h) ?? null,
      newer: null,
      older: null,
    };
    this.buckets.set(h, e);
    this.linkNewest(e);
    this.count++;
    return e;
  }

  /** Evicts the least recently used entry (reported with `reason`); false when empty. */
  evictOldest(reason: EvictReason): boolean {
    if (this.oldest === null) return false;
    this.evict(this.oldest, reason);
    return true;
  }

  /** Remove an entry (connection closed). */
  delete(e: FlowEntry<S>): void {
    let p = this.buckets.get(e.hash) ?? null;
    if (p === e) {
      if (e.bucketNext === null) this.buckets.delete(e.hash);
      else this.buckets.set(e.hash, e.bucketNext);
    } else {
      while (p !== null && p.bucketNext !== e) p = p.bucketNext;
      if (p === null) return; // not in the table
      p.bucketNext = e.bucketNext;
    }
    e.bucketNext = null;
    this.unlink(e);
    this.count--;
  }

  /** Entries from oldest to newest. */
  *entries(): IterableIterator<FlowEntry<S>> {
    for (let e = this.oldest; e !== null; e = e.newer) yield e;
  }

  private expire(now: number): void {
    while (this.oldest !== null && now - this.oldest.lastSeen > this.maxIdleSec) this.evict(this.oldest, 'age');
  }

  private evict(e: FlowEntry<S>, reason: EvictReason): void {
    this.delete(e);
    this.onEvict(e, reason);
  }

  private touch(e: FlowEntry<S>): void {
    if (this.newest === e) return;
    this.unlink(e);
    this.linkNewest(e);
  }

  private linkNewest(e: FlowEntry<S>): void {
    e.older = this.newest;
    e.newer = null;
    if (this.newest !== null) this.newest.newer = e;
    this.newest = e;
    if (this.oldest === null) this.oldest = e;
  }

  private unlink(e: FlowEntry<S>): void {
    if (e.newer !== null) e.newer.older = e.older;
    else if (this.newest === e) this.newest = e.older;
    if (e.older !== null) e.older.newer = e.newer;
    else if (this.oldest === e) this.oldest = e.newer;
    e.newer = null;
    e.older = null;
  }
}

function sameAddr(a: Uint8Array, view: DataView, src: number, dst: number, addrLen: number): boolean {
  if (a.length !== addrLen * 2) return false;
  for (let i = 0; i < addrLen; i++) {
    if (a[i] !== view.getUint8(src + i) || a[addrLen + i] !== view.getUint8(dst + i)) return false;
  }
  return true;
}

