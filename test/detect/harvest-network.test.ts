/**
 * auth-vector-harvesting counts the origin network as well as the origin node (red-team round 6,
 * finding 8; detect/origin-subscribers.ts): an AIR with a new Origin-Host, or a
 * SendAuthenticationInfo from a new calling GT, per subscriber was counted once per node and never
 * reached the threshold. The network has its own threshold (`network_subscribers`, default twice
 * the node's), and a subscriber the same network then sends an UpdateLocation / ULR for (the
 * attach: authentication first) leaves its count, so a partner's ordinary attaches over many MMEs
 * raise nothing (the review of the per-network count reverted in 8e7abd1).
 */
import { describe, expect, it } from 'vitest';
import type { SignallingEvent } from '../../src/events/types.js';
import { diameterEvent, mapInvoke, mapUl } from '../support/events.js';
import { T0, detector, profile } from './fixture.js';

const JP_REALM = 'epc.mnc010.mcc440.3gppnetwork.org';
const S6A = 16777251;
const partnerJapan = () => profile({ partners: [{ name: 'Partner Japan', country: 'JP', plmn: '44010', gt_prefixes: ['8190120'], realms: [JP_REALM] }] });
const imsi = (i: number) => `3104101000${String(i).padStart(5, '0')}`;
const air = (i: number, host: string, realm = JP_REALM) =>
  diameterEvent({ app: S6A, cmd: 318, originRealm: realm, originHost: host, userName: imsi(i), ts: T0 + 10 * i });
const ulr = (i: number, host: string) =>
  diameterEvent({ app: S6A, cmd: 316, originRealm: JP_REALM, originHost: host, userName: imsi(i), args: { visitedPlmn: '44010' }, ts: T0 + 10 * i + 1 });
const sai = (i: number, gt: string) => mapInvoke({ op: 56, callingGt: gt, imsi: imsi(i), ts: T0 + 10 * i });

function harvest(events: SignallingEvent[], p = partnerJapan()): string[] {
  const { det, alerts } = detector(p);
  for (const e of events) det.event(e);
  return alerts.filter((a) => a.rule === 'auth-vector-harvesting').map((a) => a.explanation);
}

describe('auth-vector-harvesting per origin network', () => {
  it('AIRs from a new Origin-Host each time: counted under the network, from its own threshold on', () => {
    const rotating = harvest(Array.from({ length: 40 }, (_, i) => air(i, `mme${i}.${JP_REALM}`)));
    expect(rotating.length).toBe(21);
    expect(rotating[0]).toContain('is the 20th distinct subscriber whose authentication vectors network Partner Japan asked for');
    // Case and a trailing dot are the same realm, so the same network.
    const variants = harvest(Array.from({ length: 40 }, (_, i) => air(i, `mme${i}.${JP_REALM}`, i % 2 === 0 ? JP_REALM.toUpperCase() : `${JP_REALM}.`)));
    expect(variants.length).toBe(21);
  });

  it('one Origin-Host still alerts at the node threshold, naming the node', () => {
    const one = harvest(Array.from({ length: 12 }, (_, i) => air(i, `mme1.${JP_REALM}`)));
    expect(one.length).toBe(3);
    expect(one[0]).toContain(`10th distinct subscriber whose authentication vectors mme1.${JP_REALM} asked for`);
  });

  it("a partner's ordinary attaches (AIR, then ULR from the same network) over many MMEs raise nothing", () => {
    const events: SignallingEvent[] = [];
    for (let i = 0; i < 60; i++) {
      const host = `mme${i % 4}.${JP_REALM}`;
      events.push(air(i, host), ulr(i, host));
    }
    expect(harvest(events)).toEqual([]);
  });

  it('SendAuthenticationInfo from a new GT of the partner each time, and the attach that clears it', () => {
    const gt = (i: number) => `8190120${String(1000 + i)}`;
    expect(harvest(Array.from({ length: 25 }, (_, i) => sai(i, gt(i)))).length).toBe(6);
    const attaches = Array.from({ length: 25 }, (_, i) => [sai(i, gt(i)), mapUl({ imsi: imsi(i), vlr: gt(i), ts: T0 + 10 * i + 1 })]).flat();
    expect(harvest(attaches)).toEqual([]);
  });

  it("the network threshold is the profile's thresholds.auth_harvest.network_subscribers", () => {
    const p = profile({
      partners: [{ name: 'Partner Japan', country: 'JP', plmn: '44010', realms: [JP_REALM] }],
      thresholds: { auth_harvest: { subscribers: 10, window: 3600, network_subscribers: 30 } },
    });
    expect(
      harvest(
        Array.from({ length: 40 }, (_, i) => air(i, `mme${i}.${JP_REALM}`)),
        p,
      ).length,
    ).toBe(11);
  });
});
