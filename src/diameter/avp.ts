/**
 * AVP header (RFC 6733 §4.1) and the tree node of a decoded AVP.
 *
 *   0: AVP Code(32)
 *   4: V M P r r r r r (8) | AVP Length(24)      Length counts header + data, not the padding
 *   8: Vendor-ID(32)                             only when V is set
 *   ..: Data, then 0-3 octets of padding to a multiple of 4
 */
import type { AnomalyCode } from '../core/anomaly-codes.js';
import type { AvpDef, AvpType } from './dictionary/types.js';
import { DIAMETER_ANOMALY } from './types.js';
import { hexOf } from '../core/bytes.js';
import { readValue, type AvpValue } from './values.js';

/** AVP flags, RFC 6733 §4.1. */
export const AvpFlag = { VENDOR: 0x80, MANDATORY: 0x40, PROTECTED: 0x20 } as const;

/** Reused scratch for {@link readAvpHeader}. */
export interface AvpHeader {
  code: number;
  flags: number;
  /** Vendor-ID, 0 without the V flag. */
  vendor: number;
  /** AVP Length field. */
  length: number;
  valueStart: number;
  valueEnd: number;
  /** Where the next AVP starts: after the padding, or `end` when the padding is cut short. */
  next: number;
  /** Padding runs past `end` (the AVP itself is complete). */
  shortPadding: boolean;
  /** Set when readAvpHeader returns false: a DIAMETER_ANOMALY code. */
  error: AnomalyCode | '';
}

export function newAvpHeader(): AvpHeader {
  return { code: 0, flags: 0, vendor: 0, length: 0, valueStart: 0, valueEnd: 0, next: 0, shortPadding: false, error: '' };
}

/**
 * Reads the AVP header at `offset` inside `[offset, end)`. Returns false (out.error set) when no
 * well-formed AVP starts there; the caller must then stop walking this level (a zero or short
 * length would otherwise loop forever, as the npm `diameter` package does on length 0).
 */
export function readAvpHeader(view: DataView, offset: number, end: number, out: AvpHeader): boolean {
  out.error = '';
  out.shortPadding = false;
  if (end - offset < 8) {
    out.error = DIAMETER_ANOMALY.AVP_TRUNCATED;
    return false;
  }
  out.code = view.getUint32(offset);
  const w = view.getUint32(offset + 4);
  out.flags = w >>> 24;
  const length = w & 0xffffff;
  out.length = length;
  const hasVendor = (out.flags & AvpFlag.VENDOR) !== 0;
  const headerLength = hasVendor ? 12 : 8;
  if (length < headerLength) {
    out.error = DIAMETER_ANOMALY.AVP_BAD_LENGTH;
    return false;
  }
  if (length > end - offset) {
    out.error = DIAMETER_ANOMALY.AVP_OVERRUN;
    return false;
  }
  out.vendor = hasVendor ? view.getUint32(offset + 8) : 0;
  out.valueStart = offset + headerLength;
  out.valueEnd = offset + length;
  const padded = offset + ((length + 3) & ~3);
  if (padded > end) {
    out.shortPadding = true;
    out.next = end;
  } else {
    out.next = padded;
  }
  return true;
}

/** Human-readable detail for an AVP header error; `offset` and `end` counted from the message's first octet. */
export function avpErrorDetail(h: AvpHeader, offset: number, end: number): string {
  switch (h.error) {
    case DIAMETER_ANOMALY.AVP_TRUNCATED:
      return `${end - offset} octets left at offset ${offset}, an AVP header needs 8`;
    case DIAMETER_ANOMALY.AVP_BAD_LENGTH:
      return `AVP code ${h.code} at offset ${offset}: length ${h.length} is below its header size (${(h.flags & AvpFlag.VENDOR) !== 0 ? 12 : 8})`;
    default:
      return `AVP code ${h.code} at offset ${offset}: length ${h.length} runs past its container (${end - offset} octets left)`;
  }
}

/**
 * One AVP of a decoded (or built) message. `raw` is the truth: the value octets as found; the
 * typed `value` is read from it on first access (64-bit integers become bigint only then).
 * A Grouped AVP re-encodes from `avps` unless its contents were malformed (`malformed`), in which
 * case its raw octets are re-emitted unchanged.
 */
export class DiameterAvp {
  code: number;
  vendor: number;
  flags: number;
  /** Value octets (without header and padding). */
  raw: Uint8Array;
  /** Children of a Grouped AVP. */
  avps: DiameterAvp[] | undefined;
  /** Padding octets as found, when not the canonical 0-3 zero octets (undefined otherwise). */
  padding: Uint8Array | undefined;
  /** Grouped contents did not decode cleanly: the encoder uses `raw`. */
  malformed: boolean;
  /** Dictionary entry, undefined for unknown AVPs (kept as raw OctetString). */
  def: AvpDef | undefined;
  private cached: AvpValue | undefined;

  constructor(code: number, vendor: number, flags: number, raw: Uint8Array, def: AvpDef | undefined) {
    this.code = code;
    this.vendor = vendor;
    this.flags = flags;
    this.raw = raw;
    this.avps = undefined;
    this.padding = undefined;
    this.malformed = false;
    this.def = def;
    this.cached = undefined;
  }

  get name(): string | undefined {
    return this.def?.name;
  }

  get type(): AvpType {
    return this.def?.type ?? 'OctetString';
  }

  /** Typed value (Grouped: the raw contents; read `avps`). Unknown AVPs: raw octets. */
  get value(): AvpValue {
    if (this.cached === undefined) {
      const r = this.raw;
      this.cached = readValue(this.type, new DataView(r.buffer, r.byteOffset, r.byteLength), r, 0, r.length);
    }
    return this.cached;
  }

  /** Name of an Enumerated (or named Unsigned32) value, when the dictionary has one. */
  get valueName(): string | undefined {
    const v = this.value;
    return typeof v === 'number' ? this.def?.values?.[v] : undefined;
  }

  /** First child with this (code, vendor). */
  child(code: number, vendor = 0): DiameterAvp | undefined {
    return this.avps?.find((a) => a.code === code && a.vendor === vendor);
  }

  /** Plain form for JSON output and test diffs. */
  toJSON(): Record<string, unknown> {
    const o: Record<string, unknown> = { code: this.code };
    if (this.vendor !== 0) o.vendor = this.vendor;
    o.flags = this.flags;
    if (this.def) o.name = this.def.name;
    if (this.avps !== undefined) o.avps = this.avps.map((a) => a.toJSON());
    else {
      const v = this.value;
      o.value = v instanceof Uint8Array ? hexOf(v, 0, v.length) : typeof v === 'bigint' ? v.toString() : v;
      const n = this.valueName;
      if (n !== undefined) o.valueName = n;
    }
    return o;
  }
}
