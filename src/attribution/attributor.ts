/**
 * The {@link Attributor}: identifiers → networks. Resolution order (ARCHITECTURE §5):
 * registry (longest GT prefix / realm / PLMN) → IMSI or realm PLMN (country from the MCC) →
 * E.164 country (longest prefix). `source` names the datum that decided, `matched` what matched.
 * Results are cached per identifier in a bounded cache and are shared frozen objects, so a
 * repeated GT costs one Map lookup and allocates nothing.
 */

import { z } from 'zod';
import { checkOptions, networkEntry } from '../core/options.js';
import { BoundedCache, MAX_KEY_CHARS } from './bounded-cache.js';
import { ownCopy } from '../core/own-string.js';
import { mccCountry, imsiPlmn, splitPlmn } from './e212.js';
import { lookupE164, type E164Match } from './e164.js';
import { hostToRealm } from '../diameter/realm.js';
import { realmPlmn } from './realm.js';
import { NetworkRegistry } from './registry.js';
import type { Attributor, AttributionSource, NetworkEntry, NetworkInfo } from './types.js';

export interface AttributorOptions {
  /** Operator/carrier registry (profile `networks`, CSV/IR.21 imports). Later entries win. */
  networks?: NetworkEntry[];
  /** Cached identifiers per kind (GT/MSISDN, IMSI, PLMN, realm, host). Default 65 536. */
  cacheSize?: number;
}

/** The answer for an identifier attributed to no country or network. */
export const UNATTRIBUTED: NetworkInfo = Object.freeze({ source: 'unknown' });

/** One frozen answer per E.164 prefix object. */
const e164Infos = new WeakMap<E164Match, NetworkInfo>();
function e164Info(m: E164Match): NetworkInfo {
  let out = e164Infos.get(m);
  if (out === undefined) {
    const o: NetworkInfo = { source: 'e164', matched: m.prefix };
    if (m.country !== undefined) o.country = m.country;
    out = Object.freeze(o);
    e164Infos.set(m, out);
  }
  return out;
}

function plmnInfo(plmn: string, source: AttributionSource, matched: string): NetworkInfo {
  const o: NetworkInfo = { network: plmn, plmn, source, matched };
  const country = mccCountry(plmn.slice(0, 3));
  if (country !== undefined) o.country = country;
  return Object.freeze(o);
}

/** Strips one leading '+' (a GT never carries it, user input might). */
const bare = (digits: string): string => (digits.charCodeAt(0) === 43 ? digits.slice(1) : digits);

const attributorOptionsSchema = z.strictObject({
  networks: z.array(networkEntry).optional(),
  // BoundedCache needs two entries at least.
  cacheSize: z.number().int().min(2).optional(),
});

export function createAttributor(opts: AttributorOptions = {}): Attributor {
  opts = checkOptions('createAttributor', attributorOptionsSchema, opts);
  const registry = new NetworkRegistry(opts.networks ?? []);
  const size = opts.cacheSize ?? 65_536;
  const numbers = new BoundedCache<NetworkInfo>(size);
  const imsis = new BoundedCache<NetworkInfo>(size);
  const plmns = new BoundedCache<NetworkInfo>(size);
  const realms = new BoundedCache<NetworkInfo>(size);
  const hosts = new BoundedCache<NetworkInfo>(size);
  /** PLMN infos shared across IMSIs of the same network. */
  const plmnShared = new Map<string, NetworkInfo>();

  const fromPlmn = (plmn: string, source: 'imsi' | 'realm'): NetworkInfo => {
    const reg = registry.plmn(plmn);
    if (reg !== undefined) return reg;
    if (mccCountry(plmn.slice(0, 3)) === undefined && plmn.slice(0, 3) !== '901') return UNATTRIBUTED;
    const key = source + plmn;
    let out = plmnShared.get(key);
    if (out === undefined) {
      out = plmnInfo(plmn, source, plmn);
      if (plmnShared.size < size) plmnShared.set(key, out);
    }
    return out;
  };

  const number = (digits: string): NetworkInfo => {
    let out = numbers.get(digits);
    if (out === undefined) {
      const d = bare(digits);
      const reg = registry.gt(d);
      const e = reg === undefined ? lookupE164(d) : undefined;
      out = reg ?? (e === undefined ? UNATTRIBUTED : e164Info(e));
      numbers.set(digits, out);
    }
    return out;
  };

  const realm = (name: string): NetworkInfo => {
    let out = realms.get(name);
    if (out === undefined) {
      const key = name.toLowerCase().replace(/\.$/, '');
      out = registry.realm(key);
      if (out === undefined) {
        const plmn = realmPlmn(key, registry.hasPlmn);
        out = plmn === undefined ? UNATTRIBUTED : fromPlmn(plmn, 'realm');
      }
      realms.set(name, out);
    }
    return out;
  };

  return {
    gt: number,
    msisdn: number,
    imsi(imsi) {
      let out = imsis.get(imsi);
      if (out === undefined) {
        const plmn = imsiPlmn(imsi, registry.hasPlmn);
        out = plmn === undefined ? UNATTRIBUTED : fromPlmn(plmn, 'imsi');
        imsis.set(imsi, out);
      }
      return out;
    },
    plmn(mccMnc) {
      let out = plmns.get(mccMnc);
      if (out === undefined) {
        out = splitPlmn(mccMnc) === undefined ? UNATTRIBUTED : fromPlmn(mccMnc, 'imsi');
        plmns.set(mccMnc, out);
      }
      return out;
    },
    realm,
    host(host) {
      let out = hosts.get(host);
      if (out === undefined) {
        // The realm cut from a host longer than the cache keeps is a view into the whole host:
        // cached as its own copy (red-team review: 10,000 hosts of 20,000 characters kept 201 MB).
        const r = hostToRealm(host);
        out = realm(host.length > MAX_KEY_CHARS && r.length <= MAX_KEY_CHARS ? ownCopy(r) : r);
        hosts.set(host, out);
      }
      return out;
    },
    pointCode(pc) {
      return registry.pointCode(pc);
    },
  };
}
