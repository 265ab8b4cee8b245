/**
 * Subscriber data (TS 29.002 §17.7.1 MAP-MS-DataTypes): insertSubscriberData (HLR → VLR/SGSN),
 * noteSubscriberDataModified (HLR → gsmSCF) and anyTimeModification (gsmSCF → HLR). Besides the
 * subscriber's identities, the nested data names other parties: call forwarding targets
 * (`args.forwardedToNumbers`), gsmSCFs (camel.ts), GMLCs allowed to locate the subscriber
 * (`args.gmlcList`) and LCS external clients (`args.lcsClientAddresses`).
 */
import type { Tlv } from '../../../asn1/ber.js';
import { camelSubscriptionInfo, eachChild, sgsnCamelSubscriptionInfo, vlrCamelSubscriptionInfo } from './camel.js';
import { subscriberIdentity } from './location.js';
import { add } from './mobility.js';
import { C, U, is, type ArgReader } from './reader.js';

export const insertSubscriberDataArg = (r: ArgReader, seq: Tlv): void => insertSubscriberData(r, seq, 1);

/**
 * InsertSubscriberDataArg ::= SEQUENCE { imsi [0] IMSI, COMPONENTS OF SubscriberData,
 * extensionContainer [14], ..., gprsSubscriptionData [16], sgsn-CAMEL-SubscriptionInfo [17], ...,
 * lcsInformation [22] LCSInformation, ..., eps-SubscriptionData [31], ..., sgsn-Number [34]
 * ISDN-AddressString, ..., additionalMSISDN [41] ISDN-AddressString, ... }
 * SubscriberData ::= SEQUENCE { msisdn [1] ISDN-AddressString, category [2], subscriberStatus [3],
 * bearerServiceList [4], teleserviceList [6], provisionedSS [7] Ext-SS-InfoList, odb-Data [8], ...,
 * vlrCamelSubscriptionInfo [13] VlrCamelSubscriptionInfo }
 * Contents are read at `depth` (ResetArg subscriptionData [2] reuses this at a deeper level).
 */
export function insertSubscriberData(r: ArgReader, seq: Tlv, depth: number): void {
  for (let p = seq.valueStart, t = r.next(depth, p, seq.valueEnd); t; p = t.end, t = r.next(depth, p, seq.valueEnd)) {
    if (t.cls !== C) continue;
    switch (t.tag) {
      case 0:
        r.ownImsi(t);
        break;
      case 1:
        r.ownMsisdn(t);
        break;
      case 2:
        r.args['category'] = r.int(t);
        break;
      case 3:
        // SubscriberStatus ::= ENUMERATED { serviceGranted (0), operatorDeterminedBarring (1) } (§17.7.1)
        r.args['subscriberStatus'] = r.int(t) === 0 ? 'serviceGranted' : 'operatorDeterminedBarring';
        break;
      case 7:
        extSsInfoList(r, t, depth + 1);
        break;
      case 13:
        vlrCamelSubscriptionInfo(r, t, depth + 1);
        break;
      case 17:
        sgsnCamelSubscriptionInfo(r, t, depth + 1);
        break;
      case 22:
        lcsInformation(r, t, depth + 1);
        break;
      case 31:
        // EPS-SubscriptionData ::= SEQUENCE { apn-oi-Replacement [0], rfsp-id [2], ambr [3],
        // apn-ConfigurationProfile [4], stn-sr [6] ISDN-AddressString, extensionContainer [5], ... }
        eachChild(r, t, depth + 1, (c) => is(c, C, 6) && r.putAddress('stnSr', c) && (r.args.stnSr = r.addrValue));
        break;
      case 34:
        r.putAddress('sgsnNumber', t) && (r.args.sgsnNumber = r.addrValue);
        break;
      case 41:
        r.putAddress('additionalMsisdn', t) && (r.args.additionalMsisdn = r.addrValue);
        break;
    }
  }
}

/**
 * Ext-SS-InfoList ::= SEQUENCE OF Ext-SS-Info; Ext-SS-Info ::= CHOICE { forwardingInfo [0] Ext-ForwInfo,
 * callBarringInfo [1], cug-Info [2], ss-Data [3], emlpp-Info [4] }.
 * Ext-ForwInfo ::= SEQUENCE { ss-Code SS-Code, forwardingFeatureList Ext-ForwFeatureList, extensionContainer [0], ... }
 */
function extSsInfoList(r: ArgReader, t: Tlv, depth: number): void {
  eachChild(r, t, depth, (info) => is(info, C, 0) && eachChild(r, info, depth + 1, (c) => is(c, U, 16) && extForwFeatureList(r, c, depth + 2)));
}

/**
 * Ext-ForwFeatureList ::= SEQUENCE OF Ext-ForwFeature; Ext-ForwFeature ::= SEQUENCE { basicService,
 * ss-Status [4], forwardedToNumber [5] ISDN-AddressString, forwardedToSubaddress [8], forwardingOptions [6],
 * noReplyConditionTime [7], extensionContainer [9], ..., longForwardedToNumber [10] FTN-AddressString }
 */
function extForwFeatureList(r: ArgReader, t: Tlv, depth: number): void {
  eachChild(r, t, depth, (f) => is(f, U, 16) && eachChild(r, f, depth + 1, (c) => (is(c, C, 5) || is(c, C, 10)) && add(r, 'forwardedToNumbers', r.address(c))));
}

