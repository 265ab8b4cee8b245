/**
 * The detector keys subscribers by identity keys (core/identity-key.ts), made from the decoder's
 * octets when the record is deferred (TcapDecoder: the digit key of the TBCD, no string) and from
 * the text otherwise. Both must give the same alerts, state and counters, whatever the identities
 * are: generated UpdateLocation and SRI-for-SM dialogues over a small pool of IMSIs and MSISDNs
 * (so subscribers recur, relink and move) with hostile values among them (leading zeros, 15 and
 * 16 digits, filler in the middle, TBCD `*#abc` digits, empty), from home, foreign and partner
 * GTs. Path A hands the detector the decoder's deferred records; path B events (text → key).
 * The store's text keys (`tel:` + MSISDN for a subscriber known by number only) are checked
 * against hostile Diameter User-Names, which are free text.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeTbcd } from '../../src/asn1/tbcd.js';
import { FrameIndexer } from '../../src/core/frame-index.js';
import { concat } from '../../src/encode/bytes.js';
import { ctx, octets, seq } from '../../src/encode/ber.js';
import { tcBegin, tcEnd } from '../../src/encode/tcap.js';
import type { Alert } from '../../src/detect/alert.js';
import { Detector } from '../../src/detect/engine.js';
import { DeferredRecord, MessageRecord } from '../../src/events/record.js';
import { imsiKeyOf, msisdnKeyOf } from '../../src/core/identity-key.js';
import { SubscriberStore } from '../../src/state/subscribers.js';
import { TcapDecoder } from '../../src/ss7/tcap-decoder.js';
import { sccpUnit } from '../support/units.js';
import { CN_GT, GB_VLR, HOME_GMSC, HOME_HLR, KDDI_VLR, NTT_GMSC, NTT_VLR, RULES, T0, profile } from './fixture.js';

/** TBCD octets of a digit text; `raw` octets as they are (filler in the middle, `*#abc` nibbles). */
const IMSIS: Uint8Array[] = [
  encodeTbcd('310410123456789'), // home, 15 digits
  encodeTbcd('310410123456780'),
  encodeTbcd('0310410123456789'), // 16 digits: a string key
  encodeTbcd('310410'), // short
  encodeTbcd('001010000000001'), // leading zeros
  encodeTbcd('01010000000001'),
  Uint8Array.of(0x13, 0x00, 0x14, 0xf1, 0x32), // '31004101' then filler, then octets after it
  Uint8Array.of(0x13, 0xa0, 0x14, 0x01), // '310*4110': not decimal
  Uint8Array.of(0xff), // empty
  encodeTbcd('440100000000001'),
];
const MSISDNS: Uint8Array[] = [
  encodeTbcd('12025550100'),
  encodeTbcd('12025550101'),
  encodeTbcd('012025550100'), // leading zero: another number
  encodeTbcd('1202555010012345'), // 16 digits
  Uint8Array.of(0x21, 0xb3), // '12#3'
  encodeTbcd('8190120000'),
];
const NODES = [NTT_VLR, KDDI_VLR, GB_VLR, '12025550003', '999999999999999'];
const SENDERS = [HOME_GMSC, NTT_GMSC, CN_GT, NTT_VLR, KDDI_VLR];

/** AddressString (TS 29.002 §17.7.8): international, E.164, then the TBCD digits. */
const address = (d: Uint8Array) => concat(Uint8Array.of(0x91), d);

interface Step {
  kind: 'ul' | 'srism' | 'isd';
  imsi: number;
  msisdn: number;
  node: number;
  sender: number;
  /** Seconds after the previous step. */
  gap: number;
}
const step = fc.record({
  kind: fc.constantFrom<'ul' | 'srism' | 'isd'>('ul', 'srism', 'isd'),
  imsi: fc.nat(IMSIS.length - 1),
  msisdn: fc.nat(MSISDNS.length - 1),
  node: fc.nat(NODES.length - 1),
  sender: fc.nat(SENDERS.length - 1),
  gap: fc.integer({ min: 0, max: 4000 }),
});

