/**
 * Bounded IP fragment reassembly for IPv4 (RFC 791 §3.2 "Fragmentation and reassembly") and
 * IPv6 (RFC 8200 §4.5).
 *
 * Datagrams are keyed by (version, source, destination, Identification, protocol) for IPv4 and
 * (source, destination, Identification) for IPv6: RFC 8200 §4.5 identifies a packet by
 * addresses + Identification only and takes the Next Header from the offset-0 fragment.
 * The key is a string built only for fragments (rare next to whole packets).
 *
 * Overlaps: the bytes that arrived first are kept and the overlap is reported, for IPv6 too: a
 * receiver discards an IPv6 datagram with overlapping fragments (RFC 5722 §4), but a tap cannot
 * know which fragments the receiver got (red-team rt7 F3: one overlapping decoy that expires before
 * the receiver hid the whole datagram), so it keeps versions as for IPv4. Exact duplicates (same
 * offset, length and bytes, e.g. the same packet seen on two interfaces) are counted and ignored.
 * Insertion/evasion (Ptacek & Newsham 1998): a copy whose bytes differ from those kept (an IPv4
 * overlap, or a fragment repeating another's offset and length with other bytes, e.g. a decoy with
 * a bad header checksum the receiver drops; the checksum is not checked, captures carry offloaded
 * ones) is reported (`ip.fragment-overlap`) and also kept as an alternate: when the datagram
 * completes, each alternate yields a second datagram with its bytes in place (see
 * {@link IpDefragmenter.takeAlternates}), so the receiver's version is decoded whichever it was.
 * A copy that arrives after its datagram completed starts a new datagram, and is also compared
 * with the last completed datagrams kept (≤ 16, ≤ 256 KiB): a differing middle fragment (or a last
 * one where the kept datagram had a fragment with a bad header checksum) rebuilds that datagram
 * with its bytes, at most 4 times per datagram ({@link IpDefragmenter} lateCopy); a late first
 * fragment means the Identification was reused and forgets the kept datagram (an unbounded
 * version was removed after review: reused IDs mixed datagrams, 1,000 late copies 528 MB).
 *
 * Limits (capture time): ipFragDatagrams in progress, ipFragBytes buffered (data + a
 * per-fragment overhead), ipFragAgeSec age, ipFragsPerDatagram fragments held per datagram (past
 * it the datagram is dropped; 8,192 by default: every 8-octet unit a piece, red-team rt8 F4). A
 * fragment's place is found by binary search: measured (rt7 C1), a linear scan made each fragment
 * of a datagram of 8190 8-byte ones cost ~25 µs; the array insert moves ≤ 8,192 references
 * (measured: 8,190 fragments in reverse order ~2.0 µs each, in order ~1.5 µs).
 * Every eviction is counted and reported. The table is the core bounded table
 * (core/bounded-table.ts) in insertion order: age counts from the first fragment, and an expired
 * datagram is the oldest. Over the count or byte cap it is fair by receiver: each datagram is
 * charged to its destination address, and the destination holding the most bytes loses its oldest
 * datagram (red-team rt8 EV1: 4,096 junk first fragments to another host evicted the oldest
 * datagram, an ATI half-way). The destination, not the source: the memory that bounds
 * reassembly is the receiver's (RFC 791 §3.2, RFC 8200 §4.5 reassemble at the destination; Linux
 * bounds it per network namespace, ipfrag_high_thresh), and a tap sees junk for other receivers
 * that the real one never had to hold; sources cost nothing to spoof.
 */
import type { AnomalyCode } from '../core/anomaly-codes.js';
import { BoundedTable, type BoundedEntry, type EvictReason } from '../core/bounded-table.js';
import { BytePool } from '../core/byte-pool.js';
import type { Counters } from '../core/stats.js';
import type { Limits } from '../core/limits.js';
import { IP_ANOMALY, type IpPacket } from './ipv4.js';

/**
 * Bytes charged per buffered fragment on top of its data (the Fragment object, Uint8Array and
 * ArrayBuffer: ~250 bytes of live heap, measured on Node 20), so that 8-byte fragments cannot
 * hold 30× more memory than ipFragBytes says.
 */
