/**
 * SCTP user-message reassembly and retransmission filtering.
 *
 * DATA (RFC 9260 §6.9): the fragments of one user message carry consecutive TSNs, the first
 * with B, the last with E; they are collected per (association direction, stream, U flag) and
 * a message is complete when a B..E run of consecutive TSNs is present (TSNs compared in serial
 * arithmetic, RFC 9260 §3.3.1 / RFC 1982). I-DATA (RFC 8260 §2.1, §4.1): fragments are
 * collected per (association direction, stream, U flag, MID) and ordered by FSN (B is FSN 0).
 *
 * Retransmissions (RFC 9260 §6.3.3: same TSN, same data) are recognised with a window of the
 * last `sctpTsnWindow` TSNs per association direction and dropped. A TSN seen again with
 * different content (stream, SSN/MID, PPID, length, any octet) is not a retransmission: some
 * generated captures reuse one TSN for every packet; those are kept and reported once per
 * association as `sctp.tsn-reuse`.
 *
 * Limits (capture time): sctpStreams contexts with pending fragments, sctpReasmBytes buffered,
 * sctpMessageBytes per message, sctpReasmAgeSec age; over the count or byte cap, the oldest context of
 * the association direction holding the most bytes is evicted first (red-team rt8 EV1: a flood of
 * never-ended fragments on another association evicted the oldest context, the message in
 * progress), the oldest when expired. Buffered
 * bytes are charged with a per-fragment overhead (see FRAGMENT_OVERHEAD). The contexts live in the
 * core bounded table (core/bounded-table.ts) in creation order: its linked list replaced an age
 * array with dead slots, compacted now and then, kept because iterating a Map from its start was
 * O(deleted slots) per call in V8 (110 µs per fragment under a flood of never-ending fragments,
 * test/fuzz/hostile-big.ts, 30 k live contexts).
 */
import type { AnomalyCode } from '../core/anomaly-codes.js';
import { BoundedTable, type BoundedEntry, type EvictReason } from '../core/bounded-table.js';
import { BytePool } from '../core/byte-pool.js';
import type { CounterSlot, Counters } from '../core/stats.js';
import type { Limits } from '../core/limits.js';
import { foldBytes as foldBytes_, HASH_SEED as HASH_SEED_, mixStep as mixStep_ } from '../core/hash.js';
import { SCTP_ANOMALY, SctpDataFlag, type SctpDataChunk } from './sctp.js';
import { MAX_VERSIONS, sameKey, TsnIndex, type TsnEntry, type TsnOwner } from './sctp-tsn-index.js';

// Imports called or read per message, as this module's own constants: TurboFan loads an import
// from its module cell (hole and target checks) at every use; an own `const` is embedded
// (bench/results-notes.md, "decode9").
const mixStep = mixStep_;
const foldBytes = foldBytes_;
const HASH_SEED = HASH_SEED_;

export type SctpReporter = (code: AnomalyCode, detail: string) => void;

/**
 * Remembers the last `max` TSNs of one association direction with a content fingerprint.
 *
 * Open addressing in typed arrays (table ≥ 2× the entries, linear probing, ≤ PROBES slots): an
 * entry is live while fewer than `max` TSNs were remembered after it (consecutive TSNs take
 * consecutive slots), so the window is exactly
 * "the last `max` TSNs" as with a FIFO, without deleting anything. Measured on the 3 M-message
 * generated capture (bench/, `npm run bench:profile`): the former Map index (get + delete + set
 * per DATA chunk) was 7.6 % of decode+detect CPU, the largest item of the transport layers.
 */
export class TsnWindow {
  /** The table, made once {@link FIRST} TSNs were remembered (see {@link tsn0}). */
  private table: TsnTable | null = null;
  private inserted = 0;
  /**
   * The first TSN remembered and its fingerprint, then the next {@link FIRST} - 1 as `[tsn, fp]`
   * pairs in {@link more} (48 octets kept on the V8 heap, ~260 B with its typed-array objects), until
   * the table is made. measured (bench/results-notes.md, "assocmem"): past the 16,384
   * associations kept, every message of a new association allocated the three 128-slot tables
   * (1.5 KB outside the heap, plus three ArrayBuffer objects) for one TSN; the Scanner peaked at
   * 313 MB on 150 k such messages. Below PROBES entries the table can neither run out of probes nor
   * drop the oldest of a run, so its answers are those of the set of the last `max` TSNs, which
   * this list gives; the table is then made by inserting the list in order: the state it would
   * have had (test: tsn-window-model.test.ts).
   */
  private tsn0 = 0;
  private fp0 = 0;
  private more: Int32Array | null = null;

  constructor(private readonly max: number) {}

  /** 0: new TSN (remembered); 1: retransmission (same content); 2: TSN reused with other content. */
  check(tsn: number, fp: number): 0 | 1 | 2 {
    const max = this.max;
    if (max <= 0) return 0;
    let tb = this.table;
    if (tb === null) {
      if (this.inserted < FIRST) return this.checkFirst(tsn | 0, fp);
      tb = this.makeTable();
    }
    if (this.inserted >= tb.cap && tb.cap < max) this.grow(tb);
    const t = tsn | 0;
    const seqs = tb.seqs;
    const tsns = tb.tsns;
    const fps = tb.fps;
    const now = this.inserted;
    const mask = tb.mask;
    const reach = tb.reach;
    let free = -1;
    let freeAt = 0;
    let oldest = -1;
    let oldestAt = 0;
    let oldestAge = -1;
    for (let i = 0, h = (t ^ (t >>> 16)) & mask; i < PROBES; i++, h = (h + 1) & mask) {
      // Past `reach` no entry of `t` can lie: only a free slot is still looked for.
      if (free >= 0 && i > reach) break;
      const q = seqs[h]!;
      if (q === 0) {
        if (free < 0) {
          free = h;
          freeAt = i;
        }
        break;
      }
      const age = (now - q) | 0; // TSNs remembered after this entry
      if (age >= max) {
        if (free < 0) {
          free = h;
          freeAt = i;
        }
        continue;
      }
      if (tsns[h] === t) {
        if (fps[h] === fp) return 1;
        fps[h] = fp;
        return 2;
      }
      if (age > oldestAge) {
        oldestAge = age;
        oldest = h;
        oldestAt = i;
      }
    }
    // every probed slot live: drop the oldest of them
    const slot = free >= 0 ? free : oldest;
    const at = free >= 0 ? freeAt : oldestAt;
    if (at > reach) tb.reach = at;
    this.inserted = (now + 1) | 0 || 1;
    tsns[slot] = t;
    fps[slot] = fp;
    seqs[slot] = this.inserted;
    return 0;
  }

