/**
 * Diameter message builder on top of the codec's encoder:
 *
 *   buildDiameter({ cmd: 316, app: 16777251, request: true, hbh, e2e, avps: [
 *     avp(263, 'sess;1'), avp(1407, encodePlmn('001', '01'), { vendor: 10415 }), group(1400, [...]) ] })
 *
 * Values are encoded by the dictionary type of (vendor, code); unknown AVPs by the JS type of the
 * value (string → UTF-8, number → Unsigned32, bigint → Unsigned64, Date → Time, bytes as given).
 */
import { encodeTbcd } from '../asn1/tbcd.js';
import { AvpFlag, DiameterAvp } from '../diameter/avp.js';
import { encodeDiameter } from '../diameter/codec.js';
import { lookupAvp, VENDOR_3GPP, type AvpType } from '../diameter/dictionary/index.js';
import { CommandFlag } from '../diameter/header.js';
import type { DiameterMessage } from '../diameter/types.js';
import { encodeValue, type AvpValue } from '../diameter/values.js';

export interface AvpOptions {
  vendor?: number;
  /** Whole flags octet; default M, plus V when a vendor is given. */
  flags?: number;
  /** Override the type used to encode the value. */
  type?: AvpType;
}

function flagsOf(opts: AvpOptions): number {
  if (opts.flags !== undefined) return opts.flags;
  return AvpFlag.MANDATORY | ((opts.vendor ?? 0) !== 0 ? AvpFlag.VENDOR : 0);
}

function typeOf(value: AvpValue): AvpType {
  if (typeof value === 'string') return 'UTF8String';
  if (typeof value === 'number') return 'Unsigned32';
  if (typeof value === 'bigint') return 'Unsigned64';
  if (value instanceof Date) return 'Time';
  return 'OctetString';
}

/** One AVP (RFC 6733 §4.1): the value is encoded by the dictionary type of (vendor, code), else by its JS type. */
export function avp(code: number, value: AvpValue, opts: AvpOptions = {}): DiameterAvp {
  const vendor = opts.vendor ?? 0;
  const def = lookupAvp(vendor, code);
  const type = opts.type ?? (def && def.type !== 'Grouped' ? def.type : typeOf(value));
  return new DiameterAvp(code, vendor, flagsOf(opts), encodeValue(type, value), def);
}

/** 3GPP vendor AVP shorthand. */
export function avp3(code: number, value: AvpValue, opts: Omit<AvpOptions, 'vendor'> = {}): DiameterAvp {
  return avp(code, value, { ...opts, vendor: VENDOR_3GPP });
}

/** A Grouped AVP (RFC 6733 §4.4) holding `children`. */
export function group(code: number, children: DiameterAvp[], opts: AvpOptions = {}): DiameterAvp {
  const vendor = opts.vendor ?? 0;
  const a = new DiameterAvp(code, vendor, flagsOf(opts), new Uint8Array(0), lookupAvp(vendor, code));
  a.avps = children;
  return a;
}

/** MSISDN AVP (701, TS 29.329 §6.3.2: TBCD digits). */
export function msisdnAvp(digits: string): DiameterAvp {
  return avp3(701, encodeTbcd(digits));
}

export interface MessageSpec {
  cmd: number;
  app: number;
  request?: boolean;
  proxyable?: boolean;
  error?: boolean;
  retransmit?: boolean;
  hbh?: number;
  e2e?: number;
  avps?: DiameterAvp[];
}

/** The message object (header fields + AVPs) the codec encodes; flags from `request`/`proxyable`/`error`/`retransmit`. */
export function diameterMessage(spec: MessageSpec): DiameterMessage {
  const flags =
    (spec.request ? CommandFlag.REQUEST : 0) |
    ((spec.proxyable ?? true) ? CommandFlag.PROXYABLE : 0) |
    (spec.error ? CommandFlag.ERROR : 0) |
    (spec.retransmit ? CommandFlag.RETRANSMIT : 0);
  return { version: 1, flags, cmd: spec.cmd, app: spec.app, hbh: spec.hbh ?? 1, e2e: spec.e2e ?? 1, avps: spec.avps ?? [], anomalies: [] };
}

/** A complete Diameter message (RFC 6733 §3 header + AVPs) as bytes. */
export function buildDiameter(spec: MessageSpec): Uint8Array {
  return encodeDiameter(diameterMessage(spec));
}
