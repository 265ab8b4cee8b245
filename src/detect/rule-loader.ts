/**
 * Loads rule files: YAML, one rule per file. `loadRules` takes a directory (every *.yaml / *.yml
 * directly inside it, sorted by name) or a list of files and directories. Errors name the file,
 * the path inside the rule and the line; duplicate ids are errors.
 */
import { readdirSync, statSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { ErrorCode, SigwatchError, isSigwatchError, problemsError, type Problem } from '../core/errors.js';
import { ruleSchema, type RuleDef } from './rule-schema.js';
import { parseYaml, readYaml, type YamlSource } from './yaml-source.js';
import { issueError, issueProblems } from './zod-issue.js';

export function loadRules(dirOrFiles: string | readonly string[]): RuleDef[] {
  const problems: Problem[] = [];
  const files: string[] = [];
  for (const p of typeof dirOrFiles === 'string' ? [dirOrFiles] : dirOrFiles) collect(problems, () => files.push(...expand(p)));
  const rules: RuleDef[] = [];
  // Every file is read and checked: one run reports every problem of every file.
  for (const f of files) collect(problems, () => rules.push(ruleFromSource(readYaml(f, ErrorCode.BAD_RULE))));
  problems.push(...duplicateIds(rules));
  if (problems.length > 0) throw problemsError(ErrorCode.BAD_RULE, problems);
  return rules;
}

/** Runs `fn`; a SigwatchError's problems are added to `into` instead of thrown. */
export function collect(into: Problem[], fn: () => unknown): void {
  try {
    fn();
  } catch (e) {
    if (!isSigwatchError(e)) throw e;
    into.push(...e.problems);
  }
}

/** A problem per rule whose id an earlier rule already has. */
export function duplicateIds(rules: readonly RuleDef[]): Problem[] {
  const out: Problem[] = [];
  const seen = new Map<string, string>();
  for (const r of rules) {
    const file = r.source?.file ?? '';
    const prev = seen.get(r.id);
    if (prev !== undefined) {
      const p: Problem = { file, path: 'id', message: `duplicate rule id "${r.id}" (also in ${prev})` };
      const line = r.source?.lineOf(['id']);
      if (line !== undefined) p.line = line;
      out.push(p);
    } else seen.set(r.id, file);
  }
  return out;
}

/** Parse one rule from YAML text (`file` names it in errors). */
export function parseRule(text: string, file = '(rule text)'): RuleDef {
  if (typeof text !== 'string') throw new SigwatchError(ErrorCode.BAD_RULE, `parseRule: expected the rule's YAML text (string), got ${typeof text}`);
  return ruleFromSource(parseYaml(text, file, ErrorCode.BAD_RULE));
}

/** Valid stand-ins for top-level keys that failed the schema (lint: the rest is still compiled). */
const STAND_IN: Readonly<Record<string, unknown>> = {
  id: 'invalid-id',
  rev: 1,
  title: '(invalid)',
  level: 'info',
  description: '',
  tags: [],
  references: [],
  falsepositives: [],
};

/**
 * Lint's view of one rule file: the rule when valid; when the schema fails only in top-level
 * metadata (level, rev, an unknown key …), also a `partial` rule with stand-ins for those keys,
 * so its scope and detection are still compiled and every mistake is reported in one run.
 */
export function checkRuleFile(file: string): { rule?: RuleDef; partial?: RuleDef; problems: Problem[] } {
  let src: YamlSource;
  try {
    src = readYaml(file, ErrorCode.BAD_RULE);
  } catch (e) {
    if (!isSigwatchError(e)) throw e;
    return { problems: [...e.problems] };
  }
  const r = ruleSchema.safeParse(src.value);
  if (r.success) return { rule: ruleFromSource(src), problems: [] };
  const problems = issueProblems(r.error, src, file, ruleSchema);
  const v = src.value;
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return { problems };
  const patched: Record<string, unknown> = { ...(v as Record<string, unknown>) };
  for (const issue of r.error.issues) {
    if (issue.code === 'unrecognized_keys' && issue.path.length === 0) for (const k of issue.keys) delete patched[k];
    else {
      const top = String(issue.path[0] ?? '');
      if (!(top in STAND_IN)) return { problems };
      patched[top] = STAND_IN[top];
    }
  }
  const again = ruleSchema.safeParse(patched);
  if (!again.success) return { problems };
  const partial: RuleDef = again.data;
  Object.defineProperty(partial, 'source', { value: src, enumerable: false });
  return { partial, problems };
}

function ruleFromSource(src: YamlSource): RuleDef {
  const r = ruleSchema.safeParse(src.value);
  if (!r.success) throw issueError(ErrorCode.BAD_RULE, r.error, src, src.file, ruleSchema);
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
  return st.isDirectory() ? ruleFiles(p) : [p];
}

/** The rule files of directory `dir`: every *.yaml / *.yml file directly inside it, sorted by name. */
export function ruleFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((n) => /\.ya?ml$/.test(n))
    .sort()
    .map((n) => join(dir, n))
    .filter((f) => statSync(f).isFile());
}
