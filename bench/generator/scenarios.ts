/**
 * The labelled captures. Each one is a story in capture time (deterministic: a fixed start, a
 * seeded PRNG for delays and identifiers); attack steps say which rules must alert
 * (ARCHITECTURE.md §6 ids), everything else is legitimate and must not.
 *
 * The vantage point is an interconnect (IPX/hub) probe: it sees the home operator's traffic with
 * partners and also traffic between foreign networks and the partners hosting our roamers.
 */
import { LINKTYPE_ETHERNET, LINKTYPE_LINUX_SLL, type CaptureFormat } from './sink.js';
import type { Script } from './script.js';
import { FOREIGN, HOME, PARTNERS, populationSubscriber, subscriber, type Network, type Subscriber } from './world.js';

export interface CaptureSpec {
  readonly name: string;
  /** One line for pcaps/README.md. */
  readonly summary: string;
  readonly format: CaptureFormat;
  readonly linkTypes: readonly number[];
  /** pcapng: interface per peer network. */
  readonly ifaceOf?: (peer: Network) => number;
  readonly sccpFor?: (peer: Network) => 'udt' | 'xudt';
  /** SCTP user-data size above which a message is fragmented. */
  readonly fragmentAbove: number;
  /** Adds the watched CN carrier to the profile (networks + watch.carriers). */
  readonly watchChina: boolean;
  /** Scanned without a profile (the home network is inferred): no NAME.profile.yaml is written. */
  readonly withoutProfile?: true;
  /** Capture start (seconds since the epoch). */
  readonly startSec: number;
  run(s: Script, budget: () => boolean): void;
}

const { jp, gb, de, fr } = PARTNERS;
const { cn, bb, bs, br, xr } = FOREIGN;
const HOUR = 3600;
/** 2025-03-01T08:00:00Z */
const START = 1_740_816_000;

const LOM = 'location-origin-mismatch';
const SPOOF = 'ul-origin-spoof';
const TRAVEL = 'impossible-travel';
const CAT1 = 'cat1-from-outside';
const CAT2 = 'cat2-not-home';
const MULTI = 'multi-origin-targeting';
const WATCHED = 'watched-carrier';
const BYPASS = 'cat3-bypass-sequence';
/** Flood probes and the rule each is labelled with (multi-origin-targeting also fires on some: not labelled). */
const PROBES = [
  ['sri', LOM],
  ['ati', CAT1],
  ['psi', CAT2],
  ['psl', LOM],
  ['plr', LOM],
  ['idr', LOM],
  ['ulr', SPOOF],
] as const;
const REALM = 'diameter-realm-not-plmn';
const HARVEST = 'auth-vector-harvesting';
const PURGE = 'purge-ms-from-outside';
const REFUSED = 'registration-refused';
/** Registrations from a network that is neither home nor a partner (the captures' profiles declare partners). */
const NONPARTNER = 'registration-from-non-partner';

