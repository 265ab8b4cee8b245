import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createM3uaMessage, decodeM3ua, M3UA_ANOMALY, m3uaClassName } from '../../src/ss7/m3ua.js';
import { fromHex as hex, toHex } from '../../src/encode/bytes.js';
import { encodeM3uaData, encodeM3uaNotify, sigtranMessage, sigtranParam } from '../../src/encode/sigtran.js';
import { embed } from '../support/ss7.js';

function dec(b: Uint8Array) {
  const e = embed(b, 6);
  const out = createM3uaMessage();
  const end = decodeM3ua(e.view, e.start, e.end, out);
  // The one codec shape: the end offset of the message, or -1 (issue 19).
  return { ok: end >= 0, consumed: end < 0 ? -1 : end - e.start, out, data: toHex(e.bytes.subarray(out.dataOffset, out.dataEnd)) };
}

describe('decodeM3ua (RFC 4666)', () => {
  it('DATA hex vector: RC 0x0006 then Protocol Data 0x0210 (§3.3.1), padding skipped', () => {
    // 01 00 01 01 len 0x24 | 0006 0008 00000064 | 0210 0013 OPC 100 DPC 200 SI 3 NI 2 MP 0 SLS 5 + 09 01 02 + pad
    const b = hex('01000101 00000024 00060008 00000064 02100013 00000064 000000c8 03020005 090102 00');
    const { ok, consumed, out, data } = dec(b);
    expect(ok).toBe(true);
    expect(consumed).toBe(b.length);
    expect([out.cls, out.type, out.hasData, out.routingContext]).toEqual([1, 1, true, 100]);
    expect([out.opc, out.dpc, out.si, out.ni, out.mp, out.sls]).toEqual([100, 200, 3, 2, 0, 5]);
    expect(data).toBe('090102');
  });

  it('management (NTFY, class 0) decodes the header only', () => {
    const { ok, out } = dec(encodeM3uaNotify());
    expect([ok, out.cls, out.type, out.hasData, m3uaClassName(out.cls)]).toEqual([true, 0, 1, false, 'mgmt']);
    expect(m3uaClassName(3)).toBe('aspsm');
    expect(m3uaClassName(42)).toBe('unknown');
  });

  it('malformed: truncated, bad version, length beyond end, bad parameter length, no protocol data', () => {
    expect(dec(hex('010001')).out.problem).toBe(M3UA_ANOMALY.truncated);
    const good = encodeM3uaData({ opc: 1, dpc: 2 }, hex('aa'));
    const v = good.slice();
    v[0] = 2;
    expect(dec(v).out.problem).toBe(M3UA_ANOMALY.badVersion);
    expect(dec(hex('01 00 01 01 00000007')).out.problem).toBe(M3UA_ANOMALY.badLength);
    // Header length beyond the payload: non-fatal, decoded up to the payload end.
    const long = good.slice();
    long[7]! += 10;
    const r = dec(long);
    expect([r.ok, r.out.problem, r.out.warning, r.out.hasData, r.data]).toEqual([true, '', M3UA_ANOMALY.badLength, true, 'aa']);
    const p = good.slice();
    p[10] = 0xff;
    expect(dec(p).out.problem).toBe(M3UA_ANOMALY.badParameter);
    expect(dec(sigtranMessage(1, 1, [sigtranParam(0x0006, hex('00000001'))])).out.problem).toBe(M3UA_ANOMALY.noProtocolData);
    expect(dec(sigtranMessage(1, 1, [sigtranParam(0x0210, hex('00000001'))])).out.problem).toBe(M3UA_ANOMALY.badParameter);
  });
});

describe('m3ua round trip (encoder → decoder at a non-zero offset)', () => {
  it('DATA with optional parameters', () => {
    fc.assert(
      fc.property(
        fc.record(
          {
            opc: fc.integer({ min: 0, max: 0xffffff }),
            dpc: fc.integer({ min: 0, max: 0xffffff }),
            si: fc.integer({ min: 0, max: 15 }),
            ni: fc.integer({ min: 0, max: 3 }),
            mp: fc.integer({ min: 0, max: 3 }),
            sls: fc.integer({ min: 0, max: 255 }),
            routingContext: fc.integer({ min: 0, max: 0x7fffffff }),
            correlationId: fc.integer({ min: 0, max: 0x7fffffff }),
            networkAppearance: fc.integer({ min: 0, max: 0x7fffffff }),
          },
          { requiredKeys: ['opc', 'dpc', 'si', 'ni', 'mp', 'sls'] },
        ),
        fc.uint8Array({ maxLength: 64 }),
        (d, ud) => {
          const { ok, out, data } = dec(encodeM3uaData(d, ud));
          expect(ok).toBe(true);
          expect([out.opc, out.dpc, out.si, out.ni, out.mp, out.sls]).toEqual([d.opc, d.dpc, d.si, d.ni, d.mp, d.sls]);
          expect(out.routingContext).toBe(d.routingContext ?? -1);
          expect(data).toBe(toHex(ud));
        },
      ),
    );
  });
});
