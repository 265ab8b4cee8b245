/**
 * Test-only SS7 helpers: the SccpAddressInfo the decoder should return for an encoded address,
 * and payloads/buffers that place encoded bytes at a non-zero offset with garbage around them.
 * The encoders themselves are in src/encode (sigwatch/encode).
 */
import type { SccpAddressSpec, SccpVariant } from '../../src/encode/sccp.js';
import type { SccpAddressInfo } from '../../src/events/types.js';
import type { Flow, Payload, PayloadProto } from '../../src/transport/types.js';

/** What the decoder should return for `a` (for round-trip assertions). */
export function expectedAddress(a: SccpAddressSpec, variant: SccpVariant = 'itu'): SccpAddressInfo {
  const ansi = variant === 'ansi';
  const gti = a.gti ?? (a.gt !== undefined ? (ansi ? 2 : 4) : 0);
  const out: SccpAddressInfo = { ri: a.ri ?? (gti === 0 ? 'ssn' : 'gt'), gti };
  if (a.pc !== undefined) out.pc = a.pc;
  if (a.ssn !== undefined) out.ssn = a.ssn;
  if (gti === 0) return out;
  const digits = a.gt ?? '';
  const es = a.es ?? ((digits.length & 1) === 1 ? 1 : 2);
  if (ansi) {
    out.tt = a.tt ?? 0;
    if (gti === 1) {
      out.np = a.np ?? 1;
      out.es = es;
    }
  } else {
    if (gti === 1 || gti === 4) out.nai = a.nai ?? 4;
    if (gti >= 2) out.tt = a.tt ?? 0;
    if (gti >= 3) {
      out.np = a.np ?? 1;
      out.es = es;
    }
  }
  out.gt = digits;
  return out;
}

const TEST_FLOW: Flow = { id: 7, transport: 'sctp', src: '10.0.0.1', dst: '10.0.0.2', srcPort: 2905, dstPort: 2905 };

/**
 * A Payload for `bytes` placed at offset `pad` of a larger buffer with garbage around it (so a
 * decoder that ignores offset/end fails).
 */
export function payloadOf(
  proto: PayloadProto,
  bytes: Uint8Array,
  o: { pad?: number; frameNo?: number; tsSec?: number; tsNsec?: number; flow?: Flow; tsn?: number } = {},
): Payload {
  const pad = o.pad ?? 5;
  const buf = new Uint8Array(pad + bytes.length + 3).fill(0xee);
  buf.set(bytes, pad);
  return {
    proto,
    bytes: buf,
    view: new DataView(buf.buffer, buf.byteOffset, buf.byteLength),
    offset: pad,
    end: pad + bytes.length,
    frameNo: o.frameNo ?? 1,
    tsSec: o.tsSec ?? 1_700_000_000,
    tsNsec: o.tsNsec ?? 0,
    tsPrecision: 6,
    flow: o.flow ?? TEST_FLOW,
    stream: 1,
    ppid: 3,
    tsn: o.tsn ?? -1,
    copyGroup: 0,
    copyWitness: () => -1,
    sctpChecksumOk: () => true,
  };
}

/** Places `bytes` at offset `pad` of a garbage-filled buffer; returns [bytes, view, start, end]. */
export function embed(bytes: Uint8Array, pad = 3): { bytes: Uint8Array; view: DataView; start: number; end: number } {
  const buf = new Uint8Array(pad + bytes.length + 2).fill(0xee);
  buf.set(bytes, pad);
  return { bytes: buf, view: new DataView(buf.buffer), start: pad, end: pad + bytes.length };
}
