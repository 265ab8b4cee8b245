/**
 * Progress on stderr, in every pass: `pass 1/2: inferring home network  42% 37.8/90.0 MB,
 * 310k messages, 562k msg/s, 3 s left`. Percentage and time left when the total is known (file
 * size; for gzip the compressed bytes read so far against the file size). Drawn only when stderr
 * is a terminal (or with --progress), first after 1 s so short scans stay silent, redrawn at
 * most 5 times a second; the rate is per pass, so a slow first pass does not dilute the second.
 * `done()` prints the final line: bytes, messages, duration and rate.
 */
import { statSync } from 'node:fs';

export interface ProgressOptions {
  /** Draw even when the stream is not a terminal (one line per update instead of a redraw). */
  force?: boolean;
  /** Milliseconds before the first draw (default 1000). */
  delayMs?: number;
}

/** Size of a capture file, or undefined for stdin / unreadable paths. */
export function fileSize(input: string): number | undefined {
  if (input === '-') return undefined;
  try {
    return statSync(input).size;
  } catch {
    return undefined;
  }
}

function mb(n: number): string {
  return (n / 1048576).toFixed(1);
}

function duration(s: number): string {
  if (s < 60) return `${s < 10 ? s.toFixed(1) : Math.round(s)} s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m} min ${Math.round(s - m * 60)} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

function count(n: number): string {
  return n >= 1e6 ? `${(n / 1e6).toFixed(1)}M` : n >= 1e4 ? `${Math.round(n / 1e3)}k` : String(n);
}

export class Progress {
  private readonly draw: boolean;
  private readonly tty: boolean;
  private readonly delayMs: number;
  private readonly scanStart = Date.now();
  private passStart = Date.now();
  private lastDraw = 0;
  private drawn = false;
  private label = '';
  private total: number | undefined;
  private bytes = 0;
  private messages0 = 0;
  private passes = 0;

  constructor(
    private readonly out: NodeJS.WriteStream = process.stderr,
    opts: ProgressOptions = {},
  ) {
    this.tty = out.isTTY === true;
    this.draw = this.tty || opts.force === true;
    this.delayMs = opts.delayMs ?? 1000;
  }

  /** Starts a pass over inputs totalling `total` bytes on disk (undefined: unknown, e.g. stdin). */
  pass(n: number, of: number, what: string, total: number | undefined, messages = 0): void {
    this.clear();
    this.label = `pass ${n}/${of}: ${what}`;
    this.passes = of;
    this.total = total;
    this.bytes = 0;
    this.messages0 = messages;
    this.passStart = Date.now();
    this.lastDraw = 0;
  }

  /** `addBytes`: bytes of the input consumed (on disk: compressed bytes for gzip). */
  update(addBytes: number, messages: number): void {
    this.bytes += addBytes;
    if (!this.draw) return;
    const now = Date.now();
    if (now - this.scanStart < this.delayMs || now - this.lastDraw < (this.tty ? 200 : 1000)) return;
    this.lastDraw = now;
    this.drawn = true;
    const s = Math.max(0.001, (now - this.passStart) / 1000);
    const msgs = messages - this.messages0;
    let line = `${this.label}  `;
    if (this.total !== undefined && this.total > 0) {
      const f = Math.min(1, this.bytes / this.total);
      const left = f > 0 ? (s / f) * (1 - f) : undefined;
      line += `${Math.floor(f * 100)}% ${mb(this.bytes)}/${mb(this.total)} MB`;
      line += `, ${count(msgs)} messages, ${count(Math.round(msgs / s))} msg/s`;
      if (left !== undefined) line += `, ${duration(left)} left`;
    } else line += `${mb(this.bytes)} MB, ${count(msgs)} messages, ${count(Math.round(msgs / s))} msg/s`;
    this.out.write(this.tty ? `\r\x1b[K${line}` : `${line}\n`);
  }

  private clear(): void {
    if (this.drawn && this.tty) this.out.write('\r\x1b[K');
  }

  /**
   * Clears the line; when anything was drawn, prints the totals: input size (the last pass's
   * bytes), messages, wall time of all passes and the resulting rate.
   */
  done(messages: number): void {
    this.clear();
    if (!this.drawn) return;
    const s = Math.max(0.001, (Date.now() - this.scanStart) / 1000);
    const passes = this.passes > 1 ? ` in ${this.passes} passes` : '';
    this.out.write(
      `sigwatch: ${count(messages)} messages (${mb(this.bytes)} MB) scanned${passes} in ${duration(s)}: ${count(Math.round(messages / s))} msg/s overall\n`,
    );
  }
}
