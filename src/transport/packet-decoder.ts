/**
 * Frame → payload pipeline for the network and transport layers: link (src/capture/link) →
 * IPv4/IPv6 (+ fragment reassembly) → SCTP (DATA/I-DATA, association lookup, user-message
 * reassembly, PPID/port dispatch, Diameter framing) or TCP (flow lifetime and Diameter stream
 * reassembly: tcp-flows.ts); MTP3 frames pass straight through. Which layer comes next is looked
 * up in the dispatch tables (link type: capture/link/index.ts; IP protocol, PPID/port: dispatch.ts).
 *
 * Hot path: the frame's DataView is passed down with (offset, end); decoders fill reused
 * objects; one {@link Payload} object is reused for every emission. Copies happen only to
 * reassemble (IP fragments, SCTP fragments, TCP data that spans segments).
 */
import type { AnomalyCode } from '../core/anomaly-codes.js';
import { anomaly, type AnomalySink, type Layer } from '../core/anomaly.js';
import { resolveLimits, type Limits } from '../core/limits.js';
import { Counters, type CounterSlot } from '../core/stats.js';
import { decodeLink, isSupportedLinkType, LINK_ANOMALY, LINK_TRUNCATED, newLinkResult, type LinkResult } from '../capture/link/index.js';
import type { FrameRecord } from '../capture/types.js';
import { CAPTURE_ANOMALY } from '../capture/decoder.js';
import { ipText } from '../core/bytes.js';
import { foldBytes, HASH_SEED } from '../core/hash.js';
import { headerProto as headerProto_, IpProto, ipTransport, sctpPayloadProto as sctpPayloadProto_, type IpTransport } from './dispatch.js';
import type { FlowIds } from './flow-table.js';
import { SctpAssocs } from './sctp-assocs.js';
import { SctpSides } from './sctp-sides.js';
import { PKT_HB, PKT_HB_ACK, PKT_SACK, SCTP_INIT, SCTP_INIT_ACK, SctpEndpoints } from './sctp-endpoints.js';
import { IpDefragmenter } from './ip-defrag.js';
import { decodeIpv4, IP_ANOMALY, newIpPacket, type IpAnomalyCode, type IpPacket } from './ipv4.js';
import { decodeIpv6, walkIpv6Extensions } from './ipv6.js';
import {
  decodeSctp as decodeSctp_,
  newSctpDataChunk,
  newSctpHeader,
  SCTP_ANOMALY,
  SctpDataFlag as SctpDataFlag_,
  sctpChecksumOk,
  type SctpDataChunk,
  type SctpVisitor,
} from './sctp.js';
import { chunkFingerprint as chunkFingerprint_, SctpReassembler } from './sctp-reassembly.js';
import { TcpFlows } from './tcp-flows.js';
import { diameterLengthAt } from './tcp-stream.js';
import { decodeGre, decodeIpv4InIp, decodeIpv6InIp, TUNNEL_UNSUPPORTED, udpTunnel } from './tunnels.js';
import { DEFAULT_DIAMETER_PORTS, type Flow, type Payload, type PayloadHandler, type PayloadProto } from './types.js';

// Imports called or read per message, as this module's own constants: TurboFan loads an import
// from its module cell (hole and target checks) at every use; an own `const` is embedded
// (bench/results-notes.md, "decode9").
const sctpPayloadProto = sctpPayloadProto_;
const headerProto = headerProto_;
const chunkFingerprint = chunkFingerprint_;
const decodeSctp = decodeSctp_;
const SctpDataFlag = SctpDataFlag_;

export interface PacketDecoderOptions {
  onPayload: PayloadHandler;
  onAnomaly?: AnomalySink;
  counters?: Counters;
  limits?: Partial<Limits>;
  /** TCP and SCTP ports that carry Diameter (default [3868]). */
  diameterPorts?: readonly number[];
}

const EMPTY = new Uint8Array(0);

/** Counter names built once (no string building per payload). */
const PAYLOAD_COUNTER: Readonly<Record<PayloadProto, string>> = {
  m3ua: 'payload.m3ua',
  m2pa: 'payload.m2pa',
  m2ua: 'payload.m2ua',
  sua: 'payload.sua',
  mtp3: 'payload.mtp3',
  diameter: 'payload.diameter',
};

/** Sizes of the transport layer's bounded tables (see {@link PacketDecoder.tableSizes}). */
export interface TransportTableSizes {
  ipFragDatagrams: number;
  ipFragBytes: number;
  sctpContexts: number;
  sctpBytes: number;
  sctpAssociations: number;
  /** SCTP DATA fragments indexed for completion across paths (≤ those buffered plus those kept for a revive; sctp-tsn-index.ts). */
  sctpCrossIndexed: number;
  /** SCTP transport addresses held by answered handshakes' association records (≤ 4 × limits.sctpAssociations; sctp-endpoints.ts). */
  sctpEndpointAddresses: number;
  /** SCTP INITs waiting for their INIT ACK and INIT ACKs for their INIT (≤ 2 × MAX_PENDING_INITS; sctp-endpoints.ts). */
  sctpPendingInits: number;
  tcpFlows: number;
  /** Bytes held by all TCP flows (out-of-order segments + incomplete messages). */
  tcpBytes: number;
  /** Bytes allocated by all TCP flows' buffers (≥ tcpBytes: a pending buffer's capacity). */
  tcpAllocated: number;
}

