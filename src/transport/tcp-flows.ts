/**
 * TCP flow lifetime for Diameter over TCP (RFC 6733 §2.1): one {@link TcpStream} per direction,
 * kept in a {@link FlowTable} (tcpFlows entries, tcpFlowAgeSec idle expiry in capture time), and
 * a global byte budget (tcpReasmBytes) over what all flows' buffers hold, charged to their table
 * entries (the flow charged the most evicted beyond it, core/bounded-table.ts "Fairness"; Suricata:
 * stream memcap).
 *
 * Created by data or SYN (bare ACKs and FINs of unknown flows create nothing); closed by FIN or
 * RST (an RST also closes the reverse direction); evicted when full, idle or over the budget.
 * Evictions are counted (`tcp.flows-evicted`, `tcp.flows-expired`) and reported as
 * `tcp.flow-evicted` unless an idle flow lost nothing.
 */
import type { AnomalyCode } from '../core/anomaly-codes.js';
import { BytePool } from '../core/byte-pool.js';
import type { Limits } from '../core/limits.js';
import type { CounterSlot, Counters } from '../core/stats.js';
import { FlowTable, type EvictReason, type FlowIds } from './flow-table.js';
import type { IpPacket } from './ipv4.js';
import { decodeTcp, newTcpHeader, TCP_ANOMALY, TcpFlag, TcpStream, type TcpReporter } from './tcp-stream.js';
import type { Flow } from './types.js';

/** Receives the Diameter bytes `[off, end)` of `view` reassembled from `flow` (synchronously). */
export type TcpMessageHandler = (view: DataView, off: number, end: number, flow: Flow) => void;

/** Sizes of the TCP state (see PacketDecoder.tableSizes). */
export interface TcpFlowSizes {
  tcpFlows: number;
  /** Bytes held by all flows (out-of-order segments + incomplete messages). */
  tcpBytes: number;
  /** Bytes allocated by all flows' buffers (≥ tcpBytes: a pending buffer's capacity). */
  tcpAllocated: number;
}

export class TcpFlows {
  private readonly flows: FlowTable<TcpStream>;
  private readonly hdr = newTcpHeader();
  /** `tcp.segments` bound once (core/stats.ts: slot.n++ vs inc(name)). */
  private readonly cSegments: CounterSlot;
  /**
   * The flows' large pending buffers, reused (core/byte-pool.ts): at most 2 × diameterMessageBytes
   * of free ones wait in it, outside tcpReasmBytes.
   */
  private readonly pool: BytePool;

  constructor(
    limits: Pick<Limits, 'tcpFlows' | 'tcpFlowAgeSec' | 'tcpFlowBytes' | 'tcpReasmBytes' | 'diameterMessageBytes'>,
    ids: FlowIds,
    private readonly diameterPorts: readonly number[],
    private readonly counters: Counters,
    onMessage: TcpMessageHandler,
    private readonly report: TcpReporter,
  ) {
    this.cSegments = counters.slot('tcp.segments');
    this.pool = new BytePool(2 * limits.diameterMessageBytes);
    this.flows = new FlowTable<TcpStream>(
      'tcp',
      limits.tcpFlows,
      limits.tcpFlowAgeSec,
      ids,
      (flow) =>
        new TcpStream(limits.tcpFlowBytes, limits.diameterMessageBytes, (view, off, end) => onMessage(view, off, end, flow), report, counters, this.pool),
      (e, why) => {
        const lost = e.state.buffered > 0;
        e.state.close(`flow evicted (${why})`);
        this.evicted(e.flow, why, lost);
      },
      limits.tcpReasmBytes,
    );
  }

  /**
   * One TCP segment at `[off, end)` of `view`; its IP addresses are those of `ip` in `aview`.
   * `now`: capture seconds.
   */
  segment(view: DataView, off: number, end: number, aview: DataView, ip: IpPacket, now: number): void {
    this.cSegments.n++;
    const h = this.hdr;
    if (decodeTcp(view, off, end, h) < 0) {
      this.report(h.problem as AnomalyCode, 'TCP header rejected');
      return;
    }
    const ports = this.diameterPorts;
    if (!ports.includes(h.srcPort) && !ports.includes(h.dstPort)) {
      this.counters.inc('tcp.not-diameter-port');
      return;
    }
    const flows = this.flows;
    const src = ip.addrOffset;
    const dst = ip.addrOffset + ip.addrLen;
    const closing = (h.flags & (TcpFlag.FIN | TcpFlag.RST)) !== 0;
    // Flows are made by data or SYN; bare ACKs and FINs of unknown flows create nothing.
    const create = h.end > h.offset || (h.flags & TcpFlag.SYN) !== 0;
    flows.expire(now); // tcpFlowAgeSec, once for both lookups
    const e = flows.lookup(aview, src, dst, ip.addrLen, h.srcPort, h.dstPort, 0, now, create);
    const r = flows.lookup(aview, dst, src, ip.addrLen, h.dstPort, h.srcPort, 0, now, false);
    if (e !== undefined) {
      const peerAcked = !e.state.isStarted && r !== undefined && r.state.ackValid ? r.state.ackSent : -1;
      e.state.segment(view, h, peerAcked);
      flows.charge(e, e.state.allocated);
    }
    if (r !== undefined) {
      if ((h.flags & (TcpFlag.ACK | TcpFlag.RST)) === TcpFlag.ACK) r.state.peerAck(h.ack);
      if ((h.flags & TcpFlag.RST) !== 0) {
        r.state.close('RST');
        flows.delete(r);
      } else flows.charge(r, r.state.allocated);
    }
    if (closing && e !== undefined) {
      e.state.close((h.flags & TcpFlag.RST) !== 0 ? 'RST' : 'FIN');
      flows.delete(e);
    }
    // tcpReasmBytes: the flows charged the most go first (rt8 EV1; the current one too if it is one).
    flows.enforce(now);
  }

  /** Current sizes; walks the table: call it for checks, not per packet. */
  sizes(): TcpFlowSizes {
    let tcpBytes = 0;
    let tcpAllocated = 0;
    for (const e of this.flows.entries()) {
      tcpBytes += e.state.buffered;
      tcpAllocated += e.state.allocated;
    }
    return { tcpFlows: this.flows.size, tcpBytes, tcpAllocated };
  }

  /** End of input: every flow delivers what it can and reports what is incomplete. */
  end(): void {
    for (const e of this.flows.entries()) e.state.close('end of input');
  }

  private evicted(flow: Flow, why: EvictReason, lost: boolean): void {
    this.counters.inc(`tcp.flows-${why === 'age' ? 'expired' : 'evicted'}`);
    if (why !== 'age' || lost) {
      const reason = why === 'limit' ? 'table full' : why === 'bytes' ? 'tcpReasmBytes exceeded' : 'idle';
      this.report(TCP_ANOMALY.FLOW_EVICTED, `${flow.src}:${flow.srcPort} -> ${flow.dst}:${flow.dstPort} evicted (${reason})`);
    }
  }
}
