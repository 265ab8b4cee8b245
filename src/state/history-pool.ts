/**
 * Subscriber location histories in typed-array slots (issue 19, branches subhist, subhist2), held
 * by SubscriberStore (state/subscribers.ts); bench/results-notes.md "subhist" and "subhist2" have
 * the measurements.
 *
 * measured (micro-harness /tmp/subhist/harness.mjs, 24 k subscribers, live heap after gc()): as
 * objects, a full history (4 `Location` objects, each confirmed once, and the exact-size array)
 * cost ~715 B of V8 heap per subscriber; 4 unconfirmed locations ~340 B. Here each location is one
 * slot of typed arrays (outside the V8 heap that the old generation's growing factor multiplies),
 * 65 B (one 64-byte entry and a byte, below): times, frame, kind, flags, the confirmation, and the info, address and confirmation
 * message as ids into reference-counted tables (core/ref-table.ts: a handful of distinct values;
 * as packed reference arrays they were 4.1 MB of V8 heap at 24 k subscribers). A subscriber's
 * block links its history slots oldest → newest (at most {@link HISTORY}: the oldest slot is freed
 * when a fifth arrives) and, for a `--state-in` record whose `visited` is its own object (not the
 * newest history entry; confirmations of one do not reach the other), one detached slot. Slots are
 * taken per location, not per block: measured (subhist2, 200 k subscribers with one location each,
 * test/fuzz/hostile.ts subscriberFlood) a fixed block of 5 slots was 624 B of ArrayBuffer per
 * subscriber, one slot per location ~160 B.
 *
 * Read API: Location objects are made on read ({@link history}, {@link visited}) with the keys in
 * the order the state file has them, so `--state-out` stays byte-identical; the hot path reads and
 * confirms without objects ({@link visitedAddress}, {@link visitedKind}, {@link confirmVisited}).
 *
 * Bounded by the store: ≤ HISTORY + 1 slots per held record; freed slots and blocks are reused first.
 */
import { grown } from '../core/typed-arrays.js';
import { RefTable } from '../core/ref-table.js';
import type { NetworkInfo } from '../attribution/types.js';
import type { Location, LocationKind } from './subscribers.js';

/** Trusted locations kept per subscriber (subscribers.ts HISTORY). */
export const HISTORY = 4;
const KINDS: readonly LocationKind[] = ['vlr', 'msc', 'sgsn', 'mme'];
const NIL = -1;
const INITIAL_BLOCKS = 64;
const INITIAL_SLOTS = 128;

/**
 * A location slot is one 64-byte entry of one ArrayBuffer (a cache line when the buffer is
 * line-aligned): six Float64s (times, frame, the confirmation's times and frame) at doubles
 * 8k…8k+5, then four Int32s at ints 16k+12…16k+15 (the info, address and confirmation-message
 * ids, the next slot); its kind and flags in one byte of {@link HistoryPool.kf}. measured (issue
 * 19, store9, callgrind cache simulation of the routine scan): as twelve parallel arrays, a
 * confirmation touched six lines (flags, three times, the id) and a look at the visited location
 * three more (block mode, last slot, the column read).
 */
const D = 8;
const D_SEC = 0;
const D_NSEC = 1;
const D_FRAME = 2;
const D_CSEC = 3;
const D_CNSEC = 4;
const D_CFRAME = 5;
const I = 16;
const I_INFO = 12;
const I_ADDRESS = 13;
const I_BY = 14;
const I_NEXT = 15;

/** {@link HistoryPool.kf}: the kind's code in the low two bits, then the flags. */
const KIND_MASK = 3;
const HAS_ADDRESS = 4;
const CONFIRMED = 8;
/** The location was seeded (state/seed.ts literal: `address` before `tsSec`). */
const SEED_ORDER = 16;

/**
 * A block is one 16-byte entry: the oldest and newest history slot and the detached visited slot
 * (Int32s at 4b…4b+2; NIL: none; `first` links the free list of blocks), the history length and
 * where the visited location is (bytes 16b+12, 16b+13).
 */
const B = 4;
const B_FIRST = 0;
const B_LAST = 1;
const B_DET = 2;
const BB = 16;
const B_COUNT = 12;
const B_VMODE = 13;

