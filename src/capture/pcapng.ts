/**
 * pcapng (draft-ietf-opsawg-pcapng).
 *
 * §3.1 General block structure: Block Type (32), Block Total Length (32), body, Block Total
 * Length again; the length counts the whole block and is a multiple of 4 (bodies are padded).
 * §4.1 Section Header Block (0x0A0D0D0A): Byte-Order Magic 0x1A2B3C4D says the byte order of the
 * whole section; a file may hold several sections, each with its own byte order and interfaces.
 * §4.2 Interface Description Block (1): LinkType (16), Reserved (16), SnapLen (32), options;
 * if_tsresol (code 9) and if_tsoffset (code 14) set how its timestamps are read.
 * §4.3 Enhanced Packet Block (6), §4.4 Simple Packet Block (3), Appendix A Packet Block (2,
 * obsolete). Other block types are skipped by their length (§3.1: "unknown blocks ... MUST be
 * ignored").
 */
import { DecodeError, ErrorCode } from '../core/errors.js';
import { MAX_ISO_SEC } from '../core/time.js';
import { CAPTURE_ANOMALY, CAPTURE_COUNTER, type FormatDecoder, type ReaderContext } from './decoder.js';
import { PCAPNG_SHB_TYPE } from './sniff.js';

export const PCAPNG_BLOCK = {
  SHB: PCAPNG_SHB_TYPE,
  IDB: 1,
  /** Appendix A, obsolete Packet Block. */
  PB: 2,
  SPB: 3,
  NRB: 4,
  ISB: 5,
  EPB: 6,
  /** §10.1 Systemd Journal Export Block. */
  JOURNAL: 9,
  /** §4.7 Decryption Secrets Block. */
  DSB: 0x0a,
  /** §4.8 Custom Blocks (copiable and non-copiable). */
  CUSTOM: 0x00000bad,
  CUSTOM_NOCOPY: 0x40000bad,
} as const;

const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
/** Smallest block (§3.1): type + length + trailing length. */
const MIN_BLOCK = 12;
const OPT_ENDOFOPT = 0;
/** §4.2 if_tsresol / if_tsoffset option codes. */
const OPT_IF_TSRESOL = 9;
const OPT_IF_TSOFFSET = 14;

/** How one interface's 64-bit timestamps map to seconds + nanoseconds. */
interface Iface {
  linkType: number;
  /** 0 = no limit (§4.2). */
  snaplen: number;
  /** Timestamp units per second (10^n or 2^n). */
  units: number;
  /** Integer path (units ≤ 2^32): nsec = floor(rem · fracMul / fracDiv), exact. */
  fast: boolean;
  fracMul: number;
  fracDiv: number;
  unitsBig: bigint;
  /** if_tsoffset, seconds. */
  tsOffset: number;
  precision: number;
}

const TWO_32 = 4_294_967_296;
const FIVE_POW_9 = 1_953_125; // 10^9 = 5^9 · 2^9

/** §4.2 if_tsresol: MSB 0 → 10^-v s, MSB 1 → 2^-v s; default 10^-6. */
function makeIface(linkType: number, snaplen: number, tsresol: number, tsOffset: number): Iface {
  const pow2 = (tsresol & 0x80) !== 0;
  const exp = tsresol & 0x7f;
  const units = pow2 ? 2 ** exp : 10 ** exp;
  let fracMul = 0;
  let fracDiv = 1;
  if (!pow2) fracMul = exp <= 9 ? 10 ** (9 - exp) : 0;
  else if (exp >= 9) {
    // rem < 2^exp ≤ 2^32 and 5^9 < 2^21: rem · 5^9 < 2^53 stays exact; dividing by 2^(exp-9) is exact.
    fracMul = FIVE_POW_9;
    fracDiv = 2 ** (exp - 9);
  } else {
    fracMul = 1_000_000_000;
    fracDiv = units;
  }
  return {
    linkType,
    snaplen,
    units,
    fast: units <= TWO_32 && fracMul !== 0,
    fracMul,
    fracDiv,
    unitsBig: pow2 ? 1n << BigInt(exp) : 10n ** BigInt(exp),
    tsOffset,
    precision: Math.min(9, pow2 ? Math.ceil(exp * Math.log10(2)) : exp),
  };
}