  /**
   * What {@link check} would answer for `tsn` and `fp`, remembering nothing: 0 not among the last
   * `max` TSNs, 1 remembered with fingerprint `fp`, 2 remembered with another. Another path's copy
   * of a chunk is looked up here (sctp-assocs.ts {@link SctpAssocs.carried}).
   */
  peek(tsn: number, fp: number): 0 | 1 | 2 {
    const t = tsn | 0;
    const tb = this.table;
    if (tb === null) {
      const n = this.inserted;
      const live = Math.max(0, n - this.max);
      for (let k = n - 2; k >= live - 1 && k >= 0; k--) if (this.more![2 * k] === t) return this.more![2 * k + 1] === fp ? 1 : 2;
      if (n > 0 && live === 0 && this.tsn0 === t) return this.fp0 === fp ? 1 : 2;
      return 0;
    }
    const now = this.inserted;
    for (let i = 0, h = (t ^ (t >>> 16)) & tb.mask; i < PROBES && i <= tb.reach; i++, h = (h + 1) & tb.mask) {
      const q = tb.seqs[h]!;
      if (q === 0) return 0;
      if (((now - q) | 0) < this.max && tb.tsns[h] === t) return tb.fps[h] === fp ? 1 : 2;
    }
    return 0;
  }

  /** {@link check} while fewer than {@link FIRST} TSNs were remembered: the last `max` of them, newest first. */
  private checkFirst(t: number, fp: number): 0 | 1 | 2 {
    const n = this.inserted;
    const live = Math.max(0, n - this.max);
    if (n > 1) {
      const more = this.more!;
      for (let k = n - 2; k >= live - 1 && k >= 0; k--) {
        if (more[2 * k] !== t) continue;
        if (more[2 * k + 1] === fp) return 1;
        more[2 * k + 1] = fp;
        return 2;
      }
    }
    if (n > 0 && live === 0 && this.tsn0 === t) {
      if (this.fp0 === fp) return 1;
      this.fp0 = fp;
      return 2;
    }
    if (n === 0) {
      this.tsn0 = t;
      this.fp0 = fp;
    } else {
      const more = (this.more ??= new Int32Array(2 * (FIRST - 1)));
      more[2 * n - 2] = t;
      more[2 * n - 1] = fp;
    }
    this.inserted = n + 1;
    return 0;
  }

  /** The first table, holding the first TSNs ({@link tsn0}, {@link more}) as {@link check} would have stored them. */
  private makeTable(): TsnTable {
    const tb = (this.table = new TsnTable(Math.max(1, Math.min(this.max, 64)))); // grows by doubling: most associations carry few TSNs
    const more = this.more!;
    const n = this.inserted;
    this.inserted = 0;
    this.more = null;
    this.check(this.tsn0, this.fp0);
    for (let k = 0; k < n - 1; k++) this.check(more[2 * k]!, more[2 * k + 1]!);
    return tb;
  }

  private grow(tb: TsnTable): void {
    const { tsns, fps, seqs } = tb;
    const now = this.inserted;
    tb.cap = Math.min(this.max, tb.cap * 2);
    const size = tableSize(tb.cap);
    tb.tsns = new Int32Array(size);
    tb.fps = new Int32Array(size);
    tb.seqs = new Int32Array(size);
    const mask = (tb.mask = size - 1);
    let reach = 0; // of the new table's placements
    for (let i = 0; i < seqs.length; i++) {
      const q = seqs[i]!;
      if (q === 0 || ((now - q) | 0) >= this.max) continue;
      const t = tsns[i]!;
      for (let j = 0, h = (t ^ (t >>> 16)) & mask; j < PROBES; j++, h = (h + 1) & mask) {
        if (tb.seqs[h] !== 0) continue;
        tb.tsns[h] = t;
        tb.fps[h] = fps[i]!;
        tb.seqs[h] = q;
        if (j > reach) reach = j;
        break;
      }
    }
    tb.reach = reach;
  }
}

/**
 * A {@link TsnWindow}'s open-addressing table, made when its first TSNs no longer fit its fields:
 * an association that never gets that far keeps none of these fields (heap snapshot,
 * bench/results-notes.md "assocmem").
 */
class TsnTable {
  /** TSNs as int32 (`tsn | 0`): Smi-sized compares; uint32 TSNs ≥ 2^30 would be heap numbers. */
  tsns: Int32Array;
  fps: Int32Array;
  /** Insertion number of the entry in each slot, int32 wrapping (0 = never used). */
  seqs: Int32Array;
  mask: number;
  /**
   * Largest probe distance (slots from a TSN's home slot) at which an entry was ever stored in the
   * current table: no entry of a TSN lies further from its home, so a lookup that has found a free
   * slot stops there instead of walking all PROBES slots. In-order TSNs (one association sending)
   * are stored at their home slot, so this stays 0 and a check reads one slot; a table an attacker
   * filled with colliding TSNs has it at PROBES - 1 and walks as before. measured:
   * bench/results-notes.md, "decflat".
   */
  reach = 0;

  constructor(
    /** Entries the table holds before it doubles (up to the window's `max`). */
    public cap: number,
  ) {
    const size = tableSize(cap);
    this.tsns = new Int32Array(size);
    this.fps = new Int32Array(size);
    this.seqs = new Int32Array(size);
    this.mask = size - 1;
  }
}

/** Slots probed per lookup; the table is kept ≤ 50 % full so chains stay short. */
const PROBES = 8;
/** TSNs an association direction remembers before its table is made (TsnWindow.tsn0, TsnWindow.more): < PROBES. */
const FIRST = PROBES - 1;

function tableSize(entries: number): number {
  let size = 16;
  while (size < entries * 2) size *= 2;
  return size;
}

