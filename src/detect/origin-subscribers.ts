/**
 * Cross-subscriber correlation for auth-vector-harvesting: per origin node (SCCP calling GT, else
 * Diameter Origin-Host, else Origin-Realm), the distinct subscribers whose authentication vectors
 * it asked for (SendAuthenticationInfo 56 / AIR 318) within `thresholds.auth_harvest.window`,
 * counting only requests from outside home and from outside the network the subscriber last
 * registered in (a VLR/MME authenticating its own visitors is routine). And per origin network
 * (red-team round 6, finding 8: a new Origin-Host or calling GT per request reset the node
 * count): the network the attributor puts the node in ({@link networkKey}), against its own
 * threshold (`thresholds.auth_harvest.network_subscribers`, default twice the node's), where a
 * subscriber for whom the same network then sends an UpdateLocation / ULR no longer counts — that
 * SAI/AIR was the attach's authentication, which a partner's MMEs do for every roamer.
 *
 * Fed with EVERY event, before and independently of rule evaluation, from data every
 * `scan --workers` thread sees identically (each decodes the whole input; api/workers-shard.ts):
 * the registration index is the network named by the latest UpdateLocation / UpdateGprsLocation /
 * ULR of each IMSI that counts as accepted ({@link PendingRegistrations}: where the capture shows the
 * link's answers, only one the HLR/HSS accepted), not the trusted subscriber state (which a worker
 * only holds for its share of subscribers). So one thread and N threads count the same.
 *
 * Bounded (QA of issues 15 × 16: an attacker controls how many origins and subscribers it names):
 * `limits.subscribers` IMSIs in the registration index (least recently registered dropped), {@link MAX_ORIGINS} origins (least
 * recently used dropped, Map insertion order), `thresholds.auth_harvest.subscribers` subscribers
 * per origin (the newest: a count never needs more), and `limits.subscribers` (origin, subscriber)
 * entries in all, whatever the threshold (least recently used origins dropped first); the same for
 * networks in a table of their own ({@link MAX_NETWORKS}, `network_subscribers` per network,
 * `limits.subscribers` entries), so the node count's bounds are as they were. Every drop
 * of state that was not merely out of the window is counted in {@link counters}; all of it is O(1)
 * amortised per message (each entry is inserted and deleted once).
 */
import type { IdentityKey } from '../core/identity-key.js';
import { KeyIndex } from '../core/key-index.js';
import { NIL, SlotList } from '../core/slot-list.js';
import { grown } from '../core/typed-arrays.js';
import { RefTable } from '../core/ref-table.js';
import { KeyColumn } from '../core/key-column.js';
import { sameNetwork } from '../attribution/same-network.js';
import type { Attributor, NetworkInfo } from '../attribution/types.js';
import type { MessageRecord } from '../events/record.js';
import { DIAMETER_APP, DIAMETER_CMD } from '../diameter/dictionary/codes.js';
import { MAP_OP } from '../ss7/map/operations.js';
import { AheadStamps, TIME_JUMP_SEC } from '../core/time.js';
import { known, type Networks } from './networks.js';

const MAX_ORIGINS = 4096;
/** Origin networks counted at most (least recently used dropped): registry networks, countries, 901 PLMNs. */
const MAX_NETWORKS = 1024;

/** Drops of harvesting state because a bound was reached (DetectorStats.harvest). */
export interface HarvestCounters {
  /** Origins dropped (least recently used) beyond MAX_ORIGINS or the entry budget. */
  originsEvicted: number;
  /** IMSIs dropped from the registration index beyond limits.subscribers. */
  registrationsEvicted: number;
  /** Subscribers dropped from one origin's list beyond the entry budget (threshold > limits.subscribers). */
  subscribersDropped: number;
  /** Registrations awaiting the HLR/HSS's answer dropped beyond limits.subscribers (oldest first): they excuse nothing. */
  pendingDropped: number;
}

const { ULR, AIR } = DIAMETER_CMD.s6a;

/**
 * How long a registration waits for the HLR/HSS's answer: the VLR's UpdateLocation timer (TS 29.002
 * §17.1.2, timer m: 15-30 s), the Diameter answer timeout (RFC 6733 §5.5.1 Tw: 30 s), as
 * state/subscribers.ts CLAIM_WAIT_SEC. Unanswered by then, it excuses nothing.
 */
const ANSWER_WAIT_SEC = 30;

