/**
 * Issue 16, defect 2 ("quadratic Diameter decoding"): one IDR holding tens of thousands of
 * distinct MSISDN-valued AVPs made `addE164` scan the list per AVP (52,000 AVPs: 6.2 s). The
 * list is now deduplicated with a Set and capped per message with an anomaly; and every
 * subscriber number of a message (MSISDN after the first, A-MSISDN AVP 1643) reaches the event,
 * so the anonymiser learns it (defect 1).
 */
import { describe, expect, it } from 'vitest';
import { decodeDiameterEvents } from '../../src/api/layers.js';
import { encodeTbcd } from '../../src/asn1/tbcd.js';
import { E164_PER_MESSAGE } from '../../src/diameter/fields.js';
import type { DiameterAvp } from '../../src/diameter/avp.js';
import { avp3, msisdnAvp } from '../../src/encode/diameter.js';
import { idrPdu } from './captures.js';

/** One A-MSISDN AVP (1643, TBCD) per number. */
const aMsisdns = (numbers: string[]): DiameterAvp[] => numbers.map((n) => avp3(1643, encodeTbcd(n)));
/** An IDR whose Subscription-Data holds an A-MSISDN AVP per number. */
const idr = (numbers: string[]): Uint8Array => idrPdu(aMsisdns(numbers));

describe('Diameter E.164 list: Set + per-message cap (linear in the AVP count)', () => {
  it('20,000 distinct A-MSISDN AVPs: the list stops at the cap, one anomaly says so, the rest of the message is read', () => {
    const numbers = Array.from({ length: 20_000 }, (_, i) => `1202${String(i).padStart(7, '0')}`);
    const [ev] = decodeDiameterEvents(idr(numbers));
    expect(ev).toBeDefined();
    expect(ev!.e164.length).toBe(E164_PER_MESSAGE);
    expect(ev!.e164).toEqual(numbers.slice(0, E164_PER_MESSAGE));
    const lim = ev!.anomalies.filter((a) => a.code === 'diameter.e164-limit');
    expect(lim).toHaveLength(1);
    expect(lim[0]!.detail).toContain(`more than ${E164_PER_MESSAGE}`);
    expect(ev!.subscriber.imsi).toBe('310410123456789');
  });

  it('past the cap the subscriber MSISDN is still read: numbers placed before it cannot hide it', () => {
    const numbers = Array.from({ length: 200 }, (_, i) => `1202${String(i).padStart(7, '0')}`);
    const [ev] = decodeDiameterEvents(idrPdu([...aMsisdns(numbers), msisdnAvp('33612345678')]));
    expect(ev!.e164).toHaveLength(E164_PER_MESSAGE);
    expect(ev!.subscriber.msisdn).toBe('33612345678');
  });

  it('duplicates are kept once, in first-seen order, without an anomaly', () => {
    const [ev] = decodeDiameterEvents(idr(['12025550100', '12025550101', '12025550100', '12025550101']));
    expect(ev!.e164).toEqual(['12025550100', '12025550101']);
    expect(ev!.anomalies).toEqual([]);
  });

  it('every subscriber number of a message is named: a second MSISDN and the A-MSISDN go to args.msisdns', () => {
    const [ev] = decodeDiameterEvents(idrPdu([msisdnAvp('12025550100'), ...aMsisdns(['12025550177'])], [msisdnAvp('12025550199')]));
    expect(ev!.subscriber.msisdn).toBe('12025550100');
    expect(ev!.args?.msisdns).toEqual(['12025550100', '12025550177', '12025550199']);
  });
});