/** Legitimate roaming life: attach abroad, calls, SMS, home location services, travel, LTE. */
function baseline(s: Script): void {
  const [alice, bob, carol, dave] = [subscriber(1), subscriber(2), subscriber(3), subscriber(4)];
  s.label('attach-tokyo').updateLocation(alice, jp, { largeIsd: true });
  s.wait(40);
  s.label('attach-tokyo-lte').ulr(alice, jp);
  s.wait(30);
  s.label('attach-berlin').updateLocation(bob, de);
  s.wait(20);
  s.label('at-home').updateLocation(carol, HOME);
  s.wait(25);
  s.label('attach-paris-lte-tcp').ulr(dave, fr, { over: 'tcp', splitAt: 60 });
  s.wait(300);
  s.label('call-from-home-gmsc').sendRoutingInfo(alice, HOME, jp);
  s.wait(45);
  s.label('sms-from-foreign-smsc').sriForSm(
    [
      { sub: alice, serving: jp },
      { sub: bob, serving: de },
      { sub: carol, serving: HOME },
    ],
    br,
  );
  s.wait(60);
  s.label('sms-from-visited-smsc').sriForSm([{ sub: alice, serving: jp }], jp);
  s.wait(120);
  s.label('home-gmlc-locates').locate(bob, HOME, de);
  s.wait(200);
  s.label('call-from-home-gmsc').sendRoutingInfo(bob, HOME, de);
  s.wait(90);
  s.label('home-gmlc-plr').plr(dave, HOME, fr);
  s.wait(16 * HOUR);
  // Tokyo → London 16 h later: a flight, not impossible travel; the HLR cancels the Tokyo VLR.
  s.label('travel-tokyo-london').updateLocation(alice, gb);
  s.cancelLocation(alice, HOME, jp);
  s.wait(600);
  s.label('call-from-home-gmsc').sendRoutingInfo(alice, HOME, gb);
  s.wait(30);
  s.label('sms-from-foreign-smsc').sriForSm(
    [
      { sub: alice, serving: gb },
      { sub: bob, serving: de },
    ],
    br,
  );
}

/** SS7 location tracking: SRI/PSL/ATI/PSI from non-partner networks and a three-origin burst. */
function ss7Tracking(s: Script): void {
  const subs = [10, 11, 12, 13, 14].map(subscriber) as [Subscriber, Subscriber, Subscriber, Subscriber, Subscriber];
  const [a, b, c, d, e] = subs;
  s.label('attach').updateLocation(a, jp);
  s.wait(10);
  s.updateLocation(b, gb);
  s.wait(10);
  s.updateLocation(c, de);
  s.wait(10);
  s.updateLocation(d, fr);
  s.wait(10);
  s.updateLocation(e, jp, { largeIsd: true });
  s.wait(120);
  s.label('call-from-home-gmsc').sendRoutingInfo(a, HOME, jp);
  s.wait(60);
  // Legitimate SMS from the watched carrier: informational notes only.
  s.label('sms-from-watched-carrier').sriForSm(
    [
      { sub: b, serving: gb },
      { sub: c, serving: de },
    ],
    cn,
    [WATCHED],
  );
  s.wait(300);
  s.label('sri-from-china').sendRoutingInfo(a, cn, jp, [LOM, WATCHED]);
  s.wait(240);
  s.label('psl-from-barbados').locate(b, bb, gb, [LOM]);
  s.wait(180);
  s.label('home-gmlc-locates').locate(d, HOME, fr);
  s.wait(200);
  s.label('ati-from-bahamas').anyTime(c, bs, de, [CAT1]);
  s.wait(300);
  s.label('psi-from-china').subscriberInfo(d, cn, fr, [CAT2, WATCHED]);
  s.wait(2 * HOUR);
  // One subscriber, three networks, minutes apart: the third origin completes the pattern.
  s.label('three-origin-burst').sendRoutingInfo(e, cn, jp, [LOM, WATCHED]);
  s.wait(120);
  s.locate(e, bb, jp, [LOM]);
  s.wait(180);
  s.anyTime(e, bs, jp, [CAT1, MULTI]);
  s.wait(60);
  s.label('call-from-home-gmsc').sendRoutingInfo(e, HOME, jp);
}

