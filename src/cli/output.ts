/** Writes lines to a stream, honouring backpressure (a slow pipe must not buffer without bound). */
import type { Writable } from 'node:stream';

export function writeLines(out: Writable, lines: string[]): Promise<void> {
  const ok = out.write(lines.join('\n') + '\n');
  if (ok) return Promise.resolve();
  return new Promise((resolve) => out.once('drain', () => resolve()));
}
