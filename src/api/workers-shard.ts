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

/**
 * A link a message teaches unless the Begin of its dialogue was kept out by a rule in another thread
 * whose outcome is not told yet (api/workers-kept-out.ts HeldOutcome). `linked()` reads it, waiting
 * for it if need be: the router asks only when a message's shard, or a later link, depends on it.
 */
export interface HeldLink {
  linked(): boolean;
}

/** What {@link ShardRouter.shardOf}'s `teachesLink` answers: yes, no, or yes unless a Begin was kept out. */
export type Teaches = boolean | HeldLink;

/** Links held at most (the oldest is decided, waiting if need be, past it): a bound on memory. */
const MAX_HELD = 4096;
/** Outcomes one held link waits on (answers naming the same number and IMSI); past it the link is decided. */
const HELD_OUTCOMES = 16;

/** MSISDN → a held link: the MSISDN is linked to `imsi` if any of `on` is linked, else as {@link ShardRouter}'s `links` say. */
interface Held {
  imsi: IdentityKey;
  on: HeldLink[];
}

export class ShardRouter {
  /** MSISDN key → IMSI key last seen together; bounded (oldest link dropped first, Map insertion order). */
  private readonly links = new Map<IdentityKey, IdentityKey>();
  /**
   * Links held for another thread's decision (workers-kept-out.ts): decided when a message reads the
   * MSISDN's link and its shard depends on it, at the same message in every thread, so every router's
   * `links` stay alike. Each thread learns outcomes at its own pace; deciding one takes it (or waits).
   */
  private readonly held = new Map<IdentityKey, Held>();

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
  shardOf<T extends ShardKey>(m: T, notation?: MsisdnNotation, teachesLink?: (m: T) => Teaches): number {
    let imsi = m.imsiKey !== undefined ? m.imsiKey() : m.imsi === undefined ? undefined : imsiKeyOf(m.imsi);
    const raw = m.msisdnKey !== undefined ? m.msisdnKey() : m.msisdn === undefined ? undefined : msisdnKeyOf(m.msisdn);
    // In the international form, as the detector's tables key it (detect/msisdn-notation.ts).
    const msisdn = raw === undefined || notation === undefined ? raw : notation.key(raw, m.msisdnOctet ?? -1);
    if (m.protocol === 'map' && m.opcode !== undefined) {
      if (imsi !== undefined) {
        if (m.tcapType === 'begin' && (m.opcode === MAP_OP.updateLocation || m.opcode === MAP_OP.updateGprsLocation))
          this.fileRegistration(m, imsi, teachesLink);
      } else if (msisdn !== undefined && this.registrations.size !== 0 && m.opcode === MAP_OP.insertSubscriberData && !this.linkedNow(msisdn)) {
        // An ISD the decoder did not join to its UL, for an MSISDN not linked yet: one thread links it
        // to the UL's IMSI by its claim (workers-registrations.ts), so it is routed and linked by that IMSI.
        imsi = this.registrationImsi(m);
      }
    }
    // Only what the store would link: never by a kind that links nothing (learn.ts mayLink: a UL's borrowed
    // MSISDN, a ULR's, an IDA's; red-team round 15), nor from a spoofed message (teachesLink).
    if (imsi !== undefined && msisdn !== undefined && (!(m instanceof MessageRecord) || mayLink(m))) this.learnLink(m, msisdn, imsi, teachesLink);
    if (this.count <= 1) return 0;
    if (imsi !== undefined) return hashIdentity(imsi) % this.count;
    if (msisdn === undefined) return m.frame % this.count;
    return this.msisdnShard(msisdn);
  }

  /** The shard of a message whose only subscriber key is `msisdn`. */
  private msisdnShard(msisdn: IdentityKey): number {
    const base = hashIdentity(this.links.get(msisdn) ?? telKey(msisdn)) % this.count;
    const h = this.held.size === 0 ? undefined : this.held.get(msisdn);
    // A held link that would not change the shard is not decided (no wait).
    if (h === undefined || hashIdentity(h.imsi) % this.count === base) return base;
    this.decide(msisdn, h);
    return hashIdentity(this.links.get(msisdn) ?? telKey(msisdn)) % this.count;
  }

