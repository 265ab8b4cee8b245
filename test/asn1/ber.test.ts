import * as asn1js from 'asn1js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BER_ANOMALY, DEFAULT_BER_DEPTH, hexOf, newTlv, OctetJoiner, readInt, readTlv, readTlvAt, readUint, type Tlv } from '../../src/asn1/ber.js';
import { INDEFINITE, LONG3, restyle, tlv } from '../../src/encode/ber.js';
import { concat, fromHex as hex } from '../../src/encode/bytes.js';

function at(bytes: Uint8Array, pad = 5): { view: DataView; bytes: Uint8Array; off: number; end: number } {
  const b = new Uint8Array(pad + bytes.length + 2).fill(0xaa);
  b.set(bytes, pad);
  return { view: new DataView(b.buffer), bytes: b, off: pad, end: pad + bytes.length };
}

describe('readTlv (X.690 §8.1)', () => {
  it('short-form definite length §8.1.3.4: 04 03 010203', () => {
    const { view, off, end } = at(hex('0403010203'));
    const t = newTlv();
    expect(readTlv(view, off, end, t)).toBe(true);
    expect([t.cls, t.constructed, t.tag, t.valueStart - off, t.valueEnd - off, t.end - off, t.indefinite]).toEqual([0, false, 4, 2, 5, 5, false]);
  });

  it('non-minimal long-form length §8.1.3.5: 04 83 000002 aabb', () => {
    const { view, off, end } = at(hex('0483000002aabb'));
    const t = newTlv();
    expect(readTlv(view, off, end, t)).toBe(true);
    expect([t.valueStart - off, t.valueEnd - off]).toEqual([5, 7]);
  });

  it('high tag number §8.1.2.4: bf 81 00 (CONTEXT constructed 128)', () => {
    const { view, off, end } = at(hex('bf81000100'.slice(0, 6) + '00'));
    const t = newTlv();
    expect(readTlv(view, off, end, t)).toBe(true);
    expect([t.cls, t.constructed, t.tag]).toEqual([2, true, 128]);
  });

  it('indefinite length §8.1.3.6 with nested indefinite value and EOC §8.1.5', () => {
    const { view, off, end } = at(hex('3080' + 'a0800401ff0000' + '020101' + '0000'));
    const t = newTlv();
    expect(readTlv(view, off, end, t)).toBe(true);
    expect(t.indefinite).toBe(true);
    expect([t.valueStart - off, t.valueEnd - off, t.end - off]).toEqual([2, 12, 14]);
  });

  it('rejects bad encodings with codes', () => {
    const t = newTlv();
    const cases: [string, string][] = [
      ['0405aabb', BER_ANOMALY.BAD_LENGTH],
      ['04', BER_ANOMALY.TRUNCATED],
      ['0480', BER_ANOMALY.INDEFINITE_PRIMITIVE],
      ['30800401ff', BER_ANOMALY.NO_EOC],
      ['04ff', BER_ANOMALY.BAD_LENGTH],
      ['1f8001', BER_ANOMALY.BAD_TAG],
    ];
    for (const [h, code] of cases) {
      const { view, off, end } = at(hex(h));
      expect(readTlv(view, off, end, t), h).toBe(false);
      expect(t.error, h).toBe(code);
    }
  });

  it('depth limit on nested indefinite lengths', () => {
    const depth = 40;
    const b = concat(...Array.from({ length: depth }, () => hex('3080')), ...Array.from({ length: depth }, () => hex('0000')));
    const { view, off, end } = at(b);
    const t = newTlv();
    expect(readTlv(view, off, end, t, 8)).toBe(false);
    expect(t.error).toBe(BER_ANOMALY.DEPTH);
    expect(readTlv(view, off, end, t, 64)).toBe(true);
  });

  it('integers: readInt two’s complement §8.3, readUint', () => {
    const b = hex('80ff7f0100');
    const v = new DataView(b.buffer);
    expect(readInt(v, 0, 1)).toBe(-128);
    expect(readInt(v, 1, 2)).toBe(-1);
    expect(readInt(v, 2, 3)).toBe(127);
    expect(readInt(v, 3, 5)).toBe(256);
    expect(readUint(v, 0, 2)).toBe(0x80ff);
    expect(hexOf(b, 1, 3)).toBe('ff7f');
  });
});

/**
 * Arbitrary BER trees: primitive leaves and constructed nodes, non-universal classes (asn1js
 * validates the contents of universal types, which is beside the point here), any tag.
 */
const leaf = fc.record({ cls: fc.integer({ min: 1, max: 3 }), tag: fc.integer({ min: 0, max: 300 }), content: fc.uint8Array({ maxLength: 40 }) });
const tree = fc.letrec<{ node: Uint8Array }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small' },
    leaf.map((l) => tlv(l.cls, false, l.tag, l.content)),
    fc
      .record({ cls: fc.integer({ min: 1, max: 3 }), tag: fc.integer({ min: 0, max: 300 }), kids: fc.array(tie('node'), { maxLength: 4 }) })
      .map((n) => tlv(n.cls, true, n.tag, concat(...n.kids))),
  ),
}));

