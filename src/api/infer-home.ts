/**
 * Provisional home network inferred from the traffic, for captures scanned without a profile.
 *
 * The home network is the one whose HLR/HSS answers location management: the called GT of
 * UpdateLocation / UpdateGprsLocation invokes (and the hlrNumber of their results), the calling
 * GT of CancelLocation / InsertSubscriberData (sent by the HLR), the Origin-Realm of ULA/AIA and
 * the Destination-Realm of ULR/AIR. Weaker votes come from HLR-bound interrogations (SRI, ATI,
 * SAI ...). The home IMSI range is the dominant MCC+MNC of the IMSIs seen in HLR-bound messages
 * (all IMSIs when there are none).
 *
 * Votes, not first-seen: a capture usually holds a few foreign nodes as well, and the home
 * network is the one most of the location management converges on.
 */
import { lookupE164 } from '../attribution/e164.js';
import { imsiPlmn, mccCountry } from '../attribution/e212.js';
import { realmPlmn } from '../attribution/realm.js';
import { DIAMETER_CMD } from '../diameter/dictionary/codes.js';
import type { SignallingEvent } from '../events/types.js';
import { MAP_OP } from '../ss7/map/operations.js';

/** What was inferred, with the reasons (shown in the summary and in every alert's assumptions). */
export interface InferredHome {
  /** Display name, e.g. `23410 (inferred)`. */
  name: string;
  country?: string;
  gtPrefixes: string[];
  imsiPrefixes: string[];
  msisdnPrefixes: string[];
  realms: string[];
  /** One line per signal used, e.g. `called GT of 12 UpdateLocation invokes: 4412345...`. */
  evidence: string[];
}

/** MAP opcodes (TS 29.002 §17.5) whose invokes go to the subscriber's HLR, with their vote weight. */
const TO_HLR: Readonly<Record<number, number>> = {
  [MAP_OP.updateLocation]: 3,
  [MAP_OP.updateGprsLocation]: 3,
  [MAP_OP.sendRoutingInfo]: 1,
  [MAP_OP.sendRoutingInfoForSM]: 1,
  [MAP_OP.sendAuthenticationInfo]: 1,
  [MAP_OP.anyTimeInterrogation]: 1,
  [MAP_OP.sendRoutingInfoForLCS]: 1,
  [MAP_OP.purgeMS]: 1,
  [MAP_OP.restoreData]: 1,
};
/** MAP opcodes whose invokes come from the HLR: CancelLocation, InsertSubscriberData, DeleteSubscriberData. */
const FROM_HLR: ReadonlySet<number> = new Set([MAP_OP.cancelLocation, MAP_OP.insertSubscriberData, MAP_OP.deleteSubscriberData]);
/** S6a commands (TS 29.272 §7.2.2) sent to / by the HSS. */
const S6A_TO_HSS: ReadonlySet<number> = new Set([DIAMETER_CMD.s6a.ULR, DIAMETER_CMD.s6a.AIR, DIAMETER_CMD.s6a.PUR]);
const S6A_FROM_HSS: ReadonlySet<number> = new Set([DIAMETER_CMD.s6a.CLR, DIAMETER_CMD.s6a.IDR, DIAMETER_CMD.s6a.DSR]);

class Tally {
  readonly counts = new Map<string, number>();
  add(key: string, n = 1): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + n);
  }
  top(): [string, number] | undefined {
    let best: [string, number] | undefined;
    for (const e of this.counts) if (best === undefined || e[1] > best[1]) best = e;
    return best;
  }
  get total(): number {
    let t = 0;
    for (const n of this.counts.values()) t += n;
    return t;
  }
}

export class HomeInference {
  private readonly hlrGts = new Tally();
  private readonly hssRealms = new Tally();
  private readonly hlrImsiPlmns = new Tally();
  private readonly anyImsiPlmns = new Tally();
  private seen = 0;

  /** Events observed so far. */
  get events(): number {
    return this.seen;
  }

  observe(ev: SignallingEvent): void {
    this.seen++;
    const imsi = ev.subscriber.imsi;
    const plmn = imsi === undefined ? undefined : imsiPlmn(imsi);
    if (plmn !== undefined) this.anyImsiPlmns.add(plmn);
    if (ev.protocol === 'diameter') {
      const d = ev.diameter;
      let hss = false;
      if (S6A_TO_HSS.has(d.cmd)) {
        if (!d.request && d.originRealm !== undefined) this.hssRealms.add(d.originRealm.toLowerCase(), 3);
        else if (d.request && d.destRealm !== undefined) this.hssRealms.add(d.destRealm.toLowerCase(), 2);
        hss = d.request;
      } else if (S6A_FROM_HSS.has(d.cmd) && d.request && d.originRealm !== undefined) {
        this.hssRealms.add(d.originRealm.toLowerCase(), 1);
      }
      if (hss && plmn !== undefined) this.hlrImsiPlmns.add(plmn);
      return;
    }
    const c = ev.component;
    if (c?.opcode === undefined) return;
    if (c.type === 'invoke') {
      const w = TO_HLR[c.opcode];
      const called = ev.sccp.called.gt;
      if (w !== undefined && called !== undefined) {
        this.hlrGts.add(called, w);
        if (plmn !== undefined) this.hlrImsiPlmns.add(plmn);
      }
      const calling = ev.sccp.calling.gt;
      if (FROM_HLR.has(c.opcode) && calling !== undefined) this.hlrGts.add(calling, 1);
    } else if ((c.opcode === MAP_OP.updateLocation || c.opcode === MAP_OP.updateGprsLocation) && typeof ev.args?.hlrNumber === 'string') {
      this.hlrGts.add(ev.args.hlrNumber, 3);
    }
  }

