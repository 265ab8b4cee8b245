import type { Flow } from '../transport/types.js';

/**
 * Whether the capture records each side of its IP flows apart, for DialogueTable.fromRequester: an
 * answer sent the way of its Begin (same association or connection direction) is the requester's own
 * only where the capture writes the two directions apart at all. Test generators and several public
 * captures write both sides of every dialogue with one source and destination (wswiki_camel2.pcap,
 * the sigcorr and timkam samples: one direction only), and their answers must still teach what they say.
 *
 * Capture-wide, sticky, from either proof:
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
 * part and a two-way part judges the one-way part's answers as the requester's (lab captures only;
 * README open items). No table: one flag.
 */
export class CaptureSides {
  private shown = false;

  /** `transport`: the transport's proof (PacketDecoder.sctpSides.shown), read until either proof holds. */
  constructor(private readonly transport?: () => boolean) {}

  /** The addressee's answer to a Begin sent on `begin` travelled `answer`. */
  answered(begin: Flow, answer: Flow): void {
    if (!this.shown && reverse(begin, answer)) this.shown = true;
  }

  /** The capture writes the two directions of its flows apart. */
  twoWay(): boolean {
    if (this.shown) return true;
    return (this.shown = this.transport?.() === true);
  }
}

/**
 * `b` is the direction opposite to `a` (an association's or connection's Flow, `assoc` for a path
 * of a multi-homed SCTP association): addresses and ports swapped. False for MTP links (no addresses).
 */
function reverse(a: Flow, b: Flow): boolean {
  const x = a.assoc ?? a;
  const y = b.assoc ?? b;
  return x.transport !== 'mtp2' && x.transport === y.transport && x.src === y.dst && x.dst === y.src && x.srcPort === y.dstPort && x.dstPort === y.srcPort;
}
