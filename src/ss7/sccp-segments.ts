/**
 * SCCP XUDT/LUDT segment reassembly (ITU-T Q.714 §4.1.1.2.3; segmentation parameter Q.713 §3.17).
 *
 * A segmented message is identified by the calling party address, the segmentation local
 * reference and the MTP/transport origin (the key built by the caller). The first segment has
 * F = 1 and says how many segments remain; each following one has F = 0 and a remaining count one
 * lower than the previous. The user data of all segments, in order, is the reassembled message.
 *
 * Insertion/evasion (red-team rt7 S4): a decoy DATA chunk (bad CRC32c: the receiver drops it) at the
 * TSN of a message's next segment, carrying a first segment with the same reference, restarted the
 * message, and the real segment at that TSN then completed the decoy's. A receiver gets one chunk per
 * TSN and delivers them in TSN order (RFC 9260 §6.6), so over SCTP each segment carries its chunk's
 * TSN and whether its packet's CRC32c is right (RFC 9260 §6.8; computed for first segments only):
 * a first segment that interrupts a message keeps it as an interrupted version (at most
 * {@link MAX_INTERRUPTED} per reference: past it the oldest with a wrong CRC32c is dropped, else the
 * oldest; another version of the chunk that began the current message replaces that message
 * instead of piling up, unless it has a wrong CRC32c and that message a right one), and a following
 * segment goes to the newest version whose last segment's TSN precedes its own (RFC 1982 serial
 * order) and that expects its remaining count, one begun with a right CRC32c first: the real
 * segment at the decoy's TSN cannot follow the decoy, so it continues the interrupted message. In
 * TSN order with right (or, offloaded, uniformly wrong) checksums — every normal capture — that is
 * the current message, as before. Without a TSN (MTP2 links, the layer API) a first segment restarts the message
 * as before.
 *
 * Flows (red-team rt9 MH4): the caller's key is Q.714's (NI, OPC, calling address, reference),
 * which the sender chooses; a message is kept per transport flow under it, so a segment on a flow
 * the receiver discards (a spoofed source: out of the blue, RFC 9260 §8.4) cannot complete or
 * derail a message begun on another. A following segment with no message of its own flow
 * continues a copy of the one last begun under the same key on another flow (segments load-shared
 * over several associations, rt8 MH2), which stays in progress for a segment on its own flow: a
 * decoy then completes only its copy, and the real segment the original. An original whose copy
 * completed and that then expires is counted (`sccp.segment.superseded`), not reported.
 *
 * Bounded: at most `maxEntries` messages in progress and `maxBytes` buffered, and each expires
 * `maxAgeSec` capture seconds after its first segment. Over the count or byte cap the table is fair
 * by originator: each message is charged to its holder (the caller's key without the local
 * reference: NI + OPC + calling party, Q.714 §4.1.1.3), and the originator holding the most bytes
 * loses its oldest message (red-team rt8 EV1: 4,096 junk first segments from another calling GT
 * evicted the oldest message, an ATI half-way). Evictions, expiries, orphan and
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

/** Interrupted versions kept per reference (see the file comment). */
const MAX_INTERRUPTED = 3;

/** A version of a message in progress. */
interface Version {
  /** Remaining-segments value expected on the next segment. */
  expect: number;
  parts: Uint8Array[];
  bytes: number;
  /** TSN of the chunk that carried its last segment; -1 without one. */
  tsn: number;
  /** Its first segment's SCTP packet had a right CRC32c (or there was none). */
  ok: boolean;
}

/**
 * A message in progress (the current version) and the versions it interrupted (oldest first, null
 * while none); its table entry is charged data + SEGMENT_OVERHEAD per segment of all of them.
 */
interface Entry extends Version {
  older: Version[] | null;
  /** The caller's (Q.714) key, without the flow. */
  q714: string;
  /** The originator it is charged to (the Q.714 key without the reference). */
  holder: string;
  /** A copy of it was continued on another flow (see the file comment). */
  superseded: boolean;
}

/** Bytes charged for a version. */
function cost(v: Version): number {
  return v.bytes + v.parts.length * SEGMENT_OVERHEAD;
}

