/**
 * MAP identities in the constructed form of an OCTET STRING (X.690 §8.7.3: a BER sender may
 * send any OCTET STRING, also an implicitly tagged one, as segments; MAP is BER, TS 29.002
 * §17.1): read as the joined contents, the same as the primitive form, through the argument
 * decoder, the TCAP decoder's deferred records and the dialogue (red team rt7 B2: the segments'
 * TLV octets were read as TBCD digits, a garbage `subscriber.imsi`).
 */
import { describe, expect, it } from 'vitest';
import { newTlv, readTlv } from '../../../src/asn1/ber.js';
import { FrameIndexer } from '../../../src/core/frame-index.js';
import { imsiKeyOf } from '../../../src/core/identity-key.js';
import { INDEFINITE, restyle, tlv, UNIVERSAL } from '../../../src/encode/ber.js';
import { concat } from '../../../src/encode/bytes.js';
import { mapArg } from '../../../src/encode/map.js';
import { tcBegin, tcEnd } from '../../../src/encode/tcap.js';
import type { MessageRecord } from '../../../src/events/record.js';
import type { Ss7Event } from '../../../src/events/types.js';
import { TcapDecoder } from '../../../src/ss7/tcap-decoder.js';
import { sccpUnit } from '../../support/units.js';
import { run } from './run.js';

const IMSI = '310410100000032';
const MSISDN = '12025550123';

/** `c` as OCTET STRING segments (X.690 §8.7.3.2): one octet, then a nested constructed segment of the rest in two. */
function segments(c: Uint8Array): Uint8Array {
  const seg = (x: Uint8Array) => tlv(UNIVERSAL, false, 4, x);
  if (c.length < 3) return seg(c);
  return concat(seg(c.subarray(0, 1)), tlv(UNIVERSAL, true, 4, concat(seg(c.subarray(1, 2)), seg(c.subarray(2)))));
}

/** `b` (definite BER) with every primitive TLV that `pick(cls, tag, depth)` names in the constructed form. */
function segmented(b: Uint8Array, pick: (cls: number, tag: number, depth: number) => boolean, depth = 0): Uint8Array {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const t = newTlv();
  const out: Uint8Array[] = [];
  for (let p = 0; p < b.length; p = t.end) {
    if (!readTlv(view, p, b.length, t)) throw new Error(t.error);
    const content = b.subarray(t.valueStart, t.valueEnd);
    if (t.constructed) out.push(tlv(t.cls, true, t.tag, segmented(content, pick, depth + 1)));
    else if (pick(t.cls, t.tag, depth)) out.push(tlv(t.cls, true, t.tag, segments(content)));
    else out.push(b.subarray(t.start, t.end));
  }
  return concat(...out);
}

const U = 0;
const C = 2;
const CASES: { name: string; opcode: number; param: Uint8Array; version?: number; pick: (cls: number, tag: number, depth: number) => boolean }[] = [
  {
    name: 'updateLocation: imsi, vlr-Number, msc-Number [1]',
    opcode: 2,
    param: mapArg.updateLocation({ imsi: IMSI, mscNumber: '491720000001', vlrNumber: '491720000002' }),
    pick: (cls, tag, d) => d === 1 && ((cls === U && tag === 4) || (cls === C && tag === 1)),
  },
  {
    name: 'cancelLocation v3: Identity imsi',
    opcode: 3,
    param: mapArg.cancelLocation({ imsi: IMSI, v3: true, cancellationType: 1 }),
    version: 3,
    pick: (cls, tag) => cls === U && tag === 4,
  },
  {
    name: 'deleteSubscriberData: imsi [0]',
    opcode: 8,
    param: mapArg.deleteSubscriberData({ imsi: IMSI }),
    pick: (cls, tag, d) => d === 1 && cls === C && tag === 0,
  },
  {
    name: 'provideSubscriberInfo: imsi [0]',
    opcode: 70,
    param: mapArg.provideSubscriberInfo({ imsi: IMSI }),
    pick: (cls, tag, d) => d === 1 && cls === C && tag === 0,
  },
  {
    name: 'sendRoutingInfo: msisdn [0], gmsc-OrGsmSCF-Address [6]',
    opcode: 22,
    param: mapArg.sendRoutingInfo({ msisdn: MSISDN, gmscAddress: '441234567890' }),
    pick: (cls, tag, d) => d === 1 && cls === C && (tag === 0 || tag === 6),
  },
  {
    name: 'anyTimeInterrogation: subscriberIdentity msisdn [1], gsmSCF-Address [3]',
    opcode: 71,
    param: mapArg.anyTimeInterrogation({ msisdn: MSISDN, gsmScfAddress: '8613800000001' }),
    pick: (cls, tag, d) => cls === C && ((d === 2 && tag === 1) || (d === 1 && tag === 3)),
  },
];

