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
import { BS, BS_VLR, HLR, HOME_MSC, IMSI, MSISDN, OTHER, R9_DIR as DIR, R9_PROFILE as PROFILE, srismBegin, srismEnd, T } from '../support/r9-srism.js';

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
