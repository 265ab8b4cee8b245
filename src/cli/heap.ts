/**
 * The CLI owns its process, so it may tune V8's heap: the library never does (an embedder's
 * process is theirs). Two levers, both set from inside the process (bin/sigwatch.js and npm's
 * Windows .cmd shims run `node …/main.js` with no flags of ours):
 *
 * - Old generation: V8 lets it grow to ~4× the live set between mark-compacts when GC looks
 *   cheap. `--heap-growing-percent=100` caps that factor at 2; V8 reads it at every mark-compact,
 *   so setting it at startup works. Measured on the 674 MB capture: peak RSS 186 → 151 MB, CPU +3 %.
 * - Young generation: Node 20 lets each semi-space grow from 1 to 16 MB, and what a 16 MB
 *   semi-space holds between scavenges is promoted into the old generation in larger batches.
 *   `--max-semi-space-size` is read only when the heap is created (setFlagsFromString comes too
 *   late), but `--semi-space-growth-factor` is read at every growth step (new capacity = factor ×
 *   capacity, capped by the maximum: SemiSpaceNewSpace::Grow, V8 11.3 in Node 20). So the entry
 *   (cli/main.ts) sets the factor to 1 before the CLI's modules load (loading them grew the
 *   semi-spaces to 8 MB), and `scan` grows them to the target in one step
 *   ({@link capYoungGeneration}), after which the factor is 1 again; a PerformanceObserver on 'gc'
 *   entries steers a semi-space V8 shrank (idle) back the same way. `decode` gives the sizing back
 *   to V8 ({@link releaseYoungGeneration}): 4 MB semi-spaces cost it +25 % CPU for −17 MB (its
 *   events die young but come in bursts a 4 MB semi-space copies and promotes).
 *
 * Measured (bench/results-notes.md, section "cliheap"; 755 k captures, peak RSS, no CPU change
 * outside the noise of paired runs, `scan`): alert flood summary 234 → ~200 MB, flood `--jsonl` 243 →
 * ~211 MB (with the output buffers reused, report/json-bytes.ts), routine mix `--jsonl` 134 →
 * 110 MB. 2 MB semi-spaces or `--heap-growing-percent=75` take the flood 5–15 MB lower (under
 * 200 MB for both outputs) but cost ~5 % CPU on the flood and 25–40 % on `decode`; 8 MB keeps
 * ~20 MB more. The alternatives to steering the factor, measured: re-executing node with the
 * flag keeps a second node process waiting (44 MB RSS, 7 MB of it private) and adds a node start
 * (~40 ms) to every command; the scan in a worker_threads Worker with
 * `resourceLimits.maxYoungGenerationSizeMb` costs 8–12 MB more than this and proxies the
 * worker's stdout through the main thread.
 *
 * A value given to node (command line or NODE_OPTIONS) wins: `--heap-growing-percent` replaces
 * the first lever, any semi-space flag the second. `--workers N` threads share V8's flags, so the
 * scan command gives the growth factor back to V8 before it starts them ({@link releaseYoungGeneration}).
 */
import { PerformanceObserver } from 'node:perf_hooks';
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';

const CLI_HEAP_GROWING_PERCENT = 100;
/** Semi-space target of the CLI (MB); measured choice in bench/results-notes.md, section "cliheap". */
export const CLI_SEMI_SPACE_MB = 4;
/** V8's own `--semi-space-growth-factor` (flag-definitions.h), restored by {@link releaseYoungGeneration}. */
const V8_GROWTH_FACTOR = 2;

/** What the CLI tunes, given the flags node was started with. */
export interface CliHeapPlan {
  /** `--heap-growing-percent=N` to set, unless node was given one. */
  growingPercent?: number;
  /** Semi-space target in bytes, unless node was given a semi-space flag. */
  semiSpaceBytes?: number;
}

/** Whether `flags` (node's execArgv and NODE_OPTIONS words) name V8 flag `name` (`-` or `_`, `--no-` too). */
function given(flags: readonly string[], name: string): boolean {
  const re = new RegExp(`^--(no-)?${name.replace(/-/g, '[-_]')}(=|$)`);
  return flags.some((f) => re.test(f));
}

/**
 * V8 majors whose young-generation sizing the steering was measured on (Node 20.20: V8 11.3). A V8
 * without `--semi-space-growth-factor` prints "unrecognized flag" at every set, and another
 * growth policy could make the factor mean something else: elsewhere V8 keeps its own sizing.
 */
