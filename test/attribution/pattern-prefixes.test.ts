import { describe, expect, it } from 'vitest';
import { rangePrefixes } from '../../src/attribution/number-range.js';
import { patternPrefixes } from '../../src/attribution/pattern-prefixes.js';
import { DigitTrie } from '../../src/attribution/digit-trie.js';

describe('patternPrefixes', () => {
  const cases: [string, string[]][] = [
    ['246', ['246']],
    ['8[024]9', ['809', '829', '849']],
    ['658|876', ['658', '876']],
    ['74576|(?:16|7[56])24', ['74576', '1624', '7524', '7624']],
    ['1481[25-9]\\d{5}', ['14812', '14815', '14816', '14817', '14818', '14819']],
    ['7(?:1[0-8]|2[1-9])', ['710', '711', '712', '713', '714', '715', '716', '717', '718', ...'123456789'.split('').map((d) => `72${d}`)]],
    ['0\\d{5,10}', ['0']],
    ['8\\d{6}(?:\\d{2})?', ['8']],
    ['3?4', ['34', '4']],
  ];
  it.each(cases)('%s', (pattern, expected) => expect([...patternPrefixes(pattern)].sort()).toEqual(expected.sort()));
  it.each(['(?:12', '[^1]', '\\s', 'a'])('rejects %s', (p) => expect(() => patternPrefixes(p)).toThrow(SyntaxError));
  it('stops at maxLen', () => expect([...patternPrefixes('1234567', 4)]).toEqual(['1234']));
});

describe('rangePrefixes', () => {
  const cases: [string, string, string[]][] = [
    ['900000', '900999', ['900']],
    ['100000', '100019', ['10000', '10001']],
    ['12', '35', ['12', '13', '14', '15', '16', '17', '18', '19', '2', '30', '31', '32', '33', '34', '35']],
    ['5550100', '5550199', ['55501']],
    ['0', '9', ['']],
    ['07', '07', ['07']],
  ];
  it.each(cases)('%s-%s', (a, b, expected) => expect(rangePrefixes(a, b)).toEqual(expected));
  it.each([
    ['12', '3'],
    ['5', '4'],
    ['1a', '20'],
  ])('rejects %s-%s', (a, b) => expect(() => rangePrefixes(a, b)).toThrow(RangeError));
});

describe('DigitTrie', () => {
  const t = new DigitTrie<string>();
  for (const p of ['1', '1242', '12423', '44']) t.set(p, `v${p}`);
  const cases: [string, string | undefined, number][] = [
    ['1242357', 'v12423', 5],
    ['12425', 'v1242', 4],
    ['1999', 'v1', 1],
    ['4', undefined, 0],
    ['', undefined, 0],
    ['1f24', 'v1', 1],
  ];
  it.each(cases)('longest(%j)', (digits, value, len) => {
    expect(t.longest(digits)).toBe(value);
    expect(t.longestLength(digits)).toBe(len);
  });
  it('exact get and growth past the initial node array', () => {
    const big = new DigitTrie<number>();
    for (let i = 0; i < 5000; i++) big.set(String(100000 + i), i);
    expect(big.get('104999')).toBe(4999);
    expect(big.get('10499')).toBeUndefined();
    expect(() => big.set('1x', 1)).toThrow(RangeError);
  });
});
