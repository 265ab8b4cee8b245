import * as asn1js from 'asn1js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeOid, decodeOidCached, encodeOid } from '../../src/asn1/oid.js';
import { fromHex as hex, toHex } from '../../src/encode/bytes.js';

describe('OBJECT IDENTIFIER (X.690 §8.19)', () => {
  it('dialogue-as-id 0.0.17.773.1.1.1 (Q.773 §4.2.2) = 00 11 86 05 01 01 01', () => {
    expect(toHex(encodeOid('0.0.17.773.1.1.1'))).toBe('00118605010101');
    expect(decodeOid(hex('00118605010101'), 0, 7)).toBe('0.0.17.773.1.1.1');
  });

  it('MAP AC networkLocUp v3 0.4.0.0.1.0.1.3 (TS 29.002 §17.3.3) = 04 00 00 01 00 01 03', () => {
    expect(toHex(encodeOid('0.4.0.0.1.0.1.3'))).toBe('04000001000103');
  });

  it('decodeOidCached equals decodeOid for any contents (cached, colliding slots, too long to cache)', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ minLength: 0, maxLength: 24 }), { minLength: 1, maxLength: 600 }), fc.nat(3), (list, pad) => {
        for (const b of [...list, ...list]) {
          const buf = new Uint8Array(pad + b.length + 1).fill(0x55);
          buf.set(b, pad);
          expect(decodeOidCached(buf, pad, pad + b.length)).toBe(decodeOid(b, 0, b.length));
        }
      }),
      { numRuns: 30 },
    );
    const a = hex('04000001000103');
    expect(decodeOidCached(a, 0, 7)).toBe('0.4.0.0.1.0.1.3');
    a[6] = 2; // same slot octets changed in place: the table compares octets, not the array
    expect(decodeOidCached(a, 0, 7)).toBe('0.4.0.0.1.0.1.2');
  });

  it('first arcs 1.x and 2.x (§8.19.4)', () => {
    expect(decodeOid(encodeOid('1.2.840.113549'), 0, 6)).toBe('1.2.840.113549');
    expect(decodeOid(encodeOid('2.100.3'), 0, encodeOid('2.100.3').length)).toBe('2.100.3');
  });

  it('round-trips and agrees with asn1js', () => {
    const arcs = fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 39 }), fc.array(fc.integer({ min: 0, max: 2 ** 28 }), { maxLength: 8 }));
    fc.assert(
      fc.property(arcs, ([a, b, rest]) => {
        const dotted = [a, b, ...rest].join('.');
        const enc = encodeOid(dotted);
        expect(decodeOid(enc, 0, enc.length)).toBe(dotted);
        const o = new asn1js.ObjectIdentifier();
        o.valueBlock.fromBER(enc.slice().buffer, 0, enc.length);
        expect(o.valueBlock.toString()).toBe(dotted);
      }),
    );
  });

  it('rejects malformed dotted text', () => {
    expect(() => encodeOid('1')).toThrow(RangeError);
    expect(() => encodeOid('1.x')).toThrow(RangeError);
  });
});
