/**
 * MAP operation codes (TS 29.002 §17.5, MAP-Protocol; operations defined in §17.6.x), with the
 * application contexts that carry them (§17.3.3 `<ac> v<versions>`), and the FS.11 category of
 * the operation as publicly reported. Phase 1 operations (GSM 09.02 v3.x, AC version 1 only) are
 * marked `phase1`.
 *
 * FS.11 categories (GSMA FS.11 is not public; categories as described in public summaries:
 * ENISA "Signalling Security in Telecom SS7/Diameter/5G" (2018) §2.3, and Positive Technologies
 * "SS7 Vulnerabilities and Attack Exposure Report" (2018)):
 *   1 — should only arrive from inside the home network (never over interconnect);
 *   2 — legitimate only from the subscriber's home network towards a visited network
 *       (check: the subscriber is an inbound roamer of that home network);
 *   3 — legitimate from a visited network (check: plausibility against the subscriber's location).
 */

export type Fs11Category = 1 | 2 | 3;

export interface MapOperation {
  readonly name: string;
  /** Application contexts (§17.3.3 short names) with the AC versions carrying this operation. */
  readonly acs: readonly (readonly [string, ...number[]])[];
  readonly fs11?: Fs11Category;
  /** Phase 1 only (AC version 1). */
  readonly phase1?: true;
  /** Name in AC versions 1 and 2 when it differs (opcode 46: forwardSM). */
  readonly v1v2Name?: string;
}

const op = (name: string, acs: MapOperation['acs'], extra: Partial<Omit<MapOperation, 'name' | 'acs'>> = {}): MapOperation => ({ name, acs, ...extra });