/** A registration (UL / UGL / ULR invoke) awaiting its answer: the subscriber, where it registers, from which node. */
interface Pending {
  imsi: IdentityKey;
  /** The network it registers in (vlr-Number, else msc-Number, sgsn-Number / Visited-PLMN-Id), when named. */
  at: NetworkInfo | undefined;
  /** The origin node (calling GT / Origin-Host, else Origin-Realm) and its network, when known. */
  node: string | undefined;
  info: NetworkInfo | undefined;
  tSec: number;
  /** Whose transaction id it is: MAP the UL's calling GT, Diameter the ULR's frame ({@link PendingRegistrations}). */
  who: string | number;
}

/**
 * Registrations awaiting the home network's answer (red-team round 19, M2 and M3), on links whose
 * answers the capture shows (records' `linkTwoWay`: both directions between the hosts proven,
 * ss7/flow-directions.ts CaptureSides, diameter/decoder.ts AnsweredPairs), or from a requester whose
 * vector requests the capture shows answered (review 20 #1: MAP the UL's calling GT, records'
 * `linkTwoWay` too; Diameter the ULR's Origin-Host, {@link AnsweredHosts}): no answer to another
 * requester switches a one-direction tap's links to waiting (review 19 #1). Keyed by transaction: MAP the UL's otid (the answer's dtid, Q.774 §3.2.2.2) of the
 * UL's calling GT (the answer's called GT: Q.714 §4.1, the reply's called address is the request's
 * calling address); Diameter the ULR's End-to-End id of the ULR's frame (the ULA's, and the frame of
 * its matched request, diameter/transactions.ts: RFC 6733 §3, E2E ids are unique per originator
 * only, review 19 #4). The id alone is the key (a number: no key text per message); another
 * transaction with the same id, whose `who` differs, is kept under the text of both. Accepted: a UL /
 * UGL result or an InsertSubscriberData in that dialogue from the node the UL went to
 * (`answersRequest`: TS 29.002 §19.1.1.2, the HLR sends ISD once it accepts) on a link the capture
 * shows both ways (`linkTwoWay` of the answer, review 20 #2), a ULA 2xxx (TS 29.272
 * §7.2.4 / RFC 6733 §7.1); refused (dropped): a returnError or reject from that node, a ULA
 * 3xxx-5xxx. A TC-ABORT names no sender the dialogue table checks: it drops nothing, its wait runs
 * out. At most `limits.subscribers` waits (the oldest dropped, counted), each {@link ANSWER_WAIT_SEC}
 * of capture time; one stamped more than TIME_JUMP_SEC ahead of a present message is let go
 * (core/time.ts AheadStamps: a lone far-ahead frame must not keep the waits behind it from running out).
 */
class PendingRegistrations {
  private readonly byTx = new Map<number | string, Pending>();
  private readonly ahead = new AheadStamps();

  constructor(
    private readonly max: number,
    private readonly counters: HarvestCounters,
  ) {}

  get size(): number {
    return this.byTx.size;
  }

  /** Waits out of their time at `nowSec` are dropped, oldest first (capture order). */
  private age(nowSec: number): void {
    if (this.byTx.size === 0) return;
    const present = this.ahead.present(nowSec);
    for (const [k, q] of this.byTx) {
      if (nowSec - q.tSec <= ANSWER_WAIT_SEC && !(present && q.tSec - nowSec > TIME_JUMP_SEC)) break;
      this.byTx.delete(k);
    }
  }

  /** Registration `p` waits as transaction `id` of `p.who`. */
  add(id: number, p: Pending): void {
    this.age(p.tSec);
    const q = this.byTx.get(id);
    const k = q === undefined || q.who === p.who ? id : `${p.who} ${id}`;
    // A retransmission (same transaction) replaces the earlier wait, now the newest.
    if (!this.byTx.delete(k) && this.byTx.size >= this.max) {
      this.byTx.delete(this.byTx.keys().next().value!);
      this.counters.pendingDropped++;
    }
    this.byTx.set(k, p);
  }

  /** Transaction `id` of `who`, answered at `nowSec`: taken out (undefined when unknown or out of its wait). */
  take(id: number, who: string | number, nowSec: number): Pending | undefined {
    this.age(nowSec);
    let k: number | string = id;
    let p = this.byTx.get(k);
    if (p !== undefined && p.who !== who) p = this.byTx.get((k = `${who} ${id}`));
    if (p !== undefined) this.byTx.delete(k);
    return p;
  }
}

