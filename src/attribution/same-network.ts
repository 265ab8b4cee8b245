import type { NetworkInfo } from './types.js';

/**
 * Compares two attributions at the finest level both sides resolve to: the registry network when
 * both come from the registry, else the PLMN when both have one, else the country. Undefined when
 * either side is unknown or they share no level (a registry carrier registered without a country
 * compared with an E.164-only answer).
 */
export function sameNetwork(a: NetworkInfo, b: NetworkInfo): boolean | undefined {
  if (a.source === 'unknown' || b.source === 'unknown') return undefined;
  const regA = a.source === 'registry' || a.source === 'pointcode';
  const regB = b.source === 'registry' || b.source === 'pointcode';
  if (regA && regB && a.network !== undefined && b.network !== undefined) return a.network === b.network;
  if (a.plmn !== undefined && b.plmn !== undefined) return a.plmn === b.plmn;
  if (a.country !== undefined && b.country !== undefined) return a.country === b.country;
  return undefined;
}