describe('constructed OCTET STRINGs in MAP parameters (X.690 §8.7.3)', () => {
  for (const c of CASES) {
    it(`${c.name}: as the primitive form, definite and indefinite`, () => {
      const base = run(c.opcode, 'arg', c.param, c.version);
      expect(base.anomalies).toEqual([]);
      expect(base.subscriber.imsi ?? base.subscriber.msisdn).toBeDefined();
      const cons = segmented(c.param, c.pick);
      expect(cons.length).toBeGreaterThan(c.param.length); // something was segmented
      for (const param of [cons, restyle(cons, INDEFINITE)]) {
        const r = run(c.opcode, 'arg', param, c.version);
        expect(r.anomalies).toEqual([]);
        expect(r.args).toEqual(base.args);
        expect(r.subscriber).toEqual(base.subscriber);
        expect(r.imsis).toEqual(base.imsis);
        expect(r.e164s).toEqual(base.e164s);
      }
    });
  }

  it('a segment that is not an OCTET STRING: map.bad-imsi, no subscriber IMSI', () => {
    // DSD with imsi [0] constructed around an INTEGER.
    const param = concat(Uint8Array.of(0x30, 0x0c, 0xa0, 0x05, 0x02, 0x03, 0x13, 0x14, 0x01), Uint8Array.of(0xa1, 0x03, 0x83, 0x01, 0x11));
    const r = run(8, 'arg', param);
    expect(r.subscriber).toEqual({});
    expect(r.anomalies.map((a) => a.code)).toEqual(['map.bad-imsi']);
  });

  it("an IMSI without an IMSI's shape (6-15 digits, TS 23.003 §2.2) is listed but is not the subscriber's", () => {
    for (const imsi of ['31041', '3104101000000321']) {
      const r = run(2, 'arg', mapArg.updateLocation({ imsi, mscNumber: '491720000001', vlrNumber: '491720000002' }));
      expect(r.subscriber).toEqual({});
      expect(r.args?.imsi).toBe(imsi);
      expect(r.imsis).toEqual([imsi]);
      expect(r.anomalies.map((a) => a.code)).toEqual(['map.bad-imsi']);
    }
  });
});

describe('constructed identities through the TCAP decoder', () => {
  const ul = (imsi: string) => mapArg.updateLocation({ imsi, mscNumber: '491720000001', vlrNumber: '491720000002' });
  const pick = (cls: number, tag: number, d: number) => d === 1 && cls === U && tag === 4;
  const begin = tcBegin({ otid: '0a000001', components: [{ type: 'invoke', invokeId: 1, opcode: 2, param: segmented(ul(IMSI), pick) }] });
  const end = tcEnd({ dtid: '0a000001', components: [{ type: 'returnResultLast', invokeId: 1 }] });
  const END = { calling: { gt: '441234567890' }, called: { gt: '491720000000' }, mtp: { opc: 2, dpc: 1 } };

  it('deferred records: the IMSI and its key, args, and the End reading it from the dialogue', () => {
    for (const readBegin of [true, false]) {
      const seen: { imsi: string | undefined; key: unknown; vlr: unknown }[] = [];
      const dec = new TcapDecoder({
        onRecord: (r: MessageRecord) => {
          if (r.tcapType === 'begin' && !readBegin) return;
          seen.push({ key: r.imsiKey(), imsi: r.imsi, vlr: r.args?.vlrNumber });
        },
        indexer: new FrameIndexer(),
      });
      dec.unit(sccpUnit(begin));
      dec.unit(sccpUnit(end, END));
      const endRead = { imsi: IMSI, key: imsiKeyOf(IMSI), vlr: undefined };
      expect(seen).toEqual(readBegin ? [{ imsi: IMSI, key: imsiKeyOf(IMSI), vlr: '491720000002' }, endRead] : [endRead]);
    }
  });

  it("a segmented MSISDN's nature of address is read from the joined octets, not from the message (review)", () => {
    const sri = CASES.find((c) => c.opcode === 22)!;
    const octet = (param: Uint8Array): number => {
      let o = -2;
      const dec = new TcapDecoder({ onRecord: (r: MessageRecord) => void (o = r.msisdnOctet), indexer: new FrameIndexer() });
      dec.unit(sccpUnit(tcBegin({ otid: '0a000002', components: [{ type: 'invoke', invokeId: 1, opcode: 22, param }] })));
      return o;
    };
    expect(octet(sri.param)).toBe(0x91); // international, E.164
    expect(octet(segmented(sri.param, sri.pick))).toBe(0x91);
  });

  it('events: subscriber, IMSI and E.164 lists', () => {
    const events: Ss7Event[] = [];
    const dec = new TcapDecoder({ onEvent: (ev) => events.push(ev), indexer: new FrameIndexer() });
    dec.unit(sccpUnit(begin));
    dec.unit(sccpUnit(end, END));
    expect(events.map((e) => e.subscriber)).toEqual([{ imsi: IMSI }, { imsi: IMSI }]);
    expect(events[0]!.imsis).toEqual([IMSI]);
    expect(events[0]!.e164).toEqual(['491720000001', '491720000002']);
    expect(events[0]!.anomalies).toEqual([]);
  });
});
