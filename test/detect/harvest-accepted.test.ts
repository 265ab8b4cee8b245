/**
 * auth-vector-harvesting: on a link whose answers the capture shows, only a registration the home
 * network ACCEPTED excuses the SAI / AIR before it and moves the registration index (red-team round
 * 19, M2 and M3; review 19 #1-#4; detect/origin-subscribers.ts PendingRegistrations). A harvester
 * with a partner GT followed each SendAuthenticationInfo with an UpdateLocation the HLR aborted or
 * refused (0 alerts instead of 3); forged ULs for an honest partner VLR's roamers made that VLR's
 * routine SAIs look like harvesting. Where the capture does not prove both directions of the link
 * (a one-direction tap) a UL still counts at once, as before: no frame of another link, and no
 * frame the requester sends its own way, switches that (review 19 #1). Captures built with the
 * repo's encoders: M3UA over SCTP and Diameter over TCP between two hosts, each direction on its own.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/api/scan.js';
import type { ScanAlert } from '../../src/api/scan-options.js';
import * as E from '../../src/encode/index.js';
import { tempProfile } from '../support/profile-file.js';
import { buildOnce, jsonLines, runCli } from '../cli/run-cli.js';

const JP_REALM = 'epc.mnc010.mcc440.3gppnetwork.org';
const HOME_REALM = 'epc.mnc410.mcc310.3gppnetwork.org';
const PROFILE = tempProfile([
  'home: {name: Example Mobile, country: US, gt_prefixes: ["1202555"], imsi_prefixes: ["310410"], msisdn_prefixes: ["1202555"], realms: ["' +
    HOME_REALM +
    '"]}',
  'partners:',
  `  - {name: Partner Japan, plmn: "44010", gt_prefixes: ["8190120"], realms: ["${JP_REALM}"]}`,
  'thresholds: {auth_harvest: {subscribers: 10, window: 1h}}',
]);
const VLR = { gt: '819012000001', ssn: 7 };
const HLR = { gt: '12025550001', ssn: 6 };
const CN = { gt: '8613800000001', ssn: 7 };
const UL_AC = '0.4.0.0.1.0.1.3';
const SAI_AC = '0.4.0.0.1.0.14.3';
const N = 12; // node threshold 10: the 10th, 11th and 12th distinct subscribers alert
const imsi = (i: number) => `3104101000${String(i).padStart(5, '0')}`;
const hex = (n: number) => n.toString(16).padStart(8, '0');

type Party = { gt: string; ssn: number };
let tsn = 1;
/** An SCCP UDT over M3UA / SCTP between 10.0.0.2 (the interconnect) and 10.9.0.1 (home): `inbound` toward home. */
function ss7(tcap: Uint8Array, calling: Party, called: Party, inbound: boolean): Uint8Array {
  const sccp = E.encodeSccp({ type: 'udt', data: tcap, calling, called });
  const m3ua = E.encodeM3uaData({ opc: inbound ? 100 : 200, dpc: inbound ? 200 : 100, sls: 1 }, sccp);
  const chunks = [{ type: 'data' as const, tsn: tsn++, stream: 1, ssn: 0, ppid: 3, payload: m3ua }];
  const sctp = E.sctpPacket({ srcPort: 2905, dstPort: 2905, vtag: 1, checksum: true, chunks });
  return E.ethernet(0x0800, E.ipv4({ src: inbound ? '10.0.0.2' : '10.9.0.1', dst: inbound ? '10.9.0.1' : '10.0.0.2', proto: 132, payload: sctp }));
}

let otid = 0x2000;
const saiInvoke = (i: number) => [{ type: 'invoke' as const, invokeId: 1, opcode: 56, param: E.mapArg.sendAuthenticationInfo({ imsi: imsi(i), vectors: 5 }) }];
const ulInvoke = (i: number, from: Party) => [
  { type: 'invoke' as const, invokeId: 1, opcode: 2, param: E.mapArg.updateLocation({ imsi: imsi(i), mscNumber: from.gt, vlrNumber: from.gt }) },
];
const sai = (i: number, from: Party = VLR, inbound = true) =>
  ss7(E.tcBegin({ otid: hex(otid++), dialogue: { pdu: 'aarq', acn: SAI_AC }, components: saiInvoke(i) }), from, HLR, inbound);

