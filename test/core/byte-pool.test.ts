import { describe, expect, it } from 'vitest';
import { BytePool, sizeClass } from '../../src/core/byte-pool.js';

describe('BytePool', () => {
  it('rounds a size up to its class by at most 1/8 (64 B for small ones), and a class to itself', () => {
    for (let n = 0; n <= 1 << 21; n += n < 4096 ? 1 : 997) {
      const c = sizeClass(n);
      expect(c).toBeGreaterThanOrEqual(n);
      expect(c - n).toBeLessThanOrEqual(Math.max(64, n / 8));
      expect(sizeClass(c)).toBe(c);
    }
  });

  it('copies into a released buffer of the same class, and keeps at most maxFree bytes of them', () => {
    const pool = new BytePool(3 * 65536);
    const src = Uint8Array.from({ length: 65000 }, (_, i) => i & 0xff);
    const a = pool.copy(src);
    expect(a).toEqual(src);
    expect(a.buffer.byteLength).toBe(65536);
    pool.release(a);
    expect(pool.held).toBe(65536);
    const b = pool.copy(src.subarray(0, 64000));
    expect(b.buffer).toBe(a.buffer);
    expect(b).toEqual(src.subarray(0, 64000));
    expect(pool.held).toBe(0);
    const many = Array.from({ length: 5 }, () => pool.take(65000));
    for (const m of many) pool.release(m);
    expect(pool.held).toBe(3 * 65536);
    // A view that does not start its buffer, or a buffer that is no class size, is not taken.
    pool.release(new Uint8Array(new ArrayBuffer(131072), 64));
    pool.release(new Uint8Array(100));
    expect(pool.held).toBe(3 * 65536);
  });
});
