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
 * out-of-sequence segments are counted and reported as anomalies.
 */
import type { AnomalyCode } from '../core/anomaly-codes.js';
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

interface Entry {
  firstTsSec: number;
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
  /** Insertion order = age order (entries are only ever added at the end). */
  private readonly entries = new Map<string, Entry>();
  private readonly opts: SccpSegmentsOptions;
  /** Bytes charged across all entries (see SEGMENT_OVERHEAD). */
  private charged = 0;

  constructor(opts: SccpSegmentsOptions) {
    this.opts = opts;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Bytes charged for the messages in progress (data + per-segment overhead). */
  get bufferedBytes(): number {
    return this.charged;
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
    this.expire(tsSec, frameNo);
    const c = this.opts.counters;
    c?.inc('sccp.segments');
    let e = this.entries.get(key);
    if (first) {
      if (e !== undefined) {
        anomalies.push(anomaly(SCCP_SEGMENT_ANOMALY.restart, 'sccp', `first segment while ${e.parts.length} segment(s) of the same reference are pending; restarted`, frameNo));
        c?.inc('sccp.segment.restart');
        this.remove(key, e);
      }
      if (this.entries.size >= this.opts.maxEntries) this.evictOldest(frameNo);
      e = { firstTsSec: tsSec, expect: remaining - 1, parts: [], bytes: 0 };
      this.entries.set(key, e);
    } else if (e === undefined) {
      anomalies.push(anomaly(SCCP_SEGMENT_ANOMALY.orphan, 'sccp', `segment with ${remaining} remaining and no first segment`, frameNo));
      c?.inc('sccp.segment.orphan');
      return undefined;
    } else if (remaining !== e.expect) {
      anomalies.push(anomaly(SCCP_SEGMENT_ANOMALY.outOfSequence, 'sccp', `segment with ${remaining} remaining, expected ${e.expect}; message dropped`, frameNo));
      c?.inc('sccp.segment.out-of-sequence');
      this.remove(key, e);
      return undefined;
    } else {
      e.expect = remaining - 1;
    }
    e.parts.push(bytes.slice(start, end));
    e.bytes += end - start;
    this.charged += end - start + SEGMENT_OVERHEAD;
    if (remaining !== 0) {
      const max = this.opts.maxBytes ?? Infinity;
      while (this.charged > max && this.entries.size > 0) this.evictOldest(frameNo, 'sccpSegmentBytes');
      return undefined;
    }
    this.remove(key, e);
    c?.inc('sccp.reassembled');
    const out = new Uint8Array(e.bytes);
    let p = 0;
    for (const part of e.parts) {
      out.set(part, p);
      p += part.length;
    }
    return out;
  }

  /** Drops entries older than maxAgeSec at capture time `tsSec`. */
  private expire(tsSec: number, frameNo: number): void {
    for (const [key, e] of this.entries) {
      if (tsSec - e.firstTsSec <= this.opts.maxAgeSec) break;
      this.remove(key, e);
      this.opts.counters?.inc('sccp.segment.expired');
      this.opts.onAnomaly?.(
        anomaly(SCCP_SEGMENT_ANOMALY.timeout, 'sccp', `segmented message ${key} incomplete after ${this.opts.maxAgeSec} s (${e.parts.length} segment(s) dropped)`, frameNo),
      );
    }
  }

  private evictOldest(frameNo: number, why = `${this.opts.maxEntries} messages`): void {
    for (const [key, e] of this.entries) {
      this.remove(key, e);
      this.opts.counters?.inc('sccp.segment.evicted');
      this.opts.onAnomaly?.(anomaly(SCCP_SEGMENT_ANOMALY.evicted, 'sccp', `segment table full (${why}); dropped ${key} with ${e.parts.length} segment(s)`, frameNo));
      return;
    }
  }

  private remove(key: string, e: Entry): void {
    this.entries.delete(key);
    this.charged -= e.bytes + e.parts.length * SEGMENT_OVERHEAD;
  }
}
