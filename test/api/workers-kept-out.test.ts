/**
 * A Begin a *rule* kept out under `scan --workers` (red team rt13 F4b; api/workers-kept-out.ts): its
 * rule may read the subscriber's state, so only the thread detecting on it can decide it, and a forged
 * End in its dialogue naming another IMSI is detected in that IMSI's thread. With 2 or 3 workers that
 * thread learned the End (the attacker's node became the IMSI's visited network) and every router
 * linked the MSISDN to it, so the attacker's later location requests raised nothing; with 1 worker
 * the End is not learned and they alert.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { KeptOutExchange } from '../../src/api/workers-kept-out.js';
import { DONE, LeadGate } from '../../src/api/workers-flow.js';
import type { Detector } from '../../src/detect/engine.js';
import * as E from '../../src/encode/index.js';
import { MessageRecord } from '../../src/events/record.js';
import { buildOnce, jsonLines, runCli } from '../cli/run-cli.js';
import { ss7Frame } from '../support/ss7-frames.js';
import { BS, BS_VLR, HLR, HOME_MSC, IMSI, MSISDN, OTHER, R9_DIR as DIR, R9_PROFILE as PROFILE, srismBegin, srismEnd, T } from '../support/r9-srism.js';

beforeAll(() => buildOnce(), 120_000);

const SRI_AC = '0.4.0.0.1.0.5.3';

/** An SRI for the MSISDN alone from the Bahamas GMSC (location-origin-mismatch: kept out). */
const sri = (otid: string) =>
  ss7Frame(
    E.tcBegin({
      otid,
      dialogue: { pdu: 'aarq', acn: SRI_AC },
      components: [{ type: 'invoke', invokeId: 1, opcode: 22, param: E.mapArg.sendRoutingInfo({ msisdn: MSISDN, gmscAddress: BS }) }],
    }),
    { gt: BS, ssn: 8 },
    HLR,
  );

/** Its End forged "from the home HLR GT", naming `imsi` at the Bahamas VMSC. */
const forgedEnd = (dtid: string, imsi: string) =>
  ss7Frame(
    E.tcEnd({
      dtid,
      dialogue: { pdu: 'aare', acn: SRI_AC },
      components: [
        { type: 'returnResultLast', invokeId: 1, opcode: 22, param: E.mapRes.sendRoutingInfo({ imsi, vmscAddress: BS_VLR, roamingNumber: '12423570777' }) },
      ],
    }),
    HLR,
    { gt: BS, ssn: 8 },
  );

/** A PSL for `imsi` (with the MSISDN when `msisdn`) from the Bahamas GMLC. */
const psl = (otid: string, imsi: string, msisdn = false) =>
  ss7Frame(
    E.tcBegin({
      otid,
      dialogue: { pdu: 'aarq', acn: '0.4.0.0.1.0.38.3' },
      components: [
        { type: 'invoke', invokeId: 1, opcode: 83, param: E.mapArg.provideSubscriberLocation({ mlcNumber: BS, imsi, ...(msisdn ? { msisdn: MSISDN } : {}) }) },
      ],
    }),
    { gt: BS, ssn: 145 },
    { gt: HOME_MSC, ssn: 8 },
  );

function write(name: string, list: Uint8Array[]): string {
  const path = join(DIR, `${name}.pcap`);
  writeFileSync(
    path,
    E.writePcap(
      list.map((data, i) => ({ tsSec: T + i, tsNsec: 0, data })),
      { linkType: 1 },
    ),
  );
  return path;
}

/** The alerts in capture order, as the CLI writes them. */
const alerts = (path: string, workers: number): string[] => {
  const r = runCli(['scan', '--jsonl', '--workers', String(workers), '--profile', PROFILE, path]);
  return jsonLines(r.stdout).map((a) => `${a.rule as string}:${a.level as string}@${a.frame as number}`);
};

