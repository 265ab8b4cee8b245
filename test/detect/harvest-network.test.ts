/**
 * auth-vector-harvesting counts the network around an origin node as well as the node (red-team
 * finding 8): an attacker who gives each AIR a new Origin-Host, or each SendAuthenticationInfo a
 * new calling GT of one registry network, was counted once per node and never reached the threshold.
 */
import { describe, expect, it } from 'vitest';
import { diameterEvent, mapInvoke } from '../support/events.js';
import { T0, detector } from './fixture.js';

const NTT_REALM = 'epc.mnc010.mcc440.3gppnetwork.org';
const imsi = (i: number) => `3104101000${String(i).padStart(5, '0')}`;
const air = (i: number, host: string | undefined) =>
  diameterEvent({
    app: 16777251,
    cmd: 318,
    originRealm: NTT_REALM,
    ...(host !== undefined ? { originHost: host } : {}),
    userName: imsi(i),
    ts: T0 + i,
    frame: i + 1,
  });
const sai = (i: number, gt: string) => mapInvoke({ op: 56, callingGt: gt, imsi: imsi(i), ts: T0 + i, frame: i + 1 });

function harvest(events: ReturnType<typeof air>[] | ReturnType<typeof sai>[]): { frames: number[]; explanations: string[] } {
  const { det, alerts } = detector();
  for (const e of events) det.event(e);
  const h = alerts.filter((a) => a.rule === 'auth-vector-harvesting' && a.explanation.includes('distinct subscriber'));
  return { frames: h.map((a) => a.frame), explanations: h.map((a) => a.explanation) };
}

describe('auth-vector-harvesting: the network around the node', () => {
  it('counts AIRs from a new Origin-Host each time under their Origin-Realm', () => {
    const rotating = harvest(Array.from({ length: 12 }, (_, i) => air(i, `mme${i}.${NTT_REALM}`)));
    const one = harvest(Array.from({ length: 12 }, (_, i) => air(i, `mme1.${NTT_REALM}`)));
    expect(rotating.frames.length).toBeGreaterThan(0);
    expect(rotating.frames).toEqual(one.frames);
    expect(rotating.explanations[0]).toContain(`realm ${NTT_REALM} asked for`);
    // One node: the node is named, as before (a tie goes to the node).
    expect(one.explanations[0]).toContain(`mme1.${NTT_REALM} asked for`);
    expect(one.explanations[0]).not.toContain(`realm ${NTT_REALM} asked for`);
  });

  it('counts SendAuthenticationInfo from a new GT of one registry network each time under that network', () => {
    const rotating = harvest(Array.from({ length: 12 }, (_, i) => sai(i, `8190120${String(1000 + i)}`)));
    expect(rotating.frames.length).toBeGreaterThan(0);
    expect(rotating.explanations[0]).toContain('network NTT Docomo asked for');
    // GTs attributed only by country code are not pooled: a country is not an origin.
    expect(harvest(Array.from({ length: 12 }, (_, i) => sai(i, `86130100${String(10000 + i)}`))).frames).toEqual([]);
  });
});
