/**
 * The HTML report (`sigwatch scan --report FILE.html`): one self-contained file, inline CSS and
 * inline SVG drawn here, no script and no external URL, so it opens offline and can be mailed.
 */
import type { ScanAlert } from '../detect/alert.js';
import { LEVELS } from '../detect/rule-schema.js';
import { ALERT_DETAILS, anomalyCounters, lossCounters, top, type ReportData } from './collector.js';
import { worldMap } from './map.js';
import { cutText, EXPLANATION_CHARS, escapeControls, safeValue, xmlSafe } from './safe-text.js';
import { attackStory } from './stories.js';
import { barChart, esc, levelColour, timelines } from './svg.js';
import { alertsOverTime } from './time-bins.js';
import { countryLabel, plural } from './words.js';
import { suppressedLine } from './thresholds-text.js';

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px auto;max-width:1100px;color:#222;padding:0 16px}
h1{font-size:22px}h2{font-size:17px;margin-top:28px;border-bottom:1px solid #ddd;padding-bottom:4px}
table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ddd;padding:3px 8px;text-align:left;vertical-align:top}
th{background:#f4f4f4}td.n{text-align:right;font-variant-numeric:tabular-nums}
.assume{background:#fff6d5;border:1px solid #e8d27a;padding:8px 12px}
.lvl{display:inline-block;padding:0 6px;border-radius:3px;color:#fff;font-size:12px}
svg text{font:12px system-ui,sans-serif;fill:#333}svg .muted{fill:#888}
code{font-size:12px}
table.story td,table.story th{font-size:13px}.muted{color:#777}`;

function rows(r: readonly [string, number | string][]): string {
  return r.map(([k, v]) => `<tr><td>${esc(k)}</td><td class="n">${esc(String(v))}</td></tr>`).join('');
}

/** Escaped: an alert read back from a file (ReportCollector.alert) may carry any text as level. */
function level(l: (typeof LEVELS)[number]): string {
  return `<span class="lvl" style="background:${levelColour(l)}">${esc(l)}</span>`;
}

/**
 * Characters of the details table's rows (after escaping). Past it the remaining alerts are listed
 * without their explanation and a note says how many. Measured (2,000 rows): the flood 0.77 M
 * characters, Origin-Host/Realm of 120 hostile characters 1.8 M (bench/results-notes.md "reportsize").
 */
export const DETAILS_CHARS = 4_000_000;

/** Capture text for the page: controls as visible escapes (safe-text.ts), then HTML-escaped. */
function text(s: string): string {
  return esc(escapeControls(s));
}

/** An explanation cut at {@link EXPLANATION_CHARS} (safe-text.ts {@link cutText}), marked `…` and followed by its length. */
function explanation(x: string): string {
  const cut = cutText(x, EXPLANATION_CHARS);
  return cut === x ? text(x) : `${text(cut)}… <small class="muted">(cut: ${x.length} characters)</small>`;
}

/** The alert details table, bounded by {@link DETAILS_CHARS}, with a note when alerts are listed without their explanation. */
function alertDetails(alerts: readonly ScanAlert[]): string[] {
  const rows: string[] = [];
  let used = 0;
  let bare = 0;
  for (const a of alerts) {
    const head =
      `<tr><td>${text(a.ts)}</td><td>${level(a.level)}</td><td><code>${text(a.rule)}</code></td>` +
      `<td class="n">${a.source !== undefined ? `${text(a.source)}:` : ''}${a.frame}</td>`;
    let row: string | undefined;
    if (bare === 0) {
      const assumes = (a.assumptions ?? []).map((x) => `<br><small>assumes: ${text(x)}</small>`).join('');
      row = `${head}<td>${explanation(a.explanation)}${assumes}</td></tr>`;
      if (used + row.length > DETAILS_CHARS) row = undefined;
    }
    if (row === undefined) {
      bare++;
      row = `${head}<td class="muted">(not shown)</td></tr>`;
    }
    used += row.length;
    rows.push(row);
  }
  const note =
    bare === 0
      ? []
      : [
          `<p class="assume">${plural(bare, 'alert is', 'alerts are')} listed without explanation: the details reached their bound of ` +
            `${DETAILS_CHARS} characters (the capture's identifiers are long). <code>--jsonl</code> writes every alert whole.</p>`,
        ];
  return [...note, '<table><tr><th>time</th><th>level</th><th>rule</th><th>frame</th><th>explanation</th></tr>', ...rows, '</table>'];
}

export function renderHtmlReport(data: ReportData, generated: string): string {
  // Controls shown as visible escapes, then what XML 1.0 forbids dropped (safe-text.ts).
  // The alerts are escaped field by field as their rows are made (alertDetails): a deep copy would
  // build every alert's evidence and copy its texts, unshown (526 MB peak, bench/results-notes.md "reportsize").
  const r = safeValue({ ...data, alerts: [] });
  const h: string[] = [];
  h.push(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>sigwatch report</title><style>${CSS}</style></head><body>`);
  h.push(`<h1>sigwatch scan report</h1><p>${r.sources.map((s) => `<code>${esc(s.source)}</code>`).join(', ')} · generated ${esc(generated)}</p>`);
  for (const s of r.sources) if (s.error !== undefined) h.push(`<p class="assume">${esc(s.source)}: ${esc(s.error)}</p>`);

  h.push('<h2>Home network</h2>');
  const inf = r.profile.inferred;
  if (r.profile.file !== undefined) h.push(`<p>From profile <code>${esc(r.profile.file)}</code>: ${esc(r.profile.name)}</p>`);
  else if (inf !== undefined) {
    h.push(
      `<div class="assume"><b>Assumption:</b> no profile was given; <b>${esc(inf.name)}</b> was inferred from the traffic. ` +
        `Every alert lists this assumption.<ul>`,
    );
    for (const e of inf.evidence) h.push(`<li>${esc(e)}</li>`);
    h.push('</ul></div>');
  } else h.push('<p class="assume">No profile given and no home network could be inferred.</p>');

  h.push(`<h2>Alerts: ${r.alertsTotal}</h2>`);
  if (r.alertsTotal === 0) h.push('<p>No rule fired on these captures.</p>');
  else {
    h.push(
      `<p>${LEVELS.slice()
        .reverse()
        .filter((l) => r.byLevel[l] > 0)
        .map((l) => `${level(l)} ${r.byLevel[l]}`)
        .join(' ')}</p>`,
    );
    h.push('<h3>Where the requests came from and where their targets were</h3>');
    h.push(
      worldMap({ origins: r.originCountries, visited: r.visitedCountries, arcs: r.arcs }, 'World map of alert origins, visited networks and flagged requests'),
    );
    if (r.arcs.length > 0) {
      h.push('<table><tr><th>origin country</th><th>visited country of the target</th><th>flagged requests</th><th>worst</th></tr>');
      for (const a of r.arcs.slice(0, 20))
        h.push(`<tr><td>${esc(countryLabel(a.from))}</td><td>${esc(countryLabel(a.to))}</td><td class="n">${a.count}</td><td>${level(a.worst)}</td></tr>`);
      h.push('</table>');
    }
    h.push('<h3>Alerts over time</h3>');
    h.push(alertsOverTime(r.alertTimes, LEVELS, 'Alerts over time'));
    if (r.alertTimes.dropped > 0)
      h.push(`<p class="muted">${plural(r.alertTimes.dropped, 'later alert is', 'later alerts are')} not on this chart (bound ${r.alertTimes.length}).</p>`);
    h.push('<table><tr><th>rule</th><th>title</th><th>alerts</th></tr>');
    for (const [id, x] of Object.entries(r.byRule).sort((a, b) => b[1].count - a[1].count)) {
      h.push(`<tr><td><code>${esc(id)}</code></td><td>${esc(x.title)}</td><td class="n">${x.count}</td></tr>`);
    }
    h.push('</table>');
    h.push('<h3>Origins by country</h3>');
    h.push(
      barChart(
        top(r.originCountries, 12).map(([c, n]): [string, number] => [countryLabel(c), n]),
        'Alert origins by country',
        '#b85450',
      ),
    );
    h.push('<h3>Origin networks (operator or node, and country)</h3>');
    h.push(barChart(top(r.originNetworks, 12), 'Alert origin networks', '#e07b39'));
  }
  const sup = suppressedLine(r);
  if (sup !== undefined) h.push(`<p class="muted">${esc(sup.charAt(0).toUpperCase() + sup.slice(1))}.</p>`);

  if (r.subscribers.length > 0) {
    h.push('<h2>Most targeted subscribers</h2>');
    h.push(
      timelines(
        r.subscribers.map((s) => ({
          label: s.msisdn ?? s.imsi ?? 'unidentified',
          points: s.timeline.map((t) => ({ t: Date.parse(t.ts), level: t.level, title: `${t.ts} ${t.rule}: ${t.what}` })),
        })),
        'Per-subscriber alert timelines',
      ),
    );
    h.push('<h2>Attack stories</h2>');
    h.push(
      '<p class="muted">Each targeted subscriber\'s flagged messages in order: origin, the visited network the state knew, their distance, ' +
        'the position the message implies (the sender for location updates, else the visited network) ' +
        'and the speed the subscriber would need to get there from the previous one. ' +
        'Distances are between country reference points (±300 km).</p>',
    );
    for (const s of r.subscribers) h.push(attackStory(s));
  }

  h.push('<h2>Traffic</h2>');
  const protoTotals = Object.entries(r.byOperation).map(([p, ops]): [string, number] => [p, Object.values(ops).reduce((a, b) => a + b, 0)]);
  h.push(barChart(protoTotals, 'Messages by protocol'));
  h.push(
    barChart(
      top(r.trafficCountries, 12).map(([c, n]): [string, number] => [countryLabel(c), n]),
      'Senders by country',
      '#82b366',
    ),
  );
  for (const [proto, ops] of Object.entries(r.byOperation).sort()) {
    h.push(`<h3>${esc(proto)}</h3><table><tr><th>operation</th><th>messages</th></tr>${rows(top(ops, 40))}</table>`);
  }

  if (data.alerts.length > 0 || r.alertsCut !== undefined) {
    h.push(`<h2>Alert details (${data.alerts.length}${data.alerts.length < r.alertsTotal ? ` of ${r.alertsTotal}` : ''})</h2>`);
    if (r.alertsCut !== undefined)
      h.push(
        `<p class="assume">${plural(r.alertsCut.alerts, 'alert is', 'alerts are')} not listed: each did not fit beside the alerts kept for these details ` +
          `within their bound of ${r.alertsCut.bytes} bytes (the capture's identifiers are long). <code>--jsonl</code> writes every alert whole.</p>`,
      );
    if (data.alerts.length > 0) h.push(...alertDetails(data.alerts.slice(0, ALERT_DETAILS)));
  }

  h.push('<h2>Decoder counters</h2>');
  const anomalies = anomalyCounters(r.decodeStats);
  const losses = lossCounters(r.decodeStats);
  h.push(`<h3>Anomalies</h3>${anomalies.length === 0 ? '<p>none</p>' : `<table>${rows(anomalies)}</table>`}`);
  h.push(`<h3>Not analysed or lost</h3>${losses.length === 0 ? '<p>none</p>' : `<table>${rows(losses)}</table>`}`);
  h.push(`<h3>All counters</h3><table>${rows(Object.entries(r.decodeStats))}</table>`);
  h.push('</body></html>\n');
  return xmlSafe(h.join('\n'));
}