const CASES: Record<string, (attack: boolean) => Uint8Array[]> = {
  // rt13 F4-sri: an unlinked MSISDN (the Begin is filed under it); the End names an IMSI.
  'MSISDN not linked yet': (attack) => [sri('0c000001'), ...(attack ? [forgedEnd('0c000001', IMSI)] : []), psl('0c000003', IMSI, true)],
  // The MSISDN is linked to IMSI at the home MSC: the SRI from the Bahamas is kept out because the
  // subscriber's state says home (a stateful decision); the End names an IMSI on other shards, its
  // thread finds the flag only by the MSISDN's link, which its store does not hold.
  'MSISDN linked, End names another IMSI': (attack) => [
    srismBegin('dead0002'),
    srismEnd('dead0002', IMSI, HOME_MSC),
    sri('0c000001'),
    ...(attack ? [forgedEnd('0c000001', OTHER)] : []),
    psl('0c000003', OTHER),
    sri('0c000004'),
  ],
};

describe('--workers: an End in the dialogue of a Begin a rule kept out (rt13 F4b)', () => {
  for (const [name, build] of Object.entries(CASES)) {
    for (const attack of [false, true]) {
      it(`${name}${attack ? ', forged End' : ', control'}: 2 and 3 workers raise one worker's alerts in its order`, () => {
        const path = write(`f4b-${name.replaceAll(/\W+/g, '-')}-${attack}`, build(attack));
        const one = alerts(path, 1);
        // The later location requests from the Bahamas alert (the End was not learned).
        const last = build(attack).length;
        expect(one.filter((a) => a.startsWith('location-origin-mismatch:') && a.endsWith(`@${last}`))).toHaveLength(1);
        for (const n of [2, 3]) expect([n, alerts(path, n)]).toEqual([n, one]);
      }, 60_000);
    }
  }
});

/** A MAP record of dialogue `tid` (a Begin's otid, an End's dtid) between the Bahamas GT and the home HLR. */
function record(type: 'begin' | 'end', tid: number): MessageRecord {
  const r = new MessageRecord();
  r.protocol = 'map';
  r.tcapType = type;
  r.hasComponent = true;
  r.componentType = type === 'begin' ? 'invoke' : 'returnResultLast';
  if (type === 'begin') r.otidCode = tid;
  else r.dtidCode = tid;
  r.msisdn = MSISDN;
  const bs = { ri: 'gt', gti: 4, gt: BS } as const;
  const hlr = { ri: 'gt', gti: 4, gt: HLR.gt } as const;
  r.sccp = { type: 'udt', typeCode: 9, calling: type === 'begin' ? bs : hlr, called: type === 'begin' ? hlr : bs };
  return r;
}

/** What the exchange reads of a detector: every Begin may be kept out; imports recorded. */
function stubDetector(imports: unknown[][]): Detector {
  const stub = {
    keptOutBegins: 0,
    flagTtlSec: 1200,
    mayKeepOut: () => true,
    msisdnKeyOf: () => 12025550099,
    importKeptOut: (...a: unknown[]) => void imports.push(a),
  };
  return stub as unknown as Detector;
}

