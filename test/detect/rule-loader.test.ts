/** Rule files: precise errors (file, path, line) and the compiler's selection semantics. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ErrorCode, SigwatchError } from '../../src/core/errors.js';
import { compileRule } from '../../src/detect/compiler.js';
import { MatchContext } from '../../src/detect/context.js';
import { MsisdnNotation } from '../../src/detect/msisdn-notation.js';
import { Networks } from '../../src/detect/networks.js';
import { loadRules, parseRule } from '../../src/detect/rule-loader.js';
import { createAttributor } from '../../src/attribution/attributor.js';
import { SubscriberStore } from '../../src/state/subscribers.js';
import type { SignallingEvent } from '../../src/events/types.js';
import { MessageRecord } from '../../src/events/record.js';
import { mapInvoke, diameterEvent } from '../support/events.js';
import { SHIPPED_RULE_IDS } from '../support/rules.js';
import { RULES, profile } from './fixture.js';

const HEAD = 'id: test-rule\nrev: 1\ntitle: Test\nlevel: low\nscope:\n  protocol: [map, diameter]\n';

function caught(fn: () => unknown): SigwatchError {
  try {
    fn();
  } catch (e) {
    if (e instanceof SigwatchError) return e;
    throw e;
  }
  throw new Error('expected a SigwatchError');
}

function compileText(detection: string) {
  const p = profile();
  return compileRule(parseRule(`${HEAD}detection:\n${detection}`, 'test.yaml'), p);
}

describe('rule loading', () => {
  it('loads the shipped pack: fourteen rules with the stable ids (ARCHITECTURE.md §6, purge-ms-from-outside, ss-operation-from-outside, ss-operation-from-partner and registration-refused)', () => {
    expect(RULES.map((r) => r.id).sort()).toEqual([...SHIPPED_RULE_IDS]);
  });

  it('names file, path and line of an unknown field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sigwatch-rules-'));
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, `${HEAD}detection:\n  selection:\n    component.opcode: 22\n    args.vlrNumbr: "123"\n  condition: selection\n`);
    const e = caught(() => compileRule(loadRules(dir)[0]!, profile()));
    expect(e.code).toBe(ErrorCode.BAD_RULE);
    expect(e.file).toBe(file);
    expect(e.path).toBe('detection.selection.args.vlrNumbr');
    expect(e.line).toBe(10);
    expect(e.message).toContain('unknown field "args.vlrNumbr"');
  });

  it('reports schema errors with their path and line', () => {
    const e = caught(() => parseRule('id: x\nrev: 1\ntitle: t\nlevel: severe\nscope: {protocol: map}\ndetection: {s: {frame: 1}, condition: s}\n', 'r.yaml'));
    expect(e).toMatchObject({ code: ErrorCode.BAD_RULE, file: 'r.yaml', path: 'level', line: 4 });
  });

  it('reports a YAML syntax error with its line', () => {
    const e = caught(() => parseRule('id: x\nrev: [1\n', 'broken.yaml'));
    expect(e).toMatchObject({ code: ErrorCode.BAD_RULE, file: 'broken.yaml' });
    expect(e.line).toBeGreaterThanOrEqual(2);
  });

  it('rejects unknown predicates, modifiers, selections in the condition and thresholds', () => {
    expect(caught(() => compileText('  s: {origin_nowhere: [home]}\n  condition: s\n')).path).toBe('detection.s.origin_nowhere');
    expect(caught(() => compileText('  s: {component.opcode|regex: "2"}\n  condition: s\n')).message).toContain('unknown modifier "regex"');
    expect(caught(() => compileText('  s: {component.opcode|startswith: "2"}\n  condition: s\n')).message).toContain('needs a string field');
    expect(caught(() => compileText('  s: {component.opcode: 22}\n  condition: s and t\n')).path).toBe('detection.condition');
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a rule's threshold reference is written ${thresholds.NAME} (the rule YAML syntax).
    expect(caught(() => compileText('  s: {velocity_kmh_gt: "${thresholds.nope}"}\n  condition: s\n')).message).toContain('unknown threshold "nope"');
    expect(caught(() => compileText('  s: {origin_not_in: [visited, moon]}\n  condition: s\n')).message).toContain('unknown network set "moon"');
  });

  it('subscribers_from_origin: a count above the profile bound, or another window, could never match and is refused', () => {
    // The detector counts at most thresholds.auth_harvest.subscribers (10 by default) per origin, over its window (3600 s).
    expect(() => compileText('  s: {subscribers_from_origin: {count: 10}}\n  condition: s\n')).not.toThrow();
    expect(caught(() => compileText('  s: {subscribers_from_origin: {count: 20}}\n  condition: s\n')).message).toContain(
      "count 20 is above the profile's thresholds.auth_harvest.subscribers (10)",
    );
    expect(caught(() => compileText('  s: {subscribers_from_origin: {count: 5, window: 60}}\n  condition: s\n')).message).toContain(
      "the profile's thresholds.auth_harvest.window (3600 s)",
    );
  });

  it('rejects duplicate ids across files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sigwatch-rules-'));
    const body = `${HEAD}detection:\n  s: {frame: 1}\n  condition: s\n`;
    writeFileSync(join(dir, 'a.yaml'), body);
    writeFileSync(join(dir, 'b.yaml'), body);
    expect(caught(() => loadRules(dir)).message).toMatch(/duplicate rule id "test-rule"/);
  });
});

describe('selection semantics', () => {
  const p = profile();
  const attributor = createAttributor();
  const ctx = new MatchContext(
    new Networks(p, attributor),
    new SubscriberStore({ subscribers: 10, subscriberTtlSec: 10 }),
    p,
    attributor,
    new MsisdnNotation(undefined, []),
  );
  const test = (detection: string, ev: SignallingEvent): boolean => {
    ctx.reset(new MessageRecord().fromEvent(ev));
    ctx.beginRule();
    return compileText(detection).test(ctx);
  };
  const sri = mapInvoke({ op: 22, callingGt: '8613010000001', msisdn: '12025550100', args: { gmscAddress: '8613010000001' } });

  it('equals lists, names as opcode aliases, startswith, exists, null, numeric compare', () => {
    expect(test('  s: {component.opcode: [2, sendRoutingInfo]}\n  condition: s\n', sri)).toBe(true);
    expect(test('  s: {component.opcode: provideSubscriberLocation}\n  condition: s\n', sri)).toBe(false);
    expect(test('  s: {sccp.calling.gt|startswith: [44, 86]}\n  condition: s\n', sri)).toBe(true);
    expect(test('  s: {args.gmscAddress|exists: true, args.vlrNumber: null}\n  condition: s\n', sri)).toBe(true);
    expect(test('  s: {component.opcode|gt: 22}\n  condition: s\n', sri)).toBe(false);
    expect(test('  s: {component.opcode|lte: 22}\n  condition: s\n', sri)).toBe(true);
  });

  it('and / or / not / parentheses / 1 of / all of', () => {
    const d = '  a: {component.opcode: 22}\n  b: {component.opcode: 2}\n  c: {subscriber.msisdn|startswith: "1202"}\n';
    expect(test(`${d}  condition: a and not b\n`, sri)).toBe(true);
    expect(test(`${d}  condition: not (a or b)\n`, sri)).toBe(false);
    expect(test(`${d}  condition: 1 of them and not all of them\n`, sri)).toBe(true);
    expect(test(`${d}  condition: b or (a and c)\n`, sri)).toBe(true);
  });

  it('bitany on Diameter flags and list fields match any element', () => {
    const idr = diameterEvent({ app: 16777251, cmd: 319, args: { idrFlags: 16 }, routeRecord: ['a.example', 'b.example'] });
    expect(test('  s: {args.idrFlags|bitany: 24, diameter.cmd: IDR}\n  condition: s\n', idr)).toBe(true);
    expect(test('  s: {args.idrFlags|bitany: 7}\n  condition: s\n', idr)).toBe(false);
    expect(test('  s: {diameter.routeRecord: b.example}\n  condition: s\n', idr)).toBe(true);
  });
});
