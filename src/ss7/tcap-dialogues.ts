/**
 * TCAP dialogue (transaction) table: lets Continue/End/Abort find the dialogue their Begin
 * opened, so they inherit its application context, results and errors inherit the opcode of
 * their invoke, and every event of a dialogue carries the subscriber identities seen anywhere in it.
 *
 * Keys: a transaction id is allocated by one node and is unique only there (Q.771 §3.2.1), so a
 * dialogue is registered under (address of the node that allocated the id, id): the calling
 * address of the message carrying it as OrigTransactionID. A message's DestTransactionID is then
 * looked up with its called address. GT translation can change address forms between directions
 * (GT in the Begin, PC+SSN in the answer), so a second index by id alone is the fallback.
 *
 * Corroboration (forged messages): transaction ids are 1-4 octets an attacker can guess or spray,
 * so the id alone must not bind a message (and the identities it carries) to a victim's dialogue.
 * Each key keeps a stamp of the node it names as the capture sees it — MTP point code (the label's
 * OPC for the node's own messages, DPC for messages to it; the address PC without a label) and
 * SSN — and a lookup by id alone is accepted only when the address form differs (one GT, one
 * PC+SSN: what GT translation does, Q.714 §2.4) and the stamps are equal (Q.714 §4.1.1: the answer
 * is addressed to the calling address, so SSN and the point code at the capture point stay the
 * same). A Continue naming a dialogue whose two transaction ids are known must carry one of them
 * as its OTID (each side's id is fixed for the dialogue, Q.774 §3.2.2), from the same node or a
 * corroborated other form of it; an End/Abort must come from the other side once it is known.
 * A Begin joins an orphan (reordering, below) only when its addressee is the orphan's sender:
 * the same node, or a corroborated other form of it, or a GT of the sender's E.164 country
 * (a Begin routed on an E.214 MGT or an MSISDN: `sameCountry`) — also when the orphan sits under the
 * Begin's exact (node, tid) key, which an attacker can pre-seed with a sprayed End/Continue to
 * the victim's node and a guessed tid (the Begin's calling address and tid are all the orphan
 * has to match). A refused join closes the orphan and the Begin opens its own dialogue.
 * Refusals are counted (`tcap.dialogues.uncorroborated`) and
 * reported (anomaly `tcap.dialogue-uncorroborated`); the message then has no dialogue.
 *
 * Index shape: one open-addressing hash table (KeyIndex below) keyed by (node id, tid): the node
 * text (the interned GT string of sccp-address.ts, or a cached PC/SSN text) is interned to a small
 * integer once per message, the tid string is hashed by its characters, and the dialogue itself
 * is the bounded table's entry (a BoundedEntry subclass) holding its keys packed in one array. The
 * tid-only fallback lives in the same table under node id TID_ONLY. Before: node → (tid →
 * dialogue) Maps plus a tid Map, and per dialogue a Dialogue object, a BoundedEntry and three key
 * arrays (see bench/results-notes.md, "hotdecode branch", for the measured effect).
 *
 * Bounded: at most `limits.dialogues` entries, least recently used (capture time) evicted first;
 * entries idle longer than `limits.dialogueAgeSec` (capture seconds) expire. Both are counted, and
 * an eviction is reported (a full table is an event, as in Suricata). Recency, both caps and the
 * eviction callback are the core bounded table's (core/bounded-table.ts); the key index here is
 * its index, cleaned up in the callback. Each dialogue holds at most MAX_KEYS_PER_DIALOGUE
 * transaction-id keys: the table counts dialogues, so without this cap a Continue flood giving one
 * known dialogue a fresh OTID each time grew the index and the dialogue's keys without bound
 * (found by test/fuzz/hostile-tcap.test.ts: 100 k Continues held 30 MB).
 *
 * Reordering (issue 15; self-contained: `openOrphan`, `joinOrphan`, `drainOrphans` and the
 * `awaitingBegin` / `ended` / `waitUntil` fields): with M3UA load sharing over several SCTP
 * associations, or merged multi-link captures, the HLR's Continue (InsertSubscriberData) or End
 * can be captured before the VLR's Begin, often at the same timestamp. A Continue/End/Abort whose
 * DestTransactionID is unknown opens an *orphan* dialogue registered under (its called address,
 * its DestTransactionID) — exactly the key the Begin will be opened under (its calling address,
 * its OrigTransactionID) — and waits `limits.reorderWaitSec` of capture time for it. A Begin
 * that finds an orphan, addressed to the orphan's sender (see Corroboration), joins it instead of
 * opening a new dialogue, so the ACN, the outstanding
 * invokes and the identities learned by either half are shared (the later message's event carries
 * both IMSI and MSISDN; events already emitted are not rewritten). An orphan whose End/Abort was
 * seen is closed once the Begin joined, or when the wait expires; a wait that expires is counted
 * (`tcap.dialogues.reorder-expired`: a dialogue captured without its Begin), a join is counted
 * (`tcap.dialogues.reordered`); waits still pending when the input ends count as expired
 * (`endOfInput`). Orphans are ordinary table entries (bounded by
 * `limits.dialogues`); the FIFO of pending waits is bounded by the same limit.
 */
