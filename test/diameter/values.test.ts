import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readUtf8 } from '../../src/diameter/values.js';

const reference = new TextDecoder('utf-8');

describe('readUtf8 (RFC 6733 §4.3.1 UTF8String)', () => {
  it('equals TextDecoder on any octets, at any offset, on both sides of the short-value threshold', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), fc.nat(8), fc.nat(8), (body, before, after) => {
        const buf = new Uint8Array(before + body.length + after).fill(0x41);
        buf.set(body, before);
        expect(readUtf8(buf, before, before + body.length)).toBe(reference.decode(body));
      }),
      { numRuns: 2000 },
    );
  });

  it('reads ASCII of every short length exactly, each value independent of the reused scratch', () => {
    const text = '310410100010173;realm.example';
    const bytes = new TextEncoder().encode(text);
    const got: string[] = [];
    for (let n = 0; n <= 20; n++) got.push(readUtf8(bytes, 0, n));
    // Read again after other lengths used the scratch: the earlier strings are unchanged.
    for (let n = 0; n <= 20; n++) expect(got[n]).toBe(text.slice(0, n));
    expect(readUtf8(bytes, 3, 3 + 15)).toBe(text.slice(3, 18));
  });

  it('decodes multi-byte text below the threshold as UTF-8, not as Latin-1', () => {
    const bytes = new TextEncoder().encode('né€');
    expect(readUtf8(bytes, 0, bytes.length)).toBe('né€');
    expect(readUtf8(new Uint8Array([0x61, 0xff, 0x62]), 0, 3)).toBe('a\ufffdb');
  });
});
