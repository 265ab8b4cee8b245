/**
 * gzip (RFC 1952) decompression as a stream, member by member: §2.2 a gzip file is a series of
 * members, each a header (§2.3.1: ID1 ID2 CM FLG MTIME XFL OS, then FEXTRA, FNAME, FCOMMENT,
 * FHCRC as FLG says), a deflate stream (RFC 1951) and a trailer of CRC-32 and ISIZE (the
 * uncompressed size mod 2^32), both little-endian.
 *
 * zlib's Gunzip stream reads members too, but bytes after the last one that are no member
 * (trailing garbage, which gzip(1) ignores with a warning) fail the whole native call that met
 * them, and the output of that call was lost with it (a small capture gave 0 frames, a larger
 * one lost its last inflated buffer: 60,022 → 60,001 events). Here each member's deflate stream
 * goes through a raw inflater, which stops at the stream's end and tells how much input it used
 * (`bytesWritten`); header, trailer and what follows are read here, after every inflated byte
 * before them was yielded.
 *
 * Per-member cost (rt7 G1: 100k empty 20-byte members took 5.5 s user + 2.8 s sys, ~50 µs each,
 * gzip(1) 0.44 s): a member whose deflate stream ends inside the chunk at hand and inflates to at
 * most {@link SYNC_OUTPUT} bytes is inflated by one synchronous call (no stream, no await), and
 * header fields are read from the chunk, their strings skipped a chunk at a time (a 4 MB FNAME
 * took an await and a crc32 call per byte: +1.9 s).
 */
import { constants as zlibConstants, crc32, createInflateRaw, inflateRawSync, type InflateRaw } from 'node:zlib';

/** §2.3.1 FLG bits. */
const FHCRC = 0x02;
const FEXTRA = 0x04;
const FNAME = 0x08;
const FCOMMENT = 0x10;
const FRESERVED = 0xe0;
/** §2.3.1 CM = 8: deflate. */
const CM_DEFLATE = 8;
/** CRC-32 of ID1 ID2 (0x1f 0x8b), where a member header's FHCRC starts (§2.3.1). */
const ID_CRC = crc32(Uint8Array.of(0x1f, 0x8b));
/**
 * Largest output of a member inflated synchronously (see the file comment); a member that
 * inflates to more is inflated again as a stream, so at most this much work is spent twice.
 */
const SYNC_OUTPUT = 64 * 1024;

/** What is wrong with the compressed input, and at which compressed byte offset. */
export class GzipFormatError extends Error {
  constructor(
    message: string,
    readonly compressedOffset: number,
  ) {
    super(message);
  }
}

/** Pulls bytes from chunks, which it keeps (the caller passes copies). */
class ChunkReader {
  private cur: Uint8Array = new Uint8Array(0);
  private off = 0;
  /** Compressed bytes consumed before `cur`. */
  private before = 0;

  constructor(private readonly it: AsyncIterator<Uint8Array>) {}

  /** Compressed bytes consumed so far. */
  get consumed(): number {
    return this.before + this.off;
  }

  private async fill(): Promise<boolean> {
    while (this.off >= this.cur.length) {
      const r = await this.it.next();
      if (r.done === true) return false;
      this.before += this.cur.length;
      this.cur = r.value;
      this.off = 0;
    }
    return true;
  }

  /** The rest of the current chunk, else the next non-empty chunk; undefined at the end. */
  async chunk(): Promise<Uint8Array | undefined> {
    if (!(await this.fill())) return undefined;
    const c = this.off === 0 ? this.cur : this.cur.subarray(this.off);
    this.off = this.cur.length;
    return c;
  }

  /** Gives back the last `n` bytes of the chunk last returned. */
  unread(n: number): void {
    this.off -= n;
  }

  /** The next byte, -1 at the end. */
  async byte(): Promise<number> {
    if (!(await this.fill())) return -1;
    return this.cur[this.off++]!;
  }

  /**
   * Makes the next `n` bytes (a few) readable at {@link at} without waiting, joining the rest of
   * this chunk with the next ones when they straddle chunks; false when the input ends first.
   */
  async ensure(n: number): Promise<boolean> {
    while (this.cur.length - this.off < n) {
      const r = await this.it.next();
      if (r.done === true) return false;
      const rest = this.cur.length - this.off;
      const joined = new Uint8Array(rest + r.value.length);
      joined.set(this.cur.subarray(this.off));
      joined.set(r.value, rest);
      this.before += this.off;
      this.cur = joined;
      this.off = 0;
    }
    return true;
  }

