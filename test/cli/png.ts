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

/** Decoded RGB pixels (3 bytes each, row by row). */
export interface PngPixels {
  width: number;
  height: number;
  rgb: Uint8Array;
}

export function pngStats(buf: Buffer): PngStats {
  const { width, height, rgb } = pngPixels(buf);
  let nonWhite = 0;
  const colours = new Set<number>();
  for (let p = 0; p < width * height; p++) {
    const r = rgb[p * 3]!,
      g = rgb[p * 3 + 1]!,
      bl = rgb[p * 3 + 2]!;
    if (r < 240 || g < 240 || bl < 240) nonWhite++;
    if (colours.size < 1000) colours.add((r << 16) | (g << 8) | bl);
  }
  return { width, height, nonWhite, colours: colours.size };
}

/** Pixels whose colour is within `tol` (per channel) of `[r, g, b]`. */
export function countNear(px: PngPixels, [r, g, b]: readonly [number, number, number], tol = 8): number {
  let n = 0;
  for (let p = 0; p < px.width * px.height; p++) {
    if (Math.abs(px.rgb[p * 3]! - r) <= tol && Math.abs(px.rgb[p * 3 + 1]! - g) <= tol && Math.abs(px.rgb[p * 3 + 2]! - b) <= tol) n++;
  }
  return n;
}

/** Pixels that differ between two images of the same size. */
export function countDiff(a: PngPixels, b: PngPixels): number {
  let n = 0;
  for (let p = 0; p < Math.min(a.rgb.length, b.rgb.length); p += 3)
    if (a.rgb[p] !== b.rgb[p] || a.rgb[p + 1] !== b.rgb[p + 1] || a.rgb[p + 2] !== b.rgb[p + 2]) n++;
  return n;
}

export function pngPixels(buf: Buffer): PngPixels {
  if (buf.readUInt32BE(0) !== 0x89504e47) throw new Error('not a PNG');
  let off = 8;
  let width = 0,
    height = 0,
    colourType = 0,
    bitDepth = 0;
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
  const rgb = new Uint8Array(width * height * 3);
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
        const p = a + b - c,
          pa = Math.abs(p - a),
          pb = Math.abs(p - b),
          pc = Math.abs(p - c);
        v = x + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
      }
      cur[i] = v & 0xff;
    }
    for (let px = 0; px < width; px++) {
      const o = (y * width + px) * 3;
      rgb[o] = cur[px * bpp]!;
      rgb[o + 1] = cur[px * bpp + 1]!;
      rgb[o + 2] = cur[px * bpp + 2]!;
    }
    cur.copy(prev);
  }
  return { width, height, rgb };
}
