/** OBJECT IDENTIFIER contents (X.690 §8.19) to dotted text. */
export function decodeOid(bytes: Uint8Array, start: number, end: number): string {
  let s = '';
  let v = 0;
  let first = true;
  for (let i = start; i < end; i++) {
    const b = bytes[i]!;
    v = v * 128 + (b & 0x7f);
    if ((b & 0x80) === 0) {
      if (first) {
        // §8.19.4: first subidentifier = X*40 + Y.
        const x = v < 40 ? 0 : v < 80 ? 1 : 2;
        s = `${x}.${v - x * 40}`;
        first = false;
      } else {
        s += '.' + v;
      }
      v = 0;
    }
  }
  return s;
}

/** Dotted text to OID contents octets (for tests and the generator). */
export function encodeOid(dotted: string): Uint8Array {
  const parts = dotted.split('.').map((x) => Number(x));
  if (parts.length < 2 || parts.some((n) => !Number.isInteger(n) || n < 0)) throw new RangeError(`bad OID ${dotted}`);
  const subs = [parts[0]! * 40 + parts[1]!, ...parts.slice(2)];
  const out: number[] = [];
  for (const n of subs) {
    const tmp: number[] = [n & 0x7f];
    let r = Math.floor(n / 128);
    while (r > 0) {
      tmp.unshift((r & 0x7f) | 0x80);
      r = Math.floor(r / 128);
    }
    out.push(...tmp);
  }
  return Uint8Array.from(out);
}
