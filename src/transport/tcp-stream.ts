/**
 * TCP header decode (RFC 9293 §3.1) and per-direction stream reassembly into Diameter messages
 * (RFC 6733 §3 header framing).
 *
 * Sequence tracking (RFC 9293 §3.4): a SYN sets the initial sequence number (the SYN occupies
 * one sequence number); without a SYN, the first segment seen with data sets it (mid-stream
 * pickup, and the framer starts by resynchronising). A SYN with another ISN once data flowed is
 * ignored (RFC 5961 §4.2: the receiver answers it with a challenge ACK and keeps the connection)
 * until data arrives at that ISN + 1. Bytes before the next expected sequence number are
 * retransmissions/overlaps: the stream keeps the first copy, but each copy is compared with a
 * fingerprint of the segments kept within the last {@link HISTORY_BYTES} (insertion/evasion,
 * Ptacek & Newsham 1998: a decoy the receiver drops, e.g. for a bad checksum, must not hide the
 * real segment), and a copy that differs is reported (`tcp.overlap-conflict`) and its whole
 * messages decoded on their own; a copy of bytes older than that is reported
 * (`tcp.copy-unverified`) and the messages starting in it decoded on their own. Segments after
 * a hole are copied and buffered until the hole is filled. A hole is given up on (bytes skipped,
 * `tcp.gap`) when the peer acknowledges beyond it (the capture lost it, or saw the ACK first),
 * when the buffered bytes exceed `tcpFlowBytes`, or at FIN/RST/end of input; whole messages that arrive late inside the last skipped hole are still decoded.
 *
 * Framing: in sync, each message is `Message Length` bytes (RFC 6733 §3: version 1, length ≥ 20,
 * a multiple of 4, here ≤ `diameterMessageBytes`). A length that is not a multiple of 4 (the last
 * AVP left unpadded) is taken as given when the message is otherwise plausible and its last AVP
 * ends there, as the SCTP path takes it (the decoder reports `diameter.length-mismatch`); up to 3
 * zero bytes after it are padding. Out of sync (mid-stream pickup, after a gap or a bad header)
 * the stream is scanned for the next plausible header (see {@link plausibleDiameterAt}). Complete messages are emitted straight from the segment when
 * they lie in it, else from the flow's pending buffer (one copy).
 */
import type { AnomalyCode } from '../core/anomaly-codes.js';
import { BytePool } from '../core/byte-pool.js';
import type { Counters } from '../core/stats.js';
import { foldBytes, HASH_SEED } from '../core/hash.js';
import { SEGMENT_OVERHEAD, SegmentQueue, seqDiff } from './tcp-segments.js';

/**
 * Bytes charged per late segment remembered in a skipped hole (its Set entry: 26 B of V8 heap
 * measured for 200k int32 entries, Node 20, doubled for the table's growth slack). The hole is
 * given up (tcp.hole-abandoned) when they exceed tcpFlowBytes with the flow's other buffers: a
 * count of 64 let a forged ACK and 64 small segments hide the 65th (rt7 T3).
 */
const HOLE_FILL_BYTES = 64;
export const TCP_ANOMALY = {
  TRUNCATED: 'tcp.truncated',
  BAD_HEADER_LENGTH: 'tcp.bad-header-length',
  GAP: 'tcp.gap',
  RESYNC: 'tcp.resync',
  OVERLAP_CONFLICT: 'tcp.overlap-conflict',
  COPY_UNVERIFIED: 'tcp.copy-unverified',
  BAD_DIAMETER_HEADER: 'tcp.diameter-bad-header',
  INCOMPLETE_MESSAGE: 'tcp.incomplete-message',
  BUFFER_LIMIT: 'tcp.buffer-limit',
  FLOW_EVICTED: 'tcp.flow-evicted',
  URGENT: 'tcp.urgent-data',
} as const satisfies Record<string, AnomalyCode>;

/** TCP control bits (RFC 9293 §3.1). */
export const TcpFlag = {
  FIN: 0x01,
  SYN: 0x02,
  RST: 0x04,
  PSH: 0x08,
  ACK: 0x10,
  URG: 0x20,
} as const;

export interface TcpHeader {
  srcPort: number;
  dstPort: number;
  seq: number;
  ack: number;
  flags: number;
  /** Urgent Pointer when URG is set, else 0 (RFC 9293 §3.1). */
  urgent: number;
  /** Segment data [offset, end) in the packet's view. */
  offset: number;
  end: number;
  /** The anomaly that rejected the segment when decodeTcp returned -1; '' otherwise. */
  problem: AnomalyCode | '';
}

export function newTcpHeader(): TcpHeader {
  return { srcPort: 0, dstPort: 0, seq: 0, ack: 0, flags: 0, urgent: 0, offset: 0, end: 0, problem: '' };
}

/**
 * Decode the TCP header at [offset, end). Returns `end` (the segment's data runs to the end of
 * the packet), or -1 with the anomaly code in `out.problem`.
 */
