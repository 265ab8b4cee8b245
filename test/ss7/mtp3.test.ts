import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMtp3Message, decodeMtp3, MTP3_ANOMALY, mtp3LabelLength } from '../../src/ss7/mtp3.js';
import type { Mtp3Variant } from '../../src/ss7/types.js';
import { fromHex as hex, toHex } from '../../src/encode/bytes.js';
import { encodeMtp3Msu } from '../../src/encode/mtp.js';
import { embed } from '../support/ss7.js';

function dec(b: Uint8Array, v: Mtp3Variant) {
  const e = embed(b, 2);
  const out = createMtp3Message(v);
  const end = decodeMtp3(e.view, e.start, e.end, out);
  return { ok: end >= 0, consumed: end < 0 ? -1 : end - e.start, out, sif: toHex(e.bytes.subarray(out.dataOffset, out.dataEnd)) };
}

describe('decodeMtp3', () => {
  it('ITU label (Q.704 §2.2): DPC 14, OPC 14, SLS 4 little-endian', () => {
    // SIO 0x83: NI 2, SI 3. DPC 200, OPC 100, SLS 5:
    // v = 200 | 100<<14 | 5<<28 = 0x501900c8 → c8 00 19 50
    const { ok, consumed, out, sif } = dec(hex('83 c8 00 19 50 09 00'), 'itu');
    expect(ok).toBe(true);
    expect(consumed).toBe(7);
    expect([out.si, out.ni, out.dpc, out.opc, out.sls, out.mp]).toEqual([3, 2, 200, 100, 5, -1]);
    expect(sif).toBe('0900');
  });

  it('ANSI label (T1.111 §2.2): 24-bit DPC/OPC (member, cluster, network), 8-bit SLS, priority bits', () => {
    // SIO 0xa3: NI 2, priority 2, SI 3; DPC 1-2-3 → 0x030201; OPC 4-5-6 → 0x060504; SLS 0x1f
    const { ok, out, sif } = dec(hex('a3 01 02 03 04 05 06 1f 09'), 'ansi');
    expect(ok).toBe(true);
    expect([out.si, out.ni, out.mp, out.dpc, out.opc, out.sls]).toEqual([3, 2, 2, 0x030201, 0x060504, 0x1f]);
    expect(sif).toBe('09');
  });

  it('Japan TTC label (JT-Q.704 §2.2): 16-bit DPC/OPC, 4-bit SLS + 4 spare', () => {
    const { ok, out, sif } = dec(hex('83 34 12 78 56 f9 09'), 'japan');
    expect(ok).toBe(true);
    expect([out.dpc, out.opc, out.sls]).toEqual([0x1234, 0x5678, 9]);
    expect(sif).toBe('09');
  });

  it('truncated label per variant', () => {
    for (const v of ['itu', 'ansi', 'japan'] as const) {
      const short = new Uint8Array(mtp3LabelLength(v));
      expect(dec(short, v).ok).toBe(false);
      expect(dec(short, v).out.problem).toBe(MTP3_ANOMALY.truncated);
      expect(dec(new Uint8Array(mtp3LabelLength(v) + 1), v).ok).toBe(true);
    }
  });

  it('round trip for every variant at a non-zero offset', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<Mtp3Variant>('itu', 'ansi', 'japan'),
        fc.record({ si: fc.integer({ min: 0, max: 15 }), ni: fc.integer({ min: 0, max: 3 }), pcs: fc.tuple(fc.nat(), fc.nat()), sls: fc.nat() }),
        fc.uint8Array({ maxLength: 40 }),
        (v, l, sif) => {
          const mask = v === 'itu' ? 0x3fff : v === 'ansi' ? 0xffffff : 0xffff;
          const slsMask = v === 'ansi' ? 0xff : 0x0f;
          const spec = { si: l.si, ni: l.ni, opc: l.pcs[0] & mask, dpc: l.pcs[1] & mask, sls: l.sls & slsMask };
          const r = dec(encodeMtp3Msu(spec, v, sif), v);
          expect(r.ok).toBe(true);
          expect([r.out.si, r.out.ni, r.out.opc, r.out.dpc, r.out.sls]).toEqual([spec.si, spec.ni, spec.opc, spec.dpc, spec.sls]);
          expect(r.sif).toBe(toHex(sif));
        },
      ),
    );
  });
});
