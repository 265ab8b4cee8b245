/**
 * The out-of-order segments of one TCP direction (RFC 9293 §3.10.7.4: segments beyond RCV.NXT
 * are held until the hole before them is filled), delivered in sequence-number order.
 *
 * A binary min-heap: O(log n) per segment whatever the arrival order. Measured (rt7 T1): the
 * sorted array it replaces took Array.shift per delivered segment and a linear search per
 * insertion, so 100k one-byte segments after a hole took 3.8 s of CPU; with a head index and a
 * binary search, its insertions still moved half the array when every other segment landed in
 * the middle (1.8 s for 200k). Each segment is charged its data + {@link SEGMENT_OVERHEAD}, so a
 * flow holds at most tcpFlowBytes / 321 segments.
 */

/**
 * Bytes charged per buffered segment on top of its data: the Segment object, its Uint8Array and
 * ArrayBuffer, its heap slot and its bySeq entry take ~303 bytes of V8 heap for a one-byte segment
 * (measured on Node 20, 200k segments). Charged as data only, 4 MiB of one-byte segments held
 * over 1 GB (rt7 T1: 1M segments, 362 MB RSS and still growing).
 */
export const SEGMENT_OVERHEAD = 320;

export interface Segment {
  seq: number;
  data: Uint8Array;
  /** Arrival number: segments at the same sequence number are delivered in arrival order. */
  arrival: number;
}

/** Serial-number difference a - b (RFC 9293 §3.4: sequence numbers are modulo 2^32). */
export function seqDiff(a: number, b: number): number {
  return (a - b) | 0;
}

/** True when `a` is delivered before `b`. */
function before(a: Segment, b: Segment): boolean {
  const d = seqDiff(a.seq, b.seq);
  return d < 0 || (d === 0 && a.arrival < b.arrival);
}

export class SegmentQueue {
  /** Binary min-heap in delivery order: heap[0] is the next segment. */
  private readonly heap: Segment[] = [];
  /** The last segment added at each sequence number still held (the retransmission check). */
  private readonly bySeq = new Map<number, Segment>();
  private arrivals = 0;
  /** Bytes charged: data + {@link SEGMENT_OVERHEAD} per segment. */
  bytes = 0;
  /** Heap levels moved so far by insertions and removals: the work the tests bound. */
  moved = 0;

  get length(): number {
    return this.heap.length;
  }

  /** The segment with the lowest sequence number (the first to arrive among equal ones), or undefined. */
  first(): Segment | undefined {
    return this.heap[0];
  }

  /** The last segment added at `seq` and still held, or undefined. */
  at(seq: number): Segment | undefined {
    return this.bySeq.get(seq);
  }

  add(seq: number, data: Uint8Array): void {
    const s: Segment = { seq, data, arrival: this.arrivals++ };
    this.bytes += data.length + SEGMENT_OVERHEAD;
    this.bySeq.set(seq, s);
    const heap = this.heap;
    let i = heap.length;
    heap.push(s);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent]!;
      if (!before(s, p)) break;
      heap[i] = p;
      i = parent;
      this.moved++;
    }
    heap[i] = s;
  }

  /** Remove the first segment. */
  shift(): void {
    const heap = this.heap;
    const s = heap[0];
    if (s === undefined) return;
    this.bytes -= s.data.length + SEGMENT_OVERHEAD;
    if (this.bySeq.get(s.seq) === s) this.bySeq.delete(s.seq);
    const last = heap.pop()!;
    const n = heap.length;
    if (n === 0) return;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && before(heap[c + 1]!, heap[c]!)) c++;
      if (!before(heap[c]!, last)) break;
      heap[i] = heap[c]!;
      i = c;
      this.moved++;
    }
    heap[i] = last;
  }

  clear(): void {
    this.heap.length = 0;
    this.bySeq.clear();
    this.bytes = 0;
  }
}
