/** Network and transport layers: public entry points (each usable alone) and the frame pipeline. */
export { PacketDecoder, type PacketDecoderOptions } from './packet-decoder.js';
export { decodeIpv4, newIpPacket, IP_ANOMALY, type IpPacket, type IpAnomalyCode } from './ipv4.js';
export { decodeIpv6, walkIpv6Extensions } from './ipv6.js';
export { IpDefragmenter, type DefragReporter } from './ip-defrag.js';
export {
  decodeSctp,
  decodeSctpHeader,
  newSctpDataChunk,
  newSctpHeader,
  SCTP_ANOMALY,
  SctpChunkType,
  SctpDataFlag,
  type SctpCommonHeader,
  type SctpDataChunk,
  type SctpVisitor,
} from './sctp.js';
export { chunkFingerprint, SctpReassembler, TsnWindow, type SctpReporter } from './sctp-reassembly.js';
export {
  decodeTcp,
  diameterLengthAt,
  newTcpHeader,
  plausibleDiameterAt,
  TCP_ANOMALY,
  TcpFlag,
  TcpStream,
  type TcpHeader,
  type TcpMessageSink,
  type TcpReporter,
} from './tcp-stream.js';
export { ipTransport, IpProto, sctpPayloadProto, SctpPort, SctpPpid, type IpTransport, type SctpPayloadProto } from './dispatch.js';
export { TcpFlows, type TcpFlowSizes, type TcpMessageHandler } from './tcp-flows.js';
export { FlowTable, type EvictReason, type FlowEntry, type FlowIds } from './flow-table.js';
export {
  DEFAULT_DIAMETER_PORTS,
  type Flow,
  type Payload,
  type PayloadHandler,
  type PayloadProto,
  type TransportOptions,
} from './types.js';
