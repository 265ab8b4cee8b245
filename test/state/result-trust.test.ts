/**
 * What the subscriber state may learn from answers (red-team round 11): a MAP result moves the
 * subscriber only when it answers a request the capture saw, from the node the request went to,
 * and for SRI / SRI-for-SM only from the subscriber's home (R1); an MSISDN ↔ IMSI link comes only
 * from an answer matched to its request, and a home-range MSISDN keeps its subscriber home (R2).
 * Captures built with the repo's encoders, scanned with the SS7 sample profile (home US 310410 /
 * 1202555); the attacker is the Bahamas (+1 242, MCC 364), declared nowhere.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/api/scan.js';
import type { ScanAlert } from '../../src/api/scan-options.js';
import * as E from '../../src/encode/index.js';
import { REPO_ROOT } from '../support/corpus.js';
import { diameterEvent, mapInvoke, mapUl } from '../support/events.js';
import { type Party, ss7Frame } from '../support/ss7-frames.js';
import { CN_GT, detector, profile, T0 } from '../detect/fixture.js';
import { Networks, profileEntries } from '../../src/detect/networks.js';
import { createAttributor } from '../../src/attribution/attributor.js';

const PROFILE = join(REPO_ROOT, 'pcaps', 'ss7-location-tracking.profile.yaml');
const HLR = '12025550001';
const HOME_MSC = '12025550077';
const BS = '124235700051';
const BS_MSC = '124235700099';
const IMSI = '310410100000099';
const MSISDN = '12025550099';
const T = 1_741_420_800;

const ss7 = (tcap: Uint8Array, calling: Party, called: Party) => ss7Frame(tcap, calling, called);
let tsn = 1_000_000;

/** A Diameter message over TCP to port 3868. */
function diameter(bytes: Uint8Array, sport: number): Uint8Array {
  const seg = E.tcpSegment({ srcPort: sport, dstPort: 3868, seq: 1000, payload: bytes, checksumIpv4: { src: '10.9.0.1', dst: '10.0.0.2' } });
  return E.ethernet(0x0800, E.ipv4({ src: '10.9.0.1', dst: '10.0.0.2', proto: 6, payload: seg }));
}

const hlr: Party = { gt: HLR, ssn: 6 };
const bsGmsc: Party = { gt: BS, ssn: 8 };
const SRISM_AC = '0.4.0.0.1.0.20.3';

const srismBegin = (otid: string) =>
  ss7(
    E.tcBegin({
      otid,
      dialogue: { pdu: 'aarq', acn: SRISM_AC },
      components: [{ type: 'invoke', invokeId: 1, opcode: 45, param: E.mapArg.sendRoutingInfoForSM({ msisdn: MSISDN, sca: BS }) }],
    }),
    bsGmsc,
    hlr,
  );
const srismEnd = (dtid: string, node: string, from: Party, to: Party, imsi = IMSI) =>
  ss7(
    E.tcEnd({
      dtid,
      dialogue: { pdu: 'aare', acn: SRISM_AC },
      components: [{ type: 'returnResultLast', invokeId: 1, opcode: 45, param: E.mapRes.sendRoutingInfoForSM({ imsi, networkNodeNumber: node }) }],
    }),
    from,
    to,
  );
const psl = (otid: string) =>
  ss7(
    E.tcBegin({
      otid,
      dialogue: { pdu: 'aarq', acn: '0.4.0.0.1.0.38.3' },
      components: [{ type: 'invoke', invokeId: 1, opcode: 83, param: E.mapArg.provideSubscriberLocation({ mlcNumber: BS, imsi: IMSI, msisdn: MSISDN }) }],
    }),
    { gt: BS, ssn: 145 },
    { gt: HOME_MSC, ssn: 8 },
  );
const sri = (otid: string) =>
  ss7(
    E.tcBegin({
      otid,
      dialogue: { pdu: 'aarq', acn: '0.4.0.0.1.0.5.3' },
      components: [{ type: 'invoke', invokeId: 1, opcode: 22, param: E.mapArg.sendRoutingInfo({ msisdn: MSISDN, gmscAddress: BS }) }],
    }),
    bsGmsc,
    hlr,
  );

