import { describe, expect, it } from 'vitest';
import { NO_ANOMALIES } from '../../src/core/anomaly.js';
import { dialogueMemoStats, lookupDialogue, storeDialogue } from '../../src/ss7/dialogue-memo.js';
import { DEFAULT_BER_DEPTH } from '../../src/asn1/ber.js';
import { decodeTcap, newTcapMessage, TCAP_ANOMALY, type TcapMessage } from '../../src/ss7/tcap.js';
import { app, ctxc, oid, tlv } from '../../src/encode/ber.js';
import { concat, toHex } from '../../src/encode/bytes.js';
import { isdnBytes } from '../../src/encode/map.js';
import { dialoguePortion, tcBegin, tcContinue, tcEnd, tcUnidirectional, type DialogueSpec } from '../../src/encode/tcap.js';

/** Decodes `b` at offset `pad` of a larger buffer into a fresh message (BER depth limit `depth`). */
function decode(b: Uint8Array, pad = 5, depth = DEFAULT_BER_DEPTH): TcapMessage {
  const buf = new Uint8Array(pad + b.length + 3).fill(0xee);
  buf.set(b, pad);
  const m = newTcapMessage(depth);
  decodeTcap(new DataView(buf.buffer), pad, pad + b.length, m);
  return m;
}

const fields = (m: TcapMessage) => [m.dialogue, m.acn, m.acnIndex, m.dialogueResult, m.destRefStart, m.anomalies.map((a) => a.code)];

/** The memo's answer for the dialogue portion of `d` alone (its contents, after the [APPLICATION 11] header). */
function memoOf(d: DialogueSpec, uni = false): unknown[] | undefined {
  const p = dialoguePortion(d);
  const m = newTcapMessage();
  return lookupDialogue(new DataView(p.buffer, p.byteOffset, p.byteLength), p, 2, p.length, uni, DEFAULT_BER_DEPTH, m) ? fields(m) : undefined;
}