/**
 * The registration index: IMSI → network of its latest registration, least recently registered
 * evicted first. Slots of parallel arrays linked in registration order; the Map holds slot
 * numbers and changes only when an IMSI enters or leaves. measured (issue 19, 755 k-message alert
 * flood, 24 k IMSIs): a Map kept in order by delete + set per UpdateLocation held 2.4 MB and was
 * rebuilt (a new table of ~1 MB, allocated in large-object space) every few thousand registrations.
 */
class Registrations {
  private readonly slots = new KeyIndex<number>();
  /** Per slot: the network (an id, core/ref-table.ts) and the IMSI key (core/key-column.ts), outside the V8 heap. */
  private info = new Int32Array(0);
  private readonly infos = new RefTable<NetworkInfo>();
  private readonly key = new KeyColumn();
  /** Slot allocation and the registration order (core/slot-list.ts). */
  private readonly order = new SlotList(256);

  get size(): number {
    return this.slots.size;
  }

  get(imsi: IdentityKey): NetworkInfo | undefined {
    const s = this.slots.get(imsi);
    return s === undefined ? undefined : this.infos.get(this.info[s]!);
  }

  /** Sets the IMSI's network and makes it the most recently registered. */
  set(imsi: IdentityKey, info: NetworkInfo): void {
    let s = this.slots.get(imsi);
    if (s === undefined) {
      s = this.order.alloc();
      if (s >= this.info.length) {
        this.info = grown(this.info, this.order.capacity);
        this.key.grow(this.order.capacity);
      }
      this.order.push(s);
      this.key.set(s, imsi);
      this.slots.set(imsi, s);
    } else this.order.touch(s);
    const id = this.infos.acquire(info);
    this.infos.release(this.info[s]!);
    this.info[s] = id;
  }

  /** Drops the least recently registered IMSI. */
  dropOldest(): void {
    const s = this.order.oldest;
    if (s === NIL) return;
    this.slots.delete(this.key.get(s)!);
    this.order.free(s);
    this.infos.release(this.info[s]!);
    this.info[s] = 0;
    this.key.set(s, undefined);
  }
}

/**
 * Per key (an origin node, or an origin network), its subscribers (IMSI keys, core/identity-key.ts)
 * → latest request time, at most `threshold` of them within the window (a count never needs more),
 * at most `maxKeys` keys (least recently used dropped, Map insertion order) and `maxEntries`
 * (key, subscriber) entries in all (least recently used keys dropped first, then this key's
 * oldest subscribers). Every drop that was not merely out of the window is counted.
 */
class DistinctSubscribers {
  private readonly byKey = new Map<string, Map<IdentityKey, number>>();
  /** (key, subscriber) entries over all keys: ≤ maxEntries. */
  entries = 0;

  constructor(
    private readonly threshold: number,
    private readonly windowSec: number,
    private readonly maxKeys: number,
    private readonly maxEntries: number,
    private readonly counters: HarvestCounters,
  ) {}

  get keys(): number {
    return this.byKey.size;
  }

  private dropKey(key: string): void {
    this.entries -= this.byKey.get(key)!.size;
    this.byKey.delete(key);
    this.counters.originsEvicted++;
  }

  /** Records the request of `imsi` at `t` from `key`: its distinct subscribers within the window. */
  touch(key: string, imsi: IdentityKey, t: number): number {
    let subs = this.byKey.get(key);
    if (subs === undefined) {
      subs = new Map();
      if (this.byKey.size >= this.maxKeys) this.dropKey(this.byKey.keys().next().value!);
    } else this.byKey.delete(key);
    this.byKey.set(key, subs);
    if (!subs.delete(imsi)) this.entries++;
    subs.set(imsi, t);
    for (const [s, ts] of subs) {
      if (t - ts <= this.windowSec && subs.size <= this.threshold) break;
      subs.delete(s);
      this.entries--;
    }
    // The entry budget: least recently used keys first, then this key's oldest subscribers.
    while (this.entries > this.maxEntries && this.byKey.size > 1) this.dropKey(this.byKey.keys().next().value!);
    for (const s of subs.keys()) {
      if (this.entries <= this.maxEntries) break;
      subs.delete(s);
      this.entries--;
      this.counters.subscribersDropped++;
    }
    return subs.size;
  }

  /** Takes `imsi` out of `key`'s subscribers (no-op when it is not there). */
  forget(key: string, imsi: IdentityKey): void {
    if (this.byKey.get(key)?.delete(imsi) === true) this.entries--;
  }
}

