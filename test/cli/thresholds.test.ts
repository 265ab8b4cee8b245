/** Alert thresholds through the CLI: summary line, EVE stats record, HTML report, rules lint. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildOnce, jsonLines, PCAPS_DIR, runCli, SCENARIOS } from './run-cli.js';

const NAME = 'ss7-location-tracking';
const HAVE = SCENARIOS.includes(`${NAME}.pcap`);
const CAPTURE = join(PCAPS_DIR, `${NAME}.pcap`);
const tmp = mkdtempSync(join(tmpdir(), 'sigwatch-thr-'));

beforeAll(() => buildOnce(), 120_000);

describe.skipIf(!HAVE)(HAVE ? 'sigwatch scan with alert thresholds' : `skipped: pcaps/${NAME}.pcap not generated`, () => {
  const profile = join(tmp, 'profile.yaml');
  beforeAll(() => {
    const base = readFileSync(join(PCAPS_DIR, `${NAME}.profile.yaml`), 'utf8');
    writeFileSync(profile, `${base}thresholds:\n  rules:\n    location-origin-mismatch: {track: rule, type: limit, count: 1, window: 7d}\n`);
  });

  it('the default pack prints no threshold line and no EVE stats record', () => {
    const s = runCli(['scan', CAPTURE, '--profile', join(PCAPS_DIR, `${NAME}.profile.yaml`)]);
    expect(s.stdout).not.toContain('suppressed by thresholds');
    const eve = jsonLines(runCli(['scan', CAPTURE, '--profile', join(PCAPS_DIR, `${NAME}.profile.yaml`), '--eve']).stdout);
    expect(eve.length).toBeGreaterThan(0);
    expect(eve.filter((l) => l.event_type !== 'alert')).toEqual([]);
  });

  it('summary, EVE stats record and HTML report show the suppressed matches', () => {
    const plain = jsonLines(runCli(['scan', CAPTURE, '--profile', join(PCAPS_DIR, `${NAME}.profile.yaml`), '--jsonl']).stdout);
    const lom = plain.filter((a) => a.rule === 'location-origin-mismatch').length;
    expect(lom).toBeGreaterThan(1);

    const report = join(tmp, 'r.html');
    const s = runCli(['scan', CAPTURE, '--profile', profile, '--report', report]);
    expect(s.code).toBe(0);
    expect(s.stdout).toContain(`suppressed by thresholds: ${lom - 1} (location-origin-mismatch ${lom - 1})`);
    expect(readFileSync(report, 'utf8')).toContain(`Suppressed by thresholds: ${lom - 1} (location-origin-mismatch ${lom - 1})`);

    const eve = jsonLines(runCli(['scan', CAPTURE, '--profile', profile, '--eve']).stdout);
    const alerts = eve.filter((l) => l.event_type === 'alert');
    expect(alerts.length).toBe(plain.length - (lom - 1));
    const stats = eve.at(-1)!;
    expect(stats.event_type).toBe('stats');
    expect(stats.stats).toEqual({
      sigwatch: { alerts: alerts.length, suppressed: lom - 1, suppressed_by_rule: { 'location-origin-mismatch': lom - 1 }, threshold_keys_evicted: 0 },
    });
  });

  it('rules lint checks a profile threshold names a linted rule', () => {
    const bad = join(tmp, 'bad-profile.yaml');
    writeFileSync(bad, 'home: {imsi_prefixes: ["310410"]}\nthresholds:\n  rules:\n    no-such-rule: {track: origin, type: limit, count: 1, window: 1h}\n');
    const r = runCli(['rules', 'lint', '--profile', bad]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('thresholds.rules.no-such-rule: no rule "no-such-rule"');
  });
});
