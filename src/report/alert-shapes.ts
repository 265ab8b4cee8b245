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
import { ascii, type Frag, type JsonBytes, joined, keyMask } from './json-bytes.js';
import {
  avpsBytes,
  type FlowBytes,
  HeadCredit,
  Fragments,
  SeenTwice,
  fragment,
  keptAvps,
  keptFlow,
  originBytes,
  originExplainedBytes,
  samePairs,
} from './evidence-fragments.js';
import { CappedMap } from '../core/capped-map.js';
import type { AlertOrigin, AlertVisited } from '../detect/alert.js';
import type { DiameterInfo, SignallingEvent } from '../events/types.js';
import { jsonDiameter } from '../events/json.js';

const K = (key: string): Frag => ascii(`,"${key}":`);

export const P_MAP = ascii(',"protocol":"map"');
export const P_TCAP = ascii(',"protocol":"tcap"');
const P_DIAMETER = ascii(',"protocol":"diameter"');
const E_PROTOCOL = K('protocol');
const E_DIAMETER = K('diameter');
const E_FLOW = K('flow');
const F_TRANSPORT = K('transport');
const F_SRC = K('src');
const F_DST = K('dst');
const F_SRC_PORT = K('srcPort');
const F_DST_PORT = K('dstPort');

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

/** cmd, app and the four flags (bits 0–5): the members a kept {@link DiameterHead} covers. */
const HEAD_BITS = 63;

/**
 * `,"protocol":"diameter"`, the flow and `,"diameter":{` + cmd, app and the four flags: the
 * kept bytes of the parts joined (one copy where there were five copies and two numbers). Kept on
 * its flow's record ({@link FlowBytes}: the flow's five values, compared with `===` before the
 * record is used) with the other values it was made from, compared with `===`.
 */
export interface DiameterHead {
  cmd: number;
  app: number;
  request: boolean;
  proxyable: boolean;
  error: boolean;
  retransmit: boolean;
  bytes: Frag;
  /** Bytes from the Diameter block's `{` to the end (for its {@link JsonBytes.mark}). */
  back: number;
  /**
   * The hosts and realms written after this head ({@link diameterHosts}): a flow carries a peer's
   * few identities, so they are kept here (≤ {@link HOSTS_PER_KEY}) and found without the
   * lookup by Origin-Host (that Map lookup was the Diameter block's costliest line: 0.8 % of the
   * CLI flood's profile).
   */
  hosts: Hosts[];
  /** What follows hbh and e2e ({@link diameterMid}), made when first asked for. */
  mid: DiameterMid | undefined;
}

/**
 * `,"avps":[…],"routeRecord":[],"cmdName":…,"cmdAbbrev":…,"appName":…` of a head's command: the
 * AVP list, an empty Route-Record list and the dictionary names, one copy where there were
 * three and two lookups (the AVP list by command code, the names by command name). Kept with the
 * pairs and names it was made from.
 */
interface DiameterMid {
  flat: readonly number[];
  name: string;
  abbrev: string;
  app: string;
  bytes: Frag;
}
/** avps, routeRecord, cmdName, cmdAbbrev and appName (bits 8–12). */
const MID_BITS = 0x1f00;

function diameterMid(head: DiameterHead, d: DiameterInfo): Frag | undefined {
  const { avps, routeRecord, cmdName, cmdAbbrev, appName } = d as {
    avps: unknown;
    routeRecord: unknown;
    cmdName: unknown;
    cmdAbbrev: unknown;
    appName: unknown;
  };
  if (
    !Array.isArray(avps) ||
    Object.getPrototypeOf(avps) !== Array.prototype ||
    !Array.isArray(routeRecord) ||
    routeRecord.length !== 0 ||
    Object.getPrototypeOf(routeRecord) !== Array.prototype
  )
    return undefined;
  const k = head.mid;
  if (k !== undefined && k.name === cmdName && k.abbrev === cmdAbbrev && k.app === appName && samePairs(avps, k.flat)) return k.bytes;
  if (typeof cmdName !== 'string' || typeof cmdAbbrev !== 'string' || typeof appName !== 'string') return undefined;
  const kept = keptAvps(head.cmd, avps);
  if (kept === undefined) return undefined;
  const bytes = joined(
    kept.bytes,
    NO_ROUTE_RECORD,
    fragment(`,"cmdName":${JSON.stringify(cmdName)},"cmdAbbrev":${JSON.stringify(cmdAbbrev)},"appName":${JSON.stringify(appName)}`),
  );
  if (bytes.length <= DIAMETER_HEAD_BYTES) head.mid = { flat: kept.flat, name: cmdName, abbrev: cmdAbbrev, app: appName, bytes };
  return bytes;
}
/**
 * On the flow's record ({@link FlowBytes}, by the decoder's flow object: one per flow direction,
 * reused for every payload): ≤ {@link DIAMETER_HEADS_PER_FLOW} variants each (a peer sends a few
 * commands: ≤ 4 per flow in the 150 k flood); a head longer than {@link DIAMETER_HEAD_BYTES}
 * bytes is written in parts, not kept.
 */