async function alerts(frames: Uint8Array[], gapSec = 1): Promise<string[]> {
  const pcap = E.writePcap(
    frames.map((data, i) => ({ tsSec: T + i * gapSec, tsNsec: 0, data })),
    { linkType: 1 },
  );
  const out: ScanAlert[] = [];
  for await (const a of scan(pcap, { profile: PROFILE })) out.push(a);
  return out.map((a) => `${a.rule}:${a.level}`).sort();
}

describe('R1: a MAP result moves the subscriber only when it answers a request the capture saw', () => {
  it("the home HLR's answer to the attacker's SRI-for-SM is learned (the PSL after it: the visited network is known)", async () => {
    const answered = await alerts([srismBegin('dead0002'), srismEnd('dead0002', HOME_MSC, hlr, bsGmsc), psl('0c000003')]);
    expect(answered).toEqual(['location-origin-mismatch:high']);
    expect(await alerts([psl('0c000003')])).toEqual(['location-origin-mismatch:medium']);
  });

  it('an unsolicited TC-END (no such dialogue) from the attacker naming its own MSC moves nobody: its SRI and PSL still alert', async () => {
    const forged = srismEnd('beef0001', BS_MSC, bsGmsc, hlr);
    const a = await alerts([srismBegin('dead0002'), srismEnd('dead0002', HOME_MSC, hlr, bsGmsc), forged, sri('0c000002'), psl('0c000003')]);
    expect(a).toEqual(['location-origin-mismatch:high', 'location-origin-mismatch:high']);
    expect(await alerts([srismEnd('dead0009', BS_MSC, bsGmsc, hlr), psl('0c000003')])).toEqual(['location-origin-mismatch:medium']);
  });

  it('a forged result routed on point code and SSN (no calling GT) is not from home: it moves nobody (review 11-B)', async () => {
    // The End's calling address is the HLR's point code (the MTP label's DPC of the Begin, 200) and SSN, no GT.
    const end = E.tcEnd({
      dtid: 'dead0003',
      dialogue: { pdu: 'aare', acn: SRISM_AC },
      components: [{ type: 'returnResultLast', invokeId: 1, opcode: 45, param: E.mapRes.sendRoutingInfoForSM({ imsi: IMSI, networkNodeNumber: BS_MSC }) }],
    });
    const sccp = E.encodeSccp({ type: 'udt', data: end, calling: { ri: 'ssn', pc: 200, ssn: 6 }, called: { gt: BS, ssn: 8 } });
    const sctp = E.sctpPacket({
      srcPort: 2905,
      dstPort: 2905,
      vtag: 1,
      checksum: true,
      chunks: [{ type: 'data', tsn: tsn++, stream: 1, ssn: 0, ppid: 3, payload: E.encodeM3uaData({ opc: 200, dpc: 100, sls: 1 }, sccp) }],
    });
    const forged = E.ethernet(0x0800, E.ipv4({ src: '10.0.0.2', dst: '10.9.0.1', proto: 132, payload: sctp }));
    const real = [srismBegin('dead0002'), srismEnd('dead0002', HOME_MSC, hlr, bsGmsc)];
    const a = await alerts([...real, srismBegin('dead0003'), forged, sri('0c000002'), psl('0c000003')]);
    expect(a).toEqual(['location-origin-mismatch:high', 'location-origin-mismatch:high']);
  });

  it("a result in the attacker's own dialogue sent by another node than the one its Begin went to is not learned", async () => {
    // The Begin went to the home HLR; the End comes from another Bahamas GT (not the addressee, not its country).
    const own = srismEnd('dead0002', BS_MSC, { gt: '124235700052', ssn: 6 }, bsGmsc);
    expect(await alerts([srismBegin('dead0002'), own, psl('0c000003')])).toEqual(['location-origin-mismatch:medium']);
  });

  it("an SRI-for-SM result from the Begin's addressee's country but not the subscriber's home is not learned", async () => {
    // Begin addressed to a Bahamas GT (the attacker routes on its own number); its answer names the Bahamas MSC.
    const begin = ss7(
      E.tcBegin({
        otid: 'dead0003',
        dialogue: { pdu: 'aarq', acn: SRISM_AC },
        components: [{ type: 'invoke', invokeId: 1, opcode: 45, param: E.mapArg.sendRoutingInfoForSM({ msisdn: MSISDN, sca: BS }) }],
      }),
      bsGmsc,
      { gt: '124235700060', ssn: 6 },
    );
    const end = srismEnd('dead0003', BS_MSC, { gt: '124235700060', ssn: 6 }, bsGmsc);
    expect(await alerts([begin, end, psl('0c000003')])).toEqual(['location-origin-mismatch:medium']);
  });

  it('a forged result naming an Australian MSC, then the real registration at home a minute later: no impossible travel', async () => {
    const forged = srismEnd('dead0009', '61412000099', { gt: '61412000001', ssn: 8 }, hlr);
    const ul = ss7(
      E.tcBegin({
        otid: '0a000101',
        dialogue: { pdu: 'aarq', acn: '0.4.0.0.1.0.1.3' },
        components: [{ type: 'invoke', invokeId: 1, opcode: 2, param: E.mapArg.updateLocation({ imsi: IMSI, mscNumber: HOME_MSC, vlrNumber: HOME_MSC }) }],
      }),
      { gt: HOME_MSC, ssn: 7 },
      hlr,
    );
    const a = await alerts([forged, ul], 60);
    expect(a.filter((x) => x.startsWith('impossible-travel'))).toEqual([]);
  });
});

