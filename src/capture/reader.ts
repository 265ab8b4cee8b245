/**
 * Push-driven capture reader: feed chunks of a pcap or pcapng file in any sizes, receive one
 * {@link FrameRecord} per packet, synchronously, in file order.
 *
 * Buffering (undici's parser pattern): a record inside the pushed chunk is handed out as a view
 * of that chunk (no copy). Only a unit (header, record, block) that straddles chunks is
 * assembled in a reader-owned buffer, which grows to the largest such unit (≤
 * limits.maxRecordBytes + header) and is reused, so memory stays constant whatever the input
 * size. A record longer than limits.maxFrameBytes is passed over as its bytes arrive, never
 * assembled. The reader keeps no reference to a chunk after `push` returns.
 */
import type { AnomalyCode } from '../core/anomaly-codes.js';
import type { AnomalySink } from '../core/anomaly.js';
import { DecodeError, ErrorCode } from '../core/errors.js';
import { resolveLimits, type Limits } from '../core/limits.js';
import type { CounterSlot, Counters } from '../core/stats.js';
import { CAPTURE_ANOMALY, CAPTURE_COUNTER, type FormatDecoder, type ReaderContext } from './decoder.js';
import { PcapDecoder } from './pcap.js';
import { PcapngDecoder } from './pcapng.js';
import { SNIFF_BYTES, sniffFormat } from './sniff.js';
import type { FrameRecord } from './types.js';

export interface CaptureReaderOptions {
  /** Called once per packet; the record and its bytes are valid only during the call. */
  onFrame: (rec: FrameRecord) => void;
  onAnomaly?: AnomalySink;
  counters?: Counters;
  limits?: Partial<Limits>;
}

const EMPTY = new Uint8Array(0);
const INITIAL_PENDING = 64 * 1024;

export class CaptureReader implements ReaderContext {
  readonly rec: FrameRecord;
  readonly limits: Limits;
  private readonly onFrame: (rec: FrameRecord) => void;
  private readonly onAnomaly: AnomalySink | undefined;
  private readonly counters: Counters | undefined;
  private dec: FormatDecoder | undefined;
  private fmt: 'pcap' | 'pcapng' | undefined;
  private nFrames = 0;
  /** Input offset of the next unit to decode. */
  private pos = 0;
  private pend: Uint8Array = EMPTY;
  private pendView = new DataView(EMPTY.buffer);
  private pendLen = 0;
  /** Input bytes of a skipped record still to pass over ({@link skip}). */
  private skipLeft = 0;
  /** What the skipped record's last 4 bytes must hold (-1: nothing to check), their byte order, and the bytes. */
  private trailer = -1;
  private trailerLe = false;
  private trailerFrame = 0;
  private readonly tail = new DataView(new ArrayBuffer(4));
  private failed: unknown = undefined;
  private ended = false;
  /** `capture.frames`, bound once (core/stats.ts: `slot.n++` ~3 ns vs `inc(name)` ~30 ns per frame). */
  private readonly cFrames: CounterSlot;

  constructor(opts: CaptureReaderOptions) {
    this.onFrame = opts.onFrame;
    this.onAnomaly = opts.onAnomaly;
    this.counters = opts.counters;
    this.cFrames = opts.counters === undefined ? { n: 0 } : opts.counters.slot(CAPTURE_COUNTER.FRAMES);
    this.limits = resolveLimits(opts.limits);
    this.rec = {
      frameNo: 0,
      tsSec: 0,
      tsNsec: 0,
      tsPrecision: 6,
      linkType: 0,
      interfaceId: 0,
      bytes: EMPTY,
      view: this.pendView,
      offset: 0,
      capLen: 0,
      origLen: 0,
      fileOffset: 0,
    };
  }

  /** Detected format, once the first 4 bytes have been pushed. */
  get format(): 'pcap' | 'pcapng' | undefined {
    return this.fmt;
  }

  /** Frames read so far: delivered, or skipped whole ({@link skip}). */
  get frames(): number {
    return this.nFrames;
  }

