/**
 * Input sources: a file path ('-' = stdin), bytes, a Node Readable or any AsyncIterable of
 * chunks, as one AsyncIterable<Uint8Array>. gzip (RFC 1952) is recognised by its first two
 * bytes (1f 8b), never by the file name, and decompressed as a stream. Nothing reads a whole
 * file into memory.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { z } from 'zod';
import { DecodeError, ErrorCode, SigwatchError, withFile } from '../core/errors.js';
import { checkOptions } from '../core/options.js';
import { GzipFormatError, gunzipMembers } from './gunzip.js';
import { CaptureReader, type CaptureReaderOptions } from './reader.js';

export type CaptureInput = string | Uint8Array | NodeJS.ReadableStream | AsyncIterable<Uint8Array>;

export interface OpenCaptureOptions {
  /** Read size for files and stdin, bytes (default 1 MiB). */
  highWaterMark?: number;
  /**
   * Files only: read every chunk into the same buffer, so a chunk is valid only until the
   * iteration resumes (push it to a Decoder/Scanner/CaptureReader, which copy what they keep).
   * Measured on `sigwatch scan` of the 674 MB generated capture: a fresh 1 MiB Buffer per chunk
   * left ~68 MB of dead ArrayBuffers waiting for a major GC (peak RSS 241 MB); reused, ~1 MB.
   */
  reuseBuffer?: boolean;
  /**
   * Called with the size of every chunk read from the input before decompression (for gzip: the
   * compressed bytes), so progress can be measured against the file size.
   */
  onRead?: (bytes: number) => void;
}

const DEFAULT_HWM = 1024 * 1024;

const captureOptionsSchema = z.strictObject({
  highWaterMark: z.number().int().positive().optional(),
  reuseBuffer: z.boolean().optional(),
  onRead: z.custom<(n: number) => void>((v) => typeof v === 'function', 'expected a function').optional(),
});

export function openCapture(input: CaptureInput, opts: OpenCaptureOptions = {}): AsyncIterable<Uint8Array> {
  checkOptions('openCapture', captureOptionsSchema, opts);
  const raw = rawChunks(input, opts.highWaterMark ?? DEFAULT_HWM, opts.reuseBuffer === true);
  return gunzipIfNeeded(opts.onRead === undefined ? raw : counted(raw, opts.onRead), typeof input === 'string' ? input : undefined);
}

async function* counted(chunks: AsyncGenerator<Uint8Array>, onRead: (bytes: number) => void): AsyncGenerator<Uint8Array> {
  for await (const c of chunks) {
    onRead(c.length);
    yield c;
  }
}

export async function readCapture(input: CaptureInput, opts: CaptureReaderOptions): Promise<{ frames: number; bytes: number; format: string }> {
  const reader = new CaptureReader(opts);
  let bytes = 0;
  for await (const chunk of openCapture(input, { reuseBuffer: true })) {
    bytes += chunk.length;
    reader.push(chunk);
  }
  reader.end();
  return { frames: reader.frames, bytes, format: reader.format ?? 'unknown' };
}

async function* rawChunks(input: CaptureInput, highWaterMark: number, reuse: boolean): AsyncGenerator<Uint8Array> {
  if (input instanceof Uint8Array) {
    yield input;
    return;
  }
  if (typeof input === 'string') {
    if (input === '-') {
      yield* asChunks(process.stdin, '-');
      return;
    }
    let fh: FileHandle;
    try {
      fh = await open(input, 'r');
    } catch (e) {
      const why = (e as NodeJS.ErrnoException).code ?? String(e);
      throw new SigwatchError(ErrorCode.IO, `cannot open capture ${input}: ${why}`, { file: input }, { cause: e });
    }
    if (reuse) {
      yield* reusedChunks(fh, highWaterMark, input);
      return;
    }
    // The stream closes the handle when it ends or is destroyed (early break, error).
    yield* asChunks(fh.createReadStream({ highWaterMark }), input);
    return;
  }
  yield* asChunks(input, 'stream');
}

