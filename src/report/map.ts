/**
 * The HTML report's world map: where the flagged requests came from and where their targets
 * were. Drawn at report time as plain SVG (no script, no external URL):
 *
 * - country shapes: Natural Earth 1:110m admin-0 countries from the `world-atlas` package (TopoJSON,
 *   decoded with `topojson-client`), projected with d3-geo's Natural Earth projection
 *   (`geoNaturalEarth1`) fitted to the sphere; path coordinates rounded to 0.1 px (~118 kB of
 *   paths for 177 countries);
 * - origin countries shaded by their number of alerts, visited countries of the targets outlined;
 * - one great-circle arc (d3-geo resamples the LineString under the projection, and cuts it at the
 *   antimeridian) per origin country → visited country pair of flagged requests, coloured by the
 *   worst level and thickened by the count, with a <title> tooltip;
 * - a dot per country at its reference point (attribution/geo.ts: the capital), so countries too
 *   small for the 1:110m shapes (Barbados, Bahamas, Hong Kong …) are still on the map.
 *
 * The atlas is read once, on the first report (nothing is loaded for library users who never
 * render one).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { geoContains, geoNaturalEarth1, geoPath, type GeoPermissibleObjects } from 'd3-geo';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { countryPoint } from '../attribution/geo.js';
import type { OriginArc } from './collector.js';
import { esc, LEVEL_COLOUR, levelColour } from './svg.js';
import { countryLabel, plural } from './words.js';

const W = 960;
const H = 500;

type Country = Feature<Geometry, { name: string }>;
let atlas: Country[] | undefined;

function countries(): Country[] {
  if (atlas === undefined) {
    const file = createRequire(import.meta.url).resolve('world-atlas/countries-110m.json');
    const topo = JSON.parse(readFileSync(file, 'utf8')) as Topology<{ countries: GeometryCollection<{ name: string }> }>;
    atlas = (feature(topo, topo.objects.countries) as FeatureCollection<Geometry, { name: string }>).features;
  }
  return atlas;
}

/** The 1:110m shape containing a country's reference point, if it is big enough to be drawn. */
const shapeOf = new Map<string, Country | null>();
function shape(iso: string): Country | undefined {
  let s = shapeOf.get(iso);
  if (s === undefined) {
    const p = countryPoint(iso);
    s = p === undefined ? null : (countries().find((f) => geoContains(f, [p[1], p[0]])) ?? null);
    shapeOf.set(iso, s);
  }
  return s ?? undefined;
}

export interface MapInput {
  /** ISO country → alerts with an origin there. */
  origins: Readonly<Record<string, number>>;
  /** ISO country → alerts whose subscriber was known to be there. */
  visited: Readonly<Record<string, number>>;
  arcs: readonly OriginArc[];
}

/** Shade of the origin colour for `n` of `max` alerts (log scale, so one alert still shows). */
function shade(n: number, max: number): string {
  const f = Math.log1p(n) / Math.log1p(Math.max(1, max));
  const mix = (a: number, b: number): number => Math.round(a + (b - a) * (0.25 + 0.75 * f));
  return `rgb(${mix(250, 184)},${mix(225, 84)},${mix(222, 80)})`;
}