  /**
   * Decodes every complete record in `chunk` (plus the one left over from the previous chunk).
   * Throws {@link DecodeError} when the input cannot be read further; every earlier frame has
   * been delivered by then, and later calls rethrow the same error.
   */
  push(chunk: Uint8Array): void {
    if (this.failed !== undefined) throw this.failed;
    if (this.ended) throw new DecodeError(ErrorCode.BAD_OPTION, 'CaptureReader.push() after end()');
    try {
      this.consume(chunk);
    } catch (e) {
      this.failed = e;
      throw e;
    }
  }

  /**
   * Signals the end of input. A capture cut short inside a record is common (a capture stopped
   * mid-write): it is an anomaly (`capture.truncated-file`), not an error. Input too short to
   * identify is UNKNOWN_FORMAT.
   */
  end(): void {
    if (this.failed !== undefined) throw this.failed;
    if (this.ended) return;
    this.ended = true;
    if (this.dec === undefined) {
      this.failed = new DecodeError(ErrorCode.UNKNOWN_FORMAT, `input is not a pcap or pcapng capture: only ${this.pendLen} byte(s)`, {
        byteOffset: 0,
        layer: 'capture',
      });
      throw this.failed;
    }
    if (this.skipLeft > 0) {
      this.report(
        CAPTURE_ANOMALY.TRUNCATED_FILE,
        `input ends ${this.skipLeft} byte(s) before the end of a skipped record (after frame ${this.nFrames})`,
        this.nFrames,
      );
      this.skipLeft = 0;
      this.trailer = -1;
    }
    if (this.pendLen > 0) {
      this.report(
        CAPTURE_ANOMALY.TRUNCATED_FILE,
        `input ends ${this.pendLen} byte(s) into a ${this.dec.needed}-byte unit starting at byte ${this.pos} (after frame ${this.nFrames})`,
        this.nFrames + 1,
      );
      this.pendLen = 0;
    }
  }

  deliver(): void {
    this.rec.frameNo = ++this.nFrames;
    this.cFrames.n++;
    this.onFrame(this.rec);
  }

  skip(n: number, frame: boolean, trailer = -1, le = false): void {
    this.trailerFrame = this.nFrames + 1; // the frame a corrupt block's error names, as the decoder's own check does
    if (frame) {
      ++this.nFrames;
      this.cFrames.n++;
    }
    this.skipLeft = n;
    this.trailer = n >= 4 ? trailer : -1;
    this.trailerLe = le;
  }

  report(code: AnomalyCode, detail: string, frame: number = this.nFrames + 1): void {
    this.counters?.inc(code);
    this.onAnomaly?.({ code, layer: 'capture', detail, frame });
  }

  count(name: string): void {
    this.counters?.inc(name);
  }