const DIAMETER_HEADS_PER_FLOW = 4;
/**
 * Heads kept in all, over every flow (then all are dropped and keeping starts over, as
 * core/capped-map.ts does): a head holds up to {@link HOSTS_PER_KEY} host blocks and a `mid` of ≤
 * {@link DIAMETER_HEAD_BYTES} bytes beside its own (≤ ~4.5 kB), and the decoder keeps up to
 * 2 × 16,384 flows alive: without this bound ~11 kB per flow were held (red-team review of evid:
 * 181 MB for 16,384 flows). 1,024 heads: ≤ ~4.6 MB.
 */
const DIAMETER_HEADS_MAX = 1024;
let diameterHeadsKept = 0;
/**
 * The flow records holding heads (≤ {@link DIAMETER_HEADS_MAX}; a record does not hold its flow
 * object), weakly: a dropped flow's record and its heads go with it, not at the next start-over
 * (red-team review of flowheads: ~3 MB held after the flows were gone).
 */
const diameterHolders: WeakRef<FlowBytes>[] = [];
const diameterCredit = new HeadCredit();
const DIAMETER_HEAD_BYTES = 1024;
let diameterHeadNext = 0;

function diameterHead(d: DiameterInfo, m: number, fk: FlowBytes): DiameterHead | undefined {
  if ((m & HEAD_BITS) !== HEAD_BITS) return undefined;
  const { cmd, app, request, proxyable, error, retransmit } = d as {
    cmd: unknown;
    app: unknown;
    request: unknown;
    proxyable: unknown;
    error: unknown;
    retransmit: unknown;
  };
  const list = fk.heads;
  if (list !== undefined) {
    for (let i = 0; i < list.length; i++) {
      const h = list[i]!;
      if (h.cmd === cmd && h.app === app && h.request === request && h.proxyable === proxyable && h.error === error && h.retransmit === retransmit) {
        diameterCredit.hit();
        return h;
      }
    }
  }
  if (
    typeof cmd !== 'number' ||
    typeof app !== 'number' ||
    typeof request !== 'boolean' ||
    typeof proxyable !== 'boolean' ||
    typeof error !== 'boolean' ||
    typeof retransmit !== 'boolean'
  )
    return undefined;
  // Made only while heads are being reused (a flood spraying values would only pay for them).
  if (!diameterCredit.miss()) return undefined;
  // The same bytes as written in parts: the key, then cmd and app as member() writes numbers (JSON.stringify's text), then the flags.
  const open = joined(
    E_DIAMETER,
    fragment(`{"cmd":${JSON.stringify(cmd)},"app":${JSON.stringify(app)}`),
    FLAGS[(request ? 8 : 0) | (proxyable ? 4 : 0) | (error ? 2 : 0) | (retransmit ? 1 : 0)]!,
  );
  const bytes = joined(P_DIAMETER, fk.bytes, open);
  const h: DiameterHead = { cmd, app, request, proxyable, error, retransmit, bytes, back: open.length - open.brace, hosts: [], mid: undefined };
  if (bytes.length > DIAMETER_HEAD_BYTES) return h;
  let l = list;
  if (l === undefined || l.length < DIAMETER_HEADS_PER_FLOW) {
    if (++diameterHeadsKept > DIAMETER_HEADS_MAX) {
      for (let i = 0; i < diameterHolders.length; i++) {
        const r = diameterHolders[i]!.deref();
        if (r !== undefined) r.heads = undefined;
      }
      diameterHolders.length = 0;
      diameterHeadsKept = 1;
      l = undefined;
    }
    if (l === undefined) {
      fk.heads = l = [];
      diameterHolders.push(new WeakRef(fk));
    }
    l.push(h);
  } else l[diameterHeadNext++ & (DIAMETER_HEADS_PER_FLOW - 1)] = h;
  return h;
}

