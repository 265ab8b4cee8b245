/**
 * One reference point per country (its capital) and great-circle distance, for impossible-travel
 * checks between countries.
 *
 * Source: CIA World Factbook, "Government — Capital — geographic coordinates" (public domain,
 * U.S. Government work), converted from degrees-minutes to decimal degrees rounded to 0.01°
 * (≈1 km). Where the Factbook names no capital, the administrative centre is used and marked.
 */

/** [latitude, longitude] in decimal degrees, north/east positive. */
export type LatLon = readonly [lat: number, lon: number];

// biome-ignore format: packed table, one line per region group
const CAPITALS: Readonly<Record<string, LatLon>> = Object.freeze({
  // Europe
  AD: [42.5, 1.52], AL: [41.32, 19.82], AM: [40.17, 44.5], AT: [48.2, 16.37], AX: [60.1, 19.93],
  AZ: [40.38, 49.87], BA: [43.87, 18.42], BE: [50.83, 4.33], BG: [42.68, 23.32], BY: [53.9, 27.57],
  CH: [46.92, 7.47], CY: [35.17, 33.37], CZ: [50.08, 14.47], DE: [52.52, 13.4], DK: [55.67, 12.58],
  EE: [59.43, 24.72], ES: [40.4, -3.68], FI: [60.17, 24.93], FO: [62.0, -6.77], FR: [48.87, 2.33],
  GB: [51.5, -0.08], GE: [41.68, 44.83], GG: [49.45, -2.53], GI: [36.13, -5.35], GR: [37.98, 23.73],
  HR: [45.8, 16.0], HU: [47.5, 19.08], IE: [53.32, -6.23], IM: [54.15, -4.48], IS: [64.15, -21.95],
  IT: [41.9, 12.48], JE: [49.18, -2.1], LI: [47.13, 9.52], LT: [54.68, 25.32], LU: [49.6, 6.12],
  LV: [56.95, 24.1], MC: [43.73, 7.42], MD: [47.0, 28.85], ME: [42.43, 19.27], MK: [42.0, 21.43],
  MT: [35.88, 14.5], NL: [52.35, 4.92], NO: [59.92, 10.75], PL: [52.25, 21.0], PT: [38.72, -9.13],
  RO: [44.43, 26.1], RS: [44.83, 20.5], RU: [55.75, 37.6], SE: [59.33, 18.05], SI: [46.05, 14.52],
  SJ: [78.22, 15.63], SK: [48.15, 17.12], SM: [43.93, 12.42], TR: [39.93, 32.87], UA: [50.43, 30.52],
  VA: [41.9, 12.45], XK: [42.67, 21.17],
  // Americas
  AG: [17.12, -61.85], AI: [18.22, -63.05], AR: [-34.58, -58.67], AS: [-14.27, -170.7],
  AW: [12.52, -70.03], BB: [13.1, -59.62], BL: [17.88, -62.85], BM: [32.28, -64.78],
  BO: [-16.5, -68.15], BQ: [12.15, -68.27], BR: [-15.78, -47.92], BS: [25.08, -77.35],
  BZ: [17.25, -88.77], CA: [45.42, -75.7], CL: [-33.45, -70.67], CO: [4.6, -74.08],
  CR: [9.93, -84.08], CU: [23.12, -82.35], CW: [12.1, -68.92], DM: [15.3, -61.4],
  DO: [18.47, -69.9], EC: [-0.22, -78.5], FK: [-51.7, -57.85], GD: [12.05, -61.75],
  GF: [4.93, -52.33], GL: [64.18, -51.75], GP: [16.0, -61.73], GT: [14.62, -90.52],
  GY: [6.8, -58.15], HN: [14.1, -87.22], HT: [18.53, -72.33], JM: [18.0, -76.8],
  KN: [17.3, -62.72], KY: [19.3, -81.38], LC: [14.0, -61.0], MF: [18.07, -63.08],
  MQ: [14.6, -61.08], MS: [16.7, -62.22] /* Plymouth abandoned; Brades, de facto */,
  MX: [19.43, -99.13], NI: [12.13, -86.25], PA: [8.97, -79.53], PE: [-12.05, -77.05],
  PM: [46.77, -56.18], PR: [18.47, -66.12], PY: [-25.27, -57.67], SR: [5.83, -55.17],
  SV: [13.7, -89.2], SX: [18.02, -63.03], TC: [21.47, -71.13], TT: [10.65, -61.52],
  US: [38.88, -77.03], UY: [-34.85, -56.17], VC: [13.13, -61.22], VE: [10.48, -66.87],
  VG: [18.42, -64.62], VI: [18.35, -64.93],
  // Asia and the Middle East
  AE: [24.47, 54.37], AF: [34.52, 69.18], BD: [23.72, 90.4], BH: [26.23, 50.57],
  BN: [4.88, 114.93], BT: [27.47, 89.63], CC: [-12.17, 96.83], CN: [39.92, 116.38],
  CX: [-10.42, 105.72], HK: [22.28, 114.15], ID: [-6.17, 106.82], IL: [31.77, 35.23],
  IN: [28.6, 77.2], IO: [-7.3, 72.4], IQ: [33.33, 44.4], IR: [35.7, 51.42], JO: [31.95, 35.93],
  JP: [35.68, 139.75], KG: [42.87, 74.6], KH: [11.55, 104.92], KP: [39.02, 125.75],
  KR: [37.55, 126.98], KW: [29.37, 47.97], KZ: [51.17, 71.42], LA: [17.97, 102.6],
  LB: [33.87, 35.5], LK: [6.92, 79.83], MM: [19.77, 96.07], MN: [47.92, 106.92], MO: [22.2, 113.55],
  MV: [4.17, 73.5], MY: [3.17, 101.7], NP: [27.72, 85.32], OM: [23.62, 58.58], PH: [14.6, 120.97],
  PK: [33.68, 73.05], PS: [31.9, 35.2] /* Ramallah, administrative centre */, QA: [25.28, 51.53],
  SA: [24.65, 46.7], SG: [1.28, 103.85], SY: [33.5, 36.3], TH: [13.75, 100.52], TJ: [38.55, 68.77],
  TL: [-8.58, 125.6], TM: [37.95, 58.38], TW: [25.03, 121.52], UZ: [41.32, 69.25],
  VN: [21.03, 105.85], YE: [15.35, 44.2],
  // Oceania
  AU: [-35.27, 149.13], CK: [-21.2, -159.77], FJ: [-18.13, 178.42], FM: [6.92, 158.15],
  GU: [13.47, 144.73], KI: [1.33, 173.02], MH: [7.1, 171.38], MP: [15.2, 145.75],
  NC: [-22.27, 166.45], NF: [-29.05, 167.97], NR: [-0.55, 166.92], NU: [-19.02, -169.92],
  NZ: [-41.3, 174.78], PF: [-17.53, -149.57], PG: [-9.45, 147.18], PW: [7.5, 134.62],
  SB: [-9.43, 159.95], TK: [-9.17, -171.82] /* Nukunonu, administrative centre */,
  TO: [-21.13, -175.2], TV: [-8.52, 179.22], VU: [-17.73, 168.32], WF: [-13.95, -171.93],
  WS: [-13.82, -171.77],
  // Africa
  AC: [-7.93, -14.42], AO: [-8.83, 13.22], BF: [12.37, -1.52], BI: [-3.43, 29.93],
  BJ: [6.48, 2.62], BW: [-24.63, 25.9], CD: [-4.32, 15.3], CF: [4.37, 18.58], CG: [-4.25, 15.28],
  CI: [6.82, -5.27], CM: [3.87, 11.52], CV: [14.92, -23.52], DJ: [11.58, 43.15], DZ: [36.75, 3.05],
  EG: [30.05, 31.25], EH: [27.15, -13.2], ER: [15.33, 38.93], ET: [9.03, 38.7], GA: [0.38, 9.45],
  GH: [5.55, -0.22], GM: [13.45, -16.57], GN: [9.5, -13.7], GQ: [3.75, 8.78], GW: [11.85, -15.58],
  KE: [-1.28, 36.82], KM: [-11.7, 43.23], LR: [6.3, -10.8], LS: [-29.32, 27.48], LY: [32.88, 13.17],
  MA: [34.02, -6.82], MG: [-18.92, 47.52], ML: [12.65, -8.0], MR: [18.07, -15.97],
  MU: [-20.15, 57.48], MW: [-13.97, 33.78], MZ: [-25.95, 32.58], NA: [-22.57, 17.08],
  NE: [13.52, 2.12], NG: [9.08, 7.53], RE: [-20.88, 55.45], RW: [-1.95, 30.05], SC: [-4.62, 55.45],
  SD: [15.6, 32.53], SH: [-15.93, -5.72], SL: [8.48, -13.23], SN: [14.73, -17.63], SO: [2.07, 45.33],
  SS: [4.85, 31.62], ST: [0.33, 6.73], SZ: [-26.32, 31.13], TA: [-37.07, -12.31],
  TD: [12.1, 15.03], TG: [6.12, 1.22], TN: [36.8, 10.18], TZ: [-6.18, 35.75], UG: [0.32, 32.55],
  YT: [-12.78, 45.23], ZA: [-25.7, 28.22], ZM: [-15.42, 28.28], ZW: [-17.82, 31.03],
});

export const GEO_DATA = { source: 'CIA World Factbook, capital geographic coordinates (public domain)' } as const;

/** The ISO codes with a reference point (tools/borders-pack.mjs places each in its shape, through dist/). @public */
export const COUNTRY_CODES: readonly string[] = Object.freeze(Object.keys(CAPITALS));

/** Reference point (capital) of an ISO 3166-1 alpha-2 country. */
export function countryPoint(iso: string): LatLon | undefined {
  return CAPITALS[iso];
}

/** Mean Earth radius, IUGG (km). */
const EARTH_RADIUS_KM = 6371.0088;
const RAD = Math.PI / 180;

/** Great-circle distance in km (haversine). */
export function distanceKm(a: LatLon, b: LatLon): number {
  const dLat = (b[0] - a[0]) * RAD;
  const dLon = (b[1] - a[1]) * RAD;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[0] * RAD) * Math.cos(b[0] * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Distance between two countries' reference points, undefined when either is unknown. */
export function countryDistanceKm(isoA: string, isoB: string): number | undefined {
  const a = CAPITALS[isoA],
    b = CAPITALS[isoB];
  return a === undefined || b === undefined ? undefined : distanceKm(a, b);
}