type Answer = 'none' | 'abort' | 'abort-same-way' | 'error' | 'accepted';
/** UpdateLocation Begin for subscriber `i` from `from`, and the HLR's answer in its dialogue. */
function ul(i: number, answer: Answer, from: Party = VLR, inbound = true): Uint8Array[] {
  const id = hex(otid++);
  const out = [ss7(E.tcBegin({ otid: id, dialogue: { pdu: 'aarq', acn: UL_AC }, components: ulInvoke(i, from) }), from, HLR, inbound)];
  if (answer === 'abort' || answer === 'abort-same-way')
    out.push(ss7(E.tcAbort({ dtid: id, pAbortCause: 1 }), HLR, from, answer === 'abort' ? !inbound : inbound));
  if (answer === 'error') out.push(ss7(E.tcEnd({ dtid: id, components: [{ type: 'returnError', invokeId: 1, errorCode: 8 }] }), HLR, from, !inbound));
  if (answer === 'accepted') {
    const hd = hex(otid++);
    const isd = [
      { type: 'invoke' as const, invokeId: 2, opcode: 7, param: E.mapArg.insertSubscriberData({ msisdn: `120255530${String(i).padStart(2, '0')}` }) },
    ];
    out.push(
      ss7(E.tcContinue({ otid: hd, dtid: id, dialogue: { pdu: 'aare', acn: UL_AC }, components: isd }), HLR, from, !inbound),
      ss7(E.tcContinue({ otid: id, dtid: hd, components: [{ type: 'returnResultLast', invokeId: 2 }] }), from, HLR, inbound),
      ss7(
        E.tcEnd({ dtid: id, components: [{ type: 'returnResultLast', invokeId: 1, opcode: 2, param: E.ber.seq(E.ber.octets(E.isdnBytes(HLR.gt))) }] }),
        HLR,
        from,
        !inbound,
      ),
    );
  }
  return out;
}

/** A capture of `frames`, one a second. */
const capture = (frames: Uint8Array[]): Uint8Array =>
  E.writePcap(
    frames.map((data, i) => ({ tsSec: 1_743_235_200 + i, tsNsec: 0, data })),
    { linkType: 1 },
  );

/** The harvesting alerts' origin GTs / hosts of a capture of `frames`. */
async function harvest(frames: Uint8Array[]): Promise<string[]> {
  const pcap = capture(frames);
  const out: ScanAlert[] = [];
  for await (const a of scan(pcap, { profile: PROFILE })) out.push(a);
  return out.filter((a) => a.rule === 'auth-vector-harvesting').map((a) => a.origin.gt ?? a.origin.host ?? '');
}

const each = (f: (i: number) => Uint8Array[]) => Array.from({ length: N }, (_, i) => f(i)).flat();

