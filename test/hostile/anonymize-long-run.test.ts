/**
 * Review 10-C finding 6: `Anonymizer.text` threw `RangeError: Maximum call stack size exceeded`
 * on a digit/separator run from ~4.2 M characters (the matcher's regular expression kept a
 * backtrack entry per group) and took ~80 B of heap per character. The groups are now read by a
 * loop into typed arrays: no throw, and an identifier inside megabytes of groups is still found.
 */
import { describe, expect, it } from 'vitest';
import { Anonymizer } from '../../src/report/anonymize.js';

/** Over the ~4.19 M characters where the old matcher threw. */
const CHARS = 5_000_000;

describe('Anonymizer.text on a run of millions of digit groups (review 10-C finding 6)', () => {
  it.each([
    ['1 ', 'spaces'],
    ['1.', 'dots'],
    ['12\n', 'line breaks'],
    ['\u00a01', 'no-break spaces'],
    ['\ud835\udfcf ', 'mathematical digits (folded, a position map)'],
    ['1,', 'list separators (a chain of runs)'],
  ])(
    '%j (%s): no throw, the text as it was, a learned number inside it replaced',
    (unit) => {
      const a = new Anonymizer('salt');
      a.add('1712345678');
      const pad = unit.repeat(Math.ceil(CHARS / 2 / unit.length));
      expect(a.text(pad + pad)).toBe(pad + pad);
      // The national number glued behind its trunk prefix, between the two halves.
      const out = a.text(`${pad} 0171 234 5678 ${pad}`);
      expect(out).toBe(`${pad} 0${a.hash('1712345678')} ${pad}`);
    },
    120_000,
  );
});
