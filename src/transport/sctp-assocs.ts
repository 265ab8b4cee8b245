/**
 * SCTP association directions (source address+port → destination address+port, Verification
 * Tag: RFC 9260 §8.5; the addresses an association's endpoint names in INIT / INIT ACK replaced
 * by the caller with its first one, sctp-endpoints.ts, so its paths are one direction; see lookup)
 * in typed-array slots: the key words, recency links, bucket chains, flow id
 * and the first TSN remembered (with its fingerprint) are int32/float64 array elements, so a
 * direction that carries one TSN before it leaves the table keeps nothing on the V8 heap but its
 * {@link Flow}, made at its first payload. measured (bench/results-notes.md "assocslots"): with a
 * new association per message past the 16,384 kept, the ~430 B of objects each direction held
 * (FlowEntry, Flow, BoundedEntry, TsnWindow) were promoted and dropped after ~16 k messages, and
 * V8 let the old generation grow to ~4× the live set between mark-compacts (Scanner > 200 MB).
 *
 * Answers are those of the FlowTable + TsnWindow pair it replaces (test:
 * sctp-assocs-model.test.ts): LRU by lookup, the least recently used direction evicted ('limit')
 * before a new one is made when `capacity` are held, flow ids taken from the shared
 * {@link FlowIds} when a direction is made, key hash, recent-entry cache and address texts as
 * flow-table.ts has them. Associations have no idle cap (heartbeats only) and no byte budget.
 */
import { fmix32, fnvStep, HASH_SEED } from '../core/hash.js';
import { SlotList } from '../core/slot-list.js';
import { AddrTexts, type FlowIds, hashAddr, RECENT_SLOTS, recentSlot } from './flow-table.js';
import { TsnWindow } from './sctp-reassembly.js';
import type { Flow } from './types.js';

const NONE = -1;
/**
 * {@link SctpAssocs.marks} bits: the first TSN is in tsn0/fp0; `sctp.tsn-reuse` was reported; the
 * direction shares its ports and tag with another address pair held ({@link SctpAssocs.group}); it
 * was looked up through its association's handshake ({@link SctpAssocs.bind}); DATA noted (firstData).
 */
const HAS_TSN = 1;
const REUSE_REPORTED = 2;
const MULTI = 4;
const BOUND = 8;
const DATA_NOTED = 16;
/** Paths made before a direction's that {@link SctpAssocs.carried} looks in at most (RFC 9260 multi-homing: a few addresses per endpoint). */
const MAX_PARTNERS = 8;
/**
 * Capture seconds a copy of a chunk on another path is taken for a retransmission of it: RFC 9260 §16
 * RTO.Max 60 s × Association.Max.Retrans 10 bounds how late a sender retransmits a chunk. The tap's
 * clock, which no sender moves (review 15-C #3); api/cross-path-copies.ts remembers messages as long.
 */
export const COPY_SEC = 600;
/** Int32s per slot in {@link SctpAssocs.keys}. */
const KEY = 12;
/** Slots made first (doubled up to the capacity: most captures carry few associations). */
const FIRST_SLOTS = 64;

