import { test } from 'vitest';
import { Decoder } from '../../src/api/decoder.js';
import { CAPTURES } from '../../bench/generator/scenarios.js';
import { generateInMemory } from '../../bench/generator/generate.js';
import type { SignallingEvent } from '../../src/events/types.js';
import { writeFileSync } from 'node:fs';

test('smoke', () => {
  for (const spec of CAPTURES) {
    const { capture, truth } = generateInMemory(spec, { seed: 1 });
    writeFileSync(`/tmp/${spec.name}.${spec.format}`, capture);
    const evs: SignallingEvent[] = [];
    const anomalies: string[] = [];
    const d = new Decoder({ onEvent: (e) => evs.push(e), onAnomaly: (a) => anomalies.push(a.code + ' ' + a.detail) });
    d.push(capture);
    d.end();
    console.log(spec.name, capture.length, 'truth', truth.length, 'events', evs.length, 'anoms', anomalies.slice(0, 5));
    const key = (f: number, i: number) => `${f}/${i}`;
    const byKey = new Map(evs.map((e) => [key(e.frame, e.index), e]));
    let bad = 0;
    for (const t of truth) {
      const e = byKey.get(key(t.frame, t.index));
      const op = e === undefined ? undefined : e.protocol === 'diameter' ? e.diameter.cmdAbbrev : e.component?.op;
      const sub = e?.subscriber;
      if (op !== t.operation || JSON.stringify(sub) !== JSON.stringify(t.subscriber)) {
        if (bad++ < 6) console.log('MISMATCH', JSON.stringify(t), op, JSON.stringify(sub));
      }
    }
    console.log('bad', bad);
  }
});