import { lookupE164 } from '../attribution/e164.js';
import { CappedMap } from '../core/capped-map.js';
import type { AnomalyCode } from '../core/anomaly-codes.js';
import { BoundedEntry, BoundedTable, type EvictReason } from '../core/bounded-table.js';
import { fmix32, fnvStep, HASH_SEED } from '../core/hash.js';
import type { Counters } from '../core/stats.js';
import type { SccpAddressView } from '../events/record.js';

/**
 * One dialogue, and its own entry in the bounded table (recency; `stamp` is the capture time of
 * its last message; `live` is false once closed, expired or evicted).
 */
export class Dialogue extends BoundedEntry<never, Dialogue> {
  acn: string | undefined = undefined;
  /**
   * Outstanding invokes, packed as triples (tid of the invoking side, invoke id, opcode): usually
   * one, so a linear scan beats a Map per dialogue and a `${tid}:${id}` key string per component
   * (see {@link rememberInvoke}). Shared empty list until the first invoke, which creates an
   * exact-size literal. measured (sampling heap profiler, 1 M bench capture): three parallel
   * arrays created empty grew to 17 slots each on their first push, 203 B per message; packed,
   * ~60 B.
   */
  invokes: readonly (string | number)[] = NO_INVOKES;
  /** The subscriber's identities as TcapDecoder keeps them: asn1/tbcd.ts keys (1-15 decimal digits), else strings. */
  imsi: number | string | undefined = undefined;
  msisdn: number | string | undefined = undefined;
  /**
   * The keys this dialogue is registered under, packed as triples (node id, transaction id, node
   * stamp): the node that allocated the tid (interned, see DialogueTable.nodeId), the tid, and
   * the stamp of that node as the capture saw it ({@link nodeStamp}, to corroborate a lookup by
   * tid alone). One exact-size array, replaced when a key is added (pushing onto a small array
   * grows it to 17 slots; measured with the former three arrays, test/fuzz/hostile-reorder.test.ts,
   * 20 k orphans of 2 keys: push +3.7 MB live heap, exact-size literals +1.2 MB).
   */
  keys: readonly (number | string)[];
  /** Reordering: opened by a Continue/End/Abort; a Begin with the matching tid may still join. */
  awaitingBegin = false;
  /** Reordering: the End/Abort was seen while awaiting the Begin (close once joined or expired). */
  ended = false;
  /** Reordering: capture time (seconds) until which a Begin may join. */
  waitUntil = 0;
  /** Reordering: the orphan's sender (calling address key of its Continue/End) and its stamp. */
  sender: string | undefined = undefined;
  senderStamp = 0;

  constructor(nodeId: number, tid: string, stamp: number, nowSec: number) {
    super(undefined, null as unknown as Dialogue, nowSec, 0);
    this.value = this;
    this.keys = [nodeId, tid, stamp];
  }
}

/**
 * Remembers an invoke's opcode under (tid of the invoking side, invoke id), replacing an
 * outstanding invoke with the same key. False (nothing stored) when the dialogue already holds
 * MAX_INVOKES_PER_DIALOGUE invokes; that cap also bounds the linear scans here.
 */
export function rememberInvoke(d: Dialogue, tid: string, invokeId: number, opcode: number): boolean {
  const list = d.invokes as (string | number)[];
  if (list.length >= 3 * MAX_INVOKES_PER_DIALOGUE) return false;
  const i = findInvoke(list, tid, invokeId);
  if (i >= 0) list[i + 2] = opcode;
  else if (list.length === 0) d.invokes = [tid, invokeId, opcode];
  else list.push(tid, invokeId, opcode);
  return true;
}

