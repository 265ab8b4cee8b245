// Seeded benchmark fixtures built with sigwatch/encode (dist/encode): single messages per layer,
// and a synthetic mixed SS7+Diameter capture used until/unless the scenario generator
// (bench/generator, `npm run pcaps`) is available.
import {
  avp,
  avp3,
  buildDiameter,
  encodeM3uaData,
  encodeSccp,
  ethernet,
  group,
  ipv4,
  mapArg,
  mapRes,
  sctpPacket,
  tcBegin,
  tcEnd,
  writePcap,
} from '../../dist/encode/index.js';
import { encodePlmn } from '../../dist/diameter/plmn.js';
import { DIAMETER_APP, DIAMETER_CMD } from '../../dist/diameter/dictionary/codes.js';
import { MAP_OP } from '../../dist/ss7/map/operations.js';
import { mapAcn } from '../../dist/ss7/map/application-contexts.js';

/** Deterministic PRNG (LCG) so every run builds the same bytes. */
function prng(seed = 0x5157) {
  let s = seed >>> 0;
  return (n) => (((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32) * n) | 0;
}

/** Networks of the synthetic world (fictional numbers shaped like real ones). */
const NETS = {
  home: { gt: '1202555', mcc: '310', mnc: '410', pc: 1001, ip: '10.1.0.1' },
  jp: { gt: '8190120', mcc: '440', mnc: '10', pc: 4401, ip: '10.44.0.1' },
  gb: { gt: '447785', mcc: '234', mnc: '15', pc: 2341, ip: '10.23.0.1' },
  cn: { gt: '8613800', mcc: '460', mnc: '00', pc: 4601, ip: '10.46.0.1' },
  bb: { gt: '1246260', mcc: '342', mnc: '600', pc: 3421, ip: '10.34.0.1' },
};
const realmOf = (n) => `epc.mnc${n.mnc.padStart(3, '0')}.mcc${n.mcc}.3gppnetwork.org`;
export const PROFILE = {
  home: {
    name: 'Bench Mobile',
    country: 'US',
    gt_prefixes: ['1202555'],
    imsi_prefixes: ['310410'],
    msisdn_prefixes: ['1202555'],
    realms: [realmOf(NETS.home)],
  },
  partners: [
    { name: 'Partner JP', plmn: '44010', gt_prefixes: ['8190120'], realms: [realmOf(NETS.jp)] },
    { name: 'Partner GB', plmn: '23415', gt_prefixes: ['447785'], realms: [realmOf(NETS.gb)] },
  ],
};

const sub = (i) => ({
  imsi: `310410${String(100000000 + i).slice(-9)}`,
  msisdn: `1202555${String(i % 10000).padStart(4, '0')}${i >= 10000 ? String(i).slice(0, 2) : ''}`,
});
const hlr = (n) => `${n.gt}0001`;
const vlr = (n) => `${n.gt}0002`;
const gmsc = (n) => `${n.gt}0003`;
const tidHex = (t) => (t >>> 0).toString(16).padStart(8, '0');
const ACN = {
  ul: mapAcn('networkLocUp', 3),
  sri: mapAcn('locationInfoRetrieval', 3),
  sm: mapAcn('shortMsgGateway', 3),
  psi: mapAcn('subscriberInfoEnquiry', 3),
};

/** M3UA DATA / SCCP UDT around TCAP bytes. */
function m3ua(from, to, calling, called, tcapBytes) {
  const sccp = encodeSccp({
    type: 'udt',
    protocolClass: 1,
    called: { gt: called.gt, ssn: called.ssn, tt: 0, np: 1, nai: 4 },
    calling: { gt: calling.gt, ssn: calling.ssn, tt: 0, np: 1, nai: 4 },
    data: tcapBytes,
  });
  return encodeM3uaData({ opc: from.pc, dpc: to.pc, si: 3, ni: 2, sls: 1, routingContext: 100 }, sccp);
}

/** UpdateLocation Begin (AARQ networkLocUp v3 + invoke) — the TCAP bytes alone. */
export function ulBegin(i = 1, net = NETS.jp) {
  const s = sub(i);
  return tcBegin({
    otid: tidHex(0x0a000000 + i),
    dialogue: { pdu: 'aarq', acn: ACN.ul },
    components: [
      { type: 'invoke', invokeId: 1, opcode: MAP_OP.updateLocation, param: mapArg.updateLocation({ imsi: s.imsi, mscNumber: vlr(net), vlrNumber: vlr(net) }) },
    ],
  });
}

const S6A = DIAMETER_APP.s6a;
const { ULR } = DIAMETER_CMD.s6a;
function ulr(i = 1, net = NETS.jp, hbh = 1) {
  const s = sub(i);
  const r = realmOf(net);
  return buildDiameter({
    cmd: ULR,
    app: S6A,
    request: true,
    hbh,
    e2e: hbh,
    avps: [
      avp(263, `mme1.${r};1700000000;${hbh}`),
      group(260, [avp(266, 10415), avp(258, S6A)]),
      avp(277, 1),
      avp(264, `mme1.${r}`),
      avp(296, r),
      avp(283, realmOf(NETS.home)),
      avp(1, s.imsi),
      avp3(1032, 1004),
      avp3(1405, 0x22),
      avp3(1407, encodePlmn(net.mcc, net.mnc)),
    ],
  });
}
function ula(_i = 1, hbh = 1) {
  const r = realmOf(NETS.home);
  return buildDiameter({
    cmd: ULR,
    app: S6A,
    request: false,
    hbh,
    e2e: hbh,
    avps: [
      avp(263, `mme1.${realmOf(NETS.jp)};1700000000;${hbh}`),
      avp(277, 1),
      avp(264, `hss.${r}`),
      avp(296, r),
      avp(268, 2001),
      avp3(1406, 1),
      group(1400, [avp3(1417, 2), avp3(1424, 0), group(1435, [avp3(516, 50000000), avp3(515, 100000000)], { vendor: 10415 })], { vendor: 10415 }),
    ],
  });
}

/**
 * Procedures of the synthetic world: each returns the messages it sends as
 * [{ net, toHome: bool, ppid, payload }] groups; one group = one SCTP packet (bundling).
 */
function procedures(i, rnd) {
  const s = sub(i);
  const home = NETS.home;
  const partner = rnd(2) ? NETS.jp : NETS.gb;
  const t = 0x0a000000 + i * 4;
  const ss7 = (net, toHome, calling, called, tcap) => ({
    net,
    toHome,
    ppid: 3,
    payload: toHome ? m3ua(net, home, calling, called, tcap) : m3ua(home, net, calling, called, tcap),
  });
  const dia = (net, toHome, bytes) => ({ net, toHome, ppid: 46, payload: bytes });
  const out = [];
  const kind = rnd(100);
  if (kind < 30) {
    // UpdateLocation from a partner VLR; result from the HLR.
    out.push([ss7(partner, true, { gt: vlr(partner), ssn: 7 }, { gt: hlr(home), ssn: 6 }, ulBegin(i, partner))]);
    out.push([
      ss7(
        partner,
        false,
        { gt: hlr(home), ssn: 6 },
        { gt: vlr(partner), ssn: 7 },
        tcEnd({
          dtid: tidHex(0x0a000000 + i),
          dialogue: { pdu: 'aare', acn: ACN.ul },
          components: [{ type: 'returnResultLast', invokeId: 1, opcode: MAP_OP.updateLocation, param: mapRes.hlrNumber({ hlrNumber: hlr(home) }) }],
        }),
      ),
    ]);
  } else if (kind < 55) {
    // SendRoutingInfo from the home GMSC (legitimate call setup).
    out.push([
      ss7(
        home,
        true,
        { gt: gmsc(home), ssn: 8 },
        { gt: hlr(home), ssn: 6 },
        tcBegin({
          otid: tidHex(t + 1),
          dialogue: { pdu: 'aarq', acn: ACN.sri },
          components: [
            { type: 'invoke', invokeId: 1, opcode: MAP_OP.sendRoutingInfo, param: mapArg.sendRoutingInfo({ msisdn: s.msisdn, gmscAddress: gmsc(home) }) },
          ],
        }),
      ),
    ]);
    out.push([
      ss7(
        home,
        true,
        { gt: hlr(home), ssn: 6 },
        { gt: gmsc(home), ssn: 8 },
        tcEnd({
          dtid: tidHex(t + 1),
          dialogue: { pdu: 'aare', acn: ACN.sri },
          components: [
            {
              type: 'returnResultLast',
              invokeId: 1,
              opcode: MAP_OP.sendRoutingInfo,
              param: mapRes.sendRoutingInfo({ imsi: s.imsi, roamingNumber: `${partner.gt}9123`, vmscAddress: vlr(partner) }),
            },
          ],
        }),
      ),
    ]);
  } else if (kind < 70) {
    // SRI-for-SM from a foreign SMSC, 3 dialogues bundled in one packet, answers bundled too.
    const net = rnd(2) ? NETS.bb : NETS.cn;
    const ids = [0, 1, 2].map((k) => t + 2 + k * 0x100000);
    out.push(
      ids.map((id, k) =>
        ss7(
          net,
          true,
          { gt: `${net.gt}0009`, ssn: 8 },
          { gt: hlr(home), ssn: 6 },
          tcBegin({
            otid: tidHex(id),
            dialogue: { pdu: 'aarq', acn: ACN.sm },
            components: [
              {
                type: 'invoke',
                invokeId: 1,
                opcode: MAP_OP.sendRoutingInfoForSM,
                param: mapArg.sendRoutingInfoForSM({ msisdn: sub(i + k).msisdn, sca: `${net.gt}0009`, pri: true }),
              },
            ],
          }),
        ),
      ),
    );
    out.push(
      ids.map((id, k) =>
        ss7(
          net,
          false,
          { gt: hlr(home), ssn: 6 },
          { gt: `${net.gt}0009`, ssn: 8 },
          tcEnd({
            dtid: tidHex(id),
            dialogue: { pdu: 'aare', acn: ACN.sm },
            components: [
              {
                type: 'returnResultLast',
                invokeId: 1,
                opcode: MAP_OP.sendRoutingInfoForSM,
                param: mapRes.sendRoutingInfoForSM({ imsi: sub(i + k).imsi, networkNodeNumber: vlr(partner) }),
              },
            ],
          }),
        ),
      ),
    );
  } else if (kind < 75) {
    // ProvideSubscriberInfo from a foreign "HLR" (location tracking attempt).
    out.push([
      ss7(
        NETS.cn,
        true,
        { gt: hlr(NETS.cn), ssn: 6 },
        { gt: vlr(partner), ssn: 7 },
        tcBegin({
          otid: tidHex(t + 3),
          dialogue: { pdu: 'aarq', acn: ACN.psi },
          components: [{ type: 'invoke', invokeId: 1, opcode: MAP_OP.provideSubscriberInfo, param: mapArg.provideSubscriberInfo({ imsi: s.imsi }) }],
        }),
      ),
    ]);
  } else {
    // Diameter S6a ULR/ULA from a partner MME (5% of them from a foreign realm).
    const net = rnd(20) === 0 ? NETS.cn : partner;
    const hbh = (0x5a000000 + i) >>> 0;
    out.push([dia(net, true, ulr(i, net, hbh))]);
    out.push([dia(net, false, ula(i, hbh))]);
  }
  return out;
}

/**
 * Builds a pool of template frames (Ethernet/IPv4/SCTP with TSNs to be patched per emission) from
 * `procs` distinct procedures (subscribers 0..procs-1).
 */
export function buildPool(procs = 20000, seed = 7) {
  const rnd = prng(seed);
  const frames = [];
  let messages = 0;
  for (let i = 0; i < procs; i++) {
    for (const pkt of procedures(i, rnd)) {
      const { net, toHome, ppid } = pkt[0];
      const [src, dst] = toHome ? [net, NETS.home] : [NETS.home, net];
      const port = ppid === 46 ? 3868 : 2905;
      const assoc = `${src.pc}>${dst.pc}:${port}`;
      const bytes = ethernet(
        0x0800,
        ipv4({
          src: src.ip,
          dst: dst.ip,
          proto: 132,
          payload: sctpPacket({
            srcPort: port,
            dstPort: port,
            vtag: dst.pc,
            chunks: pkt.map((m) => ({ type: 'data', tsn: 0, stream: 1, ssn: 0, ppid: m.ppid, payload: m.payload })),
          }),
          df: true,
        }),
      );
      // TSN offsets: walk the SCTP chunks (RFC 9260 §3.2) after Ethernet(14) + IPv4(20) + common header(12).
      const tsnAt = [];
      const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      for (let o = 14 + 20 + 12; o + 4 <= bytes.length; ) {
        const len = v.getUint16(o + 2);
        if (bytes[o] === 0) tsnAt.push(o + 4);
        o += (len + 3) & ~3;
      }
      frames.push({ bytes, assoc, tsnAt });
      messages += pkt.length;
    }
  }
  return { frames, messages };
}

/**
 * Writes a classic pcap of at least `messages` messages (or `bytes` bytes) by cycling through the
 * pool, patching TSNs so the SCTP layer sees fresh data, 50 µs between frames.
 * `write(chunk)` receives 1 MiB chunks. Returns { messages, frames, bytes }.
 */
export function writeSynthetic({ messages = 1_000_000, bytes = Infinity, pool = buildPool(), write }) {
  const CH = 1 << 20;
  let buf = new Uint8Array(CH);
  let dv = new DataView(buf.buffer);
  let len = 0;
  const hdr = writePcap([], { linkType: 1 });
  buf.set(hdr, 0);
  len = hdr.length;
  let total = len;
  const tsn = new Map();
  let nMsg = 0;
  let nFrames = 0;
  let us = 1_700_000_000 * 1e6; // µs since the epoch
  const per = pool.messages / pool.frames.length;
  for (let k = 0; nMsg < messages && total < bytes; k++) {
    const f = pool.frames[k % pool.frames.length];
    const rec = 16 + f.bytes.length;
    if (len + rec > CH) {
      write(buf.subarray(0, len));
      buf = new Uint8Array(CH);
      dv = new DataView(buf.buffer);
      len = 0;
    }
    us += 50;
    dv.setUint32(len, Math.floor(us / 1e6), true);
    dv.setUint32(len + 4, us % 1e6, true);
    dv.setUint32(len + 8, f.bytes.length, true);
    dv.setUint32(len + 12, f.bytes.length, true);
    buf.set(f.bytes, len + 16);
    let t = tsn.get(f.assoc) ?? 1000;
    for (const at of f.tsnAt) dv.setUint32(len + 16 + at, t++);
    tsn.set(f.assoc, t);
    len += rec;
    total += rec;
    nFrames++;
    nMsg += f.tsnAt.length;
  }
  if (len > 0) write(buf.subarray(0, len));
  void per;
  return { messages: nMsg, frames: nFrames, bytes: total };
}
