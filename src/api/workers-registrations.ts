/**
 * `scan --workers` (api/workers-shard.ts): the UpdateLocation / UpdateGprsLocation dialogues the
 * scan has seen, by the UL's otid and calling GT, with the IMSI the UL names, the newest
 * {@link REGISTRATION_DIALOGUES}. An InsertSubscriberData of that dialogue (TS 29.002 §19.1.1: the
 * HLR's ISD inside the UL dialogue, dtid = the UL's otid, sent to its calling GT) that the decoder
 * could not join to its Begin carries only the MSISDN: its UL was in the previous file of a rotated
 * capture (the TCAP dialogue table is per file), or the dialogue left the table. One thread still
 * links that MSISDN to the UL's IMSI through the UL's pending registration claim (state/learn.ts
 * claimOfDialogue), which lives in the IMSI's thread only; routed by its MSISDN the ISD went to
 * another thread, and no thread linked them (red team rt14 G6: a false location-origin-mismatch on
 * an honest SRI, or a high one dropped to medium without the IMSI). Every thread sees every UL, so
 * every router finds the same IMSI here and routes the ISD to its thread, which links as one thread does.
 */
import type { IdentityKey } from '../core/identity-key.js';
import type { TidKey } from '../state/dialogue-index.js';

/** Dialogues kept: twice the store's pending registration claims (state/subscribers.ts PENDING), as its own UL dialogue table. */
const REGISTRATION_DIALOGUES = 8192;

/**
 * A ring of the filed dialogues, oldest at `next` once full, chained per tid from a head map (as
 * state/flagged-dialogues.ts): no object per UL. A DialogueIndex (one entry object per UL, long-lived
 * in a ring of 8,192) cost ~5 µs a UL: +8 % of a decode + router pass over the routine capture's
 * 23,138 ULs (bench/results-notes.md, round 15 wk15).
 */
export class RegistrationDialogues {
  private readonly head = new Map<TidKey, number>();
  private readonly tids: TidKey[] = [];
  private readonly links: string[] = [];
  private readonly imsis: IdentityKey[] = [];
  private readonly nextSame: number[] = [];
  private next = 0;

  constructor(private readonly cap = REGISTRATION_DIALOGUES) {}

  get size(): number {
    return this.tids.length;
  }

  /** A UL / UGL Begin: its otid key, calling GT ('' without one) and IMSI key; forgets the oldest when full. */
  add(tid: TidKey, link: string, imsi: IdentityKey): void {
    let i = this.tids.length;
    if (i < this.cap) {
      this.tids.push(tid);
      this.links.push(link);
      this.imsis.push(imsi);
      this.nextSame.push(-1);
    } else {
      i = this.next;
      this.forget(i);
      this.tids[i] = tid;
      this.links[i] = link;
      this.imsis[i] = imsi;
      this.next = (i + 1) % this.cap;
    }
    this.nextSame[i] = this.head.get(tid) ?? -1;
    this.head.set(tid, i);
  }

  /** The IMSI of the newest UL whose dialogue is `tid` of `link` (an answer's dtid and called GT), when one is filed. */
  imsiOf(tid: TidKey, link: string): IdentityKey | undefined {
    for (let s = this.head.get(tid) ?? -1; s >= 0; s = this.nextSame[s]!) if (this.links[s] === link) return this.imsis[s];
    return undefined;
  }

  /** Unlinks slot `i` (the oldest: the last of its tid's chain). */
  private forget(i: number): void {
    const tid = this.tids[i]!;
    let s = this.head.get(tid) ?? -1;
    if (s === i) {
      this.head.delete(tid);
      return;
    }
    while (s >= 0 && this.nextSame[s] !== i) s = this.nextSame[s]!;
    if (s >= 0) this.nextSame[s] = -1;
  }
}
