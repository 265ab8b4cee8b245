/**
 * The profile's network sets (home, partners, watch list) over an attributor: "is this origin
 * home?", "a partner?", "what is this subscriber's home?". Networks are compared with
 * `sameNetwork` (finest level both sides resolve to); the profile's own prefixes and realms are
 * checked first, so a home node is home even when the attributor in use does not know the profile.
 */
import type { Attributor, NetworkEntry, NetworkInfo } from '../attribution/types.js';
import { sameNetwork } from '../attribution/same-network.js';
import { lookupE164 } from '../attribution/e164.js';
import type { NetworkSet, Profile } from './profile.js';
import { MAP_OP } from '../ss7/map/operations.js';

/**
 * MAP operations that only the subscriber's home network sends, by opcode (TS 29.002 §17.5): from its
 * HLR to the serving VLR/MSC/SGSN — CancelLocation (§8.1), InsertSubscriberData, DeleteSubscriberData
 * (§8.8), ProvideSubscriberInfo (§8.11), ProvideRoamingNumber (§10.2), ActivateTraceMode (§17.6.2),
 * IST-Command (§17.6.3), UnstructuredSS-Request / -Notify (§11.9, §11.10: HLR or the home gsmSCF);
 * from its gsmSCF, which is in the HPLMN (TS 23.078), to the HLR — AnyTimeInterrogation,
 * AnyTimeSubscriptionInterrogation, AnyTimeModification (§8.11); and ProvideSubscriberLocation
 * (§13A.2), sent by the GMLC that asked the home HLR for the routing (SendRoutingInfoForLCS, home
 * only) or by the visited network's. For these, a GT of the home's country outside the home's
 * declared GT prefixes is not home (rt19 M4); SendRoutingInfo, SRI-for-SM and the rest keep the
 * country match (another domestic network's GMSC and SMSC send them routinely: number portability,
 * indirect routing; review 19 #6b).
 */
export const HOME_OWN_OPS: ReadonlySet<number> = new Set(
  (
    [
      'cancelLocation',
      'insertSubscriberData',
      'deleteSubscriberData',
      'provideSubscriberInfo',
      'provideRoamingNumber',
      'activateTraceMode',
      'ist-Command',
      'unstructuredSS-Request',
      'unstructuredSS-Notify',
      'anyTimeInterrogation',
      'anyTimeSubscriptionInterrogation',
      'anyTimeModification',
      'provideSubscriberLocation',
    ] as const
  ).map((n) => MAP_OP[n]),
);

/**
 * Where a message comes from: the attributed network plus the identifier that decided it.
 * The context reuses one object per detector (valid until the next event).
 */
export interface Origin {
  info: NetworkInfo;
  /** SCCP calling GT (MAP). */
  gt: string | undefined;
  /**
   * The calling GT's numbering plan (Q.713 §3.4.2.3.3) when the digits are not read as E.164 (rt19
   * M8): 6 (E.212, attributed by MCC + MNC) or a plan whose digits are placed nowhere. Undefined for
   * E.164 (1), E.214 (7: E.164 country code + network code first), generic (2), unknown (0) and none.
   */
  gtPlan?: number | undefined;
  /** SCCP calling point code or MTP OPC when there is no GT. */
  pc: number | undefined;
  /** Diameter Origin-Host / Origin-Realm. */
  host: string | undefined;
  realm: string | undefined;
  /**
   * Diameter: the Origin-Host's domain is not the Origin-Realm (RFC 6733 §6.3, §6.4) — `true`,
   * or `'host'` when the origin is attributed by the host because the realm is home or a partner
   * and the host is not (detect/context.ts resolveOrigin). Undefined otherwise.
   */
  hostOutsideRealm?: true | 'host' | undefined;
  /**
   * Diameter: the Route-Record (a peer an agent received the request from, RFC 6733 §6.1.8) the
   * origin is attributed by: the Origin-Realm (or host) is home or a partner, the peer another
   * country's network (detect/context.ts relayOrigin). Undefined otherwise.
   */
  firstRelay?: string | undefined;
}

interface Set_ {
  set: NetworkSet;
  info: NetworkInfo | undefined;
}