describe('auth-vector-harvesting: a UL excuses its SAI once the HLR accepted it (rt19 M2)', () => {
  it('control: 12 SAIs from one partner GT alert 3 times; each followed by an accepted UL (ISD, result): none', async () => {
    expect(await harvest(each((i) => [sai(i)]))).toEqual([VLR.gt, VLR.gt, VLR.gt]);
    expect(await harvest(each((i) => [sai(i), ...ul(i, 'accepted')]))).toEqual([]);
  });

  it('each SAI followed by a UL the HLR aborts or refuses (returnError) is still harvesting', async () => {
    // The first UL counts at once (its link not yet shown both ways); its abort / error, sent back, shows it.
    expect(await harvest(each((i) => [sai(i), ...ul(i, 'abort')]))).toEqual([VLR.gt, VLR.gt]);
    expect(await harvest(each((i) => [sai(i), ...ul(i, 'error')]))).toEqual([VLR.gt, VLR.gt]);
  });

  it('an InsertSubscriberData the harvester forges "from the HLR", sent its own way, accepts nothing', async () => {
    const forgedIsd = (i: number) => {
      const id = hex(otid++);
      const isd = [{ type: 'invoke' as const, invokeId: 2, opcode: 7, param: E.mapArg.insertSubscriberData({ msisdn: '12025553001' }) }];
      return [
        ss7(E.tcBegin({ otid: id, dialogue: { pdu: 'aarq', acn: UL_AC }, components: ulInvoke(i, VLR) }), VLR, HLR, true),
        ss7(E.tcContinue({ otid: hex(otid++), dtid: id, dialogue: { pdu: 'aare', acn: UL_AC }, components: isd }), HLR, VLR, true),
      ];
    };
    // The link shown both ways first (another roamer's accepted UL), then 12 × SAI + UL + the forged ISD.
    expect(await harvest([...ul(99, 'accepted'), ...each((i) => [sai(i), ...forgedIsd(i)])])).toEqual([VLR.gt, VLR.gt, VLR.gt]);
  });

  it('a one-direction tap (no answer on the link): a UL counts at once, as before', async () => {
    expect(await harvest(each((i) => [sai(i), ...ul(i, 'none')]))).toEqual([]);
  });

  it('review 19 #1: a forged abort sent the UL’s own way switches nothing: honest SAI + UL pairs raise no harvesting', async () => {
    const forged = ul(99, 'abort-same-way', { gt: '4915550000001', ssn: 7 });
    expect(await harvest([...forged, ...each((i) => [sai(i), ...ul(i, 'none')])])).toEqual([]);
  });

  it('review 19 #1: answers seen on another link do not make this link wait', async () => {
    // The HLR's accepted UL for another subscriber over a second association (10.0.0.3), then the one-way pairs.
    const other = ul(99, 'accepted').map((f) => retarget(f));
    expect(await harvest([...other, ...each((i) => [sai(i), ...ul(i, 'none')])])).toEqual([]);
  });

  it('review 19 #2: once the link shows answers, a UL in a TC-UNIDIRECTIONAL (no dialogue) excuses nothing', async () => {
    const uni = (i: number) => ss7(E.tcUnidirectional({ dialogue: { pdu: 'aarq', acn: UL_AC }, components: ulInvoke(i, VLR) }), VLR, HLR, true);
    expect(await harvest([...ul(99, 'abort'), ...each((i) => [sai(i), uni(i)])])).toEqual([VLR.gt, VLR.gt, VLR.gt]);
  });

  it('review 19 #3: SAIs in a TC-CONTINUE are counted; a UL in a TC-CONTINUE is accepted by the HLR’s ISD', async () => {
    const inContinue = (i: number, op: 'sai' | 'ul') => {
      const a = hex(otid++);
      const b = hex(otid++);
      const ac = op === 'sai' ? SAI_AC : UL_AC;
      const out = [
        ss7(E.tcBegin({ otid: a, dialogue: { pdu: 'aarq', acn: ac }, components: [] }), VLR, HLR, true),
        ss7(E.tcContinue({ otid: b, dtid: a, dialogue: { pdu: 'aare', acn: ac }, components: [] }), HLR, VLR, false),
        ss7(E.tcContinue({ otid: a, dtid: b, components: op === 'sai' ? saiInvoke(i) : ulInvoke(i, VLR) }), VLR, HLR, true),
      ];
      const isd = [{ type: 'invoke' as const, invokeId: 2, opcode: 7, param: E.mapArg.insertSubscriberData({ msisdn: '12025553000' }) }];
      if (op === 'ul') out.push(ss7(E.tcContinue({ otid: b, dtid: a, components: isd }), HLR, VLR, false));
      return out;
    };
    expect(await harvest(each((i) => inContinue(i, 'sai')))).toEqual([VLR.gt, VLR.gt, VLR.gt]);
    expect(await harvest(each((i) => [sai(i), ...inContinue(i, 'ul')]))).toEqual([]);
  });
});

/** `frame` (one of {@link ss7}'s) moved to another association: the interconnect side at 10.0.0.3. */
function retarget(frame: Uint8Array): Uint8Array {
  const out = frame.slice();
  // IPv4 header after the 14-octet Ethernet header: source address at 12, destination at 16 (RFC 791 §3.1).
  for (const at of [14 + 12, 14 + 16]) if (out[at] === 10 && out[at + 1] === 0 && out[at + 2] === 0 && out[at + 3] === 2) out[at + 3] = 3;
  // The IPv4 header checksum (RFC 791 §3.1) over the 20 octets, recomputed.
  out[14 + 10] = out[14 + 11] = 0;
  let sum = 0;
  for (let k = 0; k < 20; k += 2) sum += (out[14 + k]! << 8) | out[14 + k + 1]!;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  const c = ~sum & 0xffff;
  out[14 + 10] = c >>> 8;
  out[14 + 11] = c & 0xff;
  return out;
}