export class PcapngDecoder implements FormatDecoder {
  needed = MIN_BLOCK;
  private le = false;
  /** The section's described interfaces, ≤ limits.pcapngInterfaces (the first ones, §4.2 order). */
  private ifaces: Iface[] = [];
  /** IDBs of the section past limits.pcapngInterfaces: their interface IDs exist but are not described. */
  private ifacesDropped = 0;

  constructor(private readonly ctx: ReaderContext) {}

  step(view: DataView, off: number, end: number, fileOffset: number): number {
    const avail = end - off;
    if (avail < MIN_BLOCK) {
      this.needed = MIN_BLOCK;
      return 0;
    }
    let le = this.le;
    const type = view.getUint32(off, le);
    if (type === PCAPNG_BLOCK.SHB) {
      // §4.1: the SHB's own length is in the byte order its Byte-Order Magic announces.
      const bom = view.getUint32(off + 8, false);
      if (bom === BYTE_ORDER_MAGIC) le = false;
      else if (bom === 0x4d3c2b1a) le = true;
      else this.fail(ErrorCode.MALFORMED, `Section Header Block has Byte-Order Magic 0x${bom.toString(16)}`, fileOffset + 8);
    }
    const len = view.getUint32(off + 4, le);
    if (len < MIN_BLOCK || len % 4 !== 0) {
      this.fail(
        ErrorCode.BAD_LENGTH,
        `block type 0x${type.toString(16)} has Block Total Length ${len} (must be ≥ 12 and a multiple of 4, §3.1)`,
        fileOffset + 4,
      );
    }
    if (len - MIN_BLOCK > this.ctx.limits.maxRecordBytes) {
      this.fail(ErrorCode.BAD_LENGTH, `Block Total Length ${len} exceeds limits.maxRecordBytes (${this.ctx.limits.maxRecordBytes})`, fileOffset + 4);
    }
    if (len - MIN_BLOCK > this.ctx.limits.maxFrameBytes) return this.oversize(view, off, le, type, len, avail, fileOffset);
    if (avail < len) {
      this.needed = len;
      return 0;
    }
    this.checkTrailer(view, off, le, type, len, fileOffset);
    switch (type) {
      case PCAPNG_BLOCK.EPB:
        this.packet(view, off, len, fileOffset, false);
        break;
      case PCAPNG_BLOCK.SPB:
        this.simplePacket(view, off, len, fileOffset);
        break;
      case PCAPNG_BLOCK.PB:
        this.packet(view, off, len, fileOffset, true);
        break;
      case PCAPNG_BLOCK.IDB:
        this.interfaceDescription(view, off, len, fileOffset);
        break;
      case PCAPNG_BLOCK.SHB:
        this.sectionHeader(view, off, len, fileOffset, le);
        break;
      case PCAPNG_BLOCK.NRB:
      case PCAPNG_BLOCK.ISB:
      case PCAPNG_BLOCK.JOURNAL:
      case PCAPNG_BLOCK.DSB:
      case PCAPNG_BLOCK.CUSTOM:
      case PCAPNG_BLOCK.CUSTOM_NOCOPY:
        this.ctx.count(CAPTURE_COUNTER.IGNORED_BLOCK);
        break;
      default:
        this.ctx.count(CAPTURE_COUNTER.UNKNOWN_BLOCK);
    }
    this.needed = MIN_BLOCK;
    return len;
  }

