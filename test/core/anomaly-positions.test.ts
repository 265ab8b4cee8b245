/**
 * Anomaly details name positions inside the message (TCAP and Diameter from the message's first
 * octet, MAP from the parameter's), never in the caller's buffer: the same malformed message gives
 * the same event JSON whether a capture is pushed whole or a byte at a time, or sits anywhere in a
 * chunk or a reassembly buffer. Mutated valid messages and random octets, decoded at the start of
 * a buffer and after a prefix, must give identical anomaly lists.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeDiameterMessage } from '../../src/diameter/codec.js';
import { decodeDiameter, newDiameterFields } from '../../src/diameter/fields.js';
import { avp, buildDiameter, group } from '../../src/encode/diameter.js';
import { imsiBytes, isdnBytes } from '../../src/encode/map.js';
import { tcBegin } from '../../src/encode/tcap.js';
import { tlv } from '../../src/encode/ber.js';
import { concat } from '../../src/encode/bytes.js';
import { decodeMapArgument } from '../../src/ss7/map/decode.js';
import { decodeTcap } from '../../src/ss7/tcap.js';
import { newTcapMessage } from '../../src/ss7/tcap-message.js';
import { embed } from '../support/ss7.js';

/** A MAP SendRoutingInfoForSM argument (TS 29.002 §17.7.5 RoutingInfoForSM-Arg): msisdn [0], SM-RP-PRI [1], serviceCentreAddress [2], imsi [6]. */
const SRI_SM_ARG = tlv(
  0,
  true,
  16,
  concat(
    tlv(2, false, 0, isdnBytes('12025550100')),
    tlv(2, false, 1, Uint8Array.of(0xff)),
    tlv(2, false, 2, isdnBytes('8613800138000')),
    tlv(2, false, 6, imsiBytes('310410123456789')),
  ),
);
const TCAP_BEGIN = tcBegin({ otid: '0a0b0c0d', components: [{ type: 'invoke', invokeId: 1, opcode: 45, param: SRI_SM_ARG }] });
const DIAMETER = buildDiameter({
  cmd: 316,
  app: 16777251,
  request: true,
  avps: [
    avp(263, 'host;1;2'),
    avp(264, 'mme.example.org'),
    avp(296, 'example.org'),
    avp(1, '310410123456789'),
    group(260, [avp(266, 10415), avp(258, 16777251)]),
  ],
});

/** Every anomaly the decoders report for `msg` placed after `pad` octets of 0xee. */
function anomaliesAt(msg: Uint8Array, pad: number): string {
  const { bytes, view, start, end } = embed(msg, pad);
  const t = newTcapMessage();
  decodeTcap(view, start, end, t);
  const f = newDiameterFields();
  decodeDiameter(view, start, end, f);
  const d = decodeDiameterMessage(bytes, start, end);
  const m = decodeMapArgument(45, 'arg', view, bytes, start, end);
  return JSON.stringify([t.anomalies, t.components.map((c) => c.anomalies), f.anomalies, d.anomalies, m.anomalies]);
}

/** `base` with up to 4 octets overwritten (a mutated valid message), or random octets. */
const message = fc.oneof(
  fc
    .tuple(fc.constantFrom(TCAP_BEGIN, DIAMETER, SRI_SM_ARG), fc.array(fc.tuple(fc.nat(), fc.nat(255)), { minLength: 1, maxLength: 4 }))
    .map(([base, edits]) => {
      const b = Uint8Array.from(base);
      for (const [i, v] of edits) b[i % b.length] = v;
      return b;
    }),
  fc.uint8Array({ minLength: 1, maxLength: 80 }),
);

describe('anomaly positions', () => {
  it('are counted inside the message, wherever it sits in the buffer', () => {
    let withDetails = 0;
    fc.assert(
      fc.property(message, fc.integer({ min: 1, max: 5000 }), (msg, pad) => {
        const here = anomaliesAt(msg, 0);
        expect(anomaliesAt(msg, pad)).toBe(here);
        if (/ at (offset )?\d/.test(here)) withDetails++;
      }),
      { numRuns: 1500 },
    );
    // The property must have met details that name a position (else it could not fail).
    expect(withDetails).toBeGreaterThan(50);
  });
});