/**
 * Tunnels opened inside one another at most (GRE/VXLAN in GRE/VXLAN): each level recurses, and a
 * frame of nested 24-octet GRE headers would otherwise nest thousands deep. Real encapsulations
 * stack 1–2 (ERSPAN of a GRE link).
 */
const MAX_TUNNEL_DEPTH = 4;

/** Control chunk types read as evidence of an association's establishment (RFC 9260 §3.3.4–§3.3.6; sctp-endpoints.ts). */
const SCTP_SACK = 3;
const SCTP_HEARTBEAT = 4;
const SCTP_HEARTBEAT_ACK = 5;

/** Decodes the transport bytes `[off, end)` of `tview`; the packet's IP addresses are in `aview`. */
type TransportHandler = (tview: DataView, off: number, end: number, aview: DataView) => void;

export class PacketDecoder {
  readonly counters: Counters;
  private readonly limits: Limits;
  private readonly onPayload: PayloadHandler;
  private readonly onAnomaly: AnomalySink | undefined;
  /** The time (s) of the previous frame, NaN before the first ({@link frame}'s time-jump check). */
  private lastSec = Number.NaN;
  private readonly diameterPorts: readonly number[];
  private readonly payload: Payload;
  private readonly link = newLinkResult();
  /** The IP packet being decoded: the frame's, or a tunnel's inner one (then {@link ipStack}[depth − 1]). */
  private ip: IpPacket = newIpPacket();
  /** Inner IP packets of nested tunnels, one per depth (≤ MAX_TUNNEL_DEPTH), made on first use. */
  private readonly ipStack: IpPacket[] = [];
  private readonly tunnelLink = newLinkResult();
  private tunnelDepth = 0;
  private readonly sctpHdr = newSctpHeader();
  private readonly chunk = newSctpDataChunk();
  private readonly ids: FlowIds = { next: 1 };
  private readonly mtpFlows = new Map<number, Flow>();
  private readonly defrag: IpDefragmenter;
  private readonly reasm: SctpReassembler;
  private readonly sctpFlows: SctpAssocs;
  /** Associations' address sets and tags from INIT / INIT ACK (sctp-endpoints.ts): `sctpEndpoints.canonical` keys an association's packet across its paths. */
  readonly sctpEndpoints: SctpEndpoints;
  /** Whether the capture shows both directions of an SCTP association (sctp-sides.ts; the TCAP layer's direction rule). */
  readonly sctpSides = new SctpSides();
  private readonly tcp: TcpFlows;
  /** IP protocol → handler of its transport layer (built from the dispatch table). */
  private readonly byIpProto: (TransportHandler | undefined)[];
  private readonly unsupportedLinks = new Set<number>();
  private readonly sctpVisitor: SctpVisitor;
  /** Capture time of the current frame (seconds). */
  private now = 0;
  /** Per-packet counters bound once (core/stats.ts: `slot.n++` ~3 ns vs `inc(name)` ~30 ns). */
  private readonly cV4: CounterSlot;
  private readonly cV6: CounterSlot;
  private readonly cSctpPackets: CounterSlot;
  private readonly cDataChunks: CounterSlot;
  private readonly cUserMessages: CounterSlot;
  private readonly cFragments: CounterSlot;
  private readonly cControlChunks: CounterSlot;
  private readonly cPayload: Readonly<Record<PayloadProto, CounterSlot>>;
  /** SCTP packet being walked: its direction's slot in sctpFlows (found at the first DATA chunk, else -1), its view, its addresses' view. */
  private sctpSlot = -1;
  private sctpView: DataView = new DataView(EMPTY.buffer);
  /** The current SCTP packet is [sctpOff, sctpEnd) of sctpView (for Payload.sctpChecksumOk); sctpEnd -1 without one. */
  private sctpOff = 0;
  private sctpEnd = -1;
  /** The current SCTP packet's checksum verdict: -1 not computed yet, else 0/1 (computed at most once a packet: rt9 C1). */
  private sctpSum = -1;
  private sctpAddrView: DataView = this.sctpView;
  /** The unfragmented chunk of a grouped path being dispatched (Payload.copyWitness): its slot (-1: none), TSN and fingerprint. */
  private witSlot = -1;
  private witTsn = 0;
  private witFp = 0;
  /**
   * The current SCTP packet's chunks that are evidence of its association's establishment
   * (sctp-endpoints.ts packetEnd: PKT_* bits, -1 for a packet carrying INIT or INIT ACK, which is
   * none), read while some association record is held: the SACK's Cumulative TSN Ack, hashes of the
   * HEARTBEAT's and the HEARTBEAT ACK's Heartbeat Information.
   */
  private sctpEv = 0;
  private sctpSack = 0;
  private sctpHb = 0;
  private sctpHbAck = 0;
  /** The view (and its bytes) the payload pointed at before the current one (see emit). */
  private altView: DataView = this.sctpView;
  private altBytes: Uint8Array = EMPTY;

