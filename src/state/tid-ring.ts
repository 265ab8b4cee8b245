/**
 * A ring of `cap` slots filed by transaction id (tid) and link, oldest at `next` once full, each
 * tid's slots chained newest first from a head map: no object per entry (a DialogueIndex entry
 * object per filing cost ~5 µs a UL, bench/results-notes.md round 15 wk15). The owners keep their
 * own columns indexed by slot: state/flagged-dialogues.ts (flags), api/workers-registrations.ts (ULs).
 */
import { KeyIndex } from '../core/key-index.js';
import type { TidKey } from './dialogue-index.js';

export class TidRing {
  /**
   * Each tid's newest slot. A tid code (ss7/tcap-dialogue-index.ts hexTidCode: n × 2^32 + value) is
   * never a small integer: as a Map key it was a heap number, boxed for every lookup and hashed by
   * V8 through a C call (core/key-index.ts); the key index probes a Float64Array (string tids in its Map).
   * measured (bench/results-notes.md, round 18 "scan18"): every TC-CONTINUE looks up its two tids in
   * each ring holding flags (learn.ts keepFlagged), every location result its dtid (flaggedTid).
   */
  private readonly head = new KeyIndex<number>();
  /** Per slot: its tid and link ('' without one). */
  readonly tids: TidKey[] = [];
  readonly links: string[] = [];
  private readonly nextSame: number[] = [];
  private next = 0;

  constructor(readonly cap: number) {}

  get size(): number {
    return this.tids.length;
  }

  /** The newest slot filed under `tid`, −1 when none; the older ones follow through {@link after}. */
  first(tid: TidKey): number {
    return this.head.get(tid) ?? -1;
  }

  /** The next older slot of slot `s`'s tid, −1 at the end of its chain. */
  after(s: number): number {
    return this.nextSame[s]!;
  }

  /** The slot {@link file} takes next when it must give one up (the oldest), −1 while the ring is not full. */
  get victim(): number {
    return this.tids.length < this.cap ? -1 : this.next;
  }

  /**
   * Files `tid` of `link` in a new slot, or, when full, in the oldest (unlinked from its tid's chain
   * first), and returns the slot: the caller writes its columns there (at `size - 1` while growing).
   */
  file(tid: TidKey, link: string): number {
    let slot: number;
    if (this.tids.length < this.cap) {
      slot = this.tids.length;
      this.tids.push(tid);
      this.links.push(link);
      this.nextSame.push(-1);
    } else {
      slot = this.next;
      this.forget(slot);
      this.tids[slot] = tid;
      this.links[slot] = link;
      this.next = (slot + 1) % this.cap;
    }
    this.nextSame[slot] = this.head.get(tid) ?? -1;
    this.head.set(tid, slot);
    return slot;
  }

  /** Unlinks `slot` from its tid's chain. */
  private forget(slot: number): void {
    const tid = this.tids[slot]!;
    const after = this.nextSame[slot]!;
    let s = this.head.get(tid) ?? -1;
    if (s === slot) {
      if (after < 0) this.head.delete(tid);
      else this.head.set(tid, after);
      return;
    }
    while (s >= 0 && this.nextSame[s] !== slot) s = this.nextSame[s]!;
    if (s >= 0) this.nextSame[s] = after;
  }
}
