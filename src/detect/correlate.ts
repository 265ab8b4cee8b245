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
/**
 * Bytes per subscriber slot: first and last observation, observations held, `sequence` marks held
 * (four Int32), latest capture time and digit key (two Float64; the key 0: free slot, NaN: a text
 * key, held in `subTexts`). One record per slot, as the observations': the key the store-slot hint
 * is checked against ({@link Correlator.slotOf}) sits in the cache line the lookup reads next.
 */
const SUB_BYTES = 32;
const SUB_I32 = SUB_BYTES / 4;
const SUB_F64 = SUB_BYTES / 8;
/**
 * Store-slot hints kept at most (a hint at or beyond it is not kept): the subscriber store's slot
 * numbers stay below its own `limits.subscribers` cap; 4 B each, grown as slots are seen.
 */
const LINK_MAX = 1 << 24;
/** Bytes per observation slot: next and meta (two Int32), capture time and frame (two Float64). */
const OBS_BYTES = 24;
const OBS_I32 = OBS_BYTES / 4;
const OBS_F64 = OBS_BYTES / 8;

export class Correlator {
  /** Subscriber key (ctx.subscriberKey: core/identity-key.ts, one-to-one with the text) → subscriber slot. */
  private readonly bySub = new KeyIndex<number>();
  private readonly perSub: number;
  private readonly maxSubs: number;
  readonly counters: CorrelationCounters = { evictedSubscribers: 0, expiredSubscribers: 0, droppedObservations: 0 };

  // Subscriber slots (SUB_BYTES records: first / last observation (NIL: none), observations held,
  // `sequence` marks held, latest capture time, key); `subs` allocates them and keeps the
  // observation order (least recently observed first, core/slot-list.ts). A linked list, not the
  // Map's insertion order: a delete + set per observation made V8 rebuild the Map's table every few
  // thousand observations (measured, issue 19 alert flood: 5 MB of tables promoted, each rebuilt
  // table above 128 KiB in large-object space). The marks count: a `then` step looks for marks
  // among all the subscriber's observations (most of them a `distinct` rule's), and most
  // subscribers have none, so the walk is skipped (measured: bench/results-notes.md, "flood").
  private readonly subs = new SlotList(INITIAL_SLOTS);
  private subI32 = new Int32Array(0);
  private subF64 = new Float64Array(0);
  /** Text keys (a digit key is in the slot record) by slot. */
  private readonly subTexts = new Map<number, string>();
  /**
   * Store slot (detect/context.ts `resolvedSlot`, state/subscribers.ts `findSlot`) → this table's
   * subscriber slot + 1 (0: none): a lookup by the hint reads this and the slot record, whose key
   * must equal the one asked for (so a hint left from an evicted, re-used or re-keyed slot of
   * either table only misses); else the key index. measured: bench/results-notes.md, "slotshare".
   */
  private link = new Int32Array(0);
  /**
   * `sequence` marks held, all subscribers: without any, a `then` step is skipped without looking
   * the subscriber up. measured (bench/results-notes.md, "slotshare"): the 755 k alert flood holds
   * no mark at any time, and its 525 k `hasMarks` lookups were each a cache-missing index probe.
   */
  private marks = 0;

  // Observation slots: next in the subscriber's chain (or the free list), rule * 16 + kind * 8 +
  // idKind, capture time and frame interleaved in one buffer of OBS_BYTES per slot (Int32 words
  // OBS_I32 * o + 0 / + 1, Float64 OBS_F64 * o + 1 / + 2), then network and origin identifier.
  // One record per slot: a walk of a subscriber's chain (its slots are scattered over the pool,
  // allocated as the observations came) reads one cache line per step instead of one in each of
  // four parallel arrays. measured: bench/results-notes.md, "flood" section.
  private obsI32 = new Int32Array(INITIAL_SLOTS * OBS_I32);
  private obsF64 = new Float64Array(this.obsI32.buffer);
  private obsCap = INITIAL_SLOTS;
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
  recent(sub: IdentityKey, rule: number, kind: Observation['kind'], t: number, windowSec: number, hint = -1): readonly Observation[] {
    let out: Observation[] | undefined;
    for (let o = this.within(sub, rule, kind, t, windowSec, hint); o !== NIL; o = this.nextWithin(o, rule, kind, t, windowSec))
      (out ??= []).push(this.observation(o));
    return out ?? NONE;
  }

