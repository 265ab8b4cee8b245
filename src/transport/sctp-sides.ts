/**
 * Whether the capture records both directions of an SCTP association: a chunk that only the
 * receiver of one direction's packets sends back (SACK, RFC 9260 §3.3.4; HEARTBEAT ACK, §3.3.6;
 * INIT ACK, §3.3.3) travelled the exact reverse (addresses and ports swapped; §6.4: reply chunks go
 * to the transport address the chunk they answer came from) of a direction that carried DATA. The
 * TCAP layer then tells an answer sent the way of its Begin from the addressee's (tcap-dialogues.ts
 * fromRequester; review 16-A #1: an attacker's new association is acknowledged by its peer from its
 * first DATA, before any TCAP answer uses it). A capture that writes both sides one way (test
 * generators, several public samples) has no such pair; nor one of DATA chunks alone both ways
 * (pcaps/: no SACK at all), nor a lone DATA written the other way (review 16-A #5).
 *
 * Cost: a DATA direction is noted once per association slot (SctpAssocs.firstData), a reply chunk
 * per chunk, and neither once the pair was found (the routine mix has no SACK: its DATA directions
 * only). Directions are kept as seeded 32-bit hashes (core/hash.ts, random per process: a crafted
 * collision needs the seed); a collision could only declare a one-way capture two-way.
 * Bounded: at most {@link MAX_DIRECTIONS} of each kind; past it a direction is not noted (the pair
 * is then found by the TCAP layer's own test only, tcap-dialogues.ts).
 */
import { fmix32, fnvStep, HASH_SEED } from '../core/hash.js';
import { hashAddr } from './flow-table.js';

/** Directions kept per kind (~20 B each in a Set of Smis and heap numbers: ≤ ~1.3 MB a kind). */
export const MAX_DIRECTIONS = 65_536;

export class SctpSides {
  /** Both directions of some association are in the capture (sticky). */
  shown = false;
  private readonly dataDirs = new Set<number>();
  private readonly replyDirs = new Set<number>();

  constructor(private readonly seed = HASH_SEED) {}

  /** DATA travelled from the address at `src` to the one at `dst` of `view` (`len` octets each), `srcPort` → `dstPort`. */
  data(view: DataView, src: number, dst: number, len: number, srcPort: number, dstPort: number): void {
    this.note(this.dataDirs, this.replyDirs, view, src, dst, len, srcPort, dstPort);
  }

  /** A SACK, HEARTBEAT ACK or INIT ACK travelled that way. */
  reply(view: DataView, src: number, dst: number, len: number, srcPort: number, dstPort: number): void {
    this.note(this.replyDirs, this.dataDirs, view, src, dst, len, srcPort, dstPort);
  }

  private note(own: Set<number>, other: Set<number>, view: DataView, src: number, dst: number, len: number, srcPort: number, dstPort: number): void {
    if (other.has(this.key(view, dst, src, len, dstPort, srcPort))) {
      this.shown = true;
      this.dataDirs.clear();
      this.replyDirs.clear();
      return;
    }
    if (own.size < MAX_DIRECTIONS) own.add(this.key(view, src, dst, len, srcPort, dstPort));
  }

  private key(view: DataView, src: number, dst: number, len: number, srcPort: number, dstPort: number): number {
    return fmix32(fnvStep(fnvStep(hashAddr(hashAddr(this.seed, view, src, len), view, dst, len), srcPort), dstPort)) | 0;
  }
}
