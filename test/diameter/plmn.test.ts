import { describe, expect, it } from 'vitest';
import { decodePlmn, encodePlmn, plmnDigits, samePlmn } from '../../src/diameter/plmn.js';

describe('PLMN identity octets (TS 24.008 §10.5.1.3)', () => {
  it('2-digit MNC: MCC 001 MNC 01 ↔ 00 f1 10 (MNC digit 3 = 1111)', () => {
    expect(Buffer.from(encodePlmn('001', '01')).toString('hex')).toBe('00f110');
    expect(decodePlmn(Uint8Array.from([0x00, 0xf1, 0x10]), 0)).toEqual({ mcc: '001', mnc: '01' });
  });

  it('3-digit MNC: MCC 310 MNC 410 ↔ 13 00 14', () => {
    expect(Buffer.from(encodePlmn('310', '410')).toString('hex')).toBe('130014');
    expect(plmnDigits(Uint8Array.from([9, 0x13, 0x00, 0x14]), 1)).toBe('310410');
  });

  it('rejects non-digit nibbles and short input', () => {
    expect(decodePlmn(Uint8Array.from([0xa0, 0xf1, 0x10]), 0)).toBeUndefined();
    expect(decodePlmn(Uint8Array.from([0x00, 0xf1]), 0)).toBeUndefined();
    expect(() => encodePlmn('01', '01')).toThrow();
  });

  it('round-trips every 2- and 3-digit MNC of an MCC', () => {
    for (let n = 0; n < 1000; n += 7) {
      for (const mnc of [String(n % 100).padStart(2, '0'), String(n).padStart(3, '0')]) {
        expect(decodePlmn(encodePlmn('234', mnc), 0)).toEqual({ mcc: '234', mnc });
      }
    }
  });

  it('samePlmn compares MNCs as numbers (realms pad to 3 digits)', () => {
    expect(samePlmn({ mcc: '001', mnc: '01' }, { mcc: '001', mnc: '001' })).toBe(true);
    expect(samePlmn({ mcc: '001', mnc: '01' }, { mcc: '001', mnc: '010' })).toBe(false);
  });
});
