/**
 * Heap measurement for the hostile-flow tests: exposes V8's gc() in-process (the flag can be
 * set at run time; `vm.runInNewContext('gc')` then returns the function), so `npm test` needs no
 * `--expose-gc`. Memory is read after a full collection, so it is the live set, not garbage.
 */
import v8 from 'node:v8';
import vm from 'node:vm';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

export interface HeapTrace {
  /** Live heap before the flow (bytes). */
  baseline: number;
  /** Largest live heap growth over the baseline seen at a sample point (bytes). */
  peakGrowth: number;
  samples: number;
}

/**
 * Live JS data + ArrayBuffer backing stores after a full GC. Buffers (reassembly copies) live
 * outside the V8 heap: heapUsed alone missed 4 MiB held by 16 TCP flows. Code spaces are left out:
 * they hold compiled code, whose size depends on when V8's concurrent tiering finishes (the full
 * suite on a loaded machine measured 11.8 MB where the same file alone stayed under 8 MiB), not
 * on what the decoder keeps.
 */
export function liveHeap(): number {
  gc();
  gc();
  let data = 0;
  for (const s of v8.getHeapSpaceStatistics()) if (!s.space_name.includes('code')) data += s.space_used_size;
  return data + process.memoryUsage().arrayBuffers;
}

/**
 * Runs `feed`, which calls `sample()` at points of its choosing (e.g. every N batches); returns
 * the peak growth of the live heap over the baseline taken before `feed`.
 */
export function traceHeap(feed: (sample: () => void) => void): HeapTrace {
  const baseline = liveHeap();
  let peak = 0;
  let samples = 0;
  feed(() => {
    samples++;
    peak = Math.max(peak, liveHeap() - baseline);
  });
  peak = Math.max(peak, liveHeap() - baseline);
  return { baseline, peakGrowth: peak, samples };
}

export const MiB = 1024 * 1024;
