/**
 * Subscriber state: where each subscriber is registered, as far as the trusted traffic says.
 * Keyed by IMSI; a subscriber seen only by MSISDN is keyed `tel:<msisdn>` until its IMSI shows
 * up (then the record is re-keyed). The MSISDN index links numbers to records. The keys are
 * core/identity-key.ts keys (the digits as a number, one-to-one with the text): a scan looks
 * subscribers up by the record's `imsiKey()` / `msisdnKey()` and the decoder's digits stay octets;
 * a record's `imsi` / `msisdn` texts are made when it is created or re-linked.
 *
 * Bounded (core/limits.ts): at most `subscribers` records; a record not updated for
 * `subscriberTtlSec` of capture time expires. The records live in a slot table with the core
 * bounded table's caps and order (core/slot-table.ts), in update order (an update moves its record
 * to the newest end), so the oldest record is always first: eviction and the TTL sweep are O(1)
 * per record and need no timer.
 */
import { grown } from '../core/typed-arrays.js';
import { TIME_JUMP_SEC } from '../core/time.js';
import { Interner } from '../core/capped-map.js';
import type { EvictReason } from '../core/bounded-table.js';
import { SlotTable } from '../core/slot-table.js';
import { KeyIndex } from '../core/key-index.js';
import type { Limits } from '../core/limits.js';
import type { NetworkInfo } from '../attribution/types.js';
import { imsiKeyOf, imsiText, msisdnKeyOf, msisdnText, telKey, type IdentityKey } from '../core/identity-key.js';
import { HistoryPool } from './history-pool.js';
import { RefTable } from '../core/ref-table.js';
import { KeyColumn } from '../core/key-column.js';
import { DialogueIndex } from './dialogue-index.js';
import { SeenDialogues } from './seen-dialogues.js';
import { HeldResults } from './held-results.js';
import { PendingPresence } from './pending-presence.js';
import { DialogueFlags, flagTtlSec } from './flagged-dialogues.js';
import { withPrior, type PriorLink, type PriorPlace } from './prior-links.js';
import { NumberEvidence } from './number-evidence.js';

/** How a location was learned. */
export type LocationKind = 'vlr' | 'msc' | 'sgsn' | 'mme';

export interface Location {
  info: NetworkInfo;
  kind: LocationKind;
  /** The node address (VLR/MSC/SGSN E.164 digits) or the MME's realm / Origin-Host. */
  address?: string;
  /** Capture time the location was learned (seconds). */
  tsSec: number;
  tsNsec: number;
  /** Frame of the evidence; 0 when seeded or restored from outside a capture. */
  frame: number;
  /**
   * The most recent evidence that the subscriber is still there (presence model, learn.ts):
   * velocity is measured from here, not from `tsSec` (arrival). Absent: only the arrival is known.
   */
  confirmed?: Confirmation | undefined;
}

/** A presence confirmation: capture time, frame and the message that gave it. */
interface Confirmation {
  tsSec: number;
  tsNsec: number;
  frame: number;
  /** Message name, e.g. `UL` (periodic re-registration), `ISD`, `UL result`, `IDR`. */
  by: string;
}

/**
 * A location claim a rule flagged (`thresholds.flagged_claims: record`): kept for explanations and
 * the snapshot, never trusted (it does not become `visited` nor enter `history`).
 */
export interface FlaggedClaim extends Location {
  rule: string;
}

/** Flagged claims kept per subscriber (oldest dropped). */
const MAX_CLAIMS = 4;

/**
 * `SubscriberRecord.claims` of a record with flagged claims while it is in the store: the claims
 * themselves sit in the store's claim pool ({@link SubscriberStore.claims} reads them; the
 * snapshot writes them in this key's place). Shared, frozen, empty.
 */
const IN_STORE: FlaggedClaim[] = Object.freeze([]) as unknown as FlaggedClaim[];

const KINDS: readonly LocationKind[] = ['vlr', 'msc', 'sgsn', 'mme'];

/**
 * `SubscriberRecord.history` / `.visited` of a record while the store holds it: the locations sit
 * in the store's history pool (state/history-pool.ts; read them with {@link SubscriberStore.history},
 * {@link SubscriberStore.visited}, ...). The placeholders keep the record's own key order (the
 * snapshot writes the locations in their place): `visited` is set and deleted when today's object was.
 */
const HISTORY_IN_STORE: Location[] = Object.freeze([]) as unknown as Location[];
/** `history` of a record the store no longer holds (evicted, replaced): it forgets the locations. */
const FORGOTTEN: Location[] = Object.freeze([]) as unknown as Location[];
const VISITED_IN_STORE: Location = Object.freeze({ info: Object.freeze({ source: 'unknown' }), kind: 'vlr', tsSec: 0, tsNsec: 0, frame: 0 }) as Location;
/**
 * A record's block in the history pool (a symbol key: structuredClone and JSON skip it), EMPTY
 * while the store holds it without locations (a block is taken at the first: 5 slots' reference
 * columns are ~150 B of heap), NOT_HELD when no store holds it (its own objects are its locations: restored or seeded before put, or none once evicted).
 */
const HIST = Symbol('sigwatch.historyBlock');
const EMPTY = -1;
const NOT_HELD = -2;
type Held = SubscriberRecord & { [HIST]?: number };
/**
 * A record {@link SubscriberStore.touchKey} creates: a plain object's keys in the order they are
 * set (`history`, `updatedSec`, then the identities, home, HLR, visited as learned: the snapshot
 * writes them so), but made by a constructor, so V8 sizes it by slack tracking to the properties its
 * first instances took and they stay in the object. measured (heap snapshot, rt7 M1 capture, 64 k
 * records): as a literal, `{history, updatedSec}` + 5 later keys spilled into a 64 B property array
 * (the record itself 40 B), promoted with each record and dropped with it when evicted.
 */
class StoreRecord implements SubscriberRecord {
  declare history: Location[];
  declare updatedSec: number;
  constructor(updatedSec: number) {
    this.history = HISTORY_IN_STORE;
    this.updatedSec = updatedSec;
  }
}

/** End of a free list; a slot without claims. */
const NIL = -1;
/** Claim blocks (MAX_CLAIMS slots each) the pool starts with; it doubles when full. */
const INITIAL_BLOCKS = 64;

export interface SubscriberRecord {
  imsi?: string;
  msisdn?: string;
  /** The subscriber's home network (IMSI MCC/MNC or MSISDN country, profile home when it matches). */
  home?: NetworkInfo | undefined;
  /**
   * Current visited network and its evidence; undefined after a purge or before anything is known.
   * In a record the store holds, a placeholder: read it with {@link SubscriberStore.visited}.
   */
  visited?: Location | undefined;
  /**
   * Trusted locations, oldest first, at most {@link HISTORY} (the last one is the newest). In a
   * record the store holds, an empty placeholder: read them with {@link SubscriberStore.history}.
   * In a record the store evicted or replaced, a frozen empty array (its locations are forgotten).
   */
  history: Location[];
  /**
   * Flagged location claims, oldest first, at most {@link MAX_CLAIMS}; absent until the first. In
   * a record the store holds, an empty placeholder: read them with {@link SubscriberStore.claims}.
   */
  claims?: FlaggedClaim[];
  /** Last HLR GT / HSS host that served the subscriber. */
  hlr?: string;
  /** Capture time of the last update (seconds). */
  updatedSec: number;
  /**
   * The IMSIs the record's MSISDN was linked to before this record took it, within the link TTL
   * (state/prior-links.ts); absent on a record whose number never moved.
   */
  priorImsis?: PriorLink[];
}

/**
 * A number that moved to another IMSI (`state.msisdn-relinked`), or whose new IMSI is located in another country
 * than an IMSI it left within the link TTL (`state.msisdn-moved-country`): the texts and countries an analyst reads.
 */
export interface NumberMove {
  readonly msisdn: string;
  readonly from: string;
  readonly fromCountry: string | undefined;
  readonly to: string;
  readonly toCountry: string | undefined;
}

/** Moves of each kind kept for the next report (the engine takes them per message): the rest are counted only. */
const MOVE_NOTES = 4;

/**
 * A record updated again within this many capture seconds keeps its LRU position: a UL dialogue
 * touches the same subscriber 3-5 times within a second, and the Map delete+set of each touch was
 * 12% of the mixed benchmark. Eviction and TTL order are therefore exact to within 60 s.
 */
const REORDER_SEC = 60;

/** Node addresses shared by {@link SubscriberStore.intern} (a Map of ≤ 4096 short strings: < 0.5 MB). */
const ADDRESSES = 4096;

/** Trusted locations kept per subscriber: impossible-travel needs only the latest; 4 aid explanations. */
const HISTORY = 4;

/**
 * Registrations awaiting the HLR's / HSS's answer (presence model, learn.ts). The HLR answers a UL
 * within its operation timer (TS 29.002 §17.1.2 timer m: 15-30 s), so a claim lives about that long
 * where the capture shows answers; the oldest is dropped beyond this many (never trusted).
 */
const PENDING = 4096;
/**
 * Dialogues kept out whose answers teach nothing (flagged-dialogues.ts): 65,536 flags a ring; a store has two
 * (DialogueFlags: spoofed Begins, rule-flagged ones), 9.9–11 MB of heap both full with numeric keys, 24.6 MB with string keys (review 14-B).
 */
export const FLAGGED_DIALOGUES = 16 * PENDING;

/**
 * An answer to a registration that had no claim to settle (learn.ts): its request may follow it,
 * captured out of order (several links merged into one capture, core/limits.ts reorderWaitSec).
 */