export class Networks {
  readonly homeInfo: NetworkInfo | undefined;
  /** The home's E.164 country code (from its first GT, else MSISDN prefix): how a national-format GT is read. */
  readonly homeCallingCode: string | undefined;
  private readonly home: Set_;
  private readonly partners: Set_[];
  private readonly watch: ReadonlySet<string>;
  /** `home.point_codes` / `home.sua_addresses` when the profile declares them (context.ts resolveOrigin, rt14 G2). */
  readonly homePointCodes: ReadonlySet<number> | undefined;
  readonly homeSuaAddresses: ReadonlySet<string> | undefined;
  /** GT prefixes declared by each partner and registry network of the profile, by name (rt8 C3). */
  private readonly declaredGts = new Map<string, readonly string[]>();
  /** The declared GT prefixes of each profile partner and registry network that has a PLMN, by PLMN (rt20 N2). */
  private readonly gtsByPlmn = new Map<string, readonly string[]>();
  /**
   * Profile partners that declare no GT prefixes (by name): a GT placed by its E.164 country alone
   * is not one of them, whatever its country (rt19 M6: a partner declared by `plmn` + `realms` is
   * one operator, not its country).
   */
  private readonly noGts = new Set<string>();
  /**
   * Home declares GT prefixes (a profile, not an inferred home): for the operations only the home
   * network sends, a GT of its country outside them is another network ({@link homeRangesMissed}, rt19 M4).
   */
  private readonly homeRanges: boolean;

  /**
   * @param profileInAttributor the attributor was built with {@link profileEntries}: home and
   *   partner prefixes/realms already resolve to their networks, so the per-event prefix scans
   *   are skipped (they were the largest cost of origin_not_in in the SRI benchmark).
   */
  constructor(
    readonly profile: Profile,
    readonly attributor: Attributor,
    private readonly profileInAttributor = false,
  ) {
    this.home = { set: profile.home, info: setInfo(profile.home, attributor) };
    this.homeInfo = this.home.info;
    const n = profile.home.gtPrefixes[0] ?? profile.home.msisdnPrefixes[0];
    this.homeCallingCode = n === undefined ? undefined : lookupE164(n)?.callingCode;
    const h = profile.home;
    this.homePointCodes = h.pointCodes === undefined ? undefined : new Set(h.pointCodes);
    this.homeSuaAddresses = h.suaAddresses === undefined ? undefined : new Set(h.suaAddresses);
    this.partners = profile.partners.map((p) => ({ set: p, info: setInfo(p, attributor) }));
    this.homeRanges = !h.inferred && h.gtPrefixes.length > 0;
    for (const n of [...profile.networks, ...profile.partners]) if (n.gtPrefixes.length > 0) this.declaredGts.set(n.name, n.gtPrefixes);
    for (const p of profile.partners) if (p.gtPrefixes.length === 0 && !this.declaredGts.has(p.name)) this.noGts.add(p.name);
    for (const p of this.partners) if (p.set.gtPrefixes.length > 0 && p.info?.plmn !== undefined) this.gtsByPlmn.set(p.info.plmn, p.set.gtPrefixes);
    for (const n of profile.networks)
      if (n.gtPrefixes.length > 0 && n.plmn !== undefined && !this.gtsByPlmn.has(n.plmn)) this.gtsByPlmn.set(n.plmn, n.gtPrefixes);
    // Exact names (as the registry spells them) so the per-event check needs no toLowerCase().
    const wanted = new Set(profile.watch.carriers.map((c) => c.toLowerCase()));
    const names = [...profile.watch.carriers, ...profile.networks.map((n) => n.name)];
    this.watch = new Set(names.filter((n) => wanted.has(n.toLowerCase())));
  }

  get homeKnown(): boolean {
    return this.home.info !== undefined;
  }

  get partnersKnown(): boolean {
    return this.partners.length > 0;
  }

  isHome(o: Origin): boolean {
    return inSet(this.home, o, !this.profileInAttributor);
  }

