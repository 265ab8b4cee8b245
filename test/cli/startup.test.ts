/**
 * Start-up: each command loads only the modules it uses (bench/results-notes.md, section
 * "startup": `--version` loaded ~200 modules, zod, yaml, pino and d3-geo, 0.27 s of CPU). The
 * built CLI runs in a child process whose module loads are recorded: ES modules by a `load`
 * hook, CommonJS ones (pino, yaml, libphonenumber-js) from require.cache at exit.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/corpus.js';
import { buildOnce, CLI, PCAPS_DIR } from './run-cli.js';

let dir: string;
beforeAll(() => {
  buildOnce();
  dir = mkdtempSync(join(tmpdir(), 'sigwatch-startup-'));
  writeFileSync(
    join(dir, 'hooks.mjs'),
    `import { appendFileSync } from 'node:fs';
let out;
export function initialize(data) { out = data.out; }
export async function load(url, context, next) { appendFileSync(out, url + '\\n'); return next(url, context); }
`,
  );
  writeFileSync(
    join(dir, 'record.mjs'),
    `import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
const out = process.env.SIGWATCH_LOADED;
register('./hooks.mjs', import.meta.url, { data: { out } });
process.on('exit', () => appendFileSync(out, Object.keys(createRequire(import.meta.url).cache).join('\\n') + '\\n'));
`,
  );
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Module files (paths below the repository) that `node ARGS` loaded; its exit code. */
function loaded(args: readonly string[]): { code: number | null; modules: string[] } {
  const out = join(dir, `loaded-${Math.random().toString(36).slice(2)}.txt`);
  writeFileSync(out, '');
  const r = spawnSync(process.execPath, ['--import', pathToFileURL(join(dir, 'record.mjs')).href, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, SIGWATCH_LOADED: out },
    encoding: 'utf8',
  });
  const root = pathToFileURL(REPO_ROOT).href;
  const modules = readFileSync(out, 'utf8')
    .split('\n')
    .map((l) => (l.startsWith('file:') ? l.slice(root.length) : l.slice(REPO_ROOT.length)))
    .filter((l) => l.startsWith('/'));
  return { code: r.status, modules };
}

const has = (modules: string[], part: string): boolean => modules.some((m) => m.includes(part));
const COMMANDS = ['/dist/cli/scan-command.js', '/dist/cli/decode-command.js', '/dist/cli/rules-command.js'];
const PACKAGES = ['/node_modules/zod/', '/node_modules/yaml/', '/node_modules/pino/', '/node_modules/d3-geo/', '/node_modules/topojson-client/'];
const REPORT = ['/dist/report/html.js', '/dist/report/map.js', '/node_modules/d3-geo/', '/node_modules/topojson-client/'];
const capture = (name: string): string => join(PCAPS_DIR, name);

describe('start-up: modules each command loads', () => {
  it('--version and --help load no command and no dependency', () => {
    for (const a of [['--version'], ['--help']]) {
      const { code, modules } = loaded([CLI, ...a]);
      expect(code).toBe(0);
      expect(has(modules, '/dist/cli/run.js')).toBe(true); // the recording works
      for (const m of [...COMMANDS, ...PACKAGES]) expect(has(modules, m), `${a[0]} loaded ${m}`).toBe(false);
    }
  });

  it('a summary scan with the default pack and no profile parses no YAML and loads no report, map, logger or threads', () => {
    const { code, modules } = loaded([CLI, 'scan', capture('no-profile-attacks.pcap')]);
    expect(code).toBe(0);
    expect(has(modules, '/dist/cli/scan-command.js')).toBe(true);
    expect(has(modules, '/node_modules/libphonenumber-js/')).toBe(true); // CommonJS recorded too
    for (const m of [...REPORT, '/node_modules/yaml/', '/node_modules/pino/', '/dist/api/workers.js', '/dist/report/anonymize.js']) {
      expect(has(modules, m), `loaded ${m}`).toBe(false);
    }
  });

  it('a scan with a profile parses it (yaml) and still loads no report or logger', () => {
    const p = capture('diameter-location-tracking');
    const { code, modules } = loaded([CLI, 'scan', `${p}.pcapng`, '--profile', `${p}.profile.yaml`, '--jsonl']);
    expect(code).toBe(0);
    expect(has(modules, '/node_modules/yaml/')).toBe(true);
    for (const m of [...REPORT, '/node_modules/pino/']) expect(has(modules, m), `loaded ${m}`).toBe(false);
  });

  it('--report loads the report and its map; a log line loads pino', () => {
    const html = join(dir, 'r.html');
    const { code, modules } = loaded([CLI, 'scan', capture('no-profile-attacks.pcap'), '--report', html, '--log-level', 'info']);
    expect(code).toBe(0);
    for (const m of [...REPORT, '/node_modules/pino/']) expect(has(modules, m), `did not load ${m}`).toBe(true);
  });

  it('decode loads no detection module', () => {
    const { code, modules } = loaded([CLI, 'decode', capture('no-profile-attacks.pcap')]);
    expect(code).toBe(0);
    for (const m of ['/dist/detect/engine.js', '/dist/cli/scan-command.js', '/node_modules/yaml/', '/node_modules/pino/'])
      expect(has(modules, m), `loaded ${m}`).toBe(false);
  });

  it('the library entry loads neither yaml nor pino until they are used', () => {
    const { code, modules } = loaded(['--input-type=module', '-e', `await import(${JSON.stringify(pathToFileURL(join(REPO_ROOT, 'dist', 'index.js')).href)})`]);
    expect(code).toBe(0);
    expect(has(modules, '/dist/api/scanner.js')).toBe(true);
    for (const m of ['/node_modules/yaml/', '/node_modules/pino/']) expect(has(modules, m), `loaded ${m}`).toBe(false);
  });
});
