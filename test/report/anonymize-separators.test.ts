/**
 * Review 10-C finding 4: a learned identifier written with list or field separators (`,` `'` `;`
 * `|` `*` `:`), bullets or a braille blank between its digit groups was written in clear. Both
 * sides: those joins, and lists, CSV rows and times that must read as they did.
 */
import { describe, expect, it } from 'vitest';
import { Anonymizer } from '../../src/report/anonymize.js';

const MSISDN = '491712345678';
const NSN = '1712345678';
const IMSI = '262011234567890';

function learned(): Anonymizer {
  const a = new Anonymizer('salt');
  a.learn({ protocol: 'map', subscriber: { imsi: IMSI, msisdn: MSISDN }, imsis: [], sccp: { called: {}, calling: {} } } as never);
  return a;
}

/** Tokens named by what they stand for. */
function named(a: Anonymizer, s: string): string {
  const names = new Map([MSISDN, NSN, IMSI].map((id) => [a.hash(id), `<${id}>`]));
  return s.replace(/anon:[0-9a-f]{16}/g, (t) => names.get(t) ?? '<T>');
}

describe('Anonymizer: list and grouping separators (review 10-C finding 4)', () => {
  it('a learned identifier written with thousands marks, list or field separators, bullets or blanks is one number', () => {
    const a = learned();
    const cases: [string, string][] = [
      ['0171,234,5678', '0<1712345678>'],
      ['1,712,345,678', '<1712345678>'],
      ["0171'234'5678", '0<1712345678>'],
      ['0171’234’5678', '0<1712345678>'], // CLDR de-CH grouping U+2019
      ['0171٬234٬5678', '0<1712345678>'], // Arabic thousands separator
      ['0171•234•5678', '0<1712345678>'],
      ['0171∙234∙5678', '0<1712345678>'],
      ['0171⋅234⋅5678', '0<1712345678>'],
      ['0171\u2800234\u28005678', '0<1712345678>'], // braille blank
      ['0171|234|5678', '0<1712345678>'],
      ['0171 | 234 | 5678', '0<1712345678>'],
      ['mme.example;1;0171;2345678', 'mme.example;1;0<1712345678>'], // Session-Id fields
      ['*21*0171*234*5678#', '*21*0<1712345678>#'], // MMI code
      ['["0171", "2345678"]', '["0<1712345678>"]'],
      ['msisdn=49:171:2345678', 'msisdn=<491712345678>'],
      ['+49,171,2345678', '<491712345678>'],
      ['262,01,1234567890', '<262011234567890>'],
    ];
    expect(cases.map(([s]) => named(a, a.text(s)))).toEqual(cases.map(([, o]) => o));
  });

  it('bullets between the groups of a + number read as its dots, learned or not', () => {
    const a = new Anonymizer('salt');
    expect(named(a, a.text('call +44•20•7946•0958 now'))).toBe('call <T> now');
    expect(a.text('call +44•20•7946•0958 now')).toBe(a.text('call +44.20.7946.0958 now'));
  });

  it('lists, CSV rows, times and numbers around an identifier read as they did', () => {
    const a = learned();
    const same = [
      '1, 2, 3, 4, 5, 6, 7',
      '12,345,6789,42',
      'at 12:30:45 on 2025-03-22, 12:30',
      'frames 171;234;5679',
      '5171,234,56789', // the NSN's digits inside, not as whole groups
      'count: 1,712,345', // a learned identifier's head is not one
    ];
    expect(same.map((s) => a.text(s))).toEqual(same);
    // An identifier in its own field takes only that field.
    expect(named(a, a.text('2025,03,22,1712345678,7'))).toBe('2025,03,22,<1712345678>,7');
    expect(named(a, a.text('7;0171 234 5678;12:30'))).toBe('7;0<1712345678>;12:30');
    // A + number never learned is read through visual separators only, as before: not through a list mark.
    expect(named(a, a.text('+1 202 555 0132, 12:30'))).toBe('<T>, 12:30');
    expect(named(a, a.text('+1 202 555 0132,5'))).toBe('<T>,5');
    expect(named(a, a.text('+1, 2, 3'))).toBe('+1, 2, 3');
  });

  it('multi-character forms of digits are read as their digits', () => {
    const a = learned();
    expect(named(a, a.text('⑴⑺⑴⑵⑶⑷⑸⑹⑺⑻'))).toBe('<1712345678>');
    expect(named(a, a.text('⒈⒎⒈⒉⒊⒋⒌⒍⒎⒏'))).toBe('<1712345678>');
    expect(named(a, a.text('0⑰①②③④⑤⑥⑦⑧ ok'))).toBe('0<1712345678> ok');
    expect(a.text('chapter ⑩, item ⒉')).toBe('chapter ⑩, item ⒉');
  });
});
