/**
 * Recycled buffers for the reassembly copies that wait long (a fragment buffered until its message
 * completes or is evicted). Such a copy usually outlives two scavenges, so V8 promotes it and its
 * ArrayBuffer is freed only at the next full collection, which external memory alone triggers ~64 MB
 * later. measured (issue 19, rt7 M1 capture, library Scanner with Node's defaults): 40 evicted
 * 1 MiB SCTP messages took the ArrayBuffers from 45 MB live to 103–119 MB before anything freed
 * them; with the evicted fragments' buffers reused, they stay at the live size.
 *
 * A buffer goes back only through {@link release}, by its one owner, once nothing reads it. A
 * second release of the same buffer is not detected: the pool would hand it to two owners, each
 * overwriting the other's bytes. Each user releases a copy exactly where it leaves its table (one
 * recycle per datagram, context or flow buffer, after the table unlinked it: a datagram dropped or
 * evicted is no longer found, so it cannot be recycled twice; test/core/byte-pool.test.ts and the
 * users' reuse tests). A guard (a WeakSet of the free buffers, or a scan of the size class's list)
 * would cost a hash insert and delete per copy on every fragmented message, for a bug no input can
 * cause, so there is none. Sizes
 * are rounded up to a class (≤ 1/8 more than asked, ≤ 64 B for small ones), and at most `maxFree`
 * bytes wait in the pool: the memory it adds is bounded by that.
 */
export class BytePool {
  /** Free buffers by size class. */
  private readonly free = new Map<number, ArrayBuffer[]>();
  private freeBytes = 0;

  constructor(private readonly maxFree: number) {}

  /** Bytes of free buffers held (≤ `maxFree`). */
  get held(): number {
    return this.freeBytes;
  }

  /** A copy of `src` in a buffer of its size class, a free one when there is one. */
  copy(src: Uint8Array): Uint8Array<ArrayBuffer> {
    const out = new Uint8Array(this.buffer(sizeClass(src.length)), 0, src.length);
    out.set(src);
    return out;
  }

  /**
   * A buffer of at least `n` bytes, all of its size class (a free one holds what its last owner
   * left: the caller reads only what it wrote).
   */
  take(n: number): Uint8Array<ArrayBuffer> {
    return new Uint8Array(this.buffer(sizeClass(n)));
  }

  private buffer(size: number): ArrayBuffer {
    const list = this.free.get(size);
    if (list === undefined || list.length === 0) return new ArrayBuffer(size);
    this.freeBytes -= size;
    return list.pop()!;
  }

  /**
   * Takes back the buffer of `data` (made by {@link copy}; the caller and anything it shared the
   * array with never read it again). Kept while the pool holds less than `maxFree`, else left to GC.
   */
  release(data: Uint8Array): void {
    const buf = data.buffer as ArrayBuffer;
    const size = buf.byteLength;
    if (data.byteOffset !== 0 || size !== sizeClass(size) || this.freeBytes + size > this.maxFree) return;
    let list = this.free.get(size);
    if (list === undefined) this.free.set(size, (list = []));
    list.push(buf);
    this.freeBytes += size;
  }
}

/** The buffer size for `n` bytes: 64 B steps to 512, then 8 steps per power of two. */
export function sizeClass(n: number): number {
  if (n <= 512) return Math.max(64, (n + 63) & ~63);
  const step = 2 ** (Math.floor(Math.log2(n - 1)) - 3);
  return Math.ceil(n / step) * step;
}