describe('dialogue portion memo (ss7/dialogue-memo.ts)', () => {
  const UL = '0.4.0.0.1.0.1.3';
  const SRI = '0.4.0.0.1.0.5.3';

  it('a clean portion is found by its octets after its first decode, with the fields the decode gave', () => {
    const spec: DialogueSpec = { pdu: 'aarq', acn: '0.4.0.0.1.0.37.2' };
    const first = decode(tcBegin({ otid: '0a0b0c0d', dialogue: spec }));
    expect(fields(first)).toEqual(['aarq', '0.4.0.0.1.0.37.2', (37 << 4) | 2, undefined, -1, []]);
    expect(memoOf(spec)).toEqual(fields(first));
    // At another offset, in another message type: the same fields.
    expect(fields(decode(tcBegin({ otid: '01', dialogue: spec }), 0))).toEqual(fields(first));
    const aare: DialogueSpec = { pdu: 'aare', acn: '0.4.0.0.1.0.37.2', result: 1 };
    const answer = decode(tcContinue({ otid: '02', dtid: '0a0b0c0d', dialogue: aare }));
    expect(fields(answer)).toEqual(['aare', '0.4.0.0.1.0.37.2', (37 << 4) | 2, 1, -1, []]);
    expect(memoOf(aare)).toEqual(fields(answer));
  });

  it('portions differing in one octet (ACN, version, result) each get their own decode, alternated', () => {
    const specs: DialogueSpec[] = [
      { pdu: 'aarq', acn: UL },
      { pdu: 'aarq', acn: SRI },
      { pdu: 'aarq', acn: '0.4.0.0.1.0.1.2' },
      { pdu: 'aare', acn: UL, result: 0 },
      { pdu: 'aare', acn: UL, result: 1 },
      { pdu: 'aare', acn: '0.4.0.0.1.0.50.3' },
      { pdu: 'aarq', acn: '1.2.3.4' },
      { pdu: 'abrt' },
    ];
    const want = specs.map((d) => fields(decode(tcEnd({ dtid: '01', dialogue: d }))));
    for (let round = 0; round < 3; round++) {
      for (const [i, d] of specs.entries()) expect(fields(decode(tcEnd({ dtid: '01', dialogue: d }))), `${round} ${i}`).toEqual(want[i]);
    }
    expect(want.map((w) => w[1])).toEqual([UL, SRI, '0.4.0.0.1.0.1.2', UL, UL, '0.4.0.0.1.0.50.3', '1.2.3.4', undefined]);
    expect(want.map((w) => w[3])).toEqual([undefined, undefined, undefined, 0, 1, 0, undefined, undefined]);
  });

  it('the same octets in a Unidirectional are an AUDT, in a Begin an AARQ (the message type is part of the key)', () => {
    // An [APPLICATION 0] PDU under dialogue-as-id: AARQ in a Begin, AUDT in a Unidirectional.
    const portion = dialoguePortion({ pdu: 'aarq', acn: UL });
    const begin = decode(tcBegin({ otid: '01', extra: portion }));
    const uni = decode(tcUnidirectional({ extra: portion }));
    expect([begin.dialogue, uni.dialogue, decode(tcBegin({ otid: '01', extra: portion })).dialogue]).toEqual(['aarq', 'audt', 'aarq']);
  });

  it('a portion with an anomaly is decoded (and reported) every time, never taken from the memo', () => {
    // dialogue-as-id's last octet changed: same length, another direct reference.
    const bad = app(11, tlv(0, true, 8, concat(oid('0.0.17.773.1.1.2'), ctxc(0, app(0, ctxc(1, oid(UL)))))));
    for (let i = 0; i < 3; i++) {
      const m = decode(tcBegin({ otid: '01', extra: bad }));
      expect([m.dialogue, m.acn, m.anomalies.map((a) => a.code)]).toEqual(['aarq', UL, [TCAP_ANOMALY.BAD_DIALOGUE]]);
    }
    const p = bad;
    expect(lookupDialogue(new DataView(p.buffer, p.byteOffset, p.byteLength), p, 2, p.length, false, DEFAULT_BER_DEPTH, newTcapMessage())).toBe(false);
  });

  it("a MAP-OPEN destination reference is read from each message's own octets (an offset: never memoised)", () => {
    const SS = '0.4.0.0.1.0.18.2';
    const dest = isdnBytes('310410100000032', 1, 6);
    const spec: DialogueSpec = { pdu: 'aarq', acn: SS, mapOpen: { destinationReference: dest } };
    for (const otid of ['01', '0102', '010203', '01020304', '01']) {
      const b = tcBegin({ otid, dialogue: spec });
      const m = decode(b, 0);
      expect(toHex(b.subarray(m.destRefStart, m.destRefEnd))).toBe(toHex(dest));
      expect([m.dialogue, m.acn, m.anomalies]).toEqual(['aarq', SS, NO_ANOMALIES]);
    }
    expect(memoOf(spec)).toBeUndefined();
  });

  it("a decoder with a lower BER depth limit never takes a deeper decoder's clean decode (review 12-A #6)", () => {
    // EXTERNAL, [0], AARQ and [1] with indefinite lengths (X.690 §8.1.3.6): the depth limit counts them.
    const portion = [0x28, 0x80, 0x06, 0x07, 0x00, 0x11, 0x86, 0x05, 0x01, 0x01, 0x01, 0xa0, 0x80, 0x60, 0x80, 0x80, 0x02, 0x07, 0x80];
    portion.push(0xa1, 0x80, ...oid('0.4.0.0.1.0.21.3'), 0, 0, 0, 0, 0, 0, 0, 0);
    const b = Uint8Array.from([0x62, portion.length + 8, 0x48, 0x04, 1, 2, 3, 4, 0x6b, portion.length, ...portion]);
    const deep = fields(decode(b));
    expect(deep.slice(0, 2)).toEqual(['aarq', '0.4.0.0.1.0.21.3']);
    expect(deep[5]).toEqual([]);
    // Nested deeper than 3: decoded (and reported) by the shallow decoder every time, after the deep one's clean decode.
    const shallow = fields(decode(b, 5, 3));
    expect((shallow[5] as string[]).length).toBeGreaterThan(0);
    expect(fields(decode(b, 5, 3))).toEqual(shallow);
    expect(fields(decode(b))).toEqual(deep);
  });
  it('portions differing in any one octet keep their own entries: no octet is left out of the hash (review 12-A #7)', () => {
    // Three AARQs of one length differing only in the ACN's application-context octet: each found after its first decode.
    const specs: DialogueSpec[] = ['0.4.0.0.1.0.1.3', '0.4.0.0.1.0.2.3', '0.4.0.0.1.0.3.3'].map((acn) => ({ pdu: 'aarq', acn }));
    const ps = specs.map((d) => dialoguePortion(d));
    expect(new Set(ps.map((p) => p.length)).size).toBe(1);
    for (const d of specs) decode(tcEnd({ dtid: '01', dialogue: d }));
    for (let round = 0; round < 3; round++) for (const d of specs) expect(memoOf(d)?.[1], `${round}`).toBe(d.acn);
    // Same for octets early in the portion (the EXTERNAL's direct reference area): here the dialogue-as-id's version arc.
    const a = dialoguePortion({ pdu: 'aarq', acn: SRI });
    const variants = [1, 2, 3].map((v) => {
      const c = a.slice();
      c[c.length - 1] = v; // the ACN's version octet
      return c;
    });
    for (const v of variants) decode(tcBegin({ otid: '01', extra: v }));
    for (const v of variants)
      expect(lookupDialogue(new DataView(v.buffer, v.byteOffset, v.byteLength), v, 2, v.length, false, DEFAULT_BER_DEPTH, newTcapMessage())).toBe(true);
  });

  it("a message's second dialogue portion is decoded over the first's fields, as without the memo", () => {
    // AARQ with an ACN, then an ABRT (no ACN): the ACN stays, the PDU kind is the last one's.
    const b = tcBegin({ otid: '01', extra: concat(dialoguePortion({ pdu: 'aarq', acn: SRI }), dialoguePortion({ pdu: 'abrt' })) });
    for (let i = 0; i < 2; i++) expect(fields(decode(b))).toEqual(['abrt', SRI, (5 << 4) | 3, undefined, -1, []]);
    const c = tcBegin({ otid: '01', extra: concat(dialoguePortion({ pdu: 'abrt' }), dialoguePortion({ pdu: 'aarq', acn: SRI })) });
    expect(fields(decode(c))).toEqual(['aarq', SRI, (5 << 4) | 3, undefined, -1, []]);
  });

  it('a portion found again is answered by the front table, without the hashed lookup', () => {
    const spec: DialogueSpec = { pdu: 'aarq', acn: '0.4.0.0.1.0.14.3' };
    const want = fields(decode(tcBegin({ otid: '01', dialogue: spec })));
    const hashed = dialogueMemoStats.hashed;
    for (let i = 0; i < 5; i++) expect(memoOf(spec)).toEqual(want);
    expect(dialogueMemoStats.hashed).toBe(hashed);
  });

  it('portions sharing the front sample (octets 0–3, 26–29 and the last four) each get their own fields, alternated', () => {
    // 40 octets, equal but for octet 12 (outside the sample): one front-table entry, four memo entries.
    const portions = [0, 1, 2, 3].map((v) => Uint8Array.from({ length: 40 }, (_, i) => (i === 12 ? v : (i * 29 + 7) & 0xff)));
    const at = (p: Uint8Array, out: TcapMessage) => lookupDialogue(new DataView(p.buffer), p, 0, p.length, false, DEFAULT_BER_DEPTH, out);
    for (const [v, p] of portions.entries()) {
      const m = newTcapMessage();
      expect(at(p, m)).toBe(false);
      m.dialogue = 'aarq';
      m.acn = `1.2.3.${v}`;
      storeDialogue(new DataView(p.buffer), p, 0, p.length, m);
    }
    for (let round = 0; round < 3; round++) {
      for (const [v, p] of portions.entries()) {
        const m = newTcapMessage();
        expect(at(p, m), `${round} ${v}`).toBe(true);
        expect(m.acn).toBe(`1.2.3.${v}`);
      }
    }
    // One octet changed outside the sample and not stored: a miss, not another portion's fields.
    const other = portions[0]!.slice();
    other[12] = 9;
    expect(at(other, newTcapMessage())).toBe(false);
  });
});