  /**
   * Red-team rt19 M4: the home, when `o` is a GT placed by its E.164 country alone, of the home's
   * country, outside the GT prefixes the profile declares for home (an inferred home declares none), or an E.212
   * GT (numbering plan 6) the home's PLMN places (review 20 #6).
   * {@link isHome} still matches it by the country: another domestic network's GMSC sends an SRI for
   * every call to a home number (number portability, indirect routing; review 19 #6b). Only the
   * rules' check of the operations the home network alone sends asks this ({@link HOME_OWN_OPS}). Undefined otherwise.
   */
  homeRangesMissed(o: Origin): NetworkInfo | undefined {
    const h = this.home.info;
    if (!this.homeRanges || h === undefined || o.gt === undefined) return undefined;
    // Review 20 #6: an E.212 GT (NP 6) of the home PLMN is no home node's address either. Home nodes are identified by
    // E.164 numbers (TS 23.003 §5.1: "HLR number", "VLR number", "MSC number"; an E.214 MGT, derived from an IMSI, only
    // addresses the HLR); an IMSI-form GT routes to the home PLMN (answers go to the home, not to the sender), so for
    // the home's own operations it is no better than a spoofed home GT.
    if (o.gtPlan === NP_E212) return this.isHome(o) ? h : undefined;
    if (o.info.source !== 'e164' || o.info.country !== h.country) return undefined;
    return startsWithAny(o.gt, this.profile.home.gtPrefixes) ? undefined : h;
  }

  /**
   * `o` is home, or attributed to the home's country (any of its networks, declared or not): the
   * GTs whose hand-over by a foreign carrier's international point code marks them spoofed
   * (context.ts resolveOrigin, rt11 R9). A national network reaches home over national
   * interconnection, not through another country's international signalling point, as home's own
   * nodes do not (review 13-A #3: an End "from" Other US Carrier's GT via China's point code named
   * that network's IMSI for a home MSISDN, made it the subscriber's home by the ported-out rule
   * ({@link homeOf}), and was learned).
   */
  isHomeCountry(o: Origin): boolean {
    if (this.isHome(o)) return true;
    const c = this.home.info?.country;
    return c !== undefined && o.info.country === c;
  }

  isPartner(o: Origin): boolean {
    for (const p of this.partners) if (inSet(p, o, !this.profileInAttributor, true)) return true;
    return false;
  }

  /**
   * Red-team rt8 C3: the origin GT is attributed by its E.164 country alone (it matched no declared
   * prefix) to the country of `n`, a partner or registry network of the profile that declares its
   * GT prefixes, and starts with none of them: the same country, outside the ranges that network
   * declares. sameNetwork compares at the finest level both sides resolve to, the country here, and
   * calls it the same network; it is another operator of that country (or a range the profile lacks).
   */
  outsideDeclaredRanges(o: Origin, n: NetworkInfo): boolean {
    if (o.gtPlan === NP_E212) return plmnAgainstCountry(o, n);
    if (o.info.source !== 'e164' || o.gt === undefined || n.network === undefined || n.country !== o.info.country) return false;
    const prefixes = this.declaredGts.get(n.network);
    return prefixes !== undefined ? !startsWithAny(o.gt, prefixes) : this.noGts.has(n.network);
  }

  /**
   * Red-team rt20 N2: `o` matched `h`, the subscriber's own home network (a PLMN, not the profile's home: an
   * inbound roamer's), only at the level of its country, and is not taken as that network: a GT placed by its
   * E.164 country alone is any operator of the country (another one, an aggregator, a leased GT), not the
   * subscriber's home PLMN, unless it starts with a GT prefix the profile declares for that PLMN (a partner or
   * registry network with that `plmn`: its ranges decide, as for `partners`); an E.212 GT of another PLMN, or
   * compared with a home known only by its country ({@link outsideDeclaredRanges}). A home known only by its
   * country (from an MSISDN) has nothing finer to compare: the country decides, as before.
   */
  subscriberHomeMissed(o: Origin, h: NetworkInfo): boolean {
    if (this.outsideDeclaredRanges(o, h)) return true;
    if (o.info.source !== 'e164' || o.gt === undefined || o.info.plmn !== undefined || h.plmn === undefined || h.country !== o.info.country) return false;
    const prefixes = this.gtsByPlmn.get(h.plmn) ?? (h.network === undefined ? undefined : this.declaredGts.get(h.network));
    return prefixes === undefined || !startsWithAny(o.gt, prefixes);
  }

