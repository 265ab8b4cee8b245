import fc from 'fast-check';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import {
  decodeGtDigits,
  decodeSccpAddress,
  decodeSccpAddressFields,
  decodeSccpAddressRef,
  newSccpAddressFields,
  SCCP_ADDRESS_ANOMALY,
  type SccpAddressFields,
} from '../../src/ss7/sccp-address.js';
import { fromHex as hex } from '../../src/encode/bytes.js';
import { encodeSccpAddress, type SccpAddressSpec } from '../../src/encode/sccp.js';
import { embed, expectedAddress } from '../support/ss7.js';

function dec(h: string | Uint8Array, variant: 'itu' | 'ansi' = 'itu', problems?: string[]) {
  const e = embed(typeof h === 'string' ? hex(h) : h);
  return decodeSccpAddress(e.view, e.bytes, e.start, e.end, variant, problems);
}

describe('decodeSccpAddress ITU (Q.713 §3.4)', () => {
  it('GTI 4, SSN, route on GT, even digits (§3.4.2.3.4)', () => {
    // AI 0x12: SSN ind (bit 2), GTI 4 (bits 3-6), RI 0; SSN 6; TT 0; NP 1 ES 2; NAI 4; 441234567890
    expect(dec('12 06 00 12 04 44 21 43 65 87 09')).toEqual({ ri: 'gt', gti: 4, ssn: 6, tt: 0, np: 1, es: 2, nai: 4, gt: '441234567890' });
  });

  it('GTI 4 odd digits drop the filler (ES 1)', () => {
    expect(dec('12 08 00 11 04 21 43 05')?.gt).toBe('12345');
  });

  it('GTI 1: O/E bit 8 + NAI (§3.4.2.3.1)', () => {
    // AI 0x06: GTI 1 + SSN; SSN 7; 0x84 = odd, NAI 4; digits 123
    expect(dec('06 07 84 21 03')).toEqual({ ri: 'gt', gti: 1, ssn: 7, nai: 4, gt: '123' });
    expect(dec('06 07 04 21 43')).toEqual({ ri: 'gt', gti: 1, ssn: 7, nai: 4, gt: '1234' });
  });

  it('GTI 2: TT only, digit count unknown, 0xF filler ends (§3.4.2.3.2)', () => {
    expect(dec('08 09 21 f3')).toEqual({ ri: 'gt', gti: 2, tt: 9, gt: '123' });
  });

  it('GTI 3: TT + NP/ES (§3.4.2.3.3)', () => {
    expect(dec('0c 00 71 21 03')).toEqual({ ri: 'gt', gti: 3, tt: 0, np: 7, es: 1, gt: '123' });
  });

  it('PC + SSN, route on SSN, no GT (§3.4.1 bits 1, 2, 7)', () => {
    // AI 0x43; PC 0x0bc2 & 0x3fff LE = c2 0b; SSN 8
    expect(dec('43 c2 0b 08')).toEqual({ ri: 'ssn', gti: 0, pc: 0x0bc2, ssn: 8 });
  });

  it('point code keeps 14 bits', () => {
    expect(dec('41 ff ff')?.pc).toBe(0x3fff);
  });

  it('truncated address → undefined + problem', () => {
    const problems: string[] = [];
    expect(dec('43 c2', 'itu', problems)).toBeUndefined();
    expect(problems).toEqual([SCCP_ADDRESS_ANOMALY.truncated]);
    expect(dec('', 'itu', [])).toBeUndefined();
    expect(dec('12 06 00', 'itu', [])).toBeUndefined();
  });

  it('spare digit nibbles are reported but decoded', () => {
    const problems: string[] = [];
    expect(dec('12 06 00 12 04 a1 43', 'itu', problems)?.gt).toBe('1a34');
    expect(problems).toEqual([SCCP_ADDRESS_ANOMALY.badDigit]);
  });

  it('spare GTI 5 is reported, GT not decoded', () => {
    const p1: string[] = [];
    expect(dec('16 06 00 12', 'itu', p1)).toEqual({ ri: 'gt', gti: 5, ssn: 6 });
    expect(p1).toEqual([SCCP_ADDRESS_ANOMALY.unknownGti]);
  });

  it('ES 3 (national specific) and 4-15 (spare) are reported and their digits read as BCD (Q.713 §3.4.2.3.3; red team rt7 S1)', () => {
    for (const es of [3, 4, 14, 15]) {
      const p: string[] = [];
      // GTI 4, SSN 6, TT 0, NP 1 + ES, NAI 4, digits 8613 8000 0000 1 with the filler nibble.
      const npes = (0x10 | es).toString(16);
      expect(dec(`12 06 00 ${npes} 04 68 31 08 00 00 00 f1`, 'itu', p)?.gt).toBe('8613800000001');
      expect(p).toEqual([SCCP_ADDRESS_ANOMALY.notBcd]);
    }
    const p: string[] = [];
    // ANSI GTI 1: TT 14, NP 1 + ES 3.
    expect(dec('05 06 0e 13 21 f3', 'ansi', p)?.gt).toBe('123');
    expect(p).toEqual([SCCP_ADDRESS_ANOMALY.notBcd]);
  });
});

