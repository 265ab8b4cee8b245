/**
 * Transport dispatch tables, the same shape as the link-type table (src/capture/link/index.ts):
 * which decoder comes next is a table lookup, not a switch.
 *
 * - IP protocol (RFC 791 §3.1 Protocol, RFC 8200 §3 Next Header; IANA protocol numbers) →
 *   transport layer: a dense array indexed by the 8-bit protocol number.
 * - SCTP user message → adaptation layer: by Payload Protocol Identifier (IANA SCTP PPID
 *   registry; RFC 9260 §3.3.1), else (PPID 0 or unknown) by a well-known port on either side;
 *   overruled by the message's own header when that proves another SIGTRAN layer
 *   ({@link headerProto}; packet-decoder.ts `dispatch`).
 */
import type { PayloadProto } from './types.js';

/**
 * Transport layers the packet decoder knows (UDP is counted, and opened only as a VXLAN or Geneve
 * tunnel; GRE and IP in IP are opened as tunnels: transport/tunnels.ts).
 */
export type IpTransport = 'sctp' | 'tcp' | 'udp' | 'gre' | 'ipip';

/** IANA protocol numbers. */
export const IpProto = {
  IPV4_IN_IP: 4, // RFC 2003
  TCP: 6, // RFC 9293
  UDP: 17, // RFC 768
  IPV6_IN_IP: 41, // RFC 2473, RFC 4213
  GRE: 47, // RFC 2784
  SCTP: 132, // RFC 9260
} as const;

const IP_TRANSPORTS: (IpTransport | undefined)[] = new Array<IpTransport | undefined>(256).fill(undefined);
IP_TRANSPORTS[IpProto.TCP] = 'tcp';
IP_TRANSPORTS[IpProto.UDP] = 'udp';
IP_TRANSPORTS[IpProto.SCTP] = 'sctp';
IP_TRANSPORTS[IpProto.GRE] = 'gre';
IP_TRANSPORTS[IpProto.IPV4_IN_IP] = 'ipip';
IP_TRANSPORTS[IpProto.IPV6_IN_IP] = 'ipip';

/** The transport layer of IP protocol `proto` (0..255), undefined when not one we know. */
export function ipTransport(proto: number): IpTransport | undefined {
  return IP_TRANSPORTS[proto];
}

/** Adaptation layers an SCTP user message can carry. */
export type SctpPayloadProto = Exclude<PayloadProto, 'mtp3'>;

/** Payload Protocol Identifiers (IANA SCTP PPID registry; RFC 9260 §3.3.1). */
export const SctpPpid = {
  M2UA: 2, // RFC 3331 §1.4.6
  M3UA: 3, // RFC 4666 §1.4.6
  SUA: 4, // RFC 3868 §1.4.6
  M2PA: 5, // RFC 4165 §1.6
  DIAMETER: 46, // RFC 6733 §2.1
  DIAMETER_DTLS: 47, // RFC 6733 §2.1
} as const;

/** Well-known SCTP ports (IANA service registry; the RFCs' "IANA Considerations"). */
export const SctpPort = {
  M2UA: 2904, // RFC 3331 §1.4.7
  M3UA: 2905, // RFC 4666 §1.4.7
  M2PA: 3565, // RFC 4165 §1.7
  SUA: 14001, // RFC 3868 §1.4.7
} as const;

/** PPID → adaptation layer, dense (PPIDs are 32-bit: look up only below its length). */
const BY_PPID: (SctpPayloadProto | undefined)[] = new Array<SctpPayloadProto | undefined>(SctpPpid.DIAMETER_DTLS + 1).fill(undefined);
BY_PPID[SctpPpid.M2UA] = 'm2ua';
BY_PPID[SctpPpid.M3UA] = 'm3ua';
BY_PPID[SctpPpid.SUA] = 'sua';
BY_PPID[SctpPpid.M2PA] = 'm2pa';
BY_PPID[SctpPpid.DIAMETER] = 'diameter';
BY_PPID[SctpPpid.DIAMETER_DTLS] = 'diameter';

/** Well-known port → adaptation layer (the fallback for PPID 0: a Map, off the common path). */
const BY_PORT = new Map<number, SctpPayloadProto>([
  [SctpPort.M2UA, 'm2ua'],
  [SctpPort.M3UA, 'm3ua'],
  [SctpPort.M2PA, 'm2pa'],
  [SctpPort.SUA, 'sua'],
]);