/**
 * Diameter requesters whose AIRs the HSS answered on the capture (review 20 #1, Diameter form: AIRs from an
 * Origin-Host over a connection the capture shows both ways, its ULRs over another whose answers it never shows):
 * their ULRs wait for the ULA as on a shown link. The AIR is matched to its AIA by the transaction table (one
 * connection, reverse direction: RFC 6733 §6.2), its frame (records' `requestFrame`) to its Origin-Host here. At
 * most {@link MAX_ORIGINS} counted AIRs awaiting their answer (the oldest forgotten: its answer then proves
 * nothing) and {@link MAX_ORIGINS} hosts (past it every host is taken as answered: its ULRs wait).
 */
class AnsweredHosts {
  private readonly asked = new Map<number, string>();
  private readonly hosts = new Set<string>();
  private all = false;

  /** A counted AIR in frame `frame` from `host`. */
  air(frame: number, host: string): void {
    if (this.all || this.hosts.has(host)) return;
    if (this.asked.size >= MAX_ORIGINS) this.asked.delete(this.asked.keys().next().value!);
    this.asked.set(frame, host);
  }

  /** The AIA to the AIR of frame `requestFrame`. */
  answered(requestFrame: number): void {
    if (this.asked.size === 0) return;
    const host = this.asked.get(requestFrame);
    if (host === undefined) return;
    this.asked.delete(requestFrame);
    if (this.hosts.size >= MAX_ORIGINS) {
      this.all = true;
      this.hosts.clear();
      this.asked.clear();
    } else this.hosts.add(host);
  }

  has(host: string): boolean {
    return this.all || (this.hosts.size !== 0 && this.hosts.has(host));
  }
}

export class OriginSubscribers {
  private readonly registered = new Registrations();
  /** Origin-Hosts whose AIRs were answered on the capture: their ULRs wait (review 20 #1). */
  private readonly answeredHosts = new AnsweredHosts();
  readonly counters: HarvestCounters = { originsEvicted: 0, registrationsEvicted: 0, subscribersDropped: 0, pendingDropped: 0 };
  /** Registrations awaiting the HLR/HSS's answer (red-team round 19, M2 and M3). */
  private readonly pending: PendingRegistrations;
  /** Per origin node: SCCP calling GT, Diameter Origin-Host (else Origin-Realm). */
  private readonly nodes: DistinctSubscribers;
  /** Per origin network ({@link networkKey}), without the subscribers that then attached there. */
  private readonly networks_: DistinctSubscribers;
  /** Distinct subscribers counted for the origin node of the last observed SAI/AIR (0 otherwise). */
  count = 0;
  /** The origin node of that count (`GT 4917...`, an Origin-Host or realm). */
  origin = '';
  /** Distinct subscribers counted for the origin network of the last observed SAI/AIR (0 otherwise). */
  networkCount = 0;
  /** That network (`network Partner Japan`, `network 46001`, `country CN`). */
  network = '';

  constructor(
    private readonly networks: Networks,
    private readonly attributor: Attributor,
    threshold: number,
    readonly windowSec: number,
    private readonly maxSubscribers: number,
    /** Distinct subscribers one origin network may ask for within the window (profile thresholds.auth_harvest.network_subscribers). */
    readonly networkThreshold: number = 2 * threshold,
  ) {
    this.nodes = new DistinctSubscribers(threshold, windowSec, MAX_ORIGINS, maxSubscribers, this.counters);
    this.networks_ = new DistinctSubscribers(networkThreshold, windowSec, MAX_NETWORKS, maxSubscribers, this.counters);
    this.pending = new PendingRegistrations(maxSubscribers, this.counters);
  }

