/**
 * Deferred digit strings (issue 19, "digits" branch): the MAP argument reader keeps AddressString
 * and own IMSI/MSISDN digits as octet ranges, the TCAP dialogue keeps identities as tbcdKey
 * numbers, and the record makes the strings only when read. Whatever the consumer reads, and in
 * whatever order, the values must be what the eager string decoder gives: checked here against a
 * nibble-by-nibble TBCD reference on generated octets (odd length, filler F anywhere, nibbles
 * A-E, empty, long values), through the record (any read pattern, the decoder switching between
 * deferred and immediate decoding) and through events.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeTbcd, tbcdKey } from '../../../src/asn1/tbcd.js';
import { keyDigits } from '../../../src/core/digit-key.js';
import { imsiKeyOf, msisdnKeyOf } from '../../../src/core/identity-key.js';
import { tbcdReference as ref } from '../../support/tbcd.js';
import { FrameIndexer } from '../../../src/core/frame-index.js';
import { concat } from '../../../src/encode/bytes.js';
import { ctx, octets, seq } from '../../../src/encode/ber.js';
import { tcBegin, tcEnd } from '../../../src/encode/tcap.js';
import { DeferredRecord, type MessageRecord } from '../../../src/events/record.js';
import type { Ss7Event } from '../../../src/events/types.js';
import { ArgReader, MAP_NUMBERS_PER_COMPONENT } from '../../../src/ss7/map/args/reader.js';
import { decodeMapArgument } from '../../../src/ss7/map/decode.js';
import { TcapDecoder } from '../../../src/ss7/tcap-decoder.js';
import { sccpUnit } from '../../support/units.js';

/** TBCD octets biased towards what matters: decimal digits, the F filler (low or high nibble), A-E. */
const nibble = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 0, max: 9 }) },
  { weight: 1, arbitrary: fc.constant(15) },
  { weight: 1, arbitrary: fc.integer({ min: 10, max: 14 }) },
);
const tbcd = (maxOctets: number) => fc.array(fc.tuple(nibble, nibble), { maxLength: maxOctets }).map((ps) => Uint8Array.from(ps, ([lo, hi]) => lo | (hi << 4)));
/** A decimal TBCD value (what real IMSIs and MSISDNs are): 1-16 digits, F filler when odd. */
const decimal = fc.stringMatching(/^[0-9]{1,16}$/).map(encodeTbcd);
const digits = fc.oneof(tbcd(12), decimal);

describe('tbcdKey / keyDigits (asn1/tbcd.ts)', () => {
  it('edge cases: empty, leading zeros, filler, 15 and 16 digits, non-decimal nibbles', () => {
    const key = (...b: number[]) => tbcdKey(Uint8Array.from(b), 0, b.length);
    expect(key()).toBeUndefined();
    expect(key(0xff)).toBeUndefined(); // filler first: ''
    expect(keyDigits(key(0x00)!)).toBe('00');
    expect(keyDigits(key(0xf0)!)).toBe('0');
    expect(keyDigits(key(0x21, 0xf3, 0x99)!)).toBe('123'); // octets after the filler are not digits
    expect(key(0xa1)).toBeUndefined(); // '1*'
    const fifteen = [0x10, 0x10, 0x21, 0x43, 0x65, 0x87, 0x09, 0xf9]; // 010112345678909
    expect(keyDigits(key(...fifteen)!)).toBe('010112345678909');
    expect(key(0x99, 0x99, 0x99, 0x99, 0x99, 0x99, 0x99, 0x99)).toBeUndefined(); // 16 digits: not exact in a double
    expect(keyDigits(key(0x99, 0x99, 0x99, 0x99, 0x99, 0x99, 0x99, 0xf9)!)).toBe('999999999999999');
  });

  it('round-trips the string decoder on any octets: the key text, or undefined when not 1-15 decimal digits', () => {
    fc.assert(
      fc.property(fc.oneof(tbcd(20), decimal, fc.uint8Array({ maxLength: 40 })), fc.nat(3), (b, pad) => {
        const buf = new Uint8Array(pad + b.length + 2).fill(0x21);
        buf.set(b, pad);
        const k = tbcdKey(buf, pad, pad + b.length);
        const text = ref(b);
        if (/^[0-9]{1,15}$/.test(text)) expect(k !== undefined && keyDigits(k)).toBe(text);
        else expect(k).toBeUndefined();
      }),
      { numRuns: 3000 },
    );
  });

  it('every octet value after 0-7 decimal octets (the 15-digit limit at the 7th and 8th) agrees with the string decoder', () => {
    // tbcdKey reads an octet at a time through a 256-entry table: each entry, at each count of digits before it.
    for (let before = 0; before <= 7; before++) {
      for (let b = 0; b < 256; b++) {
        for (const after of [[], [0x21], [0xff]]) {
          const octets = Uint8Array.from([...Array.from({ length: before }, (_, i) => 0x10 * ((i + 3) % 10) + (i % 10)), b, ...after]);
          const k = tbcdKey(octets, 0, octets.length);
          const text = ref(octets);
          expect(k === undefined ? undefined : keyDigits(k), `${before} ${b} ${after}`).toBe(/^[0-9]{1,15}$/.test(text) ? text : undefined);
        }
      }
    }
  });

  it('distinct values give distinct keys (leading zeros and length kept)', () => {
    const k = (d: string) => tbcdKey(encodeTbcd(d), 0, (d.length + 1) >> 1);
    expect(new Set(['0', '00', '000', '1', '01', '10', '100', '001'].map(k)).size).toBe(8);
  });
});

