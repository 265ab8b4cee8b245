import { afterEach, describe, expect, it, vi } from 'vitest';
import { Frag, JsonBytes, joined } from '../../src/report/json-bytes.js';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('JsonBytes output buffers', () => {
  it('a steady 6 MB of lines between take() and written() allocates no new buffer after the first round', () => {
    // A 1 MiB capture chunk of the alert flood writes 4-6 MB of alert lines before the CLI takes them.
    const line = new Frag(new Uint8Array(100_000).fill(0x61));
    const w = new JsonBytes();
    const alloc = vi.spyOn(Buffer, 'allocUnsafeSlow');
    const perRound: number[] = [];
    let bytes = 0;
    for (let round = 0; round < 5; round++) {
      const before = alloc.mock.calls.length;
      for (let i = 0; i < 60; i++) {
        w.bytes(line);
        w.endLine();
      }
      for (const c of w.take()) bytes += c.length;
      w.written();
      perRound.push(alloc.mock.calls.length - before);
    }
    expect(bytes).toBe(5 * 60 * line.length);
    expect(perRound[0]).toBeGreaterThan(4);
    expect(perRound.slice(1)).toEqual([0, 0, 0, 0]);
  });
});

describe('JsonBytes kept object keys', () => {
  // red-team review: a key first written where keyText() grows the buffer was kept as the bytes at
  // its old position in the new buffer, and every later line with that key lost it.
  it('a key first written at the end of a buffer is kept right: every line equals JSON.stringify', () => {
    const CHUNK = 1 << 20;
    for (const gap of [0, 1, 3, 5, 10, 17, 40, 100]) {
      const w = new JsonBytes();
      const want: string[] = [];
      const line = (v: unknown): void => {
        w.bytes(new Frag(Buffer.from('{"v":')));
        w.value(v, 0);
        w.byte(125);
        w.byte(10);
        w.endLine();
        want.push(JSON.stringify({ v }));
      };
      // Lines of `{"v":"x…"}` (9 bytes around the text) until `gap` bytes are left in the first buffer.
      let written = 0;
      while (CHUNK - written - gap > 1200) {
        line('x'.repeat(1000));
        written += 1009;
      }
      line('y'.repeat(CHUNK - written - gap - 9));
      const key = `newKey${gap}`;
      line({ [key]: 1, other: 2 });
      line({ [key]: 3 });
      line({ z: [key], [key]: 4 });
      const got = Buffer.concat(w.take()).toString('utf8').split('\n').slice(0, -1);
      expect(got).toEqual(want);
    }
  });
});

describe('JsonBytes fragments', () => {
  // Short fragments are written as words, long ones by one native copy (json-bytes.ts NATIVE_FRAG):
  // both, at every offset modulo 4, across a buffer boundary, and joined, give the fragments' bytes.
  it('fragments of 0–300 bytes at every offset, across a full buffer and joined, are their bytes', () => {
    const CHUNK = 1 << 20;
    const frags: Uint8Array[] = [];
    for (let n = 0; n <= 300; n++) frags.push(Uint8Array.from({ length: n }, (_, i) => 0x21 + ((i * 7 + n) % 90)));
    const w = new JsonBytes();
    const want: number[] = [];
    const put = (b: Uint8Array, f = new Frag(b)): void => {
      w.bytes(f);
      want.push(...b);
    };
    for (let round = 0; round < 4; round++) for (const b of frags) put(b);
    // Fill the first buffer to a few bytes short of its end, then write long fragments over the boundary.
    const filler = new Uint8Array(1000).fill(0x2e);
    while (want.length < CHUNK - 1300) put(filler);
    put(new Uint8Array(CHUNK - 3 - want.length).fill(0x2d));
    for (const n of [64, 65, 200, 3, 63, 300]) put(frags[n]!);
    const a = new Frag(frags[70]!);
    const b = new Frag(frags[5]!);
    const c = new Frag(frags[130]!);
    w.bytes(joined(a, b, c));
    want.push(...frags[70]!, ...frags[5]!, ...frags[130]!);
    w.endLine();
    expect(Buffer.concat(w.take()).equals(Buffer.from(want))).toBe(true);
  });
});