export class SctpAssocs {
  /** Slot allocation and recency (core/slot-list.ts); a slot is only freed by eviction, and reused at once. */
  private readonly order: SlotList;
  private slots = 0;
  /**
   * Per slot {@link KEY} int32s: the key's hash, `srcPort << 16 | dstPort`, the tag, the address
   * length (4 or 16), the source's four words, then the destination's (big-endian; 0 past an IPv4
   * address). One array: a lookup reads one array's base for the whole compare.
   */
  private keys = new Int32Array(0);
  /**
   * Flow ids, in a plain array: small integers stay Smis there. Read from a Float64Array, the id
   * was stored in each Flow as a boxed heap number (16 B per direction, heap snapshot).
   */
  private readonly ids: number[] = [];
  private chain = new Int32Array(0);
  private tsn0 = new Int32Array(0);
  private fp0 = new Int32Array(0);
  private marks = new Uint8Array(0);
  /** The direction's Flow once a payload needed it; its TsnWindow from its second TSN. */
  private flows: (Flow | undefined)[] = [];
  private wins: (TsnWindow | undefined)[] = [];
  /** Chain heads by `hash & mask` (a power of two ≥ the slots). */
  private buckets = new Int32Array(0);
  private mask = 0;
  /**
   * The direction last made, by a seeded hash of its ports and tag (`& mask`), among those no handshake
   * bound ({@link group}), NONE when none; and per slot the other path of its ports and tag found when
   * it was made ({@link carried}), NONE when none. A bucket holds one slot: another ports and tag of
   * the same bucket replaces it, and the next path of the first is then not grouped (copies decoded
   * twice, as without the groups).
   */
  private paths = new Int32Array(0);
  private partner = new Int32Array(0);
  /**
   * Per slot: the frame and capture time of its first TSN (tsn0), and the capture time of its last
   * DATA packet ({@link touch}): how old a copy {@link carried} finds is (review 16-B #4), and which
   * frame carried it (16-B #3).
   */
  private frame0 = new Float64Array(0);
  private sec0 = new Float64Array(0);
  private lastSec = new Float64Array(0);
  /** The frame and capture time of the DATA packet being walked ({@link touch}). */
  private atFrame = 0;
  private atSec = 0;
  /** The last {@link lookup} made a new direction. */
  made = false;
  /** Slots recently found or made (flow-table.ts `recent`), NONE when empty. */
  private readonly recent = new Int32Array(RECENT_SLOTS).fill(NONE);
  private readonly texts = new AddrTexts();
  /** Per slot: the Flow of the last other path (address pair) the direction was seen on. */
  private alts: (Flow | undefined)[] = [];
  /** The packet of the last lookup travelled on another address pair than the key's ({@link via}). */
  private otherPath = false;
  private pathView: DataView | undefined;
  private pathSrc = 0;
  private pathDst = 0;
  private pathLen = 0;

  constructor(
    private readonly capacity: number,
    /** TSNs remembered per direction (limits.sctpTsnWindow; ≤ 0: none). */
    private readonly tsnWindow: number,
    private readonly flowIds: FlowIds,
    /** Called with a direction's Flow as it leaves the table (the table is full: 'limit'). */
    private readonly onEvict: (flow: Flow) => void,
    /** Start of the key hash (default: HASH_SEED, random per process; tests pin it). */
    private readonly seed = HASH_SEED,
  ) {
    this.order = new SlotList(Math.min(capacity, FIRST_SLOTS), capacity);
    this.resize(Math.min(capacity, FIRST_SLOTS));
  }

  /** Directions held. */
  get size(): number {
    return this.order.size;
  }

  /**
   * The slot of the direction whose source address is at `srcOffset` and destination address at
   * `dstOffset` in `view`, each `addrLen` octets (4 or 16), made when new (evicting the least
   * recently used at capacity), and made the most recently used. The slot stays the direction's
   * until the next call makes another direction.
   *
   * The key is the address pair given: an association is multi-homed (RFC 9260 §6.4: any chunk,
   * a retransmission in particular, may go to any of the peer's addresses), so the caller keys a
   * packet of a known association by its endpoints' first addresses and names the packet's own pair
   * with {@link via}: the TSN window and the fragment reassembly (by {@link id}) span the paths
   * INIT / INIT ACK declared. Not by ports and tag alone (red-team rt9 MH3): a packet from an
   * address of neither endpoint is out of the blue to the receiver (§8.4) and discarded, so its
   * chunks must not join the association's reassembly.
   */
  lookup(view: DataView, srcOffset: number, dstOffset: number, addrLen: number, srcPort: number, dstPort: number, tag: number): number {
    this.otherPath = false;
    this.made = false;
    const last = addrLen - 4;
    const ports = (srcPort << 16) | dstPort;
    const r = recentSlot(this.seed, srcPort, dstPort, tag, view.getInt32(srcOffset + last), view.getInt32(dstOffset + last));
    const c = this.recent[r]!;
    if (c !== NONE && this.same(c, ports, tag, view, srcOffset, dstOffset, addrLen)) {
      this.order.touch(c);
      return c;
    }
    const h0 = hashAddr(hashAddr(this.seed, view, srcOffset, addrLen), view, dstOffset, addrLen);
    const h = fmix32(fnvStep(fnvStep(fnvStep(h0, srcPort), dstPort), tag)) | 0;
    const keys = this.keys;
    for (let s = this.buckets[h & this.mask]!; s !== NONE; s = this.chain[s]!) {
      if (keys[KEY * s] === h && this.same(s, ports, tag, view, srcOffset, dstOffset, addrLen)) {
        this.order.touch(s);
        this.recent[r] = s;
        return s;
      }
    }
    const order = this.order;
    if (order.size >= this.capacity) this.evict(order.oldest); // frees the slot alloc() hands back
    const s = order.alloc();
    if (s >= this.slots) this.resize(order.capacity);
    const k = this.keys;
    const o = KEY * s;
    k[o] = h;
    k[o + 1] = ports;
    k[o + 2] = tag;
    k[o + 3] = addrLen;
    k[o + 4] = view.getInt32(srcOffset);
    k[o + 8] = view.getInt32(dstOffset);
    for (let i = 1; i < 4; i++) {
      k[o + 4 + i] = addrLen > 4 ? view.getInt32(srcOffset + 4 * i) : 0;
      k[o + 8 + i] = addrLen > 4 ? view.getInt32(dstOffset + 4 * i) : 0;
    }
    this.ids[s] = this.flowIds.next++;
    this.marks[s] = 0;
    this.partner[s] = NONE;
    this.made = true;
    order.push(s);
    const b = h & this.mask;
    this.chain[s] = this.buckets[b]!;
    this.buckets[b] = s;
    this.recent[r] = s;
    return s;
  }

