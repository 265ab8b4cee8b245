/**
 * A split home vote is broken by registrations the attacker cannot cheaply forge (review 12-B #1):
 * registrations the network answered (the UL result or an InsertSubscriberData sent back in the UL
 * dialogue, TS 29.002 §19.1.1.2; a 2xxx ULA matched to its ULR) when the capture shows answers,
 * else IMSIs both authenticated and registered. A bare UpdateLocation invoke counts for nothing:
 * 21 of them for Chinese IMSIs sent to a Chinese HLR GT made China the home (detect/infer-home.ts).
 */
import { describe, expect, it } from 'vitest';
import { HomeInference } from '../../src/detect/infer-home.js';
import type { Ss7Event } from '../../src/events/types.js';
import type { Flow } from '../../src/transport/types.js';
import { diameterEvent, mapInvoke, mapResult, mapUl } from '../support/events.js';

const US_HLR = '12025550001';
const JP_VLR = '819012000011';
const CN_VLR = '8613800000001';
const CN_HLR = '8613800000002';
const UL = 2;
const ISD = 7;
const SAI = 56;
const usImsi = (i: number) => `3104101000${String(10_000 + i)}`;
const cnImsi = (i: number) => `4600012345${String(10_000 + i)}`;
const otid = (i: number) => (0x10000000 + i).toString(16);
const VLR_FLOW: Flow = { id: 1, transport: 'sctp', src: '10.0.0.1', dst: '10.0.0.2', srcPort: 2905, dstPort: 2905 };
const HLR_FLOW: Flow = { ...VLR_FLOW, src: '10.0.0.2', dst: '10.0.0.1' };

/** An UpdateLocation Begin (its own otid) from `vlr` to `hlr`, sent on `flow`. */
function ul(imsi: string, vlr: string, hlr: string, i: number, flow: Flow = VLR_FLOW): Ss7Event {
  const ev = mapUl({ imsi, vlr, hlrGt: hlr });
  ev.tcap = { type: 'begin', otid: otid(i) };
  ev.flow = flow;
  return ev;
}

/** The HLR's answer in UL dialogue `i`: the UL result (End) or an ISD (Continue), sent on `flow`. */
function answer(kind: 'result' | 'isd', i: number, flow: Flow = HLR_FLOW): Ss7Event {
  const ev =
    kind === 'result'
      ? mapResult({ op: UL, callingGt: US_HLR, calledGt: JP_VLR, tcap: { type: 'end', dtid: otid(i) } })
      : mapInvoke({ op: ISD, callingGt: US_HLR, calledGt: JP_VLR, tcap: { type: 'continue', otid: 'aa000001', dtid: otid(i) } });
  ev.flow = flow;
  return ev;
}

const sai = (imsi: string, calling: string, called: string) => mapInvoke({ op: SAI, callingGt: calling, calledGt: called, imsi });

/** 20 home subscribers authenticating and registering from Japan with the US HLR (nothing answered). */
function home(inf: HomeInference): void {
  for (let i = 0; i < 20; i++) {
    inf.observe(ul(usImsi(i), JP_VLR, US_HLR, i));
    inf.observe(sai(usImsi(i), JP_VLR, US_HLR));
  }
}