/** The SCCP units of one step: UL Begin (+ End with the HLR number), or SRI-for-SM Begin + End. */
function units(s: Step, i: number, t: number) {
  const node = address(encodeTbcd(NODES[s.node]!));
  const sender = SENDERS[s.sender]!;
  if (s.kind === 'ul') {
    // UpdateLocationArg (TS 29.002 §8.1.2): imsi, msc-Number [1], vlr-Number.
    const arg = seq(octets(IMSIS[s.imsi]!), ctx(1, node), octets(node));
    return exchange(i, t, sender, 7, 2, arg, seq(octets(address(encodeTbcd(HOME_HLR)))));
  }
  if (s.kind === 'isd') {
    // InsertSubscriberDataArg (TS 29.002 §8.8.1): imsi [0], msisdn [1] (learn links them: the
    // argument's MSISDN key, record.ts argMsisdnKey).
    const arg = seq(ctx(0, IMSIS[s.imsi]!), ctx(1, address(MSISDNS[s.msisdn]!)));
    const otid = (0x20000000 + i).toString(16);
    return [
      sccpUnit(tcBegin({ otid, components: [{ type: 'invoke', invokeId: 1, opcode: 7, param: arg }] }), {
        frameNo: 2 * i + 1,
        tsSec: t,
        calling: { gt: HOME_HLR, ssn: 6 },
        called: { gt: sender, ssn: 7 },
      }),
    ];
  }
  // RoutingInfoForSM-Arg: msisdn [0], sm-RP-PRI [1], serviceCentreAddress [2]; the result: imsi,
  // locationInfoWithLMSI [0] { networkNode-Number [1] }.
  const arg = seq(ctx(0, address(MSISDNS[s.msisdn]!)), ctx(1, Uint8Array.of(0)), ctx(2, address(encodeTbcd(sender))));
  const res = seq(octets(IMSIS[s.imsi]!), concat(Uint8Array.of(0xa0, node.length + 2, 0x81, node.length), node));
  return exchange(i, t, sender, 8, 45, arg, res);
}

/** A Begin from `sender` (SSN `ssn`) to the home HLR invoking `opcode`, and the HLR's End with its result. */
function exchange(i: number, t: number, sender: string, ssn: number, opcode: number, arg: Uint8Array, res: Uint8Array) {
  const otid = (0x20000000 + i).toString(16);
  return [
    sccpUnit(tcBegin({ otid, components: [{ type: 'invoke', invokeId: 1, opcode, param: arg }] }), {
      frameNo: 2 * i + 1,
      tsSec: t,
      calling: { gt: sender, ssn },
      called: { gt: HOME_HLR, ssn: 6 },
    }),
    sccpUnit(tcEnd({ dtid: otid, components: [{ type: 'returnResultLast', invokeId: 1, opcode, param: res }] }), {
      frameNo: 2 * i + 2,
      tsSec: t,
      calling: { gt: HOME_HLR, ssn: 6 },
      called: { gt: sender, ssn },
    }),
  ];
}

/** Alerts (JSON, evidence included), the state snapshot and the counters of one path. */
function run(steps: Step[], deferred: boolean, limits: { subscribers: number }) {
  const alerts: Alert[] = [];
  const det = new Detector({ rules: RULES, profile: profile(), limits, onAlert: (a) => alerts.push(a) });
  let deferredRecords = 0;
  const onRecord = (r: MessageRecord) => {
    if (r instanceof DeferredRecord && r.identitiesPending) deferredRecords++;
    det.record(r);
  };
  const dec = deferred
    ? new TcapDecoder({ onRecord, indexer: new FrameIndexer() })
    : new TcapDecoder({ onEvent: (ev) => det.event(ev), indexer: new FrameIndexer() });
  let t = T0;
  steps.forEach((s, i) => {
    t += s.gap;
    for (const u of units(s, i, t)) dec.unit(u);
  });
  det.end();
  return {
    out: { alerts: JSON.stringify(alerts), state: JSON.stringify(det.snapshotState()), stats: det.stats },
    deferredRecords,
  };
}

describe('identity keys from octets (deferred records) and from text (events)', () => {
  it('give the same alerts, state snapshot and counters', () => {
    let sawAlerts = 0;
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 60 }), fc.constantFrom(3, 10_000), (steps, subscribers) => {
        const a = run(steps, true, { subscribers });
        const b = run(steps, false, { subscribers });
        expect(a.out).toEqual(b.out);
        // Path A really handed out records whose identities were never made as text.
        expect(a.deferredRecords).toBeGreaterThan(0);
        if (a.out.alerts !== '[]') sawAlerts++;
      }),
      { numRuns: 120 },
    );
    expect(sawAlerts).toBeGreaterThan(10);
  });
});

