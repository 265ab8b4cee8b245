/** Test-only profile files: YAML lines written to a fresh temp directory, and the profile two rt15 tests share. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Writes `lines` as a profile in a new temp directory; returns its path. */
export function tempProfile(lines: readonly string[]): string {
  const path = join(mkdtempSync(join(tmpdir(), 'sigwatch-profile-')), 'p.profile.yaml');
  writeFileSync(path, [...lines, ''].join('\n'));
  return path;
}

/** Home US 310410 / 1202555, one partner (UK, 23415, GTs 4477850). */
export const US_HOME_UK_PARTNER = [
  'home: {name: Sigwatch Mobile, country: US, gt_prefixes: ["1202555"], imsi_prefixes: ["310410"], msisdn_prefixes: ["1202555"]}',
  'partners:',
  '  - {name: Partner UK, country: GB, plmn: "23415", gt_prefixes: ["4477850"]}',
] as const;
