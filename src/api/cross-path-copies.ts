/**
 * Copies of one SCTP message captured on two paths (review 13-C #7): a multi-homed association
 * seen without its handshake retransmits a chunk on another path (RFC 9260 §6.4.1), or the tap sees
 * each packet twice (both sides of an address-translating border, two mirrored links). Each path
 * (transport/sctp-assocs.ts: an address pair that shares its ports and tag with another, no
 * handshake binding it; Payload.copyGroup) decodes its copy through all its own layers — SCTP
 * reassembly, SCCP / SUA segmentation, the TCAP dialogue and Diameter transaction tables — and only
 * its records (the events) are checked here, once decoded: a record is dropped when a record of
 * another path of the group, same TSN, stream and position, was delivered first with the same message
 * (the exact bytes it is decoded from: the SCTP user message, and a joined unit's bytes and SCCP / MTP parts) and the same identities and
 * matching (what the path's tables added: two independent seeded 32-bit hashes). So the honest multi-homed capture gives
 * one event per message, and a forged first copy (review 15-C #1) can only have a message dropped
 * that was already delivered as it: two copies that differ in either are both delivered, and the
 * difference is reported (`sctp.cross-path-copy-differs`, once per path). A Diameter answer matched on
 * its path to a dropped request names the delivered copy's frame ({@link CrossPathCopies.deliveredFrame},
 * review 16-B #3).
 *
 * A path grouped after its partner had carried the chunk (the first DATA of a path is often the
 * retransmission itself) finds no record here: an unfragmented chunk whose identical copy the
 * partner's TSN window holds (Payload.copyWitness, ≤ 600 s old) was decoded there from the same
 * bytes, so its records are dropped too, unless they were joined from SCCP / SUA segments (their
 * other segments may differ) or hold anything their path's tables gave (a dialogue's or a request's
 * identity, a match): that other path's record, not remembered, may lack it. A Diameter request is
 * dropped so only when the frame that carried the copy is known (the partner's first TSN).
 *
 * Bounded, and no input makes a record cost more than a few entries (review 16-B #1: one key's chain
 * of 16 k entries cost 26x the decode): {@link ENTRIES} records remembered, oldest replaced first
 * (chains doubly linked: O(1) out), at most {@link PER_KEY} of one key (TSN, stream, position; past
 * it the key remembers nothing new until one is stale), their bytes in a ring of {@link POOL} octets, each matching for
 * {@link COPY_SEC} of capture time only. Forgetting one only decodes a copy twice.
 */
import { anomaly, type AnomalySink } from '../core/anomaly.js';
import { fmix32, fnvStep, foldBytes, HASH_SEED, mixStep } from '../core/hash.js';
import type { IdentityKey } from '../core/identity-key.js';
import type { CounterSlot, Counters } from '../core/stats.js';
import type { MessageRecord, SccpAddressView } from '../events/record.js';
import type { SccpUnit } from '../ss7/types.js';
import { SCTP_ANOMALY } from '../transport/sctp.js';
import { COPY_SEC } from '../transport/sctp-assocs.js';
import type { Flow, Payload } from '../transport/types.js';

/** Records remembered (≈ 70 B each plus their bytes, made at the first grouped payload): 16 s of a 1,000 msg/s group's both directions. */
const ENTRIES = 16384;
/**
 * Entries of one key (group, TSN, stream, position) at most. An honest key holds one: a copy equal to
 * it is dropped, not remembered; only versions that differ add one (decoys, a reused TSN). Past it
 * the key remembers no more (counter `sctp.cross-path-copies-key-full`): a reused TSN (review 16-B
 * #1: every packet a new message on TSN 7) walks ≤ 4 entries and stores nothing. Measured on that
 * capture (chainK1, 100 k packets, decode CPU against main): 8 entries overwritten in place 1.27x,
 * 8 and no more stored 1.09x, 4 and no more stored 1.07x (paired, load ~25).
 */
const PER_KEY = 4;
/**
 * Octets of remembered messages (a ring, ENTRIES × 256): an entry whose bytes were overwritten
 * matches nothing (its copy is decoded again). A message longer than {@link MAX_BYTES} is not remembered.
 */
