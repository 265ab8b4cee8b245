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
import { keyDigitCodes } from '../core/digit-key.js';
import { FNV_OFFSET, fnvStep } from '../core/hash.js';
import { imsiKeyOf, msisdnKeyOf, telKey, type IdentityKey } from '../core/identity-key.js';
import type { MsisdnNotation } from '../detect/msisdn-notation.js';
import { MAP_OP } from '../ss7/map/operations.js';
import { MessageRecord } from '../events/record.js';
import { mayLink, tidKey } from '../state/learn.js';
import { RegistrationDialogues } from './workers-registrations.js';

/**
 * What the router reads of a message: a MessageRecord (events/record.ts) has these fields, and
 * its `imsiKey()` / `msisdnKey()` give the identities' keys without making their strings (the
 * decoder leaves the MAP digits as octets: making them text for the router cost ~12 % of each
 * thread's CPU in `--workers 2`, bench/results-notes.md "workers10"). Plain objects (tests) give
 * the texts only.
 */
export interface ShardKey {
  readonly imsi?: string | undefined;
  readonly msisdn?: string | undefined;
  /** The MSISDN's AddressString first octet (events/record.ts `msisdnOctet`; −1 or absent: not known). */
  readonly msisdnOctet?: number;
  readonly frame: number;
  imsiKey?(): IdentityKey | undefined;
  msisdnKey?(): IdentityKey | undefined;
  /** MAP dialogue fields (events/record.ts), read for registration dialogues (workers-registrations.ts); absent: not MAP. */
  readonly protocol?: string;
  readonly tcapType?: string | undefined;
  readonly componentType?: string | undefined;
  readonly opcode?: number | undefined;
  readonly otidCode?: number;
  readonly otidText?: string | undefined;
  readonly dtidCode?: number;
  readonly dtidText?: string | undefined;
  readonly sccp?: { readonly calling: { readonly gt?: string | undefined }; readonly called: { readonly gt?: string | undefined } };
}

/** FNV-1a over the key's UTF-16 units (digits only in practice): cheap and stable across threads. */
export function hashKey(key: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < key.length; i++) h = fnvStep(h, key.charCodeAt(i));
  return h >>> 0;
}

/**
 * {@link hashKey} of the IMSI-side key's text (core/identity-key.ts `imsiText`: the digits, or
 * `tel:` + the digits for a negative key) without making the text (core/digit-key.ts keyDigitCodes).
 */
export function hashIdentity(key: IdentityKey): number {
  if (typeof key === 'string') return hashKey(key);
  let h = FNV_OFFSET;
  if (key < 0) h = fnvStep(fnvStep(fnvStep(fnvStep(h, 116), 101), 108), 58); // 'tel:'
  const codes = keyDigitCodes(key < 0 ? -key : key);
  for (let i = 0; i < codes.length; i++) h = fnvStep(h, codes[i]!);
  return h >>> 0;
}

export class ShardRouter {
  /** MSISDN key → IMSI key last seen together; bounded (oldest link dropped first, Map insertion order). */
  private readonly links = new Map<IdentityKey, IdentityKey>();
  /** UL / UGL dialogues and their IMSI (workers-registrations.ts). */
  private readonly registrations = new RegistrationDialogues();

  constructor(
    readonly count: number,
    private readonly maxLinks = 1_000_000,
  ) {}

  /**
   * The worker (0..count-1) that runs detection for message `m`. Call for every message, in capture
   * order. `teachesLink`: whether `m` may link its MSISDN to its IMSI (Detector.teachesLink), asked
   * only when the link would change: the store learns no link from a spoofed message or an answer
   * to a spoofed Begin, so the router must not either, or the MSISDN's next message goes to a thread
   * without its subscriber's state (review 12-C B1-linked-other-imsi-end: medium instead of high).
   */
  shardOf<T extends ShardKey>(m: T, notation?: MsisdnNotation, teachesLink?: (m: T) => boolean): number {
    let imsi = m.imsiKey !== undefined ? m.imsiKey() : m.imsi === undefined ? undefined : imsiKeyOf(m.imsi);
    const raw = m.msisdnKey !== undefined ? m.msisdnKey() : m.msisdn === undefined ? undefined : msisdnKeyOf(m.msisdn);
    // In the international form, as the detector's tables key it (detect/msisdn-notation.ts).
    const msisdn = raw === undefined || notation === undefined ? raw : notation.key(raw, m.msisdnOctet ?? -1);
    if (m.protocol === 'map' && m.opcode !== undefined) {
      if (imsi !== undefined) {
        if (m.tcapType === 'begin' && (m.opcode === MAP_OP.updateLocation || m.opcode === MAP_OP.updateGprsLocation))
          this.fileRegistration(m, imsi, teachesLink);
      } else if (msisdn !== undefined && this.registrations.size !== 0 && m.opcode === MAP_OP.insertSubscriberData && !this.links.has(msisdn)) {
        // An ISD the decoder did not join to its UL, for an MSISDN not linked yet: one thread links it
        // to the UL's IMSI by its claim (workers-registrations.ts), so it is routed and linked by that IMSI.
        imsi = this.registrationImsi(m);
      }
    }
    // Only what the store would link: never by a kind that links nothing (learn.ts mayLink: a UL's borrowed
    // MSISDN, a ULR's, an IDA's; red-team round 15), nor from a spoofed message (teachesLink).
    if (
      imsi !== undefined &&
      msisdn !== undefined &&
      this.links.get(msisdn) !== imsi &&
      (!(m instanceof MessageRecord) || mayLink(m)) &&
      (teachesLink === undefined || teachesLink(m))
    ) {
      this.links.delete(msisdn);
      this.links.set(msisdn, imsi);
      if (this.links.size > this.maxLinks) this.links.delete(this.links.keys().next().value as IdentityKey);
    }
    if (this.count <= 1) return 0;
    const key = imsi ?? (msisdn === undefined ? undefined : (this.links.get(msisdn) ?? telKey(msisdn)));
    return key === undefined ? m.frame % this.count : hashIdentity(key) % this.count;
  }

  /** A UL / UGL Begin naming `imsi`: filed by its otid and calling GT unless it teaches nothing (a spoofed origin: the store files no claim). */
  private fileRegistration<T extends ShardKey>(m: T, imsi: IdentityKey, teachesLink?: (m: T) => boolean): void {
    if (m.componentType !== 'invoke') return;
    const tid = tidKey(m.otidCode ?? -1, m.otidText);
    if (tid !== undefined && (teachesLink === undefined || teachesLink(m))) this.registrations.add(tid, m.sccp?.calling.gt ?? '', imsi);
  }

  /** The IMSI of the UL whose dialogue answer `m` is in (its dtid and called GT), if one was filed. */
  private registrationImsi(m: ShardKey): IdentityKey | undefined {
    if (m.tcapType === 'begin') return undefined;
    const tid = tidKey(m.dtidCode ?? -1, m.dtidText);
    return tid === undefined ? undefined : this.registrations.imsiOf(tid, m.sccp?.called.gt ?? '');
  }
}
