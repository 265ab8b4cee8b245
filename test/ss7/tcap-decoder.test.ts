import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Anomaly } from '../../src/core/anomaly.js';
import { FrameIndexer } from '../../src/core/frame-index.js';
import { imsiKeyOf } from '../../src/core/identity-key.js';
import { Counters } from '../../src/core/stats.js';
import type { Ss7Event } from '../../src/events/types.js';
import { parseMapAcn } from '../../src/ss7/map/application-contexts.js';
import { TcapDecoder } from '../../src/ss7/tcap-decoder.js';
import { concat, fromHex as hex } from '../../src/encode/bytes.js';
import { isdnBytes, mapArg, mapRes } from '../../src/encode/map.js';
import { ansiPackage, tcAbort, tcBegin, tcContinue, tcEnd } from '../../src/encode/tcap.js';
import { sccpUnit, type UnitSpec } from '../support/units.js';

const VLR = { gt: '491720000000', ssn: 7 };
const HLR = { gt: '441234567890', ssn: 6 };
const IMSI = '234101234567890';

function setup(limits = {}) {
  const events: Ss7Event[] = [];
  const anomalies: Anomaly[] = [];
  const counters = new Counters();
  const dec = new TcapDecoder({ onEvent: (e) => events.push(e), indexer: new FrameIndexer(), onAnomaly: (a) => anomalies.push(a), counters, limits });
  const feed = (b: Uint8Array, s: UnitSpec = {}): Ss7Event[] => {
    const n = events.length;
    dec.unit(sccpUnit(b, s));
    return events.slice(n);
  };
  return { dec, events, anomalies, counters, feed };
}

