/**
 * Red-team round 17 J5: a SubscriberIdentity CHOICE (TS 29.002 §17.7.1: imsi [0] | msisdn [1]; ATI subscriberIdentity [0],
 * SRI-for-LCS targetMS [1]) holding two alternatives, a decoy MSISDN first and the victim's MSISDN or IMSI after it: the
 * first was the subscriber and the second dropped silently. X.680 §29 gives a CHOICE value one alternative: now the
 * argument is reported malformed and every alternative is kept for the detector to judge (OwnIdentities.repeated).
 */
import { describe, expect, it } from 'vitest';
import { encodeTbcd } from '../../../src/asn1/tbcd.js';
import { concat } from '../../../src/encode/bytes.js';
import { ctx, ctxc, seq } from '../../../src/encode/ber.js';
import { decodeMapArgument } from '../../../src/ss7/map/decode.js';

const address = (digits: string) => concat(Uint8Array.of(0x91), encodeTbcd(digits));
const DECOY = '12025550999';
const VICTIM = '12025550123';
const VICTIM_IMSI = '310410100000123';

/** anyTimeInterrogation (opcode 71) argument with the given CHOICE alternatives. */
const ati = (...alternatives: Uint8Array[]) => seq(ctxc(0, ...alternatives), ctxc(1, ctx(0, new Uint8Array(0))), ctx(3, address('8613800000001')));

function decode(param: Uint8Array) {
  const r = decodeMapArgument(71, 'arg', new DataView(param.buffer), param, 0, param.length);
  return { subscriber: r.subscriber, codes: r.anomalies.map((a) => a.code), e164: r.e164s, imsis: r.imsis };
}

describe('red-team round 17 J5: a CHOICE with two alternatives', () => {
  it('control: one alternative, nothing else to judge, no anomaly', () => {
    expect(decode(ati(ctx(1, address(VICTIM))))).toMatchObject({ subscriber: { msisdn: VICTIM }, codes: [] });
  });

  it('{msisdn decoy, msisdn victim}: reported, the victim listed (judged: detect/engine.ts, /tmp/rt17 J5 captures)', () => {
    const out = decode(ati(ctx(1, address(DECOY)), ctx(1, address(VICTIM))));
    expect(out.subscriber).toEqual({ msisdn: DECOY });
    expect(out.e164).toContain(VICTIM);
    expect(out.codes).toEqual(['map.bad-argument', 'map.repeated-field']);
  });

  it('{msisdn decoy, imsi victim}: reported, the victim\u2019s IMSI kept for judging as the subscriber alone', () => {
    const out = decode(ati(ctx(1, address(DECOY)), ctx(0, encodeTbcd(VICTIM_IMSI))));
    expect(out.subscriber).toEqual({ msisdn: DECOY });
    expect(out.imsis).toContain(VICTIM_IMSI);
    expect(out.codes).toEqual(['map.bad-argument']);
  });
});