export interface EarlyAnswer {
  readonly accepted: boolean;
  /** The node the MAP answer was sent to (none for a ULA). */
  readonly node: string | undefined;
  /** The MAP answer's dtid (learn.ts tidKey: the UL's otid when it answers that UL); none for a ULA. */
  readonly tid: number | string | undefined;
  /**
   * Which answer it is, as the request that answers to it names it (learn.ts register; red-team round 20 N7, N7b, N9):
   * MAP, the orphan dialogue's number (`MessageRecord.orphan`: the Begin joins it only when its addressee sent it,
   * not the Begin's own side, ss7/tcap-dialogues.ts setOpener); Diameter, the answer's frame (the request's
   * `earlyAnswer`: the transaction table joined it, same ids on the reverse of its connection). −1: none.
   */
  readonly ref: number;
  readonly tsSec: number;
}

/** Early answers kept (the oldest dropped): each waits only reorderWaitSec. */
const EARLY = 1024;

/**
 * How long a claim waits for its answer, in capture seconds: the HLR answers a UL within its
 * operation timer (TS 29.002 §17.1.2 timer m: 15-30 s), the HSS a ULR within the Diameter answer
 * timeout (RFC 6733 §5.5.1 Tw, 30 s). Also how long a settled claim can still be refused.
 */
const CLAIM_WAIT_SEC = 30;
/** {@link SubscriberStore}'s first time: none yet, held (one time seen), confirmed (review 18-A F2). */
const FIRST_NONE = 0;
const FIRST_HELD = 1;
const FIRST_CONFIRMED = 2;

/** A registration claim (learn.ts): `moved` when it was trusted at once (no answer seen yet in the scan). */
export interface PendingRegistration {
  readonly loc: Location;
  /**
   * The request's transaction: the UL's TCAP otid (code, else text; learn.ts tidKey), the ULR's
   * End-to-End id (learn.ts claimOfTransaction; before fix11 undefined, and so in older state files).
   */
  readonly tid: number | string | undefined;
  /** Where its answers go: the UL's calling GT; where the ULR went: its Destination-Realm (Origin-Host in older state files). */
  readonly link: string | undefined;
  readonly moved: boolean;
  /** The request created the record: while the claim is all it holds, the record goes with the claim. */
  readonly created: boolean;
  /** Before a move: the visited location and whether it was the newest history entry (a refusal restores it). */
  readonly prev: Location | undefined;
  readonly prevNewest: boolean;
}

/** A registration claim the HLR/HSS accepted at `atSec` (capture seconds): a refusal within CLAIM_WAIT_SEC still takes it back. */
export interface AcceptedRegistration extends PendingRegistration {
  readonly atSec: number;
}

export interface StoreCounters {
  created: number;
  /** Evicted by the count cap (`limits.subscribers`), claim-only records first (below). */
  evictedLru: number;
  evictedTtl: number;
  /**
   * Of `evictedLru`: records whose only location came from registrations the capture never showed
   * answered ({@link SubscriberStore.markClaimOnly}; red-team rt19 M5): evicted before any other.
   */
  evictedClaimOnly: number;
  /**
   * Of `evictedLru`: other records with a trusted location (`state.located-subscriber-evicted`):
   * the store forgot where they are, so impossible-travel and the visited-network checks start
   * again for them. Only once no claim-only record is left to evict.
   */
  evictedLocated: number;
  /** Flagged claims dropped beyond MAX_CLAIMS per subscriber (the oldest). */
  claimsDropped: number;
  /** MSISDNs that moved from one IMSI's record to another's (reported as `state.msisdn-relinked`). */
  relinked: number;
  /** Numbers whose IMSI is located in another country than one they left within the link TTL (`state.msisdn-moved-country`). */
  movedCountry: number;
}

/**
 * A table entry is a slot number (core/slot-table.ts): its record, its identity keys, whether
 * byMsisdn maps `rec.msisdn` to it (a recycled number can point to a newer record) and its claim
 * block sit in the store's slot arrays. measured (issue 19, subhist2, heap snapshot at the end of
 * the 3M alert flood, 24 k subscribers): the entry object (BoundedEntry subclass, 12 fields, 120 B)
 * and its two keys as heap numbers (16 B each) were 152 B of V8 heap per subscriber; the slot
 * arrays are 8 B of heap (the record reference) + 38 B of ArrayBuffer per slot. The LRU order is
 * the slot table's linked list (a move is four index writes, the sweep a look at the head).
 */
type Slot = number;

export class SubscriberStore {
  /** Keyed by IMSI (or `tel:<msisdn>`); age = capture seconds since `rec.updatedSec`. */
  private readonly table: SlotTable;
  /**
   * The table's index by key (core/key-index.ts: digit keys hashed inline; the table's own Map
   * index is unused, entries are inserted unkeyed).
   */
  private readonly byKey = new KeyIndex<Slot>();
  /** Per slot: the record (packed: slots are first handed out in order). */
  private readonly recs: (SubscriberRecord | undefined)[] = [];
  /** Per slot: the keys of `rec.imsi` / `rec.msisdn` (core/key-column.ts). */
  private readonly imsiK = new KeyColumn();
  private readonly msisdnK = new KeyColumn();
  /** Per slot: byMsisdn maps the record's MSISDN to it. */
  private owns = new Uint8Array(0);
  /** Per slot: the record's block in the claim pool, NIL without claims. */
  private claimBlock = new Int32Array(0);
  // MSISDN key → slot directly (not → key): one lookup per MSISDN-only event instead of two.
  private readonly byMsisdn = new KeyIndex<Slot>();
  /** Node addresses by their text (see {@link SubscriberStore.intern}). */
  private readonly addresses = new Interner(ADDRESSES);
  /**
   * Flagged claims: one block of MAX_CLAIMS slots per record that has any (a ring: `blockStart`,
   * `blockCount`), the slots' numbers in typed arrays and their texts and network as references.
   * measured (issue 19, heap snapshot at 80 % of the 755 k-message alert flood, 21 k records with
   * 48 k claims): a 7-key object per claim and an array per record held 5.4 MB of V8 heap (a live
   * heap the old generation then grows to four times between mark-compacts); the pool ~2 MB, of
   * which 1 MB (the typed arrays) outside it. Freed blocks are reused (free list through blockStart).
   */
  private claimSec = new Float64Array(INITIAL_BLOCKS * MAX_CLAIMS);
  /** Float64 as the history pool's (state/history-pool.ts): a caller's nanoseconds kept as given. */
  private claimNsec = new Float64Array(INITIAL_BLOCKS * MAX_CLAIMS);
  private claimFrame = new Float64Array(INITIAL_BLOCKS * MAX_CLAIMS);
  private claimKind = new Uint8Array(INITIAL_BLOCKS * MAX_CLAIMS);
  /** Ids into {@link claimInfos}, {@link claimAddresses}, {@link claimRules} (core/ref-table.ts; 0: none). */
  private claimInfo = new Int32Array(INITIAL_BLOCKS * MAX_CLAIMS);
  private claimAddress = new Int32Array(INITIAL_BLOCKS * MAX_CLAIMS);
  private claimRule = new Int32Array(INITIAL_BLOCKS * MAX_CLAIMS);
  private readonly claimInfos = new RefTable<NetworkInfo>();
  private readonly claimAddresses = new RefTable<string>();
  private readonly claimRules = new RefTable<string>();
  private blockStart = new Int32Array(INITIAL_BLOCKS);
  private blockCount = new Uint8Array(INITIAL_BLOCKS);
  private blockTop = 0;
  private blockFree = NIL;
  /**
   * The records' location histories and visited locations (state/history-pool.ts). measured
   * (subhist, 24 k subscribers, live heap after gc()): a full confirmed history as objects ~720 B
   * of V8 heap per subscriber, in the pool ~165 B heap + ~300 B ArrayBuffer.
   */
  private readonly hist = new HistoryPool();
  /** What the scan saw the HLR say of each record's number at its registrations (state/number-evidence.ts). */
  readonly numbers = new NumberEvidence();
  readonly counters: StoreCounters = {
    created: 0,
    evictedLru: 0,
    evictedTtl: 0,
    evictedClaimOnly: 0,
    evictedLocated: 0,
    claimsDropped: 0,
    relinked: 0,
    movedCountry: 0,
  };
  /** The first {@link MOVE_NOTES} relinks since {@link takeMoves} (`state.msisdn-relinked` names them: review 15-B #9). */
  private relinkNotes: NumberMove[] = [];
  /** Likewise the moves across countries (`state.msisdn-moved-country`). */
  private countryNotes: NumberMove[] = [];
  /**
   * Relinks plus moves across countries counted: the engine's per-message check compares this one number (a second
   * compare in that check cost the routine Scanner window 11 M instructions in round 15: bench/results-notes.md).
   */
  moves = 0;
  /** How long a number's earlier IMSIs are kept (state/prior-links.ts): the records' TTL. */
  private readonly linkTtlSec: number;
  /** Registrations refused after an acceptance of the same transaction (conflicting outcomes; the acceptance taken back). */
  conflictingAnswers = 0;
  /** Registrations the HLR/HSS has not answered yet, by record (see {@link claimRegistration}). */
  private readonly pending = new Map<SubscriberRecord, PendingRegistration>();
  /**
   * The {@link pending} claims whose request no decoder table of the current capture holds: restored from a state file
   * ({@link restoreRegistrations}: a rotated capture's earlier file) or made in an earlier capture of the scan (a new
   * capture starts new TCAP / Diameter tables: {@link carryClaims}). No table matches their answer, so learn.ts settles
   * them by what the answer names (its dialogue / End-to-End id and realm). A claim whose request the current capture
   * carried is settled only by the answer the TCAP / Diameter layers matched to it (red-team round 21 P1, P2). A mark on
   * the claim object, no field in the claims' literals (nothing per request).
   */
  private readonly carried = new WeakSet<PendingRegistration>();
  /** {@link pending} records of ULs by their dialogue (`tid`, `link`), in claim order: what a TC-ABORT or an SCCP return refuses. */
  private readonly pendingByTid = new DialogueIndex<SubscriberRecord>();
  /**
   * Claims accepted in the last {@link CLAIM_WAIT_SEC}, moved, with the location before them: a
   * refusal of the same transaction that follows takes the move back (red-team round 9, R1: an
   * acceptance can be forged, the HLR's refusal is what the network acts on). At most PENDING, in
   * acceptance order; dropped once older than CLAIM_WAIT_SEC ({@link tick}). measured (issue 19,
   * 150 k alert flood, ~5 acceptances per capture second): kept until pushed out, the table stayed
   * full (4,096 entries, their records and locations promoted to the old generation) where the
   * wait holds ~150.
   */
  private readonly settled = new Map<SubscriberRecord, AcceptedRegistration>();
  /** {@link settled} records by their UL's dialogue (oldest first: review 10-B F3): its End may have lost its subscriber and operation. */
  private readonly settledByTid = new DialogueIndex<SubscriberRecord>();
  /**
   * At most the acceptance time of {@link settled}'s oldest entry (the entries are in `atSec` order):
   * {@link tick} walks the table only once that may be past the wait. measured (150 k alert flood,
   * sampled allocations): a walk on every new capture second made 1.6 MB of iterator garbage.
   */
  private settledLow = 0;
  /**
   * The scan has shown an answer to a registration (MAP UL/UGL result or error, ISD; ULA, IDR):
   * the capture carries the HLR's / HSS's side, so a registration waits for it (learn.ts).
   */
  registrationAnswers = false;
  /**
   * Answers kept before their request that the request did not join (learn.ts register; red-team round 20 N7, N7b,
   * N9: another node's, another transaction's, or a forged one naming the subscriber): taken and dropped, the request
   * filed as a claim. Detector stats `earlyAnswersUnmatched` (present when > 0).
   */
  earlyAnswersUnmatched = 0;
  /**
   * UL / UGL dialogues seen while no registration answer was: a refusal of one is an answer in
   * every `scan --workers` thread, claim or not (seen-dialogues.ts; review 10-B F6). Twice the
   * claims' bound (pending and settled).
   */
  private readonly ulDialogues = new SeenDialogues(2 * PENDING);
  /** TC-BEGINs flagged by a rule or by a spoofed home-country GT: their answers teach nothing (flagged-dialogues.ts; review 11-B #1). */
  readonly flaggedDialogues: DialogueFlags;
  /** Answers captured before their request, by the subscriber's key (IMSI, else `tel:` + MSISDN). */
  private readonly early = new Map<IdentityKey, EarlyAnswer>();
  /**
   * Answers captured before their request that name no subscriber (a MAP returnError / TC-ABORT
   * has no operation and no subscriber before its dialogue's Begin, a refusing ULA no IMSI), by the
   * request's transaction: `tid|link` as a claim keeps them (learn.ts register). Bounded as {@link early}.
   */
  private readonly earlyByDialogue = new Map<string, EarlyAnswer>();
  /** Location results captured before their request, until the Begin that joins their dialogue (held-results.ts). */
  readonly held: HeldResults;
  /** Requests that confirm or end presence at the visited node, until their answer (pending-presence.ts; red-team round 21 P3, P5). */
  readonly presence = new PendingPresence();
  private readonly reorderWaitSec: number;
  /** Latest capture time seen (seconds): the clock of the TTL. */
  nowSec = 0;

