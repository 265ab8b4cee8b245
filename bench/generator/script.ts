/**
 * The scenario language: a clock and the signalling procedures of the world, each one a complete
 * exchange as real nodes run it (TCAP dialogues Begin/Continue/End with AARQ/AARE dialogue
 * portions, Q.773 §3.2; Diameter request/answer). Every message carries its truth seed: the
 * operation, the subscriber identities the message or its dialogue/transaction makes known
 * (ARCHITECTURE.md §4 `subscriber`), the origin, and the rules expected to alert on it.
 *
 * Procedures (TS 29.002 / TS 29.272 / TS 29.172):
 *   updateLocation   VLR → HLR UL; HLR → VLR InsertSubscriberData (MSISDN) in the same dialogue; UL result
 *   refusedUpdateLocation  VLR → HLR UL; the HLR's returnError (no InsertSubscriberData)
 *   cancelLocation   HLR (or an impostor) → VLR CancelLocation v3
 *   sendRoutingInfo  GMSC → HLR SRI; HLR → VLR ProvideRoamingNumber; SRI result (IMSI, MSRN, VMSC)
 *   sriForSm         SMSCs → HLR SendRoutingInfoForSM, several dialogues bundled in one SCTP packet
 *   locate           GMLC → HLR SendRoutingInfoForLCS (home GMLC only), GMLC → VMSC ProvideSubscriberLocation
 *   anyTime          gsmSCF → HLR AnyTimeInterrogation
 *   subscriberInfo   "HLR" → VLR ProvideSubscriberInfo
 *   ulr / plr / idr  Diameter S6a ULR/ULA, SLg PLR/PLA, S6a IDR/IDA
 *   refusedUlr       S6a ULR and a ULA with an Experimental-Result error
 */
import { DIAMETER_APP, DIAMETER_CMD } from '../../src/diameter/dictionary/codes.js';
import { ctxc, seq } from '../../src/encode/ber.js';
import { mapArg, mapRes } from '../../src/encode/map.js';
import { type ComponentSpec, type DialogueSpec, tcBegin, tcContinue, tcEnd } from '../../src/encode/tcap.js';
import { MAP_OP as OP, type MapOpName as OpName } from '../../src/ss7/map/operations.js';
import { ACN, air, answer, ellipsoidPoint, idr, largeInsertSubscriberData, pla, plr, pur, SSN, ula, ulaRefused, ulr, type DiameterIds } from './messages.js';
import type { Prng } from './prng.js';
import type { Message, Party, Stack } from './stack.js';
import type { TruthSeed } from './truth.js';
import { HOME, host, node, realmOf, type Network, type Subscriber } from './world.js';

type Ids = TruthSeed['subscriber'];

export interface ScriptOptions {
  stack: Stack;
  prng: Prng;
  /** Capture start, µs since the epoch. */
  startUs: number;
  /** SCCP message type for traffic with a network (default UDT). */
  sccpFor?: (peer: Network) => 'udt' | 'xudt';
}

/** One TCAP dialogue: both transaction ids and what it has made known about the subscriber. */
interface Dialogue {
  acn: string;
  initiator: { net: Network; party: Party; tid: string };
  responder: { net: Network; party: Party; tid: string };
  ids: Ids;
  opened: boolean;
}

export class Script {
  /** Current time, µs since the epoch. */
  now: number;
  /** Label of the scenario step written into the truth lines. */
  step = 'background';
  private tid = 0x0a000000;
  private hbh = 0x5a000000;

  constructor(private readonly o: ScriptOptions) {
    this.now = o.startUs;
  }

  get prng(): Prng {
    return this.o.prng;
  }

  /** Advances the clock by `seconds` plus up to 1 s of jitter. */
  wait(seconds: number): void {
    this.now += Math.round(seconds * 1e6) + this.o.prng.int(1_000_000);
  }

  label(step: string): this {
    this.step = step;
    return this;
  }

  // ---- MAP procedures ------------------------------------------------------------------------

