/**
 * The inferred home (detect/infer-home.ts) resists one-message poisoning (red-team review F6, F7,
 * F8): a minority HLR candidate does not widen the home GT prefix beyond its country prefix (NANP:
 * area code), an unsolicited S6a answer votes for no HSS realm, and what is restated in every
 * alert's assumptions is bounded in count and characters.
 */
import { describe, expect, it } from 'vitest';
import { HomeInference } from '../../src/detect/infer-home.js';
import type { DiameterEvent } from '../../src/events/types.js';
import type { Flow } from '../../src/transport/types.js';
import { diameterEvent, mapInvoke, mapUl } from '../support/events.js';

const S6A = 16777251;
const ULR = 316;
const HLR = '12025550001';
const JP_VLR = '819012000011';
const imsi = (i: number) => `3104101000${String(i).padStart(5, '0')}`;

const MME: Flow = { id: 1, transport: 'sctp', src: '10.0.0.1', dst: '10.0.0.2', srcPort: 3868, dstPort: 3868 };
const HSS: Flow = { id: 1, transport: 'sctp', src: '10.0.0.2', dst: '10.0.0.1', srcPort: 3868, dstPort: 3868 };

/**
 * A ULR to the home HSS and, unless `unsolicited`, the ULA matched to it (decoder `requestFrame`);
 * `flows`: the request's and the answer's transport flows.
 */
function ulrUla(inf: HomeInference, i: number, hssRealm: string, opts: { unsolicited?: boolean; flows?: [Flow, Flow] } = {}): void {
  const req = diameterEvent({
    app: S6A,
    cmd: ULR,
    originRealm: 'epc.mnc010.mcc440.3gppnetwork.org',
    destRealm: 'epc.mnc410.mcc310.3gppnetwork.org',
    userName: imsi(i),
  });
  const ans: DiameterEvent = diameterEvent({ app: S6A, cmd: ULR, request: false, originRealm: hssRealm });
  if (opts.flows !== undefined) [req.flow, ans.flow] = opts.flows;
  if (!opts.unsolicited) inf.observe(req);
  if (!opts.unsolicited) ans.diameter.requestFrame = req.frame;
  inf.observe(ans);
}

describe('inferred home GT prefix (F8)', () => {
  it('one UpdateLocation toward another US number does not make all of +1 home', () => {
    const inf = new HomeInference();
    for (let i = 1; i <= 12; i++) inf.observe(mapUl({ imsi: imsi(i), vlr: JP_VLR, hlrGt: HLR }));
    inf.observe(mapUl({ imsi: imsi(99), vlr: JP_VLR, hlrGt: '13055550000' }));
    const h = inf.result()!;
    expect(h.gtPrefixes).toEqual(['1202']);
    expect(h.evidence.join('\n')).toContain('13055550000 (3 of 36 votes, prefix 1305)');
  });

  it('several HLRs with their share of the votes still give their common prefix, never shorter than the area code', () => {
    const inf = new HomeInference();
    for (let i = 1; i <= 12; i++) inf.observe(mapUl({ imsi: imsi(i), vlr: JP_VLR, hlrGt: i % 2 === 0 ? HLR : '12029990001' }));
    expect(inf.result()!.gtPrefixes).toEqual(['1202']);
    const two = new HomeInference();
    for (let i = 1; i <= 12; i++) two.observe(mapUl({ imsi: imsi(i), vlr: JP_VLR, hlrGt: i % 2 === 0 ? HLR : '12025560001' }));
    expect(two.result()!.gtPrefixes).toEqual(['120255']);
  });

  it('more than ten GTs of equal weight (each UL on its own E.214 MGT) shape the prefix together (red-team I1: a TypeError ended the scan)', () => {
    const inf = new HomeInference();
    for (let i = 1; i <= 11; i++) inf.observe(mapUl({ imsi: imsi(i), vlr: JP_VLR, hlrGt: `120255510${String(i * 37).padStart(4, '0')}` }));
    const h = inf.result()!;
    expect(h.gtPrefixes).toEqual(['1202555100']);
    expect(h.evidence.join('\n')).toContain('1202555100185 and 6 more → GT prefix 1202555100');
  });

  it('a minority candidate in the same area code does not widen the prefix', () => {
    const inf = new HomeInference();
    for (let i = 1; i <= 12; i++) inf.observe(mapUl({ imsi: imsi(i), vlr: JP_VLR, hlrGt: i === 1 ? '12021110001' : i % 2 === 0 ? HLR : '12025550002' }));
    const h = inf.result()!;
    expect(h.gtPrefixes).toEqual(['1202555000']);
    expect(h.evidence.join('\n')).toContain('12021110001 (3 of 36 votes)');
  });
});