  /**
   * The packet of the last {@link lookup} travelled from the address at `src` to the one at `dst`
   * of `view` (`addrLen` octets each), another path of the key's association: {@link flow} gives them.
   */
  via(view: DataView, src: number, dst: number, addrLen: number): void {
    this.otherPath = true;
    this.pathView = view;
    this.pathSrc = src;
    this.pathDst = dst;
    this.pathLen = addrLen;
  }

  /** The flow id of slot `s`. */
  id(s: number): number {
    return this.ids[s]!;
  }

  /**
   * The Flow of slot `s` as the last {@link lookup} saw it: the direction's, made once (its identity
   * is the direction's: types.ts Flow), or, on another path of the association, one with the same
   * id and that path's addresses, naming the direction's Flow as its `assoc` (the last such kept per
   * direction).
   */
  flow(s: number): Flow {
    if (!this.otherPath) return this.first(s);
    const v = this.pathView!;
    const len = this.pathLen;
    const src = this.addrText(v, this.pathSrc, len);
    const dst = this.addrText(v, this.pathDst, len);
    const f = this.first(s);
    if (f.src === src && f.dst === dst) return f;
    const a = this.alts[s];
    if (a !== undefined && a.src === src && a.dst === dst) return a;
    const alt: Flow = { id: f.id, transport: 'sctp', src, dst, srcPort: f.srcPort, dstPort: f.dstPort, assoc: f };
    this.alts[s] = alt;
    return alt;
  }

  private addrText(v: DataView, off: number, len: number): string {
    const w = (i: number) => (len > 4 ? v.getInt32(off + 4 * i) : 0);
    return this.texts.text(v.getInt32(off), w(1), w(2), w(3), len);
  }

  /** The Flow of slot `s` on its first address pair, made once per direction. */
  private first(s: number): Flow {
    let f = this.flows[s];
    if (f === undefined) {
      const k = this.keys;
      const o = KEY * s;
      const len = k[o + 3]!;
      f = {
        id: this.ids[s]!,
        transport: 'sctp',
        src: this.texts.text(k[o + 4]!, k[o + 5]!, k[o + 6]!, k[o + 7]!, len),
        dst: this.texts.text(k[o + 8]!, k[o + 9]!, k[o + 10]!, k[o + 11]!, len),
        srcPort: k[o + 1]! >>> 16,
        dstPort: k[o + 1]! & 0xffff,
      };
      this.flows[s] = f;
    }
    return f;
  }

  /**
   * TsnWindow.check for slot `s`: 0 new TSN (remembered), 1 retransmission, 2 TSN reused with other
   * content. The first TSN and its fingerprint stay in the slot; the window object is made at the
   * second distinct TSN and given the first again, the state it would have had.
   */
  check(s: number, tsn: number, fp: number): 0 | 1 | 2 {
    const win = this.wins[s];
    if (win !== undefined) return win.check(tsn, fp);
    if (this.tsnWindow <= 0) return 0;
    const m = this.marks[s]!;
    if ((m & HAS_TSN) === 0) {
      this.tsn0[s] = tsn;
      this.fp0[s] = fp;
      this.frame0[s] = this.atFrame;
      this.sec0[s] = this.atSec;
      this.marks[s] = m | HAS_TSN;
      return 0;
    }
    if (this.tsn0[s] === tsn) {
      if (this.fp0[s] === fp) return 1;
      this.fp0[s] = fp;
      this.frame0[s] = this.atFrame;
      this.sec0[s] = this.atSec;
      return 2;
    }
    const w = new TsnWindow(this.tsnWindow);
    w.check(this.tsn0[s]!, this.fp0[s]!);
    this.wins[s] = w;
    return w.check(tsn, fp);
  }

