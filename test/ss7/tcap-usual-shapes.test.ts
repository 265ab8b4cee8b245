/**
 * tcap.ts decodeUsual: the usual ITU Begin / Continue / End decoded in one pass over its octets must
 * give exactly what the general TLV walk gives, and anything else must go to the general walk.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeTcap, newTcapMessage, usual, type TcapMessage } from '../../src/ss7/tcap.js';
import { app, appPrim, ctx, int, nul, seq, tlv } from '../../src/encode/ber.js';
import { concat, toHex } from '../../src/encode/bytes.js';
import { component, tcap, type ComponentSpec, type DialogueSpec, type TcapSpec } from '../../src/encode/tcap.js';

/** Everything the decoders set, as plain data (components up to the count). */
function snapshot(m: TcapMessage): unknown {
  return {
    type: m.type,
    ansi: m.ansi,
    otid: m.otid,
    dtid: m.dtid,
    otidCode: m.otidCode,
    dtidCode: m.dtidCode,
    otidText: m.otidText,
    dtidText: m.dtidText,
    acn: m.acn,
    acnIndex: m.acnIndex,
    dialogue: m.dialogue,
    abortCause: m.abortCause,
    dialogueResult: m.dialogueResult,
    destRefStart: m.destRefStart,
    destRefEnd: m.destRefStart < 0 ? undefined : m.destRefEnd,
    components: m.components.slice(0, m.componentCount).map((c) => ({ ...c, anomalies: c.anomalies.map((a) => ({ ...a })) })),
    anomalies: m.anomalies.map((a) => ({ ...a })),
  };
}

/** Decodes `b` at a non-zero offset with the one-pass reader on or off: the result, and whether the one-pass reader took it. */
function decodeWith(b: Uint8Array, on: boolean): { end: number; snap: unknown; usual: boolean } {
  const buf = new Uint8Array(b.length + 5).fill(0xee);
  buf.set(b, 3);
  const m = newTcapMessage();
  usual.on = on;
  const before = usual.decoded;
  const end = decodeTcap(new DataView(buf.buffer), 3, 3 + b.length, m);
  return { end, snap: snapshot(m), usual: usual.decoded !== before };
}

afterEach(() => {
  usual.on = true;
});

const UL_ACN = '0.4.0.0.1.0.1.3';