/** The opcode of the outstanding invoke (tid, invokeId), forgotten when `forget`; undefined when unknown. */
export function invokedOpcode(d: Dialogue, tid: string, invokeId: number, forget: boolean): number | undefined {
  const list = d.invokes as (string | number)[];
  const i = findInvoke(list, tid, invokeId);
  if (i < 0) return undefined;
  const op = list[i + 2] as number;
  if (forget) {
    if (list.length === 3) d.invokes = NO_INVOKES;
    else {
      const last = list.length - 3;
      list[i] = list[last]!;
      list[i + 1] = list[last + 1]!;
      list[i + 2] = list[last + 2]!;
      list.length = last;
    }
  }
  return op;
}

/** Index of the triple (tid, invokeId) in a packed invoke list, -1 when absent. */
function findInvoke(list: readonly (string | number)[], tid: string, invokeId: number): number {
  for (let i = 0; i < list.length; i += 3) if (list[i + 1] === invokeId && list[i] === tid) return i;
  return -1;
}

/** The invoke list of a dialogue without outstanding invokes (shared; replaced, never written). */
const NO_INVOKES: readonly (string | number)[] = Object.freeze([]);

export interface DialogueLimits {
  dialogues: number;
  dialogueAgeSec: number;
  /** How long an orphan Continue/End waits for its Begin (capture seconds; default 0: same timestamp only). */
  reorderWaitSec?: number;
}

/**
 * Transaction-id keys one dialogue may be registered under: one per side (Q.771 §3.2.1), times
 * the address forms GT translation can give a node (GT in the Begin, PC+SSN in the answer).
 */
const MAX_KEYS_PER_DIALOGUE = 4;

/** Outstanding invokes remembered per dialogue: invoke ids are one octet per side (Q.773 §4.2.2.1). */
export const MAX_INVOKES_PER_DIALOGUE = 512;

/** Anomaly codes of the dialogue table's limits. */
export const DIALOGUE_ANOMALY = {
  EVICTED: 'tcap.dialogue-evicted',
  KEY_LIMIT: 'tcap.dialogue-key-limit',
  INVOKE_LIMIT: 'tcap.dialogue-invoke-limit',
  UNCORROBORATED: 'tcap.dialogue-uncorroborated',
} as const satisfies Record<string, AnomalyCode>;

/**
 * Where a node's messages are seen: MTP point code and SSN (< 2^8) packed as (pc + 1) * 512 +
 * (ssn + 1), 0 standing for absent, cut to 30 bits so it stays a small integer (4 B array element,
 * no heap number): exact for point codes below 2^21 (ITU 14-bit, Japanese 16-bit); ANSI 24-bit
 * codes that differ only in their top 3 bits share a stamp. See the module comment.
 */
export function nodeStamp(pc: number | undefined, ssn: number | undefined): number {
  return pcSsn(pc, ssn) & 0x3fffffff;
}

/** pc < 2^24 (ANSI), ssn < 2^8, absent as -1: (pc+1) * 512 + (ssn+1), exact and distinct. */
function pcSsn(pc: number | undefined, ssn: number | undefined): number {
  return (pc === undefined ? 0 : pc + 1) * 512 + (ssn === undefined ? 0 : ssn + 1);
}

/** True when `node` (with `stamp`), naming a tid registered under key `k`, is that node in another address form (module comment). */
function corroborates(k: string, kStamp: number, node: string, stamp: number): boolean {
  // Node keys: GT digits, or 'p…' (PC+SSN form; addressKey).
  return (k.charCodeAt(0) === 112) !== (node.charCodeAt(0) === 112) && kStamp === stamp;
}

/**
 * True when two node keys are global titles with the same E.164 country code. A Begin is often
 * routed on a GT that is not the answering node's own: UpdateLocation / SendAuthenticationInfo
 * on the E.214 MGT of the IMSI (CC + NC + MSIN, E.214 §4.3), SendRoutingInfo(-for-SM) on the
 * MSISDN (E.164) — while the HLR answers from its own GT (Q.714 §2.4: GT translation picks the
 * node). Both are in the subscriber's home country, as is the HLR answering them, so the country
 * code is the corroboration; a spray from another country is refused. Residual limit (README):
 * a spray from a GT of the victim's home country still joins. Only called on a join (rare): the
 * lookup builds the E.164 table lazily once.
 */
function sameCountry(a: string, b: string): boolean {
  if (a.charCodeAt(0) === 112 || b.charCodeAt(0) === 112) return false; // 'p…': PC+SSN form, no GT
  const ca = lookupE164(a);
  return ca !== undefined && ca.callingCode === lookupE164(b)?.callingCode;
}

export type DialogueLimitSink = (code: AnomalyCode, detail: string) => void;

