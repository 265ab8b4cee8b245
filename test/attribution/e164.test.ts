import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { callingCodeRegions, E164_DATA, lookupE164 } from '../../src/attribution/e164.js';
import { patternPrefixes } from '../../src/attribution/pattern-prefixes.js';

const require = createRequire(import.meta.url);
const country = (digits: string): string | undefined => lookupE164(digits)?.country;

describe('lookupE164: one GT per country', () => {
  // Node-style GTs (country code + national destination code + a few digits).
  const cases: [string, string][] = [
    ['8613010', 'CN'],
    ['85222', 'HK'],
    ['85366', 'MO'],
    ['886935', 'TW'],
    ['81903', 'JP'],
    ['821012', 'KR'],
    ['6598', 'SG'],
    ['60123', 'MY'],
    ['6281', 'ID'],
    ['63917', 'PH'],
    ['66812', 'TH'],
    ['8490', 'VN'],
    ['91981', 'IN'],
    ['92300', 'PK'],
    ['88017', 'BD'],
    ['9715', 'AE'],
    ['96650', 'SA'],
    ['97250', 'IL'],
    ['90532', 'TR'],
    ['98912', 'IR'],
    ['4479', 'GB'],
    ['33612', 'FR'],
    ['49171', 'DE'],
    ['3934', 'IT'],
    ['34612', 'ES'],
    ['31612', 'NL'],
    ['32475', 'BE'],
    ['41791', 'CH'],
    ['43664', 'AT'],
    ['46701', 'SE'],
    ['4790', 'NO'],
    ['4540', 'DK'],
    ['358401', 'FI'],
    ['48501', 'PL'],
    ['380501', 'UA'],
    ['7495', 'RU'],
    ['7701', 'KZ'],
    ['12025550', 'US'],
    ['1416555', 'CA'],
    ['52155', 'MX'],
    ['55119', 'BR'],
    ['54911', 'AR'],
    ['5691', 'CL'],
    ['57300', 'CO'],
    ['2782', 'ZA'],
    ['23480', 'NG'],
    ['25472', 'KE'],
    ['2010', 'EG'],
    ['61412', 'AU'],
    ['6421', 'NZ'],
    ['1246250', 'BB'],
    ['1242357', 'BS'],
    ['1876990', 'JM'],
    ['35799', 'CY'],
    ['37259', 'EE'],
  ];
  it.each(cases)('%s → %s', (gt, iso) => expect(country(gt)).toBe(iso));
  it('covers at least 40 countries', () => expect(new Set(cases.map((c) => c[1])).size).toBeGreaterThanOrEqual(40));
});

describe('lookupE164: NANP (+1) area codes', () => {
  const md = require('libphonenumber-js/metadata.full.json') as { countries: Record<string, unknown[]> };
  const nonUs = (callingCodeRegions()['1'] ?? []).filter((r) => r !== 'US');
  /** A sample area code from the metadata: leading digits, else the fixed-line pattern. */
  const sample = (region: string): string => {
    const plan = md.countries[region] ?? [];
    const leading = plan[10];
    const fixed = (plan[11] as unknown[][] | undefined)?.[0]?.[0];
    const pattern = typeof leading === 'string' ? leading : String(fixed);
    // Skip 80x: NANP-wide toll-free numbers (DO's leading digits include '8001').
    return ([...patternPrefixes(pattern)].find((p) => p.length >= 3 && !p.startsWith('80')) ?? '').slice(0, 3);
  };
  it('metadata lists the NANP members', () => expect(nonUs.length).toBeGreaterThanOrEqual(24));
  it.each(nonUs)('%s maps from its own area code', (region) => {
    const ac = sample(region);
    expect(ac).toMatch(/^\d{3}$/);
    expect(country(`1${ac}5550`)).toBe(region);
  });
  const table: [string, string][] = [
    ['1242', 'BS'],
    ['1246', 'BB'],
    ['1876', 'JM'],
    ['1658', 'JM'],
    ['1868', 'TT'],
    ['1441', 'BM'],
    ['1416', 'CA'],
    ['1604', 'CA'],
    ['1514', 'CA'],
    ['1787', 'PR'],
    ['1939', 'PR'],
    ['1809', 'DO'],
    ['1671', 'GU'],
    ['1345', 'KY'],
    ['1284', 'VG'],
    ['1340', 'VI'],
    ['1212', 'US'],
    ['1310', 'US'],
  ];
  it.each(table)('%s… → %s', (ac, iso) => expect(country(`${ac}1234`)).toBe(iso));
  it('shared NANP services do not pick a member: +1 800 stays US', () => expect(country('18005551234')).toBe('US'));
});

describe('lookupE164: other shared calling codes', () => {
  const cases: [string, string][] = [
    ['77012345678', 'KZ'],
    ['77172', 'KZ'],
    ['7600', 'KZ'],
    ['74951234567', 'RU'],
    ['7812', 'RU'],
    ['79161', 'RU'],
    ['441481', 'GG'],
    ['447781', 'GG'],
    ['441534', 'JE'],
    ['441624', 'IM'],
    ['442071', 'GB'],
    ['447700', 'GB'],
    ['3906698', 'VA'],
    ['39066', 'IT'],
    ['4779', 'SJ'],
    ['4722', 'NO'],
    ['6189164', 'CX'],
    ['6189162', 'CC'],
    ['61891', 'AU'],
    ['262269', 'YT'],
    ['262262', 'RE'],
    ['5993', 'BQ'],
    ['5999', 'CW'],
    ['35818', 'AX'],
    ['35891', 'FI'],
    ['2908', 'TA'],
    ['2902', 'SH'],
  ];
  it.each(cases)('%s → %s', (gt, iso) => expect(country(gt)).toBe(iso));
});

describe('lookupE164: node GTs that are not valid subscriber numbers', () => {
  const cases: [string, string, string][] = [
    ['8613010', 'CN', '86'],
    ['1242357', 'BS', '1242'],
    ['14160', 'CA', '1416'],
    ['852', 'HK', '852'],
    ['7701', 'KZ', '77'],
    ['44148', 'GB', '44'],
    ['1246', 'BB', '1246'],
  ];
  it.each(cases)('%s → %s by prefix %s', (gt, iso, prefix) => {
    const m = lookupE164(gt);
    expect(m?.country).toBe(iso);
    expect(m?.prefix).toBe(prefix);
  });
  it('non-geographic codes have no country', () => {
    expect(lookupE164('88216')).toEqual({ callingCode: '882', prefix: '882', nonGeographic: true });
  });
  it.each(['', '0', '00', '21', '9999'])('%j matches nothing', (gt) => expect(lookupE164(gt)).toBeUndefined());
  it('returns the same frozen object for repeated lookups', () => {
    const a = lookupE164('8613010');
    expect(lookupE164('8613999')).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
  });
  it('records the metadata version', () => expect(E164_DATA.version).toMatch(/^\d+\.\d+\.\d+$/));
});
