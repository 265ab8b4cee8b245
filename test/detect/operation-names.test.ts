/** Names in rules resolve through the protocol tables: every operation the decoder names, every dictionary command. */
import { describe, expect, it } from 'vitest';
import { compileScope } from '../../src/detect/compiler.js';
import { Detector } from '../../src/detect/engine.js';
import { parseRule } from '../../src/detect/rule-loader.js';
import type { Alert } from '../../src/detect/alert.js';
import { ALL_COMMANDS, DIAMETER_APP, DIAMETER_CMD, lookupCommand } from '../../src/diameter/dictionary/index.js';
import { MAP_OP, MAP_OPERATIONS, opName } from '../../src/ss7/map/operations.js';
import { mapInvoke } from '../support/events.js';
import { T0, profile } from './fixture.js';

const ops = (operations: (string | number)[]) => compileScope({ protocol: 'map', operations, messages: 'any' } as never, 'test').opcodes;
const cmds = (commands: (string | number)[]) => compileScope({ protocol: 'diameter', commands, messages: 'any' } as never, 'test').commands;

describe('rule scope names', () => {
  it('resolves every MAP operation name the decoder emits, in every AC version', () => {
    for (const [code, op] of Object.entries(MAP_OPERATIONS)) {
      for (const v of [1, 2, 3]) expect(ops([opName(Number(code), v)!]), `${op.name} v${v}`).toEqual([Number(code)]);
    }
    expect(ops(['activateTraceMode', 'forwardSM', 'mo-forwardSM'])).toEqual([50, 46, 46]);
  });

  it('rejects an unknown operation with a suggestion', () => {
    expect(() => ops(['activateTraceMod'])).toThrow(/unknown MAP operation "activateTraceMod"; did you mean "activateTraceMode"\?/);
    expect(() => ops(['zzzzzz'])).toThrow(/unknown MAP operation "zzzzzz"$/);
  });

  it('resolves every request and answer abbreviation of the dictionary to its application', () => {
    for (const c of ALL_COMMANDS) {
      for (const abbrev of [c.req, c.ans, c.req.toLowerCase()]) expect(cmds([abbrev]), abbrev).toContainEqual({ app: c.app ?? -1, cmd: c.code });
    }
    expect(cmds(['ULR', 'ula', 316])).toEqual([
      { app: DIAMETER_APP.s6a, cmd: 316 },
      { app: DIAMETER_APP.s6a, cmd: 316 },
      { app: -1, cmd: 316 },
    ]);
    // PUR is Purge-UE in S6a and Profile-Update in Sh: the name covers both.
    expect(cmds(['PUR'])).toEqual([
      { app: DIAMETER_APP.s6a, cmd: 321 },
      { app: DIAMETER_APP.sh, cmd: 307 },
    ]);
    expect(cmds(['CCR'])).toEqual([{ app: -1, cmd: 272 }]);
    expect(() => cmds(['ULX'])).toThrow(/unknown Diameter command "ULX"; did you mean "UL[RA]"\?/);
  });

  it('a rule naming activateTraceMode loads and fires on opcode 50', () => {
    const rule = parseRule(
      [
        'id: trace-mode',
        'rev: 1',
        'title: ActivateTraceMode seen',
        'level: low',
        'scope: { protocol: map, operations: [activateTraceMode] }',
        'detection:',
        '  sel: { component.opcode: activateTraceMode }',
        '  condition: sel',
      ].join('\n'),
    );
    const alerts: Alert[] = [];
    const det = new Detector({ rules: [rule], profile: profile(), onAlert: (a) => alerts.push(a) });
    det.event(mapInvoke({ op: MAP_OP.sendRoutingInfo, ts: T0 }));
    det.event(mapInvoke({ op: MAP_OP.activateTraceMode, ts: T0 + 1 }));
    expect(alerts.map((a) => [a.rule, (a.evidence as { component?: { opcode?: number } }).component?.opcode])).toEqual([['trace-mode', 50]]);
  });
});

describe('code tables agree with the dictionary', () => {
  it('every DIAMETER_CMD entry is the dictionary command of that abbreviation and application', () => {
    for (const [app, table] of Object.entries(DIAMETER_CMD)) {
      for (const [abbrev, code] of Object.entries(table)) {
        expect(lookupCommand(code)?.req, `${app}.${abbrev}`).toBe(abbrev);
        // SWx / Zh / T6a reuse Cx's and S6t's codes: the entry of that application, where one defines it.
        const defs = ALL_COMMANDS.filter((c) => c.code === code);
        if (defs.some((c) => c.app !== undefined)) {
          expect(
            defs.some((c) => c.req === abbrev && c.app === DIAMETER_APP[app as keyof typeof DIAMETER_APP]),
            `${app}.${abbrev}`,
          ).toBe(true);
        }
      }
    }
  });
});

describe('fast-tier AVP codes', () => {
  it('every FieldAvp code is the dictionary AVP of that name', async () => {
    const { FieldAvp } = await import('../../src/diameter/fields.js');
    const { avpByName } = await import('../../src/diameter/dictionary/index.js');
    for (const [key, code] of Object.entries(FieldAvp)) expect(avpByName(key.replace(/_/g, '-'))?.code, key).toBe(code);
  });
});