  /** UpdateLocation from `sender`'s VLR GT naming `claimed`'s VLR (sender ≠ claimed: a spoofed UL). */
  /**
   * `reorder`: the HLR's InsertSubscriberData Continue is captured before the VLR's Begin, at the
   * same timestamp (M3UA load sharing over several associations; issue 15).
   */
  updateLocation(sub: Subscriber, claimed: Network, o: { sender?: Network; rules?: string[]; largeIsd?: boolean; reorder?: boolean } = {}): void {
    const sender = o.sender ?? claimed;
    const vlr = node.vlr(claimed);
    const d = this.open(ACN.networkLocUp, sender, { gt: node.vlr(sender), ssn: SSN.vlr }, HOME, { gt: node.hlr(HOME), ssn: SSN.hlr });
    const isd = o.largeIsd === true ? largeInsertSubscriberData(sub.msisdn, 80) : mapArg.insertSubscriberData({ msisdn: sub.msisdn, category: 0x0a });
    const ul = mapArg.updateLocation({ imsi: sub.imsi, mscNumber: vlr, vlrNumber: vlr });
    if (o.reorder === true) {
      // Truth identities accumulate in capture order: the ISD knows the MSISDN only, the UL both.
      const first = this.invokeMsg(d, 'insertSubscriberData', isd, { msisdn: sub.msisdn }, [], true);
      const second = this.invokeMsg(d, 'updateLocation', ul, { imsi: sub.imsi }, o.rules ?? []);
      this.o.stack.send([first, second], this.now, true);
      this.now = this.o.stack.lastUs;
      this.reply();
    } else {
      this.invoke(d, 'updateLocation', ul, { imsi: sub.imsi }, o.rules);
      this.invoke(d, 'insertSubscriberData', isd, { msisdn: sub.msisdn }, [], true);
    }
    this.result(d, 'insertSubscriberData', seq(), {}, false);
    this.result(d, 'updateLocation', mapRes.hlrNumber({ hlrNumber: node.hlr(HOME) }), {}, true, true);
  }

  /**
   * UpdateLocation from `sender`'s VLR that the HLR refuses: a returnError `error` in its End
   * (TS 29.002 §8.1.2.3; e.g. 8 roamingNotAllowed, §17.6.6), no InsertSubscriberData. `rules`: on the error; `ulRules`: on the UL.
   */
  refusedUpdateLocation(sub: Subscriber, sender: Network, error: number, rules: string[] = [], ulRules: string[] = []): void {
    const vlr = node.vlr(sender);
    const d = this.open(ACN.networkLocUp, sender, { gt: vlr, ssn: SSN.vlr }, HOME, { gt: node.hlr(HOME), ssn: SSN.hlr });
    this.invoke(d, 'updateLocation', mapArg.updateLocation({ imsi: sub.imsi, mscNumber: vlr, vlrNumber: vlr }), { imsi: sub.imsi }, ulRules);
    const c: ComponentSpec = { type: 'returnError', invokeId: 1, errorCode: error };
    d.opened = false;
    this.bundle([this.ss7(d, true, tcEnd({ dtid: d.initiator.tid, dialogue: aare(d), components: [c] }), 'updateLocation', 'returnError', {}, rules)]);
  }

  /** CancelLocation v3 (cancellationType updateProcedure) to the VLR of `serving`. */
  cancelLocation(sub: Subscriber, sender: Network, serving: Network, rules: string[] = []): void {
    const d = this.open(ACN.locationCancellation, sender, { gt: node.hlr(sender), ssn: SSN.hlr }, serving, { gt: node.vlr(serving), ssn: SSN.vlr });
    this.invoke(d, 'cancelLocation', mapArg.cancelLocation({ imsi: sub.imsi, v3: true, cancellationType: 0 }), { imsi: sub.imsi }, rules);
    this.result(d, 'cancelLocation', ctxc(3), {}, true, true);
  }

  /** DeleteSubscriberData from `sender`'s "HLR" to the VLR of `serving` (only the home HLR may send it). */
  deleteSubscriberData(sub: Subscriber, sender: Network, serving: Network, rules: string[] = []): void {
    const d = this.open(ACN.subscriberDataMngt, sender, { gt: node.hlr(sender), ssn: SSN.hlr }, serving, { gt: node.vlr(serving), ssn: SSN.vlr });
    this.invoke(d, 'deleteSubscriberData', mapArg.deleteSubscriberData({ imsi: sub.imsi }), { imsi: sub.imsi }, rules);
    this.result(d, 'deleteSubscriberData', seq(), {}, true, true);
  }

