/**
 * Transport dispatch tables, the same shape as the link-type table (src/capture/link/index.ts):
 * which decoder comes next is a table lookup, not a switch.
 *
 * - IP protocol (RFC 791 §3.1 Protocol, RFC 8200 §3 Next Header; IANA protocol numbers) →
 *   transport layer: a dense array indexed by the 8-bit protocol number.
 * - SCTP user message → adaptation layer: by Payload Protocol Identifier (IANA SCTP PPID
 *   registry; RFC 9260 §3.3.1), else (PPID 0 or unknown) by a well-known port on either side.
 */
import type { PayloadProto } from './types.js';

/** Transport layers the packet decoder knows (UDP is recognised and counted, not decoded). */
export type IpTransport = 'sctp' | 'tcp' | 'udp';

/** IANA protocol numbers. */
export const IpProto = {
  TCP: 6, // RFC 9293
  UDP: 17, // RFC 768
  SCTP: 132, // RFC 9260
} as const;

const IP_TRANSPORTS: (IpTransport | undefined)[] = new Array<IpTransport | undefined>(256).fill(undefined);
IP_TRANSPORTS[IpProto.TCP] = 'tcp';
IP_TRANSPORTS[IpProto.UDP] = 'udp';
IP_TRANSPORTS[IpProto.SCTP] = 'sctp';

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
