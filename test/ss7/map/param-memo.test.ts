/**
 * MAP parameters not decoded while unread (ss7/map/param-memo.ts, issue 19): a parameter matching a
 * clean decode's template (same octets, digit octets of the same nibble classes) takes the
 * template's outcome. Checked against the decode itself: anomalies (reported before the record,
 * counted), the own identities the dialogue keeps, and `args` / events when read later.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeTbcd } from '../../../src/asn1/tbcd.js';
import type { Anomaly } from '../../../src/core/anomaly.js';
import { FrameIndexer } from '../../../src/core/frame-index.js';
import { imsiKeyOf, msisdnKeyOf } from '../../../src/core/identity-key.js';
import { concat } from '../../../src/encode/bytes.js';
import { ctx, octets, seq } from '../../../src/encode/ber.js';
import { tcBegin, tcEnd } from '../../../src/encode/tcap.js';
import type { MessageRecord } from '../../../src/events/record.js';
import type { Ss7Event } from '../../../src/events/types.js';
import type { ArgReader } from '../../../src/ss7/map/args/reader.js';
import { ParamMemo } from '../../../src/ss7/map/param-memo.js';
import { TcapDecoder } from '../../../src/ss7/tcap-decoder.js';
import { sccpUnit } from '../../support/units.js';

/** TBCD octets: mostly decimal digits, sometimes the F filler or A-E (what the reader's checks tell apart). */
const nibble = fc.oneof(
  { weight: 60, arbitrary: fc.integer({ min: 0, max: 9 }) },
  { weight: 1, arbitrary: fc.constant(15) },
  { weight: 1, arbitrary: fc.integer({ min: 10, max: 14 }) },
);
const tbcdOf = (min: number, max: number) =>
  fc.array(fc.tuple(nibble, nibble), { minLength: min, maxLength: max }).map((ps) => Uint8Array.from(ps, ([lo, hi]) => lo | (hi << 4)));
interface Dlg {
  msisdn: Uint8Array;
  sca: Uint8Array;
  np: number;
  imsi: Uint8Array;
  node: Uint8Array;
}
/** Few lengths, so most parameters share a template's shape. */
const dlg: fc.Arbitrary<Dlg> = fc.record({
  msisdn: fc.oneof({ weight: 6, arbitrary: tbcdOf(6, 6) }, { weight: 1, arbitrary: tbcdOf(0, 9) }),
  sca: tbcdOf(6, 6),
  np: fc.constantFrom(1, 1, 1, 4),
  imsi: fc.oneof({ weight: 6, arbitrary: tbcdOf(8, 8) }, { weight: 1, arbitrary: tbcdOf(2, 9) }),
  node: tbcdOf(6, 6),
});

const address = (d: Uint8Array, np = 1) => concat(Uint8Array.of(0x90 | np), d);

/** One SRI-for-SM dialogue (opcode 45): Begin with the MSISDN and service centre, End with the IMSI and node. */
function messages(d: Dlg, i: number): [Uint8Array, Uint8Array] {
  const otid = (0x10000000 + i).toString(16);
  const node = address(d.node);
  const arg = seq(ctx(0, address(d.msisdn)), ctx(1, Uint8Array.of(0)), ctx(2, address(d.sca, d.np)));
  const res = seq(octets(d.imsi), concat(Uint8Array.of(0xa0, node.length + 2, 0x81, node.length), node));
  return [
    tcBegin({ otid, components: [{ type: 'invoke', invokeId: 1, opcode: 45, param: arg }] }),
    tcEnd({ dtid: otid, components: [{ type: 'returnResultLast', invokeId: 1, opcode: 45, param: res }] }),
  ];
}

const END = { calling: { gt: '441234567890', ssn: 6 }, called: { gt: '491720000000', ssn: 7 }, mtp: { opc: 2, dpc: 1 } };

interface Seen {
  anomalies: string[];
  imsiKey: unknown;
  msisdnKey: unknown;
  args?: string;
  event?: string;
}