  constructor(limits: Pick<Limits, 'subscribers' | 'subscriberTtlSec'> & Partial<Pick<Limits, 'reorderWaitSec' | 'dialogueAgeSec'>>) {
    this.flaggedDialogues = new DialogueFlags(FLAGGED_DIALOGUES, flagTtlSec(limits.dialogueAgeSec));
    this.reorderWaitSec = limits.reorderWaitSec ?? 0;
    this.held = new HeldResults(this.reorderWaitSec);
    this.table = new SlotTable(Math.max(1, limits.subscribers), limits.subscriberTtlSec, (s, why) => this.evicted(s, why));
    this.linkTtlSec = limits.subscriberTtlSec;
  }

  get size(): number {
    return this.table.size;
  }

  /**
   * The clock of the subscribers' TTL: {@link nowSec}, except that a lone time more than TIME_JUMP_SEC
   * ahead of it does not move it (red-team round 16 I4: one frame stamped 30 days ahead evicted every
   * registration by TTL, silently; the capture reader reports it, `capture.time-jump`). Such a time is
   * held ({@link aheadSec}, 0: none) until the next one that moves this clock: as far ahead too (at
   * another second), the capture moved on; else the held one was the outlier. The claims' waits keep
   * {@link nowSec} (their times are the messages').
   */
  private ttlSec = 0;
  private aheadSec = 0;
  /**
   * The first time the store saw is held until a later one within TIME_JUMP_SEC of it confirms it
   * (review 18-A F2: a corrupt first frame stamped 30 days ahead set both clocks for good, and every
   * registration of the capture was stale at once). While held, a time more than TIME_JUMP_SEC
   * behind it starts the clocks again there ({@link restartClocks}). FIRST_NONE until the first
   * time; a restored state or seeded record ({@link put}, {@link restoreClock}) is confirmed.
   */
  private first = FIRST_NONE;
  /** {@link nowSec} when {@link aheadSec} was set (what {@link cameBack} returns it to). */
  private beforeAheadSec = 0;

  /** The clock a state file saves: {@link ttlSec}, or a time still held at the end (nothing came after it to tell it an outlier). */
  get savedSec(): number {
    return Math.max(this.ttlSec, this.aheadSec);
  }

  /** Advance the capture clock (never backwards: out-of-order frames do not rewind the TTL). */
  tick(tsSec: number): void {
    if (this.first === FIRST_HELD) this.checkFirst(tsSec);
    if (this.aheadSec !== 0 && tsSec < this.aheadSec - TIME_JUMP_SEC) this.cameBack(tsSec);
    if (tsSec > this.ttlSec) this.tickTtl(tsSec);
    if (tsSec > this.nowSec) {
      this.nowSec = tsSec;
      if (this.pending.size !== 0) this.expireClaims();
      if (this.settled.size !== 0 && tsSec - this.settledLow > CLAIM_WAIT_SEC) this.expireSettled();
    }
  }

  /**
   * {@link tick} while the first time is held ({@link first}): another time within TIME_JUMP_SEC of
   * the clock confirms it (the same time again is the same frame's, or the outlier's, other
   * message); one more than TIME_JUMP_SEC behind it shows the first an outlier.
   */
  private checkFirst(tsSec: number): void {
    if (tsSec < this.ttlSec - TIME_JUMP_SEC) this.restartClocks(tsSec);
    else if (tsSec !== this.ttlSec && tsSec <= this.ttlSec + TIME_JUMP_SEC) this.first = FIRST_CONFIRMED;
  }

  /**
   * The first time(s) were far ahead of `tsSec` (a corrupt first frame): both clocks start again
   * at `tsSec`. What the outlier's messages filed at its time is let go: a claim still waiting
   * (pending, not trusted; its wait would end only past the outlier's time and hold every later
   * claim behind it), and a settled acceptance's window for a refusal.
   */
  private restartClocks(tsSec: number): void {
    this.ttlSec = this.nowSec = tsSec;
    this.aheadSec = 0;
    this.dropAhead();
  }

  /**
   * A lone time held far ahead ({@link aheadSec}) and then `tsSec`, more than TIME_JUMP_SEC behind it:
   * the held time was an outlier (red-team round 17 K2, K2b): {@link nowSec}, which followed it, goes
   * back to the time before it (or `tsSec`, if later). Before, it stayed there: every later claim's
   * wait seemed never over (an unanswered registration never trusted), every later flag expired as it
   * was filed, and the earlier IMSIs read as expired. The outlier's own message was judged at its time, as before.
   */
  private cameBack(tsSec: number): void {
    this.aheadSec = 0;
    this.nowSec = Math.max(this.beforeAheadSec, tsSec);
    this.dropAhead();
  }

  /**
   * After {@link nowSec} went back: what the outlier's messages filed at its time is let go: a claim
   * still waiting (pending, not trusted; its wait would end only past the outlier's time and hold every
   * later claim behind it), and a settled acceptance's window for a refusal.
   */
  private dropAhead(): void {
    const limit = this.nowSec + TIME_JUMP_SEC;
    if (this.pending.size !== 0) for (const [rec, p] of this.pending) if (p.loc.tsSec > limit) this.unpend(rec, p);
    if (this.settled.size !== 0) for (const [rec, p] of this.settled) if (p.atSec > limit) this.unsettle(rec);
    this.settledLow = 0;
  }

  /**
   * A restored state's clock (state/snapshot.ts): {@link tick}, the time confirmed (a state file's
   * clock is no first frame: the capture after it may be earlier, and keeps it as before).
   */
  restoreClock(tsSec: number): void {
    this.first = FIRST_CONFIRMED;
    this.tick(tsSec);
  }

  /** {@link tick} past {@link ttlSec}: moves it, unless `tsSec` is a lone time far ahead. */
  private tickTtl(tsSec: number): void {
    if (this.first === FIRST_NONE) this.first = FIRST_HELD;
    if (tsSec - this.ttlSec > TIME_JUMP_SEC && this.ttlSec !== 0 && (this.aheadSec === 0 || this.aheadSec === tsSec)) {
      if (this.aheadSec === 0) this.beforeAheadSec = this.nowSec;
      this.aheadSec = tsSec;
    } else {
      this.aheadSec = 0;
      this.ttlSec = tsSec;
    }
  }

  /** Settled claims older than {@link CLAIM_WAIT_SEC}: no refusal takes them back any more ({@link refuseSettled}). */
  private expireSettled(): void {
    for (const [rec, p] of this.settled) {
      if (this.nowSec - p.atSec <= CLAIM_WAIT_SEC) {
        this.settledLow = p.atSec;
        return;
      }
      this.unsettle(rec);
    }
  }

