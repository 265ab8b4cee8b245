/**
 * The dialogues of TC-BEGINs whose origin is a spoofed home GT (detect/engine.ts `spoofed`), filed
 * alike in every `scan --workers` thread, for the router (api/workers-shard.ts): an answer in such a
 * dialogue teaches no identity link in the store (state/learn.ts inFlaggedDialogue), so the router
 * must not link its MSISDN to its IMSI either (review 12-C B1-linked-other-imsi-end: a forged End
 * naming another IMSI moved the MSISDN's next SRI to a thread without the subscriber's state).
 *
 * The store's own flags (state/flagged-dialogues.ts) are per thread: a rule-flagged Begin is filed
 * only where it is detected, and a flag's subject is the IMSI the thread's store links its MSISDN
 * to. Here a Begin is filed under its own IMSI and its own MSISDN (from the message alone), and an
 * answer matches by its IMSI or its MSISDN (the Begin's, which the decoder gives the answer), so
 * every thread decides alike. Same ring, time to live and Continue refresh as the store's flags.
 */
import type { IdentityKey } from '../core/identity-key.js';
import type { MessageRecord } from '../events/record.js';
import { FlaggedDialogues } from './flagged-dialogues.js';
import { imsiOf, keepFlagged, keepsFlags, tidKey } from './learn.js';
import { FLAGGED_DIALOGUES } from './subscribers.js';

export class SpoofedBegins {
  private readonly flags: FlaggedDialogues;

  /** `ttl`: the store's flag lifetime (flagTtlSec of limits.dialogueAgeSec), so both gates end alike. */
  constructor(ttl: number) {
    // Two entries a Begin (its IMSI and its MSISDN) where the store files one: twice its ring, so
    // this table does not wrap first under a flood of spoofed Begins (final read 13-A #3).
    this.flags = new FlaggedDialogues(2 * FLAGGED_DIALOGUES, ttl);
  }

  /** A MAP Begin found spoofed: files its otid, link (its calling GT) and identities; `msisdn` is its MSISDN key as the detector keys it. */
  file(ev: MessageRecord, msisdn: IdentityKey | undefined): void {
    if (ev.protocol !== 'map' || ev.tcapType !== 'begin') return;
    const tid = tidKey(ev.otidCode, ev.otidText);
    if (tid === undefined) return;
    const link = ev.sccp.calling.gt ?? '';
    const imsi = imsiOf(ev);
    if (imsi !== undefined) this.flags.add(tid, link, imsi, ev.tsSec);
    if (msisdn !== undefined && msisdn !== imsi) this.flags.add(tid, link, msisdn, ev.tsSec);
  }

  /** A Continue / End (dtid, called GT) of a dialogue {@link file}d, about its IMSI or MSISDN. */
  answers(ev: MessageRecord, msisdn: IdentityKey | undefined): boolean {
    if (this.flags.size === 0 || ev.protocol !== 'map' || ev.tcapType === 'begin') return false;
    const tid = tidKey(ev.dtidCode, ev.dtidText);
    if (tid === undefined) return false;
    const link = ev.sccp.called.gt ?? '';
    const imsi = imsiOf(ev);
    return (imsi !== undefined && this.flags.has(tid, link, imsi, ev.tsSec)) || (msisdn !== undefined && this.flags.has(tid, link, msisdn, ev.tsSec));
  }

  /** Every message: a Continue keeps its dialogue's flags, as the store's (learn.ts keepsFlags; rt13 F2, review 13-A #1). */
  keep(ev: MessageRecord): void {
    if (keepsFlags(ev) && this.flags.size !== 0) keepFlagged(this.flags, ev);
  }
}