/** Decodes the dialogues with a records consumer that reads what `read` says (per record), or with events. */
function decode(dlgs: Dlg[], read: (i: number) => number, events: boolean): { seen: Seen[]; hits: number } {
  const seen: Seen[] = [];
  let pending: string[] = [];
  const onAnomaly = (a: Anomaly) => pending.push(`${a.frame} ${a.code} ${a.detail}`);
  const take = () => {
    const a = pending;
    pending = [];
    return a;
  };
  const onRecord = (r: MessageRecord) => {
    const bits = read(seen.length);
    const s: Seen = { anomalies: take(), imsiKey: r.imsiKey(), msisdnKey: r.msisdnKey() };
    if (bits & 1) s.args = JSON.stringify(r.args);
    if (bits & 2) s.event = JSON.stringify(r.event());
    seen.push(s);
  };
  const onEvent = (e: Ss7Event) => {
    const bits = read(seen.length);
    const { imsi, msisdn } = e.subscriber;
    const s: Seen = {
      anomalies: take(),
      imsiKey: imsi === undefined ? undefined : imsiKeyOf(imsi),
      msisdnKey: msisdn === undefined ? undefined : msisdnKeyOf(msisdn),
    };
    if (bits & 1) s.args = JSON.stringify(e.args);
    if (bits & 2) s.event = JSON.stringify(e);
    seen.push(s);
  };
  const dec = new TcapDecoder({ ...(events ? { onEvent } : { onRecord }), onAnomaly, indexer: new FrameIndexer() });
  dlgs.forEach((d, i) => {
    const [b, e] = messages(d, i);
    dec.unit(sccpUnit(b, { frameNo: 2 * i + 1 }));
    dec.unit(sccpUnit(e, { frameNo: 2 * i + 2, ...END }));
  });
  return { seen, hits: (dec as unknown as { memo: ParamMemo }).memo.hits };
}

describe('MAP parameters matched to a template are decoded only when read (param-memo.ts)', () => {
  it('anomalies, own identities, args and events are the decode’s, whatever the digits and the reads', () => {
    let hits = 0;
    fc.assert(
      fc.property(fc.array(dlg, { minLength: 1, maxLength: 30 }), fc.array(fc.nat(3), { minLength: 1, maxLength: 60 }), (dlgs, reads) => {
        const read = (i: number) => reads[i % reads.length]!;
        const want = decode(dlgs, read, true);
        const got = decode(dlgs, read, false);
        expect(got.seen).toEqual(want.seen);
        hits += got.hits;
      }),
      { numRuns: 200 },
    );
    // The template path ran (else this test proves nothing).
    expect(hits).toBeGreaterThan(100);
  });

  it('an IMSI differing from the template only in a nibble class (A-E, the filler) is decoded and its anomaly reported', () => {
    // IMSI of 15 digits: 8 octets, the filler in the last.
    const ok: Dlg = {
      msisdn: encodeTbcd('491701234567'),
      sca: encodeTbcd('491700000001'),
      np: 1,
      imsi: encodeTbcd('262011234567890'),
      node: encodeTbcd('491700000002'),
    };
    const hex = { ...ok, imsi: Uint8Array.from(ok.imsi, (b, i) => (i === 3 ? (b & 0xf0) | 0x0b : b)) }; // '*' in the middle: not an IMSI
    const short = { ...ok, imsi: Uint8Array.from(ok.imsi, (b, i) => (i === 2 ? (b & 0x0f) | 0xf0 : b)) }; // filler after 5 digits
    const dlgs = [ok, ok, hex, ok, short, ok];
    const none = () => 0;
    const want = decode(dlgs, none, true);
    const got = decode(dlgs, none, false);
    expect(got.seen).toEqual(want.seen);
    expect(got.seen.flatMap((s) => s.anomalies.map((a) => a.split(' ')[1]))).toEqual(['map.bad-imsi', 'map.bad-imsi']);
    // The Ends (odd records): the third and fifth IMSIs are not the subscriber's.
    expect(got.seen.filter((_, i) => i % 2 === 1).map((s) => s.imsiKey)).toEqual(
      [1, 1, undefined, 1, undefined, 1].map((x) => (x === 1 ? imsiKeyOf('262011234567890') : x)),
    );
    expect(got.hits).toBeGreaterThan(0);
  });

  it('a new clean shape every message (hostile) turns the memo cold: few templates built, output unchanged (review 14-A F1)', () => {
    // The MSISDN's and service centre's nature-of-address octets vary (all clean): every parameter a
    // miss. Without the cold switch each one built a template (1.6-1.9x the records tier's cost).
    const n = 3000;
    const msgs: Uint8Array[] = [];
    for (let i = 0; i < n; i++) {
      const arg = seq(
        ctx(0, concat(Uint8Array.of(0x80 | (i & 0x7f)), encodeTbcd('491701234567'))),
        ctx(1, Uint8Array.of(0)),
        ctx(2, concat(Uint8Array.of(0x80 | ((i >> 7) & 0x7f)), encodeTbcd('491700000001'))),
      );
      msgs.push(tcBegin({ otid: (0x20000000 + i).toString(16), components: [{ type: 'invoke', invokeId: 1, opcode: 45, param: arg }] }));
    }
    const run = (events: boolean) => {
      const keys: unknown[] = [];
      const anomalies: string[] = [];
      const dec = new TcapDecoder({
        ...(events ? { onEvent: (e: Ss7Event) => keys.push(e.subscriber.msisdn) } : { onRecord: (r: MessageRecord) => keys.push(r.msisdnKey()) }),
        onAnomaly: (a: Anomaly) => anomalies.push(a.code),
        indexer: new FrameIndexer(),
      });
      msgs.forEach((m, i) => {
        dec.unit(sccpUnit(m, { frameNo: i + 1 }));
      });
      return { keys, anomalies, memo: (dec as unknown as { memo: ParamMemo }).memo };
    };
    const got = run(false);
    const want = run(true);
    expect(got.anomalies).toEqual(want.anomalies);
    expect(got.keys).toEqual(want.keys.map((m) => (m === undefined ? undefined : msisdnKeyOf(m as string))));
    // One window of 256 lookups, then cold for 4,096: at most a window's templates (plus the first fill).
    expect(got.memo.stored).toBeGreaterThan(100);
    expect(got.memo.stored).toBeLessThanOrEqual(256 + 8);
  });

  it('a new clean shape in every fifth message stays under the miss share but its stores turn the memo cold (review 15-A #1)', () => {
    const dec = new TcapDecoder({ onRecord: () => {}, indexer: new FrameIndexer() });
    for (let i = 0; i < 3000; i++) {
      const fresh = i % 5 === 0;
      const arg = seq(
        ctx(0, concat(Uint8Array.of(fresh ? 0x80 | (i & 0x7f) : 0x91), encodeTbcd('491701234567'))),
        ctx(1, Uint8Array.of(0)),
        ctx(2, concat(Uint8Array.of(fresh ? 0x80 | ((i >> 7) & 0x7f) : 0x91), encodeTbcd('491700000001'))),
      );
      const m = tcBegin({ otid: (0x30000000 + i).toString(16), components: [{ type: 'invoke', invokeId: 1, opcode: 45, param: arg }] });
      dec.unit(sccpUnit(m, { frameNo: i + 1 }));
    }
    // One window's fresh shapes (~52), then cold for 4,096 parameters; without the store share ~600 templates.
    expect((dec as unknown as { memo: ParamMemo }).memo.stored).toBeLessThanOrEqual(64);
  });

  it('parameters too long to keep as a template are no misses: they do not turn the operation cold (final read 14-B #2)', () => {
    const memo = new ParamMemo();
    const k = memo.key(45, 'arg');
    const bytes = new Uint8Array(400);
    const view = new DataView(bytes.buffer);
    for (let i = 0; i < 1000; i++) expect(memo.find(k, 3, view, bytes, 0, 300)).toBeUndefined();
    expect(memo.key(45, 'arg')).toBe(k);
  });
});

