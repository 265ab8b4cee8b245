// The alert path (issue 19): the routine mix and the alert flood (`npm run pcaps -- --scenario
// flood --messages N`, prepared by bench/run.mjs as ctx.file when the case says `capture:
// 'flood'`), each through the library Scanner and through the CLI as a user runs it (a child
// process: `--jsonl` to a file, and the default summary), plus the alert serializer alone.
//
// CLI cases run `sigwatch scan` under /usr/bin/time (GNU time, `%M` = the child's peak RSS);
// the case process itself only waits.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Scanner } from '../../dist/api/scanner.js';
import { loadProfile } from '../../dist/detect/profile.js';
import { AlertLines } from '../../dist/report/alert-bytes.js';
import { alertJson } from '../../dist/report/alert-json.js';
import { jsonSafe } from '../../dist/report/safe-text.js';
import { ReportCollector } from '../../dist/report/collector.js';
import { PROFILE } from '../lib/fixtures.mjs';
import { loop, readFileChunks, seconds } from '../lib/measure.mjs';
import { scannerCase } from '../lib/scanner-case.mjs';

const CLI = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
const TIME = '/usr/bin/time';

/** `sigwatch scan FILE [--profile P] ...args` in a child process; stdout to a file (deleted after). */
function cli(ctx, args) {
  const out = path.join(tmpdir(), `sigwatch-bench-cli-${process.pid}.out`);
  const fd = openSync(out, 'w');
  const scan = [CLI, 'scan', ctx.file, ...(ctx.profile ? ['--profile', ctx.profile] : []), ...args];
  const timed = existsSync(TIME);
  const t0 = process.hrtime.bigint();
  const r = timed
    ? spawnSync(TIME, ['-f', 'TIME %M %U %S', process.execPath, ...scan], { stdio: ['ignore', fd, 'pipe'], encoding: 'utf8' })
    : spawnSync(process.execPath, scan, { stdio: ['ignore', fd, 'pipe'], encoding: 'utf8' });
  const s = seconds(t0);
  closeSync(fd);
  const outBytes = statSync(out).size;
  // The summary mode has no stderr tally: its "Messages: N signalling messages" line counts them.
  const summary = outBytes < 1e6 ? /Messages: (\d+) signalling/.exec(readFileSync(out, 'utf8')) : null;
  rmSync(out, { force: true });
  if (r.status !== 0) throw new Error(`sigwatch scan ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  const t = /TIME (\d+) ([\d.]+) ([\d.]+)/.exec(r.stderr);
  const tally = /sigwatch: (\d+) (?:signalling )?messages, (\d+) alerts/.exec(r.stderr);
  return {
    seconds: s,
    cpuSeconds: t ? Number(t[2]) + Number(t[3]) : undefined,
    rssPeakMB: t ? Math.round(Number(t[1]) / 1024) : undefined,
    messages: tally ? Number(tally[1]) : summary ? Number(summary[1]) : 0,
    alerts: tally ? Number(tally[2]) : undefined,
    outMB: +(outBytes / 1e6).toFixed(1),
  };
}

function cliCase(name, capture, args) {
  return {
    name,
    capture,
    refs: true,
    // bench/profile.mjs profiles the CLI itself with these arguments.
    cliArgs: args,
    run(ctx) {
      const r = cli(ctx, args);
      const extra = { outMB: r.outMB, ...(r.alerts === undefined ? {} : { alerts: r.alerts }) };
      return {
        n: r.messages,
        unit: 'messages',
        bytes: statSync(ctx.file).size,
        seconds: r.seconds,
        cpuSeconds: r.cpuSeconds,
        ...(r.rssPeakMB === undefined ? {} : { rssPeakMB: r.rssPeakMB }),
        extra,
      };
    },
  };
}

/** Up to `max` alerts of the flood capture, as the Scanner hands them to the CLI. */
function floodAlerts(ctx, max) {
  const alerts = [];
  const sc = new Scanner({
    profile: loadProfile(ctx.profile ?? PROFILE),
    onAlert: (a) => {
      if (alerts.length < max) alerts.push(a);
    },
  });
  sc.beginSource(ctx.file);
  readFileChunks(ctx.file, (c) => {
    if (alerts.length < max) sc.push(c);
  });
  return alerts;
}

export default [
  scannerCase('e2e/flood decode+detect (Scanner with profile, alert flood)', 'flood'),
  cliCase('cli/mixed scan --jsonl > file', 'mixed', ['--jsonl']),
  cliCase('cli/mixed scan (summary)', 'mixed', []),
  cliCase('cli/flood scan --jsonl > file', 'flood', ['--jsonl']),
  cliCase('cli/flood scan (summary)', 'flood', []),
  {
    // The --jsonl line bytes as the CLI writes them (report/alert-bytes.ts: the Scanner's alerts,
    // evidence written from the event; buffers handed out every 64 alerts, about one read chunk of
    // the flood), then in the same run the former text path (alertJson, jsonSafe, UTF-8 encoding)
    // and JSON.stringify on the same alerts once their evidence is built (its native floor).
    name: 'alerts/serialize --jsonl bytes (flood alerts; text path and JSON.stringify in the same run)',
    capture: 'flood',
    setup: (ctx) => floodAlerts(ctx, 50_000),
    run(alerts) {
      let bytes = 0;
      const w = new AlertLines();
      const r = loop(
        (i) => {
          w.write(alerts[i % alerts.length]);
          if ((i & 63) === 63) for (const c of w.take()) bytes += c.length;
        },
        { warm: 0, batch: alerts.length, minSec: 2 },
      );
      const text = loop((i) => void (bytes += Buffer.from(jsonSafe(alertJson(alerts[i % alerts.length])) + '\n', 'utf8').length), {
        warm: 0,
        batch: alerts.length,
        minSec: 2,
      });
      for (const a of alerts) void a.evidence;
      const ref = loop((i) => void (bytes += JSON.stringify(alerts[i % alerts.length]).length), { warm: 0, batch: alerts.length, minSec: 2 });
      return {
        n: r.ops,
        unit: 'alerts',
        bytes: 0,
        seconds: r.seconds,
        cpuSeconds: r.cpuSeconds,
        extra: {
          alerts: alerts.length,
          nsPerAlertCpu: Math.round((r.cpuSeconds / r.ops) * 1e9),
          textPathNsPerAlertCpu: Math.round((text.cpuSeconds / text.ops) * 1e9),
          jsonStringifyBuiltEvidenceNsPerAlertCpu: Math.round((ref.cpuSeconds / ref.ops) * 1e9),
          sink: bytes > 0,
        },
      };
    },
  },
  {
    // One collector for the whole loop, as the CLI keeps one per scan (the 50,000 alerts are fed
    // again and again: subscribers and origins repeat as they do in a long flood).
    name: 'alerts/collect ReportCollector.alert (flood alerts)',
    capture: 'flood',
    setup: (ctx) => floodAlerts(ctx, 50_000),
    run(alerts) {
      const c = new ReportCollector();
      const r = loop((i) => c.alert(alerts[i % alerts.length]), { warm: 0, batch: alerts.length, minSec: 2 });
      return {
        n: r.ops,
        unit: 'alerts',
        bytes: 0,
        seconds: r.seconds,
        cpuSeconds: r.cpuSeconds,
        extra: { alerts: alerts.length, nsPerAlertCpu: Math.round((r.cpuSeconds / r.ops) * 1e9) },
      };
    },
  },
];
