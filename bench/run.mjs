// Benchmark harness: named cases selected by regex, each run in its own process a few times
// (median reported), end-to-end cases side by side with the readSync record walk of the same file
// (physical limit) and tshark's field extraction (when installed). Writes bench/RESULTS.md.
//
//   npm run bench [-- REGEX] [--runs 3] [--messages 3000000] [--source auto|synthetic|generator]
//                 [--tshark-messages 100000] [--flood-messages 755000] [--no-build]
//   npm run bench -- rss/            the 2 GB streaming-RSS case (writes and deletes a 2 GB file in os.tmpdir())
//
// Benchmarks are not tests: nothing here asserts a timing.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    runs: { type: 'string', default: '3' },
    messages: { type: 'string', default: '3000000' },
    'flood-messages': { type: 'string', default: '755000' },
    source: { type: 'string', default: 'auto' },
    'tshark-messages': { type: 'string', default: '100000' },
    'no-build': { type: 'boolean', default: false },
    'big-bytes': { type: 'string', default: String(2 * 1024 ** 3) },
    'render-only': { type: 'boolean', default: false },
  },
});
if (values['render-only']) {
  writeResults([], { load0: loadavg(), load1: loadavg() });
  process.exit(0);
}
const filterText = positionals[0] ?? '.';
const filter = new RegExp(filterText);
const runs = Number(values.runs);

if (!values['no-build']) build();
const { CASES } = await import('./cases/index.mjs');
const selected = CASES.filter((c) => filter.test(c.name) && (!c.big || filterText !== '.'));
if (selected.length === 0) {
  console.error(`no case matches /${filterText}/; cases:\n  ${CASES.map((c) => c.name).join('\n  ')}`);
  process.exit(2);
}
const { scenarioFile, prefixFile } = await import('./lib/scenario.mjs');
const { readSyncWalk } = await import('./lib/measure.mjs');