describe('readTlv properties', () => {
  it('agrees with asn1js (oracle) on tag, class and value for definite, indefinite and long-form encodings', () => {
    fc.assert(
      fc.property(tree.node, fc.constantFrom(undefined, INDEFINITE, LONG3), fc.integer({ min: 0, max: 9 }), (der, style, pad) => {
        const enc = style === undefined ? der : restyle(der, style);
        const { view, bytes, off, end } = at(enc, pad);
        const t = newTlv();
        expect(readTlv(view, off, end, t)).toBe(true);
        expect(t.end).toBe(end);
        const parsed = asn1js.fromBER(enc.slice().buffer);
        expect(parsed.offset).not.toBe(-1);
        const r = parsed.result;
        expect(t.tag).toBe(r.idBlock.tagNumber);
        expect(t.cls + 1).toBe(r.idBlock.tagClass);
        expect(t.constructed).toBe(r.idBlock.isConstructed);
        if (!t.constructed) expect(hexOf(bytes, t.valueStart, t.valueEnd)).toBe(Buffer.from((r as asn1js.Primitive).valueBlock.valueHexView).toString('hex'));
      }),
      { numRuns: 300 },
    );
  });

  it('never throws and stays in bounds on any input at any offset', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.nat(70), (b, o) => {
        const t = newTlv();
        const end = b.length;
        const ok = readTlv(new DataView(b.buffer), Math.min(o, end), end, t);
        if (ok) {
          expect(t.valueStart).toBeLessThanOrEqual(t.valueEnd);
          expect(t.end).toBeLessThanOrEqual(end);
        } else expect(t.error).not.toBe('');
      }),
      { numRuns: 2000 },
    );
  });

  // readTlv's inlinable short-form path must leave exactly what the general reader leaves, on
  // success and on failure, whatever the record held before (it is reused across calls).
  it('the short-form fast path equals the general reader (readTlvAt) field for field', () => {
    const garbage = fc.record({
      cls: fc.integer({ min: -1, max: 5 }),
      constructed: fc.boolean(),
      tag: fc.integer({ min: -1, max: 400 }),
      start: fc.integer({ min: -1, max: 99 }),
      valueStart: fc.integer({ min: -1, max: 99 }),
      valueEnd: fc.integer({ min: -1, max: 99 }),
      end: fc.integer({ min: -1, max: 99 }),
      indefinite: fc.boolean(),
      error: fc.constantFrom('', BER_ANOMALY.TRUNCATED),
    });
    // Identifier octets of every class/form with low and high (0x1f) tag numbers; length octets
    // around the short/long boundary (0x7f, 0x80, 0x81); contents shorter and longer than stated.
    const input = fc.tuple(
      fc.integer({ min: 0, max: 255 }),
      fc.oneof(fc.integer({ min: 0, max: 0x0c }), fc.integer({ min: 0x7d, max: 0x83 }), fc.integer({ min: 0, max: 255 })),
      fc.uint8Array({ maxLength: 20 }),
      fc.integer({ min: 0, max: 3 }),
      fc.integer({ min: -3, max: 3 }),
    );
    fc.assert(
      fc.property(input, garbage, garbage, ([id, len, rest, pad, cut], g1, g2) => {
        const b = new Uint8Array(pad + 2 + rest.length);
        b[pad] = id;
        b[pad + 1] = len;
        b.set(rest, pad + 2);
        const view = new DataView(b.buffer);
        // end anywhere from before the identifier to the buffer's end, around the stated length
        const end = Math.max(pad, Math.min(b.length, pad + 2 + (len & 0x7f) + cut));
        const fast: Tlv = { ...g1 } as Tlv;
        const full: Tlv = { ...g1 } as Tlv;
        const okFast = readTlv(view, pad, end, fast);
        const okFull = readTlvAt(view, pad, end, full, DEFAULT_BER_DEPTH);
        expect(okFast).toBe(okFull);
        expect(fast).toEqual(full);
        // and from another stale record: no field may be left over from the previous call
        const fast2: Tlv = { ...g2 } as Tlv;
        const full2: Tlv = { ...g2 } as Tlv;
        readTlv(view, pad, end, fast2);
        readTlvAt(view, pad, end, full2, DEFAULT_BER_DEPTH);
        expect(fast2).toEqual(full2);
      }),
      { numRuns: 5000 },
    );
  });
});

describe('OctetJoiner: constructed OCTET STRING contents (X.690 §8.7.3)', () => {
  const join = (j: OctetJoiner, enc: string, depth = DEFAULT_BER_DEPTH) => {
    const { view, bytes, off, end } = at(hex(enc));
    const t = newTlv();
    expect(readTlv(view, off, end, t)).toBe(true);
    const start = j.len;
    const ok = j.join(view, bytes, t, depth);
    return ok ? hexOf(j.buf, start, j.len) : `error ${j.error}`;
  };

  it('definite, indefinite and nested segments, implicitly tagged; ranges appended until clear', () => {
    const j = new OctetJoiner();
    expect(join(j, '24 08 04 02 0102 04 02 0304')).toBe('01020304');
    expect(join(j, 'a0 80 04 01 05 24 80 04 01 06 04 00 00 00 00 00')).toBe('0506');
    expect(j.len).toBe(6);
    expect(hexOf(j.buf, 0, 6)).toBe('010203040506');
    j.clear();
    expect(join(j, '24 00')).toBe('');
    // Grows past its first buffer; a range read from the new buffer.
    const long = 'ab'.repeat(100);
    expect(join(j, `24 81 cc 04 64 ${long} 04 64 ${long}`)).toBe(long + long);
  });

  it('rejects a segment that is not an OCTET STRING, a malformed one, and nesting past the depth', () => {
    const j = new OctetJoiner();
    expect(join(j, '24 03 02 01 05')).toBe('error segment is not an OCTET STRING');
    expect(join(j, '24 03 04 05 05')).toBe(`error ${BER_ANOMALY.BAD_LENGTH}`);
    expect(join(j, '24 06 24 04 24 02 04 00', 2)).toBe(`error ${BER_ANOMALY.DEPTH}`);
    expect(join(j, '24 06 24 04 24 02 04 00', 3)).toBe('');
    expect(j.len).toBe(0);
  });
});
