// `sigwatch scan --workers N` end to end through the CLI (dist/cli/main.js) on the scenario
// capture: the scaling curve for 1–4 workers in one case run. Per worker count: wall seconds,
// CPU seconds of the whole process (all threads, bench/lib/rusage.mjs) and peak RSS; the speed-up
// is one worker's wall time over N workers' (and the same ratio of throughput per CPU second,
// which shows the work the partition adds); `sameAlerts`: the JSONL output equals one worker's.
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
const RUSAGE = fileURLToPath(new URL('../lib/rusage.mjs', import.meta.url));
const COUNTS = [1, 2, 3, 4];

function scan(ctx, workers) {
  const args = ['--import', RUSAGE, CLI, 'scan', '--jsonl', '--workers', String(workers), ctx.file];
  if (ctx.profile) args.push('--profile', ctx.profile);
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 30 });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`scan --workers ${workers} failed: ${r.stderr}`);
  const m = /sigwatch: (\d+) (?:signalling )?messages, (\d+) alerts/.exec(r.stderr);
  const u = /BENCH-RUSAGE (\{.*\})/.exec(r.stderr);
  const usage = u === null ? undefined : JSON.parse(u[1]);
  return {
    wall,
    cpu: usage === undefined ? NaN : usage.user + usage.system,
    rssMB: usage?.maxRssMB,
    messages: Number(m?.[1] ?? 0),
    alerts: Number(m?.[2] ?? 0),
    out: r.stdout,
  };
}

export default [
  {
    name: 'workers/scan --workers 1-4 (CLI, --jsonl)',
    maxRuns: 1, // each run is four full CLI scans of the file
    run(ctx) {
      const runs = COUNTS.map((n) => scan(ctx, n));
      const one = runs[0];
      const two = runs[1];
      const r2 = (x) => +x.toFixed(2);
      return {
        n: two.messages,
        unit: 'messages',
        bytes: statSync(ctx.file).size,
        seconds: two.wall,
        cpuSeconds: two.cpu,
        rssPeakMB: two.rssMB,
        extra: {
          speedup2: r2(one.wall / two.wall),
          curve: runs.map((r, i) => ({
            workers: COUNTS[i],
            wallSec: r2(r.wall),
            cpuSec: r2(r.cpu),
            speedup: r2(one.wall / r.wall),
            cpuPerOneWorkerCpu: r2(r.cpu / one.cpu),
            rssMB: r.rssMB,
            sameAlerts: r.out === one.out,
          })),
          alerts: one.alerts,
        },
      };
    },
  },
];
