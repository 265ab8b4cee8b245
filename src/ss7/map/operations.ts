/**
 * The MAP operation table — the one place sigwatch names MAP operations (decoder, rule compiler,
 * subscriber state, home inference, explanations and the traffic generator all refer to it).
 *
 * `MAP_OP`: operation name → local operation code (TS 29.002 §17.5, MAP-Protocol). A literal
 * `as const` object, so `case MAP_OP.updateLocation:` narrows to the literal type 2 and, being a
 * never-written fast-mode object, V8 folds the load to a constant like the `FieldAvp` switch of the
 * Diameter fast tier.
 *
 * `MAP_OPERATION_INFO`: per operation, the application contexts that carry it (§17.3.3
 * `<ac> v<versions>`), the FS.11 category as publicly reported, and the defining clause (`ref`).
 * Phase 1 operations (GSM 09.02 v3.x, AC version 1 only) are marked `phase1`.
 *
 * FS.11 categories (GSMA FS.11 is not public; categories as described in public summaries:
 * ENISA "Signalling Security in Telecom SS7/Diameter/5G" (2018) §2.3, and Positive Technologies
 * "SS7 Vulnerabilities and Attack Exposure Report" (2018)):
 *   1 — should only arrive from inside the home network (never over interconnect);
 *   2 — legitimate only from the subscriber's home network towards a visited network
 *       (check: the subscriber is an inbound roamer of that home network);
 *   3 — legitimate from a visited network (check: plausibility against the subscriber's location).
 */
import type { MapAcName } from './application-contexts.js';

export type Fs11Category = 1 | 2 | 3;

/** Operation name → opcode, TS 29.002 §17.5 (clause of each definition in MAP_OPERATION_INFO). */
export const MAP_OP = {
  updateLocation: 2,
  cancelLocation: 3,
  provideRoamingNumber: 4,
  noteSubscriberDataModified: 5,
  resumeCallHandling: 6,
  insertSubscriberData: 7,
  deleteSubscriberData: 8,
  sendParameters: 9,
  registerSS: 10,
  eraseSS: 11,
  activateSS: 12,
  deactivateSS: 13,
  interrogateSS: 14,
  authenticationFailureReport: 15,
  registerPassword: 17,
  getPassword: 18,
  'processUnstructuredSS-Data': 19,
  releaseResources: 20,
  'mt-ForwardSM-VGCS': 21,
  sendRoutingInfo: 22,
  updateGprsLocation: 23,
  sendRoutingInfoForGprs: 24,
  failureReport: 25,
  noteMsPresentForGprs: 26,
  performHandover: 28,
  sendEndSignal: 29,
  performSubsequentHandover: 30,
  provideSIWFSNumber: 31,
  sIWFSSignallingModify: 32,
  processAccessSignalling: 33,
  forwardAccessSignalling: 34,
  noteInternalHandover: 35,
  cancelVcsgLocation: 36,
  reset: 37,
  'forwardCheckSS-Indication': 38,
  prepareGroupCall: 39,
  sendGroupCallEndSignal: 40,
  processGroupCallSignalling: 41,
  forwardGroupCallSignalling: 42,
  checkIMEI: 43,
  'mt-forwardSM': 44,
  sendRoutingInfoForSM: 45,
  'mo-forwardSM': 46,
  'reportSM-DeliveryStatus': 47,
  noteSubscriberPresent: 48,
  alertServiceCentreWithoutResult: 49,
  activateTraceMode: 50,
  deactivateTraceMode: 51,
  traceSubscriberActivity: 52,
  updateVcsgLocation: 53,
  beginSubscriberActivity: 54,
  sendIdentification: 55,
  sendAuthenticationInfo: 56,
  restoreData: 57,
  sendIMSI: 58,
  'processUnstructuredSS-Request': 59,
  'unstructuredSS-Request': 60,
  'unstructuredSS-Notify': 61,
  anyTimeSubscriptionInterrogation: 62,
  informServiceCentre: 63,
  alertServiceCentre: 64,
  anyTimeModification: 65,
  readyForSM: 66,
  purgeMS: 67,
  prepareHandover: 68,
  prepareSubsequentHandover: 69,
  provideSubscriberInfo: 70,
  anyTimeInterrogation: 71,
  'ss-InvocationNotification': 72,
  setReportingState: 73,
  statusReport: 74,
  remoteUserFree: 75,
  'registerCC-Entry': 76,
  'eraseCC-Entry': 77,
  secureTransportClass1: 78,
  secureTransportClass2: 79,
  secureTransportClass3: 80,
  secureTransportClass4: 81,
  provideSubscriberLocation: 83,
  sendGroupCallInfo: 84,
  sendRoutingInfoForLCS: 85,
  subscriberLocationReport: 86,
  'ist-Alert': 87,
  'ist-Command': 88,
  'noteMM-Event': 89,
} as const;

