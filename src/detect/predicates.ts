/**
 * Built-in predicates: selection keys without a dot that decide on networks and subscriber state
 * instead of one field. Each compiles once (arguments checked, `${thresholds.x}` already
 * substituted) into a synchronous closure over the per-event {@link MatchContext}.
 *
 *   origin_not_in: [visited, home, subscriber_home, partners]   origin in none of the known sets
 *   origin_in:     [...]                                           origin in one of the known sets
 *   from_outside:  home | [home, partners]                         alias of origin_not_in
 *   calling_gt_network_ne: args.vlrNumber | [args.vlrNumber, args.mscNumber]   MAP: calling GT network ≠ the named node's
 *   origin_realm_plmn_ne: args.visitedPlmn                         Diameter: Origin-Realm network ≠ the named PLMN
 *   velocity_kmh_gt: 1000                                          claimed location too far from the last trusted one
 *   ul_from_neighbour_km: 1500                                     claimed location: another network, at most N km away
 *   watched_carrier: true                                          origin or transit (Route-Record, MTP OPC) on the watch list
 *   visited_known: true | false
 *   home_subscriber: true                                          IMSI (else MSISDN) in the profile's home ranges
 *   origin_realm_not_plmn: true                                    Diameter Origin-Realm neither a 3GPP PLMN realm nor declared
 *   subscribers_from_origin: ${thresholds.auth_harvest}            the origin node asked about ≥ subscribers distinct ones within window
 *
 * A set that is unknown (no home in the profile, no partners, visited network not known) cannot
 * exclude anything; origin_not_in holds only when at least one listed set is known. An origin that
 * is present (a GT, a realm, a host) but attributed to no country or network is in none of the
 * sets: it is outside, and the alert says it could not be attributed (an unassigned E.164 code or
 * MCC is no network the subscriber can be in), unless a Diameter request is addressed to its own
 * realm ({@link sameRealmRequest}). A message with no origin at all (routed on PC/SSN
 * with an unregistered PC, a Diameter request without Origin-Host and Origin-Realm) has nothing to
 * check: never matched, counted (`MatchContext.noOrigin`, the detector's `noOrigin` stat).
 * Deciding without the visited network sets `lowConfidence`.
 */
import type { NetworkInfo } from '../attribution/types.js';
import { field } from '../events/fields.js';
import { countryDistanceKm } from '../attribution/geo.js';
import { shareLandBorder } from '../attribution/borders.js';
import { sameNetwork } from '../attribution/same-network.js';
import { hostInRealm, type MatchContext, type Reason } from './context.js';
import { HOME_OWN_OPS, known, type Origin } from './networks.js';
import type { Location } from '../state/subscribers.js';
import { KeyPrefixes } from './key-prefixes.js';
import type { Profile } from './profile.js';
import { realmPlmn } from '../attribution/realm.js';
import { MCC_INTERNATIONAL } from '../attribution/e212.js';
import { needing } from './condition.js';
import { VISITED_NDC_DIGITS } from './visited-blocks.js';

type OriginReason = Extract<Reason, { kind: 'origin' }>;

export type Pred = (ctx: MatchContext) => boolean;

interface PredicateEnv {
  fail(message: string): never;
  slackKm: number;
  /** The profile's thresholds.auth_harvest: the detector counts per origin within its window, up to its bound. */
  harvest: { subscribers: number; window: number };
}

type Compile = (arg: unknown, env: PredicateEnv) => Pred;

const SETS = ['visited', 'home', 'subscriber_home', 'partners'] as const;
type SetName = (typeof SETS)[number];

function setList(arg: unknown, env: PredicateEnv): SetName[] {
  const list = Array.isArray(arg) ? arg : [arg];
  if (list.length === 0) env.fail(`expected one or more of ${SETS.join(', ')}`);
  return list.map((x) => {
    if (!SETS.includes(x as SetName)) env.fail(`unknown network set ${JSON.stringify(x)} (expected ${SETS.join(', ')})`);
    return x as SetName;
  });
}