describe('review 11-B #3: a result captured before its Begin (another link, same timestamp) is learned once the Begin joins it', () => {
  const SMSC: Party = { gt: '12025550300', ssn: 8 };
  /** The home SMSC's SRI-for-SM for the subscriber, to the HLR (routed on the MSISDN). */
  const homeSrism = ss7(
    E.tcBegin({
      otid: 'a1000001',
      dialogue: { pdu: 'aarq', acn: SRISM_AC },
      components: [{ type: 'invoke', invokeId: 1, opcode: 45, param: E.mapArg.sendRoutingInfoForSM({ msisdn: MSISDN, sca: SMSC.gt }) }],
    }),
    SMSC,
    { gt: MSISDN, ssn: 6 },
  );
  /** The answer naming the Bahamas MSC, sent to the SMSC by `from`. */
  const result = (from: Party) => srismEnd('a1000001', BS_MSC, from, SMSC);

  async function at(frames: [Uint8Array, number][]): Promise<string[]> {
    const pcap = E.writePcap(
      frames.map(([data, s]) => ({ tsSec: T + s, tsNsec: 0, data })),
      { linkType: 1 },
    );
    const out: string[] = [];
    for await (const a of scan(pcap, { profile: PROFILE })) out.push(`${a.rule}:${a.level}`);
    return out.sort();
  }

  it("the HLR's result first: the subscriber is in the Bahamas as in capture order, the Bahamas' PSL a minute later is silent", async () => {
    expect(
      await at([
        [homeSrism, 0],
        [result(hlr), 0],
        [psl('0c000003'), 60],
      ]),
    ).toEqual([]);
    expect(
      await at([
        [result(hlr), 0],
        [homeSrism, 0],
        [psl('0c000003'), 60],
      ]),
    ).toEqual([]);
  });

  it('an End sprayed ahead of the Begin from another country than the HLR (+1 242, not +1 202): the join is no answer, the PSL alerts', async () => {
    expect(
      await at([
        [result(bsGmsc), 0],
        [homeSrism, 0],
        [psl('0c000003'), 60],
      ]),
    ).toEqual(['location-origin-mismatch:medium']);
  });

  it('no Begin within the wait (limits.reorderWaitSec, 5 s): nothing learned (red-team round 11 R1)', async () => {
    expect(
      await at([
        [result(hlr), 0],
        [homeSrism, 6],
        [psl('0c000003'), 60],
      ]),
    ).toEqual(['location-origin-mismatch:medium']);
    expect(
      await at([
        [result(hlr), 0],
        [psl('0c000003'), 60],
      ]),
    ).toEqual(['location-origin-mismatch:medium']);
  });
});