export function decodeTcp(view: DataView, offset: number, end: number, out: TcpHeader): number {
  out.problem = '';
  if (end - offset < 20) return tcpFail(out, TCP_ANOMALY.TRUNCATED);
  const dataOffset = (view.getUint8(offset + 12) >> 4) * 4; // RFC 9293 §3.1: in 32-bit words, ≥ 5
  if (dataOffset < 20) return tcpFail(out, TCP_ANOMALY.BAD_HEADER_LENGTH);
  if (end - offset < dataOffset) return tcpFail(out, TCP_ANOMALY.TRUNCATED);
  out.srcPort = view.getUint16(offset);
  out.dstPort = view.getUint16(offset + 2);
  out.seq = view.getUint32(offset + 4);
  out.ack = view.getUint32(offset + 8);
  out.flags = view.getUint8(offset + 13);
  out.urgent = (out.flags & TcpFlag.URG) !== 0 ? view.getUint16(offset + 18) : 0;
  out.offset = offset + dataOffset;
  out.end = end;
  return end;
}

function tcpFail(out: TcpHeader, code: AnomalyCode): -1 {
  out.problem = code;
  return -1;
}

/** A pending buffer up to this size is kept between messages (most Diameter messages are < 4 KiB). */
const KEEP_PENDING = 64 * 1024;

/** Diameter header size (RFC 6733 §3) and AVP header size without Vendor-ID (§4.1). */
const DIAMETER_HEADER = 20;
const AVP_HEADER = 8;

/**
 * Message Length of the Diameter header at `off` when it passes the in-sync checks (version 1,
 * length ≥ 20, multiple of 4, ≤ max; RFC 6733 §3), else -1. Needs 4 bytes.
 */
export function diameterLengthAt(view: DataView, off: number, max: number): number {
  const w = view.getUint32(off);
  if (w >>> 24 !== 1) return -1;
  const len = w & 0xffffff;
  return len < DIAMETER_HEADER || len > max || (len & 3) !== 0 ? -1 : len;
}

/**
 * From `off`, the first offset a resynchronisation scan has to test: a byte 1, the version (RFC 6733
 * §3: at any other offset diameterLengthAt, so plausibleDiameterAt, says 0), or the first offset
 * with fewer than 4 bytes up to `end` (plausibleDiameterAt: -1). A byte compare per offset instead
 * of a plausibility test.
 */
function versionByteAt(view: DataView, off: number, end: number): number {
  const last = end - 4;
  while (off <= last && view.getUint8(off) !== 1) off++;
  return off;
}

/** Message Length at `off` when version 1 and 20 ≤ length ≤ max, a multiple of 4 or not; else -1. */
function unpaddedLengthAt(view: DataView, off: number, max: number): number {
  const w = view.getUint32(off);
  const len = w & 0xffffff;
  return w >>> 24 !== 1 || len < DIAMETER_HEADER || len > max ? -1 : len;
}

/**
 * Bytes a resynchronisation candidate with a reserved flag bit set waits for its second AVP
 * header (see {@link plausibleDiameterAt}): a message's first AVPs are short (Session-Id first,
 * RFC 6733 §8.8; Origin-Host, a DiameterIdentity, §6.3), three 1,400-byte segments hold them.
 */
const RESERVED_WAIT = 4096;

/**
 * Resynchronisation test at `off`: 1 plausible, 0 not, -1 not decidable with the bytes up to
 * `end`. Plausible: the in-sync checks, not both R and E (RFC 6733 §3: E MUST NOT be set in
 * requests), a command code ≥ 256 (0-255 are RADIUS-compatible codes not used by Diameter
 * applications, RFC 6733 §11.2.1), and an AVP chain that is consistent as far as the bytes go
 * (§4.1: AVP Length ≥ 8, ≥ 12 with V set, AVPs padded to 4 and ending exactly at the message
 * end: the walk of readAvpHeader, diameter/avp.ts). Checking every available AVP (not just the
 * first) matters: an AVP header inside a message looks like a Diameter header two bytes later
 * (measured on a fixture: `00 00 01 08 40 00 00 1a`).
 *
 * Reserved bits (the four low command flags, §3; the five low AVP flags, §4.1) "MUST be set to
 * zero, and ignored by the receiver": a peer acts on a message that sets them (rt12 F5: a peer
 * setting one in every message was never resynchronised). They do not refuse a candidate, but
 * one that sets any needs more evidence: an AVP at all, and before its end arrives two AVP headers
 * in the chain, not one. Cleared bits filter random payload with odds 1/16 × 1/32 per AVP; a
 * second AVP header that fits filters more (its predecessor's 24-bit length must end inside the
 * bytes buffered: ~2^-14 for 1 KiB of 16 MiB). Until the second header arrives the verdict is -1
 * (wait), for at most {@link RESERVED_WAIT} bytes: a false candidate whose first "AVP" runs far
 * past them would otherwise hold the real messages after it until its Message Length arrived
 * (found by the random-prefix property in test/transport/tcp-stream.test.ts).
 * `unpadded`: a length that is not a multiple of 4 passes too (its last AVP must end there).
 */
