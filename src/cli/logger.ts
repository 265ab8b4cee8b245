/** pino logger of the CLI: JSON lines on stderr (fd 2), so stdout stays clean for alerts and events. */
import { writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Logger, LevelWithSilent } from 'pino';
import { didYouMean, singleQuoted } from '../core/suggest.js';
import { jsonSafe } from '../report/safe-text.js';
import { UsageError } from './exit-codes.js';

/** pino's levels and their numbers (pino `levels.values`; `silent` is above every level). */
const LEVEL_VALUES: Readonly<Record<LevelWithSilent, number>> = { fatal: 60, error: 50, warn: 40, info: 30, debug: 20, trace: 10, silent: Infinity };
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

/** What the library logs through (api/scan-options.ts `logger`). */
type CliLogger = Pick<Logger, 'debug' | 'info' | 'warn'>;

/**
 * `filter`: rewrites each JSON line before it is written (--anonymize: Anonymizer.text). pino
 * (with sonic-boom, thread-stream: ~15 ms of start-up CPU, bench/results-notes.md "startup") is
 * loaded at the first line the level lets through, which most scans never write.
 */
export function createCliLogger(level: string | undefined, filter?: (line: string) => string): CliLogger {
  const l = level ?? 'warn';
  if (!LOG_LEVELS.includes(l))
    throw new UsageError(`--log-level: expected one of ${LOG_LEVELS.join(', ')}, got '${l}'${didYouMean(l, LOG_LEVELS, singleQuoted)}`);
  const min = LEVEL_VALUES[l as LevelWithSilent];
  let real: Logger | undefined;
  const pino = (): Logger =>
    (real ??= (createRequire(import.meta.url)('pino') as typeof import('pino')).pino({ name: 'sigwatch', level: l }, stderrSafe(filter)));
  return {
    debug: (...a: Parameters<Logger['debug']>) => (LEVEL_VALUES.debug >= min ? pino().debug(...a) : undefined),
    info: (...a: Parameters<Logger['info']>) => (LEVEL_VALUES.info >= min ? pino().info(...a) : undefined),
    warn: (...a: Parameters<Logger['warn']>) => (LEVEL_VALUES.warn >= min ? pino().warn(...a) : undefined),
  };
}
