/**
 * Begins kept out by a rule under `scan --workers N` (red team rt13 F4b). A TC-BEGIN a rule flagged is
 * filed by its dialogue (state/flagged-dialogues.ts) and no answer in it teaches a location or an
 * MSISDN ↔ IMSI link. The rule may read the subscriber's state, which only the thread detecting on
 * that subscriber holds, so only that thread (the Begin's owner) can decide it; an End naming another
 * IMSI is detected in that IMSI's thread, which had no flag and learned it, and every router
 * (api/workers-shard.ts) linked the MSISDN to it. Spoofed Begins are decided from the message alone
 * and filed in every thread already (Detector.observeRecord); this tells the others.
 *
 * Every thread sees every message in the same order, so it numbers alike the MAP Begins that may be
 * kept out (Detector.mayKeepOut: a candidate rule above info) and keeps each, with its dialogue keys,
 * in a local queue. A Begin is filed under the identities it carries (learn.ts flagDialogue), so the
 * outcome is one bit. Per owner, in a SharedArrayBuffer: a ring of outcome cells written by that
 * owner alone with plain stores (candidate number + 1, and the bit), and one progress counter, the
 * number after its last decided candidate, published with one Atomics.store per own candidate
 * (notify only when a thread waits on it). No cell has two writers; readers read a counter only at
 * their chunk ends (taking every decided outcome into their tables, in candidate order) and when they
 * must decide now: an answer in a queued dialogue that this thread detects on, or whose MSISDN its
 * router would link to its IMSI. Only those wait (Atomics.wait). f4b14 (bench/results-notes.md) wrote
 * a seq-cst cell and notified for every candidate, read a shared cell per message and cost 1.36× CPU.
 *
 * No deadlock: an owner publishes a candidate's outcome before it handles its next message, at the
 * end of each chunk and before any wait. A thread waits for the outcome of a Begin earlier in the
 * capture than the message it handles, from a thread that has not passed that Begin yet: every wait
 * points at a thread strictly behind in the capture, so waits form no cycle. The lead gate
 * (workers-flow.ts) could hold that thread for the waiting one (whose published position is the start
 * of its chunk): the waiting thread first publishes the end of its chunk.
 *
 * A wait ends without the outcome only for a thread that cannot give it: one that finished or died
 * (its lead-gate cell DONE: workers-entry.ts on every way out, workers-boot.ts when its script fails
 * to load), one that started and then showed no life for `stallMs` (a hung thread), or a cell the
 * ring reused before this thread read it (the main thread reads on past a stalled worker). The Begin
 * is then taken as kept out (fail closed) and counted (`workers.kept-out-unknown`, in the scan's
 * decode counters). That guess is this thread's alone, so its router may part from the others'
 * (alerts twice or never): it must never be made about a thread that is only slow. Life is the
 * thread's lead-gate position, its progress here and a beat it gives every {@link BEAT} messages it
 * routes and while it waits itself (here and in the lead gate): a thread deciding a 1 MiB chunk, or
 * waiting for a third thread, is alive. Not given up for want of life: a thread not started yet (no
 * beat yet: loading its modules, building its Scanner; up to {@link KEPT_OUT_START_MS}: a worker that
 * took longer than the 10 s stall to start at load ~40 gave `--workers 2` an extra alert on
 * pcaps/ss7-location-tracking.pcap and kept-out-unknown 2, bench/results-notes.md round 18), and the
 * main thread, whose pace is its caller's (a stream may pause for minutes).
 */
import type { IdentityKey } from '../core/identity-key.js';
import type { Detector } from '../detect/engine.js';
import type { MessageRecord } from '../events/record.js';
import type { TidKey } from '../state/dialogue-index.js';
import { imsiOf, keepsFlags, tidKey } from '../state/learn.js';
import type { Scanner } from './scanner.js';
import { DONE, type LeadGate } from './workers-flow.js';
import type { HeldLink, ShardRouter } from './workers-shard.js';

