/**
 * Subscriber location histories in typed-array slots (issue 19, branches subhist, subhist2), held
 * by SubscriberStore (state/subscribers.ts); bench/results-notes.md "subhist" and "subhist2" have
 * the measurements.
 *
 * measured (micro-harness /tmp/subhist/harness.mjs, 24 k subscribers, live heap after gc()): as
 * objects, a full history (4 `Location` objects, each confirmed once, and the exact-size array)
 * cost ~715 B of V8 heap per subscriber; 4 unconfirmed locations ~340 B. Here each location is one
 * slot of typed arrays (outside the V8 heap that the old generation's growing factor multiplies),
 * ~58 B: times, frame, kind, flags, the confirmation, and the info, address and confirmation
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

/** Slot flags. */
const HAS_ADDRESS = 1;
const CONFIRMED = 2;
/** The location was seeded (state/seed.ts literal: `address` before `tsSec`). */
const SEED_ORDER = 4;

/** Where a block's visited location is. */
/** The slot code of a location's kind; a library caller's other text is refused before any slot is taken. */
function kindCode(loc: Location): number {
  const kind = KINDS.indexOf(loc.kind);
  if (kind < 0) throw new TypeError(`location kind ${JSON.stringify(loc.kind)} is not one of ${KINDS.join(', ')}`);
  return kind;
}

const V_NONE = 0;
const V_NEWEST = 1;
const V_DETACHED = 2;

export class HistoryPool {
  // ---- location slots ---------------------------------------------------------------------------
  private sec = new Float64Array(INITIAL_SLOTS);
  // Nanoseconds as Float64, like the seconds: a library caller's event may carry any number there
  // (PduMeta.tsNsec is not range-checked), and Int32 would wrap 3e9 or cut a fraction (red-team review).
  private nsec = new Float64Array(INITIAL_SLOTS);
  private frame = new Float64Array(INITIAL_SLOTS);
  private kind = new Uint8Array(INITIAL_SLOTS);
  private flags = new Uint8Array(INITIAL_SLOTS);
  private cSec = new Float64Array(INITIAL_SLOTS);
  private cNsec = new Float64Array(INITIAL_SLOTS);
  private cFrame = new Float64Array(INITIAL_SLOTS);
  /** Ids into {@link infos}, {@link addresses}, {@link bys} (0: none; core/ref-table.ts). */
  private info = new Int32Array(INITIAL_SLOTS);
  private address = new Int32Array(INITIAL_SLOTS);
  private by = new Int32Array(INITIAL_SLOTS);
  /** The next newer slot of the same history (NIL at the newest), or the free list's next. */
  private next = new Int32Array(INITIAL_SLOTS);
  private slotTop = 0;
  private slotFree = NIL;
  private slotsUsed = 0;
  private readonly infos = new RefTable<NetworkInfo>();
  private readonly addresses = new RefTable<string>();
  private readonly bys = new RefTable<string>();

  // ---- blocks (one per subscriber) --------------------------------------------------------------
  /** Oldest and newest history slot (NIL: none); `first` links the free list of blocks. */
  private first = new Int32Array(INITIAL_BLOCKS);
  private last = new Int32Array(INITIAL_BLOCKS);
  /** The detached visited slot, NIL without one. */
  private det = new Int32Array(INITIAL_BLOCKS);
  private count = new Uint8Array(INITIAL_BLOCKS);
  private vmode = new Uint8Array(INITIAL_BLOCKS);
  private top = 0;
  private free = NIL;

  /** A new empty block (no history, no visited). */
  alloc(): number {
    let b = this.free;
    if (b !== NIL) this.free = this.first[b]!;
    else {
      b = this.top++;
      if (b === this.first.length) this.growBlocks();
    }
    this.first[b] = NIL;
    this.last[b] = NIL;
    this.det[b] = NIL;
    this.count[b] = 0;
    this.vmode[b] = V_NONE;
    return b;
  }

  /** Returns a block and its slots to the free lists (their references dropped). */
  release(b: number): void {
    for (let k = this.first[b]!; k !== NIL; ) {
      const n = this.next[k]!;
      this.freeSlot(k);
      k = n;
    }
    this.dropDetached(b);
    this.first[b] = this.free;
    this.free = b;
  }

