/**
 * The package as a new user gets it (issue 17 acceptance):
 *
 * 1. a fresh checkout (the files git tracks, plus new untracked ones) runs the README quick start
 *    verbatim — `npm install && npx sigwatch scan …` builds on first run, with no install script;
 * 2. `npm pack` there (prepack builds) gives a tarball without source maps, test artefacts or the
 *    conformance tool, with docs/fields.md and the labelled samples;
 * 3. the tarball installed into an empty project runs the README library block verbatim and the
 *    `sigwatch` command.
 *
 * npm runs with prefer-offline: the packages come from the local npm cache that `npm ci` filled,
 * so the test also passes without a network once the cache is warm. Two builds and two installs:
 * ~2 min on the 2-core CI machine, within its budget.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/corpus.js';

const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
const QUICK_START = /## Quick start\s+```sh\n(.+)\n/.exec(readme)?.[1];
const LIBRARY = /## Library[\s\S]*?```js\n([\s\S]*?)```/.exec(readme)?.[1];

function gitFiles(): string[] | undefined {
  try {
    return execFileSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
      .split('\0')
      .filter((f) => f !== '' && existsSync(join(REPO_ROOT, f)));
  } catch {
    return undefined;
  }
}
const FILES = gitFiles();
const SKIP = FILES === undefined ? 'skipped: not a git checkout (the test copies the tracked files)' : undefined;

const ENV = { ...process.env, npm_config_prefer_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };
const tmp = mkdtempSync(join(tmpdir(), 'sigwatch-pack-'));
const clone = join(tmp, 'clone');
const project = join(tmp, 'project');
afterAll(() => rmSync(tmp, { recursive: true, force: true }), 120_000);

function sh(cmd: string, cwd: string): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync('bash', ['-c', cmd], { cwd, env: ENV, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 240_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Alerts the labelled capture should give with its profile: the truth file's rule entries. */
function expectedAlerts(capture: string): number {
  const truth = join(REPO_ROOT, capture.replace(/\.pcap(ng)?$/, '.truth.jsonl'));
  return readFileSync(truth, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .reduce((n, l) => n + (JSON.parse(l) as { rules: unknown[] }).rules.length, 0);
}

describe.skipIf(SKIP !== undefined)(SKIP ?? 'the package as a new user gets it', () => {
  let quick: ReturnType<typeof sh>;
  let tarball = '';

  beforeAll(() => {
    for (const f of FILES!) {
      mkdirSync(dirname(join(clone, f)), { recursive: true });
      copyFileSync(join(REPO_ROOT, f), join(clone, f));
    }
    quick = sh(QUICK_START!, clone);
    const packed = sh(`npm pack --silent --pack-destination ${JSON.stringify(tmp)}`, clone);
    if (packed.code !== 0) throw new Error(`npm pack failed:\n${packed.stderr}`);
    tarball = join(tmp, packed.stdout.trim().split('\n').pop()!);
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'fresh-project', version: '1.0.0', private: true, type: 'module' }));
    const inst = sh(`npm install --silent ${JSON.stringify(tarball)}`, project);
    if (inst.code !== 0) throw new Error(`npm install of the tarball failed:\n${inst.stderr}`);
  }, 600_000);

  it('README quick start, verbatim, in a fresh checkout: builds on first run and shows the profile story', () => {
    expect(QUICK_START).toMatch(/^npm install && npx sigwatch scan /);
    expect(quick.stderr).not.toMatch(/npm warn.*install script/i);
    expect(quick.code, quick.stderr).toBe(0);
    const capture = /scan (pcaps\/\S+\.pcap(?:ng)?)/.exec(QUICK_START!)![1]!;
    expect(quick.stdout).toMatch(/from profile pcaps\/\S+\.profile\.yaml/);
    expect(quick.stdout).toMatch(new RegExp(`^Alerts: ${expectedAlerts(capture)} `, 'm'));
  });

  it('the tarball: no source maps, no test artefacts, no conformance tool; docs, samples and the bin', () => {
    const list = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n').filter(Boolean);
    expect(list.filter((f) => f.endsWith('.map'))).toEqual([]);
    expect(list.filter((f) => /test-build-stamp|conformance|\/test\//.test(f))).toEqual([]);
    for (const f of [
      'docs/fields.md',
      'bin/sigwatch.js',
      'dist/cli/main.js',
      'pcaps/ss7-location-tracking.pcap',
      'pcaps/ss7-location-tracking.profile.yaml',
      'rules/location-origin-mismatch.yaml',
    ]) {
      expect(list).toContain(`package/${f}`);
    }
    const js = readFileSync(join(project, 'node_modules', 'sigwatch', 'dist', 'index.js'), 'utf8');
    expect(js).not.toContain('sourceMappingURL');
    const pkg = JSON.parse(readFileSync(join(clone, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.prepare).toBeUndefined();
    expect(pkg.scripts.prepack).toContain('tsc');
  });

  it('README library block, verbatim, in a project that installed the tarball', () => {
    writeFileSync(join(project, 'example.mjs'), LIBRARY!);
    const r = sh('node example.mjs', project);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^\[(info|low|medium|high|critical)\] [a-z0-9-]+: /m);
    expect(r.stdout).toMatch(/detector stats: \d+ events, [1-9]\d* alerts/);
    expect(r.stdout).toMatch(/stream alerts: [1-9]/);
  });

  it('the installed command: --version, scan of a shipped sample, unknown option', () => {
    const v = sh('npx sigwatch --version', project);
    expect(v.stdout.trim()).toBe(`sigwatch ${(JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version}`);
    const s = sh('npx sigwatch scan node_modules/sigwatch/pcaps/ss7-location-tracking.pcap', project);
    expect(s.code, s.stderr).toBe(0);
    expect(s.stdout).toContain('A profile sits beside this capture: sigwatch scan --profile node_modules/sigwatch/pcaps/ss7-location-tracking.profile.yaml');
    const u = sh('npx sigwatch scan --jsnol x.pcap', project);
    expect(u.code).toBe(2);
    expect(u.stderr).toContain("did you mean '--jsonl'?");
    expect(readdirSync(join(project, 'node_modules', 'sigwatch', 'dist')).some((f) => f.endsWith('.map'))).toBe(false);
  });
});