  /**
   * The slot of the first observation {@link recent} would list, or -1: with {@link nextWithin}
   * and the slot readers ({@link frameAt}, {@link timeAt}, {@link infoAt}), the same walk without
   * an object per observation (issue 19, alertcpu: the `sequence` and `distinct` rules read one or
   * two members of most observations they walk; building each as an object was 3 % of the alert
   * flood's CLI profile). A slot is valid until the next {@link add}. `hint`: the subscriber's
   * store slot, or −1 ({@link slotOf}).
   */
  within(sub: IdentityKey, rule: number, kind: Observation['kind'], t: number, windowSec: number, hint = -1): number {
    if (kind === MARK && this.marks === 0) return NIL;
    const s = this.slotOf(sub, hint);
    if (s === NIL || (kind === MARK && this.subI32[s * SUB_I32 + 3] === 0)) return NIL;
    return this.matchFrom(this.subI32[s * SUB_I32]!, rule, kind, t, windowSec);
  }

  /** Whether the subscriber holds a `sequence` mark of any rule (a `then` step can only match after one). */
  hasMarks(sub: IdentityKey, hint = -1): boolean {
    if (this.marks === 0) return false;
    const s = this.slotOf(sub, hint);
    return s !== NIL && this.subI32[s * SUB_I32 + 3]! > 0;
  }

  /**
   * The subscriber slot of `sub` (NIL: none). `hint` (the subscriber's store slot, −1: none) is
   * only a shortcut: the slot it links to is used when that slot's key is `sub` now, so a hint
   * from another subscriber (a store slot re-used after eviction, a record found by an MSISDN that
   * another IMSI's key names, another store altogether) costs a key-index lookup, never a wrong
   * subscriber. Text keys (rare) always go through the index.
   */
  private slotOf(sub: IdentityKey, hint: number): number {
    if (typeof sub !== 'number') return this.bySub.get(sub) ?? NIL;
    const link = this.link;
    if (hint >= 0 && hint < link.length) {
      const c = link[hint]! - 1;
      if (c >= 0 && this.subF64[c * SUB_F64 + 3] === sub) return c;
    }
    const s = this.bySub.get(sub);
    if (s === undefined) return NIL;
    if (hint >= 0) this.setLink(hint, s);
    return s;
  }

  private setLink(hint: number, s: number): void {
    if (hint >= this.link.length) {
      if (hint >= LINK_MAX) return;
      let n = Math.max(this.link.length, INITIAL_SLOTS);
      while (n <= hint) n *= 2;
      this.link = grown(this.link, Math.min(n, LINK_MAX));
    }
    this.link[hint] = s + 1;
  }

  /** The slot of the observation {@link recent} would list after slot `o`, or -1. */
  nextWithin(o: number, rule: number, kind: Observation['kind'], t: number, windowSec: number): number {
    return this.matchFrom(this.obsI32[o * OBS_I32]!, rule, kind, t, windowSec);
  }

  private matchFrom(o: number, rule: number, kind: Observation['kind'], t: number, windowSec: number): number {
    const meta = (rule << 4) | (kind << 3);
    const i32 = this.obsI32;
    const f64 = this.obsF64;
    for (; o !== NIL; o = i32[o * OBS_I32]!) {
      const ot = f64[o * OBS_F64 + 1]!;
      if ((i32[o * OBS_I32 + 1]! & ~7) === meta && t - ot <= windowSec && ot <= t) return o;
    }
    return NIL;
  }

  frameAt(o: number): number {
    return this.obsF64[o * OBS_F64 + 2]!;
  }

  timeAt(o: number): number {
    return this.obsF64[o * OBS_F64 + 1]!;
  }

  infoAt(o: number): NetworkInfo {
    return this.infos.get(this.obsInfo[o]!)!;
  }

  /** The origin identifier kind of slot `o` ({@link ORIGIN_ID}). */
  idKindAt(o: number): OriginIdKind {
    return (this.obsI32[o * OBS_I32 + 1]! & 7) as OriginIdKind;
  }

  /** The origin identifier of slot `o`. */
  idAt(o: number): string | number | undefined {
    return this.ids.get(this.obsId[o]!);
  }

  /** Adds an observation of subscriber `sub` (`hint`: its store slot, or −1; {@link slotOf}). */
  add(sub: IdentityKey, o: Observation, hint = -1): void {
    let s = this.slotOf(sub, hint);
    if (s === NIL) {
      s = this.newSub(sub);
      this.subF64[s * SUB_F64 + 2] = o.t;
      this.bySub.set(sub, s);
      if (hint >= 0 && typeof sub === 'number') this.setLink(hint, s);
    } else {
      this.subs.touch(s);
      if (o.t > this.subF64[s * SUB_F64 + 2]!) this.subF64[s * SUB_F64 + 2] = o.t;
    }
    const i32 = this.subI32;
    const r = s * SUB_I32;
    if (i32[r + 2]! >= this.perSub) {
      const first = i32[r]!;
      if (((this.obsI32[first * OBS_I32 + 1]! >> 3) & 1) === MARK) {
        i32[r + 3]!--;
        this.marks--;
      }
      i32[r] = this.obsI32[first * OBS_I32]!;
      this.freeObs(first);
      i32[r + 2]!--;
      this.counters.droppedObservations++;
    }
    const slot = this.newObs(o);
    if (o.kind === MARK) {
      i32[r + 3]!++;
      this.marks++;
    }
    if (i32[r + 2]! === 0) i32[r] = slot;
    else this.obsI32[i32[r + 1]! * OBS_I32] = slot;
    i32[r + 1] = slot;
    i32[r + 2]!++;
    this.sweep(o.t);
  }