  /** `n` is a partner or a registry network of the profile that declares GT prefixes (rt8 C3). */
  declaresGts(n: NetworkInfo): boolean {
    return n.network !== undefined && this.declaredGts.has(n.network);
  }

  /** The declared partner of `o`'s country whose declared GT ranges `o` is outside ({@link outsideDeclaredRanges}), if any. */
  partnerRangesMissed(o: Origin): NetworkInfo | undefined {
    for (const p of this.partners) if (p.info !== undefined && this.outsideDeclaredRanges(o, p.info)) return p.info;
    return undefined;
  }

  /**
   * True when the GT `digits` (international form) starts with a GT prefix the profile declares:
   * home, a partner or a registry network. Only then is a national-format calling GT read in the
   * home numbering (context.ts): the national digits are the sender's to choose, and read as home
   * country numbers they attributed to the home country and hid the origin (review of fixdetect:
   * a Chinese GT marked national became "+1 86…", US, home; 6 alerts → 0).
   */
  declaresGt(digits: string): boolean {
    const p = this.profile;
    if (startsWithAny(digits, p.home.gtPrefixes)) return true;
    for (const x of p.partners) if (startsWithAny(digits, x.gtPrefixes)) return true;
    for (const n of p.networks) if (startsWithAny(digits, n.gtPrefixes)) return true;
    return false;
  }

  /** True when `name` (a registry network name) is on the profile's watch list. */
  isWatched(name: string | undefined): boolean {
    return name !== undefined && this.watch.has(name);
  }

  get watching(): boolean {
    return this.watch.size > 0;
  }

  /**
   * The subscriber's home network: profile home when the IMSI matches it; when the MSISDN matches
   * it, profile home too (TS 23.003 §3.3: the MSISDN's CC + NDC name the home PLMN — red-team round
   * 11 R2: a foreign IMSI linked to a home MSISDN made the foreign network its home), unless the
   * IMSI names another network of the home's own country: that number was ported out (TS 23.066
   * §3.1: the number range holder network only routes to the number; the subscription network,
   * whose HLR holds the subscriber and whose IMSI it carries, serves it — review 11-B #4: the
   * CancelLocation of a ported-out national roamer's own HLR raised cat2-not-home). Numbers port
   * only inside a portability domain (TS 23.066 §3.1; in practice one country), so an IMSI of
   * another country with a home MSISDN is no porting and keeps the home (R2). Otherwise the IMSI
   * PLMN, else the MSISDN country.
   */
  homeOf(imsi: string | undefined, msisdn: string | undefined): NetworkInfo | undefined {
    const h = this.profile.home;
    const home = this.home.info;
    if (home !== undefined) {
      if (imsi !== undefined && startsWithAny(imsi, h.imsiPrefixes)) return home;
      if (msisdn !== undefined && startsWithAny(msisdn, h.msisdnPrefixes)) {
        const i = imsi === undefined ? undefined : this.attributor.imsi(imsi);
        return i !== undefined && i.source !== 'unknown' && home.country !== undefined && i.country === home.country ? i : home;
      }
    }
    if (imsi !== undefined) {
      const i = this.attributor.imsi(imsi);
      if (i.source !== 'unknown') return i;
    }
    if (msisdn !== undefined) {
      const m = this.attributor.msisdn(msisdn);
      if (m.source !== 'unknown') return m;
    }
    return undefined;
  }
}

/**
 * Registry entries for the profile's home and partners, for an attributor built from the profile.
 * Country and PLMN come from `base` (an attributor without the profile) when the profile omits
 * them: a home known only by GT prefixes still resolves to its country, so it can be compared
 * with an IMSI's PLMN.
 */
export function profileEntries(profile: Profile, base: Attributor): NetworkEntry[] {
  const sets: NetworkSet[] = [profile.home, ...profile.partners];
  return sets
    .filter((s) => s.gtPrefixes.length > 0 || s.realms.length > 0 || s.plmn !== undefined)
    .map((s) => {
      const e: NetworkEntry = { name: s.name, role: 'mno', gtPrefixes: s.gtPrefixes, realms: s.realms, pointCodes: [], source: 'profile' };
      const info = setInfo(s, base);
      if (info?.country !== undefined) e.country = info.country;
      if (info?.plmn !== undefined) e.plmn = info.plmn;
      return e;
    });
}