export function plausibleDiameterAt(view: DataView, off: number, end: number, max: number, unpadded = false): -1 | 0 | 1 {
  if (end - off < 4) return -1;
  const len = unpadded ? unpaddedLengthAt(view, off, max) : diameterLengthAt(view, off, max);
  if (len < 0) return 0;
  if (end - off < DIAMETER_HEADER) return -1;
  const flags = view.getUint8(off + 4);
  if ((flags & 0xa0) === 0xa0) return 0;
  if ((view.getUint32(off + 4) & 0xffffff) < 256) return 0;
  let reserved = flags & 0x0f;
  const msgEnd = off + len;
  const stop = Math.min(end, msgEnd);
  let p = off + DIAMETER_HEADER;
  let avps = 0;
  let lastEnd = p;
  while (stop - p >= AVP_HEADER) {
    const avpFlags = view.getUint8(p + 4);
    const avpLen = view.getUint32(p + 4) & 0xffffff;
    if (avpLen < ((avpFlags & 0x80) !== 0 ? 12 : AVP_HEADER)) return 0;
    reserved |= avpFlags & 0x1f;
    lastEnd = p + avpLen;
    if (lastEnd > msgEnd) return 0;
    p += (avpLen + 3) & ~3;
    avps++;
  }
  if (reserved === 0) {
    if (msgEnd <= end) return p === msgEnd || lastEnd === msgEnd ? 1 : 0;
    return avps > 0 ? 1 : -1;
  }
  if (msgEnd <= end) return (p === msgEnd || lastEnd === msgEnd) && avps > 0 ? 1 : 0;
  return avps > 1 ? 1 : end - off < RESERVED_WAIT ? -1 : 0;
}

export type TcpMessageSink = (view: DataView, offset: number, end: number) => void;
export type TcpReporter = (code: AnomalyCode, detail: string) => void;

/**
 * Kept segments whose [seq, length, fingerprint] a stream remembers (retransmission compare): the
 * ring starts at {@link RECORDS} and doubles, up to {@link MAX_RECORDS} (12 B each, charged in
 * `allocated`), while its oldest record lies within {@link HISTORY_BYTES} of the newest. A count
 * alone let a decoy be pushed out by 8 later segments (rt7 T2: the receiver buffers them while it
 * waits for the real copy of the decoy's bytes, so the sender chooses how many).
 */
const RECORDS = 8;
const MAX_RECORDS = 256;
/** A receive window without scaling (RFC 9293 §3.1: 16-bit Window field). */
const HISTORY_BYTES = 64 * 1024;

/** How far ahead of the next byte an urgent segment or byte is believed: the largest unscaled window (RFC 9293 §3.1). */
const URGENT_WINDOW = 65535;

/** Reassembles one direction of a TCP connection into Diameter messages. */
export class TcpStream {
  private started = false;
  private isn = 0;
  private nextSeq = 0;
  private synced = false;
  private pending = new Uint8Array(0);
  private pendingView = new DataView(this.pending.buffer);
  private pendingLen = 0;
  private readonly ooo = new SegmentQueue();
  /** Last hole skipped because data after it began with a Diameter header: [holeStart, holeEnd). */
  private holeStart = 0;
  private holeEnd = 0;
  /**
   * Sequence numbers of late segments already taken from that hole, apart from those contiguous
   * from its start, which close it from there (rare path: a Set, charged {@link HOLE_FILL_BYTES} each).
   */
  private holeFilled: Set<number> | null = null;
  /** Bytes skipped so far while resynchronising (reported once, when a header is found). */
  private skipped = 0;
  /** Zero bytes that may follow the last message, in sync: the padding of an unpadded one (0-3). */
  private padAfter = 0;
  /** [seq, length, fingerprint] of the segments kept, a ring from {@link recAt} (see {@link RECORDS}). */
  private recs: Int32Array | null = null;
  private recAt = 0;
  /** Bytes of {@link recs}, charged in {@link allocated}. */
  private recBytes = 0;
  /** Set by {@link firstRecord}. */
  private covered = false;
  /** Sequence number after a SYN with another ISN seen once data flowed (see segment), while {@link newSeen}. */
  private newSeq = 0;
  private newSeen = false;
  /** Sequence number of the urgent byte the receiver takes out of the stream, while {@link urgentPending}. */
  private urgentSeq = 0;
  private urgentPending = false;
  /** Acknowledgment Number of this direction's last ACK segment (the peer's next expected byte). */
  ackSent = 0;
  ackValid = false;

  constructor(
    private readonly maxBuffer: number,
    private readonly maxMessage: number,
    private readonly sink: TcpMessageSink,
    private readonly report: TcpReporter,
    private readonly counters: Counters,
    /**
     * Where a pending buffer the flow grows out of, or sheds, goes and where a grown one comes from
     * (core/byte-pool.ts; tcp-flows.ts shares one among all flows). The default keeps nothing.
     */
    private readonly pool = new BytePool(0),
  ) {}

  /** Bytes held (out-of-order segments, charged with their overhead, + incomplete message). */
  get buffered(): number {
    return this.ooo.bytes + this.pendingLen;
  }

  /** True once a SYN or a data segment set the sequence space. */
  get isStarted(): boolean {
    return this.started;
  }

