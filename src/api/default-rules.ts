/**
 * The default rule pack shipped in `rules/` at the package root (beside `dist/` and `src/`, so
 * the same relative path works from compiled and source modules).
 *
 * `rules/pack.json` holds the pack as validated when it was written (`npm run rules:pack`;
 * test/api/default-pack.test.ts fails while it differs from the files): each file's name, text
 * and schema output. Parsing the YAML and checking it with zod at every start cost
 * ~55 ms of CPU, the `yaml` module ~30 ms more (bench/results-notes.md, section "startup"). The
 * compiled form is used only while the directory holds exactly the packed files with exactly
 * the packed texts; any difference (an edited, added or removed rule) loads the YAML files as
 * `loadRules` does, with its checks and errors.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ErrorCode } from '../core/errors.js';
import { loadRules, ruleFiles } from '../detect/rule-loader.js';
import type { RuleDef } from '../detect/rule-schema.js';
import { lazyYaml } from '../detect/yaml-source.js';

/** Absolute path of the shipped rule directory. */
export const DEFAULT_RULES_DIR: string = fileURLToPath(new URL('../../rules', import.meta.url));
/** File name of the compiled pack in a rule directory, written by tools/rules-pack.mjs. */
export const PACK_NAME = 'pack.json';

/** One rule file of the compiled pack. */
export interface PackedRule {
  /** File name in the rule directory. */
  readonly name: string;
  /** The file's text. */
  readonly text: string;
  /** The rule schema's output for it (what `loadRules` returns, without `source`). */
  readonly rule: RuleDef;
}

/** The shipped rules (ARCHITECTURE.md §6 stable ids), loaded fresh on each call. */
export function loadDefaultRules(): RuleDef[] {
  return loadRulePack(DEFAULT_RULES_DIR);
}

/** The rules of `dir` (as `loadRules(dir)` returns them), from its `pack.json` while that matches the files. */
export function loadRulePack(dir: string): RuleDef[] {
  return packedRules(dir) ?? loadRules(dir);
}

/** The compiled pack's rules when it matches the directory's files, else undefined. */
function packedRules(dir: string): RuleDef[] | undefined {
  try {
    const pack = JSON.parse(readFileSync(join(dir, PACK_NAME), 'utf8')) as PackedRule[];
    const files = ruleFiles(dir);
    if (files.length !== pack.length) return undefined;
    const rules: RuleDef[] = [];
    for (let i = 0; i < pack.length; i++) {
      const { name, text, rule } = pack[i]!;
      const file = files[i]!;
      if (file !== join(dir, name) || readFileSync(file, 'utf8') !== text) return undefined;
      // As rule-loader.ts attaches it: non-enumerable, the line of a compile error from the text.
      Object.defineProperty(rule, 'source', { value: lazyYaml(file, text, ErrorCode.BAD_RULE), enumerable: false });
      rules.push(rule);
    }
    return rules;
  } catch {
    return undefined; // no pack, or a file that cannot be read: loadRules says what is wrong
  }
}