const POOL = 1 << 22;
const MAX_BYTES = 1 << 16;
const NONE = -1;
/** Messages and records counted per payload up to this; past it a record is not checked (delivered). */
const MAX_ORD = 255;
/** Paths whose difference was reported, forgotten all at once past this many. */
const MAX_REPORTED = 4096;
/**
 * Dropped Diameter messages whose frame is resolved to the delivered copy's, a ring as large as the entries
 * (review 17-B #2: a ring of 4,096 lost a request's alias after 4,096 other copies while its entry still lived).
 */
const ALIASES = ENTRIES;

export class CrossPathCopies {
  /** A grouped payload is being decoded: its records go through {@link copy}. */
  on = false;
  private group = 0;
  private tsn = 0;
  private stream = 0;
  private flow: Flow | undefined = undefined;
  /** The payload being decoded (the reused one: valid until its callback returns). */
  private p: Payload | undefined = undefined;
  private now = 0;
  private view: DataView | undefined = undefined;
  private frame = -1;
  /** Position of the message in its payload's chunk (Diameter messages of one user message, SS7 units) and of the record in its message. */
  private msgOrd = -1;
  private recOrd = 0;
  /** A unit joined from SCCP / SUA segments: the hash of its label and SCCP fields (else 0), its bytes (they follow the payload's). */
  private content = 0;
  private unitBytes: Uint8Array | undefined = undefined;
  private unitOff = 0;
  private unitEnd = 0;
  /** The current message's octets (payload, then a joined unit's) and where they were written in the pool (-1: not yet). */
  private msgLen = 0;
  private msgAt = -1;
  /**
   * Pool positions the current message was compared with, and the outcomes ({@link sameBytes}): a message of
   * many records (one per TCAP component, up to MAX_ORD) compares its octets with each stored message once, not
   * once per record (review 17-B #1: 200 LUDTs of 250 invokes on two paths cost 26× the decode). PER_KEY slots:
   * a record's key holds at most that many entries, and the records of one message meet the same ones.
   */
  private readonly comparedAt = new Float64Array(PER_KEY);
  private readonly comparedSame = new Uint8Array(PER_KEY);
  private comparedN = 0;
  // The table, made at the first grouped payload: per entry the key (group, TSN, stream and
  // positions), the content hash, the state text, the bytes (pool position and length), the path's
  // flow, the frame delivered, the capture time; doubly linked chains by key hash.
  private keys: Int32Array | null = null;
  private hashes = new Int32Array(0);
  /** Two independent seeded 32-bit hashes of the state (stateHash): 64 bits, no string kept per entry. */
  private states = new Int32Array(0);
  private at = new Float64Array(0);
  private lens = new Int32Array(0);
  private times = new Float64Array(0);
  private frames = new Float64Array(0);
  private flows: (Flow | undefined)[] = [];
  private heads = new Int32Array(0);
  private next = new Int32Array(0);
  private prev = new Int32Array(0);
  /** Entries written (≤ ENTRIES) and the next to write (the oldest once full). */
  private count = 0;
  private pos = 0;
  /** The bytes of remembered messages, and octets ever written (positions are absolute: `% POOL` in the ring). */
  private pool = new Uint8Array(0);
  private written = 0;
  // Dropped Diameter message (frame, end-to-end id) → the delivered copy's frame, a ring of ALIASES.
  private readonly aliases = new Map<number, number>();
  private readonly aliasFrom = new Float64Array(ALIASES);
  private readonly aliasE2e = new Int32Array(ALIASES);
  private readonly aliasTo = new Float64Array(ALIASES);
  private aliasPos = 0;
  private readonly reported = new Set<number>();
  private readonly cDropped: CounterSlot;
  private readonly cDiffers: CounterSlot;
  private readonly cFull: CounterSlot;
  /** The state hashes of the record being checked ({@link state}). */
  private s0 = 0;
  private s1 = 0;

  /** `seed`: of a joined unit's hash (a test gives a fixed one). */
  constructor(
    counters: Counters,
    private readonly onAnomaly: AnomalySink,
    private readonly seed = HASH_SEED,
  ) {
    this.cDropped = counters.slot('sctp.cross-path-copies');
    this.cDiffers = counters.slot('sctp.cross-path-copies-differing');
    this.cFull = counters.slot('sctp.cross-path-copies-key-full');
  }

  /** Records remembered. */
  get size(): number {
    return this.count;
  }