/**
 * Content fingerprint of a DATA/I-DATA chunk (core/hash.ts mixStep over its identifying fields,
 * foldBytes over all its user data: one step per 32-bit word). Only equality matters (a retransmission
 * has the same fingerprint, TsnWindow.check): any single field, word or octet that differs changes
 * it, since each step is a bijection of the state.
 *
 * All the user data, not its first 16 octets: a decoy chunk (same TSN and fields, bad CRC32c so the
 * peer drops it; the CRC is not checked, captures carry offloaded checksums) equal to the real
 * message in its first octets (M3UA header and routing label, known to the attacker) made the real
 * chunk a "retransmission" (red-team review of 5be6582, F3); now the real chunk is a TSN reused
 * with other content, decoded and reported (`sctp.tsn-reuse`). Seeded per process (core/hash.ts
 * HASH_SEED): with a known start value an attacker could solve for a colliding decoy; mixStep, not
 * FNV-1a, so that no two-bit decoy collides whatever the seed (scan11).
 */
export function chunkFingerprint(view: DataView, c: SctpDataChunk, seed: number = HASH_SEED): number {
  let h = mixStep(seed, c.stream);
  h = mixStep(h, c.iData ? c.mid : c.ssn);
  h = mixStep(h, c.ppid);
  h = mixStep(h, c.fsn);
  h = mixStep(h, c.flags & 0x07);
  h = mixStep(h, c.end - c.offset);
  return foldBytes(h, view, c.offset, c.end);
}

interface Fragment extends TsnEntry {
  /** TSN as int32 (DATA) or FSN (I-DATA). */
  seq: number;
  flags: number;
  ppid: number;
  data: Uint8Array;
  /** Another copy of this DATA TSN with other bytes (a decoy, or the real one after a decoy): ≤ 1. */
  alt: Fragment | null;
  /** Its context's path, ports, tag and stream when it may be indexed for cross-path completion (a DATA fragment of a tag other than 0), else null. */
  own: TsnOwner | null;
  /** See {@link TsnEntry}. */
  ix: number;
  next: Fragment | null;
}

/** Set in {@link Fragment.flags} on a fragment buffered again by a revive: its message is not kept again. */
const REVIVED = 0x100;
/**
 * Set in {@link Fragment.flags} on a buffered fragment that a cross-path message used
 * ({@link SctpReassembler.crossComplete}): it stays in its path's context (the rest of its path's
 * message may still come: a decoy on another path must not take it away), and a context holding
 * only such fragments is not reported incomplete.
 */
const CROSS_USED = 0x200;

/**
 * Fragments a cross-path message may have (its run is walked at each fragment of the association
 * that does not complete on its own path): a SIGTRAN or Diameter message past the
 * path MTU takes 2–3 fragments, one of 64 KiB ~45. A longer run across paths is not reassembled
 * (counted `sctp.cross-path-too-long`).
 */
const MAX_CROSS_RUN = 64;
/**
 * Paths whose versions a cross-path run is walked with, preferring each in turn (the fragment's own
 * first, then the others in the order met along the run): a real association has ≤ 4 address pairs
 * a direction; past that, decoys' paths are not preferred (their fragments are still taken where no
 * preferred path has the TSN). The index is looked up once per TSN and fragment ({@link
 * SctpReassembler.crossVersions}: ≤ 2 × MAX_CROSS_RUN chains), each preferred path's walk then
 * chooses among ≤ MAX_VERSIONS versions noted (sctp-tsn-index.ts); review 13-C #3: each walk looked
 * the index up again, ~4.5× the base's CPU on a flood of one endless message over 8 spoofed paths.
 */
const MAX_PREFS = 8;
/** The version slot of the pushed fragment's TSN ({@link SctpReassembler.crossVersions}): walks reach MAX_CROSS_RUN - 1 TSNs either side. */
const CROSS_SLOT0 = MAX_CROSS_RUN;
/** Cross-path messages remembered (length and content hash) so that a retransmission of one of their fragments does not decode them again. */
const CROSS_SEEN = 64;
/** {@link SctpReassembler.completeData}: the run completed a cross-path message already decoded (a retransmission on another path). */
const CROSS_DUPLICATE = -2;

/**
 * A completed DATA message's fragments, kept so that a real fragment arriving after a decoy
 * completed the message can be reassembled with them (see {@link SctpReassembler.revive}).
 */
interface Kept {
  key: number;
  /** TSNs of its first and last fragment. */
  first: number;
  last: number;
  /** Its fragments before the last (the completing fragment, a view of the packet, when in order). */
  frags: Fragment[];
  /** Its data plus FRAGMENT_OVERHEAD per fragment, against {@link KEEP_BYTES}. */
  bytes: number;
  revives: number;
}

/**
 * Bounds of the revive (red-team rt6 F3b; the first version, without them, rebuilt a 256 KiB
 * message once per decoy: 1,000 decoys 1.94 GB): the last {@link KEEP_MESSAGES} completed
 * fragmented messages of ≤ {@link KEEP_BYTES} in all (data + FRAGMENT_OVERHEAD per fragment) are kept, each rebuilt at most
 * {@link MAX_REVIVES} times, and a message rebuilt so is not kept again: the extra work is at most
 * {@link MAX_REVIVES} times the bytes of the messages the sender completed.
 */
const KEEP_MESSAGES = 16;
const KEEP_BYTES = 64 * 1024;
const MAX_REVIVES = 4;

/**
 * Bytes charged per buffered fragment on top of its data, against sctpMessageBytes and
 * sctpReasmBytes: the Fragment object, its Uint8Array and ArrayBuffer cost ~270 bytes of live
 * heap (measured, Node 20: 20 k one-byte fragments held 5.5 MB). Without it 1-byte fragments
 * made the byte limits ~270× too loose. 256 → 320 with the cross-path index (three more fields a
 * fragment, and its buckets: sctp-tsn-index.ts): measured (Node 20.20, 30,000 one-byte fragments
 * of one message, test/fuzz/hostile-fragments.test.ts), ~325 bytes of live heap a fragment before,
 * ~358 with it.
 */
const FRAGMENT_OVERHEAD = 320;

/**
 * The most fragments the cross-path index holds with limits.sctpReasmBytes `reasmBytes`: each is
 * buffered in a context (charged ≥ FRAGMENT_OVERHEAD against sctpReasmBytes) or kept for a revive
 * (≥ FRAGMENT_OVERHEAD each against KEEP_BYTES). The fuzz targets' table checks (test/fuzz/targets.ts).
 */
