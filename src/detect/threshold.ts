/**
 * Alert thresholds, as analysts know them from Suricata's `threshold` keyword / threshold.config
 * (docs "Rule Thresholding": types limit, threshold, both, tracked by source, destination or
 * rule) and Sigma's aggregation (count per group within a timeframe):
 *
 *   threshold: {track: subscriber | origin | rule, type: limit | threshold | both, count: N, window: 1h}
 *
 * per rule (rule file) or per rule id in the profile (`thresholds.rules.<id>`, replacing the
 * rule's own; `null` removes it). Windows run on capture time and start at the first match of a
 * track key (a match after `window` seconds starts a new window):
 *
 *   limit      the first `count` matches of each window alert, the rest are suppressed;
 *   threshold  every `count`-th match within a window alerts (the count restarts after it);
 *   both       one alert per window, at the `count`-th match.
 *
 * Suppressed matches are counted per rule (summary, HTML report, EVE stats line): nothing is
 * dropped silently. A suppressed match still keeps its message out of the subscriber state, as
 * an alerting one does. The rules shipped in rules/ have no threshold: a replay alerts on every
 * match unless a profile asks otherwise.
 *
 * Bounded: at most `limits.thresholdKeys` track keys per rule (default 100,000, ~150 B each), kept in
 * the order they last matched. A new key at the bound takes the place of the least recently matched
 * one only when that key's window is over (forgetting it changes nothing); otherwise the new key is
 * not tracked and its match alerts (fails open: more alerts, never fewer), counted in `evicted`.
 * Red-team round 20 N5: the key seen first used to be forgotten, so with `threshold`/`both` an
 * origin's partial count restarted after 100,000 decoy keys and its attack never reached `count`.
 */
import { z } from 'zod';
import { parseDuration } from './duration.js';

const TRACKS = ['subscriber', 'origin', 'rule'] as const;
const THRESHOLD_TYPES = ['limit', 'threshold', 'both'] as const;
export type Track = (typeof TRACKS)[number];
type ThresholdType = (typeof THRESHOLD_TYPES)[number];

/** The YAML form (rule files and profile overrides); `window` as in every duration: seconds or 90s, 30m, 24h, 7d. */
export const thresholdSchema = z.strictObject({
  track: z.enum(TRACKS),
  type: z.enum(THRESHOLD_TYPES),
  count: z.number().int().positive(),
  window: z.union([z.number().positive(), z.string().min(1)]),
});

export type ThresholdDef = z.output<typeof thresholdSchema>;

export interface Threshold {
  track: Track;
  type: ThresholdType;
  count: number;
  windowSec: number;
}

/** A threshold with its window in seconds, or an error message for `window`. */
export function resolveThreshold(def: ThresholdDef): Threshold | string {
  const windowSec = parseDuration(def.window);
  if (windowSec === undefined || !(windowSec > 0)) return `not a positive duration: ${JSON.stringify(def.window)} (use 90s, 30m, 24h, 7d)`;
  return { track: def.track, type: def.type, count: def.count, windowSec };
}

/** Default of `limits.thresholdKeys`. */
const THRESHOLD_KEYS = 100_000;

interface Window {
  start: number;
  count: number;
}

/** Threshold state of one rule. */
export class RuleThrottle {
  private readonly windows = new Map<string, Window>();
  suppressed = 0;
  evicted = 0;

  constructor(
    readonly threshold: Threshold,
    private readonly maxKeys = THRESHOLD_KEYS,
  ) {}

  /** Whether the match of `key` at capture time `t` (seconds) alerts; counts it as suppressed otherwise. */
  pass(key: string, t: number): boolean {
    const th = this.threshold;
    let w = this.windows.get(key);
    if (w === undefined) {
      if (this.windows.size >= this.maxKeys) {
        // Map order is last-match order: the first entry is the least recently matched key.
        const [oldest, ow] = this.windows.entries().next().value as [string, Window];
        if (t - ow.start < th.windowSec) {
          this.evicted++;
          return true;
        }
        this.windows.delete(oldest);
      }
      w = { start: t, count: 0 };
      this.windows.set(key, w);
    } else {
      // Matched again: to the end of the order.
      this.windows.delete(key);
      this.windows.set(key, w);
      if (t - w.start >= th.windowSec) {
        w.start = t;
        w.count = 0;
      }
    }
    w.count++;
    let ok: boolean;
    if (th.type === 'limit') ok = w.count <= th.count;
    else if (th.type === 'both') ok = w.count === th.count;
    else if (w.count >= th.count) {
      ok = true;
      w.count = 0;
    } else ok = false;
    if (!ok) this.suppressed++;
    return ok;
  }

  get keys(): number {
    return this.windows.size;
  }
}
