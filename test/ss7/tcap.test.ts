import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NO_ANOMALIES } from '../../src/core/anomaly.js';
import { hexOf, tidText } from '../../src/core/bytes.js';
import { DIALOGUE_AS_ID, decodeTcap, newTcapMessage, TCAP_ANOMALY, type TcapMessage } from '../../src/ss7/tcap.js';
import { app, ctx, ctxc, INDEFINITE, int, LONG3, oid, restyle, tlv } from '../../src/encode/ber.js';
import { concat, fromHex as hex, toHex } from '../../src/encode/bytes.js';
import { isdnBytes } from '../../src/encode/map.js';
import { ansiPackage, tcAbort, tcBegin, tcContinue, tcEnd, tcUnidirectional } from '../../src/encode/tcap.js';

function decode(b: Uint8Array, pad = 3): { ok: boolean; consumed: number; m: TcapMessage } {
  const buf = new Uint8Array(pad + b.length + 2).fill(0xee);
  buf.set(b, pad);
  const m = newTcapMessage();
  const end = decodeTcap(new DataView(buf.buffer), pad, pad + b.length, m);
  return { ok: end >= 0, consumed: end < 0 ? -1 : end - pad, m };
}

const UL_ACN = '0.4.0.0.1.0.1.3';

describe('transaction ids kept as codes (TcapMessage.otidCode, core/bytes.ts tidText)', () => {
  it('a tid of 1-4 octets is its code until read, then the hexOf text; others are text with code -1 (BAD_TID)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 6 }), fc.uint8Array({ minLength: 1, maxLength: 4 }), (o, d) => {
        const { m } = decode(tcContinue({ otid: toHex(o), dtid: toHex(d) }));
        const fits = o.length >= 1 && o.length <= 4;
        expect([m.otidText, m.otidCode >= 0, m.dtidText, m.dtidCode >= 0]).toEqual([fits ? undefined : toHex(o), fits, undefined, true]);
        expect([m.otid, m.dtid]).toEqual([hexOf(o, 0, o.length), hexOf(d, 0, d.length)]);
        expect(m.anomalies.map((a) => a.code)).toEqual(fits ? [] : [TCAP_ANOMALY.BAD_TID]);
        // Setting the text (as the ANSI reader does) replaces the code.
        m.otid = 'abc';
        expect([m.otid, m.otidCode]).toEqual(['abc', -1]);
      }),
      { numRuns: 500 },
    );
  });

  it('a copy of the message keeps its tid texts (spread, Object.assign, structuredClone, JSON)', () => {
    const { m } = decode(tcContinue({ otid: '0a0b0c0d', dtid: '01' }));
    expect(m.otidCode).toBeGreaterThanOrEqual(0);
    for (const c of [
      { ...m },
      Object.assign({}, m),
      structuredClone({ ...m, view: undefined }),
      JSON.parse(JSON.stringify({ ...m, view: undefined })) as TcapMessage,
    ]) {
      expect([c.otid, c.dtid]).toEqual(['0a0b0c0d', '01']);
    }
    expect(Object.keys(m)).toEqual(expect.arrayContaining(['otid', 'dtid']));
  });

  it('decodes into a target newTcapMessage did not make (a copy, a plain object) with its tid texts', () => {
    const first = decode(tcContinue({ otid: '0a0b0c0d', dtid: '01' })).m;
    const end = tcEnd({ dtid: 'aabbccdd' });
    const buf = new Uint8Array(end);
    for (const target of [{ ...first }, { ...newTcapMessage() }, structuredClone({ ...newTcapMessage(), view: undefined })] as TcapMessage[]) {
      expect(decodeTcap(new DataView(buf.buffer), 0, buf.length, target)).toBe(buf.length);
      expect([target.type, target.otid, target.dtid]).toEqual(['end', undefined, 'aabbccdd']);
    }
  });

  it('tidText gives back the hex text of any 1-8 digit code', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.nat(), (digits, n) => {
        const v = n % 16 ** digits;
        const text = v.toString(16).padStart(digits, '0');
        expect(tidText(digits * 2 ** 32 + v)).toBe(text);
      }),
      { numRuns: 2000 },
    );
    expect(tidText(8 * 2 ** 32 + 0xfedcba98)).toBe('fedcba98');
    expect(tidText(8 * 2 ** 32 + 0x0000000f)).toBe('0000000f');
  });
});

