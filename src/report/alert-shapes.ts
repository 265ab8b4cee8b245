/**
 * Shape writers for the objects of an alert line whose keys the project defines (issue 19): the
 * alert's `subscriber`, `origin` and `visited` (detect/alert.ts buildAlert) and the evidence's
 * Diameter block (diameter/decoder.ts, the DiameterInfo of events/types.ts). Each writes the
 * members with precomputed key bytes and named property reads, in place of the generic walk of
 * report/json-bytes.ts (Object.keys, a keyed read and an escaped key per member: the walk was
 * ~45 % of the writer's self time on flood alerts).
 *
 * Exactly JSON.stringify's bytes: json-bytes.ts keyMask checks that the object's own enumerable
 * keys are the shape's keys in the shape's order (any other object, e.g. one a caller rebuilt in
 * another key order or with another key, goes through the generic walk), and every member whose
 * value is not of the expected type is written by the generic member writer.
 */
import { ascii, type Frag, type JsonBytes, keyMask } from './json-bytes.js';
import { avpsBytes, Fragments, fragment, originBytes, originExplainedBytes } from './evidence-fragments.js';
import { CappedMap } from '../core/capped-map.js';
import type { AlertOrigin, AlertVisited } from '../detect/alert.js';
import type { DiameterInfo } from '../events/types.js';

const K = (key: string): Frag => ascii(`,"${key}":`);

/** DiameterInfo's keys in the order the decoder assigns them. */
const DIAMETER = [
  'cmd',
  'app',
  'request',
  'proxyable',
  'error',
  'retransmit',
  'hbh',
  'e2e',
  'avps',
  'routeRecord',
  'cmdName',
  'cmdAbbrev',
  'appName',
  'sessionId',
  'originHost',
  'originRealm',
  'destHost',
  'destRealm',
  'userName',
  'visitedPlmn',
  'resultCode',
  'expResultCode',
  'avpTree',
  'requestFrame',
] as const;
const D = DIAMETER.map(K);
const bit = (k: (typeof DIAMETER)[number]): number => 1 << DIAMETER.indexOf(k);
/** The four header flags (request … retransmit): one of 16 precomputed texts. */
const FLAG_BITS = bit('request') | bit('proxyable') | bit('error') | bit('retransmit');
const FLAGS: Frag[] = Array.from({ length: 16 }, (_, i) =>
  ascii(`,"request":${(i & 8) !== 0},"proxyable":${(i & 4) !== 0},"error":${(i & 2) !== 0},"retransmit":${(i & 1) !== 0}`),
);
const NO_ROUTE_RECORD = ascii(',"routeRecord":[]');
/** cmdName, cmdAbbrev and appName: dictionary texts, written from bytes kept per command name. */
const NAME_BITS = bit('cmdName') | bit('cmdAbbrev') | bit('appName');
interface Names {
  abbrev: string;
  app: string;
  bytes: Frag;
}
/** Kept per command name (bounded as every kept fragment is: evidence-fragments.ts). */
const names = new Fragments<string, Names>();