  constructor(opts: PacketDecoderOptions) {
    this.onPayload = opts.onPayload;
    this.onAnomaly = opts.onAnomaly;
    this.counters = opts.counters ?? new Counters();
    this.limits = resolveLimits(opts.limits);
    this.diameterPorts = opts.diameterPorts ?? DEFAULT_DIAMETER_PORTS;
    const cs = this.counters;
    this.cV4 = cs.slot('ip.v4-packets');
    this.cV6 = cs.slot('ip.v6-packets');
    this.cSctpPackets = cs.slot('sctp.packets');
    this.cDataChunks = cs.slot('sctp.data-chunks');
    this.cUserMessages = cs.slot('sctp.user-messages');
    this.cFragments = cs.slot('sctp.fragments');
    this.cControlChunks = cs.slot('sctp.control-chunks');
    this.cPayload = {
      m3ua: cs.slot(PAYLOAD_COUNTER.m3ua),
      m2pa: cs.slot(PAYLOAD_COUNTER.m2pa),
      m2ua: cs.slot(PAYLOAD_COUNTER.m2ua),
      sua: cs.slot(PAYLOAD_COUNTER.sua),
      mtp3: cs.slot(PAYLOAD_COUNTER.mtp3),
      diameter: cs.slot(PAYLOAD_COUNTER.diameter),
    };
    const dummy: Flow = { id: 0, transport: 'mtp2', src: '', dst: '', srcPort: 0, dstPort: 0 };
    this.payload = {
      proto: 'mtp3',
      bytes: EMPTY,
      view: new DataView(EMPTY.buffer),
      offset: 0,
      end: 0,
      frameNo: 0,
      tsSec: 0,
      tsNsec: 0,
      tsPrecision: 6,
      flow: dummy,
      stream: 0,
      ppid: 0,
      tsn: -1,
      copyGroup: 0,
      copyWitness: () => this.copyWitness(),
      sctpChecksumOk: () => this.sctpChecksum(),
    };
    const l = this.limits;
    this.defrag = new IpDefragmenter(l, (code, detail) => this.report(code, 'ip', detail), this.counters);
    this.reasm = new SctpReassembler(l, (code, detail) => this.report(code, 'sctp', detail), this.counters);
    // Associations are idle for long periods (heartbeats only): bounded by count, never aged out.
    this.sctpFlows = new SctpAssocs(l.sctpAssociations, l.sctpTsnWindow, this.ids, (flow) => this.evicted(flow));
    this.sctpEndpoints = new SctpEndpoints(4 * l.sctpAssociations, this.counters, (code, detail) => this.report(code, 'sctp', detail));
    this.tcp = new TcpFlows(
      l,
      this.ids,
      this.diameterPorts,
      this.counters,
      (view, off, end, flow) => this.emit('diameter', view, off, end, flow, 0, 0),
      (code, detail) => this.report(code, 'tcp', detail),
    );
    const handlers: Readonly<Record<IpTransport, TransportHandler>> = {
      sctp: (tview, off, end, aview) => this.sctpPacket(tview, off, end, aview),
      tcp: (tview, off, end, aview) => this.tcp.segment(tview, off, end, aview, this.ip, this.now),
      udp: (tview, off, end) => {
        const decode = udpTunnel(tview, off, end);
        if (decode !== undefined) this.tunnel(tview, off, end, decode);
        else this.counters.inc('ip.udp-ignored');
      },
      gre: (tview, off, end) => this.tunnel(tview, off, end, decodeGre),
      ipip: (tview, off, end) => this.tunnel(tview, off, end, this.ip.proto === IpProto.IPV4_IN_IP ? decodeIpv4InIp : decodeIpv6InIp),
    };
    this.byIpProto = Array.from({ length: 256 }, (_, proto) => {
      const t = ipTransport(proto);
      return t === undefined ? undefined : handlers[t];
    });
    this.sctpVisitor = {
      data: (c) => this.sctpData(c),
      control: (type, off, end) => this.sctpControl(type, off, end),
      anomaly: (code, detail) => this.report(code, 'sctp', detail),
    };
  }