/** AddressString: ext | nature of address (international) | numbering plan, then the TBCD digits. */
const address = (d: Uint8Array, np = 1) => concat(Uint8Array.of(0x90 | np), d);

/** One SRI-for-SM dialogue (opcode 45, TS 29.002 §12.1): Begin with the MSISDN, End with the IMSI. */
interface Dlg {
  msisdn: Uint8Array;
  sca: Uint8Array;
  np: number;
  imsi: Uint8Array;
  node: Uint8Array;
  /** The record reads: bit 0 Begin identities, 1 Begin args, 2 End identities, 3 End args; 4-7 the same, read twice / after. */
  reads: number;
}
const dlg = fc.record({ msisdn: digits, sca: digits, np: fc.constantFrom(1, 4), imsi: digits, node: digits, reads: fc.nat(255) });

function messages(d: Dlg, i: number): [Uint8Array, Uint8Array] {
  const otid = (0x10000000 + i).toString(16);
  const arg = seq(ctx(0, address(d.msisdn)), ctx(1, Uint8Array.of(0)), ctx(2, address(d.sca, d.np)));
  const res = seq(octets(d.imsi), concat(Uint8Array.of(0xa0), lengthOf(address(d.node)), address(d.node)));
  return [
    tcBegin({ otid, components: [{ type: 'invoke', invokeId: 1, opcode: 45, param: arg }] }),
    tcEnd({ dtid: otid, components: [{ type: 'returnResultLast', invokeId: 1, opcode: 45, param: res }] }),
  ];
}

/** [1] networkNode-Number inside the [0] locationInfoWithLMSI: its length octet prefix (short form). */
function lengthOf(addr: Uint8Array): Uint8Array {
  return Uint8Array.of(addr.length + 2, 0x81, addr.length);
}

/** The End's SCCP and MTP addresses: from the HLR back to the Begin's sender. */
const END = { calling: { gt: '441234567890', ssn: 6 }, called: { gt: '491720000000', ssn: 7 }, mtp: { opc: 2, dpc: 1 } };

/** A fixed dialogue (prefixes that steer the decoder between deferred and plain records). */
const FILL: Dlg = {
  msisdn: Uint8Array.of(0x21, 0x43),
  sca: Uint8Array.of(0x11),
  np: 1,
  imsi: Uint8Array.of(0x32, 0x54, 0xf6),
  node: Uint8Array.of(0x77),
  reads: 0,
};

/** The subscriber's IMSI an IMSI field gives: only one of an IMSI's shape (at most 8 octets, 6-15 decimal digits: TS 23.003 §2.2). */
function ownImsi(b: Uint8Array): string | undefined {
  const text = ref(b);
  return b.length <= 8 && /^[0-9]{6,15}$/.test(text) ? text : undefined;
}

/** What an eager decoder reports for one dialogue's two records. */
function expected(d: Dlg) {
  const msisdn = ref(d.msisdn);
  const imsiText = ref(d.imsi);
  return {
    begin: { imsi: undefined, msisdn, args: { msisdn, smRpPri: false, serviceCentreAddress: ref(d.sca) } },
    end: { imsi: ownImsi(d.imsi), msisdn, args: { imsi: imsiText, networkNodeNumber: ref(d.node) } },
    /** The End's IMSI list: every non-empty IMSI value. */
    imsis: imsiText === '' ? [] : [imsiText],
  };
}

