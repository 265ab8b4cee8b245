/**
 * Red-team round 15, H1 / H5 / H6: one or two forged messages that name the victim's MSISDN beside
 * the attacker's own IMSI relinked the victim's number, so the victim's next location request read
 * the attacker's SIM (registered where the request came from) and raised nothing.
 *
 * - H6: one TC-BEGIN [SRI-for-SM(victim's MSISDN), UpdateLocation(attacker's IMSI)]: the UL took
 *   the Begin's MSISDN, which UpdateLocationArg never carries (TS 29.002 §8.1.2.2).
 * - H5: a ULR for the attacker's IMSI carrying an MSISDN AVP (a ULR has none, TS 29.272 §7.2.3).
 * - H1: a forged IDR + IDA whose MSISDN AVP names the victim (an IDA has none, §7.2.10).
 * - A ULA may name the MSISDN (Subscription-Data): a relink by one is reported as
 *   `state.msisdn-relinked`, never silent.
 *
 * Home US 310410 / 1202555 (pcaps/ profiles); the victim registered in GB, the attacker's SIM in CN.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Scanner } from '../../src/api/scanner.js';
import { ShardRouter } from '../../src/api/workers-shard.js';
import { loadProfile } from '../../src/detect/profile.js';
import type { DiameterAvp } from '../../src/diameter/avp.js';
import * as E from '../../src/encode/index.js';
import { RULES } from '../detect/fixture.js';
import { REPO_ROOT } from '../support/corpus.js';
import { type Party, ss7Frame } from '../support/ss7-frames.js';

const DIAM_PROFILE = join(REPO_ROOT, 'pcaps', 'diameter-location-tracking.profile.yaml');
const HLR: Party = { gt: '12025550001', ssn: 6 };
const VICTIM_IMSI = '310410100000123';
const VICTIM = '12025550123';
const SIM = '310410100000077';
const UK_VLR = '447785000011';
const CN_VLR = '8613900000011';
const CN_GMSC = '8613900000050';
const HOME = 'epc.mnc410.mcc310.3gppnetwork.org';
const CN = 'epc.mnc000.mcc460.3gppnetwork.org';
const T = 1_743_235_200;
const UL_AC = '0.4.0.0.1.0.1.3';

const vlr = (gt: string): Party => ({ gt, ssn: 7 });

/** A registration at `at`: UL, the HLR's ISD naming `msisdn` (when given) and the UL result. */
function registration(imsi: string, msisdn: string | undefined, at: string, tid: string): Uint8Array[] {
  const out = [
    ss7Frame(
      E.tcBegin({
        otid: `${tid}22`,
        dialogue: { pdu: 'aarq', acn: UL_AC },
        components: [{ type: 'invoke', invokeId: 1, opcode: 2, param: E.mapArg.updateLocation({ imsi, mscNumber: at, vlrNumber: at }) }],
      }),
      vlr(at),
      HLR,
    ),
  ];
  if (msisdn !== undefined) {
    out.push(
      ss7Frame(
        E.tcContinue({
          otid: `${tid}27`,
          dtid: `${tid}22`,
          dialogue: { pdu: 'aare', acn: UL_AC },
          components: [{ type: 'invoke', invokeId: 1, opcode: 7, param: E.mapArg.insertSubscriberData({ msisdn }) }],
        }),
        HLR,
        vlr(at),
      ),
      ss7Frame(E.tcContinue({ otid: `${tid}22`, dtid: `${tid}27`, components: [{ type: 'returnResultLast', invokeId: 1 }] }), vlr(at), HLR),
    );
  }
  out.push(
    ss7Frame(
      E.tcEnd({
        dtid: `${tid}22`,
        components: [{ type: 'returnResultLast', invokeId: 1, opcode: 2, param: E.mapRes.hlrNumber({ hlrNumber: HLR.gt }) }],
      }),
      HLR,
      vlr(at),
    ),
  );
  return out;
}

let port = 3000;
/**
 * {@link registration} on a new association (another source port) of a lab loopback: both ends on one address,
 * so no side is told apart by address (ss7/tcap-dialogues.ts directionCode) and the ISD, taken, is not the
 * HLR's sure word (state/number-evidence.ts). (Sent the UL's way on an association between two addresses it
 * would be review 16-A #1's forged ISD, refused since the capture shows its second side.)
 */