describe('decodeSccpAddress ANSI (T1.112 §3.4)', () => {
  it('SSN (bit 1) before the 3-octet PC (bit 2), GTI 2 = TT only', () => {
    // AI 0x0b: SSN ind, PC ind, GTI 2, RI 0; SSN 6; PC member 1 cluster 2 network 3; TT 9; 1234
    expect(dec('0b 06 01 02 03 09 21 43', 'ansi')).toEqual({ ri: 'gt', gti: 2, ssn: 6, pc: 0x030201, tt: 9, gt: '1234' });
  });

  it('GTI 1 = TT + NP/ES', () => {
    expect(dec('05 06 0e 11 21 03', 'ansi')).toEqual({ ri: 'gt', gti: 1, ssn: 6, tt: 14, np: 1, es: 1, gt: '123' });
  });

  it('ANSI GTI 3 is spare', () => {
    const p: string[] = [];
    expect(dec('0d 06 00', 'ansi', p)?.gt).toBeUndefined();
    expect(p).toEqual([SCCP_ADDRESS_ANOMALY.unknownGti]);
  });
});

describe('decodeGtDigits', () => {
  it('stops at ST and honours the count', () => {
    const b = hex('21 43 0f');
    expect(decodeGtDigits(b, 0, 3, -1)).toBe('1234');
    expect(decodeGtDigits(b, 0, 3, 3)).toBe('123');
  });
});

const digits = fc.string({ unit: fc.constantFrom(...'0123456789'), maxLength: 20 });

const ituSpec: fc.Arbitrary<SccpAddressSpec> = fc.record(
  {
    gti: fc.constantFrom(0, 1, 3, 4),
    pc: fc.integer({ min: 0, max: 0x3fff }),
    ssn: fc.integer({ min: 0, max: 255 }),
    gt: digits,
    tt: fc.integer({ min: 0, max: 255 }),
    np: fc.integer({ min: 0, max: 15 }),
    nai: fc.integer({ min: 0, max: 127 }),
    ri: fc.constantFrom('gt' as const, 'ssn' as const),
  },
  { requiredKeys: ['gti', 'ri'] },
);

const ansiSpec: fc.Arbitrary<SccpAddressSpec> = fc.record(
  {
    gti: fc.constantFrom(0, 1, 2),
    pc: fc.integer({ min: 0, max: 0xffffff }),
    ssn: fc.integer({ min: 0, max: 255 }),
    gt: digits,
    tt: fc.integer({ min: 0, max: 255 }),
    np: fc.integer({ min: 0, max: 15 }),
    ri: fc.constantFrom('gt' as const, 'ssn' as const),
  },
  { requiredKeys: ['gti', 'ri'] },
);

