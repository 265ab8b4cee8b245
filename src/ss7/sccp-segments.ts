/**
 * SCCP XUDT/LUDT segment reassembly (ITU-T Q.714 §4.1.1.2.3; segmentation parameter Q.713 §3.17).
 *
 * A segmented message is identified by the calling party address, the segmentation local
 * reference and the MTP/transport origin (the key built by the caller). The first segment has
 * F = 1 and says how many segments remain; each following one has F = 0 and a remaining count one
 * lower than the previous. The user data of all segments, in order, is the reassembled message.
 *
 * Bounded: at most `maxEntries` messages in progress (the oldest is evicted when full) and each
 * expires `maxAgeSec` capture seconds after its first segment. Evictions, expiries, orphan and
 * out-of-sequence segments are counted and reported as anomalies.
 */
import { anomaly, type Anomaly, type AnomalySink } from '../core/anomaly.js';
import type { Counters } from '../core/stats.js';

export const SCCP_SEGMENT_ANOMALY = {
  outOfSequence: 'sccp.segment-out-of-sequence',
  orphan: 'sccp.segment-orphan',
  restart: 'sccp.segment-restart',
  timeout: 'sccp.segment-timeout',
  evicted: 'sccp.segment-evicted',
} as const;

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
  counters?: Counters | undefined;
  /** Receives anomalies that belong to no current message (expiry, eviction). */
  onAnomaly?: AnomalySink | undefined;
}

export class SccpSegments {
  /** Insertion order = age order (entries are only ever added at the end). */
  private readonly entries = new Map<string, Entry>();
  private readonly opts: SccpSegmentsOptions;

  constructor(opts: SccpSegmentsOptions) {
    this.opts = opts;
  }

  get size(): number {
    return this.entries.size;
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
        this.entries.delete(key);
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
      this.entries.delete(key);
      return undefined;
    } else {
      e.expect = remaining - 1;
    }
    e.parts.push(bytes.slice(start, end));
    e.bytes += end - start;
    if (remaining !== 0) return undefined;
    this.entries.delete(key);
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
      this.entries.delete(key);
      this.opts.counters?.inc('sccp.segment.expired');
      this.opts.onAnomaly?.(
        anomaly(SCCP_SEGMENT_ANOMALY.timeout, 'sccp', `segmented message ${key} incomplete after ${this.opts.maxAgeSec} s (${e.parts.length} segment(s) dropped)`, frameNo),
      );
    }
  }

  private evictOldest(frameNo: number): void {
    for (const [key, e] of this.entries) {
      this.entries.delete(key);
      this.opts.counters?.inc('sccp.segment.evicted');
      this.opts.onAnomaly?.(
        anomaly(SCCP_SEGMENT_ANOMALY.evicted, 'sccp', `segment table full (${this.opts.maxEntries}); dropped ${key} with ${e.parts.length} segment(s)`, frameNo),
      );
      return;
    }
  }
}
