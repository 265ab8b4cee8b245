/**
 * CAMEL subscription information (TS 29.002 §17.7.1 MAP-MS-DataTypes; CAMEL phases per TS 23.078):
 * the CSIs an HLR hands to a VLR/SGSN (InsertSubscriberData) or reports to a gsmSCF
 * (NoteSubscriberDataModified, AnyTimeSubscriptionInterrogation). Each CSI names the gsmSCF that
 * controls the subscriber's calls, SMS, mobility or GPRS sessions: a rogue gsmSCF-Address is how
 * call and SMS interception is set up, so every one is collected in `args.gsmScfAddresses`.
 * O-CSI criteria also carry destination numbers (`args.camelDestinationNumbers`).
 */
import type { Tlv } from '../../../asn1/ber.js';
import { add } from './mobility.js';
import { C, U, is, type ArgReader } from './reader.js';

/**
 * Shape of a CSI-bearing field: 'ot' O-CSI/T-CSI, 'm' M-CSI/MG-CSI, 'sms'/'gprs' SMS-CSI/GPRS-CSI,
 * 'ss' SS-CSI, 'd' D-CSI, 'oCriteria' O-BcsmCamelTDPCriteriaList.
 */
export type CsiKind = 'ot' | 'm' | 'sms' | 'gprs' | 'ss' | 'd' | 'oCriteria';

/**
 * CAMEL-SubscriptionInfo ::= SEQUENCE { o-CSI [0], o-BcsmCamelTDP-CriteriaList [1], d-CSI [2],
 * t-CSI [3], t-BCSM-CAMEL-TDP-CriteriaList [4], vt-CSI [5], vt-BCSM-... [6], tif-CSI [7],
 * tif-CSI-NotificationToCSE [8], gprs-CSI [9], mo-sms-CSI [10], ss-CSI [11], m-CSI [12],
 * extensionContainer [13], ..., specificCSIDeletedList [14], mt-sms-CSI [15],
 * mt-smsCAMELTDP-CriteriaList [16], mg-csi [17], o-IM-CSI [18], o-IM-BcsmCamelTDP-CriteriaList [19],
 * d-IM-CSI [20], vt-IM-CSI [21], vt-IM-BCSM-CAMEL-TDP-CriteriaList [22] }
 */
const CAMEL_SUBSCRIPTION_INFO: Readonly<Record<number, CsiKind>> = {
  0: 'ot',
  1: 'oCriteria',
  2: 'd',
  3: 'ot',
  5: 'ot',
  9: 'gprs',
  10: 'sms',
  11: 'ss',
  12: 'm',
  15: 'sms',
  17: 'm',
  18: 'ot',
  19: 'oCriteria',
  20: 'd',
  21: 'ot',
};

/**
 * VlrCamelSubscriptionInfo ::= SEQUENCE { o-CSI [0], extensionContainer [1], ..., ss-CSI [2],
 * o-BcsmCamelTDP-CriteriaList [4], tif-CSI [3], m-CSI [5], mo-sms-CSI [6], vt-CSI [7],
 * t-BCSM-CAMEL-TDP-CriteriaList [8], d-CSI [9], mt-sms-CSI [10], mt-smsCAMELTDP-CriteriaList [11] }
 */
const VLR_CAMEL_SUBSCRIPTION_INFO: Readonly<Record<number, CsiKind>> = { 0: 'ot', 2: 'ss', 4: 'oCriteria', 5: 'm', 6: 'sms', 7: 'ot', 9: 'd', 10: 'sms' };

/**
 * SGSN-CAMEL-SubscriptionInfo ::= SEQUENCE { gprs-CSI [0], mo-sms-CSI [1], extensionContainer [2],
 * ..., mt-sms-CSI [3], mt-smsCAMELTDP-CriteriaList [4], mg-csi [5] }
 */
const SGSN_CAMEL_SUBSCRIPTION_INFO: Readonly<Record<number, CsiKind>> = { 0: 'gprs', 1: 'sms', 3: 'sms', 5: 'm' };

export const camelSubscriptionInfo = (r: ArgReader, t: Tlv, depth: number): void => csiSet(r, t, depth, CAMEL_SUBSCRIPTION_INFO);
export const vlrCamelSubscriptionInfo = (r: ArgReader, t: Tlv, depth: number): void => csiSet(r, t, depth, VLR_CAMEL_SUBSCRIPTION_INFO);
export const sgsnCamelSubscriptionInfo = (r: ArgReader, t: Tlv, depth: number): void => csiSet(r, t, depth, SGSN_CAMEL_SUBSCRIPTION_INFO);

function csiSet(r: ArgReader, t: Tlv, depth: number, fields: Readonly<Record<number, CsiKind>>): void {
  for (let p = t.valueStart, c = r.next(depth, p, t.valueEnd); c; p = c.end, c = r.next(depth, p, t.valueEnd)) {
    const kind = c.cls === C && c.constructed ? fields[c.tag] : undefined;
    if (kind !== undefined) csi(r, c, depth + 1, kind);
  }
}