describe('inferred home: registrations count only when answered or authenticated (review 12-B #1)', () => {
  for (const n of [21, 41]) {
    it(`${n} bare UpdateLocation invokes for Chinese IMSIs to a Chinese HLR GT do not win the vote`, () => {
      const inf = new HomeInference();
      home(inf);
      for (let i = 0; i < n; i++) inf.observe(ul(cnImsi(i), CN_VLR, CN_HLR, 100 + i));
      const h = inf.result()!;
      expect(h.imsiPrefixes).toEqual(['310410']);
      expect(h.evidence[1]).toBe(
        `AMBIGUOUS: the IMSI vote is split (46000: ${n}, 310410: 20 IMSIs); 310410 chosen (20 IMSIs authenticated and registering ` +
          'against 0 for 46000; no registration answered): give --profile FILE to state the home',
      );
    });
  }

  for (const kind of ['result', 'isd'] as const) {
    it(`on a capture with answers, registrations answered by the HLR (${kind}) decide, not unanswered authenticated ones`, () => {
      const inf = new HomeInference();
      for (let i = 0; i < 20; i++) {
        inf.observe(ul(usImsi(i), JP_VLR, US_HLR, i));
        inf.observe(answer(kind, i));
      }
      for (let i = 0; i < 25; i++) {
        inf.observe(ul(cnImsi(i), CN_VLR, CN_HLR, 100 + i));
        inf.observe(sai(cnImsi(i), CN_VLR, CN_HLR));
      }
      const h = inf.result()!;
      expect(h.imsiPrefixes).toEqual(['310410']);
      expect(h.evidence[1]).toBe(
        'AMBIGUOUS: the IMSI vote is split (46000: 25, 310410: 20 IMSIs); 310410 chosen (20 IMSIs whose registration the network answered ' +
          'against 0 for 46000; but 25 IMSIs authenticated and registering against 0 name 46000: a capture of one direction, or forged answers): ' +
          'give --profile FILE to state the home',
      );
    });
  }

  it("an 'answer' sent from the UL's own address is the requester's own: it answers nothing", () => {
    const inf = new HomeInference();
    for (let i = 0; i < 20; i++) {
      inf.observe(ul(usImsi(i), JP_VLR, US_HLR, i));
      inf.observe(sai(usImsi(i), JP_VLR, US_HLR));
    }
    for (let i = 0; i < 25; i++) {
      inf.observe(ul(cnImsi(i), CN_VLR, CN_HLR, 100 + i));
      inf.observe(answer('result', 100 + i, VLR_FLOW));
    }
    expect(inf.result()!.imsiPrefixes).toEqual(['310410']);
  });

  it("an 'answer' from another SCTP port of the UL's own host answers nothing (review 13-A #4: 7 such pairs beat 20 home subscribers)", () => {
    const inf = new HomeInference();
    home(inf);
    const ownHost: Flow = { ...VLR_FLOW, id: 2, srcPort: 2906 };
    for (let i = 0; i < 7; i++) {
      inf.observe(ul(cnImsi(i), CN_VLR, CN_HLR, 100 + i));
      inf.observe(answer('result', 100 + i, ownHost));
    }
    expect(inf.result()!.imsiPrefixes).toEqual(['310410']);
  });

  it("on one address (requests X:2905 → X:2906), an 'answer' X:2906 → X:2905 answers nothing: ports are no side (review 14-B #3)", () => {
    const inf = new HomeInference();
    home(inf);
    const req: Flow = { id: 4, transport: 'sctp', src: '10.9.0.1', dst: '10.9.0.1', srcPort: 2905, dstPort: 2906 };
    const back: Flow = { ...req, id: 5, srcPort: 2906, dstPort: 2905 };
    for (let i = 0; i < 21; i++) {
      inf.observe(ul(cnImsi(i), CN_VLR, CN_HLR, 100 + i, req));
      inf.observe(answer('result', 100 + i, back));
    }
    expect(inf.result()!.imsiPrefixes).toEqual(['310410']);
  });

  it("an answer on another association between the UL's two hosts (M3UA load-sharing) is sent back: it counts", () => {
    const inf = new HomeInference();
    home(inf);
    const otherAssoc: Flow = { ...HLR_FLOW, id: 3, srcPort: 2906, dstPort: 2906 };
    for (let i = 0; i < 20; i++) inf.observe(answer('result', i, otherAssoc));
    for (let i = 0; i < 25; i++) {
      inf.observe(ul(cnImsi(i), CN_VLR, CN_HLR, 100 + i));
      inf.observe(sai(cnImsi(i), CN_VLR, CN_HLR));
    }
    expect(inf.result()!.evidence[1]).toContain(
      '310410 chosen (20 IMSIs whose registration the network answered against 0 for 46000; but 25 IMSIs authenticated',
    );
  });

  describe('on an MTP link (no addresses) an answer is sent back by its routing label: OPC and DPC of its request reversed, same NI (rt14 G5)', () => {
    const LINK: Flow = { id: 5, transport: 'mtp2', src: '', dst: '', srcPort: 0, dstPort: 0 };
    const label = (opc: number, dpc: number, ni = 2) => ({ opc, dpc, si: 3, ni });
    const cases: [string, ReturnType<typeof label>, boolean, string?][] = [
      ['from the DPC to the OPC of the UL', label(200, 300), true],
      ["with the UL's own label", label(300, 200), false],
      ['from the DPC to the OPC in another network (NI)', label(200, 300, 0), false],
      // Review 14-B #4b: SCCP relay through the mated STP sets the mate's OPC; the HLR's GT stays.
      ["from another point code (a mated STP), calling GT the UL's called GT", label(201, 300), true],
      ['from another point code with another calling GT', label(201, 300), false, '12025550077'],
      ["from the UL's DPC with another calling GT", label(200, 300), true, '12025550077'],
    ];
    for (const [what, back, counts, gt] of cases) {
      it(`a UL result ${what} ${counts ? 'answers' : 'answers nothing'}`, () => {
        const inf = new HomeInference();
        for (let i = 0; i < 20; i++) {
          const req = ul(usImsi(i), JP_VLR, US_HLR, i, LINK);
          req.mtp = label(300, 200);
          inf.observe(req);
          const r = answer('result', i, LINK);
          r.mtp = back;
          if (gt !== undefined) r.sccp.calling.gt = gt;
          inf.observe(r);
        }
        for (let i = 0; i < 25; i++) {
          inf.observe(ul(cnImsi(i), CN_VLR, CN_HLR, 100 + i, LINK));
          inf.observe(sai(cnImsi(i), CN_VLR, CN_HLR));
        }
        const h = inf.result()!;
        expect(h.imsiPrefixes).toEqual([counts ? '310410' : '46000']);
        expect(h.evidence[1]).toContain(counts ? '20 IMSIs whose registration the network answered' : 'no registration answered');
      });
    }
  });

  describe('unanswered SAI + UL pairs do not switch a capture with answers back to authenticated registrations (final read 13-A #1)', () => {
    const ATT_FLOW: Flow = { id: 9, transport: 'sctp', src: '10.9.0.1', dst: '10.9.0.2', srcPort: 2905, dstPort: 2905 };
    const ATT_BACK: Flow = { ...ATT_FLOW, src: '10.9.0.2', dst: '10.9.0.1' };
    /** 200 home IMSIs interrogated from Japan, 10 of them registering, each registration answered by the HLR. */
    const answeredHome = (inf: HomeInference) => {
      for (let i = 0; i < 200; i++) inf.observe(sai(usImsi(i), JP_VLR, US_HLR));
      for (let i = 0; i < 10; i++) {
        inf.observe(ul(usImsi(i), JP_VLR, US_HLR, i));
        inf.observe(answer('result', i));
      }
    };
    const cases: [string, Flow, number][] = [
      ['on the home registrations’ own path', VLR_FLOW, 0],
      ['from its own hosts', ATT_FLOW, 0],
      ['from its own hosts, 3 of them answered from there', ATT_FLOW, 3],
    ];
    for (const [what, flow, answers] of cases) {
      it(`67 attacker IMSIs with an unanswered SAI and UL each, ${what}: the home stays, not ambiguous`, () => {
        const inf = new HomeInference();
        answeredHome(inf);
        for (let i = 0; i < 67; i++) {
          inf.observe(sai(cnImsi(i), CN_VLR, CN_HLR));
          inf.observe(ul(cnImsi(i), CN_VLR, CN_HLR, 1000 + i, flow));
          if (i < answers) {
            const r = mapResult({ op: UL, callingGt: CN_HLR, calledGt: CN_VLR, tcap: { type: 'end', dtid: otid(1000 + i) } });
            r.flow = ATT_BACK;
            inf.observe(r);
          }
        }
        const h = inf.result()!;
        expect(h.imsiPrefixes).toEqual(['310410']);
        expect(h.summary.startsWith('PLMN 310410 (US)')).toBe(true);
      });
    }

    it('more answered registrations than the home’s still win (the documented limit): 11 answered from its own hosts', () => {
      const inf = new HomeInference();
      answeredHome(inf);
      for (let i = 0; i < 67; i++) {
        inf.observe(sai(cnImsi(i), CN_VLR, CN_HLR));
        inf.observe(ul(cnImsi(i), CN_VLR, CN_HLR, 1000 + i, ATT_FLOW));
        if (i >= 11) continue;
        const r = mapResult({ op: UL, callingGt: CN_HLR, calledGt: CN_VLR, tcap: { type: 'end', dtid: otid(1000 + i) } });
        r.flow = ATT_BACK;
        inf.observe(r);
      }
      expect(inf.result()!.evidence[1]).toContain('46000 chosen (11 IMSIs whose registration the network answered against 10 for 310410)');
    });
  });

  it('Diameter: a ULA matched to its ULR and sent back is an answered registration', () => {
    const inf = new HomeInference();
    const mme: Flow = { ...VLR_FLOW, srcPort: 3868, dstPort: 3868 };
    const hss: Flow = { ...HLR_FLOW, srcPort: 3868, dstPort: 3868 };
    const s6a = (cmd: number, imsi: string, request = true) =>
      diameterEvent({ app: 16777251, cmd, request, originRealm: 'epc.mnc010.mcc440.3gppnetwork.org', userName: imsi });
    for (let i = 0; i < 20; i++) {
      const req = s6a(316, usImsi(i));
      req.flow = mme;
      inf.observe(req);
      const ans = s6a(316, usImsi(i), false);
      ans.flow = hss;
      ans.diameter.requestFrame = req.frame;
      ans.diameter.resultCode = 2001;
      inf.observe(ans);
    }
    for (let i = 0; i < 25; i++) {
      for (const cmd of [318, 316]) {
        const req = s6a(cmd, cnImsi(i));
        req.flow = mme;
        inf.observe(req);
      }
    }
    const h = inf.result()!;
    expect(h.imsiPrefixes).toEqual(['310410']);
    expect(h.evidence[1]).toContain('310410 chosen (20 IMSIs whose registration the network answered against 0 for 46000; but 25 IMSIs authenticated');
  });

  it("Diameter: a ULA from another port of the ULR's own host is no answer (review 13-A #4)", () => {
    const inf = new HomeInference();
    const mme: Flow = { ...VLR_FLOW, srcPort: 3868, dstPort: 3868 };
    const ownHost: Flow = { ...mme, id: 4, srcPort: 3869 };
    const s6a = (cmd: number, imsi: string, request = true) =>
      diameterEvent({ app: 16777251, cmd, request, originRealm: 'epc.mnc000.mcc460.3gppnetwork.org', userName: imsi });
    for (let i = 0; i < 20; i++) {
      for (const cmd of [318, 316]) {
        const req = s6a(cmd, usImsi(i));
        req.flow = mme;
        inf.observe(req);
      }
    }
    for (let i = 0; i < 7; i++) {
      const req = s6a(316, cnImsi(i));
      req.flow = mme;
      inf.observe(req);
      const ans = s6a(316, cnImsi(i), false);
      ans.flow = ownHost;
      ans.diameter.requestFrame = req.frame;
      ans.diameter.resultCode = 2001;
      inf.observe(ans);
    }
    expect(inf.result()!.imsiPrefixes).toEqual(['310410']);
  });
});