  /** PurgeMS v3 from `sender`'s VLR to the home HLR (TS 29.002 §8.1.6; only the serving VLR has a record to purge), and its result. */
  purgeMS(sub: Subscriber, sender: Network, rules: string[] = []): void {
    const vlr = node.vlr(sender);
    const d = this.open(ACN.msPurging, sender, { gt: vlr, ssn: SSN.vlr }, HOME, { gt: node.hlr(HOME), ssn: SSN.hlr });
    this.invoke(d, 'purgeMS', mapArg.purgeMS({ imsi: sub.imsi, vlrNumber: vlr }), { imsi: sub.imsi }, rules);
    this.result(d, 'purgeMS', seq(), {}, true, true);
  }

  /** SendAuthenticationInfo from `sender`'s VLR to the home HLR (a VLR authenticating a visitor, or a harvester), and its result. */
  sendAuthenticationInfo(sub: Subscriber, sender: Network, rules: string[] = []): void {
    const d = this.open(ACN.infoRetrieval, sender, { gt: node.vlr(sender), ssn: SSN.vlr }, HOME, { gt: node.hlr(HOME), ssn: SSN.hlr });
    this.invoke(d, 'sendAuthenticationInfo', mapArg.sendAuthenticationInfo({ imsi: sub.imsi, vectors: 1 }), { imsi: sub.imsi }, rules);
    this.result(d, 'sendAuthenticationInfo', seq(), {}, true, true);
  }

  /** A call to the subscriber: SRI from `sender`'s GMSC, PRN to the serving VLR, SRI result. */
  sendRoutingInfo(sub: Subscriber, sender: Network, serving: Network, rules: string[] = []): void {
    const gmsc = node.gmsc(sender);
    const d = this.sriRequest(sub, sender, rules);
    const msrn = `${serving.gtPrefix}9${String(this.o.prng.int(1000)).padStart(3, '0')}`;
    const prn = this.open(ACN.roamingNumberEnquiry, HOME, { gt: node.hlr(HOME), ssn: SSN.hlr }, serving, { gt: node.vlr(serving), ssn: SSN.vlr });
    this.invoke(
      prn,
      'provideRoamingNumber',
      mapArg.provideRoamingNumber({ imsi: sub.imsi, mscNumber: node.vlr(serving), msisdn: sub.msisdn, gmscAddress: gmsc }),
      { imsi: sub.imsi, msisdn: sub.msisdn },
    );
    this.result(prn, 'provideRoamingNumber', mapRes.provideRoamingNumber({ roamingNumber: msrn, vmscAddress: node.vlr(serving) }), {}, true, true);
    this.result(
      d,
      'sendRoutingInfo',
      mapRes.sendRoutingInfo({ imsi: sub.imsi, roamingNumber: msrn, vmscAddress: node.vlr(serving) }),
      { imsi: sub.imsi },
      true,
      true,
    );
  }

  /**
   * Short messages to several subscribers from one SMSC: the SendRoutingInfoForSM Begins travel
   * bundled in one SCTP packet, and so do the HLR's Ends (legitimate SMS interworking).
   */
  sriForSm(targets: readonly { sub: Subscriber; serving: Network }[], smscNet: Network, rules: string[] = []): void {
    const smsc = node.smsc(smscNet);
    const ds = targets.map(() => this.open(ACN.shortMsgGateway, smscNet, { gt: smsc, ssn: SSN.msc }, HOME, { gt: node.hlr(HOME), ssn: SSN.hlr }));
    this.bundle(
      targets.map((t, i) =>
        this.invokeMsg(
          ds[i]!,
          'sendRoutingInfoForSM',
          mapArg.sendRoutingInfoForSM({ msisdn: t.sub.msisdn, sca: smsc, pri: true }),
          { msisdn: t.sub.msisdn },
          rules,
        ),
      ),
    );
    this.bundle(
      targets.map((t, i) =>
        this.resultMsg(
          ds[i]!,
          'sendRoutingInfoForSM',
          mapRes.sendRoutingInfoForSM({ imsi: t.sub.imsi, networkNodeNumber: node.vlr(t.serving) }),
          { imsi: t.sub.imsi },
          true,
          true,
        ),
      ),
    );
  }

