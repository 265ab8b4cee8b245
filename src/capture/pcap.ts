/**
 * Classic pcap (draft-ietf-opsawg-pcap, tcpdump.org "pcap file format").
 *
 * §4 File Header, 24 octets: Magic Number, Major Version (2), Minor Version (4), Reserved1,
 * Reserved2, SnapLen, LinkType-and-additional-information (link type in the low 16 bits; the
 * upper bits carry FCS information and are ignored here).
 * §5 Packet Record, 16-octet header then CapLen octets of data: Timestamp (seconds),
 * Timestamp (µs or ns, per the magic), Captured Packet Length, Original Packet Length.
 * Every field is in the byte order the magic number was written in.
 */
import { DecodeError, ErrorCode } from '../core/errors.js';
import { CAPTURE_ANOMALY, CAPTURE_COUNTER, type FormatDecoder, type ReaderContext } from './decoder.js';
import { PCAP_MAGIC_NS, PCAP_MAGIC_US } from './sniff.js';

const PCAP_FILE_HEADER_LEN = 24;
const PCAP_RECORD_HEADER_LEN = 16;

/**
 * Largest record a sane writer produces whatever its SnapLen: 262144 is tcpdump's default and
 * maximum snapshot length (tcpdump(1) `-s`). A CapLen beyond max(2·SnapLen, this) is read as a
 * corrupt header (typically garbage after the file header), not as an oversized packet.
 */
const SANE_RECORD_LEN = 262_144;

export class PcapDecoder implements FormatDecoder {
  needed = PCAP_FILE_HEADER_LEN;
  private headerDone = false;
  private le = false;
  private nanos = false;
  private snaplen = 0;
  private linkType = 0;
  /** CapLen above this stops the input (BAD_LENGTH). */
  private maxCapLen = 0;

  constructor(private readonly ctx: ReaderContext) {}

  step(view: DataView, off: number, end: number, fileOffset: number): number {
    // `!== true` / `=== true`: a boolean field, parameter or call result tested as `!x` is a full ToBoolean
    // in TurboFan (V8 tracks no boolean field type); a compare with true is one instruction (bench/results-notes.md, "dechot").
    if (this.headerDone !== true) return this.fileHeader(view, off, end);
    // `needed` is already 16 here (`total` only while a record is incomplete). No store in this
    // branch: first taken when a record header straddles a chunk, long after TurboFan compiled
    // step, a store without type feedback deoptimised it (bench/results-notes.md, "decode9").
    if (end - off < PCAP_RECORD_HEADER_LEN) return 0;
    const le = this.le === true;
    const capLen = view.getUint32(off + 8, le);
    if (capLen > this.maxCapLen) this.badLength(capLen, fileOffset);
    const total = PCAP_RECORD_HEADER_LEN + capLen;
    if (capLen > this.ctx.limits.maxFrameBytes) return this.oversize(capLen, total, end - off, fileOffset);
    // One store on every record (the `needed = 16` after delivery folded into it): a store made only
    // when a record straddles a chunk had no type feedback when first reached and deoptimised step.
    const whole = end - off >= total;
    this.needed = whole ? PCAP_RECORD_HEADER_LEN : total;
    if (!whole) return 0;
    const ctx = this.ctx;
    const rec = ctx.rec;
    const origLen = view.getUint32(off + 12, le);
    let tsSec = view.getUint32(off, le);
    let frac = view.getUint32(off + 4, le);
    const unit = this.nanos ? 1_000_000_000 : 1_000_000;
    if (frac >= unit) {
      ctx.report(CAPTURE_ANOMALY.BAD_TIMESTAMP, `sub-second field ${frac} ≥ ${unit} at byte ${fileOffset + 4}; carried into seconds`);
      tsSec += Math.floor(frac / unit);
      frac %= unit;
    }
    if (capLen !== origLen) this.lengthMismatch(capLen, origLen, fileOffset);
    else if (capLen > this.snaplen && this.snaplen !== 0) this.overSnaplen(capLen, fileOffset);
    rec.tsSec = tsSec;
    rec.tsNsec = this.nanos ? frac : frac * 1000;
    rec.tsPrecision = this.nanos ? 9 : 6;
    rec.linkType = this.linkType;
    rec.interfaceId = 0;
    rec.offset = off + PCAP_RECORD_HEADER_LEN;
    rec.capLen = capLen;
    rec.origLen = origLen;
    rec.fileOffset = fileOffset;
    ctx.deliver();
    return total;
  }