describe('deferred digits through the TCAP decoder (records and events)', () => {
  it('any read pattern over any TBCD values gives the eager strings, in the eager key order', () => {
    fc.assert(
      fc.property(fc.array(dlg, { minLength: 1, maxLength: 40 }), fc.nat(300), fc.boolean(), (dlgs, prefix, readFirst) => {
        // The decoder starts deferred and hands out plain records for good once the consumer read
        // > 1/2 of a 256-record window: `prefix` filler dialogues first, read in full or not at
        // all, so the generated ones meet both modes.
        const fill: Dlg = {
          msisdn: Uint8Array.of(0x21, 0x43),
          sca: Uint8Array.of(0x11),
          np: 1,
          imsi: Uint8Array.of(0x32, 0x54, 0xf6),
          node: Uint8Array.of(0x77),
          reads: readFirst ? 0b1111 : 0,
        };
        const all = [...Array.from({ length: prefix }, () => fill), ...dlgs];
        let deferred = 0;
        let current: Dlg = fill;
        let half = 0;
        const seen: { imsi?: string | undefined; msisdn?: string | undefined; args?: string }[] = [];
        const read = (r: MessageRecord) => {
          const bits = current.reads >> (half === 0 ? 0 : 2);
          const out: (typeof seen)[number] = {};
          if (bits & 1) {
            out.imsi = r.imsi;
            out.msisdn = r.msisdn;
          }
          if (bits & 2) out.args = JSON.stringify(r.args);
          if ((current.reads >> 4) & (half === 0 ? 1 : 4)) {
            // read again (the second read must not decode again into different values)
            expect(r.imsi).toBe(out.imsi ?? r.imsi);
            expect(r.msisdn).toBe(out.msisdn ?? r.msisdn);
          }
          seen.push(out);
          if (r instanceof DeferredRecord) deferred++;
        };
        const dec = new TcapDecoder({ onRecord: read, indexer: new FrameIndexer() });
        all.forEach((d, i) => {
          current = d;
          const [b, e] = messages(d, i);
          half = 0;
          dec.unit(sccpUnit(b, { frameNo: 2 * i + 1 }));
          half = 1;
          dec.unit(sccpUnit(e, { frameNo: 2 * i + 2, ...END }));
        });
        expect(seen.length).toBe(2 * all.length);
        // Read in full from the start: plain records after the first window of 256.
        if (readFirst && 2 * prefix >= 256) expect(deferred).toBe(256);
        if (!readFirst && 2 * prefix >= 256) expect(deferred).toBeGreaterThanOrEqual(256);
        dlgs.forEach((d, j) => {
          const i = prefix + j;
          const want = expected(d);
          const [b, e] = [seen[2 * i]!, seen[2 * i + 1]!];
          if (d.reads & 1) expect({ imsi: b.imsi, msisdn: b.msisdn }).toEqual({ imsi: want.begin.imsi, msisdn: want.begin.msisdn });
          if (d.reads & 2) expect(b.args).toBe(JSON.stringify(want.begin.args));
          if (d.reads & 4) expect({ imsi: e.imsi, msisdn: e.msisdn }).toEqual({ imsi: want.end.imsi, msisdn: want.end.msisdn });
          if (d.reads & 8) expect(e.args).toBe(JSON.stringify(want.end.args));
        });
      }),
      { numRuns: 150 },
    );
  });

  it('records stay deferred while the consumer reads at most half of them (an alert flood); reading more turns them plain', () => {
    // A Scanner reads a record's identities as text only for an alert: ~1/4 of a flood's records
    // (bench/results-notes.md round 18 "flood18"); a consumer of every record's identities reads all.
    const run = (readEvery: number): boolean[] => {
      const kinds: boolean[] = [];
      const dec = new TcapDecoder({
        onRecord: (r) => {
          if (kinds.length % readEvery === 0) expect(r.imsi ?? r.msisdn).toBeDefined();
          kinds.push(r instanceof DeferredRecord);
        },
        indexer: new FrameIndexer(),
      });
      for (let i = 0; i < 512; i++) {
        const [b, e] = messages(FILL, i);
        dec.unit(sccpUnit(b));
        dec.unit(sccpUnit(e, END));
      }
      return kinds;
    };
    // One in four read (64 of each window of 256): deferred throughout the 1,024 records.
    expect(run(4).every((d) => d)).toBe(true);
    // One in three (86 of 256): still at most half.
    expect(run(3).every((d) => d)).toBe(true);
    // Every record read: plain from the second window on, for good.
    const all = run(1);
    expect(all.slice(0, 256).every((d) => d)).toBe(true);
    expect(all.slice(256).some((d) => d)).toBe(false);
  });

  it("a dialogue begun deferred and ended after the switch to plain records: the End reads the Begin's identities from their keys", () => {
    fc.assert(
      fc.property(dlg, (d) => {
        const got: { deferred: boolean; imsi: string | undefined; msisdn: string | undefined; args: string }[] = [];
        // Every record read but the generated Begin's (reading makes the dialogue keep strings):
        // its dialogue keeps the keys until the End.
        const dec = new TcapDecoder({
          onRecord: (r) =>
            got.push(
              got.length === 255
                ? { deferred: r instanceof DeferredRecord, imsi: undefined, msisdn: undefined, args: '' }
                : { deferred: r instanceof DeferredRecord, imsi: r.imsi, msisdn: r.msisdn, args: JSON.stringify(r.args) },
            ),
          indexer: new FrameIndexer(),
        });
        // 127 dialogues and a lone Begin: 255 deferred records; the generated Begin is the 256th
        // (the window's last deferred one), its End the first plain record.
        for (let i = 0; i < 127; i++) {
          const [b, e] = messages(FILL, i);
          dec.unit(sccpUnit(b));
          dec.unit(sccpUnit(e, END));
        }
        dec.unit(sccpUnit(messages(FILL, 127)[0]));
        const [b, e] = messages(d, 128);
        dec.unit(sccpUnit(b));
        dec.unit(sccpUnit(e, END));
        const want = expected(d);
        const [rb, re] = got.slice(-2);
        expect([rb!.deferred, re!.deferred]).toEqual([true, false]);
        expect({ imsi: re!.imsi, msisdn: re!.msisdn, args: re!.args }).toEqual({
          imsi: want.end.imsi,
          msisdn: want.end.msisdn,
          args: JSON.stringify(want.end.args),
        });
      }),
      { numRuns: 40 },
    );
  });

  it('identities the dialogue kept as octets (nothing read before) and first read at the End: the eager strings and keys', () => {
    // UpdateLocation (TS 29.002 §8.1.2: imsi IMSI, msc-Number [1], vlr-Number) carries the IMSI in
    // the Begin only; SRI-for-SM its MSISDN. Either End reads them from the dialogue, where the
    // decoder kept their TBCD octets while no record's identities had been read (both Begins come
    // first; the first read is the UL End's: a string read, or a key read first).
    fc.assert(
      fc.property(digits, digits, fc.boolean(), (imsi, msisdn, keyFirst) => {
        const ends: { imsi: string | undefined; msisdn: string | undefined; imsiKey: unknown; msisdnKey: unknown }[] = [];
        const dec = new TcapDecoder({
          onRecord: (r) => {
            if (r.tcapType !== 'end') return;
            const imsiKey = keyFirst ? r.imsiKey() : undefined;
            const msisdnKey = keyFirst ? r.msisdnKey() : undefined;
            ends.push({ imsi: r.imsi, msisdn: r.msisdn, imsiKey: keyFirst ? imsiKey : r.imsiKey(), msisdnKey: keyFirst ? msisdnKey : r.msisdnKey() });
          },
          indexer: new FrameIndexer(),
        });
        const ul = seq(octets(imsi), ctx(1, address(Uint8Array.of(0x21))), octets(address(Uint8Array.of(0x43))));
        const [b, e] = messages({ ...FILL, msisdn }, 2);
        dec.unit(sccpUnit(tcBegin({ otid: '0a000001', components: [{ type: 'invoke', invokeId: 1, opcode: 2, param: ul }] })));
        dec.unit(sccpUnit(b));
        dec.unit(sccpUnit(tcEnd({ dtid: '0a000001', components: [{ type: 'returnResultLast', invokeId: 1 }] }), END));
        dec.unit(sccpUnit(e, END));
        const imsiText = ownImsi(imsi);
        const msisdnText = ref(msisdn);
        expect(ends[0]).toMatchObject({ imsi: imsiText, imsiKey: imsiText === undefined ? undefined : imsiKeyOf(imsiText) });
        expect(ends[1]).toMatchObject({ msisdn: msisdnText, msisdnKey: msisdnKeyOf(msisdnText) });
      }),
      { numRuns: 300 },
    );
  });

  it("readsIdentities: plain records from the first message (the Decoder's onEvent path)", () => {
    const seen: boolean[] = [];
    const dec = new TcapDecoder({ onRecord: (r) => seen.push(r instanceof DeferredRecord), indexer: new FrameIndexer(), readsIdentities: true });
    const [b, e] = messages(FILL, 0);
    dec.unit(sccpUnit(b));
    dec.unit(sccpUnit(e, END));
    expect(seen).toEqual([false, false]);
    const lazy: boolean[] = [];
    const dec2 = new TcapDecoder({ onRecord: (r) => lazy.push(r instanceof DeferredRecord), indexer: new FrameIndexer() });
    dec2.unit(sccpUnit(b));
    expect(lazy).toEqual([true]);
  });

  it('events carry the eager values, lists included (e164 deduplicated, only numbering plan E.164)', () => {
    fc.assert(
      fc.property(fc.array(dlg, { minLength: 1, maxLength: 10 }), (dlgs) => {
        const events: Ss7Event[] = [];
        const dec = new TcapDecoder({ onEvent: (ev) => events.push(ev), indexer: new FrameIndexer() });
        dlgs.forEach((d, i) => {
          const [b, e] = messages(d, i);
          dec.unit(sccpUnit(b));
          dec.unit(sccpUnit(e, END));
        });
        dlgs.forEach((d, i) => {
          const want = expected(d);
          const [b, e] = [events[2 * i]!, events[2 * i + 1]!];
          const msisdn = ref(d.msisdn);
          const sca = ref(d.sca);
          const e164b = [msisdn, ...(d.np === 1 ? [sca] : [])].filter((s, k, a) => s !== '' && a.indexOf(s) === k);
          expect(JSON.stringify(b.args)).toBe(JSON.stringify(want.begin.args));
          expect(b.subscriber).toEqual({ msisdn });
          expect(b.e164).toEqual(e164b);
          expect(JSON.stringify(e.args)).toBe(JSON.stringify(want.end.args));
          expect(e.subscriber).toEqual(want.end.imsi === undefined ? { msisdn } : { imsi: want.end.imsi, msisdn });
          expect(e.imsis).toEqual(want.imsis);
          expect(e.e164).toEqual(ref(d.node) === '' ? [] : [ref(d.node)]);
        });
      }),
      { numRuns: 100 },
    );
  });
});

