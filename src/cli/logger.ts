/** pino logger of the CLI: JSON lines on stderr (fd 2), so stdout stays clean for alerts and events. */
import { pino, type Logger } from 'pino';
import { didYouMean, singleQuoted } from '../core/suggest.js';
import { UsageError } from './exit-codes.js';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function createCliLogger(level: string | undefined): Logger {
  const l = level ?? 'warn';
  if (!LOG_LEVELS.includes(l)) throw new UsageError(`--log-level: expected one of ${LOG_LEVELS.join(', ')}, got '${l}'${didYouMean(l, LOG_LEVELS, singleQuoted)}`);
  return pino({ name: 'sigwatch', level: l }, pino.destination({ fd: 2, sync: true }));
}