  /**
   * Process one segment of this direction (header decoded into `h`, data in `view`).
   * `peerAcked`, for a stream picked up mid-connection, is the reverse direction's last
   * Acknowledgment Number (-1 if none): bytes before it were received by the peer before this
   * capture saw them, so a copy of them is a (spurious) retransmission (RFC 9293 §3.10.7.4:
   * segments wholly before RCV.NXT are duplicates).
   */
  segment(view: DataView, h: TcpHeader, peerAcked = -1): void {
    if ((h.flags & TcpFlag.ACK) !== 0) {
      this.ackSent = h.ack;
      this.ackValid = true;
    }
    let seq = h.seq;
    if ((h.flags & TcpFlag.SYN) !== 0) {
      if (this.started && seq === this.isn) this.counters.inc('tcp.syn-retransmissions');
      else if (this.started && this.flowed()) {
        // RFC 5961 §4.2: a SYN inside an established connection gets a challenge ACK and changes
        // nothing; a blind one must not reset what this stream follows (red-team review: the
        // next real message was dropped as "before nextSeq"). Switch when data proves it.
        this.counters.inc('tcp.syn-ignored');
        this.newSeq = (seq + 1) | 0;
        this.newSeen = true;
        return;
      } else this.restart(seq);
      seq = (seq + 1) | 0; // RFC 9293 §3.4: the SYN occupies the first sequence number
    } else if (this.newSeen && seqDiff(seq, this.newSeq) === 0 && seqDiff(seq, this.nextSeq) !== 0 && h.end > h.offset) {
      this.restart((seq - 1) | 0); // data at the new ISN + 1: the connection was opened anew
    }
    let off = h.offset;
    const end = h.end;
    if (off >= end) return;
    if (!this.started) {
      this.started = true;
      this.isn = seq;
      this.nextSeq = seq;
      this.synced = false; // mid-stream pickup: find the first message boundary
      if (peerAcked >= 0 && seqDiff(peerAcked, seq) > 0) {
        // The peer already acknowledged bytes this capture has not seen: skip them, but whole
        // messages in them are still decoded (they are this capture's first copy).
        this.holeStart = seq;
        this.holeEnd = peerAcked;
        this.holeFilled = null;
        this.nextSeq = peerAcked;
      }
    }
    const rel = seqDiff(seq, this.nextSeq);
    if (h.urgent > 0) this.urgent(h, rel, end - off);
    if (rel + (end - off) <= 0) {
      if (this.inSkippedHole(seq, end - off)) this.fillHole(view, seq, off, end);
      else {
        this.counters.inc('tcp.retransmissions');
        this.compare(view, seq, off, end);
      }
      return;
    }
    if (rel > 0) {
      // A segment after a hole that starts a Diameter message while no message is half-read: the
      // hole held whole messages this capture lost. Skip it now rather than wait (tshark, the
      // reference for the golden files, dissects such segments at once too).
      if (this.ooo.length === 0 && this.pendingLen === 0 && plausibleDiameterAt(view, off, end, this.maxMessage) === 1) {
        this.holeStart = this.nextSeq;
        this.holeEnd = seq;
        this.holeFilled = null;
        this.gap(rel);
        this.synced = true;
        this.nextSeq = seq;
      } else {
        this.bufferOutOfOrder(view, seq, off, end);
        return;
      }
    }
    let from = off;
    if (rel < 0) {
      this.counters.inc('tcp.overlaps');
      off -= rel;
      from = this.overlap(view, seq, from, off, end);
    }
    this.record(this.nextSeq, view, off, end);
    const at = this.nextSeq;
    this.nextSeq = (at + (end - off)) | 0;
    this.feedAt(view, from, end, (at + (from - off)) | 0);
    this.drain();
    this.shrink();
  }

  /**
   * Releases a pending buffer that grew for one large message once it is (nearly) empty: the
   * buffer only ever grew, so a flow that once carried a 1 MiB message kept 1 MiB for life, and
   * tcpFlows such flows kept tcpFlows × diameterMessageBytes however little they buffered
   * (found by the hostile Diameter test; `buffered` did not show it).
   */
  private shrink(): void {
    const cap = this.pending.length;
    if (cap <= KEEP_PENDING || this.pendingLen * 4 > cap) return;
    const next = new Uint8Array(Math.max(256, this.pendingLen * 2));
    next.set(this.pending.subarray(0, this.pendingLen));
    this.pool.release(this.pending); // > KEEP_PENDING here
    this.pending = next;
    this.pendingView = new DataView(next.buffer);
  }

  /** Bytes allocated for this flow's buffers (≥ buffered): what memory bounds must count. */
  get allocated(): number {
    const fills = this.holeFilled === null ? 0 : this.holeFilled.size * HOLE_FILL_BYTES;
    return this.pending.length + this.ooo.bytes + this.recBytes + fills;
  }

  /**
   * The peer acknowledged `ack`: bytes before it that this capture has not seen were received
   * (lost by the capture, or still to come: frames of two taps swapped), so skip to it. The skipped
   * range becomes (or extends) the hole whose late whole messages are still decoded: a forged or
   * early ACK must not make the real bytes "retransmissions" (red-team review).
   */
  peerAck(ack: number): void {
    if (!this.started) return;
    while (seqDiff(ack, this.nextSeq) > 0) {
      const first = this.ooo.first();
      if (first !== undefined && seqDiff(first.seq, ack) <= 0) {
        this.skipGap();
        continue;
      }
      if (seqDiff(this.holeEnd, this.nextSeq) !== 0 || this.holeStart === this.holeEnd) {
        this.holeStart = this.nextSeq;
        this.holeFilled = null;
      }
      this.holeEnd = ack;
      this.gap(seqDiff(ack, this.nextSeq));
      this.nextSeq = ack;
      this.drain();
      return;
    }
  }

