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
import { alertJson } from '../../dist/report/alert-json.js';
import { ReportCollector } from '../../dist/report/collector.js';
import { PROFILE } from '../lib/fixtures.mjs';
import { cpuSince, loop, readFileChunks, seconds } from '../lib/measure.mjs';

const CLI = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
const TIME = '/usr/bin/time';

function messagesOf(st) {
  return (st['tcap.messages'] ?? 0) + (st['diameter.messages'] ?? 0);
}

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

function scannerCase(name, capture) {
  return {
    name,
    capture,
    refs: true,
    run(ctx) {
      let alerts = 0;
      const sc = new Scanner({ profile: loadProfile(ctx.profile ?? PROFILE), onAlert: () => void alerts++ });
      sc.beginSource(ctx.file);
      const c0 = process.cpuUsage();
      const t0 = process.hrtime.bigint();
      const bytes = readFileChunks(ctx.file, (c) => sc.push(c));
      sc.end();
      const s = seconds(t0);
      const cpu = cpuSince(c0);
      return {
        n: messagesOf(sc.decodeStats),
        unit: 'messages',
        bytes,
        seconds: s,
        cpuSeconds: cpu,
        extra: { alerts, byRule: sc.detectorInstance.stats.byRule },
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
    // alertJson on the Scanner's alerts as the CLI gets them (evidence not built: it is built from
    // the event on each call), then JSON.stringify on the same alerts once their evidence is built
    // (stringify alone: a lower bound of the former path, which also built the evidence per alert).
    name: 'alerts/serialize alertJson (flood alerts; JSON.stringify in the same run)',
    capture: 'flood',
    setup: (ctx) => floodAlerts(ctx, 50_000),
    run(alerts) {
      let bytes = 0;
      const r = loop((i) => void (bytes += alertJson(alerts[i % alerts.length]).length), { warm: 0, batch: alerts.length, minSec: 2 });
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
