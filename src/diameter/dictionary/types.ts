/**
 * Dictionary shapes. Every entry names the clause that defines it (`ref`), so a reviewer can check
 * it against the specification it was written from (never from another implementation's tables).
 */

/** Base data types, RFC 6733 §4.2 (basic) and §4.3 (derived). */
export type AvpType =
  | 'OctetString'
  | 'Integer32'
  | 'Integer64'
  | 'Unsigned32'
  | 'Unsigned64'
  | 'Float32'
  | 'Float64'
  | 'Grouped'
  | 'Address'
  | 'Time'
  | 'UTF8String'
  | 'DiameterIdentity'
  | 'DiameterURI'
  | 'Enumerated'
  | 'IPFilterRule';

export interface AvpDef {
  code: number;
  /** 0 for IETF AVPs (no V flag). */
  vendor: number;
  name: string;
  type: AvpType;
  /** Defining clause, e.g. 'RFC 6733 §8.8'. */
  ref: string;
  /** Value names for Enumerated (and result-code style Unsigned32) AVPs. */
  values?: Readonly<Record<number, string>>;
  /** Bit names of a flags bitmask (index = bit number, bit 0 = least significant). */
  bits?: readonly string[];
}

export interface CommandDef {
  code: number;
  name: string;
  /** Request / answer abbreviations, e.g. 'ULR' / 'ULA'. */
  req: string;
  ans: string;
  /** The application that defines the command; absent for commands of several (CER, CCR, AAR). */
  app?: number;
  ref: string;
}

/**
 * The command `def` as another application reuses it under its own id (SWx and Zh reuse Cx's codes,
 * T6a S6t's, S7a S6a's): the same code, names and meaning, the reusing application's clause.
 */
export function reuse(def: CommandDef, app: number, ref: string): CommandDef {
  return { ...def, app, ref };
}

export interface AppDef {
  id: number;
  name: string;
  ref: string;
}

/** Vendor-Id of 3GPP (IANA enterprise number 10415), used by every TS 29.xxx AVP. */
export const VENDOR_3GPP = 10415;

export function avpDef(
  code: number,
  name: string,
  type: AvpType,
  ref: string,
  vendor = 0,
  extra?: { values?: Readonly<Record<number, string>>; bits?: readonly string[] },
): AvpDef {
  const d: AvpDef = { code, vendor, name, type, ref };
  if (extra?.values) d.values = extra.values;
  if (extra?.bits) d.bits = extra.bits;
  return d;
}

/** 3GPP AVP (vendor 10415). */
export function tgpp(
  code: number,
  name: string,
  type: AvpType,
  ref: string,
  extra?: { values?: Readonly<Record<number, string>>; bits?: readonly string[] },
): AvpDef {
  return avpDef(code, name, type, ref, VENDOR_3GPP, extra);
}
