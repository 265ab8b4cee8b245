/** Spawns the built `sigwatch` binary (dist/cli/main.js) and captures its output. */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/corpus.js';

export const CLI = join(REPO_ROOT, 'dist', 'cli', 'main.js');
export const PCAPS_DIR = join(REPO_ROOT, 'pcaps');

/** Scenario captures made by the generator (pcaps/), when present. */
export const SCENARIOS: string[] = existsSync(PCAPS_DIR)
  ? readdirSync(PCAPS_DIR)
      .filter((f) => /\.pcap(ng)?$/.test(f))
      .sort()
  : [];

/** Source files whose change requires a rebuild: (path, size, mtime) of src/** and the tsconfig. */
function sourceStamp(): string {
  const h = createHash('sha256');
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else {
        const st = statSync(p);
        h.update(`${p}\0${st.size}\0${st.mtimeMs}\n`);
      }
    }
  };
  walk(join(REPO_ROOT, 'src'));
  const ts = statSync(join(REPO_ROOT, 'tsconfig.json'));
  h.update(`tsconfig\0${ts.size}\0${ts.mtimeMs}`);
  return h.digest('hex');
}

// Outside dist/: a test artefact must not end up in the package.
const STAMP = join(REPO_ROOT, 'node_modules', '.cache', 'sigwatch-test-build-stamp');
const LOCK = join(tmpdir(), `sigwatch-build-${createHash('sha256').update(REPO_ROOT).digest('hex').slice(0, 12)}.lock`);
const sleep = (ms: number): void => void Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Builds dist/ when src/ changed since the last test build. Test files in parallel workers call
 * this at once: a lock directory makes one of them build while the others wait, so no CLI is
 * spawned while tsc rewrites dist/. Type errors fail `npm run typecheck`, not these tests: tsc
 * still emits, and the CLI tests run on what it emitted (the errors are printed).
 */
export function buildOnce(): void {
  const stamp = sourceStamp();
  const fresh = (): boolean => existsSync(CLI) && existsSync(STAMP) && readFileSync(STAMP, 'utf8') === stamp;
  if (fresh()) return;
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      // Held by another worker (or left by a killed run: stale after 3 minutes).
      if (Date.now() - statSync(LOCK, { throwIfNoEntry: false })!.mtimeMs > 180_000) rmSync(LOCK, { recursive: true, force: true });
      sleep(250);
      if (fresh()) return;
    }
  }
  try {
    if (fresh()) return;
    try {
      execFileSync(process.execPath, [join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], { cwd: REPO_ROOT, stdio: 'pipe' });
    } catch (e) {
      if (!existsSync(CLI)) throw e;
      process.stderr.write(`warning: tsc reported errors; testing the emitted build\n${String((e as { stdout?: unknown }).stdout ?? '')}`);
    }
    mkdirSync(join(STAMP, '..'), { recursive: true });
    writeFileSync(STAMP, stamp);
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
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
