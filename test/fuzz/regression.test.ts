/**
 * Replays every minimised crasher in test/fuzz/corpus through its fuzz target (named by the file
 * prefix) with several `r` values: each once broke an invariant, so each must now pass.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { attempt } from './engine.js';
import { targetByName } from './targets.js';

const DIR = fileURLToPath(new URL('./corpus/', import.meta.url));
const FILES = readdirSync(DIR)
  .filter((f) => f.endsWith('.bin'))
  .sort();

describe('fuzz regression corpus', () => {
  it('has crashers to replay', () => {
    expect(FILES.length).toBeGreaterThan(0);
  });
  for (const f of FILES) {
    it(f, () => {
      const target = targetByName(f.slice(0, f.indexOf('-')));
      const bytes = new Uint8Array(readFileSync(DIR + f));
      // r picks offsets, chunk sizes and small/default limits: cover each branch.
      for (const r of [0, 1, 2, 3, 5, 6, 7, 97, 4_294_967_295]) {
        const e = attempt(target, bytes, r);
        expect(e, `r=${r}: ${String(e)}`).toBeUndefined();
      }
    });
  }
});
