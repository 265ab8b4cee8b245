/**
 * The committed labelled captures (pcaps/): regenerating gives the same bytes; the decoder finds
 * every truth message at its (frame, index) with its operation and subscriber; the detector with
 * the capture's profile raises exactly the expected alerts (precision = recall = 1); tshark
 * agrees on frames and operation codes; pcaps/README.md states the expected alert counts.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { generateInMemory } from '../../bench/generator/generate.js';
import { profileYaml } from '../../bench/generator/profile.js';
import { CAPTURES } from '../../bench/generator/scenarios.js';
import { expectedCounts, type TruthLine } from '../../bench/generator/truth.js';
import { checkTruth } from './check.js';

const TSHARK = ((): boolean => {
  try {
    execFileSync('tshark', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

const readme = readFileSync('pcaps/README.md', 'utf8');

/** "rule ×n, rule ×n" — the form pcaps/README.md uses. */
function countsText(truth: readonly TruthLine[]): string {
  const c = Object.entries(expectedCounts(truth));
  return c.length === 0 ? 'none' : c.map(([r, n]) => `${r} ×${n}`).join(', ');
}

describe.each(CAPTURES.map((c) => [c.name, c] as const))('%s', (name, spec) => {
  const file = `pcaps/${name}.${spec.format}`;
  const capture = new Uint8Array(readFileSync(file));
  const truthText = readFileSync(`pcaps/${name}.truth.jsonl`, 'utf8');
  const truth = truthText
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as TruthLine);

  test('regenerates byte-identically (capture, truth, profile)', () => {
    const again = generateInMemory(spec, { seed: 1 });
    expect(Buffer.from(again.capture).equals(Buffer.from(capture))).toBe(true);
    expect(again.truth.map((l) => JSON.stringify(l) + '\n').join('')).toBe(truthText);
    if (spec.withoutProfile === true) expect(existsSync(`pcaps/${name}.profile.yaml`)).toBe(false);
    else expect(readFileSync(`pcaps/${name}.profile.yaml`, 'utf8')).toBe(profileYaml(name, spec.watchChina));
  });

  test('decoder and detector agree with the truth (precision and recall 1.0)', () => {
    const r = checkTruth(capture, truth, { name, watchChina: spec.watchChina, profile: spec.withoutProfile === true ? false : `pcaps/${name}.profile.yaml` });
    expect(r.events).toBe(truth.length);
    expect(r.decodeMismatches).toEqual([]);
    expect(r.missed).toEqual([]);
    expect(r.unexpected).toEqual([]);
  });

  test('pcaps/README.md lists the capture, its command and its expected alerts', () => {
    const row = readme.split('\n').find((l) => l.startsWith(`| \`${name}`));
    expect(row, `no README row for ${name}`).toBeDefined();
    expect(row).toContain(`npm run pcaps -- --scenario ${name}`);
    expect(row).toContain(countsText(truth));
  });

  test.skipIf(!TSHARK)('tshark sees the same messages in the same frames (skipped without tshark)', () => {
    // SCTP reassembly is off by default in tshark 4.0: the fragmented XUDT needs it.
    const out = execFileSync(
      'tshark',
      [
        '-n',
        '-r',
        file,
        '-o',
        'sctp.reassembly:TRUE',
        '-T',
        'fields',
        '-E',
        'occurrence=a',
        '-e',
        'frame.number',
        '-e',
        'gsm_old.localValue',
        '-e',
        'gsm_map.old.Component',
        '-e',
        'diameter.cmd.code',
        '-e',
        'diameter.flags.request',
        '-Y',
        'gsm_map || diameter',
      ],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
    );
    const seen: string[] = [];
    for (const line of out.trim().split('\n')) {
      const [frame, ops, components, cmds, req] = line.split('\t');
      // A returnError's local value is its error code (Q.773 §4.2.2.1), not an operation code.
      const types = components ? components.split(',') : [];
      (ops ? ops.split(',') : []).forEach((op, i) => void seen.push(`${frame} map ${types[i] === '3' ? 'error' : op}`));
      const flags = req ? req.split(',') : [];
      (cmds ? cmds.split(',') : []).forEach(
        (c, i) => void seen.push(`${frame} diameter ${c} ${flags[i] === '1' || flags[i] === 'True' ? 'request' : 'answer'}`),
      );
    }
    const want = truth.map((t) =>
      t.protocol === 'map' ? `${t.frame} map ${t.kind === 'returnError' ? 'error' : t.code}` : `${t.frame} diameter ${t.code} ${t.kind}`,
    );
    expect(seen).toEqual(want);
  });
});

test('every committed capture is a generated one, and every generated one is committed', () => {
  const committed = readdirSync('pcaps').filter((f) => /\.pcap(ng)?(\.gz)?$/.test(f));
  expect(committed.sort()).toEqual(CAPTURES.map((c) => `${c.name}.${c.format}`).sort());
});
