/**
 * rules/pack.json, the default pack as validated at build time (api/default-rules.ts): it must
 * match the YAML files, and a directory whose files differ from its pack loads as loadRules does.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_RULES_DIR, loadDefaultRules, loadRulePack, PACK_NAME, type PackedRule } from '../../src/api/default-rules.js';
import { compileRule } from '../../src/detect/compiler.js';
import { emptyProfile } from '../../src/detect/profile.js';
import { loadRules } from '../../src/detect/rule-loader.js';
import type { RuleDef } from '../../src/detect/rule-schema.js';

/** Every path of a JSON value, parents first. */
function paths(v: unknown, at: (string | number)[] = []): (string | number)[][] {
  const out = [at];
  if (Array.isArray(v)) for (const [i, x] of v.entries()) out.push(...paths(x, [...at, i]));
  else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) out.push(...paths(x, [...at, k]));
  return out;
}

/** What a caller sees of rules: their JSON (key order too), files, values and every line. */
function view(rules: RuleDef[]): unknown {
  return rules.map((r) => ({
    json: JSON.stringify(r),
    file: r.source?.file,
    value: r.source?.value,
    lines: paths(r.source?.value).map((p) => r.source?.lineOf([...p, 'missing'])),
  }));
}

let tmp: string | undefined;
afterEach(() => {
  if (tmp !== undefined) rmSync(tmp, { recursive: true, force: true });
  tmp = undefined;
});
const copy = (): string => {
  tmp = mkdtempSync(join(tmpdir(), 'sigwatch-pack-'));
  cpSync(DEFAULT_RULES_DIR, tmp, { recursive: true });
  return tmp;
};

describe('compiled default pack', () => {
  it('is what loadRules makes of the rule files (else: npm run rules:pack)', () => {
    const pack = JSON.parse(readFileSync(join(DEFAULT_RULES_DIR, PACK_NAME), 'utf8')) as PackedRule[];
    const rules = loadRules(DEFAULT_RULES_DIR);
    expect(pack.map((p) => join(DEFAULT_RULES_DIR, p.name))).toEqual(rules.map((r) => r.source?.file));
    expect(pack.map((p) => p.text)).toEqual(rules.map((r) => readFileSync(r.source!.file, 'utf8')));
    expect(pack.map((p) => JSON.stringify(p.rule))).toEqual(rules.map((r) => JSON.stringify(r)));
  });

  it('loads as the YAML files do: values, key order, files, lines of every path', () => {
    expect(view(loadDefaultRules())).toEqual(view(loadRules(DEFAULT_RULES_DIR)));
    // Fresh objects on each call, as before.
    expect(loadDefaultRules()[0]).not.toBe(loadDefaultRules()[0]);
  });

  it('names the rule file and line in a compile error, as the YAML files do', () => {
    const messages = (rules: RuleDef[]): string[] =>
      rules.map((r) => {
        try {
          compileRule({ ...r, detection: { ...r.detection, condition: 'nosuchselection' }, source: r.source } as RuleDef, emptyProfile());
          return 'compiled';
        } catch (e) {
          return (e as Error).message;
        }
      });
    const packed = messages(loadDefaultRules());
    expect(packed).toEqual(messages(loadRules(DEFAULT_RULES_DIR)));
    // Every condition rule fails, naming its file and the line of `condition` (a sequence rule compiles).
    expect(packed.filter((m) => /\.yaml:\d+: detection\.condition: /.test(m))).toHaveLength(packed.length - 1);
  });

  it('is not used for a directory whose files differ from it', () => {
    const dir = copy();
    expect(view(loadRulePack(dir))).toEqual(view(loadRules(dir)));
    const [first, second] = JSON.parse(readFileSync(join(dir, PACK_NAME), 'utf8')) as PackedRule[];
    // An edited rule: its new text is what loads (and is checked).
    writeFileSync(join(dir, first!.name), first!.text.replace(/^title: .*$/m, 'title: edited'));
    expect(loadRulePack(dir)[0]!.title).toBe('edited');
    writeFileSync(join(dir, first!.name), first!.text.replace(/^level: .*$/m, 'level: severe'));
    expect(() => loadRulePack(dir)).toThrow(/level/);
    expect(() => loadRulePack(dir)).toThrow(
      (() => {
        try {
          loadRules(dir);
        } catch (e) {
          return (e as Error).message;
        }
        return 'no error';
      })(),
    );
    // A removed rule is gone, an added one is there.
    writeFileSync(join(dir, first!.name), first!.text);
    rmSync(join(dir, second!.name));
    expect(loadRulePack(dir).map((r) => r.id)).toEqual(loadRules(dir).map((r) => r.id));
    expect(loadRulePack(dir)).toHaveLength(loadDefaultRules().length - 1);
    writeFileSync(join(dir, 'zz-extra.yaml'), second!.text.replace(/^id: .*$/m, 'id: zz-extra'));
    expect(loadRulePack(dir).map((r) => r.id)).toContain('zz-extra');
    // No pack at all: the YAML files.
    rmSync(join(dir, PACK_NAME));
    expect(view(loadRulePack(dir))).toEqual(view(loadRules(dir)));
  });
});
