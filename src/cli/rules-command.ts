/**
 * `sigwatch rules lint [DIR|FILE...] [--profile FILE]`: validates every rule file (schema,
 * duplicate ids, compilation against the profile: fields, operations, threshold references) and
 * the profiles (--profile, and DIR/profiles/*.yaml). Every problem of every file, one line each
 * naming the file, the line, the path inside the document and the problem; exit 1 when there is any.
 */
import { escapeControls } from '../report/safe-text.js';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_RULES_DIR } from '../api/default-rules.js';
import { problemLine, type Problem } from '../core/errors.js';
import { didYouMean, singleQuoted } from '../core/suggest.js';
import { compileRule, FIELDS_DOC } from '../detect/compiler.js';
import { emptyProfile, loadProfile, type Profile } from '../detect/profile.js';
import { checkRuleFile, collect, duplicateIds } from '../detect/rule-loader.js';
import type { RuleDef } from '../detect/rule-schema.js';
import { parseCommand } from './args.js';
import { EXIT, UsageError } from './exit-codes.js';

const RULES_HELP = `usage: sigwatch rules lint [DIR|FILE...] [--profile FILE]

Validates rule files (default: the shipped pack) and profiles (--profile, and DIR/profiles/*.yaml):
schema, duplicate ids, field names, operations, commands, thresholds. Every problem of every file
is printed, one line each (file:line: path: problem, with the closest valid name for a typo);
exit code 1 when there is any. Rule syntax: README "Rules"; fields: docs/fields.md.
`;

const SUBCOMMANDS = ['lint'];

export async function runRules(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
    process.stdout.write(RULES_HELP);
    return sub === undefined ? EXIT.USAGE : EXIT.OK;
  }
  if (sub !== 'lint') throw new UsageError(`rules: unknown subcommand '${sub}'${didYouMean(sub, SUBCOMMANDS, singleQuoted)} (expected: lint)`);
  const { values, positionals } = parseCommand('rules lint', rest, { profile: { type: 'string' } });
  if (values.help) {
    process.stdout.write(RULES_HELP);
    return EXIT.OK;
  }
  return Promise.resolve(lint(positionals.length > 0 ? positionals : [DEFAULT_RULES_DIR], values.profile));
}

function lint(paths: string[], profileFile: string | undefined): number {
  const problems: Problem[] = [];

  const profiles: { file: string; profile: Profile }[] = [];
  const profileFiles = [...(profileFile === undefined ? [] : [profileFile])];
  for (const p of paths) {
    const dir = join(p, 'profiles');
    if (isDir(p) && isDir(dir)) profileFiles.push(...yamlFiles(dir));
  }
  for (const f of profileFiles) collect(problems, () => profiles.push({ file: f, profile: loadProfile(f) }));

  const files: string[] = [];
  for (const p of paths) {
    if (!existsSync(p)) problems.push({ file: p, message: 'no such file or directory' });
    else files.push(...(isDir(p) ? yamlFiles(p) : [p]));
  }
  // Each file on its own, so one bad file does not hide the others' problems.
  const rules: RuleDef[] = [];
  const partials: RuleDef[] = [];
  for (const f of files) {
    const c = checkRuleFile(f);
    problems.push(...c.problems);
    if (c.rule !== undefined) rules.push(c.rule);
    if (c.partial !== undefined) partials.push(c.partial);
  }
  problems.push(...duplicateIds(rules));
  // A profile's alert thresholds must name rules that exist (detect/threshold.ts).
  const ids = new Set(rules.map((r) => r.id));
  for (const { file, profile } of profiles) {
    for (const id of Object.keys(profile.thresholds.rules ?? {})) {
      if (!ids.has(id)) problems.push({ file, message: `thresholds.rules.${id}: no rule "${id}" among the linted rules` });
    }
  }
  // Compiling checks what the schema cannot: field names, operation names, ${thresholds.*}, threshold windows.
  const against = profiles.length > 0 ? profiles.map((p) => p.profile) : [emptyProfile()];
  for (const r of [...rules, ...partials]) {
    for (const p of against) {
      const before = problems.length;
      collect(problems, () => compileRule(r, p));
      if (problems.length > before) break; // the same mistakes again under the next profile add nothing
    }
  }

  // File by file, in line order: what an editor's problem list shows.
  problems.sort((a, b) => (a.file ?? '').localeCompare(b.file ?? '') || (a.line ?? 0) - (b.line ?? 0));
  // Problems quote file content (a condition, a key): controls shown as escapes (safe-text.ts).
  for (const p of problems) process.stdout.write(`${escapeControls(problemLine(p))}\n`);
  const bad = new Set(problems.map((p) => p.file));
  const ok = files.filter((f) => !bad.has(f)).length;
  const n = (k: number, w: string): string => `${k} ${w}${k === 1 ? '' : 's'}`;
  process.stdout.write(
    `rules lint: ${n(files.length, 'rule file')} (${ok} valid), ` +
      `${n(profileFiles.length, 'profile')} (${profiles.length} valid), ${n(problems.length, 'problem')}` +
      (problems.length > 0 ? `; rule syntax: README "Rules", fields: ${FIELDS_DOC}` : '') +
      '\n',
  );
  return problems.length > 0 ? EXIT.ERROR : EXIT.OK;
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((n) => /\.ya?ml$/.test(n))
    .sort()
    .map((n) => join(dir, n));
}
