/**
 * Number blocks of the nodes the home network serves its subscribers at (red-team rt19 M7, its S6a form): a
 * subscriber's visited network learned from an S6a ULR is a PLMN (Visited-PLMN-Id, the MME's realm) with no node
 * number, so a calling GT that nothing finer than its E.164 country places matched it by the country alone, and any
 * GT of that country (another operator's, a leased one) passed as the visited network. The evidence that ties such
 * a GT to a visited network is the home network's own traffic: a MAP operation only the home sends (networks.ts
 * HOME_OWN_OPS: InsertSubscriberData, ProvideRoamingNumber, CancelLocation…) between a GT inside the declared home
 * `gt_prefixes` and an E.164 GT names a node where the home serves its subscribers. Its block, the E.164 country
 * code and two digits more (E.164 §6.2.1: the national destination code that names the network follows the country
 * code; two digits of it, the heuristic of predicates.ts countryOnlyVisited), is kept here; a country-only GT of the
 * S6a-learned visited network's country is taken as that network only inside such a block (predicates.ts), else one
 * level lower as another network.
 *
 * Learned only from a dialogue the node answered (review 20 #3, #4): the result or error of such an invoke, sent back
 * by its addressee on the exact reverse direction of the invoke's Begin (records' `sentBack`: the capture shows both
 * directions of that association, and the requester cannot write its reverse), or such an invoke the home sends back
 * that way in a dialogue opened toward it (the HLR's InsertSubscriberData in the UpdateLocation dialogue, TS 29.002
 * §19.1.1). An invoke alone is anyone's to send with the home HLR's GT as its calling address: one spoofed
 * CancelLocation taught its called block, and 6,480 of them to distinct blocks pushed the honest ones out, unseen.
 *
 * Fed with every message in every `scan --workers` thread (engine.ts record / observeRecord), decided from the
 * message alone: every thread holds the same blocks. Bounded: {@link VISITED_BLOCKS} blocks, the least recently used
 * forgotten first (a block is used when the home's answered own traffic addresses it again), each eviction counted
 * ({@link evicted}; engine.ts raises `state.visited-block-evicted`). A block is the matched E.164 prefix, 1-3 digits
 * of country code or a 4-digit NANP area code, and two digits. Not in the state snapshot: a scan that resumes from
 * one learns the blocks again from its own traffic.
 */
import type { Attributor } from '../attribution/types.js';
import type { MessageRecord, SccpAddressView } from '../events/record.js';
import { HOME_OWN_OPS } from './networks.js';

/** Blocks kept (README "Limits"): far above the number blocks of the networks one home's roamers visit. */
export const VISITED_BLOCKS = 4096;

/** Digits of the national number compared after the E.164 country code (see the module comment). */
export const VISITED_NDC_DIGITS = 2;

/** Longer than any block (an E.164 prefix the attributor matches, up to 6 digits, and two more). */
const SEEN_DIGITS = 8;

/** A block used within the last this many uses is not moved again: it is in the newer half, no eviction near it. */
const RECENT = VISITED_BLOCKS / 2;

export class VisitedBlocks {
  /** Block → the use count when it was last used; iteration (insertion) order is the least recently used first. */
  private readonly blocks = new Map<string, number>();
  /** Called numbers' first {@link SEEN_DIGITS} digits already placed → their block ('' none; cleared at {@link VISITED_BLOCKS}). */
  private readonly seen = new Map<string, string>();
  /** Uses so far: new blocks and blocks moved to the newest end. */
  private uses = 0;
  /** Blocks learned since the detector started (a block learned again after its eviction counts again). */
  learned = 0;
  /** Blocks forgotten at {@link VISITED_BLOCKS}, the least recently used (review 20 #4). */
  evicted = 0;

  /** Blocks are learned (and asked): a profile home that declares `gt_prefixes` (not an inferred home). */
  readonly active: boolean;

