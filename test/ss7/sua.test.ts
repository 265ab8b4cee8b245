import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSuaMessage, decodeSua, decodeSuaAddress, SUA_ANOMALY, suaClassName } from '../../src/ss7/sua.js';
import { fromHex as hex, toHex } from '../../src/encode/bytes.js';
import { encodeSuaAddress, encodeSuaCldt, sigtranMessage, sigtranParam } from '../../src/encode/sigtran.js';
import { embed } from '../support/ss7.js';

function dec(b: Uint8Array) {
  const e = embed(b, 3);
  const out = createSuaMessage();
  const end = decodeSua(e.view, e.start, e.end, out);
  return { ok: end >= 0, consumed: end < 0 ? -1 : end - e.start, out, data: toHex(e.bytes.subarray(out.dataOffset, out.dataEnd)) };
}

describe('decodeSua (RFC 3868)', () => {
  it('CLDT hex vector (§3.3.1.1) with GT (§3.10.2.3), PC and SSN sub-parameters', () => {
    const b = hex(
      '01 00 07 01 00000060' +
        '0115 0008 00000081' + // protocol class 1, return option
        '0102 0028 0001 0007 8001 0010 00000004 05000104 21436500 8002 0008 00000064 8003 0008 00000008' + // source: RI GT
        '0103 0018 0002 0003 8002 0008 000000c8 8003 0008 00000006' + // destination: RI SSN+PC
        '0116 0008 00000000 010b 0007 620100 00', // sequence control, data
    );
    const { ok, consumed, out, data } = dec(b);
    expect(ok).toBe(true);
    expect(consumed).toBe(b.length);
    expect([out.protocolClass, out.returnOption, out.hasData]).toEqual([1, 1, true]);
    expect(out.calling).toEqual({ ri: 'gt', gti: 4, tt: 0, np: 1, nai: 4, gt: '12345', pc: 100, ssn: 8 });
    expect(out.called).toEqual({ ri: 'ssn', gti: 0, pc: 200, ssn: 6 });
    expect(data).toBe('620100');
  });

  it('other classes: header only', () => {
    const { ok, out } = dec(sigtranMessage(3, 1, []));
    expect([ok, out.hasData, suaClassName(out.cls), suaClassName(7), suaClassName(77)]).toEqual([true, false, 'aspsm', 'cl', 'unknown']);
  });

  it('segmentation and hop count parameters', () => {
    const { out } = dec(
      encodeSuaCldt({
        source: { ri: 'ssn', ssn: 1 },
        dest: { ri: 'ssn', ssn: 2 },
        data: hex('aa'),
        hopCount: 7,
        segmentation: { first: true, remaining: 3, localRef: 0x010203 },
      }),
    );
    expect([out.hopCount, out.segmented, out.segFirst, out.segRemaining, out.segLocalRef]).toEqual([7, true, true, 3, 0x010203]);
  });

  it('malformed: truncated, version, length, parameter, address, missing data', () => {
    expect(dec(hex('01 00 07')).out.problem).toBe(SUA_ANOMALY.truncated);
    expect(dec(hex('02 00 07 01 00000008')).out.problem).toBe(SUA_ANOMALY.badVersion);
    expect(dec(hex('01 00 07 01 00000009')).out.problem).toBe(SUA_ANOMALY.badLength);
    expect(dec(hex('01 00 07 01 0000000c 010b 0010')).out.problem).toBe(SUA_ANOMALY.badParameter);
    expect(dec(sigtranMessage(7, 1, [sigtranParam(0x0102, hex('0001 0007 8001 0005 00'))])).out.problem).toBe(SUA_ANOMALY.badAddress);
    expect(dec(sigtranMessage(7, 1, [sigtranParam(0x0102, encodeSuaAddress({ ri: 'ssn', ssn: 1 }))])).out.problem).toBe(SUA_ANOMALY.missingParameter);
  });

  it('routed on SSN + IP address (RI 4) or on a hostname (RI 3), §3.10.2: the node is kept as `ip` / `hostname` (rt12 F6)', () => {
    // Hex vectors: RI 4 with SSN 147 and IPv4 192.0.2.1 (0x8004); RI 4 with IPv6 2001:db8::7 (0x8006);
    // RI 3 with SSN 147 and the hostname, NUL-terminated and padded (0x8005), in upper case.
    const addr = (h: string) => {
      const e = embed(hex(h));
      return decodeSuaAddress(e.view, e.bytes, e.start, e.end);
    };
    expect(addr('0004 0001 8003 0008 00000093 8004 0008 c0000201')).toEqual({ ri: 'ssn', gti: 0, ssn: 147, ip: '192.0.2.1', suaRi: 4 });
    expect(addr('0004 0001 8003 0008 00000093 8006 0014 20010db8000000000000000000000007')).toEqual({
      ri: 'ssn',
      gti: 0,
      ssn: 147,
      ip: '2001:db8::7',
      suaRi: 4,
    });
    // 'GSMSCF.BS' + NUL, padded to 4: parameter length 4 + 10.
    expect(addr('0003 0001 8003 0008 00000093 8005 000e 47534d5343462e425300 0000')).toEqual({ ri: 'ssn', gti: 0, ssn: 147, hostname: 'gsmscf.bs', suaRi: 3 });
    // The first IP address is the address (a second one, of either version, is a repeated sub-parameter only when of the same tag).
    expect(addr('0004 0000 8004 0008 c0000201 8006 0014 20010db8000000000000000000000007')?.ip).toBe('192.0.2.1');
    // Malformed: an IPv4 value cut short, a hostname with a control character, an empty one, one longer
    // than a domain name: reported and skipped, the rest of the address kept (rt13 F3: the node routes
    // only the reply, so a bad one under RI 3 / 4 is no reason to drop the message).
    const warned = (h: string) => {
      const e = embed(hex(h));
      const w: string[] = [];
      return [decodeSuaAddress(e.view, e.bytes, e.start, e.end, w), w];
    };
    expect(warned('0004 0001 8003 0008 00000093 8004 0007 c0000200')).toEqual([{ ri: 'ssn', gti: 0, ssn: 147 }, [SUA_ANOMALY.badAddress]]);
    expect(warned('0003 0000 8005 0008 41094200')).toEqual([{ ri: 'ssn', gti: 0 }, [SUA_ANOMALY.badAddress]]);
    expect(warned('0003 0000 8005 0008 00000000')).toEqual([{ ri: 'ssn', gti: 0 }, [SUA_ANOMALY.badAddress]]);
    const encoded = (a: Parameters<typeof encodeSuaAddress>[0]) => {
      const e = embed(encodeSuaAddress(a));
      return decodeSuaAddress(e.view, e.bytes, e.start, e.end);
    };
    expect(encoded({ ri: 'hostname', hostname: 'a'.repeat(255) })?.hostname).toHaveLength(255);
    expect(encoded({ ri: 'hostname', hostname: 'a'.repeat(256) })).toEqual({ ri: 'ssn', gti: 0 });
    // The encoder writes what the decoder reads (the address indicator stays the GT/PC/SSN bits).
    expect(encoded({ ri: 'ip', ssn: 6, ip: '2001:db8::1' })).toEqual({ ri: 'ssn', gti: 0, ssn: 6, ip: '2001:db8::1', suaRi: 4 });
  });

  it('GT digits with spare nibbles are a warning', () => {
    const e = embed(hex('0001 0004 8001 000e 00000004 03000104 a103'));
    const w: string[] = [];
    expect(decodeSuaAddress(e.view, e.bytes, e.start, e.end, w)?.gt).toBe('1a3');
    expect(w).toEqual(['sccp.gt-bad-digit']);
  });

  it('CLDT round trip at a non-zero offset', () => {
    const addr = fc.record(
      {
        ri: fc.constantFrom('gt' as const, 'ssn' as const),
        pc: fc.integer({ min: 0, max: 0xffffff }),
        ssn: fc.integer({ min: 0, max: 255 }),
        gt: fc.string({ unit: fc.constantFrom(...'0123456789'), maxLength: 18 }),
      },
      { requiredKeys: ['ri'] },
    );
    fc.assert(
      fc.property(addr, addr, fc.uint8Array({ maxLength: 100 }), fc.integer({ min: 0, max: 3 }), (src, dst, data, pclass) => {
        const r = dec(encodeSuaCldt({ protocolClass: pclass, source: src, dest: dst, data }));
        expect(r.ok).toBe(true);
        expect(r.out.protocolClass).toBe(pclass);
        expect(r.data).toBe(toHex(data));
        for (const [got, want] of [
          [r.out.calling, src],
          [r.out.called, dst],
        ] as const) {
          expect(got?.ri).toBe(want.ri);
          expect(got?.pc).toBe(want.pc);
          expect(got?.ssn).toBe(want.ssn);
          expect(got?.gt).toBe(want.gt);
        }
      }),
    );
  });
});
