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
 * Bounded: at most `limits.dialogues` entries, least recently used (capture time) evicted first;
 * entries idle longer than `limits.dialogueAgeSec` (capture seconds) expire. Both are counted, and
 * an eviction is reported (a full table is an event, as in Suricata). Each dialogue holds at most
 * MAX_KEYS_PER_DIALOGUE transaction-id keys: the table counts dialogues, so without this cap a
 * Continue flood giving one known dialogue a fresh OTID each time grew byKey/byTid/keys without
 * bound (found by test/fuzz/hostile-tcap.test.ts: 100 k Continues held 30 MB).
 */
import type { Counters } from '../core/stats.js';
import type { SccpAddressInfo } from '../events/types.js';

export interface Dialogue {
  acn: string | undefined;
  /** `<tid of the invoking side>:<invokeId>` → opcode of each outstanding invoke. */
  readonly invokes: Map<string, number>;
  imsi: string | undefined;
  msisdn: string | undefined;
  /** Capture time of the last message, seconds. */
  lastSec: number;
  /** Keys this dialogue is registered under. */
  readonly keys: string[];
}

export interface DialogueLimits {
  dialogues: number;
  dialogueAgeSec: number;
}

/**
 * Transaction-id keys one dialogue may be registered under: one per side (Q.771 §3.2.1), times
 * the address forms GT translation can give a node (GT in the Begin, PC+SSN in the answer).
 */
export const MAX_KEYS_PER_DIALOGUE = 4;

/** Outstanding invokes remembered per dialogue: invoke ids are one octet per side (Q.773 §4.2.2.1). */
export const MAX_INVOKES_PER_DIALOGUE = 512;

/** Anomaly codes of the dialogue table's limits. */
export const DIALOGUE_ANOMALY = {
  EVICTED: 'tcap.dialogue-evicted',
  KEY_LIMIT: 'tcap.dialogue-key-limit',
} as const;

export type DialogueLimitSink = (code: string, detail: string) => void;

/** Node identity for the key: the GT digits when present, else PC and SSN. */
export function addressKey(a: SccpAddressInfo): string {
  return a.gt !== undefined && a.gt !== '' ? `g${a.gt}` : `p${a.pc ?? ''}/${a.ssn ?? ''}`;
}

export class DialogueTable {
  /** LRU order: first = least recently used (Set keeps insertion order; touch re-inserts). */
  private readonly lru = new Set<Dialogue>();
  private readonly byKey = new Map<string, Dialogue>();
  private readonly byTid = new Map<string, Dialogue>();

  constructor(
    private readonly limits: DialogueLimits,
    private readonly counters?: Counters,
    private readonly onLimit?: DialogueLimitSink,
  ) {}

  get size(): number {
    return this.lru.size;
  }

  /** Opens a dialogue for a Begin (or an unknown Continue) sent by `node` with OrigTransactionID `tid`. */
  open(node: string, tid: string, nowSec: number): Dialogue {
    this.expire(nowSec);
    const old = this.byKey.get(`${node}|${tid}`);
    if (old !== undefined) this.close(old);
    const d: Dialogue = { acn: undefined, invokes: new Map(), imsi: undefined, msisdn: undefined, lastSec: nowSec, keys: [] };
    this.lru.add(d);
    this.register(d, node, tid);
    while (this.lru.size > this.limits.dialogues) {
      const oldest = this.lru.values().next().value as Dialogue;
      this.close(oldest);
      this.counters?.inc('tcap.dialogues.evicted');
      this.onLimit?.(DIALOGUE_ANOMALY.EVICTED, `dialogue table full (${this.limits.dialogues}): least recently used dialogue evicted`);
    }
    return d;
  }

  /** Registers the other side's transaction id (first Continue of the responder). */
  register(d: Dialogue, node: string, tid: string): void {
    const key = `${node}|${tid}`;
    if (this.byKey.get(key) === d) return;
    if (d.keys.length >= MAX_KEYS_PER_DIALOGUE) {
      this.counters?.inc('tcap.dialogues.key-limit');
      this.onLimit?.(DIALOGUE_ANOMALY.KEY_LIMIT, `dialogue already has ${d.keys.length} transaction ids; ${tid} not registered`);
      return;
    }
    const old = this.byKey.get(key);
    if (old !== undefined) this.close(old);
    this.byKey.set(key, d);
    this.byTid.set(tid, d);
    d.keys.push(key);
  }

  /** The dialogue whose node `node` allocated `tid` (a message's called address + DestTransactionID). */
  find(node: string, tid: string, nowSec: number): Dialogue | undefined {
    this.expire(nowSec);
    const d = this.byKey.get(`${node}|${tid}`) ?? this.byTid.get(tid);
    if (d !== undefined) {
      d.lastSec = nowSec;
      this.lru.delete(d);
      this.lru.add(d);
    }
    return d;
  }

  close(d: Dialogue): void {
    if (!this.lru.delete(d)) return;
    for (const key of d.keys) {
      if (this.byKey.get(key) === d) this.byKey.delete(key);
      const tid = key.slice(key.lastIndexOf('|') + 1);
      if (this.byTid.get(tid) === d) this.byTid.delete(tid);
    }
  }

  /** Drops dialogues idle for more than dialogueAgeSec of capture time. */
  expire(nowSec: number): void {
    const limit = nowSec - this.limits.dialogueAgeSec;
    for (const d of this.lru) {
      if (d.lastSec >= limit) break;
      this.close(d);
      this.counters?.inc('tcap.dialogues.expired');
    }
  }
}
