/** Spawns the built `sigwatch` binary (dist/cli/main.js) and captures its output. */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/corpus.js';

export const CLI = join(REPO_ROOT, 'dist', 'cli', 'main.js');
export const PCAPS_DIR = join(REPO_ROOT, 'pcaps');

/** Scenario captures made by the generator (pcaps/), when present. */
export const SCENARIOS: string[] = existsSync(PCAPS_DIR) ? readdirSync(PCAPS_DIR).filter((f) => /\.pcap(ng)?$/.test(f)).sort() : [];

/**
 * Builds dist/ once per run. Type errors fail `npm run typecheck`, not these tests: tsc still
 * emits on type errors, and the CLI tests run on what it emitted (the errors are printed).
 */
export function buildOnce(): void {
  try {
    execFileSync(process.execPath, [join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], { cwd: REPO_ROOT, stdio: 'pipe' });
  } catch (e) {
    if (!existsSync(CLI)) throw e;
    const out = String((e as { stdout?: unknown }).stdout ?? '');
    process.stderr.write(`warning: tsc reported errors; testing the emitted build\n${out}`);
  }
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

const memo = new Map<string, CliResult>();

/** Runs the CLI; identical read-only runs (same arguments, no stdin) are spawned once per test file. */
export function runCliCached(args: readonly string[]): CliResult {
  const k = JSON.stringify(args);
  let r = memo.get(k);
  if (r === undefined) memo.set(k, (r = runCli(args)));
  return r;
}

export function runCli(args: readonly string[], input?: Uint8Array): CliResult {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: REPO_ROOT, input, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function jsonLines(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** Like runCli, without blocking: independent runs can overlap (2-core CI). */
export function runCliAsync(args: readonly string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { cwd: REPO_ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err === null ? 0 : typeof err.code === 'number' ? err.code : null;
      resolve({ code, stdout, stderr });
    });
  });
}