describe('decodeTcap (Q.773 §4)', () => {
  it('hand-written vector: Begin otid 25c60f, AARQ networkLocUp-v3, invoke 1 opcode 2', () => {
    // 62 | 48 03 25c60f | 6b 1a 28 18 06 07 00118605010101 a0 0d 60 0b a1 09 06 07 04000001000103 | 6c 08 a1 06 020101 020102
    const { ok, consumed, m } = decode(hex('622b' + '480325c60f' + '6b1a2818060700118605010101a00d600ba109060704000001000103' + '6c08a106020101020102'));
    expect(ok).toBe(true);
    expect(consumed).toBe(0x2d);
    expect(m.type).toBe('begin');
    expect(m.otid).toBe('25c60f');
    expect(m.acn).toBe(UL_ACN);
    expect(m.dialogue).toBe('aarq');
    expect(m.componentCount).toBe(1);
    expect(m.components[0]).toMatchObject({ type: 'invoke', invokeId: 1, opcode: 2, paramStart: -1 });
    expect(m.anomalies).toEqual([]);
  });

  it('dialogue-as-id direct reference: the usual octets, one octet off (anomaly), the unidirectional one; tid codes', () => {
    // The vector above with the direct reference's last octet changed: same length, other OID.
    const vec = (asId: string) => hex('622b' + '480325c60f' + `6b1a2818060700118605${asId}a00d600ba109060704000001000103` + '6c08a106020101020102');
    expect(decode(vec('010101')).m.anomalies).toEqual([]);
    const off = decode(vec('010102')).m;
    expect([off.dialogue, off.acn, off.anomalies.map((a) => a.detail)]).toEqual(['aarq', UL_ACN, ['direct-reference 0.0.17.773.1.1.2']]);
    const uni = decode(vec('010201')).m;
    expect([uni.dialogue, uni.anomalies]).toEqual(['audt', []]);
    // TcapMessage.otidCode: the dialogue table's code of the hex text (6 hex digits, value 0x25c60f).
    expect([decode(vec('010101')).m.otidCode, decode(vec('010101')).m.dtidCode]).toEqual([6 * 2 ** 32 + 0x25c60f, -1]);
  });

  it('encoder vectors for every message type', () => {
    const begin = decode(
      tcBegin({ otid: '00010001', dialogue: { pdu: 'aarq', acn: UL_ACN }, components: [{ type: 'invoke', invokeId: 1, opcode: 2, param: hex('3003040100') }] }),
    ).m;
    expect([begin.type, begin.otid, begin.acn, begin.components[0]!.paramEnd - begin.components[0]!.paramStart]).toEqual(['begin', '00010001', UL_ACN, 5]);
    const cont = decode(tcContinue({ otid: 'aa', dtid: '00010001', dialogue: { pdu: 'aare', acn: UL_ACN } })).m;
    expect([cont.type, cont.otid, cont.dtid, cont.dialogue, cont.dialogueResult, cont.componentCount]).toEqual(['continue', 'aa', '00010001', 'aare', 0, 0]);
    const end = decode(tcEnd({ dtid: '0a0b0c0d', components: [{ type: 'returnResultLast', invokeId: 1, opcode: 2, param: hex('3000') }] })).m;
    expect([end.type, end.dtid, end.components[0]!.type, end.components[0]!.opcode]).toEqual(['end', '0a0b0c0d', 'returnResultLast', 2]);
    const uni = decode(tcUnidirectional({ dialogue: { pdu: 'audt', acn: UL_ACN }, components: [{ type: 'invoke', invokeId: 0, opcode: 1 }] })).m;
    expect([uni.type, uni.dialogue, uni.acn]).toEqual(['unidirectional', 'audt', UL_ACN]);
  });

  it('application-context names: every text as its octets give it, MAP-like ones with an arc ≥ 128 or a version ≥ 16 too', () => {
    // 3GPP TS 29.002 §17.3.3 MAP names 0.4.0.0.1.0.ac.version are looked up by (ac, version) when
    // both are one octet below 128 and 16; .643 is 04 00 00 01 00 85 03 (seven octets, one arc);
    // 100.17 and 101.1, 4.16 and 5.0 would share a slot if the version were not bounded.
    const texts = [
      '0.4.0.0.1.0.4.16',
      '0.4.0.0.1.0.5.0',
      '0.4.0.0.1.0.100.17',
      '0.4.0.0.1.0.101.1',
      '0.4.0.0.1.0.643',
      '0.4.0.0.1.0.5.3',
      '0.4.0.0.1.1.5.3',
      '0.4.0.0.2.0.5.3',
      '0.4.0.1.1.0.5.3',
      '0.4.1.0.1.0.5.3',
      '1.4.0.0.1.0.5.3',
      '0.4.0.0.1.0.127.15',
      '0.4.0.0.1.0.0.0',
      '0.4.0.0.1.0.128.3',
      '0.4.0.0.1.0.5.128',
      '0.4.0.0.1.0.5.3.1',
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...texts), { minLength: 1, maxLength: 30 }), (seq) => {
        for (const acn of seq) {
          const m = decode(tcBegin({ otid: '01', dialogue: { pdu: 'aarq', acn } })).m;
          expect([m.acn, m.anomalies.length]).toEqual([acn, 0]);
        }
      }),
    );
  });

  it('acnIndex: ac << 4 | version for a MAP name with ac < 128 and version < 16, else -1; reset with each message', () => {
    const m = newTcapMessage();
    const into = (b: Uint8Array): TcapMessage => {
      decodeTcap(new DataView(b.buffer, b.byteOffset, b.byteLength), 0, b.length, m);
      return m;
    };
    const index = (acn: string) => into(tcBegin({ otid: '01', dialogue: { pdu: 'aarq', acn } })).acnIndex;
    expect(index('0.4.0.0.1.0.5.3')).toBe((5 << 4) | 3);
    expect(index('0.4.0.0.1.0.0.0')).toBe(0);
    expect(index('0.4.0.0.1.0.127.15')).toBe((127 << 4) | 15);
    for (const other of ['0.4.0.0.1.0.128.3', '0.4.0.0.1.0.5.16', '0.4.0.0.1.0.643', '0.4.0.0.1.1.5.3', '0.4.0.0.1.0.5.3.1', '1.4.0.0.1.0.5.3']) {
      expect([other, index(other)]).toEqual([other, -1]);
    }
    index('0.4.0.0.1.0.5.3');
    expect(into(tcContinue({ otid: '02', dtid: '01' })).acnIndex).toBe(-1); // no dialogue portion: not the previous message's
  });

  it('P-abort (Q.773 §4.1 P-AbortCause) and U-abort (dialogue portion ABRT)', () => {
    const p = decode(tcAbort({ dtid: '01020304', pAbortCause: 1 })).m;
    expect([p.type, p.dtid, p.abortCause, p.componentCount]).toEqual(['abort', '01020304', 1, 0]);
    const u = decode(tcAbort({ dtid: '01020304', dialogue: { pdu: 'abrt' } })).m;
    expect([u.abortCause, u.dialogue]).toEqual(['user', 'abrt']);
  });

  it('returnError, reject with NULL invoke id and problem codes (Q.773 §4.2.2.2)', () => {
    const { m } = decode(
      tcEnd({
        dtid: '01',
        components: [
          { type: 'returnError', invokeId: 3, errorCode: 34 },
          { type: 'reject', invokeId: null, problem: [0, 1] },
          { type: 'reject', invokeId: 5, problem: [1, 1] },
          { type: 'returnResult', invokeId: 6, opcode: 7 },
        ],
      }),
    );
    expect(m.componentCount).toBe(4);
    expect(m.components[0]).toMatchObject({ type: 'returnError', invokeId: 3, errorCode: 34 });
    expect(m.components[1]).toMatchObject({ type: 'reject', invokeId: undefined, problem: 'general.mistypedComponent' });
    expect(m.components[2]).toMatchObject({ type: 'reject', invokeId: 5, problem: 'invoke.unrecognizedOperation' });
    expect(m.components[3]).toMatchObject({ type: 'returnResult', invokeId: 6, opcode: 7 });
  });

  it('linked id, negative invoke id, one-octet opcode ≥ 0x80 reported as the BER INTEGER value, global opcode', () => {
    const { m } = decode(
      tcBegin({
        otid: '01',
        components: [
          { type: 'invoke', invokeId: -41, linkedId: 2, opcode: -128 },
          { type: 'invoke', invokeId: 2, opcode: '1.2.3.4' },
        ],
      }),
    );
    expect(m.components[0]).toMatchObject({ invokeId: -41, linkedId: 2, opcode: -128 });
    expect(m.components[1]).toMatchObject({ opcode: undefined, opcodeGlobal: '1.2.3.4' });
  });

  it('unknown tags in the message and among components: anomaly, skipped, decoding continues', () => {
    const unknown = tlv(1, false, 20, hex('abcd'));
    const { m } = decode(tcContinue({ otid: '01', dtid: '02', components: [{ type: 'invoke', invokeId: 1, opcode: 56 }], extra: unknown }));
    expect(m.componentCount).toBe(1);
    expect(m.anomalies.map((a) => a.code)).toEqual([TCAP_ANOMALY.UNKNOWN_TAG]);
    const comp = decode(hex('6511' + '480101' + '490102' + '6c09' + 'a9020500' + 'a103020101')).m;
    expect(comp.componentCount).toBe(1);
    expect(comp.anomalies[0]!.code).toBe(TCAP_ANOMALY.UNKNOWN_TAG);
    expect(comp.components[0]!.anomalies.map((a) => a.code)).toEqual([TCAP_ANOMALY.BAD_COMPONENT]);
  });

  it('missing transaction ids are anomalies', () => {
    expect(decode(tcContinue({ otid: '01' })).m.anomalies.map((a) => a.code)).toEqual([TCAP_ANOMALY.MISSING_TID]);
    expect(decode(tcBegin({ otid: '0102030405' })).m.anomalies.map((a) => a.code)).toEqual([TCAP_ANOMALY.BAD_TID]);
  });

  it('same result for definite, indefinite and non-minimal long-form encodings', () => {
    const der = tcBegin({
      otid: 'c610036e',
      dialogue: { pdu: 'aarq', acn: '0.4.0.0.1.0.14.3' },
      components: [{ type: 'invoke', invokeId: 1, opcode: 56, param: ctxc(0, int(5)) }],
    });
    const base = decode(der).m;
    for (const style of [INDEFINITE, LONG3]) {
      const m = decode(restyle(der, style)).m;
      expect([m.type, m.otid, m.acn, m.componentCount, m.components[0]!.opcode, m.anomalies.length]).toEqual([base.type, base.otid, base.acn, 1, 56, 0]);
    }
  });

  it('ANSI T1.114 packages: type, transaction ids, components', () => {
    const q = decode(ansiPackage(2, '01020304', 0x0901)).m;
    expect([q.ansi, q.ansiPackage, q.type, q.otid, q.dtid]).toEqual([true, 'queryWithPermission', 'begin', '01020304', undefined]);
    expect(q.components[0]).toMatchObject({ type: 'invoke', invokeId: 1, opcode: 0x0901 });
    const c = decode(ansiPackage(5, '0102030405060708')).m;
    expect([c.type, c.otid, c.dtid]).toEqual(['continue', '01020304', '05060708']);
    const r = decode(ansiPackage(4, 'aabbccdd')).m;
    expect([r.type, r.dtid]).toEqual(['end', 'aabbccdd']);
  });

  it('not TCAP: SCCP management / other first octets return -1', () => {
    for (const h of ['0301', '3000', '', '6a00', 'e700']) expect(decode(hex(h)).consumed, h).toBe(-1);
  });

  it('end offset: the message TLV end (octets after it are an anomaly), or the span when truncated', () => {
    const msg = tcAbort({ dtid: '01', pAbortCause: 3 });
    const after = decode(concat(msg, hex('0000')));
    expect(after.consumed).toBe(msg.length);
    expect(after.m.anomalies.map((a) => a.code)).toContain(TCAP_ANOMALY.MALFORMED);
    expect(decode(msg.subarray(0, msg.length - 1)).consumed).toBe(msg.length - 1);
  });

  it('truncated at every length never throws and keeps the message type', () => {
    const full = tcBegin({
      otid: '00010001',
      dialogue: { pdu: 'aarq', acn: UL_ACN },
      components: [{ type: 'invoke', invokeId: 1, opcode: 2, param: hex('30060401000401ff') }],
    });
    for (let n = 1; n <= full.length; n++) {
      const { consumed, m } = decode(full.subarray(0, n));
      expect(consumed).toBe(n);
      expect(m.type).toBe('begin');
      if (n < full.length) expect(m.anomalies.length).toBeGreaterThan(0);
    }
  });

  it('fuzz: arbitrary bytes after a TCAP tag never throw; counts are consistent', () => {
    fc.assert(
      fc.property(fc.constantFrom(0x61, 0x62, 0x64, 0x65, 0x67, 0xe2, 0xe4), fc.uint8Array({ maxLength: 80 }), (tag, rest) => {
        const { ok, m } = decode(concat(Uint8Array.of(tag), rest));
        expect(ok).toBe(true);
        expect(m.componentCount).toBeLessThanOrEqual(m.components.length);
      }),
      { numRuns: 3000 },
    );
  });

  it('anomaly lists: the shared empty one while clean, a fresh own list from the first anomaly', () => {
    const m = newTcapMessage();
    const clean = tcBegin({
      otid: '01',
      components: [
        { type: 'invoke', invokeId: 1, opcode: 2 },
        { type: 'invoke', invokeId: 2, opcode: 3 },
      ],
    });
    // A bad tid (5 octets) on the message, an invoke without opcode on the second component.
    const bad = hex('6216' + '48050102030405' + '6c0d' + 'a106020101020102' + 'a103020102');
    const run = (b: Uint8Array) => {
      expect(decodeTcap(new DataView(b.buffer), 0, b.length, m)).toBe(b.length);
      return { msg: m.anomalies, c0: m.components[0]!.anomalies, c1: m.components[1]!.anomalies };
    };
    const a = run(clean);
    expect([a.msg, a.c0, a.c1].every((l) => l === NO_ANOMALIES)).toBe(true);
    const b = run(bad);
    expect(b.msg.map((x) => x.code)).toEqual([TCAP_ANOMALY.BAD_TID]);
    expect(b.c0).toBe(NO_ANOMALIES);
    expect(b.c1.map((x) => x.code)).toEqual([TCAP_ANOMALY.BAD_COMPONENT]);
    const b2 = run(bad);
    expect(b2.msg).not.toBe(b.msg); // each message's own list
    expect(b2.c1).not.toBe(b.c1);
    expect(b.msg).toHaveLength(1); // not appended to by the next message
    const c = run(clean);
    expect([c.msg, c.c0, c.c1].every((l) => l === NO_ANOMALIES)).toBe(true);
    expect(NO_ANOMALIES).toEqual([]);
  });

  it('message object is reused without leaking state', () => {
    const m = newTcapMessage();
    const b1 = tcBegin({ otid: '01', dialogue: { pdu: 'aarq', acn: UL_ACN }, components: [{ type: 'invoke', invokeId: 1, opcode: 2 }] });
    const b2 = tcAbort({ dtid: '01', pAbortCause: 3 });
    expect(decodeTcap(new DataView(b1.buffer), 0, b1.length, m)).toBe(b1.length);
    expect(decodeTcap(new DataView(b2.buffer), 0, b2.length, m)).toBe(b2.length);
    expect([m.type, m.acn, m.otid, m.componentCount, m.abortCause]).toEqual(['abort', undefined, undefined, 0, 3]);
    expect(toHex(b2)).toMatch(/^67/);
  });
});

