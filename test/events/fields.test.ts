import { describe, expect, it } from 'vitest';
import { field, fieldPaths } from '../../src/events/fields.js';
import type { Ss7Event } from '../../src/events/types.js';
import { mapEndWithArgs } from '../support/events.js';

const ev: Ss7Event = mapEndWithArgs(1, {
  subscriberState: 'netDetNotReachable',
  notReachableReason: 'imsiDetached',
  tripletCount: 5,
  sgsnAddress: '2001:db8::1',
  requestingNodeType: 'mme',
  locationInfo: { shape: 'ellipsoidPoint', latitude: -22.9, longitude: -43.2, locationNumberDigits: '12345', ageOfLocation: 0 },
});

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