export type MapOpName = keyof typeof MAP_OP;
export type MapOpcode = (typeof MAP_OP)[MapOpName];

interface MapOperationInfo {
  /** Application contexts (§17.3.3 short names) with the AC versions carrying this operation. */
  readonly acs: readonly (readonly [MapAcName, ...number[]])[];
  readonly fs11?: Fs11Category;
  /** Phase 1 only (AC version 1). */
  readonly phase1?: true;
  /** Name in AC versions 1 and 2 when it differs (opcode 46: forwardSM). */
  readonly v1v2Name?: string;
  /** Defining clause. */
  readonly ref: string;
}

/** Per operation: application contexts, FS.11 category, defining clause. Keys are exactly MAP_OP's. */
export const MAP_OPERATION_INFO = {
  updateLocation: { acs: [['networkLocUp', 1, 2, 3]], fs11: 3, ref: 'TS 29.002 §17.6.1' },
  cancelLocation: { acs: [['locationCancellation', 1, 2, 3]], fs11: 2, ref: 'TS 29.002 §17.6.1' },
  provideRoamingNumber: { acs: [['roamingNumberEnquiry', 1, 2, 3]], fs11: 2, ref: 'TS 29.002 §17.6.3' },
  noteSubscriberDataModified: { acs: [['subscriberDataModificationNotification', 3]], ref: 'TS 29.002 §17.6.1' },
  resumeCallHandling: { acs: [['callControlTransfer', 3, 4]], ref: 'TS 29.002 §17.6.3' },
  insertSubscriberData: {
    acs: [
      ['subscriberDataMngt', 1, 2, 3],
      ['networkLocUp', 1, 2, 3],
      ['gprsLocationUpdate', 3],
    ],
    fs11: 2,
    ref: 'TS 29.002 §17.6.1',
  },
  deleteSubscriberData: { acs: [['subscriberDataMngt', 1, 2, 3]], fs11: 2, ref: 'TS 29.002 §17.6.1' },
  sendParameters: {
    acs: [
      ['infoRetrieval', 1],
      ['networkLocUp', 1],
    ],
    phase1: true,
    fs11: 1,
    ref: 'GSM 09.02 phase 1',
  },
  registerSS: { acs: [['networkFunctionalSs', 1, 2]], fs11: 3, ref: 'TS 29.002 §17.6.4' },
  eraseSS: { acs: [['networkFunctionalSs', 1, 2]], fs11: 3, ref: 'TS 29.002 §17.6.4' },
  activateSS: { acs: [['networkFunctionalSs', 1, 2]], fs11: 3, ref: 'TS 29.002 §17.6.4' },
  deactivateSS: { acs: [['networkFunctionalSs', 1, 2]], fs11: 3, ref: 'TS 29.002 §17.6.4' },
  interrogateSS: { acs: [['networkFunctionalSs', 1, 2]], fs11: 3, ref: 'TS 29.002 §17.6.4' },
  authenticationFailureReport: { acs: [['authenticationFailureReport', 3]], fs11: 3, ref: 'TS 29.002 §17.6.1' },
  registerPassword: { acs: [['networkFunctionalSs', 1, 2]], fs11: 3, ref: 'TS 29.002 §17.6.4' },
  getPassword: { acs: [['networkFunctionalSs', 1, 2]], ref: 'TS 29.002 §17.6.4' },
  'processUnstructuredSS-Data': { acs: [['networkFunctionalSs', 1]], phase1: true, ref: 'GSM 09.02 phase 1' },
  releaseResources: { acs: [['resourceManagement', 3]], ref: 'TS 29.002 §17.6.3' },
  'mt-ForwardSM-VGCS': { acs: [['shortMsgMT_Relay_VGCS', 3]], ref: 'TS 29.002 §17.6.5' },
  sendRoutingInfo: { acs: [['locationInfoRetrieval', 1, 2, 3]], fs11: 1, ref: 'TS 29.002 §17.6.3' },
  updateGprsLocation: { acs: [['gprsLocationUpdate', 3]], fs11: 3, ref: 'TS 29.002 §17.6.1' },
  sendRoutingInfoForGprs: { acs: [['gprsLocationInfoRetrieval', 3, 4]], fs11: 1, ref: 'TS 29.002 §17.6.2' },
  failureReport: { acs: [['failureReport', 3]], ref: 'TS 29.002 §17.6.2' },
  noteMsPresentForGprs: { acs: [['gprsNotify', 3]], ref: 'TS 29.002 §17.6.2' },
  performHandover: { acs: [['handoverControl', 1]], phase1: true, ref: 'GSM 09.02 phase 1' },
  sendEndSignal: { acs: [['handoverControl', 1, 2, 3]], ref: 'TS 29.002 §17.6.1' },
  performSubsequentHandover: { acs: [['handoverControl', 1]], phase1: true, ref: 'GSM 09.02 phase 1' },
  provideSIWFSNumber: { acs: [['sIWFSAllocation', 3]], ref: 'TS 29.002 §17.6.3' },
  sIWFSSignallingModify: { acs: [['sIWFSAllocation', 3]], ref: 'TS 29.002 §17.6.3' },
  processAccessSignalling: { acs: [['handoverControl', 1, 2, 3]], ref: 'TS 29.002 §17.6.1' },
  forwardAccessSignalling: { acs: [['handoverControl', 1, 2, 3]], ref: 'TS 29.002 §17.6.1' },
  noteInternalHandover: { acs: [['handoverControl', 1]], phase1: true, ref: 'GSM 09.02 phase 1' },
  cancelVcsgLocation: { acs: [['vcsgLocationCancellation', 3]], ref: 'TS 29.002 §17.6.1' },
  reset: { acs: [['reset', 1, 2, 3]], fs11: 2, ref: 'TS 29.002 §17.6.1' },
  'forwardCheckSS-Indication': { acs: [['networkLocUp', 1, 2, 3]], ref: 'TS 29.002 §17.6.1' },
  prepareGroupCall: { acs: [['groupCallControl', 3]], ref: 'TS 29.002 §17.6.7' },
  sendGroupCallEndSignal: { acs: [['groupCallControl', 3]], ref: 'TS 29.002 §17.6.7' },
  processGroupCallSignalling: { acs: [['groupCallControl', 3]], ref: 'TS 29.002 §17.6.7' },
  forwardGroupCallSignalling: { acs: [['groupCallControl', 3]], ref: 'TS 29.002 §17.6.7' },
  checkIMEI: { acs: [['equipmentMngt', 1, 2, 3]], ref: 'TS 29.002 §17.6.1' },
  'mt-forwardSM': { acs: [['shortMsgMT_Relay', 3]], fs11: 3, ref: 'TS 29.002 §17.6.5' },
  sendRoutingInfoForSM: { acs: [['shortMsgGateway', 1, 2, 3]], ref: 'TS 29.002 §17.6.5 (SMS home routing, not an FS.11 category)' },
  'mo-forwardSM': {
    acs: [
      ['shortMsgMO_Relay', 1, 2, 3],
      ['shortMsgMT_Relay', 2],
    ],
    fs11: 3,
    v1v2Name: 'forwardSM',
    ref: 'TS 29.002 §17.6.5',
  },
  'reportSM-DeliveryStatus': { acs: [['shortMsgGateway', 1, 2, 3]], ref: 'TS 29.002 §17.6.5' },
  noteSubscriberPresent: { acs: [['mwdMngt', 1]], phase1: true, ref: 'GSM 09.02 phase 1' },
  alertServiceCentreWithoutResult: { acs: [['shortMsgAlert', 1]], phase1: true, ref: 'GSM 09.02 phase 1' },
  activateTraceMode: { acs: [['tracing', 1, 2, 3]], fs11: 2, ref: 'TS 29.002 §17.6.6' },
  deactivateTraceMode: { acs: [['tracing', 1, 2, 3]], ref: 'TS 29.002 §17.6.6' },
  traceSubscriberActivity: { acs: [['handoverControl', 1]], phase1: true, ref: 'GSM 09.02 phase 1' },
  updateVcsgLocation: { acs: [['vcsgLocationUpdate', 3]], ref: 'TS 29.002 §17.6.1' },
  beginSubscriberActivity: { acs: [['networkFunctionalSs', 1]], phase1: true, ref: 'GSM 09.02 phase 1' },
  sendIdentification: { acs: [['interVlrInfoRetrieval', 2, 3]], fs11: 3, ref: 'TS 29.002 §17.6.1' },
  sendAuthenticationInfo: { acs: [['infoRetrieval', 2, 3]], fs11: 3, ref: 'TS 29.002 §17.6.1' },
  restoreData: { acs: [['networkLocUp', 2, 3]], ref: 'TS 29.002 §17.6.1' },
  sendIMSI: { acs: [['imsiRetrieval', 2]], fs11: 1, ref: 'TS 29.002 §17.6.1' },
  'processUnstructuredSS-Request': { acs: [['networkUnstructuredSs', 2]], fs11: 3, ref: 'TS 29.002 §17.6.4' },
  'unstructuredSS-Request': { acs: [['networkUnstructuredSs', 2]], fs11: 2, ref: 'TS 29.002 §17.6.4' },
  'unstructuredSS-Notify': { acs: [['networkUnstructuredSs', 2]], fs11: 2, ref: 'TS 29.002 §17.6.4' },
  anyTimeSubscriptionInterrogation: { acs: [['anyTimeInfoHandling', 3]], fs11: 1, ref: 'TS 29.002 §17.6.3' },
  informServiceCentre: { acs: [['shortMsgGateway', 2, 3]], ref: 'TS 29.002 §17.6.5' },
  alertServiceCentre: { acs: [['shortMsgAlert', 2]], ref: 'TS 29.002 §17.6.5' },
  anyTimeModification: { acs: [['anyTimeInfoHandling', 3]], fs11: 1, ref: 'TS 29.002 §17.6.3' },
  readyForSM: { acs: [['mwdMngt', 2, 3]], ref: 'TS 29.002 §17.6.5' },
  purgeMS: { acs: [['msPurging', 2, 3]], fs11: 3, ref: 'TS 29.002 §17.6.1' },
  prepareHandover: { acs: [['handoverControl', 2, 3]], ref: 'TS 29.002 §17.6.1' },
  prepareSubsequentHandover: { acs: [['handoverControl', 2, 3]], ref: 'TS 29.002 §17.6.1' },
  provideSubscriberInfo: { acs: [['subscriberInfoEnquiry', 3]], fs11: 2, ref: 'TS 29.002 §17.6.1' },
  anyTimeInterrogation: { acs: [['anyTimeInfoEnquiry', 3]], fs11: 1, ref: 'TS 29.002 §17.6.3' },
  'ss-InvocationNotification': { acs: [['ss_InvocationNotification', 3]], ref: 'TS 29.002 §17.6.4' },
  setReportingState: { acs: [['reporting', 3]], ref: 'TS 29.002 §17.6.3' },
  statusReport: { acs: [['reporting', 3]], ref: 'TS 29.002 §17.6.3' },
  remoteUserFree: { acs: [['reporting', 3]], ref: 'TS 29.002 §17.6.3' },
  'registerCC-Entry': { acs: [['callCompletion', 3]], ref: 'TS 29.002 §17.6.4' },
  'eraseCC-Entry': { acs: [['callCompletion', 3]], ref: 'TS 29.002 §17.6.4' },
  secureTransportClass1: { acs: [['secureTransportHandling', 3]], ref: 'TS 29.002 §17.6.9 (TS 33.200)' },
  secureTransportClass2: { acs: [['secureTransportHandling', 3]], ref: 'TS 29.002 §17.6.9' },
  secureTransportClass3: { acs: [['secureTransportHandling', 3]], ref: 'TS 29.002 §17.6.9' },
  secureTransportClass4: { acs: [['secureTransportHandling', 3]], ref: 'TS 29.002 §17.6.9' },
  provideSubscriberLocation: { acs: [['locationSvcEnquiry', 3]], fs11: 2, ref: 'TS 29.002 §17.6.8' },
  sendGroupCallInfo: { acs: [['groupCallInfoRetrieval', 3]], ref: 'TS 29.002 §17.6.7' },
  sendRoutingInfoForLCS: { acs: [['locationSvcGateway', 3]], fs11: 1, ref: 'TS 29.002 §17.6.8' },
  subscriberLocationReport: { acs: [['locationSvcEnquiry', 3]], ref: 'TS 29.002 §17.6.8' },
  'ist-Alert': { acs: [['istAlerting', 3]], ref: 'TS 29.002 §17.6.3' },
  'ist-Command': { acs: [['serviceTermination', 3]], ref: 'TS 29.002 §17.6.3' },
  'noteMM-Event': { acs: [['mm_EventReporting', 3]], ref: 'TS 29.002 §17.6.3' },
} as const satisfies Record<MapOpName, MapOperationInfo>;

