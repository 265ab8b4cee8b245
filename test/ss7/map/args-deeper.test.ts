/**
 * The argument fields added for argument-level conformance (issue 18): subscriber state and
 * not-reachable reason, MNP info, requested domain, location number (Q.763 §3.30), TS 23.032
 * shapes, authentication set counts, requesting node type, GSN addresses (IPv6), SM-RP-UI.
 * Hex vectors are worked from the spec clauses named beside them; every vector is decoded at a
 * non-zero offset and at every truncated length; round trips go through test/support encoders.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readGeoShape } from '../../../src/ss7/map/args/geo-shape.js';
import { locationNumberDigits } from '../../../src/ss7/map/args/location-number.js';
import { decodeMapArgument } from '../../../src/ss7/map/decode.js';
import { fromHex as hex } from '../../../src/encode/bytes.js';
import { geoPointBytes, gsnBytes, locationNumberBytes, mapArg, mapRes } from '../../../src/encode/map.js';
import { all, run } from './run.js';

const IMSI = '234101234567890';

/** `bytes` at offset 3 of a larger buffer (0xee around it, never to be read). */
function placed(bytes: Uint8Array): { b: Uint8Array; s: number; e: number } {
  const b = new Uint8Array(bytes.length + 6).fill(0xee);
  b.set(bytes, 3);
  return { b, s: 3, e: 3 + bytes.length };
}

/** Every strict prefix of a MAP parameter decodes without throwing and reports the truncation. */
function truncatedEverywhere(opcode: number, kind: 'arg' | 'res', param: Uint8Array, version?: number): void {
  for (let n = 0; n < param.length; n++) {
    const r = run(opcode, kind, param.subarray(0, n), version);
    expect(
      r.anomalies.map((a) => a.code),
      `length ${n}`,
    ).toContain('map.bad-argument');
  }
}

describe('TS 23.032 geographical shapes (§6.1, §6.2, §7.3)', () => {
  // 52.5° N, 13.4° E, K = 20: N = floor(2^23·52.5/90) = 0x4aaaaa, M = floor(2^24·13.4/360) = 0x098765
  const circle = hex('104aaaaa09876514');
  // 22.9° S, 43.2° W as an ellipsoid point (§7.3.1): sign bit set, M two's complement of 2^24·43.2/360
  const point = hex('00a091a2e147ae');

  it('reads the point with uncertainty circle at a non-zero offset', () => {
    const { b, s, e } = placed(circle);
    expect(readGeoShape(b, s, e)).toEqual({
      shape: 'ellipsoidPointWithUncertaintyCircle',
      latitude: 52.499993,
      longitude: 13.399994,
      uncertaintyMeters: 57.274999,
    });
  });

  it('reads south and west as negative', () => {
    const { b, s, e } = placed(point);
    const g = readGeoShape(b, s, e)!;
    expect(g.shape).toBe('ellipsoidPoint');
    expect(g.latitude).toBeCloseTo(-22.9, 4);
    expect(g.longitude).toBeCloseTo(-43.2, 4);
    expect(g.uncertaintyMeters).toBeUndefined();
  });

  it('gives undefined for every truncated length, unknown shapes and wrong lengths', () => {
    for (const v of [circle, point]) {
      for (let n = 0; n < v.length; n++) {
        const { b, s, e } = placed(v.subarray(0, n));
        expect(readGeoShape(b, s, e), `length ${n}`).toBeUndefined();
      }
    }
    const { b, s, e } = placed(hex('f04aaaaa09876514'));
    expect(readGeoShape(b, s, e)).toBeUndefined(); // shape 15 is not defined in §7.2
    const long = placed(hex('104aaaaa0987651400'));
    expect(readGeoShape(long.b, long.s, long.e)).toBeUndefined();
  });

  it('reads the first point of a polygon (§7.3.4) and the point of the other fixed shapes', () => {
    const p3 = hex('53' + '4aaaaa098765'.repeat(3));
    expect(readGeoShape(p3, 0, p3.length)?.shape).toBe('polygon');
    expect(readGeoShape(p3, 0, p3.length - 1)).toBeUndefined();
    const alt = hex('804aaaaa0987650064'); // §7.3.5: + altitude 100 m
    expect(readGeoShape(alt, 0, alt.length)).toMatchObject({ shape: 'ellipsoidPointWithAltitude', latitude: 52.499993 });
  });

  it('round-trips any point through the encoder within one quantisation step (§6.1)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -89.99, max: 89.99, noNaN: true }),
        fc.double({ min: -179.99, max: 179.99, noNaN: true }),
        fc.integer({ min: 0, max: 127 }),
        (lat, lon, k) => {
          const { b, s, e } = placed(geoPointBytes(lat, lon, k));
          const g = readGeoShape(b, s, e)!;
          expect(Math.abs(g.latitude - lat)).toBeLessThanOrEqual(90 / 2 ** 23 + 1e-6);
          expect(Math.abs(g.longitude - lon)).toBeLessThanOrEqual(360 / 2 ** 24 + 1e-6);
          expect(g.uncertaintyMeters).toBeCloseTo(10 * (1.1 ** k - 1), 4);
        },
      ),
    );
  });
});