  /** The inferred home, or undefined when the traffic carries no signal at all. */
  result(): InferredHome | undefined {
    const evidence: string[] = [];
    const gtPrefixes: string[] = [];
    const msisdnPrefixes: string[] = [];
    const realms: string[] = [];
    const imsiPrefixes: string[] = [];
    let country: string | undefined;

    const gt = this.gtPrefix();
    if (gt !== undefined) {
      gtPrefixes.push(gt.prefix);
      msisdnPrefixes.push(gt.callingCode);
      country = gt.country;
      evidence.push(`HLR global titles (UpdateLocation/interrogation called GT, HLR-sent messages): ${gt.gts.join(', ')} → GT prefix ${gt.prefix}`);
    }
    const realm = this.hssRealms.top();
    if (realm !== undefined) {
      realms.push(realm[0]);
      const p = realmPlmn(realm[0]);
      country ??= p === undefined ? undefined : mccCountry(p.slice(0, 3));
      evidence.push(`HSS realm (Origin-Realm of ULA/AIA, Destination-Realm of ULR/AIR): ${realm[0]}`);
    }
    const imsiVotes = this.hlrImsiPlmns.total > 0 ? this.hlrImsiPlmns : this.anyImsiPlmns;
    const plmn = imsiVotes.top();
    if (plmn !== undefined) {
      imsiPrefixes.push(plmn[0]);
      country ??= mccCountry(plmn[0].slice(0, 3));
      evidence.push(`dominant IMSI MCC+MNC ${plmn[0]} (${plmn[1]} of ${imsiVotes.total} IMSIs${imsiVotes === this.hlrImsiPlmns ? ' in HLR/HSS-bound messages' : ''})`);
    }
    if (evidence.length === 0) return undefined;
    const id = plmn?.[0] ?? realm?.[0] ?? gt?.prefix ?? '';
    const out: InferredHome = { name: `${id} (inferred)`, gtPrefixes, imsiPrefixes, msisdnPrefixes, realms, evidence };
    if (country !== undefined) out.country = country;
    return out;
  }

  /**
   * The GT prefix of the winning country (HLR GTs grouped by E.164 country prefix). A single GT
   * is not narrowed to itself: the home network's VLRs and MSCs share its operator prefix, not
   * its number.
   */
  private gtPrefix(): { prefix: string; callingCode: string; country?: string; gts: string[] } | undefined {
    const groups = new Map<string, { weight: number; gts: string[]; callingCode: string; country?: string }>();
    for (const [gt, n] of this.hlrGts.counts) {
      const m = lookupE164(gt);
      const key = m?.prefix ?? gt.slice(0, 3);
      let g = groups.get(key);
      if (g === undefined) {
        g = { weight: 0, gts: [], callingCode: m?.callingCode ?? key };
        if (m?.country !== undefined) g.country = m.country;
        groups.set(key, g);
      }
      g.weight += n;
      g.gts.push(gt);
    }
    let best: [string, { weight: number; gts: string[]; callingCode: string; country?: string }] | undefined;
    for (const e of groups) if (best === undefined || e[1].weight > best[1].weight) best = e;
    if (best === undefined) return undefined;
    const [key, g] = best;
    // Several HLR GTs: what they share. One: its calling code plus 3 digits, about a national
    // destination code (E.164 §6.2.1; a NANP area code), never shorter than the country prefix.
    const top = [...g.gts].sort((a, b) => (this.hlrGts.counts.get(b) ?? 0) - (this.hlrGts.counts.get(a) ?? 0))[0]!;
    const candidate = g.gts.length > 1 ? g.gts.reduce((a, b) => commonPrefix(a, b)) : top.slice(0, Math.min(top.length - 1, g.callingCode.length + 3));
    const prefix = candidate.length > key.length ? candidate : key;
    const out: { prefix: string; callingCode: string; country?: string; gts: string[] } = { prefix, callingCode: g.callingCode, gts: g.gts.slice(0, 5) };
    if (g.country !== undefined) out.country = g.country;
    return out;
  }
}

function commonPrefix(a: string, b: string): string {
  let i = 0;
  while (i < a.length && i < b.length && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return a.slice(0, i);
}
