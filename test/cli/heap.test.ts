import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI_SEMI_SPACE_MB, cliHeapPlan, growthFactor } from '../../src/cli/heap.js';

/** process.versions.v8 of Node 20.20 (the V8 the steering was measured on). */
const V8_NODE20 = '11.3.244.8-node.33';
import { REPO_ROOT } from '../support/corpus.js';
import { buildOnce } from './run-cli.js';

const MB = 2 ** 20;

describe('CLI heap plan', () => {
  it('caps the old-generation growth unless node was given its own --heap-growing-percent', () => {
    expect(cliHeapPlan(['--heap-growing-percent=50']).growingPercent).toBeUndefined();
    expect(cliHeapPlan(['--heap_growing_percent=30']).growingPercent).toBeUndefined();
    expect(cliHeapPlan([], '--max-old-space-size=512  --heap-growing-percent=80').growingPercent).toBeUndefined();
    expect(cliHeapPlan(['--max-old-space-size=512'], '--trace-gc').growingPercent).toBe(100);
  });

  it('holds the semi-spaces to the target unless node was given a semi-space flag (command line or NODE_OPTIONS)', () => {
    expect(cliHeapPlan([], '', V8_NODE20).semiSpaceBytes).toBe(CLI_SEMI_SPACE_MB * MB);
    expect(cliHeapPlan(['--heap-growing-percent=50'], '', V8_NODE20).semiSpaceBytes).toBe(CLI_SEMI_SPACE_MB * MB);
    for (const f of ['--max-semi-space-size=16', '--max_semi_space_size=2', '--min-semi-space-size=8', '--semi-space-growth-factor=4']) {
      expect(cliHeapPlan([f], '', V8_NODE20).semiSpaceBytes, f).toBeUndefined();
      expect(cliHeapPlan(['--enable-source-maps'], `--trace-gc ${f}`, V8_NODE20).semiSpaceBytes, f).toBeUndefined();
    }
    // A longer flag that merely starts the same is someone else's.
    expect(cliHeapPlan(['--max-semi-space-size-x=1'], '', V8_NODE20).semiSpaceBytes).toBe(CLI_SEMI_SPACE_MB * MB);
  });

  it('leaves the young generation to V8 on a V8 it was not measured on (the growth-factor flag may be gone)', () => {
    expect(cliHeapPlan([], '', '12.4.254.21-node.33').semiSpaceBytes).toBeUndefined();
    expect(cliHeapPlan([], '', '13.6.233.10-node.18').semiSpaceBytes).toBeUndefined();
    expect(cliHeapPlan([], '', '13.6.233.10-node.18').growingPercent).toBe(100);
  });

  it('one growth step lands on the target, never above it, whatever the page rounding', () => {
    const page = 256 * 1024;
    // V8 reports a semi-space's allocatable bytes: ~1.7 % below its pages' total.
    const reported = (bytes: number): number => bytes * 0.983;
    for (let pages = 1; pages <= 64; pages++) {
      const f = growthFactor(reported(pages * page), 4 * MB);
      expect(f).toBeGreaterThanOrEqual(1);
      if (pages * page < 4 * MB) expect(pages * page * f, `${pages} pages`).toBeLessThanOrEqual(4 * MB);
      if (pages * page * 2 <= 4 * MB) expect(f, `${pages} pages`).toBeGreaterThanOrEqual(2);
    }
    expect(growthFactor(reported(MB), 4 * MB)).toBe(4);
    expect(growthFactor(reported(2 * MB), 4 * MB)).toBe(2);
    expect(growthFactor(reported(4 * MB), 4 * MB)).toBe(1);
    expect(growthFactor(reported(16 * MB), 4 * MB)).toBe(1);
  });
});

/**
 * A child node process: optionally tuned as the CLI does (cli/main.ts, then a command: surviving
 * objects while "loading", then the cap), then a synchronous burst of survivors and 150 batches of
 * allocation with survivors, the event loop turning between batches as the scan loop's reads make
 * it. Prints the largest semi-space seen (MB).
 */
function semiSpaceRun(tune: boolean, env: NodeJS.ProcessEnv = {}): { max: number; atStart: number; final: number } {
  const heap = pathToFileURL(join(REPO_ROOT, 'dist', 'cli', 'heap.js')).href;
  const script = `
    import { getHeapSpaceStatistics } from 'node:v8';
    const semi = () => { const s = getHeapSpaceStatistics().find((x) => x.space_name === 'new_space'); return (s.space_used_size + s.space_available_size) / 2 ** 20; };
    let keep = [];
    const churn = (n) => { for (let i = 0; i < n; i++) { keep.push({ i, s: 'x' + i }); if (keep.length > 60000) keep = []; } };
    const h = ${tune} ? await import(${JSON.stringify(heap)}) : undefined;
    h?.startCliHeap();
    churn(400000);
    const atStart = semi();
    h?.capYoungGeneration();
    let max = atStart;
    // A synchronous stretch keeping ~10 MB alive (decode holds a capture chunk's events so): no GC
    // observer runs in it.
    let burst = [];
    for (let i = 0; i < 600000; i++) {
      burst.push({ i, s: 'y' + i });
      if (burst.length > 200000) burst = [];
      if ((i & 4095) === 0) max = Math.max(max, semi());
    }
    burst = [];
    for (let b = 0; b < 150; b++) {
      churn(20000);
      max = Math.max(max, semi());
      await new Promise((r) => setImmediate(r));
    }
    console.log(JSON.stringify({ max, atStart, final: semi() }));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '', ...env } });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as { max: number; atStart: number; final: number };
}

// The steering runs only on the V8 it was measured on (cli/heap.ts STEERED_V8_MAJORS): elsewhere
// this block is reported as skipped, and the plan test above checks that V8 is left alone.
const STEERED = cliHeapPlan([], '').semiSpaceBytes !== undefined;

describe.skipIf(!STEERED)('CLI young generation in a node process (V8 reads --semi-space-growth-factor at every growth step)', () => {
  beforeAll(buildOnce, 180_000);

  it("untuned, the same work grows V8's semi-spaces past the CLI's target (so the next test can fail)", () => {
    expect(semiSpaceRun(false).max).toBeGreaterThan(CLI_SEMI_SPACE_MB);
  });

  it('tuned: no growth while modules load, then up to the target and never above it, also through a synchronous burst', () => {
    const r = semiSpaceRun(true);
    expect(r.atStart).toBeLessThanOrEqual(1);
    expect(r.max).toBeLessThanOrEqual(CLI_SEMI_SPACE_MB);
    expect(r.final).toBeGreaterThan(CLI_SEMI_SPACE_MB * 0.9);
  });

  it("a user's own semi-space flag wins (NODE_OPTIONS)", () => {
    const r = semiSpaceRun(true, { NODE_OPTIONS: '--max-semi-space-size=8' });
    expect(r.max).toBeGreaterThan(CLI_SEMI_SPACE_MB);
    expect(r.max).toBeLessThanOrEqual(8);
  });
});