describe('MAP-OPEN destination reference (AARQ user-information, TS 29.002 §17.4 MAP-OpenInfo)', () => {
  const SS_ACN = '0.4.0.0.1.0.18.2';
  const dest = isdnBytes('310410100000032', 1, 6);
  const orig = isdnBytes('8613800000001');
  const refOf = (m: TcapMessage, b: Uint8Array): string | undefined =>
    m.destRefStart < 0 ? undefined : toHex(b.subarray(m.destRefStart - 3, m.destRefEnd - 3));

  it("gives the destinationReference's contents range; absent without map-open, from AARE or with another direct-reference", () => {
    const withOpen = tcBegin({ otid: '01', dialogue: { pdu: 'aarq', acn: SS_ACN, mapOpen: { destinationReference: dest, originationReference: orig } } });
    const { m } = decode(withOpen);
    expect(refOf(m, withOpen)).toBe(toHex(dest));
    expect([m.dialogue, m.acn, m.anomalies]).toEqual(['aarq', SS_ACN, NO_ANOMALIES]);
    // The destination reference alone; a reused message forgets it at the next decode.
    const alone = tcBegin({ otid: '01', dialogue: { pdu: 'aarq', acn: SS_ACN, mapOpen: { destinationReference: dest } } });
    expect(refOf(decode(alone).m, alone)).toBe(toHex(dest));
    for (const b of [
      tcBegin({ otid: '01', dialogue: { pdu: 'aarq', acn: SS_ACN } }),
      tcBegin({ otid: '01', dialogue: { pdu: 'aarq', acn: SS_ACN, mapOpen: { originationReference: orig } } }),
      tcBegin({ otid: '01', dialogue: { pdu: 'aarq', acn: SS_ACN, mapOpen: {} } }),
    ]) {
      const r = decode(b);
      expect(r.m.destRefStart).toBe(-1);
      expect(r.m.anomalies).toBe(NO_ANOMALIES);
    }
    const m2 = newTcapMessage();
    const view = new DataView(withOpen.buffer, withOpen.byteOffset, withOpen.byteLength);
    decodeTcap(view, 0, withOpen.length, m2);
    expect(m2.destRefStart).toBeGreaterThan(0);
    const plain = tcBegin({ otid: '01', dialogue: { pdu: 'aarq', acn: SS_ACN } });
    decodeTcap(new DataView(plain.buffer, plain.byteOffset, plain.byteLength), 0, plain.length, m2);
    expect(m2.destRefStart).toBe(-1);
  });

  it('reads only an EXTERNAL whose direct-reference is map-DialogueAS, only its map-open, only a primitive 1-20 octet reference', () => {
    const ext = (oidText: string, body: Uint8Array): Uint8Array => tlv(0, true, 8, concat(oid(oidText), ctxc(0, body)));
    const MAP_AS = '0.4.0.0.1.1.1.1';
    const open = (ref: Uint8Array): Uint8Array => ctxc(0, ref);
    // AARQ with the user-information [30] given (Q.773 Table 49), as a raw dialogue portion.
    const begin = (...externals: Uint8Array[]): Uint8Array =>
      tcBegin({ otid: '01', extra: app(11, tlv(0, true, 8, concat(oid(DIALOGUE_AS_ID), ctxc(0, app(0, ctxc(1, oid(SS_ACN)), ctxc(30, ...externals)))))) });
    const cases: [Uint8Array[], boolean][] = [
      [[ext(MAP_AS, open(ctx(0, dest)))], true],
      [[ext('0.4.0.0.1.1.1.2', open(ctx(0, dest)))], false], // not map-DialogueAS
      [[ext(MAP_AS, ctxc(1, ctx(0, dest)))], false], // map-accept, not map-open
      [[ext(MAP_AS, open(ctxc(0, tlv(0, false, 4, dest))))], false], // constructed (segmented) reference
      [[ext(MAP_AS, open(ctx(0, hex('16'))))], false], // no digits
      [[ext(MAP_AS, open(ctx(0, new Uint8Array(21).fill(0x11))))], false], // longer than an AddressString
      [[ext(MAP_AS, open(concat(ctx(1, orig), ctx(0, dest))))], true], // out of order: still the [0]
      [[ext('0.4.0.0.1.1.1.2', open(ctx(0, orig))), ext(MAP_AS, open(ctx(0, dest)))], true], // the MAP one of two
    ];
    for (const [externals, found] of cases) {
      const b = begin(...externals);
      const { m } = decode(b);
      expect([m.dialogue, m.acn, m.destRefStart >= 0, m.anomalies], toHex(b)).toEqual(['aarq', SS_ACN, found, NO_ANOMALIES]);
      if (found) expect(refOf(m, b)).toBe(toHex(dest));
    }
  });
});