/**
 * Which adaptation layer a user message belongs to: by PPID, else (PPID 0 or unknown) by a
 * well-known port on either side (source first; `diameterPorts` count as Diameter's). Returns
 * null when neither identifies it.
 */
export function sctpPayloadProto(ppid: number, srcPort: number, dstPort: number, diameterPorts: readonly number[]): SctpPayloadProto | null {
  const byPpid = ppid < BY_PPID.length ? BY_PPID[ppid] : undefined;
  if (byPpid !== undefined) return byPpid;
  return portProto(srcPort, diameterPorts) ?? portProto(dstPort, diameterPorts);
}

function portProto(port: number, diameterPorts: readonly number[]): SctpPayloadProto | null {
  return BY_PORT.get(port) ?? (diameterPorts.includes(port) ? 'diameter' : null);
}

/**
 * SIGTRAN message classes that carry user data, each defined by one adaptation layer: M3UA
 * Transfer 1 (RFC 4666 §3.1.2), M2UA MAUP 6 (RFC 3331 §3.1.2), SUA connectionless 7 and
 * connection-oriented 8 (RFC 3868 §3.1.2), M2PA 11 (RFC 4165 §2.1.1). The management classes
 * (0, 2–4, 9, 10) are shared between layers and prove nothing.
 */
const BY_DATA_CLASS: (SctpPayloadProto | undefined)[] = [];
BY_DATA_CLASS[1] = 'm3ua';
BY_DATA_CLASS[6] = 'm2ua';
BY_DATA_CLASS[7] = 'sua';
BY_DATA_CLASS[8] = 'sua';
BY_DATA_CLASS[11] = 'm2pa';

/**
 * The layer to decode a user message as instead of `named` (what the PPID or port named), or null
 * to keep `named`. A receiver takes the layer from its association's configuration, not from the
 * PPID (RFC 4666 §1.4.7 only says a sender SHOULD set 3), so a PPID that names another layer must
 * not hide a message from us, in either direction:
 * - a SIGTRAN common header (version 1, reserved 0, a message length from 8 to the user message's:
 *   RFC 4666 §3.1.1, RFC 3331 §3.1.1, RFC 3868 §3.1.1, RFC 4165 §2.1.1; octets after it are what
 *   the layer's decoder reports, as with the named PPID: red-team S6 hid an ATI behind 4 of them)
 *   of a data class ({@link BY_DATA_CLASS}) of another layer proves that layer. It does not overrule
 *   Diameter when the message also reads as whole Diameter messages (RFC 6733 §3: an answer with no
 *   flag set whose Command-Code equals its length, AIA 318 in 318 octets, is such a header too);
 * - whole Diameter messages named as a SIGTRAN layer whose header is not that layer's prove
 *   Diameter (red-team S7: a PLR with PPID 3 on port 3868 was lost as a bad M3UA length).
 * A Diameter header alone is no proof: its 24-bit length is where a SIGTRAN header has reserved,
 * class and type (M3UA DATA reads as length 257). Two loads and compares on the common path.
 */
export function headerProto(view: DataView, off: number, end: number, named: SctpPayloadProto | null): SctpPayloadProto | null {
  const n = end - off;
  if (n < 8) return null;
  const word = view.getUint32(off);
  const len = view.getUint32(off + 4);
  const sigtran = word >>> 24 === 1 && (word & 0x00ff0000) === 0 && len >= 8 && len <= n;
  const proven = sigtran ? BY_DATA_CLASS[(word >>> 8) & 0xff] : undefined;
  if (proven === named) return null;
  if (named === 'diameter') return proven !== undefined && !wholeDiameter(view, off, end) ? proven : null;
  if (proven !== undefined) return proven;
  return named !== null && !sigtran && wholeDiameter(view, off, end) ? 'diameter' : null;
}

/** The octets [off, end) are one or more whole Diameter headers' lengths end to end (version 1, length ≥ 20: RFC 6733 §3). */
function wholeDiameter(view: DataView, off: number, end: number): boolean {
  while (end - off >= 20) {
    const w = view.getUint32(off);
    const len = w & 0x00ffffff;
    if (w >>> 24 !== 1 || len < 20) return false;
    off += len;
  }
  return off === end;
}