export interface MapOperation extends MapOperationInfo {
  readonly name: MapOpName;
  readonly opcode: MapOpcode;
}

/** Opcode → operation, derived from the two tables above. */
export const MAP_OPERATIONS: Readonly<Record<number, MapOperation>> = Object.freeze(
  Object.fromEntries(
    (Object.keys(MAP_OP) as MapOpName[]).map((name) => [MAP_OP[name], { name, opcode: MAP_OP[name], ...MAP_OPERATION_INFO[name] } as MapOperation]),
  ),
);

export function mapOperation(opcode: number): MapOperation | undefined {
  return MAP_OPERATIONS[opcode];
}

/**
 * Names by opcode (local operation codes are 0-255 in practice; others are not MAP operations) as
 * plain arrays: {@link opName} runs per component, and reading `v1v2Name` from the
 * MAP_OPERATIONS entries (objects of several shapes in a frozen dictionary) was a polymorphic
 * load (bench/results-notes.md, "evfast branch").
 */
const NAME_OF: (string | undefined)[] = new Array<string | undefined>(256).fill(undefined);
const V1V2_NAME_OF: (string | undefined)[] = new Array<string | undefined>(256).fill(undefined);
for (const o of Object.values(MAP_OPERATIONS)) {
  NAME_OF[o.opcode] = o.name;
  V1V2_NAME_OF[o.opcode] = o.v1v2Name;
}