function normalise(a: SccpAddressSpec): SccpAddressSpec {
  // GTI 0 carries no GT fields; GTI 2 (ITU and ANSI) has no odd/even: an odd count reads back
  // with its 0 filler as an extra digit, so keep those even.
  const out = { ...a };
  if (out.gti === 0) {
    delete out.gt;
    delete out.tt;
    delete out.np;
    delete out.nai;
  } else {
    out.gt ??= '';
    if (out.gti === 2 && out.gt.length % 2 === 1) out.gt += '0';
  }
  return out;
}

describe('sccp address round trip (encoder → decoder at a non-zero offset)', () => {
  it('ITU GTI 0-4', () => {
    fc.assert(
      fc.property(ituSpec, fc.integer({ min: 1, max: 9 }), (raw, pad) => {
        const a = normalise(raw);
        const e = embed(encodeSccpAddress(a, 'itu'), pad);
        expect(decodeSccpAddress(e.view, e.bytes, e.start, e.end, 'itu')).toEqual(expectedAddress(a, 'itu'));
      }),
    );
  });

  it('ANSI GTI 0-2', () => {
    fc.assert(
      fc.property(ansiSpec, fc.integer({ min: 1, max: 9 }), (raw, pad) => {
        const a = normalise(raw);
        const e = embed(encodeSccpAddress(a, 'ansi'), pad);
        expect(decodeSccpAddress(e.view, e.bytes, e.start, e.end, 'ansi')).toEqual(expectedAddress(a, 'ansi'));
      }),
    );
  });
});