const STEERED_V8_MAJORS: readonly number[] = [11];

export function cliHeapPlan(execArgv: readonly string[], nodeOptions = '', v8Version = process.versions.v8): CliHeapPlan {
  const flags = [...execArgv, ...nodeOptions.split(/\s+/).filter(Boolean)];
  const semi =
    !STEERED_V8_MAJORS.includes(Number.parseInt(v8Version, 10)) ||
    ['max-semi-space-size', 'min-semi-space-size', 'semi-space-growth-factor'].some((n) => given(flags, n));
  return {
    ...(given(flags, 'heap-growing-percent') ? {} : { growingPercent: CLI_HEAP_GROWING_PERCENT }),
    ...(semi ? {} : { semiSpaceBytes: CLI_SEMI_SPACE_MB * 2 ** 20 }),
  };
}

/**
 * The growth factor that takes a semi-space of `capacity` bytes to at most `target` in one step
 * (1 = stay). `capacity` as V8 reports it (used + available: the pages' allocatable bytes, ~1.7 %
 * below the page total), so the quotient rounds to the page multiple V8 grows to.
 */
export function growthFactor(capacity: number, target: number): number {
  return Math.max(1, Math.floor(target / capacity));
}

/** One semi-space's allocatable bytes, or undefined when V8 reports no new space. */
function newSpaceCapacity(): number | undefined {
  for (const s of getHeapSpaceStatistics()) if (s.space_name === 'new_space') return s.space_used_size + s.space_available_size;
  return undefined;
}

let factor: number | undefined;
let observer: PerformanceObserver | undefined;
let target: number | undefined;

function setFactor(f: number): void {
  if (f === factor) return;
  setFlagsFromString(`--semi-space-growth-factor=${f}`);
  factor = f;
}

/** Sets the factor for the semi-space's current capacity; gives it back to V8 if that cannot be read. */
function steer(): void {
  if (target === undefined) return;
  const c = newSpaceCapacity();
  if (c === undefined || c <= 0) releaseYoungGeneration();
  else setFactor(growthFactor(c, target));
}

/**
 * First thing in the CLI's entry, before its modules load: caps the old generation's growth and
 * holds the young generation at its initial size. Returns the plan applied.
 */
export function startCliHeap(execArgv: readonly string[] = process.execArgv, nodeOptions = process.env.NODE_OPTIONS ?? ''): CliHeapPlan {
  const plan = cliHeapPlan(execArgv, nodeOptions);
  if (plan.growingPercent !== undefined) setFlagsFromString(`--heap-growing-percent=${plan.growingPercent}`);
  if (plan.semiSpaceBytes !== undefined) {
    target = plan.semiSpaceBytes;
    setFactor(1);
  }
  return plan;
}

/**
 * After the modules loaded: grows the semi-spaces to the target now, then holds them there. V8
 * grows them after a scavenge that saw more survive than their capacity, so a burst of objects
 * kept alive for two scavenges (~2 MB, ~3 ms) makes the one growth step while the factor is set
 * for it; from then on the factor is 1. Steering only after GCs (a PerformanceObserver) is not
 * enough: `decode` keeps a capture chunk's events alive (~5 MB) in one synchronous stretch, which
 * grew 4 → 16 MB before the observer ran. The observer stays, for a semi-space V8 shrank (idle).
 */
export function capYoungGeneration(): void {
  if (target === undefined || observer !== undefined) return;
  let c = newSpaceCapacity();
  if (c === undefined || c <= 0) {
    releaseYoungGeneration();
    return;
  }
  setFactor(growthFactor(c, target));
  const hold: number[][] = [];
  // ~160 B each; bounded at ~4× the target allocated: if V8 has not grown the space by then, steering takes over.
  for (let i = 0; factor! > 1 && i < target / 40; i++) {
    hold.push([i, i, i, i, i, i, i, i, i, i, i, i, i, i]);
    if ((i & 1023) === 1023) {
      c = newSpaceCapacity()!;
      if (growthFactor(c, target) === 1) setFactor(1);
    }
  }
  steer();
  observer = new PerformanceObserver(steer);
  observer.observe({ entryTypes: ['gc'] });
}

/** V8's own young-generation growth again (before starting worker threads: the flag is per process). */
export function releaseYoungGeneration(): void {
  observer?.disconnect();
  observer = undefined;
  if (target !== undefined) setFactor(V8_GROWTH_FACTOR);
  target = undefined;
}
