/**
 * What the transport layer hands to the signalling decoders: one adaptation-layer PDU (an M3UA
 * message, an M2PA/M2UA message, an SUA message, an MTP3 MSU from an MTP2/MTP3 link, or one
 * complete Diameter message from SCTP or a reassembled TCP stream).
 */
export type PayloadProto = 'm3ua' | 'm2pa' | 'm2ua' | 'sua' | 'mtp3' | 'diameter';

/**
 * A transport flow. One object per flow (SCTP association direction, TCP connection direction),
 * created once and reused for every payload of that flow, so carrying it costs nothing per packet.
 */
export interface Flow {
  /** Small integer id, unique within a pipeline run. */
  readonly id: number;
  readonly transport: 'sctp' | 'tcp' | 'udp' | 'mtp2';
  /** Source / destination IP address in text form ('' for MTP2/MTP3 links). */
  readonly src: string;
  readonly dst: string;
  readonly srcPort: number;
  readonly dstPort: number;
  /**
   * On another address pair of a multi-homed SCTP association (RFC 9260 §6.4: either endpoint may
   * send on any of the addresses INIT / INIT ACK declared): the direction's Flow on the endpoints'
   * first addresses, the one its paths share (same id; sctp-assocs.ts flow). Absent on that Flow and
   * on every other transport: the flow is then its own.
   */
  readonly assoc?: Flow;
}

/**
 * Contract (hot path): like FrameRecord, `bytes`/`view` share offsets; the payload is
 * `[offset, end)`. The object is reused and its buffers are valid only during the callback.
 */
export interface Payload {
  proto: PayloadProto;
  bytes: Uint8Array;
  view: DataView;
  offset: number;
  end: number;
  /** Frame that completed this payload (for reassembled data: the last fragment's frame). */
  frameNo: number;
  tsSec: number;
  tsNsec: number;
  tsPrecision: number;
  flow: Flow;
  /** SCTP stream id (0 otherwise). */
  stream: number;
  /** SCTP payload protocol identifier (0 when absent). */
  ppid: number;
  /**
   * TSN (uint32) of the SCTP DATA chunk that carried (or completed) this payload, -1 without SCTP:
   * versions of one chunk (a reused TSN) are told apart by it (ss7/sccp-segments.ts).
   */
  tsn: number;
  /**
   * Nonzero when the SCTP association direction that carried the payload shares its ports and
   * verification tag with another address pair held and no handshake bound it (transport/sctp-assocs.ts
   * groupKey: a multi-homed association's other path, an address-translated copy, or a forged path):
   * the same for every path of the group. Its messages are checked for copies carried on another path
   * once decoded (api/cross-path-copies.ts); 0 otherwise.
   */
  copyGroup: number;
  /**
   * With copyGroup ≠ 0, for an unfragmented DATA chunk new on its path: whether a path of its group
   * made before it carried its copy (same TSN and fingerprint, ≤ 600 s before: sctp-assocs.ts carried),
   * so that path decoded the same bytes: the frame that carried it, 0 when that frame is not known,
   * −1 when no copy (or not such a chunk). Looked up on each call (only for rare paths).
   */
  copyWitness: () => number;
  /**
   * Whether the SCTP packet that carried the payload has the right CRC32c (computed on each call:
   * only for rare paths; true without SCTP).
   */
  sctpChecksumOk: () => boolean;
}

export type PayloadHandler = (p: Payload) => void;

/** Options shared by the transport layers. */
export interface TransportOptions {
  /** TCP and SCTP ports that carry Diameter (default [3868]). */
  diameterPorts: readonly number[];
}

export const DEFAULT_DIAMETER_PORTS: readonly number[] = [3868];