/** Opcode → operation (§17.5; clause of the operation's definition in the comment). */
export const MAP_OPERATIONS: Readonly<Record<number, MapOperation>> = {
  2: op('updateLocation', [['networkLocUp', 1, 2, 3]], { fs11: 3 }), // §17.6.1
  3: op('cancelLocation', [['locationCancellation', 1, 2, 3]], { fs11: 2 }), // §17.6.1
  4: op('provideRoamingNumber', [['roamingNumberEnquiry', 1, 2, 3]], { fs11: 2 }), // §17.6.3
  5: op('noteSubscriberDataModified', [['subscriberDataModificationNotification', 3]]), // §17.6.1
  6: op('resumeCallHandling', [['callControlTransfer', 3, 4]]), // §17.6.3
  7: op('insertSubscriberData', [['subscriberDataMngt', 1, 2, 3], ['networkLocUp', 1, 2, 3], ['gprsLocationUpdate', 3]], { fs11: 2 }), // §17.6.1
  8: op('deleteSubscriberData', [['subscriberDataMngt', 1, 2, 3]], { fs11: 2 }), // §17.6.1
  9: op('sendParameters', [['infoRetrieval', 1], ['networkLocUp', 1]], { phase1: true, fs11: 1 }), // GSM 09.02 phase 1
  10: op('registerSS', [['networkFunctionalSs', 1, 2]], { fs11: 3 }), // §17.6.4
  11: op('eraseSS', [['networkFunctionalSs', 1, 2]], { fs11: 3 }), // §17.6.4
  12: op('activateSS', [['networkFunctionalSs', 1, 2]], { fs11: 3 }), // §17.6.4
  13: op('deactivateSS', [['networkFunctionalSs', 1, 2]], { fs11: 3 }), // §17.6.4
  14: op('interrogateSS', [['networkFunctionalSs', 1, 2]], { fs11: 3 }), // §17.6.4
  15: op('authenticationFailureReport', [['authenticationFailureReport', 3]], { fs11: 3 }), // §17.6.1
  17: op('registerPassword', [['networkFunctionalSs', 1, 2]], { fs11: 3 }), // §17.6.4
  18: op('getPassword', [['networkFunctionalSs', 1, 2]]), // §17.6.4
  19: op('processUnstructuredSS-Data', [['networkFunctionalSs', 1]], { phase1: true }), // GSM 09.02 phase 1
  20: op('releaseResources', [['resourceManagement', 3]]), // §17.6.3
  21: op('mt-ForwardSM-VGCS', [['shortMsgMT_Relay_VGCS', 3]]), // §17.6.5
  22: op('sendRoutingInfo', [['locationInfoRetrieval', 1, 2, 3]], { fs11: 1 }), // §17.6.3
  23: op('updateGprsLocation', [['gprsLocationUpdate', 3]], { fs11: 3 }), // §17.6.1
  24: op('sendRoutingInfoForGprs', [['gprsLocationInfoRetrieval', 3, 4]], { fs11: 1 }), // §17.6.2
  25: op('failureReport', [['failureReport', 3]]), // §17.6.2
  26: op('noteMsPresentForGprs', [['gprsNotify', 3]]), // §17.6.2
  28: op('performHandover', [['handoverControl', 1]], { phase1: true }), // GSM 09.02 phase 1
  29: op('sendEndSignal', [['handoverControl', 1, 2, 3]]), // §17.6.1
  30: op('performSubsequentHandover', [['handoverControl', 1]], { phase1: true }), // GSM 09.02 phase 1
  31: op('provideSIWFSNumber', [['sIWFSAllocation', 3]]), // §17.6.3
  32: op('sIWFSSignallingModify', [['sIWFSAllocation', 3]]), // §17.6.3
  33: op('processAccessSignalling', [['handoverControl', 1, 2, 3]]), // §17.6.1
  34: op('forwardAccessSignalling', [['handoverControl', 1, 2, 3]]), // §17.6.1
  35: op('noteInternalHandover', [['handoverControl', 1]], { phase1: true }), // GSM 09.02 phase 1
  36: op('cancelVcsgLocation', [['vcsgLocationCancellation', 3]]), // §17.6.1
  37: op('reset', [['reset', 1, 2, 3]], { fs11: 2 }), // §17.6.1
  38: op('forwardCheckSS-Indication', [['networkLocUp', 1, 2, 3]]), // §17.6.1
  39: op('prepareGroupCall', [['groupCallControl', 3]]), // §17.6.7
  40: op('sendGroupCallEndSignal', [['groupCallControl', 3]]), // §17.6.7
  41: op('processGroupCallSignalling', [['groupCallControl', 3]]), // §17.6.7
  42: op('forwardGroupCallSignalling', [['groupCallControl', 3]]), // §17.6.7
  43: op('checkIMEI', [['equipmentMngt', 1, 2, 3]]), // §17.6.1
  44: op('mt-forwardSM', [['shortMsgMT_Relay', 3]], { fs11: 3 }), // §17.6.5
  45: op('sendRoutingInfoForSM', [['shortMsgGateway', 1, 2, 3]]), // §17.6.5 (SMS home routing, not an FS.11 category)
  46: op('mo-forwardSM', [['shortMsgMO_Relay', 1, 2, 3], ['shortMsgMT_Relay', 2]], { fs11: 3, v1v2Name: 'forwardSM' }), // §17.6.5
  47: op('reportSM-DeliveryStatus', [['shortMsgGateway', 1, 2, 3]]), // §17.6.5
  48: op('noteSubscriberPresent', [['mwdMngt', 1]], { phase1: true }), // GSM 09.02 phase 1
  49: op('alertServiceCentreWithoutResult', [['shortMsgAlert', 1]], { phase1: true }), // GSM 09.02 phase 1
  50: op('activateTraceMode', [['tracing', 1, 2, 3]], { fs11: 2 }), // §17.6.6
  51: op('deactivateTraceMode', [['tracing', 1, 2, 3]]), // §17.6.6
  52: op('traceSubscriberActivity', [['handoverControl', 1]], { phase1: true }), // GSM 09.02 phase 1
  53: op('updateVcsgLocation', [['vcsgLocationUpdate', 3]]), // §17.6.1
  54: op('beginSubscriberActivity', [['networkFunctionalSs', 1]], { phase1: true }), // GSM 09.02 phase 1
  55: op('sendIdentification', [['interVlrInfoRetrieval', 2, 3]], { fs11: 3 }), // §17.6.1
  56: op('sendAuthenticationInfo', [['infoRetrieval', 2, 3]], { fs11: 3 }), // §17.6.1
  57: op('restoreData', [['networkLocUp', 2, 3]]), // §17.6.1
  58: op('sendIMSI', [['imsiRetrieval', 2]], { fs11: 1 }), // §17.6.1
  59: op('processUnstructuredSS-Request', [['networkUnstructuredSs', 2]], { fs11: 3 }), // §17.6.4
  60: op('unstructuredSS-Request', [['networkUnstructuredSs', 2]], { fs11: 2 }), // §17.6.4
  61: op('unstructuredSS-Notify', [['networkUnstructuredSs', 2]], { fs11: 2 }), // §17.6.4
  62: op('anyTimeSubscriptionInterrogation', [['anyTimeInfoHandling', 3]], { fs11: 1 }), // §17.6.3
  63: op('informServiceCentre', [['shortMsgGateway', 2, 3]]), // §17.6.5
  64: op('alertServiceCentre', [['shortMsgAlert', 2]]), // §17.6.5
  65: op('anyTimeModification', [['anyTimeInfoHandling', 3]], { fs11: 1 }), // §17.6.3
  66: op('readyForSM', [['mwdMngt', 2, 3]]), // §17.6.5
  67: op('purgeMS', [['msPurging', 2, 3]], { fs11: 3 }), // §17.6.1
  68: op('prepareHandover', [['handoverControl', 2, 3]]), // §17.6.1
  69: op('prepareSubsequentHandover', [['handoverControl', 2, 3]]), // §17.6.1
  70: op('provideSubscriberInfo', [['subscriberInfoEnquiry', 3]], { fs11: 2 }), // §17.6.1
  71: op('anyTimeInterrogation', [['anyTimeInfoEnquiry', 3]], { fs11: 1 }), // §17.6.3
  72: op('ss-InvocationNotification', [['ss_InvocationNotification', 3]]), // §17.6.4
  73: op('setReportingState', [['reporting', 3]]), // §17.6.3
  74: op('statusReport', [['reporting', 3]]), // §17.6.3
  75: op('remoteUserFree', [['reporting', 3]]), // §17.6.3
  76: op('registerCC-Entry', [['callCompletion', 3]]), // §17.6.4
  77: op('eraseCC-Entry', [['callCompletion', 3]]), // §17.6.4
  78: op('secureTransportClass1', [['secureTransportHandling', 3]]), // §17.6.9 (TS 33.200)
  79: op('secureTransportClass2', [['secureTransportHandling', 3]]), // §17.6.9
  80: op('secureTransportClass3', [['secureTransportHandling', 3]]), // §17.6.9
  81: op('secureTransportClass4', [['secureTransportHandling', 3]]), // §17.6.9
  83: op('provideSubscriberLocation', [['locationSvcEnquiry', 3]], { fs11: 2 }), // §17.6.8
  84: op('sendGroupCallInfo', [['groupCallInfoRetrieval', 3]]), // §17.6.7
  85: op('sendRoutingInfoForLCS', [['locationSvcGateway', 3]], { fs11: 1 }), // §17.6.8
  86: op('subscriberLocationReport', [['locationSvcEnquiry', 3]]), // §17.6.8
  87: op('ist-Alert', [['istAlerting', 3]]), // §17.6.3
  88: op('ist-Command', [['serviceTermination', 3]]), // §17.6.3
  89: op('noteMM-Event', [['mm_EventReporting', 3]]), // §17.6.3
};

export function mapOperation(opcode: number): MapOperation | undefined {
  return MAP_OPERATIONS[opcode];
}

/** Operation name for an opcode as used in AC version `version` (opcode 46 is forwardSM before v3). */
export function opName(opcode: number, version?: number): string | undefined {
  const o = MAP_OPERATIONS[opcode];
  if (o === undefined) return undefined;
  return o.v1v2Name !== undefined && version !== undefined && version < 3 ? o.v1v2Name : o.name;
}

const BY_NAME: ReadonlyMap<string, number> = new Map(
  Object.entries(MAP_OPERATIONS).flatMap(([k, v]) => {
    const pairs: [string, number][] = [[v.name, Number(k)]];
    if (v.v1v2Name !== undefined) pairs.push([v.v1v2Name, Number(k)]);
    return pairs;
  }),
);

export function opcodeOf(name: string): number | undefined {
  return BY_NAME.get(name);
}
