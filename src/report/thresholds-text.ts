/**
 * What alert thresholds (detect/threshold.ts) held back, for the summary, the HTML report and
 * the EVE stats line. Nothing is shown when no rule has a threshold (the default pack), so
 * those outputs stay as they were; the EVE stats line also closes a run with requests that had
 * no origin to check.
 */
import type { ThresholdStats } from '../detect/engine.js';
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
 * have thresholds, or in which location requests had no origin to check: alerts written,
 * matches suppressed by rule (with thresholds), and `no_origin`, the requests a rule wanted to
 * check the origin of that had none (detector stats `noOrigin`; no alert, so not `--fail-on`).
 */
export function eveStatsLine(timestamp: string, alerts: number, t: ThresholdStats | undefined, noOrigin = 0): string {
  const sigwatch: Record<string, unknown> = { alerts };
  if (t !== undefined) {
    sigwatch.suppressed = Object.values(t.suppressed).reduce((a, n) => a + n, 0);
    sigwatch.suppressed_by_rule = t.suppressed;
    sigwatch.threshold_keys_evicted = t.evicted;
  }
  if (noOrigin > 0) sigwatch.no_origin = noOrigin;
  return JSON.stringify({ timestamp, event_type: 'stats', stats: { sigwatch } });
}