/** 1: origin in the set, 0: not in it, -1: the set is unknown. */
function inSet(ctx: MatchContext, s: SetName): number {
  const o = ctx.origin()!;
  switch (s) {
    case 'home':
      return ctx.networks.homeKnown ? +(ctx.originIsHome(o) && !homeOwnOutside(ctx, o)) : -1;
    case 'partners':
      return ctx.networks.partnersKnown ? +ctx.originIsPartner(o) : -1;
    case 'subscriber_home': {
      const h = ctx.subscriberHome();
      if (h === undefined || internationalPair(o.info, h)) return -1;
      // rt20 N2: a GT of the inbound roamer's home country only is not its home PLMN (nor in a range declared for it),
      // unless it is the very node a dialogue's Begin the capture saw was addressed to (the HLR's ISD in a UL dialogue).
      const r = ctx.rec;
      if (
        h !== ctx.networks.homeInfo &&
        !(r.answersRequest && !r.answerByCountry) &&
        sameNetwork(o.info, h) === true &&
        ctx.networks.subscriberHomeMissed(o, h)
      ) {
        ctx.originSetsRanges ??= h;
        return 0;
      }
      // The profile home is matched like `home` (prefixes, cached per event).
      return h === ctx.networks.homeInfo ? +(ctx.originIsHome(o) && !homeOwnOutside(ctx, o)) : +(sameNetwork(o.info, h) === true);
    }
    case 'visited': {
      const r = inVisited(ctx, o);
      if (ctx.subscriber()?.priorImsis === undefined || ctx.rec.imsiKey() !== undefined) return r;
      // A number several IMSIs hold (MultiSIM): where any holder the home HLR's sure word placed is, fits.
      if (r === 0) {
        if (heldHere(ctx, o)) return 1;
        // Outside the number's IMSI's visited network only as a GT placed by its country alone (rt8 C3, rt19 M7: one
        // level lower): an IMSI the number left that places the origin outside for sure decides, at the full level
        // (rt15 H1c: the attacker's SIM registered over S6a in China, the SRI from a Chinese GT).
        if (ctx.originSetsRanges !== undefined && priorOutside(ctx, o)) ctx.originSetsRanges = undefined;
        return 0;
      }
      // Fits the number's IMSI (or nothing is known of it): the IMSIs it left within the link TTL judge too.
      return r === 1 && ctx.store.holdsNumberHere(ctx.subscriber()!) ? 1 : priorOutside(ctx, o) ? 0 : r;
    }
  }
}

/**
 * The message is one of {@link HOME_OWN_OPS} from a GT of the home's country outside the GT prefixes
 * the profile declares for home, or from an E.212 GT of the home PLMN (networks.ts homeRangesMissed): not home, one level lower.
 */
function homeOwnOutside(ctx: MatchContext, o: Origin): boolean {
  if (o.info.source !== 'e164' && o.gtPlan !== 6) return false; // E.212 (NP 6) too: review 20 #6
  const r = ctx.rec;
  return r.protocol === 'map' && r.hasComponent && r.opcode !== undefined && HOME_OWN_OPS.has(r.opcode) && ctx.networks.homeRangesMissed(o) !== undefined;
}

/** `visited` of {@link inSet} by the subscriber's own visited network. */
function inVisited(ctx: MatchContext, o: Origin): number {
  const v = ctx.visitedInfo();
  if (v !== undefined && internationalPair(o.info, v)) return -1;
  // An origin attributed to no network is not the (known) visited one.
  if (v !== undefined && known(v) && !known(o.info)) return 0;
  const same = v === undefined ? undefined : sameNetwork(o.info, v);
  if (same === true && (ctx.networks.outsideDeclaredRanges(o, v!) || countryOnlyVisited(ctx, o, v!))) {
    ctx.originSetsRanges = v; // rt8 C3: same country, outside the ranges it declares (rt19 M7: or placed by nothing finer)
    return 0;
  }
  return same === undefined ? -1 : +same;
}

