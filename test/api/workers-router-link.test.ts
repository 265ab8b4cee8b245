/**
 * The `scan --workers` router links an MSISDN to an IMSI only from a message the store may learn a
 * link from (api/workers-shard.ts, Detector.teachesLink): review 12-C B1-linked-other-imsi-end, an
 * honest SRI-SM answer links the MSISDN to its IMSI, a spoofed SRI-SM Begin (the home SMSC GT via
 * China Carrier's international point code: rt11 R9) is answered by a forged End naming another
 * IMSI at the attacker's node. The store refuses that End (it answers a spoofed Begin), but the
 * router linked the MSISDN to the other IMSI, so the Bahamas SRI for the MSISDN went to a thread
 * without the subscriber's state and alerted at medium with 2 or 3 workers, high with 1.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as E from '../../src/encode/index.js';
import { buildOnce, jsonLines, runCli } from '../cli/run-cli.js';
import { ss7Frame } from '../support/ss7-frames.js';
import {
  BS,
  BS_VLR,
  HLR,
  HOME_MSC,
  IMSI,
  MSISDN,
  OTHER,
  R9_DIR as DIR,
  R9_PROFILE as PROFILE,
  SMSC,
  SRISM_AC,
  srismBegin,
  srismEnd,
  T,
} from '../support/r9-srism.js';

beforeAll(() => buildOnce(), 120_000);

/** An SRI for the MSISDN alone (routed by the IMSI it is linked to) from the Bahamas GMSC. */
const sri = ss7Frame(
  E.tcBegin({
    otid: '0c000002',
    dialogue: { pdu: 'aarq', acn: '0.4.0.0.1.0.5.3' },
    components: [{ type: 'invoke', invokeId: 1, opcode: 22, param: E.mapArg.sendRoutingInfo({ msisdn: MSISDN, gmscAddress: BS }) }],
  }),
  { gt: BS, ssn: 8 },
  HLR,
);

function capture(forgedEnd: boolean): string {
  const list = [
    srismBegin('dead0002'), // honest: links MSISDN ↔ IMSI at the home MSC
    srismEnd('dead0002', IMSI, HOME_MSC),
    srismBegin('77000009', { opc: 4242, ni: 0 }), // spoofed: kept out in every thread
    ...(forgedEnd ? [srismEnd('77000009', OTHER, BS_VLR)] : []), // names another IMSI: learned nowhere
    sri,
  ];
  const path = join(DIR, `b1-${forgedEnd ? 'other-imsi-end' : 'control'}.pcap`);
  writeFileSync(
    path,
    E.writePcap(
      list.map((data, i) => ({ tsSec: T + i, tsNsec: 0, data })),
      { linkType: 1 },
    ),
  );
  return path;
}

const alerts = (path: string, workers: number): string[] => {
  const r = runCli(['scan', '--jsonl', '--workers', String(workers), '--profile', PROFILE, path]);
  return jsonLines(r.stdout)
    .map((a) => `${a.rule as string}:${a.level as string}@${a.frame as number}`)
    .sort();
};

describe('--workers router links (review 12-C B1-linked-other-imsi-end)', () => {
  for (const forged of [false, true]) {
    it(`${forged ? 'a forged End naming another IMSI' : 'control'}: 1, 2 and 3 workers raise the same alerts, the SRI at high`, () => {
      const path = capture(forged);
      const one = alerts(path, 1);
      const sriAlert = forged ? '@5' : '@4';
      expect(one).toContain(`location-origin-mismatch:high${sriAlert}`);
      for (const n of [2, 3]) expect([n, alerts(path, n)]).toEqual([n, one]);
    }, 60_000);
  }
});

/**
 * An SRI-for-SM result answering its request but sent from outside the subscriber's home: only the HLR
 * answers one (TS 29.002 §23.3.1), so the store learns no link from it (learn.ts learnResult, fromHome),
 * and the router must not either (learn.ts homeResultLinks; review 15-B #4/#5 leftovers: it moved the
 * MSISDN to the result's IMSI's thread, and the Bahamas SRI was judged there without the subscriber's state).
 */
const CN_NODE = { gt: '8613800000001', ssn: 6 };

const foreignAnswered = (fromHomeHlr: boolean): string => {
  const hlr = fromHomeHlr ? HLR : CN_NODE;
  const list = [
    srismBegin('dead0002'), // honest: links MSISDN ↔ IMSI at the home MSC
    srismEnd('dead0002', IMSI, HOME_MSC),
    ss7Frame(
      E.tcBegin({
        otid: '0d000001',
        dialogue: { pdu: 'aarq', acn: SRISM_AC },
        components: [{ type: 'invoke', invokeId: 1, opcode: 45, param: E.mapArg.sendRoutingInfoForSM({ msisdn: MSISDN, sca: SMSC.gt! }) }],
      }),
      SMSC,
      hlr,
    ),
    ss7Frame(
      E.tcEnd({
        dtid: '0d000001',
        dialogue: { pdu: 'aare', acn: SRISM_AC },
        components: [{ type: 'returnResultLast', invokeId: 1, opcode: 45, param: E.mapRes.sendRoutingInfoForSM({ imsi: OTHER, networkNodeNumber: HOME_MSC }) }],
      }),
      hlr,
      SMSC,
    ),
    sri,
  ];
  const path = join(DIR, `srism-answered-${fromHomeHlr ? 'home' : 'cn'}.pcap`);
  writeFileSync(
    path,
    E.writePcap(
      list.map((data, i) => ({ tsSec: T + i, tsNsec: 0, data })),
      { linkType: 1 },
    ),
  );
  return path;
};

describe('--workers router links: an SRI-for-SM result only from home (learn.ts homeResultLinks)', () => {
  it('a result from a Chinese node naming another IMSI: 1, 2 and 3 workers raise the same alerts, the SRI at high', () => {
    const path = foreignAnswered(false);
    const one = alerts(path, 1);
    expect(one).toContain('location-origin-mismatch:high@5');
    for (const n of [2, 3]) expect([n, alerts(path, n)]).toEqual([n, one]);
  }, 60_000);

  it('control, the home HLR answers: the number moves to the other IMSI alike with 1, 2 and 3 workers', () => {
    const path = foreignAnswered(true);
    const one = alerts(path, 1);
    for (const n of [2, 3]) expect([n, alerts(path, n)]).toEqual([n, one]);
  }, 60_000);
});