const ctx = {};
if (selected.some((c) => c.capture !== 'flood' && (c.refs || /^(e2e|detect|workers|cli|alerts)\//.test(c.name)))) {
  const s = await scenarioFile(Number(values.messages), { source: values.source });
  ctx.file = s.file;
  ctx.source = s.source;
  ctx.profile = s.profile;
}
// Cases with `capture: 'flood'` run on the alert-flood capture (bench/generator --scenario flood).
let flood;
if (selected.some((c) => c.capture === 'flood')) {
  flood = await scenarioFile(Number(values['flood-messages']), { scenario: 'flood' });
  if (flood === undefined) console.error('skip the flood cases: the scenario generator (npm run pcaps) is not available');
  else flood.source = 'generator (bench/generator --scenario flood)';
}

const tsharkCache = new Map();
const results = [];
const load0 = loadavg();
// The 2 GB capture is shared by the big cases and deleted once they have all run.
const bigFiles = new Set();
for (const c of selected) {
  let big;
  if (c.big) {
    const free = statfsSync(tmpdir());
    const need = Number(values['big-bytes']) * 1.2;
    if (free.bavail * free.bsize < need) {
      console.error(`skip ${c.name}: ${tmpdir()} has ${((free.bavail * free.bsize) / 1e9).toFixed(1)} GB free, need ${(need / 1e9).toFixed(1)}`);
      continue;
    }
    const b = await scenarioFile(0, { source: values.source, bytes: Number(values['big-bytes']) });
    big = b.file;
    if (b.profile) ctx.profile = b.profile;
  }
  const cc = c.capture === 'flood' ? flood : ctx;
  if (cc === undefined) continue;
  const n = c.big ? 1 : Math.min(runs, c.maxRuns ?? runs);
  const rs = [];
  for (let i = 0; i < n; i++) {
    const args = [path.join(ROOT, 'bench/case.mjs'), c.name];
    if (cc.file) args.push('--file', cc.file);
    if (big) args.push('--big', big);
    if (cc.profile) args.push('--profile', cc.profile);
    const p = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 26 });
    const line = p.stdout.split('\n').find((l) => l.startsWith('RESULT '));
    if (p.status !== 0 || line === undefined) {
      console.error(`${c.name}: failed (exit ${p.status})\n${p.stderr}`);
      break;
    }
    rs.push(JSON.parse(line.slice(7)));
  }
  if (big) bigFiles.add(big);
  if (rs.length === 0) continue;
  const rates = rs.map((r) => r.n / r.seconds).sort((a, b) => a - b);
  const med = rs.slice().sort((a, b) => a.n / a.seconds - b.n / b.seconds)[rs.length >> 1];
  const res = {
    name: c.name,
    unit: med.unit,
    rate: rates[rates.length >> 1],
    min: rates[0],
    max: rates[rates.length - 1],
    mbps: med.bytes > 0 ? med.bytes / med.seconds / 1e6 : undefined,
    nsPer: (med.seconds / med.n) * 1e9,
    // Rate per CPU second of the timed part (median over runs): what one uncontended core would do, roughly.
    cpuRate: med.cpuSeconds ? rs.map((r) => r.n / (r.cpuSeconds ?? r.seconds)).sort((a, b) => a - b)[rs.length >> 1] : undefined,
    rssPeakMB: Math.max(...rs.map((r) => r.rssPeakMB)),
    runs: rs.length,
    n: med.n,
    extra: med.extra,
    at: new Date().toISOString(),
  };
  if (c.refs) {
    const walks = Array.from({ length: 3 }, () => readSyncWalk(cc.file)).sort((a, b) => a.seconds - b.seconds);
    const w = walks[1];
    res.readSync = { recordsPerSec: w.records / w.seconds, messagesPerSec: med.n / w.seconds, seconds: w.seconds, ratio: med.seconds / w.seconds };
    // A copy per case: the tshark measurement is cached and shared, its ratio is not.
    const t = tshark(cc.file, Number(values['tshark-messages']));
    res.tshark = t ? { ...t, ratio: res.rate / t.messagesPerSec } : t;
    res.source = cc.source;
  }
  results.push(res);
  print(res);
}
for (const big of bigFiles) for (const f of [big, big.replace(/\.pcap$/, '.profile.yaml')]) rmSync(f, { force: true });
const load1 = loadavg();
writeResults(results, { load0, load1 });

function build() {
  const tsc = path.join(ROOT, 'node_modules/.bin/tsc');
  execFileSync(tsc, ['-p', 'tsconfig.json'], { cwd: ROOT, stdio: 'inherit' });
  // The generator and the fuzz runner, compiled to build/tools. Another engineer's files
  // may be mid-edit: report type errors but go on when the output exists.
  try {
    execFileSync(tsc, ['-p', 'bench/tsconfig.json'], { cwd: ROOT, stdio: 'inherit' });
  } catch {
    if (!existsSync(path.join(ROOT, 'build/tools/src/encode/sccp.js'))) throw new Error('bench/tsconfig.json build failed');
    console.error('bench: bench/tsconfig.json reported errors; using the emitted output');
  }
}

