/**
 * The mutation fuzzer, time-boxed for CI: every target for a short, seeded run (the long run is
 * `npm run fuzz -- --seconds N`). Any crash fails the test with its signature, and the minimised
 * input is printed as hex so it can be checked in under test/fuzz/corpus/.
 */
import { describe, expect, it } from 'vitest';
import { fuzz, minimise } from './engine.js';
import { TARGETS } from './targets.js';

/** Per target; 10 targets ≈ 8 s in all. */
const MS = Number(process.env.SIGWATCH_FUZZ_MS ?? 800);
const SEED = Number(process.env.SIGWATCH_FUZZ_SEED ?? 0x51c4a7);

describe('mutation fuzzer (time-boxed)', () => {
  for (const [i, t] of TARGETS.entries()) {
    it(`${t.name}: no crash, no broken invariant`, () => {
      const r = fuzz(t, { ms: MS, seed: (SEED + i) >>> 0 });
      const report = r.crashes.map(
        (c) => `${c.signature}\n  input (minimised, hex): ${Buffer.from(minimise(t, c.input, c.r, 2000)).toString('hex')}\n  r=${c.r}`,
      );
      expect(report).toEqual([]);
      expect(r.inputs).toBeGreaterThan(t.seeds().length);
    });
  }
});