  /** Decode one captured frame; payloads are delivered synchronously to `onPayload`. */
  frame(rec: FrameRecord): void {
    const p = this.payload;
    p.frameNo = rec.frameNo;
    p.tsSec = rec.tsSec;
    p.tsNsec = rec.tsNsec;
    p.tsPrecision = rec.tsPrecision;
    p.copyGroup = 0; // TCP and MTP payloads: an SCTP packet's is set at its first DATA chunk (sctpData)
    this.now = rec.tsSec + rec.tsNsec / 1e9;
    // NaN before the first frame: no comparison holds. Here, not in the capture reader: Decoder.frame() bypasses it.
    const t = rec.tsSec;
    if (Math.abs(t - this.lastSec) > this.limits.subscriberTtlSec) this.timeJump(t);
    this.lastSec = t;
    const view = rec.view;
    const link = this.link;
    decodeLink(rec.linkType, view, rec.offset, rec.offset + rec.capLen, link);
    switch (link.net) {
      case 'ipv4':
      case 'ipv6':
        this.ipPacket(view, link.offset, link.end, link.net === 'ipv4');
        return;
      case 'mtp3':
        p.tsn = -1; // an SCTP payload's may be left
        this.sctpEnd = -1;
        this.emit('mtp3', view, link.offset, link.end, this.mtpFlow(rec.interfaceId), 0, 0);
        return;
      default:
        if (link.proto === LINK_TRUNCATED) this.report(LINK_ANOMALY.TRUNCATED, 'link', 'link-layer header cut short');
        else if (!this.unsupportedLinks.has(rec.linkType) && !isSupportedLinkType(rec.linkType)) {
          this.unsupportedLinks.add(rec.linkType);
          this.report(LINK_ANOMALY.UNSUPPORTED, 'link', `link type ${rec.linkType} not decoded`);
        }
        this.counters.inc('transport.not-ip');
    }
  }

  /**
   * Current size of every state table and buffer (for memory-bound checks and diagnostics).
   * `tcpBytes` walks the flow table: call it for checks, not per packet.
   */
  tableSizes(): TransportTableSizes {
    return {
      ipFragDatagrams: this.defrag.pending,
      ipFragBytes: this.defrag.bufferedBytes,
      sctpContexts: this.reasm.pending,
      sctpBytes: this.reasm.bufferedBytes,
      sctpAssociations: this.sctpFlows.size,
      sctpCrossIndexed: this.reasm.crossIndexed,
      sctpEndpointAddresses: this.sctpEndpoints.size,
      sctpPendingInits: this.sctpEndpoints.pendingSize,
      ...this.tcp.sizes(),
    };
  }

  /** End of input: deliver what buffered data can be, report incomplete state. */
  end(): void {
    this.payload.copyGroup = 0;
    this.tcp.end();
    this.defrag.flush();
    this.reasm.flush();
  }

  /** Decode an IP packet at [offset, end) of `view` (version by `v4`). */
  ipPacket(view: DataView, offset: number, end: number, v4: boolean): void {
    const ip = this.ip;
    if ((v4 ? decodeIpv4(view, offset, end, ip) : decodeIpv6(view, offset, end, ip)) < 0) {
      // The code's counter also counts non-fatal uses (ip.truncated); ip.rejected counts the
      // packets dropped here, so frames can be accounted for exactly.
      this.counters.inc('ip.rejected');
      this.report(ip.problem as IpAnomalyCode, 'ip', `${v4 ? 'IPv4' : 'IPv6'} header rejected`);
      return;
    }
    (v4 ? this.cV4 : this.cV6).n++;
    if (ip.truncated) this.report(IP_ANOMALY.TRUNCATED, 'ip', 'packet longer than the captured bytes (snaplen)');
    if (ip.fragment) {
      if (ip.truncated) {
        // A fragment without all its bytes cannot be reassembled (ip.truncated was reported).
        this.counters.inc('ip.fragment-truncated');
        return;
      }
      const whole = this.defrag.push(view, ip, this.now);
      if (whole === null) return;
      // Datagrams with a differing copy's bytes in place (ip-defrag.ts, insertion/evasion), taken
      // before this one is decoded: a tunnel inside it can complete another datagram.
      const alts = this.defrag.takeAlternates();
      this.reassembled(whole, v4, view);
      for (const alt of alts) {
        this.counters.inc('ip.alternate-datagrams'); // one more datagram for the accounting, as ip.reassembled
        ip.proto = alt.proto;
        this.reassembled(alt.bytes, v4, view);
      }
      return;
    }
    this.transport(view, ip.offset, ip.end, view);
  }