  private consume(chunk: Uint8Array): void {
    const end = chunk.length;
    let off = 0;
    // 1. Complete the unit left over from earlier chunks, copying only the bytes it needs.
    while (this.pendLen > 0) {
      const need = this.dec === undefined ? SNIFF_BYTES : this.dec.needed;
      const take = Math.min(need - this.pendLen, end - off);
      if (take > 0) {
        this.reserve(need);
        this.pend.set(off === 0 && take === end ? chunk : chunk.subarray(off, off + take), this.pendLen);
        this.pendLen += take;
        off += take;
      }
      if (this.pendLen < need) return;
      const len = this.pendLen;
      // The record's bytes are set here and below, once per buffer: a decoder's `if (rec.bytes !==
      // bytes)` store was first reached at the first record straddling a chunk, without type
      // feedback, and deoptimised its step (bench/results-notes.md, "decode9").
      const rec = this.rec;
      rec.bytes = this.pend;
      rec.view = this.pendView;
      const n = this.step(this.pendView, this.pend, 0, len);
      // Read on every pass, not only when n is 0: a header that straddles chunks returns 0 here
      // (its record's length now known) long after TurboFan compiled consume, and reads first made
      // then had no type feedback and deoptimised it (bench/results-notes.md, "decode9").
      const stalled = (this.dec === undefined ? SNIFF_BYTES : this.dec.needed) <= len;
      if (n > 0) {
        this.pos += n;
        this.pendLen = len - n;
        if (len > n) this.pend.copyWithin(0, n, len);
      } else if (stalled) {
        // A decoder that neither consumes nor asks for more would spin forever. Unreachable with
        // the pcap/pcapng decoders (fuzzed); typed so a future format cannot leak a plain Error.
        throw new DecodeError(ErrorCode.MALFORMED, `capture decoder stalled at byte ${this.pos}`, { byteOffset: this.pos, layer: 'capture' });
      }
    }
    // 2. Units wholly inside the chunk are decoded in place; a skipped record's bytes passed over.
    off = this.passSkipped(chunk, off, end);
    if (off < end) {
      const view = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      const rec = this.rec;
      rec.bytes = chunk;
      rec.view = view;
      for (;;) {
        const n = this.step(view, chunk, off, end);
        if (n === 0) break;
        off += n;
        this.pos += n;
        if (this.skipLeft > 0) {
          off = this.passSkipped(chunk, off, end);
          if (off === end) return;
        }
      }
      // 3. Keep the incomplete tail for the next chunk.
      if (off < end) {
        const need = this.dec === undefined ? SNIFF_BYTES : this.dec.needed;
        this.reserve(Math.max(need, end - off));
        this.pend.set(chunk.subarray(off, end), 0);
        this.pendLen = end - off;
      }
    }
  }

  /**
   * Passes over what the chunk `[off, end)` holds of a skipped record, keeping its last 4 bytes
   * when they are to be checked ({@link skip}); returns the new `off`.
   */
  private passSkipped(chunk: Uint8Array, off: number, end: number): number {
    const left = this.skipLeft;
    const take = Math.min(left, end - off);
    if (this.trailer >= 0) for (let i = Math.max(0, left - 4); i < take; i++) this.tail.setUint8(4 - (left - i), chunk[off + i]!);
    this.skipLeft = left - take;
    this.pos += take;
    if (this.skipLeft === 0 && this.trailer >= 0) this.checkTrailer();
    return off + take;
  }

  /** The skipped pcapng block's trailing Block Total Length equals its leading one (§3.1). */
  private checkTrailer(): void {
    const want = this.trailer;
    this.trailer = -1;
    const got = this.tail.getUint32(0, this.trailerLe);
    if (got === want) return;
    const at = this.pos - 4;
    throw new DecodeError(
      ErrorCode.BAD_LENGTH,
      `pcapng at byte ${at} (frame ${this.trailerFrame}): block skipped unread has trailing Block Total Length ${got} ≠ ${want} (§3.1)`,
      { byteOffset: at, frame: this.trailerFrame, layer: 'capture' },
    );
  }

  private step(view: DataView, bytes: Uint8Array, off: number, end: number): number {
    if (this.dec === undefined) {
      if (end - off < SNIFF_BYTES) return 0;
      const f = sniffFormat(bytes, off);
      if (f === 'pcap') this.dec = new PcapDecoder(this);
      else if (f === 'pcapng') this.dec = new PcapngDecoder(this);
      else {
        throw new DecodeError(
          ErrorCode.UNKNOWN_FORMAT,
          f === 'gzip'
            ? 'input is gzip-compressed: open it with openCapture()/readCapture(), which gunzip it'
            : 'input is not a pcap or pcapng capture (unknown magic number)',
          { byteOffset: 0, layer: 'capture' },
        );
      }
      this.fmt = f;
    }
    return this.dec.step(view, off, end, this.pos);
  }

  /** Grows the assembly buffer to at least `n` bytes, keeping its content. */
  private reserve(n: number): void {
    if (this.pend.length >= n) return;
    let size = Math.max(INITIAL_PENDING, this.pend.length);
    while (size < n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.pend.subarray(0, this.pendLen));
    this.pend = next;
    this.pendView = new DataView(next.buffer);
  }
}