function registrationOnNewPort(imsi: string, msisdn: string, at: string, tid: string): Uint8Array[] {
  const sport = port++;
  const frame = (tcap: Uint8Array, calling: Party, called: Party, back: boolean) => {
    const sccp = E.encodeSccp({ type: 'udt', data: tcap, calling: { gt: calling.gt, ssn: calling.ssn }, called: { gt: called.gt, ssn: called.ssn } });
    const m3ua = E.encodeM3uaData(back ? { opc: 200, dpc: 100, sls: 1 } : { opc: 100, dpc: 200, sls: 1 }, sccp);
    const chunk = { type: 'data' as const, tsn: sport * 16 + (back ? 1 : 0), stream: 1, ssn: 0, ppid: 3, payload: m3ua };
    const sctp = E.sctpPacket({ srcPort: back ? 2905 : sport, dstPort: back ? sport : 2905, vtag: 1, checksum: true, chunks: [chunk] });
    const [src, dst] = ['10.0.0.2', '10.0.0.2'];
    return E.ethernet(0x0800, E.ipv4({ src, dst, proto: 132, payload: sctp }));
  };
  const ulArg = E.mapArg.updateLocation({ imsi, mscNumber: at, vlrNumber: at });
  return [
    frame(
      E.tcBegin({ otid: `${tid}22`, dialogue: { pdu: 'aarq', acn: UL_AC }, components: [{ type: 'invoke', invokeId: 1, opcode: 2, param: ulArg }] }),
      vlr(at),
      HLR,
      false,
    ),
    frame(
      E.tcContinue({
        otid: `${tid}27`,
        dtid: `${tid}22`,
        dialogue: { pdu: 'aare', acn: UL_AC },
        components: [{ type: 'invoke', invokeId: 1, opcode: 7, param: E.mapArg.insertSubscriberData({ msisdn }) }],
      }),
      HLR,
      vlr(at),
      true,
    ),
    frame(
      E.tcEnd({ dtid: `${tid}22`, components: [{ type: 'returnResultLast', invokeId: 1, opcode: 2, param: E.mapRes.hlrNumber({ hlrNumber: HLR.gt }) }] }),
      HLR,
      vlr(at),
      true,
    ),
  ];
}

/** The victim registered in GB, the attacker's own SIM in CN. */
const setting = [...registration(VICTIM_IMSI, VICTIM, UK_VLR, '0a0001'), ...registration(SIM, undefined, CN_VLR, '0a0002')];

/** The victim's location request from China: the alert the attacks want gone. */
const sri = ss7Frame(
  E.tcBegin({
    otid: '0c000001',
    dialogue: { pdu: 'aarq', acn: '0.4.0.0.1.0.5.3' },
    components: [{ type: 'invoke', invokeId: 1, opcode: 22, param: E.mapArg.sendRoutingInfo({ msisdn: VICTIM, gmscAddress: CN_GMSC }) }],
  }),
  { gt: CN_GMSC, ssn: 8 },
  HLR,
);

const ulOfSim = { type: 'invoke' as const, invokeId: 1, opcode: 2, param: E.mapArg.updateLocation({ imsi: SIM, mscNumber: CN_VLR, vlrNumber: CN_VLR }) };
const srismOfVictim = { type: 'invoke' as const, invokeId: 2, opcode: 45, param: E.mapArg.sendRoutingInfoForSM({ msisdn: VICTIM, pri: true, sca: CN_VLR }) };
const begin = (components: (typeof ulOfSim | typeof srismOfVictim)[]) =>
  ss7Frame(E.tcBegin({ otid: '0b000001', dialogue: { pdu: 'aarq', acn: UL_AC }, components }), vlr(CN_VLR), HLR);

let seq = 1000;
/** A Diameter message over TCP, `up` from the CN side to the HSS side. */
function diameter(bytes: Uint8Array, up: boolean): Uint8Array {
  const [src, dst] = up ? ['10.9.0.1', '10.0.0.2'] : ['10.0.0.2', '10.9.0.1'];
  const seg = E.tcpSegment({ srcPort: up ? 40000 : 3868, dstPort: up ? 3868 : 40000, seq: (seq += 4096), payload: bytes, checksumIpv4: { src, dst } });
  return E.ethernet(0x0800, E.ipv4({ src, dst, proto: 6, payload: seg }));
}