  /** The chunk holding the bytes {@link ensure} made readable, and their offset in it. */
  get at(): { chunk: Uint8Array; off: number } {
    return { chunk: this.cur, off: this.off };
  }

  /** Consumes `n` bytes made readable by {@link ensure}. */
  advance(n: number): void {
    this.off += n;
  }

  /**
   * Skips `n` bytes, or through the next zero byte when n < 0, a chunk at a time; returns `crc`
   * (CRC-32) continued over them, -1 when the input ends first.
   */
  async skip(n: number, crc: number): Promise<number> {
    while (n !== 0) {
      if (!(await this.fill())) return -1;
      const c = this.cur;
      const from = this.off;
      let to: number;
      if (n < 0) {
        const z = c.indexOf(0, from);
        to = z < 0 ? c.length : z + 1;
        if (z >= 0) n = 0;
      } else {
        to = Math.min(c.length, from + n);
        n -= to - from;
      }
      crc = crc32(c.subarray(from, to), crc);
      this.off = to;
    }
    return crc;
  }

  /**
   * Skips zero bytes (padding after the last member) and returns the first other byte, -1 at the
   * end: a loop over each chunk, not an await per byte (review: 50 MB of padding 0.9 → 7.0 s).
   */
  async skipZeros(): Promise<number> {
    for (;;) {
      if (!(await this.fill())) return -1;
      const c = this.cur;
      let i = this.off;
      while (i < c.length && c[i] === 0) i++;
      this.off = i;
      if (i < c.length) return c[this.off++]!;
    }
  }

  /** Little-endian unsigned integer of n ≤ 4 bytes; -1 when the input ends first. */
  async uint(n: number): Promise<number> {
    if (!(await this.ensure(n))) return -1;
    let v = 0;
    for (let i = 0; i < n; i++) v += this.cur[this.off++]! * 2 ** (8 * i);
    return v;
  }
}

/**
 * Decompresses a gzip file. A file cut short yields what it holds and ends quietly (the capture
 * reader reports the truncation, as it did with zlib's Gunzip and Z_SYNC_FLUSH). A bad header,
 * CRC-32 or size, or bytes after a member that are neither zeros (padding) nor another member,
 * throw GzipFormatError (a corrupt deflate stream: zlib's error) after everything before them
 * was yielded.
 */
export async function* gunzipMembers(chunks: AsyncIterator<Uint8Array>): AsyncGenerator<Uint8Array> {
  const r = new ChunkReader(chunks);
  for (let member = 1; ; member++) {
    let id1 = await r.byte();
    if (member > 1) {
      if (id1 === 0) id1 = await r.skipZeros(); // zero padding after the last member
      if (id1 < 0) return;
    }
    const at = r.consumed - 1;
    const id2 = await r.byte();
    if (id1 !== 0x1f || id2 !== 0x8b) {
      if (member === 1) throw new GzipFormatError('no gzip header (RFC 1952 §2.3.1)', 0);
      throw new GzipFormatError(
        `bytes after gzip member ${member - 1} are neither zero padding nor another member (trailing garbage, RFC 1952 §2.2); ` +
          'everything before them was decoded',
        at,
      );
    }
    if (!(await header(r, at))) return;
    let crc = 0;
    let size = 0;
    const now = inflateNow(r);
    if (now !== null) {
      crc = crc32(now);
      size = now.length;
      if (size > 0) yield now;
    } else {
      const inf = createInflateRaw({ finishFlush: zlibConstants.Z_SYNC_FLUSH });
      const fed = feed(r, inf);
      for await (const c of inf as AsyncIterable<Uint8Array>) {
        crc = crc32(c, crc);
        size += c.length;
        yield c;
      }
      if (!(await fed)) return; // the input ended inside the deflate stream
    }
    const trailerAt = r.consumed;
    const wantCrc = await r.uint(4);
    const wantSize = await r.uint(4);
    if (wantSize < 0) return; // cut inside the trailer
    if (wantCrc !== crc >>> 0 || wantSize !== size % 2 ** 32) {
      throw new GzipFormatError(
        `gzip member ${member}: trailer says CRC-32 ${hex(wantCrc)} and size ${wantSize}, ` +
          `the data has ${hex(crc >>> 0)} and ${size % 2 ** 32} (RFC 1952 §2.3.1)`,
        trailerAt,
      );
    }
  }
}