  private fileHeader(view: DataView, off: number, end: number): number {
    if (end - off < PCAP_FILE_HEADER_LEN) return 0; // needed is already 24
    const magicBE = view.getUint32(off, false);
    this.le = magicBE !== PCAP_MAGIC_US && magicBE !== PCAP_MAGIC_NS;
    this.nanos = view.getUint32(off, this.le) === PCAP_MAGIC_NS;
    const major = view.getUint16(off + 4, this.le);
    if (major !== 2) this.ctx.report(CAPTURE_ANOMALY.PCAP_VERSION, `pcap major version ${major}, expected 2 (pcap §4)`, 0);
    this.snaplen = view.getUint32(off + 16, this.le);
    // §4: LinkType is the low 16 bits; the FCS length / P bit live in the upper bits.
    this.linkType = view.getUint32(off + 20, this.le) & 0xffff;
    const maxRecord = this.ctx.limits.maxRecordBytes;
    this.maxCapLen = this.snaplen === 0 ? maxRecord : Math.min(maxRecord, Math.max(2 * this.snaplen, SANE_RECORD_LEN));
    this.headerDone = true;
    this.needed = PCAP_RECORD_HEADER_LEN;
    return PCAP_FILE_HEADER_LEN;
  }

  /** A record longer than limits.maxFrameBytes: reported and passed over as it arrives (P1: 256 MiB were buffered). */
  private oversize(capLen: number, total: number, avail: number, fileOffset: number): number {
    const ctx = this.ctx;
    ctx.report(
      CAPTURE_ANOMALY.OVERSIZE_RECORD,
      `record at byte ${fileOffset}: CapLen ${capLen} > limits.maxFrameBytes (${ctx.limits.maxFrameBytes}); skipped unread`,
    );
    const take = Math.min(total, avail);
    ctx.skip(total - take, true);
    this.needed = PCAP_RECORD_HEADER_LEN;
    return take;
  }

  private badLength(capLen: number, fileOffset: number): never {
    const frame = this.ctx.frames + 1;
    const why =
      capLen > this.ctx.limits.maxRecordBytes
        ? `exceeds limits.maxRecordBytes (${this.ctx.limits.maxRecordBytes})`
        : `is far above SnapLen ${this.snaplen}: corrupt record header`;
    throw new DecodeError(ErrorCode.BAD_LENGTH, `pcap record at byte ${fileOffset} (frame ${frame}): captured length ${capLen} ${why}`, {
      byteOffset: fileOffset,
      frame,
      layer: 'capture',
    });
  }

  private lengthMismatch(capLen: number, origLen: number, fileOffset: number): void {
    if (capLen < origLen) this.ctx.count(CAPTURE_COUNTER.TRUNCATED_RECORD);
    else this.ctx.report(CAPTURE_ANOMALY.CAPLEN_EXCEEDS_ORIGLEN, `record at byte ${fileOffset}: CapLen ${capLen} > OrigLen ${origLen}`);
    if (capLen > this.snaplen && this.snaplen !== 0) this.overSnaplen(capLen, fileOffset);
  }

  private overSnaplen(capLen: number, fileOffset: number): void {
    this.ctx.report(CAPTURE_ANOMALY.CAPLEN_EXCEEDS_SNAPLEN, `record at byte ${fileOffset}: CapLen ${capLen} > SnapLen ${this.snaplen}`);
  }
}
