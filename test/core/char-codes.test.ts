/**
 * core/char-codes.ts codesText: the string String.fromCharCode.apply makes of the first `n` codes,
 * for every length the switch writes (0–16) and past it, from arrays longer than `n` too.
 */
import { describe, expect, it } from 'vitest';
import { codesText } from '../../src/core/char-codes.js';

const reference = (c: readonly number[], n: number): string => String.fromCharCode.apply(null, c.slice(0, n) as number[]);

describe('codesText', () => {
  it('= String.fromCharCode.apply of the first n codes, n = 0 … 40, exact-length and longer arrays', () => {
    for (let n = 0; n <= 40; n++) {
      // Digits, letters, controls, quotes, DEL, Latin-1 and a lone surrogate: each position its own code.
      const codes = Array.from({ length: n + 3 }, (_, i) => [48 + (i % 10), 97 + i, i % 32, 34, 92, 127, 0xe9, 0xd800][i % 8]!);
      const exact = codes.slice(0, n);
      expect(codesText(exact, n)).toBe(reference(codes, n));
      expect(codesText(codes, n)).toBe(reference(codes, n));
      expect(codesText(exact, n).length).toBe(n);
    }
  });

  it('a reused scratch array: each text is its codes at the time of the call', () => {
    const scratch = new Array<number>(15).fill(48);
    const texts: string[] = [];
    for (let v = 0; v < 20; v++) {
      scratch[14] = 48 + (v % 10);
      scratch[0] = 49 + (v % 9);
      texts.push(codesText(scratch, 15));
    }
    expect(texts[0]).toBe('100000000000000');
    expect(texts[13]).toBe('500000000000003');
    expect(new Set(texts).size).toBe(20);
  });
});
