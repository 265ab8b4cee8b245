/**
 * Issue 15 acceptance: the detector scored against the generator's labelled scenarios (the
 * committed pcaps/ and a 20 k-message mixed capture), every alert class at precision ≥ 0.99 and
 * recall ≥ 0.99, the origin country right on every alert, no alert on a legitimate message.
 * The table is printed (the closing note of issue 15 quotes it).
 */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { generateInMemory } from '../../bench/generator/generate.js';
import { CAPTURES, MIXED } from '../../bench/generator/scenarios.js';
import type { TruthLine } from '../../bench/generator/truth.js';
import { checkTruth, type TruthCheck } from '../pcaps/check.js';
import { SHIPPED_RULE_IDS } from '../support/rules.js';

const MIN = 0.99;

/**
 * Shipped rules the generator's scenarios have no traffic for (scored by their own tests):
 * ss-operation-from-outside and ss-operation-from-partner (test/detect/ss-operation.test.ts) —
 * SS/USSD traffic in the generator would change the committed pcaps and the benchmark captures.
 */
const UNLABELLED: readonly string[] = ['ss-operation-from-outside', 'ss-operation-from-partner'];

it('every alert class: precision and recall ≥ 0.99, origin country right, no alert on legitimate traffic', () => {
  const runs: { name: string; r: TruthCheck; messages: number }[] = [];
  for (const spec of CAPTURES) {
    const capture = new Uint8Array(readFileSync(`pcaps/${spec.name}.${spec.format}`));
    const truth = readFileSync(`pcaps/${spec.name}.truth.jsonl`, 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as TruthLine);
    const profile = spec.withoutProfile === true ? false : `pcaps/${spec.name}.profile.yaml`;
    runs.push({ name: spec.name, r: checkTruth(capture, truth, { name: spec.name, watchChina: spec.watchChina, profile }), messages: truth.length });
  }
  const mixed = generateInMemory(MIXED, { seed: 11, messages: 20_000 });
  runs.push({
    name: 'mixed (seed 11, 20 k)',
    r: checkTruth(mixed.capture, mixed.truth, { name: MIXED.name, watchChina: MIXED.watchChina }),
    messages: mixed.truth.length,
  });

  const total: Record<string, { tp: number; fp: number; fn: number }> = {};
  for (const { r } of runs) {
    for (const [rule, s] of Object.entries(r.perRule)) {
      const t = (total[rule] ??= { tp: 0, fp: 0, fn: 0 });
      t.tp += s.tp;
      t.fp += s.fp;
      t.fn += s.fn;
    }
  }
  const rows = Object.entries(total).sort(([a], [b]) => a.localeCompare(b));
  const lines = rows.map(([rule, s]) => {
    const p = s.tp + s.fp === 0 ? 1 : s.tp / (s.tp + s.fp);
    const rc = s.tp + s.fn === 0 ? 1 : s.tp / (s.tp + s.fn);
    return `${rule.padEnd(26)} tp ${String(s.tp).padStart(4)} fp ${String(s.fp).padStart(3)} fn ${String(s.fn).padStart(3)}  precision ${p.toFixed(3)} recall ${rc.toFixed(3)}`;
  });
  const messages = runs.reduce((n, x) => n + x.messages, 0);
  console.log(`scenario score over ${runs.length} captures, ${messages} messages:\n${lines.join('\n')}`);

  // Every class the scenarios label is present and scored.
  expect(rows.map(([r]) => r)).toEqual(expect.arrayContaining(SHIPPED_RULE_IDS.filter((r) => !UNLABELLED.includes(r))));
  for (const [rule, s] of rows) {
    expect(s.tp / (s.tp + s.fp), `${rule} precision`).toBeGreaterThanOrEqual(MIN);
    expect(s.tp / (s.tp + s.fn), `${rule} recall`).toBeGreaterThanOrEqual(MIN);
  }
  for (const { name, r } of runs) {
    expect(r.decodeMismatches, name).toEqual([]);
    expect(r.countryMismatches, name).toEqual([]);
    expect(r.onLegitimate, name).toEqual([]);
  }
}, 60_000);
