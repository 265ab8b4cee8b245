// End-to-end cases on the mixed scenario capture (ctx.file, prepared by bench/run.mjs), and rule
// evaluation alone (Detector.event on prebuilt events of the same capture).
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Decoder } from '../../dist/api/decoder.js';
import { Detector } from '../../dist/detect/engine.js';
import { loadDefaultRules } from '../../dist/api/default-rules.js';
import { loadProfile } from '../../dist/detect/profile.js';
import { PROFILE } from '../lib/fixtures.mjs';
import { cpuSince, loop, readFileChunks, seconds } from '../lib/measure.mjs';
import { messagesOf, scanFile, scannerCase } from '../lib/scanner-case.mjs';

const CLI = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
const RUSAGE = fileURLToPath(new URL('../lib/rusage.mjs', import.meta.url));

// The generator writes NAME.profile.yaml beside its capture; the synthetic capture uses PROFILE.
let ctxProfile;
const profile = () => loadProfile(ctxProfile ?? PROFILE);
export const setProfile = (p) => void (ctxProfile = p);

/** Decoder over the file; `records`: the fast tier (onRecord, no event built), else onEvent. */
function decodeOnce(file, records = false) {
  let events = 0;
  const d = new Decoder(records ? { onRecord: () => void events++ } : { onEvent: () => void events++ });
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const bytes = readFileChunks(file, (c) => d.push(c));
  d.end();
  const s = seconds(t0);
  const cpu = cpuSince(c0);
  const st = d.stats;
  return { events, bytes, seconds: s, cpuSeconds: cpu, messages: messagesOf(st), frames: st['capture.frames'] ?? st.frames };
}

export default [
  {
    name: 'e2e/decode (Decoder, file in 1 MiB readSync chunks)',
    refs: true,
    run(ctx) {
      const r = decodeOnce(ctx.file);
      return { n: r.messages, unit: 'messages', bytes: r.bytes, seconds: r.seconds, cpuSeconds: r.cpuSeconds, extra: { events: r.events } };
    },
  },
  {
    name: 'e2e/decode records (Decoder onRecord: fast tier, no events built)',
    refs: true,
    run(ctx) {
      const r = decodeOnce(ctx.file, true);
      return { n: r.messages, unit: 'messages', bytes: r.bytes, seconds: r.seconds, cpuSeconds: r.cpuSeconds, extra: { records: r.events } };
    },
  },
  // No onEvent: the detector reads the decoders' records and events are built only for alerts.
  scannerCase('e2e/decode+detect (Scanner with profile, default rule pack)'),
  {
    name: 'detect/rules (Detector.event on prebuilt events, default pack)',
    setup(ctx) {
      const evs = [];
      const d = new Decoder({
        onEvent: (e) => {
          if (evs.length < 300_000) evs.push(e);
        },
      });
      readFileChunks(ctx.file, (c) => {
        if (evs.length < 300_000) d.push(c);
      });
      return evs;
    },
    run(evs) {
      let alerts = 0;
      const det = new Detector({ rules: loadDefaultRules(), profile: profile(), onAlert: () => void alerts++ });
      const r = loop((i) => det.event(evs[i % evs.length]), { warm: 0, batch: evs.length, minSec: 2 });
      return {
        n: r.ops,
        unit: 'events',
        bytes: 0,
        seconds: r.seconds,
        cpuSeconds: r.cpuSeconds,
        extra: { alerts, candidatesPerEvent: +(det.stats.candidates / r.ops).toFixed(2) },
      };
    },
  },
  {
    name: 'rss/scan-2GB (Scanner over a 2 GB capture, streaming)',
    big: true,
    run(ctx) {
      let maxRss = 0;
      let pushes = 0;
      const { result, alerts } = scanFile(ctx.bigFile, ctx.profile, () => {
        if ((++pushes & 63) === 0) maxRss = Math.max(maxRss, process.memoryUsage.rss());
      });
      return { ...result, extra: { alerts, sampledRssMB: Math.round(maxRss / 2 ** 20), fileMB: Math.round(statSync(ctx.bigFile).size / 1e6) } };
    },
  },
  {
    name: 'rss/cli-scan-2GB (sigwatch scan over a 2 GB capture, summary output)',
    big: true,
    run(ctx) {
      // As a user runs it: a child process (cli/main.ts tunes V8's heap before its modules load,
      // which this process could not: it loaded them already), summary to /dev/null; CPU and peak
      // RSS from bench/lib/rusage.mjs preloaded into the child.
      const args = ['--import', RUSAGE, CLI, 'scan', ctx.bigFile, ...(ctxProfile ? ['--profile', ctxProfile] : [])];
      const t0 = process.hrtime.bigint();
      const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
      const s = seconds(t0);
      const usage = /BENCH-RUSAGE (\{.*\})/.exec(r.stderr);
      if (r.status !== 0 || usage === null) throw new Error(`sigwatch scan failed (${r.status}): ${r.stderr}`);
      const u = JSON.parse(usage[1]);
      const bytes = statSync(ctx.bigFile).size;
      return {
        n: bytes,
        unit: 'bytes',
        bytes,
        seconds: s,
        cpuSeconds: u.user + u.system,
        rssPeakMB: u.maxRssMB,
        extra: { exitCode: r.status, fileMB: Math.round(bytes / 1e6) },
      };
    },
  },
];