  /**
   * Claims older than {@link CLAIM_WAIT_SEC} without an answer or a refusal (the pending map is in
   * claim order), decided by what the network did since the claim, not by its link:
   *
   * - dropped when the visited location has new evidence since the claim (a newer location, or a
   *   presence confirmation after the claim's time: a UL from that VLR again, SAI / AIR from it, the
   *   HLR's ISD or a result naming it; learn.ts): the network keeps serving the subscriber where
   *   the state has it, which it does not once it has accepted a registration elsewhere (the HLR
   *   cancels the old VLR, TS 29.002 §8.1.3; the HSS the old MME, TS 29.272 §5.2.1.2). An
   *   attacker's unanswered UL while the real network keeps working (review 9-B M1, hostile case);
   * - else trusted: its answer is not on the capture, whether its link never shows answers (routed
   *   past the tap, one-way: red-team round 9, FP1) or shows only some of them (load-sharing per
   *   dialogue: the answer of this dialogue took the other STP / association, review 9-B M1; a ULA
   *   the transaction table could not match, FP1c). Judging by the link got both wrong: a link that
   *   had shown one answer kept every later unanswered registration out, and an attacker's GT, never
   *   answered, was trusted.
   *
   * Left trusted (README presence model, "What stays trusted"): a claim whose answer is absent and
   * whose old location stays silent for the wait. Keeping it out unless later evidence supports it
   * has no evidence to wait for that an attacker cannot send: the HLR's messages to the new VLR are
   * absent by premise (FP1: its answers take another STP), its CancelLocation to the old VLR is not
   * sent in a Super-Charger network (TS 23.116: the previous entity keeps the subscription data),
   * can take the untapped route under per-dialogue load-sharing and can be forged with the HLR GT,
   * and what the new node sends itself (SAI, ULs) is what the attacker sends anyway.
   */
  private expireClaims(): void {
    for (const [rec, p] of this.pending) {
      if (this.nowSec - p.loc.tsSec <= CLAIM_WAIT_SEC) return;
      this.unpend(rec, p);
      if (p.moved) continue;
      const v = this.visited(rec);
      if (v !== undefined && (v.tsSec > p.loc.tsSec || (v.confirmed !== undefined && isAfter(v.confirmed, p.loc)))) continue;
      this.place(rec, p.loc);
      if (p.created) this.markClaimOnly(rec);
    }
  }

  /**
   * The record's only location came from a registration the capture never showed answered (its
   * request created the record; the claim was trusted after CLAIM_WAIT_SEC, or refused): the count
   * cap evicts such records first (core/slot-table.ts `setExpendable`; red-team rt19 M5: 70,000
   * silent ULs for made-up IMSIs from one partner GT evicted the victim located by the HLR's
   * answers, and its hijack raised no impossible-travel). An answer that accepts a registration of
   * the record, or a location learned from a result, makes it an ordinary record again ({@link backed}).
   */
  private markClaimOnly(rec: SubscriberRecord): void {
    const s = this.byKey.get(keyOfRecord(rec));
    if (s !== undefined && this.recs[s] === rec) this.table.setExpendable(s, true);
  }

  /** The record has answered evidence: no longer claim-only ({@link markClaimOnly}). */
  private backed(rec: SubscriberRecord): void {
    if (this.table.expendable === 0) return;
    const s = this.byKey.get(keyOfRecord(rec));
    if (s !== undefined && this.recs[s] === rec) this.table.setExpendable(s, false);
  }

  /** The record for an IMSI or, failing that, an MSISDN; undefined when unknown or expired. */
  find(imsi: string | undefined, msisdn: string | undefined): SubscriberRecord | undefined {
    return this.findKey(imsi === undefined ? undefined : imsiKeyOf(imsi), msisdn === undefined ? undefined : msisdnKeyOf(msisdn));
  }

  /** {@link find} by the identities' keys (core/identity-key.ts `imsiKeyOf`, `msisdnKeyOf`). */
  findKey(imsi: IdentityKey | undefined, msisdn: IdentityKey | undefined): SubscriberRecord | undefined {
    const s = this.slot(imsi, msisdn);
    return s === undefined ? undefined : this.recs[s];
  }

  /**
   * {@link findKey}'s slot number (−1: none); {@link recordAt} gives its record. A slot is handed
   * out again after its record leaves (eviction, TTL, replacement): other tables may index their
   * own per-subscriber data by it only as a hint they validate against their own key
   * (detect/correlate.ts, report/targeted.ts), never as the subscriber's identity.
   */
  findSlot(imsi: IdentityKey | undefined, msisdn: IdentityKey | undefined): number {
    return this.slot(imsi, msisdn) ?? -1;
  }

  /** The record in slot `s` of {@link findSlot} (valid until the store next changes). */
  recordAt(s: number): SubscriberRecord | undefined {
    return this.recs[s];
  }

  /** `imsiKeyOf(recordAt(s).imsi)` (undefined without an IMSI), kept by the store: no digits read. */
  imsiKeyAtSlot(s: number): IdentityKey | undefined {
    return this.imsiKeyAt(s);
  }

  /** The MSISDN key of slot `s` of {@link findSlot} (undefined without an MSISDN), kept by the store. */
  msisdnKeyAtSlot(s: number): IdentityKey | undefined {
    return this.msisdnKeyAt(s);
  }

  /**
   * The record to update for this IMSI/MSISDN, created when new, linked (MSISDN ↔ IMSI) and
   * moved to the young end of the LRU order. Undefined when both identities are missing.
   */
  touch(imsi: string | undefined, msisdn: string | undefined): SubscriberRecord | undefined {
    return this.touchKey(imsi === undefined ? undefined : imsiKeyOf(imsi), msisdn === undefined ? undefined : msisdnKeyOf(msisdn));
  }

  /** {@link touch} by the identities' keys; the record's texts are made from the keys when it takes them. */
  touchKey(imsi: IdentityKey | undefined, msisdn: IdentityKey | undefined): SubscriberRecord | undefined {
    if (imsi === undefined && msisdn === undefined) return undefined;
    let s = this.slot(imsi, msisdn);
    // The keys are compared in their columns (KeyColumn.is: a digit key read out is a heap number per read).
    const ik = this.imsiK;
    const mk0 = this.msisdnK;
    // Another IMSI held: the MSISDN now belongs to another IMSI (number recycled / ported).
    if (s !== undefined && imsi !== undefined && ik.held(s) && !ik.is(s, imsi)) s = undefined;
    const table = this.table;
    const now = this.nowSec;
    let rec: SubscriberRecord;
    if (s === undefined) {
      rec = new StoreRecord(now);
      this.counters.created++;
      if (imsi !== undefined) rec.imsi = imsiText(imsi);
      if (msisdn !== undefined) rec.msisdn = msisdnText(msisdn);
      const key = imsi ?? telKey(msisdn!);
      const stale = this.byKey.get(key);
      if (stale !== undefined) {
        // A `tel:` record that lost its number to another IMSI is replaced in place (Map.set semantics).
        s = stale;
        this.forgetRegistrations(this.recs[s]!);
        this.freeClaims(s);
        this.detach(s);
        this.recs[s] = rec;
        (rec as Held)[HIST] = EMPTY;
        this.owns[s] = 0;
        this.setImsiKey(s, imsi);
        this.setMsisdnKey(s, msisdn);
        table.setExpendable(s, false);
        table.restamp(s, now);
      } else {
        (rec as Held)[HIST] = EMPTY;
        s = this.insert(key, rec, imsi, msisdn, now);
      }
    } else {
      rec = this.recs[s]!;
      if (now - rec.updatedSec < REORDER_SEC && (imsi === undefined || ik.is(s, imsi)) && (msisdn === undefined || mk0.is(s, msisdn))) {
        rec.updatedSec = now; // recently re-ordered and nothing to re-link: keep the LRU position
        table.restamp(s, now);
        return rec;
      }
      // An MSISDN-only record (`tel:` key) learns its IMSI: re-key it.
      if (imsi !== undefined && !ik.held(s)) {
        const old = this.keyOfSlot(s);
        rec.imsi = imsiText(imsi);
        this.setImsiKey(s, imsi);
        this.rekey(s, old, imsi);
      }
      if (msisdn !== undefined && !mk0.is(s, msisdn)) {
        if (this.owns[s] === 1) this.byMsisdn.delete(this.msisdnKeyAt(s)!);
        this.owns[s] = 0;
        const old = this.keyOfSlot(s);
        rec.msisdn = msisdnText(msisdn);
        this.setMsisdnKey(s, msisdn);
        this.numbers.numberChanged(rec);
        // The home follows both identities (detect/networks.ts homeOf: a home-range MSISDN makes it
        // home): the learner works it out again (red-team round 11 R2).
        if (rec.home !== undefined) rec.home = undefined;
        // Only reachable through the IMSI-less `tel:` key, which then names the new number.
        if (!ik.held(s)) this.rekey(s, old, telKey(msisdn));
      }
      rec.updatedSec = now;
      table.touch(s, now);
    }
    if (this.owns[s] === 0 && mk0.held(s)) {
      const mk = this.msisdnKeyAt(s)!;
      // The number leaves another IMSI's record: a recycled number, a SIM swap, or a forged answer that
      // names the victim's number beside the sender's IMSI (red-team round 15, H1/H5: silent until then).
      const prev = this.byMsisdn.get(mk);
      if (prev !== undefined && prev !== s && imsi !== undefined && this.imsiKeyAt(prev) !== undefined) this.relink(this.recs[prev]!, rec);
      this.claimMsisdn(s, mk);
    }
    table.enforce(this.ttlSec);
    return rec;
  }

  /**
   * The number leaves `from` for `to` (touchKey): counted and noted, `from`'s IMSI joins the number's earlier IMSIs
   * on `to` (state/prior-links.ts), and a move between located IMSIs of two countries is noted as such.
   */
  private relink(from: SubscriberRecord, to: SubscriberRecord): void {
    this.counters.relinked++;
    this.moves++;
    const fromInfo = this.visitedInfo(from);
    const toInfo = this.visitedInfo(to);
    const move: NumberMove = { msisdn: to.msisdn!, from: from.imsi!, fromCountry: fromInfo?.country, to: to.imsi!, toCountry: toInfo?.country };
    if (this.relinkNotes.length < MOVE_NOTES) this.relinkNotes.push(move);
    if (move.fromCountry !== undefined && move.toCountry !== undefined && move.fromCountry !== move.toCountry) this.noteCountryMove(move);
    const priors = withPrior(from.priorImsis, from.imsi!, to.imsi, this.nowSec, this.linkTtlSec, (i) => this.placeOf(i));
    if (from.priorImsis !== undefined) delete from.priorImsis;
    if (priors !== undefined) to.priorImsis = priors;
    else if (to.priorImsis !== undefined) delete to.priorImsis;
  }