/**
 * Red-team rt19 M7: the origin GT is placed by its E.164 country alone, the visited network learned
 * from traffic by a node number (VLR/MSC/SGSN) that nothing finer than its country places either, and
 * only the country matched: any GT of that country (another operator, a leased GT) passed as the
 * visited network. It is taken as that network only when it shares the visited node's number up to the
 * country code and {@link VISITED_NDC_DIGITS} digits more, or, learned without a number (S6a), a block of
 * such digits that the home network's own operations address (visited-blocks.ts); otherwise it is another
 * network, one level lower (the registry or profile may lack a range of it).
 */
function countryOnlyVisited(ctx: MatchContext, o: Origin, v: NetworkInfo): boolean {
  if (o.info.source !== 'e164' || o.gt === undefined || o.info.plmn !== undefined) return false;
  if (v.source === 'registry' && ctx.networks.declaresGts(v)) return false; // inside its declared ranges (else rt8 C3 above)
  const at = ctx.visited()?.address;
  const n = (o.info.matched?.length ?? 0) + VISITED_NDC_DIGITS;
  if (at !== undefined && isDigits(at)) return at.length >= n && !o.gt.startsWith(at.slice(0, n));
  // rt19 M7, S6a form: learned from a PLMN (Visited-PLMN-Id, an MME realm), no number to compare. The GT is that
  // network only inside a number block the home's own operations address (visited-blocks.ts: the generator's LTE
  // roamer reached by its visited network's GMSC, pcaps/reordered-dialogues frame 13, whose VLR got the home HLR's
  // ISD and PRN); a home inferred or without gt_prefixes learns no blocks and keeps the country match.
  const b = ctx.visitedBlocks;
  const m = o.info.matched;
  if (b === undefined || !b.active || v.plmn === undefined || m === undefined) return false;
  return !b.has(o.gt, m);
}