  /**
   * An IP packet carrying a tunnel (transport/tunnels.ts): the packet inside is decoded as a frame's
   * would be, with its own addresses (flows are the inner packet's). Counted `link.tunnelled`; one
   * that holds no IP packet `link.tunnel-not-ip` (each is a frame more for the accounting). Nesting
   * is bounded by MAX_TUNNEL_DEPTH: each level recurses through ipPacket.
   */
  private tunnel(view: DataView, off: number, end: number, decode: (view: DataView, off: number, end: number, out: LinkResult) => void): void {
    const counters = this.counters;
    counters.inc('link.tunnelled');
    const depth = this.tunnelDepth;
    if (depth >= MAX_TUNNEL_DEPTH) {
      counters.inc('link.tunnel-not-ip');
      this.report(LINK_ANOMALY.TUNNEL_DEPTH, 'link', `tunnel nested deeper than ${MAX_TUNNEL_DEPTH}: not opened`);
      return;
    }
    const inner = this.tunnelLink;
    decode(view, off, end, inner);
    if (inner.net !== 'ipv4' && inner.net !== 'ipv6') {
      counters.inc('link.tunnel-not-ip');
      if (inner.proto === LINK_TRUNCATED) this.report(LINK_ANOMALY.TUNNEL_TRUNCATED, 'link', 'tunnel header cut short');
      else if (inner.proto === TUNNEL_UNSUPPORTED) this.report(LINK_ANOMALY.TUNNEL_UNSUPPORTED, 'link', 'tunnel header not decoded');
      return;
    }
    const outer = this.ip;
    this.ip = this.ipStack[depth] ??= newIpPacket();
    this.tunnelDepth = depth + 1;
    try {
      this.ipPacket(view, inner.offset, inner.end, inner.net === 'ipv4');
    } finally {
      this.tunnelDepth = depth;
      this.ip = outer;
    }
  }

  /** A reassembled datagram's upper-layer bytes `whole` (protocol in this.ip); addresses in `aview`. */
  private reassembled(whole: Uint8Array, v4: boolean, aview: DataView): void {
    const ip = this.ip;
    const wview = new DataView(whole.buffer);
    if (!v4) {
      if (walkIpv6Extensions(wview, 0, whole.length, ip.proto, ip, false) < 0) {
        this.counters.inc('ip.rejected-reassembled');
        this.report(ip.problem as IpAnomalyCode, 'ip', 'extension headers of the reassembled IPv6 packet');
        return;
      }
      this.transport(wview, ip.offset, whole.length, aview);
      return;
    }
    this.transport(wview, 0, whole.length, aview);
  }

  /** Transport bytes in `tview`; the IP addresses (this.ip) are in `aview`. */
  private transport(tview: DataView, off: number, end: number, aview: DataView): void {
    const handler = this.byIpProto[this.ip.proto];
    if (handler === undefined) this.counters.inc('ip.other-proto');
    else handler(tview, off, end, aview);
  }

  private sctpPacket(view: DataView, off: number, end: number, aview: DataView): void {
    this.cSctpPackets.n++;
    this.sctpSlot = -1; // looked up at the first DATA chunk: control-only packets make no flow
    // Written only when changed (young chunk views: core/bytes.ts setRecordBytes).
    if (this.sctpView !== view) this.sctpView = view;
    if (this.sctpAddrView !== aview) this.sctpAddrView = aview;
    this.sctpOff = off;
    this.sctpEnd = end;
    this.sctpSum = -1;
    this.sctpEv = 0;
    decodeSctp(view, off, end, this.sctpHdr, this.chunk, this.sctpVisitor);
    // Its record's use, and the evidence of its establishment in its SACK / HEARTBEAT / HEARTBEAT
    // ACK (sctp-endpoints.ts). A packet with INIT or INIT ACK is neither (review 12-A #2: the INIT
    // ACK's packet counted as the association's tag travelling to the initiator).
    const h = this.sctpHdr;
    if (h.vtag !== 0 && (this.sctpSlot < 0 ? this.sctpEv >= 0 : this.sctpEv > 0) && this.sctpEndpoints.active)
      this.sctpEndpoints.packetEnd(h.vtag, h.srcPort, h.dstPort, this.sctpSlot >= 0, this.sctpEv, this.sctpSack, this.sctpHb, this.sctpHbAck);
  }

  /** The current SCTP packet's direction carried DATA (`data`) or a reply chunk, for {@link sctpSides}. */
  private sctpSideNote(data: boolean): void {
    const ip = this.ip;
    const a = ip.addrOffset;
    const n = ip.addrLen;
    const h = this.sctpHdr;
    if (data) this.sctpSides.data(this.sctpAddrView, a, a + n, n, h.srcPort, h.dstPort);
    else this.sctpSides.reply(this.sctpAddrView, a, a + n, n, h.srcPort, h.dstPort);
  }

  private witness(s: number, tsn: number, fp: number): void {
    this.witSlot = s;
    this.witTsn = tsn;
    this.witFp = fp;
  }

  /** Payload.copyWitness: asked only by the copy check of a record with nothing else to compare (api/cross-path-copies.ts). */
  private copyWitness(): number {
    return this.witSlot >= 0 ? this.sctpFlows.carried(this.witSlot, this.witTsn, this.witFp, this.now) : -1;
  }

