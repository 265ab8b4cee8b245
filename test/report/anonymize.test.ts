import { describe, expect, it } from 'vitest';
import { Anonymizer } from '../../src/report/anonymize.js';

describe('Anonymizer', () => {
  const a = new Anonymizer('salt');
  a.add('310410123456789');
  a.add('12025550100');
  a.add('123'); // too short for free text

  it('hashes identifiers deterministically per salt', () => {
    expect(a.hash('12025550100')).toMatch(/^anon:[0-9a-f]{16}$/);
    expect(a.hash('12025550100')).toBe(new Anonymizer('salt').hash('12025550100'));
    expect(a.hash('12025550100')).not.toBe(new Anonymizer('other').hash('12025550100'));
  });

  it('replaces known identifiers inside digit runs and leaves other numbers', () => {
    const t = a.text('SRI for +12025550100 (session mme;310410123456789;99) frame 12345 GT 8613800001');
    expect(t).not.toContain('12025550100');
    expect(t).not.toContain('310410123456789');
    // The token replaces the number with its '+': a token is not an international number.
    expect(t).toContain(`SRI for ${a.hash('12025550100')} (`);
    expect(t).not.toContain('+anon:');
    expect(t).toContain('frame 12345');
    expect(t).toContain('GT 8613800001');
  });

  it('hashes identifier keys whole (also short ones) and walks nested values', () => {
    const v = a.value({ subscriber: { imsi: '310410123456789', msisdn: '123' }, frame: 123, list: ['x 12025550100'], imsis: ['310410123456789'] });
    expect(v.subscriber.msisdn).toBe(a.hash('123'));
    expect(v.frame).toBe(123);
    expect(v.list[0]).toBe(`x ${a.hash('12025550100')}`);
    expect(v.imsis[0]).toBe(a.hash('310410123456789'));
  });
});