  /**
   * Slot `s` (just made, tag ≠ 0, looked up by its own address pair: no handshake named it) joins the
   * last such direction made with its ports and tag on another address pair, if that one is still
   * held and no handshake bound it: both are marked grouped ({@link groupKey}). A forged path can so
   * make a real one grouped, which only turns on the copy check of its messages (api/cross-path-copies.ts),
   * never drops a chunk here. Review 15-C #1 (a): a direction bound through its handshake is never grouped.
   */
  group(s: number): void {
    const k = this.keys;
    const o = KEY * s;
    const b = this.pathHash(k[o + 1]!, k[o + 2]!) & this.mask;
    const t = this.paths[b]!;
    this.paths[b] = s;
    if (t === NONE || t === s || (this.marks[t]! & BOUND) !== 0) return;
    const q = KEY * t;
    if (k[q + 1] !== k[o + 1] || k[q + 2] !== k[o + 2]) return;
    this.partner[s] = t;
    this.marks[s]! |= MULTI;
    this.marks[t]! |= MULTI;
  }

  /** Slot `s` was looked up through its association's handshake (sctp-endpoints.ts canonicalKey): never grouped from now on. */
  bind(s: number): void {
    this.marks[s]! |= BOUND;
  }

  /**
   * A nonzero key of slot `s`'s ports and tag when it is grouped and not bound ({@link group}; the same
   * for every path of the group), else 0: one mark test for a single path.
   */
  groupKey(s: number): number {
    if ((this.marks[s]! & (MULTI | BOUND)) !== MULTI) return 0;
    const o = KEY * s;
    return this.pathHash(this.keys[o + 1]!, this.keys[o + 2]!) | 1;
  }

  /** The DATA packet of frame `frame`, capture time `sec`, is walked on slot `s` (once a packet: packet-decoder.ts sctpData). */
  touch(s: number, frame: number, sec: number): void {
    this.atFrame = frame;
    this.atSec = sec;
    this.lastSec[s] = sec;
  }

  /**
   * Whether a path of slot `s`'s group made before it (the one it joined, that one's, … up to
   * {@link MAX_PARTNERS}) carried the TSN `tsn` with fingerprint `fp` among the last TSNs its window
   * holds (TsnWindow.peek, nothing stored), at most {@link COPY_SEC} before `now`: the witness that a
   * copy of an unfragmented chunk on `s` was decoded on that path, maybe before the two were grouped.
   * The frame that carried it when it was that path's first TSN (the usual case: a path's first DATA
   * retransmits its partner's first), 0 when it was carried but its frame is not known, −1 when not
   * carried. Review 16-B #4: without the age bound a copy carried hours before on a quiet path
   * suppressed the new message; the age is the first TSN's own, else the path's last packet's.
   */
  carried(s: number, tsn: number, fp: number, now: number): number {
    const k = this.keys;
    const o = KEY * s;
    let t = this.partner[s]!;
    for (let n = 0; n < MAX_PARTNERS && t !== NONE && t !== s; n++, t = this.partner[t]!) {
      // Still grouped, unbound, of these ports and tag (a slot evicted and made again for another direction is not).
      if ((this.marks[t]! & (MULTI | BOUND)) !== MULTI || k[KEY * t + 1] !== k[o + 1] || k[KEY * t + 2] !== k[o + 2]) return -1;
      const first = (this.marks[t]! & HAS_TSN) !== 0 && this.tsn0[t] === tsn && this.fp0[t] === fp;
      const win = this.wins[t];
      if (!(win !== undefined ? win.peek(tsn, fp) === 1 : first)) continue;
      if (first) {
        if (now - this.sec0[t]! <= COPY_SEC) return this.frame0[t]!;
      } else if (now - this.lastSec[t]! <= COPY_SEC) return 0;
    }
    return -1;
  }

  private pathHash(ports: number, tag: number): number {
    return fmix32(fnvStep(fnvStep(this.seed ^ 0x3c6ef372, ports), tag));
  }

  /** Marks `sctp.tsn-reuse` reported for slot `s`; false if it already was (reported once per direction). */
  firstReuse(s: number): boolean {
    const m = this.marks[s]!;
    if ((m & REUSE_REPORTED) !== 0) return false;
    this.marks[s] = m | REUSE_REPORTED;
    return true;
  }

