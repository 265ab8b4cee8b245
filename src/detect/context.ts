/**
 * Per-event evaluation context, shared by compiled rules and custom rules. One instance is reused
 * for every event (reset() clears the caches): origin, subscriber record and claimed location are
 * resolved lazily, at most once per event, and only when a candidate rule asks.
 */
import { UNATTRIBUTED } from '../attribution/attributor.js';
import type { Attributor, NetworkInfo, NetworkRole } from '../attribution/types.js';
import { imsiText, msisdnKeyOf, msisdnText, telKey, type IdentityKey } from '../core/identity-key.js';
import type { MessageRecord, SccpAddressView } from '../events/record.js';
import type { MtpInfo, SignallingEvent } from '../events/types.js';
import type { Location, SubscriberRecord, SubscriberStore } from '../state/subscribers.js';
import { sameNetwork } from '../attribution/same-network.js';
import { known, type Networks, type Origin } from './networks.js';
import type { MsisdnNotation } from './msisdn-notation.js';
import type { OriginSubscribers } from './origin-subscribers.js';
import type { Profile } from './profile.js';
import type { VisitedBlocks } from './visited-blocks.js';

/** Why a predicate held, for the alert's explanation (only built on the matching path). */
export type Reason =
  /** `outsideRanges`: the visited network or partner of the origin's country whose declared GT prefixes the origin is outside (rt8 C3). */
  /** `prior`: an IMSI the number was linked to before, whose location the origin is outside (state/prior-links.ts). */
  | {
      kind: 'origin';
      sets: readonly string[];
      visitedUnknown: boolean;
      unattributed: boolean;
      outsideRanges: NetworkInfo | undefined;
      prior: PriorOutside | undefined;
    }
  | { kind: 'spoof'; claimed: NetworkInfo; field: string; value: string }
  | { kind: 'velocity'; kmh: number; km: number; hours: number; from: Location; to: NetworkInfo }
  | { kind: 'realm'; realm: string }
  | { kind: 'harvest'; count: number; windowSec: number; origin: string }
  | { kind: 'neighbour'; to: NetworkInfo }
  | { kind: 'watched'; carrier: string; via: string }
  | { kind: 'distinct'; count: number; windowSec: number; origins: readonly string[] }
  | { kind: 'sequence'; firstFrame: number; firstTsSec: number; windowSec: number };

/** An IMSI the requested number left within the link TTL (`untilSec`), located where the request's origin is not (detect/predicates.ts). */
export interface PriorOutside {
  readonly imsi: string;
  readonly untilSec: number;
  readonly loc: Location;
}

/** A network a message claims the subscriber is in (UL vlr/msc/sgsn-Number, ULR Visited-PLMN-Id). */
export interface Claimed {
  info: NetworkInfo;
  field: string;
  value: string;
}

const UNSET = Symbol('unset');

export class MatchContext {
  /** The message (fast tier record, events/record.ts): what rules and predicates read. */
  rec!: MessageRecord;
  /** Set by predicates that decided without the visited network (the alert's level drops one step). */
  lowConfidence = false;
  readonly reasons: Reason[] = [];
  /**
   * Alerts are built without the event, which is read from the record only inside `onAlert`
   * (detect/alert.ts AlertInput `eventInCallback`): what explanations read of the message comes
   * from {@link rec} (alert.ts contextMessageName, contextSentMsisdn). Set by the detector.
   */
  eventInCallback = false;
  /** A custom rule's own explanation for its match. */
  customExplanation: string | undefined = undefined;
  /** The detector's per-origin subscriber counts (auth-vector-harvesting), already fed this event. */
  harvest: OriginSubscribers | undefined = undefined;
  /** Number blocks the home network's own operations address (rt19 M7 S6a form), already fed this event. */
  visitedBlocks: VisitedBlocks | undefined = undefined;
  private originC: Origin | undefined | typeof UNSET = UNSET;
  private subC: SubscriberRecord | undefined | typeof UNSET = UNSET;
  /** The store slot of `subC` (−1: none), set with it. */
  private slotC = -1;
  private visitedC: Location | undefined | typeof UNSET = UNSET;
  private visitedInfoC: NetworkInfo | undefined | typeof UNSET = UNSET;
  private homeC: NetworkInfo | undefined | typeof UNSET = UNSET;
  private claimedC: Claimed | undefined | typeof UNSET = UNSET;
  private imsiKeyC: IdentityKey | undefined | typeof UNSET = UNSET;
  private msisdnKeyC: IdentityKey | undefined | typeof UNSET = UNSET;
  private homeO: boolean | undefined = undefined;
  private partnerO: boolean | undefined = undefined;
  /**
   * origin_not_in's answer for this event (detect/predicates.ts): the set list it is for (a token
   * shared by rules listing the same sets; undefined: none yet) and the answer (0 no, 1 yes, 2 yes
   * without the visited network). Cleared by {@link reset}.
   */
  originSetsToken: object | undefined = undefined;
  originSetsAnswer = 0;
  /** With that answer: the visited network or partner whose declared GT ranges the origin is outside, though in its country (rt8 C3). */
  originSetsRanges: NetworkInfo | undefined = undefined;
  /** With that answer: the number's earlier IMSI whose location the origin is outside, when that decided it (state/prior-links.ts). */
  originSetsPrior: PriorOutside | undefined = undefined;
  /** origin_not_in was asked about this message and it has no origin to check (no GT, no registered PC, no realm or host). */
  noOrigin = false;