  /** True once this stream's sequence space carried data (see the SYN case of {@link segment}). */
  private flowed(): boolean {
    return this.nextSeq !== ((this.isn + 1) | 0) || this.ooo.length > 0;
  }

  /** A new connection: its SYN (ISN `isn`) sets the sequence space. */
  private restart(isn: number): void {
    if (this.started) this.close('new SYN');
    this.reset();
    this.started = true;
    this.isn = isn;
    this.nextSeq = (isn + 1) | 0;
    this.synced = true;
    this.newSeen = false;
    this.urgentPending = false;
    this.recs = null;
    this.recAt = 0;
    this.recBytes = 0;
  }

  /** Remember the fingerprint of the `len` bytes kept at `seq` (see {@link compare}). */
  private record(seq: number, view: DataView, off: number, end: number): void {
    const r = this.recs ?? this.newRecords();
    const at = this.recAt;
    r[at] = seq;
    r[at + 1] = end - off;
    r[at + 2] = foldBytes(HASH_SEED, view, off, end);
    this.recAt = at + 3 === r.length ? this.wrapRecords(seq) : at + 3;
  }

  private newRecords(): Int32Array {
    this.recBytes = 12 * RECORDS;
    return (this.recs = new Int32Array(3 * RECORDS));
  }

  /**
   * The ring's last slot was just written (the record at `seq`), so slot 0 holds the oldest: the
   * ring doubles, order kept, while that record is within the history. Returns the next slot.
   */
  private wrapRecords(seq: number): number {
    const r = this.recs!;
    if (r.length >= 3 * MAX_RECORDS || seqDiff(seq, r[0]!) >= HISTORY_BYTES) return 0;
    const next = new Int32Array(2 * r.length);
    next.set(r);
    this.recs = next;
    this.recBytes = next.byteLength;
    return r.length;
  }

  /** Index in {@link recs} of the record starting at `seq` (tried first at `hint`), or -1. */
  private recordAt(seq: number, hint = 0): number {
    const r = this.recs;
    if (r === null) return -1;
    const t = seq | 0;
    if (hint < r.length && r[hint] === t && r[hint + 1]! > 0) return hint;
    for (let i = 0; i < r.length; i += 3) if (r[i] === t && r[i + 1]! > 0) return i;
    return -1;
  }

  /**
   * Distance from `seq` to the first record starting at or after it within `len` bytes (`len`
   * when none does); {@link covered} tells whether a record starts before `seq` and runs past it.
   */
  private firstRecord(seq: number, len: number): number {
    const r = this.recs;
    let first = len;
    this.covered = false;
    if (r === null) return first;
    for (let i = 0; i < r.length; i += 3) {
      const n = r[i + 1]!;
      const d = seqDiff(r[i]!, seq);
      if (n === 0 || d >= first) continue;
      if (d >= 0) first = d;
      else if (d + n > 0) this.covered = true;
    }
    return first;
  }

  /**
   * A copy [off, end) of bytes already kept, from `seq`: compare it, record by record, with the
   * segments kept there (as far as it covers whole remembered segments). When it differs, report
   * it and decode its whole messages on their own, so that a decoy kept first cannot hide it.
   */
  private compare(view: DataView, seq: number, off: number, end: number, limit = end): number {
    const skip = this.firstRecord(seq, end - off);
    let p = off + skip;
    let s = (seq + skip) | 0;
    let emitted = off;
    if (skip > 0 && !this.covered) {
      // Bytes older than every record (or never kept: a skipped range) cannot be compared, so a
      // decoy kept more than the history ago would hide them (rt7 T2): the messages that start in
      // them are decoded on their own, from the first plausible header.
      this.counters.inc('tcp.copies-unverified');
      this.report(
        TCP_ANOMALY.COPY_UNVERIFIED,
        `${skip} bytes at sequence number ${seq >>> 0} are older than the copies remembered ` +
          `(${HISTORY_BYTES} bytes, ${MAX_RECORDS} segments); decoded on their own`,
      );
      let q = off;
      let verdict: -1 | 0 | 1 = 0;
      while (q < p && (verdict = plausibleDiameterAt(view, q, limit, this.maxMessage)) === 0) q++;
      if (verdict === 1) emitted = this.emitWhole(view, q, limit, p);
    }
    // A copy split differently from the kept segments is compared from their first boundary in it.
    for (let i = this.recordAt(s); i >= 0 && p < end; i = this.recordAt(s, i + 3 === this.recs!.length ? 0 : i + 3)) {
      const r = this.recs!;
      const len = r[i + 1]!;
      if (len > end - p) return emitted;
      if (foldBytes(HASH_SEED, view, p, p + len) !== r[i + 2]) {
        this.counters.inc('tcp.overlap-conflicts');
        this.report(TCP_ANOMALY.OVERLAP_CONFLICT, `${end - off} bytes at sequence number ${seq >>> 0} differ from the copy kept; decoded on their own`);
        // From the first differing segment when a message starts there (the equal ones before it
        // were decoded already), else from the copy's start; through the copy's new bytes too.
        if (emitted > p) return this.emitWhole(view, emitted, limit);
        return this.emitWhole(view, plausibleDiameterAt(view, p, limit, this.maxMessage) === 1 ? p : emitted, limit);
      }
      p += len;
      s = (s + len) | 0;
    }
    return emitted;
  }