/**
 * Outcome cells per owner. A thread reads an outcome while its owner is at most this many candidate
 * Begins past it: the lead gate keeps threads within 4 MiB of capture (plus a chunk), and a MAP Begin
 * takes at least ~60 bytes (≤ ~90 k candidates).
 */
const SLOTS = 1 << 17;

/** Local queue of candidate Begins whose outcome is not read yet; when full, the oldest is waited for. */
const PENDING = 1 << 16;

/** How long a wait for an outcome lasts while its owner, started, shows no life (ms; module comment). */
export const KEPT_OUT_STALL_MS = 10_000;

/**
 * How long a wait lasts for a worker that has not started (ms; module comment): one whose script fails to
 * load is marked done at once (workers-boot.ts), so this bounds only a thread that never runs at all.
 */
const KEPT_OUT_START_MS = 120_000;

/** Decode counter: outcomes not read, each Begin taken as kept out (module comment). */
export const KEPT_OUT_UNKNOWN = 'workers.kept-out-unknown';

/** A thread beats once every this many messages it routes (module comment): one counter and mask a message. */
const BEAT = 256;

/** One Atomics.wait (ms) before the progress, the owner's position and the stall are read again. */
const WAIT_MS = 50;

export class KeptOutExchange {
  /** Per owner (SLOTS each): candidate number × 2 + 2 + kept, written by the owner alone. */
  private readonly cells: Int32Array;
  /** Per owner: the number after its last decided candidate (Atomics); then per owner, threads waiting on it. */
  private readonly progress: Int32Array;
  private readonly waiting: Int32Array;
  /**
   * Per owner and waiting thread: the progress it waits for (0: none). The owner notifies only once its
   * progress reaches one: a wake per own candidate kept a waiter waking hundreds of times per wait
   * (~0.4 ms of CPU a wait, 1.1 k waits in 40 MB of the routine capture; bench/results-notes.md round 16).
   */
  private readonly want: Int32Array;
  /** Per thread: 0 until it routes its first message (started), then bumped at every {@link beat}. */
  private readonly alive: Int32Array;
  /** Messages this thread routed ({@link before}): a beat every {@link BEAT}. */
  private routed = 0;
  private readonly threads: number;
  /** The queue, by candidate number modulo {@link cap}: dialogue keys, identities, capture second, owner. */
  private readonly tids: TidKey[] = [];
  private readonly links: string[] = [];
  private readonly imsis: (IdentityKey | undefined)[] = [];
  private readonly msisdns: (IdentityKey | undefined)[] = [];
  private readonly secs: number[] = [];
  private readonly owners: Int32Array;
  private readonly numbers: Float64Array;
  /**
   * The queue's slots by tid: a chained hash (bucket heads, then the next slot of the same bucket, −1
   * ending it), no Map (a Map set and delete per candidate cost ~5 % of a `--workers 2` thread: 52 k
   * candidates in 40 MB of the routine capture, bench/results-notes.md round 16); whether a slot was applied.
   */
  private readonly buckets: Int32Array;
  private readonly nextSame: Int32Array;
  private readonly done: Uint8Array;
  /** Per slot: the router's link held for its outcome (router path of {@link hold}), told the outcome when it is applied. */
  private readonly heldBy: (HeldOutcome | undefined)[] = [];
  /** The owner and its lead-gate position at which a wait last gave up: later waits on it there give up at once. */
  private stalledOwner = -1;
  private stalledAt = -1;
  /** Oldest candidate number not applied; the next number. */
  private first = 0;
  private count = 0;
  /** This thread's candidate detected on last (its outcome not published yet), and the detector's count before it. */
  private own = -1;
  private ownBefore = 0;
  /** Bytes pushed over all captures at the end of the chunk being pushed: published while waiting (module comment). */
  chunkEnd = 0;
  /** Waits for an outcome; outcomes not read (taken as kept out). */
  waits = 0;
  unknown = 0;

