/**
 * detect/alert.ts keeps each origin's explanation text (keptOriginText) with the values it was made
 * from: a network renamed in another profile, scanned in the same process, names its new name; the
 * first profile's scan again gives its first texts; an origin whose name needs escaping keeps the
 * explanation off the plain copy (report/alert-bytes.ts) on every alert naming it, not only the first.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { Scanner } from '../../src/api/scanner.js';
import type { ScanAlert } from '../../src/api/scan-options.js';
import { plainExplanation } from '../../src/detect/alert.js';
import { loadProfile } from '../../src/detect/profile.js';
import { REPO_ROOT } from '../support/corpus.js';

const PCAP = join(REPO_ROOT, 'pcaps', 'ss7-location-tracking.pcap');
const PROFILE = join(REPO_ROOT, 'pcaps', 'ss7-location-tracking.profile.yaml');

function alerts(profile: object | string): ScanAlert[] {
  const out: ScanAlert[] = [];
  const sc = new Scanner({ profile: loadProfile(profile as string), onAlert: (a) => out.push(a) });
  sc.beginSource(PCAP);
  sc.push(readFileSync(PCAP));
  sc.end();
  return out;
}

function renamed(name: string): object {
  const yaml = parseYaml(readFileSync(PROFILE, 'utf8')) as { networks: { name: string }[]; watch: { carriers: string[] } };
  yaml.networks[0]!.name = name;
  yaml.watch.carriers = [name];
  return yaml;
}

describe('origin texts kept per origin', () => {
  it('another profile naming the same GTs otherwise, then the first again, in one process', () => {
    const first = alerts(PROFILE).map((a) => a.explanation);
    const old = 'CN Example China Carrier';
    const fromChina = first.filter((e) => e.includes(`from ${old} (`));
    expect(fromChina.length).toBeGreaterThan(1);
    for (const name of ['Renamed Carrier', 'Renamed "Quoted" Carrier']) {
      const as = alerts(renamed(name));
      const second = as.map((a) => a.explanation);
      expect(second.length).toBe(first.length);
      expect(second.filter((e) => e.includes(`from CN ${name} (`)).length).toBe(fromChina.length);
      expect(second.some((e) => e.includes(`from ${old} (`))).toBe(false);
      expect(second).toEqual(first.map((e) => e.replaceAll('Example China Carrier', name)));
      // The quoted name is escaped in the line: none of the alerts naming it takes the plain copy.
      const named = as.filter((a) => a.explanation.includes(`from CN ${name} (`));
      for (const a of named) expect(plainExplanation(a)).toBe(!name.includes('"'));
    }
    expect(alerts(PROFILE).map((a) => a.explanation)).toEqual(first);
  });
});
