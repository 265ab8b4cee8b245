/**
 * The big hostile-flow variant, run by hand (minutes, GBs at default limits):
 *
 *   npx tsc -p bench/tsconfig.json && node build/tools/test/fuzz/hostile-big.js [N] [FLOW...]
 *
 * Feeds N frames (default 2 000 000) of each flood through the whole pipeline with the default
 * limits (or --small: the CI limits) and prints the peak live-heap growth, the largest table
 * sizes and the time. Flows: sctp-frag, ip-frag, begin, diameter16m, xudt.
 */
import { Decoder, type DecoderTableSizes } from '../../src/api/decoder.js';
import { beginFlood, diameterHugeLengths, neverEndingIpFragments, neverEndingSctpFragments, pcapHeader, xudtSegmentFlood } from './hostile.js';
import { traceHeap, MiB } from './memory.js';

const FLOWS: Record<string, (n: number) => Iterable<Uint8Array>> = {
  'sctp-frag': (n) => neverEndingSctpFragments(n, 200),
  'ip-frag': (n) => neverEndingIpFragments(n, 256),
  begin: (n) => beginFlood(n),
  diameter16m: (n) => diameterHugeLengths(n, 1200, true),
  xudt: (n) => xudtSegmentFlood(n),
};

const args = process.argv.slice(2);
const n = Number(args.find((a) => /^\d+$/.test(a)) ?? 2_000_000);
const names = args.filter((a) => a in FLOWS);
for (const name of names.length > 0 ? names : Object.keys(FLOWS)) {
  const d = new Decoder({ onEvent: () => undefined });
  let peak: Partial<DecoderTableSizes> = {};
  const t0 = Date.now();
  const heap = traceHeap((sample) => {
    d.push(pcapHeader());
    let batches = 0;
    for (const b of FLOWS[name]!(n)) {
      d.push(b);
      if (++batches % 32 === 0) {
        const t = d.tables;
        peak = Object.fromEntries(Object.entries(t).map(([k, v]) => [k, Math.max(v, (peak as Record<string, number>)[k] ?? 0)]));
        sample();
      }
    }
    d.end();
  });
  const nonZero = Object.entries(peak)
    .filter(([, v]) => v > 0)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  console.log(
    `${name.padEnd(12)} ${n} frames  ${((Date.now() - t0) / 1000).toFixed(1)} s  peak live heap +${(heap.peakGrowth / MiB).toFixed(1)} MiB  ${nonZero}`,
  );
}
