import { fromHex as hex, toHex } from '../../src/encode/bytes.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DiameterAvp } from '../../src/diameter/avp.js';
import { decodeDiameterMessage, encodeDiameter, encodeDiameterInto, encodingLength } from '../../src/diameter/codec.js';
import { DIAMETER_ANOMALY } from '../../src/diameter/types.js';
import { avp, avp3, buildDiameter, diameterMessage, group, msisdnAvp } from '../../src/encode/diameter.js';

const codes = (m: { anomalies: Array<{ code: string }> }): string[] => m.anomalies.map((a) => a.code);

// Hand-assembled from RFC 6733 §3 (header) and §4.1 (AVP): a DWR (280, R flag, app 0) with
// Origin-Host "a.b" (264, M, length 11 + 1 pad) and Origin-Realm "b" (296, M, length 9 + 3 pad).
const DWR = '01 00002c 80 000118 00000000 00000001 00000002' + '00000108 40 00000b 612e6200' + '00000128 40 000009 62000000';

describe('header and AVP layout (RFC 6733 §3, §4.1)', () => {
  it('decodes the DWR vector and re-encodes it byte-exact', () => {
    const bytes = hex(DWR);
    const m = decodeDiameterMessage(bytes);
    expect(m).toMatchObject({ version: 1, flags: 0x80, cmd: 280, app: 0, hbh: 1, e2e: 2 });
    expect(m.anomalies).toEqual([]);
    expect(m.avps.map((a) => [a.code, a.name, a.value])).toEqual([
      [264, 'Origin-Host', 'a.b'],
      [296, 'Origin-Realm', 'b'],
    ]);
    expect(m.declaredLength).toBeUndefined();
    expect(toHex(encodeDiameter(m))).toBe(toHex(bytes));
    expect(encodingLength(m)).toBe(44);
  });

  it('reads a vendor AVP: Visited-PLMN-Id 1407/10415 with V flag and 12-octet header (TS 29.272 §7.3.9)', () => {
    // MCC 001 MNC 01 → 00 f1 10 (TS 24.008 §10.5.1.3), AVP length 15, 1 octet of padding.
    const bytes = hex('01 000024 c0 00013c 01000023 00000007 00000008' + '0000057f c0 00000f 000028af 00f11000');
    const m = decodeDiameterMessage(bytes);
    expect(m.anomalies).toEqual([]);
    const a = m.avps[0]!;
    expect([a.code, a.vendor, a.flags, a.name]).toEqual([1407, 10415, 0xc0, 'Visited-PLMN-Id']);
    expect(toHex(a.raw)).toBe('00f110');
    expect(toHex(encodeDiameter(m))).toBe(toHex(bytes));
  });

  it('builds the header fields from flags (R, P, E, T)', () => {
    const b = buildDiameter({ cmd: 316, app: 16777251, request: true, error: true, retransmit: true, hbh: 0xdeadbeef, e2e: 7 });
    expect(toHex(b.subarray(0, 20))).toBe('01000014' + 'f000013c' + '01000023' + 'deadbeef' + '00000007');
  });
});

describe('typed values (RFC 6733 §4.2-4.3)', () => {
  it('types values by the dictionary and keeps unknown AVPs and enum values raw', () => {
    const bytes = buildDiameter({
      cmd: 272,
      app: 4,
      request: true,
      avps: [
        avp(415, 7), // CC-Request-Number Unsigned32
        avp(416, 3), // CC-Request-Type TERMINATION_REQUEST
        avp(416, 99), // unknown enum value
        avp(412, 2n ** 63n + 5n), // CC-Input-Octets Unsigned64
        avp(447, -5n), // Value-Digits Integer64
        avp(429, -3), // Exponent Integer32
        avp(55, new Date('2024-01-02T03:04:05Z')), // Event-Timestamp Time
        avp(257, '192.0.2.1'), // Host-IP-Address
        avp(257, '2001:db8::1'),
        avp(99999, Uint8Array.from([1, 2, 3]), { vendor: 12345 }),
      ],
    });
    const m = decodeDiameterMessage(bytes);
    expect(m.anomalies).toEqual([]);
    const v = m.avps.map((a) => a.value);
    expect(v[0]).toBe(7);
    expect(m.avps[1]!.valueName).toBe('TERMINATION_REQUEST');
    expect([v[2], m.avps[2]!.valueName]).toEqual([99, undefined]);
    expect(v[3]).toBe(2n ** 63n + 5n);
    expect(v[4]).toBe(-5n);
    expect(v[5]).toBe(-3);
    expect((v[6] as Date).toISOString()).toBe('2024-01-02T03:04:05.000Z');
    expect(v[7]).toBe('192.0.2.1');
    expect(v[8]).toBe('2001:db8::1');
    expect(m.avps[9]!.def).toBeUndefined();
    expect(v[9]).toEqual(Uint8Array.from([1, 2, 3]));
    expect(toHex(encodeDiameter(m))).toBe(toHex(bytes));
  });

  it('Time after 2036 uses the next NTP era (RFC 4330 §3)', () => {
    const m = decodeDiameterMessage(buildDiameter({ cmd: 280, app: 0, avps: [avp(55, new Date('2040-06-01T00:00:00Z'))] }));
    expect((m.avps[0]!.value as Date).toISOString()).toBe('2040-06-01T00:00:00.000Z');
  });

  it('re-encodes a grouped AVP from its children after an edit', () => {
    const m = decodeDiameterMessage(
      buildDiameter({ cmd: 316, app: 16777251, avps: [avp(268, 2001), group(1400, [msisdnAvp('123456789'), avp3(1417, 2)], { vendor: 10415 })] }),
    );
    const sd = m.avps[1]!;
    expect(sd.avps!.map((c) => c.name)).toEqual(['MSISDN', 'Network-Access-Mode']);
    expect(sd.avps![1]!.valueName).toBe('ONLY_PACKET');
    sd.avps!.push(avp3(1424, 1));
    const again = decodeDiameterMessage(encodeDiameter(m));
    expect(again.anomalies).toEqual([]);
    expect(again.avps[1]!.avps!.map((c) => c.valueName ?? c.name)).toEqual(['MSISDN', 'ONLY_PACKET', 'OPERATOR_DETERMINED_BARRING']);
  });

  it('per-application dictionary override: Experimental-Result-Code 2001 in Cx vs S6a', () => {
    const er = (app: number) =>
      decodeDiameterMessage(buildDiameter({ cmd: 300, app, avps: [group(297, [avp(266, 10415), avp(298, 2001)])] })).avps[0]!.avps![1]!;
    expect(er(16777216).valueName).toBe('DIAMETER_FIRST_REGISTRATION');
    expect(er(16777251).valueName).toBeUndefined();
  });
});