/** A reader that pended the digit ranges `ranges` of a clean decode (what ParamMemo.store reads of it). */
function fakeReader(ranges: [number, number][]): ArgReader {
  return {
    args: {},
    pendedCount: ranges.length,
    pendedStart: (i: number) => ranges[i]![0],
    pendedEnd: (i: number) => ranges[i]![1],
    pendingRange: () => -1,
    imsiStart: -1,
    imsiEnd: -1,
    msisdnStart: -1,
    msisdnEnd: -1,
    namedAfter: -1,
  } as unknown as ArgReader;
}

/** A nibble's class as the reader tells them apart: decimal, the filler F, A-E. */
const nibbleClassOf = (n: number) => (n <= 9 ? 0 : n === 15 ? 1 : 2);

describe('the template match (param-memo.ts matches)', () => {
  it('matches exactly the parameters of the same length, the same other octets and the same nibble classes in its digit octets', () => {
    const octet = fc.oneof(
      { weight: 3, arbitrary: fc.integer({ min: 0, max: 255 }) },
      { weight: 3, arbitrary: fc.tuple(nibble, nibble).map(([lo, hi]) => lo | (hi << 4)) },
    );
    const cases = fc
      .record({
        tpl: fc.array(octet, { minLength: 1, maxLength: 60 }),
        digits: fc.array(fc.tuple(fc.nat(59), fc.nat(9)), { maxLength: 4 }),
        // Changes: at an offset, a new octet, or one nibble replaced.
        changes: fc.array(
          fc.tuple(
            fc.nat(59),
            fc.oneof(
              octet,
              fc.tuple(fc.boolean(), nibble).map(([h, v]) => -1 - (h ? 16 + v : v)),
            ),
          ),
          { maxLength: 3 },
        ),
        offset: fc.nat(7),
      })
      .map(({ tpl, digits, changes, offset }) => {
        const len = tpl.length;
        // Disjoint, ordered ranges inside the parameter.
        const ranges: [number, number][] = [];
        let from = 0;
        for (const [s, n] of [...digits].sort((a, b) => a[0] - b[0])) {
          const a = Math.max(from, s % len);
          const b = Math.min(len, a + n);
          if (b > a) ranges.push([a, b]);
          from = b;
        }
        const other = Uint8Array.from(tpl);
        for (const [at, v] of changes) {
          const i = at % len;
          if (v >= 0) other[i] = v;
          else {
            const c = -1 - v;
            other[i] = c >= 16 ? (other[i]! & 0x0f) | ((c - 16) << 4) : (other[i]! & 0xf0) | c;
          }
        }
        return { tpl: Uint8Array.from(tpl), other, ranges, offset };
      });
    let hits = 0;
    let misses = 0;
    fc.assert(
      fc.property(cases, ({ tpl, other, ranges, offset }) => {
        const memo = new ParamMemo();
        const k = memo.key(2, 'arg');
        const len = tpl.length;
        const at = (b: Uint8Array) => {
          const buf = new Uint8Array(offset + len + 5).fill(0xa5);
          buf.set(b, offset);
          return buf;
        };
        const t = at(tpl);
        memo.store(k, 3, t, offset, offset + len, fakeReader(ranges.map(([a, b]) => [offset + a, offset + b])));
        const o = at(other);
        const got = memo.find(k, 3, new DataView(o.buffer), o, offset, offset + len) !== undefined;
        const digit = new Uint8Array(len);
        for (const [a, b] of ranges) digit.fill(1, a, b);
        let want = true;
        for (let i = 0; i < len; i++) {
          const x = tpl[i]!;
          const y = other[i]!;
          if (digit[i] === 0 ? x !== y : nibbleClassOf(x & 15) !== nibbleClassOf(y & 15) || nibbleClassOf(x >> 4) !== nibbleClassOf(y >> 4)) want = false;
        }
        expect(got).toBe(want);
        if (got) hits++;
        else misses++;
      }),
      { numRuns: 3000 },
    );
    expect(hits).toBeGreaterThan(300);
    expect(misses).toBeGreaterThan(300);
  });

  // matches() compares the first twelve words in straight-line code and the rest in a loop (dec22): every word of
  // every length is compared, the last (overlapping) word of a length that is no multiple of four included.
  it('every octet of a template of 1 to 72 octets is compared: one octet changed anywhere, or one decimal nibble made A-E, is a miss', () => {
    let compared = 0;
    for (let len = 1; len <= 72; len++) {
      const tpl = Uint8Array.from({ length: len }, (_, i) => (i * 37 + len) & 0xff);
      // Octets 2-3 as digits (two decimal nibbles each), compared by class only.
      const ranges: [number, number][] = len >= 4 ? [[2, 4]] : [];
      for (const [a, b] of ranges) for (let i = a; i < b; i++) tpl[i] = 0x21 + i;
      const offset = 3;
      const at = (b: Uint8Array) => {
        const buf = new Uint8Array(offset + len + 5).fill(0xa5);
        buf.set(b, offset);
        return buf;
      };
      const t = at(tpl);
      const fresh = new ParamMemo();
      const fk = fresh.key(2, 'arg');
      fresh.store(fk, 3, t, offset, offset + len, fakeReader(ranges.map(([a, b]) => [offset + a, offset + b])));
      expect(fresh.find(fk, 3, new DataView(t.buffer), t, offset, offset + len)).toBeDefined();
      for (let i = 0; i < len; i++) {
        const digit = ranges.some(([a, b]) => i >= a && i < b);
        const o = at(tpl);
        // A digit octet: its low nibble made A (another class); any other octet: one bit flipped.
        o[offset + i] = digit ? (o[offset + i]! & 0xf0) | 0x0a : o[offset + i]! ^ 0x40;
        expect([len, i, fresh.find(fk, 3, new DataView(o.buffer), o, offset, offset + len)]).toEqual([len, i, undefined]);
        if (digit) {
          // Another decimal digit in a digit octet: the same class, a hit.
          const d = at(tpl);
          d[offset + i] = (d[offset + i]! & 0xf0) | 0x09;
          expect([len, i, fresh.find(fk, 3, new DataView(d.buffer), d, offset, offset + len) !== undefined]).toEqual([len, i, true]);
        }
        compared++;
      }
    }
    expect(compared).toBe((72 * 73) / 2);
  });
});