describe('reordering: a ULR / IDR that joined its ULA / IDA captured before it learns the link that answer teaches, as in order', () => {
  const BS_REALM = 'epc.mnc390.mcc364.3gppnetwork.org';
  const HOME_REALM = 'epc.mnc410.mcc310.3gppnetwork.org';
  const MME = { ip: '10.9.0.1', port: 40001 };
  const HSS = { ip: '10.0.0.2', port: 3868 };
  /** One Diameter message over TCP from `a` to `b` (both directions of one connection; `seq` per direction). */
  const tcp = (bytes: Uint8Array, a: typeof MME, b: typeof MME, seq: number) =>
    E.ethernet(
      0x0800,
      E.ipv4({
        src: a.ip,
        dst: b.ip,
        proto: 6,
        payload: E.tcpSegment({ srcPort: a.port, dstPort: b.port, seq, payload: bytes, checksumIpv4: { src: a.ip, dst: b.ip } }),
      }),
    );
  const msg = (cmd: number, request: boolean, id: number, avps: ReturnType<typeof E.avp>[]) =>
    E.buildDiameter({ cmd, app: 16777251, request, proxyable: true, hbh: id, e2e: id, avps });
  const mme = [E.avp(264, `mme1.${BS_REALM}`), E.avp(296, BS_REALM)];
  const hss = [E.avp(264, `hss1.${HOME_REALM}`), E.avp(296, HOME_REALM)];
  const ulr = msg(316, true, 1, [E.avp(263, 'mme;1'), E.avp(277, 1), ...mme, E.avp(283, HOME_REALM), E.avp(1, IMSI)]);
  const ula = msg(316, false, 1, [E.avp(263, 'mme;1'), E.avp(268, 2001), E.avp(277, 1), ...hss]);
  const idr = msg(319, true, 2, [
    E.avp(263, 'hss;2'),
    E.avp(277, 1),
    ...hss,
    E.avp(293, `mme1.${BS_REALM}`),
    E.avp(283, BS_REALM),
    E.avp(1, IMSI),
    E.group(1400, [E.msisdnAvp(MSISDN)], { vendor: 10415 }),
  ]);
  const ida = msg(319, false, 2, [E.avp(263, 'hss;2'), E.avp(268, 2001), E.avp(277, 1), ...mme]);
  const frames = (idaFirst: boolean): Uint8Array[] => {
    const ulrF = tcp(ulr, MME, HSS, 1000);
    const ulaF = tcp(ula, HSS, MME, 5000);
    const idrF = tcp(idr, HSS, MME, 5000 + ula.length);
    const idaF = tcp(ida, MME, HSS, 1000 + ulr.length);
    return [ulrF, ulaF, ...(idaFirst ? [idaF, idrF] : [idrF, idaF]), sri('0c000002')];
  };

  it('registered in the Bahamas, then the SRI from there for the MSISDN only the IDR carried: no link in either order (review 11-B #7)', async () => {
    // The IDA carries no MSISDN of its own (TS 29.272 §7.2.10): a link is the answer's word only.
    const inOrder = await alerts(frames(false), 0);
    expect(inOrder).toEqual(['location-origin-mismatch:medium', 'registration-from-non-partner:low']);
    expect(await alerts(frames(true), 0)).toEqual(inOrder);
  });

  /**
   * ULR, then its ULA (Result-Code `code`, Subscription-Data MSISDN) or the ULA first, then the SRI from the Bahamas.
   * First the home HLR's ProvideRoamingNumber for another subscriber to the Bahamas MSC (block +1 242 35), answered: the SRI's
   * GMSC in that block is the S6a-learned visited network (rt19 M7, detect/visited-blocks.ts), not another Bahamas network.
   */
  const ulaFrames = (ulaFirst: boolean, code: number): Uint8Array[] => {
    const sub = E.group(1400, [E.msisdnAvp(MSISDN)], { vendor: 10415 });
    const ulaM = msg(316, false, 1, [E.avp(263, 'mme;1'), E.avp(268, code), E.avp(277, 1), ...hss, sub]);
    const ulrF = tcp(ulr, MME, HSS, 1000);
    const ulaF = tcp(ulaM, HSS, MME, 5000);
    const prn = ss7(
      E.tcBegin({
        otid: '0c000001',
        dialogue: { pdu: 'aarq', acn: '0.4.0.0.1.0.3.3' },
        components: [{ type: 'invoke', invokeId: 1, opcode: 4, param: E.mapArg.provideRoamingNumber({ imsi: '310410100000001', mscNumber: BS_MSC }) }],
      }),
      hlr,
      { gt: BS_MSC, ssn: 7 },
    );
    // The MSC's result, back on the association's reverse: only an answered home-own operation teaches a block (review 20 #4).
    const prnResult = ss7(E.tcEnd({ dtid: '0c000001', components: [{ type: 'returnResultLast', invokeId: 1 }] }), { gt: BS_MSC, ssn: 7 }, hlr);
    return [prn, prnResult, ...(ulaFirst ? [ulaF, ulrF] : [ulrF, ulaF]), sri('0c000002')];
  };

  it('a ULR that joined its ULA 2001 carrying the MSISDN learns the link, as in order; a ULA 5001 links in neither order', async () => {
    const linked = await alerts(ulaFrames(false, 2001), 0);
    expect(linked).not.toContain('location-origin-mismatch:medium');
    expect(await alerts(ulaFrames(true, 2001), 0)).toEqual(linked);
    const refused = await alerts(ulaFrames(false, 5001), 0);
    expect(refused).toContain('location-origin-mismatch:medium');
    // registration-refused is raised only on a refusal matched to its ULR (rt21 P4): captured first, it is matched to
    // nothing yet (README "Reordered captures"); the rest is as in order.
    expect(refused).toContain('registration-refused:low');
    expect(await alerts(ulaFrames(true, 5001), 0)).toEqual(refused.filter((a) => a !== 'registration-refused:low'));
  });
});

