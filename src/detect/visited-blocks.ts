/**
 * Number blocks of the nodes the home network serves its subscribers at (red-team rt19 M7, its S6a form): a
 * subscriber's visited network learned from an S6a ULR is a PLMN (Visited-PLMN-Id, the MME's realm) with no node
 * number, so a calling GT that nothing finer than its E.164 country places matched it by the country alone, and any
 * GT of that country (another operator's, a leased one) passed as the visited network. The evidence that ties such
 * a GT to a visited network is the home network's own traffic: a MAP invoke of an operation only the home sends
 * (networks.ts HOME_OWN_OPS: InsertSubscriberData, ProvideRoamingNumber, CancelLocation…) from a GT inside the
 * declared home `gt_prefixes`, addressed to an E.164 GT, names a node where the home serves its subscribers. Its
 * block, the E.164 country code and two digits more (E.164 §6.2.1: the national destination code that names the
 * network follows the country code; two digits of it, the heuristic of predicates.ts countryOnlyVisited), is kept
 * here; a country-only GT of the S6a-learned visited network's country is taken as that network only inside such a
 * block (predicates.ts), else one level lower as another network.
 *
 * Fed with every message in every `scan --workers` thread (engine.ts record / observeRecord), decided from the
 * message alone: every thread holds the same blocks. Bounded: {@link VISITED_BLOCKS} blocks, the oldest learned
 * forgotten first (a block is the matched E.164 prefix, 1-3 digits of country code or a 4-digit NANP area code, and two digits). Not in the
 * state snapshot: a scan that resumes from one learns the blocks again from its own traffic.
 */
import type { Attributor } from '../attribution/types.js';
import type { MessageRecord } from '../events/record.js';
import { HOME_OWN_OPS } from './networks.js';

/** Blocks kept (README "Limits"): far above the number blocks of the networks one home's roamers visit. */
const VISITED_BLOCKS = 4096;

/** Digits of the national number compared after the E.164 country code (see the module comment). */
export const VISITED_NDC_DIGITS = 2;

/** Longer than any block (an E.164 prefix the attributor matches, up to 6 digits, and two more). */
const SEEN_DIGITS = 8;

export class VisitedBlocks {
  private readonly blocks = new Set<string>();
  /** Called numbers' first {@link SEEN_DIGITS} digits already placed (cleared at {@link VISITED_BLOCKS}). */
  private readonly seen = new Set<string>();
  /** Blocks learned since the detector started (evictions are `learned - size`). */
  learned = 0;

  /** Blocks are learned (and asked): a profile home that declares `gt_prefixes` (not an inferred home). */
  readonly active: boolean;

  constructor(
    private readonly homePrefixes: readonly string[],
    private readonly attributor: Attributor,
  ) {
    this.active = homePrefixes.length > 0;
  }

  /** Learns the called GT's block of a home-own MAP invoke sent from a declared home GT. */
  observe(r: MessageRecord): void {
    if (!this.active || r.protocol !== 'map' || !r.hasComponent || r.componentType !== 'invoke') return;
    const op = r.opcode;
    if (op === undefined || !HOME_OWN_OPS.has(op)) return;
    const calling = r.sccp.calling;
    const called = r.sccp.called;
    const from = calling.gt;
    const to = called.gt;
    // International E.164 digits on both sides (Q.713 §3.4.2.3.1 NAI 4, §3.4.2.3.3 NP 1; absent read as such).
    if (from === undefined || to === undefined || !international(calling.nai, calling.np) || !international(called.nai, called.np)) return;
    if (!startsWithAny(from, this.homePrefixes)) return;
    // Each called number's first digits are placed once (the home HLR addresses the same VLRs and MSCs all day).
    const key = to.length > SEEN_DIGITS ? to.slice(0, SEEN_DIGITS) : to;
    if (this.seen.has(key)) return;
    if (this.seen.size >= VISITED_BLOCKS) this.seen.clear();
    this.seen.add(key);
    const info = this.attributor.gt(to);
    const m = info.source === 'e164' ? info.matched : undefined;
    if (m === undefined || to.length < m.length + VISITED_NDC_DIGITS) return;
    const block = to.slice(0, m.length + VISITED_NDC_DIGITS);
    if (this.blocks.has(block)) return;
    if (this.blocks.size >= VISITED_BLOCKS) {
      this.blocks.delete(this.blocks.values().next().value!);
      this.seen.clear(); // the forgotten block's numbers are placed again when next addressed
    }
    this.blocks.add(block);
    this.learned++;
  }

  /** `gt`, placed by its E.164 prefix `matched` alone, is in a learned block. */
  has(gt: string, matched: string): boolean {
    const n = matched.length + VISITED_NDC_DIGITS;
    return gt.length >= n && this.blocks.has(gt.slice(0, n));
  }
}

function international(nai: number | undefined, np: number | undefined): boolean {
  return (nai === undefined || nai === 4) && (np === undefined || np === 1);
}

function startsWithAny(s: string, prefixes: readonly string[]): boolean {
  for (const p of prefixes) if (s.startsWith(p)) return true;
  return false;
}
