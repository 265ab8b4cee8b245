/**
 * Forged TCAP messages with a guessed transaction id must not bind identities to a victim's
 * dialogue (the attacker who wants the detector blind or misled). The lookup by transaction id
 * alone (GT translation changed the address form) needs corroboration: the other address form,
 * the same SSN and the same MTP point code as the node that allocated the id; a Continue naming a
 * dialogue whose two transaction ids are known must come from one of them. Refusals are counted
 * (`tcap.dialogues.uncorroborated`) and reported (`tcap.dialogue-uncorroborated`).
 */
import { describe, expect, it } from 'vitest';
import type { Anomaly } from '../../src/core/anomaly.js';
import { FrameIndexer } from '../../src/core/frame-index.js';
import { Counters } from '../../src/core/stats.js';
import type { Ss7Event } from '../../src/events/types.js';
import { seq } from '../../src/encode/ber.js';
import { mapArg, mapRes } from '../../src/encode/map.js';
import { tcBegin, tcContinue, tcEnd } from '../../src/encode/tcap.js';
import { TcapDecoder } from '../../src/ss7/tcap-decoder.js';
import { sccpUnit, type UnitSpec } from '../support/units.js';

const VLR = { gt: '491720000000', ssn: 7 };
const HLR = { gt: '441234567890', ssn: 6 };
const ATTACKER = { gt: '23299000001', ssn: 6 };
const IMSI = '234101234567890';
const MSISDN = '447712345678';
const FORGED_MSISDN = '23299123456';
const ACN = '0.4.0.0.1.0.1.3';
/** MTP labels as captured on the VLR's link: VLR (PC 100) ↔ STP (PC 200). */
const VLR_TO_STP = { opc: 100, dpc: 200 };
const STP_TO_VLR = { opc: 200, dpc: 100 };

function setup(limits = {}) {
  const events: Ss7Event[] = [];
  const anomalies: Anomaly[] = [];
  const counters = new Counters();
  const dec = new TcapDecoder({ onEvent: (e) => events.push(e), indexer: new FrameIndexer(), onAnomaly: (a) => anomalies.push(a), counters, limits });
  const feed = (b: Uint8Array, s: UnitSpec): Ss7Event[] => {
    const n = events.length;
    dec.unit(sccpUnit(b, s));
    return events.slice(n);
  };
  return { dec, events, anomalies, counters, feed };
}

const begin = () =>
  tcBegin({
    otid: 'a0000001',
    dialogue: { pdu: 'aarq', acn: ACN },
    components: [{ type: 'invoke', invokeId: 1, opcode: 2, param: mapArg.updateLocation({ imsi: IMSI, mscNumber: VLR.gt, vlrNumber: VLR.gt }) }],
  });
const isd = (otid: string, msisdn: string) =>
  tcContinue({
    otid,
    dtid: 'a0000001',
    dialogue: { pdu: 'aare', acn: ACN },
    components: [{ type: 'invoke', invokeId: 1, opcode: 7, param: mapArg.insertSubscriberData({ msisdn, category: 0x0a }) }],
  });
const isdResult = () => tcContinue({ otid: 'a0000001', dtid: 'b0000001', components: [{ type: 'returnResultLast', invokeId: 1, opcode: 7, param: seq() }] });
const ulResult = () =>
  tcEnd({ dtid: 'a0000001', components: [{ type: 'returnResultLast', invokeId: 1, opcode: 2, param: mapRes.hlrNumber({ hlrNumber: HLR.gt }) }] });

const refused = (counters: Counters, anomalies: Anomaly[]) => ({
  counted: counters.get('tcap.dialogues.uncorroborated'),
  reported: anomalies.filter((a) => a.code === 'tcap.dialogue-uncorroborated').length,
});