  /**
   * A block longer than limits.maxFrameBytes is passed over as it arrives, never buffered (red-team
   * rt7 P1: a 256 MiB record was): a packet block takes its frame number, with the anomaly; another
   * block is counted as ignored. A Section Header or Interface Description Block that long is no
   * writer's (their options are a few names and numbers) and the section cannot be read without it.
   */
  private oversize(view: DataView, off: number, le: boolean, type: number, len: number, avail: number, fileOffset: number): number {
    const ctx = this.ctx;
    const max = ctx.limits.maxFrameBytes;
    if (type === PCAPNG_BLOCK.SHB || type === PCAPNG_BLOCK.IDB) {
      this.fail(ErrorCode.BAD_LENGTH, `block type 0x${type.toString(16)} of ${len} octets: more than limits.maxFrameBytes (${max})`, fileOffset + 4);
    }
    const packet = type === PCAPNG_BLOCK.EPB || type === PCAPNG_BLOCK.SPB || type === PCAPNG_BLOCK.PB;
    if (packet) ctx.report(CAPTURE_ANOMALY.OVERSIZE_RECORD, `block at byte ${fileOffset}: ${len} octets > limits.maxFrameBytes (${max}); skipped unread`);
    else ctx.count(CAPTURE_COUNTER.IGNORED_BLOCK);
    // The trailing Block Total Length (§3.1) is checked as for a block read whole: here when the
    // block is all in, else by the reader as its last 4 octets pass (review of the merge: unchecked).
    if (avail >= len) {
      this.checkTrailer(view, off, le, type, len, fileOffset);
      ctx.skip(0, packet);
      this.needed = MIN_BLOCK;
      return len;
    }
    const take = Math.min(len - 4, avail);
    ctx.skip(len - take, packet, len, le);
    this.needed = MIN_BLOCK;
    return take;
  }

  /** §3.1: the trailing Block Total Length of the block at `off` (all in `view`) equals the leading one. */
  private checkTrailer(view: DataView, off: number, le: boolean, type: number, len: number, fileOffset: number): void {
    const trailing = view.getUint32(off + len - 4, le);
    if (trailing !== len) {
      this.fail(ErrorCode.BAD_LENGTH, `block type 0x${type.toString(16)}: trailing Block Total Length ${trailing} ≠ ${len} (§3.1)`, fileOffset + len - 4);
    }
  }

  /** §4.1: Byte-Order Magic, Major Version 1, Minor Version, Section Length, options. */
  private sectionHeader(view: DataView, off: number, len: number, fileOffset: number, le: boolean): void {
    if (len < 28) this.fail(ErrorCode.BAD_LENGTH, `Section Header Block length ${len} < 28 (§4.1)`, fileOffset + 4);
    const major = view.getUint16(off + 12, le);
    // §4.1: a reader must not try to interpret a section with a major version it does not know.
    if (major !== 1) this.fail(ErrorCode.UNKNOWN_FORMAT, `pcapng section major version ${major} (only 1 is defined, §4.1)`, fileOffset + 12);
    this.le = le;
    this.ifaces = [];
    this.ifacesDropped = 0;
  }

  /** §4.2: interface IDs are assigned in IDB order within the section, starting at 0. */
  private interfaceDescription(view: DataView, off: number, len: number, fileOffset: number): void {
    const le = this.le;
    // One Iface (~160 B of heap, measured: 10.6 MB for 65,536) per IDB: 4 M IDBs of 20 octets
    // (194 KB gzipped) held 966 MB. Past the limit an IDB still takes the next interface ID
    // (§4.2) but is not described; packets on it are skipped (packet()). Reported once per
    // section, every such IDB counted.
    const max = this.ctx.limits.pcapngInterfaces;
    if (this.ifaces.length >= max) {
      if (this.ifacesDropped++ === 0) {
        this.ctx.report(
          CAPTURE_ANOMALY.PCAPNG_INTERFACE_LIMIT,
          `IDB at byte ${fileOffset}: the section already describes limits.pcapngInterfaces (${max}) interfaces; ` +
            'this and later IDBs of the section are not kept and their packets are skipped',
        );
      }
      this.ctx.count(CAPTURE_COUNTER.INTERFACES_DROPPED);
      return;
    }
    if (len < 20) {
      this.ctx.report(
        CAPTURE_ANOMALY.PCAPNG_BAD_BLOCK,
        `IDB at byte ${fileOffset}: length ${len} < 20 (§4.2); interface ${this.ifaces.length} gets link type 0`,
      );
      this.ifaces.push(makeIface(0, 0, 6, 0));
      return;
    }
    const linkType = view.getUint16(off + 8, le);
    const snaplen = view.getUint32(off + 12, le);
    let tsresol = 6;
    let tsOffset = 0;
    const optEnd = off + len - 4;
    let p = off + 16;
    while (p + 4 <= optEnd) {
      const code = view.getUint16(p, le);
      const olen = view.getUint16(p + 2, le);
      if (code === OPT_ENDOFOPT) break;
      const v = p + 4;
      if (v + olen > optEnd) {
        this.ctx.report(CAPTURE_ANOMALY.PCAPNG_BAD_OPTION, `IDB at byte ${fileOffset}: option ${code} length ${olen} overruns the block (§3.5)`);
        break;
      }
      if (code === OPT_IF_TSRESOL && olen >= 1) tsresol = view.getUint8(v);
      // if_tsoffset is a signed 64-bit count of seconds; Number is exact up to 2^53 s.
      else if (code === OPT_IF_TSOFFSET && olen >= 8) tsOffset = Number(view.getBigInt64(v, le));
      p = v + ((olen + 3) & ~3); // §3.5: values padded to 32 bits
    }
    this.ifaces.push(makeIface(linkType, snaplen, tsresol, tsOffset));
  }