/** An S6a request (ULR 316 / IDR 319) for `imsi` from `host` in `realm`, and its 2001 answer carrying `answerAvps`. */
function s6a(
  cmd: number,
  imsi: string,
  host: string,
  realm: string,
  requestAvps: DiameterAvp[],
  answerAvps: DiameterAvp[],
  hbh = 0x51,
  answerRealm = HOME,
): Uint8Array[] {
  const request = E.buildDiameter({
    cmd,
    app: 16777251,
    request: true,
    proxyable: true,
    hbh,
    e2e: hbh,
    avps: [E.avp(263, `${host};1;81`), E.avp(277, 1), E.avp(264, host), E.avp(296, realm), E.avp(283, HOME), E.avp(1, imsi), ...requestAvps],
  });
  const answer = E.buildDiameter({
    cmd,
    app: 16777251,
    request: false,
    proxyable: true,
    hbh,
    e2e: hbh,
    avps: [E.avp(263, `${host};1;81`), E.avp(268, 2001), E.avp(264, `hss1.${answerRealm}`), E.avp(296, answerRealm), ...answerAvps],
  });
  return [diameter(request, true), diameter(answer, false)];
}

interface Outcome {
  alerts: string[];
  relinked: number;
  /** The detector's anomalies as `code: detail`, and the alerts' explanations. */
  anomalies: string[];
  explanations: string[];
}

/** Frames one second apart, each `at` (seconds from the first) when given. */
function run(list: Uint8Array[], workers = 1, at?: readonly number[]): Outcome {
  const pcap = E.writePcap(
    list.map((data, i) => ({ tsSec: T + (at?.[i] ?? i), tsNsec: 0, data })),
    { linkType: 1 },
  );
  const profile = loadProfile(DIAM_PROFILE);
  const alerts: string[] = [];
  const anomalies: string[] = [];
  const explanations: string[] = [];
  let relinked = 0;
  const router = new ShardRouter(workers);
  for (let shard = 0; shard < workers; shard++) {
    const s: Scanner = new Scanner({
      profile,
      rules: RULES,
      onAlert: (a) => {
        alerts.push(`${a.rule}:${a.level}@${a.frame}`);
        explanations.push(a.explanation);
      },
      onAnomaly: (a) => anomalies.push(`${a.code}: ${a.detail}`),
      ...(workers > 1 ? { detectFilter: (r) => router.shardOf(r, s.notation, (m) => s.detectorInstance?.teachesLink(m) ?? true) === shard } : {}),
    });
    s.push(pcap);
    s.endSource();
    s.end();
    relinked += s.decodeStats['anomaly.state.msisdn-relinked'] ?? 0;
  }
  return { alerts: alerts.sort(), relinked, anomalies, explanations };
}

/** The victim's SRI (the last frame) alerts as the victim registered in GB. */
const victimTracked = (list: Uint8Array[]) => `location-origin-mismatch:high@${list.length}`;

