/**
 * `scan --jsonl` without `--report` writes the alert lines and one closing line on stderr (messages,
 * alerts, decode anomalies, losses): nothing of the report collector's tables. It counts the
 * messages and alerts itself and does not feed the collector (issue 19: collector `alert` +
 * `record` were ~5 % of the 150 k alert flood's `--jsonl` CPU profile, bench/results-notes.md
 * round 19 "flood19"). The summary, `--eve` and `--report` still feed it, and the closing line is
 * the one the fed collector's counts gave.
 *
 * In-process (src/cli/scan-command.ts runScan) so the collector's methods can be counted.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runScan } from '../../src/cli/scan-command.js';
import { ReportCollector } from '../../src/report/collector.js';
import { PCAPS_DIR } from './run-cli.js';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  alerts: number;
  records: number;
}

/** runScan with stdout/stderr captured and ReportCollector's `alert` and `record` counted. */
async function scan(args: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const text = (c: unknown): string => (typeof c === 'string' ? c : Buffer.from(c as Uint8Array).toString('utf8'));
  vi.spyOn(process.stdout, 'write').mockImplementation(((c: unknown, a?: unknown, b?: unknown) => {
    stdout += text(c);
    const cb = typeof a === 'function' ? a : typeof b === 'function' ? b : undefined;
    if (cb !== undefined) queueMicrotask(() => (cb as () => void)());
    return true;
  }) as typeof process.stdout.write);
  vi.spyOn(process.stderr, 'write').mockImplementation(((c: unknown) => {
    stderr += text(c);
    return true;
  }) as typeof process.stderr.write);
  const alert = vi.spyOn(ReportCollector.prototype, 'alert');
  const record = vi.spyOn(ReportCollector.prototype, 'record');
  const code = await runScan(args);
  const run = { code, stdout, stderr, alerts: alert.mock.calls.length, records: record.mock.calls.length };
  vi.restoreAllMocks();
  return run;
}

afterEach(() => vi.restoreAllMocks());

const CAPTURES = ['ss7-location-tracking', 'diameter-location-tracking'];
const file = (name: string): string => join(PCAPS_DIR, `${name}.${name.startsWith('diameter') ? 'pcapng' : 'pcap'}`);

describe('scan --jsonl without --report', () => {
  for (const name of CAPTURES) {
    it(`${name}: no collector work; the closing line counts as the fed collector did`, async () => {
      const args = [file(name), '--profile', join(PCAPS_DIR, `${name}.profile.yaml`)];
      const jsonl = await scan([...args, '--jsonl']);
      expect(jsonl.code).toBe(0);
      const lines = jsonl.stdout.split('\n').filter((l) => l !== '');
      expect(lines.length).toBeGreaterThan(0);
      // Not fed: its tables show nowhere in this output.
      expect(jsonl.alerts).toBe(0);
      expect(jsonl.records).toBe(0);
      // --eve feeds it (its stats record reads the alerts' last time): the same closing line from the collector's counts.
      const eve = await scan([...args, '--eve']);
      expect(eve.alerts).toBe(lines.length);
      expect(eve.records).toBeGreaterThan(lines.length);
      expect(jsonl.stderr).toBe(eve.stderr);
      expect(jsonl.stderr).toMatch(new RegExp(`^sigwatch: ${eve.records} signalling messages, ${lines.length} alerts?, `));
      // The summary feeds it.
      const summary = await scan(args);
      expect(summary.alerts).toBe(lines.length);
      expect(summary.records).toBe(eve.records);
    });
  }
});
