/**
 * The bounded intern tables behind decodeTbcd and decodeGtDigits (asn1/octet-intern.ts): an
 * interned string must equal a fresh decode of the same octets, the same octets must give the
 * same string object, a different tag (GT digit count) must not hit, and the table never holds
 * more entries than its slots.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OctetIntern } from '../../src/asn1/octet-intern.js';
import { decodeTbcd, decodeTbcdFresh } from '../../src/asn1/tbcd.js';
import { decodeGtDigits, SCCP_ADDRESS_ANOMALY } from '../../src/ss7/sccp-address.js';

/** Reference GT digits (Q.713 §3.4.2.3.1), independent of the decoder. */
function gtRef(b: Uint8Array, count: number): { s: string; bad: boolean } {
  let s = '';
  let bad = false;
  const max = count >= 0 ? Math.min(count, b.length * 2) : b.length * 2;
  for (let i = 0; i < max; i++) {
    const n = i % 2 === 0 ? b[i >> 1]! & 15 : b[i >> 1]! >> 4;
    if (n === 15) break;
    if (n === 10 || n === 13 || n === 14) bad = true;
    s += '0123456789abcde'[n];
  }
  return { s, bad };
}

describe('OctetIntern', () => {
  it('returns the stored string only for the same octets and tag', () => {
    const t = new OctetIntern(8, 4);
    const a = Uint8Array.of(1, 2, 3);
    expect(t.get(a, 0, 3, 0)).toBeUndefined();
    t.set('x', 1);
    expect(t.get(Uint8Array.of(9, 1, 2, 3), 1, 4, 0)).toBe('x');
    expect(t.flags).toBe(1);
    expect(t.get(a, 0, 3, 1)).toBeUndefined(); // other tag
    expect(t.get(a, 0, 2, 0)).toBeUndefined(); // other length
    expect(t.get(Uint8Array.of(1, 2, 3, 4, 5), 0, 5, 0)).toBeUndefined(); // longer than maxOctets: never stored
    t.set('long', 0);
    expect(t.size).toBe(1);
  });

  it('octets packed four to a word: a trailing zero octet is another key (the count is in the header)', () => {
    const t = new OctetIntern(8, 8);
    expect(t.get(Uint8Array.of(1, 2, 3), 0, 3, 0)).toBeUndefined();
    t.set('three', 0);
    expect(t.get(Uint8Array.of(1, 2, 3, 0), 0, 4, 0)).toBeUndefined();
    t.set('four', 0);
    expect(t.get(Uint8Array.of(1, 2, 3), 0, 3, 0)).toBe('three');
    expect(t.get(Uint8Array.of(1, 2, 3, 0), 0, 4, 0)).toBe('four');
    expect(t.get(new Uint8Array(0), 0, 0, -1)).toBeUndefined(); // empty key, tag -1: not an empty slot
  });

  it('behaves as a lossy map (octets, tag) → value: a hit is always the value stored for exactly those octets and tag', () => {
    const entry = fc.record({
      b: fc.uint8Array({ minLength: 0, maxLength: 14 }),
      tag: fc.integer({ min: -1, max: 600 }),
      flags: fc.integer({ min: 0, max: 255 }),
    });
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 80 }), (es) => {
        const t = new OctetIntern(16, 12);
        const model = new Map<string, [string, number]>();
        for (const [i, e] of es.entries()) {
          const k = `${Array.from(e.b).join(',')}|${e.tag}`;
          const pad = Uint8Array.of(7, ...e.b, 9); // at an offset, with neighbours
          const hit = t.get(pad, 1, 1 + e.b.length, e.tag);
          if (hit !== undefined) {
            expect([hit, t.flags]).toEqual(model.get(k));
            continue;
          }
          t.set(`v${i}`, e.flags);
          if (e.b.length <= 12) model.set(k, [`v${i}`, e.flags]);
        }
        expect(t.size).toBeLessThanOrEqual(16);
      }),
      { numRuns: 500, seed: 11 },
    );
  });

  it('stays within its slot count however many distinct values pass', () => {
    const t = new OctetIntern(16, 4);
    const b = new Uint8Array(4);
    for (let i = 0; i < 10_000; i++) {
      new DataView(b.buffer).setUint32(0, i);
      if (t.get(b, 0, 4, 0) === undefined) t.set(String(i), 0);
    }
    expect(t.size).toBeLessThanOrEqual(16);
    // Whatever survived maps to its own value.
    for (let i = 0; i < 10_000; i++) {
      new DataView(b.buffer).setUint32(0, i);
      const s = t.get(b, 0, 4, 0);
      if (s !== undefined) expect(s).toBe(String(i));
    }
  });
});