/** SS7 interception: spoofed UL, impossible travel, CancelLocation followed by a hostile UL. */
function ss7Interception(s: Script): void {
  const [a, b, c, d] = [20, 21, 22, 23].map(subscriber) as [Subscriber, Subscriber, Subscriber, Subscriber];
  s.label('attach').updateLocation(a, jp, { largeIsd: true });
  s.wait(30);
  s.updateLocation(c, de);
  s.wait(30);
  s.updateLocation(d, fr);
  s.wait(48 * HOUR);
  s.label('call-from-home-gmsc').sendRoutingInfo(c, HOME, de);
  s.wait(60);
  s.label('attach').updateLocation(b, gb);
  s.wait(600);
  // Ten minutes after London, a "Chinese VLR": no aircraft does that.
  s.label('impossible-travel').updateLocation(b, cn, { rules: [TRAVEL, NONPARTNER] });
  s.wait(300);
  // A Chinese GT registers the subscriber at the Japanese partner's VLR: the calling GT gives it away.
  s.label('spoofed-ul').updateLocation(a, jp, { sender: cn, rules: [SPOOF, NONPARTNER] });
  s.wait(200);
  s.label('sms-from-foreign-smsc').sriForSm([{ sub: d, serving: fr }], br);
  s.wait(400);
  // Detach from the German VLR with a forged CancelLocation, then register in the Bahamas.
  s.label('cancel-then-hostile-ul').cancelLocation(c, bs, de, [CAT2]);
  s.wait(180);
  // The SRI result for c 48 h in confirmed it in Germany 20 minutes earlier: the Bahamas UL is also impossible travel.
  s.updateLocation(c, bs, { rules: [BYPASS, TRAVEL, NONPARTNER] });
  s.wait(120);
  s.label('call-from-home-gmsc').sendRoutingInfo(d, HOME, fr);
  s.wait(300);
  // A Chinese "VLR" purges the subscriber the Japanese partner serves: calls and SMS to it fail.
  s.label('spoofed-purge').purgeMS(a, cn, [PURGE]);
  s.wait(600);
  // The Paris VLR purges its visitor after inactivity: routine.
  s.label('visited-vlr-purges').purgeMS(d, fr);
}

/** Diameter: LTE attaches over SCTP and TCP, a forged ULR, SLg PLR and location IDR from foreign realms, impossible travel. */
function diameterTracking(s: Script): void {
  const [a, b, c, d] = [30, 31, 32, 33].map(subscriber) as [Subscriber, Subscriber, Subscriber, Subscriber];
  s.label('attach-lte').ulr(a, jp);
  s.wait(10);
  s.ulr(b, fr, { over: 'tcp', splitAt: 44 });
  s.wait(10);
  s.ulr(c, gb);
  s.wait(10);
  s.ulr(d, de, { over: 'tcp' });
  s.wait(200);
  s.label('home-gmlc-plr').plr(b, HOME, fr);
  s.wait(300);
  s.label('ulr-realm-mismatch').ulr(a, jp, { sender: cn, rules: [SPOOF, NONPARTNER] });
  s.wait(240);
  s.label('plr-from-foreign-realm').plr(c, cn, gb, [LOM]);
  s.wait(180);
  s.label('idr-location-from-foreign-realm').idr(d, bs, de, [CAT2]);
  s.wait(300);
  // Paris, then a Japanese MME five minutes later.
  s.label('impossible-travel-lte').ulr(b, jp, { over: 'tcp', rules: [TRAVEL] });
  s.wait(60);
  s.label('home-gmlc-plr').plr(c, HOME, gb);
}

/**
 * Presence model and campaign semantics (issue 15): impossible travel measured from the last
 * confirmation of presence (a periodic re-registration, a call's SRI result), not from the
 * arrival days earlier; a flagged UL recorded but not trusted; a tracking campaign whose
 * subscriber's visited network (not a partner) keeps querying it in between.
 */
