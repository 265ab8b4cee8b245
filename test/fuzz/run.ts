/**
 * Long-running mutation fuzzer:
 *
 *   npm run fuzz -- --seconds N [--target NAME] [--seed S] [--out DIR]
 *
 * Splits the time evenly over the targets (all of them unless --target), seeds them with the
 * fixture-built inputs plus, for the `capture` target, every capture in pcaps/ and in
 * ../shared/corpus/public when present. Prints inputs/s and totals per target. Every new crash
 * is minimised and written to DIR (default test/fuzz/out, git-ignored) as NAME.bin plus
 * NAME.json (target, r, signature, origin). A crash whose origin is 'fixture' can be copied
 * into test/fuzz/corpus/ as is; one derived from a public-corpus file must first be re-created
 * synthetically (see test/fuzz/corpus/README.md).
 *
 * Exit status 1 when any crash was found.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { attempt, fuzz, minimise, type Crash, type NamedSeed } from './engine.js';
import { TARGETS, targetByName, type Target } from './targets.js';

const SEED_BYTES = 8 * 1024;

interface Args {
  seconds: number;
  target: string | undefined;
  seed: number;
  out: string;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { seconds: 10, target: undefined, seed: Date.now() & 0x7fffffff, out: 'test/fuzz/out' };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    const v = argv[i + 1];
    if (k === '--seconds' && v !== undefined) a.seconds = Number(v);
    else if (k === '--target' && v !== undefined) a.target = v;
    else if (k === '--seed' && v !== undefined) a.seed = Number(v) >>> 0;
    else if (k === '--out' && v !== undefined) a.out = v;
    else if (k === '--help' || k === '-h') {
      console.log('usage: npm run fuzz -- --seconds N [--target NAME] [--seed S] [--out DIR]');
      console.log(`targets: ${TARGETS.map((t) => t.name).join(', ')}`);
      process.exit(0);
    } else continue;
    i++;
  }
  if (!Number.isFinite(a.seconds) || a.seconds <= 0) throw new Error('--seconds must be a positive number');
  return a;
}

/** Captures found on disk (pcaps/ and the public corpus), as extra seeds for the capture target. */
function captureFiles(): NamedSeed[] {
  const out: NamedSeed[] = [];
  for (const dir of [resolve('pcaps'), resolve('..', 'shared', 'corpus', 'public')]) {
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir)) {
      if (!/\.(pcap|pcapng|cap)$/i.test(f)) continue;
      // The first 8 KiB: a mutant costs a copy and a decode of the whole seed (measured: a
      // 3 MB capture fuzzes at ~1 input/s, its first 8 KiB at ~500/s); the cut tail is one
      // more anomaly (capture.truncated-file) for the decoder to handle.
      const bytes = new Uint8Array(readFileSync(join(dir, f))).slice(0, SEED_BYTES);
      out.push({ bytes, origin: join(dir, f) });
    }
  }
  return out;
}

function save(dir: string, c: Crash, t: Target): string {
  const min = minimise(t, c.input, c.r);
  const id = `${c.target}-${createHash('sha256').update(min).digest('hex').slice(0, 12)}`;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${id}.bin`), min);
  writeFileSync(
    join(dir, `${id}.json`),
    JSON.stringify({ target: c.target, r: c.r, signature: c.signature, origin: c.origin, message: c.message, stack: c.stack }, null, 2) + '\n',
  );
  return `${id} (${c.input.length} -> ${min.length} bytes, origin ${c.origin})`;
}

function retime(t: Target, input: Uint8Array, r: number): number {
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    attempt(t, input, r);
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  const targets = args.target === undefined ? TARGETS : [targetByName(args.target)];
  const files = captureFiles();
  const perTargetMs = (args.seconds * 1000) / targets.length;
  console.log(`fuzz: seed ${args.seed}, ${args.seconds} s over ${targets.length} target(s), ${files.length} capture file(s) as extra seeds`);
  let total = 0;
  let crashes = 0;
  for (const [i, t] of targets.entries()) {
    const res = fuzz(t, {
      ms: perTargetMs,
      seed: (args.seed + i * 0x9e3779b9) >>> 0,
      extra: t.name === 'capture' ? files : [],
      onCrash: (c) => console.log(`  CRASH ${t.name}: ${c.signature}\n    saved ${save(args.out, c, t)}`),
    });
    total += res.inputs;
    crashes += res.crashes.length;
    const rate = Math.round(res.inputs / Math.max(0.001, res.ms / 1000));
    console.log(
      `${t.name.padEnd(10)} ${String(res.inputs).padStart(11)} inputs  ${String(rate).padStart(8)} inputs/s  ${res.crashes.length} crash(es)  slowest ${res.slowest.ms.toFixed(1)} ms (${res.slowest.bytes} bytes)`,
    );
    // One slow input is usually a GC pause: re-time it (best of 3) before keeping it.
    if (res.slowest.ms > 100 && retime(t, res.slowest.input, res.slowest.r) > 100) {
      mkdirSync(args.out, { recursive: true });
      writeFileSync(join(args.out, `slow-${t.name}-r${res.slowest.r}.bin`), res.slowest.input);
      console.log(`  SLOW ${t.name}: ${res.slowest.bytes} bytes take > 100 ms (saved)`);
    }
  }
  console.log(`total      ${String(total).padStart(11)} inputs  ${crashes} crash(es)`);
  process.exitCode = crashes > 0 ? 1 : 0;
}

main();
