/**
 * Alerts over time with bins that fit the span: a calendar-friendly bin width (1 s … 1 week) chosen
 * so the scan's time range gives at most 60 bins, aligned to whole units (UTC), with axis labels
 * at the precision the width needs. Three alerts over two weeks are three thin bars on a
 * two-week axis of daily bins, not three bars filling the chart.
 */
import type { Level } from '../detect/rule-schema.js';
import type { AlertPoints } from './alert-times.js';
import { esc, levelColour } from './svg.js';
import { plural } from './words.js';

const S = 1000;
const STEPS: readonly [number, string][] = [
  [S, '1 s'],
  [5 * S, '5 s'],
  [10 * S, '10 s'],
  [30 * S, '30 s'],
  [60 * S, '1 min'],
  [5 * 60 * S, '5 min'],
  [10 * 60 * S, '10 min'],
  [15 * 60 * S, '15 min'],
  [30 * 60 * S, '30 min'],
  [3600 * S, '1 h'],
  [2 * 3600 * S, '2 h'],
  [3 * 3600 * S, '3 h'],
  [6 * 3600 * S, '6 h'],
  [12 * 3600 * S, '12 h'],
  [86400 * S, '1 day'],
  [2 * 86400 * S, '2 days'],
  [7 * 86400 * S, '1 week'],
];
const MAX_BINS = 60;

/** The smallest step giving at most MAX_BINS bins over [t0, t1]. */
export function binWidth(t0: number, t1: number): { ms: number; name: string } {
  for (const [ms, name] of STEPS) if (Math.floor(t1 / ms) - Math.floor(t0 / ms) + 1 <= MAX_BINS) return { ms, name };
  const week = STEPS[STEPS.length - 1]![0];
  const k = Math.ceil((t1 - t0) / week / (MAX_BINS - 1));
  return { ms: week * k, name: `${k} weeks` };
}

function label(t: number, ms: number): string {
  const iso = new Date(t).toISOString();
  if (ms >= 86400 * S) return iso.slice(0, 10);
  if (ms >= 60 * S) return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

export function alertsOverTime(points: AlertPoints, levels: readonly Level[], title: string): string {
  const n = points.length;
  if (n === 0) return '';
  let t0 = Infinity;
  let t1 = -Infinity;
  for (let i = 0; i < n; i++) {
    const t = points.time(i);
    if (t < t0) t0 = t;
    if (t > t1) t1 = t;
  }
  const { ms, name } = binWidth(t0, t1);
  const first = Math.floor(t0 / ms) * ms;
  const bins = Math.floor(t1 / ms) - Math.floor(t0 / ms) + 1;
  const counts = new Array<number>(bins).fill(0);
  const worst = new Array<number>(bins).fill(0);
  for (let i = 0; i < n; i++) {
    const b = Math.floor((points.time(i) - first) / ms);
    counts[b]!++;
    worst[b] = Math.max(worst[b]!, points.level(i));
  }
  const W = 760,
    H = 210,
    left = 40,
    right = 10,
    bottom = 42;
  const max = Math.max(...counts);
  const bw = (W - left - right) / bins;
  let body = `<line x1="${left}" y1="${H - bottom}" x2="${W - right}" y2="${H - bottom}" stroke="#888"/>`;
  counts.forEach((c, i) => {
    if (c === 0) return;
    const h = Math.max(2, ((H - bottom - 12) * c) / max);
    const x = left + i * bw;
    const tip = `${plural(c, 'alert')}, ${label(first + i * ms, ms)} + ${name}`;
    body +=
      `<rect class="bin" x="${(x + 0.5).toFixed(1)}" y="${(H - bottom - h).toFixed(1)}" width="${Math.max(1, bw - 1).toFixed(1)}" height="${h.toFixed(1)}"` +
      ` fill="${levelColour(levels[worst[i]!] ?? 'info')}"><title>${esc(tip)}</title></rect>`;
  });
  // Up to 6 tick labels at bin boundaries.
  const every = Math.max(1, Math.ceil(bins / 6));
  for (let i = 0; i <= bins; i += every) {
    const x = left + i * bw;
    const anchor = i === 0 ? 'start' : i + every > bins ? 'end' : 'middle';
    body +=
      `<line x1="${x.toFixed(1)}" y1="${H - bottom}" x2="${x.toFixed(1)}" y2="${H - bottom + 4}" stroke="#888"/>` +
      `<text x="${x.toFixed(1)}" y="${H - bottom + 16}" text-anchor="${anchor}">${esc(label(first + i * ms, ms))}</text>`;
  }
  body += `<text x="${left - 6}" y="16" text-anchor="end">${max}</text>`;
  body += `<text x="${W - right}" y="${H - 6}" text-anchor="end" class="muted">${esc(`bins of ${name} (UTC)`)}</text>`;
  return `<svg class="alerts-over-time" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(title)}">${body}</svg>`;
}
