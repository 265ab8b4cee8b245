/**
 * Buffered DATA fragments indexed by (source port, destination port, Verification Tag, stream, U
 * flag, TSN) across the paths (association directions keyed by their own address pair,
 * sctp-assocs.ts) that carried them, for the cross-path completion of a user message
 * (sctp-reassembly.ts {@link SctpReassembler.crossComplete}; red-team rt11 R6: a message whose
 * fragments travel on two paths of a multi-homed association set up before the capture, so without
 * INIT / INIT ACK naming its addresses, was never reassembled).
 *
 * RFC 9260 §6.4: a sender may put any chunk on any path of the association, and a retransmission
 * goes to an alternate address by default (§6.4.1); §8.5: every packet of an association carries
 * the receiver's Verification Tag on every path. So the fragments of one message may lie on several
 * address pairs with the same ports and tag; a run is walked TSN by TSN from this index, whatever
 * the number of paths. Review 12-A #4: the list of paths this replaced held 4 per ports + tag, and
 * lone decoy fragments from more spoofed addresses pushed the real first path out of it.
 *
 * Bounds: an entry is a fragment buffered in its path's context (or kept for a revive), so the index
 * holds no more than the reassembly does (sctpStreams, sctpReasmBytes, KEEP_MESSAGES) and needs no
 * eviction of its own; the owner removes each fragment as it leaves. At most {@link MAX_VERSIONS}
 * fragments per key (one per path and a few copies: a real association has ≤ 4 address pairs a
 * direction): a fragment past that is not indexed (anomaly `sctp.cross-path-index-full`), so an
 * attacker who knows the tag and a message's TSNs can still plant decoys at them before the real
 * fragments come and keep those out of cross-path completion (the message still completes on its own path).
 * Keys are hashed with the per-process seed and finished with a full avalanche (core/hash.ts
 * fmix32), so that no one can make unrelated keys share a chain (review 13-C #6: without the
 * finaliser, TSNs differing in their high bits only did, whatever the seed).
 */
import { fmix32 as fmix32_, HASH_SEED as HASH_SEED_, mixStep as mixStep_ } from '../core/hash.js';

// As the module's own constants (sctp-reassembly.ts: TurboFan embeds them).
const mixStep = mixStep_;
const fmix32 = fmix32_;
const HASH_SEED = HASH_SEED_;

/** Fragments kept per key (see the module comment). */
export const MAX_VERSIONS = 8;

/** What a fragment's context shares with every fragment it buffers: its path, ports, tag and stream. */
export interface TsnOwner {
  /** The association direction's flow id. */
  path: number;
  /** Verification Tag (int32). */
  tag: number;
  /** Source port × 65536 + destination port. */
  ports: number;
  /** Stream × 2 + U flag. */
  su: number;
}

/** A fragment as the index sees it (sctp-reassembly.ts Fragment). */
export interface TsnEntry {
  /** The TSN as int32 (`tsn | 0`), as the walks of sctp-reassembly.ts take it: compared with `===`. */
  seq: number;
  own: TsnOwner | null;
  /** The index key while indexed, else -1. */
  ix: number;
  /** The next entry of the same key's chain. */
  next: TsnEntry | null;
}

/**
 * The index key of (owner's ports, tag and stream, `seq`): a small integer (a V8 Smi). Finished with
 * fmix32 (core/hash.ts): mixStep's multiplies carry bits upward only, so the bucket (the key's low
 * bits) of a last mixStep depended on the low ~15 + log2(buckets) bits of `seq` alone, and TSNs
 * j × 2^24 of one owner shared one chain whatever the seed (review 13-C #6).
 */
function tsnKey(o: TsnOwner, seq: number): number {
  return fmix32(mixStep(mixStep(mixStep(mixStep(HASH_SEED, o.tag), o.ports), o.su), seq)) & 0x3fffffff;
}

/** The key of `o`'s ports, tag and stream (a small integer). */
function groupKey(o: TsnOwner): number {
  return mixStep(mixStep(mixStep(HASH_SEED, o.tag), o.ports), o.su) & 0x3fffffff;
}

/** The fragments indexed with one ports, tag and stream: how many, the path of the first, whether another path had any since. */
interface Group {
  n: number;
  first: number;
  multi: boolean;
}

