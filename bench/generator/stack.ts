/**
 * Message → frames for a chosen stack. A signalling message travels between two networks'
 * gateways:
 *
 *   SS7:      link → IPv4/IPv6 → SCTP (port 2905, stream 1, PPID 3; RFC 9260 §3.3.1)
 *             → M3UA DATA (RFC 4666 §3.3.1) → SCCP UDT/XUDT (Q.713 §4.10/§4.18) → TCAP
 *   Diameter: link → IPv4/IPv6 → SCTP (port 3868, PPID 46; RFC 6733 §2.1) or TCP (port 3868)
 *
 * Several messages sent together on one association are bundled as DATA chunks of one SCTP
 * packet (RFC 9260 §6.10); a message whose M3UA/Diameter bytes exceed `fragmentAbove` is split
 * into B/…/E DATA fragments, one packet each (§6.9); a Diameter message over TCP may be split
 * across two segments. The stack numbers the messages that complete in each frame, which gives
 * the (frame, index) of the truth lines.
 */
import { ethernet, sll } from '../../src/encode/pcap.js';
import { ipv4, ipv6 } from '../../src/encode/ip.js';
import { dataFragments, type SctpChunk, sctpPacket } from '../../src/encode/sctp.js';
import { encodeSccp } from '../../src/encode/sccp.js';
import { encodeM3uaData } from '../../src/encode/sigtran.js';
import { TCP_FLAGS, tcpSegment } from '../../src/encode/tcp.js';
import { LINKTYPE_ETHERNET, type CaptureSink } from './sink.js';
import { truthLine, type TruthLine, type TruthSeed } from './truth.js';
import type { Network } from './world.js';

export interface Party {
  gt: string;
  ssn: number;
}

export interface Ss7Message {
  proto: 'ss7';
  from: Network;
  to: Network;
  calling: Party;
  called: Party;
  sccp: 'udt' | 'xudt';
  tcap: Uint8Array;
  truth: TruthSeed;
}

export interface DiameterMessage {
  proto: 'diameter';
  from: Network;
  to: Network;
  over: 'sctp' | 'tcp';
  bytes: Uint8Array;
  /** TCP: octets in the first segment when the message is split across two segments. */
  splitAt?: number;
  truth: TruthSeed;
}

export type Message = Ss7Message | DiameterMessage;

export interface StackOptions {
  sink: CaptureSink;
  /** Interface (pcapng) for traffic with a peer network; 0 for pcap. */
  ifaceOf?: (peer: Network) => number;
  /** SCTP DATA user-data size above which a message is fragmented (default 1200). */
  fragmentAbove?: number;
  onTruth: (line: TruthLine) => void;
}

const SCTP = 132;
const TCP = 6;
const M3UA_PORT = 2905;
const DIAMETER_PORT = 3868;
const PPID_M3UA = 3;
const PPID_DIAMETER = 46;

/** One direction of an SCTP association or TCP connection. */
interface Direction {
  src: string;
  dst: string;
  v6: boolean;
  srcPort: number;
  dstPort: number;
  /** SCTP: verification tag of the receiver; next TSN; next stream sequence number. TCP: next sequence number. */
  vtag: number;
  tsn: number;
  ssn: number;
  seq: number;
}

export class Stack {
  private readonly dirs = new Map<string, Direction>();
  private readonly fragmentAbove: number;
  private ipId = 1;
  /** Last timestamp used (µs since the epoch); frames never go back in time. */
  lastUs = 0;

  constructor(private readonly o: StackOptions) {
    this.fragmentAbove = o.fragmentAbove ?? 1200;
  }

