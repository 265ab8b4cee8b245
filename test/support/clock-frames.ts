/**
 * Test-only frames for the capture-clock tests (test/state/time-jump.test.ts, capture-clocks.test.ts; red-team rounds 16 I4 and
 * 17 K2, K2b, K2d, J3): the victim 310410100000123 / +12025550123 registered in GB by the home HLR, routine home traffic, the
 * victim's SRI from China, an unanswered UL from a Chinese VLR and an attacker's ATI with a forged TC-END. Encoders: src/encode.
 */
import * as E from '../../src/encode/index.js';
import { type Party, ss7Frame } from './ss7-frames.js';

const HLR: Party = { gt: '12025550001', ssn: 6 };
export const UK_VLR: Party = { gt: '447785000011', ssn: 7 };
const CN_VLR: Party = { gt: '8613900000011', ssn: 7 };
const VICTIM = '12025550123';
const VICTIM_IMSI = '310410100000123';
const UL_AC = '0.4.0.0.1.0.1.3';
const ATI_AC = '0.4.0.0.1.0.29.3';
const HLR_LABEL = { opc: 200, ni: 2, dpc: 100 };

/** A UL dialogue of the victim from `vlr` (otid `otid`; the HLR's own tid `hlrTid`): UL Begin, ISD, its result, UL result. */
export function registrationFrom(vlr: Party, otid: string, hlrTid: string): Uint8Array[] {
  return [
    ss7Frame(
      E.tcBegin({
        otid,
        dialogue: { pdu: 'aarq', acn: UL_AC },
        components: [{ type: 'invoke', invokeId: 1, opcode: 2, param: E.mapArg.updateLocation({ imsi: VICTIM_IMSI, mscNumber: vlr.gt, vlrNumber: vlr.gt }) }],
      }),
      vlr,
      HLR,
    ),
    ss7Frame(
      E.tcContinue({
        otid: hlrTid,
        dtid: otid,
        dialogue: { pdu: 'aare', acn: UL_AC },
        components: [{ type: 'invoke', invokeId: 1, opcode: 7, param: E.mapArg.insertSubscriberData({ msisdn: VICTIM }) }],
      }),
      HLR,
      vlr,
      HLR_LABEL,
    ),
    ss7Frame(E.tcContinue({ otid, dtid: hlrTid, components: [{ type: 'returnResultLast', invokeId: 1 }] }), vlr, HLR),
    ss7Frame(
      E.tcEnd({ dtid: otid, components: [{ type: 'returnResultLast', invokeId: 1, opcode: 2, param: E.mapRes.hlrNumber({ hlrNumber: HLR.gt }) }] }),
      HLR,
      vlr,
      HLR_LABEL,
    ),
  ];
}

/** The victim's registration in GB (UL, ISD, UL result): seconds 0-2 of the time-jump tests. */
export const registration = (() => {
  const [begin, isd, , end] = registrationFrom(UK_VLR, '0a000122', '0a000127');
  return [begin!, isd!, end!];
})();

/** A routine home SRI-for-SM (no alert of its own): filler, or the frame stamped far ahead. */
export const routine = (otid: string): Uint8Array =>
  ss7Frame(
    E.tcBegin({
      otid,
      dialogue: { pdu: 'aarq', acn: '0.4.0.0.1.0.20.3' },
      components: [{ type: 'invoke', invokeId: 1, opcode: 45, param: E.mapArg.sendRoutingInfoForSM({ msisdn: '12025550777', pri: true, sca: '12025550200' }) }],
    }),
    { gt: '12025550200', ssn: 8 },
    HLR,
  );

/** The victim's SRI from a Chinese GMSC. */
export const sri = ss7Frame(
  E.tcBegin({
    otid: '0c000001',
    dialogue: { pdu: 'aarq', acn: '0.4.0.0.1.0.5.3' },
    components: [{ type: 'invoke', invokeId: 1, opcode: 22, param: E.mapArg.sendRoutingInfo({ msisdn: VICTIM, gmscAddress: '8613900000050' }) }],
  }),
  { gt: '8613900000050', ssn: 8 },
  HLR,
);

/** The victim's UL from the Chinese VLR, its answer not on the capture (a registration claim: trusted after 30 s). */
export const unansweredUl = registrationFrom(CN_VLR, '0e000001', '0e000002')[0]!;

const SCF: Party = { gt: '8613800000001', ssn: 147 };
const ATI_TID = '1e000001';
/** The attacker's ATI for the victim from a Chinese gsmSCF (cat1 from outside: its dialogue is flagged). */
export const atiBegin = ss7Frame(
  E.tcBegin({
    otid: ATI_TID,
    dialogue: { pdu: 'aarq', acn: ATI_AC },
    components: [{ type: 'invoke', invokeId: 1, opcode: 71, param: E.mapArg.anyTimeInterrogation({ msisdn: VICTIM, gsmScfAddress: SCF.gt }) }],
  }),
  SCF,
  HLR,
  { opc: 300, ni: 2, dpc: 200 },
);
/** Its forged TC-END "from the HLR", locating the victim at the Chinese VLR: the flag gate must keep it out. */
export const atiForgedEnd = ss7Frame(
  E.tcEnd({
    dtid: ATI_TID,
    dialogue: { pdu: 'aare', acn: ATI_AC },
    components: [
      {
        type: 'returnResultLast',
        invokeId: 1,
        opcode: 71,
        param: E.mapRes.subscriberInfo({ location: { age: 0, vlrNumber: CN_VLR.gt, mscNumber: CN_VLR.gt } }),
      },
    ],
  }),
  HLR,
  SCF,
  { opc: 200, ni: 2, dpc: 300 },
);
