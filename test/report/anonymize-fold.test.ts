/**
 * The anonymiser's fold (anonymize-fold.ts): a one-byte folded text (anon10 open: a report's
 * megabyte of HTML with a few `→` folded into a two-byte copy), positions kept as the places where
 * they shift (not 4 B per unit), and the escapes anon10 left: `%25` encoded twice, HTML numeric references.
 */
import { describe, expect, it } from 'vitest';
import { Anonymizer } from '../../src/report/anonymize.js';
import { fold, sourceEnd, sourceStart } from '../../src/report/anonymize-fold.js';

const NSN = '1712345678';

function learned(): Anonymizer {
  const a = new Anonymizer('salt');
  a.add(NSN);
  return a;
}
const named = (a: Anonymizer, s: string) => s.replace(/anon:[0-9a-f]{16}/g, (t) => (t === a.hash(NSN) ? '<NSN>' : '<T>'));

describe('fold', () => {
  it('characters no rule reads stand as one ASCII placeholder per unit: the folded text is one byte per character', () => {
    const s = 'a → b é 😀 ü 12';
    const f = fold(s)!;
    expect(f.text).toMatch(/^[\x20-\x7e]*$/);
    expect(f.text.length).toBe(s.length);
    expect(f.at).toBeUndefined();
  });

  it('positions are kept where they shift only: one escape in a long text is one pair', () => {
    const s = `${'x→'.repeat(100_000)}\\u0031${'y'.repeat(1000)}`;
    const f = fold(s)!;
    expect(f.at!.length).toBe(2);
    const j = f.text.indexOf('1');
    expect(sourceStart(f, j)).toBe(200_000);
    expect(sourceEnd(s, f, j)).toBe(200_006);
    expect(sourceStart(f, j + 1)).toBe(200_006);
    expect(sourceStart(f, 5)).toBe(5);
  });

  it('a number ending in a character of two units at the end of the text is replaced whole (base left its low surrogate)', () => {
    const a = learned();
    expect(named(a, a.text('call 171234567\u{1d7d6}'))).toBe('call <NSN>');
  });

  it('every folded unit maps into the characters it came from (escapes, drops, pairs, multi-character digits)', () => {
    const pieces = ['1', 'a', '→', '😀', '\u200b', '%34', '%2534', '%E2%80%8B', '\\u0032', '\\n', '&#51;', '&#x34;', '⑩', '⒈', '𝟏', '\ud800', ' ', '&amp;'];
    let seed = 7;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    for (let r = 0; r < 500; r++) {
      let s = '';
      for (let k = rnd(30); k >= 0; k--) s += pieces[rnd(pieces.length)];
      const f = fold(s);
      if (f === undefined) continue;
      let prev = 0;
      for (let j = 0; j < f.text.length; j++) {
        const a = sourceStart(f, j);
        const b = sourceEnd(s, f, j);
        expect(a).toBeGreaterThanOrEqual(prev);
        prev = a;
        const part = s.slice(a, b);
        // The second unit of a kept pair comes from its low surrogate, which alone folds to nothing.
        if (/^[\udc00-\udfff]$/.test(part) && f.text[j] === '~') continue;
        const again = fold(part)?.text ?? part;
        expect(again).toContain(f.text[j]);
      }
    }
  });
});

describe('Anonymizer: escapes anon10 left', () => {
  it('percent-encoding over an encoded % (a URI encoded twice or three times) reads as the character', () => {
    const a = learned();
    expect(named(a, a.text('%2530%2531%2537%2531 234 5678'))).toBe('%2530<NSN>');
    expect(named(a, a.text('0171%25E2%2580%258B2345678'))).toBe('0<NSN>');
    expect(named(a, a.text('%252B1712345678'))).toBe('<NSN>');
    expect(named(a, a.text('%25252B1712345678'))).toBe('<NSN>');
    // A literal `%` encoded once stays: `100%25` is 100 %.
    expect(a.text('100%25 of 42%25zz')).toBe('100%25 of 42%25zz');
  });

  it('a `%` before two decimal digits is a `%` before a number unless it writes a digit or a mark numbers are written with (review 11-C)', () => {
    const a = learned();
    // Read as `%12`, `%2512`, `%49` (a control, a letter), two digits of the number went with it.
    expect(named(a, a.text('%251712345678'))).toBe('%25<NSN>');
    expect(named(a, a.text('%1712345678'))).toBe('%<NSN>');
    expect(named(a, a.text('%2501712345678'))).toBe('%250<NSN>');
    expect(named(a, a.text('x%25491712345678'))).toBe('x%2549<NSN>');
    // Still read: digits, spaces and `(` written encoded.
    expect(named(a, a.text('0171%20234%205678'))).toBe('0<NSN>');
    expect(named(a, a.text('%2530%2531%2537%2531 234 5678'))).toBe('%2530<NSN>');
  });

  it('a digit written as one character of several is set apart: glued to a grouped number it hid it (review 11-C)', () => {
    const a = learned();
    expect(named(a, a.text('0171 234 5678⑩'))).toBe('0<NSN>⑩');
    expect(named(a, a.text('⑩0171 234 5678'))).toBe('⑩0<NSN>');
    expect(named(a, a.text('0171 234 5678⒈'))).toBe('0<NSN>⒈');
  });

  it('HTML numeric character references with their `;` read as the character', () => {
    const a = learned();
    expect(named(a, a.text('&#48;&#49;&#55;&#49;&#50;&#51;&#52;&#53;&#54;&#55;&#56;'))).toBe('&#48;<NSN>');
    expect(named(a, a.text('&#x31;&#X37;12 345 678'))).toBe('<NSN>');
    expect(named(a, a.text('0171&#39;234&#39;5678'))).toBe('0<NSN>');
    // Without the `;` the digits are digits (what a reader of the plain text sees); named references stay text.
    expect(named(a, a.text('&#1712345678'))).toBe('&#<NSN>');
    expect(a.text('a &amp; b &#9999999; &#;')).toBe('a &amp; b &#9999999; &#;');
  });
});