describe('OctetIntern admission (admitSecond)', () => {
  /** Eight octets, TBCD-like: the value in every octet's low bits. */
  const value = (i: number): Uint8Array => Uint8Array.from({ length: 8 }, (_, k) => (i >> k) ^ (k * 0x11));
  /** get, and set on a miss (what decodeTbcd does); true on a hit. */
  const use = (t: OctetIntern, i: number): boolean => {
    const b = value(i);
    if (t.get(b, 0, 8, 0) !== undefined) return true;
    t.set(String(i), 0);
    return false;
  };

  it('stores a value on its second recent miss, then hits', () => {
    const t = new OctetIntern(64, 8, true);
    expect(use(t, 7)).toBe(false);
    expect(t.size).toBe(0); // first miss: only its fingerprint
    expect(use(t, 7)).toBe(false);
    expect(t.size).toBe(1);
    expect(use(t, 7)).toBe(true);
    expect(t.get(value(7), 0, 8, 0)).toBe('7');
  });

  it('a value set that fits is interned as without admission: from the third round on it hits as often', () => {
    const t = new OctetIntern(1024, 8, true);
    const plain = new OctetIntern(1024, 8);
    let hits = 0;
    let plainHits = 0;
    for (let round = 0; round < 6; round++)
      for (let i = 0; i < 100; i++) {
        const h = use(t, i);
        if (round >= 2) hits += h ? 1 : 0;
        if (round >= 2) plainHits += use(plain, i) ? 1 : 0;
        else use(plain, i);
      }
    // Direct-mapped: a few of the 100 values share a slot with another, with or without admission.
    expect(plainHits).toBeGreaterThan(0.8 * 400);
    expect(hits).toBeGreaterThan(0.95 * plainHits);
  });

  it('values cycling through far more than the slots are mostly not stored (without admission: every miss)', () => {
    const slots = 256;
    const t = new OctetIntern(slots, 8, true);
    const plain = new OctetIntern(slots, 8);
    let misses = 0;
    for (let round = 0; round < 10; round++)
      for (let i = 0; i < 20 * slots; i++) {
        if (!use(t, i)) misses++;
        use(plain, i);
      }
    expect(plain.stores).toBeGreaterThan(0.95 * 10 * 20 * slots);
    expect(t.stores).toBeLessThan(0.1 * misses);
  });
});

describe('interned decodes equal fresh decodes', () => {
  it('decodeTbcd: same text as decodeTbcdFresh, same object on repeat', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 24 }), (b) => {
        const s = decodeTbcd(b, 0, b.length);
        expect(s).toBe(decodeTbcdFresh(b, 0, b.length));
        expect(decodeTbcd(b.slice(), 0, b.length)).toBe(s);
      }),
      { numRuns: 3000 },
    );
  });

  it('decodeGtDigits: same text and spare-digit report on a hit as on a miss', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 16 }), fc.integer({ min: -1, max: 40 }), (b, count) => {
        const ref = gtRef(b, count);
        for (let k = 0; k < 2; k++) {
          const problems: string[] = [];
          expect(decodeGtDigits(b.slice(), 0, b.length, count, problems)).toBe(ref.s);
          expect(problems).toEqual(ref.bad ? [SCCP_ADDRESS_ANOMALY.badDigit] : []);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('decodeGtDigits: the digit count is part of the key', () => {
    const b = Uint8Array.of(0x21, 0x43);
    expect(decodeGtDigits(b, 0, 2, 4)).toBe('1234');
    expect(decodeGtDigits(b, 0, 2, 3)).toBe('123');
    expect(decodeGtDigits(b, 0, 2, 4)).toBe('1234');
  });
});
