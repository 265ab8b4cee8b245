/**
 * Server-side SVG charts for the HTML report: plain elements (<rect>, <circle>, <line>, <text>)
 * with <title> tooltips, no script, no external reference, so the report renders offline and
 * in any browser without JavaScript.
 */
import type { Level } from '../detect/rule-schema.js';

export const LEVEL_COLOUR: Readonly<Record<Level, string>> = {
  info: '#6c8ebf',
  low: '#82b366',
  medium: '#d6b656',
  high: '#e07b39',
  critical: '#b85450',
};

/**
 * A level's colour; grey for a text outside LEVELS. Alerts reach the report from files and other
 * sensors (ReportCollector.alert), so the level is input: a lookup on the record alone returned
 * Object.prototype's members for `constructor` or `__proto__`.
 */
export function levelColour(l: string): string {
  return Object.hasOwn(LEVEL_COLOUR, l) ? LEVEL_COLOUR[l as Level] : '#888888';
}

export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function svg(w: number, h: number, body: string, label: string): string {
  return `<svg width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" role="img" aria-label="${esc(label)}">${body}</svg>`;
}

function empty(label: string): string {
  return svg(600, 40, `<text x="8" y="24" class="muted">${esc(label)}</text>`, label);
}

/** Horizontal bars, one per entry. */
export function barChart(rows: readonly [string, number][], label: string, colour = '#4a7ab0'): string {
  if (rows.length === 0) return empty(`${label}: nothing to show`);
  const max = Math.max(...rows.map((r) => r[1]));
  const rowH = 22;
  const labelW = 260;
  const barW = 380;
  const h = rows.length * rowH + 8;
  const body = rows
    .map(([k, v], i) => {
      const y = 4 + i * rowH;
      const w = Math.max(2, Math.round((v / max) * barW));
      return (
        `<text x="${labelW - 6}" y="${y + 15}" text-anchor="end">${esc(k.length > 38 ? k.slice(0, 37) + '…' : k)}</text>` +
        `<rect x="${labelW}" y="${y + 2}" width="${w}" height="${rowH - 6}" fill="${colour}"><title>${esc(`${k}: ${v}`)}</title></rect>` +
        `<text x="${labelW + w + 6}" y="${y + 15}">${v}</text>`
      );
    })
    .join('');
  return svg(labelW + barW + 60, h, body, label);
}

interface TimePoint {
  t: number;
  level: Level;
}

export interface TimelineRow {
  label: string;
  points: readonly (TimePoint & { title: string })[];
}

/** One row per subscriber: a line over the scan's time range with a dot per alert. */
export function timelines(rows: readonly TimelineRow[], label: string): string {
  const all = rows.flatMap((r) => r.points.map((p) => p.t));
  if (all.length === 0) return empty(`${label}: no targeted subscribers`);
  const t0 = Math.min(...all),
    t1 = Math.max(...all);
  const span = Math.max(1, t1 - t0);
  const W = 760,
    left = 250,
    right = 20,
    rowH = 28;
  const H = rows.length * rowH + 30;
  let body = '';
  rows.forEach((r, i) => {
    const y = 16 + i * rowH;
    body += `<text x="${left - 8}" y="${y + 4}" text-anchor="end">${esc(r.label)}</text>`;
    body += `<line x1="${left}" y1="${y}" x2="${W - right}" y2="${y}" stroke="#bbb"/>`;
    for (const p of r.points) {
      const x = left + ((p.t - t0) / span) * (W - left - right);
      body += `<circle cx="${x.toFixed(1)}" cy="${y}" r="6" fill="${levelColour(p.level)}"><title>${esc(p.title)}</title></circle>`;
    }
  });
  body += `<text x="${left}" y="${H - 6}">${esc(new Date(t0).toISOString())}</text>`;
  body += `<text x="${W - right}" y="${H - 6}" text-anchor="end">${esc(new Date(t1).toISOString())}</text>`;
  return svg(W, H, body, label);
}
