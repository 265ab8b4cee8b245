/**
 * Heap measurement for the hostile-flow tests: exposes V8's gc() in-process (the flag can be
 * set at run time; `vm.runInNewContext('gc')` then returns the function), so `npm test` needs no
 * `--expose-gc`. Memory is read after a full collection, so it is the live set, not garbage.
 */
import v8 from 'node:v8';
import vm from 'node:vm';

v8.setFlagsFromString('--expose-gc');
// A freed ArrayBuffer's backing store leaves `arrayBuffers` when V8's sweeper gets to it, on a
// background thread by default: on a loaded machine a reading right after gc() still counted a
// freed 5 MiB batch of test records (CI: +4.96 MB "kept" by a flow that keeps nothing).
v8.setFlagsFromString('--no-concurrent-array-buffer-sweeping');
const gc = vm.runInNewContext('gc') as () => void;

export interface HeapTrace {
  /** Live heap before the flow (bytes). */
  baseline: number;
  /** Largest live heap growth over the baseline seen at a sample point (bytes). */
  peakGrowth: number;
  /**
   * Largest growth over the first sample point (bytes): what the traffic after the first sample
   * kept. Leaves out what is allocated once on first use (the flow's current batch of test
   * records, bytecode and feedback of functions run for the first time, lazily made tables),
   * which a loaded CI machine measured at up to 11.6 MB where a quiet one measures 6.3 MB.
   */
  growthAfterFirst: number;
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
  let first = -1;
  let afterFirst = 0;
  let samples = 0;
  const at = (): void => {
    const live = liveHeap();
    if (first < 0) first = live;
    peak = Math.max(peak, live - baseline);
    afterFirst = Math.max(afterFirst, live - first);
  };
  feed(() => {
    samples++;
    at();
  });
  at();
  return { baseline, peakGrowth: peak, growthAfterFirst: afterFirst, samples };
}

export const MiB = 1024 * 1024;