export function known(i: NetworkInfo): boolean {
  return i.source !== 'unknown' && (i.country !== undefined || i.plmn !== undefined || i.network !== undefined);
}

/**
 * `ranges` (partners, rt8 C3 and rt19 M6): a GT attributed
 * by its E.164 country alone is not in a set that declares GT prefixes it does not start with, or
 * that declares none, though the country is the set's.
 */
function inSet(s: Set_, o: Origin, scanPrefixes: boolean, ranges = false): boolean {
  if (s.info !== undefined && sameNetwork(o.info, s.info) === true && !(ranges && outsidePrefixes(s, o))) return true;
  if (!scanPrefixes) return false;
  if (o.gt !== undefined && startsWithAny(o.gt, s.set.gtPrefixes)) return true;
  return o.realm !== undefined && s.set.realms.length > 0 && s.set.realms.includes(o.realm.toLowerCase());
}

/** What a profile network set resolves to: PLMN (from `plmn` or an IMSI prefix), else a GT's / realm's network. */
function setInfo(s: NetworkSet, attr: Attributor): NetworkInfo | undefined {
  let base: NetworkInfo | undefined;
  const plmn = s.plmn ?? s.imsiPrefixes.find((p) => p.length >= 5);
  if (plmn !== undefined) base = plmn.length <= 6 && s.plmn !== undefined ? attr.plmn(plmn) : attr.imsi(plmn);
  if ((base === undefined || !known(base)) && s.gtPrefixes[0] !== undefined) base = attr.gt(s.gtPrefixes[0]);
  if ((base === undefined || !known(base)) && s.realms[0] !== undefined) base = attr.realm(s.realms[0]);
  if ((base === undefined || !known(base)) && s.msisdnPrefixes[0] !== undefined) base = attr.msisdn(s.msisdnPrefixes[0]);
  const country = s.country ?? base?.country;
  if (base === undefined && country === undefined) return undefined;
  const out: NetworkInfo = { network: s.name, source: 'registry' };
  const p = base?.plmn;
  if (p !== undefined) out.plmn = p;
  if (country !== undefined) out.country = country;
  out.role = 'mno';
  return Object.freeze(out);
}

/**
 * A GT placed by its E.164 country alone (no registry or profile prefix placed it) outside the set's
 * declared GT prefixes, or beside a set that declares none (rt19 M6: a partner declared by `plmn` and
 * `realms` matched every GT of its country).
 */
function outsidePrefixes(s: Set_, o: Origin): boolean {
  if (o.gtPlan === NP_E212) return plmnAgainstCountry(o, s.info!); // rt20 N1b
  const p = s.set.gtPrefixes;
  return o.info.source === 'e164' && o.gt !== undefined && (p.length === 0 || !startsWithAny(o.gt, p));
}

/** Numbering plan 6, E.212 (Q.713 §3.4.2.3.3): the calling GT placed by its MCC + MNC (context.ts resolveOrigin, rt19 M8). */
const NP_E212 = 6;

/**
 * Red-team rt20 N1/N1b: an origin GT placed by its PLMN (E.212, MCC + MNC) and a network `n` known only by its
 * country (a visited network learned from a node number, a partner declared by `gt_prefixes` alone): sameNetwork
 * compares at the country, so any operator of the country was taken as `n`. Which PLMN `n` is, is not known: the
 * origin is taken as another network of that country, one level lower. Where `n` has a PLMN, sameNetwork already
 * compares PLMN with PLMN.
 */
function plmnAgainstCountry(o: Origin, n: NetworkInfo): boolean {
  return o.info.plmn !== undefined && n.plmn === undefined && n.country !== undefined && n.country === o.info.country;
}

function startsWithAny(s: string, prefixes: readonly string[]): boolean {
  for (const p of prefixes) if (s.startsWith(p)) return true;
  return false;
}
