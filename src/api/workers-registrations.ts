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
import { MAX_PER_TID, type TidKey } from '../state/dialogue-index.js';
import { TidRing } from '../state/tid-ring.js';

/** Dialogues kept: twice the store's pending registration claims (state/subscribers.ts PENDING), as its own UL dialogue table. */
const REGISTRATION_DIALOGUES = 8192;

/**
 * The filed dialogues in a {@link TidRing} (no object per UL), with the IMSI of each slot. A tid holds
 * at most MAX_PER_TID links (as the flag rings, state/flagged-dialogues.ts): the same link again is
 * refiled in place, a new one past the cap takes the tid's oldest slot in place, so each filing and
 * {@link imsiOf} walk at most MAX_PER_TID slots (red-team round 16 I5: 8,192 ULs sharing one otid made
 * each later UL and each unjoined ISD walk an 8,192-long chain, +52 % CPU in every thread). Limit: an
 * ISD whose UL is the 17th of one otid within the ring's reach finds no IMSI here (routed by its MSISDN).
 */
export class RegistrationDialogues {
  private readonly ring: TidRing;
  private readonly imsis: IdentityKey[] = [];
  /** Per slot: the filing number ({@link add}: the tid's oldest link is the one with the lowest). */
  private readonly filed: number[] = [];
  private filings = 0;

  constructor(cap = REGISTRATION_DIALOGUES) {
    this.ring = new TidRing(cap);
  }

  get size(): number {
    return this.ring.size;
  }

  /** A UL / UGL Begin: its otid key, calling GT ('' without one) and IMSI key; forgets the oldest when full. */
  add(tid: TidKey, link: string, imsi: IdentityKey): void {
    const r = this.ring;
    let n = 0;
    let oldest = -1;
    let slot = -1;
    for (let s = r.first(tid); s >= 0; s = r.after(s), n++) {
      if (r.links[s] === link) {
        slot = s;
        break;
      }
      if (oldest < 0 || this.filed[s]! < this.filed[oldest]!) oldest = s;
    }
    if (slot < 0 && n >= MAX_PER_TID) {
      slot = oldest;
      r.links[slot] = link;
    }
    if (slot < 0) slot = r.file(tid, link);
    this.imsis[slot] = imsi;
    this.filed[slot] = ++this.filings;
  }

  /** The IMSI of the newest UL whose dialogue is `tid` of `link` (an answer's dtid and called GT), when one is filed. */
  imsiOf(tid: TidKey, link: string): IdentityKey | undefined {
    const r = this.ring;
    for (let s = r.first(tid); s >= 0; s = r.after(s)) if (r.links[s] === link) return this.imsis[s];
    return undefined;
  }
}