/** `,"key":` + the Diameter block as JSON.stringify writes it. */
export function diameterMember(w: JsonBytes, key: Frag, d: DiameterInfo): void {
  const m = keyMask(d, DIAMETER);
  if (m < 0) {
    w.member(key, d);
    return;
  }
  w.bytes(key);
  const open = w.mark();
  if (m & 1) w.member(D[0]!, d.cmd);
  if (m & 2) w.member(D[1]!, d.app);
  const { request, proxyable, error, retransmit } = d as { request: unknown; proxyable: unknown; error: unknown; retransmit: unknown };
  if (
    (m & FLAG_BITS) === FLAG_BITS &&
    typeof request === 'boolean' &&
    typeof proxyable === 'boolean' &&
    typeof error === 'boolean' &&
    typeof retransmit === 'boolean'
  ) {
    w.bytes(FLAGS[(request ? 8 : 0) | (proxyable ? 4 : 0) | (error ? 2 : 0) | (retransmit ? 1 : 0)]!);
  } else {
    if (m & 4) w.member(D[2]!, request);
    if (m & 8) w.member(D[3]!, proxyable);
    if (m & 16) w.member(D[4]!, error);
    if (m & 32) w.member(D[5]!, retransmit);
  }
  if (m & 64) w.member(D[6]!, d.hbh);
  if (m & 128) w.member(D[7]!, d.e2e);
  if (m & 256) {
    const a = d.avps as unknown;
    if (Array.isArray(a) && Object.getPrototypeOf(a) === Array.prototype) {
      const kept = typeof d.cmd === 'number' ? avpsBytes(d.cmd, a) : undefined;
      if (kept !== undefined) w.bytes(kept);
      else {
        w.bytes(D[8]!);
        w.pairs(a);
      }
    } else w.member(D[8]!, a);
  }
  if (m & 512) {
    const r = d.routeRecord as unknown;
    if (Array.isArray(r) && r.length === 0 && Object.getPrototypeOf(r) === Array.prototype) w.bytes(NO_ROUTE_RECORD);
    else w.member(D[9]!, r);
  }
  if ((m & NAME_BITS) !== 0) diameterNames(w, d, m);
  if (m & (1 << 13)) w.member(D[13]!, d.sessionId);
  if ((m & HOST_BITS) !== 0) diameterHosts(w, d, m);
  if (m & (1 << 18)) w.member(D[18]!, d.userName);
  if (m & (1 << 19)) w.member(D[19]!, d.visitedPlmn);
  if (m & (1 << 20)) w.member(D[20]!, d.resultCode);
  if (m & (1 << 21)) w.member(D[21]!, d.expResultCode);
  if (m & (1 << 22)) w.member(D[22]!, d.avpTree);
  if (m & (1 << 23)) w.member(D[23]!, d.requestFrame);
  w.close(open);
}

function diameterNames(w: JsonBytes, d: DiameterInfo, m: number): void {
  const { cmdName, cmdAbbrev, appName } = d as { cmdName: unknown; cmdAbbrev: unknown; appName: unknown };
  if ((m & NAME_BITS) === NAME_BITS && typeof cmdName === 'string' && typeof cmdAbbrev === 'string' && typeof appName === 'string') {
    const kept = names.get(cmdName);
    if (kept !== undefined && kept.abbrev === cmdAbbrev && kept.app === appName) {
      w.bytes(kept.bytes);
      return;
    }
    if (kept === undefined) {
      const bytes = fragment(`,"cmdName":${JSON.stringify(cmdName)},"cmdAbbrev":${JSON.stringify(cmdAbbrev)},"appName":${JSON.stringify(appName)}`);
      names.set(cmdName, { abbrev: cmdAbbrev, app: appName, bytes }, bytes);
    }
  }
  if (m & bit('cmdName')) w.member(D[10]!, cmdName);
  if (m & bit('cmdAbbrev')) w.member(D[11]!, cmdAbbrev);
  if (m & bit('appName')) w.member(D[12]!, appName);
}

/** originHost, originRealm, destHost and destRealm (bits 14–17): written from bytes kept per Origin-Host. */
const HOST_BITS = bit('originHost') | bit('originRealm') | bit('destHost') | bit('destRealm');
interface Hosts {
  /** The four texts the bytes were made from (undefined: the key was absent). */
  oh: string | undefined;
  or: string | undefined;
  dh: string | undefined;
  dr: string | undefined;
  bytes: Frag;
}
/**
 * Kept by the first present text (the Origin-Host, usually), up to {@link HOSTS_PER_KEY} variants
 * each (a peer sends to several destinations): a peer's messages repeat the same identities, which
 * the decoder interns (diameter/fields.ts identity), so a hit is one Map lookup on a hash cached in
 * the string and pointer comparisons instead of four escape checks and copies. Bounded:
 * {@link HOSTS_KEYS} keys (then it starts over, core/capped-map.ts) × {@link HOSTS_PER_KEY}
 * fragments of ≤ {@link HOSTS_BYTES} bytes (~2.6 MB at most; a longer block is written, not kept).
 */