  /** `shared`: the buffer of {@link create}, the same in every thread; `me`: this thread's number; `gate` the threads' positions. */
  constructor(
    shared: SharedArrayBuffer,
    private readonly me: number,
    private readonly gate: LeadGate,
    private readonly stallMs = KEPT_OUT_STALL_MS,
    private readonly cap = PENDING,
    private readonly startMs = KEPT_OUT_START_MS,
  ) {
    const threads = new Int32Array(shared, 0, 1)[0]!;
    this.threads = threads;
    let at = 4;
    const next = (n: number): Int32Array => {
      const a = new Int32Array(shared, at, n);
      at += 4 * n;
      return a;
    };
    this.cells = next(threads * SLOTS);
    this.progress = next(threads);
    this.waiting = next(threads);
    this.want = next(threads * threads);
    this.alive = next(threads);
    this.owners = new Int32Array(cap);
    this.numbers = new Float64Array(cap);
    this.nextSame = new Int32Array(cap);
    this.done = new Uint8Array(cap);
    let n = 2;
    while (n < 2 * cap) n *= 2;
    this.buckets = new Int32Array(n).fill(-1);
  }

  static create(threads: number): SharedArrayBuffer {
    const shared = new SharedArrayBuffer(4 * (1 + threads * (SLOTS + 3) + threads * threads));
    new Int32Array(shared, 0, 1)[0] = threads;
    return shared;
  }

  /** This thread is alive: every {@link BEAT} messages it routes, and in its own waits, here and in the lead gate (module comment). */
  beat(): void {
    Atomics.add(this.alive, this.me, 1);
  }

  /** Before routing message `r`: publishes this thread's last outcome; a Continue refreshes its queued dialogues. */
  before(r: MessageRecord, det: Detector): void {
    if ((this.routed++ & (BEAT - 1)) === 0) this.beat();
    if (this.own >= 0) this.settle(det);
    if (this.first !== this.count && keepsFlags(r)) this.refresh(r, det.flagTtlSec);
  }

  /**
   * After routing message `r` to thread `shard`: queues a Begin that may be kept out; for an answer
   * this thread detects on, first reads the outcome of its dialogue's Begin (waits for it).
   */
  after(r: MessageRecord, shard: number, det: Detector): void {
    if (r.protocol !== 'map') return;
    if (r.tcapType === 'begin') {
      if (det.mayKeepOut(r)) this.queue(r, shard, det);
    } else if (shard === this.me && this.first !== this.count) this.resolve(r, det);
  }

  /**
   * The outcomes of the queued Begins of answer `r`'s dialogue (same dtid and called GT as their otid and
   * calling GT, the flags' match), read into this thread's tables, waiting for them if need be.
   */
  resolve(r: MessageRecord, det: Detector): void {
    if (this.first === this.count || r.protocol !== 'map' || r.tcapType === 'begin') return;
    const tid = tidKey(r.dtidCode, r.dtidText);
    if (tid === undefined) return;
    let s = this.buckets[this.bucket(tid)]!;
    if (s < 0) return;
    if (this.own >= 0) this.settle(det);
    const link = r.sccp.called.gt ?? '';
    while (s >= 0) {
      const next = this.nextSame[s]!;
      if (this.tids[s] === tid && sameLink(this.links[s]!, link)) this.apply(s, this.wait(this.numbers[s]!, this.owners[s]!), det);
      s = next;
    }
  }

