/** `scan --workers N` (api/workers.ts): validation, kept apart from scan-command.ts. */
import { rereadablePath } from '../api/scan.js';
import { UsageError } from './exit-codes.js';

/**
 * Worker count (1 = no threads). Threads re-read the captures, so stdin, pipes, FIFOs and
 * `/dev/stdin` (read once: a thread opening the path itself got 0 bytes and its subscribers'
 * alerts were lost, red-team review) run on one thread.
 */
export function parseWorkers(value: string | undefined, inputs: readonly string[], stateOut: boolean): number {
  if (value === undefined) return 1;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new UsageError(`--workers: expected an integer from 1 to 64, got '${value}'`);
  if (n === 1) return 1;
  if (inputs.some((f) => f === '-' || !rereadablePath(f))) {
    process.stderr.write('sigwatch: note: --workers needs capture files (stdin and pipes are read once); scanning on one thread\n');
    return 1;
  }
  if (stateOut) throw new UsageError('--workers with --state-out: the state is split over the threads; use one worker to save it');
  return n;
}
