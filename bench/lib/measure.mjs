// Timing helpers shared by the cases. All numbers are wall-clock on one thread.
import { closeSync, openSync, readSync } from 'node:fs';

/** Runs fn(i) in a loop for at least `minSec` after a warm-up; returns { ops, seconds }. */
export function loop(fn, { minSec = Number(process.env.BENCH_MIN_SEC ?? 1), warm = 20_000, batch = 10_000 } = {}) {
  for (let i = 0; i < warm; i++) fn(i);
  let n = 0;
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  let s;
  do {
    for (let i = 0; i < batch; i++) fn(n + i);
    n += batch;
    s = Number(process.hrtime.bigint() - t0) / 1e9;
  } while (s < minSec);
  return { ops: n, seconds: s, cpuSeconds: cpuSince(c0) };
}

/** CPU seconds (user + system) of this process since `c0 = process.cpuUsage()`: less sensitive to other load than wall time. */
export function cpuSince(c0) {
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1e6;
}

export function seconds(t0) {
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

/** Feeds a file to `push` in 1 MiB readSync chunks (one buffer reused: the decoder copies what it keeps). */
export function readFileChunks(file, push, size = 1 << 20) {
  const fd = openSync(file, 'r');
  const buf = new Uint8Array(size);
  let pos = 0;
  try {
    for (;;) {
      const n = readSync(fd, buf, 0, size, pos);
      if (n <= 0) break;
      push(n === size ? buf : buf.subarray(0, n));
      pos += n;
    }
  } finally {
    closeSync(fd);
  }
  return pos;
}

/**
 * The physical-limit reference: walks the pcap record headers (draft-ietf-opsawg-pcap §5) of the
 * file over 1 MiB readSync buffers, handing a DataView+offset per record to a no-op consumer.
 */
export function readSyncWalk(file) {
  const fd = openSync(file, 'r');
  const buf = Buffer.alloc(1 << 20);
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let pos = 24;
  let records = 0;
  let sink = 0;
  const t0 = process.hrtime.bigint();
  for (;;) {
    const n = readSync(fd, buf, 0, buf.length, pos);
    if (n < 16) break;
    let p = 0;
    while (p + 16 <= n) {
      const cap = dv.getUint32(p + 8, true);
      if (p + 16 + cap > n) break;
      sink += dv.getUint8(p + 16 + 14); // touch the frame
      p += 16 + cap;
      records++;
    }
    if (p === 0) break;
    pos += p;
  }
  const s = seconds(t0);
  closeSync(fd);
  return { records, seconds: s, bytes: pos, sink };
}
