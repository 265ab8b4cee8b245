import { hostPair, MAX_PAIRS } from '../transport/sctp-sides.js';
import type { Flow } from '../transport/types.js';

/** Requester nodes CaptureSides keeps (past it every node is taken as answered). */
const MAX_NODES = 65_536;

/**
 * Whether the capture records each side of its IP flows apart, for DialogueTable.fromRequester: an
 * answer sent the way of its Begin (same association or connection direction) is the requester's own
 * only where the capture writes the two directions apart at all. Test generators and several public
 * captures write both sides of every dialogue with one source and destination (wswiki_camel2.pcap,
 * the sigcorr and timkam samples: one direction only), and their answers must still teach what they say.
 *
 * Per pair of hosts (the addresses of a flow or of its association, either order; red-team round 18
 * L6: two frames between other hosts merged into a one-way capture made its honest answers the
 * requester's), sticky, from either proof:
 * - the transport's (transport/sctp-sides.ts): a SACK, HEARTBEAT ACK or INIT ACK came back on the
 *   reverse of a direction that carried DATA (RFC 9260 §3.3.3-§3.3.6, §6.4). An attacker's new
 *   association or source port is acknowledged by its peer from its first DATA, before any TCAP
 *   answer uses it (review 16-A #1: a forged ISD on a direction whose reverse no TCAP message had used
 *   was learned, and 8 h after the victim's last evidence judged by nothing);
 * - the TCAP layer's ({@link answered}): the addressee's answer to a Begin travelled the exact reverse
 *   (addresses and ports swapped) of the Begin's direction. A lone message written the other way in a
 *   one-way capture proves nothing (review 16-A #5: one Begin did, and every later honest answer of
 *   its flow was refused).
 * Per flow, as before, a direction whose own reverse carried no message yet was not judged: the
 * attacker chose such a direction (a new port or address). Residual: a capture merged from a one-way
 * part and a two-way part between the same two hosts judges the one-way part's answers as the
 * requester's (lab captures only; README open items). Bounded: at most MAX_PAIRS pairs (as
 * transport/sctp-sides.ts), past it every pair is taken as shown (the capture-wide flag of before).
 */
export class CaptureSides {
  /** Host pairs the TCAP layer's proof holds for (hostPair); `all` once more than MAX_PAIRS. */
  private readonly pairs = new Set<string>();
  private all = false;
  /** Begin flows (or their associations) whose pair {@link answered} added. */
  private readonly noted = new WeakSet<Flow>();
  /** Flows whose pair was found shown (a proof is never withdrawn): no pair text for their later answers. */
  private readonly proven = new WeakSet<Flow>();

  /** `transport`: the transport's proof for two hosts' address texts (PacketDecoder.sctpSides.pairShown). */
  constructor(private readonly transport?: (a: string, b: string) => boolean) {}

  /** The addressee's answer to a Begin sent on `begin` travelled `answer`. */
  answered(begin: Flow, answer: Flow): void {
    if (this.all) return;
    const x = begin.assoc ?? begin;
    // Each flow's pair once: its text was built and added for every answer (the round-18 merge: +7 % decode-only CPU).
    if (this.noted.has(x) || !reverse(begin, answer)) return;
    if (this.pairs.size >= MAX_PAIRS) {
      this.all = true;
      this.pairs.clear();
      return;
    }
    this.noted.add(x);
    this.pairs.add(hostPair(x.src, x.dst));
  }

  /** The capture writes the two directions between the hosts of `flow` (its path's or its association's) apart. */
  twoWay(flow: Flow): boolean {
    if (this.all || this.proven.has(flow)) return true;
    const x = flow.assoc ?? flow;
    const shown = this.shown(flow.src, flow.dst) || (x !== flow && this.shown(x.src, x.dst));
    // Sticky, so kept per flow object (the transport's flows are reused per path): the pair text was built and hashed
    // for every answer (merge of round 18: +8-10 % decode-only CPU on the routine bench capture, whose answers prove their pairs).
    if (shown) this.proven.add(flow);
    return shown;
  }

  /**
   * Requester nodes (the calling GT of a Begin) whose vector requests (SAI and the like) an addressee answered back
   * on a link the capture shows both ways (DialogueTable.answerLinkShown; review 20 #1: a harvester sent its SAIs over a link the
   * capture shows both ways and its UpdateLocations over another whose return it never shows). Per node, not per
   * host pair: such a node's answers are on the capture, so its registrations wait for theirs (records'
   * `linkTwoWay`). At most {@link MAX_NODES} nodes; past it every node is taken as answered (`allNodes`).
   */
  private readonly nodes = new Set<string>();
  private allNodes = false;

  /** An addressee's answer to a vector request of requester node `gt` came on a link the capture shows both ways. */
  nodeAnswered(gt: string): void {
    if (this.allNodes || this.nodes.has(gt)) return;
    if (this.nodes.size >= MAX_NODES) {
      this.allNodes = true;
      this.nodes.clear();
      return;
    }
    this.nodes.add(gt);
  }

  /** The capture showed an answer back along its link to requester node `gt` ({@link nodeAnswered}). */
  answeredNode(gt: string): boolean {
    return this.allNodes || (this.nodes.size !== 0 && this.nodes.has(gt));
  }

  private shown(a: string, b: string): boolean {
    return (this.pairs.size !== 0 && this.pairs.has(hostPair(a, b))) || this.transport?.(a, b) === true;
  }
}

/**
 * `b` is the direction opposite to `a` (an association's or connection's Flow, `assoc` for a path
 * of a multi-homed SCTP association): addresses and ports swapped. False for MTP links (no addresses).
 */
export function reverse(a: Flow, b: Flow): boolean {
  const x = a.assoc ?? a;
  const y = b.assoc ?? b;
  return x.transport !== 'mtp2' && x.transport === y.transport && x.src === y.dst && x.dst === y.src && x.srcPort === y.dstPort && x.dstPort === y.srcPort;
}
