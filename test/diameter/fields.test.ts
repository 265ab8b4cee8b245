import { describe, expect, it } from 'vitest';
import { encodeTbcd } from '../../src/asn1/tbcd.js';
import { AVP_LIST_PER_MESSAGE, decodeDiameter, newDiameterFields, ROUTE_RECORDS_PER_MESSAGE, type DiameterFields } from '../../src/diameter/fields.js';
import { encodePlmn } from '../../src/diameter/plmn.js';
import { DIAMETER_ANOMALY } from '../../src/diameter/types.js';
import { fromHex as hex } from '../../src/encode/bytes.js';
import { avp, avp3, buildDiameter, group, msisdnAvp } from '../../src/encode/diameter.js';

function extract(bytes: Uint8Array, pad = 5): { ok: boolean; end: number; f: DiameterFields } {
  const buf = new Uint8Array(bytes.length + pad * 2);
  buf.set(bytes, pad);
  const f = newDiameterFields();
  const end = decodeDiameter(new DataView(buf.buffer), pad, pad + bytes.length, f);
  return { ok: end >= 0, end, f };
}

const ULR = buildDiameter({
  cmd: 316,
  app: 16777251,
  request: true,
  hbh: 0x11,
  e2e: 0x22,
  avps: [
    avp(263, 'mme.example;1;2'),
    avp(264, 'mme1.epc.mnc002.mcc208.3gppnetwork.org'),
    avp(296, 'epc.mnc002.mcc208.3gppnetwork.org'),
    avp(283, 'epc.mnc001.mcc001.3gppnetwork.org'),
    avp(1, '001010123456789'),
    avp3(1032, 1004),
    avp3(1405, 0b100010),
    avp3(1407, encodePlmn('001', '01')),
    avp(282, 'dra1.example'),
    avp(282, 'dra2.example'),
  ],
});

