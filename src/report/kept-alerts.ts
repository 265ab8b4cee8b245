/**
 * The alerts a report keeps whole (the summary's "Why", the HTML report's details): the first
 * `max` by level, highest first, then by arrival. Red-team rt14 G4: kept by arrival, 5 info
 * alerts sent first left a high alert's subscriber and explanation out of the summary, 2,000 out
 * of the HTML report. Held as UTF-8 JSON (collector.ts: ~1.4 kB each, outside the V8 heap), one
 * list per level; an alert whose JSON does not fit `maxBytes` beside the kept ones is counted,
 * not kept, so a few huge alerts cannot hide every later one.
 */
import { LEVELS } from '../detect/rule-schema.js';

export class KeptAlerts {
  /** Kept alerts per level index (LEVELS), each list in arrival order. */
  private readonly kept: Buffer[][] = LEVELS.map(() => []);
  /** Chosen alerts that did not fit `maxBytes`, per level index. */
  private readonly skippedBy: number[] = LEVELS.map(() => 0);
  /** Chosen alerts: kept + skipped, at most `max`. */
  private chosen = 0;
  private bytes = 0;
  /** Bytes kept per level index. */
  private readonly levelBytes: number[] = LEVELS.map(() => 0);
  /** Chosen alerts that did not fit `maxBytes` (the report's `alertsCut`). */
  skipped = 0;
  /**
   * The lowest level index with a chosen alert (LEVELS.length: none), kept by {@link add}: {@link wants} runs
   * per alert and mostly says no. measured (bench/results-notes.md, "row15"): its walk of the levels was
   * ~165 instructions an alert of the 150 k flood.
   */
  private low: number = LEVELS.length;

  constructor(
    private readonly max: number,
    private readonly maxBytes: number,
  ) {}

  /** Whether an alert of level index `rank` is chosen now: test before making its JSON. */
  wants(rank: number): boolean {
    return this.chosen < this.max || this.low < rank;
  }

  /**
   * Adds an alert {@link wants} accepted: past `max`, the last arrived of the lowest level goes. The
   * bytes go to higher levels first: when cutting kept alerts of lower levels than this one makes
   * room for it, they are cut, the lowest level and newest first, counted as skipped (final read
   * 14-A #1: info alerts filling the bytes first kept a high one out).
   */
  add(rank: number, json: Buffer): void {
    this.choose(rank, json);
    this.low = this.lowest();
  }

  private choose(rank: number, json: Buffer): void {
    if (this.chosen >= this.max) this.evict(this.low);
    this.chosen++;
    if (this.bytes + json.length > this.maxBytes && this.bytes - this.bytesBelow(rank) + json.length <= this.maxBytes)
      for (let r = this.lowestKept(); this.bytes + json.length > this.maxBytes; r = this.lowestKept()) {
        const cut = this.kept[r]!.pop()!.length;
        this.bytes -= cut;
        this.levelBytes[r]! -= cut;
        this.skippedBy[r]!++;
        this.skipped++;
      }
    if (this.bytes + json.length > this.maxBytes) {
      this.skipped++;
      this.skippedBy[rank]!++;
      return;
    }
    this.kept[rank]!.push(json);
    this.bytes += json.length;
    this.levelBytes[rank]! += json.length;
  }

  /** The kept alerts, highest level first, each level in arrival order. */
  list(): Buffer[] {
    const out: Buffer[] = [];
    for (let i = this.kept.length - 1; i >= 0; i--) out.push(...this.kept[i]!);
    return out;
  }

  private lowest(): number {
    for (let i = 0; i < this.kept.length; i++) if (this.kept[i]!.length + this.skippedBy[i]! > 0) return i;
    return this.kept.length;
  }

  /** Bytes of the kept alerts of levels below `rank`. */
  private bytesBelow(rank: number): number {
    let n = 0;
    for (let i = 0; i < rank; i++) n += this.levelBytes[i]!;
    return n;
  }

  private lowestKept(): number {
    for (let i = 0; i < this.kept.length; i++) if (this.kept[i]!.length > 0) return i;
    return this.kept.length;
  }

  private evict(rank: number): void {
    this.chosen--;
    if (this.skippedBy[rank]! > 0) {
      this.skippedBy[rank]!--;
      this.skipped--;
      return;
    }
    const gone = this.kept[rank]!.pop()!.length;
    this.bytes -= gone;
    this.levelBytes[rank]! -= gone;
  }
}