  /**
   * A copy [off, end) from `seq` whose bytes before `kept` were kept already: compare them (see
   * {@link compare}); returns where the stream goes on framing its new bytes. When the differing
   * copy's own whole messages ran past `kept` (a decoy shorter than the real segment was kept
   * first), those bytes were decoded in the copy's framing, so the stream continues in it: its
   * half-read message (the kept copy's) is dropped rather than completed with the copy's bytes.
   */
  private overlap(view: DataView, seq: number, off: number, kept: number, end: number): number {
    const emitted = this.compare(view, seq, off, kept, end);
    if (emitted <= kept) return kept;
    if (this.pendingLen > 0 && this.synced) this.counters.inc('tcp.incomplete-messages');
    this.pendingLen = 0;
    this.synced = true;
    return emitted;
  }

  private inSkippedHole(seq: number, len: number): boolean {
    if (seqDiff(seq, this.holeStart) < 0 || seqDiff(this.holeEnd, seq) < len) return false;
    if (seqDiff(seq, this.holeStart) === 0 && this.holeFilled?.has(seq) !== true) {
      // Contiguous from the hole's start (the sender's data after a forged or early ACK): the
      // hole closes from there, and a later copy is a retransmission compared with its record.
      this.holeStart = (seq + len) | 0;
      return true;
    }
    this.holeFilled ??= new Set();
    if (this.holeFilled.has(seq)) return false; // a second copy is a retransmission
    if ((this.holeFilled.size + 1) * HOLE_FILL_BYTES + this.ooo.bytes + this.pendingLen > this.maxBuffer) {
      // Bounded (review: a forged ACK 2^30 ahead, then one-byte segments inside the hole, grew the
      // Set by ~57 B per segment): past tcpFlowBytes the hole is given up and counted.
      this.counters.inc('tcp.hole-abandoned');
      this.holeEnd = this.holeStart;
      this.holeFilled = null;
      return false;
    }
    this.holeFilled.add(seq);
    return true;
  }

  /** A late segment inside the last skipped hole (reordered capture): emit its whole messages. */
  private fillHole(view: DataView, seq: number, off: number, end: number): void {
    this.counters.inc('tcp.hole-fills');
    this.record(seq, view, off, end);
    this.emitWhole(view, off, end);
  }

  /** Emit the whole messages from `off` on that start before `last` (stops at the first that is not whole). */
  private emitWhole(view: DataView, off: number, end: number, last = end): number {
    while (end - off >= 4 && off < last) {
      const len = diameterLengthAt(view, off, this.maxMessage);
      if (len < 0 || len > end - off) break;
      this.counters.inc('tcp.diameter-messages');
      this.sink(view, off, off + len);
      off += len;
    }
    return off;
  }

  /** Report `missing` bytes lost from the capture and drop any half-read message. */
  private gap(missing: number): void {
    this.counters.inc('tcp.gaps');
    this.counters.inc('tcp.gap-bytes', missing);
    this.report(TCP_ANOMALY.GAP, `${missing} bytes missing from the capture; resynchronising`);
    if (this.pendingLen > 0 && this.synced) this.counters.inc('tcp.incomplete-messages');
    this.pendingLen = 0;
    this.synced = false;
    this.padAfter = 0;
  }

  /** FIN, RST, eviction or end of input: deliver what can be, report what cannot. */
  close(why: string): void {
    while (this.ooo.length > 0) this.skipGap();
    if (this.pendingLen > 0 && !this.synced) this.passUndecided();
    if (this.skipped > 0) {
      // Bytes scanned without ever finding a plausible header (e.g. a peer announcing 16 MiB
      // lengths) are otherwise only counted; report them once so the flow is not silent.
      this.report(TCP_ANOMALY.RESYNC, `${this.skipped} bytes skipped without a plausible Diameter header (${why})`);
      this.skipped = 0;
    }
    if (this.pendingLen > 0 && this.synced) {
      this.counters.inc('tcp.incomplete-messages');
      this.report(TCP_ANOMALY.INCOMPLETE_MESSAGE, `${this.pendingLen} bytes of an incomplete Diameter message dropped (${why})`);
    }
    this.pendingLen = 0;
    this.shrink();
  }

  /**
   * At the end of the stream a resynchronisation candidate still undecided (-1: its evidence
   * would come in bytes that never will) is no header: the scan goes on after it, so the whole
   * messages buffered behind it are still decoded (rt12 F5: a candidate with a reserved bit waits
   * for its second AVP header). One pass over the buffer ({@link parse} `final`), not one call
   * and two counter updates per undecided candidate passed.
   */
  private passUndecided(): void {
    const at = this.parse(this.pendingView, 0, this.pendingLen, true);
    if (!this.synced) return;
    this.pending.copyWithin(0, at, this.pendingLen);
    this.pendingLen -= at;
  }

