/**
 * International networks (red-team round 6, finding 5): a subscriber of MCC 901 (ITU-T E.212 shared
 * code) whose HLR's number is in +882 / +883 (ITU-T E.164 shared codes for networks) is neither
 * "home" nor "not home" to that HLR by the digits alone: the two assignments are not linked, so
 * the subscriber's home network is unknown for that origin (detect/predicates.ts
 * internationalPair), and cat2-not-home does not fire. A geographic origin stays outside.
 */
import { describe, expect, it } from 'vitest';
import { mapInvoke } from '../support/events.js';
import { CN_GT, T0, detector, ruleIds } from './fixture.js';

const ISD = 7;
const CANCEL = 3;
const ROAMER = '901281234567890';

describe('MCC 901 subscribers and +882/+883 HLRs', () => {
  for (const hlr of ['88216000001', '8835100001']) {
    it(`InsertSubscriberData / CancelLocation for a 901 roamer from its HLR ${hlr}: no cat2-not-home`, () => {
      const { det, alerts } = detector();
      det.event(mapInvoke({ op: ISD, callingGt: hlr, imsi: ROAMER, ts: T0 }));
      det.event(mapInvoke({ op: CANCEL, callingGt: hlr, imsi: ROAMER, ts: T0 + 1 }));
      expect(ruleIds(alerts)).not.toContain('cat2-not-home');
    });
  }

  it('the same from a geographic GT (China) is still not the subscriber home', () => {
    const { det, alerts } = detector();
    det.event(mapInvoke({ op: ISD, callingGt: CN_GT, imsi: ROAMER, ts: T0 }));
    expect(ruleIds(alerts)).toContain('cat2-not-home');
  });
});