  /**
   * The CRC32c verdict of the SCTP packet being walked (true without one), computed once per packet:
   * a packet of N first segments asks N times (rt9 C1: 850 asks of a 64 KB packet were 6x the CPU).
   */
  private sctpChecksum(): boolean {
    if (this.sctpEnd < 0) return true;
    if (this.sctpSum < 0) this.sctpSum = sctpChecksumOk(this.sctpView, this.sctpOff, this.sctpEnd) ? 1 : 0;
    return this.sctpSum === 1;
  }

  private sctpControl(type: number, off: number, end: number): void {
    this.cControlChunks.n++;
    if (type > SCTP_HEARTBEAT_ACK) return;
    // A reply chunk (SACK, HEARTBEAT ACK, INIT ACK): the other side's, if DATA travelled its reverse (sctp-sides.ts).
    if (type === SCTP_SACK || type === SCTP_HEARTBEAT_ACK || type === SCTP_INIT_ACK) this.sctpSideNote(false);
    if (type >= SCTP_SACK) {
      // RFC 9260 §3.3.4: the Cumulative TSN Ack follows the chunk header; §3.3.5, §3.3.6: the
      // Heartbeat Information (its TLV) is the whole value, echoed as is.
      if (this.sctpEv < 0 || !this.sctpEndpoints.active) return;
      if (type === SCTP_SACK) {
        if (end - off < 8) return;
        this.sctpSack = this.sctpView.getUint32(off + 4);
        this.sctpEv |= PKT_SACK;
      } else if (type === SCTP_HEARTBEAT) {
        this.sctpHb = foldBytes(HASH_SEED, this.sctpView, off + 4, end);
        this.sctpEv |= PKT_HB;
      } else {
        this.sctpHbAck = foldBytes(HASH_SEED, this.sctpView, off + 4, end);
        this.sctpEv |= PKT_HB_ACK;
      }
      return;
    }
    if (type !== SCTP_INIT && type !== SCTP_INIT_ACK) return;
    const first = this.sctpEv >= 0; // the packet's first INIT / INIT ACK: a bundle is reported once a packet
    this.sctpEv = -1;
    // RFC 9260 §6.10: INIT and INIT ACK are never bundled with another chunk. Review 13-C #2: one
    // spoofed packet X → X holding INIT + INIT ACK + DATA answered its own handshake and gave its
    // record DATA one way (2 packets for a "busy" record, not 4). Such a packet binds nothing, and
    // DATA after its INIT does not resolve through a record (sctpData; DATA before it has, as in a
    // packet of its own).
    if (off !== this.sctpOff + 12 || this.sctpEnd - (off + ((end - off + 3) & ~3)) >= 4) {
      if (first)
        this.report(
          SCTP_ANOMALY.INIT_BUNDLED,
          'sctp',
          `${type === SCTP_INIT ? 'INIT' : 'INIT ACK'} bundled with another chunk (RFC 9260 §6.10): binds nothing`,
        );
      return;
    }
    const ip = this.ip;
    const bytes = new Uint8Array(this.sctpAddrView.buffer, this.sctpAddrView.byteOffset, this.sctpAddrView.byteLength);
    const a = ip.addrOffset;
    const n = ip.addrLen;
    const src = ipText(bytes, a, n);
    const h = this.sctpHdr;
    // RFC 9260 §5.1: only an INIT answered by its INIT ACK binds addresses (sctp-endpoints.ts).
    if (type === SCTP_INIT) this.sctpEndpoints.init(this.sctpView, off, end, src, bytes.subarray(a, a + n), h.srcPort, h.dstPort, ipText(bytes, a + n, n));
    else this.sctpEndpoints.initAck(this.sctpView, off, end, src, bytes.subarray(a, a + n), h.srcPort, ipText(bytes, a + n, n), h.dstPort, h.vtag);
  }