  /**
   * Sends `msgs` at `atUs` (µs since the epoch). Messages on one association go in one packet
   * (bundling); a message that needs fragments or TCP segments gets frames of its own, 1 µs apart.
   * `sameInstant`: every SCTP frame of this call gets the same timestamp (messages of one exchange
   * captured on several associations at once, in the order given: the reordering scenarios).
   */
  send(msgs: readonly Message[], atUs: number, sameInstant = false): void {
    let t = Math.max(atUs, this.lastUs + 1);
    const t0 = t;
    let bundle: { dir: Direction; link: Network; chunks: SctpChunk[]; seeds: TruthSeed[] } | undefined;
    const flush = (): void => {
      if (bundle === undefined) return;
      const frame = this.sctpFrame(bundle.dir, bundle.link, bundle.chunks, sameInstant ? t : t++);
      bundle.seeds.forEach((s, i) => {
        this.o.onTruth(truthLine(s, frame, i));
      });
      bundle = undefined;
    };
    for (const m of msgs) {
      if (m.proto === 'diameter' && m.over === 'tcp') {
        flush();
        t = this.tcp(m, t);
        continue;
      }
      const ss7 = m.proto === 'ss7';
      const dir = this.direction(m.from, m.to, ss7 ? M3UA_PORT : DIAMETER_PORT, 'sctp', t);
      const payload = ss7 ? this.m3ua(m) : m.bytes;
      const ppid = ss7 ? PPID_M3UA : PPID_DIAMETER;
      const stream = 1;
      if (payload.length > this.fragmentAbove) {
        flush();
        const frags = dataFragments(payload, this.fragmentAbove, { tsn: dir.tsn, stream, ssn: dir.ssn, ppid });
        dir.tsn = (dir.tsn + frags.length) >>> 0;
        dir.ssn = (dir.ssn + 1) & 0xffff;
        let frame = 0;
        for (const f of frags) frame = this.sctpFrame(dir, m.to, [f], t++);
        this.o.onTruth(truthLine(m.truth, frame, 0));
        continue;
      }
      if (bundle !== undefined && bundle.dir !== dir) flush();
      if (bundle === undefined) bundle = { dir, link: m.to, chunks: [], seeds: [] };
      bundle.chunks.push({ type: 'data', tsn: dir.tsn, stream, ssn: dir.ssn, ppid, payload });
      bundle.seeds.push(m.truth);
      dir.tsn = (dir.tsn + 1) >>> 0;
      dir.ssn = (dir.ssn + 1) & 0xffff;
    }
    flush();
    this.lastUs = sameInstant && t === t0 ? t0 : t - 1;
  }

  /** M3UA DATA around an SCCP UDT/XUDT (Q.713 §4.10, §4.18: hop counter 15). */
  private m3ua(m: Ss7Message): Uint8Array {
    // Q.713 §4.10/§4.18: the UDT/XUDT data length is one octet; longer TCAP needs SCCP segmentation or LUDT.
    if (m.tcap.length > 254) throw new RangeError(`${m.truth.operation}: ${m.tcap.length} octets of TCAP do not fit one ${m.sccp.toUpperCase()}`);
    const sccp = encodeSccp({
      type: m.sccp,
      protocolClass: 1,
      called: { gt: m.called.gt, ssn: m.called.ssn, tt: 0, np: 1, nai: 4 },
      calling: { gt: m.calling.gt, ssn: m.calling.ssn, tt: 0, np: 1, nai: 4 },
      data: m.tcap,
    });
    // SLS from the calling GT's last digits: one dialogue's messages keep one link (Q.704 §2.2.4).
    const sls = Number(m.calling.gt.slice(-2)) & 0x0f;
    return encodeM3uaData({ opc: m.from.pc, dpc: m.to.pc, si: 3, ni: 2, sls, routingContext: 100 }, sccp);
  }

  private tcp(m: DiameterMessage, t: number): number {
    let dir = this.dirs.get(key(m.from, m.to, DIAMETER_PORT, 'tcp'));
    if (dir === undefined) {
      // Three-way handshake (RFC 9293 §3.5) so readers see the initial sequence numbers.
      dir = this.direction(m.from, m.to, DIAMETER_PORT, 'tcp', t);
      const back = this.direction(m.to, m.from, DIAMETER_PORT, 'tcp', t);
      this.tcpFrame(dir, m.to, TCP_FLAGS.SYN, back, undefined, t++);
      dir.seq = (dir.seq + 1) >>> 0;
      this.tcpFrame(back, m.to, TCP_FLAGS.SYN | TCP_FLAGS.ACK, dir, undefined, t++);
      back.seq = (back.seq + 1) >>> 0;
      this.tcpFrame(dir, m.to, TCP_FLAGS.ACK, back, undefined, t++);
    }
    const back = this.dirs.get(key(m.to, m.from, DIAMETER_PORT, 'tcp'))!;
    const cut = m.splitAt ?? m.bytes.length;
    let frame = 0;
    for (const part of cut < m.bytes.length ? [m.bytes.subarray(0, cut), m.bytes.subarray(cut)] : [m.bytes]) {
      frame = this.tcpFrame(dir, m.to, TCP_FLAGS.ACK | TCP_FLAGS.PSH, back, part, t++);
      dir.seq = (dir.seq + part.length) >>> 0;
    }
    this.o.onTruth(truthLine(m.truth, frame, 0));
    return t;
  }

