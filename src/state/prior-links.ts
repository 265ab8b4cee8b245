/**
 * The IMSIs a number was linked to before its current one, kept on the record that owns the number
 * (SubscriberStore.touchKey) for the link TTL (`limits.subscriberTtlSec` after the number left the IMSI).
 *
 * Why: a forged answer that names a victim's number beside the attacker's IMSI (a ULA "from the home
 * HSS", a result "from the home HLR") moves the number; the victim's later SendRoutingInfo / PSL was
 * then judged against the attacker's location alone and raised nothing (red-team round 15 H1c, review
 * 15-B #2/#3). Refusing the move was withdrawn: the first forged link then locked out the victim's own
 * registration, and an honest move across countries was refused (review 15-B #1, #6). So the move is
 * made, and the number's earlier IMSIs are kept to judge requests for the number against
 * (detect/predicates.ts `visited`) and to report a move across countries (SubscriberStore.countryMoves).
 *
 * Bounded: {@link MAX_PRIOR_LINKS} per number. Beyond, the entry dropped is chosen so that an attacker
 * who links many IMSIs of its own cannot cheaply push the victim's out: first one whose record the
 * store no longer holds, then one never located (it judges nothing), then the newer of two located in
 * the same network (they judge alike; the older of them only when the newer is the newest), and only
 * then the oldest. Pushing a victim's link out takes
 * IMSIs located in {@link MAX_PRIOR_LINKS} other networks, each a registration and a forged answer of
 * its own, each reported (`state.msisdn-relinked`).
 */
import type { NetworkInfo } from '../attribution/types.js';
import { sameNetwork } from '../attribution/same-network.js';

/** An IMSI the number was linked to, and the capture second the number left it. */
export interface PriorLink {
  readonly imsi: string;
  readonly untilSec: number;
}

/** Earlier IMSIs kept per number. */
export const MAX_PRIOR_LINKS = 4;

/** Where a prior IMSI's record is: its visited network, `unlocated` (held, no location), `gone` (not held). */
export type PriorPlace = NetworkInfo | 'unlocated' | 'gone';

/**
 * `list` (the number's earlier IMSIs, oldest departure first) with `imsi` added as left at `nowSec`,
 * without `owner` (the IMSI that now holds the number) nor entries older than `ttlSec`, bounded as the
 * module comment says. Undefined when nothing is left.
 */
export function withPrior(
  list: readonly PriorLink[] | undefined,
  imsi: string,
  owner: string | undefined,
  nowSec: number,
  ttlSec: number,
  placeOf: (imsi: string) => PriorPlace,
): PriorLink[] | undefined {
  const out: PriorLink[] = [];
  if (list !== undefined) for (const p of list) if (p.imsi !== imsi && p.imsi !== owner && nowSec - p.untilSec <= ttlSec) out.push(p);
  if (imsi !== owner) out.push({ imsi, untilSec: nowSec });
  while (out.length > MAX_PRIOR_LINKS) out.splice(dropIndex(out, placeOf), 1);
  return out.length === 0 ? undefined : out;
}

/** The entry {@link withPrior} drops (module comment): never the newest, which just left. */
function dropIndex(list: readonly PriorLink[], placeOf: (imsi: string) => PriorPlace): number {
  const places = list.map((p) => placeOf(p.imsi));
  const last = list.length - 1;
  const gone = places.indexOf('gone');
  if (gone >= 0 && gone < last) return gone;
  const unlocated = places.indexOf('unlocated');
  if (unlocated >= 0 && unlocated < last) return unlocated;
  let sameAsNewest = -1;
  for (let i = 0; i < last; i++) {
    const a = places[i]!;
    if (typeof a === 'string') continue;
    for (let j = i + 1; j <= last; j++) {
      const b = places[j]!;
      // The newer of the pair: the victim's IMSI is the older one, and an attacker's SIM located in the
      // same network may move on later, taking the judgement with it (review 16-A #4). The newest, which
      // just left, stays: then the older goes, the newest judging alike for now.
      if (typeof b !== 'string' && sameNetwork(a, b) === true) {
        if (j < last) return j;
        sameAsNewest = i;
      }
    }
  }
  return Math.max(sameAsNewest, 0);
}