  /** A payload of a grouped path (Payload.copyGroup ≠ 0) is about to be decoded; a Diameter one is one message. */
  payload(p: Payload): void {
    const f = p.flow;
    if (p.frameNo !== this.frame || p.copyGroup !== this.group || p.tsn !== this.tsn || p.stream !== this.stream || f !== this.flow) {
      this.frame = p.frameNo;
      this.group = p.copyGroup;
      this.tsn = p.tsn;
      this.stream = p.stream;
      this.flow = f;
      this.msgOrd = -1;
    }
    this.p = p;
    this.now = p.tsSec + p.tsNsec / 1e9;
    this.view = p.view;
    this.on = true;
    if (p.proto === 'diameter') this.message(0, undefined);
  }

  /**
   * An SS7 unit of the current payload is about to be decoded by TCAP. Its bytes are the payload's
   * (MTP label, SCCP addresses, TCAP), compared exactly; a unit joined from segments adds its joined
   * bytes and a hash of its label and SCCP fields, read from the segments (the last one's are in the payload).
   */
  unit(u: SccpUnit): void {
    if (u.view === this.view) {
      this.message(0, undefined);
      return;
    }
    let h = foldBytes(this.seed ^ 0x2545f491, u.view, u.offset, u.end);
    const m = u.mtp;
    if (m !== undefined) {
      h = mixStep(mixStep(mixStep(h, m.opc), m.dpc), (m.si << 24) | (m.ni << 16) | ((m.sls & 0xff) << 8) | (m.mp & 0xff));
    }
    const c = u.sccp;
    h = mixStep(mixStep(mixStep(h, c.typeCode), c.protocolClass ?? -1), c.returnCause ?? -1);
    h = addressHash(addressHash(h, c.calling), c.called);
    this.message(h, u);
  }

  /** The payload's decode is over. */
  done(): void {
    this.on = false;
    this.view = undefined;
    this.p = undefined;
    this.unitBytes = undefined;
  }

  /**
   * The frame a Diameter message of frame `frame` with end-to-end id `e2e` was delivered as: the
   * frame itself, or, when it was dropped as a copy, the frame of the copy delivered (review 16-B #3:
   * an answer matched on its path to the dropped request named a frame that had no event).
   */
  deliveredFrame(frame: number, e2e: number): number {
    if (this.aliases.size === 0) return frame;
    const i = this.aliases.get(aliasKey(frame, e2e));
    return i === undefined || this.aliasFrom[i] !== frame || this.aliasE2e[i] !== (e2e | 0) ? frame : this.aliasTo[i]!;
  }

  /**
   * Whether record `r` of the current payload is a copy of one another path of its group delivered:
   * drop it. Otherwise it is remembered (and a difference from another path's copy reported).
   */
  copy(r: MessageRecord): boolean {
    const rec = this.recOrd++;
    const msg = this.msgOrd;
    if (rec > MAX_ORD || msg > MAX_ORD || msg < 0) return false;
    const keys = (this.keys ??= this.make());
    const sub = (this.stream << 16) | (msg << 8) | rec;
    const tsn = this.tsn | 0;
    const b = fmix32(mixStep(mixStep(this.group, tsn), sub)) & (this.heads.length - 1);
    const f = this.flow!;
    const now = this.now;
    // Made only for a candidate of the same content, or to be remembered (review 16-B #1: a flood of
    // differing messages on one key pays neither the text nor the bytes once the key is full).
    let state = false;
    let found = false;
    let differs = NONE;
    let same = 0;
    let stale = NONE;
    // Chains are newest first; entries of this key ≤ PER_KEY (remember), so the walk is short whatever the input.
    for (let e = this.heads[b]!; e !== NONE; e = this.next[e]!) {
      if (keys[3 * e] !== this.group || keys[3 * e + 1] !== tsn || keys[3 * e + 2] !== sub) continue;
      same++;
      if (Math.abs(now - this.times[e]!) > COPY_SEC || !this.held(e)) {
        stale = e;
        continue;
      }
      const other = this.flows[e]!;
      if (other.id === f.id) continue; // this path's own earlier message with the TSN: not a copy
      found = true;
      // Exact (review 16-B #2: a 32-bit hash collision dropped another message): the octets (a length,
      // then the first differing octet, rejects: cheaper than hashing every message, 16-B #1), then the text.
      if (this.sameBytes(e) && (state ||= this.state(r)) && this.states[2 * e] === this.s0 && this.states[2 * e + 1] === this.s1) {
        this.dropped(r, this.frames[e]!);
        return true;
      }
      differs = e;
    }
    if (!found && this.unitBytes === undefined && fromBytes(r)) {
      const w = this.p!.copyWitness();
      // A Diameter request's answers name its frame: dropped only when the delivered copy's is known.
      if (w > 0 || (w === 0 && r.protocol !== 'diameter')) {
        this.dropped(r, w);
        return true;
      }
    }
    if (differs !== NONE) this.differs(differs, r);
    // A key holding PER_KEY live entries (one TSN reused on many paths or many times: not an honest
    // sender within COPY_SEC, RFC 9260 §3.3.1 TSNs advance) remembers no more: its next copies are
    // decoded twice, counted (review 16-B #1's third fix). A stale entry of the key is reused.
    if (same >= PER_KEY && stale === NONE) this.cFull.n++;
    else {
      if (!state) this.state(r);
      this.remember(b, sub, r.frame, same >= PER_KEY ? stale : NONE);
    }
    return false;
  }