describe('red-team round 15: a message naming the victim beside the attacker\u2019s IMSI relinks nothing', () => {
  it('control: the victim\u2019s SRI from China alerts high', () => {
    const list = [...setting, sri];
    expect(run(list).alerts).toContain(victimTracked(list));
  });

  it('H6: an UpdateLocation after an SRI-for-SM naming the victim in the same Begin does not take its MSISDN', () => {
    const list = [...setting, begin([srismOfVictim, ulOfSim]), sri];
    const out = run(list);
    expect(out.alerts).toContain(victimTracked(list));
    expect(out.relinked).toBe(0);
  });

  it('H5: a ULR carrying the victim\u2019s MSISDN AVP, with or without its answer, does not relink it', () => {
    const [ulr, ula] = s6a(316, SIM, `mme1.${CN}`, CN, [E.msisdnAvp(VICTIM)], []);
    for (const list of [
      [...setting, ulr!, sri],
      [...setting, ulr!, ula!, sri],
    ]) {
      const out = run(list);
      expect(out.alerts).toContain(victimTracked(list));
      expect(out.relinked).toBe(0);
    }
  });

  it('H1: a forged IDR and an IDA naming the victim\u2019s MSISDN do not relink it, from China or under the home HSS\u2019s name', () => {
    for (const [host, realm] of [
      [`hss1.${CN}`, CN],
      [`hss1.${HOME}`, HOME],
    ] as const) {
      const list = [...setting, ...s6a(319, SIM, host, realm, [], [E.msisdnAvp(VICTIM)]), sri];
      const out = run(list);
      expect(out.alerts).toContain(victimTracked(list));
      expect(out.relinked).toBe(0);
    }
  });

  it('a UL Begin captured after its dialogue\u2019s ISD (reordering) still links the ISD\u2019s MSISDN', () => {
    const [ul, isd, ...rest] = registration(VICTIM_IMSI, VICTIM, UK_VLR, '0a0001');
    const list = [isd!, ul!, ...rest, sri];
    expect(run(list).alerts).toEqual([victimTracked(list)]);
  });

  it('the same with 2 and 3 workers: the router links what the store links', () => {
    const ulResult = ss7Frame(
      E.tcEnd({ dtid: '0b000001', components: [{ type: 'returnResultLast', invokeId: 1, opcode: 2, param: E.mapRes.hlrNumber({ hlrNumber: HLR.gt }) }] }),
      HLR,
      vlr(CN_VLR),
    );
    const lists = [
      [...setting, begin([srismOfVictim, ulOfSim]), sri],
      // The HLR's UL result in that dialogue bears both identities too (final read 15-A #1: the router linked them).
      [...setting, begin([srismOfVictim, ulOfSim]), ulResult, sri],
      [...setting, ...s6a(316, SIM, `mme1.${CN}`, CN, [E.msisdnAvp(VICTIM)], []), sri],
      [...setting, ...s6a(319, SIM, `hss1.${HOME}`, HOME, [], [E.msisdnAvp(VICTIM)]), sri],
    ];
    for (const list of lists) for (const n of [2, 3]) expect([n, run(list, n).alerts]).toEqual([n, run(list).alerts]);
  });

  it('a ULA (the HSS\u2019s Subscription-Data) that moves the victim\u2019s number to another IMSI is reported as state.msisdn-relinked', () => {
    const list = [...setting, ...s6a(316, SIM, `mme1.${CN}`, CN, [], [E.msisdnAvp(VICTIM)]), sri];
    expect(run(list).relinked).toBe(1);
    expect(run([...setting, ...s6a(316, SIM, `mme1.${CN}`, CN, [], []), sri]).relinked).toBe(0);
  });
});

/** Registrations of home SIMs in China: the IMSIs an attacker links the victim's number to. */
const simInChina = (imsi: string, tid: string) => registration(imsi, undefined, CN_VLR, tid);
/** A forged ULA "from the home HSS" naming the victim's number for `imsi` (its ULR from China), rt15 H1c. */
const forgedUla = (imsi: string, hbh = 0x51) => s6a(316, imsi, `mme1.${CN}`, CN, [], [E.msisdnAvp(VICTIM)], hbh);
const lom = (out: Outcome) => out.alerts.filter((a) => a.startsWith('location-origin-mismatch'));
const DAY = 86_400;