describe('inferred HSS realms (F6, F7)', () => {
  it('an unsolicited S6a answer from a non-3GPP realm does not make it a home realm; a matched one does', () => {
    const inf = new HomeInference();
    for (let i = 1; i <= 12; i++) ulrUla(inf, i, 'epc.mnc410.mcc310.3gppnetwork.org');
    ulrUla(inf, 99, 'hss.evil-ipx.example', { unsolicited: true });
    expect(inf.result()!.realms).toEqual(['epc.mnc410.mcc310.3gppnetwork.org']);
    ulrUla(inf, 98, 'hss.lab.example');
    expect(inf.result()!.realms).toContain('hss.lab.example');
  });

  it("an answer sent in its request's own direction (same sender) votes nothing; one sent back does", () => {
    const inf = new HomeInference();
    for (let i = 1; i <= 12; i++) ulrUla(inf, i, 'epc.mnc410.mcc310.3gppnetwork.org', { flows: [MME, HSS] });
    ulrUla(inf, 99, 'hss.evil-ipx.example', { flows: [MME, MME] });
    expect(inf.result()!.realms).toEqual(['epc.mnc410.mcc310.3gppnetwork.org']);
    ulrUla(inf, 98, 'hss.lab.example', { flows: [MME, HSS] });
    expect(inf.result()!.realms).toContain('hss.lab.example');
  });

  it('realms kept, restated and their length are bounded', () => {
    const inf = new HomeInference();
    for (let i = 1; i <= 40; i++) ulrUla(inf, i, `x${i}.epc.mnc410.mcc310.3gppnetwork.org`);
    ulrUla(inf, 41, `${'a'.repeat(16_000)}.epc.mnc410.mcc310.3gppnetwork.org`);
    const h = inf.result()!;
    expect(h.realms.length).toBe(16);
    expect(h.realms.every((r) => r.length <= 255)).toBe(true);
    expect(h.summary).toMatch(/realms: [^;]* and 11 more;/);
    expect(h.summary.length).toBeLessThan(1000);
    expect(h.evidence.join('\n').length).toBeLessThan(4000);
  });
});

describe('inferred home PLMN: one vote per IMSI and per TCAP message (red-team rt8 I2)', () => {
  const CN_IMSI = '460001234567890';
  const CN_HLR = '8613800000001';
  const sai = (imsi: string, frame: number) => mapInvoke({ op: 56, callingGt: '8613900000001', calledGt: CN_HLR, imsi, frame });

  it('36 SAI invokes for one Chinese IMSI in one TCAP message do not outvote 12 home subscribers', () => {
    const inf = new HomeInference();
    for (let i = 1; i <= 12; i++) inf.observe(mapUl({ imsi: imsi(i), vlr: JP_VLR, hlrGt: HLR }));
    for (let k = 0; k < 36; k++) inf.observe(sai(CN_IMSI, 5_000));
    const h = inf.result()!;
    expect([h.name, h.imsiPrefixes]).toEqual(['310410 (inferred)', ['310410']]);
    expect(h.gtPrefixes).toEqual(['1202']);
    expect(h.evidence[0]).toBe('IMSI PLMN 310410 (12 of 13 IMSIs in HLR/HSS-bound messages), country US');
  });

  it('the same IMSI in 36 messages votes once; 36 distinct IMSIs in one message vote once', () => {
    const inf = new HomeInference();
    for (let i = 1; i <= 12; i++) inf.observe(mapUl({ imsi: imsi(i), vlr: JP_VLR, hlrGt: HLR }));
    for (let k = 0; k < 36; k++) inf.observe(sai(CN_IMSI, 6_000 + k));
    for (let k = 0; k < 36; k++) inf.observe(sai(`4600012345${String(k).padStart(5, '0')}`, 7_000));
    expect(inf.result()!.evidence[0]).toBe('IMSI PLMN 310410 (12 of 14 IMSIs in HLR/HSS-bound messages), country US');
  });
});

