/**
 * A tiny independent reader of the generator's own output for the stack-feature tests: walks
 * pcap records / pcapng EPBs, Ethernet or SLL, IPv4/IPv6 (no extension headers: the generator
 * writes none) and reports per frame the transport, SCTP DATA chunk flags and TCP payload size.
 */
export interface FrameSummary {
  iface: number;
  tsUs: number;
  ipVersion: number;
  proto: number;
  /** Flags octet of each SCTP DATA chunk (RFC 9260 §3.3.1: B = 2, E = 1). */
  dataFlags: number[];
  tcpPayload: number;
}

export function frameSummaries(capture: Uint8Array): FrameSummary[] {
  const v = new DataView(capture.buffer, capture.byteOffset, capture.byteLength);
  const out: FrameSummary[] = [];
  if (v.getUint32(0, true) === 0x0a0d0d0a) {
    const links: number[] = [];
    for (let p = 0; p < capture.length; p += v.getUint32(p + 4, true)) {
      const type = v.getUint32(p, true);
      if (type === 1) links.push(v.getUint16(p + 8, true));
      if (type !== 6) continue;
      const iface = v.getUint32(p + 8, true);
      const tsUs = v.getUint32(p + 12, true) * 0x1_0000_0000 + v.getUint32(p + 16, true);
      out.push(summary(capture.subarray(p + 28, p + 28 + v.getUint32(p + 20, true)), links[iface]!, iface, tsUs));
    }
    return out;
  }
  const link = v.getUint32(20, true);
  for (let p = 24; p < capture.length; p += 16 + v.getUint32(p + 8, true)) {
    const tsUs = v.getUint32(p, true) * 1e6 + v.getUint32(p + 4, true);
    out.push(summary(capture.subarray(p + 16, p + 16 + v.getUint32(p + 8, true)), link, 0, tsUs));
  }
  return out;
}

function summary(frame: Uint8Array, link: number, iface: number, tsUs: number): FrameSummary {
  const v = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const ip = link === 1 ? 14 : 16;
  const ipVersion = frame[ip]! >> 4;
  const proto = ipVersion === 4 ? frame[ip + 9]! : frame[ip + 6]!;
  const l4 = ipVersion === 4 ? ip + (frame[ip]! & 0x0f) * 4 : ip + 40;
  const s: FrameSummary = { iface, tsUs, ipVersion, proto, dataFlags: [], tcpPayload: 0 };
  if (proto === 132) {
    for (let p = l4 + 12; p + 4 <= frame.length; p += (v.getUint16(p + 2) + 3) & ~3) {
      if (frame[p] === 0) s.dataFlags.push(frame[p + 1]!);
    }
  } else if (proto === 6) s.tcpPayload = frame.length - l4 - (frame[l4 + 12]! >> 4) * 4;
  return s;
}
