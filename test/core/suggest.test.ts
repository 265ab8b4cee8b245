import { describe, expect, it } from 'vitest';
import { closest, didYouMean, editDistance, singleQuoted } from '../../src/core/suggest.js';
import { ordinal } from '../../src/detect/alert.js';
import { countryLabel, plural } from '../../src/report/words.js';

describe('did you mean', () => {
  it('edit distance counts a transposition as one edit', () => {
    expect(editDistance('jsonl', 'jsnol')).toBe(1);
    expect(editDistance('jsonl', 'jsnl')).toBe(1);
    expect(editDistance('jsonl', 'eve')).toBe(5);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('scan', 'scan')).toBe(0);
  });

  it('suggests close names, prefixes, nothing for unrelated input', () => {
    expect(closest('--jsnol', ['--jsonl', '--eve', '--report'])).toBe('--jsonl');
    expect(closest('sendRoutingInf', ['sendRoutingInfo', 'sendRoutingInfoForSM'])).toBe('sendRoutingInfo');
    expect(closest('warmupEvnts', ['warmupEvents', 'profile'])).toBe('warmupEvents');
    expect(closest('--rep', ['--jsonl', '--report'])).toBe('--report');
    expect(closest('frobnicate', ['scan', 'decode', 'rules'])).toBeUndefined();
    expect(didYouMean('lnit', ['lint'])).toBe('; did you mean "lint"?');
    expect(didYouMean('lnit', ['lint'], singleQuoted)).toBe("; did you mean 'lint'?");
    expect(didYouMean('zzz', ['lint'])).toBe('');
  });
});

describe('wording', () => {
  it('ordinals', () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111].map(ordinal)).toEqual([
      '1st',
      '2nd',
      '3rd',
      '4th',
      '11th',
      '12th',
      '13th',
      '21st',
      '22nd',
      '23rd',
      '101st',
      '111th',
    ]);
  });
  it('plurals and country names', () => {
    expect(plural(1, 'alert')).toBe('1 alert');
    expect(plural(2, 'alert')).toBe('2 alerts');
    expect(plural(1, 'decode anomaly', 'decode anomalies')).toBe('1 decode anomaly');
    expect(countryLabel('BS')).toBe('Bahamas (BS)');
    expect(countryLabel(undefined)).toBe('unknown country');
    expect(countryLabel('unknown')).toBe('unknown country');
  });
});
