// The library Scanner over a whole capture, as the end-to-end cases (e2e.mjs) and the alert-flood
// case (alerts.mjs) time it: one Scanner with the capture's profile, the file pushed in 1 MiB
// readSync chunks, wall and CPU seconds of the push loop.
import { Scanner } from '../../dist/api/scanner.js';
import { loadProfile } from '../../dist/detect/profile.js';
import { PROFILE } from './fixtures.mjs';
import { cpuSince, readFileChunks, seconds } from './measure.mjs';

/** Signalling messages (TCAP messages + Diameter messages) in a Decoder's or Scanner's stats. */
export function messagesOf(st) {
  return (st['tcap.messages'] ?? 0) + (st['diameter.messages'] ?? 0);
}

/**
 * Scans `file` (the profile at path `profile`; the synthetic capture's PROFILE without one);
 * `afterPush()` runs after every chunk. Returns the case's `result` fields, the alert count and
 * the detector's stats.
 */
export function scanFile(file, profile, afterPush) {
  let alerts = 0;
  const sc = new Scanner({ profile: loadProfile(profile ?? PROFILE), onAlert: () => void alerts++ });
  sc.beginSource(file);
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const bytes = readFileChunks(
    file,
    afterPush === undefined
      ? (c) => sc.push(c)
      : (c) => {
          sc.push(c);
          afterPush();
        },
  );
  sc.end();
  const s = seconds(t0);
  const cpu = cpuSince(c0);
  return {
    result: { n: messagesOf(sc.decodeStats), unit: 'messages', bytes, seconds: s, cpuSeconds: cpu },
    alerts,
    detector: sc.detectorInstance.stats,
  };
}

/** A named case: {@link scanFile} over the case's capture (`capture: 'flood'`: the alert flood; else the routine mix). */
export function scannerCase(name, capture) {
  return {
    name,
    ...(capture === undefined ? {} : { capture }),
    refs: true,
    run(ctx) {
      const { result, alerts, detector } = scanFile(ctx.file, ctx.profile);
      return { ...result, extra: { events: detector.events, alerts, byRule: detector.byRule, subscribers: detector.subscribers } };
    },
  };
}
