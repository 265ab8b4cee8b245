/**
 * Ericsson SCAPv2 vendor-193 AVPs (src/diameter/dictionary/ericsson-scap.ts): a CCR hand-assembled
 * from RFC 6733 §3 (header), §4.1 (AVP header, V flag, 12-octet vendor header, padding) and the
 * SCAPv2 guide §3.1 (codes, types, the Other-Party-Id grouping), decoded at a non-zero offset,
 * cut at every length, and a fast-check round trip through sigwatch/encode's generic AVP path.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DiameterAvp } from '../../src/diameter/avp.js';
import { decodeDiameterMessage, encodeDiameter } from '../../src/diameter/codec.js';
import { lookupAvp, VENDOR_ERICSSON } from '../../src/diameter/dictionary/index.js';
import { fromHex as hex, toHex } from '../../src/encode/bytes.js';
import { avp, buildDiameter, group } from '../../src/encode/diameter.js';

// Every AVP: code, flags C0 (V + M), 24-bit length, Vendor-Id 193 (0x000000c1), value, zero padding.
const SCAP_AVPS = [
  '00000431 c0 000010 000000c1 00000013', // Account-Location 1073, Unsigned32 19 (§3.1.1)
  '00000432 c0 00000f 000000c1 343637 00', // Subscription-Id-Location 1074, UTF8String "467" (§3.1.2), 1 pad
  // Other-Party-Id 1075, Grouped (§3.1.3), length 12 + 16 + 22 + 2 pad + 16 = 68 (0x44):
  '00000433 c0 000044 000000c1' +
    '00000436 c0 000010 000000c1 00000000' + // Other-Party-Id-Type 1078, Enumerated END_USER_E164 (§3.1.6)
    '00000435 c0 000016 000000c1 34363730303030303031 0000' + // Other-Party-Id-Data 1077, UTF8String "4670000001" (§3.1.5)
    '00000434 c0 000010 000000c1 00000001', // Other-Party-Id-Nature 1076, Enumerated INTERNATIONAL (§3.1.4)
  '00000439 c0 00000d 000000c1 37 000000', // Service-Provider-Id 1081, UTF8String "7" (§3.1.7), 3 pad
  '0000043a c0 000010 000000c1 00000015', // Traffic-Case 1082, Unsigned32 21 TERMINATING (§3.1.9)
].join('');
const BODY = hex(SCAP_AVPS);
// CCR (272, R + P flags 0xc0, application 4, RFC 4006 §3.1) carrying them.
const CCR = hex(`01 ${(20 + BODY.length).toString(16).padStart(6, '0')} c0 000110 00000004 00000007 00000008` + SCAP_AVPS);
const OFFSET = 5;

function placed(): Uint8Array {
  const b = new Uint8Array(OFFSET + CCR.length + 3).fill(0xee);
  b.set(CCR, OFFSET);
  return b;
}

const shape = (a: DiameterAvp): unknown => (a.avps === undefined ? [a.code, a.name, a.value, a.valueName ?? null] : [a.code, a.name, a.avps.map(shape)]);

describe('Ericsson SCAPv2 AVPs (vendor 193)', () => {
  it('dictionary: codes, types and values of SCAPv2 §3.1', () => {
    expect(VENDOR_ERICSSON).toBe(193);
    const want: Array<[number, string, string]> = [
      [1073, 'Account-Location', 'Unsigned32'],
      [1074, 'Subscription-Id-Location', 'UTF8String'],
      [1075, 'Other-Party-Id', 'Grouped'],
      [1076, 'Other-Party-Id-Nature', 'Enumerated'],
      [1077, 'Other-Party-Id-Data', 'UTF8String'],
      [1078, 'Other-Party-Id-Type', 'Enumerated'],
      [1081, 'Service-Provider-Id', 'UTF8String'],
      [1082, 'Traffic-Case', 'Unsigned32'],
    ];
    for (const [code, name, type] of want) expect(lookupAvp(193, code)).toMatchObject({ code, vendor: 193, name, type });
    // The same codes mean nothing under IETF or 3GPP: the vendor keys the table.
    expect(lookupAvp(0, 1075)).toBeUndefined();
    expect(lookupAvp(193, 1064)).toBeUndefined(); // no public definition: stays raw octets
  });

  it('decodes the hand-assembled CCR at a non-zero offset: typed leaves, Other-Party-Id with its children, value names', () => {
    const buf = placed();
    const m = decodeDiameterMessage(buf, OFFSET, OFFSET + CCR.length);
    expect(m.anomalies).toEqual([]);
    expect(m).toMatchObject({ cmd: 272, app: 4, hbh: 7, e2e: 8 });
    expect(m.avps.map(shape)).toEqual([
      [1073, 'Account-Location', 19, null],
      [1074, 'Subscription-Id-Location', '467', null],
      [
        1075,
        'Other-Party-Id',
        [
          [1078, 'Other-Party-Id-Type', 0, 'END_USER_E164'],
          [1077, 'Other-Party-Id-Data', '4670000001', null],
          [1076, 'Other-Party-Id-Nature', 1, 'INTERNATIONAL'],
        ],
      ],
      [1081, 'Service-Provider-Id', '7', null],
      [1082, 'Traffic-Case', 21, 'TERMINATING_SERVICE_CHARGING'],
    ]);
    expect(m.avps.every((a) => a.vendor === 193)).toBe(true);
    expect(toHex(encodeDiameter(m))).toBe(toHex(CCR));
  });

  it('cut at every length: never throws, every cut is flagged, whole AVPs before the cut keep their typed values', () => {
    const buf = placed();
    const full = decodeDiameterMessage(buf, OFFSET, OFFSET + CCR.length).avps.map(shape);
    for (let n = 0; n < CCR.length; n++) {
      const m = decodeDiameterMessage(buf, OFFSET, OFFSET + n);
      expect(m.anomalies.length, `cut at ${n}`).toBeGreaterThan(0);
      // The AVPs read whole are a prefix of the full list (a grouped one cut inside is flagged malformed, not typed wrongly).
      m.avps.forEach((a, i) => {
        if (!a.malformed) expect(shape(a), `cut at ${n}, AVP ${i}`).toEqual(full[i]);
      });
      // Every cut re-encodes to exactly the octets it was given.
      expect(toHex(encodeDiameter(m)), `cut at ${n}`).toBe(toHex(CCR.subarray(0, n)));
    }
  });

  it('round trip through sigwatch/encode (generic AVP path, dictionary-typed): the same typed values come back', () => {
    const text = fc.string({ maxLength: 24 });
    fc.assert(
      fc.property(
        fc.record({
          account: fc.integer({ min: 0, max: 0xffffffff }),
          location: text,
          type: fc.integer({ min: 0, max: 3 }),
          data: text,
          nature: fc.option(fc.integer({ min: 0, max: 2 }), { nil: undefined }),
          provider: text,
          trafficCase: fc.integer({ min: 0, max: 0xffffffff }),
        }),
        fc.integer({ min: 0, max: 11 }),
        (v, pad) => {
          const v193 = { vendor: 193 };
          const children = [avp(1078, v.type, v193), avp(1077, v.data, v193)];
          if (v.nature !== undefined) children.push(avp(1076, v.nature, v193));
          const bytes = buildDiameter({
            cmd: 272,
            app: 4,
            request: true,
            avps: [
              avp(1073, v.account, v193),
              avp(1074, v.location, v193),
              group(1075, children, v193),
              avp(1081, v.provider, v193),
              avp(1082, v.trafficCase, v193),
            ],
          });
          const buf = new Uint8Array(pad + bytes.length);
          buf.set(bytes, pad);
          const m = decodeDiameterMessage(buf, pad, buf.length);
          expect(m.anomalies).toEqual([]);
          const [account, location, other, provider, trafficCase] = m.avps;
          expect([account!.value, location!.value, provider!.value, trafficCase!.value]).toEqual([v.account, v.location, v.provider, v.trafficCase]);
          expect(other!.avps!.map((a) => [a.code, a.value])).toEqual([[1078, v.type], [1077, v.data], ...(v.nature === undefined ? [] : [[1076, v.nature]])]);
          expect(toHex(encodeDiameter(m))).toBe(toHex(bytes));
        },
      ),
      { numRuns: 300 },
    );
  });
});