  constructor(
    readonly networks: Networks,
    readonly store: SubscriberStore,
    readonly profile: Profile,
    readonly attributor: Attributor,
    /** How the subscriber tables read an MSISDN's notation (international form). */
    readonly notation: MsisdnNotation,
  ) {}

  /** The message as an event, built on first use (custom rules, alerts): prefer {@link rec}. */
  get ev(): SignallingEvent {
    return this.rec.event();
  }

  reset(rec: MessageRecord): void {
    this.rec = rec;
    this.originC = UNSET;
    this.subC = UNSET;
    this.visitedC = UNSET;
    this.visitedInfoC = UNSET;
    this.homeC = UNSET;
    this.claimedC = UNSET;
    this.imsiKeyC = UNSET;
    this.msisdnKeyC = UNSET;
    this.homeO = undefined;
    this.partnerO = undefined;
    this.originSetsToken = undefined;
    this.noOrigin = false;
  }

  /** Before each rule: predicates of one rule must not explain another rule's alert. */
  beginRule(): void {
    this.lowConfidence = false;
    // Emptied by pop, not by `length = 0`: setting the length to 0 drops the array's backing store,
    // so the next push allocated a new one of 17 slots (~150 B per rule whose predicate held; a
    // micro loop of push + reset: 214 ns and 1,475 scavenges per 10 M against 22 ns and 2 by pop;
    // bench/results-notes.md, "flood11"). Setting `length` cost even when already 0 (~4 % of the SRI path).
    const r = this.reasons;
    while (r.length !== 0) r.pop();
    this.customExplanation = undefined;
  }

  /** The sending network: SCCP calling GT (else calling PC / MTP OPC via the registry); Diameter Origin-Realm (else Origin-Host). */
  origin(): Origin | undefined {
    if (this.originC === UNSET) {
      const o = this.resolveOrigin();
      this.originC = this.rec.dialoguePeer === undefined ? o : this.worseOfPeer(o, this.rec.dialoguePeer);
    }
    return this.originC;
  }

  /**
   * A Continue/End refused by the dialogue its DTID names (events/record.ts `dialoguePeer`): the
   * receiving stack answers that dialogue's other side whatever the calling GT says (Q.774
   * §3.2.1.2), so the message is judged by the worse of the two: the other side's GT when the
   * calling address is home or a partner and that GT is neither (red-team round 15 H8: an ATI in
   * a Continue of a dialogue opened from China, its calling GT spoofed home, raised nothing).
   * A point-code key (`p<pc>/<ssn>`, a side addressed on PC + SSN): that point code when the registry
   * places it outside the home and partners, as resolveOrigin reads a calling PC (rt15 H8's other
   * half: the same hijack between point-code-addressed peers); an unplaced one does not decide.
   */
  private worseOfPeer(o: Origin | undefined, peer: string): Origin | undefined {
    const c = peer.charCodeAt(0);
    const pcKey = c === 0x70; // 'p'
    if (!pcKey && (c < 0x30 || c > 0x39)) return o;
    if (o !== undefined && !this.networks.isHome(o) && !this.networks.isPartner(o)) return o;
    const p = this.peerObj;
    if (pcKey) {
      const slash = peer.indexOf('/');
      const pc = slash > 1 ? Number(peer.slice(1, slash)) : Number.NaN;
      const info = Number.isInteger(pc) ? this.attributor.pointCode(pc) : undefined;
      if (info === undefined || !this.pcOutside(pc, info)) return o;
      p.gt = undefined;
      p.pc = pc;
      p.info = info;
      return p;
    }
    p.gt = peer;
    p.pc = undefined;
    p.info = this.attributor.gt(peer);
    return this.networks.isHome(p) || this.networks.isPartner(p) ? o : p;
  }