  private noteCountryMove(move: NumberMove): void {
    this.counters.movedCountry++;
    this.moves++;
    if (this.countryNotes.length < MOVE_NOTES) this.countryNotes.push(move);
  }

  /** Where an earlier IMSI of a number is (state/prior-links.ts PriorPlace). */
  private placeOf(imsi: string): PriorPlace {
    const r = this.peek(imsi);
    return r === undefined ? 'gone' : (this.visitedInfo(r) ?? 'unlocated');
  }

  /** The record of an IMSI the store holds and has not let age out, without expiring it (a look that changes nothing). */
  peek(imsi: string): SubscriberRecord | undefined {
    const s = this.byKey.get(imsiKeyOf(imsi));
    return s === undefined || this.table.isStale(s, this.nowSec) ? undefined : this.recs[s];
  }

  /** The HLR's sure word put the record's number where the record is registered (state/number-evidence.ts: a MultiSIM holder there). */
  holdsNumberHere(rec: SubscriberRecord): boolean {
    return this.numbers.holdsAt(rec, this.visitedAddress(rec));
  }

  /**
   * The record is registered where the scan saw it register, in a scan showing the HLR's side, and the HLR did not
   * name its number there (state/number-evidence.ts: the number did not move with it; review 15-B #3b).
   */
  numberNotNamedHere(rec: SubscriberRecord): boolean {
    return this.registrationAnswers && this.numbers.unnamedAt(rec, this.visitedAddress(rec));
  }

  /** `p` was left within the link TTL (state/prior-links.ts). */
  priorLive(p: PriorLink): boolean {
    return this.nowSec - p.untilSec <= this.linkTtlSec;
  }

  /** The relinks and moves across countries noted since the last call (at most {@link MOVE_NOTES} each); the notes start again. */
  takeMoves(): { relinks: NumberMove[]; countries: NumberMove[] } {
    const out = { relinks: this.relinkNotes, countries: this.countryNotes };
    if (out.relinks.length !== 0) this.relinkNotes = [];
    if (out.countries.length !== 0) this.countryNotes = [];
    return out;
  }

  /**
   * A record holding a number with earlier IMSIs arrives in another country: noted when an earlier IMSI of the
   * number, left within the link TTL, is located in a third one (review 15-B #3a: the number linked in the
   * victim's country, its new IMSI registered abroad a day later).
   */
  private movedWithNumber(rec: SubscriberRecord, priors: readonly PriorLink[], info: NetworkInfo): void {
    const country = info.country;
    if (country === undefined || rec.msisdn === undefined || rec.imsi === undefined || this.visitedInfo(rec)?.country === country) return;
    for (const p of priors) {
      const r = this.priorLive(p) ? this.peek(p.imsi) : undefined;
      const c = r === undefined ? undefined : this.visitedInfo(r)?.country;
      if (c !== undefined && c !== country) {
        this.noteCountryMove({ msisdn: rec.msisdn, from: p.imsi, fromCountry: c, to: rec.imsi, toCountry: country });
        return;
      }
    }
  }

  /**
   * Record a trusted location learned from an answer (learn.ts: a location result): it becomes the
   * visited network and joins the history; a claim-only record is an ordinary one again.
   */
  moveTo(rec: SubscriberRecord, loc: Location): void {
    this.place(rec, loc);
    this.backed(rec);
  }

  /** Record a trusted location: it becomes the visited network and joins the history. */
  private place(rec: SubscriberRecord, loc: Location): void {
    const priors = rec.priorImsis;
    if (priors !== undefined) this.movedWithNumber(rec, priors, loc.info);
    if (loc.address !== undefined) loc.address = this.intern(loc.address);
    let b = blockOf(rec);
    if (b === NOT_HELD) {
      rec.visited = loc;
      rec.history = appended(rec.history, loc, HISTORY);
      return;
    }
    if (b === EMPTY) b = (rec as Held)[HIST] = this.hist.alloc();
    this.hist.push(b, loc);
    rec.visited = VISITED_IN_STORE;
  }

  /**
   * A registration (UL / UGL / ULR) at another node than the visited one: a claim until the HLR/HSS
   * confirms it ({@link confirmRegistration}) or refuses it ({@link refuseRegistration}). While the
   * scan has shown no registration answer (a tap on one direction, or the capture's first moments)
   * it is trusted at once, as nothing could confirm it, and a later refusal still takes it back.
   */
  claimRegistration(rec: SubscriberRecord, loc: Location, created: boolean, tid?: number | string, link?: string): void {
    let p: PendingRegistration;
    if (this.registrationAnswers) {
      p = { loc, tid, link, moved: false, created, prev: undefined, prevNewest: false };
      // The key where a move would have made it (the state file's key order as when the request moved the subscriber).
      if (!('visited' in rec)) (rec as { visited?: Location | undefined }).visited = undefined;
    } else {
      const prev = this.visited(rec);
      const prevNewest = this.visitedIsNewest(rec, prev);
      this.place(rec, loc);
      p = { loc, tid, link, moved: true, created, prev, prevNewest };
    }
    this.pend(rec, p);
  }

  /** Files `p` as the record's claim (replacing its older one, else, when full, the oldest) and indexes it by dialogue. */
  private pend(rec: SubscriberRecord, p: PendingRegistration): void {
    const old = this.pending.size === 0 ? undefined : this.pending.get(rec);
    if (old !== undefined) this.unpend(rec, old);
    else if (this.pending.size >= PENDING) this.dropOldestClaim();
    this.pending.set(rec, p);
    if (p.tid !== undefined && p.link !== undefined) this.pendingByTid.add(p.tid, p.link, rec);
  }

  /** Takes the record's claim `p` out of {@link pending} and its dialogue index. */
  private unpend(rec: SubscriberRecord, p: PendingRegistration): void {
    this.pending.delete(rec);
    if (p.tid !== undefined && p.link !== undefined) this.pendingByTid.delete(p.tid, p.link, rec);
  }

  /** {@link unpend} of the record's claim, if it has one. */
  private dropPending(rec: SubscriberRecord): void {
    const p = this.pending.get(rec);
    if (p !== undefined) this.unpend(rec, p);
  }

  /**
   * Drops the oldest unanswered claim; a record its request created and nothing has placed since
   * goes with it (red-team round 8, ST2: unconfirmed registrations for many subscribers must not
   * evict the subscribers the state knows; they take each other's places instead).
   */
  private dropOldestClaim(): void {
    const [rec, p] = this.pending.entries().next().value!;
    this.unpend(rec, p);
    if (!p.created || p.moved || rec.visited !== undefined || this.history(rec).length !== 0) return;
    const s = this.byKey.get(keyOfRecord(rec));
    if (s !== undefined && this.recs[s] === rec) this.remove(s);
  }

  /** An answer with no claim to settle, for the subscriber with these keys (one of them defined). */
  answerBeforeRequest(imsi: IdentityKey | undefined, msisdn: IdentityKey | undefined, a: EarlyAnswer): void {
    const key = imsi ?? telKey(msisdn!);
    if (!this.early.delete(key) && this.early.size >= EARLY) this.early.delete(this.early.keys().next().value!);
    this.early.set(key, a);
  }

  /** An answer with no subscriber and no claim to settle, for the request of transaction (`a.tid`, `link`). */
  answerBeforeRequestOf(link: string, a: EarlyAnswer): void {
    const key = `${a.tid}|${link}`;
    const m = this.earlyByDialogue;
    if (!m.delete(key) && m.size >= EARLY) m.delete(m.keys().next().value!);
    m.set(key, a);
  }

  /** The answer captured before the request of transaction (`tid`, `link`), within reorderWaitSec of `tsSec` (taken). */
  takeEarlyAnswerOf(tid: number | string | undefined, link: string | undefined, tsSec: number): EarlyAnswer | undefined {
    if (this.earlyByDialogue.size === 0 || tid === undefined || link === undefined) return undefined;
    const key = `${tid}|${link}`;
    const a = this.earlyByDialogue.get(key);
    if (a === undefined) return undefined;
    this.earlyByDialogue.delete(key);
    return tsSec - a.tsSec <= this.reorderWaitSec ? a : undefined;
  }

  /**
   * The answer captured before this record's registration request, within reorderWaitSec of `tsSec` (taken; `take`
   * false: left for a copy of the request that joins it, learn.ts register).
   */
  takeEarlyAnswer(rec: SubscriberRecord, tsSec: number, take = true): EarlyAnswer | undefined {
    if (this.early.size === 0) return undefined;
    let key: IdentityKey | undefined = rec.imsi !== undefined ? imsiKeyOf(rec.imsi) : undefined;
    let a = key === undefined ? undefined : this.early.get(key);
    if (a === undefined && rec.msisdn !== undefined) a = this.early.get((key = telKey(msisdnKeyOf(rec.msisdn))));
    if (a === undefined) return undefined;
    if (take) this.early.delete(key!);
    return tsSec - a.tsSec <= this.reorderWaitSec ? a : undefined;
  }

  /** The record's registration claim awaiting an answer, if any. */
  pendingRegistration(rec: SubscriberRecord): PendingRegistration | undefined {
    return this.pending.size === 0 ? undefined : this.pending.get(rec);
  }

  /** The claim `p` was restored from a state file or made in an earlier capture of the scan ({@link carried}). */
  carriedClaim(p: PendingRegistration): boolean {
    return this.carried.has(p);
  }

