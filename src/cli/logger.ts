/** pino logger of the CLI: JSON lines on stderr (fd 2), so stdout stays clean for alerts and events. */
import { writeSync } from 'node:fs';
import { pino, type Logger } from 'pino';
import { didYouMean, singleQuoted } from '../core/suggest.js';
import { jsonSafe } from '../report/safe-text.js';
import { UsageError } from './exit-codes.js';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/**
 * Log lines quote capture data (inferred home evidence, realms): pino's JSON escapes C0 controls,
 * jsonSafe (safe-text.ts) adds DEL, C1 and bidi controls. Written synchronously; a closed stderr
 * (EPIPE) drops the line.
 */
function stderrSafe(filter: ((line: string) => string) | undefined): { write(line: string): void } {
  return {
    write(line: string): void {
      try {
        writeSync(2, jsonSafe(filter === undefined ? line : filter(line)));
      } catch {
        // stderr closed: nothing to tell anyone
      }
    },
  };
}

/** `filter`: rewrites each JSON line before it is written (--anonymize: Anonymizer.text). */
export function createCliLogger(level: string | undefined, filter?: (line: string) => string): Logger {
  const l = level ?? 'warn';
  if (!LOG_LEVELS.includes(l))
    throw new UsageError(`--log-level: expected one of ${LOG_LEVELS.join(', ')}, got '${l}'${didYouMean(l, LOG_LEVELS, singleQuoted)}`);
  return pino({ name: 'sigwatch', level: l }, stderrSafe(filter));
}
