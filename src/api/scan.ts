/**
 * `scan()`: captures in, alerts out, as an async iterable. Several captures are scanned in order
 * with one subscriber state; each alert names its capture in `source`.
 */
import { statSync } from 'node:fs';
import { openCapture, type CaptureInput } from '../capture/source.js';
import { loadProfile } from '../detect/profile.js';
import { decodeBatches, REUSE_BUFFER } from './decode.js';
import { HomeInference, type InferredHome } from '../detect/infer-home.js';
import { checked, checkOptions, scanOptionsSchema } from './options.js';
import { Scanner } from './scanner.js';
import type { ScanAlert, ScanOptions } from './scan-options.js';

/** Display name of an input: the path as given, '-' for stdin, 'bytes' / 'stream' otherwise. */
export function sourceName(input: CaptureInput): string {
  if (typeof input === 'string') return input;
  return input instanceof Uint8Array ? 'bytes' : 'stream';
}

/**
 * Inputs that can be read twice (regular files, byte arrays): home inference runs as a first pass
 * over them. A FIFO, `/dev/fd/N` of a shell's `<(…)` or a character device is read once, like
 * stdin (red-team X1: the first pass ate a pipe's data and the second got 0 bytes, or opened a
 * FIFO again and waited forever).
 */
export function rereadable(inputs: readonly CaptureInput[]): boolean {
  return inputs.every((i) => (typeof i === 'string' && i !== '-' && rereadablePath(i)) || i instanceof Uint8Array);
}

/** False when `path` is not a regular file; true when it cannot be read at all (the scan reports that error). */
export function rereadablePath(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return true;
  }
}

/**
 * First pass of home inference: decodes every input (no detection) and votes. Returns undefined
 * when the traffic carries no signal. Inputs must be rereadable (see {@link rereadable}). With
 * `onError`, an input that fails is reported there and skipped (the CLI reports it again on the
 * second pass); without, the error is thrown.
 */
export async function inferHome(
  inputs: readonly CaptureInput[],
  options: ScanOptions = {},
  onError?: (input: CaptureInput, e: unknown) => void,
): Promise<InferredHome | undefined> {
  options = checkOptions('inferHome', scanOptionsSchema, options);
  return firstPass(inputs, options, onError);
}

/** {@link inferHome} on options already checked (by scan()). */
async function firstPass(
  inputs: readonly CaptureInput[],
  options: ScanOptions,
  onError?: (input: CaptureInput, e: unknown) => void,
): Promise<InferredHome | undefined> {
  const inference = new HomeInference();
  const decodeOpts = checked({
    ...(options.limits === undefined ? {} : { limits: options.limits }),
    ...(options.diameterPorts === undefined ? {} : { diameterPorts: options.diameterPorts }),
    ...(options.mtp3 === undefined ? {} : { mtp3: options.mtp3 }),
  });
  for (const input of inputs) {
    try {
      for await (const batch of decodeBatches(input, decodeOpts)) for (const ev of batch) inference.observe(ev);
    } catch (e) {
      if (onError === undefined) throw e;
      onError(input, e);
    }
  }
  return inference.result();
}

/**
 * Decodes and detects. `source` is one capture (path, '-' for stdin, bytes, Readable,
 * AsyncIterable of chunks) or several, scanned in order with one subscriber state.
 *
 * @example
 * for await (const alert of scan('capture.pcap', { profile: 'profile.yaml' })) console.log(alert.explanation);
 */
export async function* scan(source: CaptureInput | readonly CaptureInput[], options: ScanOptions = {}): AsyncGenerator<ScanAlert> {
  options = checkOptions('scan', scanOptionsSchema, options); // the checked copy (core/options.ts: owned)
  const inputs: readonly CaptureInput[] = Array.isArray(source) ? source : [source as CaptureInput];
  const profile = typeof options.profile === 'string' ? loadProfile(options.profile) : options.profile;
  const opts: ScanOptions = profile === undefined ? options : { ...options, profile };
  const pending: ScanAlert[] = [];
  const scanner = new Scanner(checked({ ...(await twoPassOptions(inputs, opts)), onAlert: (a: ScanAlert) => pending.push(a) }));
  for (const input of inputs) {
    scanner.beginSource(sourceName(input));
    try {
      for await (const chunk of openCapture(input, REUSE_BUFFER)) {
        scanner.push(chunk);
        if (pending.length > 0) yield* pending.splice(0);
      }
    } catch (e) {
      // A fatal capture error: the alerts of everything read before it are delivered first.
      try {
        scanner.endSource();
      } catch {
        // the capture already failed; its tail cannot add anything
      }
      yield* pending.splice(0);
      throw e;
    }
    scanner.endSource();
    if (pending.length > 0) yield* pending.splice(0);
  }
  scanner.end();
  yield* pending.splice(0);
}

/**
 * Scanner options after the first pass: with rereadable inputs and no profile, the inferred home
 * (or inference off when nothing could be inferred, so the scanner does not warm up in vain).
 */
async function twoPassOptions(inputs: readonly CaptureInput[], options: ScanOptions): Promise<ScanOptions & { inferred?: InferredHome }> {
  if (options.profile !== undefined || options.inferHome === false || !rereadable(inputs)) return options;
  // An input that fails part-way votes with what it read; its error is thrown by the scan pass.
  const inferred = await firstPass(inputs, options, () => undefined);
  return inferred === undefined ? { ...options, inferHome: false } : { ...options, inferred };
}