  /**
   * The router's question for answer `r` (threadFilter): the outcomes its owners published already are
   * applied; the one still unpublished (another thread's candidate) is returned, not waited for: the router
   * holds the link on it (workers-shard.ts) and asks only when a later message's shard depends on it, or
   * never when the outcome is applied first (a chunk end's {@link take}). Two or more unpublished: waited for.
   */
  hold(r: MessageRecord, det: Detector): HeldOutcome | undefined {
    if (this.first === this.count || r.protocol !== 'map' || r.tcapType === 'begin') return undefined;
    const tid = tidKey(r.dtidCode, r.dtidText);
    if (tid === undefined) return undefined;
    let s = this.buckets[this.bucket(tid)]!;
    if (s < 0) return undefined;
    if (this.own >= 0) this.settle(det);
    const link = r.sccp.called.gt ?? '';
    let open = -1;
    let many = false;
    while (s >= 0) {
      const next = this.nextSame[s]!;
      if (this.tids[s] === tid && sameLink(this.links[s]!, link)) {
        const c = this.numbers[s]!;
        const o = this.owners[s]!;
        if (Atomics.load(this.progress, o) > c || o === this.me) this.apply(s, this.outcome(c, o), det);
        else if (open < 0) open = s;
        else many = true;
      }
      s = next;
    }
    if (open < 0) return undefined;
    if (many) {
      this.resolve(r, det);
      return undefined;
    }
    let h = this.heldBy[open];
    if (h === undefined) this.heldBy[open] = h = new HeldOutcome(this, det, this.numbers[open]!);
    return h;
  }

  /** The outcome of a held candidate not applied yet: waited for (HeldOutcome.linked). */
  settleHeld(h: HeldOutcome, det: Detector): void {
    const s = h.candidate % this.cap;
    if (this.numbers[s] === h.candidate && this.done[s] === 0) this.apply(s, this.wait(h.candidate, this.owners[s]!), det);
  }

  /** Publishes the outcome of this thread's last candidate (after it was detected on: before the next message, at a chunk end). */
  settle(det: Detector | undefined): void {
    const c = this.own;
    if (c < 0 || det === undefined) return;
    this.own = -1;
    const kept = det.keptOutBegins !== this.ownBefore ? 1 : 0;
    this.cells[this.me * SLOTS + (c % SLOTS)] = 2 * c + 2 + kept;
    Atomics.store(this.progress, this.me, c + 1);
    if (Atomics.load(this.waiting, this.me) === 0) return;
    const want = this.want;
    for (let k = 0, at = this.me * this.threads; k < this.threads; k++, at++) {
      const w = Atomics.load(want, at);
      if (w !== 0 && w <= c + 1) {
        Atomics.notify(this.progress, this.me);
        return;
      }
    }
  }

  /** At the end of a chunk (after {@link settle}): applies every queued outcome already published, oldest first, without waiting. */
  take(det: Detector | undefined): void {
    if (det === undefined) return;
    while (this.first < this.count) {
      const c = this.first;
      const s = c % this.cap;
      if (this.done[s] === 0) {
        const o = this.owners[s]!;
        if (Atomics.load(this.progress, o) <= c) return;
        this.apply(s, this.outcome(c, o), det);
      }
      this.first++;
    }
  }

  private queue(r: MessageRecord, owner: number, det: Detector): void {
    if (this.count - this.first >= this.cap) {
      // Full: the oldest is waited for (its owner is behind this thread; see the module comment).
      const c = this.first;
      const s = c % this.cap;
      if (this.done[s] === 0) this.apply(s, this.wait(c, this.owners[s]!), det);
      this.first++;
      this.take(det);
    }
    const c = this.count++;
    const s = c % this.cap;
    this.numbers[s] = c;
    this.owners[s] = owner;
    this.heldBy[s] = undefined;
    if (owner === this.me) {
      // This thread's own: only its outcome is published ({@link settle}); its detector files it in its
      // tables when it keeps it out (Detector.tellsKeptOut). Queued, half the candidates with 2 workers
      // cost their keys, chain and apply (callgrind, bench/results-notes.md round 17).
      this.done[s] = 1;
      this.own = c;
      this.ownBefore = det.keptOutBegins;
      return;
    }
    const tid = tidKey(r.otidCode, r.otidText)!;
    this.tids[s] = tid;
    this.links[s] = r.sccp.calling.gt ?? '';
    this.imsis[s] = imsiOf(r);
    this.msisdns[s] = det.msisdnKeyOf(r);
    this.secs[s] = r.tsSec;
    this.done[s] = 0;
    const b = this.bucket(tid);
    this.nextSame[s] = this.buckets[b]!;
    this.buckets[b] = s;
  }