describe('inferred home PLMN: IMSIs sent to another country’s HLR, split votes (red-team round 11 R8)', () => {
  const US_HLR = '12025550001';
  const CN_GT = '8613800000001';
  const cnImsi = (i: number) => `4600012345${String(10_000 + i)}`;
  const sai = (imsi: string, calledGt: string) => mapInvoke({ op: 56, callingGt: CN_GT, calledGt, imsi });
  /** 20 home subscribers registering from Japan with the US HLR. */
  const home = (inf: HomeInference) => {
    for (let i = 1; i <= 20; i++) {
      inf.observe(mapUl({ imsi: imsi(i), vlr: JP_VLR, hlrGt: US_HLR }));
      inf.observe(mapInvoke({ op: 56, callingGt: JP_VLR, calledGt: US_HLR, imsi: imsi(i) }));
    }
  };

  it('41 SAIs for distinct Chinese IMSIs sent to the US HLR do not out-vote 20 US subscribers', () => {
    const inf = new HomeInference();
    home(inf);
    for (let i = 0; i < 41; i++) inf.observe(sai(cnImsi(i), US_HLR));
    const h = inf.result()!;
    expect(h.imsiPrefixes).toEqual(['310410']);
    expect(h.evidence[0]).toBe(
      "IMSI PLMN 310410 (20 of 20 IMSIs in HLR/HSS-bound messages sent to their own country; 41 IMSIs sent to another country's HLR not counted), country US",
    );
    expect(h.summary.startsWith('PLMN 310410')).toBe(true);
  });

  it('a split vote (the runner-up has half the IMSIs or more) says so, and the registering PLMN wins it', () => {
    const inf = new HomeInference();
    home(inf);
    // 30 Chinese IMSIs "to their own HLR" (agreeing with the called GT), never registering: more than the home's 20.
    for (let i = 0; i < 30; i++) inf.observe(sai(cnImsi(i), '8613900000001'));
    const h = inf.result()!;
    expect(h.imsiPrefixes).toEqual(['310410']);
    expect(h.summary.startsWith('AMBIGUOUS PLMN 310410 (US)')).toBe(true);
    expect(h.evidence[1]).toBe(
      'AMBIGUOUS: the IMSI vote is split (46000: 30, 310410: 20 IMSIs); 310410 chosen (20 IMSIs authenticated and registering against 0 for 46000; no registration answered): ' +
        'give --profile FILE to state the home',
    );
  });

  it("interrogations for more than twice the home's IMSIs, never registering, do not out-vote registering subscribers (red-team round 12 F8)", () => {
    const inf = new HomeInference();
    home(inf);
    for (let i = 0; i < 41; i++) inf.observe(sai(cnImsi(i), '8613800000002'));
    const h = inf.result()!;
    expect(h.imsiPrefixes).toEqual(['310410']);
    expect(h.evidence[1]).toBe(
      'AMBIGUOUS: the IMSI vote is split (46000: 41, 310410: 20 IMSIs); 310410 chosen (20 IMSIs authenticated and registering against 0 for 46000; no registration answered): ' +
        'give --profile FILE to state the home',
    );
  });

  it('nor do IMSIs of another PLMN of the home country sent to the home HLR (review 11-B #8)', () => {
    const inf = new HomeInference();
    home(inf);
    for (let i = 0; i < 41; i++) inf.observe(sai(`3102601234${String(10_000 + i)}`, US_HLR));
    const h = inf.result()!;
    expect(h.imsiPrefixes).toEqual(['310410']);
    expect(h.summary.startsWith('AMBIGUOUS PLMN 310410 (US)')).toBe(true);
  });

  it('a majority that also registers more is not ambiguous, however many IMSIs the runner-up has', () => {
    const inf = new HomeInference();
    home(inf);
    for (let i = 0; i < 25; i++) inf.observe(mapUl({ imsi: cnImsi(i), vlr: JP_VLR, hlrGt: '8613800000002' }));
    for (let i = 0; i < 41; i++) inf.observe(sai(cnImsi(i), '8613800000002'));
    expect(inf.result()!.imsiPrefixes).toEqual(['46000']);
    expect(inf.result()!.summary.startsWith('PLMN 46000 (CN)')).toBe(true);
  });

  it('a few national roamers registering do not outweigh a home seen mostly through interrogations (review 12-B #2)', () => {
    const inf = new HomeInference();
    for (let i = 1; i <= 200; i++) inf.observe(mapInvoke({ op: 56, callingGt: JP_VLR, calledGt: US_HLR, imsi: imsi(i) }));
    for (let i = 1; i <= 10; i++) inf.observe(mapUl({ imsi: imsi(i), vlr: JP_VLR, hlrGt: US_HLR }));
    for (let i = 0; i < 15; i++) inf.observe(mapUl({ imsi: `3102601234${String(10_000 + i)}`, vlr: '12025559999', hlrGt: '12065550001' }));
    const h = inf.result()!;
    expect(h.imsiPrefixes).toEqual(['310410']);
    expect(h.summary.startsWith('PLMN 310410 (US)')).toBe(true);
  });

  it('a clear majority is not ambiguous', () => {
    const inf = new HomeInference();
    home(inf);
    for (let i = 0; i < 9; i++) inf.observe(sai(cnImsi(i), '8613900000001'));
    const h = inf.result()!;
    expect(h.summary.startsWith('PLMN 310410 (US)')).toBe(true);
    expect(h.evidence.some((e) => e.includes('AMBIGUOUS'))).toBe(false);
  });
});