  /** Location request by `sender`'s GMLC: SRI-LCS to the HLR when it is the home GMLC, then PSL to the serving MSC. */
  locate(sub: Subscriber, sender: Network, serving: Network, rules: string[] = []): void {
    const gmlc = node.gmlc(sender);
    if (sender === HOME) {
      const r = this.open(ACN.locationSvcGateway, HOME, { gt: gmlc, ssn: SSN.gmlc }, HOME, { gt: node.hlr(HOME), ssn: SSN.hlr });
      this.invoke(r, 'sendRoutingInfoForLCS', mapArg.sendRoutingInfoForLCS({ mlcNumber: gmlc, msisdn: sub.msisdn }), { msisdn: sub.msisdn });
      this.result(
        r,
        'sendRoutingInfoForLCS',
        mapRes.sendRoutingInfoForLCS({ imsi: sub.imsi, networkNodeNumber: node.vlr(serving) }),
        { imsi: sub.imsi },
        true,
        true,
      );
    }
    const d = this.pslRequest(sub, sender, serving, rules);
    const [lat, lon] = CITY[serving.country] ?? [0, 0];
    this.result(d, 'provideSubscriberLocation', mapRes.provideSubscriberLocation({ estimate: ellipsoidPoint(lat, lon), age: 2 }), {}, true, true);
  }

  /** AnyTimeInterrogation by MSISDN from `sender`'s gsmSCF GT; the HLR answers with the serving VLR. */
  anyTime(sub: Subscriber, sender: Network, serving: Network, rules: string[] = []): void {
    const d = this.atiRequest(sub, sender, rules);
    this.result(
      d,
      'anyTimeInterrogation',
      mapRes.subscriberInfo({ location: { age: 5, vlrNumber: node.vlr(serving), mscNumber: node.vlr(serving) } }),
      {},
      true,
      true,
    );
  }

  /** ProvideSubscriberInfo to the serving VLR from `sender` (only the home HLR may send it). */
  subscriberInfo(sub: Subscriber, sender: Network, serving: Network, rules: string[] = []): void {
    const d = this.psiRequest(sub, sender, serving, rules);
    this.result(d, 'provideSubscriberInfo', mapRes.subscriberInfo({ location: { age: 1, vlrNumber: node.vlr(serving) } }), {}, true, true);
  }

  /**
   * An attack probe alone: the hostile request without an answer (the home network's SS7/Diameter
   * firewall drops it), as an alert flood sends them. `kind` picks the procedure's request:
   * SRI (GMSC → HLR), ATI (gsmSCF → HLR), PSI ("HLR" → VLR), PSL (GMLC → VMSC), and the Diameter
   * SLg PLR, S6a IDR and a ULR whose Origin-Realm is `sender` but whose Visited-PLMN-Id is `serving`.
   */
  probe(kind: 'sri' | 'ati' | 'psi' | 'psl' | 'plr' | 'idr' | 'ulr', sub: Subscriber, sender: Network, serving: Network, rules: string[]): void {
    switch (kind) {
      case 'sri':
        this.sriRequest(sub, sender, rules);
        return;
      case 'ati':
        this.atiRequest(sub, sender, rules);
        return;
      case 'psi':
        this.psiRequest(sub, sender, serving, rules);
        return;
      case 'psl':
        this.pslRequest(sub, sender, serving, rules);
        return;
      case 'plr':
        this.plrRequest(sub, sender, serving, rules);
        return;
      case 'idr':
        this.idrRequest(sub, sender, serving, rules);
        return;
      case 'ulr': {
        const ids = this.diameterIds(host.mme(sender));
        this.bundle([
          {
            proto: 'diameter',
            from: sender,
            to: HOME,
            over: 'sctp',
            bytes: ulr(ids, sub.imsi, sender, serving, HOME),
            truth: this.seedD('ULR', 'request', DIAMETER_CMD.s6a.ULR, { imsi: sub.imsi }, sender, rules),
          },
        ]);
        return;
      }
    }
  }

