import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createM2uaMessage, decodeM2ua, M2UA_ANOMALY, m2uaClassName } from '../../src/ss7/m2ua.js';
import { fromHex as hex, toHex } from '../../src/encode/bytes.js';
import { encodeM2uaData, sigtranMessage, sigtranParam } from '../../src/encode/sigtran.js';
import { embed } from '../support/ss7.js';

function dec(b: Uint8Array) {
  const e = embed(b, 5);
  const out = createM2uaMessage();
  const end = decodeM2ua(e.view, e.start, e.end, out);
  // The one codec shape: the end offset of the message, or -1 (issue 19).
  return { ok: end >= 0, consumed: end < 0 ? -1 : end - e.start, out, msu: toHex(e.bytes.subarray(out.dataOffset, out.dataEnd)) };
}

describe('decodeM2ua (RFC 3331)', () => {
  it('DATA hex vector (§3.3.1.1): Interface Identifier 0x0001, Protocol Data 1 0x0300', () => {
    const { ok, consumed, out, msu } = dec(hex('01 00 06 01 00000018 0001 0008 00000002 0300 0007 83 c8 00 00'));
    expect(ok).toBe(true);
    expect(consumed).toBe(24);
    expect([out.cls, out.type, out.interfaceId, out.priority, out.hasData]).toEqual([6, 1, 2, -1, true]);
    expect(msu).toBe('83c800');
  });

  it('TTC Protocol Data 2 (0x0301) strips the priority octet', () => {
    const { out, msu } = dec(encodeM2uaData(hex('83 01 02 03 04'), { ttcPriority: 2 }));
    expect([out.priority, msu]).toEqual([2, '8301020304']);
  });

  it('other classes decode the header only', () => {
    const { ok, out } = dec(sigtranMessage(3, 1, []));
    expect([ok, out.hasData, m2uaClassName(out.cls), m2uaClassName(6), m2uaClassName(99)]).toEqual([true, false, 'aspsm', 'maup', 'unknown']);
  });

  it('malformed: truncated, version, length, parameter, no protocol data, empty PD2', () => {
    expect(dec(hex('01 00')).out.problem).toBe(M2UA_ANOMALY.truncated);
    expect(dec(hex('03 00 06 01 00000008')).out.problem).toBe(M2UA_ANOMALY.badVersion);
    expect(dec(hex('01 00 06 01 00000010')).out.problem).toBe(M2UA_ANOMALY.badLength);
    expect(dec(hex('01 00 06 01 0000000c 0300 0002')).out.problem).toBe(M2UA_ANOMALY.badParameter);
    expect(dec(sigtranMessage(6, 1, [sigtranParam(1, hex('00000001'))])).out.problem).toBe(M2UA_ANOMALY.noProtocolData);
    expect(dec(sigtranMessage(6, 1, [sigtranParam(0x0301, new Uint8Array(0))])).out.problem).toBe(M2UA_ANOMALY.badParameter);
  });

  it('round trip at a non-zero offset', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 80 }),
        fc.nat(),
        fc.option(fc.integer({ min: 0, max: 255 }), { nil: undefined }),
        (msu, interfaceId, ttc) => {
          const { ok, out, msu: got } = dec(encodeM2uaData(msu, ttc === undefined ? { interfaceId, correlationId: 1 } : { interfaceId, ttcPriority: ttc }));
          expect([ok, out.interfaceId, out.priority, got]).toEqual([true, interfaceId, ttc ?? -1, toHex(msu)]);
        },
      ),
    );
  });
});