const HOSTS_KEYS = 1024;
const hosts = new CappedMap<string, Hosts[]>(HOSTS_KEYS);
const HOSTS_PER_KEY = 8;
const HOSTS_BYTES = 320;
/** The variant a full list replaces next (round robin). */
let hostsNext = 0;

/** The text of a host or realm when present per `m` (undefined when absent); null when present and not a string. */
function hostText(m: number, b: number, v: unknown): string | undefined | null {
  if ((m & b) === 0) return undefined;
  return typeof v === 'string' ? v : null;
}

function diameterHosts(w: JsonBytes, d: DiameterInfo, m: number): void {
  const oh = hostText(m, 1 << 14, d.originHost);
  const or = hostText(m, 1 << 15, d.originRealm);
  const dh = hostText(m, 1 << 16, d.destHost);
  const dr = hostText(m, 1 << 17, d.destRealm);
  if (oh !== null && or !== null && dh !== null && dr !== null) {
    const key = (oh ?? or ?? dh ?? dr)!;
    let list = hosts.get(key);
    if (list !== undefined) {
      for (let i = 0; i < list.length; i++) {
        const k = list[i]!;
        if (k.oh === oh && k.or === or && k.dh === dh && k.dr === dr) {
          w.bytes(k.bytes);
          return;
        }
      }
    }
    // Texts only, in DiameterInfo's key order: JSON.stringify of each is the reference.
    let text = '';
    if (oh !== undefined) text += ',"originHost":' + JSON.stringify(oh);
    if (or !== undefined) text += ',"originRealm":' + JSON.stringify(or);
    if (dh !== undefined) text += ',"destHost":' + JSON.stringify(dh);
    if (dr !== undefined) text += ',"destRealm":' + JSON.stringify(dr);
    const bytes = fragment(text);
    if (bytes.length <= HOSTS_BYTES) {
      if (list === undefined) hosts.set(key, (list = []));
      const kept: Hosts = { oh, or, dh, dr, bytes };
      if (list.length < HOSTS_PER_KEY) list.push(kept);
      else list[hostsNext++ & (HOSTS_PER_KEY - 1)] = kept;
    }
    w.bytes(bytes);
    return;
  }
  if (m & (1 << 14)) w.member(D[14]!, d.originHost);
  if (m & (1 << 15)) w.member(D[15]!, d.originRealm);
  if (m & (1 << 16)) w.member(D[16]!, d.destHost);
  if (m & (1 << 17)) w.member(D[17]!, d.destRealm);
}

const SUBSCRIBER = ['imsi', 'msisdn'] as const;
const S = SUBSCRIBER.map(K);
/** The alert's `subscriber` key, and the same key with the object opened and its first member's key. */
export const SUBSCRIBER_KEY = K('subscriber');
export const SUBSCRIBER_OPEN_IMSI = ascii(',"subscriber":{"imsi":');

/**
 * Where the alert's `subscriber` member was written (a {@link JsonBytes.mark}, `at` −1: not by
 * the shape writer) and its length, and the values it was written from (undefined: absent).
 */
export interface SubscriberWritten {
  at: number;
  n: number;
  imsi: string | undefined;
  msisdn: string | undefined;
}