  // ---- Diameter procedures -------------------------------------------------------------------

  /** S6a ULR from `sender`'s MME claiming Visited-PLMN-Id `claimed`, and the HSS's ULA. */
  ulr(sub: Subscriber, claimed: Network, o: { sender?: Network; over?: 'sctp' | 'tcp'; splitAt?: number; rules?: string[]; answerFirst?: boolean } = {}): void {
    const sender = o.sender ?? claimed;
    const ids = this.diameterIds(host.mme(sender));
    const over = o.over ?? 'sctp';
    if (o.answerFirst === true) {
      // The ULA is captured before its ULR, at the same timestamp (issue 15): the ULA knows the
      // MSISDN only, the ULR (joined to its answer) both identities.
      const a = this.seedD('ULA', 'answer', DIAMETER_CMD.s6a.ULR, { msisdn: sub.msisdn }, HOME, []);
      const r = this.seedD('ULR', 'request', DIAMETER_CMD.s6a.ULR, { imsi: sub.imsi, msisdn: sub.msisdn }, sender, o.rules ?? []);
      this.o.stack.send(
        [
          { proto: 'diameter', from: HOME, to: sender, over: 'sctp', bytes: ula(ids, sub.msisdn, HOME), truth: a },
          { proto: 'diameter', from: sender, to: HOME, over: 'sctp', bytes: ulr(ids, sub.imsi, sender, claimed, HOME), truth: r },
        ],
        this.now,
        true,
      );
      this.now = this.o.stack.lastUs;
      this.reply();
      return;
    }
    const truth = this.seedD('ULR', 'request', DIAMETER_CMD.s6a.ULR, { imsi: sub.imsi }, sender, o.rules ?? []);
    this.bundle([
      {
        proto: 'diameter',
        from: sender,
        to: HOME,
        over,
        bytes: ulr(ids, sub.imsi, sender, claimed, HOME),
        truth,
        ...(o.splitAt !== undefined ? { splitAt: o.splitAt } : {}),
      },
    ]);
    this.bundle([
      {
        proto: 'diameter',
        from: HOME,
        to: sender,
        over,
        bytes: ula(ids, sub.msisdn, HOME),
        truth: this.seedD('ULA', 'answer', DIAMETER_CMD.s6a.ULR, { imsi: sub.imsi, msisdn: sub.msisdn }, HOME, []),
      },
    ]);
  }

  /** S6a ULR from `sender`'s MME in its own network and the HSS's ULA refusing it with Experimental-Result `code`; `rules`: on the ULA, `ulrRules`: on the ULR. */
  refusedUlr(sub: Subscriber, sender: Network, code: number, rules: string[] = [], ulrRules: string[] = []): void {
    const ids = this.diameterIds(host.mme(sender));
    const request = this.seedD('ULR', 'request', DIAMETER_CMD.s6a.ULR, { imsi: sub.imsi }, sender, ulrRules);
    this.bundle([{ proto: 'diameter', from: sender, to: HOME, over: 'sctp', bytes: ulr(ids, sub.imsi, sender, sender, HOME), truth: request }]);
    const truth = this.seedD('ULA', 'answer', DIAMETER_CMD.s6a.ULR, { imsi: sub.imsi }, HOME, rules);
    this.bundle([{ proto: 'diameter', from: HOME, to: sender, over: 'sctp', bytes: ulaRefused(ids, code, HOME), truth }]);
  }

  /** S6a AIR from `sender`'s MME (claiming to serve in `visited`) and the HSS's AIA. */
  air(sub: Subscriber, sender: Network, visited: Network, rules: string[] = []): void {
    const ids = this.diameterIds(host.mme(sender));
    this.bundle([
      {
        proto: 'diameter',
        from: sender,
        to: HOME,
        over: 'sctp',
        bytes: air(ids, sub.imsi, sender, visited, HOME),
        truth: this.seedD('AIR', 'request', DIAMETER_CMD.s6a.AIR, { imsi: sub.imsi }, sender, rules),
      },
    ]);
    this.bundle([
      {
        proto: 'diameter',
        from: HOME,
        to: sender,
        over: 'sctp',
        bytes: answer(ids, DIAMETER_CMD.s6a.AIR, DIAMETER_APP.s6a, host.hss(HOME), realmOf(HOME)),
        truth: this.seedD('AIA', 'answer', DIAMETER_CMD.s6a.AIR, { imsi: sub.imsi }, HOME, []),
      },
    ]);
  }

