/**
 * Subscriber state: where each subscriber is registered, as far as the trusted traffic says.
 * Keyed by IMSI; a subscriber seen only by MSISDN is keyed `tel:<msisdn>` until its IMSI shows
 * up (then the record is re-keyed). The MSISDN index links numbers to records.
 *
 * Bounded (core/limits.ts): at most `subscribers` records; a record not updated for
 * `subscriberTtlSec` of capture time expires. The Map's insertion order is the update order
 * (an update re-inserts), so the oldest record is always first: eviction and the TTL sweep are
 * O(1) per record and need no timer.
 */
import type { Limits } from '../core/limits.js';
import type { NetworkInfo } from '../attribution/types.js';

/** How a location was learned. */
export type LocationKind = 'vlr' | 'msc' | 'sgsn' | 'mme';

export interface Location {
  info: NetworkInfo;
  kind: LocationKind;
  /** The node address (VLR/MSC/SGSN E.164 digits) or the MME's realm / Origin-Host. */
  address?: string;
  /** Capture time the location was learned (seconds). */
  tsSec: number;
  tsNsec: number;
  /** Frame of the evidence; 0 when seeded or restored from outside a capture. */
  frame: number;
}

export interface SubscriberRecord {
  imsi?: string;
  msisdn?: string;
  /** The subscriber's home network (IMSI MCC/MNC or MSISDN country, profile home when it matches). */
  home?: NetworkInfo;
  /** Current visited network and its evidence; undefined after a purge or before anything is known. */
  visited?: Location;
  /** Trusted locations, oldest first, at most {@link HISTORY} (the last one is the newest). */
  history: Location[];
  /** Last HLR GT / HSS host that served the subscriber. */
  hlr?: string;
  /** Capture time of the last update (seconds). */
  updatedSec: number;
}

/**
 * A record updated again within this many capture seconds keeps its LRU position: a UL dialogue
 * touches the same subscriber 3-5 times within a second, and the Map delete+set of each touch was
 * 12% of the mixed benchmark. Eviction and TTL order are therefore exact to within 60 s.
 */
const REORDER_SEC = 60;

/** Trusted locations kept per subscriber: impossible-travel needs only the latest; 4 aid explanations. */
export const HISTORY = 4;

export interface StoreCounters {
  created: number;
  evictedLru: number;
  evictedTtl: number;
}

export class SubscriberStore {
  private readonly byKey = new Map<string, SubscriberRecord>();
  // MSISDN → record directly (not → key): one Map lookup per MSISDN-only event instead of two.
  private readonly byMsisdn = new Map<string, SubscriberRecord>();
  private readonly max: number;
  private readonly ttl: number;
  readonly counters: StoreCounters = { created: 0, evictedLru: 0, evictedTtl: 0 };
  /** Latest capture time seen (seconds): the clock of the TTL. */
  nowSec = 0;

  constructor(limits: Pick<Limits, 'subscribers' | 'subscriberTtlSec'>) {
    this.max = Math.max(1, limits.subscribers);
    this.ttl = limits.subscriberTtlSec;
  }

  get size(): number {
    return this.byKey.size;
  }

  /** Advance the capture clock (never backwards: out-of-order frames do not rewind the TTL). */
  tick(tsSec: number): void {
    if (tsSec > this.nowSec) this.nowSec = tsSec;
  }

  /** The record for an IMSI or, failing that, an MSISDN; undefined when unknown or expired. */
  find(imsi: string | undefined, msisdn: string | undefined): SubscriberRecord | undefined {
    let rec: SubscriberRecord | undefined;
    if (imsi !== undefined) rec = this.byKey.get(imsi);
    if (rec === undefined && msisdn !== undefined) rec = this.byMsisdn.get(msisdn);
    if (rec === undefined) return undefined;
    if (this.nowSec - rec.updatedSec > this.ttl) {
      this.remove(keyOfRecord(rec), rec);
      this.counters.evictedTtl++;
      return undefined;
    }
    return rec;
  }

  /**
   * The record to update for this IMSI/MSISDN, created when new, linked (MSISDN ↔ IMSI) and
   * moved to the young end of the LRU order. Undefined when both identities are missing.
   */
  touch(imsi: string | undefined, msisdn: string | undefined): SubscriberRecord | undefined {
    if (imsi === undefined && msisdn === undefined) return undefined;
    let rec = this.find(imsi, msisdn);
    if (rec !== undefined && imsi !== undefined && rec.imsi !== undefined && rec.imsi !== imsi) {
      rec = undefined; // the MSISDN now belongs to another IMSI (number recycled / ported)
    }
    if (rec === undefined) {
      rec = { history: [], updatedSec: this.nowSec };
      this.counters.created++;
    } else if (this.nowSec - rec.updatedSec < REORDER_SEC && (imsi === undefined || rec.imsi === imsi) && (msisdn === undefined || rec.msisdn === msisdn)) {
      rec.updatedSec = this.nowSec; // recently re-ordered and nothing to re-link: skip the Map delete+set
      return rec;
    } else {
      this.byKey.delete(keyOfRecord(rec));
    }
    if (imsi !== undefined) rec.imsi = imsi;
    if (msisdn !== undefined && rec.msisdn !== msisdn) {
      if (rec.msisdn !== undefined && this.byMsisdn.get(rec.msisdn) === rec) this.byMsisdn.delete(rec.msisdn);
      rec.msisdn = msisdn;
    }
    rec.updatedSec = this.nowSec;
    const key = keyOfRecord(rec);
    this.byKey.set(key, rec);
    if (rec.msisdn !== undefined) this.byMsisdn.set(rec.msisdn, rec);
    this.sweep();
    return rec;
  }

  /** Record a trusted location: it becomes the visited network and joins the history. */
  moveTo(rec: SubscriberRecord, loc: Location): void {
    rec.visited = loc;
    rec.history.push(loc);
    if (rec.history.length > HISTORY) rec.history.shift();
  }

  /** Purge / cancellation of the current registration. */
  clearVisited(rec: SubscriberRecord): void {
    delete rec.visited;
  }

  /** Every live record, oldest update first. */
  records(): IterableIterator<SubscriberRecord> {
    return this.byKey.values();
  }

  /** Insert a record as-is (restore / seed); it counts as updated at its own `updatedSec`. */
  put(rec: SubscriberRecord): void {
    const key = keyOfRecord(rec);
    const old = this.byKey.get(key);
    if (old !== undefined) this.remove(key, old);
    this.byKey.set(key, rec);
    if (rec.msisdn !== undefined) this.byMsisdn.set(rec.msisdn, rec);
    this.tick(rec.updatedSec);
    this.sweep();
  }

  private sweep(): void {
    for (const [key, rec] of this.byKey) {
      if (this.nowSec - rec.updatedSec > this.ttl) {
        this.remove(key, rec);
        this.counters.evictedTtl++;
      } else if (this.byKey.size > this.max) {
        this.remove(key, rec);
        this.counters.evictedLru++;
      } else {
        return;
      }
    }
  }

  private remove(key: string, rec: SubscriberRecord): void {
    this.byKey.delete(key);
    if (rec.msisdn !== undefined && this.byMsisdn.get(rec.msisdn) === rec) this.byMsisdn.delete(rec.msisdn);
  }
}

function keyOfRecord(rec: SubscriberRecord): string {
  return rec.imsi ?? `tel:${rec.msisdn ?? ''}`;
}
