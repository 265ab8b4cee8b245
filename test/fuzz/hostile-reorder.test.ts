/**
 * QA of issues 15 × 16: the state issue 15 added must stay bounded against an attacker and
 * count what it drops. Reordering waits (Continue/End captured before its Begin; a Diameter
 * answer captured before its request, limits.reorderWaitSec), the auth-vector-harvesting
 * per-origin counts and the flagged location claims. Floods at one timestamp keep every wait
 * alive, so only the documented caps bound the tables; each drop is counted.
 */
import { describe, expect, it } from 'vitest';
import { Decoder } from '../../src/api/decoder.js';
import { createAttributor } from '../../src/attribution/index.js';
import { DIAMETER_APP, DIAMETER_CMD } from '../../src/diameter/dictionary/codes.js';
import { avp, buildDiameter, group, msisdnAvp } from '../../src/encode/diameter.js';
import { Networks } from '../../src/detect/networks.js';
import { OriginSubscribers } from '../../src/detect/origin-subscribers.js';
import { emptyProfile } from '../../src/detect/profile.js';
import type { SignallingEvent } from '../../src/events/types.js';
import { MessageRecord } from '../../src/events/record.js';
import { SubscriberStore } from '../../src/state/subscribers.js';
import { diameterAnswerFlood, orphanContinueFlood, pcapHeader } from './hostile.js';
import { liveHeap, MiB } from './memory.js';

const N = 100_000;

function drive(d: Decoder, gen: Iterable<Uint8Array>): { early: number } {
  const peak = { early: 0 };
  d.push(pcapHeader());
  for (const b of gen) {
    d.push(b);
    peak.early = Math.max(peak.early, d.tables.diameterEarlyAnswers);
  }
  d.end();
  return peak;
}

describe('bounded reordering state (limits.reorderWaitSec)', () => {
  for (const [tsStep, dialogues] of [
    [0, 2000],
    [0.001, 2000],
    [0.001, 20_000],
  ] as const) {
    it(`${N} Continues with random transaction ids and no Begin (ts step ${tsStep}, ${dialogues} dialogues): orphans ≤ limits.dialogues, every one counted`, () => {
      const d = new Decoder({ onEvent: () => undefined, limits: { dialogues, reorderWaitSec: 5 } });
      const before = liveHeap();
      let peak = 0;
      let end = 0;
      d.push(pcapHeader());
      for (const b of orphanContinueFlood(N, tsStep)) {
        d.push(b);
        peak = Math.max(peak, d.tables.dialogueOrphans, d.tables.dialogues);
        end = d.tables.dialogues;
      }
      const s = d.stats;
      expect(s['tcap.messages']).toBe(N);
      expect(peak).toBeLessThanOrEqual(dialogues);
      expect(liveHeap() - before).toBeLessThan(24 * MiB);
      // Every orphan is accounted for: evicted with its dialogue (counted and reported), its wait
      // expired (counted; the dialogue then lives on as an ordinary one), or still in the table.
      const evicted = s['tcap.dialogues.evicted'] ?? 0;
      const expired = s['tcap.dialogues.reorder-expired'] ?? 0;
      expect(s['anomaly.tcap.dialogue-evicted'] ?? 0).toBe(evicted);
      expect(evicted + end).toBe(N);
      // 5 s of waits at 1 ms per frame is ~5,000 orphans: with room for them, older waits expire.
      if (dialogues > 10_000) expect(expired).toBeGreaterThanOrEqual(N - 10_000);
      else expect(expired).toBe(0);
      expect(s['tcap.dialogues.reordered'] ?? 0).toBe(0);
      d.end();
      // End of input: no Begin can come; the orphans still waiting are counted as expired too.
      const after = d.stats['tcap.dialogues.reorder-expired'] ?? 0;
      if (dialogues > 10_000) expect(after).toBeGreaterThan(expired);
      else expect(after).toBe(end);
      expect(d.tables.dialogueOrphans).toBe(0);
    });
  }

  for (const tsStep of [0, 0.001]) {
    it(`${N} Diameter answers with random Hop-by-Hop ids and no request (ts step ${tsStep}): ≤ limits.diameterTransactions waiting, every wait counted`, () => {
      const ula = buildDiameter({
        cmd: DIAMETER_CMD.s6a.ULR,
        app: DIAMETER_APP.s6a,
        request: false,
        hbh: 1,
        e2e: 1,
        avps: [
          avp(263, 'hss.example;1'),
          avp(268, 2001),
          avp(264, 'hss.example'),
          avp(296, 'epc.mnc410.mcc310.3gppnetwork.org'),
          group(1400, [msisdnAvp('12025550123')], { vendor: 10415 }),
        ],
      });
      const d = new Decoder({ onEvent: () => undefined, limits: { diameterTransactions: 3000, reorderWaitSec: 5 } });
      const peak = drive(d, diameterAnswerFlood(N, ula, tsStep));
      const s = d.stats;
      expect(s['diameter.transactions.unmatched']).toBe(N);
      expect(peak.early).toBeLessThanOrEqual(3000);
      expect(peak.early).toBeGreaterThan(0);
      // Each answer left the waiting list once (cap or expiry), except those still waiting at the end.
      expect(s['diameter.transactions.reorder-expired']).toBeGreaterThanOrEqual(N - 3000);
      expect(s['diameter.transactions.reordered'] ?? 0).toBe(0);
    });
  }
});

