import type { Flow } from '../transport/types.js';

/**
 * The IP flows (an association's or connection's direction: its `assoc` Flow for a multi-homed SCTP
 * path) the TCAP layer has seen, to tell whether a capture records a flow's other direction at all.
 * An answer sent the way of its Begin is the requester's own only where the capture shows traffic
 * the other way (DialogueTable.fromRequester): test generators and some public captures write both
 * directions of a dialogue with one source and destination (wswiki_camel2.pcap), and their answers
 * must still teach what they say.
 * Bounded: at most {@link MAX_FLOW_KEYS} directions are remembered (a key of ~40 characters each);
 * past it a new direction is not, and answers on it are not told apart by direction (fail open: they
 * teach as a one-way capture's do; the MTP label check still applies), nor taken as sent back
 * ({@link FlowDirections.reverseId}: fail closed, state/prior-links.ts).
 */
const MAX_FLOW_KEYS = 65_536;

/** 1: seen (its key in the set), 2: seen and its reverse seen too (settled, no more lookups). */
const SEEN = 1;
const TWO_WAY = 2;

function key(src: string, srcPort: number, dst: string, dstPort: number, transport: string): string {
  return `${transport} ${src} ${srcPort} ${dst} ${dstPort}`;
}

export class FlowDirections {
  private states = new Uint8Array(64);
  /** The reverse direction's flow id + 1 by flow id (0: not seen), set when the second of the two is noted. */
  private reverse = new Int32Array(64);
  private readonly keys = new Map<string, number>();

  /** Remembers `flow`'s direction (an MTP link's flow has no addresses and is not remembered). */
  note(flow: Flow | undefined): void {
    if (flow === undefined || flow.transport === 'mtp2') return;
    const a = flow.assoc ?? flow;
    if (a.id < this.states.length && this.states[a.id] !== 0) return;
    if (this.keys.size >= MAX_FLOW_KEYS) return;
    if (a.id >= this.states.length) {
      const n = Math.max(a.id + 1, this.states.length * 2);
      const grown = new Uint8Array(n);
      grown.set(this.states);
      this.states = grown;
      const rev = new Int32Array(n);
      rev.set(this.reverse);
      this.reverse = rev;
    }
    this.states[a.id] = SEEN;
    this.keys.set(key(a.src, a.srcPort, a.dst, a.dstPort, a.transport), a.id);
    const back = this.keys.get(key(a.dst, a.dstPort, a.src, a.srcPort, a.transport));
    if (back !== undefined) {
      this.reverse[a.id] = back + 1;
      this.reverse[back] = a.id + 1;
    }
  }

  /** The id of the flow the capture showed on `flow`'s exact reverse direction (its association's), else −1. */
  reverseId(flow: Flow): number {
    const a = flow.assoc ?? flow;
    return a.id < this.reverse.length ? this.reverse[a.id]! - 1 : -1;
  }

  /** The capture showed traffic on `flow`'s reverse direction (its addresses and ports swapped). */
  twoWay(flow: Flow): boolean {
    const a = flow.assoc ?? flow;
    if (a.id < this.states.length && this.states[a.id] === TWO_WAY) return true;
    if (!this.keys.has(key(a.dst, a.dstPort, a.src, a.srcPort, a.transport))) return false;
    if (a.id < this.states.length) this.states[a.id] = TWO_WAY;
    return true;
  }
}