function presenceAndCampaigns(s: Script): void {
  const [a, b, c] = [40, 41, 42].map(subscriber) as [Subscriber, Subscriber, Subscriber];
  s.label('attach').updateLocation(a, jp);
  s.wait(10);
  s.label('attach-non-partner').updateLocation(b, br, { rules: [NONPARTNER] });
  s.wait(10);
  s.label('attach').updateLocation(c, de);
  s.wait(2 * 24 * HOUR);
  // Two days in Tokyo; a periodic re-registration at the same VLR confirms presence ...
  s.label('re-registration').updateLocation(a, jp);
  s.wait(300);
  // ... so a Chinese VLR five minutes later is impossible travel.
  s.label('distant-ul-after-re-registration').updateLocation(a, cn, { rules: [TRAVEL, NONPARTNER] });
  s.wait(120);
  // The flagged claim is recorded, not trusted: the subscriber is still in Tokyo for the home GMSC.
  s.label('call-from-home-gmsc').sendRoutingInfo(a, HOME, jp);
  s.wait(600);
  // A campaign on b (roaming in Brazil, not a partner): two foreign origins ...
  s.label('campaign').sendRoutingInfo(b, cn, br, [LOM]);
  s.wait(120);
  s.locate(b, bb, br, [LOM]);
  s.wait(120);
  // ... the visited network's own routine queries (never a campaign origin) ...
  s.label('visited-network-routine').sendRoutingInfo(b, br, br);
  s.wait(60);
  s.locate(b, br, br);
  s.wait(120);
  // ... and a third foreign origin completes the pattern.
  s.label('campaign').anyTime(b, bs, br, [CAT1, MULTI]);
  s.wait(60);
  s.label('visited-network-routine').sendRoutingInfo(b, br, br);
  s.wait(600);
  // c: a call's SRI result confirms it in Germany; a Barbados VLR 15 minutes later is impossible.
  s.label('call-from-home-gmsc').sendRoutingInfo(c, HOME, de);
  s.wait(900);
  s.label('distant-ul-after-call').updateLocation(c, bb, { rules: [TRAVEL, NONPARTNER] });
  s.wait(60);
  s.label('call-from-home-gmsc').sendRoutingInfo(c, HOME, de);
}

/**
 * Reordering (issue 15): the HLR's InsertSubscriberData Continue captured before the VLR's
 * UpdateLocation Begin at the same timestamp, and a ULA captured before its ULR, for roamers in
 * a network that is not a partner; the visited network's later queries are legitimate only if
 * the dialogue joined MSISDN and IMSI.
 */
function reordered(s: Script): void {
  const [a, b] = [50, 51].map(subscriber) as [Subscriber, Subscriber];
  s.label('attach-reordered').updateLocation(a, br, { reorder: true, rules: [NONPARTNER] });
  s.wait(600);
  s.label('visited-network-routine').sendRoutingInfo(a, br, br);
  s.wait(300);
  s.label('attach-lte-answer-first').ulr(b, br, { answerFirst: true, rules: [NONPARTNER] });
  s.wait(300);
  s.label('visited-network-routine').plr(b, br, br);
  s.wait(120);
  s.label('visited-network-routine').sendRoutingInfo(b, br, br);
  s.wait(300);
  // The state holds the Brazilian VLR: an SRI from China is a full-confidence mismatch.
  s.label('sri-from-china').sendRoutingInfo(a, cn, br, [LOM]);
}

/**
 * FS.19: ULR (claiming the Japanese partner), AIR and PUR for `sub` from a peer whose realm names no PLMN.
 * `partners`: the capture's profile declares partners (registration-from-non-partner fires only then).
 */
function freeRealmPeer(s: Script, sub: Subscriber, partners: boolean): void {
  s.label('free-realm-peer').ulr(sub, jp, { sender: xr, rules: partners ? [REALM, NONPARTNER] : [REALM] });
  s.wait(5);
  s.air(sub, xr, jp, [REALM, HARVEST]);
  s.wait(5);
  s.pur(sub, xr, [REALM, PURGE]);
}

/**
 * FS.19 realm checks and vector harvesting next to legitimate roaming: attaches with SAI/AIR
 * from the visited network, re-authentication, ULR/AIR/PUR from a peer whose realm names no
 * PLMN, SAI from China, and a partner GT asking for the vectors of ten subscribers registered
 * elsewhere within the hour (the tenth completes the pattern; the same GT two hours later is
 * counted afresh).
 */
