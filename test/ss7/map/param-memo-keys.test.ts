/**
 * One key of a MAP parameter matched to a template (ss7/map/param-memo.ts LazyMapArgs: `arg`,
 * `argImsiKey`, `argMsisdnKey` — what the Scanner's rules and state read) is answered from the
 * template's recorded ranges with no decode: checked against an events consumer (the full decode)
 * for updateLocation and insertSubscriberData invokes of hostile shapes — odd digit counts, the
 * filler early, A-E nibbles, a key stored twice (the last store is `args`' value, the first
 * identity the message's own), one identity's digits inside another's — read in random orders,
 * before and after `args` or the event.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeTbcd } from '../../../src/asn1/tbcd.js';
import { FrameIndexer } from '../../../src/core/frame-index.js';
import { imsiKeyOf, msisdnKeyOf } from '../../../src/core/identity-key.js';
import { concat } from '../../../src/encode/bytes.js';
import { ctx, octets, seq } from '../../../src/encode/ber.js';
import { tcBegin } from '../../../src/encode/tcap.js';
import type { MessageRecord } from '../../../src/events/record.js';
import type { EventArgs, Ss7Event } from '../../../src/events/types.js';
import type { ParamMemo } from '../../../src/ss7/map/param-memo.js';
import { TcapDecoder } from '../../../src/ss7/tcap-decoder.js';
import { sccpUnit } from '../../support/units.js';

/** Mostly decimal nibbles, some the filler F or A-E (the classes the reader's checks tell apart). */
const nibble = fc.oneof(
  { weight: 200, arbitrary: fc.integer({ min: 0, max: 9 }) },
  { weight: 1, arbitrary: fc.constant(15) },
  { weight: 1, arbitrary: fc.integer({ min: 10, max: 14 }) },
);
/** True now and then: most parameters keep the commonest shape, so templates are hit. */
const rarely = fc.oneof({ weight: 8, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) });
/** TBCD octets, the last octet's high nibble the filler (an odd digit count) when `odd` says. */
const tbcdOf = (min: number, max: number, odd = rarely) =>
  fc
    .tuple(fc.array(fc.tuple(nibble, nibble), { minLength: min, maxLength: max }), odd)
    .map(([ps, odd]) => Uint8Array.from(ps, ([lo, hi], i) => lo | ((odd && i === ps.length - 1 ? 15 : hi) << 4)));
/** One address mostly, sometimes none or two. */
const addresses = fc.oneof(
  { weight: 8, arbitrary: fc.array(tbcdOf(6, 6), { minLength: 1, maxLength: 1 }) },
  { weight: 1, arbitrary: fc.array(tbcdOf(5, 6), { maxLength: 2 }) },
);
const address = (d: Uint8Array) => concat(Uint8Array.of(0x91), d);

interface Msg {
  ul: boolean;
  imsi: Uint8Array;
  /** UL: mscNumber [1] stores (0-2), vlrNumber stores after the IMSI (0-2); ISD: msisdn [1] stores (0-2). */
  a: Uint8Array[];
  b: Uint8Array[];
  /** The second identity's digits are the IMSI's (one identity hidden in another). */
  hidden: boolean;
}

const msg: fc.Arbitrary<Msg> = fc.record({
  ul: fc.boolean(),
  // 15 digits mostly (16 are no IMSI: TS 23.003 §2.2), sometimes any length.
  imsi: fc.oneof({ weight: 6, arbitrary: tbcdOf(8, 8, fc.constant(true)) }, { weight: 1, arbitrary: tbcdOf(0, 9) }),
  a: addresses,
  b: addresses,
  hidden: rarely,
});

function param(m: Msg): Uint8Array {
  const b = m.hidden && m.b.length > 0 ? [m.imsi, ...m.b.slice(1)] : m.b;
  if (m.ul) return seq(octets(m.imsi), ...m.a.map((d) => ctx(1, address(d))), ...b.map((d) => octets(address(d))));
  return seq(ctx(0, m.imsi), ...[...m.a, ...b].map((d) => ctx(1, address(d))));
}

const KEYS = ['imsi', 'msisdn', 'vlrNumber', 'mscNumber', 'lmsi', 'hlrNumber', 'no-such-key'] as const;
/** A read: a key's value (0-6), argImsiKey, argMsisdnKey, imsiKey, msisdnKey, `args`, the event. */
const READS = KEYS.length + 6;

type View = (read: number) => unknown;

function keyOf(v: unknown, msisdn: boolean): unknown {
  return typeof v === 'string' ? (msisdn ? msisdnKeyOf(v) : imsiKeyOf(v)) : undefined;
}

