/**
 * Location-related MAP data types (TS 29.002 §17.7.1 / §17.7.3): SubscriberInfo,
 * LocationInformation, LocationInformationGPRS, CellGlobalIdOrServiceAreaIdOrLAI, RequestedInfo,
 * SubscriberIdentity. Identities are TS 23.003 §4.1-4.3 (LAI, CGI, SAI).
 */
import type { Tlv } from '../../../asn1/ber.js';
import type { LocationInfo } from '../../../events/types.js';
import { shapeInto } from './geo-shape.js';
import { locationNumberDigits } from './location-number.js';
import { C, U, is, type ArgReader } from './reader.js';

const DIGIT = '0123456789abcdef';

/** MCC-MNC of a 3-octet PLMN identity (TS 24.008 §10.5.1.3; MNC digit 3 in octet 2 high nibble). */
function plmnText(b: Uint8Array, s: number): string {
  const mcc = DIGIT[b[s]! & 15]! + DIGIT[b[s]! >> 4]! + DIGIT[b[s + 1]! & 15]!;
  const m3 = b[s + 1]! >> 4;
  const mnc = DIGIT[b[s + 2]! & 15]! + DIGIT[b[s + 2]! >> 4]! + (m3 === 15 ? '' : DIGIT[m3]!);
  return `${mcc}-${mnc}`;
}

/**
 * CellGlobalIdOrServiceAreaIdFixedLength (7 octets: PLMN, LAC, CI or SAC) or LAIFixedLength
 * (5 octets) as 'mcc-mnc-lac[-ci]', LAC and CI in decimal (TS 23.003 §4.1, §4.3.1, §12.5).
 */
export function cellText(b: Uint8Array, s: number, n: number): string | undefined {
  if (n !== 7 && n !== 5) return undefined;
  const lac = (b[s + 3]! << 8) | b[s + 4]!;
  let text = `${plmnText(b, s)}-${lac}`;
  if (n === 7) text += `-${(b[s + 5]! << 8) | b[s + 6]!}`;
  return text;
}

/**
 * CellGlobalIdOrServiceAreaIdOrLAI ::= CHOICE { cellGlobalIdOrServiceAreaIdFixedLength [0],
 * laiFixedLength [1] }; `t` is the (explicit) outer tag. With sai-Present the 7 octets are a SAI.
 */
export function cellOrLai(r: ArgReader, t: Tlv, depth: number, loc: LocationInfo, saiPresent: boolean): void {
  const c = r.next(depth, t.valueStart, t.valueEnd);
  if (c === undefined) return;
  const text = cellText(r.bytes, c.valueStart, c.valueEnd - c.valueStart);
  if (text === undefined) {
    r.bad(`cell/LAI of ${c.valueEnd - c.valueStart} octets`);
    return;
  }
  if (is(c, C, 1)) loc.lai = text;
  else if (saiPresent) loc.sai = text;
  else loc.cgi = text;
}

/** True when a child [tag] is present in `[start, end)` (used for sai-Present flags). */
function hasChild(r: ArgReader, depth: number, start: number, end: number, tag: number): boolean {
  for (let p = start, t = r.next(depth, p, end); t; p = t.end, t = r.next(depth, p, end)) if (is(t, C, tag)) return true;
  return false;
}

/**
 * LocationInformation ::= SEQUENCE { ageOfLocationInformation INTEGER, geographicalInformation [0],
 * vlr-number [1] ISDN-AddressString, locationNumber [2], cellGlobalIdOrServiceAreaIdOrLAI [3],
 * extensionContainer [4], selectedLSA-Id [5], msc-Number [6] ISDN-AddressString,
 * geodeticInformation [7], currentLocationRetrieved [8], sai-Present [9], ... } (§17.7.1)
 */
export function locationInformation(r: ArgReader, seq: Tlv, depth: number): LocationInfo {
  const loc: LocationInfo = {};
  const start = seq.valueStart;
  const end = seq.valueEnd;
  const sai = hasChild(r, depth, start, end, 9);
  for (let p = start, t = r.next(depth, p, end); t; p = t.end, t = r.next(depth, p, end)) {
    if (is(t, U, 2)) loc.ageOfLocation = r.int(t);
    else if (is(t, C, 0)) geographical(r, t, loc);
    else if (is(t, C, 1)) setStr(loc, 'vlrNumber', r.address(t));
    else if (is(t, C, 2)) locationNumber(r, t, loc);
    else if (is(t, C, 3)) cellOrLai(r, t, depth + 1, loc, sai);
    else if (is(t, C, 6)) setStr(loc, 'mscNumber', r.address(t));
  }
  return loc;
}

