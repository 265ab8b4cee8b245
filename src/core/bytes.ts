/** Byte-to-text helpers shared by every layer. */

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Lower-case hex of `bytes[start, end)` (table lookup: ~3x faster than toString(16) per octet). */
export function hexOf(bytes: Uint8Array, start: number, end: number): string {
  let s = '';
  for (let i = start; i < end; i++) s += HEX[bytes[i]!];
  return s;
}

/**
 * IP address text: IPv4 dotted quad (len 4), or IPv6 per RFC 5952 §4 (len 16: lower case, no
 * leading zeros, the longest run of two or more zero groups as `::`, §4.2.2: a single zero group
 * is not shortened). Other lengths: hex.
 */
export function ipText(b: Uint8Array, off: number, len: number): string {
  if (len === 4) return `${b[off]}.${b[off + 1]}.${b[off + 2]}.${b[off + 3]}`;
  if (len !== 16) return hexOf(b, off, off + len);
  const g: number[] = [];
  for (let i = 0; i < 8; i++) g.push((b[off + 2 * i]! << 8) | b[off + 2 * i + 1]!);
  let bestAt = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) {
      bestAt = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (x: number[]): string => x.map((v) => v.toString(16)).join(':');
  if (bestAt < 0) return hex(g);
  return `${hex(g.slice(0, bestAt))}::${hex(g.slice(bestAt + bestLen))}`;
}
