/**
 * Subscriber sharding for `scan --workers N`: which worker runs detection for an event.
 *
 * Every worker decodes the whole capture (decoding needs the TCAP dialogue / Diameter transaction
 * state of all traffic to find an event's subscriber), and detection, whose state is per
 * subscriber (state/subscribers.ts, detect/correlate.ts), runs for each subscriber in exactly one
 * worker. The key follows the store's lookup (SubscriberStore.find: by IMSI, else by MSISDN
 * through the IMSI last seen with it): the IMSI of the event, else the IMSI its MSISDN was last
 * seen with, else the MSISDN, else the frame (no subscriber: no per-subscriber state, any worker
 * gives the same alerts). Every worker sees the same events in the same order, so every worker
 * computes the same links and agrees on the owner without talking to the others.
 *
 * Why not ship events to detection workers: measured on the bench machine, v8.serialize +
 * deserialize of an event costs ~10 + ~20 µs and JSON ~7 + ~12 µs, more than decoding it (~2 µs)
 * or detecting on it (~1-1.5 µs), see bench/RESULTS.md.
 */
import { FNV_OFFSET, fnvStep } from '../core/hash.js';
import type { MsisdnNotation } from '../detect/msisdn-notation.js';

/** What the router reads of a message: a MessageRecord (events/record.ts) has these fields. */
export interface ShardKey {
  readonly imsi?: string | undefined;
  readonly msisdn?: string | undefined;
  /** The MSISDN's AddressString first octet (events/record.ts `msisdnOctet`; −1 or absent: not known). */
  readonly msisdnOctet?: number;
  readonly frame: number;
}

/** FNV-1a over the key's UTF-16 units (digits only in practice): cheap and stable across threads. */
export function hashKey(key: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < key.length; i++) h = fnvStep(h, key.charCodeAt(i));
  return h >>> 0;
}

export class ShardRouter {
  /** MSISDN → IMSI last seen together; bounded (oldest link dropped first, Map insertion order). */
  private readonly links = new Map<string, string>();

  constructor(
    readonly count: number,
    private readonly maxLinks = 1_000_000,
  ) {}

  /** The worker (0..count-1) that runs detection for message `m`. Call for every message, in capture order. */
  shardOf(m: ShardKey, notation?: MsisdnNotation): number {
    const imsi = m.imsi;
    // In the international form, as the detector's tables key it (detect/msisdn-notation.ts).
    const raw = m.msisdn;
    const msisdn = raw === undefined || notation === undefined ? raw : notation.text(raw, m.msisdnOctet ?? -1);
    if (imsi !== undefined && msisdn !== undefined && this.links.get(msisdn) !== imsi) {
      this.links.delete(msisdn);
      this.links.set(msisdn, imsi);
      if (this.links.size > this.maxLinks) this.links.delete(this.links.keys().next().value as string);
    }
    if (this.count <= 1) return 0;
    const key = imsi ?? (msisdn === undefined ? undefined : (this.links.get(msisdn) ?? `tel:${msisdn}`));
    return key === undefined ? m.frame % this.count : hashKey(key) % this.count;
  }
}