/** An SS7 frame from `src` to `dst` (another host's association: M3UA label 300 → 200, source port 2906). */
function elsewhere(tcap: Uint8Array, calling: Party, called: Party, src: string, dst: string): Uint8Array {
  const m3ua = E.encodeM3uaData({ opc: 300, dpc: 200, sls: 1 }, E.encodeSccp({ type: 'udt', data: tcap, calling, called }));
  const chunks = [{ type: 'data' as const, tsn: tsn++, stream: 1, ssn: 0, ppid: 3, payload: m3ua }];
  const sctp = E.sctpPacket({ srcPort: 2906, dstPort: 2905, vtag: 9, checksum: true, chunks });
  return E.ethernet(0x0800, E.ipv4({ src, dst, proto: 132, payload: sctp }));
}

describe('auth-vector-harvesting: the proof is per requester, the acceptance only back along the UL’s link (review 20)', () => {
  /** SAI for subscriber `i` on the shown link 10.0.0.2 ⇄ 10.9.0.1, and the HLR's vectors back. */
  const answeredSai = (i: number) => {
    const id = hex(otid++);
    return [
      ss7(E.tcBegin({ otid: id, dialogue: { pdu: 'aarq', acn: SAI_AC }, components: saiInvoke(i) }), VLR, HLR, true),
      ss7(E.tcEnd({ dtid: id, components: [{ type: 'returnResultLast', invokeId: 1 }] }), HLR, VLR, false),
    ];
  };
  /** UL `i` whose Begin goes over another association (10.0.0.3, never answered its way): the rest as {@link ul}. */
  const ulElsewhere = (i: number, answer: Answer) => {
    const [begin, ...rest] = ul(i, answer);
    return [retarget(begin!), ...rest];
  };

  it('#1: SAIs answered on one link, ULs over another whose return the capture never shows, aborted: harvesting', async () => {
    // Base: the UL's host pair (10.0.0.3, 10.9.0.1) is not shown both ways, so each UL excused its SAI at once: 0.
    expect(await harvest(each((i) => [...answeredSai(i), ...ulElsewhere(i, 'abort')]))).toEqual([VLR.gt, VLR.gt, VLR.gt]);
  });

  it('#1 guard: the same ULs accepted by the HLR back over the SAIs’ link (GT routing) excuse them', async () => {
    expect(await harvest(each((i) => [...answeredSai(i), ...ulElsewhere(i, 'accepted')]))).toEqual([]);
  });

  it('#2 guard: the HLR side’s acceptance sent to the requester’s mate host (an SG pair), a link shown both ways, counts', async () => {
    // The ISD and result go from 10.9.0.1 to 10.0.0.3, not back to the UL's source 10.0.0.2 (as the public vely_*
    // captures' answers go to the requester's mate); the mate's link carries answered traffic of its own.
    const mate = (i: number) => ul(i, 'accepted').map((f, k) => (k === 1 || k === 3 ? retarget(f) : f));
    expect(await harvest([...answeredSai(98).map(retarget), ...each((i) => [...answeredSai(i), ...mate(i)])])).toEqual([]);
  });

  it('#2: a forged ISD refused as the requester’s (toward the HLR’s host) then relayed back on the shown link accepts nothing', async () => {
    const relayed = (i: number) => {
      const id = hex(otid++);
      const isd = [{ type: 'invoke' as const, invokeId: 2, opcode: 7, param: E.mapArg.insertSubscriberData({ msisdn: '12025553001' }) }];
      const forged = E.tcContinue({ otid: hex(otid++), dtid: id, dialogue: { pdu: 'aare', acn: UL_AC }, components: isd });
      return [
        ss7(E.tcBegin({ otid: id, dialogue: { pdu: 'aarq', acn: UL_AC }, components: ulInvoke(i, VLR) }), VLR, HLR, true),
        elsewhere(forged, HLR, VLR, '10.5.0.1', '10.9.0.1'),
        ss7(forged, HLR, VLR, false),
        ss7(E.tcAbort({ dtid: id, pAbortCause: 1 }), HLR, VLR, false),
      ];
    };
    // Base: the relayed ISD copy, on the UL's reverse way, was the acceptance: 0.
    expect(await harvest(each((i) => [...answeredSai(i), ...relayed(i)]))).toEqual([VLR.gt, VLR.gt, VLR.gt]);
  });

  it('#1 guard: a one-direction tap (no SAI answered anywhere) still counts each UL at once', async () => {
    expect(await harvest(each((i) => [sai(i), ...ulElsewhere(i, 'none')]))).toEqual([]);
  });

  it('#2: a UL result forged "from the HLR" by a third host toward the requester is no acceptance', async () => {
    const forged = (i: number) => {
      const id = hex(otid++);
      const res = [{ type: 'returnResultLast' as const, invokeId: 1, opcode: 2, param: E.ber.seq(E.ber.octets(E.isdnBytes(HLR.gt))) }];
      return [
        ss7(E.tcBegin({ otid: id, dialogue: { pdu: 'aarq', acn: UL_AC }, components: ulInvoke(i, VLR) }), VLR, HLR, true),
        elsewhere(E.tcEnd({ dtid: id, dialogue: { pdu: 'aare', acn: UL_AC }, components: res }), HLR, VLR, '10.5.0.1', '10.0.0.2'),
        ss7(E.tcAbort({ dtid: id, pAbortCause: 1 }), HLR, VLR, false),
      ];
    };
    // Base: the forged End passed the addressee test (the HLR's GT, not the requester's association): 0.
    expect(await harvest(each((i) => [...answeredSai(i), ...forged(i)]))).toEqual([VLR.gt, VLR.gt, VLR.gt]);
  });

  it('#1 × #2: ULs over the unshown link, "accepted" by a third host: harvesting', async () => {
    const forged = (i: number) => {
      const [begin] = ulElsewhere(i, 'none');
      const id = hex(otid - 1);
      const res = [{ type: 'returnResultLast' as const, invokeId: 1, opcode: 2, param: E.ber.seq(E.ber.octets(E.isdnBytes(HLR.gt))) }];
      return [begin!, elsewhere(E.tcEnd({ dtid: id, components: res }), HLR, VLR, '10.5.0.1', '10.0.0.3')];
    };
    expect(await harvest(each((i) => [...answeredSai(i), ...forged(i)]))).toEqual([VLR.gt, VLR.gt, VLR.gt]);
  });
});