/**
 * The {@link DIAMETER} bits of the members with a value of a decoder's reused view
 * (diameter/decoder.ts DiameterView: every key present, in this order; JSON.stringify omits the
 * undefined ones), in place of {@link keyMask}'s walk of the keys.
 */
function viewMask(d: DiameterInfo): number {
  const v = d as { [K in (typeof DIAMETER)[number]]: unknown };
  let m = 0;
  if (v.cmd !== undefined) m |= 1;
  if (v.app !== undefined) m |= 1 << 1;
  if (v.request !== undefined) m |= 1 << 2;
  if (v.proxyable !== undefined) m |= 1 << 3;
  if (v.error !== undefined) m |= 1 << 4;
  if (v.retransmit !== undefined) m |= 1 << 5;
  if (v.hbh !== undefined) m |= 1 << 6;
  if (v.e2e !== undefined) m |= 1 << 7;
  if (v.avps !== undefined) m |= 1 << 8;
  if (v.routeRecord !== undefined) m |= 1 << 9;
  if (v.cmdName !== undefined) m |= 1 << 10;
  if (v.cmdAbbrev !== undefined) m |= 1 << 11;
  if (v.appName !== undefined) m |= 1 << 12;
  if (v.sessionId !== undefined) m |= 1 << 13;
  if (v.originHost !== undefined) m |= 1 << 14;
  if (v.originRealm !== undefined) m |= 1 << 15;
  if (v.destHost !== undefined) m |= 1 << 16;
  if (v.destRealm !== undefined) m |= 1 << 17;
  if (v.userName !== undefined) m |= 1 << 18;
  if (v.visitedPlmn !== undefined) m |= 1 << 19;
  if (v.resultCode !== undefined) m |= 1 << 20;
  if (v.expResultCode !== undefined) m |= 1 << 21;
  if (v.avpTree !== undefined) m |= 1 << 22;
  if (v.requestFrame !== undefined) m |= 1 << 23;
  return m;
}

/**
 * `,"protocol":"diameter"`, the flow (`f`) and `,"diameter":` + the Diameter block as
 * JSON.stringify writes them. `view`: `d` is a decoder's reused view ({@link viewMask}).
 */