  private direction(from: Network, to: Network, port: number, transport: 'sctp' | 'tcp', t: number): Direction {
    const k = key(from, to, port, transport);
    let d = this.dirs.get(k);
    if (d === undefined) {
      const v6 = from.preferIpv6 || to.preferIpv6;
      // Initial TSN / sequence number and tags derived from the pair: deterministic, different per association.
      const seed = (from.pc * 65599 + to.pc * 31 + port + (transport === 'tcp' ? 7 : 0)) >>> 0;
      d = {
        src: v6 ? from.ip6 : from.ip4,
        dst: v6 ? to.ip6 : to.ip4,
        v6,
        srcPort: port,
        dstPort: port,
        vtag: (Math.imul(to.pc, 2654435761) ^ seed) >>> 0,
        tsn: Math.imul(seed, 747796405) >>> 0,
        ssn: 0,
        seq: Math.imul(seed ^ (t & 0xffff), 2891336453) >>> 0,
      };
      if (transport === 'tcp') {
        // The connecting side uses an ephemeral port, the listener 3868.
        const client = this.dirs.get(key(to, from, port, 'tcp')) === undefined;
        d.srcPort = client ? 40000 + (from.pc % 20000) : port;
        d.dstPort = client ? port : 40000 + (to.pc % 20000);
      }
      this.dirs.set(k, d);
    }
    return d;
  }

  private sctpFrame(dir: Direction, peer: Network, chunks: SctpChunk[], t: number): number {
    const packet = sctpPacket({ srcPort: dir.srcPort, dstPort: dir.dstPort, vtag: dir.vtag, chunks });
    // RFC 9260 Appendix A: CRC32c over the packet with a zero checksum field, stored little-endian.
    new DataView(packet.buffer, packet.byteOffset).setUint32(8, crc32c(packet), true);
    return this.ipFrame(dir, peer, SCTP, packet, t);
  }

  private tcpFrame(dir: Direction, peer: Network, flags: number, back: Direction, payload: Uint8Array | undefined, t: number): number {
    const ack = flags & TCP_FLAGS.ACK ? back.seq : 0;
    const seg = tcpSegment({ srcPort: dir.srcPort, dstPort: dir.dstPort, seq: dir.seq, ack, flags, ...(payload ? { payload } : {}) });
    return this.ipFrame(dir, peer, TCP, seg, t);
  }

  private ipFrame(dir: Direction, peer: Network, proto: number, payload: Uint8Array, t: number): number {
    const ip = dir.v6
      ? ipv6({ src: dir.src, dst: dir.dst, proto, payload })
      : ipv4({ src: dir.src, dst: dir.dst, proto, payload, id: this.ipId++ & 0xffff, df: true });
    const iface = this.o.ifaceOf?.(peer) ?? 0;
    const etherType = dir.v6 ? 0x86dd : 0x0800;
    const frame = this.o.sink.linkTypes[iface] === LINKTYPE_ETHERNET ? ethernet(etherType, ip) : sll(etherType, ip);
    return this.o.sink.frame(Math.floor(t / 1e6), t % 1e6, iface, frame);
  }
}

function key(from: Network, to: Network, port: number, transport: string): string {
  return `${transport}:${from.key}>${to.key}:${port}`;
}

const CRC32C = ((): Uint32Array => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC32c (Castagnoli, reflected 0x82F63B78), table-driven (RFC 9260 Appendix A). */
function crc32c(b: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < b.length; i++) c = CRC32C[(c ^ b[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}
