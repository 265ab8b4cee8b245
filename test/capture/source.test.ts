import { existsSync, mkdtempSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { ErrorCode, SigwatchError } from '../../src/core/errors.js';
import type { Anomaly } from '../../src/core/anomaly.js';
import { openCapture, readCapture } from '../../src/capture/source.js';
import { concat } from '../../src/encode/bytes.js';
import { writePcap, writePcapng } from '../../src/encode/pcap.js';

const frames = Array.from({ length: 50 }, (_, i) => ({ tsSec: i, tsNsec: 0, data: new Uint8Array(100 + i).fill(i) }));
const pcap = writePcap(frames, { linkType: 1 });
const dir = mkdtempSync(path.join(tmpdir(), 'sigwatch-source-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, bytes: Uint8Array): string {
  const p = path.join(dir, name);
  writeFileSync(p, bytes);
  return p;
}

async function read(
  input: Parameters<typeof readCapture>[0],
): Promise<{ n: number; sum: number; anomalies: Anomaly[]; r: Awaited<ReturnType<typeof readCapture>> }> {
  let n = 0;
  let sum = 0;
  const anomalies: Anomaly[] = [];
  const r = await readCapture(input, {
    onFrame: (rec) => {
      n++;
      sum += rec.bytes[rec.offset]! + rec.capLen;
    },
    onAnomaly: (a) => anomalies.push(a),
  });
  return { n, sum, anomalies, r };
}

const expectedSum = frames.reduce((s, f) => s + f.data[0]! + f.data.length, 0);

describe('openCapture / readCapture', () => {
  it('reads a file path in small chunks', async () => {
    const chunks: number[] = [];
    for await (const c of openCapture(file('a.pcap', pcap), { highWaterMark: 512 })) chunks.push(c.length);
    expect(chunks.length).toBeGreaterThan(5);
    expect(Math.max(...chunks)).toBeLessThanOrEqual(512);
    const { n, sum, r } = await read(path.join(dir, 'a.pcap'));
    expect({ n, sum }).toEqual({ n: 50, sum: expectedSum });
    expect(r).toEqual({ frames: 50, bytes: pcap.length, format: 'pcap' });
  });

  it('reuseBuffer: the same bytes through one buffer, plain and gzip, with the file closed after an early break', async () => {
    const plain = file('reuse.pcap', pcap);
    const gz = file('reuse.pcap.gz', gzipSync(pcap));
    for (const f of [plain, gz]) {
      const copies: Uint8Array[] = [];
      const seen = new Set<ArrayBufferLike>();
      for await (const c of openCapture(f, { highWaterMark: 300, reuseBuffer: true })) {
        copies.push(c.slice());
        seen.add(c.buffer);
      }
      expect(Buffer.concat(copies).equals(Buffer.from(pcap))).toBe(true);
      if (f === plain) expect(seen.size).toBe(1);
    }
    const openFds = (): string[] =>
      readdirSync('/proc/self/fd').flatMap((fd) => {
        try {
          return [readlinkSync(`/proc/self/fd/${fd}`)];
        } catch {
          return [];
        }
      });
    for (const reuseBuffer of [true, false]) {
      for await (const _ of openCapture(plain, { highWaterMark: 300, reuseBuffer })) {
        if (existsSync('/proc/self/fd')) expect(openFds()).toContain(plain);
        break;
      }
      // A read stream closes its descriptor asynchronously after destroy().
      for (let i = 0; i < 50 && existsSync('/proc/self/fd') && openFds().includes(plain); i++) await new Promise((r) => setTimeout(r, 10));
      if (existsSync('/proc/self/fd')) expect(openFds()).not.toContain(plain);
    }
    // a 1-byte file: the gzip sniff keeps a copy of the short head
    const one = [];
    for await (const c of openCapture(file('one.bin', new Uint8Array([0x1f])), { reuseBuffer: true })) one.push(...c);
    expect(one).toEqual([0x1f]);
  });

  it('gunzips by content, not by name (RFC 1952 ID 1f 8b)', async () => {
    const gz = gzipSync(pcap);
    for (const name of ['gz-in-disguise.pcap', 'real.pcap.gz']) {
      const { n, sum, r } = await read(file(name, gz));
      expect({ n, sum }).toEqual({ n: 50, sum: expectedSum });
      expect(r.bytes).toBe(pcap.length);
    }
    // a plain capture named .gz is read as is
    expect((await read(file('plain.pcap.gz', pcap))).n).toBe(50);
  });

  it('gunzips concatenated gzip members and pcapng', async () => {
    const ng = writePcapng([{ interfaces: [{ linkType: 1 }], blocks: [{ type: 'epb', interfaceId: 0, ts: 1n, data: new Uint8Array(9) }] }]);
    const half = Math.floor(ng.length / 2);
    const { n, r } = await read(concat(gzipSync(ng.subarray(0, half)), gzipSync(ng.subarray(half))));
    expect(n).toBe(1);
    expect(r.format).toBe('pcapng');
  });

  it('a truncated .gz gives the frames it holds and capture.truncated-file', async () => {
    const gz = gzipSync(pcap);
    const { n, anomalies } = await read(file('cut.pcap.gz', gz.subarray(0, Math.floor(gz.length * 0.6))));
    expect(n).toBeGreaterThan(0);
    expect(n).toBeLessThan(50);
    expect(anomalies.map((a) => a.code)).toEqual(['capture.truncated-file']);
  });

  it('accepts bytes, a Node Readable and an AsyncIterable; the gzip sniff survives 1-byte chunks', async () => {
    expect((await read(pcap)).n).toBe(50);
    expect((await read(Readable.from([pcap.subarray(0, 10), pcap.subarray(10)]))).n).toBe(50);
    const gz = gzipSync(pcap);
    async function* oneByte(): AsyncGenerator<Uint8Array> {
      for (let i = 0; i < 40; i++) yield gz.subarray(i, i + 1);
      yield gz.subarray(40);
    }
    expect((await read(oneByte())).sum).toBe(expectedSum);
  });

  it('missing file: SigwatchError IO naming the path', async () => {
    const p = path.join(dir, 'nope.pcap');
    const err = await read(p).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SigwatchError);
    expect(err).toMatchObject({ code: ErrorCode.IO, file: p });
    expect((err as Error).message).toContain(p);
  });

  it('string chunks (a stream with an encoding) are refused', async () => {
    const err = await read(Readable.from(['abc'])).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: ErrorCode.BAD_OPTION });
  });

  it('not a capture: UNKNOWN_FORMAT from readCapture', async () => {
    const err = await read(file('text.txt', new TextEncoder().encode('just some text'))).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: ErrorCode.UNKNOWN_FORMAT, byteOffset: 0 });
  });
});

it('corrupt gzip data: DecodeError MALFORMED', async () => {
  const gz = gzipSync(pcap);
  gz.fill(0x55, 10, 60); // destroy the deflate stream (RFC 1951) after the 10-byte header
  const err = await read(gz).catch((e: unknown) => e);
  expect(err).toMatchObject({ code: ErrorCode.MALFORMED });
});