/** A DWR whose single AVP at offset 20 is given as hex; the message length is patched to fit. */
function withAvp(avpHex: string, declared?: number): Uint8Array {
  const body = hex(avpHex);
  const b = new Uint8Array(20 + body.length);
  b.set(hex('01000000 80000118 00000000 00000001 00000002'));
  b.set(body, 20);
  new DataView(b.buffer).setUint32(0, (1 << 24) | (declared ?? b.length));
  return b;
}

describe('malformed input: anomaly, no throw, no hang, exact round trip', () => {
  const roundTrip = (b: Uint8Array): void => expect(toHex(encodeDiameter(decodeDiameterMessage(b)))).toBe(toHex(b));

  it('shorter than the 20-octet header', () => {
    const b = hex('01000014 80000118');
    const m = decodeDiameterMessage(b, 0, b.length, { frame: 9 });
    expect(codes(m)).toEqual([DIAMETER_ANOMALY.TRUNCATED]);
    expect(m.anomalies[0]!.frame).toBe(9);
    roundTrip(b);
  });

  it('Message Length differs from the payload length (longer and shorter)', () => {
    const b = hex(DWR);
    new DataView(b.buffer).setUint32(0, (1 << 24) | 64);
    expect(codes(decodeDiameterMessage(b))).toEqual([DIAMETER_ANOMALY.LENGTH_MISMATCH]);
    roundTrip(b);
    const extra = new Uint8Array(48);
    extra.set(hex(DWR));
    extra.set([9, 9, 9, 9], 44);
    const m = decodeDiameterMessage(extra);
    expect(codes(m)).toEqual([DIAMETER_ANOMALY.LENGTH_MISMATCH]);
    expect(m.avps).toHaveLength(2);
    expect(m.trailing).toEqual(Uint8Array.from([9, 9, 9, 9]));
    roundTrip(extra);
  });

  it('AVP length 0 stops the walk (the npm diameter package loops forever here)', () => {
    const b = withAvp('00000108 40000000 00000000');
    const m = decodeDiameterMessage(b);
    expect(codes(m)).toEqual([DIAMETER_ANOMALY.AVP_BAD_LENGTH]);
    expect(m.avps).toEqual([]);
    roundTrip(b);
  });

  it('AVP length below 8, and below 12 with the V flag', () => {
    expect(codes(decodeDiameterMessage(withAvp('00000108 40000007 00000000')))).toEqual([DIAMETER_ANOMALY.AVP_BAD_LENGTH]);
    const v = withAvp('0000057f c000000b 000028af');
    expect(codes(decodeDiameterMessage(v))).toEqual([DIAMETER_ANOMALY.AVP_BAD_LENGTH]);
    roundTrip(v);
  });

  it('fewer than 8 octets left for an AVP header', () => {
    const b = withAvp('00000108');
    expect(codes(decodeDiameterMessage(b))).toEqual([DIAMETER_ANOMALY.AVP_TRUNCATED]);
    roundTrip(b);
  });

  it('AVP length past its parent: at top level and inside a grouped AVP', () => {
    const top = withAvp('00000108 40000040 61626364');
    expect(codes(decodeDiameterMessage(top))).toEqual([DIAMETER_ANOMALY.AVP_OVERRUN]);
    roundTrip(top);
    // Experimental-Result (297, 20 octets) whose child claims 16 octets with 12 left.
    const inGroup = withAvp('00000129 40000014 ' + '0000012a 40000010 000007d1');
    const m = decodeDiameterMessage(inGroup);
    expect(codes(m)).toEqual([DIAMETER_ANOMALY.AVP_OVERRUN]);
    expect(m.avps[0]!.malformed).toBe(true);
    roundTrip(inGroup);
  });

  it('padding past the message end', () => {
    // Origin-Host "abcde" (length 13) is the last AVP and the message ends without its 3 padding octets.
    const b = withAvp('00000108 4000000d 6162636465');
    const m = decodeDiameterMessage(b);
    expect(codes(m)).toContain(DIAMETER_ANOMALY.AVP_PADDING);
    expect(m.avps[0]!.value).toBe('abcde');
    roundTrip(b);
  });

  it('non-zero padding octets are kept', () => {
    const b = withAvp('00000108 4000000b 612e62ff');
    const m = decodeDiameterMessage(b);
    expect(m.anomalies).toEqual([]);
    expect(m.avps[0]!.padding).toEqual(Uint8Array.from([0xff]));
    roundTrip(b);
  });

  it('fixed-size value with a wrong length', () => {
    const b = withAvp('0000010c 4000000a 07d10000'); // Result-Code with 2 octets
    const m = decodeDiameterMessage(b);
    expect(codes(m)).toEqual([DIAMETER_ANOMALY.AVP_BAD_VALUE]);
    expect(m.avps[0]!.value).toEqual(Uint8Array.from([0x07, 0xd1]));
    roundTrip(b);
  });

  it('grouped nesting beyond the limit', () => {
    let inner: DiameterAvp = avp(298, 2001);
    for (let i = 0; i < 20; i++) inner = group(297, [inner]);
    const b = buildDiameter({ cmd: 280, app: 0, avps: [inner] });
    const m = decodeDiameterMessage(b);
    expect(codes(m)).toEqual([DIAMETER_ANOMALY.AVP_DEPTH]);
    roundTrip(b);
    expect(codes(decodeDiameterMessage(b, 0, b.length, { maxDepth: 32 }))).toEqual([]);
    expect(codes(decodeDiameterMessage(b, 0, b.length, { maxDepth: 3 }))).toEqual([DIAMETER_ANOMALY.AVP_DEPTH]);
  });

  it('depth limit boundary: AVPs at depth Limits.avpDepth (16) decode, one deeper does not', () => {
    const chain = (levels: number): Uint8Array => {
      let a: DiameterAvp = avp(298, 2001); // depth = levels
      for (let i = 1; i < levels; i++) a = group(297, [a]);
      return buildDiameter({ cmd: 280, app: 0, avps: [a] });
    };
    expect(codes(decodeDiameterMessage(chain(16)))).toEqual([]);
    expect(codes(decodeDiameterMessage(chain(17)))).toEqual([DIAMETER_ANOMALY.AVP_DEPTH]);
  });
});