  /** S6a PUR from `sender`'s MME and the PUA. */
  pur(sub: Subscriber, sender: Network, rules: string[] = []): void {
    const ids = this.diameterIds(host.mme(sender));
    this.bundle([
      {
        proto: 'diameter',
        from: sender,
        to: HOME,
        over: 'sctp',
        bytes: pur(ids, sub.imsi, sender, HOME),
        truth: this.seedD('PUR', 'request', DIAMETER_CMD.s6a.PUR, { imsi: sub.imsi }, sender, rules),
      },
    ]);
    this.bundle([
      {
        proto: 'diameter',
        from: HOME,
        to: sender,
        over: 'sctp',
        bytes: answer(ids, DIAMETER_CMD.s6a.PUR, DIAMETER_APP.s6a, host.hss(HOME), realmOf(HOME)),
        truth: this.seedD('PUA', 'answer', DIAMETER_CMD.s6a.PUR, { imsi: sub.imsi }, HOME, []),
      },
    ]);
  }

  /** SLg PLR from `sender`'s GMLC to the MME of `serving`, and the PLA. */
  plr(sub: Subscriber, sender: Network, serving: Network, rules: string[] = []): void {
    const ids = this.plrRequest(sub, sender, serving, rules);
    const both = { imsi: sub.imsi, msisdn: sub.msisdn };
    const [lat, lon] = CITY[serving.country] ?? [0, 0];
    this.bundle([
      {
        proto: 'diameter',
        from: serving,
        to: sender,
        over: 'sctp',
        bytes: pla(ids, serving, ellipsoidPoint(lat, lon)),
        truth: this.seedD('PLA', 'answer', DIAMETER_CMD.slg.PLR, both, serving, []),
      },
    ]);
  }

  /** The SLg PLR alone (TS 29.172), `sender`'s GMLC to the MME of `serving`; returns its ids for the PLA. */
  private plrRequest(sub: Subscriber, sender: Network, serving: Network, rules: string[]): DiameterIds {
    const ids = this.diameterIds(host.gmlc(sender));
    this.bundle([
      {
        proto: 'diameter',
        from: sender,
        to: serving,
        over: 'sctp',
        bytes: plr(ids, sub.imsi, sub.msisdn, sender, serving),
        truth: this.seedD('PLR', 'request', DIAMETER_CMD.slg.PLR, { imsi: sub.imsi, msisdn: sub.msisdn }, sender, rules),
      },
    ]);
    return ids;
  }

  /** S6a IDR with location flags from `sender`'s "HSS" to the MME of `serving`, and the IDA. */
  idr(sub: Subscriber, sender: Network, serving: Network, rules: string[] = []): void {
    const ids = this.idrRequest(sub, sender, serving, rules);
    this.bundle([
      {
        proto: 'diameter',
        from: serving,
        to: sender,
        over: 'sctp',
        bytes: answer(ids, DIAMETER_CMD.s6a.IDR, DIAMETER_APP.s6a, host.mme(serving), realmOf(serving)),
        truth: this.seedD('IDA', 'answer', DIAMETER_CMD.s6a.IDR, { imsi: sub.imsi }, serving, []),
      },
    ]);
  }

  /** The S6a IDR alone (TS 29.272 §7.2.9), `sender`'s "HSS" to the MME of `serving`; returns its ids for the IDA. */
  private idrRequest(sub: Subscriber, sender: Network, serving: Network, rules: string[]): DiameterIds {
    const ids = this.diameterIds(host.hss(sender));
    this.bundle([
      {
        proto: 'diameter',
        from: sender,
        to: serving,
        over: 'sctp',
        bytes: idr(ids, sub.imsi, sender, serving),
        truth: this.seedD('IDR', 'request', DIAMETER_CMD.s6a.IDR, { imsi: sub.imsi }, sender, rules),
      },
    ]);
    return ids;
  }

  // ---- MAP requests alone (the probes, and the first half of their procedures) ----------------