describe('location number (TS 29.002 §17.7.1, Q.763 §3.30)', () => {
  it('reads odd and even digit counts at a non-zero offset', () => {
    // odd: 0x83 = odd indicator + NAI 3 (national), 0x11 = ISDN plan, network provided; 1 2 3 4 5 + filler
    const odd = placed(hex('8311214305'));
    expect(locationNumberDigits(odd.b, odd.s, odd.e)).toBe('12345');
    const even = placed(hex('04119403'));
    expect(locationNumberDigits(even.b, even.s, even.e)).toBe('4930');
  });

  it('gives undefined below the two header octets and the digits read so far after them', () => {
    const v = hex('8311214305');
    const expected = [undefined, undefined, '', '1', '123']; // the odd indicator still applies to the last octet read
    for (let n = 0; n < v.length; n++) {
      const { b, s, e } = placed(v.subarray(0, n));
      expect(locationNumberDigits(b, s, e), `length ${n}`).toBe(expected[n]);
    }
  });

  it('round-trips any digit string through the encoder', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{1,16}$/), fc.integer({ min: 0, max: 127 }), (digits, nai) => {
        const { b, s, e } = placed(locationNumberBytes(digits, nai));
        expect(locationNumberDigits(b, s, e)).toBe(digits);
      }),
    );
  });

  it('appears in LocationInformation [2] of a PSI result, raw and as digits', () => {
    const param = mapRes.subscriberInfo({ location: { age: 3, locationNumber: hex('8311214305') } });
    const r = all(70, 'res', param);
    expect(r.args!.locationInfo).toEqual({ ageOfLocation: 3, locationNumber: '8311214305', locationNumberDigits: '12345' });
    truncatedEverywhere(70, 'res', param);
    const short = run(70, 'res', mapRes.subscriberInfo({ location: { locationNumber: hex('83') } }));
    expect(short.anomalies.map((a) => a.code)).toEqual(['map.bad-argument']);
  });
});

describe('subscriber state, not-reachable reason, MNP info, requested domain (§17.7.1)', () => {
  it('netDetNotReachable carries its NotReachableReason', () => {
    const param = mapRes.subscriberInfo({ location: { age: 1 }, state: { notReachable: 1 } });
    expect(all(71, 'res', param).args).toMatchObject({ subscriberState: 'netDetNotReachable', notReachableReason: 'imsiDetached' });
    truncatedEverywhere(71, 'res', param);
    expect(all(71, 'res', mapRes.subscriberInfo({ location: {}, state: 'camelBusy' })).args).toMatchObject({ subscriberState: 'camelBusy' });
    expect(all(71, 'res', mapRes.subscriberInfo({ location: {}, state: 'camelBusy' })).args!['notReachableReason']).toBeUndefined();
  });

  it('mnpInfoRes: routeing number (TBCD) and number portability status', () => {
    const param = mapRes.subscriberInfo({ location: {}, mnp: { routeingNumber: '1234', imsi: IMSI, status: 4 } });
    expect(all(71, 'res', param).args).toMatchObject({ routeingNumber: '1234', imsi: IMSI, numberPortabilityStatus: 'ownNumberNotPortedOut' });
    truncatedEverywhere(71, 'res', param);
  });

  it('round-trips reason, routeing number and status through the encoder', () => {
    const STATUS: Record<number, string> = {
      0: 'notKnownToBePorted',
      1: 'ownNumberPortedOut',
      2: 'foreignNumberPortedToForeignNetwork',
      4: 'ownNumberNotPortedOut',
      5: 'foreignNumberPortedIn',
    };
    const REASON = ['msPurged', 'imsiDetached', 'restrictedArea', 'notRegistered'];
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3 }), fc.stringMatching(/^[0-9]{1,10}$/), fc.constantFrom(0, 1, 2, 4, 5), (reason, rn, status) => {
        const r = run(71, 'res', mapRes.subscriberInfo({ location: {}, state: { notReachable: reason }, mnp: { routeingNumber: rn, status } }));
        expect(r.anomalies).toEqual([]);
        expect(r.args).toMatchObject({
          subscriberState: 'netDetNotReachable',
          notReachableReason: REASON[reason],
          routeingNumber: rn,
          numberPortabilityStatus: STATUS[status],
        });
      }),
    );
  });

  it('requestedDomain [4] is a value, not a requested-item flag', () => {
    const param = mapArg.provideSubscriberInfo({ imsi: IMSI, domain: 1 });
    expect(all(70, 'arg', param).args).toEqual({ imsi: IMSI, requestedInfo: ['locationInformation', 'subscriberState'], requestedDomain: 'ps-Domain' });
    truncatedEverywhere(70, 'arg', param);
  });
});