describe('KeptOutExchange waits end (no hang)', () => {
  it('a thread that started and never publishes the outcome: the wait gives up once it shows no life, counted, the Begin taken as kept out', () => {
    const gate = new LeadGate(LeadGate.create(2), 0);
    const shared = KeptOutExchange.create(2);
    const ex = new KeptOutExchange(shared, 0, gate, 150);
    const imports: unknown[][] = [];
    const det = stubDetector(imports);
    // The Begin belongs to thread 1, which started (one beat) and never moves again.
    new KeptOutExchange(shared, 1, gate, 150).beat();
    ex.after(record('begin', 7), 1, det);
    const t0 = performance.now();
    ex.resolve(record('end', 7), det);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(100);
    expect([ex.waits, ex.unknown]).toEqual([1, 1]);
    // Fail closed: filed under the Begin's own MSISDN, in this thread's store too.
    expect(imports).toEqual([[7, BS, undefined, 12025550099, 0]]);
  });

  it('a thread not started yet (loading): not given up at the stall, only at the start bound (round 18: a slow start parted the routers)', () => {
    const gate = new LeadGate(LeadGate.create(3), 0);
    const shared = KeptOutExchange.create(3);
    const imports: unknown[][] = [];
    const det = stubDetector(imports);
    // Thread 1 started and stalls: given up after the stall (100 ms). Thread 2 never started: only after the start bound (600 ms).
    new KeptOutExchange(shared, 1, gate, 100).beat();
    const ex = new KeptOutExchange(shared, 0, gate, 100, undefined, 600);
    ex.after(record('begin', 7), 1, det);
    ex.after(record('begin', 8), 2, det);
    ex.resolve(record('end', 7), det);
    const t0 = performance.now();
    ex.resolve(record('end', 8), det);
    // A lower bound only (a wait never ends before its bound; no upper bound is asserted): not given up at the 100 ms stall.
    expect(performance.now() - t0).toBeGreaterThanOrEqual(550);
    expect([ex.waits, ex.unknown]).toEqual([2, 2]);
  });

  it('a thread done without the outcome: no wait beyond one look', () => {
    const gate = new LeadGate(LeadGate.create(2), 0);
    gate.finish(1);
    expect(Atomics.load(gate.cells, 1)).toBe(DONE);
    const ex = new KeptOutExchange(KeptOutExchange.create(2), 0, gate, 60_000);
    const imports: unknown[][] = [];
    const det = stubDetector(imports);
    ex.after(record('begin', 7), 1, det);
    ex.resolve(record('end', 7), det);
    expect([ex.waits, ex.unknown, imports.length]).toEqual([1, 1, 1]);
  });

  it('an outcome its owner published is read without a wait: kept out files the Begin, not kept out files nothing', () => {
    for (const kept of [false, true]) {
      const gate = new LeadGate(LeadGate.create(2), 0);
      const shared = KeptOutExchange.create(2);
      const mine = new KeptOutExchange(shared, 0, gate, 60_000);
      const owner = new KeptOutExchange(shared, 1, gate, 60_000);
      const imports: unknown[][] = [];
      const det = stubDetector(imports);
      const ownerDet = stubDetector([]);
      mine.after(record('begin', 7), 1, det);
      owner.after(record('begin', 7), 1, ownerDet);
      // Detected by its owner: kept out when its counter moved.
      if (kept) (ownerDet as unknown as { keptOutBegins: number }).keptOutBegins++;
      owner.settle(ownerDet);
      mine.resolve(record('end', 7), det);
      expect([kept, mine.waits, mine.unknown, imports]).toEqual([kept, 0, 0, kept ? [[7, BS, undefined, 12025550099, 0]] : []]);
    }
  });

  it('outcomes published are taken at a chunk end without a wait, in candidate order; an unpublished one stops the take', () => {
    const gate = new LeadGate(LeadGate.create(2), 0);
    const shared = KeptOutExchange.create(2);
    const mine = new KeptOutExchange(shared, 0, gate, 60_000);
    const owner = new KeptOutExchange(shared, 1, gate, 60_000);
    const imports: unknown[][] = [];
    const det = stubDetector(imports);
    const ownerDet = stubDetector([]);
    for (const tid of [7, 8, 9]) mine.after(record('begin', tid), 1, det);
    for (const tid of [7, 8]) {
      owner.after(record('begin', tid), 1, ownerDet);
      (ownerDet as unknown as { keptOutBegins: number }).keptOutBegins++;
      owner.settle(ownerDet);
    }
    mine.take(det);
    expect([mine.waits, imports.map((a) => a[0])]).toEqual([0, [7, 8]]);
  });
});
