/**
 * SIGTRAN encoders: M3UA DATA and Notify (RFC 4666), M2PA User Data and Link Status (RFC 4165),
 * M2UA DATA (RFC 3331) and SUA CLDT/CLDR (RFC 3868), on the common header and TLV parameter
 * framing those RFCs share.
 */
import { concat } from './bytes.js';
import { encodeBcd, type SegmentationSpec } from './sccp.js';
import { ipv4Addr, ipv6Addr } from './ip.js';

function u16be(v: number): Uint8Array {
  return Uint8Array.of((v >> 8) & 0xff, v & 0xff);
}
function u32be(v: number): Uint8Array {
  return Uint8Array.of((v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff);
}

// ---------------------------------------------------------------------------------------------
// SIGTRAN common framing (RFC 4666 §3.1-3.2; RFC 3331 §3.1; RFC 3868 §3.1; RFC 4165 §2.1)

/** A TLV parameter: tag, length = 4 + value length, value padded to 4 with zeros. */
export function sigtranParam(tag: number, value: Uint8Array): Uint8Array {
  const pad = (4 - (value.length % 4)) % 4;
  return concat(u16be(tag), u16be(4 + value.length), value, new Uint8Array(pad));
}

/** Version 1 common header + parameters (M3UA/M2UA/SUA layout). */
export function sigtranMessage(cls: number, type: number, params: readonly Uint8Array[]): Uint8Array {
  const body = concat(...params);
  return concat(Uint8Array.of(1, 0, cls, type), u32be(8 + body.length), body);
}

export interface M3uaDataSpec {
  opc: number;
  dpc: number;
  /** Service indicator (default 3 SCCP). */
  si?: number;
  ni?: number;
  mp?: number;
  sls?: number;
  routingContext?: number;
  networkAppearance?: number;
  correlationId?: number;
}

/** RFC 4666 §3.3.1 DATA: [NA 0x0200] [RC 0x0006] Protocol Data 0x0210 [Correlation Id 0x0013]. */
export function encodeM3uaData(d: M3uaDataSpec, userData: Uint8Array): Uint8Array {
  const params: Uint8Array[] = [];
  if (d.networkAppearance !== undefined) params.push(sigtranParam(0x0200, u32be(d.networkAppearance)));
  if (d.routingContext !== undefined) params.push(sigtranParam(0x0006, u32be(d.routingContext)));
  params.push(sigtranParam(0x0210, concat(u32be(d.opc), u32be(d.dpc), Uint8Array.of(d.si ?? 3, d.ni ?? 2, d.mp ?? 0, d.sls ?? 0), userData)));
  if (d.correlationId !== undefined) params.push(sigtranParam(0x0013, u32be(d.correlationId)));
  return sigtranMessage(1, 1, params);
}

/** RFC 4666 §3.8.2 Notify (MGMT class 0 type 1) with a Status parameter 0x000d. */
export function encodeM3uaNotify(statusType = 1, statusInfo = 3): Uint8Array {
  return sigtranMessage(0, 1, [sigtranParam(0x000d, concat(u16be(statusType), u16be(statusInfo)))]);
}

/** RFC 4165 §2.3.1 User Data: common header, BSN, FSN, priority octet, MSU (empty = ack only). */
export function encodeM2paUserData(msu: Uint8Array, o: { bsn?: number; fsn?: number; priority?: number } = {}): Uint8Array {
  const data = msu.length > 0 ? concat(Uint8Array.of(o.priority ?? 0), msu) : msu;
  return concat(Uint8Array.of(1, 0, 11, 1), u32be(16 + data.length), u32be((o.bsn ?? 0) & 0xffffff), u32be((o.fsn ?? 0) & 0xffffff), data);
}

/** RFC 4165 §2.3.2 Link Status (state 1 Alignment ... 9 Processor Outage Ended). */
export function encodeM2paLinkStatus(state: number, o: { bsn?: number; fsn?: number } = {}): Uint8Array {
  return concat(Uint8Array.of(1, 0, 11, 2), u32be(20), u32be(o.bsn ?? 0), u32be(o.fsn ?? 0), u32be(state));
}

/**
 * RFC 3331 §3.3.1.1 DATA: Interface Identifier (integer 0x0001), then Protocol Data 1 (0x0300)
 * or, with `ttcPriority`, Protocol Data 2 (0x0301) = priority octet + MSU.
 */
export function encodeM2uaData(msu: Uint8Array, o: { interfaceId?: number; ttcPriority?: number; correlationId?: number } = {}): Uint8Array {
  const params = [sigtranParam(0x0001, u32be(o.interfaceId ?? 0))];
  params.push(o.ttcPriority === undefined ? sigtranParam(0x0300, msu) : sigtranParam(0x0301, concat(Uint8Array.of(o.ttcPriority), msu)));
  if (o.correlationId !== undefined) params.push(sigtranParam(0x0013, u32be(o.correlationId)));
  return sigtranMessage(6, 1, params);
}

/**
 * SUA address (RFC 3868 §3.10.2): RI 1 = GT, 2 = SSN+PC, 3 = hostname, 4 = SSN+IP address;
 * sub-parameters GT, PC, SSN, IPv4 / IPv6 address (`ip` text), hostname (NUL-terminated).
 */
export interface SuaAddressSpec {
  ri: 'gt' | 'ssn' | 'hostname' | 'ip';
  pc?: number;
  ssn?: number;
  gt?: string;
  gti?: number;
  tt?: number;
  np?: number;
  nai?: number;
  ip?: string;
  hostname?: string;
}

const SUA_RI_CODE = { gt: 1, ssn: 2, hostname: 3, ip: 4 } as const;

/** Source/Destination Address parameter value (RFC 3868 §3.10.2): routing indicator, address indicator, sub-parameters. */
export function encodeSuaAddress(a: SuaAddressSpec): Uint8Array {
  const subs: Uint8Array[] = [];
  let ai = 0;
  if (a.gt !== undefined) {
    ai |= 0x04;
    subs.push(sigtranParam(0x8001, concat(Uint8Array.of(0, 0, 0, a.gti ?? 4, a.gt.length, a.tt ?? 0, a.np ?? 1, a.nai ?? 4), encodeBcd(a.gt))));
  }
  if (a.pc !== undefined) {
    ai |= 0x02;
    subs.push(sigtranParam(0x8002, u32be(a.pc)));
  }
  if (a.ssn !== undefined) {
    ai |= 0x01;
    subs.push(sigtranParam(0x8003, Uint8Array.of(0, 0, 0, a.ssn)));
  }
  if (a.ip !== undefined) subs.push(a.ip.includes(':') ? sigtranParam(0x8006, ipv6Addr(a.ip)) : sigtranParam(0x8004, ipv4Addr(a.ip)));
  if (a.hostname !== undefined) subs.push(sigtranParam(0x8005, concat(new TextEncoder().encode(a.hostname), Uint8Array.of(0))));
  return concat(u16be(SUA_RI_CODE[a.ri]), u16be(ai), ...subs);
}

export interface SuaCldtSpec {
  protocolClass?: number;
  returnOption?: boolean;
  source: SuaAddressSpec;
  dest: SuaAddressSpec;
  data: Uint8Array;
  routingContext?: number;
  sequenceControl?: number;
  hopCount?: number;
  segmentation?: SegmentationSpec;
  /** Makes a CLDR (type 2) with this SCCP Cause (cause type 1 = return cause). */
  cause?: number;
}

/** RFC 3868 §3.3.1.1 CLDT / §3.3.1.2 CLDR in the parameter order the RFC lists. */
export function encodeSuaCldt(m: SuaCldtSpec): Uint8Array {
  const params: Uint8Array[] = [];
  if (m.routingContext !== undefined) params.push(sigtranParam(0x0006, u32be(m.routingContext)));
  if (m.cause !== undefined) params.push(sigtranParam(0x0106, Uint8Array.of(0, 0, 1, m.cause)));
  else params.push(sigtranParam(0x0115, Uint8Array.of(0, 0, 0, (m.returnOption === true ? 0x80 : 0) | ((m.protocolClass ?? 0) & 3))));
  params.push(sigtranParam(0x0102, encodeSuaAddress(m.source)));
  params.push(sigtranParam(0x0103, encodeSuaAddress(m.dest)));
  if (m.cause === undefined) params.push(sigtranParam(0x0116, u32be(m.sequenceControl ?? 0)));
  if (m.hopCount !== undefined) params.push(sigtranParam(0x0101, Uint8Array.of(0, 0, 0, m.hopCount)));
  if (m.segmentation !== undefined) {
    const s = m.segmentation;
    params.push(
      sigtranParam(0x0117, Uint8Array.of((s.first ? 0x80 : 0) | (s.remaining & 0x0f), (s.localRef >> 16) & 0xff, (s.localRef >> 8) & 0xff, s.localRef & 0xff)),
    );
  }
  params.push(sigtranParam(0x010b, m.data));
  return sigtranMessage(7, m.cause === undefined ? 1 : 2, params);
}