  private reset(): void {
    this.ooo.clear();
    this.pendingLen = 0;
    this.padAfter = 0;
  }

  private bufferOutOfOrder(view: DataView, seq: number, off: number, end: number): void {
    this.counters.inc('tcp.out-of-order');
    const len = end - off;
    const prev = this.ooo.at(seq);
    if (prev !== undefined && prev.data.length >= len) {
      this.counters.inc('tcp.retransmissions');
      const copy = new Uint8Array(view.buffer, view.byteOffset + off, len);
      if (copy.some((b, k) => b !== prev.data[k])) {
        this.counters.inc('tcp.overlap-conflicts');
        this.report(TCP_ANOMALY.OVERLAP_CONFLICT, `${len} bytes at sequence number ${seq >>> 0} differ from the copy buffered; decoded on their own`);
        this.emitWhole(view, off, end);
      }
      return;
    }
    this.ooo.add(seq, new Uint8Array(view.buffer, view.byteOffset + off, len).slice());
    while (this.ooo.bytes + this.pendingLen > this.maxBuffer && this.ooo.length > 0) {
      this.report(
        TCP_ANOMALY.BUFFER_LIMIT,
        `${this.ooo.bytes} out-of-order bytes buffered (data + ${SEGMENT_OVERHEAD} per segment) > tcpFlowBytes ${this.maxBuffer}`,
      );
      this.skipGap();
    }
  }

  /** Deliver buffered segments that now continue the stream. */
  private drain(): void {
    while (this.ooo.length > 0) {
      const s = this.ooo.first()!;
      const rel = seqDiff(s.seq, this.nextSeq);
      if (rel > 0) return;
      this.ooo.shift();
      const v = new DataView(s.data.buffer);
      if (rel + s.data.length <= 0) {
        this.counters.inc('tcp.retransmissions');
        this.compare(v, s.seq, 0, s.data.length);
        continue;
      }
      const kept = -rel;
      const from = kept > 0 ? this.overlap(v, s.seq, 0, kept, s.data.length) : 0;
      this.record(this.nextSeq, v, kept, s.data.length);
      this.nextSeq = (this.nextSeq + (s.data.length - kept)) | 0;
      this.feedAt(v, from, s.data.length, (s.seq + from) | 0);
    }
  }

  /** Give up on the hole before the first buffered segment. */
  private skipGap(): void {
    const s = this.ooo.first();
    if (s === undefined) return;
    this.gap(seqDiff(s.seq, this.nextSeq));
    this.nextSeq = s.seq;
    this.drain();
  }

  /**
   * TCP urgent data (RFC 9293 §3.8.5): the Urgent Pointer points past the urgent byte (RFC 6093
   * §2: what stacks implement), and a receiver without SO_OOBINLINE, which no Diameter stack sets,
   * takes that one byte out of the stream. The peer's stream is followed: the byte is dropped where
   * it arrives (rt10 B8: a `send(MSG_OOB)` byte before a request shifted the framing by one and
   * hid the request). As Linux's receiver (tcp_check_urg): only from a segment with data not
   * wholly before the next byte nor past a window ahead (RFC 9293 §3.10.7.4), for a byte not yet
   * read and after the one pending (review 10-A: a stale or backward pointer removed a real byte).
   */
  private urgent(h: TcpHeader, rel: number, len: number): void {
    if (rel + len <= 0 || rel > URGENT_WINDOW) return;
    const seq = (h.seq + h.urgent - 1) | 0; // from SEG.SEQ
    if (seqDiff(seq, this.nextSeq) < 0 || seqDiff(seq, this.nextSeq) > URGENT_WINDOW) return;
    if (this.urgentPending && seqDiff(seq, this.urgentSeq) <= 0) return;
    this.urgentSeq = seq;
    this.urgentPending = true;
    this.counters.inc('tcp.urgent-data');
    this.report(TCP_ANOMALY.URGENT, `urgent pointer ${h.urgent}: the byte at sequence number ${seq >>> 0} is out-of-band data, taken out of the stream`);
  }

  /** {@link feed} of [off, end), whose first byte is sequence number `seq`, without a pending urgent byte in it. */
  private feedAt(view: DataView, off: number, end: number, seq: number): void {
    if (this.urgentPending) {
      const k = seqDiff(this.urgentSeq, seq);
      if (k < end - off) {
        this.urgentPending = false;
        if (k >= 0) {
          this.feed(view, off, off + k);
          this.feed(view, off + k + 1, end);
          return;
        }
      }
    }
    this.feed(view, off, end);
  }

  /** Frame the in-order bytes [off, end) of `view` into messages. */
  private feed(view: DataView, off: number, end: number): void {
    while (this.pendingLen > 0 && off < end) {
      if (this.synced) {
        if (this.pendingLen < 4) {
          off = this.append(view, off, Math.min(end, off + 4 - this.pendingLen));
          continue;
        }
        // The header alone here (a walk over the AVPs buffered so far, per segment, would be
        // quadratic); a length not a multiple of 4 is checked once the message is whole.
        const len = unpaddedLengthAt(this.pendingView, 0, this.maxMessage);
        if (len >= 0) {
          off = this.append(view, off, Math.min(end, off + len - this.pendingLen));
          if (this.pendingLen < len) continue;
          if (this.deliver(this.pendingView, 0, len)) {
            this.pendingLen = 0;
            continue;
          }
        } else this.badHeader(this.pendingView, 0);
      }
      // Resynchronising across the buffered tail: scan pending + this data together.
      this.append(view, off, end);
      off = end;
      const used = this.parse(this.pendingView, 0, this.pendingLen);
      this.pending.copyWithin(0, used, this.pendingLen);
      this.pendingLen -= used;
      return;
    }
    if (off >= end) return;
    const used = this.parse(view, off, end);
    if (used < end) this.append(view, used, end);
  }

