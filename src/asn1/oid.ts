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

/** Entries of {@link decodeOidCached}: contents octets (to rule out hash collisions) and text. */
const OID_CACHE = new Map<number, { octets: Uint8Array; text: string }>();
const OID_CACHE_MAX = 256;
const OID_CACHE_MAX_OCTETS = 16;

/**
 * {@link decodeOid} memoised by the contents octets: a capture carries a handful of distinct
 * dialogue-as-id and application-context OIDs, each in most TCAP messages. A pure-function memo,
 * bounded (cleared when full), so sharing it between decoders is safe. With the parseMapAcn memo
 * (TcapDecoder.mapAcn): +16 % messages per CPU second end to end (numbers in tcap-decoder.ts).
 */
export function decodeOidCached(bytes: Uint8Array, start: number, end: number): string {
  const n = end - start;
  if (n <= 0 || n > OID_CACHE_MAX_OCTETS) return decodeOid(bytes, start, end);
  let h = n;
  for (let i = start; i < end; i++) h = (Math.imul(h, 31) + bytes[i]!) | 0;
  const e = OID_CACHE.get(h);
  if (e !== undefined && e.octets.length === n) {
    let i = 0;
    while (i < n && e.octets[i] === bytes[start + i]) i++;
    if (i === n) return e.text;
  }
  const text = decodeOid(bytes, start, end);
  if (OID_CACHE.size >= OID_CACHE_MAX) OID_CACHE.clear();
  OID_CACHE.set(h, { octets: bytes.slice(start, end), text });
  return text;
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
