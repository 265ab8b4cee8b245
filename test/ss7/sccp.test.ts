import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSccpMessage, decodeSccp, SCCP_ANOMALY, sccpTypeName } from '../../src/ss7/sccp.js';
import { SCCP_ADDRESS_ANOMALY } from '../../src/ss7/sccp-address.js';
import { fromHex as hex, toHex } from '../../src/encode/bytes.js';
import { encodeSccp, type SccpSpec } from '../../src/encode/sccp.js';
import { embed, expectedAddress } from '../support/ss7.js';

function dec(b: Uint8Array, variant: 'itu' | 'ansi' = 'itu') {
  const e = embed(b, 4);
  const out = createSccpMessage(variant);
  const end = decodeSccp(e.view, e.start, e.end, out);
  return { ok: end >= 0, consumed: end < 0 ? -1 : end - e.start, out, data: toHex(e.bytes.subarray(out.dataOffset, out.dataEnd)) };
}

const called = { gt: '441234567890', ssn: 6, tt: 0, np: 1, nai: 4 };
const calling = { gt: '491720000000', ssn: 147, tt: 0, np: 1, nai: 4 };

describe('decodeSccp (Q.713 §4)', () => {
  it('UDT hex vector (§4.10): class 0 + return option, 3 pointers', () => {
    // 09 | 80 (return on error, class 0) | ptrs 03 0e 19 | called (11) | calling (11) | data 3 octets
    const udt = hex('09 80 03 0e 19 0b 12 06 00 12 04 44 21 43 65 87 09 0b 12 93 00 12 04 94 71 02 00 00 00 03 62 01 00');
    const { ok, consumed, out, data } = dec(udt);
    expect(ok).toBe(true);
    expect(consumed).toBe(udt.length);
    expect(out.type).toBe('udt');
    expect(out.typeCode).toBe(0x09);
    expect(out.protocolClass).toBe(0);
    expect(out.returnOption).toBe(8);
    expect(out.hopCounter).toBe(-1);
    expect(out.called).toEqual({ ri: 'gt', gti: 4, ssn: 6, tt: 0, np: 1, es: 2, nai: 4, gt: '441234567890' });
    expect(out.calling?.gt).toBe('491720000000');
    expect(out.calling?.ssn).toBe(147);
    expect(data).toBe('620100');
    expect(out.segmented).toBe(false);
  });

  it('the encoder produces that same UDT', () => {
    expect(toHex(encodeSccp({ type: 'udt', returnOption: 8, called, calling, data: hex('620100') }))).toBe(
      '0980030e190b120600120444214365870 90b1293001204947102000000036201 00'.replace(/ /g, ''),
    );
  });

  it('UDTS (§4.11): return cause instead of class', () => {
    const { ok, out, data } = dec(encodeSccp({ type: 'udts', returnCause: 5, called, calling, data: hex('abcd') }));
    expect(ok).toBe(true);
    expect(out.type).toBe('udts');
    expect(out.returnCause).toBe(5);
    expect(out.protocolClass).toBe(-1);
    expect(data).toBe('abcd');
  });

  it('XUDT (§4.18): hop counter, optional part with segmentation (§3.17)', () => {
    const x = encodeSccp({
      type: 'xudt',
      protocolClass: 1,
      hopCounter: 12,
      called,
      calling,
      data: hex('0102'),
      segmentation: { first: true, inSequence: true, remaining: 2, localRef: 0xabcdef },
      importance: 3,
    });
    const { ok, out, data } = dec(x);
    expect(ok).toBe(true);
    expect(out.typeCode).toBe(0x11);
    expect(out.hopCounter).toBe(12);
    expect(out.protocolClass).toBe(1);
    expect(data).toBe('0102');
    expect([out.segmented, out.segFirst, out.segInSequence, out.segRemaining, out.segLocalRef]).toEqual([true, true, true, 2, 0xabcdef]);
  });

  it('XUDT segmentation hex vector: 10 04 42 000001 = not first, class 1, 2 remaining, ref 1', () => {
    // 11 00 0f | ptrs 04 06 08 09 | called 02 42 08 | calling 02 42 08 | data 01 ff | opt 10 04 42 00 00 01 00
    const { ok, out } = dec(hex('11 00 0f 04 06 08 09 02 42 08 02 42 08 01 ff 10 04 42 00 00 01 00'));
    expect(ok).toBe(true);
    expect(out.called).toEqual({ ri: 'ssn', gti: 0, ssn: 8 });
    expect([out.segFirst, out.segInSequence, out.segRemaining, out.segLocalRef]).toEqual([false, true, 2, 1]);
  });

  it('XUDT without optional part, XUDTS with return cause', () => {
    expect(dec(encodeSccp({ type: 'xudt', called, calling, data: hex('aa') })).out.segmented).toBe(false);
    const r = dec(encodeSccp({ type: 'xudts', returnCause: 7, hopCounter: 3, called, calling, data: hex('bb') }));
    expect([r.ok, r.out.type, r.out.returnCause, r.out.hopCounter, r.data]).toEqual([true, 'xudts', 7, 3, 'bb']);
  });

  it('LUDT / LUDTS (§4.20, §4.21): 2-octet pointers and long data length', () => {
    const big = new Uint8Array(600).map((_, i) => i & 0xff);
    const r = dec(encodeSccp({ type: 'ludt', called, calling, data: big, segmentation: { first: true, remaining: 0, localRef: 9 } }));
    expect([r.ok, r.out.type, r.out.typeCode, r.out.dataEnd - r.out.dataOffset]).toEqual([true, 'ludt', 0x13, 600]);
    expect(r.data).toBe(toHex(big));
    const s = dec(encodeSccp({ type: 'ludts', returnCause: 2, called, calling, data: hex('cc') }));
    expect([s.ok, s.out.type, s.out.returnCause, s.data]).toEqual([true, 'ludts', 2, 'cc']);
  });

  it('ANSI address layout when asked', () => {
    const b = encodeSccp({ type: 'udt', called: { ssn: 6, pc: 0x010203, gt: '1234', tt: 3 }, calling: { ssn: 7 }, data: hex('00') }, 'ansi');
    expect(dec(b, 'ansi').out.called).toEqual({ ri: 'gt', gti: 2, ssn: 6, pc: 0x010203, tt: 3, gt: '1234' });
  });

  it('a type it does not handle: false without problem (CR 0x01)', () => {
    const { ok, out } = dec(hex('01 00 00 01 02 03'));
    expect([ok, out.problem, out.typeCode]).toEqual([false, '', 1]);
    expect(sccpTypeName(1)).toBeUndefined();
  });

  it('malformed: empty, truncated fixed part, zero pointer, pointer past end, address length past end, truncated address', () => {
    expect(dec(new Uint8Array(0)).out.problem).toBe(SCCP_ANOMALY.truncated);
    expect(dec(hex('09 00 03 05')).out.problem).toBe(SCCP_ANOMALY.truncated);
    expect(dec(hex('09 00 00 05 07 01 08 01 08 00')).out.problem).toBe(SCCP_ANOMALY.badPointer);
    expect(dec(hex('09 00 03 05 40 02 42 08 02 42 08 00')).out.problem).toBe(SCCP_ANOMALY.badPointer);
    expect(dec(hex('09 00 03 05 07 09 42 08 02 42 08 00')).out.problem).toBe(SCCP_ANOMALY.badPointer);
    const t = dec(hex('09 00 03 05 07 02 43 08 02 42 08 01 aa'));
    expect([t.ok, t.out.problem]).toEqual([false, SCCP_ANOMALY.badAddress]);
  });

  it('sharedFields (the pipeline: xport16): the same type, layout, addresses and problems as the copying decode, hits and misses alike', () => {
    const msgs = [
      hex('09 80 03 0e 19 0b 12 06 00 12 04 44 21 43 65 87 09 0b 12 93 00 12 04 94 71 02 00 00 00 03 62 01 00'),
      encodeSccp({ type: 'udts', returnCause: 1, called, calling, data: hex('aa') }),
      encodeSccp({ type: 'xudt', called, calling, data: hex('aa'), segmentation: { first: true, remaining: 2, localRef: 7 } }),
      encodeSccp({ type: 'xudts', returnCause: 7, hopCounter: 3, called, calling, data: hex('bb') }),
      encodeSccp({ type: 'ludt', called, calling, data: new Uint8Array(300).fill(1) }),
      encodeSccp({ type: 'ludts', returnCause: 2, called: calling, calling: called, data: hex('cc') }),
      encodeSccp({ type: 'xudt', called: { gt: '12ad', ssn: 6 }, calling, data: hex('aa'), optional: [[0x10, hex('80')]] }),
      encodeSccp({ type: 'udt', called: { gt: '4412345678', ssn: 8 }, calling: called, data: hex('dd') }),
      hex('09 00 03 05 07 02 43 08 02 42 08 01 aa'), // truncated called address
      hex('09 00 03 0e 05 0b 12 06 00 12 04 44 21 43 65 87 09 02 43 08 01 aa'), // truncated calling address
      hex('01 00 00 01 02 03'),
    ];
    const view = (m: ReturnType<typeof createSccpMessage>, end: number) => ({
      end,
      type: m.type,
      typeCode: m.typeCode,
      cls: [m.protocolClass, m.returnOption, m.returnCause, m.hopCounter],
      data: end < 0 ? undefined : [m.dataOffset, m.dataEnd], // not meaningful (left from the last message) on a failure
      seg: [m.segmented, m.segFirst, m.segInSequence, m.segRemaining, m.segLocalRef],
      problem: m.problem,
      warnings: [...m.warnings],
      called: end < 0 ? undefined : { ...m.calledFields },
      calling: end < 0 ? undefined : { ...m.callingFields },
    });
    const shared = createSccpMessage();
    shared.sharedFields = true;
    shared.addressObjects = false;
    for (let round = 0; round < 3; round++) {
      for (const b of msgs) {
        const e = embed(b, 4);
        const copied = createSccpMessage();
        const want = view(copied, decodeSccp(e.view, e.start, e.end, copied));
        expect(view(shared, decodeSccp(e.view, e.start, e.end, shared))).toEqual(want);
      }
    }
  });

  it('data length past end', () => {
    expect(dec(hex('09 00 03 05 07 02 42 08 02 42 08 05 aa')).out.problem).toBe(SCCP_ANOMALY.badPointer);
  });

  it('non-fatal: bad digits and a broken optional part are warnings', () => {
    const b = encodeSccp({ type: 'xudt', called: { gt: '12ad', ssn: 6 }, calling, data: hex('aa'), optional: [[0x10, hex('80')]] });
    const { ok, out } = dec(b);
    expect(ok).toBe(true);
    expect(out.warnings).toEqual([SCCP_ADDRESS_ANOMALY.badDigit, SCCP_ANOMALY.badOptional]);
    expect(out.called?.gt).toBe('12ad');
  });

  it('tolerates a missing end-of-optional-parameters octet', () => {
    const b = encodeSccp({ type: 'xudt', called, calling, data: hex('aa'), segmentation: { first: false, remaining: 1, localRef: 5 }, noEndOfOptional: true });
    const { ok, out } = dec(b);
    expect([ok, out.segRemaining, out.warnings]).toEqual([true, 1, []]);
  });
});

