/**
 * Progress line on stderr (bytes, messages, messages/s) for long inputs: only when stderr is a
 * terminal, first drawn after 1 s so short scans stay silent, redrawn at most 5 times a second.
 */
export class Progress {
  private readonly tty: boolean;
  private readonly start = Date.now();
  private lastDraw = 0;
  private drawn = false;
  private bytes = 0;

  constructor(private readonly out: NodeJS.WriteStream = process.stderr) {
    this.tty = out.isTTY === true;
  }

  update(addBytes: number, messages: number): void {
    this.bytes += addBytes;
    if (!this.tty) return;
    const now = Date.now();
    if (now - this.start < 1000 || now - this.lastDraw < 200) return;
    this.lastDraw = now;
    this.drawn = true;
    const s = (now - this.start) / 1000;
    this.out.write(`\r\x1b[K${(this.bytes / 1048576).toFixed(1)} MB, ${messages} messages, ${Math.round(messages / s)} msg/s`);
  }

  done(): void {
    if (this.drawn) this.out.write('\r\x1b[K');
  }
}