/** Sequential reads into one buffer; the handle is closed when the generator ends or is abandoned. */
async function* reusedChunks(fh: FileHandle, size: number, name: string): AsyncGenerator<Uint8Array> {
  const buf = new Uint8Array(size);
  try {
    for (;;) {
      let n: number;
      try {
        n = (await fh.read(buf, 0, size, null)).bytesRead;
      } catch (e) {
        throw readFailure(name, e);
      }
      if (n === 0) return;
      yield n === size ? buf : buf.subarray(0, n);
    }
  } finally {
    await fh.close();
  }
}

async function* asChunks(src: NodeJS.ReadableStream | AsyncIterable<unknown>, name: string): AsyncGenerator<Uint8Array> {
  try {
    for await (const c of src as AsyncIterable<unknown>) {
      if (!(c instanceof Uint8Array)) {
        throw new SigwatchError(ErrorCode.BAD_OPTION, `capture input ${name} yields ${typeof c} chunks; expected bytes (no setEncoding)`);
      }
      if (c.length > 0) yield c;
    }
  } catch (e) {
    if (e instanceof SigwatchError) throw e;
    throw readFailure(name, e);
  }
}

/** A read error as the user can act on it: a directory (opened fine, EISDIR on read) says what to give instead. */
function readFailure(name: string, e: unknown): SigwatchError {
  const why =
    (e as NodeJS.ErrnoException).code === 'EISDIR'
      ? `it is a directory; name the capture files in it (for example ${name.replace(/\/+$/, '')}/*.pcap)`
      : (e as Error).message;
  return new SigwatchError(ErrorCode.IO, `cannot read capture ${name}: ${why}`, { file: name }, { cause: e });
}

/** Peeks at the first 2 bytes; if they are the gzip ID (RFC 1952 §2.3.1), decompresses (gunzip.ts). */
async function* gunzipIfNeeded(chunks: AsyncGenerator<Uint8Array>, file: string | undefined): AsyncGenerator<Uint8Array> {
  const head: Uint8Array[] = [];
  let headLen = 0;
  while (headLen < 2) {
    const r = await chunks.next();
    if (r.done === true) break;
    // A reused buffer (reuseBuffer) is overwritten by the next read: keep a copy of a short head.
    head.push(r.value.length < 2 ? r.value.slice() : r.value);
    headLen += r.value.length;
  }
  const first = head[0];
  const b1 = first === undefined ? undefined : first.length > 1 ? first[1] : head[1]?.[0];
  if (first?.[0] !== 0x1f || b1 !== 0x8b) {
    try {
      yield* head;
      yield* chunks;
    } finally {
      // A consumer that stops while the head is being yielded never reached `chunks`: end it
      // here, or its file (handle or read stream) stays open.
      await chunks.return(undefined);
    }
    return;
  }
  // Copies: the inflater reads ahead of its consumer and would see a reused buffer
  // (reuseBuffer) change under it. A 1 MiB copy is ~0.1 ms against ~5 ms to inflate it.
  async function* all(): AsyncGenerator<Uint8Array> {
    for (const c of head) yield c.slice();
    for await (const c of chunks) yield c.slice();
  }
  const src = all();
  try {
    yield* gunzipMembers(src);
  } catch (e) {
    if (e instanceof SigwatchError) throw e;
    // A GzipFormatError's offset counts compressed bytes; an error's byteOffset, decompressed ones.
    const at = e instanceof GzipFormatError ? ` (at compressed byte ${e.compressedOffset})` : '';
    throw withFile(new DecodeError(ErrorCode.MALFORMED, `gzip: ${(e as Error).message}${at}`, { layer: 'capture' }), file);
  } finally {
    await src.return(undefined);
    // `src` may end inside its head loop (an error in the first chunks): it never reached
    // `chunks`, whose reader owns the file. End that too, or the handle waits for GC (DEP0137, rt14 G3).
    await chunks.return(undefined);
  }
}
