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
 * ULR of each IMSI that the HLR/HSS accepted (red-team round 19, M2 and M3: a refused, aborted or
 * unanswered UL moved no one, yet it excused the SAI before it and rewrote the index; see
 * {@link PendingRegistrations}), not the trusted subscriber state (which a worker only holds for
 * its share of subscribers). So one thread and N threads count the same.
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
  /** UL / ULR invokes awaiting the HLR/HSS's answer dropped beyond limits.subscribers (oldest first): never excuse their SAI/AIR. */
  pendingDropped: number;
}

const { ULR, AIR } = DIAMETER_CMD.s6a;

/**
 * How long a UL / ULR waits for the HLR/HSS's answer: the VLR's operation timer (TS 29.002 §17.1.2
 * timer m: 15-30 s), the Diameter answer timeout (RFC 6733 §5.5.1 Tw, 30 s); state/subscribers.ts
 * CLAIM_WAIT_SEC. An unanswered registration then excuses nothing.
 */
const ANSWER_WAIT_SEC = 30;

/** A registration (UL / UGL / ULR invoke) awaiting its answer: who, where, from which node. */
interface Pending {
  imsi: IdentityKey;
  /** The network it registers in (vlr-Number / Visited-PLMN-Id), when named. */
  at: NetworkInfo | undefined;
  /** The origin node (calling GT / Origin-Host) and its network, when known. */
  node: string | undefined;
  info: NetworkInfo | undefined;
  tSec: number;
}

/**
 * Registrations awaiting the home network's answer (red-team round 19, M2/M3), by transaction:
 * MAP `m` + the UL's calling GT + its otid (the answer: dtid = that otid, sent to that GT, TS 29.002
 * §8.1.2 / Q.774 §3.2.2.2), Diameter `d` + the ULR's End-to-End Identifier (RFC 6733 §3: the ULA
 * carries it). Accepted: a UL / UGL result or an InsertSubscriberData in that dialogue, sent by the
 * node the UL went to (`answersRequest`), a ULA 2xxx; refused: a TC-ABORT, returnError or reject in
 * it, an error ULA. As state/learn.ts's presence model: until the scan has shown a registration
 * answer (a one-direction tap shows none) a registration is trusted at once. At most
 * `limits.subscribers` entries (oldest dropped, counted), each at most {@link ANSWER_WAIT_SEC}.
 */
class PendingRegistrations {
  private readonly byTx = new Map<string, Pending>();
  /** The scan has shown an answer (acceptance or refusal) to a registration it saw. */
  answersSeen = false;

  constructor(
    private readonly max: number,
    private readonly counters: HarvestCounters,
  ) {}

  get size(): number {
    return this.byTx.size;
  }

  add(tx: string, p: Pending): void {
    // Oldest first (insertion order): out of the answer wait, or beyond the bound (counted).
    for (const [k, q] of this.byTx) {
      if (p.tSec - q.tSec <= ANSWER_WAIT_SEC && this.byTx.size < this.max) break;
      if (p.tSec - q.tSec <= ANSWER_WAIT_SEC) this.counters.pendingDropped++;
      this.byTx.delete(k);
    }
    this.byTx.delete(tx);
    this.byTx.set(tx, p);
  }

