/** Minimal PNG reader (RFC 2083: IHDR + zlib IDAT, filters 0-4) to check a screenshot is not blank. */
import { inflateSync } from 'node:zlib';

export interface PngStats {
  width: number;
  height: number;
  /** Pixels that are not (near) white. */
  nonWhite: number;
  /** Distinct colours (capped at 1000). */
  colours: number;
}

export function pngStats(buf: Buffer): PngStats {
  if (buf.readUInt32BE(0) !== 0x89504e47) throw new Error('not a PNG');
  let off = 8;
  let width = 0, height = 0, colourType = 0, bitDepth = 0;
  const idat: Buffer[] = [];
  while (off < buf.length) {
    const len = buf.readUInt32BE(off);
    const type = buf.toString('latin1', off + 4, off + 8);
    const data = buf.subarray(off + 8, off + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      bitDepth = data[8]!;
      colourType = data[9]!;
    } else if (type === 'IDAT') idat.push(data);
    off += 12 + len;
  }
  if (bitDepth !== 8 || (colourType !== 2 && colourType !== 6)) throw new Error(`unsupported PNG: depth ${bitDepth}, colour type ${colourType}`);
  const bpp = colourType === 6 ? 4 : 3;
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * bpp;
  const prev = Buffer.alloc(stride);
  const cur = Buffer.alloc(stride);
  let nonWhite = 0;
  const colours = new Set<number>();
  for (let y = 0; y < height; y++) {
    const base = y * (stride + 1);
    const filter = raw[base]!;
    for (let i = 0; i < stride; i++) {
      const x = raw[base + 1 + i]!;
      const a = i >= bpp ? cur[i - bpp]! : 0;
      const b = prev[i]!;
      const c = i >= bpp ? prev[i - bpp]! : 0;
      let v = x;
      if (filter === 1) v = x + a;
      else if (filter === 2) v = x + b;
      else if (filter === 3) v = x + ((a + b) >> 1);
      else if (filter === 4) {
        const p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
        v = x + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
      }
      cur[i] = v & 0xff;
    }
    for (let px = 0; px < width; px++) {
      const r = cur[px * bpp]!, g = cur[px * bpp + 1]!, bl = cur[px * bpp + 2]!;
      if (r < 240 || g < 240 || bl < 240) nonWhite++;
      if (colours.size < 1000) colours.add((r << 16) | (g << 8) | bl);
    }
    cur.copy(prev);
  }
  return { width, height, nonWhite, colours: colours.size };
}
