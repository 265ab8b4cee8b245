/**
 * Runs one capture spec: script → stack → capture sink, truth lines to a callback. Used by the
 * CLI (streaming to files) and by the tests (in memory).
 */
import { Prng } from './prng.js';
import { Script } from './script.js';
import type { CaptureSpec } from './scenarios.js';
import { CaptureSink, type CaptureFormat } from './sink.js';
import { Stack } from './stack.js';
import type { TruthLine } from './truth.js';

export interface GenerateOptions {
  seed: number;
  /** Overrides the spec's format (a pcap keeps the first link type only). */
  format?: CaptureFormat;
  /** Stop after about this many signalling messages (specs that loop on their budget). */
  messages?: number;
  writeCapture: (chunk: Uint8Array) => void;
  onTruth: (line: TruthLine) => void;
}

export interface GenerateResult {
  frames: number;
  messages: number;
  bytes: number;
}

export function generate(spec: CaptureSpec, o: GenerateOptions): GenerateResult {
  const format = o.format ?? spec.format;
  const linkTypes = format === 'pcap' ? spec.linkTypes.slice(0, 1) : spec.linkTypes;
  const sink = new CaptureSink(format, linkTypes, o.writeCapture);
  let messages = 0;
  const ifaceOf = spec.ifaceOf;
  const stack = new Stack({
    sink,
    fragmentAbove: spec.fragmentAbove,
    ...(ifaceOf !== undefined && linkTypes.length > 1 ? { ifaceOf } : {}),
    onTruth: (line) => {
      messages++;
      o.onTruth(line);
    },
  });
  const prng = new Prng(o.seed);
  const script = new Script({ stack, prng, startUs: spec.startSec * 1e6, ...(spec.sccpFor !== undefined ? { sccpFor: spec.sccpFor } : {}) });
  const limit = o.messages ?? Infinity;
  spec.run(script, () => messages < limit);
  sink.flush();
  return { frames: sink.frameCount, messages, bytes: sink.bytes };
}

/** Generates a capture in memory (tests, determinism checks). */
export function generateInMemory(spec: CaptureSpec, o: Omit<GenerateOptions, 'writeCapture' | 'onTruth'>): { capture: Uint8Array; truth: TruthLine[] } {
  const chunks: Uint8Array[] = [];
  const truth: TruthLine[] = [];
  generate(spec, { ...o, writeCapture: (c) => chunks.push(c), onTruth: (l) => truth.push(l) });
  const capture = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let off = 0;
  for (const c of chunks) {
    capture.set(c, off);
    off += c.length;
  }
  return { capture, truth };
}