function isDigits(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/**
 * A request that names the number alone (no IMSI of its own: an SRI, a PSL by MSISDN) is about whoever holds the
 * number, and a forged answer can move the number to the sender's IMSI (state/prior-links.ts): it is also judged
 * against each IMSI the number left within the link TTL, whose location the origin must fit as well (sets
 * `ctx.originSetsPrior`). Fail closed, except where the move is explained by travel: an earlier IMSI stops judging
 * once the person holding the number could have gone from its last evidence there to the number's new IMSI's
 * location (the `velocity_kmh` / `travel_slack_km` of impossible-travel) by the time it arrived there or took the
 * number, whichever is later (review 15-B #6: a multi-IMSI SIM or a SIM swap registers the new IMSI where the person
 * is, a day later; rt15 H1c: the attacker's link comes minutes after the victim was seen in another country).
 */
function priorOutside(ctx: MatchContext, o: Origin): boolean {
  const sub = ctx.subscriber()!;
  const priors = sub.priorImsis!;
  const store = ctx.store;
  const owner = ctx.visited();
  // Travel explains nothing when the number's IMSI registered where it is without the HLR naming the number there (review 15-B #3b).
  const moved = !store.numberNotNamedHere(sub);
  for (const p of priors) {
    const rec = store.priorLive(p) ? store.peek(p.imsi) : undefined;
    const at = rec === undefined ? undefined : store.visited(rec);
    if (at === undefined || !known(at.info) || internationalPair(o.info, at.info) || sameNetwork(o.info, at.info) !== false) continue;
    if (moved && travelled(ctx, at, owner, p.untilSec)) continue;
    ctx.originSetsPrior = { imsi: p.imsi, untilSec: p.untilSec, loc: at };
    return true;
  }
  return false;
}

/**
 * The origin is in the network of an IMSI the number left within the link TTL that still holds it on the home
 * HLR's sure word (state/number-evidence.ts): its record still names the number, which the HLR named in its
 * registration where it is now registered. One MSISDN served by several SIMs at once (operator MultiSIM: a
 * primary and secondary IMSIs behind one number, each registering with the number; review 16-A #2).
 */
function heldHere(ctx: MatchContext, o: Origin): boolean {
  const store = ctx.store;
  const msisdn = ctx.subscriber()!.msisdn;
  for (const p of ctx.subscriber()!.priorImsis!) {
    const rec = store.priorLive(p) ? store.peek(p.imsi) : undefined;
    if (rec === undefined || rec.msisdn !== msisdn || !store.holdsNumberHere(rec)) continue;
    const at = store.visited(rec);
    if (at !== undefined && sameNetwork(o.info, at.info) === true && !ctx.networks.outsideDeclaredRanges(o, at.info)) return true;
  }
  return false;
}

/** The move from `from` (an earlier IMSI's location) to `to` (the number's IMSI's) is possible by `untilSec` or `to`'s arrival. */
function travelled(ctx: MatchContext, from: Location, to: Location | undefined, untilSec: number): boolean {
  if (to === undefined) return false;
  const d = travelKm(from.info, to.info);
  if (d === undefined) return false;
  const t = ctx.profile.thresholds;
  if (d <= t.travel_slack_km) return true;
  const seen = from.confirmed ?? from;
  const hours = (Math.max(to.tsSec, untilSec) - seen.tsSec) / 3600;
  return hours > 0 && (d - t.travel_slack_km) / hours <= t.velocity_kmh;
}

/**
 * International networks (satellite, maritime, aeronautical, M2M): their subscribers' IMSIs carry
 * the shared MCC 901 (ITU-T E.212, shared MCC for international networks; TS 23.003 §2.2) and their nodes' numbers the shared
 * E.164 codes +882 / +883 (ITU-T E.164 §6.3, country codes for networks). Which 882/883
 * identification code belongs to which 901 MNC is assigned separately and not derivable from the
 * digits: two such attributions that the registry does not resolve as the same network are
 * neither the same nor different (the set is unknown for the origin), not "outside".
 */
function internationalPair(a: NetworkInfo, b: NetworkInfo): boolean {
  return international(a) && international(b) && sameNetwork(a, b) !== true;
}

function international(i: NetworkInfo): boolean {
  // First digits compared in place: two builtin calls per set check cost ~17 instructions per
  // routine message (bench/results-notes.md, "winback").
  const p = i.plmn;
  if (p !== undefined) return p.charCodeAt(0) === 57 && p.startsWith(MCC_INTERNATIONAL);
  const m = i.source === 'e164' ? i.matched : undefined;
  return m !== undefined && m.charCodeAt(0) === 56 && m.charCodeAt(1) === 56 && (m.charCodeAt(2) === 50 || m.charCodeAt(2) === 51);
}

/**
 * One token per distinct set list (same names, same order) among the compiled rules: rules that
 * list the same sets share origin_not_in's answer for an event (MatchContext `originSetsToken`, `originSetsAnswer`).
 * Bounded by the rules loaded (a list is at most a few of the four set names).
 */
const SET_LIST_TOKENS = new Map<string, object>();

function setListToken(sets: readonly SetName[]): object {
  const key = sets.join(',');
  let t = SET_LIST_TOKENS.get(key);
  if (t === undefined) SET_LIST_TOKENS.set(key, (t = {}));
  return t;
}

/** origin_not_in's answer: 0 no, 1 yes, 2 yes without the visited network (low confidence). */
function originNotInAnswer(ctx: MatchContext, sets: readonly SetName[]): number {
  const o = ctx.origin();
  if (o === undefined) {
    ctx.noOrigin = true;
    return 0;
  }
  if (!known(o.info) && sameRealmRequest(ctx)) return 0;
  ctx.originSetsRanges = undefined;
  ctx.originSetsPrior = undefined;
  let anyKnown = false;
  let visitedUnknown = false;
  for (const s of sets) {
    const r = inSet(ctx, s);
    if (r === 1) return 0;
    if (r === 0) anyKnown = true;
    else if (s === 'visited') visitedUnknown = true;
  }
  // rt20 N1b: an E.212 GT of a partner's country, the partner known by its country only (networks.ts plmnAgainstCountry).
  if (ctx.originSetsRanges === undefined && o.gtPlan === 6 && sets.includes('partners')) ctx.originSetsRanges = ctx.networks.partnerRangesMissed(o);
  if (!anyKnown) return 0;
  // Review 20 #6: one of the home's own operations from an E.212 GT of the home PLMN (networks.ts homeRangesMissed).
  if (
    ctx.originSetsRanges === undefined &&
    o.gtPlan === 6 &&
    homeOwnOutside(ctx, o) &&
    (sets.includes('home') || (sets.includes('subscriber_home') && ctx.subscriberHome() === ctx.networks.homeInfo))
  )
    ctx.originSetsRanges = ctx.networks.homeInfo;
  if (ctx.originSetsRanges === undefined && o.info.source === 'e164') {
    if (sets.includes('partners')) ctx.originSetsRanges = ctx.networks.partnerRangesMissed(o);
    // rt19 M4: one of the home's own operations from a GT of its country outside the home GT prefixes.
    if (
      ctx.originSetsRanges === undefined &&
      homeOwnOutside(ctx, o) &&
      (sets.includes('home') || (sets.includes('subscriber_home') && ctx.subscriberHome() === ctx.networks.homeInfo))
    )
      ctx.originSetsRanges = ctx.networks.homeInfo;
  }
  return visitedUnknown ? 2 : 1;
}

/**
 * A Diameter request whose Origin-Realm is its Destination-Realm: routed by realm (RFC 6733
 * §6.1.6) it stays inside that one network and crosses no interconnect (lab and private cores
 * using `localdomain` and the like, as origin_realm_not_plmn reasons): an unattributed origin
 * there is the network the request is addressed to, not an outsider.
 */
function sameRealmRequest(ctx: MatchContext): boolean {
  const r = ctx.rec;
  // Only for a home inferred from the traffic (no profile: the lab captures this is for), for a
  // non-empty realm, and when no Destination-Host outside that realm is named: with a profile, or
  // addressed to a named host elsewhere, a forged Destination-Realm = Origin-Realm hid PLRs and
  // AIRs from anywhere (review of fixdetect: 0 alerts for `evil.example` to the home MME).
  // The host must sit in the realm on a label boundary, and not be a host the attributor places
  // (a 3GPP PLMN host under a forged parent realm `3gppnetwork.org`: review, every AIR and PLR hidden).
  if (r.protocol !== 'diameter' || !ctx.profile.home.inferred) return false;
  const o = r.originRealm?.toLowerCase();
  if (o === undefined || o.length === 0 || r.destRealm === undefined || r.destRealm.toLowerCase() !== o) return false;
  const host = r.destHost;
  return host === undefined || (hostInRealm(host, o) && ctx.attributor.host(host).source === 'unknown');
}

function originNotIn(arg: unknown, env: PredicateEnv): Pred {
  const sets = setList(arg, env);
  const token = setListToken(sets);
  /**
   * The reason this predicate pushed last, reused while its values are the same (frozen: a custom
   * rule reads `ctx.reasons` and must not change the next message's). The predicate holds on
   * every flood location request, also in rules that then do not fire; an object per hold was
   * ~4 MB of the 150 k alert flood's 371 MB allocated (bench/results-notes.md, "flood11").
   */
  let last: OriginReason | undefined;
  return (ctx) => {
    // Every input is fixed for the event (origin, sets and the subscriber's networks are cached by
    // the context, rules run before learn), so a second rule with the same list (location-origin-
    // mismatch and multi-origin-targeting on every SRI / PSL invoke) reuses the first's answer.
    let a: number;
    if (ctx.originSetsToken === token) a = ctx.originSetsAnswer;
    else {
      a = originNotInAnswer(ctx, sets);
      ctx.originSetsToken = token;
      ctx.originSetsAnswer = a;
    }
    if (a === 0) return false;
    const visitedUnknown = a === 2;
    // Outside only because a network of the origin's country declares other GT ranges (rt8 C3):
    // the profile's ranges may lack a node of that network (IR.21 data ages), so one level lower.
    const outsideRanges = ctx.originSetsRanges;
    if (visitedUnknown || outsideRanges !== undefined) ctx.lowConfidence = true;
    const unattributed = !known(ctx.origin()!.info);
    const prior = ctx.originSetsPrior;
    let r = last;
    if (r === undefined || r.visitedUnknown !== visitedUnknown || r.unattributed !== unattributed || r.outsideRanges !== outsideRanges || r.prior !== prior)
      last = r = Object.freeze({ kind: 'origin', sets, visitedUnknown, unattributed, outsideRanges, prior });
    ctx.reasons.push(r);
    return true;
  };
}

function originIn(arg: unknown, env: PredicateEnv): Pred {
  const sets = setList(arg, env);
  return (ctx) => {
    const o = ctx.origin();
    if (o === undefined || !known(o.info)) return false;
    for (const s of sets) if (inSet(ctx, s) === 1) return true;
    return false;
  };
}

function fieldList(arg: unknown, env: PredicateEnv, want: string): string[] {
  const list = Array.isArray(arg) ? arg : [arg];
  if (list.length === 0) env.fail(`expected ${want}`);
  for (const f of list) {
    if (typeof f !== 'string' || field(f)?.type !== 'string') env.fail(`expected ${want}, got ${JSON.stringify(f)}`);
  }
  return list as string[];
}

function callingGtNetworkNe(arg: unknown, env: PredicateEnv): Pred {
  const getters = fieldList(arg, env, 'a string field such as args.vlrNumber').map((f) => [f, field(f)!.read] as const);
  return (ctx) => {
    const r = ctx.rec;
    if (r.protocol === 'diameter') return false;
    const o = ctx.origin();
    if (o?.gt === undefined || !known(o.info)) return false;
    for (const [name, get] of getters) {
      const v = get(r);
      if (typeof v !== 'string' || v.length === 0) continue;
      const claimed = ctx.attributor.gt(v);
      if (sameNetwork(o.info, claimed) !== false) return false;
      ctx.reasons.push({ kind: 'spoof', claimed, field: name, value: v });
      return true;
    }
    return false;
  };
}

function originRealmPlmnNe(arg: unknown, env: PredicateEnv): Pred {
  const [name] = fieldList(arg, env, 'a PLMN field such as args.visitedPlmn');
  const get = field(name!)!.read;
  return (ctx) => {
    const r = ctx.rec;
    if (r.protocol !== 'diameter') return false;
    const o = ctx.origin();
    const v = get(r);
    if (o?.realm === undefined || !known(o.info) || typeof v !== 'string') return false;
    const claimed = ctx.attributor.plmn(v);
    if (sameNetwork(o.info, claimed) !== false) return false;
    ctx.reasons.push({ kind: 'spoof', claimed, field: name!, value: v });
    return true;
  };
}

function positive(arg: unknown, env: PredicateEnv): number {
  if (typeof arg !== 'number' || !(arg > 0)) env.fail(`expected a positive number, got ${JSON.stringify(arg)}`);
  return arg;
}

function km(a: NetworkInfo, b: NetworkInfo): number | undefined {
  if (a.country === undefined || b.country === undefined) return undefined;
  return a.country === b.country ? 0 : countryDistanceKm(a.country, b.country);
}

/**
 * Travel distance between two countries: 0 within one country and across a shared land border
 * (attribution/borders.ts: crossing San Diego → Tijuana is minutes, while Washington and Mexico
 * City, the reference points, are 3,000 km apart: red-team round 10 T1); else the reference points'.
 */
function travelKm(a: NetworkInfo, b: NetworkInfo): number | undefined {
  if (a.country !== undefined && b.country !== undefined && shareLandBorder(a.country, b.country)) return 0;
  return km(a, b);
}

/** Distance beyond `slackKm` (reference points are capitals; border roaming) over elapsed capture time. */
function velocityKmhGt(arg: unknown, env: PredicateEnv): Pred {
  const limit = positive(arg, env);
  const slack = env.slackKm;
  return (ctx) => {
    const to = ctx.claimed();
    const from = ctx.lastTrusted();
    if (to === undefined || from === undefined || sameNetwork(from.info, to.info) !== false) return false;
    const d = travelKm(from.info, to.info);
    if (d === undefined || d <= slack) return false;
    const r = ctx.rec;
    // Presence model: from the latest confirmation that the subscriber was there, not its arrival.
    const at = from.confirmed ?? from;
    const hours = Math.max(0, r.tsSec - at.tsSec + (r.tsNsec - at.tsNsec) / 1e9) / 3600;
    const kmh = hours > 0 ? (d - slack) / hours : Infinity;
    if (kmh <= limit) return false;
    ctx.reasons.push({ kind: 'velocity', kmh, km: d, hours, from, to: to.info });
    return true;
  };
}

function ulFromNeighbourKm(arg: unknown, env: PredicateEnv): Pred {
  const limit = positive(arg, env);
  return (ctx) => {
    const to = ctx.claimed();
    const v = ctx.visitedInfo();
    if (to === undefined || v === undefined || sameNetwork(v, to.info) !== false) return false;
    const d = km(v, to.info);
    if (d === undefined || d > limit) return false;
    ctx.reasons.push({ kind: 'neighbour', to: to.info });
    return true;
  };
}

function watchedCarrier(arg: unknown, env: PredicateEnv): Pred {
  if (arg !== true) env.fail('expected true');
  // Never holds without a watch list: recorded, so a detector without one skips rules that need it.
  return needing((ctx: MatchContext) => {
    const n = ctx.networks;
    if (!n.watching) return false;
    const o = ctx.origin();
    if (o !== undefined && n.isWatched(o.info.network)) return hit(ctx, o.info.network!, 'origin');
    const r = ctx.rec;
    const a = ctx.attributor;
    if (r.protocol === 'diameter') {
      for (const h of r.routeRecord) {
        const name = a.host(h).network;
        if (n.isWatched(name)) return hit(ctx, name!, `Route-Record ${h}`);
      }
      return false;
    }
    const opc = r.mtp?.opc;
    if (opc !== undefined) {
      const name = a.pointCode(opc)?.network;
      if (n.isWatched(name)) return hit(ctx, name!, `MTP OPC ${opc}`);
    }
    return false;
  }, 'watch');
}

function hit(ctx: MatchContext, carrier: string, via: string): boolean {
  ctx.reasons.push({ kind: 'watched', carrier, via });
  return true;
}

function visitedKnown(arg: unknown, env: PredicateEnv): Pred {
  if (typeof arg !== 'boolean') env.fail('expected true or false');
  return (ctx) => (ctx.visitedInfo() !== undefined) === arg;
}

function homeSubscriber(arg: unknown, env: PredicateEnv): Pred {
  if (arg !== true) env.fail('expected true');
  // The home's prefixes compiled once per profile home (key-prefixes.ts), not per message.
  let home: Profile['home'] | undefined;
  let imsiPrefixes = new KeyPrefixes([]);
  let msisdnPrefixes = imsiPrefixes;
  return (ctx) => {
    const h = ctx.profile.home;
    if (h !== home) {
      home = h;
      imsiPrefixes = new KeyPrefixes(h.imsiPrefixes);
      msisdnPrefixes = new KeyPrefixes(h.msisdnPrefixes);
    }
    // By the identities' keys (core/identity-key.ts): no string per message.
    const imsi = ctx.imsiKey();
    if (imsi !== undefined && imsiPrefixes.has(imsi)) return true;
    // Either identity (TS 23.003 §3.3: a home-range MSISDN is the home's whatever IMSI it is linked
    // to; red-team round 11 R2): the message's MSISDN, else its subscriber record's.
    const msisdn = ctx.msisdnKey() ?? (imsi === undefined ? undefined : ctx.recordMsisdnKey());
    return msisdn !== undefined && msisdnPrefixes.has(msisdn);
  };
}

/**
 * GSMA FS.19 realm check: an S6a/S6d/SLg/SLh peer names its network in a 3GPP realm
 * (`epc.mncXXX.mccYYY.3gppnetwork.org` and the other TS 23.003 §19.2 / §13.2 forms, realm.ts);
 * a realm that is not one is acceptable only when the profile declares it (home, partners,
 * networks: the registry the attributor was built from). A request addressed to its own realm
 * (Destination-Realm = Origin-Realm) does not cross an interconnect — routing by realm (RFC 6733
 * §6.1.6) keeps it inside that network, as in lab cores using `localdomain` — and is not flagged.
 */
function originRealmNotPlmn(arg: unknown, env: PredicateEnv): Pred {
  if (arg !== true) env.fail('expected true');
  let declared: Set<string> | undefined;
  return (ctx) => {
    const rec = ctx.rec;
    if (rec.protocol !== 'diameter') return false;
    const realm = rec.originRealm;
    if (realm === undefined || realm.length === 0) return false;
    const r = realm.toLowerCase();
    if (realmPlmn(r) !== undefined) return false;
    const dest = rec.destRealm;
    if (dest !== undefined && dest.toLowerCase() === r) return false;
    if (declared === undefined) {
      const p = ctx.profile;
      declared = new Set([...p.home.realms, ...p.partners.flatMap((x) => x.realms), ...p.networks.flatMap((n) => n.realms)].map((x) => x.toLowerCase()));
    }
    if (declared.has(r) || ctx.attributor.realm(r).source === 'registry') return false;
    ctx.reasons.push({ kind: 'realm', realm });
    return true;
  };
}

/**
 * Harvesting: the origin node of this SendAuthenticationInfo / AIR asked for the vectors of at
 * least `subscribers` distinct subscribers within the window, or its network for at least the
 * profile's `network_subscribers` that did not then attach there (origin-subscribers.ts). The counting is the detector's
 * (origin-subscribers.ts: fed with every event, so `scan --workers` threads agree); the window
 * and the per-origin bound are the profile's thresholds.auth_harvest.
 */
function subscribersFromOrigin(arg: unknown, env: PredicateEnv): Pred {
  // `${thresholds.auth_harvest}` gives {subscribers, window}; a rule may also write {count}. The
  // detector keeps at most the profile's bound of subscribers per origin within the profile's
  // window, so a larger count, or another window, could never match: refused, not silently dead.
  const a = arg as { count?: unknown; subscribers?: unknown; window?: unknown } | null;
  if (a === null || typeof a !== 'object') env.fail('expected the thresholds.auth_harvest object or {count}');
  const count = a!.count ?? a!.subscribers;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 2) env.fail('count: expected an integer ≥ 2');
  const n = count as number;
  if (n > env.harvest.subscribers) {
    env.fail(
      `count ${n} is above the profile's thresholds.auth_harvest.subscribers (${env.harvest.subscribers}), ` +
        'the most the detector counts per origin: raise that instead',
    );
  }
  if (a!.window !== undefined && a!.window !== env.harvest.window) {
    env.fail(`window: the count runs over the profile's thresholds.auth_harvest.window (${env.harvest.window} s); set it there`);
  }
  return (ctx) => {
    const h = ctx.harvest;
    if (h === undefined) return false;
    // The node first: one node's alert reads as before; else its network past the network threshold.
    if (h.count >= n) ctx.reasons.push({ kind: 'harvest', count: h.count, windowSec: h.windowSec, origin: h.origin });
    else if (h.networkCount >= h.networkThreshold) ctx.reasons.push({ kind: 'harvest', count: h.networkCount, windowSec: h.windowSec, origin: h.network });
    else return false;
    return true;
  };
}

export const PREDICATES: Readonly<Record<string, Compile>> = {
  origin_not_in: originNotIn,
  origin_in: originIn,
  from_outside: originNotIn,
  calling_gt_network_ne: callingGtNetworkNe,
  origin_realm_plmn_ne: originRealmPlmnNe,
  velocity_kmh_gt: velocityKmhGt,
  ul_from_neighbour_km: ulFromNeighbourKm,
  watched_carrier: watchedCarrier,
  visited_known: visitedKnown,
  home_subscriber: homeSubscriber,
  origin_realm_not_plmn: originRealmNotPlmn,
  subscribers_from_origin: subscribersFromOrigin,
};