  /** True the first time for slot `s` (its direction's DATA noted once: sctp-sides.ts). */
  firstData(s: number): boolean {
    const m = this.marks[s]!;
    if ((m & DATA_NOTED) !== 0) return false;
    this.marks[s] = m | DATA_NOTED;
    return true;
  }

  /** Slot `s` holds the key: ports, tag, address length, then the addresses word by word (flow-table.ts sameAddr). */
  private same(s: number, ports: number, tag: number, view: DataView, src: number, dst: number, addrLen: number): boolean {
    const k = this.keys;
    const o = KEY * s;
    return k[o + 1] === ports && k[o + 2] === tag && this.samePath(o, view, src, dst, addrLen);
  }

  /** The key at `o` has the address pair at `src`/`dst`. */
  private samePath(o: number, view: DataView, src: number, dst: number, addrLen: number): boolean {
    const k = this.keys;
    if (k[o + 3] !== addrLen || k[o + 4] !== view.getInt32(src) || k[o + 8] !== view.getInt32(dst)) return false;
    return (
      addrLen === 4 ||
      (k[o + 5] === view.getInt32(src + 4) &&
        k[o + 6] === view.getInt32(src + 8) &&
        k[o + 7] === view.getInt32(src + 12) &&
        k[o + 9] === view.getInt32(dst + 4) &&
        k[o + 10] === view.getInt32(dst + 8) &&
        k[o + 11] === view.getInt32(dst + 12))
    );
  }

  /** Takes slot `s` out of the recency list, its bucket and the recent cache, and reports it. */
  private evict(s: number): void {
    this.order.free(s);
    const k = this.keys;
    const o = KEY * s;
    const b = k[o]! & this.mask;
    let p = this.buckets[b]!;
    if (p === s) this.buckets[b] = this.chain[s]!;
    else {
      while (this.chain[p] !== s) p = this.chain[p]!;
      this.chain[p] = this.chain[s]!;
    }
    const last = k[o + 3] === 4 ? 0 : 3;
    const ports = k[o + 1]!;
    const r = recentSlot(this.seed, ports >>> 16, ports & 0xffff, k[o + 2]!, k[o + 4 + last]!, k[o + 8 + last]!);
    if (this.recent[r] === s) this.recent[r] = NONE;
    const g = this.pathHash(ports, k[o + 2]!) & this.mask;
    if (this.paths[g] === s) this.paths[g] = NONE;
    this.onEvict(this.first(s));
    this.flows[s] = undefined;
    this.alts[s] = undefined;
    this.wins[s] = undefined;
  }

  /** Grows every slot array to `slots` and the buckets to the next power of two ≥ it (rehashed). */
  private resize(slots: number): void {
    const n = this.slots;
    const grow32 = (a: Int32Array<ArrayBuffer>, per = 1): Int32Array<ArrayBuffer> => {
      const b = new Int32Array(slots * per);
      b.set(a);
      return b;
    };
    this.keys = grow32(this.keys, KEY);
    this.chain = grow32(this.chain);
    this.tsn0 = grow32(this.tsn0);
    this.fp0 = grow32(this.fp0);
    this.partner = grow32(this.partner);
    const grow64 = (a: Float64Array<ArrayBuffer>): Float64Array<ArrayBuffer> => {
      const b = new Float64Array(slots);
      b.set(a);
      return b;
    };
    this.frame0 = grow64(this.frame0);
    this.sec0 = grow64(this.sec0);
    this.lastSec = grow64(this.lastSec);
    const marks = new Uint8Array(slots);
    marks.set(this.marks);
    this.marks = marks;
    for (let i = this.flows.length; i < slots; i++) {
      this.flows.push(undefined);
      this.alts.push(undefined);
      this.wins.push(undefined);
      this.ids.push(0);
    }
    this.slots = slots;
    let size = 16;
    while (size < slots) size *= 2;
    if (size === this.buckets.length) return;
    this.buckets = new Int32Array(size).fill(NONE);
    this.paths = new Int32Array(size).fill(NONE);
    this.mask = size - 1;
    for (let s = 0; s < n; s++) {
      const o = KEY * s;
      const b = this.keys[o]! & this.mask;
      this.chain[s] = this.buckets[b]!;
      this.buckets[b] = s;
      // The last made of each ports and tag (slots in the order made, as far as they were not evicted).
      if ((this.marks[s]! & BOUND) === 0 && this.keys[o + 2] !== 0) this.paths[this.pathHash(this.keys[o + 1]!, this.keys[o + 2]!) & this.mask] = s;
    }
  }
}