export function diameterMember(w: JsonBytes, d: DiameterInfo, f: SignallingEvent['flow'], view = false): void {
  const m = view ? viewMask(d) : keyMask(d, DIAMETER);
  // The flow's record, looked up once: its bytes, or the heads kept on it.
  const fk = f !== undefined ? keptFlow(f) : undefined;
  const head = m >= 0 && fk !== undefined ? diameterHead(d, m, fk) : undefined;
  let open: number;
  if (head !== undefined) {
    w.bytes(head.bytes);
    open = w.mark() - head.back;
  } else {
    w.bytes(P_DIAMETER);
    flowMember(w, f, fk);
    if (m < 0) {
      w.member(E_DIAMETER, jsonDiameter(d, true));
      return;
    }
    w.bytes(E_DIAMETER);
    open = w.mark();
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
  }
  if (m & 64) w.member(D[6]!, d.hbh);
  if (m & 128) w.member(D[7]!, d.e2e);
  const mid = head !== undefined && (m & MID_BITS) === MID_BITS ? diameterMid(head, d) : undefined;
  if (mid !== undefined) w.bytes(mid);
  else {
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
  }
  if (m & (1 << 13)) w.member(D[13]!, d.sessionId);
  if ((m & HOST_BITS) !== 0) diameterHosts(w, d, m, head?.hosts);
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
 * fragments of ≤ {@link HOSTS_BYTES} bytes (~2.6 MB at most; a longer block is written, not kept);
 * the variants kept with a Diameter head instead are bounded by {@link DIAMETER_HEADS_MAX}.
 */
const HOSTS_KEYS = 1024;
const hosts = new CappedMap<string, Hosts[]>(HOSTS_KEYS);
const HOSTS_PER_KEY = 8;
const hostsSeen = new SeenTwice();
const HOSTS_BYTES = 320;
/** The variant a full list replaces next (round robin). */
let hostsNext = 0;

/** The text of a host or realm when present per `m` (undefined when absent); null when present and not a string. */
function hostText(m: number, b: number, v: unknown): string | undefined | null {
  if ((m & b) === 0) return undefined;
  return typeof v === 'string' ? v : null;
}

/** `kept`: the variants kept with the block's {@link DiameterHead} (else those kept per Origin-Host). */
function diameterHosts(w: JsonBytes, d: DiameterInfo, m: number, kept: Hosts[] | undefined): void {
  const oh = hostText(m, 1 << 14, d.originHost);
  const or = hostText(m, 1 << 15, d.originRealm);
  const dh = hostText(m, 1 << 16, d.destHost);
  const dr = hostText(m, 1 << 17, d.destRealm);
  if (oh !== null && or !== null && dh !== null && dr !== null) {
    const key = (oh ?? or ?? dh ?? dr)!;
    const list = kept ?? hosts.get(key);
    if (list !== undefined) {
      for (let i = 0; i < list.length; i++) {
        const k = list[i]!;
        if (k.oh === oh && k.or === or && k.dh === dh && k.dr === dr) {
          w.bytes(k.bytes);
          return;
        }
      }
    }
    // Kept only for a key seen before (a head's list holds any key): else written member by member below (SeenTwice).
    if ((kept === undefined && list !== undefined) || hostsSeen.again(key)) {
      diameterHostsKept(w, oh, or, dh, dr, key, list);
      return;
    }
  }
  if (m & (1 << 14)) w.member(D[14]!, d.originHost);
  if (m & (1 << 15)) w.member(D[15]!, d.originRealm);
  if (m & (1 << 16)) w.member(D[16]!, d.destHost);
  if (m & (1 << 17)) w.member(D[17]!, d.destRealm);
}

/** The four texts' block (undefined: absent) made and kept per `key` in `list` (a new list when undefined). */
function diameterHostsKept(
  w: JsonBytes,
  oh: string | undefined,
  or: string | undefined,
  dh: string | undefined,
  dr: string | undefined,
  key: string,
  list: Hosts[] | undefined,
): void {
  // Texts only, in DiameterInfo's key order: JSON.stringify of each is the reference.
  let text = '';
  if (oh !== undefined) text += ',"originHost":' + JSON.stringify(oh);
  if (or !== undefined) text += ',"originRealm":' + JSON.stringify(or);
  if (dh !== undefined) text += ',"destHost":' + JSON.stringify(dh);
  if (dr !== undefined) text += ',"destRealm":' + JSON.stringify(dr);
  const bytes = fragment(text);
  if (bytes.length <= HOSTS_BYTES) {
    if (list === undefined) hosts.set(key, (list = []));
    const k: Hosts = { oh, or, dh, dr, bytes };
    if (list.length < HOSTS_PER_KEY) list.push(k);
    else list[hostsNext++ & (HOSTS_PER_KEY - 1)] = k;
  }
  w.bytes(bytes);
}

/** `,"protocol":…` and `,"flow":{…}` (toJsonEvent: the flow only when it has a source address). */
export function protocolFlow(w: JsonBytes, protocol: string, f: SignallingEvent['flow']): void {
  if (protocol === 'map') w.bytes(P_MAP);
  else if (protocol === 'tcap') w.bytes(P_TCAP);
  else w.member(E_PROTOCOL, protocol);
  flowMember(w, f, f !== undefined ? keptFlow(f) : undefined);
}

/** `,"flow":{…}` of `f` from its kept record `fk`, or member by member without one (nothing without a source address). */
function flowMember(w: JsonBytes, f: SignallingEvent['flow'], fk: FlowBytes | undefined): void {
  if (fk !== undefined) w.bytes(fk.bytes);
  else if (f !== undefined && f.src !== '') {
    w.bytes(E_FLOW);
    const o = w.mark();
    w.member(F_TRANSPORT, f.transport);
    w.member(F_SRC, f.src);
    w.member(F_DST, f.dst);
    w.member(F_SRC_PORT, f.srcPort);
    w.member(F_DST_PORT, f.dstPort);
    w.close(o);
  }
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