describe('forged TCAP messages with a guessed transaction id', () => {
  it('a Continue found by its tid alone from another network (other SSN and point code) does not attach its MSISDN to the UL dialogue', () => {
    const { feed, counters, anomalies } = setup();
    feed(begin(), { frameNo: 1, calling: VLR, called: HLR, mtp: VLR_TO_STP });
    // The attacker addresses the VLR by PC+SSN (no GT), so only the tid index can find the dialogue.
    const [forged] = feed(isd('dead0001', FORGED_MSISDN), {
      frameNo: 2,
      calling: ATTACKER,
      called: { gt: undefined as unknown as string, pc: 4242, ssn: 8 },
      mtp: { opc: 4242, dpc: 4243 },
    });
    expect(forged!.subscriber).toEqual({ msisdn: FORGED_MSISDN });
    expect(forged!.tcap.acn).toBe(ACN); // its own dialogue portion, not the victim's
    const [end] = feed(ulResult(), { frameNo: 3, calling: HLR, called: VLR, mtp: STP_TO_VLR });
    expect(end!.subscriber).toEqual({ imsi: IMSI });
    expect(refused(counters, anomalies)).toEqual({ counted: 1, reported: 1 });
    expect(anomalies.find((a) => a.code === 'tcap.dialogue-uncorroborated')).toMatchObject({ layer: 'tcap', frame: 2 });
  });

  it('a GT-translated answer (PC+SSN form) from the same point code and SSN is still found by its tid', () => {
    const { feed, counters, anomalies } = setup();
    feed(begin(), { frameNo: 1, calling: VLR, called: HLR, mtp: VLR_TO_STP });
    const [ev] = feed(isd('b0000001', MSISDN), {
      frameNo: 2,
      calling: HLR,
      called: { gt: undefined as unknown as string, pc: 100, ssn: 7 },
      mtp: STP_TO_VLR,
    });
    expect(ev!.subscriber).toEqual({ imsi: IMSI, msisdn: MSISDN });
    expect(refused(counters, anomalies)).toEqual({ counted: 0, reported: 0 });
  });

  it('same address form (two different GTs) is another node, not GT translation: refused', () => {
    const { feed, counters, anomalies } = setup();
    feed(begin(), { frameNo: 1, calling: VLR, called: HLR, mtp: VLR_TO_STP });
    feed(isd('dead0001', FORGED_MSISDN), { frameNo: 2, calling: ATTACKER, called: { gt: '491729999999', ssn: 7 }, mtp: STP_TO_VLR });
    const [end] = feed(ulResult(), { frameNo: 3, calling: HLR, called: VLR, mtp: STP_TO_VLR });
    expect(end!.subscriber).toEqual({ imsi: IMSI });
    expect(refused(counters, anomalies).counted).toBe(1);
  });

  it('orphan spray: a Begin does not join an orphan found by tid alone unless corroborated', () => {
    const { feed, counters, anomalies } = setup();
    // Sprayed Continue to a PC+SSN address with the tid the VLR will allocate next.
    feed(isd('dead0001', FORGED_MSISDN), {
      frameNo: 1,
      calling: ATTACKER,
      called: { gt: undefined as unknown as string, pc: 4242, ssn: 8 },
      mtp: { opc: 4242, dpc: 4243 },
    });
    const [ul] = feed(begin(), { frameNo: 2, calling: VLR, called: HLR, mtp: VLR_TO_STP });
    expect(ul!.subscriber).toEqual({ imsi: IMSI });
    expect(counters.get('tcap.dialogues.reordered')).toBe(0);
    expect(refused(counters, anomalies)).toEqual({ counted: 1, reported: 1 });
  });

  it('reordering across a GT translation still joins when corroborated (PC+SSN answer captured before the Begin)', () => {
    const { feed, counters } = setup();
    feed(isd('b0000001', MSISDN), { frameNo: 1, calling: HLR, called: { gt: undefined as unknown as string, pc: 100, ssn: 7 }, mtp: STP_TO_VLR });
    const [ul] = feed(begin(), { frameNo: 2, calling: VLR, called: HLR, mtp: VLR_TO_STP });
    expect(ul!.subscriber).toEqual({ imsi: IMSI, msisdn: MSISDN });
    expect(counters.get('tcap.dialogues.reordered')).toBe(1);
  });

  it('a Continue whose DTID matches a dialogue with both transaction ids known, from a third tid: no identity merged, no key registered', () => {
    const { feed, counters, anomalies } = setup();
    feed(begin(), { frameNo: 1, calling: VLR, called: HLR, mtp: VLR_TO_STP });
    feed(isd('b0000001', MSISDN), { frameNo: 2, calling: HLR, called: VLR, mtp: STP_TO_VLR });
    // The attacker addresses the VLR exactly (its GT) with the guessed DTID and its own OTID.
    const [forged] = feed(isd('dead0001', FORGED_MSISDN), { frameNo: 3, calling: ATTACKER, called: VLR, mtp: STP_TO_VLR });
    expect(forged!.subscriber).toEqual({ msisdn: FORGED_MSISDN });
    const [res] = feed(isdResult(), { frameNo: 4, calling: VLR, called: HLR, mtp: VLR_TO_STP });
    expect(res!.subscriber).toEqual({ imsi: IMSI, msisdn: MSISDN });
    expect(res!.component).toMatchObject({ opcode: 7 });
    const [end] = feed(ulResult(), { frameNo: 5, calling: HLR, called: VLR, mtp: STP_TO_VLR });
    expect(end!.subscriber).toEqual({ imsi: IMSI, msisdn: MSISDN });
    expect(refused(counters, anomalies)).toEqual({ counted: 1, reported: 1 });
  });

  it("an End with the dialogue's tid from a node that is not its other side neither closes it nor joins it", () => {
    const { feed, counters, anomalies, dec } = setup();
    feed(begin(), { frameNo: 1, calling: VLR, called: HLR, mtp: VLR_TO_STP });
    feed(isd('b0000001', MSISDN), { frameNo: 2, calling: HLR, called: VLR, mtp: STP_TO_VLR });
    const [forged] = feed(ulResult(), { frameNo: 3, calling: ATTACKER, called: VLR, mtp: STP_TO_VLR });
    expect(forged!.subscriber).toEqual({});
    expect(forged!.component).not.toHaveProperty('opcodeFromDialogue');
    expect(dec.dialogueCount).toBe(1);
    const [res] = feed(isdResult(), { frameNo: 4, calling: VLR, called: HLR, mtp: VLR_TO_STP });
    expect(res!.subscriber).toEqual({ imsi: IMSI, msisdn: MSISDN });
    const [end] = feed(ulResult(), { frameNo: 5, calling: HLR, called: VLR, mtp: STP_TO_VLR });
    expect(end!.subscriber).toEqual({ imsi: IMSI, msisdn: MSISDN });
    expect(dec.dialogueCount).toBe(0);
    expect(refused(counters, anomalies)).toEqual({ counted: 1, reported: 1 });
  });

  it("the same side's tid under another address form is accepted only when corroborated", () => {
    const { feed, counters } = setup();
    feed(begin(), { frameNo: 1, calling: VLR, called: HLR, mtp: VLR_TO_STP });
    feed(isd('b0000001', MSISDN), { frameNo: 2, calling: HLR, called: VLR, mtp: STP_TO_VLR });
    // The HLR's tid from a PC+SSN address at another point code: not the HLR.
    const [forged] = feed(isd('b0000001', FORGED_MSISDN), {
      frameNo: 3,
      calling: { gt: undefined as unknown as string, pc: 4242, ssn: 6 },
      called: VLR,
      mtp: { opc: 4242, dpc: 100 },
    });
    expect(forged!.subscriber).toEqual({ msisdn: FORGED_MSISDN });
    const [end] = feed(ulResult(), { frameNo: 4, calling: HLR, called: VLR, mtp: STP_TO_VLR });
    expect(end!.subscriber).toEqual({ imsi: IMSI, msisdn: MSISDN });
    expect(counters.get('tcap.dialogues.uncorroborated')).toBe(1);
  });

  it("orphan spray at the Begin's exact key: a sprayed Continue to the VLR with its next tid is not joined to the UL dialogue", () => {
    const { feed, counters, anomalies } = setup();
    // The attacker addresses the VLR exactly (its GT) with the tid it will allocate: the orphan is
    // stored under the very (node, tid) key the Begin registers.
    feed(isd('dead0001', FORGED_MSISDN), { frameNo: 1, calling: ATTACKER, called: VLR, mtp: STP_TO_VLR });
    const [ul] = feed(begin(), { frameNo: 2, calling: VLR, called: HLR, mtp: VLR_TO_STP });
    expect(ul!.subscriber).toEqual({ imsi: IMSI }); // not the forged MSISDN
    expect(counters.get('tcap.dialogues.reordered')).toBe(0);
    expect(refused(counters, anomalies)).toEqual({ counted: 1, reported: 1 });
    expect(anomalies.find((a) => a.code === 'tcap.dialogue-uncorroborated')).toMatchObject({ layer: 'tcap', frame: 2 });
    // The real answer still finds the UL dialogue; the forged MSISDN never reaches it.
    const [real] = feed(isd('b0000001', MSISDN), { frameNo: 3, calling: HLR, called: VLR, mtp: STP_TO_VLR });
    expect(real!.subscriber).toEqual({ imsi: IMSI, msisdn: MSISDN });
    const [end] = feed(ulResult(), { frameNo: 4, calling: HLR, called: VLR, mtp: STP_TO_VLR });
    expect(end!.subscriber).toEqual({ imsi: IMSI, msisdn: MSISDN });
  });

  it("orphan spray at the Begin's exact key: a sprayed End neither joins nor closes the real dialogue", () => {
    const { feed, counters, dec } = setup();
    feed(ulResult(), { frameNo: 1, calling: ATTACKER, called: VLR, mtp: STP_TO_VLR });
    feed(begin(), { frameNo: 2, calling: VLR, called: HLR, mtp: VLR_TO_STP });
    // Joined, the ended orphan would have closed the UL dialogue right after the Begin.
    expect(dec.dialogueCount).toBe(1);
    const [real] = feed(isd('b0000001', MSISDN), { frameNo: 3, calling: HLR, called: VLR, mtp: STP_TO_VLR });
    expect(real!.subscriber).toEqual({ imsi: IMSI, msisdn: MSISDN });
    expect(counters.get('tcap.dialogues.reordered')).toBe(0);
    expect(counters.get('tcap.dialogues.uncorroborated')).toBe(1);
  });

  it("reordering at the exact key still joins when the Begin is addressed to the orphan's sender in its other address form", () => {
    const { feed, counters } = setup();
    // The HLR's ISD captured first; the VLR's Begin addresses the HLR by PC+SSN at the same point code and SSN.
    feed(isd('b0000001', MSISDN), { frameNo: 1, calling: HLR, called: VLR, mtp: STP_TO_VLR });
    const [ul] = feed(begin(), { frameNo: 2, calling: VLR, called: { gt: undefined as unknown as string, pc: 200, ssn: 6 }, mtp: VLR_TO_STP });
    expect(ul!.subscriber).toEqual({ imsi: IMSI, msisdn: MSISDN });
    expect(counters.get('tcap.dialogues.reordered')).toBe(1);
    expect(counters.get('tcap.dialogues.uncorroborated')).toBe(0);
  });
});