describe('R2: identity links only from answers to requests the capture saw; a home-range MSISDN stays home', () => {
  const BS_REALM = 'epc.mnc390.mcc364.3gppnetwork.org';
  const HOME_REALM = 'epc.mnc410.mcc310.3gppnetwork.org';
  const BS_IMSI = '364390000000001';
  /** An S6a answer (ULA 316 / IDA 319), Result-Code 2001, pairing a Bahamas IMSI with the home MSISDN: no request for it. */
  const answer = (cmd: number) =>
    diameter(
      E.buildDiameter({
        cmd,
        app: 16777251,
        request: false,
        proxyable: true,
        hbh: 0x77,
        e2e: 0x77,
        avps: [
          E.avp(263, `mme1.${BS_REALM};1;9`),
          E.avp(268, 2001),
          E.avp(277, 1),
          E.avp(264, `mme1.${BS_REALM}`),
          E.avp(296, BS_REALM),
          E.avp(1, BS_IMSI),
          E.group(1400, [E.msisdnAvp(MSISDN)], { vendor: 10415 }),
        ],
      }),
      40001,
    );
  const plr = diameter(
    E.buildDiameter({
      cmd: 8388620,
      app: 16777255,
      request: true,
      proxyable: true,
      hbh: 0x78,
      e2e: 0x78,
      avps: [
        E.avp(263, `gmlc.${BS_REALM};1;2`),
        E.avp(277, 1),
        E.avp(264, `gmlc.${BS_REALM}`),
        E.avp(296, BS_REALM),
        E.avp(283, HOME_REALM),
        E.msisdnAvp(MSISDN),
      ],
    }),
    40002,
  );

  it('an unsolicited IDA or ULA does not make the Bahamas the home of a US MSISDN: its SRI and PLR alert as without it', async () => {
    const control = await alerts([sri('0c000002'), plr]);
    expect(control).toEqual(['location-origin-mismatch:medium', 'location-origin-mismatch:medium']);
    expect(await alerts([answer(319), sri('0c000002'), plr])).toEqual(control);
    expect(await alerts([answer(316), sri('0c000002'), plr])).toEqual(control);
  });

  it('a standalone InsertSubscriberData from a foreign GT pairing its IMSI with a home MSISDN: not home, the SRI alerts', async () => {
    const isd = ss7(
      E.tcBegin({
        otid: '0b000001',
        dialogue: { pdu: 'aarq', acn: '0.4.0.0.1.0.16.3' },
        components: [{ type: 'invoke', invokeId: 1, opcode: 7, param: E.mapArg.insertSubscriberData({ imsi: BS_IMSI, msisdn: MSISDN }) }],
      }),
      { gt: BS, ssn: 6 },
      { gt: HOME_MSC, ssn: 7 },
    );
    const a = await alerts([isd, sri('0c000002')]);
    expect(a).toContain('cat2-not-home:high');
    expect(a).toContain('location-origin-mismatch:medium');
  });
});