  /**
   * The subscriber's record, looked up by the message's identity keys (core/identity-key.ts):
   * a deferred record (events/record.ts) gives them without making the strings. The store holds
   * its locations and claims (state/subscribers.ts): the record's `history`, `visited` and `claims`
   * are placeholders, so read them with {@link visited}, {@link lastTrusted} or
   * `this.store.history(rec)`.
   */
  subscriber(): SubscriberRecord | undefined {
    if (this.subC === UNSET) {
      const r = this.rec;
      const slot = this.store.findSlot(r.imsiKey(), this.msisdnKey());
      this.slotC = slot;
      this.subC = slot < 0 ? undefined : this.store.recordAt(slot);
    }
    return this.subC;
  }

  /**
   * The store slot of {@link subscriber} when it was already looked up for this message, else −1
   * (no lookup is made here: a lookup may expire a stale record, and the store's state must not
   * depend on who asked). A hint for the correlator and the report collector, which index their
   * own per-subscriber slots by it and check their own key before using one
   * (state/subscribers.ts `findSlot`): a slot may belong to another subscriber by then, or the
   * record found by the MSISDN may not be the one the correlation key names.
   */
  resolvedSlot(): number {
    return this.subC === UNSET ? -1 : this.slotC;
  }

  /** The subscriber's visited location (made from the store's pool once per message: rules run before learn). */
  visited(): Location | undefined {
    if (this.visitedC === UNSET) {
      const rec = this.subscriber();
      this.visitedC = rec === undefined ? undefined : this.store.visited(rec);
    }
    return this.visitedC;
  }

  /**
   * The visited location's network, the one {@link visited} would give, without making the
   * location (store.visitedInfo reads one pool column instead of the ~10 a Location is made from):
   * what the rules' conditions and correlation read. measured: bench/results-notes.md, "slotshare".
   */
  visitedInfo(): NetworkInfo | undefined {
    if (this.visitedInfoC === UNSET) {
      if (this.visitedC !== UNSET) this.visitedInfoC = this.visitedC?.info;
      else {
        const rec = this.subscriber();
        // As store.visited(): nothing once the record's `visited` was cleared.
        this.visitedInfoC = rec === undefined || rec.visited === undefined ? undefined : this.store.visitedInfo(rec);
      }
    }
    return this.visitedInfoC;
  }

  /** Last trusted location: the visited one, else the newest of the history (survives a purge). */
  lastTrusted(): Location | undefined {
    const rec = this.subscriber();
    if (rec === undefined) return undefined;
    return this.visited() ?? this.store.history(rec).at(-1);
  }

  subscriberHome(): NetworkInfo | undefined {
    if (this.homeC === UNSET) {
      const rec = this.subscriber();
      if (rec?.home !== undefined) this.homeC = rec.home;
      else {
        // From the keys: the texts of a deferred record are not made (a scan's subscriber without a
        // record asks here on every message).
        const i = this.imsiKey();
        const m = this.msisdnKey();
        this.homeC = this.networks.homeOf(i === undefined ? undefined : imsiText(i), m !== undefined ? msisdnText(m) : rec?.msisdn);
      }
    }
    return this.homeC;
  }

  /**
   * The IMSI: the message's (for Diameter the User-Name only when it has an IMSI's shape, TS 23.003
   * §2.2: diameter/decoder.ts imsiFromUserName), else its subscriber record's (by the MSISDN). As
   * text: for alerts and thresholds, which build the event anyway (the record's strings are made
   * then); rules and state use {@link imsiKey}.
   */
  imsi(): string | undefined {
    return this.rec.imsi ?? this.subscriber()?.imsi;
  }

  /** The key (core/identity-key.ts) of {@link imsi}, without its text (cached per event). */
  imsiKey(): IdentityKey | undefined {
    if (this.imsiKeyC === UNSET) {
      let k = this.rec.imsiKey();
      // The subscriber's (found by the MSISDN) as the store keys it, not from its text: measured
      // (bench/results-notes.md, "scanhot"), `imsiKeyOf` of the record's IMSI re-read its digits on
      // every SRI / SRI-for-SM invoke (~100 instructions per routine message).
      if (k === undefined && this.subscriber() !== undefined) k = this.store.imsiKeyAtSlot(this.slotC);
      this.imsiKeyC = k;
    }
    return this.imsiKeyC;
  }

  /**
   * Red-team round 17 J4: a request naming an IMSI and, beside it, a number the state links to no such IMSI (the IMSI's
   * record holds another number: a PSL / PLR from a GMLC naming the victim's IMSI and a number the sender picked). The
   * number the state links to the message's own IMSI (its record found by the IMSI), when it differs from the
   * message's own MSISDN; undefined otherwise (no record, no number linked, the same number, an IMSI not the
   * message's own, an answer: the HLR's / HSS's word on the link is learned, not doubted here). Read for alerts only.
   */
  linkedNumber(): string | undefined {
    const r = this.rec;
    if (r.imsiSource !== 'message' || (r.protocol === 'diameter' ? !r.request : r.componentType !== 'invoke')) return undefined;
    const m = this.msisdnKey();
    const i = r.imsiKey();
    const rec = m === undefined || i === undefined ? undefined : this.subscriber();
    if (rec === undefined || this.store.imsiKeyAtSlot(this.slotC) !== i) return undefined;
    const linked = this.store.msisdnKeyAtSlot(this.slotC);
    return linked === undefined || linked === m ? undefined : rec.msisdn;
  }