  /** A new capture begins (api/scanner.ts beginSource: new decoder tables): the claims waiting now are {@link carried}. */
  carryClaims(): void {
    for (const p of this.pending.values()) this.carried.add(p);
  }

  private visitedIsNewest(rec: SubscriberRecord, prev: Location | undefined): boolean {
    const b = blockOf(rec);
    return b >= 0 ? this.hist.visitedIsNewest(b) : prev !== undefined && prev === rec.history[rec.history.length - 1];
  }

  /**
   * The HLR/HSS accepted the record's pending registration: its location becomes the visited one,
   * and for {@link CLAIM_WAIT_SEC} a refusal of the same transaction still takes it back ({@link refuseSettled}).
   */
  confirmRegistration(rec: SubscriberRecord): void {
    const p = this.pending.get(rec);
    if (p === undefined) return;
    this.unpend(rec, p);
    let s = p;
    if (!p.moved) {
      const prev = this.visited(rec);
      s = { loc: p.loc, tid: p.tid, link: p.link, moved: true, created: p.created, prev, prevNewest: this.visitedIsNewest(rec, prev) };
      this.place(rec, p.loc);
    }
    this.backed(rec);
    // Written out, not spread: `{ ...s, atSec }` of the two shapes `s` comes in took V8's slow clone
    // path, ~10 % of the 150 k alert flood's CLI time (measured: 2 pairs 0.912, 0.885 without it).
    this.settle(rec, { loc: s.loc, tid: s.tid, link: s.link, moved: s.moved, created: s.created, prev: s.prev, prevNewest: s.prevNewest, atSec: this.nowSec });
  }

  /** Files `a` as the record's acceptance (replacing its older one, else, when full, the oldest) and indexes it by dialogue. */
  private settle(rec: SubscriberRecord, a: AcceptedRegistration): void {
    if (!this.unsettle(rec) && this.settled.size >= PENDING) this.unsettle(this.settled.keys().next().value!);
    if (this.settled.size === 0) this.settledLow = a.atSec;
    this.settled.set(rec, a);
    if (a.tid !== undefined && a.link !== undefined) this.settledByTid.add(a.tid, a.link, rec);
  }

  /**
   * The record's registration claims in progress, for the state file (state/snapshot.ts; red-team
   * round 9, R4: a capture rotated between a UL and its answer): the one awaiting its answer, and
   * the one accepted within {@link CLAIM_WAIT_SEC}, which a refusal can still take back. Undefined
   * when it has neither.
   */
  registrationsOf(rec: SubscriberRecord): { pending: PendingRegistration | undefined; accepted: AcceptedRegistration | undefined } | undefined {
    const pending = this.pending.size === 0 ? undefined : this.pending.get(rec);
    let accepted = this.settled.size === 0 ? undefined : this.settled.get(rec);
    if (accepted !== undefined && this.nowSec - accepted.atSec > CLAIM_WAIT_SEC) accepted = undefined;
    return pending === undefined && accepted === undefined ? undefined : { pending, accepted };
  }

  /** Some record the store holds has a registration claim in progress ({@link registrationsOf}). */
  hasRegistrations(): boolean {
    for (const rec of this.pending.keys()) if (this.holds(rec)) return true;
    for (const rec of this.settled.keys()) if (this.holds(rec) && this.registrationsOf(rec) !== undefined) return true;
    return false;
  }

  /**
   * Restores a record's claims in progress ({@link registrationsOf}) after {@link put}, in the
   * order the state file lists the records; {@link registrationsRestored} then puts them in claim
   * order. One the scan could not have made is left out: a claim trusted at once (`moved`) whose
   * location is not the visited one (a refusal would take back another move), an acceptance older
   * than {@link CLAIM_WAIT_SEC} at the store's time. A claim left waiting or an acceptance means
   * the scan had shown registration answers (claimRegistration).
   */
  restoreRegistrations(rec: SubscriberRecord, pending: PendingRegistration | undefined, accepted: AcceptedRegistration | undefined): void {
    if (!this.holds(rec)) return;
    // Dated after the store's time: no scan wrote it (a hand-edited file); it would stall the
    // expiry of every later claim, which stops at the first still waiting (review 10-B F5).
    if (pending !== undefined && pending.loc.tsSec > this.nowSec) pending = undefined;
    if (accepted !== undefined && accepted.atSec > this.nowSec) accepted = undefined;
    if (pending !== undefined && (!pending.moved || this.isVisited(rec, pending.loc))) {
      if (!pending.moved) this.registrationAnswers = true;
      this.carried.add(pending);
      this.pend(rec, pending);
    }
    if (accepted?.moved && this.nowSec - accepted.atSec <= CLAIM_WAIT_SEC) {
      this.registrationAnswers = true;
      this.settle(rec, accepted);
    }
  }

  /** After {@link restoreRegistrations}: the claims in claim order, the acceptances in acceptance order (the order the scan keeps). */
  registrationsRestored(): void {
    const pending = [...this.pending].sort(([, a], [, b]) => a.loc.tsSec - b.loc.tsSec || a.loc.tsNsec - b.loc.tsNsec);
    this.pending.clear();
    this.pendingByTid.clear();
    for (const [rec, p] of pending) {
      this.pending.set(rec, p);
      if (p.tid !== undefined && p.link !== undefined) this.pendingByTid.add(p.tid, p.link, rec);
    }
    const settled = [...this.settled].sort(([, a], [, b]) => a.atSec - b.atSec);
    this.settled.clear();
    this.settledByTid.clear();
    for (const [rec, p] of settled) {
      this.settled.set(rec, p);
      if (p.tid !== undefined && p.link !== undefined) this.settledByTid.add(p.tid, p.link, rec);
    }
    if (settled.length > 0) this.settledLow = settled[0]![1].atSec;
  }

  /** The store holds this record (not evicted, not replaced). */
  private holds(rec: SubscriberRecord): boolean {
    const s = this.byKey.get(keyOfRecord(rec));
    return s !== undefined && this.recs[s] === rec;
  }

  /** `loc` is the record's visited location (as {@link revert} compares them). */
  private isVisited(rec: SubscriberRecord, loc: Location): boolean {
    const v = this.visited(rec);
    return v !== undefined && v.frame === loc.frame && v.address === loc.address;
  }

  /**
   * A record leaving the store (evicted, removed, or a `tel:` record replaced in place) takes its
   * pending and settled claims out of the maps and dialogue indexes (review 10-B F7): left there, the
   * first claim filed under a dialogue id, a ghost, took the answer or refusal of a live claim
   * filed after it under the same id (the index gives the oldest).
   */
  private forgetRegistrations(rec: SubscriberRecord): void {
    if (this.pending.size !== 0) this.dropPending(rec);
    if (this.settled.size !== 0) this.unsettle(rec);
  }

  /** Forgets the record's settled claim (true when it had one). */
  private unsettle(rec: SubscriberRecord): boolean {
    const p = this.settled.get(rec);
    if (p === undefined) return false;
    this.settled.delete(rec);
    if (p.tid !== undefined && p.link !== undefined) this.settledByTid.delete(p.tid, p.link, rec);
    return true;
  }

  /**
   * The UL of dialogue `tid` sent from `link` was aborted (TC-ABORT) or returned by SCCP: refused
   * as by a returnError, pending ({@link refuseRegistration}) or settled ({@link refuseSettled}). True when one matched.
   */
  refuseDialogue(tid: number | string, link: string): boolean {
    const rec = this.pendingByTid.size === 0 ? undefined : this.pendingByTid.get(tid, link);
    if (rec === undefined) return this.refuseSettledDialogue(tid, link);
    this.refuseRegistration(rec);
    return true;
  }

  /** A UL / UGL of dialogue `tid` (its otid) from `link` (its calling GT); kept only while no registration answer was seen. */
  noteRegistrationDialogue(tid: number | string, link: string): void {
    if (!this.registrationAnswers) this.ulDialogues.add(tid, link);
    else if (this.ulDialogues.size !== 0) this.ulDialogues.clear();
  }

  /** Whether a refusal of dialogue `tid` sent to `link` answers a UL / UGL seen ({@link noteRegistrationDialogue}). */
  answersRegistrationDialogue(tid: number | string, link: string): boolean {
    return this.ulDialogues.size !== 0 && this.ulDialogues.has(tid, link);
  }

  /**
   * The record whose pending claim is the UL of dialogue `tid` sent from `link`: an answer the TCAP
   * table could not give a subscriber (its UL in the previous file of a rotated capture, the claim
   * restored from the state: red-team round 9, R4) is about that claim's subscriber.
   */
  pendingOfDialogue(tid: number | string, link: string): SubscriberRecord | undefined {
    return this.pendingByTid.size === 0 ? undefined : this.pendingByTid.get(tid, link);
  }

  /** {@link refuseSettled} for a refusal that names only its dialogue (the TC-END dtid, sent to `link`). */
  private refuseSettledDialogue(tid: number | string, link: string): boolean {
    const rec = this.settledByTid.size === 0 ? undefined : this.settledByTid.get(tid, link);
    return rec !== undefined && this.refuseSettled(rec, tid, link);
  }

  /**
   * A refusal after the record's registration was accepted (conflicting outcomes: a forged
   * acceptance, red-team round 9 R1): the refusal wins, as the HLR/HSS acts on it; the move is
   * taken back. `tid` / `link`: the refusal's dtid and destination (undefined: not compared).
   * True when it settled one.
   */
  refuseSettled(rec: SubscriberRecord, tid: number | string | undefined, link: string | undefined): boolean {
    if (this.settled.size === 0) return false;
    const p = this.settled.get(rec);
    if (p === undefined) return false;
    if (this.nowSec - p.atSec > CLAIM_WAIT_SEC) {
      this.unsettle(rec);
      return false;
    }
    if ((p.tid !== undefined && p.tid !== tid) || (p.link !== undefined && link !== undefined && p.link !== link)) return false;
    this.unsettle(rec);
    this.conflictingAnswers++;
    this.revert(rec, p);
    return true;
  }