/**
 * Node identity for the key: the GT digits when present (no prefix needed: digits are 0-9a-e,
 * never 'p'), else PC and SSN as `p${pc}/${ssn}`, cached by number so the same string object
 * comes back (bounded: a CappedMap). With GT strings interned by the SCCP decoder,
 * a node key is never built per message.
 */
export function addressKey(a: SccpAddressView): string {
  const gt = a.gt;
  if (gt !== undefined && gt !== '') return gt;
  const pc = a.pc;
  const ssn = a.ssn;
  const n = pcSsn(pc, ssn);
  let k = PC_KEYS.get(n);
  if (k === undefined) {
    k = `p${pc ?? ''}/${ssn ?? ''}`;
    PC_KEYS.set(n, k);
  }
  return k;
}

/** Cached PC/SSN node keys (a pure function of pc, ssn: safe to share). */
const PC_KEYS = new CappedMap<number, string>(4096);

/** Node ids without a key kept interned for reuse before a sweep frees them (bounds the node index). */
const MAX_EMPTY_NODES = 1024;

/** Node id of the tid-only fallback keys in the index (never a real node id, which are ≥ 0). */
const TID_ONLY = -1;
/** Node id of an empty index slot. */
const EMPTY = -2;

/** Smallest key index (slots): 1-3 dialogues are open at a time on the bench capture. */
const MIN_INDEX = 64;

/** Seeded FNV-1a over the tid's characters (hex text of 1-4 octets; any length is accepted): core/hash.ts. */
function tidHash(tid: string): number {
  let h = HASH_SEED;
  for (let i = 0; i < tid.length; i++) h = fnvStep(h, tid.charCodeAt(i));
  return h;
}

/** Slot hash of (node id, tid hash), fully mixed (core/hash.ts: crafted tids cannot share a probe run). */
function keyHash(nodeId: number, th: number): number {
  return fmix32(fnvStep(th, nodeId)) | 0;
}

/**
 * (node id, tid) → dialogue: open addressing with linear probing and backward-shift deletion (no
 * tombstones), load ≤ 1/2, grown ×2 and shrunk ÷2 (to a floor of MIN_INDEX slots) so it follows
 * the live key count. Node ids, hashes and tids in parallel arrays: a probe reads an Int32Array,
 * compares a tid string only on a hash match. Bounded by the dialogue table: ≤ 2 ×
 * MAX_KEYS_PER_DIALOGUE keys per dialogue (its keys and their tid-only entries).
 */
class KeyIndex {
  private mask = MIN_INDEX - 1;
  private nodes = new Int32Array(MIN_INDEX).fill(EMPTY);
  private hashes = new Int32Array(MIN_INDEX);
  private tids: (string | undefined)[] = new Array<string | undefined>(MIN_INDEX).fill(undefined);
  private vals: (Dialogue | undefined)[] = new Array<Dialogue | undefined>(MIN_INDEX).fill(undefined);
  size = 0;

  get(nodeId: number, tid: string, h: number): Dialogue | undefined {
    const nodes = this.nodes;
    const mask = this.mask;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const n = nodes[i]!;
      if (n === EMPTY) return undefined;
      if (n === nodeId && this.hashes[i] === h && this.tids[i] === tid) return this.vals[i];
    }
  }

  /** Sets (node id, tid) → d, replacing the dialogue held under it. */
  set(nodeId: number, tid: string, h: number, d: Dialogue): void {
    const nodes = this.nodes;
    const mask = this.mask;
    let i = h & mask;
    for (; ; i = (i + 1) & mask) {
      const n = nodes[i]!;
      if (n === EMPTY) break;
      if (n === nodeId && this.hashes[i] === h && this.tids[i] === tid) {
        this.vals[i] = d;
        return;
      }
    }
    nodes[i] = nodeId;
    this.hashes[i] = h;
    this.tids[i] = tid;
    this.vals[i] = d;
    if (++this.size * 2 > nodes.length) this.resize(nodes.length * 2);
  }

  /** Removes (node id, tid) when it maps to `d`. */
  delete(nodeId: number, tid: string, h: number, d: Dialogue): void {
    const nodes = this.nodes;
    const mask = this.mask;
    let i = h & mask;
    for (; ; i = (i + 1) & mask) {
      const n = nodes[i]!;
      if (n === EMPTY) return;
      if (n === nodeId && this.hashes[i] === h && this.tids[i] === tid) break;
    }
    if (this.vals[i] !== d) return;
    // Backward shift: move each later entry of the probe run whose home slot is not in (i, j] into the hole.
    for (let j = (i + 1) & mask; nodes[j] !== EMPTY; j = (j + 1) & mask) {
      const home = this.hashes[j]! & mask;
      if (j > i ? home <= i || home > j : home <= i && home > j) {
        nodes[i] = nodes[j]!;
        this.hashes[i] = this.hashes[j]!;
        this.tids[i] = this.tids[j];
        this.vals[i] = this.vals[j];
        i = j;
      }
    }
    nodes[i] = EMPTY;
    this.tids[i] = undefined;
    this.vals[i] = undefined;
    if (--this.size * 8 < nodes.length && nodes.length > MIN_INDEX) this.resize(nodes.length / 2);
  }

  private resize(cap: number): void {
    const { nodes, hashes, tids, vals } = this;
    this.nodes = new Int32Array(cap).fill(EMPTY);
    this.hashes = new Int32Array(cap);
    this.tids = new Array<string | undefined>(cap).fill(undefined);
    this.vals = new Array<Dialogue | undefined>(cap).fill(undefined);
    this.mask = cap - 1;
    for (let s = 0; s < nodes.length; s++) {
      if (nodes[s] === EMPTY) continue;
      let i = hashes[s]! & this.mask;
      while (this.nodes[i] !== EMPTY) i = (i + 1) & this.mask;
      this.nodes[i] = nodes[s]!;
      this.hashes[i] = hashes[s]!;
      this.tids[i] = tids[s];
      this.vals[i] = vals[s];
    }
  }
}

