/**
 * Red-team round 21 P1, P2: a registration claim whose request this capture carried is settled only by the answer the
 * lower layers matched to it (`answersRequest`), not by what a forged answer names (state/learn.ts answered, ownUla,
 * ulaOfTransaction). The attacker (China) registers a home roamer attached at the Japanese partner's VLR, its own UL /
 * ULR never answered on the capture, then forges the answer itself:
 * - P2 (MAP): a TC-END with the UL's otid, "from" the home HLR's GT, sent from the attacker's own side (the UL's IP
 *   direction and MTP label: `tcap.answer-from-requester`), or an ISD TC-CONTINUE so sent;
 * - P1 (Diameter): a ULA 2001 with its ULR's End-to-End id and the home realm, on a connection of its own
 *   (`diameter.transactions.unmatched`), with or without User-Name.
 * Before the fix either accepted the claim: the Japanese VLR's SAI no longer dropped it, China became the visited
 * network and the attacker's SRI + PSL from China raised no location-origin-mismatch high. The honest answers (sent
 * back the request's reverse way) still accept it, and a claim carried over from an earlier capture of the scan (a new
 * decoder: no table holds its request) is still settled by its answer in the next one (SubscriberStore.carriedClaim).
 * Captures built with the repo's encoders (TS 29.002 §19.1.1: ISD and result in the UL's dialogue; TS 29.272 §7.2.4,
 * RFC 6733 §6.2: the ULA carries the ULR's Hop-by-Hop and End-to-End ids back over the ULR's connection).
 */
import { describe, expect, it } from 'vitest';
import { Scanner } from '../../src/api/scanner.js';
import { scan } from '../../src/api/scan.js';
import type { ScanAlert } from '../../src/api/scan-options.js';
import * as E from '../../src/encode/index.js';
import { tempProfile } from '../support/profile-file.js';

const PROFILE = tempProfile([
  'home: {name: Home, country: US, gt_prefixes: ["1202555"], imsi_prefixes: ["310410"], msisdn_prefixes: ["1202555"], realms: ["epc.mnc410.mcc310.3gppnetwork.org"]}',
  'partners:',
  '  - {name: Partner Japan, plmn: "44010", gt_prefixes: ["8190120"], realms: ["epc.mnc010.mcc440.3gppnetwork.org"]}',
]);
const HOME = 'epc.mnc410.mcc310.3gppnetwork.org';
const CN = 'epc.mnc000.mcc460.3gppnetwork.org';
const HLR = { gt: '12025550001', ssn: 6 };
const VLR = { gt: '819012000001', ssn: 7 };
const ATTACKER = { gt: '8613800000001', ssn: 7 };
const IMSI = '310410000045001';
const MSISDN = '12025550145';
const UL_AC = '0.4.0.0.1.0.1.3';
const T0 = 1_700_000_000;
const LATER = 4 * 3600;

let tsn = 1;
/** MAP over M3UA/SCTP; `up`: the HLR side's IP direction (10.0.0.2 → 10.9.0.1), else the VLRs' side's. */
function ss7(
  tcap: Uint8Array,
  calling: { gt: string; ssn: number },
  called: { gt: string; ssn: number },
  up: boolean,
  opc = up ? 200 : 100,
  dpc = up ? 100 : 200,
) {
  const m3ua = E.encodeM3uaData({ opc, dpc, sls: 1 }, E.encodeSccp({ type: 'udt', data: tcap, calling, called }));
  const sctp = E.sctpPacket({
    srcPort: 2905,
    dstPort: 2905,
    vtag: 1,
    checksum: true,
    chunks: [{ type: 'data', tsn: tsn++, stream: 1, ssn: 0, ppid: 3, payload: m3ua }],
  });
  return E.ethernet(0x0800, E.ipv4({ src: up ? '10.0.0.2' : '10.9.0.1', dst: up ? '10.9.0.1' : '10.0.0.2', proto: 132, payload: sctp }));
}

const seq = new Map<string, number>();
/** Diameter over TCP from `src`:`sport` to `dst`:`dport`. */
function tcp(bytes: Uint8Array, src: string, dst: string, sport: number, dport: number) {
  const key = `${src}:${sport}`;
  const s = seq.get(key) ?? 1000;
  seq.set(key, s + bytes.length);
  const seg = E.tcpSegment({ srcPort: sport, dstPort: dport, seq: s, ack: 1, flags: E.TCP_FLAGS.ACK | E.TCP_FLAGS.PSH, payload: bytes });
  return E.ethernet(0x0800, E.ipv4({ src, dst, proto: 6, payload: seg }));
}