/** Operation name for an opcode as used in AC version `version` (opcode 46 is forwardSM before v3). */
export function opName(opcode: number, version?: number): string | undefined {
  if (!(opcode >= 0 && opcode < 256)) return MAP_OPERATIONS[opcode]?.name; // not an index of the arrays (none is a MAP opcode)
  const name = NAME_OF[opcode];
  if (name === undefined || version === undefined || version >= 3) return name;
  return V1V2_NAME_OF[opcode] ?? name;
}

const BY_NAME: ReadonlyMap<string, number> = new Map(
  Object.values(MAP_OPERATIONS).flatMap((v) => {
    const pairs: [string, number][] = [[v.name, v.opcode]];
    if (v.v1v2Name !== undefined) pairs.push([v.v1v2Name, v.opcode]);
    return pairs;
  }),
);

/** Opcode of an operation name (every name the decoder emits, including forwardSM); undefined when unknown. */
export function opcodeOf(name: string): number | undefined {
  return BY_NAME.get(name);
}

/** Every operation name opcodeOf resolves, for error messages. */
export function mapOpNames(): string[] {
  return [...BY_NAME.keys()];
}

/**
 * The services whose MAP-OPEN destination reference is the subscriber's identity (TS 29.002
 * §7.3.1 Table 7.3/2; "only these services are allowed to use it"), by opcode: 1 the IMSI; 2 the
 * IMSI, or on the HLR-HLR and HLR-gsmSCF interfaces the MSISDN (notes 1 and 2: the USSD
 * services). MAP-FORWARD-SHORT-MESSAGE (note 3: mobile terminated, IMSI with the LMSI) is
 * forwardSM (46, AC v1/v2) and mt-forwardSM (44, v3).
 */
const DEST_REF_USE: readonly number[] = (() => {
  const use = new Array<number>(256).fill(0);
  for (const op of [
    MAP_OP.registerSS,
    MAP_OP.eraseSS,
    MAP_OP.activateSS,
    MAP_OP.deactivateSS,
    MAP_OP.interrogateSS,
    MAP_OP.registerPassword,
    MAP_OP['mt-forwardSM'],
    MAP_OP['mo-forwardSM'],
    MAP_OP['registerCC-Entry'],
    MAP_OP['eraseCC-Entry'],
  ])
    use[op] = 1;
  for (const op of [MAP_OP['processUnstructuredSS-Request'], MAP_OP['unstructuredSS-Request'], MAP_OP['unstructuredSS-Notify']]) use[op] = 2;
  return use;
})();

/** What the destination reference of a dialogue opened for operation `opcode` identifies (see DEST_REF_USE): 0 nothing, 1 IMSI, 2 IMSI or MSISDN. */
export function destinationReferenceUse(opcode: number): 0 | 1 | 2 {
  return opcode >= 0 && opcode < 256 ? (DEST_REF_USE[opcode] as 0 | 1 | 2) : 0;
}