describe('ITU GTI 4 fast path (one object literal)', () => {
  it('same keys, order and values as the field-by-field decode', () => {
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.integer({ min: 0, max: 0x3fff }),
        fc.integer({ min: 0, max: 255 }),
        fc.integer({ min: 0, max: 255 }),
        fc.integer({ min: 0, max: 15 }),
        fc.integer({ min: 0, max: 2 }),
        fc.integer({ min: 0, max: 127 }),
        fc.boolean(),
        fc.uint8Array({ minLength: 0, maxLength: 10 }),
        (hasPc, pc, ssn, tt, np, es, nai, ri, digits) => {
          const ai = (ri ? 0x40 : 0) | (4 << 2) | 0x02 | (hasPc ? 0x01 : 0);
          const head = hasPc ? [ai, pc & 0xff, pc >> 8, ssn, tt, (np << 4) | es, nai] : [ai, ssn, tt, (np << 4) | es, nai];
          const b = Uint8Array.from([...head, ...digits]);
          const a = decodeSccpAddress(new DataView(b.buffer), b, 0, b.length, 'itu', []);
          const count = es === 1 ? digits.length * 2 - 1 : es === 2 ? digits.length * 2 : -1;
          const expected: Record<string, unknown> = { ri: ri ? 'ssn' : 'gt', gti: 4 };
          if (hasPc) expected['pc'] = pc;
          Object.assign(expected, { ssn, tt, np, es, nai, gt: decodeGtDigits(digits, 0, digits.length, count) });
          expect(JSON.stringify(a)).toBe(JSON.stringify(expected));
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('decodeSccpAddressFields memo (clean addresses by their octets)', () => {
  /** The decode without the memo: it is bypassed when no problem list is passed. */
  const fresh = (view: DataView, bytes: Uint8Array, start: number, end: number, variant: 'itu' | 'ansi') => {
    const out = newSccpAddressFields();
    return decodeSccpAddressFields(view, bytes, start, end, variant, out) ? { ...out } : undefined;
  };
  // A small pool, so addresses repeat (memo hits), with neighbours that differ in one place only:
  // the last octets of a 12-octet address, the length (a trailing 00 or not), a bad digit, the variant.
  const base = [
    '12 06 00 12 04 44 21 43 65 87 09', // GTI 4, SSN, 12 digits: 11 octets
    '12 06 00 12 04 44 21 43 65 87 09 00', // the same and a 00: 12 octets
    '12 06 00 12 04 44 21 43 65 87 19 00', // one digit changed in word 2
    '12 06 00 12 04 44 21 43 65 87 09 01', // the 12th octet changed
    '12 06 00 11 04 44 21 43 65 87 f9', // odd, filler
    '12 06 00 12 04 44 21 43 65 87 a9', // spare digit nibble A: a problem
    '13 2a 01 06 12 04 44 21 43 65 87', // PC + SSN + GT (GTI 4)
    '43 2a 01 06', // PC + SSN, route on SSN
    '06 07', // ANSI: SSN 7 (bit 1) and half a PC: truncated
    '05 07 00 11 22', // ANSI: SSN, PC, GTI 1
    '16 06 00 12', // GTI 5: a problem
    '12 06 00 12 04 44 21 43 65 87 09 55 66', // 13 octets: not memoised
  ].map((h) => hex(h));
  const pick = fc.record({ i: fc.integer({ min: 0, max: base.length - 1 }), ansi: fc.boolean(), atEnd: fc.boolean(), pad: fc.integer({ min: 0, max: 5 }) });

  /** Each address's problems from a module instance whose memo is empty (the first decode is a miss). */
  const firstProblems = new Map<string, string[]>();
  beforeAll(async () => {
    for (let i = 0; i < base.length; i++) {
      for (const variant of ['itu', 'ansi'] as const) {
        vi.resetModules();
        const m = await import('../../src/ss7/sccp-address.js');
        const a = embed(base[i]!);
        const problems: string[] = [];
        m.decodeSccpAddressFields(a.view, a.bytes, a.start, a.end, variant, m.newSccpAddressFields(), problems);
        firstProblems.set(`${variant} ${i}`, problems);
      }
    }
  });

  it('gives what the decode gives, with the problems of a first decode, at any place in the buffer', () => {
    expect(firstProblems.get('itu 5')).toEqual([SCCP_ADDRESS_ANOMALY.badDigit]);
    fc.assert(
      fc.property(fc.array(pick, { minLength: 1, maxLength: 40 }), (picks) => {
        for (const { i, ansi, atEnd, pad } of picks) {
          const a = base[i]!;
          // At the very end of the buffer the memo cannot read whole words past the address.
          const buf = new Uint8Array(pad + a.length + (atEnd ? 0 : 16)).fill(0xee);
          buf.set(a, pad);
          const view = new DataView(buf.buffer);
          const variant = ansi ? 'ansi' : 'itu';
          const out: SccpAddressFields = newSccpAddressFields();
          const problems: string[] = [];
          const ok = decodeSccpAddressFields(view, buf, pad, pad + a.length, variant, out, problems);
          const want = fresh(view, buf, pad, pad + a.length, variant);
          expect(ok ? { ...out } : undefined).toEqual(want);
          expect(problems).toEqual(firstProblems.get(`${variant} ${i}`));
        }
      }),
      { numRuns: 400 },
    );
  });

  it('addresses sharing a slot stay apart: 1,536 GTs differing in one key word each, twice over', () => {
    // 256 slots: among 512 addresses per key word, many share a slot; a hit must compare every word.
    const addrs: Uint8Array[] = [];
    for (let v = 0; v < 512; v++) {
      const d = [0x44, 0x21, 0x43, 0x65, 0x87, 0x09];
      const at = v % 3 === 0 ? 0 : v % 3 === 1 ? 2 : 5; // octets 5, 7, 10 of the address: words 1, 1, 2
      d[at] = ((v >> 4) % 10) | (((v >> 1) % 10) << 4);
      addrs.push(Uint8Array.of(0x12, v & 1 ? 6 : 8, 0x00, 0x12, 0x04, ...d));
      addrs.push(Uint8Array.of(0x12, 0x06, v & 0xff, 0x12, 0x04, 0x44, 0x21, 0x43, 0x65, 0x87, 0x09)); // TT: word 0
      addrs.push(Uint8Array.of(0x12, 0x06, 0x00, 0x12, 0x04, 0x44, 0x21, 0x43, 0x65, 0x87, 0x09, v & 0xff)); // octet 12: word 2
    }
    for (let round = 0; round < 2; round++) {
      for (const a of addrs) {
        const e = embed(a);
        const out = newSccpAddressFields();
        expect(decodeSccpAddressFields(e.view, e.bytes, e.start, e.end, 'itu', out, [])).toBe(true);
        expect({ ...out }).toEqual(fresh(e.view, e.bytes, e.start, e.end, 'itu'));
      }
    }
  });
});

describe('decodeSccpAddressRef (the shared records of the pipeline: xport16)', () => {
  /** The decode without the memo. */
  const fresh = (a: Uint8Array) => {
    const e = embed(a);
    const out = newSccpAddressFields();
    return decodeSccpAddressFields(e.view, e.bytes, e.start, e.end, 'itu', out) ? { ...out } : undefined;
  };
  // 768 distinct GTs (256 slots): misses land in slots that hold other addresses, hits repeat.
  const pool: Uint8Array[] = [];
  for (let v = 0; v < 768; v++) {
    const d = [0x44, 0x21, 0x43, 0x65, (v % 10) | ((Math.floor(v / 10) % 10) << 4), (Math.floor(v / 100) % 10) | 0x00];
    pool.push(Uint8Array.of(0x12, 0x06, 0x00, 0x12, 0x04, ...d));
  }

  it('gives the decode, the memo record on a hit, its own record on a miss; a truncated address gives undefined', () => {
    const own = newSccpAddressFields();
    let owned = 0;
    for (const a of pool) {
      const e = embed(a);
      const r = decodeSccpAddressRef(e.view, e.bytes, e.start, e.end, 'itu', own, undefined, []);
      expect({ ...r! }).toEqual(fresh(a));
      if (r === own) owned++; // a miss: decoded into the caller's record
      // Memoised by then: the memo's record, not a copy into the caller's.
      const again = decodeSccpAddressRef(e.view, e.bytes, e.start, e.end, 'itu', own, undefined, []);
      expect(again).not.toBe(own);
      expect({ ...again! }).toEqual(fresh(a));
    }
    expect(owned).toBeGreaterThan(pool.length / 2); // 768 addresses, 256 slots: most first sightings miss
    const cut = embed(hex('13 2a'));
    const problems: string[] = [];
    expect(decodeSccpAddressRef(cut.view, cut.bytes, cut.start, cut.end, 'itu', own, undefined, problems)).toBeUndefined();
    expect(problems).toEqual([SCCP_ADDRESS_ANOMALY.truncated]);
  });

  it("a miss of the message's second address never overwrites the record of its first (kept), whatever slot it lands in", () => {
    const own1 = newSccpAddressFields();
    const own2 = newSccpAddressFields();
    let x = 12345;
    const next = () => {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      return x % pool.length;
    };
    for (let k = 0; k < 20000; k++) {
      const a = pool[next()]!;
      const b = pool[next()]!;
      const ea = embed(a);
      const eb = embed(b);
      const called = decodeSccpAddressRef(ea.view, ea.bytes, ea.start, ea.end, 'itu', own1, undefined, [])!;
      const before = { ...called };
      const calling = decodeSccpAddressRef(eb.view, eb.bytes, eb.start, eb.end, 'itu', own2, called, [])!;
      expect({ ...called }).toEqual(before);
      expect(before).toEqual(fresh(a));
      expect({ ...calling }).toEqual(fresh(b));
    }
  });
});
