/** Test helper: runs a CaptureReader over bytes split at given points and snapshots everything. */
import { fromHex, toHex as hex } from '../../src/encode/bytes.js';
export { fromHex };
import type { Anomaly } from '../../src/core/anomaly.js';
import type { Limits } from '../../src/core/limits.js';
import { Counters } from '../../src/core/stats.js';
import { CaptureReader } from '../../src/capture/reader.js';
import type { FrameRecord } from '../../src/capture/types.js';

/** A FrameRecord snapshot: its buffers replaced by the captured bytes as hex. */
type Frame = Omit<FrameRecord, 'bytes' | 'view' | 'offset'> & { hex: string };

export interface Collected {
  frames: Frame[];
  anomalies: Anomaly[];
  counters: Record<string, number>;
  error: unknown;
  format: string | undefined;
}

/** Feeds `input` cut at `cuts` (sorted offsets); `end()` is called unless an error stopped it. */
export function collect(input: Uint8Array, cuts: readonly number[] = [], limits?: Partial<Limits>): Collected {
  const frames: Frame[] = [];
  const anomalies: Anomaly[] = [];
  const counters = new Counters();
  const reader = new CaptureReader({
    onFrame: (r) => {
      // bytes and view must cover the same memory at the same offsets (FrameRecord contract)
      if (r.capLen > 0 && r.view.getUint8(r.offset + r.capLen - 1) !== r.bytes[r.offset + r.capLen - 1]) {
        throw new Error('bytes/view disagree');
      }
      frames.push({
        frameNo: r.frameNo,
        tsSec: r.tsSec,
        tsNsec: r.tsNsec,
        tsPrecision: r.tsPrecision,
        linkType: r.linkType,
        interfaceId: r.interfaceId,
        capLen: r.capLen,
        origLen: r.origLen,
        fileOffset: r.fileOffset,
        hex: hex(r.bytes.subarray(r.offset, r.offset + r.capLen)),
      });
    },
    onAnomaly: (a) => anomalies.push(a),
    counters,
    ...(limits === undefined ? {} : { limits }),
  });
  let error: unknown;
  try {
    let prev = 0;
    for (const c of [...cuts, input.length]) {
      // Fresh copies: the reader must not depend on chunks staying alive or unmodified.
      const chunk = input.slice(prev, c);
      reader.push(chunk);
      chunk.fill(0xee);
      prev = c;
    }
    reader.end();
  } catch (e) {
    error = e;
  }
  return { frames, anomalies, counters: counters.snapshot(), error, format: reader.format };
}

/** Cut points every `n` bytes. */
export function every(n: number, len: number): number[] {
  const cuts: number[] = [];
  for (let i = n; i < len; i += n) cuts.push(i);
  return cuts;
}
