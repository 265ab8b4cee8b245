import { OctetIntern } from './octet-intern.js';

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

/**
 * Memo of {@link decodeOidCached}: a direct-mapped intern table (asn1/octet-intern.ts) keyed by
 * the contents octets, OID_CACHE_SLOTS entries of at most OID_CACHE_MAX_OCTETS octets (4 KiB of
 * keys + 256 strings). Before: a Map<hash, {octets, text}> (a Map lookup and, on a miss, a key
 * copy and an entry object). Not A/B tested alone: part of round 2 of the decode hot path
 * (measured together: decode-only +17 % median paired messages per CPU second).
 */
const OID_CACHE_SLOTS = 256;
const OID_CACHE_MAX_OCTETS = 16;
const OID_CACHE = new OctetIntern(OID_CACHE_SLOTS, OID_CACHE_MAX_OCTETS);

/**
 * {@link decodeOid} memoised by the contents octets: a capture carries a handful of distinct
 * dialogue-as-id and application-context OIDs, each in most TCAP messages. A pure-function memo,
 * bounded (fixed-size table), so sharing it between decoders is safe. With the parseMapAcn memo
 * (TcapDecoder.mapAcn): +16 % messages per CPU second end to end (numbers in tcap-decoder.ts).
 */
export function decodeOidCached(bytes: Uint8Array, start: number, end: number): string {
  if (end - start <= 0) return decodeOid(bytes, start, end);
  const hit = OID_CACHE.get(bytes, start, end, 0);
  if (hit !== undefined) return hit;
  const text = decodeOid(bytes, start, end);
  OID_CACHE.set(text, 0); // no-op when longer than OID_CACHE_MAX_OCTETS
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