describe('deferred digits in the argument reader (decodeMapArgument)', () => {
  it('a repeated key keeps the last value; past the list cap the E.164 list and its anomaly are the eager ones', () => {
    // SRI-for-SM with 70 serviceCentreAddress [2] (malformed but walked): 40 distinct, 30 repeats, then 30 more distinct.
    const numbers = [
      ...Array.from({ length: 40 }, (_, i) => `4477${String(i).padStart(6, '0')}`),
      ...Array.from({ length: 30 }, (_, i) => `4477${String(i).padStart(6, '0')}`),
      ...Array.from({ length: 30 }, (_, i) => `4488${String(i).padStart(6, '0')}`),
    ];
    const param = seq(ctx(0, address(encodeTbcd('12025550100'))), ...numbers.map((n) => ctx(2, address(encodeTbcd(n)))));
    const r = decodeMapArgument(45, 'arg', new DataView(param.buffer), param, 0, param.length);
    expect(r.args!['serviceCentreAddress']).toBe(numbers.at(-1));
    expect(Object.keys(r.args!)).toEqual(['msisdn', 'serviceCentreAddress']);
    const distinct = ['12025550100', ...numbers].filter((s, k, a) => a.indexOf(s) === k);
    expect(r.e164s).toEqual(distinct.slice(0, MAP_NUMBERS_PER_COMPONENT));
    expect(r.anomalies.filter((a) => a.code === 'map.e164-limit')).toHaveLength(1);
    expect(r.subscriber).toEqual({ msisdn: '12025550100' });
  });
});

