/**
 * Operator/carrier registry built from {@link NetworkEntry} records (profile `networks`, CSV or
 * IR.21 imports). Lookups: GT/E.164 longest prefix (digit trie), realm exact then by label suffix
 * ('epc.example.net' matches a registered 'example.net'), point code, PLMN. Every answer is a
 * frozen {@link NetworkInfo} built once per (entry, key), so repeated lookups allocate nothing.
 * When two entries register the same key, the later entry wins: put corrections last.
 */

import { DigitTrie } from './digit-trie.js';
import type { NetworkEntry, NetworkInfo } from './types.js';

function info(entry: NetworkEntry, matched: string): NetworkInfo {
  const out: NetworkInfo = { network: entry.name, role: entry.role, source: 'registry', matched };
  if (entry.country !== undefined) out.country = entry.country;
  if (entry.plmn !== undefined) out.plmn = entry.plmn;
  return Object.freeze(out);
}

export class NetworkRegistry {
  private readonly gts = new DigitTrie<NetworkInfo>();
  private readonly realms = new Map<string, NetworkInfo>();
  private readonly pcs = new Map<number, NetworkInfo>();
  private readonly plmns = new Map<string, NetworkInfo>();
  /** Characters of the longest registered realm: a longer suffix cannot match. */
  private maxRealm = 0;
  readonly size: number;

  constructor(entries: readonly NetworkEntry[]) {
    for (const e of entries) {
      for (const p of e.gtPrefixes) this.gts.set(p, info(e, p));
      for (const r of e.realms) {
        const key = r.toLowerCase().replace(/\.$/, '');
        this.realms.set(key, info(e, key));
        if (key.length > this.maxRealm) this.maxRealm = key.length;
      }
      for (const pc of e.pointCodes) {
        const out = { ...info(e, String(pc)), source: 'pointcode' as const };
        this.pcs.set(pc, Object.freeze(out));
      }
      if (e.plmn !== undefined) this.plmns.set(e.plmn, info(e, e.plmn));
    }
    this.size = entries.length;
  }

  /** Entry with the longest registered prefix of `digits`. */
  gt(digits: string): NetworkInfo | undefined {
    return this.gts.longest(digits);
  }

  /** Exact realm, else the longest registered label suffix. `realm` must be lower case. */
  realm(realm: string): NetworkInfo | undefined {
    let key = realm;
    // Start at the longest label suffix that could be registered: walking every suffix of a long
    // realm hashed each one whole (quadratic; red-team review: a 16,000-character Origin-Realm
    // took 28 s for 100 messages, 0.5 s from here).
    if (key.length > this.maxRealm) {
      const dot = key.indexOf('.', key.length - this.maxRealm - 1);
      if (dot < 0) return undefined;
      key = key.slice(dot + 1);
    }
    for (;;) {
      const hit = this.realms.get(key);
      if (hit !== undefined) return hit;
      const dot = key.indexOf('.');
      if (dot < 0) return undefined;
      key = key.slice(dot + 1);
    }
  }

  pointCode(pc: number): NetworkInfo | undefined {
    return this.pcs.get(pc);
  }

  plmn(mccMnc: string): NetworkInfo | undefined {
    return this.plmns.get(mccMnc);
  }

  hasPlmn = (mccMnc: string): boolean => this.plmns.has(mccMnc);
}