const FRAGMENT_OVERHEAD = 256;

/**
 * Pieces of at most SMALL_PIECE bytes share buffers ("slabs", one datagram's): such a piece is a
 * Fragment object (offset, length, slab, place), charged PIECE_OVERHEAD (measured ~66 B of heap
 * with its array slot); a slab is charged its capacity + SLAB_OVERHEAD (its ArrayBuffer) when
 * taken. A datagram's slabs double from the first small piece's size class to SLAB_MAX. Measured
 * (red-team rt8 F4; /tmp/transport9/mem.mjs, 20 datagrams of 8,190 8-byte fragments): a buffer
 * per piece held ~300 B and took ~3.2 µs per fragment, so the largest datagram in 8-byte
 * fragments (8,190 × 264 B charged) could not fit in ipFragBytes; slabs: ~75 B and ~1.5 µs.
 */
const SMALL_PIECE = 256;
const PIECE_OVERHEAD = 64;
const SLAB_OVERHEAD = FRAGMENT_OVERHEAD - PIECE_OVERHEAD;
const SLAB_MAX = 4096;

/**
 * Alternates (differing copies) kept per datagram. Past it a copy replaces the kept one of the lowest
 * {@link rank} (the oldest of them) unless its own rank is lower; the first copy of the highest rank
 * seen is never replaced by one of equal rank. The first version of MAX_ALTERNATES kept was
 * first-come (red-team rt7 F1: 5 decoys with a wrong header checksum before the real fragment hid it).
 */
const MAX_ALTERNATES = 4;

/**
 * How likely a receiver accepted a copy, for choosing which alternates to keep (never for dropping
 * a version while there is room): a correct IPv4 header checksum (RFC 791 §3.1; a receiver drops a
 * wrong one) first, then the larger TTL / hop limit (RFC 791 §3.2, RFC 8200 §3: a decoy meant to
 * expire between the tap and the receiver carries a smaller one). Offloaded captures give every
 * copy the same checksum verdict, so only the TTL orders them.
 */
function rank(view: DataView, pkt: IpPacket, sumOk: boolean): number {
  return (sumOk ? 256 : 0) + view.getUint8(pkt.addrOffset - (pkt.version === 4 ? 4 : 1));
}

/** Largest reassembled datagram: the 16-bit Total / Payload Length (RFC 791 §3.1, RFC 8200 §3). */
const MAX_DATAGRAM = 65535;

/** A kept piece of a datagram: its bytes `[off, off+len)` are `buf[at, at+len)`. */
interface Fragment {
  off: number;
  len: number;
  buf: Uint8Array;
  at: number;
}

/**
 * A differing copy kept as an alternate, with its {@link rank}; `proto`: the Next Header an IPv6
 * first-fragment copy names (its own upper layer), −1 for any other copy (the datagram's).
 */
interface Alternate {
  off: number;
  data: Uint8Array;
  rank: number;
  proto: number;
}

/** A datagram made from an alternate: its bytes and upper-layer protocol. */
export interface AlternateDatagram {
  bytes: Uint8Array;
  proto: number;
}

/** A completed datagram kept for a late copy of one of its middle fragments (see {@link IpDefragmenter.lateCopy}). */
interface Kept {
  key: string;
  proto: number;
  bytes: Uint8Array;
  /** Some fragment of it had a wrong IPv4 header checksum (see {@link Datagram.badSum}). */
  badSum: boolean;
  rebuilds: number;
}

/**
 * Bounds of the late-copy rebuild (review of the first version: 1,000 late 8-byte fragments
 * re-decoded a 60 KB datagram 1,000 times, 528 MB): the last {@link KEEP_DATAGRAMS} completed
 * datagrams of ≤ {@link KEEP_BYTES} in all are kept, each rebuilt at most {@link MAX_REBUILDS}
 * times; a rebuilt datagram is not kept. The extra work is at most {@link MAX_REBUILDS} times the
 * bytes of the datagrams the sender completed.
 */
const KEEP_DATAGRAMS = 16;
const KEEP_BYTES = 256 * 1024;
const MAX_REBUILDS = 4;

