/**
 * What the scan saw the home HLR / HSS say about a record's number at the record's registrations: the node
 * of its latest registration (a UL / UGL / ULR the scan saw claim it), and the node at which the HLR named
 * the record's MSISDN in that record's own registration dialogue (an ISD answering the UL's dialogue, a
 * matched ULA 2xxx carrying Subscription-Data MSISDN), and whether that naming was the HLR's sure word.
 *
 * Sure (review 16-A #2, MultiSIM): only an ISD the addressee sent over IP on the exact reverse direction of
 * the UL Begin's association, both directions captured (ss7/tcap-dialogues.ts `sentBack`): not what the
 * requester's side can write as the capture shows it. A forged answer over IP leaves the requester's side,
 * the way of its request (rt15 H2, rt16 I7), or goes on an association the capture saw no traffic back on
 * (review 16-A #1); on an MTP link anyone on it can copy the HLR's label. A ULA is never sure: a matched
 * answer always came back on its ULR's connection, and rt15 H1c's forged ULA did (with the home realm it is
 * the HSS's answer to every check). A ULA names the number (below) only from the IMSI's home realm
 * (TS 23.003 §19.2), as the HSS's Origin-Realm is.
 *
 * A number a record took at one node and kept while the record registered at another, in a scan that
 * shows the HLR's side (`registrationAnswers`), is "not named there": an honest HLR sends a new VLR the
 * subscriber data, MSISDN included (TS 29.002 §19.1.1: InsertSubscriberData in
 * the UL dialogue; TS 29.272 §5.2.1.1.3: the ULA's Subscription-Data to a new MME), so the move is not
 * the number's (review 15-B #3b).
 *
 * Not in the state file: a restored record has no evidence, and is judged as before this module
 * (prior-links.ts: the travel excuse, no MultiSIM holder). Kept by record object (a WeakMap: a record the
 * store drops takes its entry with it), so bounded by the store's records.
 */
import type { SubscriberRecord } from './subscribers.js';

interface Evidence {
  /** The node of the record's latest registration the scan saw (its claim's address). */
  regAt: string | undefined;
  /** The node at which the HLR last named the record's current MSISDN in the record's registration dialogue. */
  numberAt: string | undefined;
  /** That naming was the HLR's sure word (module comment). */
  sure: boolean;
}

export class NumberEvidence {
  private readonly byRec = new WeakMap<SubscriberRecord, Evidence>();

  private of(rec: SubscriberRecord): Evidence {
    let e = this.byRec.get(rec);
    if (e === undefined) this.byRec.set(rec, (e = { regAt: undefined, numberAt: undefined, sure: false }));
    return e;
  }

  /** The record claimed a registration at `node`. */
  registered(rec: SubscriberRecord, node: string | undefined): void {
    this.of(rec).regAt = node;
  }

  /** The HLR named the record's MSISDN in its registration at `node` (`sure`: module comment). */
  named(rec: SubscriberRecord, node: string, sure: boolean): void {
    const e = this.of(rec);
    e.numberAt = node;
    e.sure = sure;
  }

  /** The record's MSISDN changed: what was said of the old one is not of the new one. */
  numberChanged(rec: SubscriberRecord): void {
    const e = this.byRec.get(rec);
    if (e !== undefined) {
      e.numberAt = undefined;
      e.sure = false;
    }
  }

  /** The HLR's sure word put the record's number at `node` (the record's visited node: a MultiSIM holder there). */
  holdsAt(rec: SubscriberRecord, node: string | undefined): boolean {
    const e = this.byRec.get(rec);
    return e?.sure === true && node !== undefined && e.numberAt === node;
  }

  /** The record registered at `node` (its visited node), and the HLR did not name its number there (module comment). */
  unnamedAt(rec: SubscriberRecord, node: string | undefined): boolean {
    const e = this.byRec.get(rec);
    return e !== undefined && node !== undefined && e.regAt === node && e.numberAt !== node;
  }
}