  private sctpData(c: SctpDataChunk): void {
    this.cDataChunks.n++;
    const view = this.sctpView;
    const flows = this.sctpFlows;
    const h = this.sctpHdr;
    let s = this.sctpSlot;
    if (s < 0) {
      const ip = this.ip;
      // No expire(): associations have no idle cap (bounded by count). The tag as int32 (`| 0`, a
      // bijection, compared and hashed only): the uint32 was a heap number boxed for each call.
      // A path the packet's association (by its tag: sctp-endpoints.ts) declared in INIT / INIT ACK
      // is keyed by the endpoints' first addresses (RFC 9260 §6.4: one association over its paths;
      // sctp-assocs.ts lookup); any other pair by itself (rt9 MH3; review 10-A #4: squatting).
      const a = ip.addrOffset;
      const b = a + ip.addrLen;
      const ep = this.sctpEndpoints;
      // Not in a packet with INIT / INIT ACK (sctpEv -1: review 13-C #2, DATA bundled after the
      // INIT ACK that made its record gave that record DATA one way, §6.10 forbids the bundle).
      // `ep.active` first: without a record (no handshake in the capture, the routine case)
      // canonicalKey only answers false, but as a call it was one per DATA packet and boxed the
      // uint32 TSN (a heap number for TSNs ≥ 2^31): 5.6 of 43.6 MB sampled allocations on a 60 MB
      // routine prefix (bench/results-notes.md, "xport16"). A DATA packet carries no INIT ACK
      // (§6.10), so no record appears between here and packetEnd.
      if (h.vtag !== 0 && this.sctpEv >= 0 && ep.active && ep.canonicalKey(this.sctpAddrView, a, b, ip.addrLen, h.srcPort, h.dstPort, h.vtag, c.tsn)) {
        s = flows.lookup(ep.keyView, 0, 16, ep.keyLen, h.srcPort, h.dstPort, h.vtag | 0);
        flows.via(this.sctpAddrView, a, b, ip.addrLen);
        flows.bind(s);
        this.payload.copyGroup = 0;
      } else {
        s = flows.lookup(this.sctpAddrView, a, b, ip.addrLen, h.srcPort, h.dstPort, h.vtag | 0);
        // Another address pair with these ports and tag (RFC 9260 §6.4 multi-homing without its
        // handshake captured, or a copy): grouped, and its messages checked for copies once decoded
        // (api/cross-path-copies.ts; review 15-C #1: no chunk is dropped for another path's copy).
        if (flows.made && h.vtag !== 0) flows.group(s);
        this.payload.copyGroup = flows.groupKey(s); // per packet: a frame's TCP / MTP payloads have 0 (frame)
      }
      flows.touch(s, this.payload.frameNo, this.now);
      this.sctpSlot = s;
      if (flows.firstData(s)) this.sctpSideNote(true);
    }
    // `| 0`: check() takes the TSN as int32 anyway; the uint32 was boxed for each call.
    const fp = chunkFingerprint(view, c);
    const seen = flows.check(s, c.tsn | 0, fp);
    if (seen === 1) {
      this.counters.inc('sctp.retransmissions');
      return;
    }
    if (seen === 2) {
      // Chunks, not anomalies: the anomaly (counted under its code) is reported once.
      this.counters.inc('sctp.tsn-reused-chunks');
      if (flows.firstReuse(s)) {
        this.report(SCTP_ANOMALY.TSN_REUSE, 'sctp', `TSN ${c.tsn} reused with different content (kept; reported once per association)`);
      }
    }
    const p = this.payload;
    p.tsn = c.tsn;
    const be = SctpDataFlag.BEGIN | SctpDataFlag.END;
    // Payload.copyWitness is read only with copyGroup ≠ 0: its chunk is set only then (a grouped path is rare).
    if ((c.flags & be) === be) {
      if (p.copyGroup !== 0) this.witness(seen === 0 ? s : -1, c.tsn | 0, fp);
      this.dispatch(view, c.offset, c.end, flows.flow(s), c.stream, c.ppid);
      return;
    }
    this.cFragments.n++;
    if (p.copyGroup !== 0) this.witSlot = -1;
    // The message is joined into the reassembler's scratch: dispatch is synchronous and every
    // consumer copies what it keeps (as for frame bytes), so no array per message.
    const reasm = this.reasm;
    // The tag and ports index the fragment for completion across paths (sctp-tsn-index.ts).
    const n = reasm.pushScratch(flows.id(s), c, view, this.now, seen === 2, h.vtag | 0, h.srcPort * 65536 + h.dstPort);
    if (n < 0) {
      if (h.vtag !== 0) this.crossPaths(s, c);
      return;
    }
    this.dispatch(reasm.messageView, 0, n, flows.flow(s), c.stream, reasm.ppid);
    // A fragment had another copy with other bytes: that version too (sctp-reassembly.ts).
    if (!reasm.hasAlternate) return;
    const alt = reasm.takeAlternate(); // before messageView: it may grow the scratch
    this.dispatch(reasm.messageView, 0, alt, flows.flow(s), c.stream, reasm.ppid);
  }

  /**
   * A DATA fragment of slot `s` buffered without completing a message on its path: the messages
   * that complete across the paths (address pairs) that carried fragments with its ports, tag and
   * stream are decoded too (SctpReassembler.crossComplete: rt11 R6), on this packet's path.
   */
  private crossPaths(s: number, c: SctpDataChunk): void {
    const flows = this.sctpFlows;
    const reasm = this.reasm;
    const runs = reasm.crossComplete(flows.id(s), c);
    for (let k = 0; k < runs; k++) {
      const n = reasm.joinCross(k);
      if (n >= 0) this.dispatch(reasm.messageView, 0, n, flows.flow(s), c.stream, reasm.ppid);
    }
  }