  /**
   * §4.3 EPB: Interface ID (32), Timestamp Upper (32), Timestamp Lower (32), Captured Packet
   * Length, Original Packet Length, data padded to 32 bits, options.
   * Appendix A PB: Interface ID (16), Drops Count (16), then the same fields.
   */
  private packet(view: DataView, off: number, len: number, fileOffset: number, obsolete: boolean): void {
    const le = this.le;
    const ctx = this.ctx;
    if (len < 32) {
      ctx.report(CAPTURE_ANOMALY.PCAPNG_BAD_BLOCK, `packet block at byte ${fileOffset}: length ${len} < 32 (§4.3); skipped`);
      return;
    }
    const ifId = obsolete ? view.getUint16(off + 8, le) : view.getUint32(off + 8, le);
    const capLen = view.getUint32(off + 20, le);
    const origLen = view.getUint32(off + 24, le);
    if (28 + capLen > len - 4) {
      ctx.report(
        CAPTURE_ANOMALY.PCAPNG_BAD_BLOCK,
        `packet block at byte ${fileOffset}: Captured Packet Length ${capLen} overruns Block Total Length ${len}; skipped`,
      );
      return;
    }
    const ifc = this.ifaces[ifId];
    if (ifc === undefined) {
      if (ifId < this.ifaces.length + this.ifacesDropped) {
        ctx.report(
          CAPTURE_ANOMALY.PCAPNG_INTERFACE_LIMIT,
          `packet block at byte ${fileOffset}: interface ${ifId} is past limits.pcapngInterfaces ` +
            `(${ctx.limits.pcapngInterfaces}), its IDB was not kept; skipped`,
        );
      } else ctx.report(CAPTURE_ANOMALY.PCAPNG_NO_INTERFACE, `packet block at byte ${fileOffset}: interface ${ifId} has no IDB in this section; skipped`);
      return;
    }
    this.setTime(view.getUint32(off + 12, le), view.getUint32(off + 16, le), ifc);
    this.emit(off + 28, capLen, origLen, ifId, ifc, fileOffset);
  }

  /**
   * §4.4 SPB: Original Packet Length then data. Its captured length is the smaller of the
   * original length and IDB 0's SnapLen (when not 0); the block length bounds it too. No
   * timestamp: tsSec = tsNsec = 0.
   */
  private simplePacket(view: DataView, off: number, len: number, fileOffset: number): void {
    const ifc = this.ifaces[0];
    if (len < 16 || ifc === undefined) {
      this.ctx.report(
        len < 16 ? CAPTURE_ANOMALY.PCAPNG_BAD_BLOCK : CAPTURE_ANOMALY.PCAPNG_NO_INTERFACE,
        `Simple Packet Block at byte ${fileOffset}: ${len < 16 ? `length ${len} < 16` : 'no IDB 0 in this section'} (§4.4); skipped`,
      );
      return;
    }
    const origLen = view.getUint32(off + 8, this.le);
    let capLen = Math.min(origLen, len - 16);
    if (ifc.snaplen !== 0 && capLen > ifc.snaplen) capLen = ifc.snaplen;
    this.ctx.rec.tsSec = 0;
    this.ctx.rec.tsNsec = 0;
    this.emit(off + 12, capLen, origLen, 0, ifc, fileOffset);
  }