describe('auth-vector-harvesting waits alike in every --workers thread (each decodes the whole input)', () => {
  it('SAI + aborted UL pairs and an attach: 1 and 2 workers give the same alerts', () => {
    buildOnce();
    const path = join(mkdtempSync(join(tmpdir(), 'sigwatch-harvest-')), 'm2.pcap');
    writeFileSync(path, capture([...each((i) => ul(50 + i, 'accepted', VLR, false)), ...each((i) => [sai(i), ...ul(i, 'abort')])]));
    const one = runCli(['scan', '--jsonl', '--workers', '1', '--profile', PROFILE, path]);
    const two = runCli(['scan', '--jsonl', '--workers', '2', '--profile', PROFILE, path]);
    expect(jsonLines(one.stdout).filter((a) => a.rule === 'auth-vector-harvesting').length).toBe(3);
    expect(two.stdout).toBe(one.stdout);
  }, 180_000);
});

describe('auth-vector-harvesting: the registration index follows accepted registrations (rt19 M3)', () => {
  // 12 roamers attached at the honest partner VLR (UL, ISD, result), then forged ULs for each from China the
  // HLR refuses, then the VLR's routine SAIs for its own visitors.
  const attached = () => each((i) => ul(i, 'accepted', VLR, false));
  const routine = () => each((i) => [sai(i, VLR, false)]);

  it('control: the partner VLR authenticating its own visitors raises nothing', async () => {
    expect(await harvest([...attached(), ...routine()])).toEqual([]);
  });

  it('forged ULs the HLR refuses do not make the honest VLR a harvester', async () => {
    expect(await harvest([...attached(), ...each((i) => ul(i, 'error', CN)), ...routine()])).toEqual([]);
    expect(await harvest([...attached(), ...each((i) => ul(i, 'none', CN)), ...routine()])).toEqual([]);
  });
});