  /**
   * Emit the complete messages in [off, end); returns where the unconsumed bytes start. `final`:
   * no byte follows `end` (passUndecided), so a resynchronisation candidate left undecided (-1)
   * with 4 bytes or more is passed as no header.
   */
  private parse(view: DataView, off: number, end: number, final = false): number {
    for (;;) {
      while (this.padAfter > 0 && off < end && view.getUint8(off) === 0) {
        off++;
        this.padAfter--;
      }
      if (off < end) this.padAfter = 0;
      if (end - off < 4) return off;
      if (this.synced) {
        const len = this.lengthAt(view, off, end);
        if (len < 0) {
          this.badHeader(view, off);
          continue;
        }
        if (end - off < len) return off;
        if (this.deliver(view, off, len)) off += len;
        continue;
      }
      const start = off;
      let verdict: -1 | 0 | 1 = 0;
      for (;;) {
        off = versionByteAt(view, off, end);
        verdict = plausibleDiameterAt(view, off, end, this.maxMessage);
        if (verdict === 1 || (verdict === -1 && !(final && end - off >= 4))) break;
        off++;
      }
      this.skipped += off - start;
      this.counters.inc('tcp.resync-skipped-bytes', off - start);
      if (verdict === -1) return off;
      if (this.skipped > 0) this.report(TCP_ANOMALY.RESYNC, `${this.skipped} bytes skipped to the next plausible Diameter header`);
      this.skipped = 0;
      this.synced = true;
    }
  }

  /**
   * In sync: the Message Length of the header at `off` (bytes up to `end`), or -1. A length that
   * is not a multiple of 4 is taken while the message is plausible as far as the bytes go.
   */
  private lengthAt(view: DataView, off: number, end: number): number {
    const len = diameterLengthAt(view, off, this.maxMessage);
    if (len >= 0 || plausibleDiameterAt(view, off, end, this.maxMessage, true) === 0) return len;
    return view.getUint32(off) & 0xffffff;
  }

  /**
   * Emit the whole message [off, off+len) framed in sync; false (a bad header) when its length is
   * not a multiple of 4 and its last AVP does not end there (RFC 6733 §4.1: AVP Length excludes
   * the padding, so an unpadded last AVP ends at such a length).
   */
  private deliver(view: DataView, off: number, len: number): boolean {
    if ((len & 3) !== 0 && plausibleDiameterAt(view, off, off + len, this.maxMessage, true) !== 1) {
      this.badHeader(view, off);
      return false;
    }
    this.counters.inc('tcp.diameter-messages');
    this.sink(view, off, off + len);
    this.padAfter = -len & 3;
    return true;
  }

  private badHeader(view: DataView, off: number): void {
    this.counters.inc('tcp.diameter-bad-headers');
    this.report(TCP_ANOMALY.BAD_DIAMETER_HEADER, `implausible Diameter header 0x${view.getUint32(off).toString(16).padStart(8, '0')}; resynchronising`);
    this.synced = false;
  }

  /** Copy [off, end) of `view` to the pending buffer; returns `end`. */
  private append(view: DataView, off: number, end: number): number {
    const n = end - off;
    const need = this.pendingLen + n;
    if (need > this.pending.length) {
      let size = Math.max(256, need, this.pending.length * 2);
      // In sync the buffer holds one message from its header: its Message Length caps the
      // doubling. measured (rt7 M1, 1 MiB messages in 65,000-byte segments): the doubling ended at a
      // 2 MiB buffer (charged to tcpReasmBytes) after 4 MiB of allocations, now 1 MiB after 2 MiB.
      if (this.synced && size > need) {
        const len =
          this.pendingLen >= 4
            ? unpaddedLengthAt(this.pendingView, 0, this.maxMessage)
            : this.pendingLen === 0 && n >= 4
              ? unpaddedLengthAt(view, off, this.maxMessage)
              : -1;
        if (len >= need && len < size) size = len;
      }
      // Large buffers through the pool: a flow buffering a 1 MiB message outlives scavenges, so its
      // buffers died old and waited for a full collection (see core/byte-pool.ts).
      const grown = size > KEEP_PENDING ? this.pool.take(size) : new Uint8Array(size);
      grown.set(this.pending.subarray(0, this.pendingLen));
      if (this.pending.length > KEEP_PENDING) this.pool.release(this.pending);
      this.pending = grown;
      this.pendingView = new DataView(grown.buffer);
    }
    this.pending.set(new Uint8Array(view.buffer, view.byteOffset + off, n), this.pendingLen);
    this.pendingLen += n;
    return end;
  }
}
