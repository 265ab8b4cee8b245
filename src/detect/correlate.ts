/**
 * Correlation memory for `distinct` and `sequence` rules: per subscriber, the last N observations
 * (rule, kind, capture time, network). Bounded: `correlationEventsPerSubscriber` entries per
 * subscriber (oldest dropped), `subscribers` subscribers (least recently observed dropped), and
 * anything older than the longest rule window is useless and swept. Map insertion order is the
 * observation order, so both sweeps only look at the front.
 */
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

interface Slot {
  obs: Observation[];
  last: number;
}

const NONE: readonly Observation[] = Object.freeze([]);

export class Correlator {
  private readonly bySub = new Map<string, Slot>();
  private readonly perSub: number;
  private readonly maxSubs: number;
  readonly counters: CorrelationCounters = { evictedSubscribers: 0, expiredSubscribers: 0, droppedObservations: 0 };

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
   * Observations of `rule` for the subscriber within `windowSec` before `t` (oldest first). A loop
   * that allocates only when something matches: `obs.filter` with its closure, called for every
   * candidate event of a correlation rule over full windows, was 3.5 % of an alert flood's CLI
   * profile (issue 19).
   */
  recent(sub: string, rule: number, kind: Observation['kind'], t: number, windowSec: number): readonly Observation[] {
    const slot = this.bySub.get(sub);
    if (slot === undefined) return NONE;
    const obs = slot.obs;
    let out: Observation[] | undefined;
    for (let i = 0; i < obs.length; i++) {
      const o = obs[i]!;
      if (o.rule === rule && o.kind === kind && t - o.t <= windowSec && o.t <= t) (out ??= []).push(o);
    }
    return out ?? NONE;
  }

  add(sub: string, o: Observation): void {
    let slot = this.bySub.get(sub);
    if (slot === undefined) slot = { obs: [], last: o.t };
    else this.bySub.delete(sub);
    // An exact-size copy instead of push (+ shift): a pushed-to array's backing store grows to 17
    // slots at its first element, and most subscribers hold 1-5 observations. measured (issue 19,
    // alert flood, 24 k subscribers): the lists held 3.5 MB, ~145 B each.
    const list = slot.obs;
    if (list.length >= this.perSub) {
      slot.obs = list.slice(list.length - this.perSub + 1).concat(o);
      this.counters.droppedObservations++;
    } else slot.obs = list.concat(o);
    if (o.t > slot.last) slot.last = o.t;
    this.bySub.set(sub, slot);
    this.sweep(o.t);
  }

  private sweep(now: number): void {
    for (const [k, s] of this.bySub) {
      if (now - s.last > this.horizonSec) {
        this.bySub.delete(k);
        this.counters.expiredSubscribers++;
      } else if (this.bySub.size > this.maxSubs) {
        this.bySub.delete(k);
        this.counters.evictedSubscribers++;
      } else {
        return;
      }
    }
  }
}