/**
 * LRU order is the bounded table's linked list (oldest → newest): a touch is a few pointer writes.
 * Before, a `Set` delete+add per touch (V8 leaves the deleted slot as a hole that iteration from
 * the front steps over until the next rehash; profiled at 20 → 38 µs per Begin as the table grew
 * from 10 k to 400 k entries). With the invoke arrays and the stored tids (no `key.slice()` on
 * close): A/B on a 561 k-message prefix of the generator capture, alternated 7×, median paired
 * ratio +8 % messages per CPU second (medians 124 k → 148 k; noisy machine, ratios −1 % to +38 %).
 */
export class DialogueTable {
  private readonly table: BoundedTable<never, Dialogue>;
  private readonly index = new KeyIndex();
  /** Node key text → node id; freed ids (no key left, swept) are reused. */
  private readonly nodeIds = new Map<string, number>();
  private readonly nodeNames: string[] = [];
  /** Keys held per node id. */
  private readonly nodeRefs: number[] = [];
  private readonly freeIds: number[] = [];
  /** Interned nodes without a key (kept for reuse until MAX_EMPTY_NODES, then swept). */
  private emptyNodes = 0;

  constructor(
    private readonly limits: DialogueLimits,
    private readonly counters?: Counters,
    private readonly onLimit?: DialogueLimitSink,
  ) {
    this.table = new BoundedTable<never, Dialogue>({
      maxEntries: limits.dialogues,
      maxAgeSec: limits.dialogueAgeSec,
      onEvict: (d, why) => this.evicted(d.value, why),
    });
  }

  get size(): number {
    return this.table.size;
  }

  /** The dialogue under (node, tid), exactly (no fallback, no touch); `th` = tidHash(tid). */
  private exact(node: string, tid: string, th: number): Dialogue | undefined {
    const id = this.nodeIds.get(node);
    return id === undefined ? undefined : this.index.get(id, tid, keyHash(id, th));
  }

  /**
   * Opens a dialogue for a Begin sent by `node` with OrigTransactionID `tid` — or joins the orphan
   * a Continue/End captured earlier registered under that key, when corroborated: `peer` (the
   * Begin's called address key) and `peerStamp` must name the orphan's sender (see the module
   * comment). Without `peer` no orphan is joined.
   */
  open(node: string, tid: string, nowSec: number, stamp = 0, peer?: string, peerStamp = 0): Dialogue {
    this.expire(nowSec);
    const th = tidHash(tid);
    const old = this.exact(node, tid, th) ?? this.orphanByTid(node, tid, th, stamp);
    if (old !== undefined) {
      if (old.awaitingBegin && nowSec <= old.waitUntil && this.joinable(old, tid, peer, peerStamp)) return this.joinOrphan(old, node, tid, nowSec, stamp);
      this.close(old);
    }
    return this.create(node, tid, th, nowSec, stamp);
  }

  /** A new dialogue keyed (node, tid); `th` = tidHash(tid). */
  private create(node: string, tid: string, th: number, nowSec: number, stamp: number): Dialogue {
    const id = this.nodeId(node);
    const d = new Dialogue(id, tid, stamp, nowSec);
    this.setKey(id, tid, th, d);
    this.table.insert(d, nowSec); // full: the least recently used dialogue is evicted
    return d;
  }