  /** SendRoutingInfo from `sender`'s GMSC to the home HLR (TS 29.002 §10.1); returns the dialogue. */
  private sriRequest(sub: Subscriber, sender: Network, rules: string[]): Dialogue {
    const gmsc = node.gmsc(sender);
    const d = this.open(ACN.locationInfoRetrieval, sender, { gt: gmsc, ssn: SSN.msc }, HOME, { gt: node.hlr(HOME), ssn: SSN.hlr });
    this.invoke(d, 'sendRoutingInfo', mapArg.sendRoutingInfo({ msisdn: sub.msisdn, gmscAddress: gmsc }), { msisdn: sub.msisdn }, rules);
    return d;
  }

  /** AnyTimeInterrogation by MSISDN from `sender`'s gsmSCF to the home HLR (TS 29.002 §8.11.1). */
  private atiRequest(sub: Subscriber, sender: Network, rules: string[]): Dialogue {
    const scf = node.scf(sender);
    const d = this.open(ACN.anyTimeInfoEnquiry, sender, { gt: scf, ssn: SSN.scf }, HOME, { gt: node.hlr(HOME), ssn: SSN.hlr });
    this.invoke(d, 'anyTimeInterrogation', mapArg.anyTimeInterrogation({ msisdn: sub.msisdn, gsmScfAddress: scf }), { msisdn: sub.msisdn }, rules);
    return d;
  }

  /** ProvideSubscriberInfo from `sender`'s "HLR" to the VLR of `serving` (TS 29.002 §8.11.2). */
  private psiRequest(sub: Subscriber, sender: Network, serving: Network, rules: string[]): Dialogue {
    const d = this.open(ACN.subscriberInfoEnquiry, sender, { gt: node.hlr(sender), ssn: SSN.hlr }, serving, { gt: node.vlr(serving), ssn: SSN.vlr });
    this.invoke(d, 'provideSubscriberInfo', mapArg.provideSubscriberInfo({ imsi: sub.imsi }), { imsi: sub.imsi }, rules);
    return d;
  }

  /** ProvideSubscriberLocation from `sender`'s GMLC to the MSC of `serving` (TS 29.002 §13A.2). */
  private pslRequest(sub: Subscriber, sender: Network, serving: Network, rules: string[]): Dialogue {
    const gmlc = node.gmlc(sender);
    const d = this.open(ACN.locationSvcEnquiry, sender, { gt: gmlc, ssn: SSN.gmlc }, serving, { gt: node.vlr(serving), ssn: SSN.msc });
    this.invoke(
      d,
      'provideSubscriberLocation',
      mapArg.provideSubscriberLocation({ mlcNumber: gmlc, imsi: sub.imsi, msisdn: sub.msisdn }),
      { imsi: sub.imsi, msisdn: sub.msisdn },
      rules,
    );
    return d;
  }

  // ---- plumbing ------------------------------------------------------------------------------

  private open(acn: string, from: Network, fromParty: Party, to: Network, toParty: Party): Dialogue {
    return {
      acn,
      initiator: { net: from, party: fromParty, tid: this.nextTid() },
      responder: { net: to, party: toParty, tid: this.nextTid() },
      ids: {},
      opened: false,
    };
  }

  private nextTid(): string {
    this.tid = (this.tid + 1 + this.o.prng.int(16)) >>> 0;
    return this.tid.toString(16).padStart(8, '0');
  }

  private diameterIds(originHost: string): DiameterIds {
    this.hbh = (this.hbh + 1) >>> 0;
    const e2e = (this.o.prng.u32() & 0x000fffff) | 0x70000000;
    return { hbh: this.hbh, e2e, session: `${originHost};${Math.floor(this.now / 1e6)};${this.hbh.toString(16)}` };
  }

  /** Invoke: the initiator's Begin, or (`fromResponder`) the responder's first Continue of the dialogue. */
  private invoke(d: Dialogue, op: OpName, param: Uint8Array, own: Ids, rules: string[] = [], fromResponder = false): void {
    this.bundle([this.invokeMsg(d, op, param, own, rules, fromResponder)]);
  }

