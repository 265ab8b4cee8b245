/**
 * Rotated captures under `scan --workers` (red team rt14 G6): a UL in one file, the HLR's ISD in its
 * dialogue in the next. The TCAP dialogue table is per file, so the ISD carries only the MSISDN; one
 * thread links it to the UL's IMSI through the UL's registration claim (state/learn.ts
 * claimOfDialogue), which lives in the IMSI's thread. Routed by its MSISDN the ISD went to another
 * thread, no thread linked them, and the later SRI for the MSISDN was judged without the subscriber:
 * from the visited network (honest) a false medium alert, from China medium without the IMSI instead
 * of high. The router now routes such an ISD by its UL's IMSI (api/workers-registrations.ts).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { hashIdentity, hashKey } from '../../src/api/workers-shard.js';
import { msisdnKeyOf, telKey } from '../../src/core/identity-key.js';
import * as E from '../../src/encode/index.js';
import { buildOnce, jsonLines, PCAPS_DIR, runCli } from '../cli/run-cli.js';
import { ss7Frame } from '../support/ss7-frames.js';

beforeAll(() => buildOnce(), 120_000);

const DIR = mkdtempSync(join(tmpdir(), 'sigwatch-rotated-'));
const PROFILE = join(PCAPS_DIR, 'ss7-location-tracking.profile.yaml');
const HLR = { gt: '12025550001', ssn: 6 };
const VLR = { gt: '552198000011', ssn: 7 };
const IMSI = '310410100000041';
const MSISDN = '12025550041';
const T = 1_743_235_200;
const UL_AC = '0.4.0.0.1.0.1.3';

function files(origin: string): [string, string] {
  const ul = ss7Frame(
    E.tcBegin({
      otid: '0a000022',
      dialogue: { pdu: 'aarq', acn: UL_AC },
      components: [{ type: 'invoke', invokeId: 1, opcode: 2, param: E.mapArg.updateLocation({ imsi: IMSI, mscNumber: VLR.gt, vlrNumber: VLR.gt }) }],
    }),
    VLR,
    HLR,
  );
  const isd = ss7Frame(
    E.tcContinue({
      otid: '0a000027',
      dtid: '0a000022',
      dialogue: { pdu: 'aare', acn: UL_AC },
      components: [{ type: 'invoke', invokeId: 1, opcode: 7, param: E.mapArg.insertSubscriberData({ msisdn: MSISDN }) }],
    }),
    HLR,
    VLR,
  );
  const isdResult = ss7Frame(E.tcContinue({ otid: '0a000022', dtid: '0a000027', components: [{ type: 'returnResultLast', invokeId: 1 }] }), VLR, HLR);
  const ulResult = ss7Frame(
    E.tcEnd({ dtid: '0a000022', components: [{ type: 'returnResultLast', invokeId: 1, opcode: 2, param: E.mapRes.hlrNumber({ hlrNumber: HLR.gt }) }] }),
    HLR,
    VLR,
  );
  const sri = ss7Frame(
    E.tcBegin({
      otid: '0c000001',
      dialogue: { pdu: 'aarq', acn: '0.4.0.0.1.0.5.3' },
      components: [{ type: 'invoke', invokeId: 1, opcode: 22, param: E.mapArg.sendRoutingInfo({ msisdn: MSISDN, gmscAddress: origin }) }],
    }),
    { gt: origin, ssn: 8 },
    HLR,
  );
  const write = (name: string, frames: [Uint8Array, number][]): string => {
    const path = join(DIR, `${origin}-${name}.pcap`);
    writeFileSync(
      path,
      E.writePcap(
        frames.map(([data, s]) => ({ tsSec: T + s, tsNsec: 0, data })),
        { linkType: 1 },
      ),
    );
    return path;
  };
  return [
    write('1', [[ul, 10]]),
    write('2', [
      [isd, 10],
      [isdResult, 10],
      [ulResult, 10],
      [sri, 600],
    ]),
  ];
}

const alerts = (paths: string[], workers: number): string[] => {
  const r = runCli(['scan', '--jsonl', '--workers', String(workers), '--profile', PROFILE, ...paths]);
  return jsonLines(r.stdout)
    .map((a) => `${a.rule as string}:${a.level as string}@${a.frame as number}:${(a.subscriber as { imsi?: string } | undefined)?.imsi ?? '-'}`)
    .sort();
};

describe('--workers on rotated captures: an ISD in the next file than its UL (rt14 G6)', () => {
  it('the IMSI and the MSISDN are on other threads with 2 workers (else the case shows nothing)', () => {
    expect(hashKey(IMSI) % 2).not.toBe(hashIdentity(telKey(msisdnKeyOf(MSISDN))) % 2);
  });

  it.each([
    ['552198000050', 'the visited network (Brazil): no location-origin-mismatch'],
    ['8613800000050', 'China: location-origin-mismatch high, with the IMSI'],
  ])(
    'SRI from %s, %s; alike with 1, 2 and 3 workers',
    (origin) => {
      const paths = files(origin);
      const one = alerts(paths, 1);
      const mismatch = one.filter((a) => a.startsWith('location-origin-mismatch'));
      expect(mismatch).toEqual(origin.startsWith('86') ? [`location-origin-mismatch:high@4:${IMSI}`] : []);
      for (const n of [2, 3]) expect([n, alerts(paths, n)]).toEqual([n, one]);
    },
    120_000,
  );
});