  // ---- reordering (see the module comment) ---------------------------------------------------

  /** Pending orphan waits, oldest first (FIFO from `orphanHead`); stale entries are skipped. */
  private orphans: Dialogue[] = [];
  private orphanHead = 0;

  /** Pending orphan waits in the FIFO (stale ones included): ≤ limits.dialogues. */
  get pendingOrphans(): number {
    return this.orphans.length - this.orphanHead;
  }

  /**
   * A Continue/End/Abort from `node` (its calling address key, with `stamp`) whose
   * DestTransactionID `peerTid` (allocated by `peerNode`, its called address) is unknown: opens
   * an orphan dialogue under (peerNode, peerTid) — the Begin's future key — and, for a Continue
   * (`tid`: its OrigTransactionID), also under (node, tid). `ended`: an End/Abort. Stamps: see
   * {@link nodeStamp} (`stamp` of the sender, `peerStamp` of the addressee). Call after a
   * {@link find} at the same `nowSec` missed (find expired the table; this does not again).
   */
  openOrphan(
    node: string,
    tid: string | undefined,
    stamp: number,
    peerNode: string,
    peerTid: string,
    peerStamp: number,
    nowSec: number,
    ended: boolean,
  ): Dialogue {
    // The sender's own key may name an orphan still waiting (its earlier Continue): that is no
    // Begin joining, and the orphan is already queued: it keeps its place and its wait (the FIFO
    // stays ordered by waitUntil). Queuing it again let the room-making below settle the
    // dialogue being opened when it was the head of a full FIFO.
    // Otherwise a new dialogue (never a join: only a Begin joins, so `d` is not in the FIFO yet).
    const th = tid !== undefined ? tidHash(tid) : 0;
    const own = tid !== undefined ? this.exact(node, tid, th) : undefined;
    if (own?.awaitingBegin) {
      this.table.touch(own, nowSec);
      if (this.nodeNames[own.keys[0] as number] !== peerNode || own.keys[1] !== peerTid) this.register(own, peerNode, peerTid, peerStamp);
      own.ended ||= ended;
      return own;
    }
    if (own !== undefined) this.close(own);
    const d = tid !== undefined ? this.create(node, tid, th, nowSec, stamp) : this.create(peerNode, peerTid, tidHash(peerTid), nowSec, peerStamp);
    if (tid !== undefined) this.register(d, peerNode, peerTid, peerStamp);
    d.awaitingBegin = true;
    d.ended = ended;
    d.waitUntil = nowSec + (this.limits.reorderWaitSec ?? 0);
    d.sender = node;
    d.senderStamp = stamp;
    // After create(): a full table evicts the least recently used dialogue first (settling it is then a no-op).
    if (this.orphans.length - this.orphanHead >= this.limits.dialogues) this.settleOrphan(this.orphans[this.orphanHead++]!);
    this.orphans.push(d);
    return d;
  }

  /**
   * A Begin addressed to `peer` (stamp `peerStamp`) may join orphan `d` only when `peer` is the
   * orphan's sender, or that node in its other address form (corroborated by the stamps), or a
   * global title of the sender's country (see {@link sameCountry}). Else counted and reported;
   * the caller closes the orphan.
   */
  private joinable(d: Dialogue, tid: string, peer: string | undefined, peerStamp: number): boolean {
    const sender = d.sender!;
    if (peer !== undefined && (peer === sender || corroborates(sender, d.senderStamp, peer, peerStamp) || sameCountry(peer, sender))) return true;
    this.uncorroborated(`Begin with transaction id ${tid} addressed to ${peer ?? 'an unknown node'}: the waiting orphan came from ${sender}`);
    return false;
  }

  /** The Begin arrived: the orphan becomes an ordinary dialogue (closed after this message when it had ended). */
  private joinOrphan(d: Dialogue, node: string, tid: string, nowSec: number, stamp: number): Dialogue {
    d.awaitingBegin = false;
    this.counters?.inc('tcap.dialogues.reordered');
    this.register(d, node, tid, stamp);
    this.table.touch(d, nowSec);
    return d;
  }

