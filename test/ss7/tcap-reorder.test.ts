/**
 * Reordering (issue 15): a TCAP dialogue whose Continue or End is captured before its Begin
 * (M3UA load sharing over several SCTP associations, merged multi-link captures) is joined when
 * the Begin arrives within limits.reorderWaitSec; the Begin's event carries the identities the
 * earlier halves made known; an expired wait is counted.
 */
import { describe, expect, it } from 'vitest';
import type { Anomaly } from '../../src/core/anomaly.js';
import { FrameIndexer } from '../../src/core/frame-index.js';
import { Counters } from '../../src/core/stats.js';
import type { Ss7Event } from '../../src/events/types.js';
import { TcapDecoder } from '../../src/ss7/tcap-decoder.js';
import { seq } from '../../src/encode/ber.js';
import { mapArg, mapRes } from '../../src/encode/map.js';
import { tcBegin, tcContinue, tcEnd } from '../../src/encode/tcap.js';
import { sccpUnit } from '../support/units.js';

const VLR = { gt: '491720000000', ssn: 7 };
const HLR = { gt: '441234567890', ssn: 6 };
const IMSI = '234101234567890';
const MSISDN = '447712345678';
const ACN = '0.4.0.0.1.0.1.3';

function setup(limits = {}) {
  const events: Ss7Event[] = [];
  const anomalies: Anomaly[] = [];
  const counters = new Counters();
  const dec = new TcapDecoder({ onEvent: (e) => events.push(e), indexer: new FrameIndexer(), counters, limits, onAnomaly: (a) => anomalies.push(a) });
  return { dec, events, counters, anomalies };
}

const begin = () =>
  tcBegin({
    otid: 'a0000001',
    dialogue: { pdu: 'aarq', acn: ACN },
    components: [{ type: 'invoke', invokeId: 1, opcode: 2, param: mapArg.updateLocation({ imsi: IMSI, mscNumber: VLR.gt, vlrNumber: VLR.gt }) }],
  });
const isd = () =>
  tcContinue({
    otid: 'b0000001',
    dtid: 'a0000001',
    dialogue: { pdu: 'aare', acn: ACN },
    components: [{ type: 'invoke', invokeId: 1, opcode: 7, param: mapArg.insertSubscriberData({ msisdn: MSISDN, category: 0x0a }) }],
  });
const isdResult = () => tcContinue({ otid: 'a0000001', dtid: 'b0000001', components: [{ type: 'returnResultLast', invokeId: 1, opcode: 7, param: seq() }] });
const ulResult = () =>
  tcEnd({ dtid: 'a0000001', components: [{ type: 'returnResultLast', invokeId: 1, opcode: 2, param: mapRes.hlrNumber({ hlrNumber: HLR.gt }) }] });

