/**
 * Per-subscriber attack stories for the HTML report: the flagged messages of one subscriber in
 * order, each with its origin (operator/carrier and country), the visited network the state knew,
 * the distance between the two, and the position the message implies for the subscriber: the
 * origin for location updates (the sender claims to serve the subscriber), the visited country
 * otherwise. Between consecutive implied positions: the distance and the speed the subscriber
 * would need — what makes a spoofed UpdateLocation stand out (flagged above 1000 km/h, the
 * default `velocity_kmh` threshold). Distances are between countries' reference points
 * (attribution/geo.ts), so they are ±300 km, and 0 within a country.
 */
import { countryDistanceKm } from '../attribution/geo.js';
import type { TargetedSubscriber, TimelineEntry } from './collector.js';
import { esc, levelColour } from './svg.js';
import { countryLabel, plural } from './words.js';

/** Messages by which a node claims to serve the subscriber (MAP TS 29.002 §8.1.2, §8.1.7; S6a TS 29.272 §5.2.1.1). */
const LOCATION_UPDATES = new Set(['updateLocation', 'updateGprsLocation', 'ULR']);
const IMPOSSIBLE_KMH = 1000;

function implied(e: TimelineEntry): string | undefined {
  return LOCATION_UPDATES.has(e.message) ? e.originCountry : e.visitedCountry;
}

function km(n: number | undefined): string {
  return n === undefined ? '–' : `${Math.round(n).toLocaleString('en-US')} km`;
}

function who(s: TargetedSubscriber): string {
  return (
    [s.msisdn !== undefined ? `MSISDN ${s.msisdn}` : '', s.imsi !== undefined ? `IMSI ${s.imsi}` : ''].filter(Boolean).join(' / ') || 'unidentified subscriber'
  );
}

/** Which of the subscriber's alerts its timeline holds (collector.ts: the first, or the highest levels once some gave way: rt19 M1b). */
function shownNote(s: TargetedSubscriber): string {
  return s.timelineByLevel ? ` (${s.timeline.length} shown: the highest levels, in order)` : ` (first ${s.timeline.length} shown)`;
}

export function attackStory(s: TargetedSubscriber): string {
  const h: string[] = [];
  h.push(`<h3 class="story">${esc(who(s))}</h3>`);
  h.push(
    `<p>${plural(s.alerts, 'alert')} from ${plural(s.origins.length, 'origin')}: ${esc(s.origins.join('; '))}` +
      `${s.alerts > s.timeline.length ? shownNote(s) : ''}</p>`,
  );
  h.push(
    '<table class="story"><tr><th>#</th><th>time (UTC)</th><th>message</th><th>rule</th><th>origin</th>' +
      '<th>visited network</th><th>origin → visited</th><th>implied position</th><th>moved</th><th>implied speed</th></tr>',
  );
  let prev: { iso: string; t: number } | undefined;
  s.timeline.forEach((e, i) => {
    const t = Date.parse(e.ts);
    const visited =
      e.visitedCountry === undefined ? 'unknown' : `${e.visitedNetwork !== undefined ? `${e.visitedNetwork} · ` : ''}${countryLabel(e.visitedCountry)}`;
    const apart = e.originCountry !== undefined && e.visitedCountry !== undefined ? countryDistanceKm(e.originCountry, e.visitedCountry) : undefined;
    const pos = implied(e);
    let moved = '–';
    let speed = '–';
    if (pos !== undefined && prev !== undefined) {
      const d = countryDistanceKm(prev.iso, pos);
      if (d !== undefined) {
        moved = km(d);
        const hours = (t - prev.t) / 3_600_000;
        if (d === 0) speed = '0 km/h';
        else if (hours > 0) {
          const v = d / hours;
          speed = `${Math.round(v).toLocaleString('en-US')} km/h${v > IMPOSSIBLE_KMH ? ' <b>impossible</b>' : ''}`;
        } else speed = '∞ <b>impossible</b>';
      }
    }
    if (pos !== undefined) prev = { iso: pos, t };
    h.push(
      `<tr><td class="n">${i + 1}</td><td>${esc(e.ts.replace('T', ' ').replace(/\.\d+Z$|Z$/, ''))}</td><td>${esc(e.message)}</td>` +
        `<td><span class="lvl" style="background:${levelColour(e.level)}">${esc(e.level)}</span> <code>${esc(e.rule)}</code></td>` +
        `<td>${esc(e.origin)}</td><td>${esc(visited)}</td><td class="n">${km(apart)}</td><td>${esc(pos === undefined ? 'unknown' : countryLabel(pos))}</td>` +
        `<td class="n">${moved}</td><td class="n">${speed}</td></tr>`,
    );
  });
  h.push('</table>');
  return h.join('');
}