describe('TcapDecoder', () => {
  it("records keep 1-4 octet tids as codes; their text is the event's (made only when read)", () => {
    const seen: [number, string | undefined, string | undefined, string | undefined][] = [];
    const events: Ss7Event[] = [];
    const dec = new TcapDecoder({
      onRecord: (r) => {
        seen.push([r.otidCode, r.otidText, r.otid, r.dtid]);
        events.push(r.event() as Ss7Event);
      },
      indexer: new FrameIndexer(),
    });
    dec.unit(sccpUnit(tcBegin({ otid: 'c610036e', components: [{ type: 'invoke', invokeId: 1, opcode: 2 }] }), { calling: VLR, called: HLR }));
    dec.unit(sccpUnit(tcEnd({ dtid: 'c610036e' }), { calling: HLR, called: VLR }));
    dec.unit(sccpUnit(tcBegin({ otid: '0102030405' }), { calling: VLR, called: HLR }));
    expect(seen).toEqual([
      [8 * 2 ** 32 + 0xc610036e, undefined, 'c610036e', undefined],
      [-1, undefined, undefined, 'c610036e'],
      [-1, '0102030405', '0102030405', undefined],
    ]);
    expect(events.map((e) => [e.tcap.otid, e.tcap.dtid])).toEqual([
      ['c610036e', undefined],
      [undefined, 'c610036e'],
      ['0102030405', undefined],
    ]);
  });

  it("each event's anomaly list is its own array, also when empty (the decoder's lists are shared while empty)", () => {
    const { feed } = setup();
    const two = tcBegin({
      otid: '01',
      components: [
        { type: 'invoke', invokeId: 1, opcode: 2 },
        { type: 'invoke', invokeId: 2, opcode: 3 },
      ],
    });
    const evs = [...feed(two), ...feed(two), ...feed(tcBegin({ otid: '02' }))];
    expect(evs).toHaveLength(5);
    for (let i = 0; i < evs.length; i++) {
      expect(evs[i]!.anomalies).toEqual([]);
      expect(Object.isFrozen(evs[i]!.anomalies)).toBe(false);
      for (let j = 0; j < i; j++) expect(evs[i]!.anomalies).not.toBe(evs[j]!.anomalies);
    }
    evs[0]!.anomalies.push({ code: 'tcap.malformed', layer: 'tcap', detail: 'x' });
    expect(feed(two)[0]!.anomalies).toEqual([]);
  });

  it('a unit built without mtpInfo (vendor code, the pre-0.x SccpUnit): its mtp is copied, mp only when 0-3', () => {
    const { dec, events } = setup();
    const b = tcBegin({ otid: '01', components: [{ type: 'invoke', invokeId: 1, opcode: 2 }] });
    const labels = [
      { opc: 5, dpc: 6, si: 3, ni: 2, sls: 1 },
      { opc: 5, dpc: 6, si: 3, ni: 2, sls: 1, mp: 2 },
      { opc: 5, dpc: 6, si: 3, ni: 2, sls: 1, mp: -1 },
    ];
    for (const mtp of labels) {
      const u = sccpUnit(b);
      delete u.mtpInfo;
      u.mtp = mtp as typeof u.mtp;
      dec.unit(u);
    }
    expect(events.map((e) => e.mtp)).toEqual([labels[0], labels[1], labels[0]]);
    expect('mp' in events[2]!.mtp!).toBe(false);
    expect(events[0]!.mtp).not.toBe(labels[0]);
  });

  it('imsis/e164 of successive components are fresh arrays without leftovers of earlier decodes', () => {
    const { feed } = setup();
    const begin = (otid: string, imsi: string, msc: string, vlr: string) =>
      feed(
        tcBegin({ otid, components: [{ type: 'invoke', invokeId: 1, opcode: 2, param: mapArg.updateLocation({ imsi, mscNumber: msc, vlrNumber: vlr }) }] }),
        { calling: VLR, called: HLR },
      )[0]!;
    const a = begin('00000001', IMSI, '491720000001', '491720000002');
    const b = begin('00000002', '234109999999999', '491720000003', '491720000003');
    expect(a).toMatchObject({ imsis: [IMSI], e164: ['491720000001', '491720000002'] });
    expect(b).toMatchObject({ imsis: ['234109999999999'], e164: ['491720000003'] });
    expect(a.e164).not.toBe(b.e164);
    expect(a.imsis).not.toBe(b.imsis);
    a.e164.push('x');
    a.imsis.length = 0;
    const c = begin('00000003', IMSI, '491720000001', '491720000002');
    expect(c).toMatchObject({ imsis: [IMSI], e164: ['491720000001', '491720000002'] });
    expect(b).toMatchObject({ imsis: ['234109999999999'], e164: ['491720000003'] });
  });

  it('UpdateLocation dialogue: ISD without IMSI gets it from the dialogue; results get opcode, ACN and the MSISDN', () => {
    const { feed, dec } = setup();
    const ul = feed(
      tcBegin({
        otid: '00000001',
        dialogue: { pdu: 'aarq', acn: '0.4.0.0.1.0.1.3' },
        components: [
          { type: 'invoke', invokeId: 1, opcode: 2, param: mapArg.updateLocation({ imsi: IMSI, mscNumber: '491720000001', vlrNumber: '491720000002' }) },
        ],
      }),
      { frameNo: 1, calling: VLR, called: HLR },
    );
    expect(ul).toHaveLength(1);
    expect(ul[0]).toMatchObject({
      frame: 1,
      index: 0,
      protocol: 'map',
      imsiSource: 'message',
      subscriber: { imsi: IMSI },
      imsis: [IMSI],
      e164: ['491720000001', '491720000002'],
    });
    expect(ul[0]!.tcap).toEqual({ type: 'begin', otid: '00000001', acn: '0.4.0.0.1.0.1.3', acVersion: 3, dialogue: 'aarq' });
    expect(ul[0]!.component).toMatchObject({ type: 'invoke', invokeId: 1, opcode: 2, op: 'updateLocation' });
    expect(ul[0]!.args).toMatchObject({ imsi: IMSI, mscNumber: '491720000001', vlrNumber: '491720000002' });

    // HLR → VLR: Continue with AARE and ISD (invoke id 1 again: ids are per side)
    const isd = feed(
      tcContinue({
        otid: 'a0000001',
        dtid: '00000001',
        dialogue: { pdu: 'aare', acn: '0.4.0.0.1.0.1.3' },
        components: [{ type: 'invoke', invokeId: 1, opcode: 7, param: mapArg.insertSubscriberData({ msisdn: '447700900123' }) }],
      }),
      { frameNo: 2, calling: HLR, called: VLR },
    );
    expect(isd[0]).toMatchObject({ imsiSource: 'dialogue', subscriber: { imsi: IMSI, msisdn: '447700900123' }, imsis: [], e164: ['447700900123'] });
    expect(isd[0]!.component!.op).toBe('insertSubscriberData');

    // VLR → HLR: Continue without dialogue portion, ISD result without opcode
    const isdRes = feed(tcContinue({ otid: '00000001', dtid: 'a0000001', components: [{ type: 'returnResultLast', invokeId: 1 }] }), {
      frameNo: 3,
      calling: VLR,
      called: HLR,
    });
    expect(isdRes[0]!.tcap).toMatchObject({ acn: '0.4.0.0.1.0.1.3', acnFromDialogue: true, acVersion: 3 });
    expect(isdRes[0]!.component).toMatchObject({ type: 'returnResultLast', invokeId: 1, opcode: 7, op: 'insertSubscriberData', opcodeFromDialogue: true });
    expect(isdRes[0]!.subscriber).toEqual({ imsi: IMSI, msisdn: '447700900123' });

    // HLR → VLR: End with UL result (invoke id 1 of the VLR side)
    const end = feed(tcEnd({ dtid: '00000001', components: [{ type: 'returnResultLast', invokeId: 1 }] }), { frameNo: 4, calling: HLR, called: VLR });
    expect(end[0]!.component).toMatchObject({ opcode: 2, op: 'updateLocation', opcodeFromDialogue: true });
    expect(end[0]!.subscriber).toEqual({ imsi: IMSI, msisdn: '447700900123' });
    expect(dec.dialogueCount).toBe(0);
  });

  it("MAP-OPEN destinationReference (TS 29.002 §7.3.1 Table 7.3/2) is the dialogue's subscriber when the component names none", () => {
    const SS = '0.4.0.0.1.0.18.2';
    const USSD = '0.4.0.0.1.0.19.2';
    const ROAMER = '310410100000032';
    const imsiRef = isdnBytes(ROAMER, 1, 6); // numbering plan 0110: E.212
    const isdnRef = isdnBytes('12025550032'); // numbering plan 0001: E.164
    const begin = (otid: string, acn: string, opcode: number, destinationReference: Uint8Array, param?: Uint8Array): Uint8Array =>
      tcBegin({
        otid,
        dialogue: { pdu: 'aarq', acn, mapOpen: { destinationReference, originationReference: isdnBytes('8613800000001') } },
        components: [{ type: 'invoke', invokeId: 1, opcode, ...(param === undefined ? {} : { param }) }],
      });
    const CN = { gt: '8613800000001', ssn: 7 };
    // Both consumers: events (plain records) and records (deferred: keys and strings made when read).
    const runs: { imsi: string | undefined; msisdn: string | undefined; source: string | undefined; key: unknown }[][] = [[], []];
    const evDec = new TcapDecoder({
      onEvent: (e) => runs[0]!.push({ imsi: e.subscriber.imsi, msisdn: e.subscriber.msisdn, source: e.imsiSource, key: undefined }),
      indexer: new FrameIndexer(),
    });
    const recDec = new TcapDecoder({
      onRecord: (r) => runs[1]!.push({ key: r.imsiKey(), source: r.imsiSource, imsi: r.imsi, msisdn: r.msisdn }),
      indexer: new FrameIndexer(),
    });
    const units: [Uint8Array, UnitSpec][] = [
      // registerSS (10) from a Chinese VLR: the IMSI only in the MAP-OPEN; the HLR's End gets it through the dialogue.
      [begin('0a0b0c31', SS, 10, imsiRef), { calling: CN, called: HLR }],
      [tcEnd({ dtid: '0a0b0c31', components: [{ type: 'returnResultLast', invokeId: 1 }] }), { calling: HLR, called: CN }],
      // processUnstructuredSS-Request (59) with an E.164 reference (HLR - gsmSCF, note 1): the MSISDN.
      [begin('0a0b0c32', USSD, 59, isdnRef, mapArg.ussd({ packed: hex('aa180c3602') })), { calling: CN, called: HLR }],
      // registerSS with an E.164 reference: Table 7.3/2 allows only the IMSI for it.
      [begin('0a0b0c33', SS, 10, isdnRef), { calling: CN, called: HLR }],
      // anyTimeInterrogation (71) is not a service that uses the destination reference.
      [begin('0a0b0c34', '0.4.0.0.1.0.29.3', 71, imsiRef), { calling: CN, called: HLR }],
      // A too short IMSI (5 digits) is not one.
      [begin('0a0b0c35', SS, 10, isdnBytes('31041', 1, 6)), { calling: CN, called: HLR }],
      // mt-forwardSM (44) naming its own IMSI (sm-RP-DA): the component's wins.
      [
        begin('0a0b0c36', '0.4.0.0.1.0.25.3', 44, imsiRef, mapArg.forwardSM({ da: { imsi: IMSI }, oa: { sca: '8613800000002' } })),
        { calling: CN, called: HLR },
      ],
      // A Continue of the first dialogue carrying an AARQ with another reference: not the dialogue's
      // identity (MAP-OPEN opens a dialogue: a Begin only).
      [
        tcContinue({
          otid: '0a0b0c31',
          dtid: '0a0b0c31',
          dialogue: { pdu: 'aarq', acn: SS, mapOpen: { destinationReference: isdnBytes('310410100000099', 1, 6) } },
          components: [{ type: 'invoke', invokeId: 2, opcode: 10 }],
        }),
        { calling: CN, called: HLR },
      ],
      // rt9 D1: an SRI's locationInfoRetrieval Begin with a registerSS invoke added: the context's
      // services do not use the reference, so neither component takes its IMSI (the SRI keeps its MSISDN;
      // the registerSS does not borrow it: another component's of its Begin, red-team round 16 I1a / I6).
      [
        tcBegin({
          otid: '0a0b0c37',
          dialogue: { pdu: 'aarq', acn: '0.4.0.0.1.0.5.3', mapOpen: { destinationReference: isdnBytes('460001234567890', 1, 6) } },
          components: [
            { type: 'invoke', invokeId: 1, opcode: 22, param: mapArg.sendRoutingInfo({ msisdn: '12025550123', gmscAddress: '8613800000001' }) },
            { type: 'invoke', invokeId: 2, opcode: 10 },
          ],
        }),
        { calling: CN, called: HLR },
      ],
    ];
    for (const [b, spec] of units) {
      evDec.unit(sccpUnit(b, spec));
      recDec.unit(sccpUnit(b, spec));
    }
    const want = [
      [ROAMER, undefined, 'dialogue'],
      [ROAMER, undefined, 'dialogue'],
      [undefined, '12025550032', undefined],
      [undefined, undefined, undefined],
      [undefined, undefined, undefined],
      [undefined, undefined, undefined],
      [IMSI, undefined, 'message'],
      [undefined, undefined, undefined],
      [undefined, '12025550123', undefined],
      [undefined, undefined, undefined],
    ];
    for (const run of runs) expect(run.map((x) => [x.imsi, x.msisdn, x.source])).toEqual(want);
    expect(runs[1]!.map((x) => x.key)).toEqual(want.map(([imsi]) => (imsi === undefined ? undefined : imsiKeyOf(imsi))));
  });

  it("forwardSM's MAP-OPEN destination reference is an IMSI by SM-RP-DA's CHOICE (imsi / lmsi: mobile terminated), not its digit count (review B-L3)", () => {
    // A 15-digit E.164 number (ISDN numbering plan) as the destination reference, and a real IMSI.
    const SCA = '861380000000123';
    const ROAMER = '310410100000032';
    const refs = { e164: isdnBytes(SCA), e212: isdnBytes(ROAMER, 1, 6) };
    const CN = { gt: '8613800000001', ssn: 8 };
    let tid = 0x1b0b0000;
    const got = (acn: string, opcode: number, ref: Uint8Array, param: Uint8Array): [string | undefined, string | undefined] => {
      const events: Ss7Event[] = [];
      const dec = new TcapDecoder({ onEvent: (e) => events.push(e), indexer: new FrameIndexer() });
      const otid = (++tid).toString(16);
      const b = tcBegin({
        otid,
        dialogue: { pdu: 'aarq', acn, mapOpen: { destinationReference: ref, originationReference: isdnBytes('8613800000001') } },
        components: [{ type: 'invoke', invokeId: 1, opcode, param }],
      });
      dec.unit(sccpUnit(b, { calling: CN, called: HLR }));
      dec.unit(sccpUnit(tcEnd({ dtid: otid, components: [{ type: 'returnResultLast', invokeId: 1 }] }), { calling: HLR, called: CN }));
      return [events[0]!.subscriber.imsi, events[1]!.subscriber.imsi];
    };
    const MO3 = '0.4.0.0.1.0.21.3'; // shortMsgMO-RelayContext v3: mo-forwardSM (46)
    const MT3 = '0.4.0.0.1.0.25.3'; // shortMsgMT-RelayContext v3: mt-forwardSM (44)
    const V2 = '0.4.0.0.1.0.21.2'; // shortMsgRelayContext v2: forwardSM (46), both directions
    const mo = mapArg.forwardSM({ da: { sca: SCA }, oa: { msisdn: '8613900000001' } });
    const mt = mapArg.forwardSM({ da: { lmsi: '01020304' }, oa: { sca: SCA } });
    // Mobile originated (SM-RP-DA serviceCentreAddressDA [4]): the reference is the service centre's address, E.164 or E.212 alike.
    expect(got(MO3, 46, refs.e164, mo)).toEqual([undefined, undefined]);
    expect(got(V2, 46, refs.e164, mo)).toEqual([undefined, undefined]);
    expect(got(MO3, 46, refs.e212, mo)).toEqual([undefined, undefined]);
    // Mobile terminated with the LMSI (Table 7.3/2 note 3): the reference is the IMSI, under either plan (review F5).
    expect(got(MT3, 44, refs.e212, mt)).toEqual([ROAMER, ROAMER]);
    expect(got(V2, 46, refs.e212, mt)).toEqual([ROAMER, ROAMER]);
    expect(got(MT3, 44, isdnBytes(ROAMER), mt)).toEqual([ROAMER, ROAMER]);
    // A reference of fewer digits under the ISDN plan is no IMSI.
    expect(got(MT3, 44, isdnBytes('12025550032'), mt)).toEqual([undefined, undefined]);
  });

  it("a message's MAP application context (taken by its index) and the dialogue's give parseMapAcn's version and protocol, every ac and version", () => {
    const { feed } = setup();
    let tid = 0;
    for (const ac of [1, 2, 14, 19, 20, 25, 33, 0, 64, 99, 127]) {
      for (let version = 0; version < 16; version++) {
        const acn = `0.4.0.0.1.0.${ac}.${version}`;
        const want = parseMapAcn(acn);
        // Under the MAP arc, known to the AC table or not, it is MAP (rt10 B6); the version only when known.
        const protocol = 'map';
        const otid = (++tid).toString(16).padStart(8, '0');
        const begin = feed(tcBegin({ otid, dialogue: { pdu: 'aarq', acn }, components: [{ type: 'invoke', invokeId: 1, opcode: 56 }] }), {
          calling: VLR,
          called: HLR,
        });
        expect([acn, begin[0]!.tcap.acVersion, begin[0]!.protocol]).toEqual([acn, want?.version, protocol]);
        const end = feed(tcEnd({ dtid: otid, components: [{ type: 'returnResultLast', invokeId: 1 }] }), { calling: HLR, called: VLR });
        expect([acn, end[0]!.tcap.acn, end[0]!.tcap.acVersion, end[0]!.protocol]).toEqual([acn, acn, want?.version, protocol]);
      }
    }
  });

  it('a result with its own opcode decodes its parameter (UL result hlr-Number)', () => {
    const { feed } = setup();
    feed(
      tcBegin({
        otid: '01',
        dialogue: { pdu: 'aarq', acn: '0.4.0.0.1.0.1.3' },
        components: [{ type: 'invoke', invokeId: 1, opcode: 2, param: mapArg.updateLocation({ imsi: IMSI, mscNumber: '4917', vlrNumber: '4917' }) }],
      }),
      { calling: VLR, called: HLR },
    );
    const [ev] = feed(
      tcEnd({ dtid: '01', components: [{ type: 'returnResultLast', invokeId: 1, opcode: 2, param: mapRes.hlrNumber({ hlrNumber: '441234567890' }) }] }),
      { calling: HLR, called: VLR },
    );
    expect(ev!.args).toEqual({ hlrNumber: '441234567890' });
    expect(ev!.component!.opcodeFromDialogue).toBeUndefined();
    expect(ev!.subscriber.imsi).toBe(IMSI);
  });

  it('Continue without dialogue portion when GT translation changed the address form (fallback by transaction id)', () => {
    const { feed } = setup();
    feed(
      tcBegin({
        otid: '0a0b',
        dialogue: { pdu: 'aarq', acn: '0.4.0.0.1.0.14.3' },
        components: [{ type: 'invoke', invokeId: 5, opcode: 56, param: mapArg.sendAuthenticationInfo({ imsi: IMSI }) }],
      }),
      { calling: VLR, called: HLR },
    );
    // The answer travels back on the same link: its MTP label is the Begin's reversed (the point
    // code and SSN corroborate the lookup by tid alone, tcap-dialogues.ts).
    const [ev] = feed(tcContinue({ otid: 'ff', dtid: '0a0b', components: [{ type: 'returnResult', invokeId: 5 }] }), {
      calling: HLR,
      called: { gt: undefined as unknown as string, pc: 100, ssn: 7 },
      mtp: { opc: 2, dpc: 1 },
    });
    expect(ev!.tcap.acn).toBe('0.4.0.0.1.0.14.3');
    expect(ev!.component).toMatchObject({ opcode: 56, opcodeFromDialogue: true });
    expect(ev!.subscriber.imsi).toBe(IMSI);
  });

  it('several components share the frame index; index counts TCAP messages within a frame', () => {
    const { feed } = setup();
    const b = tcBegin({
      otid: '01',
      components: [
        { type: 'invoke', invokeId: 1, opcode: 56, param: mapArg.sendAuthenticationInfo({ imsi: IMSI }) },
        { type: 'invoke', invokeId: 2, opcode: 56 },
      ],
    });
    const first = feed(b, { frameNo: 9, calling: VLR, called: HLR });
    const second = feed(b, { frameNo: 9, calling: { gt: '1' }, called: HLR });
    expect(first.map((e) => [e.frame, e.index])).toEqual([
      [9, 0],
      [9, 0],
    ]);
    expect(second.map((e) => e.index)).toEqual([1, 1]);
  });

  it('no ACN: MAP SSN + MAP opcode → map; CAMEL ACN and unknown ACN → tcap; ANSI → tcap', () => {
    const { feed } = setup();
    expect(
      feed(tcBegin({ otid: '01', components: [{ type: 'invoke', invokeId: 1, opcode: 3, param: mapArg.cancelLocation({ imsi: IMSI }) }] }), {
        calling: { ssn: 147 },
        called: HLR,
      })[0],
    ).toMatchObject({ protocol: 'map', imsis: [IMSI] });
    expect(feed(tcBegin({ otid: '02', components: [{ type: 'invoke', invokeId: 1, opcode: 200 }] }), { calling: VLR, called: HLR })[0]!.protocol).toBe('tcap');
    const camel = feed(
      tcBegin({ otid: '03', dialogue: { pdu: 'aarq', acn: '0.4.0.0.1.0.50.1' }, components: [{ type: 'invoke', invokeId: 1, opcode: 0, param: hex('3000') }] }),
      { calling: { ssn: 146 }, called: { ssn: 146 } },
    );
    expect(camel[0]).toMatchObject({ protocol: 'tcap', tcap: { acn: '0.4.0.0.1.0.50.1' }, component: { opcode: 0 } });
    expect(camel[0]!.component!.op).toBeUndefined();
    expect(camel[0]!.tcap.acVersion).toBeUndefined();
    const cap4 = feed(tcBegin({ otid: '04', dialogue: { pdu: 'aarq', acn: '0.4.0.0.1.22.4.0' } }), { calling: { ssn: 146 }, called: { ssn: 146 } });
    expect(cap4[0]).toMatchObject({ protocol: 'tcap' });
    expect(cap4[0]!.component).toBeUndefined();
    const ansi = feed(ansiPackage(2, '01020304', 0x0901), { calling: { ssn: 6 }, called: { ssn: 6 } });
    expect(ansi[0]).toMatchObject({ protocol: 'tcap', tcap: { type: 'begin', otid: '01020304' }, component: { type: 'invoke', opcode: 0x0901 } });
  });

  it('no ACN and no SSN in either address (absent or 0): MAP by opcode (rt10 B7)', () => {
    const { feed } = setup();
    const sri = (otid: string) =>
      tcBegin({
        otid,
        components: [{ type: 'invoke', invokeId: 1, opcode: 22, param: mapArg.sendRoutingInfo({ msisdn: '12025550123', gmscAddress: '8613800000001' }) }],
      });
    // Absent SSNs (the support's defaults are SSN 7 and 6).
    const CN = { gt: '8613800000001', ssn: undefined as unknown as number };
    const home = { gt: '12025550000', ssn: undefined as unknown as number };
    expect(feed(sri('01'), { calling: CN, called: home })[0]).toMatchObject({ protocol: 'map', component: { op: 'sendRoutingInfo' } });
    expect(feed(sri('02'), { calling: { ...CN, ssn: 0 }, called: { gt: '12025550000', ssn: 0 } })[0]).toMatchObject({ protocol: 'map' });
    // Any calling SSN: the sender chooses it, and the HLR's SSN comes from the last translation (rt11 R3).
    for (const [otid, ssn] of [
      ['03', 146],
      ['04', 254],
      ['05', 241],
    ] as const) {
      expect(feed(sri(otid), { calling: { ...CN, ssn }, called: home })[0]).toMatchObject({ protocol: 'map', component: { op: 'sendRoutingInfo' } });
    }
    expect(feed(sri('06'), { calling: { ...CN, ssn: 146 }, called: { gt: '12025550000', ssn: 0 } })[0]!.protocol).toBe('map');
    // A non-MAP called SSN keeps it TCAP: the HLR's SCCP hands it to that user (CAMEL 146, an operator's own SSN).
    expect(feed(sri('07'), { calling: CN, called: { ...home, ssn: 146 } })[0]!.protocol).toBe('tcap');
    // Only a Begin: INAP routed on the GT alone continues with opcodes MAP also has (review 10-A).
    const inap = tcContinue({ otid: '10', dtid: '20', components: [{ type: 'invoke', invokeId: 2, opcode: 23, param: hex('3000') }] });
    expect(feed(inap, { calling: CN, called: home })[0]!.protocol).toBe('tcap');
  });

  it('no ACN and no SSN: an INAP CS-1 Begin whose opcode MAP also has stays TCAP, its argument not read as MAP (review 10-A #1)', () => {
    const { feed, anomalies } = setup();
    const SSP = { gt: '4917200000001', ssn: undefined as unknown as number };
    const SCP = { gt: '12025550999', ssn: undefined as unknown as number };
    const inap: [number, string | undefined][] = [
      [22, '04028090'], // releaseCall: Cause (ETS 300 374-1), sendRoutingInfo's opcode
      [23, '300aa0083006800107810101'], // requestReportBCSMEvent { bcsmEvents { { oAnswer, notifyAndContinue } } }: updateGprsLocation's
      [24, '3008800107a303810102'], // eventReportBCSM { oAnswer, legID { receivingSideID 2 } }: sendRoutingInfoForGprs's
      [55, undefined], // activityTest (no argument): sendIdentification's
    ];
    for (const [i, [opcode, arg]] of inap.entries()) {
      const begin = tcBegin({ otid: `3${i}`, components: [{ type: 'invoke', invokeId: 1, opcode, ...(arg === undefined ? {} : { param: hex(arg) }) }] });
      const [ev] = feed(begin, { calling: SSP, called: SCP });
      expect(ev, String(opcode)).toMatchObject({ protocol: 'tcap', component: { opcode } });
      expect(ev!.component!.op).toBeUndefined();
    }
    expect(anomalies).toEqual([]);
    // The MAP services of those opcodes, sent the same way, are MAP.
    const sriGprs = tcBegin({
      otid: '40',
      components: [{ type: 'invoke', invokeId: 1, opcode: 24, param: mapArg.sendRoutingInfoForGprs({ imsi: IMSI, ggsnNumber: '12025550999' }) }],
    });
    expect(feed(sriGprs, { calling: SSP, called: SCP })[0]).toMatchObject({ protocol: 'map', component: { op: 'sendRoutingInfoForGprs' }, imsis: [IMSI] });
    // An SRI that named its subscriber stays MAP whatever fault follows: an extension container nested
    // past the BER walker's depth (legal BER an HLR skips) hid it (review 11-A).
    const p = mapArg.sendRoutingInfo({ msisdn: '12025550123', gmscAddress: '8613800000001' });
    let nested = [0x04, 0x01, 0x00];
    for (let i = 0; i < 40; i++) nested = [0x30, 0x80, ...nested, 0x00, 0x00];
    const ext = [0xad, 0x80, 0xa0, 0x80, 0x30, 0x80, 0x06, 0x03, 0x2a, 0x03, 0x04, ...nested, 0, 0, 0, 0, 0, 0];
    const body = [...p.subarray(2), ...ext];
    const deep = Uint8Array.from([0x30, 0x82, body.length >> 8, body.length & 0xff, ...body]);
    expect(p[1]).toBeLessThan(0x80);
    const sri = tcBegin({ otid: '41', components: [{ type: 'invoke', invokeId: 1, opcode: 22, param: deep }] });
    expect(feed(sri, { calling: { ...SSP, ssn: 146 }, called: SCP })[0]).toMatchObject({ protocol: 'map', component: { op: 'sendRoutingInfo' } });
  });

  it('no ACN and no SSN: any operation whose argument named its subscriber before any fault is MAP, whatever fault follows (rt12 F4)', () => {
    const { feed, anomalies } = setup();
    const CN = { gt: '8613800000001', ssn: 146 };
    const VLR0 = { gt: '12025550002', ssn: 0 };
    // The extension of review 11-A's SRI: legal BER nested past the walker's depth, at the end of the argument.
    let nested = [0x04, 0x01, 0x00];
    for (let i = 0; i < 40; i++) nested = [0x30, 0x80, ...nested, 0x00, 0x00];
    const deep = (p: Uint8Array, extTag: number) => {
      const ext = [extTag, 0x80, 0xa0, 0x80, 0x30, 0x80, 0x06, 0x03, 0x2a, 0x03, 0x04, ...nested, 0, 0, 0, 0, 0, 0];
      expect(p[1]).toBeLessThan(0x80);
      const body = [...p.subarray(2), ...ext];
      return Uint8Array.from([0x30, 0x82, body.length >> 8, body.length & 0xff, ...body]);
    };
    const MSISDN_ = '12025550099';
    const cases: [number, string, Uint8Array][] = [
      // ISD-Arg extensionContainer [14], DeleteSubscriberDataArg [6], ActivateTraceModeArg [4] (TS 29.002 §17.6): imsi [0] OPTIONAL in each.
      [7, 'insertSubscriberData', deep(mapArg.insertSubscriberData({ imsi: IMSI, msisdn: MSISDN_ }), 0xae)],
      [8, 'deleteSubscriberData', deep(mapArg.deleteSubscriberData({ imsi: IMSI }), 0xa6)],
      [50, 'activateTraceMode', deep(mapArg.activateTraceMode({ imsi: IMSI, traceReference: '0102', traceType: 1, omcId: '8613800000009' }), 0xa4)],
    ];
    for (const [i, [opcode, op, param]] of cases.entries()) {
      const [ev] = feed(tcBegin({ otid: `5${i}`, components: [{ type: 'invoke', invokeId: 1, opcode, param }] }), { calling: CN, called: VLR0 });
      expect(ev, op).toMatchObject({ protocol: 'map', component: { op }, subscriber: { imsi: IMSI } });
      // The fault is reported, not dropped with the argument.
      expect(ev!.anomalies.map((a) => a.code)).toEqual(['map.bad-argument']);
      expect(ev!.anomalies[0]!.detail).toContain('ber.depth-limit');
    }
    expect(anomalies.map((a) => [a.code, a.frame !== undefined])).toEqual(cases.map(() => ['map.bad-argument', true]));
    // A fault before the subscriber is named: not MAP's argument (an IMSI of 9 octets, then the MSISDN).
    anomalies.length = 0;
    const badFirst = Uint8Array.from([0x30, 0x12, 0x80, 0x09, ...hex('130014010000009911'), 0x81, 0x05, ...isdnBytes('1202555')]);
    const [bad] = feed(tcBegin({ otid: '58', components: [{ type: 'invoke', invokeId: 1, opcode: 7, param: badFirst }] }), { calling: CN, called: VLR0 });
    expect(bad).toMatchObject({ protocol: 'tcap', component: { opcode: 7 } });
    expect(bad!.component!.op).toBeUndefined();
    expect(anomalies).toEqual([]);
    // An argument that names no subscriber and nests past the depth limit stays TCAP (INAP's
    // requestReportBCSMEvent, updateGprsLocation's opcode), but our own limit is never silent.
    const inapDeep = Uint8Array.from([0x30, 0x80, 0xa0, 0x80, ...nested, 0, 0, 0, 0]);
    const [inap] = feed(tcBegin({ otid: '59', components: [{ type: 'invoke', invokeId: 1, opcode: 23, param: inapDeep }] }), { calling: CN, called: VLR0 });
    expect(inap).toMatchObject({ protocol: 'tcap', component: { opcode: 23 } });
    expect(inap!.anomalies.map((a) => [a.code, a.layer])).toEqual([['ber.depth-limit', 'ber']]);
    expect(anomalies.map((a) => [a.code, a.frame])).toEqual([['ber.depth-limit', inap!.frame]]);
  });

  it('an ACN under the MAP arc that TS 29.002 does not define: MAP by opcode, with an anomaly; CAP v1/v2 ACs stay TCAP (rt10 B6)', () => {
    const { feed, anomalies } = setup();
    const ati = (otid: string, acn: string) =>
      tcBegin({
        otid,
        dialogue: { pdu: 'aarq', acn },
        components: [{ type: 'invoke', invokeId: 1, opcode: 71, param: mapArg.anyTimeInterrogation({ imsi: IMSI, gsmScfAddress: '8613800000001' }) }],
      });
    const CN = { gt: '8613800000001', ssn: 7 };
    for (const [otid, acn] of [
      ['01', '0.4.0.0.1.0.30.3'],
      ['02', '0.4.0.0.1.0.29.3.0'],
    ] as const) {
      expect(feed(ati(otid, acn), { calling: CN, called: HLR })[0]).toMatchObject({
        protocol: 'map',
        component: { op: 'anyTimeInterrogation' },
        imsis: [IMSI],
      });
    }
    expect(anomalies.map((a) => [a.code, a.frame !== undefined])).toEqual([
      ['tcap.unknown-map-ac', true],
      ['tcap.unknown-map-ac', true],
    ]);
    // CAP v2 (gsmSSF-to-gsmSCF, ac-Id 50): opcode 23 is requestReportBCSMEvent there, not MAP's updateGprsLocation.
    const cap = feed(
      tcBegin({
        otid: '03',
        dialogue: { pdu: 'aarq', acn: '0.4.0.0.1.0.50.1' },
        components: [{ type: 'invoke', invokeId: 1, opcode: 23, param: hex('3000') }],
      }),
      {
        calling: { ssn: 146 },
        called: { ssn: 146 },
      },
    );
    expect(cap[0]!.protocol).toBe('tcap');
    expect(anomalies).toHaveLength(2);
    // The dialogue's later messages carry the AC from the Begin: counted once (review 10-A).
    const end = feed(tcEnd({ dtid: '01', components: [{ type: 'returnResultLast', invokeId: 1 }] }), { calling: HLR, called: CN });
    expect(end[0]).toMatchObject({ protocol: 'map', tcap: { acnFromDialogue: true } });
    expect(anomalies).toHaveLength(2);
  });

  it('an ACN outside the MAP arc sent to a MAP SSN: MAP by opcode, one anomaly per dialogue (rt11 R7)', () => {
    const { feed, anomalies } = setup();
    const sri = (otid: string, acn: string) =>
      tcBegin({
        otid,
        dialogue: { pdu: 'aarq', acn },
        components: [{ type: 'invoke', invokeId: 1, opcode: 22, param: mapArg.sendRoutingInfo({ msisdn: '12025550123', gmscAddress: '8613800000001' }) }],
      });
    const CN = { gt: '8613800000001', ssn: 146 };
    ['0.4.0.0.1.1.5.3', '1.2.3.4'].forEach((acn, i) => {
      expect(feed(sri(`0${i + 2}`, acn), { calling: CN, called: HLR })[0]).toMatchObject({ protocol: 'map', component: { op: 'sendRoutingInfo' } });
    });
    // CAMEL's (and IN's) own arcs: their opcodes are theirs (CAP applyChargingGPRS 71 is not ATI: review 11-A), reported only.
    expect(feed(sri('01', '0.4.0.0.1.21.3.50'), { calling: CN, called: HLR })[0]!.protocol).toBe('tcap');
    expect(anomalies.map((a) => a.detail)).toEqual([
      "application context 0.4.0.0.1.1.5.3 is not MAP's, sent to MAP SSN 6",
      "application context 1.2.3.4 is not MAP's, sent to MAP SSN 6",
      "application context 0.4.0.0.1.21.3.50 is not MAP's, sent to MAP SSN 6 (CAMEL or IN: not decoded as MAP)",
    ]);
    // The HLR's answer, an AARE repeating the ACN: the same dialogue, no second anomaly; decided by the Begin's called SSN only (plain TCAP).
    const end = tcEnd({ dtid: '03', dialogue: { pdu: 'aare', acn: '1.2.3.4' }, components: [{ type: 'returnResultLast', invokeId: 1 }] });
    expect(feed(end, { calling: HLR, called: CN })[0]).toMatchObject({ protocol: 'tcap' });
    expect(anomalies).toHaveLength(3);
    // Not addressed to a MAP user (CAMEL between gsmSSF and gsmSCF, SSN 146): plain TCAP.
    expect(feed(sri('09', '0.4.0.0.1.21.3.50'), { calling: CN, called: { gt: '12025550000', ssn: 146 } })[0]!.protocol).toBe('tcap');
    expect(anomalies).toHaveLength(3);
  });

  it('an ACN outside the MAP arc in a Begin without a called SSN (GT routing): as at a MAP SSN (rt12 F7)', () => {
    const { feed, anomalies } = setup();
    const begin = (otid: string, acn: string, opcode = 22, param = mapArg.sendRoutingInfo({ msisdn: '12025550123', gmscAddress: '8613800000001' })) =>
      tcBegin({ otid, dialogue: { pdu: 'aarq', acn }, components: [{ type: 'invoke', invokeId: 1, opcode, param }] });
    const CN = { gt: '8613800000001', ssn: 146 };
    const home0 = { gt: '12025550123', ssn: 0 };
    ['0.4.0.0.1.1.5.3', '1.2.3.4'].forEach((acn, i) => {
      expect(feed(begin(`0${i + 2}`, acn), { calling: CN, called: home0 })[0]).toMatchObject({ protocol: 'map', component: { op: 'sendRoutingInfo' } });
    });
    // CAMEL (CAP v4) and ITU-T INAP CS-1 (Q.1218) routed on GT without a called SSN: ordinary traffic toward a gsmSCF / SCP, plain TCAP, not reported.
    expect(feed(begin('01', '0.4.0.0.1.21.3.50'), { calling: CN, called: home0 })[0]!.protocol).toBe('tcap');
    expect(feed(begin('06', '0.0.17.1218.3.0.0'), { calling: CN, called: home0 })[0]!.protocol).toBe('tcap');
    expect(anomalies.map((a) => [a.code, a.detail])).toEqual([
      ['tcap.unknown-map-ac', "application context 0.4.0.0.1.1.5.3 is not MAP's, sent to no called SSN (GT routing)"],
      ['tcap.unknown-map-ac', "application context 1.2.3.4 is not MAP's, sent to no called SSN (GT routing)"],
    ]);
    // Guessed as at SSN 0 without an ACN: an invoke whose argument does not read as MAP's stays TCAP (INAP's releaseCall, SRI's opcode: review 10-A).
    const [inap] = feed(begin('04', '1.2.3.4', 22, hex('04028090')), { calling: CN, called: home0 });
    expect(inap).toMatchObject({ protocol: 'tcap', component: { opcode: 22 } });
    expect(anomalies).toHaveLength(3);
    // A non-MAP called SSN (CAMEL 146): plain TCAP, no anomaly, as before.
    expect(feed(begin('05', '1.2.3.4'), { calling: CN, called: { ...home0, ssn: 146 } })[0]!.protocol).toBe('tcap');
    expect(anomalies).toHaveLength(3);
    // ITU-T INAP at a MAP SSN: out of place, reported, never decoded as MAP.
    expect(feed(begin('07', '0.0.17.1218.3.0.0'), { calling: CN, called: { ...home0, ssn: 6 } })[0]!.protocol).toBe('tcap');
    expect(anomalies.at(-1)!.detail).toBe("application context 0.0.17.1218.3.0.0 is not MAP's, sent to MAP SSN 6 (CAMEL or IN: not decoded as MAP)");
  });

  it('abort P-abort and U-abort: one event without component, closes the dialogue', () => {
    const { feed, dec } = setup();
    feed(tcBegin({ otid: '01', dialogue: { pdu: 'aarq', acn: '0.4.0.0.1.0.5.3' } }), { calling: VLR, called: HLR });
    expect(dec.dialogueCount).toBe(1);
    const p = feed(tcAbort({ dtid: '01', pAbortCause: 1 }), { calling: HLR, called: VLR });
    expect(p).toHaveLength(1);
    expect(p[0]).toMatchObject({ protocol: 'map', tcap: { type: 'abort', abortCause: 1, acn: '0.4.0.0.1.0.5.3', acnFromDialogue: true } });
    expect(p[0]!.component).toBeUndefined();
    expect(dec.dialogueCount).toBe(0);
    const u = feed(tcAbort({ dtid: '77', dialogue: { pdu: 'abrt' } }), { calling: HLR, called: VLR });
    expect(u[0]!.tcap).toMatchObject({ abortCause: 'user', dialogue: 'abrt' });
  });

  it('reject and returnError components', () => {
    const { feed } = setup();
    feed(
      tcBegin({
        otid: '01',
        dialogue: { pdu: 'aarq', acn: '0.4.0.0.1.0.5.3' },
        components: [{ type: 'invoke', invokeId: 1, opcode: 22, param: mapArg.sendRoutingInfo({ msisdn: '447700900123', gmscAddress: '491720000000' }) }],
      }),
      { calling: VLR, called: HLR },
    );
    const evs = feed(
      tcEnd({
        dtid: '01',
        components: [
          { type: 'returnError', invokeId: 1, errorCode: 27 },
          { type: 'reject', invokeId: 2, problem: [2, 0] },
        ],
      }),
      { calling: HLR, called: VLR },
    );
    expect(evs[0]!.component).toMatchObject({ type: 'returnError', errorCode: 27, error: 'absentSubscriber', opcode: 22, op: 'sendRoutingInfo' });
    expect(evs[0]!.subscriber.msisdn).toBe('447700900123');
    expect(evs[1]!.component).toMatchObject({ type: 'reject', invokeId: 2, problem: 'returnResult.unrecognizedInvokeID' });
  });

  it('not TCAP (SCCP management, garbage): counted, no event, no index consumed', () => {
    const { feed, counters, events } = setup();
    expect(feed(hex('0301060a'), { frameNo: 5 })).toEqual([]);
    expect(counters.get('tcap.not-tcap')).toBe(1);
    const [ev] = feed(tcBegin({ otid: '01' }), { frameNo: 5, calling: VLR, called: HLR });
    expect(ev!.index).toBe(0);
    expect(events).toHaveLength(1);
  });

  it('malformed MAP argument: map.bad-argument anomaly, event keeps opcode/op; lower-layer anomalies carried', () => {
    const { dec, events, anomalies } = setup();
    const u = sccpUnit(
      tcBegin({
        otid: '01',
        dialogue: { pdu: 'aarq', acn: '0.4.0.0.1.0.1.3' },
        components: [{ type: 'invoke', invokeId: 1, opcode: 2, param: hex('30030405ff') }],
      }),
      { calling: VLR, called: HLR },
    );
    u.anomalies.push({ code: 'sccp.bad-optional', layer: 'sccp', detail: 'x' });
    dec.unit(u);
    expect(events[0]!.component).toMatchObject({ opcode: 2, op: 'updateLocation', paramLength: 5 });
    expect(events[0]!.anomalies.map((a) => a.code)).toEqual(['sccp.bad-optional', 'map.bad-argument']);
    expect(anomalies.map((a) => a.code)).toEqual(['map.bad-argument']);
  });

  it('dialogue table is bounded (LRU eviction) and expires by capture time; both counted', () => {
    const { feed, dec, counters } = setup({ dialogues: 3, dialogueAgeSec: 10 });
    for (let i = 0; i < 5; i++) feed(tcBegin({ otid: `0${i}` }), { tsSec: 1000, calling: VLR, called: HLR });
    expect(dec.dialogueCount).toBe(3);
    expect(counters.get('tcap.dialogues.evicted')).toBe(2);
    feed(tcBegin({ otid: 'ff' }), { tsSec: 1011, calling: VLR, called: HLR });
    expect(dec.dialogueCount).toBe(1);
    expect(counters.get('tcap.dialogues.expired')).toBe(3);
  });

  it('a message refused as forged does not keep its dialogue open (review 13-A #1: TC-ABORTs from another GT)', () => {
    const OTHER = { gt: '12025550009', ssn: 6 };
    const run = (forgedFrom: typeof OTHER | typeof HLR) => {
      const { feed, counters } = setup({ dialogueAgeSec: 10 });
      feed(tcBegin({ otid: '01', components: [{ type: 'invoke', invokeId: 1, opcode: 2 }] }), { tsSec: 1000, calling: VLR, called: HLR });
      feed(tcContinue({ otid: 'aa', dtid: '01' }), { tsSec: 1001, calling: HLR, called: VLR });
      // Keep-alives within the 10 s: refused from another GT, accepted from the HLR (a Continue: an Abort would close it).
      for (const at of [1008, 1010]) {
        feed(forgedFrom === OTHER ? tcAbort({ dtid: '01' }) : tcContinue({ otid: 'aa', dtid: '01' }), { tsSec: at, calling: forgedFrom, called: VLR });
      }
      const before = counters.get('tcap.dialogues.unknown');
      const [end] = feed(tcEnd({ dtid: '01', components: [{ type: 'returnResultLast', invokeId: 1, opcode: 2 }] }), { tsSec: 1016, calling: HLR, called: VLR });
      return [counters.get('tcap.dialogues.unknown') - before, end!.component?.answersRequest === true];
    };
    // 15 s after the last message the dialogue accepted: expired, the End is an orphan.
    expect(run(OTHER)).toEqual([1, false]);
    expect(run(HLR)).toEqual([0, true]);
  });

  it('fuzz: random bytes after a TCAP tag never throw, always one event or more', () => {
    const { dec, events } = setup();
    fc.assert(
      fc.property(fc.constantFrom(0x62, 0x64, 0x65, 0x67), fc.uint8Array({ maxLength: 60 }), (tag, rest) => {
        const n = events.length;
        dec.unit(sccpUnit(concat(Uint8Array.of(tag), rest), { calling: VLR, called: HLR }));
        expect(events.length).toBeGreaterThan(n);
      }),
      { numRuns: 2000 },
    );
  });

  it('truncation of a real dialogue message at every length: no throw, every cut flagged, the whole message clean', () => {
    const { feed, anomalies, counters } = setup();
    const full = tcBegin({
      otid: '01',
      dialogue: { pdu: 'aarq', acn: '0.4.0.0.1.0.28.3' },
      components: [{ type: 'invoke', invokeId: 1, opcode: 70, param: mapArg.provideSubscriberInfo({ imsi: IMSI }) }],
    });
    for (let n = 0; n < full.length; n++) {
      const before = anomalies.length;
      const notTcap = counters.get('tcap.not-tcap');
      const evs = feed(full.subarray(0, n));
      // An anomaly (on the event or on its own) or, for a cut inside the first TLV, the not-TCAP counter.
      const flagged = anomalies.length > before || evs.some((e) => e.anomalies.length > 0) || counters.get('tcap.not-tcap') > notTcap;
      expect(flagged, `cut at ${n} of ${full.length} passed silently`).toBe(true);
    }
    const before = anomalies.length;
    const whole = feed(full);
    expect(anomalies.length).toBe(before);
    expect(whole.map((e) => [e.component?.op, e.subscriber?.imsi, e.anomalies])).toEqual([['provideSubscriberInfo', IMSI, []]]);
  });
});