  /**
   * The HLR/HSS refused the record's pending registration: dropped; one trusted at once is taken
   * back (the visited location before it restored) unless the record has moved on since.
   */
  refuseRegistration(rec: SubscriberRecord): void {
    const p = this.pending.get(rec);
    if (p === undefined) return;
    this.unpend(rec, p);
    if (p.moved) this.revert(rec, p);
    // Created by the refused request and nowhere else located: claim-only (a flood of refused ULs is
    // loud, registration-refused, but its records evicted the located ones too).
    if (p.created && this.lastTrusted(rec) === undefined) this.markClaimOnly(rec);
  }

  /** Takes back the move of claim `p` (the visited location before it restored) unless the record has moved on since. */
  private revert(rec: SubscriberRecord, p: PendingRegistration): void {
    const v = this.visited(rec);
    if (v === undefined || v.frame !== p.loc.frame || v.address !== p.loc.address) return;
    const b = blockOf(rec);
    if (b >= 0) {
      this.hist.popNewest(b);
      if (!p.prevNewest && p.prev !== undefined) this.hist.setDetachedVisited(b, p.prev);
      else if (!p.prevNewest) this.hist.clearVisited(b);
      if (this.hist.hasVisited(b)) rec.visited = VISITED_IN_STORE;
      else delete rec.visited;
      return;
    }
    rec.history = rec.history.slice(0, -1);
    if (p.prev !== undefined) rec.visited = p.prev;
    else delete rec.visited;
  }

  /** The record's visited location (made from the pool for a record the store holds). */
  visited(rec: SubscriberRecord): Location | undefined {
    const b = blockOf(rec);
    if (b === NOT_HELD) return rec.visited;
    return rec.visited === undefined || b === EMPTY ? undefined : this.hist.visited(b);
  }

  /** The record's trusted locations, oldest first (made from the pool for a record the store holds). */
  history(rec: SubscriberRecord): Location[] {
    const b = blockOf(rec);
    return b === NOT_HELD ? rec.history : b === EMPTY ? [] : this.hist.history(b);
  }

  /** The visited location, else the newest of the history (survives a purge). */
  lastTrusted(rec: SubscriberRecord): Location | undefined {
    const v = this.visited(rec);
    if (v !== undefined) return v;
    const h = this.history(rec);
    return h[h.length - 1];
  }

  /** The visited location's node address, without making the location. */
  visitedAddress(rec: SubscriberRecord): string | undefined {
    const b = blockOf(rec);
    return b === NOT_HELD ? rec.visited?.address : b === EMPTY ? undefined : this.hist.visitedAddress(b);
  }

  /** The visited location's kind (undefined without one), without making the location. */
  visitedKind(rec: SubscriberRecord): LocationKind | undefined {
    const b = blockOf(rec);
    return b === NOT_HELD ? rec.visited?.kind : b === EMPTY ? undefined : this.hist.visitedKind(b);
  }

  /** The visited location's network, without making the location. */
  visitedInfo(rec: SubscriberRecord): NetworkInfo | undefined {
    const b = blockOf(rec);
    return b === NOT_HELD ? rec.visited?.info : b === EMPTY ? undefined : this.hist.visitedInfo(b);
  }

  /** {@link confirm} on the record's visited location (nothing without one). */
  confirmVisited(rec: SubscriberRecord, tsSec: number, tsNsec: number, frame: number, by: string): void {
    const b = blockOf(rec);
    if (b >= 0) this.hist.confirmVisited(b, tsSec, tsNsec, frame, by);
    else if (b === NOT_HELD && rec.visited !== undefined) this.confirm(rec.visited, tsSec, tsNsec, frame, by);
  }

  /**
   * Presence evidence for the current location (the same object is the newest history entry).
   * The confirmation object is updated in place after the first: SRI results confirm on about a
   * third of the messages of a roaming mix, and an object per confirmation was garbage.
   */
  confirm(loc: Location, tsSec: number, tsNsec: number, frame: number, by: string): void {
    if (loc === VISITED_IN_STORE) throw new TypeError("SubscriberStore.confirm: a stored record's visited location is confirmed with confirmVisited(rec, ...)");
    const cur = loc.confirmed;
    if (cur === undefined) {
      loc.confirmed = { tsSec, tsNsec, frame, by };
      return;
    }
    // Out-of-order capture time never moves a confirmation back.
    if (cur.tsSec > tsSec || (cur.tsSec === tsSec && cur.tsNsec >= tsNsec)) return;
    cur.tsSec = tsSec;
    cur.tsNsec = tsNsec;
    cur.frame = frame;
    cur.by = by;
  }

  /**
   * Records a flagged claim (never trusted) of a record in the store (as {@link touch} returns
   * it), keeping the newest {@link MAX_CLAIMS}. A record no longer in the store keeps nothing.
   */
  recordClaim(rec: SubscriberRecord, claim: FlaggedClaim): void {
    const s = this.byKey.get(keyOfRecord(rec));
    if (s === undefined || this.recs[s] !== rec) return;
    this.addClaim(s, claim);
  }

  /** The record's flagged claims, oldest first; undefined when it has none or is not in the store. */
  claims(rec: SubscriberRecord): FlaggedClaim[] | undefined {
    const s = this.byKey.get(keyOfRecord(rec));
    if (s === undefined || this.recs[s] !== rec || this.claimBlock[s] === NIL) return undefined;
    const b = this.claimBlock[s]!;
    const out: FlaggedClaim[] = [];
    const start = this.blockStart[b]!;
    for (let i = 0, n = this.blockCount[b]!; i < n; i++) {
      const k = b * MAX_CLAIMS + ((start + i) % MAX_CLAIMS);
      // The claim as the engine records it (key order, `address` present even when undefined).
      const c = {
        info: this.claimInfos.get(this.claimInfo[k]!)!,
        kind: KINDS[this.claimKind[k]!]!,
        address: this.claimAddresses.get(this.claimAddress[k]!),
        tsSec: this.claimSec[k]!,
        tsNsec: this.claimNsec[k]!,
        frame: this.claimFrame[k]!,
        rule: this.claimRules.get(this.claimRule[k]!)!,
      };
      out.push(c as FlaggedClaim);
    }
    return out;
  }

  private addClaim(s: Slot, claim: FlaggedClaim): void {
    let b = this.claimBlock[s]!;
    if (b === NIL) {
      b = this.claimBlock[s] = this.newBlock();
      this.recs[s]!.claims = IN_STORE;
    }
    const n = this.blockCount[b]!;
    const start = this.blockStart[b]!;
    // Full: the oldest claim's slot takes the new one, and the next oldest becomes the first.
    if (n >= MAX_CLAIMS) {
      this.counters.claimsDropped++;
      this.blockStart[b] = (start + 1) % MAX_CLAIMS;
    } else this.blockCount[b] = n + 1;
    const k = b * MAX_CLAIMS + ((start + n) % MAX_CLAIMS);
    this.claimSec[k] = claim.tsSec;
    this.claimNsec[k] = claim.tsNsec;
    this.claimFrame[k] = claim.frame;
    this.claimKind[k] = KINDS.indexOf(claim.kind);
    // Acquired before the overwritten slot's ids are released: an unchanged value keeps its id.
    const info = this.claimInfos.acquire(claim.info);
    const address = this.claimAddresses.acquire(claim.address);
    const rule = this.claimRules.acquire(claim.rule);
    this.releaseClaim(k);
    this.claimInfo[k] = info;
    this.claimAddress[k] = address;
    this.claimRule[k] = rule;
  }

  private newBlock(): number {
    let b = this.blockFree;
    if (b !== NIL) this.blockFree = this.blockStart[b]!;
    else {
      b = this.blockTop++;
      if (b === this.blockStart.length) this.growBlocks();
    }
    this.blockStart[b] = 0;
    this.blockCount[b] = 0;
    return b;
  }

  private freeClaims(s: Slot): void {
    const b = this.claimBlock[s]!;
    if (b === NIL) return;
    for (let k = b * MAX_CLAIMS; k < (b + 1) * MAX_CLAIMS; k++) this.releaseClaim(k);
    this.blockStart[b] = this.blockFree;
    this.blockFree = b;
    this.claimBlock[s] = NIL;
  }

  private growBlocks(): void {
    const n = this.blockStart.length * 2;
    this.blockStart = grown(this.blockStart, n);
    this.blockCount = grown(this.blockCount, n);
    this.claimSec = grown(this.claimSec, n * MAX_CLAIMS);
    this.claimNsec = grown(this.claimNsec, n * MAX_CLAIMS);
    this.claimFrame = grown(this.claimFrame, n * MAX_CLAIMS);
    this.claimKind = grown(this.claimKind, n * MAX_CLAIMS);
    this.claimInfo = grown(this.claimInfo, n * MAX_CLAIMS);
    this.claimAddress = grown(this.claimAddress, n * MAX_CLAIMS);
    this.claimRule = grown(this.claimRule, n * MAX_CLAIMS);
  }

  /** Releases a claim slot's references (ids back to 0). */
  private releaseClaim(k: number): void {
    this.claimInfos.release(this.claimInfo[k]!);
    this.claimAddresses.release(this.claimAddress[k]!);
    this.claimRules.release(this.claimRule[k]!);
    this.claimInfo[k] = 0;
    this.claimAddress[k] = 0;
    this.claimRule[k] = 0;
  }

  /** Purge / cancellation of the current registration. */
  clearVisited(rec: SubscriberRecord): void {
    const b = blockOf(rec);
    if (b >= 0) this.hist.clearVisited(b);
    delete rec.visited;
  }

  /** Every live record, oldest update first. */
  *records(): IterableIterator<SubscriberRecord> {
    const t = this.table;
    for (let s = t.oldest; s !== NIL; ) {
      const next = t.next(s);
      yield this.recs[s]!;
      s = next;
    }
  }