describe('sendAuthenticationInfo (56): requesting node type, authentication set counts', () => {
  it('requestingNodeType [3] (RequestingNodeType ::= ENUMERATED, mme = 16)', () => {
    const param = mapArg.sendAuthenticationInfo({ imsi: IMSI, vectors: 5, requestingNodeType: 16 });
    expect(all(56, 'arg', param, 3).args).toEqual({ imsi: IMSI, numberOfRequestedVectors: 5, requestingNodeType: 'mme' });
    truncatedEverywhere(56, 'arg', param, 3);
  });

  it('counts triplets, quintuplets and EPS vectors (v3) and the bare v2 triplet list', () => {
    expect(all(56, 'res', mapRes.sendAuthenticationInfo({ quintuplets: 2, eps: 3 }), 3).args).toEqual({ quintupletCount: 2, epsVectorCount: 3 });
    expect(all(56, 'res', mapRes.sendAuthenticationInfo({ triplets: 5, v2: true }), 2).args).toEqual({ tripletCount: 5 });
    const param = mapRes.sendAuthenticationInfo({ triplets: 1 });
    expect(all(56, 'res', param, 3).args).toEqual({ tripletCount: 1 });
    truncatedEverywhere(56, 'res', param, 3);
  });

  it('round-trips any set counts through the encoder', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 5 }), (q, e) => {
        const r = run(56, 'res', mapRes.sendAuthenticationInfo({ ...(q > 0 ? { quintuplets: q } : {}), ...(e > 0 ? { eps: e } : {}) }), 3);
        expect(r.anomalies).toEqual([]);
        expect(r.args!['quintupletCount']).toBe(q > 0 ? q : undefined);
        expect(r.args!['epsVectorCount']).toBe(e > 0 ? e : undefined);
      }),
    );
  });
});

describe('GSN-Address (§17.7.1) and SM-RP-UI', () => {
  it('IPv4 and IPv6 GSN addresses as IP text (RFC 5952)', () => {
    const v6 = [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
    const param = mapRes.sendRoutingInfoForGprs({ sgsnAddress: v6, ggsnAddress: [192, 0, 2, 7] });
    expect(all(24, 'res', param).args).toEqual({ sgsnAddress: '2001:db8::1', ggsnAddress: '192.0.2.7' });
    truncatedEverywhere(24, 'res', param);
  });

  it('round-trips any address through the encoder', () => {
    const bytesOf = (text: string): number[] => {
      if (!text.includes(':')) return text.split('.').map(Number);
      const [head, tail] = text.split('::') as [string, string | undefined];
      const h = head === '' ? [] : head.split(':');
      const t = tail === undefined || tail === '' ? [] : tail.split(':');
      const groups = [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
      return groups.flatMap((g) => [parseInt(g, 16) >> 8, parseInt(g, 16) & 0xff]);
    };
    fc.assert(
      fc.property(
        fc.oneof(
          fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 4, maxLength: 4 }),
          fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 16, maxLength: 16 }),
        ),
        (addr) => {
          const r = run(24, 'res', mapRes.sendRoutingInfoForGprs({ sgsnAddress: addr }));
          expect(bytesOf(r.args!['sgsnAddress'] as string)).toEqual(addr);
          expect(gsnBytes(addr)[0]).toBe(addr.length === 16 ? 0x50 : 0x04);
        },
      ),
    );
  });

  it('forwardSM keeps the SM-RP-UI octets as hex only when asked (smsContent)', () => {
    const param = mapArg.forwardSM({ da: { imsi: IMSI }, oa: { sca: '447700900000' }, ui: hex('040b911111') });
    const plain = all(44, 'arg', param).args!;
    expect(plain['smRpUiLength']).toBe(5);
    expect(plain['smRpUi']).toBeUndefined();
    const { b, s, e } = placed(param);
    const kept = decodeMapArgument(44, 'arg', new DataView(b.buffer), b, s, e, undefined, undefined, true);
    expect(kept.args).toMatchObject({ smRpUi: '040b911111', smRpUiLength: 5 });
    expect(kept.anomalies).toEqual([]);
    truncatedEverywhere(44, 'arg', param);
  });
});