const ul = (otid: string, vlr: { gt: string; ssn: number }) =>
  E.tcBegin({
    otid,
    dialogue: { pdu: 'aarq', acn: UL_AC },
    components: [{ type: 'invoke', invokeId: 1, opcode: 2, param: E.mapArg.updateLocation({ imsi: IMSI, mscNumber: vlr.gt, vlrNumber: vlr.gt }) }],
  });
const ulResult = (dtid: string) =>
  E.tcEnd({ dtid, components: [{ type: 'returnResultLast', invokeId: 1, opcode: 2, param: E.mapRes.hlrNumber({ hlrNumber: HLR.gt }) }] });
const isd = (otid: string, dtid: string) =>
  E.tcContinue({
    otid,
    dtid,
    dialogue: { pdu: 'aare', acn: UL_AC },
    components: [{ type: 'invoke', invokeId: 2, opcode: 7, param: E.mapArg.insertSubscriberData({ msisdn: MSISDN }) }],
  });

/** The roamer attaches at the Japanese VLR: UL, the HLR's ISD, its result, the UL result (all answered back). */
function attach() {
  return [
    ss7(ul('0000a500', VLR), VLR, HLR, false),
    ss7(isd('0000a501', '0000a500'), HLR, VLR, true),
    ss7(E.tcContinue({ otid: '0000a500', dtid: '0000a501', components: [{ type: 'returnResultLast', invokeId: 2 }] }), VLR, HLR, false),
    ss7(ulResult('0000a500'), HLR, VLR, true),
  ];
}

/** The Japanese VLR authenticates (new presence evidence: an unanswered claim elsewhere is dropped), then China's SRI and PSL. */
function probes() {
  return [
    [
      LATER + 10,
      ss7(
        E.tcBegin({
          otid: '0000b001',
          dialogue: { pdu: 'aarq', acn: '0.4.0.0.1.0.14.3' },
          components: [{ type: 'invoke', invokeId: 1, opcode: 56, param: E.mapArg.sendAuthenticationInfo({ imsi: IMSI }) }],
        }),
        VLR,
        HLR,
        false,
      ),
    ],
    [
      LATER + 60,
      ss7(
        E.tcBegin({
          otid: '0000b002',
          dialogue: { pdu: 'aarq', acn: '0.4.0.0.1.0.5.3' },
          components: [{ type: 'invoke', invokeId: 1, opcode: 22, param: E.mapArg.sendRoutingInfo({ msisdn: MSISDN, gmscAddress: ATTACKER.gt }) }],
        }),
        { gt: ATTACKER.gt, ssn: 8 },
        HLR,
        false,
      ),
    ],
    [
      LATER + 61,
      ss7(
        E.tcBegin({
          otid: '0000b003',
          dialogue: { pdu: 'aarq', acn: '0.4.0.0.1.0.38.3' },
          components: [
            { type: 'invoke', invokeId: 1, opcode: 83, param: E.mapArg.provideSubscriberLocation({ mlcNumber: ATTACKER.gt, msisdn: MSISDN, imsi: IMSI }) },
          ],
        }),
        { gt: ATTACKER.gt, ssn: 145 },
        VLR,
        false,
      ),
    ],
  ] as const;
}

const pcap = (frames: readonly (readonly [number, Uint8Array])[]) =>
  E.writePcap(
    frames.map(([t, data]) => ({ tsSec: T0 + t, tsNsec: 0, data })),
    { linkType: 1 },
  );

/** The attacker's registration (`attack`: its frames after the attach), then the probes: the alerts and anomaly codes. */
async function run(attack: readonly (readonly [number, Uint8Array])[]) {
  const frames = [...attach().map((d, i) => [i, d] as const), ...attack, ...probes()];
  const alerts: string[] = [];
  const anomalies: string[] = [];
  for await (const a of scan(pcap(frames), { profile: PROFILE, onAnomaly: (x) => anomalies.push(x.code) }) as AsyncIterable<ScanAlert>)
    alerts.push(`${a.rule}/${a.level}`);
  return { alerts, anomalies, high: alerts.filter((a) => a === 'location-origin-mismatch/high').length };
}

const UL_OTID = 'c0ffee01';
const attackerUl = [LATER + 1, ss7(ul(UL_OTID, ATTACKER), ATTACKER, HLR, false)] as const;

