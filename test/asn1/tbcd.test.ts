import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeTbcd, decodeTbcdFresh, encodeTbcd, TbcdKeyOnce, tbcdDecimalDigits, tbcdDigitKey } from '../../src/asn1/tbcd.js';
import { tbcdReference as ref } from '../support/tbcd.js';
import { fromHex as hex } from '../../src/encode/bytes.js';

describe('TBCD (TS 29.002 §17.7.8)', () => {
  it('IMSI 234101234567890 (TS 23.003 §2.2): low nibble first, F filler', () => {
    expect(decodeTbcd(hex('32141032547698f0'), 0, 8)).toBe('234101234567890');
  });

  it('stops at the first filler nibble; maps A-E to * # a b c', () => {
    expect(decodeTbcd(hex('21f3ff'), 0, 3)).toBe('123');
    expect(decodeTbcd(hex('1f22'), 0, 2)).toBe('');
    expect(decodeTbcd(hex('ba'), 0, 1)).toBe('*#');
    expect(decodeTbcd(hex('dc'), 0, 1)).toBe('ab');
  });

  it('round-trips any digit string at a non-zero offset', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9*#abc]{0,20}$/), fc.nat(5), (digits, pad) => {
        const enc = encodeTbcd(digits);
        const b = new Uint8Array(pad + enc.length + 1).fill(0x11);
        b.set(enc, pad);
        expect(decodeTbcd(b, pad, pad + enc.length)).toBe(digits);
      }),
    );
  });

  it('decodeTbcdFresh equals a nibble-by-nibble reference on any octets (short and long values)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), fc.nat(3), (b, pad) => {
        const buf = new Uint8Array(pad + b.length + 2).fill(0x21);
        buf.set(b, pad);
        expect(decodeTbcdFresh(buf, pad, pad + b.length)).toBe(ref(b));
      }),
    );
  });

  it('tbcdDecimalDigits is the length of the decoded string when it is all decimal, else -1', () => {
    expect(tbcdDecimalDigits(hex('21f3'), 0, 2)).toBe(3);
    expect(tbcdDecimalDigits(hex('1f'), 0, 1)).toBe(0); // empty: filler first
    expect(tbcdDecimalDigits(hex('a1'), 0, 1)).toBe(-1); // 0xa1: low nibble 1, high 0xa: '1*'
    expect(tbcdDecimalDigits(hex(''), 0, 0)).toBe(0);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 12 }), (b) => {
        const s = decodeTbcdFresh(b, 0, b.length);
        expect(tbcdDecimalDigits(b, 0, b.length)).toBe(/^\d*$/.test(s) ? s.length : -1);
      }),
      { numRuns: 2000 },
    );
  });

  it('encodeTbcd rejects non-digits', () => {
    expect(() => encodeTbcd('12x')).toThrow(RangeError);
  });
});

describe('TbcdKeyOnce (the own IMSI key of a MAP parameter)', () => {
  it('gives tbcdDigitKey of the range, kept while a number until forgotten; a string is made each call', () => {
    const once = new TbcdKeyOnce();
    const b = encodeTbcd('262011234567890');
    const key = tbcdDigitKey(b, 0, b.length);
    expect(typeof key).toBe('number');
    expect(once.of(b, 0, b.length)).toBe(key);
    // Kept: the same key whatever the octets until forget() (one decode's own IMSI).
    expect(once.of(encodeTbcd('1'), 0, 1)).toBe(key);
    once.forget();
    expect(once.of(encodeTbcd('1'), 0, 1)).toBe(tbcdDigitKey(encodeTbcd('1'), 0, 1));
    once.forget();
    const hexDigits = hex('21b3a4');
    expect(once.of(hexDigits, 0, 3)).toBe(decodeTbcd(hexDigits, 0, 3));
    // A string is not kept: the next range gives its own key.
    expect(once.of(b, 0, b.length)).toBe(key);
  });
});