  private invokeMsg(d: Dialogue, op: OpName, param: Uint8Array, own: Ids, rules: string[], fromResponder = false): Message {
    const c: ComponentSpec = { type: 'invoke', invokeId: 1, opcode: OP[op], param };
    if (!fromResponder) {
      d.opened = true;
      return this.ss7(d, false, tcBegin({ otid: d.initiator.tid, dialogue: { pdu: 'aarq', acn: d.acn }, components: [c] }), op, 'invoke', own, rules);
    }
    // The responder's first message: Continue with its own transaction id and the AARE (Q.773 §3.2.2).
    d.opened = false;
    return this.ss7(d, true, tcContinue({ otid: d.responder.tid, dtid: d.initiator.tid, dialogue: aare(d), components: [c] }), op, 'invoke', own, rules);
  }

  /** returnResultLast from the responder (End, or Continue when `last` is false) or from the initiator. */
  private result(d: Dialogue, op: OpName, param: Uint8Array, own: Ids, fromResponder: boolean, last = false): void {
    this.bundle([this.resultMsg(d, op, param, own, fromResponder, last)]);
  }

  private resultMsg(d: Dialogue, op: OpName, param: Uint8Array, own: Ids, fromResponder: boolean, last: boolean): Message {
    const c: ComponentSpec = { type: 'returnResultLast', invokeId: 1, opcode: OP[op], param };
    const firstAnswer = fromResponder && d.opened;
    d.opened = false; // the AARE goes in the responder's first message only
    let tcap: Uint8Array;
    if (!fromResponder) tcap = tcContinue({ otid: d.initiator.tid, dtid: d.responder.tid, components: [c] });
    else if (last) tcap = tcEnd({ dtid: d.initiator.tid, ...(firstAnswer ? { dialogue: aare(d) } : {}), components: [c] });
    else tcap = tcContinue({ otid: d.responder.tid, dtid: d.initiator.tid, ...(firstAnswer ? { dialogue: aare(d) } : {}), components: [c] });
    return this.ss7(d, fromResponder, tcap, op, 'returnResultLast', own, []);
  }

  private ss7(d: Dialogue, fromResponder: boolean, tcap: Uint8Array, op: OpName, kind: TruthSeed['kind'], own: Ids, rules: string[]): Message {
    const [a, b] = fromResponder ? [d.responder, d.initiator] : [d.initiator, d.responder];
    d.ids = { ...d.ids, ...own };
    const peer = a.net === HOME ? b.net : a.net;
    return {
      proto: 'ss7',
      from: a.net,
      to: b.net,
      calling: a.party,
      called: b.party,
      sccp: this.o.sccpFor?.(peer) ?? 'udt',
      tcap,
      truth: {
        protocol: 'map',
        operation: op,
        kind,
        code: OP[op],
        subscriber: { ...d.ids },
        origin: a.party.gt,
        country: countryOf(a.net),
        rules,
        scenario: this.step,
      },
    };
  }

  private seedD(operation: string, kind: 'request' | 'answer', code: number, subscriber: Ids, from: Network, rules: string[]): TruthSeed {
    return { protocol: 'diameter', operation, kind, code, subscriber, origin: realmOf(from), country: countryOf(from), rules, scenario: this.step };
  }

  /** Sends messages together (one SCTP packet when they share an association), then lets a reply delay pass. */
  private bundle(msgs: Message[]): void {
    this.o.stack.send(msgs, this.now);
    this.now = this.o.stack.lastUs;
    this.reply();
  }

  /** A node's processing and transit delay: 5-60 ms. */
  private reply(): void {
    this.now += 5_000 + this.o.prng.int(55_000);
  }
}

/** The country an alert must name for a message from `n` (null when its identifiers name none). */
function countryOf(n: Network): string | null {
  return n.attributable === false ? null : n.country;
}

function aare(d: Dialogue): DialogueSpec {
  return { pdu: 'aare', acn: d.acn };
}

/** Reference points for location estimates (capital cities). */
const CITY: Readonly<Record<string, readonly [number, number]>> = {
  US: [38.9, -77.04],
  JP: [35.68, 139.69],
  GB: [51.51, -0.13],
  DE: [52.52, 13.4],
  FR: [48.86, 2.35],
};