describe('auth-vector-harvesting, Diameter: a ULR excuses its AIR once the HSS accepted it (rt19 M2)', () => {
  const MME = `mme1.${JP_REALM}`;
  const seq: Record<string, number> = {};
  /** Diameter over TCP: requests from `src`:40000 to 10.2.0.1:3868, answers back. */
  function tcp(bytes: Uint8Array, src: string, request: boolean): Uint8Array {
    const from = request ? src : '10.2.0.1';
    const to = request ? '10.2.0.1' : src;
    const key = `${from}>${to}`;
    const s = (seq[key] ??= 1000);
    seq[key] = s + bytes.length;
    const seg = E.tcpSegment({
      srcPort: request ? 40000 : 3868,
      dstPort: request ? 3868 : 40000,
      seq: s,
      ack: 1,
      flags: E.TCP_FLAGS.ACK | E.TCP_FLAGS.PSH,
      payload: bytes,
      checksumIpv4: { src: from, dst: to },
    });
    return E.ethernet(0x0800, E.ipv4({ src: from, dst: to, proto: 6, payload: seg }));
  }
  const base = (host: string, e2e: number) => [E.avp(263, `${host};1;${e2e}`), E.avp(277, 1), E.avp(264, host), E.avp(296, JP_REALM), E.avp(283, HOME_REALM)];
  let id = 500;
  const air = (i: number, src = '10.1.0.1', host = MME) => {
    const e = id++;
    const avps = [...base(host, e), E.avp(1, imsi(i)), E.avp(1407, Uint8Array.of(0x44, 0xf0, 0x01), { vendor: 10415 })];
    return tcp(E.buildDiameter({ cmd: 318, app: 16777251, request: true, hbh: e, e2e: e, avps }), src, true);
  };
  const ulr = (i: number, e: number, src = '10.1.0.1', host = MME) => {
    const avps = [...base(host, e), E.avp(1, imsi(i)), E.avp(1032, 1004, { vendor: 10415 }), E.avp(1405, 0, { vendor: 10415 })];
    avps.push(E.avp(1407, Uint8Array.of(0x44, 0xf0, 0x01), { vendor: 10415 }));
    return tcp(E.buildDiameter({ cmd: 316, app: 16777251, request: true, hbh: e, e2e: e, avps }), src, true);
  };
  const ula = (e: number, code: number, src = '10.1.0.1', host = MME) => {
    const result = code >= 3000 ? E.group(297, [E.avp(266, 10415), E.avp(298, code)]) : E.avp(268, code);
    const avps = [E.avp(263, `${host};1;${e}`), E.avp(277, 1), E.avp(264, `hss1.${HOME_REALM}`), E.avp(296, HOME_REALM), result];
    return tcp(E.buildDiameter({ cmd: 316, app: 16777251, request: false, hbh: e, e2e: e, avps }), src, false);
  };

  it('AIR then a ULR the HSS refuses (5004): harvesting; a ULA 2001 excuses it', async () => {
    const run = (code: number) => {
      const e = id++;
      return (i: number) => [air(i), ulr(i, e + 1000 * i), ula(e + 1000 * i, code)];
    };
    expect(await harvest(each(run(5004)))).toEqual([MME, MME]);
    expect(await harvest(each(run(2001)))).toEqual([]);
  });

  it('review 20 #1: AIRs answered on one connection, ULRs from the same Origin-Host over another never answered: harvesting', async () => {
    const aia = (e: number) => {
      const avps = [E.avp(263, `${MME};1;${e}`), E.avp(277, 1), E.avp(264, `hss1.${HOME_REALM}`), E.avp(296, HOME_REALM), E.avp(268, 2001)];
      return tcp(E.buildDiameter({ cmd: 318, app: 16777251, request: false, hbh: e, e2e: e, avps }), '10.1.0.1', false);
    };
    const run = (accept: boolean) => (i: number) => {
      const e = id;
      const out = [air(i), aia(e), ulr(i, 5000 + e, '10.1.0.5')];
      return accept ? [...out, ula(5000 + e, 2001, '10.1.0.5')] : out;
    };
    // Base: the ULR's connection (10.1.0.5) shows no answer, so each ULR excused its AIR at once: 0.
    expect(await harvest(each(run(false)))).toEqual([MME, MME, MME]);
    // Guard: the HSS's 2001 back on that connection excuses them.
    expect(await harvest(each(run(true)))).toEqual([]);
  });

  it('review 19 #4: two MMEs’ ULRs with the same End-to-End id are two registrations', async () => {
    // RFC 6733 §3: an E2E id is unique per originator only. A second MME (its own connection) uses MME 1's id.
    const other = `mme2.${JP_REALM}`;
    const run = (i: number) => {
      const e = 7000 + i;
      return [air(i), ulr(i, e), ulr(100 + i, e, '10.1.0.7', other), ula(e, 2001, '10.1.0.7', other), ula(e, 2001)];
    };
    expect(await harvest([ulr(99, 6999), ula(6999, 2001), ...each(run)])).toEqual([]);
  });
});