  /** From the least recently observed: drops subscribers idle beyond the horizon, then beyond the count. */
  private sweep(now: number): void {
    const subs = this.subs;
    for (let s = subs.oldest; s !== NIL; s = subs.oldest) {
      if (now - this.subF64[s * SUB_F64 + 2]! > this.horizonSec) this.counters.expiredSubscribers++;
      else if (this.bySub.size > this.maxSubs) this.counters.evictedSubscribers++;
      else return;
      this.bySub.delete(this.keyOf(s));
      this.freeSub(s);
    }
  }

  private observation(o: number): Observation {
    const m = this.obsI32[o * OBS_I32 + 1]!;
    return {
      rule: m >>> 4,
      kind: ((m >> 3) & 1) as Observation['kind'],
      t: this.obsF64[o * OBS_F64 + 1]!,
      frame: this.obsF64[o * OBS_F64 + 2]!,
      info: this.infos.get(this.obsInfo[o]!)!,
      idKind: (m & 7) as OriginIdKind,
      id: this.ids.get(this.obsId[o]!),
    };
  }

  private newObs(o: Observation): number {
    let slot = this.obsFree;
    if (slot !== NIL) this.obsFree = this.obsI32[slot * OBS_I32]!;
    else {
      slot = this.obsTop++;
      if (slot === this.obsCap) this.growObs();
    }
    const i = slot * OBS_I32;
    this.obsI32[i] = NIL;
    this.obsI32[i + 1] = (o.rule << 4) | (o.kind << 3) | o.idKind;
    this.obsF64[slot * OBS_F64 + 1] = o.t;
    this.obsF64[slot * OBS_F64 + 2] = o.frame;
    this.obsInfo[slot] = this.infos.acquire(o.info);
    this.obsId[slot] = this.ids.acquire(o.id);
    return slot;
  }

  private freeObs(slot: number): void {
    this.infos.release(this.obsInfo[slot]!);
    this.ids.release(this.obsId[slot]!);
    this.obsInfo[slot] = 0;
    this.obsId[slot] = 0;
    this.obsI32[slot * OBS_I32] = this.obsFree;
    this.obsFree = slot;
  }

  /** A new subscriber slot, the most recently observed. */
  private newSub(key: IdentityKey): number {
    const s = this.subs.alloc();
    if (s * SUB_F64 >= this.subF64.length) this.growSubs(this.subs.capacity);
    this.subs.push(s);
    const r = s * SUB_I32;
    this.subI32[r] = NIL;
    this.subI32[r + 1] = NIL;
    this.subI32[r + 2] = 0;
    this.subI32[r + 3] = 0;
    if (typeof key === 'string') {
      this.subTexts.set(s, key);
      this.subF64[s * SUB_F64 + 3] = NaN;
    } else this.subF64[s * SUB_F64 + 3] = key;
    return s;
  }

  /** The key of subscriber slot `s` (held). */
  private keyOf(s: number): IdentityKey {
    const k = this.subF64[s * SUB_F64 + 3]!;
    return Number.isNaN(k) ? this.subTexts.get(s)! : k;
  }

  /** Frees the subscriber slot and its observations; its key becomes 0 (no hint matches it). */
  private freeSub(s: number): void {
    for (let o = this.subI32[s * SUB_I32]!; o !== NIL; ) {
      const n = this.obsI32[o * OBS_I32]!;
      this.freeObs(o);
      o = n;
    }
    this.marks -= this.subI32[s * SUB_I32 + 3]!;
    if (Number.isNaN(this.subF64[s * SUB_F64 + 3])) this.subTexts.delete(s);
    this.subF64[s * SUB_F64 + 3] = 0;
    this.subs.free(s);
  }

  private growObs(): void {
    this.obsCap *= 2;
    this.obsI32 = grown(this.obsI32, this.obsCap * OBS_I32);
    this.obsF64 = new Float64Array(this.obsI32.buffer);
    this.obsInfo = grown(this.obsInfo, this.obsCap);
    this.obsId = grown(this.obsId, this.obsCap);
  }

  private growSubs(n: number): void {
    this.subF64 = grown(this.subF64, n * SUB_F64);
    this.subI32 = new Int32Array(this.subF64.buffer);
  }
}