function realmAndHarvesting(s: Script): void {
  const [a, b, c] = [60, 61, 62].map(subscriber) as [Subscriber, Subscriber, Subscriber];
  const victims = Array.from({ length: 10 }, (_, i) => subscriber(70 + i));
  s.label('attach-lte').air(a, jp, jp);
  s.ulr(a, jp);
  s.wait(10);
  s.label('attach').sendAuthenticationInfo(b, de);
  s.updateLocation(b, de);
  s.wait(10);
  s.sendAuthenticationInfo(c, gb);
  s.updateLocation(c, gb);
  for (const [i, v] of victims.entries()) {
    s.wait(5);
    s.updateLocation(v, i % 2 === 0 ? gb : jp);
  }
  s.wait(600);
  s.label('visited-reauthentication').sendAuthenticationInfo(b, de);
  s.wait(30);
  s.air(a, jp, jp);
  s.wait(300);
  freeRealmPeer(s, a, true);
  s.wait(300);
  s.label('sai-from-outside').sendAuthenticationInfo(b, cn, [HARVEST]);
  s.wait(300);
  for (const [i, v] of victims.entries()) {
    s.label('harvest-from-partner-gt').sendAuthenticationInfo(v, fr, i === victims.length - 1 ? [HARVEST] : []);
    s.wait(20);
  }
  s.wait(2 * HOUR);
  s.label('attach').sendAuthenticationInfo(c, fr);
  s.updateLocation(c, fr);
  s.wait(60);
  s.label('visited-reauthentication').air(a, jp, jp);
}

/**
 * Scanned without a profile (the researcher's default): a few messages, so the home is the IMSI
 * PLMN alone. A call through the home GMSC, a subscriber DoS from a Chinese GT (CancelLocation,
 * DeleteSubscriberData), and ULR/AIR/PUR from a free-realm peer.
 */
function withoutProfile(s: Script): void {
  const [a, b] = [80, 81].map(subscriber) as [Subscriber, Subscriber];
  s.label('call-from-home-gmsc').sendRoutingInfo(a, HOME, gb);
  s.wait(60);
  s.label('subscriber-dos').cancelLocation(a, cn, gb, [CAT2]);
  s.wait(2);
  s.deleteSubscriberData(a, cn, gb, [CAT2]);
  s.wait(60);
  freeRealmPeer(s, b, false);
}

/**
 * Register-then-track (red-team rt8 ST3): a Chinese VLR's UpdateLocation for a subscriber
 * registered in Japan and a Chinese MME's ULR for one registered in the UK, refused by the home
 * network (returnError roamingNotAllowed, TS 29.002 §17.6.6; ULA Experimental-Result 5004,
 * TS 29.272 §7.4.3). Twelve hours later, so no travel is impossible. The refusal moves no one:
 * the SRI and PLR from China that follow are still outside the visited network.
 */
function registrationRefused(s: Script): void {
  const [a, b] = [90, 91].map(subscriber) as [Subscriber, Subscriber];
  s.label('attach').updateLocation(a, jp);
  s.wait(10);
  s.label('attach-lte').ulr(b, gb);
  s.wait(12 * HOUR);
  s.label('refused-ul').refusedUpdateLocation(a, cn, 8, [REFUSED], [NONPARTNER]);
  s.wait(60);
  s.label('sri-after-refused-ul').sendRoutingInfo(a, cn, jp, [LOM]);
  s.wait(300);
  s.label('refused-ulr').refusedUlr(b, cn, 5004, [REFUSED], [NONPARTNER]);
  s.wait(60);
  s.label('plr-after-refused-ulr').plr(b, cn, gb, [LOM]);
}

/**
 * The large mixed benchmark capture: a population of 5000 roamers living their legitimate lives
 * (registrations, calls, SMS, home location services, LTE), with 1 % attacks from one foreign
 * network (SRI → location-origin-mismatch, ATI → cat1-from-outside, PSI → cat2-not-home) on
 * subscribers that never travel, so every expectation is local to its message.
 */
