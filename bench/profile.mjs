// Runs one case in its own process under --cpu-prof and prints the functions with the most self
// time (the .cpuprofile stays in bench/out/prof for Chrome DevTools / speedscope).
//   npm run bench:profile -- CASE-REGEX [--messages N] [--flood-messages N] [--source auto|synthetic|generator] [--top 30]
// CLI cases (cli/...) run sigwatch in a child process: the CLI itself is profiled (stdout discarded).
import { spawnSync, execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    messages: { type: 'string', default: '1000000' },
    'flood-messages': { type: 'string', default: '755000' },
    source: { type: 'string', default: 'auto' },
    top: { type: 'string', default: '30' },
    'no-build': { type: 'boolean', default: false },
  },
});
const re = new RegExp(positionals[0] ?? 'e2e/decode\\+detect');
if (!values['no-build']) {
  const tsc = path.join(ROOT, 'node_modules/.bin/tsc');
  execFileSync(tsc, ['-p', 'tsconfig.json'], { cwd: ROOT, stdio: 'inherit' });
  try {
    execFileSync(tsc, ['-p', 'bench/tsconfig.json'], { cwd: ROOT, stdio: 'inherit' });
  } catch {
    /* see run.mjs */
  }
}
const { CASES } = await import('./cases/index.mjs');
const c = CASES.find((x) => re.test(x.name));
if (!c) throw new Error(`no case matches ${re}`);
const args = ['--cpu-prof', '--cpu-prof-dir', path.join(ROOT, 'bench/out/prof'), path.join(ROOT, 'bench/case.mjs'), c.name];
let cliOut = 'pipe';
if (c.refs || /^(e2e|detect|cli|alerts)\//.test(c.name)) {
  const { scenarioFile } = await import('./lib/scenario.mjs');
  const s =
    c.capture === 'flood'
      ? await scenarioFile(Number(values['flood-messages']), { scenario: 'flood' })
      : await scenarioFile(Number(values.messages), { source: values.source });
  if (s === undefined) throw new Error('the flood cases need the scenario generator (npm run pcaps)');
  args.push('--file', s.file);
  if (s.profile) args.push('--profile', s.profile);
  if (c.cliArgs) {
    args.splice(3, Infinity, path.join(ROOT, 'dist/cli/main.js'), 'scan', s.file, ...(s.profile ? ['--profile', s.profile] : []), ...c.cliArgs);
    cliOut = 'ignore';
  }
}
mkdirSync(path.join(ROOT, 'bench/out/prof'), { recursive: true });
const p = spawnSync(process.execPath, args, { encoding: 'utf8', stdio: ['ignore', cliOut, 'inherit'] });
if (p.stdout) process.stdout.write(p.stdout);
const dir = path.join(ROOT, 'bench/out/prof');
const newest = readdirSync(dir)
  .filter((f) => f.endsWith('.cpuprofile'))
  .map((f) => path.join(dir, f))
  .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
const prof = JSON.parse(readFileSync(newest, 'utf8'));
// Self time per node from the sample counts (timeDeltas are per sample).
const self = new Map();
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const dt = new Map();
for (let i = 0; i < prof.samples.length; i++) dt.set(prof.samples[i], (dt.get(prof.samples[i]) ?? 0) + (prof.timeDeltas[i] ?? 0));
let total = 0;
for (const [id, t] of dt) {
  const n = byId.get(id);
  const f = n.callFrame;
  const key = `${f.functionName || '(anonymous)'}  ${f.url.replace(/^.*\/(dist|bench|node_modules)\//, '$1/')}:${f.lineNumber + 1}`;
  self.set(key, (self.get(key) ?? 0) + t);
  total += t;
}
const rows = [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(values.top));
console.log(`\n${newest}\nself time, top ${rows.length} of ${(total / 1e6).toFixed(2)} s sampled:`);
for (const [k, t] of rows) console.log(`${((100 * t) / total).toFixed(1).padStart(5)}%  ${(t / 1e3).toFixed(0).padStart(7)} ms  ${k}`);
