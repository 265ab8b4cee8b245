/**
 * Output files of the CLI (`--report`, `--state-out`), checked before any work (issue 16):
 *
 * - `OutputFile.open(path)` runs before the first capture byte is read. A regular target gets a
 *   temporary file beside it (`.NAME.sigwatch-PID-N.tmp`, created with O_EXCL), so a missing
 *   directory, a directory as target or a read-only place fails at once with ERR_IO naming the
 *   path. An existing non-regular target (a device such as /dev/null, a FIFO) is opened for
 *   writing at once instead: it cannot be renamed onto, and a failing device (/dev/full) is
 *   reported when written, after the summary.
 * - `commit(text)` writes, closes and renames the temporary over the target: readers never see
 *   a half file. `text` may be pieces (an iterable of strings, `--state-out`), written through a
 *   1 MiB buffer as they come, so the whole text is never one string. A run that fails or is cut short (EPIPE exit) removes its temporaries
 *   (`discardAll`, also on process exit).
 */
import { closeSync, openSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ErrorCode, SigwatchError } from '../core/errors.js';

const pending = new Set<OutputFile>();
let serial = 0;

function ioError(path: string, what: string, e: unknown): SigwatchError {
  const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
  return new SigwatchError(ErrorCode.IO, `cannot write ${what} ${path}: ${code}`, { file: path }, { cause: e });
}

export class OutputFile {
  private constructor(
    readonly path: string,
    private readonly what: string,
    private fd: number | undefined,
    private readonly tmp: string | undefined,
  ) {}

  /** Opens (device) or reserves (regular file) `path` now; throws ERR_IO naming it. */
  static open(path: string, what: string): OutputFile {
    let st: ReturnType<typeof statSync>;
    try {
      st = statSync(path, { throwIfNoEntry: false });
    } catch (e) {
      throw ioError(path, what, e); // ENOTDIR, EACCES on a parent
    }
    if (st?.isDirectory()) throw ioError(path, what, Object.assign(new Error('EISDIR'), { code: 'EISDIR' }));
    try {
      if (st !== undefined && !st.isFile()) return new OutputFile(path, what, openSync(path, 'w'), undefined);
      const tmp = join(dirname(path), `.${basename(path)}.sigwatch-${process.pid}-${serial++}.tmp`);
      const f = new OutputFile(path, what, openSync(tmp, 'wx', 0o644), tmp);
      pending.add(f);
      return f;
    } catch (e) {
      throw ioError(path, what, e);
    }
  }

  /** Writes `text` and puts it in place (rename over the target); throws ERR_IO naming the target. */
  commit(text: string | Iterable<string>): void {
    const fd = this.fd;
    if (fd === undefined) throw new Error(`${this.path}: already committed`);
    try {
      if (typeof text === 'string') writeAll(fd, Buffer.from(text, 'utf8'));
      else writePieces(fd, text);
      this.fd = undefined;
      closeSync(fd);
      if (this.tmp !== undefined) renameSync(this.tmp, this.path);
      pending.delete(this);
    } catch (e) {
      this.discard();
      throw ioError(this.path, this.what, e);
    }
  }

  /** Closes and removes the temporary (the target is left as it was). */
  discard(): void {
    pending.delete(this);
    if (this.fd !== undefined) {
      try {
        closeSync(this.fd);
      } catch {
        // already closed
      }
      this.fd = undefined;
    }
    if (this.tmp !== undefined) {
      try {
        unlinkSync(this.tmp);
      } catch {
        // already gone (renamed or removed)
      }
    }
  }

  /** Removes every temporary not committed (failed run, early exit). */
  static discardAll(): void {
    for (const f of [...pending]) f.discard();
  }
}

function writeAll(fd: number, buf: Uint8Array): void {
  for (let off = 0; off < buf.length; ) off += writeSync(fd, buf, off);
}

const PIECES_BUFFER = 1024 * 1024;

/** Writes the pieces' UTF-8 through one buffer (a piece larger than it is written by itself). */
function writePieces(fd: number, pieces: Iterable<string>): void {
  const buf = Buffer.allocUnsafe(PIECES_BUFFER);
  let used = 0;
  for (const p of pieces) {
    if (used + p.length * 3 > PIECES_BUFFER) {
      writeAll(fd, buf.subarray(0, used));
      used = 0;
    }
    if (p.length * 3 > PIECES_BUFFER) writeAll(fd, Buffer.from(p, 'utf8'));
    else used += buf.write(p, used, 'utf8');
  }
  writeAll(fd, buf.subarray(0, used));
}

process.on('exit', () => OutputFile.discardAll());