const hex = (v: number): string => `0x${v.toString(16).padStart(8, '0')}`;

/**
 * Reads the rest of a member header (§2.3.1) after ID1 ID2 and checks its CRC16 when FHCRC is
 * set (the low 16 bits of the CRC-32 of the header bytes before it); false when the input ends
 * first.
 */
async function header(r: ChunkReader, at: number): Promise<boolean> {
  if (!(await r.ensure(2))) return false;
  let { chunk, off } = r.at;
  const cm = chunk[off]!;
  const flg = chunk[off + 1]!;
  if (cm !== CM_DEFLATE)
    throw new GzipFormatError(`gzip member at byte ${at}: compression method ${cm}, only 8 (deflate) is defined (RFC 1952 §2.3.1)`, at + 2);
  if ((flg & FRESERVED) !== 0) throw new GzipFormatError(`gzip member at byte ${at}: reserved FLG bits set (0x${flg.toString(16)}, RFC 1952 §2.3.1.2)`, at + 3);
  if (!(await r.ensure(8))) return false; // CM, FLG, MTIME, XFL, OS
  ({ chunk, off } = r.at);
  let crc = crc32(chunk.subarray(off, off + 8), ID_CRC);
  r.advance(8);
  if ((flg & FEXTRA) !== 0) {
    if (!(await r.ensure(2))) return false;
    ({ chunk, off } = r.at);
    const xlen = chunk[off]! | (chunk[off + 1]! << 8);
    crc = await r.skip(2 + xlen, crc);
    if (crc < 0) return false;
  }
  if ((flg & FNAME) !== 0 && (crc = await r.skip(-1, crc)) < 0) return false;
  if ((flg & FCOMMENT) !== 0 && (crc = await r.skip(-1, crc)) < 0) return false;
  if ((flg & FHCRC) !== 0) {
    const want = crc & 0xffff;
    const got = await r.uint(2);
    if (got < 0) return false;
    if (got !== want)
      throw new GzipFormatError(
        `gzip member at byte ${at}: header CRC16 0x${got.toString(16)}, the header has 0x${want.toString(16)} (RFC 1952 §2.3.1)`,
        r.consumed - 2,
      );
  }
  return true;
}

/**
 * Inflates the member's deflate stream at the reader's position with one synchronous call when
 * the stream ends inside the chunk at hand and inflates to at most {@link SYNC_OUTPUT} bytes;
 * null otherwise (nothing consumed: the stream path takes it, and reports a corrupt stream).
 */
function inflateNow(r: ChunkReader): Uint8Array | null {
  const { chunk, off } = r.at;
  if (off >= chunk.length) return null;
  const input = chunk.subarray(off);
  let res: { buffer: Uint8Array; engine: { bytesWritten: number } };
  try {
    // `info: true`: the output and the engine, whose bytesWritten is the input used (Node zlib docs).
    const opts = { info: true, finishFlush: zlibConstants.Z_SYNC_FLUSH, maxOutputLength: SYNC_OUTPUT };
    res = inflateRawSync(input, opts) as unknown as typeof res;
  } catch {
    return null;
  }
  // All the input used: the stream may go on in the next chunk (zlib does not say it ended).
  if (res.engine.bytesWritten >= input.length) return null;
  r.advance(res.engine.bytesWritten);
  return res.buffer;
}

/**
 * Writes the member's deflate stream into `inf`, one chunk at a time. The inflater ends its
 * output at the end of the deflate stream and leaves the rest of that chunk unused
 * (`bytesWritten` < bytes written): that rest goes back to the reader. Resolves true then,
 * false when the input ended first (`inf` ended: it flushes what it holds).
 */
async function feed(r: ChunkReader, inf: InflateRaw): Promise<boolean> {
  let written = 0;
  try {
    for (;;) {
      const c = await r.chunk();
      if (c === undefined) {
        inf.end();
        return false;
      }
      written += c.length;
      await new Promise<void>((resolve, reject) => inf.write(c, (e) => (e == null ? resolve() : reject(e))));
      const unused = written - inf.bytesWritten;
      if (unused > 0) {
        r.unread(unused);
        return true;
      }
    }
  } catch (e) {
    inf.destroy(e as Error);
    return false;
  }
}
