/**
 * Subscriber location histories in typed-array slots (issue 19, branch subhist), held by
 * SubscriberStore (state/subscribers.ts); bench/results-notes.md "subhist" has the measurements.
 *
 * measured (micro-harness /tmp/subhist/harness.mjs, 24 k subscribers, live heap after gc()): today a
 * full history (4 `Location` objects, each confirmed once, and the exact-size array) costs ~715 B of
 * V8 heap per subscriber; 4 unconfirmed locations ~340 B. Here a subscriber owns one block of
 * {@link SLOTS} slots: {@link HISTORY} history slots used as a ring (oldest first from
 * `start`) and one slot for a visited location that is not the newest history entry (a `--state-in`
 * record: its `visited` and `history[last]` are separate objects, and confirmations of one do not
 * reach the other). The numbers sit in typed arrays (outside the V8 heap that the old generation's
 * growing factor multiplies); the info, address and confirmation message are ids into
 * reference-counted tables (core/ref-table.ts: a handful of distinct values; measured subhist2,
 * packed reference arrays were 4.1 MB of V8 heap at 24 k subscribers).
 *
 * Read API: Location objects are made on read ({@link history}, {@link visited}) with the keys in
 * the order the state file has them today, so `--state-out` stays byte-identical; the hot path
 * reads and confirms without objects ({@link visitedAddress}, {@link visitedKind}, {@link confirmVisited}).
 */
import { grown } from '../core/typed-arrays.js';
import { RefTable } from '../core/ref-table.js';
import type { NetworkInfo } from '../attribution/types.js';
import type { Location, LocationKind } from './subscribers.js';

/** Trusted locations kept per subscriber (subscribers.ts HISTORY). */
export const HISTORY = 4;
/** Slots per block: the history ring, then the detached visited slot. */
const SLOTS = HISTORY + 1;
const DETACHED = HISTORY;
const KINDS: readonly LocationKind[] = ['vlr', 'msc', 'sgsn', 'mme'];
const NIL = -1;
const INITIAL_BLOCKS = 64;

/** Slot flags. */
const HAS_ADDRESS = 1;
const CONFIRMED = 2;
/** The location was seeded (state/seed.ts literal: `address` before `tsSec`). */
const SEED_ORDER = 4;

/** Where a block's visited location is. */
const V_NONE = 0;
const V_NEWEST = 1;
const V_DETACHED = 2;

export class HistoryPool {
  private sec = new Float64Array(INITIAL_BLOCKS * SLOTS);
  private nsec = new Int32Array(INITIAL_BLOCKS * SLOTS);
  private frame = new Float64Array(INITIAL_BLOCKS * SLOTS);
  private kind = new Uint8Array(INITIAL_BLOCKS * SLOTS);
  private flags = new Uint8Array(INITIAL_BLOCKS * SLOTS);
  private cSec = new Float64Array(INITIAL_BLOCKS * SLOTS);
  private cNsec = new Int32Array(INITIAL_BLOCKS * SLOTS);
  private cFrame = new Float64Array(INITIAL_BLOCKS * SLOTS);
  /** Ids into {@link infos}, {@link addresses}, {@link bys} (0: none; core/ref-table.ts). */
  private info = new Int32Array(INITIAL_BLOCKS * SLOTS);
  private address = new Int32Array(INITIAL_BLOCKS * SLOTS);
  private by = new Int32Array(INITIAL_BLOCKS * SLOTS);
  private readonly infos = new RefTable<NetworkInfo>();
  private readonly addresses = new RefTable<string>();
  private readonly bys = new RefTable<string>();
  /** Per block: ring start, count, visited mode; `start` links the free list. */
  private start = new Int32Array(INITIAL_BLOCKS);
  private count = new Uint8Array(INITIAL_BLOCKS);
  private vmode = new Uint8Array(INITIAL_BLOCKS);
  private top = 0;
  private free = NIL;

  /** A new empty block (no history, no visited). */
  alloc(): number {
    let b = this.free;
    if (b !== NIL) this.free = this.start[b]!;
    else {
      b = this.top++;
      if (b === this.start.length) this.grow();
    }
    this.start[b] = 0;
    this.count[b] = 0;
    this.vmode[b] = V_NONE;
    return b;
  }

  /** Returns a block to the free list (its references dropped). */
  release(b: number): void {
    for (let k = b * SLOTS; k < (b + 1) * SLOTS; k++) this.clearRefs(k);
    this.start[b] = this.free;
    this.free = b;
  }

  /** Distinct networks, addresses and confirmation names held by live slots (the tables' size: 0 once every block is released). */
  get heldValues(): number {
    return this.infos.size + this.addresses.size + this.bys.size;
  }

  /** History length (≤ {@link HISTORY}). */
  size(b: number): number {
    return this.count[b]!;
  }

  /** A trusted location learned (subscribers.ts moveTo): it joins the history and becomes the visited one. */
  push(b: number, loc: Location, seeded = false): void {
    const n = this.count[b]!;
    const s = this.start[b]!;
    if (n >= HISTORY) this.start[b] = (s + 1) % HISTORY;
    else this.count[b] = n + 1;
    this.write(b * SLOTS + ((s + n) % HISTORY), loc, seeded);
    this.vmode[b] = V_NEWEST;
  }

  /** A visited location that is its own object (a restored record's `visited`). */
  setDetachedVisited(b: number, loc: Location, seeded = false): void {
    this.write(b * SLOTS + DETACHED, loc, seeded);
    this.vmode[b] = V_DETACHED;
  }

  /** Purge / cancellation (subscribers.ts clearVisited): the history stays. */
  clearVisited(b: number): void {
    this.vmode[b] = V_NONE;
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
    const id = this.bys.acquire(by);
    this.bys.release(this.by[k]!);
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
    const s = this.start[b]!;
    for (let i = 0, n = this.count[b]!; i < n; i++) out.push(this.read(b * SLOTS + ((s + i) % HISTORY)));
    return out;
  }

  private visitedSlot(b: number): number {
    const m = this.vmode[b]!;
    if (m === V_NONE) return NIL;
    if (m === V_DETACHED) return b * SLOTS + DETACHED;
    return b * SLOTS + ((this.start[b]! + this.count[b]! - 1) % HISTORY);
  }

  private write(k: number, loc: Location, seeded: boolean): void {
    this.sec[k] = loc.tsSec;
    this.nsec[k] = loc.tsNsec;
    this.frame[k] = loc.frame;
    this.kind[k] = KINDS.indexOf(loc.kind);
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

  private grow(): void {
    const n = this.start.length * 2;
    this.start = grown(this.start, n);
    this.count = grown(this.count, n);
    this.vmode = grown(this.vmode, n);
    this.sec = grown(this.sec, n * SLOTS);
    this.nsec = grown(this.nsec, n * SLOTS);
    this.frame = grown(this.frame, n * SLOTS);
    this.kind = grown(this.kind, n * SLOTS);
    this.flags = grown(this.flags, n * SLOTS);
    this.cSec = grown(this.cSec, n * SLOTS);
    this.cNsec = grown(this.cNsec, n * SLOTS);
    this.cFrame = grown(this.cFrame, n * SLOTS);
    this.info = grown(this.info, n * SLOTS);
    this.address = grown(this.address, n * SLOTS);
    this.by = grown(this.by, n * SLOTS);
  }
}