/**
 * LocationInformationGPRS ::= SEQUENCE { cellGlobalIdOrServiceAreaIdOrLAI [0], routeingAreaIdentity [1],
 * geographicalInformation [2], sgsn-Number [3], selectedLSAIdentity [4], extensionContainer [5],
 * sai-Present [6], geodeticInformation [7], currentLocationRetrieved [8], ageOfLocationInformation [9] }
 */
export function locationInformationGprs(r: ArgReader, seq: Tlv, depth: number): LocationInfo {
  const loc: LocationInfo = {};
  const sai = hasChild(r, depth, seq.valueStart, seq.valueEnd, 6);
  for (let p = seq.valueStart, t = r.next(depth, p, seq.valueEnd); t; p = t.end, t = r.next(depth, p, seq.valueEnd)) {
    if (is(t, C, 0)) cellOrLai(r, t, depth + 1, loc, sai);
    else if (is(t, C, 2)) geographical(r, t, loc);
    else if (is(t, C, 3)) setStr(loc, 'sgsnNumber', r.address(t));
    else if (is(t, C, 9)) loc.ageOfLocation = r.int(t);
  }
  return loc;
}

/**
 * SubscriberInfo ::= SEQUENCE { locationInformation [0], subscriberState [1], extensionContainer [2],
 * locationInformationGPRS [3], ps-SubscriberState [4], imei [5], ms-Classmark2 [6],
 * gprs-MS-Class [7], mnpInfoRes [8], ... } (§17.7.1). CS location wins over GPRS location.
 */
export function subscriberInfo(r: ArgReader, seq: Tlv, depth: number): void {
  let cs: LocationInfo | undefined;
  let ps: LocationInfo | undefined;
  for (let p = seq.valueStart, t = r.next(depth, p, seq.valueEnd); t; p = t.end, t = r.next(depth, p, seq.valueEnd)) {
    if (is(t, C, 0)) cs = locationInformation(r, t, depth + 1);
    else if (is(t, C, 3)) ps = locationInformationGprs(r, t, depth + 1);
    else if (is(t, C, 1)) r.args['subscriberState'] = subscriberState(r, t, depth + 1);
    else if (is(t, C, 5)) r.args['imei'] = r.hex(t);
    else if (is(t, C, 8)) mnpInfoRes(r, t, depth + 1);
  }
  const loc = cs ?? ps;
  if (loc !== undefined) {
    if (cs !== undefined && ps !== undefined && ps.sgsnNumber !== undefined) loc.sgsnNumber = ps.sgsnNumber;
    r.args.locationInfo = loc;
    if (loc.vlrNumber !== undefined) r.args.vlrNumber = loc.vlrNumber;
    if (loc.mscNumber !== undefined) r.args.mscNumber = loc.mscNumber;
    if (loc.sgsnNumber !== undefined) r.args.sgsnNumber = loc.sgsnNumber;
  }
}

/** GeographicalInformation (§17.7.1, TS 23.032 §7): raw hex, plus shape and point when they read. */
function geographical(r: ArgReader, t: Tlv, loc: LocationInfo): void {
  loc.geographicalInformation = r.hex(t);
  shapeInto(loc, r.bytes, t.valueStart, t.valueEnd);
}

/** LocationNumber ::= OCTET STRING (SIZE (2..10)) (§17.7.1): raw hex and the Q.763 §3.30 digits. */
function locationNumber(r: ArgReader, t: Tlv, loc: LocationInfo): void {
  loc.locationNumber = r.hex(t);
  const d = locationNumberDigits(r.bytes, t.valueStart, t.valueEnd);
  if (d === undefined) r.bad(`locationNumber of ${t.valueEnd - t.valueStart} octets (min 2)`);
  else loc.locationNumberDigits = d;
}

/**
 * SubscriberState ::= CHOICE { assumedIdle [0] NULL, camelBusy [1] NULL, netDetNotReachable
 * NotReachableReason, notProvidedFromVLR [2] NULL } (§17.7.1);
 * NotReachableReason ::= ENUMERATED { msPurged (0), imsiDetached (1), restrictedArea (2), notRegistered (3) }.
 */
const NOT_REACHABLE_REASON = ['msPurged', 'imsiDetached', 'restrictedArea', 'notRegistered'] as const;

