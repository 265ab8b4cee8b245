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
  /** A capture changed while it was read (`scan --workers`: the threads read different bytes of it). */
  INPUT_CHANGED: 'ERR_INPUT_CHANGED',
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
  /** Every problem found (configuration files are checked whole: all their mistakes at once). */
  problems?: readonly Problem[];
}

/** One problem in a configuration document (rule, profile, options): where, what, and a hint. */
export interface Problem {
  file?: string;
  line?: number;
  path?: string;
  message: string;
}

/** `file:line: path: message` — the form `rules lint` and the CLI print, one line per problem. */
export function problemLine(p: Problem): string {
  const where = p.file === undefined ? '' : `${p.file}${p.line === undefined ? '' : `:${p.line}`}: `;
  const path = p.path !== undefined && p.path !== '' ? `${p.path}: ` : p.file !== undefined ? '(document): ' : '';
  return `${where}${path}${p.message}`;
}

/**
 * One error carrying every problem (message: one line per problem); `file`/`line`/`path` are
 * the first problem's.
 */
export function problemsError(code: ErrorCode, problems: readonly Problem[]): SigwatchError {
  const first = problems[0] ?? { message: 'invalid' };
  const ctx: ErrorContext = { problems };
  if (first.file !== undefined) ctx.file = first.file;
  if (first.line !== undefined) ctx.line = first.line;
  if (first.path !== undefined) ctx.path = first.path;
  return new SigwatchError(code, problems.map(problemLine).join('\n'), ctx);
}

export class SigwatchError extends Error {
  readonly code: ErrorCode;
  readonly byteOffset: number | undefined;
  readonly frame: number | undefined;
  readonly layer: string | undefined;
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly path: string | undefined;
  /** Every problem (configuration errors); otherwise the one this error describes. */
  readonly problems: readonly Problem[];

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
    this.problems = ctx.problems ?? [withDefined({ file: ctx.file, line: ctx.line, path: ctx.path, message })];
  }
}

/**
 * The error's own problem: the message without the `file:line: path: ` it starts with (the form
 * config errors are written in), so {@link problemLine} does not repeat it.
 */
function withDefined(p: { file: string | undefined; line: number | undefined; path: string | undefined; message: string }): Problem {
  let message = p.message;
  if (p.file !== undefined) {
    for (const head of [`${p.file}:${p.line}: `, `${p.file}: `]) if (message.startsWith(head)) message = message.slice(head.length);
    if (p.path !== undefined && message.startsWith(`${p.path}: `)) message = message.slice(p.path.length + 2);
  }
  const out: Problem = { message };
  if (p.file !== undefined) out.file = p.file;
  if (p.line !== undefined) out.line = p.line;
  if (p.path !== undefined) out.path = p.path;
  return out;
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

/**
 * Names the capture an error belongs to: sets `file` and prefixes the message, once. Used where
 * the input's name is known (decode, scan, the Decoder's `source` option), so every capture
 * error — ERR_UNKNOWN_FORMAT included — says which file it is about.
 */
export function withFile<E>(e: E, file: string | undefined): E {
  if (file === undefined || !isSigwatchError(e) || e.file !== undefined) return e;
  const w = e as { file: string | undefined; message: string; problems: readonly Problem[] };
  w.file = file;
  w.message = `${file}: ${e.message}`;
  w.problems = e.problems.map((p) => (p.file === undefined ? { ...p, file } : p));
  return e;
}

/** Throws `ERR_BAD_OPTION` unless `v` is a Uint8Array (a Buffer is one): the bytes argument of a public entry point. */
export function expectBytes(entry: string, v: unknown): asserts v is Uint8Array {
  if (!(v instanceof Uint8Array)) throw new SigwatchError(ErrorCode.BAD_OPTION, `${entry}: expected a Uint8Array or Buffer, got ${kindOf(v)}`);
}

/** What a wrong argument is, for messages: `null`, `string`, `Array`, `ArrayBuffer` ... */
function kindOf(v: unknown): string {
  if (v === null || typeof v !== 'object') return v === null ? 'null' : typeof v;
  return (v as object).constructor?.name ?? 'object';
}