export function maxCrossIndexed(reasmBytes: number): number {
  return Math.floor(reasmBytes / FRAGMENT_OVERHEAD) + Math.floor(KEEP_BYTES / FRAGMENT_OVERHEAD);
}

/** One (association direction, stream, U flag); its table entry is charged data + FRAGMENT_OVERHEAD per fragment. */
interface Context {
  /** DATA fragments sorted by TSN (serial order). */
  frags: Fragment[];
  /** I-DATA fragments by MID, each sorted by FSN. */
  byMid: Map<number, Fragment[]> | null;
  /** Its path, ports, tag and stream, shared by its DATA fragments (null for tag 0: not indexed). */
  own: TsnOwner | null;
}

type Slot = BoundedEntry<number, Context>;

/** Key of the context of chunk `c` of association direction `dirId`: (direction, stream, U flag). */
function contextKey(dirId: number, c: SctpDataChunk): number {
  return dirId * 131072 + c.stream * 2 + ((c.flags & SctpDataFlag.UNORDERED) !== 0 ? 1 : 0);
}

/** Serial-number difference a - b in (-2^31, 2^31] (RFC 1982). */
function serialDiff(a: number, b: number): number {
  return (a - b) | 0;
}

export class SctpReassembler {
  private readonly contexts: BoundedTable<number, Context>;
  /** PPID of the last message returned by {@link push} (from its first fragment). */
  ppid = 0;
  /** Scratch the last completed message is joined into (see {@link pushScratch}). */
  private out = new Uint8Array(2048);
  private outView = new DataView(this.out.buffer);

  /** Completed fragmented DATA messages kept for a revive, oldest first; their bytes. */
  private readonly kept: Kept[] = [];
  private keptBytes = 0;
  /** The run of the last completed message when a fragment of it had an alternate (see {@link takeAlternate}). */
  private altRun: Fragment[] | null = null;
  /** The last {@link CROSS_SEEN} cross-path messages: length and content hash each, a ring from {@link crossAt}. */
  private readonly crossSeen = new Int32Array(2 * CROSS_SEEN);
  private crossAt = 0;
  /** Cross-path messages decoded so far (none: the per-path completion skips their check). */
  private crossCount = 0;
  /** The runs found by the last {@link crossComplete}. */
  private readonly crossRuns: Fragment[][] = [];
  /** The paths {@link crossComplete} prefers in turn (≤ {@link MAX_PREFS}), and the run being walked (reused). */
  private readonly crossPrefs: number[] = [];
  private readonly crossWalk: Fragment[] = [];
  /**
   * The versions of each TSN the last {@link crossComplete} met (slot: TSN - the pushed one + {@link
   * CROSS_SLOT0}): {@link MAX_VERSIONS} entries a slot, how many, and the {@link crossGen} they were
   * noted in (slots of earlier fragments are stale, never cleared).
   */
  private readonly crossVers: (Fragment | null)[] = new Array<Fragment | null>(2 * CROSS_SLOT0 * MAX_VERSIONS).fill(null);
  private readonly crossVerN = new Int32Array(2 * CROSS_SLOT0);
  private readonly crossVerGen = new Int32Array(2 * CROSS_SLOT0);
  private crossGen = 0;
  /** The slots noted for the current fragment lie in [crossLo, crossHi]. */
  private crossLo = 0;
  private crossHi = 0;
  /** A TSN met by the current walks had more than one version (else every preferred path walks the same run). */
  private crossMulti = false;
  /** The current fragment's walk went past MAX_CROSS_RUN (counted once per fragment). */
  private crossLong = false;
  /** A version noted for the current fragment is a first fragment (B). */
  private crossBegin = false;
  /** Buffered DATA fragments of a tag other than 0 (and those kept for a revive), by ports, tag, stream and TSN across paths. */
  private readonly index: TsnIndex;

  /**
   * The buffered fragments' copies (core/byte-pool.ts): an evicted or dropped context's buffers are
   * reused for the next fragments. At most sctpMessageBytes of free buffers wait in it.
   */
  private readonly pool: BytePool;

  /** `sctp.reassembled` bound once (core/stats.ts: slot.n++ vs inc(name)). */
  private readonly cReassembled: CounterSlot;

  constructor(
    private readonly limits: Pick<Limits, 'sctpReasmBytes' | 'sctpMessageBytes' | 'sctpStreams' | 'sctpReasmAgeSec'>,
    private readonly report: SctpReporter,
    private readonly counters: Counters,
  ) {
    this.cReassembled = counters.slot('sctp.reassembled');
    this.index = new TsnIndex((e) =>
      report(
        SCTP_ANOMALY.CROSS_PATH_INDEX_FULL,
        `TSN ${e.seq >>> 0} has ${MAX_VERSIONS} versions buffered across paths already: this fragment completes a message on its own path only`,
      ),
    );
    this.contexts = new BoundedTable<number, Context>({
      maxEntries: limits.sctpStreams,
      maxBytes: limits.sctpReasmBytes,
      maxAgeSec: limits.sctpReasmAgeSec,
      onEvict: (e, why) => {
        this.recycle(e.value);
        if (!crossUsedOnly(e.value)) this.evicted(why);
      },
    });
    this.pool = new BytePool(limits.sctpMessageBytes);
  }

  get pending(): number {
    return this.contexts.size;
  }

  /** DATA fragments in the cross-path index (sctp-tsn-index.ts). */
  get crossIndexed(): number {
    return this.index.size;
  }

  /** Bytes of user data buffered across all contexts. */
  get bufferedBytes(): number {
    return this.contexts.bytes;
  }

  /**
   * Add a fragment (a chunk without both B and E) of association direction `dirId`. Returns the
   * complete user message when this fragment completes one (and sets {@link ppid}), else null.
   * The returned array is the caller's own (see {@link pushScratch} for the copy-free form).
   */
  push(dirId: number, c: SctpDataChunk, view: DataView, now: number): Uint8Array | null {
    const n = this.pushScratch(dirId, c, view, now);
    return n < 0 ? null : this.out.slice(0, n);
  }