/** A datagram in progress; its table entry is charged data + FRAGMENT_OVERHEAD per fragment. */
interface Datagram {
  frags: Fragment[];
  /** Data bytes held (completeness: equals `total` when every byte arrived). */
  bytes: number;
  /** Upper-layer length, known once the last fragment (MF 0) arrived; -1 before. */
  total: number;
  /** Upper-layer protocol (IPv6: from the offset-0 fragment; -1 until seen). */
  proto: number;
  /** Copies whose bytes differ from those kept (see the file comment), oldest first; null while none. */
  alts: Alternate[] | null;
  /** The first-arrived alternate of the highest rank (kept whatever comes later; see {@link MAX_ALTERNATES}). */
  best: Alternate | null;
  /** An IPv4 fragment with a wrong header checksum (RFC 791 §3.1) went into it: one a receiver drops. */
  badSum: boolean;
  /**
   * The slab small pieces are copied into (see {@link SMALL_PIECE}) and its bytes used; null until
   * the first small piece. Each slab's first piece is its view at offset 0, so {@link
   * IpDefragmenter.recycle} releases every slab once, through that piece.
   */
  slab: Uint8Array | null;
  slabUsed: number;
}

/** Receives anomalies; the pipeline's reporter also counts each code (the class does not). */
export type DefragReporter = (code: AnomalyCode, detail: string) => void;

type Slot = BoundedEntry<string, Datagram>;

export class IpDefragmenter {
  private readonly table: BoundedTable<string, Datagram>;
  /** Datagrams made from the alternates of the last completed one, for {@link takeAlternates}. */
  private alternates: AlternateDatagram[] = [];
  /** Completed datagrams, oldest first, and their bytes. */
  private readonly kept: Kept[] = [];
  private keptBytes = 0;
  /**
   * The fragments' copies (core/byte-pool.ts): a datagram's buffers are reused once it leaves the
   * table. At most two datagrams' worth (2 × 64 KiB) of free buffers wait in it.
   */
  private readonly pool = new BytePool(2 * MAX_DATAGRAM);

  constructor(
    private readonly limits: Pick<Limits, 'ipFragBytes' | 'ipFragDatagrams' | 'ipFragAgeSec' | 'ipFragsPerDatagram'>,
    private readonly report: DefragReporter,
    private readonly counters: Counters,
  ) {
    this.table = new BoundedTable<string, Datagram>({
      maxEntries: limits.ipFragDatagrams,
      maxBytes: limits.ipFragBytes,
      maxAgeSec: limits.ipFragAgeSec,
      onEvict: (e, why) => {
        this.recycle(e.value);
        this.evicted(why);
      },
    });
  }

  /** A buffered fragment's own copy of `[off, off+len)` of `view`, in a pool buffer. */
  private copy(view: DataView, off: number, len: number): Uint8Array {
    return this.pool.copy(new Uint8Array(view.buffer, view.byteOffset + off, len));
  }

  /**
   * A kept piece at `off` of the datagram: a copy of `len` bytes at `src` of `view`, in the
   * datagram's slab when small (see {@link SMALL_PIECE}), else in its own buffer; the table entry is
   * charged for it.
   */
  private piece(slot: Slot, view: DataView, src: number, off: number, len: number): Fragment {
    if (len > SMALL_PIECE) {
      this.table.charge(slot, len + FRAGMENT_OVERHEAD);
      return { off, len, buf: this.copy(view, src, len), at: 0 };
    }
    const d = slot.value;
    let slab = d.slab;
    // At least one octet a piece, so only a slab's first piece sits at 0 (recycle releases the slab
    // through it): a zero-length fragment (MF set, no data) left the next piece at 0 too, and the
    // slab went back to the pool twice, shared by two later datagrams (review of the merge).
    const room = Math.max(len, 1);
    if (slab === null || slab.length - d.slabUsed < room) {
      slab = d.slab = this.pool.take(slab === null ? room : Math.max(room, Math.min(SLAB_MAX, 2 * slab.length)));
      d.slabUsed = 0;
      this.table.charge(slot, slab.length + SLAB_OVERHEAD);
    }
    const at = d.slabUsed;
    d.slabUsed = at + room;
    slab.set(new Uint8Array(view.buffer, view.byteOffset + src, len), at);
    this.table.charge(slot, PIECE_OVERHEAD);
    return { off, len, buf: slab, at };
  }