function subscriberState(r: ArgReader, t: Tlv, depth: number): string {
  const c = r.next(depth, t.valueStart, t.valueEnd);
  if (c === undefined) return 'unknown';
  if (is(c, C, 0)) return 'assumedIdle';
  if (is(c, C, 1)) return 'camelBusy';
  if (is(c, C, 2)) return 'notProvidedFromVLR';
  if (is(c, U, 10)) {
    const v = r.int(c);
    r.args['notReachableReason'] = NOT_REACHABLE_REASON[v] ?? String(v);
  }
  return 'netDetNotReachable';
}

/** NumberPortabilityStatus ::= ENUMERATED (§17.7.1); value 3 is not assigned. */
const NUMBER_PORTABILITY_STATUS: Readonly<Record<number, string>> = {
  0: 'notKnownToBePorted',
  1: 'ownNumberPortedOut',
  2: 'foreignNumberPortedToForeignNetwork',
  4: 'ownNumberNotPortedOut',
  5: 'foreignNumberPortedIn',
};

/**
 * MNPInfoRes ::= SEQUENCE { routeingNumber [0] RouteingNumber, imsi [1] IMSI, msisdn [2]
 * ISDN-AddressString, numberPortabilityStatus [3] NumberPortabilityStatus, ... } (§17.7.1);
 * RouteingNumber ::= TBCD-STRING (SIZE (1..5)).
 */
function mnpInfoRes(r: ArgReader, seq: Tlv, depth: number): void {
  for (let p = seq.valueStart, t = r.next(depth, p, seq.valueEnd); t; p = t.end, t = r.next(depth, p, seq.valueEnd)) {
    if (is(t, C, 0)) r.args['routeingNumber'] = r.tbcd(t);
    else if (is(t, C, 1)) r.ownImsi(t);
    else if (is(t, C, 2)) r.ownMsisdn(t);
    else if (is(t, C, 3)) {
      const v = r.int(t);
      r.args['numberPortabilityStatus'] = NUMBER_PORTABILITY_STATUS[v] ?? String(v);
    }
  }
}

/**
 * RequestedInfo (§17.7.1): names of the NULL items present (requestedDomain [4] DomainType and
 * requestedNodes [9] BIT STRING carry values: `args.requestedDomain`, `args.requestedNodes`).
 */
const REQUESTED_INFO: Readonly<Record<number, string>> = {
  0: 'locationInformation',
  1: 'subscriberState',
  3: 'currentLocation',
  5: 'ms-classmark',
  6: 'imei',
  7: 'mnpRequestedInfo',
  8: 't-adsData',
  10: 'servingNodeIndication',
  11: 'locationInformationEPS-Supported',
  12: 'localTimeZoneRequest',
};

export function requestedInfo(r: ArgReader, seq: Tlv, depth: number): void {
  const names: string[] = [];
  for (let p = seq.valueStart, t = r.next(depth, p, seq.valueEnd); t; p = t.end, t = r.next(depth, p, seq.valueEnd)) {
    const n = t.cls === C ? REQUESTED_INFO[t.tag] : undefined;
    if (n !== undefined) {
      if (r.room(names, 'requestedInfo')) names.push(n);
    } else if (is(t, C, 4)) {
      // DomainType ::= ENUMERATED { cs-Domain (0), ps-Domain (1), ... }
      const v = r.int(t);
      r.args['requestedDomain'] = v === 0 ? 'cs-Domain' : v === 1 ? 'ps-Domain' : String(v);
    } else if (is(t, C, 9)) r.args['requestedNodes'] = r.hex(t);
  }
  r.args.requestedInfo = names;
}

/** SubscriberIdentity ::= CHOICE { imsi [0] IMSI, msisdn [1] ISDN-AddressString }; `t` is the explicit outer tag. */
export function subscriberIdentity(r: ArgReader, t: Tlv, depth: number): void {
  const c = r.next(depth, t.valueStart, t.valueEnd);
  if (c === undefined) return;
  if (is(c, C, 0)) r.ownImsi(c);
  else if (is(c, C, 1)) r.ownMsisdn(c);
  else r.bad('SubscriberIdentity is neither imsi [0] nor msisdn [1]');
  // A CHOICE value has one alternative (X.680 §29); more are reported and each judged (red-team round 17 J5).
  let n = 1;
  for (let p = c.end, a = r.next(depth, p, t.valueEnd); a; p = a.end, a = r.next(depth, p, t.valueEnd)) {
    if (n++ === 1) r.bad('SubscriberIdentity CHOICE with more than one alternative (X.680 §29): each is judged');
    if (is(a, C, 0)) r.choiceAlternative(a, false);
    else if (is(a, C, 1)) r.choiceAlternative(a, true);
  }
}

function setStr<K extends string>(o: Partial<Record<K, string>>, k: K, v: string | undefined): void {
  if (v !== undefined) o[k] = v;
}