describe('hand-assembled vectors (TS 29.002 §17.7.1 BER, definite lengths)', () => {
  it('ProvideSubscriberInfoRes: location number, netDetNotReachable, MNP info', () => {
    const param = hex(
      '301c' + // ProvideSubscriberInfoRes SEQUENCE
        '301a' + // subscriberInfo SubscriberInfo
        'a00a' + // locationInformation [0]
        '020105' + // ageOfLocationInformation 5
        '82058311214305' + // locationNumber [2]: odd, NAI 3; ISDN plan; digits 1 2 3 4 5 (Q.763 §3.30)
        'a1030a0101' + // subscriberState [1]: netDetNotReachable NotReachableReason imsiDetached (1)
        'a807' + // mnpInfoRes [8]
        '800221f3' + // routeingNumber [0] TBCD '123' (F filler)
        '830104', // numberPortabilityStatus [3] ownNumberNotPortedOut (4)
    );
    const r = all(70, 'res', param);
    expect(r.args).toEqual({
      locationInfo: { ageOfLocation: 5, locationNumber: '8311214305', locationNumberDigits: '12345' },
      subscriberState: 'netDetNotReachable',
      notReachableReason: 'imsiDetached',
      routeingNumber: '123',
      numberPortabilityStatus: 'ownNumberNotPortedOut',
    });
    truncatedEverywhere(70, 'res', param);
  });

  it('SendAuthenticationInfoRes v3 with one triplet', () => {
    const param = hex(
      'a326' + // [3] SEQUENCE
        'a024' + // authenticationSetList: tripletList [0]
        '3022' + // AuthenticationTriplet
        '0410000102030405060708090a0b0c0d0e0f' + // rand (16)
        '0404a1b2c3d4' + // sres (4)
        '04081112131415161718', // kc (8)
    );
    expect(all(56, 'res', param, 3).args).toEqual({ tripletCount: 1 });
    truncatedEverywhere(56, 'res', param, 3);
  });
});

describe('insertSubscriberData subscriberStatus, provideRoamingNumber lmsi (§17.7.1, §17.7.3)', () => {
  it('SubscriberStatus [3] and LMSI [4]', () => {
    const isd = mapArg.insertSubscriberData({ imsi: IMSI, category: 10, subscriberStatus: 1 });
    expect(all(7, 'arg', isd).args).toEqual({ imsi: IMSI, category: 10, subscriberStatus: 'operatorDeterminedBarring' });
    truncatedEverywhere(7, 'arg', isd);
    const prn = mapArg.provideRoamingNumber({ imsi: IMSI, mscNumber: '491720000001', lmsi: '0a0b0c0d' });
    expect(all(4, 'arg', prn).args).toEqual({ imsi: IMSI, mscNumber: '491720000001', lmsi: '0a0b0c0d' });
    truncatedEverywhere(4, 'arg', prn);
  });
});

describe('PSL result location estimate (§17.7.13 Ext-GeographicalInformation)', () => {
  it('adds shape and point next to the raw estimate', () => {
    const param = mapRes.provideSubscriberLocation({ estimate: hex('104aaaaa09876514'), age: 7 });
    expect(all(83, 'res', param).args!.locationInfo).toEqual({
      locationEstimate: '104aaaaa09876514',
      shape: 'ellipsoidPointWithUncertaintyCircle',
      latitude: 52.499993,
      longitude: 13.399994,
      uncertaintyMeters: 57.274999,
      ageOfLocation: 7,
    });
    truncatedEverywhere(83, 'res', param);
  });
});
