/**
 * Hostile load on detection state: UpdateLocations for 50 k distinct home subscribers. The
 * subscriber store and the correlation state must stay within `subscribers` entries (LRU
 * evictions counted), and an attack on a subscriber seen before the flood is still alerted on.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Decoder } from '../../src/api/decoder.js';
import { Detector, loadProfile, loadRules } from '../../src/detect/index.js';
import { pcapHeader, psiRecord, subscriberFlood, T0 } from './hostile.js';
import { liveHeap, MiB } from './memory.js';

describe('hostile: subscriber state flood', () => {
  it('50 k distinct subscribers: state capped at `subscribers`, evictions counted, later attack still alerted', () => {
    const limits = { subscribers: 2000, dialogues: 2000 };
    // Counted, not kept: each flood UL (home IMSI, non-partner GT) is a registration-from-non-partner
    // alert, and 50 k kept alerts would be the test's memory, not the detector's.
    let alerts = 0;
    const det = new Detector({
      rules: loadRules(fileURLToPath(new URL('../../rules', import.meta.url))),
      profile: loadProfile(fileURLToPath(new URL('../../rules/profiles/example.yaml', import.meta.url))),
      limits,
      onAlert: () => void alerts++,
    });
    const d = new Decoder({ limits, onEvent: (ev) => det.event(ev) });
    const before = liveHeap();
    d.push(pcapHeader());
    for (const b of subscriberFlood(50_000)) d.push(b);
    const growth = liveHeap() - before;
    const s = det.stats;
    expect(s.events).toBe(50_000);
    expect(s.subscribers).toBeLessThanOrEqual(2000);
    expect(s.state.evictedLru).toBeGreaterThanOrEqual(48_000);
    expect(growth).toBeLessThan(48 * MiB);
    const n = alerts;
    d.push(psiRecord(T0 + 100, 1));
    d.end();
    expect(alerts).toBeGreaterThan(n);
  });
});