function mixed(s: Script, budget: () => boolean): void {
  const p = s.prng;
  const partners = [jp, gb, de, fr] as const;
  /**
   * `since`: when the subscriber registered where it is (capture time, µs). `landsAt`: a mover
   * in flight is off the air until then (no traffic confirms it anywhere), and registers at `at`
   * when it lands: impossible-travel measures from the last confirmation of presence (issue 15),
   * so a call answered in Tokyo must not be followed minutes later by a London registration.
   */
  type Roamer = { sub: Subscriber; at: Network; since: number; landsAt?: number; from?: Network };
  const stayers: Roamer[] = [];
  const movers: Roamer[] = [];
  for (let i = 0; i < 5000; i++) {
    const sub = subscriber(100 + i);
    const at = p.pick(partners);
    (i % 2 === 0 ? stayers : movers).push({ sub, at, since: 0 });
  }
  // A subscriber registers the first time the story needs it, so its visited network is known.
  const attached = new Set<Subscriber>();
  const ready = (x: Roamer): Roamer => {
    if (!attached.has(x.sub)) {
      attached.add(x.sub);
      s.label('attach').updateLocation(x.sub, x.at);
      x.since = s.now;
    }
    return x;
  };
  while (budget()) {
    const r = p.int(100);
    const st = ready(p.pick(stayers));
    if (r < 1) {
      const k = p.int(3);
      s.label('attack');
      if (k === 0) s.sendRoutingInfo(st.sub, cn, st.at, [LOM]);
      else if (k === 1) s.anyTime(st.sub, cn, st.at, [CAT1]);
      else s.subscriberInfo(st.sub, cn, st.at, [CAT2]);
    } else if (r < 30) s.label('call-from-home-gmsc').sendRoutingInfo(st.sub, HOME, st.at);
    else if (r < 55) {
      const burst = Array.from({ length: 1 + p.int(4) }, () => ready(p.pick(stayers))).map((x) => ({ sub: x.sub, serving: x.at }));
      s.label('sms').sriForSm(burst, p.pick([br, jp, gb, de, fr]));
    } else if (r < 65) s.label('home-gmlc-locates').locate(st.sub, HOME, st.at);
    else if (r < 75) s.label('periodic-ul').updateLocation(st.sub, st.at, { largeIsd: p.chance(0.2) });
    else if (r < 85) s.label('lte').ulr(st.sub, st.at, { over: p.chance(0.5) ? 'tcp' : 'sctp' });
    else {
      // A mover boards a 12-hour flight to another partner country only after a day in the
      // current one, and registers there when it lands (the HLR then cancels the old VLR).
      const m = ready(p.pick(movers));
      if (m.landsAt !== undefined) {
        if (s.now >= m.landsAt) {
          const from = m.from!;
          s.label('travel').updateLocation(m.sub, m.at);
          s.cancelLocation(m.sub, HOME, from);
          delete m.landsAt;
          m.since = s.now;
        }
      } else {
        const to = p.pick(partners);
        if (to !== m.at && s.now - m.since > 24 * HOUR * 1e6) {
          m.from = m.at;
          m.at = to;
          m.landsAt = s.now + 12 * HOUR * 1e6;
        } else s.label('call-from-home-gmsc').sendRoutingInfo(m.sub, HOME, m.at);
      }
    }
    // ~50 signalling messages per second on average.
    s.now += p.int(150_000);
  }
}

/**
 * The alert-flood benchmark capture (issue 19): 24,000 roamers at the four partners, and an
 * attacker flooding from four foreign networks (China, Barbados, Bahamas, Brazil) with single
 * location probes, SS7 (SRI, ATI, PSI, PSL) and Diameter (SLg PLR, S6a IDR, S6a ULR with a
 * foreign Origin-Realm): each probe is the request alone (the home firewall drops it). 86 % of
 * the steps are probes; the routine procedures take 2-4 messages each and every subscriber's
 * first appearance is a 4-message UpdateLocation (96,000 messages), so at 755,000 messages
 * about 59 % of them are hostile (fewer in a small capture, where the attaches weigh more).
 */