describe('ArgReader.putAddress: the store is the caller’s, with the key written out', () => {
  // An ISDN-AddressString [4] (TS 29.002 §17.7.8): 0x91 (international, E.164), digits 491720000001.
  const good = ctx(4, concat(Uint8Array.of(0x91), encodeTbcd('491720000001')));
  const empty = ctx(4, new Uint8Array(0)); // malformed: empty AddressString
  const tlvOf = (r: ArgReader, b: Uint8Array) => r.next(0, 0, b.length)!;
  for (const defer of [false, true]) {
    it(`${defer ? 'deferred' : 'eager'}: true with the value in addrValue, args untouched; false for a malformed one`, () => {
      const b = concat(good, empty);
      const r = new ArgReader(new DataView(b.buffer, b.byteOffset, b.byteLength), b, 32, 45, 'res', 3);
      r.defer = defer;
      r.reset(r.view, b, 32, 45, 'res', 3);
      expect(r.putAddress('mscNumber', tlvOf(r, good))).toBe(true);
      expect(Object.keys(r.args)).toEqual([]);
      // Deferred: the placeholder, the digits made by materialize(); eager: the digits.
      expect([r.addrValue === '491720000001', r.pending]).toEqual([!defer, defer]);
      r.args.mscNumber = r.addrValue;
      const t2 = r.next(0, good.length, b.length)!;
      expect(r.putAddress('vlrNumber', t2)).toBe(false);
      expect(r.anomalies.map((a) => a.code)).toEqual(['map.bad-address']);
      r.materialize();
      expect(r.args).toEqual({ mscNumber: '491720000001' });
    });
  }
});

