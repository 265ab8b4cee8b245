import { describe, expect, it } from 'vitest';
import { field, fieldPaths } from '../../src/events/fields.js';
import type { Ss7Event } from '../../src/events/types.js';

const ev: Ss7Event = {
  frame: 1,
  index: 0,
  tsSec: 0,
  tsNsec: 0,
  tsPrecision: 6,
  protocol: 'map',
  subscriber: {},
  e164: [],
  anomalies: [],
  imsis: [],
  sccp: { type: 'udt', typeCode: 9, calling: { ri: 'gt', gti: 4 }, called: { ri: 'gt', gti: 4 } },
  tcap: { type: 'end' },
  args: {
    subscriberState: 'netDetNotReachable',
    notReachableReason: 'imsiDetached',
    tripletCount: 5,
    sgsnAddress: '2001:db8::1',
    requestingNodeType: 'mme',
    locationInfo: { shape: 'ellipsoidPoint', latitude: -22.9, longitude: -43.2, locationNumberDigits: '12345', ageOfLocation: 0 },
  },
};

describe('field catalogue: argument fields added with argument-level conformance', () => {
  it.each([
    ['args.subscriberState', 'string', 'netDetNotReachable'],
    ['args.notReachableReason', 'string', 'imsiDetached'],
    ['args.tripletCount', 'number', 5],
    ['args.sgsnAddress', 'string', '2001:db8::1'],
    ['args.requestingNodeType', 'string', 'mme'],
    ['args.locationInfo.shape', 'string', 'ellipsoidPoint'],
    ['args.locationInfo.latitude', 'number', -22.9],
    ['args.locationInfo.longitude', 'number', -43.2],
    ['args.locationInfo.locationNumberDigits', 'string', '12345'],
    ['args.locationInfo.ageOfLocation', 'number', 0],
  ])('%s is a %s field that reads the event', (path, type, value) => {
    const f = field(path)!;
    expect(f.type).toBe(type);
    expect(f.get(ev)).toBe(value);
  });

  it('absent fields read undefined, unknown paths are not in the catalogue', () => {
    expect(field('args.quintupletCount')!.get(ev)).toBeUndefined();
    expect(field('args.locationInfo.uncertaintyMeters')!.get(ev)).toBeUndefined();
    expect(field('args.nonsense')).toBeUndefined();
    expect(fieldPaths()).toContain('args.ggsnAddress');
  });
});