  /**
   * Sets {@link s0} / {@link s1}, the hashes of what record `r` holds from its path's tables rather than
   * from its octets (identities and where the IMSI came from, the operation and dialogue of a result,
   * the request matched, the dialogue's judgement); true. Two lanes of independent seeds and
   * multipliers: a drop needs equal octets and both (a collision of both, 2^-64 a pair, cannot be aimed:
   * the seed is per process). Measured: the state as text kept per entry (one string a record) took
   * a capture of 100 k grouped messages on distinct TSNs from ~1.2x to ~1.6x main's decode CPU (GC).
   */
  private state(r: MessageRecord): boolean {
    const flags = (r.answersRequest ? 1 : 0) | (r.answerByCountry ? 2 : 0) | (r.orphan >= 0 ? 4 : 0) | (r.hasComponent ? 8 : 0);
    let h = mixStep(HASH_SEED ^ 0x1b873593, flags);
    let g = fnvStep(HASH_SEED ^ 0x68e31da4, flags);
    // Identities by their table keys (core/identity-key.ts: one-to-one with the text, and a deferred
    // record makes no string for them): measured, hashing their texts was ~0.5 µs a record.
    const imsi = r.imsiKey();
    const msisdn = r.msisdnKey();
    h = textHash(textHash(keyHash(keyHash(h, imsi, mixStep), msisdn, mixStep), r.acn), r.dialoguePeer);
    g = textHash(textHash(keyHash(keyHash(g, imsi, fnvStep), msisdn, fnvStep), r.acn, fnvStep), r.dialoguePeer, fnvStep);
    const src = r.imsiSource;
    const o = ((r.opcode ?? -1) << 8) ^ (r.acVersion ?? -1) ^ ((src === undefined ? 0 : src === 'message' ? 1 : src === 'dialogue' ? 2 : 3) << 28);
    this.s0 = mixStep(h, o) | 0;
    this.s1 = fmix32(fnvStep(g, o)) | 0;
    return true;
  }

  /** A message (Diameter message or SS7 unit) of the current payload: its content hash; `joined`: its unit when joined from segments. */
  private message(content: number, joined: SccpUnit | undefined): void {
    this.msgOrd++;
    this.recOrd = 0;
    this.content = content;
    this.msgAt = -1;
    this.comparedN = 0;
    const p = this.p!;
    this.msgLen = p.end - p.offset;
    this.unitBytes = joined?.bytes;
    if (joined !== undefined) {
      this.unitOff = joined.offset;
      this.unitEnd = joined.end;
      this.msgLen += joined.end - joined.offset;
    }
  }

  private dropped(r: MessageRecord, frame: number): void {
    this.cDropped.n++;
    if (r.protocol !== 'diameter' || frame <= 0) return;
    const to = this.deliveredFrame(frame, r.e2e);
    const i = this.aliasPos;
    this.aliasPos = i + 1 === ALIASES ? 0 : i + 1;
    const old = aliasKey(this.aliasFrom[i]!, this.aliasE2e[i]!);
    if (this.aliases.get(old) === i) this.aliases.delete(old);
    this.aliasFrom[i] = r.frame;
    this.aliasE2e[i] = r.e2e | 0;
    this.aliasTo[i] = to;
    this.aliases.set(aliasKey(r.frame, r.e2e), i);
  }