// ---- property tests ----

const leaf = fc.oneof(
  fc.string({ maxLength: 40 }).map((s) => avp(263, s)),
  fc.integer({ min: 0, max: 0xffffffff }).map((n) => avp(268, n)),
  fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map((n) => avp(412, n)),
  fc.uint8Array({ maxLength: 23 }).map((u) => avp3(1407, u)),
  fc
    .record({ code: fc.integer({ min: 5000, max: 0xffffff }), vendor: fc.constantFrom(0, 10415, 99), v: fc.uint8Array({ maxLength: 19 }) })
    .map(({ code, vendor, v }) => avp(code, v, { vendor })),
);
const tree = fc.letrec<{ node: DiameterAvp }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('node'), { maxLength: 4 }).map((ch) => group(1400, ch, { vendor: 10415 })),
  ),
})).node;

describe('round trip properties', () => {
  it('generated messages: decode at a non-zero offset, encode gives the same octets', () => {
    fc.assert(
      fc.property(
        fc.array(tree, { maxLength: 8 }),
        fc.integer({ min: 1, max: 13 }),
        fc.integer({ min: 0, max: 0xffffff }),
        fc.boolean(),
        (avps, pad, cmd, request) => {
          const msg = diameterMessage({ cmd, app: 16777251, request, hbh: cmd, e2e: pad, avps });
          const len = encodingLength(msg);
          const buf = new Uint8Array(pad + len + 7).fill(0xaa);
          expect(encodeDiameterInto(msg, buf, pad)).toBe(pad + len);
          const m = decodeDiameterMessage(buf, pad, pad + len);
          expect(m.anomalies).toEqual([]);
          expect(toHex(encodeDiameter(m))).toBe(toHex(buf.subarray(pad, pad + len)));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('arbitrary octets: never throws, always re-encodes to the input', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 120 }), fc.boolean(), (tail, validHead) => {
        const b = new Uint8Array(20 + tail.length);
        b.set(tail, 20);
        if (validHead) b.set([1, 0, 0, b.length], 0);
        const m = decodeDiameterMessage(b);
        expect(toHex(encodeDiameter(m))).toBe(toHex(b));
        const t = decodeDiameterMessage(tail);
        expect(toHex(encodeDiameter(t))).toBe(toHex(tail));
      }),
      { numRuns: 500 },
    );
  });
});
