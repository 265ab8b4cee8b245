/**
 * The readable scan summary (`sigwatch scan` on a terminal): what was decoded, what fired and
 * why, who was targeted, and every counter that means data was not analysed or was lost.
 */
import { LEVELS } from '../detect/rule-schema.js';
import { SUMMARY_ALERTS, altCounters, anomalyCounters, lossCounters, top, type ReportData, type TimelineEntry } from './collector.js';
import { suppressedLine } from './thresholds-text.js';
import { cutText, EXPLANATION_CHARS, safeValue } from './safe-text.js';
import { countryLabel, plural } from './words.js';

function table(rows: [string, number | string][], indent = '  '): string[] {
  const w = Math.max(0, ...rows.map((r) => String(r[1]).length));
  return rows.map(([k, v]) => `${indent}${String(v).padStart(w)}  ${k}`);
}

/** A capture-controlled sentence cut at {@link EXPLANATION_CHARS}, marked with its length (the HTML details do the same). */
function cut(x: string): string {
  const c = cutText(x, EXPLANATION_CHARS);
  return c === x ? x : `${c}… (cut: ${x.length} characters)`;
}

function who(s: { imsi?: string; msisdn?: string }): string {
  return (
    [s.msisdn !== undefined ? `MSISDN +${s.msisdn}` : undefined, s.imsi !== undefined ? `IMSI ${s.imsi}` : undefined].filter(Boolean).join(' / ') ||
    'unidentified'
  );
}