  /** Entry `e`'s bytes are still in the pool (it wraps only once grown to POOL). */
  private held(e: number): boolean {
    return this.written - this.at[e]! <= this.pool.length;
  }

  /** Entry `e`'s bytes are the current message's (payload octets, then a joined unit's, and its hash). */
  private sameBytes(e: number): boolean {
    if (this.lens[e] !== this.msgLen || this.hashes[e] !== this.content) return false;
    const at = this.at[e]!;
    const n = this.comparedN;
    for (let i = 0; i < n; i++) if (this.comparedAt[i] === at) return this.comparedSame[i] === 1;
    const same = this.compareBytes(e);
    const slot = n < PER_KEY ? n : at % PER_KEY;
    if (n < PER_KEY) this.comparedN = n + 1;
    this.comparedAt[slot] = at;
    this.comparedSame[slot] = same ? 1 : 0;
    return same;
  }

  /** The octet compare behind {@link sameBytes}. */
  private compareBytes(e: number): boolean {
    const pool = this.pool;
    const size = pool.length;
    let q = this.at[e]! % size;
    const p = this.p!;
    const a = p.bytes;
    for (let i = p.offset; i < p.end; i++) {
      if (pool[q] !== a[i]) return false;
      if (++q === size) q = 0;
    }
    const u = this.unitBytes;
    if (u !== undefined) {
      for (let i = this.unitOff; i < this.unitEnd; i++) {
        if (pool[q] !== u[i]) return false;
        if (++q === size) q = 0;
      }
    }
    return true;
  }

  /** Writes the current message's octets into the pool once (records of one message share them); false if too long. */
  private store(): boolean {
    if (this.msgAt >= 0) return true;
    if (this.msgLen > MAX_BYTES) return false;
    // Grown by doubling up to POOL (a capture with few grouped messages allocates little; measured:
    // 4 MiB made at once was ~5 % of a 100 k-packet grouped capture's decode); no wrap before that.
    if (this.written + this.msgLen > this.pool.length && this.pool.length < POOL) {
      const grown = new Uint8Array(Math.min(POOL, Math.max(2 * this.pool.length, this.written + this.msgLen, 1 << 16)));
      grown.set(this.pool);
      this.pool = grown;
    }
    const q = this.written % this.pool.length;
    const p = this.p!;
    const n = this.put(q, p.bytes, p.offset, p.end);
    const u = this.unitBytes;
    if (u !== undefined) this.put((q + n) % this.pool.length, u, this.unitOff, this.unitEnd);
    this.msgAt = this.written;
    this.written += this.msgLen;
    return true;
  }

  /** Copies octets [from, to) of `a` into the pool at `q` (wrapping); their count. */
  private put(q: number, a: Uint8Array, from: number, to: number): number {
    const n = to - from;
    const first = Math.min(n, this.pool.length - q);
    this.pool.set(a.subarray(from, from + first), q);
    if (first < n) this.pool.set(a.subarray(from + first, to), 0);
    return n;
  }

  /** Remembers the current record in a new entry, or in `reuse` (a stale entry of its key, the key at PER_KEY entries). */
  private remember(b: number, sub: number, frame: number, reuse: number): void {
    if (!this.store()) return;
    let e = reuse;
    if (e !== NONE) this.unlink(e);
    else {
      e = this.pos;
      if (this.count === ENTRIES) this.unlink(e);
      else this.count++;
      this.pos = e + 1 === ENTRIES ? 0 : e + 1;
    }
    const keys = this.keys!;
    keys[3 * e] = this.group;
    keys[3 * e + 1] = this.tsn | 0;
    keys[3 * e + 2] = sub;
    this.hashes[e] = this.content;
    this.states[2 * e] = this.s0;
    this.states[2 * e + 1] = this.s1;
    this.at[e] = this.msgAt;
    this.lens[e] = this.msgLen;
    this.times[e] = this.now;
    this.frames[e] = frame;
    this.flows[e] = this.flow;
    const h = this.heads[b]!;
    this.next[e] = h;
    this.prev[e] = NONE;
    if (h !== NONE) this.prev[h] = e;
    this.heads[b] = e;
  }

