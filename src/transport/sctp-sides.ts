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
 * The proof holds for the two hosts it was seen between ({@link pairShown}), not for the capture:
 * red-team round 18 L6: one DATA and its SACK between two other hosts, merged into a one-way capture
 * (wswiki_camel2.pcap), made its honest answers the requester's.
 *
 * Cost: a DATA direction is noted once per association slot (SctpAssocs.firstData), a reply chunk
 * per chunk (the routine mix has no SACK: its DATA directions only); a proof makes two address
 * texts once per direction pair. Directions are kept as seeded 32-bit hashes (core/hash.ts, random
 * per process: a crafted collision needs the seed); a collision could only declare a one-way pair of
 * hosts two-way.
 * Bounded: at most {@link MAX_DIRECTIONS} of each kind; past it a direction is not noted (the pair
 * is then found by the TCAP layer's own test only, tcap-dialogues.ts). At most {@link MAX_PAIRS}
 * host pairs; past it every pair is taken as shown (the capture-wide proof of before).
 */
import { ipText } from '../core/bytes.js';
import { fmix32, fnvStep, HASH_SEED } from '../core/hash.js';
import { hashAddr } from './flow-table.js';

/** Directions kept per kind (~20 B each in a Set of Smis and heap numbers: ≤ ~1.3 MB a kind). */
export const MAX_DIRECTIONS = 65_536;

/** Host pairs kept as shown (a string of two address texts each: ≤ ~1 MB). */
export const MAX_PAIRS = 8_192;

/** The key of the unordered pair of hosts `a`, `b` (address texts, flow-table.ts / core/bytes.ts ipText). */
export function hostPair(a: string, b: string): string {
  return a < b ? `${a} ${b}` : `${b} ${a}`;
}

export class SctpSides {
  /** Both directions of some association are in the capture (sticky; each pair's in {@link pairShown}). */
  shown = false;
  private readonly dataDirs = new Set<number>();
  private readonly replyDirs = new Set<number>();
  /** The host pairs shown ({@link hostPair}); `all` once more than MAX_PAIRS were. */
  private readonly pairs = new Set<string>();
  private all = false;

  constructor(private readonly seed = HASH_SEED) {}

  /** DATA travelled from the address at `src` to the one at `dst` of `view` (`len` octets each), `srcPort` → `dstPort`. */
  data(view: DataView, src: number, dst: number, len: number, srcPort: number, dstPort: number): void {
    this.note(this.dataDirs, this.replyDirs, view, src, dst, len, srcPort, dstPort);
  }

  /** A SACK, HEARTBEAT ACK or INIT ACK travelled that way. */
  reply(view: DataView, src: number, dst: number, len: number, srcPort: number, dstPort: number): void {
    this.note(this.replyDirs, this.dataDirs, view, src, dst, len, srcPort, dstPort);
  }

  /** Both directions between the hosts whose address texts are `a` and `b` (either order) are in the capture. */
  pairShown(a: string, b: string): boolean {
    return this.all || (this.pairs.size !== 0 && this.pairs.has(hostPair(a, b)));
  }

  private note(own: Set<number>, other: Set<number>, view: DataView, src: number, dst: number, len: number, srcPort: number, dstPort: number): void {
    const back = this.key(view, dst, src, len, dstPort, srcPort);
    if (other.has(back)) {
      other.delete(back); // proven once: its later replies are noted as any (no second proof, no texts)
      this.shown = true;
      this.prove(view, src, dst, len);
      return;
    }
    if (own.size < MAX_DIRECTIONS) own.add(this.key(view, src, dst, len, srcPort, dstPort));
  }

  private prove(view: DataView, src: number, dst: number, len: number): void {
    if (this.all) return;
    if (this.pairs.size >= MAX_PAIRS) {
      this.all = true;
      this.pairs.clear();
      return;
    }
    const b = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
    this.pairs.add(hostPair(ipText(b, src, len), ipText(b, dst, len)));
  }

  private key(view: DataView, src: number, dst: number, len: number, srcPort: number, dstPort: number): number {
    return fmix32(fnvStep(fnvStep(hashAddr(hashAddr(this.seed, view, src, len), view, dst, len), srcPort), dstPort)) | 0;
  }
}
