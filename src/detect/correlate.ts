/**
 * Correlation memory for `distinct` and `sequence` rules: per subscriber, the last N observations
 * (rule, kind, capture time, network). Bounded: `correlationEventsPerSubscriber` entries per
 * subscriber (oldest dropped), `subscribers` subscribers (least recently observed dropped), and
 * anything older than the longest rule window is useless and swept. Subscribers are linked in
 * observation order, so both sweeps only look at the front.
 *
 * Layout: observations are slots of one pool of parallel arrays (capture time, frame, rule/kind/
 * origin-id kind packed in one integer, a next-slot link; network and origin identifier as
 * references), chained per subscriber oldest → newest; a subscriber is a slot of more such arrays
 * (first and last observation, count, latest time, key; the observation order in a core/slot-list.ts SlotList), its key → slot
 * in one Map with small-integer values. Freed slots go on free lists and are reused, so the arrays grow to the largest number of
 * observations held at once and no further. measured (issue 19, heap snapshot at 80 % of the
 * 755 k-message alert flood, 24 k subscribers, 116 k observations): an object per observation
 * (7 fields, a boxed capture time, an array slot) and a `{obs, last}` object plus array per
 * subscriber held 15.4 MB of V8 heap; the pool holds ~34 B per observation and ~24 B per
 * subscriber, mostly in typed arrays outside the V8 heap.
 */
import { grown } from '../core/typed-arrays.js';
import { NIL, SlotList } from '../core/slot-list.js';
import { RefTable } from '../core/ref-table.js';
import { KeyColumn } from '../core/key-column.js';
import type { IdentityKey } from '../core/identity-key.js';
import { KeyIndex } from '../core/key-index.js';
import type { NetworkInfo } from '../attribution/types.js';
import type { Limits } from '../core/limits.js';

export const OBSERVED = 0;
export const MARK = 1;

export interface Observation {
  rule: number;
  kind: typeof OBSERVED | typeof MARK;
  /** Capture time, seconds (float). */
  t: number;
  frame: number;
  info: NetworkInfo;
  /**
   * `distinct`: the origin's identifier, from which its label in the alert is written when the
   * alert fires (engine.ts originLabel): which one ({@link ORIGIN_ID}) and its value. measured
   * (issue 19): the label text kept per observation was ~150 B of cons strings, 18 of the 36 MB
   * the correlator held at the end of the 755 k-message alert flood.
   */
  idKind: OriginIdKind;
  id: string | number | undefined;
}

/** Which identifier names an observation's origin; NONE: a `sequence` mark (no label). */
export const ORIGIN_ID = { NONE: 0, GT: 1, REALM: 2, HOST: 3, PC: 4 } as const;
type OriginIdKind = (typeof ORIGIN_ID)[keyof typeof ORIGIN_ID];

export interface CorrelationCounters {
  evictedSubscribers: number;
  expiredSubscribers: number;
  droppedObservations: number;
}

const NONE: readonly Observation[] = Object.freeze([]);

/** Pool and subscriber arrays start at this many slots and double when full. */
const INITIAL_SLOTS = 256;

export class Correlator {
  /** Subscriber key (ctx.subscriberKey: core/identity-key.ts, one-to-one with the text) → subscriber slot. */
  private readonly bySub = new KeyIndex<number>();
  private readonly perSub: number;
  private readonly maxSubs: number;
  readonly counters: CorrelationCounters = { evictedSubscribers: 0, expiredSubscribers: 0, droppedObservations: 0 };

  // Subscriber slots: first / last observation (NIL: none), observations held, latest capture time,
  // key; `subs` allocates them and keeps the observation order (least recently observed first,
  // core/slot-list.ts). A linked list, not the Map's insertion order: a delete + set per
  // observation made V8 rebuild the Map's table every few thousand observations (measured, issue 19
  // alert flood: 5 MB of tables promoted, each rebuilt table above 128 KiB in large-object space).
  private readonly subs = new SlotList(INITIAL_SLOTS);
  private subFirst = new Int32Array(0);
  private subLast = new Int32Array(0);
  private subCount = new Int32Array(0);
  private subTime = new Float64Array(0);
  private readonly subKey = new KeyColumn();