  /** History length (≤ {@link HISTORY}). */
  size(b: number): number {
    return this.count[b]!;
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
    const l = this.last[b]!;
    if (l === NIL) this.first[b] = k;
    else this.next[l] = k;
    this.last[b] = k;
    const n = this.count[b]!;
    if (n >= HISTORY) {
      const oldest = this.first[b]!;
      this.first[b] = this.next[oldest]!;
      this.freeSlot(oldest);
    } else this.count[b] = n + 1;
    this.dropDetached(b);
    this.vmode[b] = V_NEWEST;
  }

  /**
   * Takes back the newest location (a registration the HLR/HSS refused, subscribers.ts
   * refuseRegistration): the entry before it becomes the visited one again; none: no visited.
   */
  popNewest(b: number): void {
    const l = this.last[b]!;
    if (l === NIL) return;
    let prev = NIL;
    for (let k = this.first[b]!; k !== l; k = this.next[k]!) prev = k;
    this.freeSlot(l);
    this.last[b] = prev;
    if (prev === NIL) this.first[b] = NIL;
    else this.next[prev] = NIL;
    this.count[b] = this.count[b]! - 1;
    this.dropDetached(b);
    this.vmode[b] = prev === NIL ? V_NONE : V_NEWEST;
  }

  /** A visited location that is its own object (a restored record's `visited`). */
  setDetachedVisited(b: number, loc: Location, seeded = false): void {
    const kind = kindCode(loc);
    let k = this.det[b]!;
    if (k === NIL) k = this.det[b] = this.newSlot();
    this.write(k, kind, loc, seeded);
    this.vmode[b] = V_DETACHED;
  }

  /** Purge / cancellation (subscribers.ts clearVisited): the history stays. */
  clearVisited(b: number): void {
    this.dropDetached(b);
    this.vmode[b] = V_NONE;
  }

  visitedIsNewest(b: number): boolean {
    return this.vmode[b] === V_NEWEST;
  }

  hasVisited(b: number): boolean {
    return this.vmode[b] !== V_NONE;
  }

  visitedAddress(b: number): string | undefined {
    const k = this.visitedSlot(b);
    return k === NIL ? undefined : this.addresses.get(this.address[k]!);
  }

  visitedInfo(b: number): NetworkInfo | undefined {
    const k = this.visitedSlot(b);
    return k === NIL ? undefined : this.infos.get(this.info[k]!);
  }

  visitedKind(b: number): LocationKind | undefined {
    const k = this.visitedSlot(b);
    return k === NIL ? undefined : KINDS[this.kind[k]!];
  }

  /** subscribers.ts confirm on the visited location: out-of-order capture time never moves it back. */
  confirmVisited(b: number, tsSec: number, tsNsec: number, frame: number, by: string): void {
    const k = this.visitedSlot(b);
    if (k === NIL) return;
    const f = this.flags[k]!;
    if (f & CONFIRMED) {
      const cs = this.cSec[k]!;
      if (cs > tsSec || (cs === tsSec && this.cNsec[k]! >= tsNsec)) return;
    }
    this.flags[k] = f | CONFIRMED;
    this.cSec[k] = tsSec;
    this.cNsec[k] = tsNsec;
    this.cFrame[k] = frame;
    // Confirmed by the same message as last time (a subscriber's periodic SRI-SM results, ULs): the
    // id stays; acquire + release churned the table's Map once the count fell to zero in between.
    const old = this.by[k]!;
    if (this.bys.get(old) === by) return;
    const id = this.bys.acquire(by);
    this.bys.release(old);
    this.by[k] = id;
  }

  /** The visited location, made from its slot; undefined after a purge or before anything is known. */
  visited(b: number): Location | undefined {
    const k = this.visitedSlot(b);
    return k === NIL ? undefined : this.read(k);
  }

  /** The history, oldest first, made from the slots. */
  history(b: number): Location[] {
    const out: Location[] = [];
    for (let k = this.first[b]!; k !== NIL; k = this.next[k]!) out.push(this.read(k));
    return out;
  }

  private visitedSlot(b: number): number {
    const m = this.vmode[b]!;
    if (m === V_NONE) return NIL;
    return m === V_DETACHED ? this.det[b]! : this.last[b]!;
  }

