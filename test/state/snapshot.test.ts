import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/core/errors.js';
import { createAttributor } from '../../src/attribution/attributor.js';
import { SubscriberStore } from '../../src/state/subscribers.js';
import { restoreState, snapshotState } from '../../src/state/snapshot.js';
import { seedState } from '../../src/state/seed.js';
import { mapInvoke } from '../support/events.js';
import { CN_GT, IMSI, MSISDN, NTT_VLR, T0, detector, registerInJapan, ruleIds } from '../detect/fixture.js';

describe('snapshot / restore', () => {
  it('round-trips through JSON and a restored detector judges as the original', () => {
    const a = detector();
    const ulFrame = registerInJapan(a.det);
    const snap = a.det.snapshotState();
    expect(snap.subscribers).toHaveLength(1);
    expect(snap.subscribers[0]).toMatchObject({ imsi: IMSI, msisdn: MSISDN, hlr: '12025550001', visited: { address: NTT_VLR, frame: ulFrame } });

    const b = detector();
    b.det.restoreState(JSON.stringify(snap), 'state.json');
    expect(b.det.snapshotState()).toEqual(snap);
    b.det.event(mapInvoke({ op: 22, callingGt: CN_GT, msisdn: MSISDN, ts: T0 + 60 }));
    expect(ruleIds(b.alerts)).toEqual(['location-origin-mismatch']);
    expect(b.alerts[0]!.visited).toMatchObject({ country: 'JP', frame: ulFrame });
  });

  it('rejects a malformed snapshot with BAD_IMPORT and the path', () => {
    const store = new SubscriberStore({ subscribers: 10, subscriberTtlSec: 10 });
    const bad = { format: 'sigwatch-state', version: 1, nowSec: 0, subscribers: [{ imsi: 'abc', history: [], updatedSec: 0 }] };
    expect(() => restoreState(store, bad, 's.json')).toThrow(expect.objectContaining({ code: ErrorCode.BAD_IMPORT, path: 'subscribers.0.imsi' }));
    expect(() => restoreState(store, '{', 's.json')).toThrow(/not JSON/);
  });
});

describe('seed', () => {
  const attributor = createAttributor();

  it('seeds from CSV (vlr or realm) oldest first, and the detector uses it', () => {
    const csv = `imsi,msisdn,vlr,realm,since\n${IMSI},${MSISDN},${NTT_VLR},,2023-11-14T22:00:00Z\n440101234567890,,,epc.mnc010.mcc440.3gppnetwork.org,1699990000\n`;
    const store = new SubscriberStore({ subscribers: 10, subscriberTtlSec: 86400 });
    expect(seedState(store, csv, { attributor })).toBe(2);
    const snap = snapshotState(store);
    expect(snap.subscribers.map((s) => s.imsi)).toEqual(['440101234567890', IMSI]);
    expect(snap.subscribers[1]!.visited).toMatchObject({ kind: 'vlr', address: NTT_VLR, frame: 0, tsSec: 1699999200, info: { country: 'JP' } });
    expect(snap.subscribers[0]!.visited?.info.plmn).toBe('44010');

    const { det, alerts } = detector();
    det.seedState(csv);
    det.event(mapInvoke({ op: 22, callingGt: CN_GT, msisdn: MSISDN, ts: T0 }));
    expect(alerts[0]!.explanation).toContain('since 2023-11-14T22:00:00Z, seeded');
  });

  it('seeds from JSON and reports bad rows with line or index', () => {
    const store = new SubscriberStore({ subscribers: 10, subscriberTtlSec: 86400 });
    expect(seedState(store, JSON.stringify([{ msisdn: MSISDN, vlr: NTT_VLR, since: 1 }]), { attributor })).toBe(1);
    expect(() => seedState(store, 'imsi,since\n12x,1\n', { attributor, file: 'seed.csv' })).toThrow(
      expect.objectContaining({ code: ErrorCode.BAD_IMPORT, file: 'seed.csv', line: 2, path: 'imsi' }),
    );
    expect(() => seedState(store, '[{"vlr": "1", "since": 1}]', { attributor, file: 'seed.json' })).toThrow(/\[0\]: a row needs imsi or msisdn/);
    expect(() => seedState(store, `imsi\n${IMSI}\n`, { attributor })).toThrow(/since: missing/);
  });
});