  /**
   * An orphan registered under `tid` by the fallback index, when GT translation changed the address
   * form, and corroborated (see the module comment). Only orphans in the wait FIFO have
   * `awaitingBegin` (settled ones are cleared, and expire() empties a fully drained FIFO), so with
   * none pending the Begin skips this second lookup.
   */
  private orphanByTid(node: string, tid: string, th: number, stamp: number): Dialogue | undefined {
    if (this.orphans.length === this.orphanHead) return undefined;
    const d = this.index.get(TID_ONLY, tid, keyHash(TID_ONLY, th));
    return d?.awaitingBegin ? this.corroborated(d, node, tid, stamp) : undefined;
  }

  /** `d`, found by `tid` alone, when its key for `tid` corroborates (node, stamp); else counted, reported, undefined. */
  private corroborated(d: Dialogue, node: string, tid: string, stamp: number): Dialogue | undefined {
    // The index holds `tid` alone only for a dialogue with a key of that tid (unindex drops it), maybe several (address forms).
    const k = d.keys;
    let of: string | undefined;
    for (let i = 0; i < k.length; i += 3) {
      if (k[i + 1] !== tid) continue;
      const name = this.nodeNames[k[i] as number]!;
      if (corroborates(name, k[i + 2] as number, node, stamp)) return d;
      of ??= name;
    }
    this.uncorroborated(`transaction id ${tid} of ${of} addressed as ${node}: not the same node`);
    return undefined;
  }

  private uncorroborated(detail: string): void {
    this.counters?.inc('tcap.dialogues.uncorroborated');
    this.onLimit?.(DIALOGUE_ANOMALY.UNCORROBORATED, detail);
  }

  /**
   * A Continue from (node, tid) in `d`, found by its DestTransactionID: registers the sender's id
   * (the responder's first Continue) or checks it is one of the dialogue's (see the module comment).
   * False when refused (counted and reported): the message must not use `d`.
   */
  answer(d: Dialogue, node: string, tid: string, stamp: number): boolean {
    const k = d.keys;
    let other: string | undefined;
    let both = false;
    for (let i = 0; i < k.length; i += 3) {
      const t = k[i + 1] as string;
      if (t === tid) {
        const name = this.nodeNames[k[i] as number]!;
        if (name === node) return true;
        if (corroborates(name, k[i + 2] as number, node, stamp)) {
          this.register(d, node, tid, stamp);
          return true;
        }
        this.uncorroborated(`transaction id ${tid} of ${name} sent by ${node}: not the same node`);
        return false;
      }
      if (other === undefined) other = t;
      else if (t !== other) both = true;
    }
    if (both) {
      this.uncorroborated(`dialogue's transaction ids are known; ${tid} from ${node} is neither`);
      return false;
    }
    this.register(d, node, tid, stamp);
    return true;
  }

  /**
   * An End/Abort from (node, stamp) in `d`, found by its DestTransactionID `dtid`. Once the other
   * side is known (a tid other than `dtid`), the sender must be that side: one of its keys, or a
   * corroborated other form of it. False when refused (counted and reported): a forged End must
   * neither close nor feed the dialogue.
   */
  ending(d: Dialogue, node: string, dtid: string, stamp: number): boolean {
    const k = d.keys;
    let other = false;
    for (let i = 0; i < k.length; i += 3) {
      if (k[i + 1] === dtid) continue;
      const name = this.nodeNames[k[i] as number]!;
      if (name === node || corroborates(name, k[i + 2] as number, node, stamp)) return true;
      other = true;
    }
    if (!other) return true;
    this.uncorroborated(`End/Abort for transaction id ${dtid} sent by ${node}: not the dialogue's other side`);
    return false;
  }

  /** Expired waits: counted; an orphan that had ended is closed now. */
  private drainOrphans(nowSec: number): void {
    const q = this.orphans;
    while (this.orphanHead < q.length && q[this.orphanHead]!.waitUntil < nowSec) this.settleOrphan(q[this.orphanHead++]!);
    if (this.orphanHead === q.length) {
      q.length = 0;
      this.orphanHead = 0;
    } else if (this.orphanHead > 1024 && this.orphanHead * 2 > q.length) {
      this.orphans = q.slice(this.orphanHead);
      this.orphanHead = 0;
    }
  }

  /**
   * The input ended: no Begin can join any more. Every orphan still waiting is settled like an
   * expired wait (counted as reorder-expired; one whose End/Abort was seen is closed).
   */
  endOfInput(): void {
    const q = this.orphans;
    while (this.orphanHead < q.length) this.settleOrphan(q[this.orphanHead++]!);
    q.length = 0;
    this.orphanHead = 0;
  }

  private settleOrphan(d: Dialogue): void {
    if (!d.live || !d.awaitingBegin) return;
    d.awaitingBegin = false;
    this.counters?.inc('tcap.dialogues.reorder-expired');
    if (d.ended) this.close(d);
  }

