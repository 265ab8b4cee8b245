/**
 * Cross-subscriber correlation for auth-vector-harvesting: per origin node (SCCP calling GT, else
 * Diameter Origin-Host, else Origin-Realm), the distinct subscribers whose authentication vectors
 * it asked for (SendAuthenticationInfo 56 / AIR 318) within `thresholds.auth_harvest.window`,
 * counting only requests from outside home and from outside the network the subscriber last
 * registered in (a VLR/MME authenticating its own visitors is routine).
 *
 * Fed with EVERY event, before and independently of rule evaluation, from data every
 * `scan --workers` thread sees identically (each decodes the whole input; api/workers-shard.ts):
 * the registration index is the network named by the latest UpdateLocation / UpdateGprsLocation /
 * ULR of each IMSI, flagged or not, not the trusted subscriber state (which a worker only holds
 * for its share of subscribers). So one thread and N threads count the same.
 *
 * Bounded (QA of issues 15 × 16: an attacker controls how many origins and subscribers it names):
 * `limits.subscribers` IMSIs in the registration index (least recently registered dropped), {@link MAX_ORIGINS} origins (least
 * recently used dropped, Map insertion order), `thresholds.auth_harvest.subscribers` subscribers
 * per origin (the newest: a count never needs more), and `limits.subscribers` (origin, subscriber)
 * entries in all, whatever the threshold (least recently used origins dropped first). Every drop
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

/** Drops of harvesting state because a bound was reached (DetectorStats.harvest). */
export interface HarvestCounters {
  /** Origins dropped (least recently used) beyond MAX_ORIGINS or the entry budget. */
  originsEvicted: number;
  /** IMSIs dropped from the registration index beyond limits.subscribers. */
  registrationsEvicted: number;
  /** Subscribers dropped from one origin's list beyond the entry budget (threshold > limits.subscribers). */
  subscribersDropped: number;
}

const { ULR, AIR } = DIAMETER_CMD.s6a;

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

export class OriginSubscribers {
  private readonly registered = new Registrations();
  /** Origin → its subscribers (IMSI keys, core/identity-key.ts) → latest request time. */
  private readonly byOrigin = new Map<string, Map<IdentityKey, number>>();
  /** (origin, subscriber) entries over all origins: ≤ maxSubscribers. */
  private entries = 0;
  readonly counters: HarvestCounters = { originsEvicted: 0, registrationsEvicted: 0, subscribersDropped: 0 };
  /** Distinct subscribers counted for the origin of the last observed SAI/AIR (0 otherwise). */
  count = 0;
  /** The origin node of that count (`GT 4917...`, an Origin-Host or realm). */
  origin = '';

  constructor(
    private readonly networks: Networks,
    private readonly attributor: Attributor,
    private readonly threshold: number,
    readonly windowSec: number,
    private readonly maxSubscribers: number,
  ) {}

  observe(ev: MessageRecord): void {
    this.count = 0;
    if (ev.protocol === 'diameter') {
      const d = ev;
      if (d.app !== DIAMETER_APP.s6a || !d.request || (d.cmd !== ULR && d.cmd !== AIR)) return;
      const imsi = ev.imsiKey();
      if (imsi === undefined) return;
      if (d.cmd === ULR) {
        const plmn = ev.args?.visitedPlmn;
        const info = typeof plmn === 'string' ? this.attributor.plmn(plmn) : d.originRealm !== undefined ? this.attributor.realm(d.originRealm) : undefined;
        if (info !== undefined) this.register(imsi, info);
        return;
      }
      const realm = d.originRealm;
      const info = realm !== undefined ? this.attributor.realm(realm) : d.originHost !== undefined ? this.attributor.host(d.originHost) : undefined;
      const key = d.originHost ?? d.originRealm;
      if (info === undefined || key === undefined) return;
      this.request(imsi, key, key, info, undefined, d.originRealm, ev);
      return;
    }
    if (ev.protocol !== 'map' || !ev.hasComponent || ev.componentType !== 'invoke') return;
    const op = ev.opcode;
    if (op !== MAP_OP.updateLocation && op !== MAP_OP.updateGprsLocation && op !== MAP_OP.sendAuthenticationInfo) return;
    // The IMSI by its key (core/identity-key.ts): neither the argument's nor the message's needs a string.
    const imsi = ev.argImsiKey() ?? ev.imsiKey();
    if (imsi === undefined) return;
    if (op !== MAP_OP.sendAuthenticationInfo) {
      const node = ev.arg('vlrNumber') ?? ev.arg('mscNumber') ?? ev.arg('sgsnNumber');
      if (typeof node === 'string' && node.length > 0) this.register(imsi, this.attributor.gt(node));
      return;
    }
    const gt = ev.sccp.calling.gt;
    if (gt === undefined || gt.length === 0) return;
    this.request(imsi, gt, `GT ${gt}`, this.attributor.gt(gt), gt, undefined, ev);
  }

  private register(imsi: IdentityKey, info: NetworkInfo): void {
    this.registered.set(imsi, info);
    if (this.registered.size > this.maxSubscribers) {
      this.registered.dropOldest();
      this.counters.registrationsEvicted++;
    }
  }

  /** Table sizes, for the bounded-state tests: registration index, origins, entries over all origins. */
  get sizes(): { registered: number; origins: number; entries: number } {
    return { registered: this.registered.size, origins: this.byOrigin.size, entries: this.entries };
  }

  private dropOrigin(key: string): void {
    this.entries -= this.byOrigin.get(key)!.size;
    this.byOrigin.delete(key);
    this.counters.originsEvicted++;
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
    let subs = this.byOrigin.get(key);
    if (subs === undefined) {
      subs = new Map();
      if (this.byOrigin.size >= MAX_ORIGINS) this.dropOrigin(this.byOrigin.keys().next().value!);
    } else this.byOrigin.delete(key);
    this.byOrigin.set(key, subs);
    if (!subs.delete(imsi)) this.entries++;
    subs.set(imsi, t);
    for (const [s, ts] of subs) {
      if (t - ts <= this.windowSec && subs.size <= this.threshold) break;
      subs.delete(s);
      this.entries--;
    }
    // The entry budget: least recently used origins first, then this origin's oldest subscribers.
    while (this.entries > this.maxSubscribers && this.byOrigin.size > 1) this.dropOrigin(this.byOrigin.keys().next().value!);
    for (const s of subs.keys()) {
      if (this.entries <= this.maxSubscribers) break;
      subs.delete(s);
      this.entries--;
      this.counters.subscribersDropped++;
    }
    this.count = subs.size;
    this.origin = label;
  }
}
