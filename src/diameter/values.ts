/**
 * AVP value readers and writers for the base data types, RFC 6733 §4.2 (basic) and §4.3 (derived).
 * Readers never throw: a fixed-size type with the wrong length yields the raw octets (the decoder
 * reports `diameter.avp-bad-value`). Writers throw a SigwatchError BAD_OPTION for a value that
 * does not fit its type (they serve the builder, not the decoder).
 */
import { hexOf, ipText } from '../core/bytes.js';
import { codesText } from '../core/char-codes.js';
import { ErrorCode, SigwatchError } from '../core/errors.js';
import type { AvpType } from './dictionary/types.js';

/** Decoded value of a leaf AVP. Grouped AVPs expose their children instead. */
export type AvpValue = Uint8Array | string | number | bigint | Date;

/** Value sizes of the fixed-size types (RFC 6733 §4.2; Time §4.3.1: four octets). */
export const FIXED_SIZE: Partial<Record<AvpType, number>> = {
  Integer32: 4,
  Unsigned32: 4,
  Enumerated: 4,
  Float32: 4,
  Integer64: 8,
  Unsigned64: 8,
  Float64: 8,
  Time: 4,
};

/** Seconds between the NTP epoch (1900-01-01) and the Unix epoch. */
const NTP_UNIX_OFFSET = 2_208_988_800;

const utf8 = new TextDecoder('utf-8');
const utf8Enc = new TextEncoder();

/** Longest value read through the char-code scratch (longer ones go to TextDecoder). */
const SHORT_UTF8 = 16;
/**
 * Char-code arrays by length (CODES_OF[k] has length k), reused: one String.fromCharCode.apply
 * on the exact-length array builds a flat string (as asn1/tbcd.ts does for digits).
 */
const CODES_OF: number[][] = Array.from({ length: SHORT_UTF8 + 1 }, (_, k) => new Array<number>(k).fill(0));

/**
 * UTF-8 text of `[start, end)`. Measured on Node 20 for a 60-octet ASCII Session-Id: TextDecoder
 * ~185 ns, a String.fromCharCode loop ~540 ns, Buffer#latin1Slice ~275 ns; the char codes only win
 * below ~16 octets, so short values take them and the rest TextDecoder. Short ASCII values (a
 * User-Name IMSI, realms' labels) are built by one String.fromCharCode.apply: `s += char` gave a
 * 15-character IMSI as a chain of 15 cons strings (~480 B), which the first Map lookup or regular
 * expression flattens and every later charCodeAt dereferences (issue 19, alertcpu: 91 → 56 ns to
 * read a User-Name, 120 → 54 ns to read it, look it up in a Map and walk its characters).
 */
export function readUtf8(bytes: Uint8Array, start: number, end: number): string {
  const n = end - start;
  if (n > SHORT_UTF8 || n < 0) return utf8.decode(bytes.subarray(start, end));
  const codes = CODES_OF[n]!;
  for (let i = 0; i < n; i++) {
    const b = bytes[start + i]!;
    if (b >= 0x80) return utf8.decode(bytes.subarray(start, end));
    codes[i] = b;
  }
  return codesText(codes, n);
}

/** Address (RFC 6733 §4.3.1): AddressType (IANA address family, 1 IPv4, 2 IPv6) + address. */
export function readAddress(bytes: Uint8Array, start: number, end: number): string {
  const len = end - start;
  if (len < 2) return hexOf(bytes, start, end);
  const family = (bytes[start]! << 8) | bytes[start + 1]!;
  if (family === 1 && len === 6) {
    return `${bytes[start + 2]}.${bytes[start + 3]}.${bytes[start + 4]}.${bytes[start + 5]}`;
  }
  if (family === 2 && len === 18) return ipText(bytes, start + 2, 16);
  return `${family}:${hexOf(bytes, start + 2, end)}`;
}

/** Time (RFC 6733 §4.3.1): NTP seconds; MSB clear means the era after 2036 (RFC 4330 §3). */
export function ntpToDate(ntp: number): Date {
  const secs = ntp >= 0x80000000 ? ntp - NTP_UNIX_OFFSET : ntp + 0x100000000 - NTP_UNIX_OFFSET;
  return new Date(secs * 1000);
}

export function dateToNtp(d: Date): number {
  return (Math.floor(d.getTime() / 1000) + NTP_UNIX_OFFSET) % 0x100000000;
}