  /** Takes entry `e` out of its chain: O(1) (review 16-B #1: the walk to the oldest, at the tail, was a second O(chain)). */
  private unlink(e: number): void {
    const n = this.next[e]!;
    const p = this.prev[e]!;
    if (p !== NONE) this.next[p] = n;
    else {
      const keys = this.keys!;
      const b = fmix32(mixStep(mixStep(keys[3 * e]!, keys[3 * e + 1]!), keys[3 * e + 2]!)) & (this.heads.length - 1);
      if (this.heads[b] === e) this.heads[b] = n;
    }
    if (n !== NONE) this.prev[n] = p;
    this.next[e] = NONE;
    this.prev[e] = NONE;
  }

  private make(): Int32Array {
    this.hashes = new Int32Array(ENTRIES);
    this.states = new Int32Array(2 * ENTRIES);
    this.at = new Float64Array(ENTRIES);
    this.lens = new Int32Array(ENTRIES);
    this.times = new Float64Array(ENTRIES);
    this.frames = new Float64Array(ENTRIES);
    this.flows = new Array<Flow | undefined>(ENTRIES).fill(undefined);
    this.heads = new Int32Array(ENTRIES).fill(NONE);
    this.next = new Int32Array(ENTRIES).fill(NONE);
    this.prev = new Int32Array(ENTRIES).fill(NONE);
    return new Int32Array(3 * ENTRIES);
  }

  private differs(e: number, r: MessageRecord): void {
    this.cDiffers.n++;
    const f = this.flow!;
    if (this.reported.has(f.id)) return;
    if (this.reported.size >= MAX_REPORTED) this.reported.clear();
    this.reported.add(f.id);
    const o = this.flows[e]!;
    const what = this.sameBytes(e) ? 'decoded otherwise (identities or matching of its path)' : 'other content';
    this.onAnomaly(
      anomaly(
        SCTP_ANOMALY.CROSS_PATH_COPY_DIFFERS,
        'sctp',
        `${f.src}:${f.srcPort} -> ${f.dst}:${f.dstPort} TSN ${this.tsn >>> 0} stream ${this.stream}: ${what} than its copy on ` +
          `${o.src}:${o.srcPort} -> ${o.dst}:${o.dstPort}; both decoded (reported once per path)`,
        r.frame,
      ),
    );
  }
}

/** The alias table's key of a dropped message: its frame and end-to-end id (a frame may bundle several). */
function aliasKey(frame: number, e2e: number): number {
  return frame * 0x10000 + (e2e & 0xffff);
}

/**
 * Record `r` holds only what its own bytes say: a TC-BEGIN / TC-UNI component or a Diameter request,
 * its identities its own, joined to nothing captured before.
 */
function fromBytes(r: MessageRecord): boolean {
  if (r.imsiSource !== undefined && r.imsiSource !== 'message') return false;
  if (r.answersRequest || r.answerByCountry || r.orphan >= 0 || r.dialoguePeer !== undefined) return false;
  if (r.protocol === 'diameter') return r.request;
  return (r.tcapType === 'begin' || r.tcapType === 'unidirectional') && (r.msisdn === undefined || r.msisdnOctet >= 0);
}

/** Folds a string's UTF-16 code units with `step` (undefined: a value no string gives). */
function textHash(h: number, s: string | undefined, step: (h: number, v: number) => number = mixStep): number {
  if (s === undefined) return step(h, 0x7fffffff);
  h = step(h, s.length);
  for (let i = 0; i < s.length; i++) h = step(h, s.charCodeAt(i));
  return h;
}

/** Folds an identity key (core/identity-key.ts IdentityKey: a digit key below 2^53, or a text) with `step`. */
function keyHash(h: number, k: IdentityKey | undefined, step: (h: number, v: number) => number): number {
  if (typeof k !== 'number') return textHash(step(h, 0x7ffffffe), k, step);
  return step(step(h, k >>> 0), Math.floor(k / 0x100000000));
}

/** Every field of an SCCP party address (record.ts SccpAddressView). */
function addressHash(h: number, a: SccpAddressView): number {
  h = mixStep(h, (a.ri === 'gt' ? 1 : 2) | (a.gti << 4));
  h = textHash(h, a.gt);
  h = mixStep(mixStep(mixStep(h, a.ssn ?? -1), a.pc ?? -1), a.nai ?? -1);
  h = mixStep(mixStep(mixStep(h, a.np ?? -1), a.tt ?? -1), a.es ?? -1);
  h = textHash(textHash(h, a.ip), a.hostname);
  return mixStep(h, a.suaRi ?? -1);
}
