/**
 * Unstructured supplementary service data (TS 29.002 §17.6.4; data types §17.7.4):
 * processUnstructuredSS-Request (59), unstructuredSS-Request (60), unstructuredSS-Notify (61).
 * USSD-String decoding per the CBS data coding scheme of TS 23.038 §5 and the GSM 7-bit
 * default alphabet of TS 23.038 §6.2.1 (packing §6.1.2.3).
 */
import type { Tlv } from '../../../asn1/ber.js';
import { C, U, is, type ArgReader } from './reader.js';

/** TS 23.038 §6.2.1 default alphabet, code 0x00..0x7F (0x1B is the escape to the extension table). */
const GSM7 = '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' + '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';

/** TS 23.038 §6.2.1.1 extension table (after 0x1B). */
const GSM7_EXT: Readonly<Record<number, string>> = {
  0x0a: '\f',
  0x14: '^',
  0x28: '{',
  0x29: '}',
  0x2f: '\\',
  0x3c: '[',
  0x3d: '~',
  0x3e: ']',
  0x40: '|',
  0x65: '€',
};

/** Unpacks GSM 7-bit septets from `[start, end)` (TS 23.038 §6.1.2.3) to text. */
export function decodeGsm7(b: Uint8Array, start: number, end: number): string {
  let s = '';
  let acc = 0;
  let bits = 0;
  let esc = false;
  const n = ((end - start) * 8) / 7;
  let count = 0;
  for (let i = start; i < end; i++) {
    acc |= b[i]! << bits;
    bits += 8;
    while (bits >= 7 && count < Math.floor(n)) {
      const c = acc & 0x7f;
      acc >>= 7;
      bits -= 7;
      count++;
      if (esc) {
        s += GSM7_EXT[c] ?? GSM7[c]!;
        esc = false;
      } else if (c === 0x1b) esc = true;
      else s += GSM7[c]!;
    }
  }
  // §6.1.2.3.1: a trailing <CR> fills 7 spare bits in USSD; drop it when it ends an octet boundary.
  if ((end - start) % 7 === 0 && s.endsWith('\r')) s = s.slice(0, -1);
  return s;
}

/** Alphabet of a CBS data coding scheme (TS 23.038 §5). */
function alphabet(dcs: number): 'gsm7' | 'ucs2' | 'octets' {
  const g = dcs >> 4;
  if (g === 0 || g === 2 || g === 3 || dcs === 0x10) return 'gsm7';
  if (dcs === 0x11) return 'ucs2';
  if ((g & 0xc) === 4) return (dcs & 0x0c) === 0 ? 'gsm7' : (dcs & 0x0c) === 8 ? 'ucs2' : 'octets';
  if (g === 0xf) return (dcs & 0x04) === 0 ? 'gsm7' : 'octets';
  return 'octets';
}

/**
 * USSD-Arg / ProcessUnstructuredSS-Arg ::= SEQUENCE { ussd-DataCodingScheme USSD-DataCodingScheme,
 * ussd-String USSD-String, alertingPattern AlertingPattern OPTIONAL, msisdn [0] ISDN-AddressString OPTIONAL, ... }
 * USSD-Res has the first two fields.
 */
export function ussdArg(r: ArgReader, seq: Tlv): void {
  let octets = 0;
  let dcs = 0x0f;
  for (let p = seq.valueStart, t = r.next(1, p, seq.valueEnd); t; p = t.end, t = r.next(1, p, seq.valueEnd)) {
    if (is(t, U, 4)) {
      const i = octets++;
      if (i === 0) {
        dcs = t.valueEnd > t.valueStart ? r.bytes[t.valueStart]! : 0x0f;
        r.args['ussdDcs'] = dcs;
      } else if (i === 1) {
        const a = alphabet(dcs);
        if (a === 'gsm7') r.args['ussdString'] = decodeGsm7(r.bytes, t.valueStart, t.valueEnd);
        else if (a === 'ucs2') r.args['ussdString'] = ucs2(r.bytes, t.valueStart, t.valueEnd);
        else r.args['ussdStringHex'] = r.hex(t);
      }
    } else if (is(t, C, 0)) r.ownMsisdn(t);
  }
}

function ucs2(b: Uint8Array, start: number, end: number): string {
  let s = '';
  for (let i = start; i + 1 < end; i += 2) s += String.fromCharCode((b[i]! << 8) | b[i + 1]!);
  return s;
}
