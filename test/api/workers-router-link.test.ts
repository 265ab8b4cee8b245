/**
 * The `scan --workers` router links an MSISDN to an IMSI only from a message the store may learn a
 * link from (api/workers-shard.ts, Detector.teachesLink): review 12-C B1-linked-other-imsi-end, an
 * honest SRI-SM answer links the MSISDN to its IMSI, a spoofed SRI-SM Begin (the home SMSC GT via
 * China Carrier's international point code: rt11 R9) is answered by a forged End naming another
 * IMSI at the attacker's node. The store refuses that End (it answers a spoofed Begin), but the
 * router linked the MSISDN to the other IMSI, so the Bahamas SRI for the MSISDN went to a thread
 * without the subscriber's state and alerted at medium with 2 or 3 workers, high with 1.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { hashKey } from '../../src/api/workers-shard.js';
import * as E from '../../src/encode/index.js';
import { buildOnce, jsonLines, runCli } from '../cli/run-cli.js';
import { type Party, ss7Frame } from '../support/ss7-frames.js';

beforeAll(() => buildOnce(), 120_000);

const DIR = mkdtempSync(join(tmpdir(), 'sigwatch-wlink-'));
const PROFILE = join(DIR, 'r9.profile.yaml');
writeFileSync(
  PROFILE,
  [
    'home: {name: Sigwatch Mobile, country: US, gt_prefixes: ["1202555"], imsi_prefixes: ["310410"], msisdn_prefixes: ["1202555"]}',
    'networks:',
    '  - {name: Example China Carrier, country: CN, plmn: "46000", role: mno, gt_prefixes: ["8613800"], point_codes: [4242], source: test, date: "2025-03-01"}',
    '',
  ].join('\n'),
);
const HLR: Party = { gt: '12025550001', ssn: 6 };
const SMSC: Party = { gt: '12025550300', ssn: 8 };
const BS = '124235700051';
const BS_VLR = '124235700099';
const HOME_MSC = '12025550077';
const IMSI = '310410100000099';
const MSISDN = '12025550099';
const SRISM_AC = '0.4.0.0.1.0.20.3';
const T = 1_741_420_800;

/** An IMSI of the home on another shard than {@link IMSI}'s for 2 and 3 workers. */
const OTHER = (() => {
  for (let i = 0; i < 100; i++) {
    const x = `3104101000001${String(i).padStart(2, '0')}`;
    if (hashKey(x) % 2 !== hashKey(IMSI) % 2 && hashKey(x) % 3 !== hashKey(IMSI) % 3) return x;
  }
  throw new Error('no IMSI on other shards');
})();

const srismBegin = (otid: string, label?: { opc: number; ni: number }) =>
  ss7Frame(
    E.tcBegin({
      otid,
      dialogue: { pdu: 'aarq', acn: SRISM_AC },
      components: [{ type: 'invoke', invokeId: 1, opcode: 45, param: E.mapArg.sendRoutingInfoForSM({ msisdn: MSISDN, sca: SMSC.gt! }) }],
    }),
    SMSC,
    HLR,
    label,
  );
const srismEnd = (dtid: string, imsi: string, node: string) =>
  ss7Frame(
    E.tcEnd({
      dtid,
      dialogue: { pdu: 'aare', acn: SRISM_AC },
      components: [{ type: 'returnResultLast', invokeId: 1, opcode: 45, param: E.mapRes.sendRoutingInfoForSM({ imsi, networkNodeNumber: node }) }],
    }),
    HLR,
    SMSC,
  );
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