  /**
   * As {@link push}, but the complete message is left in {@link message} `[0, n)` (also readable
   * through {@link messageView}) and its length returned, -1 when none. The scratch is
   * overwritten by the next completed message: read it before pushing again.
   */
  pushScratch(dirId: number, c: SctpDataChunk, view: DataView, now: number, reused = false, tag = 0, ports = 0): number {
    const contexts = this.contexts;
    contexts.expire(now);
    const key = contextKey(dirId, c);
    let slot = contexts.get(key);
    // Charged to its association direction (core/bounded-table.ts "Fairness"): over sctpStreams or
    // sctpReasmBytes the direction holding the most loses its oldest context, not the table's oldest.
    if (slot === undefined) {
      const own = tag === 0 ? null : { path: dirId, tag, ports, su: key - dirId * 131072 };
      slot = contexts.set(key, { frags: [], byMid: null, own }, now, 0, now, dirId);
    }
    const ctx = slot.value;
    if (reused && !c.iData && this.kept.length > 0) this.revive(slot, key, c);
    const len = c.end - c.offset;
    const cost = len + FRAGMENT_OVERHEAD;
    // A view of the packet for now: copied below only if the fragment stays buffered, so the
    // fragment that completes a message is copied once (into the scratch), not twice. measured
    // (1 M bench capture, 29 k messages of 2 fragments, CPU profile): the `.slice()` per
    // fragment was 76 of the 112 self ticks of push+join, `new Uint8Array` in join 36.
    const frag: Fragment = {
      // A DATA TSN as int32, as every walk and compare takes it (`c.tsn | 0`: crossComplete, revive,
      // TsnIndex's sameKey): review 13-C #1, the uint32 here never equalled a walked TSN ≥ 2^31.
      seq: c.iData ? c.fsn : c.tsn | 0,
      flags: c.flags,
      ppid: c.ppid,
      data: new Uint8Array(view.buffer, view.byteOffset + c.offset, len),
      alt: null,
      own: c.iData ? null : ctx.own,
      ix: -1,
      next: null,
    };
    let list: Fragment[];
    if (c.iData) {
      ctx.byMid ??= new Map();
      list = ctx.byMid.get(c.mid) ?? [];
      if (list.length === 0) ctx.byMid.set(c.mid, list);
    } else list = ctx.frags;
    // Binary search (serial order): reverse-ordered fragments would make a linear scan O(n²).
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (serialDiff(list[mid]!.seq, frag.seq) > 0) hi = mid;
      else lo = mid + 1;
    }
    const i = lo;
    if (i > 0 && list[i - 1]!.seq === frag.seq) {
      const prev = list[i - 1]!;
      // The TSN reused with other content while its message is pending (a decoy before or after
      // the real fragment): kept as the one alternate, reassembled as a second version.
      if (reused && !c.iData && prev.alt === null && slot.cost + cost <= this.limits.sctpMessageBytes) {
        frag.data = this.pool.copy(frag.data);
        prev.alt = frag;
        contexts.charge(slot, cost);
        this.counters.inc('sctp.fragment-alternates');
        return -1;
      }
      this.counters.inc('sctp.fragment-duplicates');
      return -1;
    }
    list.splice(i, 0, frag);
    contexts.charge(slot, cost);
    // A DATA fragment appended last without E, or inserted first without B, cannot complete a
    // B..E run: skip the O(run) walk (in-order fragments of a long message were O(n²); measured
    // 20 k one-byte fragments: 3.5 s before).
    const cannot = !c.iData && ((i === list.length - 1 && (c.flags & SctpDataFlag.END) === 0) || (i === 0 && (c.flags & SctpDataFlag.BEGIN) === 0));
    const n = cannot ? -1 : c.iData ? this.completeIData(slot, list, c.mid) : this.completeData(slot, list, i, key);
    if (n === CROSS_DUPLICATE) {
      if (slot.cost === 0) contexts.delete(slot);
      return -1;
    }
    if (n < 0) {
      // Buffered: it must not keep a view of the caller's packet (input chunks are reused).
      frag.data = this.pool.copy(frag.data);
      if (frag.own !== null) this.index.add(frag);
      if (slot.cost > this.limits.sctpMessageBytes) {
        contexts.delete(slot);
        this.recycle(ctx);
        this.report(SCTP_ANOMALY.REASSEMBLY_LIMIT, `stream ${c.stream}: ${slot.cost} bytes pending > sctpMessageBytes`);
      }
      contexts.enforce(now); // sctpStreams, sctpReasmBytes: oldest first
      return -1;
    }
    if (slot.cost === 0 && (ctx.byMid === null || ctx.byMid.size === 0)) contexts.delete(slot);
    this.cReassembled.n++;
    return n;
  }

  /** The last message completed by {@link pushScratch}, in `[0, n)`; reused. */
  get message(): Uint8Array {
    return this.out;
  }

  /** DataView over {@link message}. */
  get messageView(): DataView {
    return this.outView;
  }

  /** Report every incomplete message (end of input) and clear. */
  flush(): void {
    // The reporter counts each code (PacketDecoder.report): no separate counter increment here,
    // which counted every eviction and incomplete message twice.
    for (const slot of this.contexts.entries()) {
      if (!crossUsedOnly(slot.value)) this.report(SCTP_ANOMALY.REASSEMBLY_INCOMPLETE, `user message incomplete at end of input (${slot.cost} bytes)`);
      this.recycle(slot.value);
    }
    this.contexts.clear();
  }

  /** Joins the B..E run around `at` into the scratch; its length, or -1 when incomplete. */
  private completeData(slot: Slot, list: Fragment[], at: number, key: number): number {
    let s = at;
    while ((list[s]!.flags & SctpDataFlag.BEGIN) === 0) {
      if (s === 0 || serialDiff(list[s]!.seq, list[s - 1]!.seq) !== 1) return -1;
      s--;
    }
    let e = at;
    while ((list[e]!.flags & SctpDataFlag.END) === 0) {
      if (e === list.length - 1 || serialDiff(list[e + 1]!.seq, list[e]!.seq) !== 1) return -1;
      e++;
    }
    // A B or E inside the run means two messages overlap: a sender bug or lost fragments.
    for (let k = s + 1; k <= e; k++) {
      if ((list[k]!.flags & SctpDataFlag.BEGIN) !== 0) return -1;
    }
    const n = this.join(slot, list, s, e + 1);
    // The run leaves the list (kept for a revive, or for the alternate): the whole list in the usual case.
    let run = list;
    if (s === 0 && e === list.length - 1) slot.value.frags = [];
    else run = list.splice(s, e - s + 1);
    if (this.crossCount > 0 && this.crossDuplicate(run, n)) {
      this.unindex(run);
      return CROSS_DUPLICATE;
    }
    let alts = 0;
    for (const f of run) if (f.alt !== null) alts += f.alt.data.length + FRAGMENT_OVERHEAD;
    if (alts > 0) {
      this.unindex(run);
      this.altRun = run;
      this.contexts.charge(slot, -alts);
    } else if ((run[0]!.flags & REVIVED) === 0 && at === e) this.keep(key, run, n + run.length * FRAGMENT_OVERHEAD);
    else this.unindex(run);
    return n;
  }

  /** Takes `frags` out of the cross-path index (they left their context and are not kept). */
  private unindex(frags: Fragment[]): void {
    for (let k = 0; k < frags.length; k++) {
      const f = frags[k]!;
      if (f.ix >= 0) this.index.remove(f);
    }
  }

  /**
   * Keeps a completed message's fragments for {@link revive}: those before the last (copies
   * already, as they were buffered; the last, a view of the packet, is not needed since a revive
   * re-buffers only fragments before the reused TSN). Only messages completed by their last
   * fragment (in order), without alternates and not revived themselves. The last is the fragment
   * {@link pushScratch} just inserted (`at === e` in {@link completeData}, its only caller), indexed
   * only when it completes nothing: never in the index here.
   */
  private keep(key: number, run: Fragment[], n: number): void {
    const last = run.pop()!;
    if (n > KEEP_BYTES) {
      this.unindex(run);
      this.releaseKept(run);
      return;
    }
    const kept = this.kept;
    while (kept.length > 0 && (kept.length === KEEP_MESSAGES || this.keptBytes + n > KEEP_BYTES)) {
      const m = kept.shift()!;
      this.keptBytes -= m.bytes;
      this.unindex(m.frags);
      if (m.revives === 0) this.releaseKept(m.frags);
    }
    kept.push({ key, first: run[0]!.seq, last: last.seq, frags: run, bytes: n, revives: 0 });
    this.keptBytes += n;
  }

  /**
   * A completed message's buffered copies (every fragment but its last, a view of the packet) go
   * back to the pool once nothing can read them: the message is no longer kept, and was never
   * revived (a revived message's buffers are shared with the fragments {@link revive} buffered
   * again, flagged REVIVED, which are never released either). measured (bench/results-notes.md,
   * "decode10"): each buffered fragment of the routine mix was a new ArrayBuffer (a runtime call,
   * a malloc, and the array-buffer sweeper's free later), the pool only ever being fed by evictions.
   */
  private releaseKept(frags: Fragment[]): void {
    for (const f of frags) if ((f.flags & REVIVED) === 0) this.pool.release(f.data);
  }

  /**
   * A DATA fragment whose TSN was seen with other content (`sctp.tsn-reuse`). When it lies inside
   * a kept message (same association direction and stream, after its first TSN), a decoy may have completed that
   * message first (red-team rt6 F3b: the real middle and last fragments were left over): its
   * fragments before this TSN are buffered again so that this copy and its successors complete the
   * real version. A first fragment (B) inside a kept message instead means the TSNs restarted (a
   * capture reusing TSNs per message): that message is forgotten, never mixed with the new one.
   */
  private revive(slot: Slot, key: number, c: SctpDataChunk): void {
    const kept = this.kept;
    const tsn = c.tsn | 0;
    for (let k = kept.length - 1; k >= 0; k--) {
      const m = kept[k]!;
      if (m.key !== key || serialDiff(tsn, m.first) < 0 || serialDiff(tsn, m.last) > 0) continue;
      if ((c.flags & SctpDataFlag.BEGIN) !== 0 || tsn === m.first) {
        this.forget(k);
        continue;
      }
      const list = slot.value.frags;
      let added = 0;
      let i = 0; // both lists in serial order: one merge walk
      for (const f of m.frags) {
        if (serialDiff(f.seq, tsn) >= 0) break;
        while (i < list.length && serialDiff(list[i]!.seq, f.seq) < 0) i++;
        if (i < list.length && list[i]!.seq === f.seq) continue;
        const g: Fragment = { seq: f.seq, flags: f.flags | REVIVED, ppid: f.ppid, data: f.data, alt: null, own: slot.value.own, ix: -1, next: null };
        list.splice(i++, 0, g);
        if (g.own !== null) this.index.add(g);
        this.contexts.charge(slot, f.data.length + FRAGMENT_OVERHEAD);
        added++;
      }
      if (added === 0) continue;
      this.counters.inc('sctp.revived-messages');
      if (++m.revives === MAX_REVIVES) this.forget(k);
      return;
    }
  }

  private forget(k: number): void {
    const m = this.kept[k]!;
    this.keptBytes -= m.bytes;
    this.unindex(m.frags);
    this.kept.splice(k, 1);
  }

  /** True when the message just completed had fragments with alternates: {@link takeAlternate} gives that version. */
  get hasAlternate(): boolean {
    return this.altRun !== null;
  }

  /** The alternate version of the last completed message (each fragment's alternate in its place) in the scratch; its length. */
  takeAlternate(): number {
    const run = this.altRun!;
    this.altRun = null;
    let n = 0;
    for (const f of run) n += (f.alt ?? f).data.length;
    const out = this.scratch(n);
    let o = 0;
    for (const f of run) {
      const d = (f.alt ?? f).data;
      out.set(d, o);
      o += d.length;
    }
    this.ppid = (run[0]!.alt ?? run[0]!).ppid;
    return n;
  }

  /**
   * Cross-path completion (red-team rt11 R6; sctp-tsn-index.ts): DATA fragment `c` was just pushed
   * on path `dirId` (a direction's flow id) without completing a message there. Finds each B..E run
   * of consecutive TSNs through `c`'s TSN (RFC 9260 §6.9) among the fragments buffered with its
   * ports, Verification Tag and stream on any path (RFC 9260 §6.4: any chunk on any path of the
   * association; §8.5: the tag on each), including those of a message a decoy completed on its path
   * (kept for a revive: review 12-A #3), that takes its fragments from two paths or more: preferring
   * each path in turn (≤ {@link MAX_PREFS}), that path's version of each TSN where it has one, else
   * `c`'s own path's, else the oldest. So a decoy version of a TSN on one path (rt9 MH3: an address
   * of neither endpoint, out of the blue to the receiver, §8.4) never hides another path's version:
   * each makes its own message, and each path's own reassembly is left as it was. Returns how many
   * were found; {@link joinCross} gives each.
   */
  crossComplete(dirId: number, c: SctpDataChunk): number {
    const runs = this.crossRuns;
    runs.length = 0;
    if (c.iData) return 0;
    const own = this.contexts.get(contextKey(dirId, c))?.value.own;
    if (own === undefined || own === null || !this.index.multi(own)) return 0;
    const prefs = this.crossPrefs;
    prefs.length = 1;
    prefs[0] = dirId;
    const tsn = c.tsn | 0;
    if ((this.crossGen = (this.crossGen + 1) | 0) === 0) {
      this.crossVerGen.fill(0);
      this.crossGen = 1;
    }
    this.crossMulti = false;
    this.crossLong = false;
    this.crossBegin = false;
    this.crossLo = CROSS_SLOT0;
    this.crossHi = CROSS_SLOT0;
    for (let p = 0; p < prefs.length; p++) {
      const run = this.crossRun(own, prefs[p]!, tsn);
      if (run !== null && !hasRun(runs, run)) runs.push(run);
      // One version of every TSN the first walk met: each path's walk is that one (review 13-C #3).
      // Past MAX_CROSS_RUN with no B version met: every path's walk is too (a flood of one endless
      // message sent twice on 8 paths: 2.5× the base's CPU without this, /tmp/sctpfix13/crossflood2.mjs).
      if (!this.crossMulti || (this.crossLong && !this.crossBegin)) break;
    }
    if (this.crossLong) this.counters.inc('sctp.cross-path-too-long');
    this.crossForget();
    return runs.length;
  }

  /**
   * Run `k` of the last {@link crossComplete} joined into the scratch (and {@link ppid} set): its
   * length, or -1 when that message was decoded already (a retransmission of one of its fragments
   * on a third path) or is over sctpMessageBytes. Its fragments are marked CROSS_USED.
   */
  joinCross(k: number): number {
    const run = this.crossRuns[k]!;
    // Every fragment used by a decoded cross-path message already: that message again (a
    // retransmission on a third path), however many cross-path messages went since (review 12-A #5:
    // the ring below turned over); the ring still tells a run of other fragments with the same bytes.
    if (run.every((f) => (f.flags & CROSS_USED) !== 0)) return this.crossDuplicateFound();
    let n = 0;
    for (const f of run) n += f.data.length;
    if (n > this.limits.sctpMessageBytes) return -1;
    const out = this.scratch(n);
    let o = 0;
    for (const f of run) {
      out.set(f.data, o);
      o += f.data.length;
      f.flags |= CROSS_USED;
    }
    this.ppid = run[0]!.ppid;
    const h = foldBytes(HASH_SEED, this.outView, 0, n);
    if (this.crossSeenAt(n, h) >= 0) return this.crossDuplicateFound();
    const at = 2 * this.crossAt;
    this.crossSeen[at] = n;
    this.crossSeen[at + 1] = h;
    this.crossAt = (this.crossAt + 1) % CROSS_SEEN;
    this.crossCount++;
    this.cReassembled.n++; // a reassembled message for the accounting (fuzz/accounting.test.ts)
    this.counters.inc('sctp.cross-path-messages');
    return n;
  }

  private crossDuplicateFound(): -1 {
    this.counters.inc('sctp.cross-path-duplicates');
    return -1;
  }

  /** The slot of the remembered cross-path message of length `n` and hash `h`, -1 if none. */
  private crossSeenAt(n: number, h: number): number {
    const seen = this.crossSeen;
    for (let k = 0; k < CROSS_SEEN; k++) if (seen[2 * k] === n && seen[2 * k + 1] === h && n + h !== 0) return k;
    return -1;
  }

  /**
   * A run completed on its own path (its message in the scratch, `n` octets) that holds a fragment
   * a cross-path message used and equals one decoded across paths: a retransmission on the first
   * path of a fragment that came on another (counted `sctp.cross-path-duplicates`, not decoded twice).
   */
  private crossDuplicate(run: Fragment[], n: number): boolean {
    if (!run.some((f) => (f.flags & CROSS_USED) !== 0)) return false;
    if (this.crossSeenAt(n, foldBytes(HASH_SEED, this.outView, 0, n)) < 0) return false;
    this.counters.inc('sctp.cross-path-duplicates');
    return true;
  }

  /**
   * The B..E run through TSN `tsn` of {@link crossComplete} (`own`: the pushed fragment's context),
   * preferring path `pref`'s versions; a copy, or null unless complete and from 2+ paths. Paths met
   * on the way are added to {@link crossPrefs}.
   */
  private crossRun(own: TsnOwner, pref: number, tsn: number): Fragment[] | null {
    const walk = this.crossWalk;
    walk.length = 0;
    let mixed = false;
    let t = tsn;
    for (;;) {
      const f = this.pick(own, pref, tsn, t);
      if (f === null) return null;
      if (f.own!.path !== own.path) mixed = true;
      walk.push(f);
      if ((f.flags & SctpDataFlag.BEGIN) !== 0) break;
      if (walk.length >= MAX_CROSS_RUN) return this.crossTooLong();
      t = (t - 1) | 0;
    }
    walk.reverse();
    for (let f = walk[walk.length - 1]!, u = tsn; (f.flags & SctpDataFlag.END) === 0; ) {
      if (walk.length >= MAX_CROSS_RUN) return this.crossTooLong();
      u = (u + 1) | 0;
      const g = this.pick(own, pref, tsn, u);
      if (g === null || (g.flags & SctpDataFlag.BEGIN) !== 0) return null; // two messages overlap (as completeData)
      if (g.own!.path !== own.path) mixed = true;
      walk.push(g);
      f = g;
    }
    return mixed ? walk.slice() : null;
  }

  /**
   * The version of TSN `t` (of `own`'s ports, tag and stream) on path `pref`, else on `own`'s path,
   * else the oldest indexed; null when none. `tsn`: the pushed fragment's ({@link crossVersions}).
   */
  private pick(own: TsnOwner, pref: number, tsn: number, t: number): Fragment | null {
    const slot = this.crossVersions(own, tsn, t);
    const vers = this.crossVers;
    const at = slot * MAX_VERSIONS;
    const n = this.crossVerN[slot]!;
    let mine: Fragment | null = null;
    for (let k = 0; k < n; k++) {
      const e = vers[at + k]!;
      const path = e.own!.path;
      if (path === pref) return e;
      if (path === own.path) mine ??= e;
    }
    return mine ?? (n > 0 ? vers[at]! : null);
  }

  /**
   * The slot of {@link crossVers} holding the versions of TSN `t` (oldest first, as indexed), looked
   * up in the index at the first walk of the current fragment that meets `t`. Notes the paths met in
   * {@link crossPrefs} (in the order the walks meet them) and whether `t` had more than one version.
   */
  private crossVersions(own: TsnOwner, tsn: number, t: number): number {
    const slot = ((t - tsn) | 0) + CROSS_SLOT0;
    if (this.crossVerGen[slot] === this.crossGen) return slot;
    this.crossVerGen[slot] = this.crossGen;
    if (slot < this.crossLo) this.crossLo = slot;
    else if (slot > this.crossHi) this.crossHi = slot;
    const vers = this.crossVers;
    const at = slot * MAX_VERSIONS;
    const prefs = this.crossPrefs;
    let n = 0;
    for (let e = this.index.chain(own, t) as Fragment | null; e !== null && n < MAX_VERSIONS; e = e.next) {
      if (!sameKey(e, own, t)) continue;
      vers[at + n++] = e;
      if ((e.flags & SctpDataFlag.BEGIN) !== 0) this.crossBegin = true;
      const path = e.own!.path;
      if (prefs.length < MAX_PREFS && !prefs.includes(path)) prefs.push(path);
    }
    this.crossVerN[slot] = n;
    if (n > 1) this.crossMulti = true;
    return slot;
  }

  /** Drops the versions noted for the current fragment (so that they do not keep fragments since dropped alive). */
  private crossForget(): void {
    const vers = this.crossVers;
    for (let slot = this.crossLo; slot <= this.crossHi; slot++) {
      if (this.crossVerGen[slot] !== this.crossGen) continue;
      const at = slot * MAX_VERSIONS;
      for (let k = this.crossVerN[slot]! - 1; k >= 0; k--) vers[at + k] = null;
    }
  }

  private crossTooLong(): null {
    this.crossLong = true;
    return null;
  }

  private completeIData(slot: Slot, list: Fragment[], mid: number): number {
    const first = list[0]!;
    const last = list[list.length - 1]!;
    if ((first.flags & SctpDataFlag.BEGIN) === 0 || first.seq !== 0) return -1;
    if ((last.flags & SctpDataFlag.END) === 0 || last.seq !== list.length - 1) return -1;
    slot.value.byMid!.delete(mid);
    return this.join(slot, list, 0, list.length);
  }

  /**
   * Copies fragments `[from, to)` of `list` into the scratch (grown by doubling; it holds at
   * most one message, ≤ sctpMessageBytes + one chunk, as the pending bytes were checked against
   * sctpMessageBytes before this last fragment) and uncharges them. measured (1 M bench capture):
   * a fresh Uint8Array per message was 36 of the 112 profile ticks of push+join.
   */
  private join(slot: Slot, list: Fragment[], from: number, to: number): number {
    let n = 0;
    for (let k = from; k < to; k++) n += list[k]!.data.length;
    const out = this.scratch(n);
    let o = 0;
    for (let k = from; k < to; k++) {
      const d = list[k]!.data;
      out.set(d, o);
      o += d.length;
    }
    this.contexts.charge(slot, -(n + (to - from) * FRAGMENT_OVERHEAD));
    this.ppid = list[from]!.ppid;
    return n;
  }

  /** The scratch, grown (by doubling) to hold `n` bytes. */
  private scratch(n: number): Uint8Array {
    if (n > this.out.length) {
      let size = this.out.length * 2;
      while (size < n) size *= 2;
      this.out = new Uint8Array(size);
      this.outView = new DataView(this.out.buffer);
    }
    return this.out;
  }

  /**
   * A context left the table unfinished (evicted, over sctpMessageBytes, end of input): its
   * fragments' buffers go back to the pool. Only the context holds them, except a revived
   * fragment's, which a kept message shares (left to GC). Every fragment in a context is a pool
   * copy: the one that completes a message (a view of the packet) leaves with its run.
   */
  private recycle(ctx: Context): void {
    this.unindex(ctx.frags);
    for (const f of ctx.frags) this.recycleFragment(f);
    if (ctx.byMid !== null) for (const list of ctx.byMid.values()) for (const f of list) this.recycleFragment(f);
  }

  private recycleFragment(f: Fragment): void {
    if ((f.flags & REVIVED) === 0) this.pool.release(f.data);
    if (f.alt !== null) this.pool.release(f.alt.data);
  }

  /** The table evicted the oldest context (age, sctpStreams or sctpReasmBytes). */
  private evicted(why: EvictReason): void {
    this.report(
      SCTP_ANOMALY.REASSEMBLY_EVICTED,
      why === 'age'
        ? `user message incomplete after ${this.limits.sctpReasmAgeSec} s (sctpReasmAgeSec)`
        : `incomplete user message evicted from the association holding the most (${why === 'limit' ? 'sctpStreams' : 'sctpReasmBytes'})`,
    );
  }
}

/** True when `runs` holds a run of the same fragments as `run`. */
function hasRun(runs: readonly Fragment[][], run: readonly Fragment[]): boolean {
  for (const r of runs) {
    if (r.length !== run.length) continue;
    let k = 0;
    while (k < r.length && r[k] === run[k]) k++;
    if (k === r.length) return true;
  }
  return false;
}

/** The context holds DATA fragments, each used by a cross-path message (its loss is not reported). */
function crossUsedOnly(ctx: Context): boolean {
  return ctx.frags.length > 0 && (ctx.byMid === null || ctx.byMid.size === 0) && ctx.frags.every((f) => (f.flags & CROSS_USED) !== 0);
}
