/** The anomaly registry: every code typed, rules checked against it, README generated from it. */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ANOMALY_CODES, isAnomalyCode } from '../../src/core/anomaly-codes.js';
import { SigwatchError } from '../../src/core/errors.js';
import { Detector } from '../../src/detect/engine.js';
import { parseRule } from '../../src/detect/rule-loader.js';
import { profile } from '../detect/fixture.js';
import { anomalyReadmeSection, withAnomalySection } from '../support/anomaly-readme.js';

const rule = (sel: string) =>
  parseRule(
    [
      'id: anomaly-rule',
      'rev: 1',
      'title: t',
      'level: low',
      'scope: { protocol: [map, diameter] }',
      'detection:',
      `  sel: { ${sel} }`,
      '  condition: sel',
    ].join('\n'),
    'rules/anomaly-rule.yaml',
  );
const load = (sel: string) => () => new Detector({ rules: [rule(sel)], profile: profile(), onAlert: () => undefined });

describe('anomaly code registry', () => {
  it('every code is layer.problem with its layer and a one-line meaning', () => {
    for (const [code, info] of Object.entries(ANOMALY_CODES)) {
      expect(code, code).toMatch(/^[a-z0-9]+(\.[a-z0-9]+(-[a-z0-9]+)*)+$/);
      expect(code.split('.')[0], code).toBe(info.layer);
      expect(info.meaning, code).toMatch(/^[A-Z].*\.$/);
      expect(info.meaning, code).not.toContain('\n');
    }
    expect(isAnomalyCode('link.truncated')).toBe(true);
    expect(isAnomalyCode('link.nope')).toBe(false);
    expect(isAnomalyCode('toString')).toBe(false);
  });

  it('rules matching anomalies.code are checked at load, with file, line, path and a suggestion', () => {
    expect(load("'anomalies.code': sctp.reassembly-limit")).not.toThrow();
    expect(load("'anomalies.code|startswith': 'sctp.'")).not.toThrow();
    expect(load("'anomalies.code|contains': [evicted, truncated]")).not.toThrow();
    let err: unknown;
    try {
      load("'anomalies.code': [ber.truncated, sctp.reasembly-limit]")();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SigwatchError);
    const e = err as SigwatchError;
    expect(e.code).toBe('ERR_BAD_RULE');
    expect(e.message).toMatch(/no anomaly code is "sctp.reasembly-limit".*did you mean "sctp.reassembly-limit"\?/);
    expect(e.file).toBe('rules/anomaly-rule.yaml');
    expect(e.line).toBe(7);
    expect(e.path).toContain('anomalies.code');
    expect(load("'anomalies.code|startswith': 'sctpx.'")).toThrow(/no anomaly code startswith "sctpx."/);
    expect(load("'anomalies.code|endswith': '-limitz'")).toThrow(/no anomaly code endswith "-limitz"/);
  });

  it("code names a registered code through its layer's table, not as a literal (tcap-decoder.ts wrote four)", () => {
    // A literal escapes the table the README and the rule checks are read against; counters share
    // some names (tcp.urgent-data) and are not anomalies.
    const src = new URL('../../src/', import.meta.url);
    const files = (readdirSync(src, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts') && f !== 'core/anomaly-codes.ts');
    const literals: string[] = [];
    for (const f of files) {
      let inTable = false;
      readFileSync(new URL(f, src), 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (/=\s*\{\s*$/.test(line)) inTable = true;
          if (!inTable && !/counters?\??\.(inc|slot|add)\(/.test(line)) {
            for (const code of Object.keys(ANOMALY_CODES)) if (line.includes(`'${code}'`)) literals.push(`${f}:${i + 1} ${code}`);
          }
          if (/^\}/.test(line)) inTable = false;
        });
    }
    expect(literals).toEqual([]);
  });

  it('README lists every code with its meaning (regenerate: UPDATE_README=1 npx vitest run --config test/vitest.config.ts test/core/anomaly-codes.test.ts)', () => {
    const url = new URL('../../README.md', import.meta.url);
    const readme = readFileSync(url, 'utf8');
    if (process.env.UPDATE_README === '1') writeFileSync(url, withAnomalySection(readme));
    expect(readFileSync(url, 'utf8')).toContain(anomalyReadmeSection());
  });
});