  /**
   * `m` names `msisdn` and `imsi` and is of a kind that links them: the link is made when it changes and `m`
   * teaches it, held when `m` teaches it unless a Begin another thread decides was kept out.
   */
  private learnLink<T extends ShardKey>(m: T, msisdn: IdentityKey, imsi: IdentityKey, teachesLink?: (m: T) => Teaches): void {
    const h = this.held.size === 0 ? undefined : this.held.get(msisdn);
    if (h === undefined) {
      if (this.links.get(msisdn) === imsi) return;
      const t = teachesLink === undefined ? true : teachesLink(m);
      if (t === true) this.setLink(msisdn, imsi);
      else if (t !== false) this.hold(msisdn, { imsi, on: [t] });
      return;
    }
    // Held: linked to h.imsi if any of h.on is, else to the link before. Asked as the link would change.
    const t = teachesLink === undefined ? true : teachesLink(m);
    if (t === false) return; // no change either way
    if (imsi === h.imsi) {
      // Linked to imsi already, or linked now: either way when m teaches it.
      if (t === true) {
        this.held.delete(msisdn);
        this.setLink(msisdn, imsi);
      } else if (h.on.length < HELD_OUTCOMES) h.on.push(t);
      else {
        // Bounded (review 18-A F6: every answer naming the pair added one while nothing decided it): decide what it holds,
        // at this message in every thread alike, and hold this answer's outcome alone when the link is not imsi's yet.
        this.decide(msisdn, h);
        if (this.links.get(msisdn) !== imsi) this.hold(msisdn, { imsi, on: [t] });
      }
      return;
    }
    this.decide(msisdn, h);
    if (this.links.get(msisdn) === imsi) return;
    if (t === true) this.setLink(msisdn, imsi);
    else this.hold(msisdn, { imsi, on: [t] });
  }

  /** Whether `msisdn` is linked (a held link decided first when the answer depends on it). */
  private linkedNow(msisdn: IdentityKey): boolean {
    if (this.links.has(msisdn)) return true;
    const h = this.held.size === 0 ? undefined : this.held.get(msisdn);
    if (h === undefined) return false;
    this.decide(msisdn, h);
    return this.links.has(msisdn);
  }

  private hold(msisdn: IdentityKey, h: Held): void {
    this.held.set(msisdn, h);
    if (this.held.size > MAX_HELD) {
      const [oldest, first] = this.held.entries().next().value as [IdentityKey, Held];
      this.decide(oldest, first);
    }
  }

  /** Decides the link held for `msisdn` (reading, or waiting for, the outcomes it was held on). */
  private decide(msisdn: IdentityKey, h: Held): void {
    this.held.delete(msisdn);
    if (h.on.some((l) => l.linked())) this.setLink(msisdn, h.imsi);
  }

  private setLink(msisdn: IdentityKey, imsi: IdentityKey): void {
    this.links.delete(msisdn);
    this.links.set(msisdn, imsi);
    if (this.links.size > this.maxLinks) this.links.delete(this.links.keys().next().value as IdentityKey);
  }

  /** A UL / UGL Begin naming `imsi`: filed by its otid and calling GT unless it teaches nothing (a spoofed origin: the store files no claim). */
  private fileRegistration<T extends ShardKey>(m: T, imsi: IdentityKey, teachesLink?: (m: T) => Teaches): void {
    if (m.componentType !== 'invoke') return;
    const tid = tidKey(m.otidCode ?? -1, m.otidText);
    // A Begin: no outcome of its own dialogue to hold on (a HeldLink is only for answers).
    if (tid !== undefined && (teachesLink === undefined || teachesLink(m) === true)) this.registrations.add(tid, m.sccp?.calling.gt ?? '', imsi);
  }

  /** The IMSI of the UL whose dialogue answer `m` is in (its dtid and called GT), if one was filed. */
  private registrationImsi(m: ShardKey): IdentityKey | undefined {
    if (m.tcapType === 'begin') return undefined;
    const tid = tidKey(m.dtidCode ?? -1, m.dtidText);
    return tid === undefined ? undefined : this.registrations.imsiOf(tid, m.sccp?.called.gt ?? '');
  }
}
