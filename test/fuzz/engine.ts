/**
 * The mutation loop and the minimiser, shared by the long fuzzer (run.ts) and the time-boxed CI
 * test. A crash is any exception from a target (targets let typed SigwatchErrors through
 * themselves) or an InvariantError; crashes are grouped by a signature (error name + message
 * with numbers blanked) so one bug is minimised once.
 */
import { mutate, Rng } from './mutate.js';
import type { Target } from './targets.js';

export interface Crash {
  target: string;
  signature: string;
  message: string;
  stack: string;
  input: Uint8Array;
  /** The `r` argument that reproduces it. */
  r: number;
  /** Name of the seed it was derived from ('fixture' for fixture-built seeds). */
  origin: string;
}

export interface FuzzResult {
  inputs: number;
  crashes: Crash[];
  ms: number;
  /** Slowest single input (ms), its size and `r`: a super-linear path shows up here first. */
  slowest: { ms: number; bytes: number; r: number; input: Uint8Array };
}

export interface NamedSeed {
  bytes: Uint8Array;
  origin: string;
}

function signatureOf(e: unknown): string {
  const err = e instanceof Error ? e : new Error(String(e));
  const frame = (err.stack ?? '').split('\n').find((l) => l.includes('/src/')) ?? '';
  return `${err.name}: ${err.message.replace(/\d+/g, 'N').slice(0, 120)} @ ${frame.trim().replace(/:\d+:\d+\)?$/, '')}`;
}

/** Runs `target.run` and returns the thrown error (undefined when it passed). */
export function attempt(target: Target, b: Uint8Array, r: number): unknown {
  try {
    target.run(b, r);
    return undefined;
  } catch (e) {
    return e ?? new Error('threw a nullish value');
  }
}

/**
 * Fuzzes `target` for `ms` milliseconds (or `maxInputs`). Seeds are the target's fixture seeds
 * plus `extra`; each input is 1-4 stacked mutations of a seed (or, one time in eight, of an
 * earlier mutant that still decoded, so damage accumulates).
 */
export function fuzz(target: Target, opts: { ms: number; seed: number; extra?: NamedSeed[]; maxInputs?: number; onCrash?: (c: Crash) => void }): FuzzResult {
  const rng = new Rng(opts.seed);
  const seeds: NamedSeed[] = [...target.seeds().map((bytes) => ({ bytes, origin: 'fixture' })), ...(opts.extra ?? [])];
  const pool: NamedSeed[] = [];
  const crashes = new Map<string, Crash>();
  const t0 = Date.now();
  const max = opts.maxInputs ?? Infinity;
  let inputs = 0;
  let slowest: FuzzResult['slowest'] = { ms: 0, bytes: 0, r: 0, input: new Uint8Array(0) };
  // Seeds must pass unmutated: a failing seed is a bug found without any mutation.
  for (const s of seeds) {
    const e = attempt(target, s.bytes, 0);
    inputs++;
    if (e !== undefined) record(crashes, target, e, s.bytes, 0, s.origin, opts.onCrash);
  }
  while (inputs < max) {
    if ((inputs & 63) === 0 && Date.now() - t0 >= opts.ms) break;
    const base = pool.length > 0 && rng.int(8) === 0 ? rng.pick(pool) : rng.pick(seeds);
    const other = rng.pick(seeds).bytes;
    const input = mutate(base.bytes, rng, other, target.headerBytes);
    const r = Math.floor(rng.next() * 0x100000000);
    const t1 = performance.now();
    const e = attempt(target, input, r);
    const dt = performance.now() - t1;
    if (dt > slowest.ms) slowest = { ms: dt, bytes: input.length, r, input };
    inputs++;
    if (e !== undefined) record(crashes, target, e, input, r, base.origin, opts.onCrash);
    else if (pool.length < 256) pool.push({ bytes: input, origin: base.origin });
    else if (rng.int(16) === 0) pool[rng.int(pool.length)] = { bytes: input, origin: base.origin };
  }
  return { inputs, crashes: [...crashes.values()], ms: Date.now() - t0, slowest };
}

function record(map: Map<string, Crash>, target: Target, e: unknown, input: Uint8Array, r: number, origin: string, onCrash?: (c: Crash) => void): void {
  const signature = signatureOf(e);
  if (map.has(signature)) return;
  const err = e instanceof Error ? e : new Error(String(e));
  const c: Crash = { target: target.name, signature, message: err.message, stack: err.stack ?? '', input, r, origin };
  map.set(signature, c);
  onCrash?.(c);
}

/**
 * Delta debugging (ddmin-style, simplified): drop ranges of halving size while the same
 * signature reproduces, then zero single bytes. Bounded by `budget` attempts.
 */
export function minimise(target: Target, input: Uint8Array, r: number, budget = 20000): Uint8Array {
  const sig = signatureOf(attempt(target, input, r));
  const same = (b: Uint8Array): boolean => {
    const e = attempt(target, b, r);
    return e !== undefined && signatureOf(e) === sig;
  };
  let cur = input;
  let tries = 0;
  for (let size = Math.max(1, cur.length >> 1); size >= 1 && tries < budget; size >>= 1) {
    let i = 0;
    while (i < cur.length && tries < budget) {
      const cand = new Uint8Array(cur.length - Math.min(size, cur.length - i));
      cand.set(cur.subarray(0, i));
      cand.set(cur.subarray(i + size), i);
      tries++;
      if (same(cand)) cur = cand;
      else i += size;
    }
  }
  for (let i = 0; i < cur.length && tries < budget; i++) {
    if (cur[i] === 0) continue;
    const cand = cur.slice();
    cand[i] = 0;
    tries++;
    if (same(cand)) cur = cand;
  }
  return cur;
}