  /** The key of the subscriber record's MSISDN (found by the message's identities), undefined without one. */
  recordMsisdnKey(): IdentityKey | undefined {
    const m = this.subscriber()?.msisdn;
    return m === undefined ? undefined : msisdnKeyOf(m);
  }

  /** Where an UpdateLocation / ULR says the subscriber now is. */
  claimed(): Claimed | undefined {
    if (this.claimedC === UNSET) this.claimedC = this.resolveClaimed();
    return this.claimedC;
  }

  /** Correlation key of the subscriber: IMSI (also via the MSISDN link), else `tel:` + MSISDN, as keys (core/identity-key.ts). */
  subscriberKey(): IdentityKey | undefined {
    const imsi = this.imsiKey();
    if (imsi !== undefined) return imsi;
    const msisdn = this.msisdnKey();
    return msisdn === undefined ? undefined : telKey(msisdn);
  }

  /** The key of the message's MSISDN in its international form (msisdn-notation.ts; cached per event). */
  msisdnKey(): IdentityKey | undefined {
    if (this.msisdnKeyC === UNSET) this.msisdnKeyC = this.notation.key(this.rec.msisdnKey(), this.rec.msisdnOctet);
    return this.msisdnKeyC;
  }

  /** The origin is in the profile's home network (cached per event). */
  originIsHome(o: Origin): boolean {
    if (this.homeO === undefined) this.homeO = this.networks.isHome(o);
    return this.homeO;
  }

  /** The origin is a declared partner (cached per event). */
  originIsPartner(o: Origin): boolean {
    if (this.partnerO === undefined) this.partnerO = this.networks.isPartner(o);
    return this.partnerO;
  }

  // One Origin object reused for every event: allocating it per event cost ~9% of the SRI path.
  private readonly originObj: Origin = {
    info: { source: 'unknown' },
    gt: undefined,
    pc: undefined,
    host: undefined,
    realm: undefined,
    hostOutsideRealm: undefined,
    firstRelay: undefined,
  };
  /** The realms the profile declares, lower case (built on first use by {@link claimedPeer}). */
  private declaredRealms: string[] | undefined = undefined;
  private declaredRelays: boolean | undefined = undefined;
  /** A refused Continue/End's dialogue peer ({@link worseOfPeer}). */
  private readonly peerObj: Origin = { info: { source: 'unknown' }, gt: undefined, pc: undefined, host: undefined, realm: undefined };
  /** The Origin-Host alone, for {@link hostOrigin}'s membership tests. */
  private readonly hostObj: Origin = { info: { source: 'unknown' }, gt: undefined, pc: undefined, host: undefined, realm: undefined };

