import { describe, expect, it } from 'vitest';
import { acCode, acName, camelOrInAc, mapAcn, parseMapAcn, underMapArc } from '../../../src/ss7/map/application-contexts.js';
import { hasMapDecoder } from '../../../src/ss7/map/decode.js';
import { mapErrorCode, mapErrorName } from '../../../src/ss7/map/errors.js';
import { MAP_OPERATIONS, opcodeOf, opName } from '../../../src/ss7/map/operations.js';

describe('MAP tables', () => {
  it('operation codes (TS 29.002 §17.5) and version-dependent names', () => {
    expect(opName(2)).toBe('updateLocation');
    expect(opName(83)).toBe('provideSubscriberLocation');
    expect(opName(46, 2)).toBe('forwardSM');
    expect(opName(46, 3)).toBe('mo-forwardSM');
    expect(opName(46)).toBe('mo-forwardSM');
    expect(opName(1)).toBeUndefined();
    expect(opcodeOf('forwardSM')).toBe(46);
    expect(opcodeOf('anyTimeInterrogation')).toBe(71);
  });

  it('opName (flat arrays) agrees with MAP_OPERATIONS for every opcode and version, odd opcodes included', () => {
    const ref = (code: number, v: number | undefined) => {
      const o = MAP_OPERATIONS[code];
      return o === undefined ? undefined : o.v1v2Name !== undefined && v !== undefined && v < 3 ? o.v1v2Name : o.name;
    };
    for (const code of [...Array.from({ length: 300 }, (_, i) => i), -1, 1.5, 2 ** 31, Number.NaN])
      for (const v of [undefined, 1, 2, 3, 4]) expect([code, v, opName(code, v)]).toEqual([code, v, ref(code, v)]);
  });

  it('every operation name maps back to its code; FS.11 categories of the location operations', () => {
    for (const [code, op] of Object.entries(MAP_OPERATIONS)) expect(opcodeOf(op.name)).toBe(Number(code));
    expect([MAP_OPERATIONS[71]!.fs11, MAP_OPERATIONS[70]!.fs11, MAP_OPERATIONS[2]!.fs11]).toEqual([1, 2, 3]);
  });

  it('every AC named by an operation exists (§17.3.3)', () => {
    for (const op of Object.values(MAP_OPERATIONS)) for (const [ac] of op.acs) expect(acName(acCode(ac as never)), `${op.name} ${ac}`).toBe(ac);
  });

  it('decoders exist for the location-relevant operations', () => {
    for (const op of [2, 3, 4, 7, 8, 22, 23, 24, 44, 45, 46, 56, 58, 59, 60, 67, 70, 71, 83, 85, 86]) expect(hasMapDecoder(op, 'arg'), String(op)).toBe(true);
    for (const op of [2, 4, 22, 23, 24, 45, 58, 70, 71, 83, 85]) expect(hasMapDecoder(op, 'res'), String(op)).toBe(true);
    for (const op of [10, 11, 12, 13, 14]) expect(hasMapDecoder(op, 'arg'), String(op)).toBe(true); // SS management (§17.7.4)
    expect(hasMapDecoder(18, 'arg')).toBe(false); // getPassword
  });

  it('application context names (0.4.0.0.1.0.<ac>.<version>)', () => {
    expect(parseMapAcn('0.4.0.0.1.0.1.3')).toEqual({ ac: 1, name: 'networkLocUp', version: 3 });
    expect(parseMapAcn('0.4.0.0.1.0.38.3')).toEqual({ ac: 38, name: 'locationSvcEnquiry', version: 3 });
    expect(parseMapAcn('0.4.0.0.1.0.50.1')).toBeUndefined(); // CAP v2 gsmSSF-to-gsmSCF
    expect(parseMapAcn('0.4.0.0.1.22.4.0')).toBeUndefined();
    expect(parseMapAcn('0.4.0.0.1.0.1')).toBeUndefined();
    expect(mapAcn('anyTimeInfoEnquiry', 3)).toBe('0.4.0.0.1.0.29.3');
  });

  it("CAMEL and IN application contexts are told from MAP's (review 11-A; ITU-T INAP: review 12-C note)", () => {
    // CAP v1/v2 under the MAP arc (TS 29.078 §6.1: 50, 51, 52), CAP v3/v4 (0.4.0.0.1.21/22), ETSI INAP (inDomain 0.4.0.1).
    for (const acn of ['0.4.0.0.1.0.50.1', '0.4.0.0.1.0.52.2', '0.4.0.0.1.21.3.50', '0.4.0.0.1.22.3.61', '0.4.0.1.1.1.0.0'])
      expect(camelOrInAc(acn), acn).toBe(true);
    // ITU-T INAP CS-1..CS-4: itu-t(0) recommendation(0) q(17) 1218 / 1228 / 1238 / 1248.
    for (const acn of ['0.0.17.1218.3.0.0', '0.0.17.1228.3.4.0', '0.0.17.1238.3.22.0', '0.0.17.1248.3.1.0']) expect(camelOrInAc(acn), acn).toBe(true);
    // MAP's own, another Q recommendation, a prefix that only looks alike: not CAMEL or IN.
    for (const acn of ['0.4.0.0.1.0.5.3', '0.4.0.0.1.0.500.1', '0.0.17.1219.3.0.0', '0.0.17.12180.1', '0.0.17.773.1.1.1', '1.2.3.4'])
      expect(camelOrInAc(acn), acn).toBe(false);
    expect(underMapArc('0.4.0.0.1.0.50.1')).toBe(false);
    expect(underMapArc('0.4.0.0.1.0.5.3')).toBe(true);
  });

  it('error codes (§17.6.6)', () => {
    expect(mapErrorName(27)).toBe('absentSubscriber');
    expect(mapErrorName(15)).toBe('cug-Reject');
    expect(mapErrorName(49)).toBe('ati-NotAllowed');
    expect(mapErrorName(999)).toBeUndefined();
    expect(mapErrorCode('unknownSubscriber')).toBe(1);
    expect(mapErrorCode('sm-DeliveryFailure')).toBe(32);
  });
});