  /** Hand an SCTP user message to its adaptation layer (by PPID, else well-known port; the header overrules both: dispatch.ts headerProto). */
  private dispatch(view: DataView, off: number, end: number, flow: Flow, stream: number, ppid: number): void {
    this.cUserMessages.n++;
    let proto = sctpPayloadProto(ppid, flow.srcPort, flow.dstPort, this.diameterPorts);
    const shown = headerProto(view, off, end, proto);
    if (shown !== null) {
      this.report(
        SCTP_ANOMALY.PPID_MISMATCH,
        'sctp',
        `PPID ${ppid} (ports ${flow.srcPort}→${flow.dstPort}) names ${proto ?? 'no layer'}; the header is ${shown}'s: decoded as ${shown}`,
      );
      proto = shown;
    }
    if (proto === null) {
      this.counters.inc('sctp.unknown-ppid');
      return;
    }
    if (proto !== 'diameter') {
      this.emit(proto, view, off, end, flow, stream, ppid);
      return;
    }
    // RFC 6733 §2.1 / §3: a user message may carry several Diameter messages; split by length.
    while (off < end) {
      const len = end - off >= 4 ? diameterLengthAt(view, off, this.limits.diameterMessageBytes) : -1;
      if (len < 0 || len > end - off) {
        this.report(
          SCTP_ANOMALY.DIAMETER_FRAMING,
          'sctp',
          `${end - off} bytes left in the user message do not hold a whole Diameter message (length ${len}); passed on as one`,
        );
        this.emit('diameter', view, off, end, flow, stream, ppid);
        return;
      }
      this.emit('diameter', view, off, off + len, flow, stream, ppid);
      off += len;
    }
  }

  private emit(proto: PayloadProto, view: DataView, off: number, end: number, flow: Flow, stream: number, ppid: number): void {
    const p = this.payload;
    // Pointer fields written when changed (the proto text, the flow): see ss7/tcap-decoder.ts unit().
    if (p.proto !== proto) p.proto = proto;
    if (p.view !== view) {
      // Two views alternate (frame bytes and a reassembly/TCP buffer): swap with the previous
      // pair instead of a new Uint8Array per switch.
      const prevView = p.view;
      const prevBytes = p.bytes;
      if (view === this.altView) p.bytes = this.altBytes;
      else p.bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
      p.view = view;
      this.altView = prevView;
      this.altBytes = prevBytes;
    }
    p.offset = off;
    p.end = end;
    if (p.flow !== flow) p.flow = flow;
    p.stream = stream;
    p.ppid = ppid;
    this.payloadSlot(proto).n++;
    this.onPayload(p);
  }

  /**
   * A switch on the (interned) proto strings instead of the keyed load `cPayload[proto]`, whose
   * line had 27 of emit's self ticks in the 1 M bench CPU profile.
   */
  private payloadSlot(proto: PayloadProto): CounterSlot {
    switch (proto) {
      case 'm3ua':
        return this.cPayload.m3ua;
      case 'diameter':
        return this.cPayload.diameter;
      case 'm2pa':
        return this.cPayload.m2pa;
      case 'm2ua':
        return this.cPayload.m2ua;
      case 'sua':
        return this.cPayload.sua;
      default:
        return this.cPayload.mtp3;
    }
  }

  private mtpFlow(interfaceId: number): Flow {
    let f = this.mtpFlows.get(interfaceId);
    if (f === undefined) {
      f = { id: this.ids.next++, transport: 'mtp2', src: '', dst: '', srcPort: 0, dstPort: 0 };
      this.mtpFlows.set(interfaceId, f);
    }
    return f;
  }

  /** An SCTP association direction left the table (by count only: associations never idle out). */
  private evicted(flow: Flow): void {
    this.counters.inc('sctp.flows-evicted');
    this.report(SCTP_ANOMALY.ASSOCIATION_EVICTED, 'sctp', `${flow.src}:${flow.srcPort} -> ${flow.dst}:${flow.dstPort} evicted (table full)`);
  }

  /**
   * {@link frame}: the frame's time `t` is more than `limits.subscriberTtlSec` (the gap past which a clock
   * that moved would evict registrations) from the previous frame's (red-team round 16 I4). Shorter gaps
   * are common in honest captures (pcaps/ has 2-day gaps between scenarios) and get no anomaly.
   */
  private timeJump(t: number): void {
    const d = t - this.lastSec;
    this.report(
      CAPTURE_ANOMALY.TIME_JUMP,
      'capture',
      `frame time ${t} s is ${Math.abs(d)} s ${d > 0 ? 'after' : 'before'} the previous frame's: ` +
        "a frame far ahead of the others does not move the state's TTL clock unless the next one is as far ahead",
    );
  }

  private report(code: AnomalyCode, layer: Layer, detail: string): void {
    this.counters.inc(code);
    this.onAnomaly?.(anomaly(code, layer, detail, this.payload.frameNo));
  }
}