/** One CSI (or criteria list) `t` of the given kind; its contents are read at `depth`. */
export function csi(r: ArgReader, t: Tlv, depth: number, kind: CsiKind): void {
  switch (kind) {
    case 'ot':
      // O-CSI / T-CSI ::= SEQUENCE { o-/t-BcsmCamelTDPDataList (SEQUENCE OF), extensionContainer, ..., camelCapabilityHandling [0], ... }
      // O-/T-BcsmCamelTDPData ::= SEQUENCE { triggerDetectionPoint, serviceKey, gsmSCF-Address [0], defaultCallHandling [1], extensionContainer [2] }
      firstList(r, t, depth, (item, d) => scfByTag(r, item, d, 0));
      break;
    case 'm':
      // M-CSI / MG-CSI ::= SEQUENCE { mobilityTriggers, serviceKey, gsmSCF-Address [0], extensionContainer [1], ... }
      scfByTag(r, t, depth, 0);
      break;
    case 'sms':
    case 'gprs':
      // SMS-CSI ::= SEQUENCE { sms-CAMEL-TDP-DataList [0], camelCapabilityHandling [1], ... };
      // SMS-CAMEL-TDP-Data ::= SEQUENCE { sms-TriggerDetectionPoint [0], serviceKey [1], gsmSCF-Address [2], ... }
      // GPRS-CSI ::= SEQUENCE { gprs-CamelTDPDataList [0], ... };
      // GPRS-CamelTDPData ::= SEQUENCE { gprs-TriggerDetectionPoint [0], serviceKey [1], gsmSCF-Address [2], ... }
      taggedList(r, t, depth, 0, (item, d) => scfByTag(r, item, d, 2));
      break;
    case 'ss':
      // SS-CSI ::= SEQUENCE { ss-CamelData SS-CamelData, ... };
      // SS-CamelData ::= SEQUENCE { ss-EventList, gsmSCF-Address ISDN-AddressString, extensionContainer [0], ... }
      firstChild(r, t, depth, (data, d) => eachChild(r, data, d, (c) => is(c, U, 4) && add(r, 'gsmScfAddresses', r.address(c))));
      break;
    case 'd':
      // D-CSI ::= SEQUENCE { dp-AnalysedInfoCriteriaList [0], ... };
      // DP-AnalysedInfoCriterium ::= SEQUENCE { dialledNumber ISDN-AddressString, serviceKey, gsmSCF-Address ISDN-AddressString, ... }
      taggedList(r, t, depth, 0, (item, d) => {
        let octets = 0;
        eachChild(r, item, d, (c) => is(c, U, 4) && add(r, octets++ === 0 ? 'camelDialledNumbers' : 'gsmScfAddresses', r.address(c)));
      });
      break;
    case 'oCriteria':
      // O-BcsmCamelTDPCriteriaList ::= SEQUENCE OF O-BcsmCamelTDP-Criteria;
      // O-BcsmCamelTDP-Criteria ::= SEQUENCE { o-BcsmTriggerDetectionPoint, destinationNumberCriteria [0], ... };
      // DestinationNumberCriteria ::= SEQUENCE { matchType [0], destinationNumberList [1] SEQUENCE OF ISDN-AddressString, ... }
      eachChild(r, t, depth, (item) =>
        eachChild(
          r,
          item,
          depth + 1,
          (c) =>
            is(c, C, 0) &&
            eachChild(r, c, depth + 2, (l) => is(l, C, 1) && eachChild(r, l, depth + 3, (n) => is(n, U, 4) && add(r, 'camelDestinationNumbers', r.address(n)))),
        ),
      );
      break;
  }
}

/** gsmSCF-Address [tag] ISDN-AddressString among the children of `t`. */
function scfByTag(r: ArgReader, t: Tlv, depth: number, tag: number): void {
  eachChild(r, t, depth, (c) => is(c, C, tag) && add(r, 'gsmScfAddresses', r.address(c)));
}

/** Calls `f` on each child of constructed `t` (children read at `depth`); `f`'s result is ignored. */
export function eachChild(r: ArgReader, t: Tlv, depth: number, f: (c: Tlv) => unknown): boolean {
  if (!t.constructed) return false;
  for (let p = t.valueStart, c = r.next(depth, p, t.valueEnd); c; p = c.end, c = r.next(depth, p, t.valueEnd)) f(c);
  return true;
}

function firstChild(r: ArgReader, t: Tlv, depth: number, f: (c: Tlv, depth: number) => void): void {
  const c = t.constructed ? r.next(depth, t.valueStart, t.valueEnd) : undefined;
  if (c !== undefined && is(c, U, 16)) f(c, depth + 1);
}

/** The leading SEQUENCE OF (untagged) of `t`: `f` on each item. */
function firstList(r: ArgReader, t: Tlv, depth: number, f: (item: Tlv, depth: number) => void): void {
  firstChild(r, t, depth, (list, d) => eachChild(r, list, d, (item) => is(item, U, 16) && f(item, d + 1)));
}

/** The SEQUENCE OF at [tag] in `t`: `f` on each item. */
function taggedList(r: ArgReader, t: Tlv, depth: number, tag: number, f: (item: Tlv, depth: number) => void): void {
  eachChild(r, t, depth, (list) => is(list, C, tag) && eachChild(r, list, depth + 1, (item) => is(item, U, 16) && f(item, depth + 2)));
}