/**
 * LCSInformation ::= SEQUENCE { gmlc-List [0] GMLC-List, lcs-PrivacyExceptionList [1], molr-List [2],
 * ..., add-lcs-PrivacyExceptionList [3] }; GMLC-List ::= SEQUENCE OF ISDN-AddressString;
 * LCS-PrivacyExceptionList ::= SEQUENCE OF LCS-PrivacyClass.
 */
function lcsInformation(r: ArgReader, t: Tlv, depth: number): void {
  eachChild(r, t, depth, (c) => {
    if (is(c, C, 0)) eachChild(r, c, depth + 1, (a) => is(a, U, 4) && add(r, 'gmlcList', r.address(a)));
    else if (is(c, C, 1) || is(c, C, 3)) eachChild(r, c, depth + 1, (pc) => is(pc, U, 16) && lcsPrivacyClass(r, pc, depth + 2));
  });
}

/**
 * LCS-PrivacyClass ::= SEQUENCE { ss-Code, ss-Status, notificationToMSUser [0], externalClientList [1]
 * ExternalClientList, plmnClientList [2], extensionContainer [3], ..., ext-externalClientList [4], serviceTypeList [5] }
 * ExternalClient ::= SEQUENCE { clientIdentity LCSClientExternalID, gmlc-Restriction [0], ... };
 * LCSClientExternalID ::= SEQUENCE { externalAddress [0] ISDN-AddressString, extensionContainer [1] }.
 */
function lcsPrivacyClass(r: ArgReader, t: Tlv, depth: number): void {
  eachChild(r, t, depth, (list) => {
    if (!is(list, C, 1) && !is(list, C, 4)) return;
    eachChild(r, list, depth + 1, (client) => {
      const id = is(client, U, 16) ? r.next(depth + 2, client.valueStart, client.valueEnd) : undefined;
      if (id !== undefined && is(id, U, 16)) eachChild(r, id, depth + 3, (a) => is(a, C, 0) && add(r, 'lcsClientAddresses', r.address(a)));
    });
  });
}

/**
 * NoteSubscriberDataModifiedArg ::= SEQUENCE { imsi IMSI, msisdn ISDN-AddressString,
 * forwardingInfoFor-CSE [0] Ext-ForwardingInfoFor-CSE, callBarringInfoFor-CSE [1], odb-Info [2],
 * camel-SubscriptionInfo [3] CAMEL-SubscriptionInfo, allInformationSent [4] NULL, extensionContainer,
 * ..., ue-reachable [5], csg-SubscriptionDataList [6], cw-Data [7], ch-Data [8], clip-Data [9],
 * clir-Data [10], ect-data [11] }
 * Ext-ForwardingInfoFor-CSE ::= SEQUENCE { ss-Code [0], forwardingFeatureList [1] Ext-ForwFeatureList,
 * notificationToCSE [2], extensionContainer [3], ... }
 */
export function noteSubscriberDataModifiedArg(r: ArgReader, seq: Tlv): void {
  let octets = 0;
  for (let p = seq.valueStart, t = r.next(1, p, seq.valueEnd); t; p = t.end, t = r.next(1, p, seq.valueEnd)) {
    if (is(t, U, 4)) {
      if (octets++ === 0) r.ownImsi(t);
      else r.ownMsisdn(t);
    } else if (is(t, C, 0)) eachChild(r, t, 2, (c) => is(c, C, 1) && extForwFeatureList(r, c, 3));
    else if (is(t, C, 3)) camelSubscriptionInfo(r, t, 2);
    else if (is(t, C, 4)) r.args['allInformationSent'] = true;
  }
}

/**
 * AnyTimeModificationArg ::= SEQUENCE { subscriberIdentity [0] SubscriberIdentity, gsmSCF-Address [1]
 * ISDN-AddressString, modificationRequestFor-CF-Info [2], modificationRequestFor-CB-Info [3],
 * modificationRequestFor-CSI [4], extensionContainer [5], longFTN-Supported [6], ...,
 * modificationRequestFor-ODB-data [7], modificationRequestFor-IP-SM-GW-Data [8], ... }
 * ModificationRequestFor-CF-Info ::= SEQUENCE { ss-Code [0], basicService [1], ss-Status [2],
 * forwardedToNumber [3] AddressString, ... }
 */
export function anyTimeModificationArg(r: ArgReader, seq: Tlv): void {
  const modified: string[] = [];
  for (let p = seq.valueStart, t = r.next(1, p, seq.valueEnd); t; p = t.end, t = r.next(1, p, seq.valueEnd)) {
    if (is(t, C, 0)) subscriberIdentity(r, t, 2);
    else if (is(t, C, 1)) r.putAddress('gsmScfAddress', t) && (r.args.gsmScfAddress = r.addrValue);
    else if (t.cls === C && t.constructed) {
      const what = MODIFICATION_REQUESTS[t.tag];
      if (what !== undefined && r.room(modified, 'modificationRequests')) modified.push(what);
      if (t.tag === 2) eachChild(r, t, 2, (c) => is(c, C, 3) && add(r, 'forwardedToNumbers', r.address(c)));
    }
  }
  if (modified.length > 0) r.args['modificationRequests'] = modified;
}

/** AnyTimeModificationArg modificationRequestFor-* tags → what the gsmSCF asks to change. */
const MODIFICATION_REQUESTS: Readonly<Record<number, string>> = {
  2: 'cf-Info',
  3: 'cb-Info',
  4: 'csi',
  7: 'odb-data',
  8: 'ip-sm-gw-Data',
  10: 'csg',
  11: 'cw-Data',
  12: 'clip-Data',
  13: 'clir-Data',
  14: 'hold-Data',
  15: 'ect-Data',
};