  private resolveOrigin(): Origin | undefined {
    const r = this.rec;
    const a = this.attributor;
    const o = this.originObj;
    o.gt = o.pc = o.host = o.realm = o.hostOutsideRealm = o.firstRelay = o.gtPlan = undefined;
    if (r.protocol === 'diameter') {
      // An empty Origin-Host / Origin-Realm names nothing: as absent (no origin to check).
      const host = r.originHost === '' ? undefined : r.originHost;
      o.host = host;
      if (r.originRealm !== undefined && r.originRealm.length > 0) {
        o.realm = r.originRealm;
        o.info = a.realm(r.originRealm);
        if (host !== undefined && !hostInRealm(host, r.originRealm)) this.hostOrigin(o, host);
        if (r.routeRecord.length > 0) this.relayOrigin(o, r.routeRecord);
        return o;
      }
      if (host === undefined) return undefined;
      o.info = a.host(host);
      if (r.routeRecord.length > 0) this.relayOrigin(o, r.routeRecord);
      return o;
    }
    const calling = r.sccp.calling;
    if (calling.ri === 'ssn' && calling.pc !== undefined && (r.mtp === undefined || r.mtp.ni === NI_INTERNATIONAL)) {
      // Routed on point code and SSN (Q.713 §3.4.1 routing indicator 1): the reply goes to the
      // address's point code (Q.714 §2.2.2), whatever GT it also carries. When the registry places
      // that point code outside the home and partners, it is the origin (red-team rt8 S10: a spoofed
      // home GT beside a Chinese carrier's PC hid an ATI). Not the MTP OPC (the last hop), not a
      // national point code (the registry's are international: Q.704 §14.2 network indicator), and
      // never one of home or a partner, which would hide a foreign GT (review of the first version).
      const info = a.pointCode(calling.pc);
      if (info !== undefined && this.pcOutside(calling.pc, info)) {
        o.pc = calling.pc;
        o.info = info;
        return o;
      }
    }
    const hostname = calling.ri === 'ssn' ? calling.hostname : undefined;
    const hostInfo = hostname === undefined ? undefined : a.host(hostname);
    // SUA routed on the hostname (RFC 3868 §3.10.2 routing indicator 3): the reply goes to that host.
    // Under 2 (SSN + PC) or 4 (SSN + IP address) a hostname beside them is no routing target (final
    // read 14-A #5: it was read as 3, so a home node's stray name made its message "outside").
    const routedOnHost = hostname !== undefined && calling.suaRi === SUA_RI_HOST;
    if (hostname !== undefined) {
      // The reply goes to that host whatever GT the address also carries, so, as a point code above,
      // a hostname the attributor places (a 3GPP node name, a declared realm) outside the home and
      // partners is the origin; under another routing indicator too: a node does not write another
      // network's node name into its own address (a placed name, never an unplaced one, decides).
      const info = hostInfo!;
      if (known(info) && this.pcOutside(undefined, info)) {
        o.host = hostname;
        o.info = info;
        return o;
      }
    }
    if (calling.gt !== undefined && calling.gt.length > 0) {
      // Nature of address 3, national significant number (Q.713 §3.4.2.3.1): read in the home
      // country's numbering when that names a GT the profile declares (Networks.declaresGt), else
      // attributed as the digits stand, as for any GT.
      const np = calling.np;
      if (np !== undefined && ((E164_READ_PLANS >>> np) & 1) === 0) {
        // rt19 M8: not E.164 digits (Q.713 §3.4.2.3.3). E.212 (land mobile) is MCC + MNC + MSIN
        // (E.212 §2.1; TS 23.003 §2.2): placed by its MCC + MNC, as an IMSI. Another plan's digits
        // (X.121 data, telex, maritime, private, spare) name no network here: present, unattributed,
        // outside, the plan said in the alert — they were read as E.164 (MCC 460 as +46 Sweden).
        o.gt = calling.gt;
        o.gtPlan = np;
        const i = np === NP_E212 ? a.imsi(calling.gt) : UNATTRIBUTED;
        o.info = i.source === 'unknown' ? UNATTRIBUTED : i;
      } else {
        const cc = calling.nai === NAI_NATIONAL ? this.networks.homeCallingCode : undefined;
        o.gt = cc !== undefined && this.networks.declaresGt(cc + calling.gt) ? cc + calling.gt : calling.gt;
        o.info = a.gt(o.gt);
      }
      // A calling GT of home or of another network of the home's country handed over by a foreign
      // carrier's international signalling point (the MTP OPC, the last hop; Q.704 §14.2 network
      // indicator): national nodes do not enter home from abroad, so the GT is spoofed and the carrier
      // is the origin (rt11 R9: a CancelLocation with the home HLR's GT from China Carrier's point code
      // raised nothing; review 13-A #3: the same with a national network's GT, Networks.isHomeCountry).
      // Only the registry's point codes, never home's or a partner's. Any other calling GT keeps
      // deciding, a partner's too: other countries' traffic crosses international transit carriers
      // (SCCP hubbing), whose point codes a registry may list, and a partner's GT so spoofed gains
      // nothing the ported-out rule gives (its IMSI with a home MSISDN keeps the profile home: R2).
      const mtp = r.mtp;
      // Only a home-country GT can be so spoofed: tested first, before the point code's attribution.
      if (mtp !== undefined && mtp.ni === NI_INTERNATIONAL && this.networks.isHomeCountry(o)) {
        const via = a.pointCode(mtp.opc);
        if (via !== undefined && this.pcOutside(mtp.opc, via)) {
          o.pc = mtp.opc;
          o.info = via;
        }
      }
      // rt14 G2: a home(-country) GT beside a hostname the attributor places nowhere (any domain the
      // sender owns), the reply routed on that hostname (RI 3): the GT is the sender's word, the
      // host is where the answer goes, so the host is the origin, unattributed, outside — as an
      // unattributable Route-Record peer beside a home origin is (relayOrigin, rt12 F1). A host
      // under a realm the profile declares is placed (attributor) and leaves the GT to decide:
      // home's SUA nodes with corporate names are declared in `home.realms`, as for Diameter.
      if (routedOnHost && o.pc === undefined && !known(hostInfo!) && this.networks.isHomeCountry(o)) {
        o.gt = undefined;
        o.host = hostname;
        o.info = UNATTRIBUTED;
      }
      if (o.pc === undefined && o.host === undefined) this.undeclaredHomeRoute(o, calling, mtp);
      return o;
    }
    if (routedOnHost && calling.pc === undefined) {
      // SUA routed on the hostname (RFC 3868 §3.10.2 routing indicator 3) without a GT or point
      // code: that node is the origin, attributed as a Diameter host is (its realm; rt12 F6: no
      // origin, nothing checked). An IP address (routing indicator 4) names no network: neither the
      // registry nor a profile has IP ranges, so it decides nothing (review 12-C #4: a home node's
      // SUA traffic routed on SSN + IP raised high alerts as "outside"); the point code, if any,
      // decides below, else the message has no origin (counted, `stats.noOrigin`).
      o.host = hostname;
      o.info = a.host(hostname);
      return o;
    }
    const pc = calling.pc ?? r.mtp?.opc;
    if (calling.ri === 'gt' && calling.gti !== 0) {
      // Routed on a GT (Q.713 §3.4.1: routing indicator 0, a GT indicator) that cannot be read (a
      // spare GTI, no digits): present, attributed to nothing, so outside (red team rt7 S1), as an
      // unassigned E.164 code is; named by the point code it came from, not attributed by it.
      o.pc = pc;
      o.info = UNATTRIBUTED;
      return o;
    }
    const info = pc === undefined ? undefined : a.pointCode(pc);
    if (info === undefined) return undefined;
    o.pc = pc;
    o.info = info;
    return o;
  }

