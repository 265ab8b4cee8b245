/**
 * Per-event evaluation context, shared by compiled rules and custom rules. One instance is reused
 * for every event (reset() clears the caches): origin, subscriber record and claimed location are
 * resolved lazily, at most once per event, and only when a candidate rule asks.
 */
import type { Attributor, NetworkInfo } from '../attribution/types.js';
import type { SignallingEvent } from '../events/types.js';
import type { Location, SubscriberRecord, SubscriberStore } from '../state/subscribers.js';
import type { Networks, Origin } from './networks.js';
import type { Profile } from './profile.js';

/** Why a predicate held, for the alert's explanation (only built on the matching path). */
export type Reason =
  | { kind: 'origin'; sets: readonly string[]; visitedUnknown: boolean }
  | { kind: 'spoof'; claimed: NetworkInfo; field: string; value: string }
  | { kind: 'velocity'; kmh: number; km: number; hours: number; from: Location; to: NetworkInfo }
  | { kind: 'neighbour'; to: NetworkInfo }
  | { kind: 'watched'; carrier: string; via: string }
  | { kind: 'distinct'; count: number; windowSec: number }
  | { kind: 'sequence'; firstFrame: number; firstTsSec: number; windowSec: number };

/** A network a message claims the subscriber is in (UL vlr/msc/sgsn-Number, ULR Visited-PLMN-Id). */
export interface Claimed {
  info: NetworkInfo;
  field: string;
  value: string;
}

const UNSET = Symbol('unset');

export class MatchContext {
  ev!: SignallingEvent;
  /** Set by predicates that decided without the visited network (the alert's level drops one step). */
  lowConfidence = false;
  readonly reasons: Reason[] = [];
  /** A custom rule's own explanation for its match. */
  customExplanation: string | undefined = undefined;
  private originC: Origin | undefined | typeof UNSET = UNSET;
  private subC: SubscriberRecord | undefined | typeof UNSET = UNSET;
  private homeC: NetworkInfo | undefined | typeof UNSET = UNSET;
  private claimedC: Claimed | undefined | typeof UNSET = UNSET;

  constructor(
    readonly networks: Networks,
    readonly store: SubscriberStore,
    readonly profile: Profile,
    readonly attributor: Attributor,
  ) {}

  reset(ev: SignallingEvent): void {
    this.ev = ev;
    this.originC = UNSET;
    this.subC = UNSET;
    this.homeC = UNSET;
    this.claimedC = UNSET;
  }

  /** Before each rule: predicates of one rule must not explain another rule's alert. */
  beginRule(): void {
    this.lowConfidence = false;
    this.reasons.length = 0;
    this.customExplanation = undefined;
  }

  /** The sending network: SCCP calling GT (else calling PC / MTP OPC via the registry); Diameter Origin-Realm (else Origin-Host). */
  origin(): Origin | undefined {
    if (this.originC === UNSET) this.originC = this.resolveOrigin();
    return this.originC;
  }

  subscriber(): SubscriberRecord | undefined {
    if (this.subC === UNSET) {
      const ev = this.ev;
      const imsi = (ev.protocol === 'diameter' ? ev.diameter.userName : undefined) ?? ev.subscriber.imsi;
      this.subC = this.store.find(imsi, ev.subscriber.msisdn);
    }
    return this.subC;
  }

  visited(): Location | undefined {
    return this.subscriber()?.visited;
  }

  /** Last trusted location (survives a purge, unlike `visited`). */
  lastTrusted(): Location | undefined {
    const h = this.subscriber()?.history;
    return h === undefined ? undefined : h[h.length - 1];
  }

  subscriberHome(): NetworkInfo | undefined {
    if (this.homeC === UNSET) {
      const rec = this.subscriber();
      const imsi = this.imsi();
      this.homeC = rec?.home ?? this.networks.homeOf(imsi, this.ev.subscriber.msisdn ?? rec?.msisdn);
    }
    return this.homeC;
  }

  imsi(): string | undefined {
    const ev = this.ev;
    return (ev.protocol === 'diameter' ? ev.diameter.userName : undefined) ?? ev.subscriber.imsi ?? this.subscriber()?.imsi;
  }

  /** Where an UpdateLocation / ULR says the subscriber now is. */
  claimed(): Claimed | undefined {
    if (this.claimedC === UNSET) this.claimedC = this.resolveClaimed();
    return this.claimedC;
  }

  /** Correlation key of the subscriber (IMSI, else `tel:` MSISDN). */
  subscriberKey(): string | undefined {
    return this.store.keyOf(this.imsi(), this.ev.subscriber.msisdn);
  }

  private resolveOrigin(): Origin | undefined {
    const ev = this.ev;
    const a = this.attributor;
    if (ev.protocol === 'diameter') {
      const d = ev.diameter;
      if (d.originRealm !== undefined) {
        const o: Origin = { info: a.realm(d.originRealm), realm: d.originRealm };
        if (d.originHost !== undefined) o.host = d.originHost;
        return o;
      }
      return d.originHost !== undefined ? { info: a.host(d.originHost), host: d.originHost } : undefined;
    }
    const calling = ev.sccp.calling;
    if (calling.gt !== undefined && calling.gt.length > 0) return { info: a.gt(calling.gt), gt: calling.gt };
    const pc = calling.pc ?? ev.mtp?.opc;
    if (pc === undefined) return undefined;
    const info = a.pointCode(pc);
    return info === undefined ? undefined : { info, pc };
  }

  private resolveClaimed(): Claimed | undefined {
    const ev = this.ev;
    const args = ev.args;
    if (ev.protocol === 'diameter') {
      const plmn = args?.visitedPlmn;
      if (typeof plmn === 'string') return { info: this.attributor.plmn(plmn), field: 'args.visitedPlmn', value: plmn };
      const realm = ev.diameter.originRealm;
      return realm === undefined ? undefined : { info: this.attributor.realm(realm), field: 'diameter.originRealm', value: realm };
    }
    for (const f of CLAIM_FIELDS) {
      const v = args?.[f];
      if (typeof v === 'string' && v.length > 0) return { info: this.attributor.gt(v), field: `args.${f}`, value: v };
    }
    return undefined;
  }
}

/** The node a MAP UL / UGL names: VLR first (TS 29.002 §8.1.2 vlr-Number is mandatory), then MSC, SGSN. */
const CLAIM_FIELDS = ['vlrNumber', 'mscNumber', 'sgsnNumber'] as const;