/** What read `i` gives of a record. */
function recordRead(r: MessageRecord): View {
  return (i) =>
    i < KEYS.length
      ? r.arg(KEYS[i] as keyof EventArgs)
      : [() => r.argImsiKey(), () => r.argMsisdnKey(), () => r.imsiKey(), () => r.msisdnKey(), () => JSON.stringify(r.args), () => JSON.stringify(r.event())][
          i - KEYS.length
        ]!();
}

/** What read `i` gives of an event (the full decode). */
function eventRead(e: Ss7Event): View {
  const a = (e.args ?? {}) as Record<string, unknown>;
  return (i) =>
    i < KEYS.length
      ? a[KEYS[i]!]
      : [
          () => keyOf(a['imsi'], false),
          () => keyOf(a['msisdn'], true),
          () => keyOf(e.subscriber.imsi, false),
          () => keyOf(e.subscriber.msisdn, true),
          () => JSON.stringify(e.args),
          () => JSON.stringify(e),
        ][i - KEYS.length]!();
}

function decode(msgs: Msg[], reads: number[][], events: boolean): { seen: unknown[][]; hits: number } {
  const seen: unknown[][] = [];
  const look = (v: View) => seen.push(reads[seen.length % reads.length]!.map((i) => v(i)));
  const dec = new TcapDecoder({
    ...(events ? { onEvent: (e: Ss7Event) => look(eventRead(e)) } : { onRecord: (r: MessageRecord) => look(recordRead(r)) }),
    indexer: new FrameIndexer(),
  });
  msgs.forEach((m, i) => {
    const b = tcBegin({ otid: (0x10000000 + i).toString(16), components: [{ type: 'invoke', invokeId: 1, opcode: m.ul ? 2 : 7, param: param(m) }] });
    dec.unit(sccpUnit(b, { frameNo: i + 1 }));
  });
  return { seen, hits: (dec as unknown as { memo: ParamMemo }).memo.hits };
}

describe('one key of a template hit (param-memo.ts LazyMapArgs)', () => {
  it('equals the full decode’s key, whatever the shape, the digits and the order of the reads', () => {
    let hits = 0;
    fc.assert(
      fc.property(
        fc.array(msg, { minLength: 10, maxLength: 40 }),
        fc.array(fc.array(fc.nat(READS - 1), { maxLength: 8 }), { minLength: 1, maxLength: 20 }),
        (msgs, reads) => {
          const got = decode(msgs, reads, false);
          expect(got.seen).toEqual(decode(msgs, reads, true).seen);
          hits += got.hits;
        },
      ),
      { numRuns: 300 },
    );
    // An ISD repeating its msisdn [1] (map.repeated-field, rt15 H7) leaves no template: fewer hits than before (841 of a run).
    expect(hits).toBeGreaterThan(500);
  });

  it('a key stored twice reads as the last store; a repeated own MSISDN keeps the first in args too, and no template', () => {
    const imsi = encodeTbcd('262011234567890');
    const first = encodeTbcd('491701111111');
    const last = encodeTbcd('491702222222');
    // mscNumber twice; the vlr-Number's digits are the IMSI's (an identity inside another).
    const ul: Msg = { ul: true, imsi, a: [first, last], b: [first], hidden: true };
    const isd: Msg = { ul: false, imsi, a: [first], b: [last], hidden: false };
    const msgs = [ul, ul, ul, isd, isd, isd];
    // Reads: 0 imsi, 1 msisdn, 2 vlrNumber, 3 mscNumber, 7 argImsiKey, 8 argMsisdnKey, 9 imsiKey, 10 msisdnKey, 11 args.
    const reads = [
      [2, 3, 7, 8, 0],
      [1, 8, 9, 10],
      [11, 2, 3],
    ];
    const got = decode(msgs, reads, false);
    expect(got.seen).toEqual(decode(msgs, reads, true).seen);
    // The ISD repeats its own MSISDN field (map.repeated-field): decoded every time, no template (rt15 H7).
    expect(got.hits).toBe(2);
    const key = imsiKeyOf('262011234567890');
    expect(got.seen[0]).toEqual(['262011234567890', '491702222222', key, undefined, '262011234567890']);
    expect(got.seen[1]).toEqual([undefined, undefined, key, undefined]);
    // ISD: args.msisdn and the record's own MSISDN are the first [1] (the other is judged apart: detect/engine.ts judgeRepeated).
    expect(got.seen[4]).toEqual(['491701111111', msisdnKeyOf('491701111111'), key, msisdnKeyOf('491701111111')]);
  });
});