/** Value of a leaf AVP `[start, end)` by type. Fixed-size types with a wrong length: the raw octets. */
export function readValue(type: AvpType, view: DataView, bytes: Uint8Array, start: number, end: number): AvpValue {
  const size = FIXED_SIZE[type];
  if (size !== undefined && end - start !== size) return bytes.slice(start, end);
  switch (type) {
    case 'Integer32':
      return view.getInt32(start);
    case 'Unsigned32':
    case 'Enumerated':
      return view.getUint32(start);
    case 'Float32':
      return view.getFloat32(start);
    case 'Integer64':
      return view.getBigInt64(start);
    case 'Unsigned64':
      return view.getBigUint64(start);
    case 'Float64':
      return view.getFloat64(start);
    case 'Time':
      return ntpToDate(view.getUint32(start));
    case 'UTF8String':
    case 'DiameterIdentity':
    case 'DiameterURI':
    case 'IPFilterRule':
      return readUtf8(bytes, start, end);
    case 'Address':
      return readAddress(bytes, start, end);
    case 'OctetString':
    case 'Grouped':
      return bytes.slice(start, end);
  }
}

function bad(type: AvpType, value: unknown): SigwatchError {
  return new SigwatchError(ErrorCode.BAD_OPTION, `value ${String(value)} does not fit AVP type ${type}`);
}

function fixed(size: number, write: (v: DataView) => void): Uint8Array {
  const out = new Uint8Array(size);
  write(new DataView(out.buffer));
  return out;
}

/** Octets of a value (the inverse of readValue). A Uint8Array is taken as the raw octets of any type. */
export function encodeValue(type: AvpType, value: AvpValue): Uint8Array {
  if (value instanceof Uint8Array) return value;
  switch (type) {
    case 'Integer32':
      if (typeof value !== 'number' || !Number.isInteger(value) || value < -0x80000000 || value > 0x7fffffff) throw bad(type, value);
      return fixed(4, (v) => v.setInt32(0, value));
    case 'Unsigned32':
    case 'Enumerated':
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 0xffffffff) throw bad(type, value);
      return fixed(4, (v) => v.setUint32(0, value));
    case 'Float32':
      if (typeof value !== 'number') throw bad(type, value);
      return fixed(4, (v) => v.setFloat32(0, value));
    case 'Float64':
      if (typeof value !== 'number') throw bad(type, value);
      return fixed(8, (v) => v.setFloat64(0, value));
    case 'Integer64':
      if (typeof value !== 'bigint' && typeof value !== 'number') throw bad(type, value);
      return fixed(8, (v) => v.setBigInt64(0, BigInt(value)));
    case 'Unsigned64':
      if (typeof value !== 'bigint' && typeof value !== 'number') throw bad(type, value);
      return fixed(8, (v) => v.setBigUint64(0, BigInt(value)));
    case 'Time':
      if (!(value instanceof Date)) throw bad(type, value);
      return fixed(4, (v) => v.setUint32(0, dateToNtp(value)));
    case 'Address':
      if (typeof value !== 'string') throw bad(type, value);
      return encodeAddress(value);
    case 'UTF8String':
    case 'DiameterIdentity':
    case 'DiameterURI':
    case 'IPFilterRule':
    case 'OctetString':
      if (typeof value !== 'string') throw bad(type, value);
      return utf8Enc.encode(value);
    case 'Grouped':
      throw bad(type, value);
  }
}

function encodeAddress(text: string): Uint8Array {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (v4) {
    const parts = v4.slice(1).map(Number);
    if (parts.some((x) => x > 255)) throw bad('Address', text);
    return Uint8Array.from([0, 1, ...parts]);
  }
  if (!/^[0-9a-fA-F:]+$/.test(text)) throw bad('Address', text);
  const halves = text.split('::');
  if (halves.length > 2) throw bad('Address', text);
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const zeros = halves.length === 2 ? 8 - head.length - tail.length : 0;
  const groups = [...head, ...Array<string>(Math.max(zeros, 0)).fill('0'), ...tail];
  if (groups.length !== 8 || groups.some((g) => g.length === 0 || g.length > 4)) throw bad('Address', text);
  const out = new Uint8Array(18);
  out[1] = 2;
  groups.forEach((g, i) => {
    const n = parseInt(g, 16);
    out[2 + 2 * i] = n >> 8;
    out[3 + 2 * i] = n & 0xff;
  });
  return out;
}
