/**
 * Registration claims by their UL's dialogue: the UL's TCAP otid (code, else text; learn.ts
 * tidKey) and the GT its answers go to (the UL's calling GT). A TC-ABORT, an SCCP return or an
 * End with an error names the dialogue only (Q.774 §3.2.2.4, Q.714 §4.2), so the store finds the
 * claim it refuses here, in one lookup, not by walking every claim (an attacker flooding aborts
 * against 4,096 pending claims paid 4,096 comparisons each).
 *
 * Keyed by the transaction id alone; the few ids two links share are chained (oldest first) and
 * told apart by the link. measured (issue 19, 150 k alert flood CLI profile): the `tid + ' ' + link`
 * text keys this replaces (a number made text, a cons string flattened and hashed per lookup) were
 * ~1 % of the run's self time.
 */
/**
 * A transaction id as the state's dialogue tables key it (learn.ts tidKey: the code of a TCAP tid
 * of at most 4 octets, else its text; a Diameter End-to-End id's code): one type for the
 * DialogueIndex, FlaggedDialogues and HeldResults, which look the same dialogue up by it.
 */
export type TidKey = number | string;

interface Entry<V> {
  readonly link: string;
  value: V;
  next: Entry<V> | undefined;
}

/**
 * At most this many values filed under one transaction id (all links): a node does not reuse an
 * otid while its dialogue is open (Q.774 §3.2.1.1), so more are forged; beyond it a value is not
 * filed and every operation stays O(MAX_PER_TID) (review 10-B F2: ULs reusing one otid and link
 * made a chain of 4,096 that each claim walked, ~30 µs a UL). The oldest are kept: the first
 * claim of a dialogue is the one its answer or refusal is about (review 10-B F3).
 */
export const MAX_PER_TID = 16;

export class DialogueIndex<V> {
  private readonly byTid = new Map<TidKey, Entry<V>>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  clear(): void {
    this.byTid.clear();
    this.count = 0;
  }

  /** The oldest value filed under the dialogue (undefined: none). */
  get(tid: TidKey, link: string): V | undefined {
    for (let e = this.byTid.get(tid); e !== undefined; e = e.next) if (e.link === link) return e.value;
    return undefined;
  }

  /** Files `value` under the dialogue after any filed there before (not past {@link MAX_PER_TID} under its id: false). */
  add(tid: TidKey, link: string, value: V): boolean {
    const entry: Entry<V> = { link, value, next: undefined };
    let e = this.byTid.get(tid);
    if (e === undefined) {
      this.byTid.set(tid, entry);
      this.count++;
      return true;
    }
    let n = 1;
    for (; e.next !== undefined; n++) e = e.next;
    if (n >= MAX_PER_TID) return false;
    e.next = entry;
    this.count++;
    return true;
  }

  /** Takes `value` out of the dialogue (nothing when it is not filed there). */
  delete(tid: TidKey, link: string, value: V): void {
    let prev: Entry<V> | undefined;
    for (let e = this.byTid.get(tid); e !== undefined; prev = e, e = e.next) {
      if (e.link !== link || e.value !== value) continue;
      this.count--;
      if (prev !== undefined) prev.next = e.next;
      else if (e.next !== undefined) this.byTid.set(tid, e.next);
      else this.byTid.delete(tid);
      return;
    }
  }
}