describe('DeferredRecord.arg over a deferring ArgReader: the pending keys are looked up in the reader (issue 19, "argidx")', () => {
  // Three AddressStrings: [0] mscNumber, [1] vlrNumber, and an eager key next to them.
  const msc = ctx(0, concat(Uint8Array.of(0x91), encodeTbcd('491720000001')));
  const vlr = ctx(1, concat(Uint8Array.of(0x91), encodeTbcd('491720000002')));
  const b = concat(msc, vlr);
  /** A deferring reader with mscNumber and vlrNumber pending and `lmsi` stored eagerly; `loads` counts reads of `args`. */
  const setup = () => {
    const r = new ArgReader(new DataView(b.buffer, b.byteOffset, b.byteLength), b, 32, 2, 'arg', 3);
    r.defer = true;
    r.reset(r.view, b, 32, 2, 'arg', 3);
    if (r.putAddress('mscNumber', r.next(0, 0, b.length)!)) r.args.mscNumber = r.addrValue;
    if (r.putAddress('vlrNumber', r.next(0, msc.length, b.length)!)) r.args.vlrNumber = r.addrValue;
    r.args.lmsi = '01020304';
    const loads: string[] = [];
    r.args = new Proxy(r.args, {
      get(o, k, recv) {
        loads.push(String(k));
        return Reflect.get(o, k, recv);
      },
    });
    const rec = new DeferredRecord();
    rec.defer({ identities() {}, imsiKey: () => undefined, msisdnKey: () => undefined }, r.args, r);
    return { r, rec, loads };
  };

  it('a key that is not pending costs one load of args; a pending one is made alone, once', () => {
    const { r, rec, loads } = setup();
    expect(rec.arg('lmsi')).toBe('01020304');
    expect(rec.arg('hlrNumber')).toBeUndefined();
    expect(loads).toEqual(['lmsi', 'hlrNumber']); // before: a PENDING_DIGITS check first, then the load (two each)
    loads.length = 0;
    expect(rec.arg('vlrNumber')).toBe('491720000002');
    expect(loads).toEqual(['vlrNumber']); // the check; the made string is returned, not loaded again
    expect(r.pendingKey('mscNumber', true)).not.toBeNull(); // mscNumber still octets
    expect(rec.arg('vlrNumber')).toBe('491720000002');
    expect(rec.args).toEqual({ mscNumber: '491720000001', vlrNumber: '491720000002', lmsi: '01020304' });
    expect(Object.keys(rec.args!)).toEqual(['mscNumber', 'vlrNumber', 'lmsi']);
  });

  it('an eager store over a pending key wins, as with materialize(); pendingKey of a key never pended reads nothing', () => {
    const { r, rec, loads } = setup();
    r.args.mscNumber = '999';
    expect(rec.arg('mscNumber')).toBe('999');
    expect(r.pendingKey('mscNumber', true)).toBeNull();
    loads.length = 0;
    expect(r.pendingKey('msisdn', true)).toBeNull();
    expect(loads).toEqual([]);
    expect(rec.args).toEqual({ mscNumber: '999', vlrNumber: '491720000002', lmsi: '01020304' });
  });
});

