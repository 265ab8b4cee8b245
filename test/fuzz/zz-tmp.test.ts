import { it } from 'vitest';
import { fuzz } from './engine.js';
import { targetByName } from './targets.js';
it('x', () => {
  for (const n of ['sctp', 'capture', 'tcap', 'diameter', 'm3ua']) {
    const r = fuzz(targetByName(n), { ms: 3000, seed: 0x51c4a7 + 3 });
    console.log(n, r.inputs, r.slowest.ms.toFixed(1), r.slowest.bytes, r.slowest.r);
  }
});
