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

/**
 * Up to `max` alerts of the flood capture, as the Scanner hands them to the CLI. With `timed`,
 * each alert is also collected and written as the CLI does (ReportCollector, then AlertLines.write inside onAlert, the lines
 * taken and confirmed written after each chunk) with process.hrtime around the write: the
 * in-scan cost per alert, wall time (the CPU clock is too coarse per call), calibrated by an
 * empty timed region.
 */
function floodAlerts(ctx, max, timed = false, callback = false) {
  const alerts = [];
  const w = timed ? new AlertLines() : undefined;
  const t = timed ? new Float64Array(max) : undefined;
  let cal = 0;
  const hr = process.hrtime.bigint;
  let sink = 0;
  // The CLI's collector beside the writer (cli/scan-command.ts: collector.record per message,
  // collector.alert before the write): the writer's cost depends on it (ser2: 0.1–0.8 µs).
  const col = timed ? new ReportCollector(5, undefined, { histogram: false }) : undefined;
  const sc = new Scanner({
    profile: loadProfile(ctx.profile ?? PROFILE),
    // `callback`: the CLI's own mode (cli/scan-command.ts: no event built per alert, the evidence
    // written from the decoder's view inside onAlert); its alerts cannot be written again later.
    ...(callback ? { explicitEvidence: true, eventInCallback: true } : {}),
    ...(col === undefined ? {} : { onRecord: (r) => col.record(r) }),
    onAlert: (a) => {
      if (alerts.length >= max) return;
      if (w !== undefined) {
        col.alert(a);
        const c0 = hr();
        const c1 = hr();
        const t0 = hr();
        w.write(a);
        const t1 = hr();
        cal += Number(c1 - c0);
        t[alerts.length] = Number(t1 - t0);
      }
      alerts.push(a);
    },
  });
  sc.beginSource(ctx.file);
  readFileChunks(ctx.file, (c) => {
    if (alerts.length >= max) return;
    sc.push(c);
    if (w !== undefined) {
      for (const b of w.take()) sink += b.length;
      w.written();
    }
  });
  if (t === undefined) return alerts;
  const n = alerts.length;
  if (callback) alerts.length = 0;
  const c = cal / n;
  const s = Array.from(t.subarray(0, n)).sort((x, y) => x - y);
  const cut = Math.floor(n * 0.995);
  let all = 0;
  let below = 0;
  for (let i = 0; i < n; i++) {
    all += s[i];
    if (i < cut) below += s[i];
  }
  alerts.inScan = {
    inScanMedianNs: Math.round(s[n >> 1] - c),
    inScanMeanNs: Math.round(all / n - c),
    inScanMeanBelowP995Ns: Math.round(below / cut - c),
    inScanLinesMB: +(sink / 1e6).toFixed(1),
  };
  return alerts;
}

/** CPU ns per alert of `rounds` writes of the same `n` alerts (cache-warm: the serializer's own cost). */
function warmWrites(alerts, n, rounds) {
  const w = new AlertLines();
  const some = alerts.slice(20_000, 20_000 + n);
  let bytes = 0;
  const c0 = process.cpuUsage();
  for (let r = 0; r < rounds; r++)
    for (let i = 0; i < some.length; i++) {
      w.write(some[i]);
      if ((i & 63) === 63) {
        for (const c of w.take()) bytes += c.length;
        w.written();
      }
    }
  const c = process.cpuUsage(c0);
  return { ns: Math.round(((c.user + c.system) * 1e3) / (rounds * some.length)), sink: bytes > 0 };
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
    // the flood, and confirmed written as the CLI does, so their memory is reused), then in the
    // same run the former text path (alertJson, jsonSafe, UTF-8 encoding) and JSON.stringify on
    // the same alerts once their evidence is built (its native floor).
    // nsPerAlertCpu: one writer over the 50,000 alerts again and again for ≥ 2 s, the first pass
    // (JIT, first fragments) included: every alert's event was decoded long before it is written
    // (cache-cold). Beside it (ser2, bench/results-notes.md): the same loop after one pass
    // (cold, steady), 256 alerts written 4,000 times (cache-warm: the serializer's own work), and
    // each alert written inside onAlert during the setup scan as the CLI writes it (in-scan), and
    // in a second setup scan in the CLI's mode (inScanCallback*: `eventInCallback`, no event built
    // for the alert, the evidence written from the decoder's reused view, round 21 "jsonl21").
    name: 'alerts/serialize --jsonl bytes (flood alerts; text path and JSON.stringify in the same run)',
    capture: 'flood',
    setup: (ctx) => {
      const alerts = floodAlerts(ctx, 50_000, true);
      const cb = floodAlerts(ctx, 50_000, true, true).inScan;
      alerts.inScanCallback = {
        inScanCallbackMedianNs: cb.inScanMedianNs,
        inScanCallbackMeanNs: cb.inScanMeanNs,
        inScanCallbackMeanBelowP995Ns: cb.inScanMeanBelowP995Ns,
      };
      return alerts;
    },
    run(alerts) {
      let bytes = 0;
      const w = new AlertLines();
      const write = (i) => {
        w.write(alerts[i % alerts.length]);
        if ((i & 63) === 63) {
          for (const c of w.take()) bytes += c.length;
          w.written();
        }
      };
      const r = loop(write, { warm: 0, batch: alerts.length, minSec: 2 });
      const steady = loop(write, { warm: 0, batch: alerts.length, minSec: 1 });
      const warm = warmWrites(alerts, 256, 4000);
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
          steadyColdNsPerAlertCpu: Math.round((steady.cpuSeconds / steady.ops) * 1e9),
          warmNsPerAlertCpu: warm.ns,
          ...alerts.inScan,
          ...alerts.inScanCallback,
          textPathNsPerAlertCpu: Math.round((text.cpuSeconds / text.ops) * 1e9),
          jsonStringifyBuiltEvidenceNsPerAlertCpu: Math.round((ref.cpuSeconds / ref.ops) * 1e9),
          sink: bytes > 0 && warm.sink,
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
