/**
 * Review 20 #4 (detect/visited-blocks.ts): the visited number blocks that place an S6a roamer's visited-network GTs
 * are learned only from answered home-own operations, kept by last use, and each eviction is reported. The review's
 * flush: 6,480 CancelLocations "from the home HLR" to distinct number blocks pushed the honest Japanese block out
 * (first learned, first forgotten), and the honest GMSC's request then alerted, with nothing saying why.
 */
import { describe, expect, it } from 'vitest';
import type { Alert } from '../../src/detect/alert.js';
import { Detector } from '../../src/detect/engine.js';
import { ReportCollector } from '../../src/report/collector.js';
import { formatSummary } from '../../src/report/summary-text.js';
import { diameterEvent, diameterUlr, mapInvoke, mapResult } from '../support/events.js';
import { HOME_HLR, IMSI, profile, RULES, T0 } from './fixture.js';

const P = profile({ networks: [] });
const JP_REALM = 'epc.mnc010.mcc440.3gppnetwork.org';
/** The honest Japanese MSC the home HLR talks to (block +81 90), and the visited network's GMSC in that block. */
const JP_MSC = '819012000011';
const JP_GMSC = '81901200021';
const EVICTED = 'state.visited-block-evicted';

/** 6,480 distinct blocks: 72 country codes × two digits 10-99 (the review's vbflush.mjs). */
const CC = [
  '44',
  '49',
  '33',
  '39',
  '34',
  '31',
  '32',
  '41',
  '43',
  '45',
  '46',
  '47',
  '48',
  '351',
  '352',
  '353',
  '354',
  '355',
  '356',
  '357',
  '358',
  '359',
  '370',
  '371',
  '372',
  '373',
  '374',
  '375',
  '376',
  '377',
  '378',
  '380',
  '381',
  '382',
  '385',
  '386',
  '387',
  '389',
  '420',
  '421',
  '423',
  '7',
  '20',
  '27',
  '30',
  '36',
  '40',
  '51',
  '52',
  '53',
  '54',
  '55',
  '56',
  '57',
  '58',
  '60',
  '61',
  '62',
  '63',
  '64',
  '65',
  '66',
  '82',
  '84',
  '86',
  '90',
  '91',
  '92',
  '93',
  '94',
  '95',
  '98',
];
const FLUSH: string[] = [];
for (const c of CC) for (let d = 10; d < 100; d++) FLUSH.push(`${c}${d}1234567`);

function run(): { det: Detector; alerts: Alert[]; evicted: string[] } {
  const alerts: Alert[] = [];
  const evicted: string[] = [];
  const det = new Detector({ rules: RULES, profile: P, onAlert: (a) => alerts.push(a), onAnomaly: (a) => void (a.code === EVICTED && evicted.push(a.detail)) });
  // The home subscriber attaches over S6a at NTT Docomo (44010): a visited network known by its PLMN only.
  det.event(diameterUlr({ imsi: IMSI, originRealm: JP_REALM, visitedPlmn: '44010', ts: T0 }));
  const ula = diameterEvent({ app: 16777251, cmd: 316, request: false, originRealm: 'epc.mnc410.mcc310.3gppnetwork.org', userName: IMSI, ts: T0 });
  Object.assign(ula.diameter, { resultCode: 2001 });
  det.event(ula);
  return { det, alerts, evicted };
}

/** The home HLR's CancelLocation to `node` (a Begin), "from" the home HLR's GT. */
const cancel = (node: string, ts: number) => mapInvoke({ op: 3, callingGt: HOME_HLR, calledGt: node, imsi: '310410000099999', ts });
/** `node`'s result to it, sent back on the exact reverse of the Begin's association (`sentBack`, as the decoder sets it). */
function answered(node: string, ts: number) {
  const ev = mapResult({ op: 3, callingGt: node, calledGt: HOME_HLR, ts });
  ev.component!.sentBack = true;
  return ev;
}
/** The visited network's GMSC asks for the subscriber's location (a PSL by IMSI, TS 29.002 §13A.2). */
const psl = (ts: number) => mapInvoke({ op: 83, callingGt: JP_GMSC, calledGt: '81901200011', imsi: IMSI, ts });
const mismatches = (alerts: readonly Alert[]) => alerts.filter((a) => a.rule === 'location-origin-mismatch').map((a) => a.level);

describe('review 20 #4: visited number blocks, learned from answers, kept by last use, evictions reported', () => {
  it("6,480 unanswered CancelLocations to distinct blocks leave the honest block: the GMSC's PSL stays quiet (base: medium)", () => {
    const { det, alerts, evicted } = run();
    det.event(cancel(JP_MSC, T0 + 10));
    det.event(answered(JP_MSC, T0 + 10));
    FLUSH.forEach((gt, i) => {
      det.event(cancel(gt, T0 + 20 + i / 100));
    });
    det.event(psl(T0 + 600));
    expect(mismatches(alerts)).toEqual([]);
    expect(evicted).toEqual([]);
    expect(det.stats.visitedBlocks).toBeUndefined();
  });

  it('answered ones past the bound evict the least recently used block, reported (anomaly, stats, summary); one in use stays', () => {
    // Not used again: the honest block is the oldest and goes first.
    const a = run();
    a.det.event(answered(JP_MSC, T0 + 10));
    FLUSH.forEach((gt, i) => {
      a.det.event(answered(gt, T0 + 20 + i / 100));
    });
    a.det.event(psl(T0 + 600));
    expect(mismatches(a.alerts)).toEqual(['medium']);
    const s = a.det.stats.visitedBlocks!;
    expect(s.held).toBe(4096);
    expect(s.evicted).toBe(s.learned - 4096);
    expect(s.evicted).toBeGreaterThan(2000);
    // One anomaly per message that evicted, each saying how many (1 here): the count is the stats' count.
    expect(a.evicted).toHaveLength(s.evicted);
    expect(a.evicted[0]).toContain('1 least recently used block(s) forgotten');
    const summary = formatSummary(new ReportCollector().finish({ sources: [], profile: { name: 'x' }, decodeStats: {}, detector: a.det.stats }));
    expect(summary).toContain(`visited number blocks (bounded): ${s.evicted} least recently used evicted`);

    // The home HLR keeps talking to its Japanese MSC (a result every 1,000 flushed blocks): its block stays, though
    // it was learned first (oldest learned first forgotten, as before, dropped it at the 4,097th block).
    const b = run();
    b.det.event(answered(JP_MSC, T0 + 10));
    FLUSH.slice(0, 4200).forEach((gt, i) => {
      b.det.event(answered(gt, T0 + 20 + i / 100));
      if (i % 1000 === 999) b.det.event(answered(JP_MSC, T0 + 20 + i / 100));
    });
    b.det.event(psl(T0 + 600));
    expect(mismatches(b.alerts)).toEqual([]);
    expect(b.det.stats.visitedBlocks!.evicted).toBeGreaterThan(100);
  });
});
