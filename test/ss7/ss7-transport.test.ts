import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NO_ANOMALIES, type Anomaly } from '../../src/core/anomaly.js';
import { Counters } from '../../src/core/stats.js';
import { Ss7Transport, SUA_TYPE_CODE, type Ss7TransportOptions } from '../../src/ss7/ss7-transport.js';
import type { SccpUnit } from '../../src/ss7/types.js';
import { concat, fromHex as hex, toHex } from '../../src/encode/bytes.js';
import { createM3uaMessage, decodeM3ua } from '../../src/ss7/m3ua.js';
import { encodeMtp3Msu } from '../../src/encode/mtp.js';
import { encodeSccp, encodeSccpSegments, type SccpSpec } from '../../src/encode/sccp.js';
import {
  encodeM2paLinkStatus,
  encodeM2paUserData,
  encodeM2uaData,
  encodeM3uaData,
  encodeM3uaNotify,
  encodeSuaAddress,
  encodeSuaCldt,
  sigtranMessage,
  sigtranParam,
} from '../../src/encode/sigtran.js';
import { payloadOf } from '../support/ss7.js';

interface Seen {
  frameNo: number;
  mtp: ReturnType<NonNullable<SccpUnit['mtpInfo']>>;
  sccp: SccpUnit['sccp'];
  data: string;
  anomalies: Anomaly[];
}

function setup(opts: Partial<Ss7TransportOptions> = {}) {
  const units: Seen[] = [];
  const sink: Anomaly[] = [];
  const counters = new Counters();
  const t = new Ss7Transport({
    onUnit: (u) =>
      units.push({ frameNo: u.frameNo, mtp: u.mtpInfo!(), sccp: u.sccpInfo(), data: toHex(u.bytes.subarray(u.offset, u.end)), anomalies: u.anomalies }),
    onAnomaly: (a) => sink.push(a),
    counters,
    ...opts,
  });
  return { t, units, sink, counters };
}

const tcap = hex('62 06 48 04 01 02 03 04');
const udt: SccpSpec = { type: 'udt', protocolClass: 0, called: { gt: '441234567890', ssn: 6 }, calling: { gt: '491720000000', ssn: 147 }, data: tcap };
const label = { si: 3, ni: 2, opc: 100, dpc: 200, sls: 5 };