  /**
   * The origin is a foreign carrier's by the rt11 R9 test ({@link resolveOrigin}: a calling GT of
   * home or of another network of the home's country, Networks.isHomeCountry, handed over by a
   * registry international point code outside home and partners): the GT is spoofed, so the message
   * teaches the subscriber state nothing (detect/engine.ts; review 11-B #1, review 13-A #3).
   * Call after {@link reset}; {@link mayHandOver} first spares the origin's resolution.
   */
  spoofedHomeGt(): boolean {
    const o = this.origin();
    // Both only on that path: a PC-routed origin names no GT, a GT origin no PC otherwise.
    return o !== undefined && o.gt !== undefined && o.pc !== undefined;
  }

  /**
   * rt14 G2's limits, when the profile declares home's nodes: a home-country GT whose reply is routed
   * on (SCCP calling address on SSN + PC, Q.714 §2.2.2), or which is handed over by (MTP OPC, network
   * indicator international), an international point code that is neither home's (`home.point_codes`)
   * nor one the registry lists (those are judged above: rt8 S10, rt11 R9), or an SUA address routed
   * on an IP address (RFC 3868 §3.10.2 routing indicator 4) that is not one of home's SUA nodes
   * (`home.sua_addresses`): the GT is the sender's word, the reply goes elsewhere, so that point code
   * or address is the origin, unattributed: outside. The GT stays beside a point code, as after a
   * hand-over ({@link spoofedHomeGt}: the message teaches the state nothing). Undeclared: the GT decides.
   */
  private undeclaredHomeRoute(o: Origin, calling: SccpAddressView, mtp: MtpInfo | undefined): void {
    const n = this.networks;
    const pcs = n.homePointCodes;
    const ips = n.homeSuaAddresses;
    if (pcs === undefined && ips === undefined) return;
    if (!n.isHomeCountry(o)) return;
    const intl = mtp === undefined || mtp.ni === NI_INTERNATIONAL;
    if (pcs !== undefined && intl) {
      const routed = calling.ri === 'ssn' && (calling.suaRi === undefined || calling.suaRi === SUA_RI_PC) ? calling.pc : undefined;
      for (const pc of [routed, mtp?.opc]) {
        if (pc === undefined || pcs.has(pc) || this.attributor.pointCode(pc) !== undefined) continue;
        o.pc = pc;
        o.info = UNATTRIBUTED;
        return;
      }
    }
    if (ips !== undefined && calling.suaRi === SUA_RI_IP && calling.ip !== undefined && !ips.has(calling.ip)) {
      o.gt = undefined;
      o.host = calling.ip;
      o.info = UNATTRIBUTED;
    }
  }

  /** The node attributed `info` (the registry's point code `pc`, or a hostname) is neither home nor a partner. */
  private pcOutside(pc: number | undefined, info: NetworkInfo): boolean {
    const probe: Origin = { info, gt: undefined, pc, host: undefined, realm: undefined };
    return !this.networks.isHome(probe) && !this.networks.isPartner(probe);
  }