describe('decodeDiameter (fast tier)', () => {
  it('S6a ULR (TS 29.272 §7.2.3): header, top-level AVP list and event fields', () => {
    const { ok, f } = extract(ULR);
    expect(ok).toBe(true);
    expect([f.cmd, f.app, f.flags, f.hbh, f.e2e]).toEqual([316, 16777251, 0xc0, 0x11, 0x22]);
    expect(f.avpList).toEqual([0, 263, 0, 264, 0, 296, 0, 283, 0, 1, 10415, 1032, 10415, 1405, 10415, 1407, 0, 282, 0, 282]);
    expect(f.sessionId).toBe('mme.example;1;2');
    expect(f.originRealm).toBe('epc.mnc002.mcc208.3gppnetwork.org');
    expect(f.destRealm).toBe('epc.mnc001.mcc001.3gppnetwork.org');
    expect(f.userName).toBe('001010123456789');
    expect(f.ulrFlags).toBe(0b100010);
    expect([f.visitedPlmnHex, f.visitedPlmn]).toEqual(['00f110', '00101']);
    expect(f.routeRecord).toEqual(['dra1.example', 'dra2.example']);
    expect(f.anomalies).toEqual([]);
  });

  it('a Visited-PLMN-Id not of 3 octets: read from its first 3 (as lenient HSSs do) with diameter.avp-bad-value (red-team D3)', () => {
    const ulr = (v: Uint8Array) =>
      buildDiameter({ cmd: 316, app: 16777251, request: true, avps: [avp(296, 'epc.mnc001.mcc460.3gppnetwork.org'), avp3(1407, v)] });
    const four = extract(ulr(hex('44f00100'))).f;
    expect([four.visitedPlmnHex, four.visitedPlmn]).toEqual(['44f00100', '44010']);
    expect(four.anomalies.map((a) => [a.code, a.detail])).toEqual([
      [DIAMETER_ANOMALY.AVP_BAD_VALUE, 'Visited-PLMN-Id of 4 octets (value at offset 76), expected 3'],
    ]);
    const two = extract(ulr(hex('44f0'))).f;
    expect([two.visitedPlmn, two.anomalies.map((a) => a.code)]).toEqual([undefined, [DIAMETER_ANOMALY.AVP_BAD_VALUE]]);
  });

  it('top-level AVPs listed up to AVP_LIST_PER_MESSAGE with one diameter.avp-list-limit; the fields after them still read (red-team O3, W1)', () => {
    const junk = Array.from({ length: 5000 }, (_, i) => avp3(60000 + (i % 7), 0));
    const plr = buildDiameter({
      cmd: 8388620,
      app: 16777255,
      request: true,
      avps: [...junk, avp(296, 'epc.mnc001.mcc460.3gppnetwork.org'), avp(1, '310410123456789')],
    });
    const { ok, f } = extract(plr);
    expect(ok).toBe(true);
    expect(f.avpList.length).toBe(2 * AVP_LIST_PER_MESSAGE);
    expect([f.originRealm, f.userName]).toEqual(['epc.mnc001.mcc460.3gppnetwork.org', '310410123456789']);
    expect(f.anomalies.map((a) => [a.code, a.detail])).toEqual([
      [DIAMETER_ANOMALY.AVP_LIST_LIMIT, `more than ${AVP_LIST_PER_MESSAGE} top-level AVPs: the rest are not listed`],
    ]);
    expect(extract(ULR).f.anomalies).toEqual([]); // reset per message
  });

  it('Route-Record: the first and the last ROUTE_RECORDS_PER_MESSAGE - 1 kept in wire order, one diameter.route-record-limit (red-team rt8 W2, rt11 R10)', () => {
    // The first entry is the first relay the request crossed (RFC 6733 §6.7.1): padding after it must not push it out.
    const padding = Array.from({ length: 80_000 }, (_, i) => avp(282, `pad${i}.example`));
    const relays = Array.from({ length: ROUTE_RECORDS_PER_MESSAGE - 1 }, (_, i) => avp(282, `relay${i}.example`));
    const plr = buildDiameter({
      cmd: 8388620,
      app: 16777255,
      request: true,
      avps: [avp(282, 'dea1.epc.mnc390.mcc364.3gppnetwork.org'), ...padding, avp(296, 'epc.mnc001.mcc460.3gppnetwork.org'), ...relays],
    });
    const { f } = extract(plr);
    expect(f.routeRecord).toEqual([
      'dea1.epc.mnc390.mcc364.3gppnetwork.org',
      ...Array.from({ length: ROUTE_RECORDS_PER_MESSAGE - 1 }, (_, i) => `relay${i}.example`),
    ]);
    expect(f.originRealm).toBe('epc.mnc001.mcc460.3gppnetwork.org');
    expect(f.anomalies.map((a) => [a.code, a.detail])).toEqual([
      [DIAMETER_ANOMALY.AVP_LIST_LIMIT, `more than ${AVP_LIST_PER_MESSAGE} top-level AVPs: the rest are not listed`],
      [
        DIAMETER_ANOMALY.ROUTE_RECORD_LIMIT,
        `${80_000 + ROUTE_RECORDS_PER_MESSAGE} Route-Record AVPs: the first and the last 63 are kept, the 80000 between them are not`,
      ],
    ]);
    // A list that wraps the ring part-way keeps wire order; one that fits is whole, without the anomaly.
    const wrapped = buildDiameter({ cmd: 8388620, app: 16777255, request: true, avps: Array.from({ length: 70 }, (_, i) => avp(282, `r${i}`)) });
    expect(extract(wrapped).f.routeRecord).toEqual(['r0', ...Array.from({ length: 63 }, (_, i) => `r${i + 7}`)]);
    const fits = extract(buildDiameter({ cmd: 8388620, app: 16777255, request: true, avps: Array.from({ length: 64 }, (_, i) => avp(282, `r${i}`)) })).f;
    expect([fits.routeRecord.length, fits.routeRecord[0], fits.routeRecord[63], fits.anomalies]).toEqual([64, 'r0', 'r63', []]);
    const one = extract(buildDiameter({ cmd: 8388620, app: 16777255, request: true, avps: [avp(282, 'only')] })).f;
    expect(one.routeRecord).toEqual(['only']);
  });

  it('S6m User-Identifier (TS 29.336 §6.4.2) and S6t Monitoring-Event-Configuration/Monitoring-Type (§8.4.2-8.4.3) (red-team rt11 R12)', () => {
    const sir = buildDiameter({
      cmd: 8388641,
      app: 16777310,
      request: true,
      avps: [avp(296, 'epc.mnc000.mcc460.3gppnetwork.org'), group(3102, [avp(1, '310410100000099'), msisdnAvp('12025550099')], { vendor: 10415 })],
    });
    const s = extract(sir).f;
    expect([s.userName, s.msisdn]).toEqual(['310410100000099', '12025550099']);
    const cir = buildDiameter({
      cmd: 8388718,
      app: 16777345,
      request: true,
      avps: [avp(1, '310410100000099'), group(3122, [avp3(3124, 7), avp3(3127, 2)], { vendor: 10415 }), group(3122, [avp3(3127, 0)], { vendor: 10415 })],
    });
    const c = extract(cir).f;
    expect([c.userName, c.monitoringType]).toEqual(['310410100000099', 2]);
    // Monitoring-Type outside its group, and a User-Name inside another group, are not read.
    const stray = extract(
      buildDiameter({ cmd: 8388718, app: 16777345, request: true, avps: [avp3(3127, 2), group(1400, [avp(1, '999')], { vendor: 10415 })] }),
    ).f;
    expect([stray.userName, stray.monitoringType]).toEqual([undefined, undefined]);
  });

  it('hosts and realms read through the identity intern: the same text for the same octets, never another text', () => {
    // Identities that share long prefixes, differ in length or in one octet, are empty, non-ASCII,
    // invalid UTF-8 or longer than the interned 64 octets, each decoded several times in turn, so
    // every one is read once and then found (or, past 64 octets, read again).
    const base = 'mme1.epc.mnc002.mcc208.3gppnetwork.org';
    const texts: (string | Uint8Array)[] = [
      base,
      base + '.',
      base.slice(0, -1),
      base.replace('mme1', 'mme2'),
      base.replace('org', 'orh'),
      '',
      'a',
      'é.example',
      'x'.repeat(64),
      'x'.repeat(65),
      'y'.repeat(200),
      Uint8Array.of(0x68, 0xff, 0xfe, 0x2e, 0x6f),
    ];
    const reference = (t: string | Uint8Array): string => (typeof t === 'string' ? t : new TextDecoder().decode(t));
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < texts.length; i++) {
        const t = texts[i]!;
        const other = texts[(i + 5) % texts.length]!;
        const msg = buildDiameter({
          cmd: 316,
          app: 16777251,
          request: true,
          avps: [
            avp(264, t, { type: 'OctetString' }),
            avp(296, other, { type: 'OctetString' }),
            avp(293, other, { type: 'OctetString' }),
            avp(283, t, { type: 'OctetString' }),
          ],
        });
        const { ok, f } = extract(msg);
        expect(ok).toBe(true);
        expect([f.originHost, f.originRealm, f.destHost, f.destRealm]).toEqual([reference(t), reference(other), reference(other), reference(t)]);
      }
    }
  });

  it('resets every field between calls (reused struct)', () => {
    const f = newDiameterFields();
    const v = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);
    expect(decodeDiameter(v(ULR), 0, ULR.length, f)).toBe(ULR.length);
    const lists = [f.avpList, f.routeRecord, f.e164, f.msisdns, f.dataReference, f.anomalies];
    expect(f.avpList.length).toBeGreaterThan(2);
    const dwa = buildDiameter({ cmd: 280, app: 0, avps: [avp(268, 2001)] });
    expect(decodeDiameter(v(dwa), 0, dwa.length, f)).toBe(dwa.length);
    expect([f.userName, f.visitedPlmn, f.ulrFlags, f.routeRecord.length, f.resultCode]).toEqual([undefined, undefined, undefined, 0, 2001]);
    expect(f.avpList).toEqual([0, 268]);
    // The lists are emptied in place (fields.ts `empty`), not replaced.
    const after = [f.avpList, f.routeRecord, f.e164, f.msisdns, f.dataReference, f.anomalies];
    for (let i = 0; i < lists.length; i++) expect(after[i]).toBe(lists[i]);
    expect([f.e164, f.msisdns, f.dataReference, f.anomalies].map((l) => l.length)).toEqual([0, 0, 0, 0]);
  });

  it('ULA: Experimental-Result-Code and Subscription-Data MSISDN (TS 29.329 §6.3.2 TBCD)', () => {
    const ula = buildDiameter({
      cmd: 316,
      app: 16777251,
      avps: [
        group(297, [avp(266, 10415), avp(298, 5420)]),
        group(1400, [msisdnAvp('33612345678'), avp3(1417, 2), avp3(1645, encodeTbcd('33609000001'))], { vendor: 10415 }),
      ],
    });
    const { f } = extract(ula);
    expect(f.expResultCode).toBe(5420);
    expect(f.resultCode).toBeUndefined();
    expect(f.msisdn).toBe('33612345678');
    expect(f.e164).toEqual(['33612345678', '33609000001']);
  });

  it('IDR flags, CLR cancellation type', () => {
    const idr = extract(buildDiameter({ cmd: 319, app: 16777251, request: true, avps: [avp3(1490, 0b11000)] })).f;
    expect(idr.idrFlags).toBe(0b11000);
    const clr = extract(buildDiameter({ cmd: 317, app: 16777251, request: true, avps: [avp3(1420, 2)] })).f;
    expect(clr.cancellationType).toBe(2);
  });

  it('Sh UDR: User-Identity MSISDN, Data-Reference list, Current-Location (TS 29.329 §6.1.1)', () => {
    const udr = buildDiameter({
      cmd: 306,
      app: 16777217,
      request: true,
      avps: [group(700, [msisdnAvp('447700900123')], { vendor: 10415 }), avp3(703, 14), avp3(703, 17), avp3(707, 1)],
    });
    const { f } = extract(udr);
    expect(f.msisdn).toBe('447700900123');
    expect(f.dataReference).toEqual([14, 17]);
    expect(f.currentLocation).toBe(1);
  });

  it('Sh UDR: User-Identity Public-Identity as tel: / sip:…;user=phone number or the IMSI-derived sip: identity (TS 29.329 §6.3.2, TS 23.003 §13.4B; red-team rt8 H1)', () => {
    const udr = (uri: string) =>
      extract(buildDiameter({ cmd: 306, app: 16777217, request: true, avps: [group(700, [avp3(601, uri)], { vendor: 10415 }), avp3(703, 14)] })).f;
    const id = (uri: string) => {
      const f = udr(uri);
      return [f.msisdn, f.subscriptionImsi];
    };
    expect(id('tel:+12025550032')).toEqual(['12025550032', undefined]);
    expect(id('tel:+1-202-555-0032;phone-context=example')).toEqual(['12025550032', undefined]);
    expect(id('TEL:+1(202)555.0032')).toEqual(['12025550032', undefined]);
    expect(id('sip:+12025550032@ims.mnc410.mcc310.3gppnetwork.org;user=phone')).toEqual(['12025550032', undefined]);
    expect(id('sip:310410100000032@ims.mnc410.mcc310.3gppnetwork.org')).toEqual([undefined, '310410100000032']);
    // Without ;user=phone, and under sips: (review of the first version).
    expect(id('sip:+12025550032@ims.mnc410.mcc310.3gppnetwork.org')).toEqual(['12025550032', undefined]);
    expect(id('sips:+1-202-555-0032@ims.example.org')).toEqual(['12025550032', undefined]);
    // rt9 H2: a local number in a global phone-context (RFC 3966 §5.1.5), an escaped '+' (RFC 3261 §19.1.4).
    expect(id('tel:202-555-0032;phone-context=+1')).toEqual(['12025550032', undefined]);
    expect(id('tel:2025550032;foo=bar;Phone-Context=+1')).toEqual(['12025550032', undefined]);
    expect(id('sip:%2B12025550032@ims.mnc410.mcc310.3gppnetwork.org;user=phone')).toEqual(['12025550032', undefined]);
    // A sip: URI whose user part is a local number in a global phone-context: the user part is an
    // RFC 3966 telephone-subscriber (RFC 3261 §19.1.6), the number the context's prefix + its digits (RFC 3966 §5.1.5).
    expect(id('sip:1234567;phone-context=+4930@ims.example;user=phone')).toEqual(['49301234567', undefined]);
    expect(id('sips:123-4567;Phone-Context=+49-30@ims.example')).toEqual(['49301234567', undefined]);
    expect(id('sip:1234567;isub=12;phone-context=%2B4930@ims.example;user=phone')).toEqual(['49301234567', undefined]);
    // Not a number or IMSI of the subscriber: a local tel number (without or with a domain context), too many digits, a name, a bad escape.
    const others = ['tel:2025550032', 'tel:2025550032;phone-context=ims.example.org', 'tel:12025550032;phone-context=+4412345', 'tel:+1202555003212345'];
    // sip: local numbers: a domain context, the context outside the user part (a URI parameter, not the number's), too many digits, a name.
    others.push('sip:1234567;phone-context=ims.example@ims.example;user=phone', 'sip:1234567@ims.example;phone-context=+4930;user=phone');
    others.push('sip:1234567890123;phone-context=+4930@ims.example', 'sip:alice;phone-context=+4930@ims.example', 'sip:12*34;phone-context=+4930@ims.example');
    for (const other of [...others, 'sip:alice@ims.example.org', 'sip:3104101@ims.example.org', 'tel:+1-202-x', 'sip:%zz12025550032@ims.example.org']) {
      expect(id(other), other).toEqual([undefined, undefined]);
    }
  });

  it('SLg PLR: location type, client name and type, MSISDN (TS 29.172 §7.3.1)', () => {
    const plr = buildDiameter({
      cmd: 8388620,
      app: 16777255,
      request: true,
      avps: [avp3(2500, 0), group(2501, [avp3(1238, 'tracker-inc')], { vendor: 10415 }), avp3(1241, 1), msisdnAvp('15550001111')],
    });
    const { f } = extract(plr);
    expect([f.slgLocationType, f.lcsClientName, f.lcsClientType, f.msisdn]).toEqual([0, 'tracker-inc', 1, '15550001111']);
  });

  it('SLg PLA: Location-Estimate (TS 23.032 §7.3.2 shape) and Age-Of-Location-Estimate (TS 29.172 §7.3.2)', () => {
    // 52.5° N, 13.4° E with uncertainty code 20: see test/ss7/map/args-deeper.test.ts for the working
    const pla = buildDiameter({ cmd: 8388620, app: 16777255, avps: [avp3(1242, hex('104aaaaa09876514')), avp3(2514, 3)] });
    const { f } = extract(pla);
    expect([f.locationEstimate, f.ageOfLocationEstimate]).toEqual(['104aaaaa09876514', 3]);
    expect(f.locationShape).toEqual({ shape: 'ellipsoidPointWithUncertaintyCircle', latitude: 52.499993, longitude: 13.399994, uncertaintyMeters: 57.274999 });
    const odd = extract(buildDiameter({ cmd: 8388620, app: 16777255, avps: [avp3(1242, hex('ff00'))] })).f;
    expect([odd.locationEstimate, odd.locationShape, odd.ageOfLocationEstimate]).toEqual(['ff00', undefined, undefined]);
  });

  it('SLh RIA / S6c SRA: Serving-Node MME-Name and MSC number', () => {
    const ria = buildDiameter({
      cmd: 8388622,
      app: 16777291,
      avps: [group(2401, [avp3(2402, 'mme7.epc.mnc020.mcc262.3gppnetwork.org'), avp3(2403, encodeTbcd('4917000001'))], { vendor: 10415 })],
    });
    const { f } = extract(ria);
    expect(f.mmeName).toBe('mme7.epc.mnc020.mcc262.3gppnetwork.org');
    expect(f.e164).toEqual(['4917000001']);
  });

  it('Gx/Gy Subscription-Id (RFC 4006 §8.46): E.164 → msisdn, IMSI → subscriptionImsi', () => {
    const ccr = buildDiameter({
      cmd: 272,
      app: 16777238,
      request: true,
      avps: [group(443, [avp(450, 0), avp(444, '14155550100')]), group(443, [avp(450, 1), avp(444, '310410000000001')])],
    });
    const { f } = extract(ccr);
    expect([f.msisdn, f.subscriptionImsi]).toEqual(['14155550100', '310410000000001']);
  });

  it('malformed: short header → false; bad version → false; bad AVP → fields before it kept', () => {
    expect(extract(ULR.subarray(0, 19)).ok).toBe(false);
    const v2 = ULR.slice();
    v2[0] = 2;
    const r2 = extract(v2);
    expect(r2.ok).toBe(false);
    expect(r2.f.anomalies.map((a) => a.code)).toEqual([DIAMETER_ANOMALY.BAD_VERSION]);
    // Zero the length of the 3rd AVP (Origin-Realm): walk stops, Session-Id and Origin-Host stay.
    const bad = ULR.slice();
    const dv = new DataView(bad.buffer);
    let p = 20;
    for (let i = 0; i < 2; i++) p += ((dv.getUint32(p + 4) & 0xffffff) + 3) & ~3;
    dv.setUint32(p + 4, 0x40000000);
    const r = extract(bad);
    expect(r.ok).toBe(true);
    expect(r.f.anomalies.map((a) => a.code)).toEqual([DIAMETER_ANOMALY.AVP_BAD_LENGTH]);
    expect([r.f.sessionId, r.f.originHost, r.f.originRealm, r.f.userName]).toEqual([
      'mme.example;1;2',
      'mme1.epc.mnc002.mcc208.3gppnetwork.org',
      undefined,
      undefined,
    ]);
  });

  it('message length ≠ payload: anomaly, AVPs read within the shorter one', () => {
    const longer = new Uint8Array(ULR.length + 8);
    longer.set(ULR);
    const r = extract(longer);
    expect(r.f.anomalies.map((a) => a.code)).toEqual([DIAMETER_ANOMALY.LENGTH_MISMATCH]);
    expect(r.f.routeRecord).toEqual(['dra1.example', 'dra2.example']);
  });
});

