/**
 * Issue 16, defects 5 and 7 (CLI error paths):
 * - a corrupt record threw away what came before it: events and alerts of the good frames in
 *   the same chunk, the inference pass (no alert at all without a profile) and the summary;
 * - outputs were opened only after the whole scan (`--report /nonexistent/dir/x.html`,
 *   `--state-out /tmp`, `--report /dev/full` lost the run), and half-written files stayed;
 * - a closed stdout (`| head -1`) ended in an EPIPE stack trace and exit 1.
 * The capture is one of the generator's scenario captures with a corrupt record appended.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeFile } from '../../src/api/decode.js';
import { scan } from '../../src/api/scan.js';
import { buildOnce, CLI, jsonLines, runCli } from '../cli/run-cli.js';
import { REPO_ROOT } from '../support/corpus.js';
import { TEMP_DIR, tempFile } from './captures.js';

const GOOD = join(REPO_ROOT, 'pcaps', 'ss7-location-tracking.pcap');
const PROFILE = join(REPO_ROOT, 'pcaps', 'ss7-location-tracking.profile.yaml');

/** The scenario capture followed by a record whose captured length is 256 MiB + 1 (then 100 bytes of it). */
function corrupt(): string {
  const good = readFileSync(GOOD);
  const rec = new Uint8Array(16 + 100);
  const v = new DataView(rec.buffer);
  v.setUint32(0, 1_700_009_999, true);
  v.setUint32(8, 256 * 1024 * 1024 + 1, true);
  v.setUint32(12, 256 * 1024 * 1024 + 1, true);
  const out = new Uint8Array(good.length + rec.length);
  out.set(good);
  out.set(rec, good.length);
  return tempFile(out);
}

describe('nothing lost before a corrupt record', () => {
  buildOnce();
  const bad = corrupt();

  it('library: decodeFile yields every event before the error, then throws it; scan() yields the alerts first', async () => {
    let events = 0;
    await expect(
      (async () => {
        for await (const _ of decodeFile(bad)) events++;
      })(),
    ).rejects.toMatchObject({ code: 'ERR_BAD_LENGTH' });
    let expected = 0;
    for await (const _ of decodeFile(GOOD)) expected++;
    expect(events).toBe(expected);
    let alerts = 0;
    await expect(
      (async () => {
        for await (const _ of scan(bad)) alerts++;
      })(),
    ).rejects.toMatchObject({ code: 'ERR_BAD_LENGTH' });
    let good = 0;
    for await (const _ of scan(GOOD)) good++;
    expect(good).toBeGreaterThan(0);
    expect(alerts).toBe(good);
  });

  it('scan --jsonl without a profile: the inference pass uses what it read, every alert of the good part, error on stderr, exit 1', () => {
    const ref = runCli(['scan', GOOD, '--jsonl']);
    const r = runCli(['scan', bad, '--jsonl']);
    const strip = (text: string) => jsonLines(text).map(({ source: _s, ...a }) => a);
    expect(strip(ref.stdout).length).toBeGreaterThan(0);
    expect(strip(r.stdout)).toEqual(strip(ref.stdout));
    expect(r.stderr).toContain('[ERR_BAD_LENGTH]');
    expect(r.stderr).toMatch(/1 capture error/);
    expect(r.code).toBe(1);
  });

  it('scan (summary), with and without a profile: the summary is printed with the error in it', () => {
    for (const extra of [[], ['--profile', PROFILE]]) {
      const r = runCli(['scan', bad, ...extra]);
      expect(r.code).toBe(1);
      expect(r.stdout).toContain('Alerts');
      expect(r.stdout).toContain('captured length 268435457');
      expect(r.stdout).toMatch(/[1-9]\d* alerts/);
    }
  });

  it('decode: every event of the good frames is printed before the error', () => {
    const ref = runCli(['decode', GOOD]);
    const r = runCli(['decode', bad]);
    expect(r.stdout).toBe(ref.stdout);
    expect(r.stderr).toContain('[ERR_BAD_LENGTH]');
    expect(r.code).toBe(1);
  });
});

describe('outputs first', () => {
  buildOnce();

  for (const [what, args, name] of [
    ['--report in a directory that does not exist', ['--report', '/nonexistent/dir/x.html'], '/nonexistent/dir/x.html'],
    ['--state-out naming a directory', ['--state-out', TEMP_DIR], TEMP_DIR],
    ['--report naming a directory', ['--report', TEMP_DIR], TEMP_DIR],
  ] as const) {
    it(`${what}: ERR_IO naming it before any work, nothing on stdout`, () => {
      const r = runCli(['scan', GOOD, '--log-level', 'debug', ...args]);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain(name);
      expect(r.stderr).toContain('[ERR_IO]');
      expect(r.stderr).not.toContain('capture done'); // no capture was read
    });
  }

  it('--report /dev/full: the summary is still printed, then the write error names the file (exit 1)', () => {
    const r = runCli(['scan', GOOD, '--report', '/dev/full']);
    expect(r.stdout).toContain('Alerts');
    expect(r.stderr).toContain('/dev/full');
    expect(r.stderr).toContain('[ERR_IO]');
    expect(r.code).toBe(1);
  });

  it('files are written through a temporary name: a failed run leaves neither a half file nor the temporary', () => {
    const report = join(TEMP_DIR, 'r.html');
    const state = join(TEMP_DIR, 's.json');
    const r = runCli(['scan', '/nonexistent.pcap', '--report', report, '--state-out', state]);
    expect(r.code).toBe(1);
    expect(existsSync(report)).toBe(false);
    expect(existsSync(state)).toBe(false);
    expect(readdirSync(TEMP_DIR).filter((f) => f.includes('.tmp'))).toEqual([]);
    const ok = runCli(['scan', GOOD, '--report', report, '--state-out', state]);
    expect(ok.code).toBe(0);
    expect(readFileSync(report, 'utf8')).toMatch(/<\/html>\n$/);
    expect(JSON.parse(readFileSync(state, 'utf8'))).toMatchObject({ format: 'sigwatch-state' });
    expect(readdirSync(TEMP_DIR).filter((f) => f.includes('.tmp'))).toEqual([]);
  });
});

describe('a closed stdout ends any command quietly with exit 0', () => {
  buildOnce();
  // `sigwatch … | head -1`: the reader goes away after one line.
  const headOne = (args: string[]) =>
    spawnSync('bash', ['-c', `set -o pipefail; node ${CLI} ${args.join(' ')} | head -c 1 >/dev/null`], { cwd: REPO_ROOT, encoding: 'utf8' });
  const big = join(REPO_ROOT, 'pcaps', 'roaming-baseline.pcap');
  // Outputs larger than a pipe's buffer (64 KiB), so the writer does meet the closed pipe.
  const many = Array(16).fill(big) as string[];
  for (const args of [['scan', ...many, '--jsonl'], ['scan', ...many, '--eve'], ['scan', big], ['decode', ...many], ['help'], ['rules', 'lint']]) {
    it(
      args
        .slice(0, 1)
        .concat(args.filter((a) => a.startsWith('--')))
        .join(' '),
      () => {
        const r = headOne(args);
        // Quietly: no stack trace, no error line (a tally line on stderr is fine: it is not stdout).
        expect(r.stderr).not.toMatch(/EPIPE|Error|\n\s+at |\[ERR_/);
        expect(r.status).toBe(0);
      },
    );
  }
});
