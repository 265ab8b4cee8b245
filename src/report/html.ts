/**
 * The HTML report (`sigwatch scan --report FILE.html`): one self-contained file, inline CSS and
 * inline SVG drawn here, no script and no external URL, so it opens offline and can be mailed.
 */
import { LEVELS } from '../detect/rule-schema.js';
import { ALERT_DETAILS, anomalyCounters, lossCounters, top, type ReportData } from './collector.js';
import { safeValue, xmlSafe } from './safe-text.js';
import { barChart, esc, LEVEL_COLOUR, timeHistogram, timelines } from './svg.js';

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px auto;max-width:1100px;color:#222;padding:0 16px}
h1{font-size:22px}h2{font-size:17px;margin-top:28px;border-bottom:1px solid #ddd;padding-bottom:4px}
table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ddd;padding:3px 8px;text-align:left;vertical-align:top}
th{background:#f4f4f4}td.n{text-align:right;font-variant-numeric:tabular-nums}
.assume{background:#fff6d5;border:1px solid #e8d27a;padding:8px 12px}
.lvl{display:inline-block;padding:0 6px;border-radius:3px;color:#fff;font-size:12px}
svg text{font:12px system-ui,sans-serif;fill:#333}svg .muted{fill:#888}
code{font-size:12px}`;

function rows(r: readonly [string, number | string][]): string {
  return r.map(([k, v]) => `<tr><td>${esc(k)}</td><td class="n">${esc(String(v))}</td></tr>`).join('');
}

function level(l: (typeof LEVELS)[number]): string {
  return `<span class="lvl" style="background:${LEVEL_COLOUR[l]}">${l}</span>`;
}

export function renderHtmlReport(data: ReportData, generated: string): string {
  // Controls shown as visible escapes, then what XML 1.0 forbids dropped (safe-text.ts).
  const r = safeValue(data);
  const h: string[] = [];
  h.push(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>sigwatch report</title><style>${CSS}</style></head><body>`);
  h.push(`<h1>sigwatch scan report</h1><p>${r.sources.map((s) => `<code>${esc(s.source)}</code>`).join(', ')} · generated ${esc(generated)}</p>`);
  for (const s of r.sources) if (s.error !== undefined) h.push(`<p class="assume">${esc(s.source)}: ${esc(s.error)}</p>`);

  h.push('<h2>Home network</h2>');
  const inf = r.profile.inferred;
  if (r.profile.file !== undefined) h.push(`<p>From profile <code>${esc(r.profile.file)}</code>: ${esc(r.profile.name)}</p>`);
  else if (inf !== undefined) {
    h.push(`<div class="assume"><b>Assumption:</b> no profile was given; <b>${esc(inf.name)}</b> was inferred from the traffic. Every alert lists this assumption.<ul>`);
    for (const e of inf.evidence) h.push(`<li>${esc(e)}</li>`);
    h.push('</ul></div>');
  } else h.push('<p class="assume">No profile given and no home network could be inferred.</p>');

  h.push(`<h2>Alerts: ${r.alertsTotal}</h2>`);
  h.push(`<p>${LEVELS.slice().reverse().filter((l) => r.byLevel[l] > 0).map((l) => `${level(l)} ${r.byLevel[l]}`).join(' ')}</p>`);
  h.push('<h3>Alerts over time</h3>');
  h.push(timeHistogram(r.alertTimes.times, r.alertTimes.levels, 'Alerts over time', LEVELS));
  if (r.alertTimes.dropped > 0) h.push(`<p class="muted">${r.alertTimes.dropped} later alerts are not on this chart (bound ${r.alertTimes.times.length}).</p>`);
  h.push('<table><tr><th>rule</th><th>title</th><th>alerts</th></tr>');
  for (const [id, x] of Object.entries(r.byRule).sort((a, b) => b[1].count - a[1].count)) {
    h.push(`<tr><td><code>${esc(id)}</code></td><td>${esc(x.title)}</td><td class="n">${x.count}</td></tr>`);
  }
  h.push('</table>');
  h.push('<h3>Origins by country</h3>');
  h.push(barChart(top(r.originCountries, 12), 'Alert origins by country', '#b85450'));
  h.push('<h3>Origin networks</h3>');
  h.push(barChart(top(r.originNetworks, 12), 'Alert origin networks', '#e07b39'));

  h.push('<h2>Most targeted subscribers</h2>');
  h.push(
    timelines(
      r.subscribers.map((s) => ({
        label: s.msisdn !== undefined ? `+${s.msisdn}` : (s.imsi ?? '?'),
        points: s.timeline.map((t) => ({ t: Date.parse(t.ts), level: t.level, title: `${t.ts} ${t.rule}: ${t.what}` })),
      })),
      'Per-subscriber alert timelines',
    ),
  );
  for (const s of r.subscribers) {
    h.push(`<p><b>${esc([s.msisdn !== undefined ? `MSISDN +${s.msisdn}` : '', s.imsi !== undefined ? `IMSI ${s.imsi}` : ''].filter(Boolean).join(' / '))}</b>: ${s.alerts} alerts from ${esc(s.origins.join(', '))}</p>`);
  }

  h.push('<h2>Traffic</h2>');
  const protoTotals = Object.entries(r.byOperation).map(([p, ops]): [string, number] => [p, Object.values(ops).reduce((a, b) => a + b, 0)]);
  h.push(barChart(protoTotals, 'Messages by protocol'));
  h.push(barChart(top(r.trafficCountries, 12), 'Senders by country', '#82b366'));
  for (const [proto, ops] of Object.entries(r.byOperation).sort()) {
    h.push(`<h3>${esc(proto)}</h3><table><tr><th>operation</th><th>messages</th></tr>${rows(top(ops, 40))}</table>`);
  }

  h.push(`<h2>Alert details (${r.alerts.length}${r.alerts.length < r.alertsTotal ? ` of ${r.alertsTotal}` : ''})</h2>`);
  h.push('<table><tr><th>time</th><th>level</th><th>rule</th><th>frame</th><th>explanation</th></tr>');
  for (const a of r.alerts.slice(0, ALERT_DETAILS)) {
    const assumes = (a.assumptions ?? []).map((x) => `<br><small>assumes: ${esc(x)}</small>`).join('');
    h.push(`<tr><td>${esc(a.ts)}</td><td>${level(a.level)}</td><td><code>${esc(a.rule)}</code></td><td class="n">${a.source !== undefined ? `${esc(a.source)}:` : ''}${a.frame}</td><td>${esc(a.explanation)}${assumes}</td></tr>`);
  }
  h.push('</table>');

  h.push('<h2>Decoder counters</h2>');
  h.push(`<h3>Anomalies</h3><table>${rows(anomalyCounters(r.decodeStats))}</table>`);
  h.push(`<h3>Not analysed or lost</h3><table>${rows(lossCounters(r.decodeStats))}</table>`);
  h.push(`<h3>All counters</h3><table>${rows(Object.entries(r.decodeStats))}</table>`);
  h.push('</body></html>\n');
  return xmlSafe(h.join('\n'));
}
