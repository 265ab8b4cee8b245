/**
 * MatchContext.imsiKey of a message without an IMSI: the IMSI-side key of the subscriber found by
 * its MSISDN, as the store keys it (no digits read from the record's text), equal to
 * `imsiKeyOf(record.imsi)` for every form a key takes (digit key, 16 digits, TBCD `*#` digits, `tel:`).
 */
import { describe, expect, it } from 'vitest';
import { createAttributor } from '../../src/attribution/attributor.js';
import { imsiKeyOf, msisdnKeyOf } from '../../src/core/identity-key.js';
import { MsisdnNotation } from '../../src/detect/msisdn-notation.js';
import { MatchContext } from '../../src/detect/context.js';
import { Networks } from '../../src/detect/networks.js';
import { MessageRecord } from '../../src/events/record.js';
import { SubscriberStore } from '../../src/state/subscribers.js';
import { mapInvoke } from '../support/events.js';
import { profile } from './fixture.js';

describe('MatchContext.imsiKey by the MSISDN', () => {
  const p = profile();
  const attributor = createAttributor();

  for (const imsi of ['310410123456789', '001010000000001', '0310410123456789', '3104*#1', 'tel:12025550100']) {
    it(`IMSI ${imsi}: the store's key, the record's text not read`, () => {
      const store = new SubscriberStore({ subscribers: 10, subscriberTtlSec: 3600 });
      const msisdn = '12025550199';
      const rec = store.touchKey(imsiKeyOf(imsi), msisdnKeyOf(msisdn))!;
      expect(rec.imsi).toBe(imsi);
      let reads = 0;
      Object.defineProperty(rec, 'imsi', {
        get: () => {
          reads++;
          return imsi;
        },
        enumerable: true,
        configurable: true,
      });
      const ctx = new MatchContext(new Networks(p, attributor), store, p, attributor, new MsisdnNotation(undefined, []));
      ctx.reset(new MessageRecord().fromEvent(mapInvoke({ op: 45, callingGt: '8613010000001', msisdn, args: { msisdn } })));
      expect(ctx.imsiKey()).toBe(imsiKeyOf(imsi));
      expect(ctx.subscriberKey()).toBe(imsiKeyOf(imsi));
      expect(reads).toBe(0);
    });
  }

  it('no subscriber for the MSISDN: no key', () => {
    const store = new SubscriberStore({ subscribers: 10, subscriberTtlSec: 3600 });
    const ctx = new MatchContext(new Networks(p, attributor), store, p, attributor, new MsisdnNotation(undefined, []));
    ctx.reset(new MessageRecord().fromEvent(mapInvoke({ op: 45, callingGt: '8613010000001', msisdn: '12025550199', args: {} })));
    expect(ctx.imsiKey()).toBeUndefined();
  });
});