describe('subscriber store keys (text semantics kept)', () => {
  it('an IMSI text `tel:` + digits names the MSISDN-only record of those digits, as the text keys did', () => {
    const store = new SubscriberStore({ subscribers: 100, subscriberTtlSec: 1e9 });
    const byNumber = store.touch(undefined, '12025550100')!;
    expect(store.find('tel:12025550100', undefined)).toBe(byNumber);
    expect(store.find('tel:012025550100', undefined)).toBeUndefined();
    const odd = store.touch(undefined, '12#3')!;
    expect(store.find('tel:12#3', undefined)).toBe(odd);
  });

  it('keeps leading zeros, lengths and non-decimal texts apart, and gives the texts back', () => {
    const store = new SubscriberStore({ subscribers: 100, subscriberTtlSec: 1e9 });
    const ids = ['123', '0123', '00123', '310410123456789', '0310410123456789', '31041012345678a', '', 'tel:', 'x'];
    const recs = ids.map((imsi) => store.touch(imsi, undefined)!);
    expect(new Set(recs).size).toBe(ids.length);
    ids.forEach((imsi, i) => {
      expect(store.find(imsi, undefined)).toBe(recs[i]);
      expect(recs[i]!.imsi).toBe(imsi);
    });
    // An MSISDN-only record learns its IMSI (re-keyed), then the number moves to another IMSI.
    const r = store.touch(undefined, '0044')!;
    expect(store.touch('0310410123456789', '0044')).toBe(recs[4]);
    expect(store.find(undefined, '0044')).toBe(recs[4]);
    expect(r.imsi).toBeUndefined();
    expect(store.touch('123', '0044')).toBe(recs[0]);
    expect(store.find(undefined, '0044')).toBe(recs[0]);
    expect(recs[0]!.msisdn).toBe('0044');
  });

  it('free-text identities (Diameter User-Names) as IMSIs and as numbers: the records of the text-keyed store', () => {
    const names = ['tel:12025550100', '12025550100', '310410123456789', '3104101234567890', 'abc', '', '0'];
    const store = new SubscriberStore({ subscribers: 100, subscriberTtlSec: 1e9 });
    for (const n of names) {
      store.touch(n, undefined);
      store.touch(undefined, n);
    }
    // What the text-keyed store gave (main before the identity keys, same calls): the number
    // '12025550100' is filed under `tel:12025550100`, the key of the IMSI text 'tel:12025550100',
    // whose record it replaces in place.
    expect([...store.records()].map((r) => [r.imsi, r.msisdn])).toEqual([
      [undefined, '12025550100'],
      [undefined, 'tel:12025550100'],
      ['12025550100', undefined],
      ['310410123456789', undefined],
      [undefined, '310410123456789'],
      ['3104101234567890', undefined],
      [undefined, '3104101234567890'],
      ['abc', undefined],
      [undefined, 'abc'],
      ['', undefined],
      [undefined, ''],
      ['0', undefined],
      [undefined, '0'],
    ]);
  });
});

describe('argument keys and single arguments of a deferred record (record.ts argImsiKey / argMsisdnKey / arg)', () => {
  /** What each read gives on the decoder's deferred record, then what the materialized `args` hold. */
  function reads(s: Step, deferred: boolean) {
    const got: unknown[] = [];
    const onRecord = (r: MessageRecord) => {
      if (r.opcode === undefined) return;
      const pendingBefore = deferred ? JSON.stringify((r as unknown as { argsValue: unknown }).argsValue ?? null) : '';
      const k = { imsi: r.argImsiKey(), msisdn: r.argMsisdnKey() };
      // The keys made no digit string: the deferred `args` are as they were.
      if (deferred) expect(JSON.stringify((r as unknown as { argsValue: unknown }).argsValue ?? null)).toBe(pendingBefore);
      const one = { vlr: r.arg('vlrNumber'), node: r.arg('networkNodeNumber'), hlr: r.arg('hlrNumber') };
      const a = r.args;
      got.push(k, one, a);
      // The keys are the text's keys, the single reads the materialized values.
      expect(k).toEqual({
        imsi: typeof a?.imsi === 'string' ? imsiKeyOf(a.imsi) : undefined,
        msisdn: typeof a?.msisdn === 'string' ? msisdnKeyOf(a.msisdn) : undefined,
      });
      expect(one).toEqual({ vlr: a?.vlrNumber, node: a?.networkNodeNumber, hlr: a?.hlrNumber });
    };
    const dec = deferred
      ? new TcapDecoder({ onRecord, indexer: new FrameIndexer() })
      : new TcapDecoder({ onEvent: (ev) => onRecord(new MessageRecord().fromEvent(ev)), indexer: new FrameIndexer() });
    for (const u of units(s, 0, T0)) dec.unit(u);
    return got;
  }

  it('equal the keys of the materialized texts, leave the other digits deferred, and match the event path', () => {
    fc.assert(
      fc.property(step, (s) => {
        const a = reads(s, true);
        expect(a.length).toBeGreaterThan(0);
        expect(a).toEqual(reads(s, false));
      }),
      { numRuns: 300 },
    );
  });
});
