// review 10-B (repro kept as the regression test): --state-in accepts a pending claim dated after the file's nowSec (only STATE_MAX_SEC is checked).
// expireClaims walks the pending map oldest-first and stops at the first claim still within its wait, so one
// such claim keeps every later unanswered claim pending (never trusted, never dropped) until 4,096 pile up.
import { describe, expect, it } from 'vitest';
import { mapUl } from '../support/events.js';
import { GB_VLR, HOME_HLR, IMSI, T0, detector, registerInJapan } from '../detect/fixture.js';

const ROAM = T0 + 2 * 86400;
const OTHER = '310410555555555';

describe('review10-b: a restored claim from the future stalls claim expiry', () => {
  it('a later unanswered UL is decided after the wait (trusted: FP1 rule)', () => {
    const a = detector();
    registerInJapan(a.det);
    a.det.event(mapUl({ imsi: OTHER, vlr: GB_VLR, hlrGt: HOME_HLR, ts: ROAM - 100 })); // OTHER created
    a.det.event(mapUl({ imsi: OTHER, vlr: '447700900777', hlrGt: HOME_HLR, ts: ROAM - 90 })); // a pending claim of OTHER
    const doc = JSON.parse([...a.det.snapshotText()].join(''));
    const rec = doc.subscribers.find((r: { imsi: string }) => r.imsi === OTHER);
    rec.registration.pending.loc.tsSec = 253_402_300_000; // hand-edited / corrupted, still within the schema
    const b = detector();
    b.det.restoreState(JSON.stringify(doc), 'state.json');
    b.det.event(mapUl({ imsi: IMSI, vlr: GB_VLR, hlrGt: HOME_HLR, ts: ROAM })); // the victim's real move, answer not captured
    b.det.event(mapUl({ imsi: '310410000000001', vlr: GB_VLR, hlrGt: HOME_HLR, ts: ROAM + 3600 }));
    const v = b.det.snapshotState().subscribers.find((r) => r.imsi === IMSI);
    console.log(JSON.stringify({ visited: v?.visited?.address, pending: v?.registration?.pending?.loc.address }));
    expect(v?.visited?.address).toBe(GB_VLR);
  });
});
