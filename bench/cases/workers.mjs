// `sigwatch scan --workers N` end to end through the CLI (dist/cli/main.js) on the scenario
// capture: wall time of 1 and 2 workers in the same case run, and the ratio.
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

function scan(ctx, workers) {
  const args = [CLI, 'scan', '--jsonl', '--workers', String(workers), ctx.file];
  if (ctx.profile) args.push('--profile', ctx.profile);
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 30 });
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`scan --workers ${workers} failed: ${r.stderr}`);
  const m = /sigwatch: (\d+) (?:signalling )?messages, (\d+) alerts/.exec(r.stderr);
  return { seconds: s, messages: Number(m?.[1] ?? 0), alerts: Number(m?.[2] ?? 0), out: r.stdout };
}

export default [
  {
    name: 'workers/scan --workers 2 vs 1 (CLI, --jsonl)',
    maxRuns: 1, // each run is two full CLI scans of the file
    run(ctx) {
      const one = scan(ctx, 1);
      const two = scan(ctx, 2);
      const bytes = statSync(ctx.file).size;
      return {
        n: two.messages,
        unit: 'messages',
        bytes,
        seconds: two.seconds,
        extra: {
          oneWorkerSec: +one.seconds.toFixed(2),
          twoWorkersSec: +two.seconds.toFixed(2),
          speedup: +(one.seconds / two.seconds).toFixed(2),
          alerts: two.alerts,
          sameAlerts: one.out === two.out,
        },
      };
    },
  },
];
