/**
 * Ericsson SCAPv2 (Service Charging Application Protocol v2, the DAAC/SCAPv2 service context
 * `SCAP_V.2.0@ericsson.com` on top of RFC 4006 Credit-Control): the application-specific AVPs of
 * vendor 193 (Ericsson AB, IANA enterprise number 193).
 *
 * Written from public vendor documentation, never from another implementation's tables:
 * - Ericsson, "CCN Programmer's Guide - DAAC/SCAPv2", 1/1553-FAY 302 099/1 Uen B (2012-06-28),
 *   §3.1 "Application Specific Parameters", clauses 3.1.1-3.1.9 (cited below as `SCAPv2 §3.1.n`):
 *   each entry's code, type and values are the clause's own words ("The Other-Party-Id-Nature AVP
 *   (AVP code 1076) is of type Enumerated ..."). Public copy of the guide (its contents list):
 *   https://www.scribd.com/document/489750811/CCN-Programmer-s-Guide-DAACSCAPv2 . The clause texts
 *   were read as Mobius Software quotes them, verbatim with their clause numbers, in the public
 *   documentation of its Diameter stack (https://mobius-software.com/documentation/Mobius+Diameter/Ericsson+SCAPv2+AVPs;
 *   the same quotes head github.com/mobius-software-ltd/corsac-diameter, api/.../creditcontrol/ericsson/):
 *   the facts only, no code or table taken.
 * - Vendor-Id 193 = Ericsson AB: Oracle Communications IDIH User's Guide, Table "Vendors"
 *   (https://docs.oracle.com/cd/G34755_01/docs.90/IDIH%20UG/adding-vendors.html).
 *
 * Not here, for want of a public definition: the other vendor-193 codes seen in captures
 * (1064 in a SCAP CCR, 1347/1355/1356 in Gx) stay raw octets.
 */
import { avpDef, type AvpDef } from './types.js';

/** Vendor-Id of Ericsson AB (IANA enterprise number 193). */
export const VENDOR_ERICSSON = 193;

const scap = (code: number, name: string, type: AvpDef['type'], clause: string, values?: Readonly<Record<number, string>>): AvpDef =>
  avpDef(code, name, type, `Ericsson SCAPv2 §${clause}`, VENDOR_ERICSSON, values ? { values } : undefined);

/** Other-Party-Id-Type values, SCAPv2 §3.1.6 (only END_USER_E164 is used in the SCAPv2 context). */
export const OTHER_PARTY_ID_TYPES: Readonly<Record<number, string>> = {
  0: 'END_USER_E164',
  1: 'END_USER_IMSI',
  2: 'END_USER_SIP_URI',
  3: 'END_USER_NAI',
};

/** Other-Party-Id-Nature values, SCAPv2 §3.1.4 (INTERNATIONAL when absent and the type is E.164). */
export const OTHER_PARTY_ID_NATURES: Readonly<Record<number, string>> = {
  0: 'UNKNOWN',
  1: 'INTERNATIONAL',
  2: 'NATIONAL',
};

/** Traffic-Case values, SCAPv2 §3.1.9 Table 2 (0-19 and 22 up reserved). */
export const TRAFFIC_CASES: Readonly<Record<number, string>> = {
  20: 'ORIGINATING_SERVICE_CHARGING',
  21: 'TERMINATING_SERVICE_CHARGING',
};

export const SCAP_AVPS: readonly AvpDef[] = [
  // Logical identity of the account location.
  scap(1073, 'Account-Location', 'Unsigned32', '3.1.1'),
  // Location of the user of Subscription-Id, an international E.164 number (CC mandatory, NDC recommended).
  scap(1074, 'Subscription-Id-Location', 'UTF8String', '3.1.2'),
  // Other-Party-Id ::= < AVP Header: 1075, Vendor Id: 193 > { Other-Party-Id-Type } { Other-Party-Id-Data } [ Other-Party-Id-Nature ] *[ AVP ]
  scap(1075, 'Other-Party-Id', 'Grouped', '3.1.3'),
  scap(1076, 'Other-Party-Id-Nature', 'Enumerated', '3.1.4', OTHER_PARTY_ID_NATURES),
  // The E.164 number of the other party (calling, called, redirecting party, sender, receiver).
  scap(1077, 'Other-Party-Id-Data', 'UTF8String', '3.1.5'),
  scap(1078, 'Other-Party-Id-Type', 'Enumerated', '3.1.6', OTHER_PARTY_ID_TYPES),
  // Operator-specific identifier of the service provider.
  scap(1081, 'Service-Provider-Id', 'UTF8String', '3.1.7'),
  scap(1082, 'Traffic-Case', 'Unsigned32', '3.1.9', TRAFFIC_CASES),
];
