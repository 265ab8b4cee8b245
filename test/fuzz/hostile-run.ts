/**
 * Shared driver of the hostile-flow tests: feeds a flood through the whole pipeline (and the
 * detector, with the shipped rules and the example profile), interleaving a legitimate attack
 * message (a PSI for a home subscriber) every `every` batches, samples the live heap, and
 * returns what a test needs to assert: the memory bound held, the limits were reported, and the
 * legitimate messages were still decoded and detected.
 */
import { fileURLToPath } from 'node:url';
import { Decoder, type DecoderTableSizes } from '../../src/api/decoder.js';
import type { Limits } from '../../src/core/limits.js';
import { Detector, loadProfile, loadRules } from '../../src/detect/index.js';
import { pcapHeader, psiRecord, T0 } from './hostile.js';
import { traceHeap, type HeapTrace } from './memory.js';

const RULES = fileURLToPath(new URL('../../rules', import.meta.url));
const PROFILE = fileURLToPath(new URL('../../rules/profiles/example.yaml', import.meta.url));

export interface HostileResult {
  heap: HeapTrace;
  stats: Record<string, number>;
  anomalies: Map<string, number>;
  peak: DecoderTableSizes;
  /** Events decoded from the interleaved PSI messages, and alerts raised on them. */
  psiSent: number;
  psiEvents: number;
  psiAlerts: number;
  events: number;
  ms: number;
}

export function hostileRun(flow: Iterable<Uint8Array>, opts: { limits: Partial<Limits>; every?: number; detect?: boolean }): HostileResult {
  const every = opts.every ?? 8;
  const anomalies = new Map<string, number>();
  const psiFrames = new Set<number>();
  let psiEvents = 0;
  let psiAlerts = 0;
  let events = 0;
  const det =
    opts.detect === false
      ? undefined
      : new Detector({
          rules: loadRules(RULES),
          profile: loadProfile(PROFILE),
          limits: opts.limits,
          onAlert: (a) => {
            if (psiFrames.has(a.frame)) psiAlerts++;
          },
        });
  let frames = 0;
  const d = new Decoder({
    limits: opts.limits,
    onAnomaly: (a) => void anomalies.set(a.code, (anomalies.get(a.code) ?? 0) + 1),
    onEvent: (ev) => {
      events++;
      if (psiFrames.has(ev.frame) && ev.protocol === 'map' && ev.component?.opcode === 70) psiEvents++;
      det?.event(ev);
    },
  });
  let peak: DecoderTableSizes = d.tables;
  const t0 = Date.now();
  let psiSent = 0;
  const heap = traceHeap((sample) => {
    d.push(pcapHeader());
    let batches = 0;
    for (const b of flow) {
      d.push(b);
      frames = d.stats['capture.frames'] ?? 0;
      batches++;
      if (batches % every === 0) {
        psiFrames.add(frames + 1);
        d.push(psiRecord(T0 + frames * 0.001, psiSent));
        psiSent++;
        const t = d.tables;
        peak = Object.fromEntries(Object.entries(t).map(([k, v]) => [k, Math.max(v, peak[k as keyof DecoderTableSizes])])) as unknown as DecoderTableSizes;
        sample();
      }
    }
    d.end();
    det?.end();
  });
  const result = { heap, stats: d.stats, anomalies, peak, psiSent, psiEvents, psiAlerts, events, ms: Date.now() - t0 };
  // SIGWATCH_HOSTILE_LOG=1 prints the measured bound (for the issue notes).
  if (process.env.SIGWATCH_HOSTILE_LOG === '1') {
    const tables = Object.entries(peak)
      .filter(([, v]) => v > 0)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ');
    console.log(
      `hostile: ${result.ms} ms, peak live heap +${(heap.peakGrowth / 1048576).toFixed(1)} MiB (+${(heap.growthAfterFirst / 1048576).toFixed(1)} after the first sample), ${tables}, psi ${psiEvents}/${psiSent} decoded, ${psiAlerts} alerts`,
    );
  }
  return result;
}