describe('rt21 P2: the attacker’s own UL answer, sent from its side, settles no claim (MAP)', () => {
  it('control: the unanswered UL is dropped by the Japanese VLR’s SAI; SRI and PSL from China are high', async () => {
    expect((await run([attackerUl])).high).toBe(2);
  });

  it('a forged UL result (TC-END "from" the home HLR) on the UL’s own direction and label: reported, and the claim stays a claim', async () => {
    const r = await run([attackerUl, [LATER + 2, ss7(ulResult(UL_OTID), HLR, ATTACKER, false, 100, 200)]]);
    expect(r.anomalies).toContain('tcap.answer-from-requester');
    expect(r.high).toBe(2);
  });

  it('a forged ISD TC-CONTINUE so sent: the claim stays a claim', async () => {
    expect((await run([attackerUl, [LATER + 2, ss7(isd('dead0001', UL_OTID), HLR, ATTACKER, false, 100, 200)]])).high).toBe(2);
  });

  it('the HLR’s own result, sent back the UL’s reverse way, still accepts it: China is the visited network', async () => {
    const r = await run([attackerUl, [LATER + 2, ss7(ulResult(UL_OTID), HLR, ATTACKER, true)]]);
    expect(r.anomalies).not.toContain('tcap.answer-from-requester');
    expect(r.high).toBe(0);
  });
});

const S6A = 16777251;
const MME = `mme1.${CN}`;
const E2E = 0x5151;
const ulrBytes = E.buildDiameter({
  cmd: 316,
  app: S6A,
  request: true,
  proxyable: true,
  hbh: E2E,
  e2e: E2E,
  avps: [
    E.avp(263, `${MME};1;1`),
    E.avp(277, 1),
    E.avp(264, MME),
    E.avp(296, CN),
    E.avp(283, HOME),
    E.avp(1, IMSI),
    E.avp(1032, 1004, { vendor: 10415 }),
    E.avp(1405, 0, { vendor: 10415 }),
    E.avp(1407, Uint8Array.of(0x64, 0xf0, 0x00), { vendor: 10415 }),
  ],
});
const ulaBytes = (hbh: number, userName: boolean) =>
  E.buildDiameter({
    cmd: 316,
    app: S6A,
    request: false,
    proxyable: true,
    hbh,
    e2e: E2E,
    avps: [E.avp(263, `${MME};1;1`), E.avp(277, 1), E.avp(264, `hss1.${HOME}`), E.avp(296, HOME), E.avp(268, 2001), ...(userName ? [E.avp(1, IMSI)] : [])],
  });
const attackerUlr = [LATER + 1, tcp(ulrBytes, '10.7.0.1', '10.2.0.1', 40000, 3868)] as const;
/** The forged ULA: another connection of the attacker's own, a made-up hop-by-hop id, the ULR's End-to-End id and the home realm. */
const forgedUla = (userName: boolean) => [LATER + 2, tcp(ulaBytes(0x7777, userName), '10.7.0.2', '10.7.0.3', 3868, 41000)] as const;

describe('rt21 P1: a ULA with its ULR’s End-to-End id from a connection of the attacker’s own settles no claim (Diameter)', () => {
  it('control: the unanswered ULR is dropped by the Japanese VLR’s SAI; SRI and PSL from China are high', async () => {
    expect((await run([attackerUlr])).high).toBe(2);
  });

  for (const userName of [false, true]) {
    it(`the forged ULA 2001 (${userName ? 'User-Name = the IMSI' : 'no User-Name'}): the claim stays a claim`, async () => {
      expect((await run([attackerUlr, forgedUla(userName)])).high).toBe(2);
    });
  }

  it('the HSS’s ULA on the ULR’s connection, back (same ids): accepted, China is the visited network', async () => {
    expect((await run([attackerUlr, [LATER + 2, tcp(ulaBytes(E2E, false), '10.2.0.1', '10.7.0.1', 3868, 40000)]])).high).toBe(0);
  });
});

describe('a claim carried over from an earlier capture of the scan (new decoder tables) is settled by its answer in the next', () => {
  /** One Scanner, two captures: the attach and the attacker's UL in the first, the HLR's result and the probes in the second. */
  function twoCaptures(second: readonly (readonly [number, Uint8Array])[]) {
    const alerts: string[] = [];
    const s = new Scanner({ profile: PROFILE, onAlert: (a) => alerts.push(`${a.rule}/${a.level}`) });
    s.beginSource('a.pcap');
    s.push(pcap([...attach().map((d, i) => [i, d] as const), attackerUl]));
    s.beginSource('b.pcap');
    s.push(pcap([...second, ...probes()]));
    s.end();
    return alerts.filter((a) => a === 'location-origin-mismatch/high').length;
  }

  it('the HLR’s UL result (an orphan End in the second capture) accepts it; without it the claim is dropped', () => {
    expect(twoCaptures([])).toBe(2);
    expect(twoCaptures([[LATER + 2, ss7(ulResult(UL_OTID), HLR, ATTACKER, true)]])).toBe(0);
  });
});