describe('decodeUsual (tcap.ts): the usual ITU message in one pass', () => {
  it('takes a routine Begin, Continue and End (long-form lengths too), with what the general walk gives', () => {
    const big = tlv(0, true, 16, new Uint8Array(200).fill(0x04)); // a parameter of 203 octets: 0x81 / 0x82 lengths above it
    const messages = [
      tcap('begin', { otid: '0a0b0c0d', dialogue: { pdu: 'aarq', acn: UL_ACN }, components: [{ type: 'invoke', invokeId: 1, opcode: 2, param: seq(int(5)) }] }),
      tcap('continue', {
        otid: '01',
        dtid: '0a0b0c0d',
        components: [{ type: 'invoke', invokeId: -3, linkedId: 1, opcode: 7, param: big }],
      }),
      tcap('end', { dtid: '0a0b0c0d', dialogue: { pdu: 'aare', acn: UL_ACN }, components: [{ type: 'returnResultLast', invokeId: 1, opcode: 2, param: big }] }),
      tcap('end', {
        dtid: '0a0b',
        components: [
          { type: 'returnResultLast', invokeId: 1 },
          { type: 'returnResult', invokeId: 2, opcode: -123 },
        ],
      }),
      tcap('begin', { otid: '0a0b0c0d' }),
    ];
    for (const b of messages) {
      const fast = decodeWith(b, true);
      const general = decodeWith(b, false);
      expect(fast.usual).toBe(true);
      expect(general.usual).toBe(false);
      expect(fast.snap).toEqual(general.snap);
      expect(fast.end).toBe(general.end);
    }
  });

  it('leaves every other message to the general walk', () => {
    const others = [
      tcap('abort', { dtid: '01', pAbortCause: 1 }),
      tcap('unidirectional', { dialogue: { pdu: 'audt', acn: UL_ACN }, components: [{ type: 'invoke', invokeId: 1, opcode: 2 }] }),
      tcap('begin', { otid: '0a0b0c0d0e', components: [{ type: 'invoke', invokeId: 1, opcode: 2 }] }), // 5-octet tid
      tcap('begin', { otid: '01', dtid: '02' }), // a DTID in a Begin
      tcap('continue', { otid: '01' }), // no DTID
      tcap('begin', { otid: '01', extra: Uint8Array.of(0x9f, 0x50, 0x00) }), // trailing element
      tcap('end', { dtid: '01', dialogue: { pdu: 'aare' }, extra: tcap('end', { dtid: '01' }).subarray(2) }), // a second DTID after the dialogue
    ];
    for (const b of others) {
      const fast = decodeWith(b, true);
      expect(fast.usual, toHex(b)).toBe(false);
      expect(fast.snap).toEqual(decodeWith(b, false).snap);
    }
  });

  it('hands the components from the first unusual one on to the general component walk', () => {
    const invoke: ComponentSpec = { type: 'invoke', invokeId: 5, opcode: 46, param: seq(int(1)) };
    const unusual: ComponentSpec[] = [
      { type: 'invoke', invokeId: 1, opcode: '1.2.3' }, // global opcode
      { type: 'invoke', invokeId: 300, opcode: 2 }, // 2-octet invoke id
      { type: 'returnError', invokeId: 1, errorCode: 34 },
      { type: 'reject', invokeId: 1, problem: [1, 1] },
      { type: 'invoke', invokeId: 1, opcode: 2, param: ctx(0, Uint8Array.of(1)) }, // [0] after the opcode: a linkedID
      { type: 'invoke', invokeId: 1, opcode: 2, param: concat(int(1), int(2)) }, // two parameters
      { type: 'invoke', invokeId: 1, opcode: 2, param: Uint8Array.of(0x30, 0x80, 0x02, 0x01, 0x01, 0x00, 0x00) }, // indefinite length
    ];
    for (const u of unusual) {
      const b = tcap('continue', { otid: '01', dtid: '02', dialogue: { pdu: 'aarq', acn: '1.2' }, components: [invoke, u, invoke] });
      const fast = decodeWith(b, true);
      expect(fast.usual, toHex(b)).toBe(true);
      expect(fast.snap).toEqual(decodeWith(b, false).snap);
    }
    // The dialogue portion's anomaly before the component portion's, as the general walk reports them.
    const b = app(5, appPrim(8, Uint8Array.of(1)), appPrim(9, Uint8Array.of(2)), app(11, nul()), app(12, component(invoke), Uint8Array.of(0xa5, 0x00)));
    const fast = decodeWith(b, true);
    expect(fast.usual).toBe(true);
    expect((fast.snap as { anomalies: { code: string }[] }).anomalies.map((a) => a.code)).toEqual(['tcap.bad-dialogue-portion', 'tcap.unknown-tag']);
    expect(fast.snap).toEqual(decodeWith(b, false).snap);
  });

  it('gives what the general walk gives for any message, mangled or not (property)', () => {
    // Weighted toward the usual shapes, so that both readers are exercised.
    const tid = fc.oneof({ arbitrary: fc.uint8Array({ minLength: 1, maxLength: 4 }), weight: 6 }, fc.uint8Array({ maxLength: 5 })).map(toHex);
    const small = fc.integer({ min: -130, max: 130 });
    const param = fc.oneof(
      fc.uint8Array({ maxLength: 40 }).map((b) => seq(b)),
      fc.uint8Array({ minLength: 120, maxLength: 300 }).map((b) => tlv(0, false, 4, b)),
      fc.uint8Array({ maxLength: 6 }).map((b) => ctx(0, b)),
    );
    const comp: fc.Arbitrary<ComponentSpec> = fc.oneof(
      fc.record(
        {
          type: fc.constant('invoke' as const),
          invokeId: small,
          linkedId: small,
          opcode: fc.oneof({ arbitrary: small, weight: 6 }, fc.constant('0.4.0.1')),
          param,
        },
        { requiredKeys: ['type', 'invokeId', 'opcode'] },
      ),
      fc.record(
        { type: fc.constantFrom('returnResultLast' as const, 'returnResult' as const), invokeId: small, opcode: small, param },
        { requiredKeys: ['type', 'invokeId'] },
      ),
      fc.record({ type: fc.constant('returnError' as const), invokeId: small, errorCode: small, param }, { requiredKeys: ['type', 'invokeId', 'errorCode'] }),
    );
    const usualType = fc.constantFrom('begin' as const, 'continue' as const, 'end' as const);
    const dialogue: fc.Arbitrary<DialogueSpec | undefined> = fc.option(
      fc.record({ pdu: fc.constantFrom('aarq' as const, 'aare' as const, 'abrt' as const), acn: fc.constantFrom(UL_ACN, '0.4.0.0.1.0.20.3', '1.2.3') }),
      { nil: undefined },
    );
    const message = fc.record({
      type: fc.oneof({ arbitrary: usualType, weight: 6 }, fc.constant('abort' as const)),
      otid: fc.option(tid, { nil: undefined, freq: 3 }),
      dtid: fc.option(tid, { nil: undefined, freq: 3 }),
      dialogue,
      components: fc.array(comp, { maxLength: 3 }),
      // Mostly the ids the type carries (Q.773 §4.1), else whatever was drawn.
      canonical: fc.boolean(),
    });
    // Mangling: none, one octet changed, or the message cut short.
    const mangle = fc.oneof(
      { arbitrary: fc.constant(undefined), weight: 3 },
      fc.record({ at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
      fc.record({ cut: fc.nat() }),
    );
    let taken = 0;
    let runs = 0;
    fc.assert(
      fc.property(message, mangle, (spec, m) => {
        let otid = spec.otid;
        let dtid = spec.dtid;
        if (spec.canonical) {
          otid = spec.type === 'begin' || spec.type === 'continue' ? (otid ?? '0102') : undefined;
          dtid = spec.type === 'end' || spec.type === 'continue' ? (dtid ?? 'a1a2a3a4') : undefined;
        }
        const s: TcapSpec = { components: spec.components };
        if (otid !== undefined) s.otid = otid;
        if (dtid !== undefined) s.dtid = dtid;
        if (spec.dialogue !== undefined) s.dialogue = spec.dialogue;
        let b = tcap(spec.type, s);
        if (m !== undefined && 'at' in m) {
          b = b.slice();
          b[m.at % b.length] = m.value;
        } else if (m !== undefined) b = b.subarray(0, 1 + (m.cut % b.length));
        const fast = decodeWith(b, true);
        const general = decodeWith(b, false);
        runs++;
        if (fast.usual) taken++;
        expect(fast.snap).toEqual(general.snap);
        expect(fast.end).toBe(general.end);
      }),
      { numRuns: 8000 },
    );
    // The property exercised both readers.
    expect(taken).toBeGreaterThan(runs / 10);
    expect(taken).toBeLessThan(runs);
  });
});