/** The slot code of a location's kind; a library caller's other text is refused before any slot is taken. */
function kindCode(loc: Location): number {
  const kind = KINDS.indexOf(loc.kind);
  if (kind < 0) throw new TypeError(`location kind ${JSON.stringify(loc.kind)} is not one of ${KINDS.join(', ')}`);
  return kind;
}

/** Where a block's visited location is. */
const V_NONE = 0;
const V_NEWEST = 1;
const V_DETACHED = 2;

export class HistoryPool {
  // ---- location slots ---------------------------------------------------------------------------
  // Nanoseconds as Float64, like the seconds: a library caller's event may carry any number there
  // (PduMeta.tsNsec is not range-checked), and Int32 would wrap 3e9 or cut a fraction (red-team review).
  private d = new Float64Array(INITIAL_SLOTS * D);
  /** The same buffer as {@link d}, as Int32s. */
  private i = new Int32Array(this.d.buffer);
  /** Per slot: kind and flags. */
  private kf = new Uint8Array(INITIAL_SLOTS);
  private slotTop = 0;
  private slotFree = NIL;
  private slotsUsed = 0;
  /** Ids in the slots' info, address and `by` fields (0: none; core/ref-table.ts). */
  private readonly infos = new RefTable<NetworkInfo>();
  private readonly addresses = new RefTable<string>();
  private readonly bys = new RefTable<string>();

  // ---- blocks (one per subscriber) --------------------------------------------------------------
  private b = new Int32Array(INITIAL_BLOCKS * B);
  /** The same buffer as {@link b}, as bytes. */
  private bb = new Uint8Array(this.b.buffer);
  private top = 0;
  private free = NIL;

  /** A new empty block (no history, no visited). */
  alloc(): number {
    let b = this.free;
    if (b !== NIL) this.free = this.b[b * B + B_FIRST]!;
    else {
      b = this.top++;
      if (b * B === this.b.length) this.growBlocks();
    }
    const o = b * B;
    this.b[o + B_FIRST] = NIL;
    this.b[o + B_LAST] = NIL;
    this.b[o + B_DET] = NIL;
    this.bb[b * BB + B_COUNT] = 0;
    this.bb[b * BB + B_VMODE] = V_NONE;
    return b;
  }

  /** Returns a block and its slots to the free lists (their references dropped). */
  release(b: number): void {
    for (let k = this.b[b * B + B_FIRST]!; k !== NIL; ) {
      const n = this.i[k * I + I_NEXT]!;
      this.freeSlot(k);
      k = n;
    }
    this.dropDetached(b);
    this.b[b * B + B_FIRST] = this.free;
    this.free = b;
  }

  /** History length (≤ {@link HISTORY}). */
  size(b: number): number {
    return this.bb[b * BB + B_COUNT]!;
  }

  /** Distinct networks, addresses and confirmation names held by live slots (the tables' size: 0 once every block is released). */
  get heldValues(): number {
    return this.infos.size + this.addresses.size + this.bys.size;
  }

  /** Location slots in use (0 once every block is released). */
  get slotsInUse(): number {
    return this.slotsUsed;
  }

  /** A trusted location learned (subscribers.ts moveTo): it joins the history and becomes the visited one. */
  push(b: number, loc: Location, seeded = false): void {
    const kind = kindCode(loc);
    const k = this.newSlot();
    this.write(k, kind, loc, seeded);
    const o = b * B;
    const l = this.b[o + B_LAST]!;
    if (l === NIL) this.b[o + B_FIRST] = k;
    else this.i[l * I + I_NEXT] = k;
    this.b[o + B_LAST] = k;
    const n = this.bb[b * BB + B_COUNT]!;
    if (n >= HISTORY) {
      const oldest = this.b[o + B_FIRST]!;
      this.b[o + B_FIRST] = this.i[oldest * I + I_NEXT]!;
      this.freeSlot(oldest);
    } else this.bb[b * BB + B_COUNT] = n + 1;
    this.dropDetached(b);
    this.bb[b * BB + B_VMODE] = V_NEWEST;
  }

