/**
 * Fail closed on an AMBIGUOUS no-profile home vote (review 14-B #1): a one-direction capture's
 * forged answered registrations and a two-direction capture's unanswered authenticated ones are
 * mirror images, so no tally rule picks the right home for both. When the tallies name different
 * PLMNs the rules run under both candidates and either one saying "outside" alerts, the alert
 * saying which home assumption raised it (api/scanner.ts, detect/infer-home.ts).
 */
import { describe, expect, it } from 'vitest';
import { scan, inferHome } from '../../src/api/scan.js';
import type { ScanAlert } from '../../src/api/scan-options.js';
import { Scanner } from '../../src/api/scanner.js';
import { voteCapture, type VoteShape } from '../support/vote-capture.js';

async function alertsOf(bytes: Uint8Array): Promise<ScanAlert[]> {
  const out: ScanAlert[] = [];
  for await (const a of scan(bytes)) out.push(a);
  return out;
}

const cat1 = (alerts: ScanAlert[]) => alerts.filter((a) => a.rule === 'cat1-from-outside');
const ONE_WAY: VoteShape = { link: 'ip', dir: 'one', home: 60, registering: 20, bare: 19, pairs: 0, forged: 1 };

describe('AMBIGUOUS home vote: the rules run under both candidate homes (review 14-B #1)', () => {
  for (const link of ['ip', 'mtp3'] as const) {
    it(`${link}, one direction: 19 bare SAIs + 1 forged UL/result pair move the home, and the ATI from China still alerts`, async () => {
      const bytes = voteCapture({ ...ONE_WAY, link });
      const home = (await inferHome([bytes]))!;
      expect(home.imsiPrefixes).toEqual(['46000']);
      expect(home.alternative?.imsiPrefixes).toEqual(['310410']);
      expect(home.alternative?.alternative).toBeUndefined();
      expect(home.evidence).toContain(
        'fail closed: the tallies name 46000 and 310410, so the rules also run with 310410 as the home; an alert only that assumption raises says so',
      );
      const [a, ...more] = cat1(await alertsOf(bytes));
      expect(more).toEqual([]);
      expect(a!.level).toBe('high');
      expect(a!.explanation).toContain('outside the home network (US 310410 (inferred alternative))');
      expect(a!.explanation).toContain(
        '[raised with 310410 as the home: the AMBIGUOUS home vote chose 46000, under which this rule raised no alert on this message]',
      );
      expect(a!.assumptions?.[0]).toContain('310410 (inferred alternative)');
    });
  }

  it('answered registrations outweighing the count (20 forged pairs, no bare SAI) alert too', async () => {
    const bytes = voteCapture({ ...ONE_WAY, bare: 0, forged: 20 });
    expect((await inferHome([bytes]))?.alternative?.imsiPrefixes).toEqual(['310410']);
    expect(cat1(await alertsOf(bytes))).toHaveLength(1);
  });

  it('two directions, 61 unanswered SAI + UL pairs (13-A #1 shape): the answered home is chosen, its alert is its own', async () => {
    const bytes = voteCapture({ link: 'ip', dir: 'regonly', home: 60, registering: 20, bare: 0, pairs: 61, forged: 0 });
    const home = (await inferHome([bytes]))!;
    expect(home.imsiPrefixes).toEqual(['310410']);
    expect(home.alternative?.imsiPrefixes).toEqual(['46000']);
    const [a, ...more] = cat1(await alertsOf(bytes));
    expect(more).toEqual([]);
    expect(a!.explanation).not.toContain('raised with');
  });

  for (const dir of ['one', 'two', 'regonly'] as const) {
    it(`an honest capture (${dir}, no attacker) has no alternative home and the same alerts as before`, async () => {
      const bytes = voteCapture({ link: 'ip', dir, home: 60, registering: 20, bare: 0, pairs: 0, forged: 0 });
      expect((await inferHome([bytes]))?.alternative).toBeUndefined();
      for (const a of await alertsOf(bytes)) expect(a.explanation).not.toContain('raised with');
    });
  }

  it('the warm-up Scanner (no first pass) fails closed alike, and a rule both homes raise is reported once', () => {
    const alerts: ScanAlert[] = [];
    const s = new Scanner({ onAlert: (a) => alerts.push(a) });
    s.push(voteCapture(ONE_WAY));
    s.end();
    expect(s.inferred?.alternative?.imsiPrefixes).toEqual(['310410']);
    expect(cat1(alerts)).toHaveLength(1);
    const keys = alerts.map((a) => `${a.frame}/${a.rule}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('the alternative home runs only while the vote is genuinely ambiguous, and reports what it did (review 15-B #8)', () => {
  // An honest international link with asymmetric routing: 40 home outbound roamers answered, 50
  // Chinese inbound roamers at US VLRs whose answers take another STP route.
  const ASYMMETRIC: VoteShape = { link: 'ip', dir: 'two', home: 40, registering: 40, bare: 0, pairs: 0, forged: 0, inbound: 50 };

  it('inbound roamers of another country are no alternative home: no second detector, and the evidence says why', async () => {
    const bytes = voteCapture(ASYMMETRIC);
    const home = (await inferHome([bytes]))!;
    expect(home.imsiPrefixes).toEqual(['310410']);
    expect(home.alternative).toBeUndefined();
    expect(home.evidence).toContain(
      "46000 is not also run as the home: 50 of its 50 IMSIs authenticated and registering registered from US, as inbound roamers in 310410's " +
        'network whose answers take another route do (at least 7/8 needed)',
    );
    const alerts = await alertsOf(bytes);
    for (const a of alerts) expect(a.explanation).not.toContain('raised with');
    expect(cat1(alerts)).toHaveLength(1);
  });

  it('the one-direction forgery (14-B #1) still fails closed with made-up home registrations from China below 7/8 (139 against 20)', async () => {
    const bytes = voteCapture({ ...ONE_WAY, bare: 80, dilute: 139 });
    const home = (await inferHome([bytes]))!;
    expect(home.imsiPrefixes).toEqual(['46000']);
    expect(home.alternative?.imsiPrefixes).toEqual(['310410']);
    expect(cat1(await alertsOf(bytes))).toHaveLength(1);
  });

  it("the second detector's alerts, state and limit anomalies are counted as alt.* (one thread's Scanner)", () => {
    const alerts: ScanAlert[] = [];
    const s = new Scanner({ onAlert: (a) => alerts.push(a), limits: { subscribers: 8 } });
    s.push(voteCapture(ONE_WAY));
    s.end();
    const st = s.decodeStats;
    const reported = alerts.filter((a) => a.explanation.includes('raised with')).length;
    expect(reported).toBeGreaterThan(0);
    expect(st['alt.alerts-reported']).toBe(reported);
    expect(st['alt.alerts']).toBeGreaterThanOrEqual(reported);
    expect(st['alt.subscribers']).toBeGreaterThan(0);
    expect(st['alt.anomaly.state.subscriber-evicted']).toBeGreaterThan(0);
  });
});

describe('MTP: an answer relayed by a mated STP is sent back when its calling GT is the GT the request went to (review 14-B #4b)', () => {
  const MATED: VoteShape = { link: 'mtp3', dir: 'regonly', home: 60, registering: 20, bare: 19, pairs: 0, forged: 1, answerOpc: 201 };

  it("the HLR's results via the mate (OPC 201, requests to DPC 200) count: the home is chosen, not merely kept by failing closed", async () => {
    const home = (await inferHome([voteCapture(MATED)]))!;
    expect(home.imsiPrefixes).toEqual(['310410']);
    expect(home.alternative).toBeUndefined();
    expect(home.evidence.join('\n')).not.toContain('AMBIGUOUS');
  });

  it('a result from another point code with another calling GT answers nothing', async () => {
    const home = (await inferHome([voteCapture({ ...MATED, answerGt: '12025550077' })]))!;
    expect(home.imsiPrefixes).toEqual(['46000']);
    expect(home.alternative?.imsiPrefixes).toEqual(['310410']);
  });
});
