/**
 * Issue 16, loop audit: the MAP argument reader deduplicated the IMSIs and E.164 numbers of a
 * component with a linear scan per address (quadratic: a 64 KiB LUDT component holds ~20,000
 * addresses). Both lists are now capped per component, with a `map.e164-limit` anomaly.
 */
import { describe, expect, it } from 'vitest';
import { decodeTcapEvents } from '../../src/api/layers.js';
import { MAP_LIST_ENTRIES, MAP_NUMBERS_PER_COMPONENT } from '../../src/ss7/map/args/reader.js';
import { mapArg } from '../../src/encode/map.js';
import { tcBegin } from '../../src/encode/tcap.js';

describe('MAP: numbers per component capped (linear in the address count)', () => {
  it('InsertSubscriberData with 3,000 distinct forwarded-to numbers: e164 stops at the cap with one anomaly', () => {
    const numbers = Array.from({ length: 3_000 }, (_, i) => `4477009${String(i).padStart(5, '0')}`);
    const tc = tcBegin({
      otid: '01020304',
      dialogue: { pdu: 'aarq', acn: '0.4.0.0.1.0.16.3' },
      components: [
        {
          type: 'invoke',
          invokeId: 1,
          opcode: 7,
          param: mapArg.insertSubscriberData({ imsi: '310410123456789', msisdn: '12025550100', forwardedTo: numbers }),
        },
      ],
    });
    const [ev] = decodeTcapEvents(tc);
    expect(ev!.e164.length).toBe(MAP_NUMBERS_PER_COMPONENT);
    expect(ev!.e164[0]).toBe('12025550100');
    const lim = ev!.anomalies.filter((a) => a.code === 'map.e164-limit');
    expect(lim).toHaveLength(1);
    expect(ev!.subscriber).toEqual({ imsi: '310410123456789', msisdn: '12025550100' });
  });

  it('list arguments stop at MAP_LIST_ENTRIES with one map.arg-list-limit per component (red-team rt8 C2: 6,000 forwardedToNumbers, quadratic, 98 KB alert lines)', () => {
    const numbers = Array.from({ length: 6_000 }, (_, i) => `4477009${String(i).padStart(5, '0')}`);
    const isd = (forwardedTo: string[]) =>
      tcBegin({
        otid: '01020304',
        dialogue: { pdu: 'aarq', acn: '0.4.0.0.1.0.16.3' },
        components: [
          { type: 'invoke', invokeId: 1, opcode: 7, param: mapArg.insertSubscriberData({ imsi: '310410123456789', msisdn: '12025550100', forwardedTo }) },
        ],
      });
    const [ev] = decodeTcapEvents(isd(numbers));
    expect(ev!.args!['forwardedToNumbers']).toEqual(numbers.slice(0, MAP_LIST_ENTRIES));
    expect(ev!.anomalies.filter((a) => a.code === 'map.arg-list-limit').map((a) => a.detail)).toEqual([
      `insertSubscriberData arg: more than ${MAP_LIST_ENTRIES} entries in forwardedToNumbers: the rest are not listed`,
    ]);
    const [few] = decodeTcapEvents(isd(numbers.slice(0, MAP_LIST_ENTRIES)));
    expect([(few!.args!['forwardedToNumbers'] as string[]).length, few!.anomalies.filter((a) => a.code === 'map.arg-list-limit')]).toEqual([
      MAP_LIST_ENTRIES,
      [],
    ]);
  });
});
