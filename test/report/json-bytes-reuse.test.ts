import { afterEach, describe, expect, it, vi } from 'vitest';
import { Frag, JsonBytes } from '../../src/report/json-bytes.js';

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