describe('fast tier agrees with the full tree and never throws', () => {
  it('generated messages: same top-level (vendor, code) list and string fields as decodeDiameterMessage', async () => {
    const fc = (await import('fast-check')).default;
    const { decodeDiameterMessage } = await import('../../src/diameter/codec.js');
    const item = fc.oneof(
      fc.string({ maxLength: 30 }).map((s) => avp(264, s)),
      fc.string({ maxLength: 30 }).map((s) => avp(282, s)),
      fc.integer({ min: 0, max: 0xffffffff }).map((n) => avp(268, n)),
      fc.uint8Array({ minLength: 3, maxLength: 3 }).map((u) => avp3(1407, u)),
      fc.uint8Array({ maxLength: 9 }).map((u) => avp(9999, u, { vendor: 7 })),
    );
    fc.assert(
      fc.property(fc.array(item, { maxLength: 10 }), fc.integer({ min: 0, max: 9 }), (avps, pad) => {
        const bytes = buildDiameter({ cmd: 316, app: 16777251, avps });
        const { ok, f } = extract(bytes, pad);
        const m = decodeDiameterMessage(bytes);
        expect(ok).toBe(true);
        expect(f.avpList).toEqual(m.avps.flatMap((a) => [a.vendor, a.code]));
        expect(f.originHost).toBe(m.avps.find((a) => a.code === 264)?.value);
        expect(f.routeRecord).toEqual(m.avps.filter((a) => a.code === 282).map((a) => a.value));
        expect(f.resultCode).toBe(m.avps.find((a) => a.code === 268)?.value);
      }),
      { numRuns: 200 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (tail) => {
        const b = new Uint8Array(20 + tail.length);
        b.set([1, 0, 0, b.length]);
        b.set(tail, 20);
        extract(b);
        extract(tail);
      }),
      { numRuns: 500 },
    );
  });
});