  // Observation slots: next in the subscriber's chain (or the free list), capture time, frame,
  // rule * 16 + kind * 8 + idKind, network, origin identifier.
  private obsNext = new Int32Array(INITIAL_SLOTS);
  private obsT = new Float64Array(INITIAL_SLOTS);
  private obsFrame = new Float64Array(INITIAL_SLOTS);
  private obsMeta = new Int32Array(INITIAL_SLOTS);
  /** Ids into {@link infos} and {@link ids} (core/ref-table.ts; 0: none). */
  private obsInfo = new Int32Array(INITIAL_SLOTS);
  private obsId = new Int32Array(INITIAL_SLOTS);
  private obsTop = 0;
  private obsFree = NIL;

  /**
   * The observations' networks and origin identifiers (realm / host texts, GT digits: the Diameter
   * decoder hands out a fresh string per message, and a flood names a handful of origins), each
   * held once while an observation refers to it (bounded by the observation slots).
   */
  private readonly infos = new RefTable<NetworkInfo>();
  private readonly ids = new RefTable<string | number>();

  constructor(
    limits: Pick<Limits, 'subscribers' | 'correlationEventsPerSubscriber'>,
    /** Longest window of any correlation rule (seconds). */
    private readonly horizonSec: number,
  ) {
    this.perSub = Math.max(1, limits.correlationEventsPerSubscriber);
    this.maxSubs = Math.max(1, limits.subscribers);
  }

  get size(): number {
    return this.bySub.size;
  }

  /**
   * Observations of `rule` for the subscriber within `windowSec` before `t` (oldest first), as
   * new objects (the caller may keep them across {@link add}). Allocates only when something
   * matches: `obs.filter` with its closure, called for every candidate event of a correlation rule
   * over full windows, was 3.5 % of an alert flood's CLI profile (issue 19).
   */
  recent(sub: IdentityKey, rule: number, kind: Observation['kind'], t: number, windowSec: number): readonly Observation[] {
    let out: Observation[] | undefined;
    for (let o = this.within(sub, rule, kind, t, windowSec); o !== NIL; o = this.nextWithin(o, rule, kind, t, windowSec))
      (out ??= []).push(this.observation(o));
    return out ?? NONE;
  }

  /**
   * The slot of the first observation {@link recent} would list, or -1: with {@link nextWithin}
   * and the slot readers ({@link frameAt}, {@link timeAt}, {@link infoAt}), the same walk without
   * an object per observation (issue 19, alertcpu: the `sequence` and `distinct` rules read one or
   * two members of most observations they walk; building each as an object was 3 % of the alert
   * flood's CLI profile). A slot is valid until the next {@link add}.
   */
  within(sub: IdentityKey, rule: number, kind: Observation['kind'], t: number, windowSec: number): number {
    const s = this.bySub.get(sub);
    return s === undefined ? NIL : this.matchFrom(this.subFirst[s]!, rule, kind, t, windowSec);
  }

  /** The slot of the observation {@link recent} would list after slot `o`, or -1. */
  nextWithin(o: number, rule: number, kind: Observation['kind'], t: number, windowSec: number): number {
    return this.matchFrom(this.obsNext[o]!, rule, kind, t, windowSec);
  }

  private matchFrom(o: number, rule: number, kind: Observation['kind'], t: number, windowSec: number): number {
    const meta = (rule << 4) | (kind << 3);
    const obsMeta = this.obsMeta;
    const obsT = this.obsT;
    const next = this.obsNext;
    for (; o !== NIL; o = next[o]!) {
      const ot = obsT[o]!;
      if ((obsMeta[o]! & ~7) === meta && t - ot <= windowSec && ot <= t) return o;
    }
    return NIL;
  }

  frameAt(o: number): number {
    return this.obsFrame[o]!;
  }

  timeAt(o: number): number {
    return this.obsT[o]!;
  }

  infoAt(o: number): NetworkInfo {
    return this.infos.get(this.obsInfo[o]!)!;
  }

  /** The observation in slot `o` as a new object. */
  observationAt(o: number): Observation {
    return this.observation(o);
  }