  constructor(
    private readonly homePrefixes: readonly string[],
    private readonly attributor: Attributor,
  ) {
    this.active = homePrefixes.length > 0;
  }

  /**
   * A home-own MAP operation answered the reverse way: a result / error from the serving node, the home's invoke
   * sent back in a dialogue opened toward it, or the home's Begin that joined such answers captured before it
   * (reordering); {@link learn} then learns (or uses again) the serving node's block.
   */
  answered(r: MessageRecord): boolean {
    // `sentBack` (an answer of the Begin's addressee, on its exact reverse: tcap-decoder.ts) first: most messages stop there.
    if (r.sentBack !== true || !this.active || r.protocol !== 'map' || !r.hasComponent || r.answerByCountry === true) return false;
    const op = r.opcode;
    if (op === undefined || !HOME_OWN_OPS.has(op)) return false;
    const t = r.componentType;
    // Reordering: the home's Begin that joined its answers captured before it, one on its exact reverse (`orphan`, `sentBack`).
    if (r.tcapType === 'begin') return t === 'invoke' && r.orphan >= 0;
    return r.answersRequest === true && (t === 'invoke' || t === 'returnResultLast' || t === 'returnResult' || t === 'returnError');
  }

  /** Learns the block of the serving node of a message {@link answered} holds for (engine.ts: not in a spoofed Begin's dialogue). */
  learn(r: MessageRecord): void {
    // A result or error comes from the serving node to the home; an invoke (the HLR's ISD in the UL's dialogue) from the home.
    const invoke = r.componentType === 'invoke';
    const home = invoke ? r.sccp.calling : r.sccp.called;
    const node = invoke ? r.sccp.called : r.sccp.calling;
    const from = home.gt;
    const to = node.gt;
    // International E.164 digits on both sides (Q.713 §3.4.2.3.1 NAI 4, §3.4.2.3.3 NP 1; absent read as such).
    if (from === undefined || to === undefined || !international(home) || !international(node)) return;
    if (!startsWithAny(from, this.homePrefixes)) return;
    // Each called number's first digits are placed once (the home HLR addresses the same VLRs and MSCs all day).
    const key = to.length > SEEN_DIGITS ? to.slice(0, SEEN_DIGITS) : to;
    let block = this.seen.get(key);
    if (block === undefined) {
      if (this.seen.size >= VISITED_BLOCKS) this.seen.clear();
      const info = this.attributor.gt(to);
      const m = info.source === 'e164' ? info.matched : undefined;
      block = m === undefined || to.length < m.length + VISITED_NDC_DIGITS ? '' : to.slice(0, m.length + VISITED_NDC_DIGITS);
      this.seen.set(key, block);
    }
    if (block !== '') this.use(block);
  }

  /** `gt`, placed by its E.164 prefix `matched` alone, is in a learned block. */
  has(gt: string, matched: string): boolean {
    const n = matched.length + VISITED_NDC_DIGITS;
    return gt.length >= n && this.blocks.has(gt.slice(0, n));
  }

  /** Blocks held now. */
  get size(): number {
    return this.blocks.size;
  }

  /** `block` used: learned, or moved to the newest end (review 20 #4: a block in use stays, the least recently used goes). */
  private use(block: string): void {
    const last = this.blocks.get(block);
    if (last !== undefined) {
      if (this.uses - last < RECENT) return;
      this.blocks.delete(block);
    } else {
      if (this.blocks.size >= VISITED_BLOCKS) {
        this.blocks.delete(this.blocks.keys().next().value!);
        this.evicted++;
      }
      this.learned++;
    }
    this.blocks.set(block, ++this.uses);
  }
}

function international(a: SccpAddressView): boolean {
  return (a.nai === undefined || a.nai === 4) && (a.np === undefined || a.np === 1);
}

function startsWithAny(s: string, prefixes: readonly string[]): boolean {
  for (const p of prefixes) if (s.startsWith(p)) return true;
  return false;
}