  /** The outcome of candidate `c` of thread `owner` once published: 1 kept out, 0 not, −1 its cell was reused (not read in time). */
  private outcome(c: number, owner: number): number {
    const v = this.cells[owner * SLOTS + (c % SLOTS)]!;
    return v >> 1 === c + 1 ? v & 1 : -1;
  }

  /** The outcome of candidate `c` (detected by thread `owner`), waiting for it while its owner moves; −1 when it never came. */
  private wait(c: number, owner: number): number {
    const progress = this.progress;
    let p = Atomics.load(progress, owner);
    if (p > c) return this.outcome(c, owner);
    if (owner === this.me) return -1;
    this.waits++;
    // This thread is past every message before this one: the lead gate must not hold the owner for it.
    if (this.chunkEnd > 0) this.gate.advance(this.me, this.chunkEnd);
    const cells = this.gate.cells;
    let seen = this.life(owner);
    // An owner a wait gave up on, still where it was: given up at once (a dead worker cost every wait stallMs).
    if (owner === this.stalledOwner && seen === this.stalledAt) return -1;
    let since = performance.now();
    const mine = owner * this.threads + this.me;
    Atomics.store(this.want, mine, c + 1);
    Atomics.add(this.waiting, owner, 1);
    try {
      for (;;) {
        // Read after `want` is stored: the owner either sees it at its next progress or was past it already.
        p = Atomics.load(progress, owner);
        if (p > c) return this.outcome(c, owner);
        Atomics.wait(progress, owner, p, WAIT_MS);
        p = Atomics.load(progress, owner);
        if (p > c) return this.outcome(c, owner);
        if (Atomics.load(cells, owner) === DONE) return Atomics.load(progress, owner) > c ? this.outcome(c, owner) : -1;
        this.beat();
        // The main thread (owner 0) is never given up: its pace is its caller's (module comment).
        if (owner === 0) continue;
        const at = this.life(owner);
        const now = performance.now();
        if (at !== seen) [seen, since] = [at, now];
        else if (now - since >= (Atomics.load(this.alive, owner) === 0 ? this.startMs : this.stallMs)) {
          [this.stalledOwner, this.stalledAt] = [owner, at];
          return -1;
        }
      }
    } finally {
      Atomics.sub(this.waiting, owner, 1);
      Atomics.store(this.want, mine, 0);
    }
  }

  /** Thread `owner`'s life: its lead-gate position, its progress and its beats, each only growing (module comment). */
  private life(owner: number): number {
    return Atomics.load(this.gate.cells, owner) + Atomics.load(this.progress, owner) + Atomics.load(this.alive, owner);
  }

  /** Files the Begin of slot `s` where its outcome says (−1: not read, taken as kept out) and takes it off the queue. */
  private apply(s: number, outcome: number, det: Detector): void {
    if (this.done[s] !== 0) return;
    this.done[s] = 1;
    this.unlink(s);
    if (outcome < 0) this.unknown++;
    const h = this.heldBy[s];
    if (h !== undefined) {
      h.outcome = outcome;
      this.heldBy[s] = undefined;
    }
    if (outcome === 0) return;
    det.importKeptOut(this.tids[s]!, this.links[s]!, this.imsis[s], this.msisdns[s], this.secs[s]!);
  }