  /** Registers the other side's transaction id (first Continue of the responder). */
  register(d: Dialogue, node: string, tid: string, stamp = 0): void {
    const th = tidHash(tid);
    const old = this.exact(node, tid, th);
    if (old === d) return;
    const k = d.keys;
    if (k.length >= 3 * MAX_KEYS_PER_DIALOGUE) {
      this.counters?.inc('tcap.dialogues.key-limit');
      this.onLimit?.(DIALOGUE_ANOMALY.KEY_LIMIT, `dialogue already has ${k.length / 3} transaction ids; ${tid} not registered`);
      return;
    }
    if (old !== undefined) this.close(old);
    const id = this.nodeId(node);
    this.setKey(id, tid, th, d);
    d.keys = k.length === 3 ? [k[0]!, k[1]!, k[2]!, id, tid, stamp] : [...k, id, tid, stamp];
  }

  /**
   * The dialogue whose node `node` allocated `tid` (a message's called address + DestTransactionID);
   * by `tid` alone only when corroborated by `stamp` (the addressee's, see {@link nodeStamp}).
   */
  find(node: string, tid: string, nowSec: number, stamp = 0): Dialogue | undefined {
    this.expire(nowSec);
    const th = tidHash(tid);
    const id = this.nodeIds.get(node);
    let d = id === undefined ? undefined : this.index.get(id, tid, keyHash(id, th));
    if (d === undefined) {
      d = this.index.get(TID_ONLY, tid, keyHash(TID_ONLY, th));
      if (d !== undefined) d = this.corroborated(d, node, tid, stamp);
    }
    if (d !== undefined) this.table.touch(d, nowSec);
    return d;
  }

  close(d: Dialogue): void {
    if (!d.live) return;
    this.table.delete(d);
    this.unindex(d);
  }

  /** The bounded table evicted `d` (idle: counted; table full: counted and reported). */
  private evicted(d: Dialogue, why: EvictReason): void {
    this.unindex(d);
    if (why === 'age') this.counters?.inc('tcap.dialogues.expired');
    else {
      this.counters?.inc('tcap.dialogues.evicted');
      this.onLimit?.(DIALOGUE_ANOMALY.EVICTED, `dialogue table full (${this.limits.dialogues}): least recently used dialogue evicted`);
    }
  }

  /** Removes `d`'s keys from the index (it left the table). */
  private unindex(d: Dialogue): void {
    const k = d.keys;
    for (let i = 0; i < k.length; i += 3) {
      const id = k[i] as number;
      const tid = k[i + 1] as string;
      const th = tidHash(tid);
      this.index.delete(id, tid, keyHash(id, th), d);
      this.index.delete(TID_ONLY, tid, keyHash(TID_ONLY, th), d);
      if (--this.nodeRefs[id]! === 0 && ++this.emptyNodes > MAX_EMPTY_NODES) this.sweepEmptyNodes();
    }
  }

  /** Indexes `d` under (node id, tid) and under tid alone (the last dialogue registered under it); `th` = tidHash(tid). */
  private setKey(id: number, tid: string, th: number, d: Dialogue): void {
    this.index.set(id, tid, keyHash(id, th), d);
    this.index.set(TID_ONLY, tid, keyHash(TID_ONLY, th), d);
    if (this.nodeRefs[id]!++ === 0) this.emptyNodes--;
  }

  /** The node's id, interned (a new node starts without keys: counted as empty until setKey). */
  private nodeId(node: string): number {
    let id = this.nodeIds.get(node);
    if (id === undefined) {
      id = this.freeIds.length > 0 ? this.freeIds.pop()! : this.nodeNames.length;
      this.nodeNames[id] = node;
      this.nodeRefs[id] = 0;
      this.nodeIds.set(node, id);
      this.emptyNodes++;
    }
    return id;
  }

  /** Frees the node ids without keys (amortised: after MAX_EMPTY_NODES of them). */
  private sweepEmptyNodes(): void {
    for (const [node, id] of this.nodeIds) {
      if (this.nodeRefs[id] !== 0) continue;
      this.nodeIds.delete(node);
      this.freeIds.push(id);
    }
    this.emptyNodes = 0;
  }

  /** Drops dialogues idle for more than dialogueAgeSec of capture time; settles expired reorder waits. */
  expire(nowSec: number): void {
    if (this.orphans.length !== 0) this.drainOrphans(nowSec);
    this.table.expire(nowSec);
  }
}