describe('rt15 H7: a repeated single-valued AVP', () => {
  const idr = (userNames: string[]) =>
    buildDiameter({
      cmd: 319,
      app: 16777251,
      request: true,
      hbh: 0x31,
      e2e: 0x32,
      avps: [
        avp(263, 'hss.example;1'),
        avp(264, 'hss1.epc.mnc000.mcc460.3gppnetwork.org'),
        avp(296, 'epc.mnc000.mcc460.3gppnetwork.org'),
        ...userNames.map((u) => avp(1, u)),
        avp3(1490, 24),
      ],
    });

  it('two User-Names (TS 29.272 §7.2.9: exactly one): the first is read, diameter.avp-repeated reported', () => {
    const { f } = extract(idr(['460001234567890', '310410100000123']));
    expect(f.userName).toBe('460001234567890');
    // Two different IMSIs: also an identity conflict, the second judged too (review 17-A #3).
    expect(f.anomalies.map((a) => a.code)).toEqual([DIAMETER_ANOMALY.AVP_REPEATED, DIAMETER_ANOMALY.IDENTITY_CONFLICT]);
    expect(f.otherImsis).toEqual(['310410100000123']);
  });

  it('one User-Name: no anomaly', () => {
    expect(extract(idr(['310410100000123'])).f.anomalies).toEqual([]);
  });

  it('10,000 repeated User-Names: one anomaly, not one per repeat (final read 15-B #1)', () => {
    const { f } = extract(idr(Array.from({ length: 10_000 }, (_, i) => `46000${String(i).padStart(10, '0')}`)));
    expect(f.userName).toBe('460000000000000');
    expect(f.anomalies.filter((a) => a.code === DIAMETER_ANOMALY.AVP_REPEATED).length).toBe(1);
    // One identity conflict: the first 4 other IMSIs and the last judged, the rest counted (review 17-A #3).
    const conflict = f.anomalies.filter((a) => a.code === DIAMETER_ANOMALY.IDENTITY_CONFLICT);
    expect(conflict.length).toBe(1);
    expect(conflict[0]!.detail).toContain('9994 more not judged');
    expect(f.otherImsis).toHaveLength(5);
    expect(f.otherImsis.at(-1)).toBe('460000000009999');
    // The next message starts afresh.
    expect(extract(idr(['460001234567890', '310410100000123'])).f.anomalies.length).toBe(2);
  });
});