  /** A Continue of a queued Begin's dialogue keeps it as the store's flags are kept (state/learn.ts keepFlagged): either side's. */
  private refresh(r: MessageRecord, ttl: number): void {
    const dtid = tidKey(r.dtidCode, r.dtidText);
    if (dtid !== undefined) this.refreshTid(dtid, r.sccp.called.gt ?? '', r.tsSec, ttl);
    const otid = tidKey(r.otidCode, r.otidText);
    if (otid !== undefined) this.refreshTid(otid, r.sccp.calling.gt ?? '', r.tsSec, ttl);
  }

  private refreshTid(tid: TidKey, link: string, sec: number, ttl: number): void {
    for (let s = this.buckets[this.bucket(tid)]!; s >= 0; s = this.nextSame[s]!) {
      const was = this.secs[s]!;
      if (this.tids[s] === tid && sec > was && sec - was <= ttl && sameLink(this.links[s]!, link)) this.secs[s] = sec;
    }
  }

  /** The bucket of `tid` (a transaction id's code, or the text of an odd one). */
  private bucket(tid: TidKey): number {
    let h: number;
    if (typeof tid === 'number') h = Math.imul(tid ^ (tid >>> 15), 0x2c1b3c6d);
    else {
      h = 0;
      for (let i = 0; i < tid.length; i++) h = Math.imul(h ^ tid.charCodeAt(i), 0x01000193);
    }
    return ((h ^ (h >>> 16)) >>> 0) & (this.buckets.length - 1);
  }

  /** Takes slot `s` out of its bucket's chain. */
  private unlink(s: number): void {
    const b = this.bucket(this.tids[s]!);
    const after = this.nextSame[s]!;
    let p = this.buckets[b]!;
    if (p === s) {
      this.buckets[b] = after;
      return;
    }
    while (p >= 0 && this.nextSame[p] !== s) p = this.nextSame[p]!;
    if (p >= 0) this.nextSame[p] = after;
  }
}

/**
 * A link the router holds on another thread's candidate Begin (KeptOutExchange.hold): the answer teaches
 * it unless that Begin was kept out. −2 until the outcome is applied; then 0 not kept out, 1 kept out,
 * −1 never told (taken as kept out: fail closed).
 */
export class HeldOutcome implements HeldLink {
  outcome = -2;

  constructor(
    private readonly exchange: KeptOutExchange,
    private readonly det: Detector,
    readonly candidate: number,
  ) {}

  linked(): boolean {
    if (this.outcome === -2) this.exchange.settleHeld(this, this.det);
    return this.outcome === 0;
  }
}

/** As state/flagged-dialogues.ts: the same GT, or either names none. */
function sameLink(queued: string, link: string): boolean {
  return queued === link || queued === '' || link === '';
}

/**
 * The `detectFilter` of thread `shard` of a `scan --workers` scan (api/workers.ts, workers-entry.ts):
 * routes each message (ShardRouter) and tells and reads the Begins kept out (module comment). The
 * router asks whether a message may link its MSISDN only when the link would change: the outcomes of
 * its Begin published already are read first, and one not published yet is not waited for: the router
 * holds the link on it (workers-shard.ts). All waits of the routine capture were here, at the
 * InsertSubscriberData of UL dialogues (~1.2 k in its first 40 MB with 2 workers, bench/results-notes.md round 17).
 */
export function threadFilter(router: ShardRouter, scanner: Scanner, shard: number, exchange: KeptOutExchange): (r: MessageRecord) => boolean {
  const teachesLink = (m: MessageRecord): boolean | HeldLink => {
    const det = scanner.detectorInstance;
    if (det === undefined) return true;
    const held = exchange.hold(m, det);
    // A Begin kept out only adds a flag: what does not teach without it does not with it.
    if (!det.teachesLink(m)) return false;
    return held ?? true;
  };
  return (r) => {
    // Called once the detector exists (Scanner.record / settle).
    const det = scanner.detectorInstance!;
    det.tellsKeptOut = true;
    exchange.before(r, det);
    const s = router.shardOf(r, scanner.notation, teachesLink);
    exchange.after(r, s, det);
    return s === shard;
  };
}