describe('TCAP dialogues captured out of order', () => {
  it('Continue (ISD) before Begin (UL) at the same timestamp: one dialogue, the UL event carries IMSI and MSISDN', () => {
    const { dec, events, counters } = setup();
    dec.unit(sccpUnit(isd(), { frameNo: 1, tsSec: 100, calling: HLR, called: VLR }));
    dec.unit(sccpUnit(begin(), { frameNo: 2, tsSec: 100, calling: VLR, called: HLR }));
    dec.unit(sccpUnit(isdResult(), { frameNo: 3, tsSec: 100, calling: VLR, called: HLR }));
    dec.unit(sccpUnit(ulResult(), { frameNo: 4, tsSec: 100, calling: HLR, called: VLR }));
    // The ISD was emitted as captured (MSISDN only); nothing is rewritten.
    expect(events[0]!.subscriber).toEqual({ msisdn: MSISDN });
    expect(events[1]!.component?.op).toBe('updateLocation');
    expect(events[1]!.subscriber).toEqual({ imsi: IMSI, msisdn: MSISDN });
    expect(events[2]!.subscriber).toEqual({ imsi: IMSI, msisdn: MSISDN });
    expect(events[3]!.subscriber).toEqual({ imsi: IMSI, msisdn: MSISDN });
    expect(events[3]!.component).toMatchObject({ opcode: 2 });
    expect(counters.get('tcap.dialogues.reordered')).toBe(1);
    expect(dec.dialogueCount).toBe(0);
  });

  it('End before Begin: joined, the dialogue closes once the Begin is processed', () => {
    const { dec, events, counters } = setup();
    dec.unit(sccpUnit(isd(), { frameNo: 1, tsSec: 100, calling: HLR, called: VLR }));
    dec.unit(sccpUnit(ulResult(), { frameNo: 2, tsSec: 100, calling: HLR, called: VLR }));
    expect(dec.dialogueCount).toBe(1);
    dec.unit(sccpUnit(begin(), { frameNo: 3, tsSec: 101, calling: VLR, called: HLR }));
    expect(events[2]!.subscriber).toEqual({ imsi: IMSI, msisdn: MSISDN });
    expect(counters.get('tcap.dialogues.reordered')).toBe(1);
    expect(dec.dialogueCount).toBe(0);
  });

  it('the wait is bounded: a Begin after limits.reorderWaitSec opens a new dialogue; the expiry is counted', () => {
    const { dec, events, counters } = setup({ reorderWaitSec: 2 });
    dec.unit(sccpUnit(isd(), { frameNo: 1, tsSec: 100, calling: HLR, called: VLR }));
    dec.unit(sccpUnit(ulResult(), { frameNo: 2, tsSec: 100, calling: HLR, called: VLR }));
    dec.unit(sccpUnit(begin(), { frameNo: 3, tsSec: 103, calling: VLR, called: HLR }));
    expect(events[2]!.subscriber).toEqual({ imsi: IMSI });
    expect(counters.get('tcap.dialogues.reorder-expired')).toBe(1);
    expect(counters.get('tcap.dialogues.reordered')).toBe(0);
  });

  it('orphans still waiting when the input ends are counted as expired (an End orphan is closed)', () => {
    const { dec, counters } = setup({ reorderWaitSec: 5 });
    dec.unit(sccpUnit(isd(), { frameNo: 1, tsSec: 100, calling: HLR, called: VLR }));
    dec.unit(sccpUnit(tcEnd({ dtid: 'a0000002' }), { frameNo: 2, tsSec: 100, calling: HLR, called: VLR }));
    expect(dec.pendingOrphans).toBe(2);
    expect(counters.get('tcap.dialogues.reorder-expired')).toBe(0);
    dec.end();
    expect(counters.get('tcap.dialogues.reorder-expired')).toBe(2);
    expect(dec.pendingOrphans).toBe(0);
    expect(dec.dialogueCount).toBe(1); // the Continue's dialogue lives on; the End's is closed
    dec.end(); // idempotent
    expect(counters.get('tcap.dialogues.reorder-expired')).toBe(2);
  });

  it("a Begin that reuses a finished dialogue's tid in order opens a new dialogue (no join)", () => {
    const { dec, events } = setup();
    dec.unit(sccpUnit(begin(), { frameNo: 1, tsSec: 100, calling: VLR, called: HLR }));
    dec.unit(sccpUnit(ulResult(), { frameNo: 2, tsSec: 100, calling: HLR, called: VLR }));
    dec.unit(sccpUnit(begin(), { frameNo: 3, tsSec: 100, calling: VLR, called: HLR }));
    expect(events[2]!.subscriber).toEqual({ imsi: IMSI });
    expect(dec.dialogueCount).toBe(1);
  });

  it('orphans stay bounded by limits.dialogues', () => {
    const { dec, counters } = setup({ dialogues: 8 });
    for (let i = 0; i < 100; i++) {
      const tid = (0xc0000000 + i).toString(16);
      dec.unit(
        sccpUnit(tcEnd({ dtid: tid, components: [{ type: 'returnResultLast', invokeId: 1, opcode: 2, param: mapRes.hlrNumber({ hlrNumber: HLR.gt }) }] }), {
          frameNo: i + 1,
          tsSec: 100,
          calling: HLR,
          called: VLR,
        }),
      );
    }
    expect(dec.dialogueCount).toBeLessThanOrEqual(8);
    expect(counters.get('tcap.dialogues.evicted')).toBeGreaterThan(0);
  });
});

/**
 * A Begin is often routed on a GT that is not the answering node's own (E.214 MGT of the IMSI for
 * UpdateLocation/SendAuthInfo, the MSISDN for SRI), while the HLR answers from its own GT: the
 * join is corroborated by the E.164 country code (tcap-dialogues.ts, sameCountry).
 */