describe('Ss7Transport', () => {
  it('M3UA DATA → SCCP UDT → one unit with mtp and sccp info', () => {
    const { t, units, counters } = setup();
    t.payload(payloadOf('m3ua', encodeM3uaData({ opc: 100, dpc: 200, sls: 5, routingContext: 1 }, encodeSccp(udt)), { frameNo: 3 }));
    expect(units).toHaveLength(1);
    const u = units[0]!;
    expect(u.frameNo).toBe(3);
    expect(u.mtp).toEqual({ opc: 100, dpc: 200, si: 3, ni: 2, sls: 5, mp: 0 });
    expect(u.sccp).toEqual({
      type: 'udt',
      typeCode: 9,
      protocolClass: 0,
      called: { ri: 'gt', gti: 4, ssn: 6, tt: 0, np: 1, es: 2, nai: 4, gt: '441234567890' },
      calling: { ri: 'gt', gti: 4, ssn: 147, tt: 0, np: 1, es: 2, nai: 4, gt: '491720000000' },
    });
    expect(u.data).toBe(toHex(tcap));
    expect(u.anomalies).toEqual([]);
    expect(counters.get('ss7.units')).toBe(1);
    expect(counters.get('sccp.type.udt')).toBe(1);
  });

  it('units give fresh sccp (sccpInfo()) and mtp (mtpInfo()) objects', () => {
    const { t, units } = setup();
    const p = encodeM3uaData({ opc: 1, dpc: 2 }, encodeSccp(udt));
    t.payload(payloadOf('m3ua', p));
    t.payload(payloadOf('m3ua', p));
    expect(units[0]!.sccp).not.toBe(units[1]!.sccp);
    expect(units[0]!.mtp).not.toBe(units[1]!.mtp);
  });

  it('a clean unit holds the reused label and the shared empty anomaly list: no fresh object per unit', () => {
    const labels: unknown[] = [];
    const lists: unknown[] = [];
    const infos: unknown[] = [];
    const t = new Ss7Transport({
      onUnit: (u) => {
        labels.push(u.mtp);
        lists.push(u.anomalies);
        infos.push(u.mtpInfo!());
        // The label reads as the message's while the callback runs.
        expect(u.mtp).toEqual({ opc: 1 + labels.length, dpc: 2, si: 3, ni: 2, sls: 0, mp: labels.length < 3 ? 0 : -1 });
      },
    });
    t.payload(payloadOf('m3ua', encodeM3uaData({ opc: 2, dpc: 2 }, encodeSccp(udt))));
    t.payload(payloadOf('m3ua', encodeM3uaData({ opc: 3, dpc: 2 }, encodeSccp(udt))));
    t.payload(payloadOf('mtp3', encodeMtp3Msu({ ...label, opc: 4, dpc: 2, sls: 0 }, 'itu', encodeSccp(udt))));
    expect(labels[0]).toBe(labels[1]);
    expect(labels[1]).toBe(labels[2]);
    expect(lists[0]).toBe(NO_ANOMALIES);
    expect(lists[2]).toBe(NO_ANOMALIES);
    expect(Object.isFrozen(NO_ANOMALIES)).toBe(true);
    // mtpInfo(): fresh, `mp` only where the link carries it (M3UA), as the label objects were before.
    expect(infos).toEqual([
      { opc: 2, dpc: 2, si: 3, ni: 2, sls: 0, mp: 0 },
      { opc: 3, dpc: 2, si: 3, ni: 2, sls: 0, mp: 0 },
      { opc: 4, dpc: 2, si: 3, ni: 2, sls: 0 },
    ]);
    expect('mp' in (infos[2] as object)).toBe(false);
    expect(infos[0]).not.toBe(infos[1]);
  });

  it('sigwatch/ss7 exports what a unit consumer needs: addAnomaly makes the holder its own list, ownAnomalies copies the shared one', async () => {
    const ss7 = await import('../../src/ss7/index.js');
    const holders: { anomalies: Anomaly[] }[] = [];
    const t = new Ss7Transport({ onUnit: (u) => holders.push({ anomalies: u.anomalies }) });
    t.payload(payloadOf('m3ua', encodeM3uaData({ opc: 1, dpc: 2 }, encodeSccp(udt))));
    t.payload(payloadOf('m3ua', encodeM3uaData({ opc: 1, dpc: 2 }, encodeSccp(udt))));
    expect(holders[0]!.anomalies).toBe(ss7.NO_ANOMALIES);
    const a: Anomaly = { code: 'sccp.truncated', layer: 'sccp', detail: 'x' };
    ss7.addAnomaly(holders[0]!, a);
    expect(holders[0]!.anomalies).toEqual([a]);
    expect(holders[1]!.anomalies).toEqual([]);
    expect(ss7.NO_ANOMALIES).toHaveLength(0);
    const own = ss7.ownAnomalies(holders[1]!.anomalies);
    own.push(a);
    expect(ss7.NO_ANOMALIES).toHaveLength(0);
  });

  it('M2PA user data, M2UA protocol data 1 and 2, bare MTP3: same unit', () => {
    const { t, units, counters } = setup();
    const msu = encodeMtp3Msu(label, 'itu', encodeSccp(udt));
    t.payload(payloadOf('m2pa', encodeM2paUserData(msu, { bsn: 1, fsn: 2 })));
    t.payload(payloadOf('m2ua', encodeM2uaData(msu, { interfaceId: 4 })));
    t.payload(payloadOf('m2ua', encodeM2uaData(msu, { ttcPriority: 1 })));
    t.payload(payloadOf('mtp3', msu));
    expect(units).toHaveLength(4);
    for (const u of units) {
      expect(u.mtp).toEqual({ opc: 100, dpc: 200, si: 3, ni: 2, sls: 5 });
      expect(u.sccp.calling.gt).toBe('491720000000');
      expect(u.data).toBe(toHex(tcap));
    }
    expect(counters.get('mtp3.msu')).toBe(4);
  });

  it('two SIGTRAN messages in one SCTP user message: both decoded and counted (rt10 B1)', () => {
    const { t, units, counters, sink } = setup();
    const second: SccpSpec = { ...udt, calling: { gt: '8613800000001', ssn: 7 } };
    const msu = (s: SccpSpec) => encodeMtp3Msu(label, 'itu', encodeSccp(s));
    t.payload(payloadOf('m3ua', concat(encodeM3uaData({ opc: 100, dpc: 200 }, encodeSccp(udt)), encodeM3uaData({ opc: 100, dpc: 200 }, encodeSccp(second)))));
    t.payload(payloadOf('m2pa', concat(encodeM2paUserData(msu(udt)), encodeM2paLinkStatus(3), encodeM2paUserData(msu(second)))));
    const cldt = (gt: string) => encodeSuaCldt({ source: { ri: 'gt', gt, ssn: 7 }, dest: { ri: 'ssn', ssn: 6 }, data: tcap });
    t.payload(payloadOf('sua', concat(cldt('491720000000'), cldt('8613800000001'))));
    // M2UA too (rt11 R5: its second message was dropped).
    t.payload(payloadOf('m2ua', concat(encodeM2uaData(msu(udt), { interfaceId: 4 }), encodeM2uaData(msu(second), { interfaceId: 4 }))));
    const pairs = ['491720000000', '8613800000001'];
    expect(units.map((u) => u.sccp.calling.gt)).toEqual([...pairs, ...pairs, ...pairs, ...pairs]);
    expect(counters.get('m3ua.messages-after-first-in-user-message')).toBe(1);
    expect(counters.get('m2pa.messages-after-first-in-user-message')).toBe(2);
    expect(counters.get('sua.messages-after-first-in-user-message')).toBe(1);
    expect(counters.get('m2ua.messages-after-first-in-user-message')).toBe(1);
    expect(sink).toEqual([]);
    // Fewer octets after the last message than a header (padding past its length): counted, no anomaly (review 10-A).
    t.payload(payloadOf('m3ua', concat(encodeM3uaData({ opc: 100, dpc: 200 }, encodeSccp(udt)), hex('00 00 00')), { frameNo: 9 }));
    expect(units).toHaveLength(9);
    expect([sink, counters.get('m3ua.trailing-octets')]).toEqual([[], 3]);
    // A header's worth that is not a message: the fatal anomaly of the layer, the first still decoded.
    t.payload(payloadOf('m3ua', concat(encodeM3uaData({ opc: 100, dpc: 200 }, encodeSccp(udt)), hex('01 00 00 00 00 00 00 02')), { frameNo: 10 }));
    expect(units).toHaveLength(10);
    expect(sink.map((a) => [a.layer, a.frame])).toEqual([['m3ua', 10]]);
  });

  it('management, link status and ISUP are counted and skipped', () => {
    const { t, units, counters } = setup();
    t.payload(payloadOf('m3ua', encodeM3uaNotify()));
    t.payload(payloadOf('m3ua', encodeM3uaData({ opc: 1, dpc: 2, si: 5 }, hex('0102'))));
    t.payload(payloadOf('m2pa', encodeM2paLinkStatus(3)));
    t.payload(payloadOf('m2pa', encodeM2paUserData(new Uint8Array(0))));
    t.payload(payloadOf('mtp3', encodeMtp3Msu({ ...label, si: 5 }, 'itu', hex('0102'))));
    t.payload(payloadOf('sua', hex('01 00 03 01 00 00 00 08')));
    t.payload(payloadOf('m3ua', encodeM3uaData({ opc: 1, dpc: 2 }, hex('01 00 00'))));
    t.payload(payloadOf('diameter', hex('01')));
    expect(units).toEqual([]);
    expect(counters.snapshot()).toMatchObject({
      'm3ua.class.mgmt': 1,
      'mtp3.si.5': 2,
      'm2pa.link-status': 1,
      'm2pa.ack': 1,
      'sua.class.aspsm': 1,
      'sccp.type.0x01': 1,
    });
  });

  it('SUA CLDT → unit with type cldt and no mtp', () => {
    const { t, units } = setup();
    t.payload(
      payloadOf(
        'sua',
        encodeSuaCldt({
          protocolClass: 1,
          source: { ri: 'gt', gt: '12345', ssn: 8, pc: 77 },
          dest: { ri: 'ssn', pc: 88, ssn: 6 },
          data: tcap,
          routingContext: 3,
          hopCount: 15,
        }),
      ),
    );
    expect(units).toHaveLength(1);
    expect(units[0]!.mtp).toBeUndefined();
    expect(units[0]!.sccp).toEqual({
      type: 'cldt',
      typeCode: SUA_TYPE_CODE.cldt,
      protocolClass: 1,
      calling: { ri: 'gt', gti: 4, gt: '12345', tt: 0, np: 1, nai: 4, pc: 77, ssn: 8 },
      called: { ri: 'ssn', gti: 0, pc: 88, ssn: 6 },
    });
    expect(units[0]!.data).toBe(toHex(tcap));
  });

  it('SUA CLDR carries the return cause', () => {
    const { t, units } = setup();
    t.payload(payloadOf('sua', encodeSuaCldt({ cause: 1, source: { ri: 'ssn', ssn: 8 }, dest: { ri: 'ssn', ssn: 6 }, data: tcap })));
    expect([units[0]!.sccp.type, units[0]!.sccp.typeCode, units[0]!.sccp.returnCause]).toEqual(['cldr', SUA_TYPE_CODE.cldr, 1]);
  });

  it('ANSI MTP3 implies ANSI SCCP addresses by default', () => {
    const { t, units } = setup({ mtp3Variant: 'ansi' });
    const sccp = encodeSccp({ type: 'udt', called: { ssn: 6, pc: 0x010203, gt: '1234', tt: 3 }, calling: { ssn: 7, pc: 0x040506 }, data: tcap }, 'ansi');
    t.payload(payloadOf('mtp3', encodeMtp3Msu({ ...label, mp: 1, opc: 0x0a0b0c, dpc: 0x010203, sls: 200 }, 'ansi', sccp)));
    expect(units[0]!.mtp).toEqual({ opc: 0x0a0b0c, dpc: 0x010203, si: 3, ni: 2, sls: 200, mp: 1 });
    expect(units[0]!.sccp.called).toEqual({ ri: 'gt', gti: 2, ssn: 6, pc: 0x010203, tt: 3, gt: '1234' });
    expect(units[0]!.sccp.calling).toEqual({ ri: 'ssn', gti: 0, ssn: 7, pc: 0x040506 });
  });

  it('Japan MTP3 label with ITU SCCP', () => {
    const { t, units } = setup({ mtp3Variant: 'japan' });
    t.payload(payloadOf('mtp3', encodeMtp3Msu({ ...label, opc: 0xfedc, dpc: 0x1234, sls: 9 }, 'japan', encodeSccp(udt))));
    expect(units[0]!.mtp).toMatchObject({ opc: 0xfedc, dpc: 0x1234, sls: 9 });
    expect(units[0]!.sccp.called.gt).toBe('441234567890');
  });

  it('XUDT segmented in 3 parts: one unit on the last segment with the whole data', () => {
    const { t, units, counters } = setup();
    const data = new Uint8Array(500).map((_, i) => (i * 7) & 0xff);
    const segs = encodeSccpSegments({ type: 'xudt', called: udt.called, calling: udt.calling, data }, 3, 0x123456);
    segs.forEach((s, i) => {
      t.payload(payloadOf('m3ua', encodeM3uaData({ opc: 1, dpc: 2 }, s), { frameNo: 10 + i }));
    });
    expect(units).toHaveLength(1);
    expect(units[0]!.frameNo).toBe(12);
    expect(units[0]!.sccp.type).toBe('xudt');
    expect(units[0]!.data).toBe(toHex(data));
    expect(t.pendingSegments).toBe(0);
    expect(counters.get('sccp.reassembled')).toBe(1);
  });

  it('XUDT segments over two associations join by OPC + NI + calling + local reference (Q.714 §4.1.1.3)', () => {
    const { t, units } = setup();
    const data = new Uint8Array(300).map((_, i) => i & 0xff);
    const segs = encodeSccpSegments({ type: 'xudt', called: udt.called, calling: udt.calling, data }, 2, 77);
    const path = (id: number, src: string, dst: string) => ({ id, transport: 'sctp' as const, src, dst, srcPort: 2905, dstPort: 2905 });
    t.payload(payloadOf('m3ua', encodeM3uaData({ opc: 1, dpc: 2 }, segs[0]!), { flow: path(1, '10.0.0.1', '10.0.0.2') }));
    t.payload(payloadOf('m3ua', encodeM3uaData({ opc: 1, dpc: 2 }, segs[1]!), { flow: path(2, '10.0.1.1', '10.0.1.2') }));
    expect(units.map((u) => u.data)).toEqual([toHex(data)]);
    // Another OPC (or network) is another originator: not joined.
    const other = setup();
    other.t.payload(payloadOf('m3ua', encodeM3uaData({ opc: 1, dpc: 2 }, segs[0]!)));
    other.t.payload(payloadOf('m3ua', encodeM3uaData({ opc: 3, dpc: 2 }, segs[1]!)));
    other.t.payload(payloadOf('m3ua', encodeM3uaData({ opc: 1, dpc: 2, ni: 0 }, segs[1]!)));
    expect(other.units).toHaveLength(0);
  });

  it('LUDT segments reassemble too; a single-segment XUDT passes straight through', () => {
    const { t, units } = setup();
    const data = new Uint8Array(700).fill(0x5a);
    for (const s of encodeSccpSegments({ type: 'ludt', called: udt.called, calling: udt.calling, data }, 2, 1))
      t.payload(payloadOf('m3ua', encodeM3uaData({ opc: 1, dpc: 2 }, s)));
    t.payload(
      payloadOf('m3ua', encodeM3uaData({ opc: 1, dpc: 2 }, encodeSccp({ ...udt, type: 'xudt', segmentation: { first: true, remaining: 0, localRef: 4 } }))),
    );
    expect(units.map((u) => [u.sccp.type, u.data.length / 2])).toEqual([
      ['ludt', 700],
      ['xudt', tcap.length],
    ]);
    expect(t.pendingSegments).toBe(0);
  });

  it('out-of-sequence segment: anomaly, counter, no unit', () => {
    const { t, units, sink, counters } = setup();
    const segs = encodeSccpSegments({ type: 'xudt', called: udt.called, calling: udt.calling, data: new Uint8Array(90) }, 3, 9);
    t.payload(payloadOf('m3ua', encodeM3uaData({ opc: 1, dpc: 2 }, segs[0]!)));
    t.payload(payloadOf('m3ua', encodeM3uaData({ opc: 1, dpc: 2 }, segs[2]!)));
    t.payload(payloadOf('m3ua', encodeM3uaData({ opc: 1, dpc: 2 }, segs[1]!)));
    expect(units).toEqual([]);
    expect(sink.map((a) => a.code)).toEqual(['sccp.segment-out-of-sequence', 'sccp.segment-orphan']);
    expect(counters.get('sccp.segment.out-of-sequence')).toBe(1);
  });

  it('segments of different calling addresses / references do not mix; timeout expires', () => {
    const { t, units, sink, counters } = setup({ limits: { sccpSegmentAgeSec: 10 } });
    const a = encodeSccpSegments({ type: 'xudt', called: udt.called, calling: { ssn: 8, gt: '1' }, data: hex('aabb') }, 2, 1);
    const b = encodeSccpSegments({ type: 'xudt', called: udt.called, calling: { ssn: 8, gt: '2' }, data: hex('ccdd') }, 2, 1);
    const send = (s: Uint8Array, tsSec: number) => t.payload(payloadOf('m3ua', encodeM3uaData({ opc: 1, dpc: 2 }, s), { tsSec }));
    send(a[0]!, 100);
    send(b[0]!, 101);
    send(b[1]!, 102);
    expect(units.map((u) => u.data)).toEqual(['ccdd']);
    send(b[0]!, 200); // expires a's pending first segment
    expect(sink.map((s) => s.code)).toEqual(['sccp.segment-timeout']);
    expect(counters.get('sccp.segment.expired')).toBe(1);
    expect(t.pendingSegments).toBe(1);
  });

  it('segment table bounded by limits.sccpSegments (oldest evicted)', () => {
    const { t, sink, counters } = setup({ limits: { sccpSegments: 2 } });
    for (let ref = 0; ref < 3; ref++) {
      const s = encodeSccpSegments({ type: 'xudt', called: udt.called, calling: udt.calling, data: hex('0102') }, 2, ref)[0]!;
      t.payload(payloadOf('m3ua', encodeM3uaData({ opc: 1, dpc: 2 }, s)));
    }
    expect(t.pendingSegments).toBe(2);
    expect(sink.map((a) => a.code)).toEqual(['sccp.segment-evicted']);
    expect(counters.get('sccp.segment.evicted')).toBe(1);
  });

  it('malformed at each layer: anomaly to the sink with the frame, counter, no unit; decoding continues', () => {
    const { t, units, sink, counters } = setup();
    t.payload(payloadOf('m3ua', hex('02 00 01 01 00 00 00 08'), { frameNo: 1 }));
    t.payload(payloadOf('m2pa', hex('01 00 0b 01 00 00 00 40 00 00 00 00 00 00 00 00'), { frameNo: 2 }));
    t.payload(payloadOf('m2ua', hex('01 00 06 01 00 00 00 08'), { frameNo: 3 }));
    t.payload(payloadOf('mtp3', hex('83 01 02'), { frameNo: 4 }));
    t.payload(payloadOf('sua', hex('01 00 07 01 00 00 00 08'), { frameNo: 5 }));
    t.payload(payloadOf('m3ua', encodeM3uaData({ opc: 1, dpc: 2 }, hex('09 00 03 05 40 02 42 08')), { frameNo: 6 }));
    t.payload(payloadOf('m3ua', encodeM3uaData({ opc: 1, dpc: 2 }, encodeSccp(udt)), { frameNo: 7 }));
    expect(sink.map((a) => [a.frame, a.code])).toEqual([
      [1, 'm3ua.bad-version'],
      [2, 'm2pa.bad-length'],
      [3, 'm2ua.no-protocol-data'],
      [4, 'mtp3.truncated'],
      [5, 'sua.missing-parameter'],
      [6, 'sccp.bad-pointer'],
    ]);
    expect(units.map((u) => u.frameNo)).toEqual([7]);
    for (const l of ['m3ua', 'm2pa', 'm2ua', 'mtp3', 'sua', 'sccp']) expect(counters.get(`${l}.malformed`)).toBe(1);
  });

  it('M3UA length beyond the payload: unit delivered with the m3ua anomaly attached', () => {
    const { t, units, sink } = setup();
    const m = encodeM3uaData({ opc: 1, dpc: 2 }, encodeSccp(udt));
    m[7]! += 10;
    t.payload(payloadOf('m3ua', m, { frameNo: 2 }));
    expect(units.map((u) => [u.data, u.anomalies.map((a) => a.code)])).toEqual([[toHex(tcap), ['m3ua.bad-length']]]);
    expect(sink.map((a) => a.code)).toEqual(['m3ua.bad-length']);
  });

  it('bad GT digits: unit still delivered with the anomaly attached', () => {
    const { t, units, sink } = setup();
    t.payload(payloadOf('m3ua', encodeM3uaData({ opc: 1, dpc: 2 }, encodeSccp({ ...udt, calling: { gt: '49e2', ssn: 8 } })), { frameNo: 4 }));
    expect(units).toHaveLength(1);
    expect(units[0]!.anomalies.map((a) => [a.code, a.layer, a.frame])).toEqual([['sccp.gt-bad-digit', 'sccp', 4]]);
    expect(sink.map((a) => a.code)).toEqual(['sccp.gt-bad-digit']);
  });

  it('never throws on arbitrary or mutated input (every proto, every MTP3 variant)', () => {
    const valid = [
      ['m3ua', encodeM3uaData({ opc: 1, dpc: 2 }, encodeSccp({ ...udt, type: 'xudt', segmentation: { first: true, remaining: 1, localRef: 1 } }))],
      ['m2pa', encodeM2paUserData(encodeMtp3Msu(label, 'itu', encodeSccp({ ...udt, type: 'ludt' })))],
      ['m2ua', encodeM2uaData(encodeMtp3Msu(label, 'itu', encodeSccp(udt)))],
      ['sua', encodeSuaCldt({ source: { ri: 'gt', gt: '123', ssn: 1 }, dest: { ri: 'ssn', pc: 3, ssn: 2 }, data: tcap })],
    ] as const;
    fc.assert(
      fc.property(
        fc.constantFrom(...valid),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }),
        fc.nat(),
        fc.constantFrom('itu' as const, 'ansi' as const, 'japan' as const),
        ([proto, good], flips, cut, variant) => {
          const b = good.slice(0, good.length - (cut % 8));
          for (const [at, v] of flips) b[at % b.length] = v;
          const { t } = setup({ mtp3Variant: variant });
          t.payload(payloadOf(proto, b));
          t.payload(payloadOf('mtp3', b));
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('Ss7Transport: a parameter given twice (RFC 4666 §3.3.1, RFC 3331 §3.3.1.1, RFC 3868 §3.3.1.1) keeps the first, with an anomaly', () => {
  const decoy: SccpSpec = { ...udt, calling: { gt: '8613900000001', ssn: 8 } };
  const paramsOf = (msg: Uint8Array): Uint8Array => msg.subarray(8); // after the common header

  it('M3UA DATA with two Protocol Data parameters: the first is the message (a decoy after it is ignored)', () => {
    const { t, units, sink, counters } = setup();
    const first = encodeM3uaData({ opc: 100, dpc: 200, sls: 5 }, encodeSccp(udt));
    const second = encodeM3uaData({ opc: 300, dpc: 400 }, encodeSccp(decoy));
    t.payload(payloadOf('m3ua', sigtranMessage(1, 1, [paramsOf(first), paramsOf(second)]), { frameNo: 7 }));
    expect(units).toHaveLength(1);
    expect(units[0]!.mtp).toMatchObject({ opc: 100, dpc: 200 });
    expect(units[0]!.sccp.calling.gt).toBe('491720000000');
    expect(units[0]!.anomalies.map((a) => [a.code, a.frame, a.detail])).toEqual([
      ['m3ua.repeated-parameter', 7, 'parameter 0x0210 appears more than once (RFC 4666 §3.3.1 lists it once): the first is decoded, the rest ignored'],
    ]);
    expect(sink.map((a) => a.code)).toEqual(['m3ua.repeated-parameter']);
    expect([counters.get('m3ua.warnings'), counters.get('m3ua.malformed')]).toEqual([1, 0]);
  });

  it('M3UA: a repeated Routing Context keeps the first; with an overlong header both anomalies are kept', () => {
    const { t, units, counters } = setup();
    const msg = sigtranMessage(1, 1, [paramsOf(encodeM3uaData({ opc: 1, dpc: 2, routingContext: 5 }, encodeSccp(udt))), sigtranParam(0x0006, hex('00000009'))]);
    msg[7]! += 8; // header length beyond the payload (non-fatal m3ua.bad-length)
    t.payload(payloadOf('m3ua', msg));
    expect(units[0]!.anomalies.map((a) => a.code)).toEqual(['m3ua.bad-length', 'm3ua.repeated-parameter']);
    // Both on a decoded message: warnings, not losses (the summary's "not analysed/lost" list).
    expect([counters.get('m3ua.warnings'), counters.get('m3ua.malformed')]).toEqual([2, 0]);
    const out = createM3uaMessage();
    decodeM3ua(new DataView(msg.buffer, msg.byteOffset, msg.byteLength), 0, msg.length, out);
    expect([out.routingContext, out.repeatedTag]).toEqual([5, 0x0006]);
  });

  it('M2UA DATA with Protocol Data 1 then 2: the first MSU is decoded', () => {
    const { t, units, counters } = setup();
    const first = encodeM2uaData(encodeMtp3Msu(label, 'itu', encodeSccp(udt)));
    const second = encodeM2uaData(encodeMtp3Msu({ ...label, opc: 999 }, 'itu', encodeSccp(decoy)), { ttcPriority: 0 });
    t.payload(payloadOf('m2ua', sigtranMessage(6, 1, [paramsOf(first), paramsOf(second).subarray(8)]), { frameNo: 2 }));
    expect(units).toHaveLength(1);
    expect([units[0]!.mtp!.opc, units[0]!.sccp.calling.gt]).toEqual([100, '491720000000']);
    expect(units[0]!.anomalies.map((a) => [a.code, a.frame])).toEqual([['m2ua.repeated-parameter', 2]]);
    expect([counters.get('m2ua.warnings'), counters.get('m2ua.malformed')]).toEqual([1, 0]);
  });

  it('SUA CLDT with two Source Address parameters, or two Global Titles in one address: the first calling GT is kept', () => {
    const { t, units, counters } = setup();
    const cldt = encodeSuaCldt({ source: { ri: 'gt', gt: '8613800000001', ssn: 8 }, dest: { ri: 'gt', gt: '12025550123', ssn: 6 }, data: tcap });
    const home = sigtranParam(0x0102, encodeSuaAddress({ ri: 'gt', gt: '12025550077', ssn: 8 }));
    t.payload(payloadOf('sua', sigtranMessage(7, 1, [paramsOf(cldt), home]), { frameNo: 4 }));
    // one Source Address whose Global Title sub-parameter is repeated (§3.10.2)
    const twoGts = concat(encodeSuaAddress({ ri: 'gt', gt: '8613800000001', ssn: 8 }), encodeSuaAddress({ ri: 'gt', gt: '12025550077' }).subarray(4));
    const dest = encodeSuaAddress({ ri: 'gt', gt: '12025550123', ssn: 6 });
    t.payload(payloadOf('sua', sigtranMessage(7, 1, [sigtranParam(0x0102, twoGts), sigtranParam(0x0103, dest), sigtranParam(0x010b, tcap)]), { frameNo: 5 }));
    expect(units.map((u) => [u.frameNo, u.sccp.calling.gt, u.anomalies.map((a) => a.code)])).toEqual([
      [4, '8613800000001', ['sua.repeated-parameter']],
      [5, '8613800000001', ['sua.repeated-parameter']],
    ]);
    expect([counters.get('sua.warnings'), counters.get('sua.malformed')]).toEqual([2, 0]);
  });
});