describe('DeferredRecord.arg after its reader moved on (a callback that pushes into another Decoder first)', () => {
  it("reads the record's own arguments, never another message's digits (red-team review of argidx)", async () => {
    const { readFileSync } = await import('node:fs');
    const { Decoder } = await import('../../../src/api/decoder.js');
    const capture = readFileSync(new URL('../../../pcaps/ss7-location-tracking.pcap', import.meta.url));
    // The nested decoder reads only frame 1 (an UpdateLocation: its last message has a vlrNumber).
    const le = capture.readUInt32LE(0) === 0xa1b2c3d4;
    const firstFrame = capture.subarray(0, 24 + 16 + (le ? capture.readUInt32LE(32) : capture.readUInt32BE(32)));
    const keys = ['vlrNumber', 'mscNumber'] as const;
    const read = (nested: boolean): Map<string, unknown> => {
      const seen = new Map<string, unknown>();
      const d = new Decoder({
        onRecord: (r) => {
          if (r.protocol !== 'map') return;
          if (nested) {
            const other = new Decoder({ onRecord: () => undefined, onAnomaly: () => undefined });
            other.push(firstFrame);
            other.end();
          }
          for (const k of keys) seen.set(`${r.frame}/${r.index}/${k}`, r.arg(k));
        },
        onAnomaly: () => undefined,
      });
      d.push(capture);
      d.end();
      return seen;
    };
    const plain = read(false);
    const nested = read(true);
    expect(nested.size).toBe(plain.size);
    for (const [at, v] of nested) {
      // Nested, a still-deferred value may read as its pending marker (the README asks callers to
      // read before pushing elsewhere); it must never be a digit string the plain run did not give.
      if (typeof v === 'string' && /^\d+$/.test(v)) expect(v, at).toBe(plain.get(at));
      if (plain.get(at) === undefined) expect(v, at).toBeUndefined();
    }
    expect([...plain.values()].filter((v) => v !== undefined).length).toBeGreaterThan(0);
  });
});

describe("ArgReader.ownImsiKey: the own IMSI's key is walked once per decode (issue 19, store12)", () => {
  const imsiTlv = (digits: string) => ctx(0, encodeTbcd(digits));
  /** A deferring reader over `b` (one IMSI TLV) with its own IMSI read. */
  const read = (r: ArgReader, b: Uint8Array) => {
    r.defer = true;
    r.reset(new DataView(b.buffer, b.byteOffset, b.byteLength), b, 32, 2, 'arg', 3);
    r.ownImsi(r.next(0, 0, b.length)!);
  };

  it("args.imsi's pending key is the own IMSI's, made once; a reset reader makes the next message's", () => {
    const b = imsiTlv('310410123456789');
    const r = new ArgReader(new DataView(b.buffer), b, 32, 2, 'arg', 3);
    read(r, b);
    expect(r.imsiStart).toBeGreaterThan(0);
    const k = r.ownImsiKey();
    expect(k).toBe(imsiKeyOf('310410123456789'));
    // The octets change under the reader (they never do within a decode): the key is not walked again.
    b.set(encodeTbcd('999999999999999'), r.imsiStart);
    expect(r.pendingKey('imsi', false)).toBe(k);
    expect(r.ownImsiKey()).toBe(k);
    // The next decode (a reset) keys its own octets.
    const c = imsiTlv('208011234567890');
    read(r, c);
    expect(r.ownImsiKey()).toBe(imsiKeyOf('208011234567890'));
    expect(r.pendingKey('imsi', false)).toBe(imsiKeyOf('208011234567890'));
    expect(r.pendingKey('imsi', false)).toBe(tbcdKey(c, r.imsiStart, r.imsiEnd));
  });

  it('pendingKey of an IMSI argument that is not the own one (a malformed own IMSI) walks its own octets', () => {
    // Five digits: not an IMSI's shape (6-15), so no own IMSI; args.imsi is still pending.
    const b = imsiTlv('31041');
    const r = new ArgReader(new DataView(b.buffer), b, 32, 2, 'arg', 3);
    read(r, b);
    expect(r.imsiStart).toBe(-1);
    expect(r.pendingKey('imsi', false)).toBe(imsiKeyOf('31041'));
  });
});