describe('link16: a request for the number is judged against the IMSIs it left within the link TTL too', () => {
  it('rt15 H1c: a forged ULA moving the victim\u2019s number to the attacker\u2019s SIM in China leaves the victim\u2019s SRI from China high, named', () => {
    const list = [...setting, ...forgedUla(SIM), sri];
    const out = run(list);
    expect(out.alerts).toContain(victimTracked(list));
    expect(out.explanations.join('\n')).toContain(`IMSI ${VICTIM_IMSI}, which held the number until`);
    // The move across countries is reported naming the number and both IMSIs (review 15-B #9).
    expect(out.anomalies).toContainEqual(
      expect.stringMatching(new RegExp(`^state\\.msisdn-moved-country: .*\\+${VICTIM}: IMSI ${VICTIM_IMSI} \\(GB\\) → IMSI ${SIM} \\(CN\\)`)),
    );
    expect(out.anomalies).toContainEqual(expect.stringMatching(new RegExp(`^state\\.msisdn-relinked: 1 MSISDN.*\\+${VICTIM}: IMSI ${VICTIM_IMSI}`)));
  });

  it('review 15-B #6: the HLR moving the number to a second IMSI registered in China a day later is not judged by the first (travel explains it)', () => {
    const second = '310410100000124';
    // Its ISD on a loopback association (no side told apart): not the HLR's sure word (review 16-A #2), travel decides.
    const list = [...registration(VICTIM_IMSI, VICTIM, UK_VLR, '0a0001'), ...registrationOnNewPort(second, VICTIM, CN_VLR, '0a0003'), sri];
    const dayLater = run(list, 1, [0, 0, 0, 0, DAY, DAY, DAY, DAY + 600]);
    expect(lom(dayLater)).toEqual([]);
    expect(dayLater.anomalies).toContainEqual(expect.stringContaining(`+${VICTIM}: IMSI ${VICTIM_IMSI} (GB) → IMSI ${second} (CN)`));
    // Ten minutes after the victim was seen in GB no travel explains it: the first IMSI still judges (fail closed).
    const tenMinutes = run(list, 1, [0, 0, 0, 0, 600, 600, 600, 1200]);
    expect(lom(tenMinutes)).toEqual([victimTracked(list)]);
  });

  it('review 15-B #1: the forged link first, then the victim\u2019s own registration in GB: taken, and the SRI from China alerts high', () => {
    const list = [...simInChina(SIM, '0a0002'), ...forgedUla(SIM), ...registration(VICTIM_IMSI, VICTIM, UK_VLR, '0a0001'), sri];
    const out = run(list, 1, [0, 0, 1, 2, 3600, 3600, 3600, 3600, 4200]);
    expect(lom(out)).toEqual([victimTracked(list)]);
  });

  it('an attacker linking the number to six SIMs of its own in China in turn does not push the victim\u2019s IMSI out', () => {
    const sims = Array.from({ length: 6 }, (_, i) => `310410100000${200 + i}`);
    const list = [...setting, ...sims.flatMap((imsi, i) => [...simInChina(imsi, `0a01${(16 + i).toString(16)}`), ...forgedUla(imsi, 0x60 + i)]), sri];
    const out = run(list);
    expect(out.relinked).toBeGreaterThanOrEqual(1);
    expect(lom(out)).toEqual([victimTracked(list)]);
  });

  it('review 15-B #3b: a link in the victim\u2019s own country, its SIM in China a day later without the HLR naming the number there: reported and high', () => {
    const GB_REALM = 'epc.mnc015.mcc234.3gppnetwork.org';
    const list = [...setting.slice(0, 4), ...s6a(316, SIM, `mme1.${GB_REALM}`, GB_REALM, [], [E.msisdnAvp(VICTIM)]), ...simInChina(SIM, '0a0002'), sri];
    const out = run(list, 1, [0, 0, 0, 0, 100, 100, DAY, DAY, DAY + 600]);
    expect(out.anomalies).toContainEqual(expect.stringContaining(`+${VICTIM}: IMSI ${VICTIM_IMSI} (GB) → IMSI ${SIM} (CN)`));
    expect(lom(out)).toEqual([victimTracked(list)]);
    expect(out.explanations.join('\n')).toContain(`IMSI ${VICTIM_IMSI}, which held the number until`);
    // The honest version (a SIM swap in GB, then a trip): the HLR names the number to the new VLR in China (TS 29.002 §19.1.1).
    const swap = [
      ...setting.slice(0, 4),
      ...s6a(316, SIM, `mme1.${GB_REALM}`, GB_REALM, [], [E.msisdnAvp(VICTIM)]),
      ...registrationOnNewPort(SIM, VICTIM, CN_VLR, '0a0002'),
      sri,
    ];
    expect(lom(run(swap, 1, [0, 0, 0, 0, 100, 100, DAY, DAY, DAY, DAY + 600]))).toEqual([]);
  });
});

const ES_VLR = '34600000011';
const ES_GMSC = '34600000050';
const HOUR = 3600;
/** An SRI for the victim's number from `gmsc`. */
const sriFrom = (gmsc: string) =>
  ss7Frame(
    E.tcBegin({
      otid: '0c000002',
      dialogue: { pdu: 'aarq', acn: '0.4.0.0.1.0.5.3' },
      components: [{ type: 'invoke', invokeId: 1, opcode: 22, param: E.mapArg.sendRoutingInfo({ msisdn: VICTIM, gmscAddress: gmsc }) }],
    }),
    { gt: gmsc, ssn: 8 },
    HLR,
  );
