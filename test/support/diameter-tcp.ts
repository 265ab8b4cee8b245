import * as E from '../../src/encode/index.js';

/** One Ethernet/IPv4/TCP frame carrying Diameter `bytes` from a peer at 10.9.0.1 to one at 10.0.0.2:3868 (RFC 6733 §2.1). */
export function diameterTcpFrame(bytes: Uint8Array): Uint8Array {
  const seg = E.tcpSegment({ srcPort: 40000, dstPort: 3868, seq: 1, payload: bytes, checksumIpv4: { src: '10.9.0.1', dst: '10.0.0.2' } });
  return E.ethernet(0x0800, E.ipv4({ src: '10.9.0.1', dst: '10.0.0.2', proto: 6, payload: seg }));
}
