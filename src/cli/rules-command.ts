/**
 * `sigwatch rules lint [DIR|FILE...] [--profile FILE]`: validates every rule file (schema,
 * duplicate ids, compilation against the profile: fields, operations, threshold references) and
 * the profiles (--profile, and DIR/profiles/*.yaml). One line per problem naming the file, the
 * line, the path inside the document and the problem; exit 1 when there is any.
 */
import { escapeControls } from '../report/safe-text.js';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_RULES_DIR } from '../api/default-rules.js';
import { isSigwatchError } from '../core/errors.js';
import { compileRule } from '../detect/compiler.js';
import { emptyProfile, loadProfile, type Profile } from '../detect/profile.js';
import { loadRules } from '../detect/rule-loader.js';
import type { RuleDef } from '../detect/rule-schema.js';
import { EXIT, UsageError } from './exit-codes.js';

const RULES_HELP = `usage: sigwatch rules lint [DIR|FILE...] [--profile FILE]

Validates rule files (default: the shipped pack) and profiles (--profile, and DIR/profiles/*.yaml).
Prints one line per problem (file:line: path: problem); exit code 1 when there is any.
`;

export async function runRules(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '--help' || sub === 'help') {
    process.stdout.write(RULES_HELP);
    return sub === undefined ? EXIT.USAGE : EXIT.OK;
  }
  if (sub !== 'lint') throw new UsageError(`rules: unknown subcommand '${sub}' (expected: lint)`);
  const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { profile: { type: 'string' }, help: { type: 'boolean' } } });
  if (values.help) {
    process.stdout.write(RULES_HELP);
    return EXIT.OK;
  }
  return Promise.resolve(lint(positionals.length > 0 ? positionals : [DEFAULT_RULES_DIR], values.profile));
}

function lint(paths: string[], profileFile: string | undefined): number {
  const problems: string[] = [];
  const fail = (e: unknown): void => {
    if (!isSigwatchError(e)) throw e;
    problems.push(e.message);
  };

  const profiles: { file: string; profile: Profile }[] = [];
  const profileFiles = [...(profileFile === undefined ? [] : [profileFile])];
  for (const p of paths) {
    const dir = join(p, 'profiles');
    if (isDir(p) && isDir(dir)) profileFiles.push(...yamlFiles(dir));
  }
  for (const f of profileFiles) {
    try {
      profiles.push({ file: f, profile: loadProfile(f) });
    } catch (e) {
      fail(e);
    }
  }

  const files: string[] = [];
  for (const p of paths) {
    if (!existsSync(p)) problems.push(`${p}: no such file or directory`);
    else files.push(...(isDir(p) ? yamlFiles(p) : [p]));
  }
  const rules: RuleDef[] = [];
  const seen = new Map<string, string>();
  for (const f of files) {
    try {
      const [r] = loadRules([f]);
      if (r === undefined) continue;
      const prev = seen.get(r.id);
      if (prev !== undefined) problems.push(`${f}: id: duplicate rule id "${r.id}" (also in ${prev})`);
      seen.set(r.id, f);
      rules.push(r);
    } catch (e) {
      fail(e);
    }
  }
  // Compiling checks what the schema cannot: field names, operation names, ${thresholds.*}.
  const against = profiles.length > 0 ? profiles.map((p) => p.profile) : [emptyProfile()];
  for (const r of rules) {
    for (const p of against) {
      try {
        compileRule(r, p);
      } catch (e) {
        fail(e);
        break;
      }
    }
  }

  // Problems quote file content (a condition, a key): controls shown as escapes (safe-text.ts).
  for (const p of problems) process.stdout.write(`${escapeControls(p)}\n`);
  process.stdout.write(`rules lint: ${rules.length} rule file${rules.length === 1 ? '' : 's'}, ${profiles.length} profile${profiles.length === 1 ? '' : 's'}, ${problems.length} problem${problems.length === 1 ? '' : 's'}\n`);
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
