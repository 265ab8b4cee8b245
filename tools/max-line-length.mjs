#!/usr/bin/env node
// Fails when a source line is longer than the limit (Biome has no max-length lint rule; its
// formatter wraps code at lineWidth 160 but not strings, comments or regular expressions).
// Usage: node tools/max-line-length.mjs [--max N] DIR...   (default 160; .ts, .mts, .mjs files)
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const args = process.argv.slice(2);
let max = 160;
const i = args.indexOf('--max');
if (i >= 0) {
  max = Number(args[i + 1]);
  args.splice(i, 2);
}
if (!Number.isInteger(max) || max <= 0 || args.length === 0) {
  console.error('usage: node tools/max-line-length.mjs [--max N] DIR...');
  process.exit(2);
}

const long = [];
const walk = (dir) => {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'node_modules') walk(p);
    } else if (/\.(ts|mts|mjs)$/.test(e.name)) {
      readFileSync(p, 'utf8')
        .split('\n')
        .forEach((line, n) => {
          // Code points, not UTF-16 units: '→' and '§' count as one character.
          const len = [...line].length;
          if (len > max) long.push(`${p}:${n + 1}: ${len} characters`);
        });
    }
  }
};
for (const dir of args) walk(dir);
if (long.length > 0) {
  console.error(`${long.length} line(s) over ${max} characters:\n${long.join('\n')}`);
  process.exit(1);
}