export function formatSummary(data: ReportData): string {
  // Every capture-derived string shown with visible escapes (safe-text.ts): a terminal reads this.
  // Of the alerts only the first SUMMARY_ALERTS are shown: a copy of all 2,000 kept for --report
  // (their evidence events too) was +20 MB of heap at the end of a scan (rt8 FA1, 64 MSISDNs each).
  const r = safeValue({ ...data, alerts: data.alerts.slice(0, SUMMARY_ALERTS) });
  const out: string[] = [];
  const files = r.sources.map((s) => s.source).join(', ');
  out.push(`sigwatch scan: ${plural(r.sources.length, 'capture')} (${files})`);
  for (const s of r.sources) if (s.error !== undefined) out.push(`  ! ${s.source}: ${s.error}`);
  out.push('');

  out.push('Home network');
  const inf = r.profile.inferred;
  if (r.profile.file !== undefined) out.push(`  from profile ${r.profile.file}: ${r.profile.name}`);
  else if (inf !== undefined) {
    out.push(`  no profile given: ${inf.name} is an ASSUMPTION inferred from the traffic; every alert says so.`);
    for (const e of inf.evidence) out.push(`  - ${e}`);
    out.push('  Give --profile FILE to state the home network, its partners and the operator registry: alerts then');
    out.push('  compare origins with them instead of this guess, and name operators instead of countries.');
    if (r.profile.beside !== undefined) out.push(`  A profile sits beside this capture: sigwatch scan --profile ${r.profile.beside} ...`);
  } else
    out.push('  no profile given and none could be inferred (no UpdateLocation/HLR/HSS traffic, no IMSIs): rules compare against the visited network only.');
  out.push('');

  const frames = r.decodeStats['capture.frames'] ?? 0;
  out.push(`Messages: ${plural(r.messages, 'signalling message')} in ${plural(frames, 'frame')}`);
  for (const [proto, ops] of Object.entries(r.byOperation).sort()) {
    const total = Object.values(ops).reduce((a, b) => a + b, 0);
    out.push(`  ${proto} (${total})`);
    const rows = top(ops, 12);
    out.push(...table(rows, '    '));
    const rest = Object.keys(ops).length - rows.length;
    if (rest > 0) out.push(`    ... ${rest} more operations`);
  }
  const tc = top(r.trafficCountries, 8);
  if (tc.length > 0) out.push(`  senders by country: ${tc.map(([c, n]) => `${countryLabel(c)} ${n}`).join(', ')}`);
  out.push('');

  const lv = LEVELS.slice()
    .reverse()
    .filter((l) => r.byLevel[l] > 0)
    .map((l) => `${r.byLevel[l]} ${l}`)
    .join(', ');
  out.push(`Alerts: ${r.alertsTotal}${lv ? ` (${lv})` : ''}`);
  const rules = Object.entries(r.byRule).sort((a, b) => b[1].count - a[1].count);
  for (const [id, x] of rules) {
    const levels = LEVELS.slice()
      .reverse()
      .filter((l) => (x.byLevel[l] ?? 0) > 0)
      .map((l) => `${x.byLevel[l]} ${l}`)
      .join(', ');
    out.push(`  ${String(x.count).padStart(5)}  ${id} [${levels}]: ${x.title}`);
  }
  const sup = suppressedLine(r);
  if (sup !== undefined) out.push(`  ${sup}`);
  if (r.first !== undefined) out.push(`  first ${r.first}, last ${r.last ?? r.first}`);
  if (r.alertsTotal > 0) {
    out.push(
      '  top origin countries: ' +
        top(r.originCountries, 8)
          .map(([c, n]) => `${countryLabel(c)} ${n}`)
          .join(', '),
    );
    out.push(
      '  top origin networks:  ' +
        top(r.originNetworks, 6)
          .map(([c, n]) => `${c} ${n}`)
          .join(', '),
    );
  }
  out.push('');

  if (r.subscribers.length > 0) {
    out.push('Most targeted subscribers');
    for (const s of r.subscribers.slice(0, 5)) {
      out.push(`  ${who(s)}: ${plural(s.alerts, 'alert')} from ${plural(s.origins.length, 'origin')}`);
      for (const t of shownEntries(s.timeline, 6))
        out.push(
          `    ${t.ts}  ${t.level.padEnd(8)} ${t.rule.padEnd(26)} ${t.what} ` +
            `(${t.source !== undefined && r.sources.length > 1 ? `${t.source} ` : ''}frame ${t.frame})`,
        );
      if (s.alerts > 6) out.push(`    ... ${s.alerts - Math.min(6, s.timeline.length)} more`);
    }
    out.push('');
  }

  const first = r.alerts;
  if (first.length > 0) {
    out.push('Why (highest level first)');
    for (const a of first) {
      out.push(`  [${a.level}] ${a.rule} frame ${a.frame}${a.source !== undefined && r.sources.length > 1 ? ` of ${a.source}` : ''}: ${cut(a.explanation)}`);
      for (const x of a.assumptions ?? []) out.push(`      assumes: ${cut(x)}`);
    }
    out.push('  (all alerts: --jsonl, --eve, or --report FILE.html)');
    out.push('');
  }

  const anomalies = anomalyCounters(r.decodeStats).sort((a, b) => b[1] - a[1]);
  const losses = lossCounters(r.decodeStats);
  out.push(`Decode anomalies: ${anomalies.length === 0 ? 'none' : anomalies.reduce((a, [, n]) => a + n, 0)}`);
  out.push(...table(anomalies.map(([k, v]) => [k, v])));
  out.push(`Not analysed or lost (every non-zero counter): ${losses.length === 0 ? 'none' : losses.length}`);
  out.push(...table(losses.map(([k, v]) => [k, v])));
  const detector: string[] = [];
  const no = r.detector?.noOrigin;
  if (no !== undefined) detector.push(`  location requests with no origin to check (no calling GT or registered PC; no Origin-Realm/Host): ${String(no)}`);
  const st = Object.entries(r.detector?.state ?? {}).filter(([, v]) => typeof v === 'number' && v > 0);
  if (st.length > 0) detector.push(`  subscriber state: ${st.map(([k, v]) => `${k} ${String(v)}`).join(', ')}`);
  const hv = Object.entries(r.detector?.harvest ?? {}).filter(([, v]) => typeof v === 'number' && v > 0);
  if (hv.length > 0) detector.push(`  auth-harvest state (bounded): ${hv.map(([k, v]) => `${k} ${String(v)}`).join(', ')}`);
  const vb = r.detector?.visitedBlocks;
  if (vb !== undefined) detector.push(`  visited number blocks (bounded): ${vb.evicted} least recently used evicted, ${vb.learned} learned, ${vb.held} held`);
  // The AMBIGUOUS home vote's second detector (api/scanner.ts): its own alerts, state and limit anomalies (review 15-B #8).
  const alt = altCounters(r.decodeStats);
  if (alt.length > 0) detector.push(`  with the alternative home (AMBIGUOUS vote): ${alt.map(([k, v]) => `${k} ${String(v)}`).join(', ')}`);
  if (detector.length > 0) out.push('Detector', ...detector);
  return out.join('\n') + '\n';
}

/**
 * The `max` entries of a timeline the summary shows: the highest levels, the earlier of one level first,
 * listed in timeline (arrival) order (rt19 M1b: the first six of 12 medium alerts hid a later high one).
 */
function shownEntries(timeline: readonly TimelineEntry[], max: number): TimelineEntry[] {
  if (timeline.length <= max) return [...timeline];
  const rank = (e: TimelineEntry): number => LEVELS.indexOf(e.level);
  const chosen = timeline
    .map((_e, i) => i)
    .sort((a, b) => rank(timeline[b]!) - rank(timeline[a]!) || a - b)
    .slice(0, max)
    .sort((a, b) => a - b);
  return chosen.map((i) => timeline[i]!);
}