/** `,"key":` + an alert's `subscriber` ({imsi?, msisdn?}); `rec` says where and from what, for {@link SubscriberWritten}. */
export function subscriberMember(w: JsonBytes, key: Frag, s: { imsi?: string; msisdn?: string }, rec: SubscriberWritten): void {
  rec.at = -1;
  const m = keyMask(s, SUBSCRIBER);
  if (m < 0) {
    w.member(key, s);
    return;
  }
  const imsi = s.imsi as unknown;
  const msisdn = s.msisdn as unknown;
  const at = w.mark();
  let open: number;
  if (m & 1 && typeof imsi === 'string' && key === SUBSCRIBER_KEY) {
    // `,"subscriber":{"imsi":` in one copy.
    open = w.opened(SUBSCRIBER_OPEN_IMSI);
    w.str(imsi);
  } else {
    w.bytes(key);
    open = w.mark();
    if (m & 1) w.member(S[0]!, imsi);
  }
  if (m & 2) w.member(S[1]!, msisdn);
  w.close(open);
  // Texts or absent: the same bytes as toJsonEvent's subscriber {imsi?, msisdn?} of the same values.
  const i = m & 1 ? imsi : undefined;
  const n = m & 2 ? msisdn : undefined;
  if (key === SUBSCRIBER_KEY && (i === undefined || typeof i === 'string') && (n === undefined || typeof n === 'string')) {
    rec.at = at;
    rec.n = w.mark() - at;
    rec.imsi = i;
    rec.msisdn = n;
  }
}

const ORIGIN = ['gt', 'pc', 'host', 'realm', 'country', 'network', 'role'] as const;
const O = ORIGIN.map(K);

/**
 * `,"origin":` + an alert's `origin` (detect/alert.ts alertOrigin's key order). `explained`: the
 * caller writes the explanation's text next; true when `,"explanation":` was written too (with
 * the kept origin, in the same copy).
 */
export function originMember(w: JsonBytes, key: Frag, o: AlertOrigin, explained: boolean): boolean {
  const m = keyMask(o, ORIGIN);
  if (m < 0) {
    w.member(key, o);
    return false;
  }
  const kept = explained ? originExplainedBytes(o, m) : originBytes(o, m);
  if (kept !== undefined) {
    w.bytes(kept);
    return explained;
  }
  w.bytes(key);
  const open = w.mark();
  if (m & 1) w.member(O[0]!, o.gt);
  if (m & 2) w.member(O[1]!, o.pc);
  if (m & 4) w.member(O[2]!, o.host);
  if (m & 8) w.member(O[3]!, o.realm);
  if (m & 16) w.member(O[4]!, o.country);
  if (m & 32) w.member(O[5]!, o.network);
  if (m & 64) w.member(O[6]!, o.role);
  w.close(open);
  return false;
}

const VISITED = ['since', 'frame', 'country', 'network'] as const;
const V = VISITED.map(K);
/**
 * `,"country":"…","network":"…"}` of an alert's `visited` per place (the profile's or the
 * attributor's texts: a handful): one copy where there were two members and the close. Bounded
 * as every kept fragment ({@link Fragments}: 4,096 keys of ≤ 1 kB; a longer one is written, not
 * kept). (`since` is not kept: a flood's alerts carry thousands of distinct `since` texts, and
 * a lookup in a table that large cost more than writing the text: measured, bench/results-notes.md "ser2".)
 */
interface Place {
  country: string;
  bytes: Frag;
}
const places = new Fragments<string, Place>();

/** `,"key":` + an alert's `visited` (detect/alert.ts alertVisited's key order); nothing when undefined. */
export function visitedMember(w: JsonBytes, key: Frag, v: AlertVisited | undefined): void {
  const m = v === undefined ? -1 : keyMask(v, VISITED);
  if (m < 0) {
    w.member(key, v);
    return;
  }
  const x = v!;
  const since = x.since as unknown;
  const frame = x.frame as unknown;
  const country = x.country as unknown;
  const network = x.network as unknown;
  w.bytes(key);
  const open = w.mark();
  if (m & 1) w.member(V[0]!, since);
  if (m & 2) w.member(V[1]!, frame);
  if ((m & 12) === 12 && typeof country === 'string' && typeof network === 'string') {
    let p = places.get(network);
    if (p === undefined || p.country !== country) {
      p = { country, bytes: fragment(`,"country":${JSON.stringify(country)},"network":${JSON.stringify(network)}}`) };
      places.set(network, p, p.bytes);
    }
    w.bytes(p.bytes);
    w.openBrace(open);
    return;
  }
  if (m & 4) w.member(V[2]!, country);
  if (m & 8) w.member(V[3]!, network);
  w.close(open);
}
