/**
 * Location requests with no origin to check (a PLR without Origin-Host and Origin-Realm, RFC 6733
 * §6.3-6.4) are counted by the detector (`stats.noOrigin`), shown in the summary and, with
 * `--eve`, in the closing `event_type: "stats"` record (`no_origin`). They are no alert: the
 * alert contract and `--fail-on` (alerts at or above a level) are unchanged (README, --fail-on).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as E from '../../src/encode/index.js';
import { buildOnce, jsonLines, PCAPS_DIR, runCli } from './run-cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'sigwatch-noorigin-'));
const HOME = 'epc.mnc410.mcc310.3gppnetwork.org';

/** Two PLRs (SLg) for a home subscriber without Origin-Host / Origin-Realm. */
function capture(): string {
  const frames = [1, 2].map((hbh) => {
    const plr = E.buildDiameter({
      cmd: 8388620,
      app: 16777255,
      request: true,
      proxyable: true,
      hbh,
      e2e: hbh,
      avps: [E.avp(263, `s;${hbh}`), E.avp(283, HOME), E.avp(1, '310410100000032'), E.msisdnAvp('12025550032')],
    });
    const sctp = E.sctpPacket({
      srcPort: 3868,
      dstPort: 3868,
      vtag: 7,
      checksum: true,
      chunks: [{ type: 'data', tsn: hbh, stream: 1, ssn: 0, ppid: 46, payload: plr }],
    });
    return { tsSec: 1_741_420_800 + hbh, tsNsec: 0, data: E.ethernet(0x0800, E.ipv4({ src: '10.0.0.1', dst: '10.0.0.2', proto: 132, payload: sctp })) };
  });
  const file = join(tmp, 'plr-no-origin.pcap');
  writeFileSync(file, E.writePcap(frames, { linkType: 1 }));
  return file;
}

beforeAll(() => buildOnce(), 120_000);

describe('location requests with no origin', () => {
  it('EVE closes with a stats record naming them; no alert, so --fail-on is not met', () => {
    const file = capture();
    const profile = join(PCAPS_DIR, 'diameter-location-tracking.profile.yaml');
    const r = runCli(['scan', file, '--profile', profile, '--eve', '--fail-on', 'info']);
    expect(r.code).toBe(0);
    const lines = jsonLines(r.stdout);
    expect(lines).toHaveLength(1);
    expect(lines[0]!.event_type).toBe('stats');
    expect(lines[0]!.stats).toEqual({ sigwatch: { alerts: 0, no_origin: 2 } });
    expect(runCli(['scan', file, '--profile', profile]).stdout).toContain('no origin to check');
  });
});
