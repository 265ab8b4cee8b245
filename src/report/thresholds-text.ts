/**
 * What alert thresholds (detect/threshold.ts) held back, for the summary, the HTML report and
 * the EVE stats line. Nothing is shown when no rule has a threshold (the default pack), so
 * those outputs stay as they were; the EVE stats line also closes a run with requests that had
 * no origin to check.
 */
import type { ThresholdStats } from '../detect/engine.js';
import type { StoreCounters } from '../state/subscribers.js';
import type { ReportData } from './collector.js';
import { plural } from './words.js';

/**
 * `suppressed by thresholds: 1200 (location-origin-mismatch 1000, cat1-from-outside 200)`, or
 * undefined when no rule has a threshold (the default pack: the summary is unchanged).
 */
export function suppressedLine(r: Pick<ReportData, 'detector'>): string | undefined {
  const t = r.detector?.thresholds;
  if (t === undefined) return undefined;
  const rows = Object.entries(t.suppressed)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const total = rows.reduce((a, [, n]) => a + n, 0);
  const n = Object.keys(t.suppressed).length;
  const detail = rows.length > 0 ? rows.map(([id, k]) => `${id} ${k}`).join(', ') : `${plural(n, 'rule')} with a threshold`;
  return `suppressed by thresholds: ${total} (${detail})${t.evicted > 0 ? `; ${t.evicted} matches untracked at the key bound (alerted)` : ''}`;
}

/**
 * The EVE stats record (Suricata's `event_type: "stats"`) closing an `--eve` run whose rules
 * have thresholds, in which location requests had no origin to check, or which evicted a located
 * subscriber: alerts written, matches suppressed by rule (with thresholds), `no_origin`, the
 * requests a rule wanted to check the origin of that had none (detector stats `noOrigin`; no
 * alert, so not `--fail-on`), and `subscribers_evicted` / `located_subscribers_evicted` /
 * `claim_only_subscribers_evicted` (detector stats `state.evictedLru`, `evictedLocated`,
 * `evictedClaimOnly`; red-team rt19 M5: a located subscriber's eviction was in the summary only), and
 * `visited_blocks_evicted` (detector stats `visitedBlocks.evicted`, review 20 #4: the visited number blocks' bound).
 */
export function eveStatsLine(
  timestamp: string,
  alerts: number,
  t: ThresholdStats | undefined,
  noOrigin = 0,
  evicted?: EvictionStats,
  blocksEvicted = 0,
): string {
  const sigwatch: Record<string, unknown> = { alerts };
  if (t !== undefined) {
    sigwatch.suppressed = Object.values(t.suppressed).reduce((a, n) => a + n, 0);
    sigwatch.suppressed_by_rule = t.suppressed;
    sigwatch.threshold_keys_evicted = t.evicted;
  }
  if (noOrigin > 0) sigwatch.no_origin = noOrigin;
  if (evicted !== undefined && evicted.evictedLocated > 0) {
    sigwatch.subscribers_evicted = evicted.evictedLru;
    sigwatch.located_subscribers_evicted = evicted.evictedLocated;
    sigwatch.claim_only_subscribers_evicted = evicted.evictedClaimOnly;
  }
  if (blocksEvicted > 0) sigwatch.visited_blocks_evicted = blocksEvicted;
  return JSON.stringify({ timestamp, event_type: 'stats', stats: { sigwatch } });
}

/** The subscriber store's count-cap evictions (state/subscribers.ts StoreCounters). */
type EvictionStats = Pick<StoreCounters, 'evictedLru' | 'evictedLocated' | 'evictedClaimOnly'>;

/**
 * `; 3 located subscribers evicted (subscriber table full, limits.subscribers)` for the stderr line closing a
 * `--jsonl` / `--eve` run, or '' when none was (rt19 M5).
 */
export function evictedNote(evicted: EvictionStats | undefined): string {
  if (evicted === undefined || evicted.evictedLocated === 0) return '';
  return `; ${plural(evicted.evictedLocated, 'located subscriber')} evicted (subscriber table full, limits.subscribers)`;
}
