/**
 * Geographical shapes of TS 23.032 §7 (the coding of MAP Ext-GeographicalInformation and
 * GeographicalInformation, TS 29.002 §17.7.1 / §17.7.13): the shape, its point and, where the
 * shape has one, the radius of the uncertainty circle. Read in place; never throws: an unknown
 * shape or a length that does not fit the shape gives undefined (the raw hex stays in the event).
 */
import type { LocationInfo } from '../../../events/types.js';

/** Type of shape (§7.2, octet 1 bits 8-5) → name and the exact octet count where it is fixed. */
const SHAPES: Readonly<Record<number, readonly [string, number]>> = {
  0: ['ellipsoidPoint', 7], // §7.3.1
  1: ['ellipsoidPointWithUncertaintyCircle', 8], // §7.3.2
  3: ['ellipsoidPointWithUncertaintyEllipse', 11], // §7.3.3
  5: ['polygon', 0], // §7.3.4: 1 + 6 per point
  8: ['ellipsoidPointWithAltitude', 9], // §7.3.5
  9: ['ellipsoidPointWithAltitudeAndUncertaintyEllipsoid', 14], // §7.3.6
  10: ['ellipsoidArc', 13], // §7.3.7
};

export interface GeoShape {
  shape: string;
  /** Degrees (§6.1: sign bit then N = floor(2^23·|lat|/90)); south negative. */
  latitude: number;
  /** Degrees (§6.1: 24-bit two's complement N = floor(2^24·lon/360)); west negative. */
  longitude: number;
  /** §6.2: r = 10·(1.1^K − 1) metres, for the uncertainty circle shape. */
  uncertaintyMeters?: number;
}

/** Copies a shape into a LocationInfo (MAP PSI/ATI/PSL/SLR and SLg PLA/LRR share the form). */
export function setShape(loc: LocationInfo, g: GeoShape): void {
  loc.shape = g.shape;
  loc.latitude = g.latitude;
  loc.longitude = g.longitude;
  if (g.uncertaintyMeters !== undefined) loc.uncertaintyMeters = g.uncertaintyMeters;
}

/** Reads the shape coded in `b[s, e)` into `loc` when it is one (nothing otherwise). */
export function shapeInto(loc: LocationInfo, b: Uint8Array, s: number, e: number): void {
  const g = readGeoShape(b, s, e);
  if (g !== undefined) setShape(loc, g);
}

const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;

/** The shape coded in `b[s, e)`, or undefined when it is not one of §7.3 or its length is wrong. */
export function readGeoShape(b: Uint8Array, s: number, e: number): GeoShape | undefined {
  const n = e - s;
  if (n < 1) return undefined;
  const type = b[s]! >> 4;
  const def = SHAPES[type];
  if (def === undefined) return undefined;
  // polygon: number of points in bits 4-1 (§7.3.4, 3..15), the first point is what we report
  const size = type === 5 ? 1 + 6 * (b[s]! & 15) : def[1];
  if (n !== size || n < 7) return undefined;
  const latRaw = ((b[s + 1]! & 0x7f) << 16) | (b[s + 2]! << 8) | b[s + 3]!;
  let latitude = (latRaw * 90) / 0x800000;
  if (b[s + 1]! & 0x80) latitude = -latitude;
  let lonRaw = (b[s + 4]! << 16) | (b[s + 5]! << 8) | b[s + 6]!;
  if (lonRaw & 0x800000) lonRaw -= 0x1000000;
  const out: GeoShape = { shape: def[0], latitude: round6(latitude), longitude: round6((lonRaw * 360) / 0x1000000) };
  if (type === 1) out.uncertaintyMeters = round6(10 * (1.1 ** (b[s + 7]! & 0x7f) - 1));
  return out;
}
