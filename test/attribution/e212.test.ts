import { describe, expect, it } from 'vitest';
import { imsiPlmn, MCC_COUNTRY, mccCountry, mncLength, splitPlmn } from '../../src/attribution/e212.js';
import { countryPoint } from '../../src/attribution/geo.js';
import { decodePlmn, encodePlmn } from '../../src/diameter/plmn.js';

describe('MCC → country (ITU-T E.212)', () => {
  const cases: [string, string | undefined][] = [
    ['310', 'US'],
    ['311', 'US'],
    ['312', 'US'],
    ['313', 'US'],
    ['314', 'US'],
    ['315', 'US'],
    ['316', 'US'],
    ['234', 'GB'],
    ['235', 'GB'],
    ['401', 'KZ'],
    ['250', 'RU'],
    ['460', 'CN'],
    ['461', 'CN'],
    ['454', 'HK'],
    ['455', 'MO'],
    ['342', 'BB'],
    ['364', 'BS'],
    ['338', 'JM'],
    ['302', 'CA'],
    ['374', 'TT'],
    ['350', 'BM'],
    ['405', 'IN'],
    ['535', 'GU'],
    ['222', 'IT'],
    ['225', 'VA'],
    ['901', undefined],
    ['000', undefined],
    ['999', undefined],
  ];
  it.each(cases)('%s → %s', (mcc, iso) => expect(mccCountry(mcc)).toBe(iso));
  it('every entry is a 3-digit MCC in zones 2–7 or 9 with an ISO alpha-2 country that has a reference point', () => {
    for (const [mcc, iso] of Object.entries(MCC_COUNTRY)) {
      expect(mcc).toMatch(/^[2-79]\d\d$/);
      expect(iso).toMatch(/^[A-Z]{2}$/);
      expect(countryPoint(iso), `${mcc} ${iso}`).toBeDefined();
    }
    expect(Object.keys(MCC_COUNTRY).length).toBeGreaterThan(230);
  });
});

describe('MNC length', () => {
  const cases: [string, string, 2 | 3][] = [
    ['310', '410', 3],
    ['302', '720', 3],
    ['342', '600', 3],
    ['364', '390', 3],
    ['338', '050', 3],
    ['722', '070', 3],
    ['234', '15', 2],
    ['460', '00', 2],
    ['454', '00', 2],
    ['250', '01', 2],
    ['401', '01', 2],
    ['405', '854', 3],
    ['405', '025', 3],
    ['405', '01', 2],
    ['405', '51', 2],
    ['374', '130', 3],
    ['374', '12', 2],
  ];
  it.each(cases)('MCC %s MNC %s → %i digits', (mcc, rest, n) => expect(mncLength(mcc, rest)).toBe(n));
});

describe('PLMN helpers', () => {
  it.each([
    ['310410', { mcc: '310', mnc: '410' }],
    ['23415', { mcc: '234', mnc: '15' }],
    ['2341', undefined],
    ['2341a5', undefined],
  ] as const)('splitPlmn(%s)', (s, out) => expect(splitPlmn(s)).toEqual(out));

  it.each([
    ['310410123456789', '310410'],
    ['234150123456789', '23415'],
    ['460001234567890', '46000'],
    ['405854123456789', '405854'],
    ['364390123456789', '364390'],
    ['12345', undefined],
    ['31041012345678x', undefined],
  ] as const)('imsiPlmn(%s) → %s', (imsi, plmn) => expect(imsiPlmn(imsi)).toBe(plmn));

  it('asks the registry first: a known 3-digit PLMN in a 2-digit MCC wins, then a known 2-digit one', () => {
    expect(imsiPlmn('234150123456789', (p) => p === '234150')).toBe('234150');
    expect(imsiPlmn('310410123456789', (p) => p === '31041')).toBe('31041');
    expect(imsiPlmn('310410123456789', () => false)).toBe('310410');
  });

  const encodings: [string, string, string][] = [
    ['310', '410', '130014'],
    ['234', '15', '32f451'],
    ['460', '01', '64f010'],
    ['405', '854', '044558'],
  ];
  it.each(encodings)('PLMN id MCC %s MNC %s ↔ %s', (mcc, mnc, hex) => {
    expect(Buffer.from(encodePlmn(mcc, mnc)).toString('hex')).toBe(hex);
    const bytes = Buffer.from(`ff${hex}`, 'hex');
    expect(decodePlmn(bytes, 1)).toEqual({ mcc, mnc });
  });
  it('rejects bad PLMN ids', () => {
    expect(decodePlmn(Uint8Array.of(0x13, 0x00), 0)).toBeUndefined();
    expect(decodePlmn(Uint8Array.of(0x1a, 0x00, 0x14), 0)).toBeUndefined();
    expect(() => encodePlmn('31', '410')).toThrow(/not a PLMN/);
  });
});
