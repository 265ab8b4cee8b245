/**
 * The UL / UGL dialogues a scan has seen (its otid, the GT its answers go to: the UL's calling GT),
 * the newest `cap`, so that a refusal naming only its dialogue (a TC-ABORT, an error ending a
 * dialogue the TCAP table no longer holds) tells whether it answers a registration without the
 * store's claims (state/learn.ts dialogueRefusal). Every `scan --workers` thread sees every UL,
 * the claims live in one thread only: review 10-B F6, the "answers seen" flag was learned from an
 * abort only in the thread holding its claim, and the other threads kept trusting ULs at once.
 */
import { DialogueIndex } from './dialogue-index.js';

export class SeenDialogues {
  private readonly index = new DialogueIndex<number>();
  /** A ring of the filed dialogues (oldest at `next` once full): the one to forget next. */
  private readonly tids: (number | string)[] = [];
  private readonly links: string[] = [];
  private next = 0;

  constructor(private readonly cap: number) {}

  get size(): number {
    return this.tids.length;
  }

  /** Files the dialogue, forgetting the oldest when `cap` are filed. */
  add(tid: number | string, link: string): void {
    let i = this.tids.length;
    if (i < this.cap) {
      this.tids.push(tid);
      this.links.push(link);
    } else {
      i = this.next;
      this.index.delete(this.tids[i]!, this.links[i]!, i);
      this.tids[i] = tid;
      this.links[i] = link;
      this.next = (i + 1) % this.cap;
    }
    this.index.add(tid, link, i);
  }

  has(tid: number | string, link: string): boolean {
    return this.index.get(tid, link) !== undefined;
  }

  clear(): void {
    this.index.clear();
    this.tids.length = 0;
    this.links.length = 0;
    this.next = 0;
  }
}