const addr = fc.record({
  gt: fc.string({ unit: fc.constantFrom(...'0123456789'), maxLength: 15 }),
  ssn: fc.integer({ min: 0, max: 255 }),
  pc: fc.integer({ min: 0, max: 0x3fff }),
});

describe('sccp round trip (encoder → decoder at a non-zero offset)', () => {
  it('all six types, with and without segmentation', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<SccpSpec['type']>('udt', 'udts', 'xudt', 'xudts', 'ludt', 'ludts'),
        addr,
        addr,
        fc.uint8Array({ maxLength: 300 }),
        fc.option(fc.record({ first: fc.boolean(), remaining: fc.integer({ min: 0, max: 15 }), localRef: fc.integer({ min: 0, max: 0xffffff }) }), {
          nil: undefined,
        }),
        fc.integer({ min: 1, max: 9 }),
        (type, cd, cg, data0, seg, pad) => {
          const long = type === 'ludt' || type === 'ludts';
          const data = long ? data0 : data0.subarray(0, 200);
          const hop = type !== 'udt' && type !== 'udts';
          const spec: SccpSpec = { type, called: cd, calling: cg, data, hopCounter: 9, protocolClass: 1, returnCause: 3 };
          if (hop && seg !== undefined) spec.segmentation = seg;
          const e = embed(encodeSccp(spec), pad);
          const out = createSccpMessage();
          expect(decodeSccp(e.view, e.start, e.end, out)).toBe(e.end);
          expect(out.type).toBe(type);
          expect(out.called).toEqual(expectedAddress(cd));
          expect(out.calling).toEqual(expectedAddress(cg));
          expect(toHex(e.bytes.subarray(out.dataOffset, out.dataEnd))).toBe(toHex(data));
          expect(out.hopCounter).toBe(hop ? 9 : -1);
          expect(out.segmented).toBe(spec.segmentation !== undefined);
          if (spec.segmentation !== undefined) expect([out.segFirst, out.segRemaining, out.segLocalRef]).toEqual([seg!.first, seg!.remaining, seg!.localRef]);
        },
      ),
      { numRuns: 200 },
    );
  });
});
