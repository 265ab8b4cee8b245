/**
 * Errors with stable codes. Every error sigwatch throws on bad input is a {@link SigwatchError};
 * callers switch on `code`, never on the message text.
 *
 * Decoders on the hot path do not throw for malformed protocol data: they record an
 * {@link Anomaly} and move on. Errors are for conditions that stop a whole input (a file that is
 * not a capture, a record length beyond any limit) or for invalid configuration (rules, profiles).
 */

export const ErrorCode = {
  /** Input is not a pcap, pcapng or gzip of either. */
  UNKNOWN_FORMAT: 'ERR_UNKNOWN_FORMAT',
  /** The capture ended in the middle of a header or record. */
  TRUNCATED: 'ERR_TRUNCATED',
  /** A length field is impossible (record > 256 MiB, block length not a multiple of 4, ...). */
  BAD_LENGTH: 'ERR_BAD_LENGTH',
  /** A structure is malformed in a way that stops decoding of this unit. */
  MALFORMED: 'ERR_MALFORMED',
  /** A configured limit was exceeded (nesting depth, buffer size). */
  LIMIT: 'ERR_LIMIT',
  /** The file cannot be opened or read. */
  IO: 'ERR_IO',
  /** Invalid rule file. */
  BAD_RULE: 'ERR_BAD_RULE',
  /** Invalid profile file. */
  BAD_PROFILE: 'ERR_BAD_PROFILE',
  /** Invalid import data (CSV, IR.21 XML, state seed). */
  BAD_IMPORT: 'ERR_BAD_IMPORT',
  /** Invalid option passed to an API. */
  BAD_OPTION: 'ERR_BAD_OPTION',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export interface ErrorContext {
  /** Byte offset in the input stream (capture file) where the problem starts. */
  byteOffset?: number;
  /** 1-based frame number, when the problem belongs to a frame. */
  frame?: number;
  /** Protocol layer. */
  layer?: string;
  /** File the problem is in (rules, profiles, imports). */
  file?: string;
  /** Line in that file, 1-based. */
  line?: number;
  /** Path inside a structured document, e.g. `detection.sel1.op`. */
  path?: string;
}

export class SigwatchError extends Error {
  readonly code: ErrorCode;
  readonly byteOffset: number | undefined;
  readonly frame: number | undefined;
  readonly layer: string | undefined;
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly path: string | undefined;

  constructor(code: ErrorCode, message: string, ctx: ErrorContext = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SigwatchError';
    this.code = code;
    this.byteOffset = ctx.byteOffset;
    this.frame = ctx.frame;
    this.layer = ctx.layer;
    this.file = ctx.file;
    this.line = ctx.line;
    this.path = ctx.path;
  }
}

/** Error raised by the capture and protocol decoders; same shape, narrower meaning. */
export class DecodeError extends SigwatchError {
  constructor(code: ErrorCode, message: string, ctx: ErrorContext = {}) {
    super(code, message, ctx);
    this.name = 'DecodeError';
  }
}

export function isSigwatchError(e: unknown): e is SigwatchError {
  return e instanceof SigwatchError;
}
