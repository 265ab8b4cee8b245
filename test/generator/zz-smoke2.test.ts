import { test } from 'vitest';
import { Decoder } from '../../src/api/decoder.js';
import { Detector, loadRules, loadProfile } from '../../src/detect/index.js';
import { CAPTURES } from '../../bench/generator/scenarios.js';
import { generateInMemory } from '../../bench/generator/generate.js';
import { profileYaml } from '../../bench/generator/profile.js';
import { parse } from 'yaml';

test('smoke detect', () => {
  for (const spec of CAPTURES) {
    const { capture, truth } = generateInMemory(spec, { seed: 1 });
    const alerts: string[] = [];
    const det = new Detector({ rules: loadRules('rules'), profile: loadProfile(parse(profileYaml(spec.name, spec.watchChina))), onAlert: (a) => alerts.push(`${a.frame}/${a.index}/${a.rule}`) });
    const d = new Decoder({ onEvent: (e) => det.event(e) });
    d.push(capture);
    d.end();
    const want = truth.flatMap((t) => t.rules.map((r) => `${t.frame}/${t.index}/${r}`));
    const got = new Set(alerts);
    const w = new Set(want);
    console.log(spec.name, 'missed', want.filter((x) => !got.has(x)).map((x) => x + ' ' + truth.find((t) => `${t.frame}/${t.index}` === x.split('/').slice(0, 2).join('/'))?.scenario), 'extra', alerts.filter((x) => !w.has(x)).map((x) => x + ' ' + truth.find((t) => `${t.frame}/${t.index}` === x.split('/').slice(0, 2).join('/'))?.scenario));
  }
});
