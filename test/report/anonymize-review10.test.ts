/** Review of round 10 (C): `+` numbers whose groups look like a date; identifiers in the report's table keys. */
import { describe, expect, it } from 'vitest';
import { Anonymizer } from '../../src/report/anonymize.js';

const token = (s: string) => s.replace(/anon:[0-9a-f]{16}/g, '<T>');

describe('Anonymizer (review 10-C)', () => {
  it('a + number whose groups look like a date is one number, replaced whole', () => {
    const a = new Anonymizer('salt');
    expect(
      ['+33.6.12.03.45.67', 'tel:+33-6-12-34-56-78', 'sip:+33.6.12.03.45.67@ims.example', '+7.912.11.10.99', '+32.475.12.03.45', '+39.06.12.03.1999'].map((s) =>
        token(a.text(s)),
      ),
    ).toEqual(['<T>', 'tel:+<T>', 'sip:+<T>@ims.example', '<T>', '<T>', '<T>']);
    // A complete number still stops before the date or time after it (round 9, C-4).
    expect(token(a.text('+1 202 555 0132 12:30'))).toBe('<T> 12:30');
  });

  it("keys holding data (the report's tables keyed by label) are read as text; field names are kept", () => {
    const a = new Anonymizer('salt');
    a.add('12025550123');
    const out = a.value({ originNetworks: { 'realm evil-12025550123.example': 3 }, imsi: '001010000000001', count: 2 });
    expect(Object.keys(out.originNetworks).map(token)).toEqual(['realm evil-<T>.example']);
    expect(Object.keys(out)).toEqual(['originNetworks', 'imsi', 'count']);
  });

  it('U+FFFE, U+FFFF and lone surrogates between digits are read as absent, as the HTML report removes them', () => {
    const a = new Anonymizer('salt');
    a.add('4915208634971');
    for (const hide of ['\uffff', '\ufffe', '\ud800', '\udc00']) expect(token(a.text(`call 49152${hide}08634971 now`))).toBe('call <T> now');
  });
});