  /**
   * Insert a record as-is (restore / seed); it counts as updated at its own `updatedSec`. Its
   * claims move into the store's claim pool (the newest {@link MAX_CLAIMS}).
   */
  put(rec: SubscriberRecord): void {
    const key = keyOfRecord(rec);
    const old = this.byKey.get(key);
    if (old !== undefined) this.remove(old);
    this.first = FIRST_CONFIRMED; // before the tick: a restored or seeded record's time restarts no clock
    this.tick(rec.updatedSec);
    const mk = rec.msisdn === undefined ? undefined : msisdnKeyOf(rec.msisdn);
    this.adopt(rec);
    // Caps enforced once the MSISDN link and claims are in place (below), so a record
    // older than the TTL is evicted through evicted() like any other, not before they are written.
    const s = this.insert(key, rec, rec.imsi === undefined ? undefined : imsiKeyOf(rec.imsi), mk, rec.updatedSec, false);
    if (mk !== undefined) this.claimMsisdn(s, mk);
    const claims = rec.claims;
    if (claims !== undefined && claims !== IN_STORE) {
      rec.claims = IN_STORE;
      this.claimBlock[s] = this.newBlock();
      const dropped = this.counters.claimsDropped;
      for (const c of claims) this.addClaim(s, c);
      this.counters.claimsDropped = dropped; // a restore is not a drop
    }
    this.table.enforce(this.ttlSec);
  }

  /**
   * The one string object kept for a node address (VLR/MSC/SGSN number, MME realm/host, HLR
   * number, HSS host): the decoder hands out a fresh string per message, and a subscriber's
   * locations, claims and HLR name a handful of nodes. measured (issue 19, alert flood, 24 k
   * subscribers): 75 k address strings, 2.2 MB, one per stored claim; 11.9 k HLR texts, 0.6 MB.
   * Bounded: cleared at ADDRESSES entries (then strings are simply not shared).
   */
  intern(address: string): string {
    return this.addresses.intern(address);
  }

  /**
   * Moves a record's own `history` / `visited` objects into the history pool (put: restore, seed).
   * A seeded location (seed.ts) has `address` before `tsSec` and is its record's visited location
   * too; a restored record's `visited` is its own object (snapshot.ts toRecord): both kept so.
   */
  private adopt(rec: SubscriberRecord): void {
    const held = rec as Held;
    if (held[HIST] !== undefined && held[HIST] !== NOT_HELD) throw new Error('SubscriberStore.put: the record is held by a store');
    const history = rec.history;
    const v = rec.visited;
    rec.history = HISTORY_IN_STORE;
    if (history.length === 0 && v === undefined) {
      held[HIST] = EMPTY;
      return;
    }
    const b = this.hist.alloc();
    for (const l of history) this.hist.push(b, l, seedOrder(l));
    if (v === undefined) this.hist.clearVisited(b);
    else if (history.length === 0 || v !== history[history.length - 1]) this.hist.setDetachedVisited(b, v, seedOrder(v));
    held[HIST] = b;
    if (v !== undefined) rec.visited = VISITED_IN_STORE;
  }

  /**
   * The record leaves the store (evicted, replaced): its pool block is freed and the record keeps
   * no locations (`history` the frozen {@link FORGOTTEN}, `visited` undefined), as it keeps no
   * claims: the store forgets them. measured (issue 19, rt7 M1 capture, library Scanner): making
   * every evicted record's locations as objects again was 73.5 of the 153 MB the run promoted to
   * V8's old generation (the record is old, so what it is given survives the scavenges even when
   * nobody holds it), and that garbage set the peak.
   */
  private detach(s: Slot): void {
    const rec = this.recs[s] as Held;
    const b = rec[HIST];
    if (b === undefined || b === NOT_HELD) return;
    rec[HIST] = NOT_HELD;
    rec.history = FORGOTTEN;
    if (rec.visited !== undefined) rec.visited = undefined;
    if (b !== EMPTY) this.hist.release(b);
  }

  /** find() on the slot level: the TTL check expires a stale record on lookup. */
  private slot(imsi: IdentityKey | undefined, msisdn: IdentityKey | undefined): Slot | undefined {
    let s: Slot | undefined;
    if (imsi !== undefined) s = this.byKey.get(imsi);
    if (s === undefined && msisdn !== undefined) s = this.byMsisdn.get(msisdn);
    if (s === undefined) return undefined;
    if (this.table.isStale(s, this.ttlSec)) {
      this.table.evict(s, 'age');
      return undefined;
    }
    return s;
  }

  /** byMsisdn[msisdn] = s; the record it pointed to before (a recycled number) loses the link. */
  private claimMsisdn(s: Slot, msisdn: IdentityKey): void {
    const prev = this.byMsisdn.get(msisdn);
    if (prev !== undefined) this.owns[prev] = 0;
    this.byMsisdn.set(msisdn, s);
    this.owns[s] = 1;
  }

  /**
   * A new slot under `key`, indexed, then the caps enforced at the TTL clock ({@link ttlSec}). Its age counts from `stamp`.
   */
  private insert(key: IdentityKey, rec: SubscriberRecord, imsi: IdentityKey | undefined, msisdn: IdentityKey | undefined, stamp: number, enforce = true): Slot {
    const s = this.table.add(stamp);
    if (s >= this.imsiK.length) this.growSlots();
    if (s === this.recs.length) this.recs.push(rec);
    else this.recs[s] = rec;
    this.setImsiKey(s, imsi);
    this.setMsisdnKey(s, msisdn);
    this.owns[s] = 0;
    this.claimBlock[s] = NIL;
    this.byKey.set(key, s);
    if (enforce) this.table.enforce(this.ttlSec);
    return s;
  }

  private growSlots(): void {
    const n = this.table.capacity;
    this.imsiK.grow(n);
    this.msisdnK.grow(n);
    this.owns = grown(this.owns, n);
    this.claimBlock = grown(this.claimBlock, n);
  }

  private imsiKeyAt(s: Slot): IdentityKey | undefined {
    return this.imsiK.get(s);
  }

  private msisdnKeyAt(s: Slot): IdentityKey | undefined {
    return this.msisdnK.get(s);
  }

  private setImsiKey(s: Slot, k: IdentityKey | undefined): void {
    this.imsiK.set(s, k);
  }

  private setMsisdnKey(s: Slot, k: IdentityKey | undefined): void {
    this.msisdnK.set(s, k);
  }

  /** The table key of a slot: its IMSI's, else `tel:` + its MSISDN's (as keyOfRecord). */
  private keyOfSlot(s: Slot): IdentityKey {
    return this.imsiKeyAt(s) ?? telKey(this.msisdnKeyAt(s) ?? '');
  }

  /** The slot left the table: its references dropped (the slot may be handed out again). */
  private cleared(s: Slot): void {
    this.recs[s] = undefined;
    this.setImsiKey(s, undefined);
    this.setMsisdnKey(s, undefined);
  }

  /** Moves `s` from `old` to `key` in the index (its place in the order is unchanged). */
  private rekey(s: Slot, old: IdentityKey, key: IdentityKey): void {
    if (this.byKey.get(old) === s) this.byKey.delete(old);
    this.byKey.set(key, s);
  }

  /** Drops `s` from the key index (when the index still maps its key to it). */
  private unindex(s: Slot): void {
    const key = this.keyOfSlot(s);
    if (this.byKey.get(key) === s) this.byKey.delete(key);
  }

  /** The table evicted `s` (TTL or count): counted; its keys leave the indexes. */
  private evicted(s: Slot, why: EvictReason): void {
    if (why === 'limit') {
      if (this.table.evictedExpendable) this.counters.evictedClaimOnly++;
      else if (this.lastTrusted(this.recs[s]!) !== undefined) this.counters.evictedLocated++;
    }
    this.forgetRegistrations(this.recs[s]!);
    this.unindex(s);
    this.unlinkMsisdn(s);
    this.freeClaims(s);
    this.detach(s);
    this.cleared(s);
    if (why === 'age') this.counters.evictedTtl++;
    else this.counters.evictedLru++;
  }

  private remove(s: Slot): void {
    this.forgetRegistrations(this.recs[s]!);
    this.table.delete(s);
    this.unindex(s);
    this.unlinkMsisdn(s);
    this.freeClaims(s);
    this.detach(s);
    this.cleared(s);
  }

  private unlinkMsisdn(s: Slot): void {
    if (this.owns[s] === 1) {
      this.byMsisdn.delete(this.msisdnKeyAt(s)!);
      this.owns[s] = 0;
    }
  }
}

/**
 * `list` + `item`, the oldest dropped beyond `max`, as a new exact-size array. measured (issue 19,
 * alert flood): push() grows a backing store to 17 slots at the first element, so the 46 k
 * history/claims lists of 24 k subscribers (≤ 4 entries each) held 6.7 MB, ~145 B per list.
 */
function appended<T>(list: readonly T[], item: T, max: number): T[] {
  const n = list.length;
  return (n < max ? list : list.slice(n - max + 1)).concat(item);
}

/** Capture time `a` is after `b`'s. */
function isAfter(a: { tsSec: number; tsNsec: number }, b: { tsSec: number; tsNsec: number }): boolean {
  return a.tsSec > b.tsSec || (a.tsSec === b.tsSec && a.tsNsec > b.tsNsec);
}

/** The table key of a record (as {@link SubscriberStore.touchKey} filed it): the IMSI's, else `tel:` + the MSISDN's. */
function keyOfRecord(rec: SubscriberRecord): IdentityKey {
  return rec.imsi !== undefined ? imsiKeyOf(rec.imsi) : telKey(msisdnKeyOf(rec.msisdn ?? ''));
}

/** The record's history-pool block, EMPTY (held, no locations yet) or NOT_HELD. */
function blockOf(rec: SubscriberRecord): number {
  return (rec as Held)[HIST] ?? NOT_HELD;
}

/** A location written as seed.ts writes it (`address` before `tsSec`): its key order is kept. */
function seedOrder(l: Location): boolean {
  const keys = Object.keys(l);
  const a = keys.indexOf('address');
  return a >= 0 && a < keys.indexOf('tsSec');
}
