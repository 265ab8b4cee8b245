/** TS 29.002 §17.7.8 TBCD, read nibble by nibble: the reference the TBCD decoders and every deferred digit form must equal. */
export function tbcdReference(b: Uint8Array): string {
  let s = '';
  for (const x of b) {
    if ((x & 15) === 15) break;
    s += '0123456789*#abc'[x & 15];
    if (x >> 4 === 15) break;
    s += '0123456789*#abc'[x >> 4];
  }
  return s;
}