export function worldMap(m: MapInput, label: string): string {
  const projection = geoNaturalEarth1().fitExtent(
    [
      [4, 4],
      [W - 4, H - 30],
    ],
    { type: 'Sphere' },
  );
  const path = geoPath(projection).digits(1);
  const d = (o: GeoPermissibleObjects): string => path(o) ?? '';
  const known = (iso: string): boolean => /^[A-Z]{2}$/.test(iso) && countryPoint(iso) !== undefined;
  const origins = Object.entries(m.origins).filter(([c]) => known(c));
  const visited = Object.entries(m.visited).filter(([c]) => known(c));
  const maxOrigin = Math.max(1, ...origins.map(([, n]) => n));

  const fills = new Map<Country, string>();
  for (const [c] of visited) {
    const s = shape(c);
    if (s !== undefined) fills.set(s, '#d6e6f5');
  }
  for (const [c, n] of origins) {
    const s = shape(c);
    if (s !== undefined) fills.set(s, shade(n, maxOrigin));
  }

  const b: string[] = [];
  b.push('<defs>');
  for (const [lvl, colour] of Object.entries(LEVEL_COLOUR)) {
    b.push(
      `<marker id="arrow-${lvl}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse">` +
        `<path d="M0,0L10,5L0,10z" fill="${colour}"/></marker>`,
    );
  }
  b.push('</defs>');
  b.push(`<path class="sphere" d="${d({ type: 'Sphere' })}" fill="#f3f7fb" stroke="#c8d3de"/>`);
  b.push('<g class="countries" stroke="#ffffff" stroke-width="0.5">');
  for (const f of countries()) {
    const fill = fills.get(f) ?? '#e2e2e2';
    b.push(`<path d="${d(f)}" fill="${fill}"><title>${esc(f.properties.name)}</title></path>`);
  }
  b.push('</g>');

  const maxArc = Math.max(1, ...m.arcs.map((a) => a.count));
  b.push('<g class="arcs" fill="none" stroke-linecap="round">');
  for (const a of m.arcs) {
    const from = countryPoint(a.from);
    const to = countryPoint(a.to);
    if (from === undefined || to === undefined) continue;
    const line = d({
      type: 'LineString',
      coordinates: [
        [from[1], from[0]],
        [to[1], to[0]],
      ],
    });
    if (line === '') continue;
    const w = (1.2 + 3.5 * Math.sqrt(a.count / maxArc)).toFixed(1);
    const tip = `${countryLabel(a.from)} → ${countryLabel(a.to)}: ${plural(a.count, 'flagged request')} (worst: ${a.worst})`;
    b.push(
      `<path class="arc" d="${line}" stroke="${levelColour(a.worst)}" stroke-width="${w}" stroke-opacity="0.85"` +
        ` marker-end="url(#arrow-${esc(a.worst)})"><title>${esc(tip)}</title></path>`,
    );
  }
  b.push('</g>');

  const dot = (iso: string, cls: string, r: number, fill: string, tip: string): void => {
    const p = countryPoint(iso);
    const xy = p === undefined ? null : projection([p[1], p[0]]);
    if (xy == null) return;
    b.push(
      `<circle class="${cls}" cx="${xy[0].toFixed(1)}" cy="${xy[1].toFixed(1)}" r="${r.toFixed(1)}" fill="${fill}"` +
        ` stroke="#ffffff" stroke-width="1"><title>${esc(tip)}</title></circle>`,
    );
  };
  for (const [c, n] of visited) dot(c, 'visited', 4.5, '#3d6fa8', `${countryLabel(c)}: visited network of targeted subscribers (${plural(n, 'alert')})`);
  for (const [c, n] of origins)
    dot(c, 'origin', 3 + 5 * Math.sqrt(n / maxOrigin), LEVEL_COLOUR.critical, `${countryLabel(c)}: origin of ${plural(n, 'alert')}`);

  const ly = H - 12;
  b.push(`<circle cx="14" cy="${ly - 4}" r="5" fill="${LEVEL_COLOUR.critical}"/><text x="24" y="${ly}">origin of alerts (size: count)</text>`);
  b.push(`<circle cx="234" cy="${ly - 4}" r="4.5" fill="#3d6fa8"/><text x="244" y="${ly}">visited network of the targeted subscriber</text>`);
  b.push(
    `<line x1="520" y1="${ly - 4}" x2="556" y2="${ly - 4}" stroke="${LEVEL_COLOUR.high}" stroke-width="2.5"/>` +
      `<text x="562" y="${ly}">flagged requests, origin → visited country (colour: worst level)</text>`,
  );
  return `<svg class="world-map" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(label)}">${b.join('')}</svg>`;
}
