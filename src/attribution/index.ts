/** Network attribution: who sent it, from which country and network, with provenance. */

export type { Attributor, AttributionSource, NetworkEntry, NetworkInfo, NetworkRole } from './types.js';
export { createAttributor, type AttributorOptions } from './attributor.js';
export { sameNetwork } from './same-network.js';
export { NetworkRegistry } from './registry.js';
export { lookupE164, callingCodeRegions, E164_DATA, type E164Match } from './e164.js';
export {
  MCC_COUNTRY,
  MCC_INTERNATIONAL,
  mccCountry,
  mncLength,
  splitPlmn,
  imsiPlmn,
  type Plmn,
} from './e212.js';
export { realmPlmn, isRealm } from './realm.js';
export { decodePlmn, encodePlmn, realmToPlmn, plmnToRealm, hostToRealm } from '../diameter/index.js';
export { countryPoint, distanceKm, countryDistanceKm, GEO_DATA, type LatLon } from './geo.js';
export { parseNetworksCsv, loadNetworksCsv } from './import-csv.js';
export { parseIr21, loadIr21 } from './import-ir21.js';
