/**
 * MTP2 signal units (ITU-T Q.703) as captured by LINKTYPE_MTP2 (140), LINKTYPE_MTP2_WITH_PHDR
 * (139) and LINKTYPE_MTP3 (141) (tcpdump.org LINKTYPE registry).
 *
 * Q.703 §2.2 (basic format), octet order: BSN (7) + BIB (1); FSN (7) + FIB (1); LI (6) + spare
 * (2); then SIO + SIF for an MSU; then the 16-bit FCS (§2.2, §4). Q.703 §2.3.3: LI 0 = FISU,
 * 1 or 2 = LSSU, 3..62 = the number of octets of SIO + SIF; 63 = "63 or more" (an MSU longer
 * than 62 octets), so its length is known only from the frame.
 * Q.703 Annex A.2 (extended sequence numbering, high-speed links): BSN (12) + spare (3) + BIB;
 * FSN (12) + spare (3) + FIB; LI (9) + spare (7); 6 octets, LI exact.
 */
import { LINK_TRUNCATED, setOther } from './ethernet.js';
import type { LinkResult } from './types.js';

const MTP2_HEADER_LEN = 3;
const MTP2_EXT_HEADER_LEN = 6;
/** LINKTYPE_MTP2_WITH_PHDR: sent (1), annex A used (1), link number (2). */
const MTP2_PHDR_LEN = 4;
const FCS_LEN = 2;
const LI_63_OR_MORE = 63;

/**
 * CRC of Q.703 §4.1 (generator x^16 + x^12 + x^5 + 1, as in ISO/IEC 13239 HDLC): reflected,
 * initial value 0xFFFF. Run over the signal unit plus its received FCS, it leaves the constant
 * 0xF0B8 when the FCS is right (ISO/IEC 13239 §4.2.5.2 "good" remainder).
 */
const CRC_TABLE = (() => {
  const t = new Uint16Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x8408 : c >>> 1;
    t[i] = c;
  }
  return t;
})();

/** Running CRC register (no final complement) over `view[offset, end)`. */
export function crc16Hdlc(view: DataView, offset: number, end: number, init = 0xffff): number {
  let crc = init;
  for (let i = offset; i < end; i++) crc = (crc >>> 8) ^ CRC_TABLE[(crc ^ view.getUint8(i)) & 0xff]!;
  return crc;
}
const CRC_GOOD = 0xf0b8;

/** Signal unit at `offset` (basic format unless `extended`); the MSU (SIO + SIF) goes to `out`. */
export function decodeMtp2(view: DataView, offset: number, end: number, out: LinkResult, extended = false): void {
  const hdr = extended ? MTP2_EXT_HEADER_LEN : MTP2_HEADER_LEN;
  if (end - offset < hdr) {
    setOther(out, LINK_TRUNCATED, end);
    return;
  }
  const li = extended ? view.getUint8(offset + 4) | ((view.getUint8(offset + 5) & 0x01) << 8) : view.getUint8(offset + 2) & 0x3f;
  if (li < 3) {
    setOther(out, li, end); // FISU (0) or LSSU (1, 2): link control, no MSU
    return;
  }
  const msu = offset + hdr;
  let msuEnd = end;
  if (extended || li < LI_63_OR_MORE) {
    // LI is exact; anything after it is the FCS (when captured). A frame shorter than LI is
    // passed on as is and the MTP3 decoder sees the truncation.
    if (msu + li < end) msuEnd = msu + li;
  } else if (end - msu > LI_63_OR_MORE + FCS_LEN && crc16Hdlc(view, offset, end) === CRC_GOOD) {
    msuEnd = end - FCS_LEN; // LI 63: the length is unknown; strip the FCS only when it checks
  }
  out.net = 'mtp3';
  out.proto = 0;
  out.offset = msu;
  out.end = msuEnd;
}

/** LINKTYPE_MTP2_WITH_PHDR: the pseudo-header's "annex A used" octet = 1 selects Annex A. */
export function decodeMtp2WithPhdr(view: DataView, offset: number, end: number, out: LinkResult): void {
  if (end - offset < MTP2_PHDR_LEN) {
    setOther(out, LINK_TRUNCATED, end);
    return;
  }
  decodeMtp2(view, offset + MTP2_PHDR_LEN, end, out, view.getUint8(offset + 1) === 1);
}

/** LINKTYPE_MTP3: the frame is the MSU (SIO + SIF) itself. */
export function decodeMtp3(_view: DataView, offset: number, end: number, out: LinkResult): void {
  out.net = 'mtp3';
  out.proto = 0;
  out.offset = offset;
  out.end = end;
}