function tshark(file, messages) {
  if (tsharkCache.has(file)) return tsharkCache.get(file);
  const bin = ['/usr/bin/tshark', '/usr/local/bin/tshark'].find(existsSync);
  if (bin === undefined) return null;
  const pre = prefixFile(file, messages);
  const t0 = process.hrtime.bigint();
  const r = spawnSync(bin, ['-r', pre.file, '-T', 'fields', '-e', 'frame.number', '-e', 'gsm_old.localValue', '-e', 'diameter.cmd.code'], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  const lines = r.stdout.split('\n').filter(Boolean).length;
  const t = { messagesPerSec: pre.messages / s, seconds: s, messages: pre.messages, frames: pre.frames, lines, prefix: true };
  tsharkCache.set(file, t);
  rmSync(pre.file, { force: true });
  return t;
}

function fmt(x, d = 0) {
  return x === undefined ? '' : x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
}

function print(r) {
  let s = `${r.name}\n    ${fmt(r.rate)} ${r.unit}/s (min ${fmt(r.min)}, max ${fmt(r.max)}, ${r.runs} runs; ${r.cpuRate ? fmt(r.cpuRate) + ' per CPU second' : ''})  ${r.mbps ? fmt(r.mbps, 1) + ' MB/s  ' : ''}${fmt(r.nsPer)} ns/${r.unit.replace(/s$/, '')}  peak RSS ${r.rssPeakMB} MB`;
  if (r.readSync)
    s += `\n    readSync record walk of the same file: ${fmt(r.readSync.recordsPerSec)} records/s (${r.readSync.seconds.toFixed(2)} s) → ours takes ${r.readSync.ratio.toFixed(1)}× the walk`;
  if (r.tshark)
    s += `\n    tshark fields: ${fmt(r.tshark.messagesPerSec)} messages/s (${r.tshark.messages} messages prefix, ${r.tshark.seconds.toFixed(1)} s) → ours ${r.tshark.ratio.toFixed(1)}× tshark`;
  if (r.extra) s += `\n    ${JSON.stringify(r.extra)}`;
  console.log(s);
}

function writeResults(latest, { load0, load1 }) {
  // Merge with earlier runs of other cases so a filtered run does not drop them. The store is
  // committed (bench/results.json): a run in a fresh clone or worktree keeps every other row.
  const store = path.join(ROOT, 'bench/results.json');
  const all = existsSync(store) ? JSON.parse(readFileSync(store, 'utf8')) : {};
  for (const r of latest) all[r.name] = { ...r, load: `${load0.map((x) => x.toFixed(2)).join(' ')} → ${load1.map((x) => x.toFixed(2)).join(' ')}` };
  writeFileSync(store, JSON.stringify(all, null, 1));
  const rows = Object.values(all).sort((a, b) => a.name.localeCompare(b.name));
  const lines = [
    '# Benchmark results',
    '',
    `Generated by \`npm run bench\` (bench/run.mjs). Node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length}, ${process.platform} ${process.arch}.`,
    `Last written ${new Date().toISOString()}. Each row: median of N runs, each in its own process; load average (1/5/15 min) before → after the run that produced the row.`,
    'The machine is shared (2 cores, several engineers building and testing): compare ratios in one row rather than absolute numbers across rows.',
    '',
    '| case | rate (wall) | rate per CPU s | MB/s | ns/item | peak RSS MB | runs | vs readSync walk | vs tshark | when | load |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.name} | ${fmt(r.rate)} ${r.unit}/s | ${r.cpuRate ? fmt(r.cpuRate) : ''} | ${r.mbps ? fmt(r.mbps, 1) : ''} | ${fmt(r.nsPer)} | ${r.rssPeakMB} | ${r.runs} | ${r.readSync ? `${r.readSync.ratio.toFixed(1)}× slower (walk ${fmt(r.readSync.recordsPerSec)} rec/s)` : ''} | ${r.tshark ? `${r.tshark.ratio.toFixed(1)}× (tshark ${fmt(r.tshark.messagesPerSec)} msg/s on a ${r.tshark.messages}-message prefix)` : ''} | ${r.at} | ${r.load} |`,
    ),
    '',
    'Sources of the end-to-end captures: ' + [...new Set(rows.map((r) => r.source).filter(Boolean))].join(', '),
    '',
    'Details per case (extra counters of the median run):',
    '',
    ...rows.filter((r) => r.extra).map((r) => `- ${r.name}: \`${JSON.stringify(r.extra)}\``),
    '',
  ];
  // Hand-written analysis (targets, profile, measured decisions) kept beside the generated table.
  const notes = path.join(ROOT, 'bench/results-notes.md');
  if (existsSync(notes)) lines.push(readFileSync(notes, 'utf8'));
  writeFileSync(path.join(ROOT, 'bench/RESULTS.md'), lines.join('\n'));
}