  /**
   * The datagram left the table (completed and copied out, evicted, dropped, end of input): its
   * fragments' and alternates' buffers go back to the pool (each is its own copy, or a slab
   * released through its piece at offset 0, held only here).
   */
  private recycle(d: Datagram): void {
    for (const f of d.frags) if (f.at === 0) this.pool.release(f.buf);
    for (const a of d.alts ?? []) this.pool.release(a.data);
  }

  /** Datagrams in progress (for tests and stats). */
  get pending(): number {
    return this.table.size;
  }

  get bufferedBytes(): number {
    return this.table.bytes;
  }

  /**
   * Add the fragment described by `pkt` (bytes in `view`). Returns the reassembled upper-layer
   * bytes when this fragment completes its datagram, and sets `pkt.proto` to its protocol
   * (for IPv6 the bytes are the fragmentable part: further extension headers may follow).
   * `now` is capture time in seconds.
   */
  push(view: DataView, pkt: IpPacket, now: number): Uint8Array | null {
    this.counters.inc('ip.fragments');
    const table = this.table;
    table.expire(now);
    const len = pkt.end - pkt.offset;
    if (pkt.fragOffset + len > MAX_DATAGRAM) {
      this.report(IP_ANOMALY.FRAG_TOO_LONG, `fragment at ${pkt.fragOffset}+${len} exceeds ${MAX_DATAGRAM} bytes`);
      return null;
    }
    const key = fragmentKey(view, pkt);
    let slot = table.get(key);
    const late = slot === undefined && this.kept.length > 0 ? this.lateCopy(key, view, pkt) : null;
    if (slot === undefined)
      slot = table.set(
        key,
        {
          frags: [],
          bytes: 0,
          total: -1,
          proto: pkt.version === 4 ? pkt.proto : -1,
          alts: null,
          best: null,
          badSum: false,
          slab: null,
          slabUsed: 0,
        },
        now,
        0,
        now,
        receiver(view, pkt),
      );
    const d = slot.value;
    // IPv6: the first first fragment's Next Header is the datagram's; a later one naming another is
    // an alternate with its own (review of the merge: the last one set every version's).
    if (pkt.version === 6 && pkt.fragOffset === 0 && d.proto === -1) d.proto = pkt.proto;
    const sumOk = pkt.version === 6 || headerSumOk(view, pkt);
    if (!sumOk) d.badSum = true;
    const fEnd = pkt.fragOffset + len;
    if (!pkt.moreFragments) {
      if ((d.total !== -1 && d.total !== fEnd) || d.bytes > fEnd || lastEnd(d) > fEnd) {
        this.drop(slot, IP_ANOMALY.FRAG_OVERLAP, `conflicting last fragment ending at ${fEnd}`);
        return null;
      }
      d.total = fEnd;
    } else if (d.total !== -1 && fEnd > d.total) {
      this.drop(slot, IP_ANOMALY.FRAG_OVERLAP, `fragment ending at ${fEnd} beyond datagram end ${d.total}`);
      return null;
    }
    if (!this.insert(slot, view, pkt, rank(view, pkt, sumOk))) return late;
    table.enforce(now); // ipFragBytes: oldest first, possibly this datagram
    if (!slot.live || d.total === -1 || d.bytes !== d.total || d.proto === -1) return late;
    const out = new Uint8Array(d.total);
    for (const f of d.frags) out.set(f.at === 0 && f.len === f.buf.length ? f.buf : f.buf.subarray(f.at, f.at + f.len), f.off);
    for (const a of d.alts ?? []) {
      const alt = out.slice();
      alt.set(a.data.subarray(0, Math.max(0, d.total - a.off)), a.off);
      this.alternates.push({ bytes: alt, proto: a.proto >= 0 ? a.proto : d.proto });
    }
    table.delete(slot);
    this.recycle(d);
    this.counters.inc('ip.reassembled');
    pkt.proto = d.proto;
    this.keep(key, d.proto, d.badSum, out);
    return out;
  }

