#!/usr/bin/env node
// The `sigwatch` command. From the npm package this runs the compiled CLI in dist/ (built at pack
// time by `prepack`). In a git checkout dist/ is not committed: the first run after
// `npm install` (no install script, see README "Quick start") compiles src/ with the project's
// TypeScript, and later runs recompile when a file in src/ is newer than the build.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const main = join(root, 'dist', 'cli', 'main.js');

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

const src = join(root, 'src');
if (existsSync(join(root, 'tsconfig.json')) && existsSync(src)) {
  const built = existsSync(main) ? statSync(main).mtimeMs : 0;
  if (built === 0 || newest(src) > built) {
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    if (!existsSync(tsc)) {
      process.stderr.write(`sigwatch: ${built === 0 ? 'not built' : 'build out of date'} and TypeScript is not installed: run 'npm install' then 'npm run build' in ${root}\n`);
      if (built === 0) process.exit(1);
    } else {
      process.stderr.write('sigwatch: building from src/ (source checkout) ...\n');
      execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.json')], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
    }
  }
}
await import(new URL(`file://${main}`).href);
