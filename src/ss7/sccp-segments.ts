/**
 * SCCP XUDT/LUDT segment reassembly (ITU-T Q.714 §4.1.1.2.3; segmentation parameter Q.713 §3.17).
 *
 * A segmented message is identified by the calling party address, the segmentation local
 * reference and the MTP/transport origin (the key built by the caller). The first segment has
 * F = 1 and says how many segments remain; each following one has F = 0 and a remaining count one
 * lower than the previous. The user data of all segments, in order, is the reassembled message.
 *
 * Bounded: at most `maxEntries` messages in progress and `maxBytes` buffered (the oldest is
 * evicted when either is exceeded), and each expires `maxAgeSec` capture seconds after its first
 * segment. Evictions, expiries, orphan and
 * out-of-sequence segments are counted and reported as anomalies. The table is the core bounded
 * table (core/bounded-table.ts) in insertion order: age counts from the first segment.
 */
import type { AnomalyCode } from '../core/anomaly-codes.js';
import { BoundedTable, type BoundedEntry, type EvictReason } from '../core/bounded-table.js';
import { anomaly, type Anomaly, type AnomalySink } from '../core/anomaly.js';
import type { Counters } from '../core/stats.js';

export const SCCP_SEGMENT_ANOMALY = {
  outOfSequence: 'sccp.segment-out-of-sequence',
  orphan: 'sccp.segment-orphan',
  restart: 'sccp.segment-restart',
  timeout: 'sccp.segment-timeout',
  evicted: 'sccp.segment-evicted',
} as const satisfies Record<string, AnomalyCode>;

/** Bytes charged per buffered segment on top of its data (the Uint8Array and its buffer). */
const SEGMENT_OVERHEAD = 256;

/** A message in progress; its table entry is charged data + SEGMENT_OVERHEAD per segment. */
interface Entry {
  /** Remaining-segments value expected on the next segment. */
  expect: number;
  parts: Uint8Array[];
  bytes: number;
}

export interface SccpSegmentsOptions {
  maxEntries: number;
  maxAgeSec: number;
  /** Bytes charged across all entries (data + SEGMENT_OVERHEAD per segment); default unlimited. */
  maxBytes?: number;
  counters?: Counters | undefined;
  /** Receives anomalies that belong to no current message (expiry, eviction). */
  onAnomaly?: AnomalySink | undefined;
}

export class SccpSegments {
  private readonly entries: BoundedTable<string, Entry>;
  private readonly opts: SccpSegmentsOptions;
  /** Frame of the segment being added (for eviction anomalies). */
  private frameNo = 0;

  constructor(opts: SccpSegmentsOptions) {
    this.opts = opts;
    this.entries = new BoundedTable<string, Entry>({
      maxEntries: opts.maxEntries,
      maxBytes: opts.maxBytes,
      maxAgeSec: opts.maxAgeSec,
      onEvict: (slot, why) => this.evicted(slot, why),
    });
  }

  get size(): number {
    return this.entries.size;
  }

  /** Bytes charged for the messages in progress (data + per-segment overhead). */
  get bufferedBytes(): number {
    return this.entries.bytes;
  }

  /**
   * Adds the segment `[start, end)` of `bytes`. Returns the reassembled user data (a fresh copy)
   * when this was the last segment, undefined otherwise. Anomalies about this segment are pushed
   * to `anomalies` (the current message's list).
   */
  add(
    key: string,
    first: boolean,
    remaining: number,
    bytes: Uint8Array,
    start: number,
    end: number,
    tsSec: number,
    frameNo: number,
    anomalies: Anomaly[],
  ): Uint8Array | undefined {
    const entries = this.entries;
    this.frameNo = frameNo;
    entries.expire(tsSec);
    const c = this.opts.counters;
    c?.inc('sccp.segments');
    let slot = entries.get(key);
    if (first) {
      if (slot !== undefined) {
        anomalies.push(
          anomaly(
            SCCP_SEGMENT_ANOMALY.restart,
            'sccp',
            `first segment while ${slot.value.parts.length} segment(s) of the same reference are pending; restarted`,
            frameNo,
          ),
        );
        c?.inc('sccp.segment.restart');
        entries.delete(slot);
      }
      slot = entries.set(key, { expect: remaining - 1, parts: [], bytes: 0 }, tsSec);
    } else if (slot === undefined) {
      anomalies.push(anomaly(SCCP_SEGMENT_ANOMALY.orphan, 'sccp', `segment with ${remaining} remaining and no first segment`, frameNo));
      c?.inc('sccp.segment.orphan');
      return undefined;
    } else if (remaining !== slot.value.expect) {
      anomalies.push(
        anomaly(SCCP_SEGMENT_ANOMALY.outOfSequence, 'sccp', `segment with ${remaining} remaining, expected ${slot.value.expect}; message dropped`, frameNo),
      );
      c?.inc('sccp.segment.out-of-sequence');
      entries.delete(slot);
      return undefined;
    } else {
      slot.value.expect = remaining - 1;
    }
    const e = slot.value;
    e.parts.push(bytes.slice(start, end));
    e.bytes += end - start;
    entries.charge(slot, end - start + SEGMENT_OVERHEAD);
    if (remaining !== 0) {
      entries.enforce(tsSec); // sccpSegmentBytes: oldest first
      return undefined;
    }
    entries.delete(slot);
    c?.inc('sccp.reassembled');
    const out = new Uint8Array(e.bytes);
    let p = 0;
    for (const part of e.parts) {
      out.set(part, p);
      p += part.length;
    }
    return out;
  }

  /** The table evicted `slot` (age, maxEntries or maxBytes): counted and reported. */
  private evicted(slot: BoundedEntry<string, Entry>, why: EvictReason): void {
    const key = slot.key!;
    const n = slot.value.parts.length;
    if (why === 'age') {
      this.opts.counters?.inc('sccp.segment.expired');
      this.opts.onAnomaly?.(
        anomaly(
          SCCP_SEGMENT_ANOMALY.timeout,
          'sccp',
          `segmented message ${key} incomplete after ${this.opts.maxAgeSec} s (${n} segment(s) dropped)`,
          this.frameNo,
        ),
      );
    } else {
      this.opts.counters?.inc('sccp.segment.evicted');
      const limit = why === 'limit' ? `${this.opts.maxEntries} messages` : 'sccpSegmentBytes';
      this.opts.onAnomaly?.(anomaly(SCCP_SEGMENT_ANOMALY.evicted, 'sccp', `segment table full (${limit}); dropped ${key} with ${n} segment(s)`, this.frameNo));
    }
  }
}