/** SendAuthenticationInfo for `imsi` from the VLR `at` and the HLR's answer: the SIM is still in use there. */
const authentication = (imsi: string, at: string): Uint8Array[] => [
  ss7Frame(
    E.tcBegin({
      otid: '0d000001',
      dialogue: { pdu: 'aarq', acn: '0.4.0.0.1.0.14.3' },
      components: [{ type: 'invoke', invokeId: 1, opcode: 56, param: E.mapArg.sendAuthenticationInfo({ imsi }) }],
    }),
    vlr(at),
    HLR,
  ),
  ss7Frame(
    E.tcEnd({ dtid: '0d000001', components: [{ type: 'returnResultLast', invokeId: 1, opcode: 56, param: E.mapRes.sendAuthenticationInfo({}) }] }),
    HLR,
    vlr(at),
  ),
];

describe('review 16-A #2: a number the home HLR serves to two SIMs at once (MultiSIM)', () => {
  const phone = '310410100000124';
  /** SIM A (the victim's IMSI) in GB; SIM B (`phone`) registers in Spain 5 h later, the HLR's ISD naming the shared number; A authenticates in GB at 6 h. */
  const multiSim = (phoneRegistration: Uint8Array[]) => [
    ...registration(VICTIM_IMSI, VICTIM, UK_VLR, '0a0001'),
    ...phoneRegistration,
    ...authentication(VICTIM_IMSI, UK_VLR),
  ];
  const times = (n: number) => [0, 0, 0, 0, ...Array.from({ length: n }, () => 5 * HOUR), 6 * HOUR, 6 * HOUR, 6 * HOUR + 60];

  it('an SRI from where the travelling SIM is registered, the HLR having named the number there, raises nothing', () => {
    const list = [...multiSim(registration(phone, VICTIM, ES_VLR, '0a0003')), sriFrom(ES_GMSC)];
    expect(lom(run(list, 1, times(4)))).toEqual([]);
  });

  it('nor once the SIM at home registers again and takes the number back: the request fits the other holder', () => {
    const list = [...multiSim(registration(phone, VICTIM, ES_VLR, '0a0003')), ...registration(VICTIM_IMSI, VICTIM, '447785000022', '0a0004'), sriFrom(ES_GMSC)];
    expect(lom(run(list, 1, [...times(4).slice(0, -1), 6 * HOUR + 30, 6 * HOUR + 30, 6 * HOUR + 30, 6 * HOUR + 30, 6 * HOUR + 60]))).toEqual([]);
  });

  it('an SRI from a third country is still high', () => {
    const third = [...multiSim(registration(phone, VICTIM, ES_VLR, '0a0003')), sriFrom(CN_GMSC)];
    expect(lom(run(third, 1, times(4)))).toEqual([`location-origin-mismatch:high@${third.length}`]);
  });

  it('an attacker\u2019s second SIM: its ISD on a new association (review 16-A #1) or a forged ULA (rt15 H1c, even from the home realm) is no holder', () => {
    const port = [...multiSim(registrationOnNewPort(SIM, VICTIM, CN_VLR, '0a0003')), sriFrom(CN_GMSC)];
    expect(lom(run(port, 1, times(3)))).toEqual([`location-origin-mismatch:high@${port.length}`]);
    // The ULA answer carries the home realm (s6a): a matched ULA came back on its ULR's connection whoever wrote it.
    const ula = [...multiSim([...simInChina(SIM, '0a0002'), ...forgedUla(SIM)]), sriFrom(CN_GMSC)];
    expect(lom(run(ula, 1, times(4)))).toEqual([`location-origin-mismatch:high@${ula.length}`]);
  });

  it('review 16-A #1 (Diameter, as filed): a ULA from another realm than the home\u2019s names no number, so travel does not excuse its link 8 h late', () => {
    const late = [...setting, ...s6a(316, SIM, `mme1.${CN}`, CN, [], [E.msisdnAvp(VICTIM)], 0x51, 'epc.mnc015.mcc234.3gppnetwork.org'), sri];
    expect(lom(run(late, 1, [0, 0, 0, 0, 10, 10, 8 * HOUR, 8 * HOUR, 8 * HOUR + 600]))).toEqual([victimTracked(late)]);
  });
});