function flood(s: Script, budget: () => boolean): void {
  const p = s.prng;
  const partners = [jp, gb, de, fr] as const;
  const origins = [cn, bb, bs, br] as const;
  type Roamer = { sub: Subscriber; at: Network; attached: boolean };
  const roamers: Roamer[] = Array.from({ length: 24_000 }, (_, i) => ({ sub: populationSubscriber(i), at: p.pick(partners), attached: false }));
  const ready = (x: Roamer): Roamer => {
    if (!x.attached) {
      x.attached = true;
      s.label('attach').updateLocation(x.sub, x.at);
    }
    return x;
  };
  while (budget()) {
    const r = p.int(100);
    const x = ready(p.pick(roamers));
    if (r < 86) {
      const [kind, rule] = p.pick(PROBES);
      s.label('flood').probe(kind, x.sub, p.pick(origins), x.at, [rule]);
    } else if (r < 92) s.label('call-from-home-gmsc').sendRoutingInfo(x.sub, HOME, x.at);
    else if (r < 96) s.label('sms').sriForSm([{ sub: x.sub, serving: x.at }], p.pick(partners));
    else s.label('lte').ulr(x.sub, x.at);
    // A flood: ~500 messages per second.
    s.now += p.int(4_000);
  }
}

const ethernetOnly = { format: 'pcap', linkTypes: [LINKTYPE_ETHERNET] } as const;
/** XUDT on links with the partners that carry large subscriber data. */
const xudtWithJapan = (peer: Network): 'udt' | 'xudt' => (peer === jp ? 'xudt' : 'udt');