  /**
   * Takes back the newest location (a registration the HLR/HSS refused, subscribers.ts
   * refuseRegistration): the entry before it becomes the visited one again; none: no visited.
   */
  popNewest(b: number): void {
    const o = b * B;
    const l = this.b[o + B_LAST]!;
    if (l === NIL) return;
    let prev = NIL;
    for (let k = this.b[o + B_FIRST]!; k !== l; k = this.i[k * I + I_NEXT]!) prev = k;
    this.freeSlot(l);
    this.b[o + B_LAST] = prev;
    if (prev === NIL) this.b[o + B_FIRST] = NIL;
    else this.i[prev * I + I_NEXT] = NIL;
    this.bb[b * BB + B_COUNT] = this.bb[b * BB + B_COUNT]! - 1;
    this.dropDetached(b);
    this.bb[b * BB + B_VMODE] = prev === NIL ? V_NONE : V_NEWEST;
  }

  /** A visited location that is its own object (a restored record's `visited`). */
  setDetachedVisited(b: number, loc: Location, seeded = false): void {
    const kind = kindCode(loc);
    let k = this.b[b * B + B_DET]!;
    if (k === NIL) k = this.b[b * B + B_DET] = this.newSlot();
    this.write(k, kind, loc, seeded);
    this.bb[b * BB + B_VMODE] = V_DETACHED;
  }

  /** Purge / cancellation (subscribers.ts clearVisited): the history stays. */
  clearVisited(b: number): void {
    this.dropDetached(b);
    this.bb[b * BB + B_VMODE] = V_NONE;
  }

  visitedIsNewest(b: number): boolean {
    return this.bb[b * BB + B_VMODE] === V_NEWEST;
  }

  hasVisited(b: number): boolean {
    return this.bb[b * BB + B_VMODE] !== V_NONE;
  }

  visitedAddress(b: number): string | undefined {
    const k = this.visitedSlot(b);
    return k === NIL ? undefined : this.addresses.get(this.i[k * I + I_ADDRESS]!);
  }

  visitedInfo(b: number): NetworkInfo | undefined {
    const k = this.visitedSlot(b);
    return k === NIL ? undefined : this.infos.get(this.i[k * I + I_INFO]!);
  }

  visitedKind(b: number): LocationKind | undefined {
    const k = this.visitedSlot(b);
    return k === NIL ? undefined : KINDS[this.kf[k]! & KIND_MASK];
  }

  /** subscribers.ts confirm on the visited location: out-of-order capture time never moves it back. */
  confirmVisited(b: number, tsSec: number, tsNsec: number, frame: number, by: string): void {
    const k = this.visitedSlot(b);
    if (k === NIL) return;
    const d = this.d;
    const f = this.kf[k]!;
    if (f & CONFIRMED) {
      const cs = d[k * D + D_CSEC]!;
      if (cs > tsSec || (cs === tsSec && d[k * D + D_CNSEC]! >= tsNsec)) return;
    }
    this.kf[k] = f | CONFIRMED;
    d[k * D + D_CSEC] = tsSec;
    d[k * D + D_CNSEC] = tsNsec;
    d[k * D + D_CFRAME] = frame;
    const id = this.bys.acquire(by);
    this.bys.release(this.i[k * I + I_BY]!);
    this.i[k * I + I_BY] = id;
  }

  /** The visited location, made from its slot; undefined after a purge or before anything is known. */
  visited(b: number): Location | undefined {
    const k = this.visitedSlot(b);
    return k === NIL ? undefined : this.read(k);
  }

  /** The history, oldest first, made from the slots. */
  history(b: number): Location[] {
    const out: Location[] = [];
    for (let k = this.b[b * B + B_FIRST]!; k !== NIL; k = this.i[k * I + I_NEXT]!) out.push(this.read(k));
    return out;
  }

  private visitedSlot(b: number): number {
    const m = this.bb[b * BB + B_VMODE]!;
    if (m === V_NONE) return NIL;
    return this.b[b * B + (m === V_DETACHED ? B_DET : B_LAST)]!;
  }