/** `a` precedes `b` in 32-bit serial number order (RFC 1982 §3.2), TSNs as uint32. */
function before(a: number, b: number): boolean {
  return ((a - b) | 0) < 0;
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
  /** Q.714 key → the table key (flow + Q.714 key) of the message last begun under it; at most one per entry. */
  private readonly begun = new Map<string, string>();
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
   * Adds the segment `[start, end)` of `bytes` of the message `holder` + `ref` (the originator and
   * the segmentation local reference), carried by the SCTP DATA chunk of TSN `tsn` (uint32;
   * -1 without SCTP) in a packet whose CRC32c is right (`sumOk`, read for first segments), on
   * transport flow `flow` (-1: none, the key alone; see the file comment). Returns
   * the reassembled user data (a fresh copy) when this was the last segment, undefined otherwise.
   * Anomalies about this segment are pushed to `anomalies` (the current message's list).
   */
  add(
    holder: string,
    ref: number,
    first: boolean,
    remaining: number,
    bytes: Uint8Array,
    start: number,
    end: number,
    tsSec: number,
    frameNo: number,
    anomalies: Anomaly[],
    tsn = -1,
    sumOk = true,
    flow = -1,
  ): Uint8Array | undefined {
    const entries = this.entries;
    this.frameNo = frameNo;
    entries.expire(tsSec);
    const c = this.opts.counters;
    c?.inc('sccp.segments');
    const q714 = `${holder}|${ref}`;
    const key = flow < 0 ? q714 : `${flow}#${q714}`;
    let slot = entries.get(key);
    if (!first && slot === undefined && flow >= 0) slot = this.copyFromOtherFlow(q714, key, remaining, tsSec);
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
        const older = tsn < 0 ? null : this.interrupted(slot.value, tsn, sumOk);
        this.drop(slot);
        slot = entries.set(
          key,
          { expect: remaining - 1, parts: [], bytes: 0, tsn, ok: sumOk, older, q714, holder, superseded: false },
          tsSec,
          0,
          tsSec,
          holder,
        );
        if (older !== null)
          entries.charge(
            slot,
            older.reduce((n, v) => n + cost(v), 0),
          );
      } else
        slot = entries.set(
          key,
          { expect: remaining - 1, parts: [], bytes: 0, tsn, ok: sumOk, older: null, q714, holder, superseded: false },
          tsSec,
          0,
          tsSec,
          holder,
        );
      this.begun.set(q714, key);
    } else if (slot === undefined) {
      anomalies.push(anomaly(SCCP_SEGMENT_ANOMALY.orphan, 'sccp', `segment with ${remaining} remaining and no first segment`, frameNo));
      c?.inc('sccp.segment.orphan');
      return undefined;
    } else if (slot.value.older !== null && !this.follow(slot.value, remaining, tsn)) {
      anomalies.push(
        anomaly(SCCP_SEGMENT_ANOMALY.outOfSequence, 'sccp', `segment with ${remaining} remaining, expected ${slot.value.expect}; message dropped`, frameNo),
      );
      c?.inc('sccp.segment.out-of-sequence');
      this.drop(slot);
      return undefined;
    } else if (slot.value.older === null && remaining !== slot.value.expect) {
      anomalies.push(
        anomaly(SCCP_SEGMENT_ANOMALY.outOfSequence, 'sccp', `segment with ${remaining} remaining, expected ${slot.value.expect}; message dropped`, frameNo),
      );
      c?.inc('sccp.segment.out-of-sequence');
      this.drop(slot);
      return undefined;
    } else {
      slot.value.expect = remaining - 1;
    }
    const e = slot.value;
    e.tsn = tsn;
    e.parts.push(bytes.slice(start, end));
    e.bytes += end - start;
    entries.charge(slot, end - start + SEGMENT_OVERHEAD);
    if (remaining !== 0) {
      entries.enforce(tsSec); // sccpSegmentBytes: oldest first
      return undefined;
    }
    c?.inc('sccp.reassembled');
    const out = new Uint8Array(e.bytes);
    let p = 0;
    for (const part of e.parts) {
      out.set(part, p);
      p += part.length;
    }
    const next = e.older?.pop();
    if (next === undefined) this.drop(slot);
    else {
      // The versions it interrupted stay in progress (one of them may be the receiver's).
      entries.charge(slot, -cost(e));
      e.expect = next.expect;
      e.parts = next.parts;
      e.bytes = next.bytes;
      e.tsn = next.tsn;
      e.ok = next.ok;
      if (e.older!.length === 0) e.older = null;
    }
    return out;
  }

  /**
   * A following segment (remaining `remaining`) on a flow with no message of its own under `q714`:
   * a copy, under `key`, of the message last begun under `q714` on another flow when that one
   * expects it (the original stays, marked superseded); undefined when none does.
   */
  private copyFromOtherFlow(q714: string, key: string, remaining: number, tsSec: number): BoundedEntry<string, Entry> | undefined {
    const other = this.begun.get(q714);
    const from = other === undefined ? undefined : this.entries.get(other);
    if (from === undefined || from.value.expect !== remaining) return undefined;
    const v = from.value;
    v.superseded = true;
    this.opts.counters?.inc('sccp.segment.other-flow');
    const slot = this.entries.set(
      key,
      { expect: v.expect, parts: v.parts.slice(), bytes: v.bytes, tsn: -1, ok: v.ok, older: null, q714, holder: v.holder, superseded: false },
      tsSec,
      0,
      tsSec,
      v.holder,
    );
    this.entries.charge(slot, cost(v));
    return slot;
  }

  /** Deletes `slot`, and its Q.714 key's entry in {@link begun} when that is it. */
  private drop(slot: BoundedEntry<string, Entry>): void {
    this.forget(slot);
    this.entries.delete(slot);
  }

  private forget(slot: BoundedEntry<string, Entry>): void {
    const q = slot.value.q714;
    if (this.begun.get(q) === slot.key) this.begun.delete(q);
  }

  /**
   * The versions kept when a first segment carried by TSN `tsn` (CRC32c right: `ok`) interrupts
   * `e`: its older ones and itself, unless it began with another version of that very chunk and is
   * not better checked than the new one (then the new one replaces it: a receiver got at most one of
   * them). At most MAX_INTERRUPTED: the oldest with a wrong CRC32c dropped, else the oldest.
   */
  private interrupted(e: Entry, tsn: number, ok: boolean): Version[] | null {
    const older = e.older ?? [];
    if (!(e.tsn === tsn && e.parts.length === 1 && (ok || !e.ok))) older.push({ expect: e.expect, parts: e.parts, bytes: e.bytes, tsn: e.tsn, ok: e.ok });
    if (older.length > MAX_INTERRUPTED) {
      const bad = older.findIndex((v) => !v.ok);
      older.splice(Math.max(bad, 0), 1);
    }
    return older.length === 0 ? null : older;
  }

  /**
   * A following segment (remaining `remaining`, TSN `tsn`) of an entry with interrupted versions:
   * makes the newest version that expects it and whose last segment precedes `tsn` the current one
   * (the current one joins the interrupted), one begun with a right CRC32c first. False when none does.
   */
  private follow(e: Entry, remaining: number, tsn: number): boolean {
    const fits = (v: Version): boolean => v.expect === remaining && (v.tsn < 0 || tsn < 0 || before(v.tsn, tsn));
    const older = e.older!;
    for (const checked of [true, false]) {
      if ((e.ok || !checked) && fits(e)) return true;
      for (let k = older.length - 1; k >= 0; k--) {
        const v = older[k]!;
        if ((checked && !v.ok) || !fits(v)) continue;
        older[k] = { expect: e.expect, parts: e.parts, bytes: e.bytes, tsn: e.tsn, ok: e.ok };
        e.parts = v.parts;
        e.bytes = v.bytes;
        e.ok = v.ok;
        return true;
      }
    }
    return false;
  }

  /** The table evicted `slot` (age, maxEntries or maxBytes): counted and reported. */
  private evicted(slot: BoundedEntry<string, Entry>, why: EvictReason): void {
    this.forget(slot);
    const key = slot.key!;
    const n = slot.value.parts.length;
    if (why === 'age' && slot.value.superseded) {
      this.opts.counters?.inc('sccp.segment.superseded'); // completed on another flow (rt9 MH4)
    } else if (why === 'age') {
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
      this.opts.onAnomaly?.(
        anomaly(
          SCCP_SEGMENT_ANOMALY.evicted,
          'sccp',
          `segment table full (${limit}); dropped ${key} with ${n} segment(s) of the originator holding the most`,
          this.frameNo,
        ),
      );
    }
  }
}