/** True when `e` is the fragment of TSN `seq` of `o`'s ports, tag and stream (on any path). */
export function sameKey(e: TsnEntry, o: TsnOwner, seq: number): boolean {
  const w = e.own!;
  return e.seq === seq && w.tag === o.tag && w.ports === o.ports && w.su === o.su;
}

/** Buckets made first (doubled while the entries outnumber them). */
const FIRST_BUCKETS = 64;

/**
 * Chained hash table of buffered fragments: a bucket array, the chain through the entries' `next`
 * (no Map entry nor array per fragment: measured, a Map of the 30,000 fragments of one endless
 * message cost ~45 bytes a fragment over the ~320 the reassembly holds, this ~20). It only grows
 * (to the most fragments held at once: ≤ sctpReasmBytes / FRAGMENT_OVERHEAD buckets).
 */
export class TsnIndex {
  private heads: (TsnEntry | null)[] = new Array<TsnEntry | null>(FIRST_BUCKETS).fill(null);
  private mask = FIRST_BUCKETS - 1;
  private count = 0;
  /**
   * Ports + tag + stream → its {@link Group} (one entry per key with fragments indexed: ≤ the
   * entries): a fragment whose key only its own path ever had since is not walked (a long message
   * on one path walked 64 TSNs back at each fragment).
   */
  private readonly groups = new Map<number, Group>();

  /** `full`: called with an entry not indexed, its key holding {@link MAX_VERSIONS} already. */
  constructor(private readonly full: (e: TsnEntry) => void) {}

  /** Entries held. */
  get size(): number {
    return this.count;
  }

  /** Indexes `e` (its `own` set, not indexed yet) last of its key's entries; not when that key holds {@link MAX_VERSIONS}. */
  add(e: TsnEntry): void {
    const own = e.own!;
    const k = tsnKey(own, e.seq);
    const b = k & this.mask;
    e.next = null;
    let p = this.heads[b]!;
    if (p === null) this.heads[b] = e;
    else {
      let same = 0;
      for (;;) {
        if (p.ix === k && sameKey(p, own, e.seq) && ++same >= MAX_VERSIONS) {
          this.full(e);
          return;
        }
        if (p.next === null) break;
        p = p.next;
      }
      p.next = e;
    }
    e.ix = k;
    if (++this.count > this.heads.length) this.grow();
    const gk = groupKey(own);
    const g = this.groups.get(gk);
    if (g === undefined) this.groups.set(gk, { n: 1, first: own.path, multi: false });
    else {
      g.n++;
      if (own.path !== g.first) g.multi = true;
    }
  }

  /** True when fragments of another path than the first were indexed with `o`'s ports, tag and stream since none was held. */
  multi(o: TsnOwner): boolean {
    return this.groups.get(groupKey(o))?.multi === true;
  }

  /** Takes `e` out of the index (nothing when not indexed). */
  remove(e: TsnEntry): void {
    const k = e.ix;
    if (k < 0) return;
    e.ix = -1;
    this.count--;
    const gk = groupKey(e.own!);
    const g = this.groups.get(gk)!;
    if (--g.n === 0) this.groups.delete(gk);
    const b = k & this.mask;
    let p = this.heads[b]!;
    if (p === e) this.heads[b] = e.next;
    else {
      while (p.next !== e) p = p.next!;
      p.next = e.next;
    }
    e.next = null;
  }

  /** The first entry of the bucket of (`o`'s ports, tag and stream, `seq`): entries of other keys share it ({@link sameKey}). */
  chain(o: TsnOwner, seq: number): TsnEntry | null {
    return this.heads[tsnKey(o, seq) & this.mask]!;
  }

  /** Doubles the buckets; each chain keeps its order (a key's entries stay oldest first). */
  private grow(): void {
    const old = this.heads;
    const size = old.length * 2;
    const heads = new Array<TsnEntry | null>(size).fill(null);
    const tails = new Array<TsnEntry | null>(size).fill(null);
    const mask = size - 1;
    for (let b = 0; b < old.length; b++) {
      for (let e: TsnEntry | null = old[b]!; e !== null; ) {
        const next: TsnEntry | null = e.next;
        const nb = e.ix & mask;
        e.next = null;
        const t = tails[nb]!;
        if (t === null) heads[nb] = e;
        else t.next = e;
        tails[nb] = e;
        e = next;
      }
    }
    this.heads = heads;
    this.mask = mask;
  }
}