  add(sub: IdentityKey, o: Observation): void {
    let s = this.bySub.get(sub);
    if (s === undefined) {
      s = this.newSub(sub);
      this.subTime[s] = o.t;
      this.bySub.set(sub, s);
    } else {
      this.subs.touch(s);
      if (o.t > this.subTime[s]!) this.subTime[s] = o.t;
    }
    if (this.subCount[s]! >= this.perSub) {
      const first = this.subFirst[s]!;
      this.subFirst[s] = this.obsNext[first]!;
      this.freeObs(first);
      this.subCount[s]!--;
      this.counters.droppedObservations++;
    }
    const slot = this.newObs(o);
    if (this.subCount[s]! === 0) this.subFirst[s] = slot;
    else this.obsNext[this.subLast[s]!] = slot;
    this.subLast[s] = slot;
    this.subCount[s]!++;
    this.sweep(o.t);
  }

  /** From the least recently observed: drops subscribers idle beyond the horizon, then beyond the count. */
  private sweep(now: number): void {
    const subs = this.subs;
    for (let s = subs.oldest; s !== NIL; s = subs.oldest) {
      if (now - this.subTime[s]! > this.horizonSec) this.counters.expiredSubscribers++;
      else if (this.bySub.size > this.maxSubs) this.counters.evictedSubscribers++;
      else return;
      this.bySub.delete(this.subKey.get(s)!);
      this.freeSub(s);
    }
  }

  private observation(o: number): Observation {
    const m = this.obsMeta[o]!;
    return {
      rule: m >>> 4,
      kind: ((m >> 3) & 1) as Observation['kind'],
      t: this.obsT[o]!,
      frame: this.obsFrame[o]!,
      info: this.infos.get(this.obsInfo[o]!)!,
      idKind: (m & 7) as OriginIdKind,
      id: this.ids.get(this.obsId[o]!),
    };
  }

  private newObs(o: Observation): number {
    let slot = this.obsFree;
    if (slot !== NIL) this.obsFree = this.obsNext[slot]!;
    else {
      slot = this.obsTop++;
      if (slot === this.obsT.length) this.growObs();
    }
    this.obsNext[slot] = NIL;
    this.obsT[slot] = o.t;
    this.obsFrame[slot] = o.frame;
    this.obsMeta[slot] = (o.rule << 4) | (o.kind << 3) | o.idKind;
    this.obsInfo[slot] = this.infos.acquire(o.info);
    this.obsId[slot] = this.ids.acquire(o.id);
    return slot;
  }

  private freeObs(slot: number): void {
    this.infos.release(this.obsInfo[slot]!);
    this.ids.release(this.obsId[slot]!);
    this.obsInfo[slot] = 0;
    this.obsId[slot] = 0;
    this.obsNext[slot] = this.obsFree;
    this.obsFree = slot;
  }

  /** A new subscriber slot, the most recently observed. */
  private newSub(key: IdentityKey): number {
    const s = this.subs.alloc();
    if (s >= this.subFirst.length) this.growSubs(this.subs.capacity);
    this.subs.push(s);
    this.subFirst[s] = NIL;
    this.subLast[s] = NIL;
    this.subCount[s] = 0;
    this.subKey.set(s, key);
    return s;
  }

  /** Frees the subscriber slot and its observations. */
  private freeSub(s: number): void {
    for (let o = this.subFirst[s]!; o !== NIL; ) {
      const n = this.obsNext[o]!;
      this.freeObs(o);
      o = n;
    }
    this.subKey.set(s, undefined);
    this.subs.free(s);
  }

  private growObs(): void {
    const n = this.obsT.length * 2;
    this.obsNext = grown(this.obsNext, n);
    this.obsT = grown(this.obsT, n);
    this.obsFrame = grown(this.obsFrame, n);
    this.obsMeta = grown(this.obsMeta, n);
    this.obsInfo = grown(this.obsInfo, n);
    this.obsId = grown(this.obsId, n);
  }

  private growSubs(n: number): void {
    this.subFirst = grown(this.subFirst, n);
    this.subLast = grown(this.subLast, n);
    this.subCount = grown(this.subCount, n);
    this.subTime = grown(this.subTime, n);
    this.subKey.grow(n);
  }
}