  observe(ev: MessageRecord): void {
    this.count = 0;
    this.networkCount = 0;
    if (ev.protocol === 'diameter') {
      const d = ev;
      if (d.app !== DIAMETER_APP.s6a || (d.cmd !== ULR && d.cmd !== AIR)) return;
      if (!d.request) {
        if (d.cmd === AIR && d.answersRequest) this.answeredHosts.answered(d.requestFrame);
        // The HSS's answer to a ULR (its matched request's frame and End-to-End id; TS 29.272 §7.2.4: 2xxx accepts).
        if (d.cmd === ULR && d.answersRequest && d.e2e >= 0 && this.pending.size !== 0)
          this.answered(-1 - d.e2e, d.requestFrame, ulaAccepts(d.expResultCode ?? d.resultCode), ev);
        return;
      }
      const imsi = ev.imsiKey();
      if (imsi === undefined) return;
      const realm = d.originRealm;
      const info = realm !== undefined ? this.attributor.realm(realm) : d.originHost !== undefined ? this.attributor.host(d.originHost) : undefined;
      if (d.cmd === ULR) {
        const plmn = ev.args?.visitedPlmn;
        const at = typeof plmn === 'string' ? this.attributor.plmn(plmn) : d.originRealm !== undefined ? info : undefined;
        const node = d.originHost ?? d.originRealm;
        const p = { imsi, at, node, info: node === undefined ? undefined : info, tSec: ev.tsSec + ev.tsNsec / 1e9, who: d.frame };
        // A ULR that joined its 2xxx ULA captured before it (reordering: `orphan`) was accepted already.
        // Its connection's answers are on the capture, or its host's AIRs were answered (review 20 #1): it waits.
        if ((!d.linkTwoWay && (node === undefined || !this.answeredHosts.has(node))) || d.orphan >= 0) this.accept(p);
        // Diameter ids below MAP's (a TCAP tid is a 1-4 octet code ≥ 0).
        else if (d.e2e >= 0) this.pending.add(-1 - d.e2e, p);
        return;
      }
      const key = d.originHost ?? d.originRealm;
      if (info === undefined || key === undefined) return;
      this.request(imsi, key, key, info, undefined, d.originRealm, ev);
      if (this.count !== 0) this.answeredHosts.air(d.frame, key);
      return;
    }
    if (ev.protocol !== 'map' || !ev.hasComponent) return;
    const op = ev.opcode;
    const type = ev.componentType;
    // The HLR's answer in a UL's dialogue; then, whatever the TCAP message kind, SAI / UL invokes (review 19 #3).
    if (type !== 'invoke' || op === MAP_OP.insertSubscriberData) {
      if (ev.answersRequest && this.pending.size !== 0 && (ev.tcapType === 'continue' || ev.tcapType === 'end')) this.mapAnswer(ev, type, op);
      return;
    }
    if (op !== MAP_OP.updateLocation && op !== MAP_OP.updateGprsLocation && op !== MAP_OP.sendAuthenticationInfo) return;
    // The IMSI by its key (core/identity-key.ts): neither the argument's nor the message's needs a string.
    const imsi = ev.argImsiKey() ?? ev.imsiKey();
    if (imsi === undefined) return;
    const gt = ev.sccp.calling.gt;
    if (op !== MAP_OP.updateLocation && op !== MAP_OP.updateGprsLocation) {
      if (gt === undefined || gt.length === 0) return;
      this.request(imsi, gt, `GT ${gt}`, this.attributor.gt(gt), gt, undefined, ev);
      return;
    }
    const node = ev.arg('vlrNumber') ?? ev.arg('mscNumber') ?? ev.arg('sgsnNumber');
    const at = typeof node === 'string' && node.length > 0 ? this.attributor.gt(node) : undefined;
    const from = gt !== undefined && gt.length > 0 ? gt : undefined;
    const info = from === undefined ? undefined : this.attributor.gt(from);
    const p = { imsi, at, node: from, info, tSec: ev.tsSec + ev.tsNsec / 1e9, who: from ?? '' };
    // A Begin that joined its addressee's answers captured before it (reordering: `orphan`) was answered already.
    if (!ev.linkTwoWay || ev.orphan >= 0) {
      this.accept(p);
      return;
    }
    // On a link whose answers are on the capture: wait for the HLR's, in the UL's dialogue. A UL outside one
    // (TC-UNIDIRECTIONAL, an End, no otid or calling GT) can get no answer: it excuses nothing (review 19 #2).
    if ((ev.tcapType === 'begin' || ev.tcapType === 'continue') && ev.otidCode >= 0 && from !== undefined) this.pending.add(ev.otidCode, p);
  }

  /**
   * A result, error, reject or InsertSubscriberData from the addressee of a dialogue (`answersRequest`)
   * in a Continue / End: when its dialogue is a registration's awaiting its answer (dtid = the UL's
   * otid, sent to the UL's calling GT), that registration's outcome.
   */
  private mapAnswer(ev: MessageRecord, type: MessageRecord['componentType'], op: number | undefined): void {
    // Only one on a link the capture shows both ways, in a dialogue with no answer refused as the requester's (records'
    // `linkTwoWay` on an answer; review 20 #2: a result forged from another host counted): any other decides nothing.
    if (!ev.linkTwoWay) return;
    let accepted: boolean;
    if (type === 'returnError' || type === 'reject') accepted = false;
    else if (type === 'invoke' || op === MAP_OP.updateLocation || op === MAP_OP.updateGprsLocation) accepted = true;
    else return;
    const to = ev.sccp.called.gt;
    if (to !== undefined && ev.dtidCode >= 0) this.answered(ev.dtidCode, to, accepted, ev);
  }

