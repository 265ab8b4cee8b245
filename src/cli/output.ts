/**
 * Writes lines to stdout, honouring backpressure (a slow pipe must not buffer without bound),
 * and ends the process quietly when the reader has gone (EPIPE: `sigwatch … | head -1`),
 * like grep and tshark: exit 0, no stack trace, temporaries of output files removed.
 */
import type { Writable } from 'node:stream';
import { jsonSafe } from '../report/safe-text.js';

/** JSON lines: DEL, C1 and bidi controls escaped too (safe-text.ts), so a terminal shows them. */
export function writeLines(out: Writable, lines: string[]): Promise<void> {
  for (let i = 0; i < lines.length; i++) lines[i] = jsonSafe(lines[i]!);
  const ok = out.write(lines.join('\n') + '\n');
  if (ok) return Promise.resolve();
  return new Promise((resolve) => out.once('drain', () => resolve()));
}

/** Byte chunks (report/alert-bytes.ts: already JSON-safe, never reused) with the same backpressure. */
export function writeChunks(out: Writable, chunks: readonly Uint8Array[]): Promise<void> {
  let ok = true;
  for (const c of chunks) ok = out.write(c);
  if (ok) return Promise.resolve();
  return new Promise((resolve) => out.once('drain', () => resolve()));
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