  private write(k: number, kind: number, loc: Location, seeded: boolean): void {
    const d = this.d;
    d[k * D + D_SEC] = loc.tsSec;
    d[k * D + D_NSEC] = loc.tsNsec;
    d[k * D + D_FRAME] = loc.frame;
    // Acquired before the slot's old ids are released: an unchanged value keeps its id.
    const info = this.infos.acquire(loc.info);
    const address = this.addresses.acquire(loc.address);
    const c = loc.confirmed;
    const by = c === undefined ? 0 : this.bys.acquire(c.by);
    this.clearRefs(k);
    const o = k * I;
    this.i[o + I_INFO] = info;
    this.i[o + I_ADDRESS] = address;
    this.i[o + I_BY] = by;
    let f = kind | (loc.address !== undefined ? HAS_ADDRESS : 0) | (seeded ? SEED_ORDER : 0);
    if (c !== undefined) {
      f |= CONFIRMED;
      d[k * D + D_CSEC] = c.tsSec;
      d[k * D + D_CNSEC] = c.tsNsec;
      d[k * D + D_CFRAME] = c.frame;
    }
    this.kf[k] = f;
  }

  /**
   * The location with today's key order: learn.ts `loc` (and snapshot.ts `toLocation`, the same
   * order) `info, kind, tsSec, tsNsec, frame, [address], confirmed`; seed.ts `info, kind, address,
   * tsSec, tsNsec, frame` with `confirmed` appended when confirmed.
   */
  private read(k: number): Location {
    const d = this.d;
    const o = k * I;
    const f = this.kf[k]!;
    const confirmed =
      f & CONFIRMED ? { tsSec: d[k * D + D_CSEC]!, tsNsec: d[k * D + D_CNSEC]!, frame: d[k * D + D_CFRAME]!, by: this.bys.get(this.i[o + I_BY]!)! } : undefined;
    const info = this.infos.get(this.i[o + I_INFO]!)!;
    const kind = KINDS[f & KIND_MASK]!;
    const tsSec = d[k * D + D_SEC]!;
    const tsNsec = d[k * D + D_NSEC]!;
    const frame = d[k * D + D_FRAME]!;
    if (f & SEED_ORDER) {
      const l: Location = { info, kind, address: this.addresses.get(this.i[o + I_ADDRESS]!)!, tsSec, tsNsec, frame };
      if (confirmed !== undefined) l.confirmed = confirmed;
      return l;
    }
    if (f & HAS_ADDRESS) return { info, kind, tsSec, tsNsec, frame, address: this.addresses.get(this.i[o + I_ADDRESS]!)!, confirmed };
    return { info, kind, tsSec, tsNsec, frame, confirmed };
  }

  /** Releases the slot's references (ids back to 0). */
  private clearRefs(k: number): void {
    const o = k * I;
    this.infos.release(this.i[o + I_INFO]!);
    this.addresses.release(this.i[o + I_ADDRESS]!);
    this.bys.release(this.i[o + I_BY]!);
    this.i[o + I_INFO] = 0;
    this.i[o + I_ADDRESS] = 0;
    this.i[o + I_BY] = 0;
  }

  private newSlot(): number {
    let k = this.slotFree;
    if (k !== NIL) this.slotFree = this.i[k * I + I_NEXT]!;
    else {
      k = this.slotTop++;
      if (k === this.kf.length) this.growSlots();
    }
    this.i[k * I + I_NEXT] = NIL;
    this.slotsUsed++;
    return k;
  }

  private freeSlot(k: number): void {
    this.clearRefs(k);
    this.i[k * I + I_NEXT] = this.slotFree;
    this.slotFree = k;
    this.slotsUsed--;
  }

  private dropDetached(b: number): void {
    const k = this.b[b * B + B_DET]!;
    if (k === NIL) return;
    this.freeSlot(k);
    this.b[b * B + B_DET] = NIL;
  }

  private growBlocks(): void {
    this.b = grown(this.b, this.b.length * 2);
    this.bb = new Uint8Array(this.b.buffer);
  }

  private growSlots(): void {
    this.d = grown(this.d, this.d.length * 2);
    this.i = new Int32Array(this.d.buffer);
    this.kf = grown(this.kf, this.kf.length * 2);
  }
}