describe('reordering when the Begin is routed on a GT other than the answering node', () => {
  /** E.214 MGT of the IMSI's network (CC 44 + NC + MSIN): the HLR's country, not its GT. */
  const MGT = { gt: '447101234567890', ssn: 6 };
  const uncorroborated = (anomalies: Anomaly[]) => anomalies.filter((a) => a.code === 'tcap.dialogue-uncorroborated').length;

  it('UpdateLocation routed on the E.214 MGT: the ISD captured first is joined', () => {
    const { dec, events, counters, anomalies } = setup();
    dec.unit(sccpUnit(isd(), { frameNo: 1, tsSec: 100, calling: HLR, called: VLR }));
    dec.unit(sccpUnit(begin(), { frameNo: 2, tsSec: 100, calling: VLR, called: MGT }));
    dec.unit(sccpUnit(isdResult(), { frameNo: 3, tsSec: 100, calling: VLR, called: HLR }));
    dec.unit(sccpUnit(ulResult(), { frameNo: 4, tsSec: 100, calling: HLR, called: VLR }));
    expect(events.map((e) => e.subscriber)).toEqual([
      { msisdn: MSISDN },
      { imsi: IMSI, msisdn: MSISDN },
      { imsi: IMSI, msisdn: MSISDN },
      { imsi: IMSI, msisdn: MSISDN },
    ]);
    expect(counters.get('tcap.dialogues.reordered')).toBe(1);
    expect(counters.get('tcap.dialogues.uncorroborated')).toBe(0);
    expect(uncorroborated(anomalies)).toBe(0);
  });

  it('SendRoutingInfo routed on the MSISDN: the End captured first is joined', () => {
    const { dec, events, counters, anomalies } = setup();
    const GMSC = { gt: '491720000099', ssn: 8 };
    const sriAcn = '0.4.0.0.1.0.5.3';
    const sriEnd = tcEnd({
      dtid: 'c0000001',
      components: [
        { type: 'returnResultLast', invokeId: 1, opcode: 22, param: mapRes.sendRoutingInfo({ imsi: IMSI, roamingNumber: '447700000001', v2: true }) },
      ],
    });
    const sriBegin = tcBegin({
      otid: 'c0000001',
      dialogue: { pdu: 'aarq', acn: sriAcn },
      components: [{ type: 'invoke', invokeId: 1, opcode: 22, param: mapArg.sendRoutingInfo({ msisdn: MSISDN, gmscAddress: GMSC.gt }) }],
    });
    dec.unit(sccpUnit(sriEnd, { frameNo: 1, tsSec: 100, calling: HLR, called: GMSC }));
    dec.unit(sccpUnit(sriBegin, { frameNo: 2, tsSec: 100, calling: GMSC, called: { gt: MSISDN, ssn: 6 } }));
    expect(events[1]!.subscriber).toEqual({ imsi: IMSI, msisdn: MSISDN });
    expect(counters.get('tcap.dialogues.reordered')).toBe(1);
    expect(uncorroborated(anomalies)).toBe(0);
    expect(dec.dialogueCount).toBe(0); // the ended orphan closed once joined
  });

  it('a spray from another country to the VLR is not joined by the MGT-routed Begin', () => {
    const { dec, events, counters, anomalies } = setup();
    const ATTACKER = { gt: '23299000001', ssn: 6 }; // CC 232, not the MGT's 44
    dec.unit(
      sccpUnit(
        tcContinue({
          otid: 'dead0001',
          dtid: 'a0000001',
          dialogue: { pdu: 'aare', acn: ACN },
          components: [{ type: 'invoke', invokeId: 1, opcode: 7, param: mapArg.insertSubscriberData({ msisdn: '23299123456', category: 0x0a }) }],
        }),
        { frameNo: 1, tsSec: 100, calling: ATTACKER, called: VLR },
      ),
    );
    dec.unit(sccpUnit(begin(), { frameNo: 2, tsSec: 100, calling: VLR, called: MGT }));
    expect(events[1]!.subscriber).toEqual({ imsi: IMSI });
    expect(counters.get('tcap.dialogues.reordered')).toBe(0);
    expect(counters.get('tcap.dialogues.uncorroborated')).toBe(1);
    expect(uncorroborated(anomalies)).toBe(1);
  });
});
