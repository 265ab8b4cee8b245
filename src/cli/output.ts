/**
 * Writes lines to stdout, honouring backpressure (a slow pipe must not buffer without bound),
 * and ends the process quietly when the reader has gone (EPIPE: `sigwatch … | head -1`),
 * like grep and tshark: exit 0, no stack trace, temporaries of output files removed.
 */
import type { Writable } from 'node:stream';
import { jsonSafe } from '../report/safe-text.js';

/** Characters written per stdout write (below V8's 128 KiB large-object threshold). */
const WRITE_PIECE = 64 * 1024;

/**
 * JSON lines (`--eve`; `--jsonl` lines are bytes already, {@link writeChunks}): DEL, C1 and bidi
 * controls escaped too (safe-text.ts), so a terminal shows them.
 */
export function writeLines(out: Writable, lines: string[]): Promise<void> {
  // Written in pieces of ~64 KiB, not as one joined string: a capture chunk's alerts of a flood
  // joined to ~2.4 MB, above V8's 128 KiB regular-object size, so every chunk allocated its text
  // in the old generation's large-object space (822 MB over the 755 k-message flood, which grew
  // the old generation's limit). measured: CLI flood --jsonl peak RSS 364 → see bench/RESULTS.md.
  let ok = true;
  let piece = '';
  for (let i = 0; i < lines.length; i++) {
    piece += jsonSafe(lines[i]!) + '\n';
    if (piece.length >= WRITE_PIECE) {
      ok = out.write(piece) && ok;
      piece = '';
    }
  }
  if (piece.length > 0) ok = out.write(piece) && ok;
  if (ok) return Promise.resolve();
  return new Promise((resolve) => out.once('drain', () => resolve()));
}

/**
 * Byte chunks (report/alert-bytes.ts: already JSON-safe). Resolves when the stream has written
 * them all (the last write's callback: the bytes went to the OS), so their buffers may be reused;
 * that wait is the backpressure too. A write error resolves as well (quietOnClosedOutput handles it).
 */
export function writeChunks(out: Writable, chunks: readonly Uint8Array[]): Promise<void> {
  const last = chunks.length - 1;
  if (last < 0) return Promise.resolve();
  return new Promise((resolve) => {
    for (let i = 0; i < last; i++) out.write(chunks[i]!);
    out.write(chunks[last]!, () => resolve());
  });
}

/** A stream error of stdout/stderr: EPIPE (reader closed) ends the command with exit 0. */
export function quietOnClosedOutput(): void {
  const onError = (e: NodeJS.ErrnoException): void => {
    if (e.code === 'EPIPE' || e.code === 'ERR_STREAM_DESTROYED') process.exit(0);
    throw e;
  };
  process.stdout.on('error', onError);
  process.stderr.on('error', onError);
}