  /** Keeps a completed datagram (the array returned: never written again) for {@link lateCopy}. */
  private keep(key: string, proto: number, badSum: boolean, bytes: Uint8Array): void {
    const kept = this.kept;
    while (kept.length > 0 && (kept.length === KEEP_DATAGRAMS || this.keptBytes + bytes.length > KEEP_BYTES)) this.keptBytes -= kept.shift()!.bytes.length;
    kept.push({ key, proto, bytes, badSum, rebuilds: 0 });
    this.keptBytes += bytes.length;
  }

  /**
   * A fragment of a datagram no longer in progress, inside a kept completed datagram of the same
   * key and with other bytes there: a decoy may have completed that datagram first (red-team rt6
   * F3c, c28/c29: the real fragment came after it). Returns the kept datagram with this fragment's
   * bytes in place (its protocol in `pkt.proto`), reported. The fragment also starts a new datagram,
   * as before, so a reused Identification (a new datagram, e.g. Scapy's constant ID) still
   * assembles. Review of the first version: reused IDs gave mixtures of two datagrams. So only a
   * middle fragment (offset > 0, MF set) qualifies as such: a new datagram's fragments sent in order
   * or in reverse never make one arrive first; a last fragment qualifies only with a correct IPv4
   * header checksum where the kept datagram had a fragment with a wrong one (what a receiver
   * drops); a first fragment, or any other, means a new datagram, and the kept one is forgotten.
   */
  private lateCopy(key: string, view: DataView, pkt: IpPacket): Uint8Array | null {
    const kept = this.kept;
    const off = pkt.fragOffset;
    const len = pkt.end - pkt.offset;
    for (let k = kept.length - 1; k >= 0; k--) {
      const m = kept[k]!;
      if (m.key !== key) continue;
      const last = !pkt.moreFragments && off + len === m.bytes.length && m.badSum && pkt.version === 4 && headerSumOk(view, pkt);
      if (off === 0 || (!pkt.moreFragments && !last) || off + len > m.bytes.length) {
        this.forget(k);
        return null;
      }
      let p = 0;
      while (p < len && m.bytes[off + p] === view.getUint8(pkt.offset + p)) p++;
      if (p === len) return null;
      const alt = m.bytes.slice();
      alt.set(new Uint8Array(view.buffer, view.byteOffset + pkt.offset, len), off);
      if (++m.rebuilds === MAX_REBUILDS) this.forget(k);
      this.counters.inc('ip.fragment-overlaps');
      this.counters.inc('ip.late-rebuilds');
      this.report(IP_ANOMALY.FRAG_OVERLAP, `fragment ${off}-${off + len} arrived after its datagram completed, with other bytes (decoded with them in place)`);
      pkt.proto = m.proto;
      return alt;
    }
    return null;
  }

  private forget(k: number): void {
    this.keptBytes -= this.kept[k]!.bytes.length;
    this.kept.splice(k, 1);
  }

  /**
   * After {@link push} returned a datagram: every datagram made from its alternates, taken at once
   * (the caller decodes them after the datagram, which can complete another one: a fragmented
   * packet inside a tunnel; review of the tunnels' merge: its alternates took the outer ones').
   */
  takeAlternates(): readonly AlternateDatagram[] {
    const alts = this.alternates;
    if (alts.length === 0) return NO_ALTERNATES;
    this.alternates = [];
    return alts;
  }

  /** Report every incomplete datagram (end of input) and clear the table. */
  flush(): void {
    // The reporter counts each code (PacketDecoder.report): no separate counter increment here,
    // which counted every eviction and incomplete datagram twice.
    for (const { value: d } of this.table.entries()) {
      this.report(IP_ANOMALY.FRAG_INCOMPLETE, `datagram incomplete at end of input: ${d.bytes} bytes in ${d.frags.length} fragments`);
      this.recycle(d);
    }
    this.table.clear();
  }

