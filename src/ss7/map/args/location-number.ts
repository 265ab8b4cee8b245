/**
 * LocationNumber ::= OCTET STRING (SIZE (2..10)) (TS 29.002 §17.7.1), coded as the ISUP Location
 * Number parameter, ITU-T Q.763 §3.30: octet 1 odd/even indicator (bit 8) and nature of address
 * (bits 7-1); octet 2 INN, numbering plan, presentation and screening; then the address signals,
 * two per octet, first signal in bits 4-1, a filler in bits 8-5 of the last octet when odd.
 */

/** Address signal values (Q.763 §3.10 table: 0-9 digits, 11 code 11, 12 code 12, 15 ST). */
const SIGNAL = '0123456789abcdef';

/** The address signals, or undefined when the parameter is shorter than its two header octets. */
export function locationNumberDigits(b: Uint8Array, s: number, e: number): string | undefined {
  if (e - s < 2) return undefined;
  const odd = (b[s]! & 0x80) !== 0;
  let out = '';
  for (let i = s + 2; i < e; i++) {
    out += SIGNAL[b[i]! & 15]!;
    if (i === e - 1 && odd) break;
    out += SIGNAL[b[i]! >> 4]!;
  }
  return out;
}