describe('R2: a home-range MSISDN keeps its subscriber home whatever IMSI a trusted answer links it to', () => {
  const BS_IMSI = '364390000000001';
  const BS_REALM = 'epc.mnc390.mcc364.3gppnetwork.org';
  /** A ULA 2001 matched to its request (`requestFrame`) linking the Bahamas IMSI to `msisdn` (its Subscription-Data's: `args.msisdn`). */
  const ula = (msisdn: string, ts: number) => {
    const ev = diameterEvent({ app: 16777251, cmd: 316, request: false, originRealm: BS_REALM, userName: BS_IMSI, msisdn, args: { msisdn }, ts });
    ev.diameter.requestFrame = ev.frame - 1;
    ev.diameter.resultCode = 2001;
    return ev;
  };
  const sriFromBs = (ts: number) => mapInvoke({ op: 22, callingGt: BS, calledGt: HLR, msisdn: MSISDN, args: { msisdn: MSISDN, gmscAddress: BS }, ts });

  it('linked, then the SRI for the home MSISDN from the IMSI\u2019s network still alerts (subscriber_home is the profile home)', () => {
    const { det, alerts } = detector();
    det.event(ula(MSISDN, T0));
    det.event(sriFromBs(T0 + 60));
    expect(alerts.map((a) => a.rule)).toContain('location-origin-mismatch');
  });

  it('an IMSI-only record that learns a home MSISDN becomes home (its home is worked out again on the link)', () => {
    const { det, alerts } = detector();
    det.event(ula('12423570000', T0)); // a Bahamas number first: the record's home is the Bahamas
    det.event(ula(MSISDN, T0 + 30)); // re-linked to the home number
    det.event(sriFromBs(T0 + 60));
    expect(alerts.map((a) => a.rule)).toContain('location-origin-mismatch');
  });

  it('home_subscriber holds for the linked IMSI: a registration of it from a non-partner network alerts', () => {
    // The rule holds only when the profile declares partners.
    const { det, alerts } = detector(profile({ partners: [{ name: 'NTT Docomo', plmn: '44010', gt_prefixes: ['8190120'] }] }));
    det.event(ula(MSISDN, T0));
    det.event(mapUl({ imsi: BS_IMSI, vlr: CN_GT, ts: T0 + 60 }));
    expect(alerts.map((a) => a.rule)).toContain('registration-from-non-partner');
  });

  it('the profile home is the home of a foreign IMSI paired with a home-range MSISDN (TS 23.003 §3.3)', () => {
    const p = profile();
    const n = new Networks(p, createAttributor({ networks: profileEntries(p, createAttributor()) }), true);
    expect(n.homeOf(BS_IMSI, MSISDN)?.network).toBe('Example Mobile');
    expect(n.homeOf(BS_IMSI, '12423570000')?.plmn).toBe('364390');
  });
});