  /**
   * Insert the fragment's bytes keeping fragments sorted and disjoint; a differing copy becomes an
   * alternate of rank `rk`. Returns false if the datagram was dropped.
   */
  private insert(slot: Slot, view: DataView, pkt: IpPacket, rk: number): boolean {
    const src = pkt.offset;
    const off = pkt.fragOffset;
    const len = pkt.end - pkt.offset;
    const d = slot.value;
    const frags = d.frags;
    const end = off + len;
    const i = firstEndingAfter(frags, off);
    // frags[i..] end after `off`; those starting before `end` overlap.
    let j = i;
    while (j < frags.length && frags[j]!.off < end) j++;
    if (j === i) {
      if (frags.length >= this.limits.ipFragsPerDatagram) return this.tooMany(slot);
      frags.splice(i, 0, this.piece(slot, view, src, off, len));
      d.bytes += len;
      return true;
    }
    const first = frags[i]!;
    // An IPv6 first fragment names its upper layer in its own Fragment header: one naming another
    // than the datagram's differs whatever its bytes.
    const own = pkt.version === 6 && off === 0 ? pkt.proto : -1;
    const differs = (own >= 0 && own !== d.proto) || this.differs(frags, i, j, view, src, off, end);
    if (j === i + 1 && first.off === off && first.len === len) {
      if (!differs) {
        this.counters.inc('ip.fragment-duplicates');
        return true;
      }
      this.counters.inc('ip.fragment-overlaps');
      this.report(IP_ANOMALY.FRAG_OVERLAP, `fragment ${off}-${end} repeats an earlier one with other bytes (both decoded)`);
      this.alternate(slot, view, src, off, len, rk, own);
      return true;
    }
    this.counters.inc('ip.fragment-overlaps');
    this.report(
      IP_ANOMALY.FRAG_OVERLAP,
      `IPv${pkt.version} fragment ${off}-${end} overlaps earlier data (first kept${differs ? '; other bytes, both decoded' : ''})`,
    );
    if (differs) this.alternate(slot, view, src, off, len, rk, own);
    // Fill only the holes between the overlapped fragments (first-arrived bytes win), in place of
    // frags[i..j) with them in order.
    // The holes are counted first: a datagram that would pass ipFragsPerDatagram copies nothing.
    let holes = 0;
    let cur = off;
    for (let k = i; k < j; k++) {
      const f = frags[k]!;
      if (f.off > cur) holes++;
      cur = Math.max(cur, f.off + f.len);
    }
    if (cur < end) holes++;
    if (holes === 0) return true;
    if (frags.length + holes > this.limits.ipFragsPerDatagram) return this.tooMany(slot);
    const merged: Fragment[] = [];
    cur = off;
    const hole = (to: number): void => {
      merged.push(this.piece(slot, view, src + (cur - off), cur, to - cur));
      d.bytes += to - cur;
    };
    for (let k = i; k < j; k++) {
      const f = frags[k]!;
      if (f.off > cur) hole(f.off);
      merged.push(f);
      cur = Math.max(cur, f.off + f.len);
    }
    if (cur < end) hole(end);
    frags.splice(i, j - i, ...merged);
    return true;
  }

  /** True when the bytes [off, end) at `src` of `view` differ from the kept fragments i..j-1 where they overlap. */
  private differs(frags: Fragment[], i: number, j: number, view: DataView, src: number, off: number, end: number): boolean {
    for (let k = i; k < j; k++) {
      const f = frags[k]!;
      const from = Math.max(off, f.off);
      const to = Math.min(end, f.off + f.len);
      const base = f.at - f.off;
      for (let p = from; p < to; p++) if (f.buf[base + p] !== view.getUint8(src + p - off)) return true;
    }
    return false;
  }