  private write(k: number, kind: number, loc: Location, seeded: boolean): void {
    this.sec[k] = loc.tsSec;
    this.nsec[k] = loc.tsNsec;
    this.frame[k] = loc.frame;
    this.kind[k] = kind;
    // Acquired before the slot's old ids are released: an unchanged value keeps its id.
    const info = this.infos.acquire(loc.info);
    const address = this.addresses.acquire(loc.address);
    const c = loc.confirmed;
    const by = c === undefined ? 0 : this.bys.acquire(c.by);
    this.clearRefs(k);
    this.info[k] = info;
    this.address[k] = address;
    this.by[k] = by;
    let f = (loc.address !== undefined ? HAS_ADDRESS : 0) | (seeded ? SEED_ORDER : 0);
    if (c !== undefined) {
      f |= CONFIRMED;
      this.cSec[k] = c.tsSec;
      this.cNsec[k] = c.tsNsec;
      this.cFrame[k] = c.frame;
    }
    this.flags[k] = f;
  }

  /**
   * The location with today's key order: learn.ts `loc` (and snapshot.ts `toLocation`, the same
   * order) `info, kind, tsSec, tsNsec, frame, [address], confirmed`; seed.ts `info, kind, address,
   * tsSec, tsNsec, frame` with `confirmed` appended when confirmed.
   */
  private read(k: number): Location {
    const f = this.flags[k]!;
    const confirmed = f & CONFIRMED ? { tsSec: this.cSec[k]!, tsNsec: this.cNsec[k]!, frame: this.cFrame[k]!, by: this.bys.get(this.by[k]!)! } : undefined;
    const info = this.infos.get(this.info[k]!)!;
    const kind = KINDS[this.kind[k]!]!;
    if (f & SEED_ORDER) {
      const l: Location = { info, kind, address: this.addresses.get(this.address[k]!)!, tsSec: this.sec[k]!, tsNsec: this.nsec[k]!, frame: this.frame[k]! };
      if (confirmed !== undefined) l.confirmed = confirmed;
      return l;
    }
    if (f & HAS_ADDRESS) {
      return { info, kind, tsSec: this.sec[k]!, tsNsec: this.nsec[k]!, frame: this.frame[k]!, address: this.addresses.get(this.address[k]!)!, confirmed };
    }
    return { info, kind, tsSec: this.sec[k]!, tsNsec: this.nsec[k]!, frame: this.frame[k]!, confirmed };
  }

  /** Releases the slot's references (ids back to 0). */
  private clearRefs(k: number): void {
    this.infos.release(this.info[k]!);
    this.addresses.release(this.address[k]!);
    this.bys.release(this.by[k]!);
    this.info[k] = 0;
    this.address[k] = 0;
    this.by[k] = 0;
  }

  private newSlot(): number {
    let k = this.slotFree;
    if (k !== NIL) this.slotFree = this.next[k]!;
    else {
      k = this.slotTop++;
      if (k === this.sec.length) this.growSlots();
    }
    this.next[k] = NIL;
    this.slotsUsed++;
    return k;
  }

  private freeSlot(k: number): void {
    this.clearRefs(k);
    this.next[k] = this.slotFree;
    this.slotFree = k;
    this.slotsUsed--;
  }

  private dropDetached(b: number): void {
    const k = this.det[b]!;
    if (k === NIL) return;
    this.freeSlot(k);
    this.det[b] = NIL;
  }

  private growBlocks(): void {
    const n = this.first.length * 2;
    this.first = grown(this.first, n);
    this.last = grown(this.last, n);
    this.det = grown(this.det, n);
    this.count = grown(this.count, n);
    this.vmode = grown(this.vmode, n);
  }

  private growSlots(): void {
    const n = this.sec.length * 2;
    this.sec = grown(this.sec, n);
    this.nsec = grown(this.nsec, n);
    this.frame = grown(this.frame, n);
    this.kind = grown(this.kind, n);
    this.flags = grown(this.flags, n);
    this.cSec = grown(this.cSec, n);
    this.cNsec = grown(this.cNsec, n);
    this.cFrame = grown(this.cFrame, n);
    this.info = grown(this.info, n);
    this.address = grown(this.address, n);
    this.by = grown(this.by, n);
    this.next = grown(this.next, n);
  }
}