  /** The answer to transaction `id` of `who`: accepted, refused, or neither (`undefined`: kept waiting). */
  private answered(id: number, who: string | number, accepted: boolean | undefined, ev: MessageRecord): void {
    if (accepted === undefined) return;
    const p = this.pending.take(id, who, ev.tsSec + ev.tsNsec / 1e9);
    if (p !== undefined && accepted) this.accept(p);
  }

  /** A registration counted as accepted: the index follows it, its node and network forget the subscriber. */
  private accept(p: Pending): void {
    if (p.at !== undefined) this.register(p.imsi, p.at);
    if (p.node !== undefined && p.info !== undefined) this.attached(p.imsi, p.node, p.info);
  }

  private register(imsi: IdentityKey, info: NetworkInfo): void {
    this.registered.set(imsi, info);
    if (this.registered.size > this.maxSubscribers) {
      this.registered.dropOldest();
      this.counters.registrationsEvicted++;
    }
  }

  /**
   * An UpdateLocation / ULR for `imsi` from the network `info`: its earlier SAI/AIR from that
   * network was the attach's authentication (TS 23.012 §5.2.1, TS 23.401 §5.3.2.1: authentication
   * before the location update), not harvesting: the node and its network forget it. A harvester
   * that follows each AIR with a ULR moves the subscriber (cancelling its real registration) and
   * meets the location rules instead.
   */
  private attached(imsi: IdentityKey, node: string, info: NetworkInfo): void {
    // Nothing to forget while no request is counted (the usual case: SAI/AIR from outside home
    // and outside the registered network are rare): no key text made and hashed per
    // UpdateLocation / ULR (bench/results-notes.md, "winback").
    if (this.nodes.entries > 0) this.nodes.forget(node, imsi);
    if (this.networks_.entries === 0) return;
    const k = networkKey(info);
    if (k !== undefined) this.networks_.forget(k, imsi);
  }

  /** Table sizes, for the bounded-state tests: registration index, origin nodes, entries over all nodes, networks, their entries, waits. */
  get sizes(): { registered: number; origins: number; entries: number; networks: number; networkEntries: number; pending: number } {
    const n = this.networks_;
    const pending = this.pending.size;
    return { registered: this.registered.size, origins: this.nodes.keys, entries: this.nodes.entries, networks: n.keys, networkEntries: n.entries, pending };
  }

  private request(
    imsi: IdentityKey,
    key: string,
    label: string,
    info: NetworkInfo,
    gt: string | undefined,
    realm: string | undefined,
    ev: MessageRecord,
  ): void {
    if (!known(info)) return;
    const o = { info, gt, pc: undefined, host: undefined, realm };
    if (this.networks.homeKnown && this.networks.isHome(o)) return;
    const at = this.registered.get(imsi);
    if (at !== undefined && sameNetwork(info, at) === true) return;
    const t = ev.tsSec + ev.tsNsec / 1e9;
    this.count = this.nodes.touch(key, imsi, t);
    this.origin = label;
    const k = networkKey(info);
    if (k === undefined) return;
    this.networkCount = this.networks_.touch(k, imsi, t);
    this.network = k;
  }
}

/**
 * The origin network a node belongs to, as the attributor resolves it (so text variants of one
 * network — case, a trailing dot, another host or subdomain of a 3GPP realm, another GT of a
 * declared prefix — are one key): the registry network, else the country (an E.164 country code,
 * the MCC of a PLMN the registry does not name: rotating MNCs of one country is one key), else the
 * PLMN (MCC 901, international networks: no country). Bounded by the attributor's answers.
 */
function networkKey(info: NetworkInfo): string | undefined {
  if ((info.source === 'registry' || info.source === 'pointcode') && info.network !== undefined) return `network ${info.network}`;
  if (info.country !== undefined) return `country ${info.country}`;
  return info.plmn !== undefined ? `network ${info.plmn}` : undefined;
}

/** TS 29.272 §7.2.4 / RFC 6733 §7.1: 2xxx accepts, 3xxx-5xxx refuses; anything else decides nothing. */
function ulaAccepts(code: number | undefined): boolean | undefined {
  return code === undefined || code < 2000 ? undefined : code < 3000;
}