  /**
   * Keep the differing copy [off, off+len) of rank `rk` as an alternate of the datagram: up to
   * MAX_ALTERNATES, then in place of the oldest of the lowest rank (never the best) unless `rk` is
   * lower. An equal copy of a kept alternate is a duplicate. Work per copy: ≤ MAX_ALTERNATES
   * comparisons of its bytes.
   */
  private alternate(slot: Slot, view: DataView, src: number, off: number, len: number, rk: number, proto: number): void {
    const d = slot.value;
    const alts = (d.alts ??= []);
    let victim = -1;
    for (let k = 0; k < alts.length; k++) {
      const a = alts[k]!;
      if (a.off === off && a.data.length === len && a.proto === proto && equalAt(a.data, view, src)) {
        this.counters.inc('ip.fragment-duplicates');
        return;
      }
      if (a !== d.best && (victim < 0 || a.rank < alts[victim]!.rank)) victim = k;
    }
    const best = d.best === null || rk > d.best.rank;
    if (alts.length >= MAX_ALTERNATES) {
      if (rk < alts[victim]!.rank) {
        this.counters.inc('ip.alternates-dropped');
        return;
      }
      const gone = alts.splice(victim, 1)[0]!;
      this.pool.release(gone.data);
      this.table.charge(slot, -gone.data.length - FRAGMENT_OVERHEAD);
    }
    const a: Alternate = { off, data: this.copy(view, src, len), rank: rk, proto };
    alts.push(a);
    if (best) d.best = a;
    this.table.charge(slot, len + FRAGMENT_OVERHEAD);
  }

  /** The table evicted the oldest datagram (age, datagram count or byte limit). */
  private evicted(why: EvictReason): void {
    this.report(
      IP_ANOMALY.FRAG_EVICTED,
      why === 'age'
        ? `datagram incomplete after ${this.limits.ipFragAgeSec} s (ipFragAgeSec)`
        : `incomplete datagram evicted from the receiver holding the most (${why === 'limit' ? 'datagram limit' : 'byte limit'})`,
    );
  }

  /** A new piece would take the datagram past ipFragsPerDatagram: drop it (returns false). */
  private tooMany(slot: Slot): false {
    this.counters.inc('ip.fragment-limit');
    this.drop(slot, IP_ANOMALY.FRAG_EVICTED, `datagram dropped: more than ${this.limits.ipFragsPerDatagram} fragments (ipFragsPerDatagram)`);
    return false;
  }

  private drop(slot: Slot, code: AnomalyCode, detail: string): void {
    this.table.delete(slot);
    this.recycle(slot.value);
    this.report(code, detail);
  }
}

/** Index of the first of the sorted, disjoint `frags` that ends after `off` (binary search). */
const NO_ALTERNATES: readonly AlternateDatagram[] = Object.freeze([]);

function firstEndingAfter(frags: Fragment[], off: number): number {
  let lo = 0;
  let hi = frags.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const f = frags[mid]!;
    if (f.off + f.len <= off) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** True when `view` holds `data` at `src`. */
function equalAt(data: Uint8Array, view: DataView, src: number): boolean {
  for (let p = 0; p < data.length; p++) if (data[p] !== view.getUint8(src + p)) return false;
  return true;
}

function lastEnd(d: Datagram): number {
  const f = d.frags[d.frags.length - 1];
  return f === undefined ? 0 : f.off + f.len;
}

/** RFC 791 §3.1 / RFC 1071: the IPv4 header of `pkt` sums to 0xffff (its checksum is right). */
function headerSumOk(view: DataView, pkt: IpPacket): boolean {
  const start = pkt.addrOffset - 12;
  let sum = 0;
  for (let p = start; p + 1 < pkt.offset; p += 2) sum += view.getUint16(p);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return sum === 0xffff;
}

/**
 * The holder a datagram is charged to: its destination address (see the file comment), the IPv4
 * one as a number, an IPv6 one as its 16 octets in a string (fragments only).
 */
function receiver(view: DataView, pkt: IpPacket): number | string {
  const a = pkt.addrOffset + pkt.addrLen;
  if (pkt.addrLen === 4) return view.getInt32(a);
  let k = '';
  for (let i = 0; i < pkt.addrLen; i++) k += String.fromCharCode(view.getUint8(a + i));
  return k;
}

function fragmentKey(view: DataView, pkt: IpPacket): string {
  let k = pkt.version === 4 ? `4/${pkt.proto}/${pkt.fragId}/` : `6/${pkt.fragId}/`;
  const a = pkt.addrOffset;
  for (let i = 0; i < pkt.addrLen * 2; i++) k += String.fromCharCode(view.getUint8(a + i));
  return k;
}