export const CAPTURES: readonly CaptureSpec[] = [
  {
    name: 'roaming-baseline',
    summary:
      'Legitimate roaming only: attach in Tokyo (InsertSubscriberData in an XUDT fragmented into SCTP B/E DATA chunks, IPv6), Berlin, at home; LTE ULR/ULA over SCTP and over TCP (ULR split across two segments); calls via the home GMSC; SMS from foreign SMSCs (bundled SRI-SM); home GMLC PSL and SLg PLR; Tokyo → London 16 h later with CancelLocation.',
    ...ethernetOnly,
    sccpFor: xudtWithJapan,
    fragmentAbove: 200,
    watchChina: false,
    startSec: START,
    run: baseline,
  },
  {
    name: 'ss7-location-tracking',
    summary:
      'SS7 tracking of five roamers: SRI from China, PSL from Barbados, ATI from the Bahamas, PSI from China, and a three-origin burst (China, Barbados, Bahamas within 5 minutes) on one subscriber; the Chinese carrier is on the watch list (its legitimate SMS is informational).',
    ...ethernetOnly,
    sccpFor: xudtWithJapan,
    fragmentAbove: 200,
    watchChina: true,
    startSec: START + 7 * 24 * HOUR,
    run: ss7Tracking,
  },
  {
    name: 'ss7-interception',
    summary:
      'SS7 interception over Linux cooked capture (SLL): UpdateLocation from a Chinese GT naming the Japanese VLR, UpdateLocation from China 10 minutes after London, a forged CancelLocation from the Bahamas followed by a Bahamas UpdateLocation, and a PurgeMS from China for a subscriber in Japan (a PurgeMS from the Paris VLR serving its subscriber is routine).',
    format: 'pcap',
    linkTypes: [LINKTYPE_LINUX_SLL],
    sccpFor: xudtWithJapan,
    fragmentAbove: 200,
    watchChina: false,
    startSec: START + 14 * 24 * HOUR,
    run: ss7Interception,
  },
  {
    name: 'diameter-location-tracking',
    summary:
      'Diameter (pcapng, Ethernet + SLL interfaces): LTE attaches over SCTP and TCP (one ULR split across two segments), ULR with a Chinese Origin-Realm and the Japanese Visited-PLMN-Id, SLg PLR from a Chinese GMLC, location IDR from a Bahamas realm, Paris → Japan in 5 minutes.',
    format: 'pcapng',
    linkTypes: [LINKTYPE_ETHERNET, LINKTYPE_LINUX_SLL],
    ifaceOf: (peer) => (peer === jp || peer === bs ? 1 : 0),
    fragmentAbove: 1200,
    watchChina: false,
    startSec: START + 21 * 24 * HOUR,
    run: diameterTracking,
  },
  {
    name: 'presence-and-campaigns',
    summary:
      'Presence model and campaign semantics: a UL from China 5 minutes after a re-registration in Tokyo (two days after arrival), a Barbados UL 15 minutes after a call confirmed the subscriber in Germany, and a three-origin campaign on a roamer in a non-partner network whose visited network keeps querying it.',
    ...ethernetOnly,
    fragmentAbove: 1200,
    watchChina: false,
    startSec: START + 28 * 24 * HOUR,
    run: presenceAndCampaigns,
  },
  {
    name: 'reordered-dialogues',
    summary:
      "Reordering: InsertSubscriberData Continue captured before the UpdateLocation Begin at the same timestamp, and a ULA before its ULR, for roamers in a non-partner network; the visited network's later SRI and PLR are legitimate.",
    format: 'pcapng',
    linkTypes: [LINKTYPE_ETHERNET],
    fragmentAbove: 1200,
    watchChina: false,
    startSec: START + 35 * 24 * HOUR,
    run: reordered,
  },
  {
    name: 'realm-and-harvesting',
    summary:
      "FS.19 realm checks and vector harvesting next to legitimate roaming: attaches with SAI/AIR, ULR/AIR/PUR from the realm roaming-hub.example, SAI from China, a partner GT asking for ten subscribers' vectors within the hour.",
    ...ethernetOnly,
    fragmentAbove: 1200,
    watchChina: false,
    startSec: START + 42 * 24 * HOUR,
    run: realmAndHarvesting,
  },
  {
    name: 'no-profile-attacks',
    summary:
      'Scanned without a profile (home inferred from 10 messages: the IMSI PLMN alone): a call via the home GMSC, CancelLocation + DeleteSubscriberData from a Chinese GT, ULR/AIR/PUR from a free-form realm.',
    ...ethernetOnly,
    fragmentAbove: 1200,
    watchChina: false,
    withoutProfile: true,
    startSec: START + 49 * 24 * HOUR,
    run: withoutProfile,
  },
  {
    name: 'registration-refused',
    summary:
      'Register-then-track: a Chinese UpdateLocation and a Chinese ULR for roamers registered in Japan and the UK, refused by the home HLR/HSS (returnError roamingNotAllowed, ULA 5004); the SRI and PLR from China that follow are still location-origin-mismatch.',
    ...ethernetOnly,
    fragmentAbove: 1200,
    watchChina: false,
    startSec: START + 56 * 24 * HOUR,
    run: registrationRefused,
  },
];

/** `--messages N`: the mixed benchmark capture. */
export const MIXED: CaptureSpec = {
  name: 'mixed',
  summary: 'Benchmark: 5000 roamers, legitimate traffic and 1 % attacks from one foreign network.',
  ...ethernetOnly,
  sccpFor: xudtWithJapan,
  fragmentAbove: 200,
  watchChina: false,
  startSec: START,
  run: mixed,
};

/** `--scenario flood --messages N`: the alert-flood benchmark capture. */
export const FLOOD: CaptureSpec = {
  name: 'flood',
  summary: 'Benchmark: 24,000 roamers and a location-probe flood (about 59 % of 755,000 messages) from four foreign networks, SS7 and Diameter.',
  ...ethernetOnly,
  fragmentAbove: 1200,
  watchChina: false,
  startSec: START,
  run: flood,
};