  /**
   * An Origin-Host outside its Origin-Realm (RFC 6733 §6.3: the host's FQDN; §6.4: the realm of
   * the originator): noted on the origin, and when the realm is home or a partner while the host
   * is attributed to another network or country, the origin is the host's — the one that is
   * outside, so a home realm written beside a foreign node hides nothing.
   */
  private hostOrigin(o: Origin, host: string): void {
    o.hostOutsideRealm = true;
    const n = this.networks;
    if (!n.homeKnown && !n.partnersKnown) return;
    if (!(this.originIsHome(o) || this.originIsPartner(o))) return;
    const h = this.hostObj;
    h.host = host;
    h.info = this.attributor.host(host);
    // Only a host attributed elsewhere overrules the realm: many operators name their nodes
    // outside the 3GPP realm (hss1.operator.example under epc.mnc…), and an unattributable
    // host under the home realm is such a node far more often than an attack (lead review).
    if (h.info.source === 'unknown' || sameNetwork(h.info, o.info) === true || n.isHome(h) || n.isPartner(h)) return;
    o.info = h.info;
    o.hostOutsideRealm = 'host';
    // The membership answers cached for the realm are not the host's.
    this.homeO = this.partnerO = undefined;
  }

  /**
   * Red-team rt11 R10: the first Route-Record names the peer the first relay or proxy received the
   * request from (RFC 6733 §6.1.8: each agent appends the peer it received it from, §6.7.1: as that
   * peer's Capabilities Exchange named it), normally the originating node itself, whatever
   * Origin-Realm / Origin-Host the request claims; the answer returns on the same hop-by-hop path
   * (§6.2), so a sender may claim any Origin-Realm and still read the answer. When the origin is
   * home or a partner but that sending peer is attributed to another network of another country —
   * neither the origin's, home, a partner, nor a network the profile registers as transit, IPX or
   * hub (`networks[].role`) — the request came from that network and the origin is its (as for a
   * foreign Origin-Host, {@link hostOrigin}): home traffic through the home's own DEAs and a
   * partner's through its own agents or a declared IPX stay theirs. A peer of the claimed network's
   * country (an operator's second PLMN, a national hub; review 11-C) changes nothing. A peer whose
   * name is attributable to nothing (a corporate FQDN, an IP literal, a bare ccTLD) makes a home
   * origin unattributed, outside (rt12 F1: the same name as Origin-Realm was outside, as a Route-Record
   * it was ignored), unless it is the claimed network's by name or inside a realm the profile declares
   * ({@link claimedPeer}). A partner's requests cross IPX agents (RFC 6733 §6.1.8 appends each), often
   * named in the carrier's own domain: such a peer makes a partner origin outside only once the profile
   * declares the relays it expects (a `networks` entry of role ipx, transit or hub with realms) — review
   * 12-B #3 (claiming a partner's realm instead of home's escaped) against review 13-B #1 (every honest
   * partner request through an undeclared IPX raised high alerts).
   * Every Route-Record kept is read, in order, not only the first: the sender writes the list it
   * sends, so one forged entry before the foreign agent's hid it (review 11-A).
   */
  private relayOrigin(o: Origin, routeRecord: readonly string[]): void {
    const n = this.networks;
    if (!n.homeKnown && !n.partnersKnown) return;
    const home = this.originIsHome(o);
    if (!(home || this.originIsPartner(o))) return;
    const h = this.hostObj;
    let unattributed: string | undefined;
    for (const relay of routeRecord) {
      h.host = relay;
      h.info = this.attributor.host(relay);
      if (h.info.source === 'unknown') {
        // The first such peer, unless an attributed one (which names a network) follows.
        if (unattributed === undefined && (home || this.relaysDeclared()) && !this.claimedPeer(relay, o)) unattributed = relay;
        continue;
      }
      if (TRANSIT_ROLES.has(h.info.role) || sameNetwork(h.info, o.info) === true || n.isHome(h) || n.isPartner(h)) continue;
      if (h.info.country !== undefined && h.info.country === o.info.country) continue;
      this.relayIs(o, relay, h.info);
      return;
    }
    if (unattributed !== undefined) this.relayIs(o, unattributed, UNATTRIBUTED);
  }

  private relayIs(o: Origin, relay: string, info: NetworkInfo): void {
    o.info = info;
    o.firstRelay = relay;
    this.homeO = this.partnerO = undefined;
  }

  /**
   * An unattributable Route-Record peer that is still the claimed network's by name: the
   * Origin-Host itself (the originating node, the usual first entry; its name was weighed by
   * {@link hostOrigin}), a host inside the Origin-Realm, or inside a realm the profile declares
   * (home, partners, `networks`: where operators list their agents' non-3GPP names, as for
   * `diameter-realm-not-plmn`).
   */
  private claimedPeer(relay: string, o: Origin): boolean {
    const r = relay.toLowerCase().replace(/\.$/, '');
    if (o.host !== undefined && r === o.host.toLowerCase().replace(/\.$/, '')) return true;
    if (o.realm !== undefined && underRealm(r, o.realm.toLowerCase().replace(/\.$/, ''))) return true;
    if (this.declaredRealms === undefined) {
      const p = this.profile;
      this.declaredRealms = [...p.home.realms, ...p.partners.flatMap((x) => x.realms), ...p.networks.flatMap((x) => x.realms)].map((x) => x.toLowerCase());
    }
    for (const d of this.declaredRealms) if (underRealm(r, d)) return true;
    return false;
  }