  /** The registration `tx` answered: taken out (undefined when unknown or out of the wait). */
  take(tx: string, tSec: number): Pending | undefined {
    const p = this.byTx.get(tx);
    if (p === undefined) return undefined;
    this.byTx.delete(tx);
    this.answersSeen = true;
    return tSec - p.tSec <= ANSWER_WAIT_SEC ? p : undefined;
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

export class OriginSubscribers {
  private readonly registered = new Registrations();
  readonly counters: HarvestCounters = { originsEvicted: 0, registrationsEvicted: 0, subscribersDropped: 0, pendingDropped: 0 };
  /** Registrations awaiting the HLR/HSS's answer (red-team round 19, M2/M3). */
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
        // The HSS's answer to a ULR (RFC 6733 §3: its End-to-End Identifier; TS 29.272 §7.2.4: 2xxx accepts).
        if (d.cmd === ULR && d.answersRequest && d.e2e >= 0) this.answered(`d${String(d.e2e)}`, ulaAccepts(d.expResultCode ?? d.resultCode), ev);
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
        this.registration(d.e2e >= 0 ? `d${String(d.e2e)}` : undefined, { imsi, at, node, info, tSec: ev.tsSec + ev.tsNsec / 1e9 });
        return;
      }
      const key = d.originHost ?? d.originRealm;
      if (info === undefined || key === undefined) return;
      this.request(imsi, key, key, info, undefined, d.originRealm, ev);
      return;
    }
    if (ev.tcapType !== 'begin' && ev.tcapType !== 'unidirectional') {
      // A TC-ABORT carries no MAP component (protocol 'tcap').
      this.mapAnswer(ev);
      return;
    }
    if (ev.protocol !== 'map' || !ev.hasComponent || ev.componentType !== 'invoke') return;
    const op = ev.opcode;
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
    const tid = ev.tcapType === 'begin' && from !== undefined ? tidOf(ev.otidCode, ev.otidText) : undefined;
    this.registration(tid === undefined ? undefined : `m${from!} ${tid}`, {
      imsi,
      at,
      node: from,
      info: from === undefined ? undefined : this.attributor.gt(from),
      tSec: ev.tsSec + ev.tsNsec / 1e9,
    });
  }

  /**
   * A Continue / End / Abort: when it answers a registration awaiting its answer (dtid = the UL's
   * otid, sent to the UL's calling GT), that registration's outcome.
   */
  private mapAnswer(ev: MessageRecord): void {
    if (this.pending.size === 0) return;
    const to = ev.sccp.called.gt;
    const tid = tidOf(ev.dtidCode, ev.dtidText);
    if (to === undefined || tid === undefined) return;
    let accepted: boolean | undefined;
    if (ev.tcapType === 'abort') accepted = false;
    else if (!ev.hasComponent) return;
    else if (ev.componentType === 'returnError' || ev.componentType === 'reject') accepted = false;
    else if (!ev.answersRequest) return;
    else if (ev.componentType === 'invoke') {
      // TS 29.002 §8.1.2.2 / §19.1.1.2: the HLR sends InsertSubscriberData in the UL's dialogue once it accepts it.
      if (ev.opcode !== MAP_OP.insertSubscriberData) return;
      accepted = true;
    } else if (ev.opcode === MAP_OP.updateLocation || ev.opcode === MAP_OP.updateGprsLocation) accepted = true;
    else return;
    this.answered(`m${to} ${tid}`, accepted, ev);
  }

  /**
   * A UL / UGL / ULR invoke: trusted at once while the scan has shown no registration answer (a
   * one-direction tap), else awaiting its answer ({@link answered}).
   */
  private registration(tx: string | undefined, p: Pending): void {
    if (tx !== undefined) this.pending.add(tx, p);
    if (!this.pending.answersSeen || tx === undefined) this.accept(p);
  }

  /** The answer to registration `tx`: accepted, refused, or neither (`undefined`: kept waiting). */
  private answered(tx: string, accepted: boolean | undefined, ev: MessageRecord): void {
    if (accepted === undefined) return;
    const was = this.pending.answersSeen;
    const p = this.pending.take(tx, ev.tsSec + ev.tsNsec / 1e9);
    // Trusted at its invoke already when it was the scan's first answer.
    if (p !== undefined && accepted && was) this.accept(p);
  }

  /** The home network accepted the registration `p`: the index follows it, its node and network forget the subscriber. */
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

  /** Table sizes, for the bounded-state tests: registration index, origin nodes, entries over all nodes, networks, their entries. */
  get sizes(): { registered: number; origins: number; entries: number; networks: number; networkEntries: number } {
    const n = this.networks_;
    return { registered: this.registered.size, origins: this.nodes.keys, entries: this.nodes.entries, networks: n.keys, networkEntries: n.entries };
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

/** A TCAP transaction id as text (its code when the decoder made one, else its hex text). */
function tidOf(code: number, text: string | undefined): string | undefined {
  return code >= 0 ? String(code) : text;
}

/** TS 29.272 §7.2.4 / RFC 6733 §7.1: 2xxx accepts, 3xxx-5xxx refuses; anything else decides nothing. */
function ulaAccepts(code: number | undefined): boolean | undefined {
  return code === undefined || code < 2000 ? undefined : code < 3000;
}