/** OriginSubscribers reads the fast tier's record (one per test event). */
const rec = (ev: SignallingEvent): MessageRecord => new MessageRecord().fromEvent(ev);

function air(imsi: string, host: string, t: number): SignallingEvent {
  return {
    protocol: 'diameter',
    frame: t,
    tsSec: t,
    tsNsec: 0,
    subscriber: { imsi },
    diameter: {
      app: DIAMETER_APP.s6a,
      cmd: DIAMETER_CMD.s6a.AIR,
      request: true,
      userName: imsi,
      originHost: host,
      originRealm: 'epc.mnc001.mcc460.3gppnetwork.org',
    },
  } as unknown as SignallingEvent;
}

describe('bounded auth-vector-harvesting state', () => {
  const attributor = createAttributor({});
  const networks = new Networks(emptyProfile(), attributor, true);

  it(`one origin asking for ${N} distinct subscribers: ≤ threshold kept for it, count capped`, () => {
    const h = new OriginSubscribers(networks, attributor, 10, 3600, 5000);
    for (let i = 0; i < N; i++) {
      h.observe(rec(air(`310410${String(i).padStart(9, '0')}`, 'mme.harvest.example', 1_700_000_000 + i / 1000)));
      expect(h.count).toBe(Math.min(i + 1, 10));
    }
    expect(h.sizes.entries).toBe(10);
    expect(h.sizes.origins).toBe(1);
    expect(h.sizes.networks).toBe(1);
    expect(h.sizes.networkEntries).toBe(20);
  });

  it(`${N} origins × 3 subscribers: origins ≤ 4096, entries ≤ limits.subscribers, evictions counted`, () => {
    const h = new OriginSubscribers(networks, attributor, 10, 3600, 5000);
    let peak = 0;
    for (let i = 0; i < N; i++)
      for (let k = 0; k < 3; k++) {
        h.observe(rec(air(`310410${String(i * 3 + k).padStart(9, '0')}`, `mme${i}.example`, 1_700_000_000 + i / 1000)));
        peak = Math.max(peak, h.sizes.entries);
      }
    expect(h.sizes.origins).toBeLessThanOrEqual(4096);
    expect(peak).toBeLessThanOrEqual(5000);
    expect(h.sizes.entries).toBe(3 * h.sizes.origins);
    expect(h.counters.originsEvicted).toBe(N - h.sizes.origins);
  });

  it(`${N} origin networks (3GPP realms of every assigned MCC and many MNCs, registry-free): networks ≤ 1024, entries ≤ limits.subscribers`, () => {
    const h = new OriginSubscribers(networks, attributor, 10, 3600, 5000);
    let peak = 0;
    for (let i = 0; i < N; i++) {
      const ev = air(`310410${String(i).padStart(9, '0')}`, `mme${i}.example`, 1_700_000_000 + i / 1000) as unknown as { diameter: { originRealm: string } };
      ev.diameter.originRealm = `epc.mnc${String(i % 1000).padStart(3, '0')}.mcc${200 + (Math.floor(i / 1000) % 600)}.3gppnetwork.org`;
      h.observe(rec(ev as unknown as SignallingEvent));
      peak = Math.max(peak, h.sizes.networkEntries);
    }
    expect(h.sizes.networks).toBeLessThanOrEqual(1024);
    expect(peak).toBeLessThanOrEqual(5000);
  });

  /** A ULR of `imsi` from `host` at `t`, End-to-End id `e2e`, on a link whose answers the capture shows (records' `linkTwoWay`). */
  const waitingUlr = (imsi: string, host: string, t: number, e2e: number): MessageRecord => {
    const ev = air(imsi, host, t) as unknown as { diameter: { cmd: number } };
    ev.diameter.cmd = DIAMETER_CMD.s6a.ULR;
    const r = rec(ev as unknown as SignallingEvent);
    r.e2e = e2e;
    r.linkTwoWay = true;
    return r;
  };

  it('registrations awaiting their answer (rt19 M2): at most limits.subscribers, the oldest dropped and counted', () => {
    const h = new OriginSubscribers(networks, attributor, 10, 3600, 1000);
    for (let i = 0; i < 5000; i++) h.observe(waitingUlr(`310410${String(i).padStart(9, '0')}`, 'mme.harvest.example', 1_700_000_000 + i / 1000, i));
    expect(h.sizes.pending).toBe(1000);
    expect(h.counters.pendingDropped).toBe(4000);
    // Out of their 30 s wait, they run out by capture time (not counted: unanswered, not dropped at the bound).
    h.observe(waitingUlr('310410999999999', 'mme.harvest.example', 1_700_000_040, 9999));
    expect(h.sizes.pending).toBe(1);
    expect(h.counters.pendingDropped).toBe(4000);
  });

  it('a registration stamped hours ahead does not keep the waits behind it from running out (core/time.ts AheadStamps)', () => {
    const h = new OriginSubscribers(networks, attributor, 10, 3600, 1000);
    const T = 1_700_000_000;
    h.observe(waitingUlr('310410000000001', 'mme.harvest.example', T + 7200, 1));
    for (let i = 0; i < 100; i++) h.observe(waitingUlr(`310410${String(100 + i).padStart(9, '0')}`, 'mme.harvest.example', T + i, 100 + i));
    // At T + 99 the far-ahead wait was let go and every wait older than 30 s ran out: 31 left (T + 69 … T + 99).
    expect(h.sizes.pending).toBe(31);
  });

  it('a profile threshold above limits.subscribers: one origin still holds at most limits.subscribers, drops counted', () => {
    const h = new OriginSubscribers(networks, attributor, 1_000_000, 86400, 1000);
    for (let i = 0; i < 5000; i++) h.observe(rec(air(`310410${String(i).padStart(9, '0')}`, 'mme.harvest.example', 1_700_000_000 + i)));
    expect(h.sizes.entries).toBe(1000);
    // The origin network (one: China) holds as many in its own table, and drops as many.
    expect(h.sizes.networkEntries).toBe(1000);
    expect(h.counters.subscribersDropped).toBe(8000);
  });
});

describe('bounded flagged claims', () => {
  it('claims per subscriber ≤ 4 (the newest), each drop counted', () => {
    const store = new SubscriberStore({ subscribers: 10, subscriberTtlSec: 3600 });
    const rec = store.touch('310410000000001', undefined)!;
    for (let i = 0; i < 1000; i++)
      store.recordClaim(rec, {
        info: { country: 'CN' },
        kind: 'mme',
        address: `mme${i}`,
        tsSec: i,
        tsNsec: 0,
        frame: i + 1,
        rule: 'impossible-travel',
      } as never);
    expect(store.claims(rec)).toHaveLength(4);
    expect(store.claims(rec)![3]!.frame).toBe(1000);
    expect(store.claims(rec)!.map((c) => c.address)).toEqual(['mme996', 'mme997', 'mme998', 'mme999']);
    expect(store.counters.claimsDropped).toBe(996);
  });
});