  private emit(dataOff: number, capLen: number, origLen: number, ifId: number, ifc: Iface, fileOffset: number): void {
    const ctx = this.ctx;
    if (capLen < origLen) ctx.count(CAPTURE_COUNTER.TRUNCATED_RECORD);
    else if (capLen > origLen) {
      ctx.report(
        CAPTURE_ANOMALY.CAPLEN_EXCEEDS_ORIGLEN,
        `packet block at byte ${fileOffset}: Captured Packet Length ${capLen} > Original Packet Length ${origLen}`,
      );
    }
    if (ifc.snaplen !== 0 && capLen > ifc.snaplen) {
      ctx.report(
        CAPTURE_ANOMALY.CAPLEN_EXCEEDS_SNAPLEN,
        `packet block at byte ${fileOffset}: Captured Packet Length ${capLen} > interface ${ifId} SnapLen ${ifc.snaplen}`,
      );
    }
    const rec = ctx.rec;
    rec.tsPrecision = ifc.precision;
    rec.linkType = ifc.linkType;
    rec.interfaceId = ifId;
    rec.offset = dataOff;
    rec.capLen = capLen;
    rec.origLen = origLen;
    rec.fileOffset = fileOffset;
    ctx.deliver();
  }

  /**
   * 64-bit timestamp (§4.3: upper and lower 32 bits, in if_tsresol units) → rec.tsSec/tsNsec.
   * units ≤ 2^32: long division in base 2^16, every intermediate < 2^48, so plain doubles are
   * exact and no BigInt is allocated. Larger units (e.g. 10^-12 s resolution): BigInt.
   */
  private setTime(hi: number, lo: number, ifc: Iface): void {
    const rec = this.ctx.rec;
    if (ifc.fast) {
      const u = ifc.units;
      // Quotient digits are < 2^16, so the float quotient's ulp (≤ 2^-36) is below the smallest
      // non-zero fractional part (1/u ≥ 2^-32): Math.floor is exact.
      let cur = hi >>> 16;
      let q = Math.floor(cur / u);
      let r = cur - q * u;
      cur = r * 65536 + (hi & 0xffff);
      let d = Math.floor(cur / u);
      r = cur - d * u;
      q = q * 65536 + d;
      cur = r * 65536 + (lo >>> 16);
      d = Math.floor(cur / u);
      r = cur - d * u;
      q = q * 65536 + d;
      cur = r * 65536 + (lo & 0xffff);
      d = Math.floor(cur / u);
      r = cur - d * u;
      q = q * 65536 + d;
      rec.tsSec = q + ifc.tsOffset;
      rec.tsNsec = Math.floor((r * ifc.fracMul) / ifc.fracDiv);
    } else {
      const ts = (BigInt(hi) << 32n) | BigInt(lo);
      const ub = ifc.unitsBig;
      rec.tsSec = Number(ts / ub) + ifc.tsOffset;
      rec.tsNsec = Number(((ts % ub) * 1_000_000_000n) / ub);
    }
    // A 64-bit count of 1 s units (if_tsresol 0) or a large (or negative) if_tsoffset reaches
    // before the epoch or past year 9999: almost surely corrupt (a probe's clock, a merge's offset).
    // Reported with the raw value, and clamped to [0, 9999-12-31T23:59:59Z], the range the saved
    // state accepts (state/snapshot.ts STATE_MAX_SEC) and a four-digit ISO year writes: a state
    // saved after such a packet was refused by the next `--state-in` (red-team round 15 H3). Beyond
    // a Date's ±8.64e12 s toISOString threw (found by fuzzing: the whole capture was lost).
    if (!(rec.tsSec >= 0 && rec.tsSec <= MAX_ISO_SEC)) {
      const raw = rec.tsSec;
      rec.tsSec = raw > 0 ? MAX_ISO_SEC : 0;
      this.ctx.report(CAPTURE_ANOMALY.BAD_TIMESTAMP, `timestamp ${raw} s is outside [0, ${MAX_ISO_SEC}] s (years 1970-9999); clamped`);
    }
  }

  private fail(code: ErrorCode, message: string, byteOffset: number): never {
    const frame = this.ctx.frames + 1;
    throw new DecodeError(code, `pcapng at byte ${byteOffset} (frame ${frame}): ${message}`, { byteOffset, frame, layer: 'capture' });
  }
}
