/**
 * Loads rule files: YAML, one rule per file. `loadRules` takes a directory (every *.yaml / *.yml
 * directly inside it, sorted by name) or a list of files and directories. Errors name the file,
 * the path inside the rule and the line; duplicate ids are errors.
 */
import { readdirSync, statSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { ErrorCode, SigwatchError } from '../core/errors.js';
import { ruleSchema, type RuleDef } from './rule-schema.js';
import { parseYaml, readYaml, type YamlSource } from './yaml-source.js';
import { issueError } from './zod-issue.js';

export function loadRules(dirOrFiles: string | readonly string[]): RuleDef[] {
  const files: string[] = [];
  for (const p of typeof dirOrFiles === 'string' ? [dirOrFiles] : dirOrFiles) files.push(...expand(p));
  const rules = files.map((f) => ruleFromSource(readYaml(f, ErrorCode.BAD_RULE)));
  const seen = new Map<string, string>();
  for (const r of rules) {
    const file = r.source?.file ?? '';
    const prev = seen.get(r.id);
    if (prev !== undefined) {
      throw new SigwatchError(ErrorCode.BAD_RULE, `${file}: id: duplicate rule id "${r.id}" (also in ${prev})`, { file, path: 'id' });
    }
    seen.set(r.id, file);
  }
  return rules;
}

/** Parse one rule from YAML text (`file` names it in errors). */
export function parseRule(text: string, file = '(rule text)'): RuleDef {
  return ruleFromSource(parseYaml(text, file, ErrorCode.BAD_RULE));
}

function ruleFromSource(src: YamlSource): RuleDef {
  const r = ruleSchema.safeParse(src.value);
  if (!r.success) throw issueError(ErrorCode.BAD_RULE, r.error, src, src.file);
  const def: RuleDef = r.data;
  // Non-enumerable: a RuleDef stays plain data for JSON and equality checks.
  Object.defineProperty(def, 'source', { value: src, enumerable: false });
  return def;
}

function expand(p: string): string[] {
  let st: Stats;
  try {
    st = statSync(p);
  } catch (e) {
    throw new SigwatchError(ErrorCode.BAD_RULE, `cannot read ${p}: ${(e as Error).message}`, { file: p }, { cause: e });
  }
  if (!st.isDirectory()) return [p];
  return readdirSync(p)
    .filter((n) => /\.ya?ml$/.test(n))
    .sort()
    .map((n) => join(p, n))
    .filter((f) => statSync(f).isFile());
}
