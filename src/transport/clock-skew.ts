/**
 * `capture.clock-skew`: frames more than CLOCK_STEP_SEC ahead of the capture's clock, then one back at it (core/expiry-clock.ts,
 * fed with every frame's time): a misdated frame, or two sources (probes, pcapng interfaces, files merged in arrival order)
 * whose clocks disagree (red-team round 17 K2d: a second probe 400 s ahead, interleaved, raised nothing while it expired
 * every UL dialogue before its ISD). State ages by the clock behind; this says the capture has two. Counted each time a run
 * ahead comes back; reported once per (interface of the frames ahead, interface of the frame back) pair, ≤ {@link MAX_PAIRS}
 * pairs: two interleaved sources end a run at nearly every frame.
 */
import { ExpiryClock } from '../core/expiry-clock.js';

/** Pairs of interfaces reported (pcapng allows 4,096 interfaces a section: the reports stay bounded). */
const MAX_PAIRS = 64;

export class ClockSkew {
  private readonly clock = new ExpiryClock();
  /** Interface of the first frame of the run held ahead (valid while one is). */
  private from = 0;
  private readonly reported = new Set<number>();

  /** @param report called with the detail of a pair's first run back (the caller counts every run: `counted`). */
  constructor(
    private readonly report: (detail: string) => void,
    private readonly counted: () => void,
  ) {}

  /** Frame time `t` (s) on pcapng interface `iface` (classic pcap: 0), in capture order. */
  frame(t: number, iface: number): void {
    const c = this.clock;
    const held = c.holding;
    if (c.observe(t)) this.back(iface);
    if (c.holding && (!held || c.runStart === t)) this.from = iface;
  }

  private back(iface: number): void {
    this.counted();
    const key = this.from * 4096 + iface;
    if (this.reported.size >= MAX_PAIRS || this.reported.has(key)) return;
    this.reported.add(key);
    const where = this.from === iface ? `interface ${iface}` : `interface ${this.from}, back on interface ${iface}`;
    this.report(
      `frames up to ${this.clock.skewSec} s ahead of the capture's clock, then one back (${where}): a misdated frame or two ` +
        'sources whose clocks disagree; state ages by the clock behind (reported once per pair of interfaces, counted each time)',
    );
  }
}