  /** The profile names the relays partners' requests cross: a `networks` entry of role ipx, transit or hub with realms. */
  private relaysDeclared(): boolean {
    this.declaredRelays ??= this.profile.networks.some((x) => TRANSIT_ROLES.has(x.role) && x.realms.length > 0);
    return this.declaredRelays;
  }

  private resolveClaimed(): Claimed | undefined {
    const r = this.rec;
    if (r.protocol === 'diameter') {
      const plmn = r.args?.visitedPlmn;
      if (typeof plmn === 'string') return { info: this.attributor.plmn(plmn), field: 'args.visitedPlmn', value: plmn };
      const realm = r.originRealm;
      return realm === undefined ? undefined : { info: this.attributor.realm(realm), field: 'diameter.originRealm', value: realm };
    }
    // One key at a time: the message's other deferred AddressStrings (its IMSI) stay octets (record.ts `arg`).
    for (const f of CLAIM_FIELDS) {
      const v = r.arg(f);
      if (typeof v === 'string' && v.length > 0) return { info: this.attributor.gt(v), field: `args.${f}`, value: v };
    }
    return undefined;
  }
}

/**
 * The Origin-Host's domain is the Origin-Realm (RFC 6733 §6.3, §6.4): the host ends with `.realm`
 * (or is the realm), case and a trailing dot aside. A host without a dot names no domain: not checked.
 */
export function hostInRealm(host: string, realm: string): boolean {
  // As written (the usual case): no lower-cased copies.
  if (host.endsWith(realm) && (host.length === realm.length || host.charCodeAt(host.length - realm.length - 1) === 46)) return true;
  const h = host.toLowerCase().replace(/\.$/, '');
  const r = realm.toLowerCase().replace(/\.$/, '');
  return !h.includes('.') || h === r || (h.endsWith(r) && h.charCodeAt(h.length - r.length - 1) === 46);
}

/** `host` (lower case, no trailing dot) is `realm` or a name inside it. */
function underRealm(host: string, realm: string): boolean {
  return realm.length > 0 && host.endsWith(realm) && (host.length === realm.length || host.charCodeAt(host.length - realm.length - 1) === 46);
}

/** Registry roles of networks that carry other operators' traffic (profile `networks[].role`, ARCHITECTURE.md §5). */
const TRANSIT_ROLES: ReadonlySet<NetworkRole | undefined> = new Set<NetworkRole>(['transit', 'ipx', 'hub']);

/** SCCP nature of address indicator "national significant number" (Q.713 §3.4.2.3.1). */
const NAI_NATIONAL = 3;
/** SCCP GT numbering plan 6, E.212 land mobile (ITU-T Q.713 §3.4.2.3.3). */
const NP_E212 = 6;
/**
 * Numbering plans whose GT digits are read as E.164 (Q.713 §3.4.2.3.3): 0 unknown, 1 E.164, 2
 * generic (national GTT use, in practice E.164 digits), 7 E.214 (ITU-T E.214: E.164 country code +
 * network code, then the MSIN: the E.164 part leads, so the country reads as for E.164). A bit per plan.
 */
const E164_READ_PLANS = (1 << 0) | (1 << 1) | (1 << 2) | (1 << 7);
/** MTP routing label network indicator "international network" (Q.704 §14.2.1: 00). */
const NI_INTERNATIONAL = 0;
/** SUA routing indicators (RFC 3868 §3.10.2): route on SSN + PC, on hostname, on SSN + IP address. */
const SUA_RI_PC = 2;
const SUA_RI_HOST = 3;
const SUA_RI_IP = 4;

/**
 * Whether {@link MatchContext.spoofedHomeGt} can hold for `r`: a MAP message over an international
 * MTP label whose OPC the registry knows (the R9 test's first conditions; no origin resolved).
 */
export function mayHandOver(r: MessageRecord, a: Attributor): boolean {
  const mtp = r.protocol === 'map' ? r.mtp : undefined;
  return mtp !== undefined && mtp.ni === NI_INTERNATIONAL && a.pointCode(mtp.opc) !== undefined;
}

/** The node a MAP UL / UGL names: VLR first (TS 29.002 §8.1.2 vlr-Number is mandatory), then MSC, SGSN. */
const CLAIM_FIELDS = ['vlrNumber', 'mscNumber', 'sgsnNumber'] as const;
