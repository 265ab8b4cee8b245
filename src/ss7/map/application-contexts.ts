/**
 * MAP application contexts (TS 29.002 §17.3.3 / §17.3.2): object identifiers
 * `{itu-t(0) identified-organization(4) etsi(0) mobileDomain(0) gsm-Network(1) ac-Id(0) <ac> <version>}`
 * = 0.4.0.0.1.0.<ac>.<version>. CAMEL (TS 29.078) uses 0.4.0.0.1.0.50..52 (CAP v1/v2) and
 * 0.4.0.0.1.21 / .22 / .23 (CAP v3/v4); those are not MAP.
 */

/** Application context short names by `<ac>` arc (TS 29.002 §17.3.3). */
export const MAP_AC = {
  networkLocUp: 1,
  locationCancellation: 2,
  roamingNumberEnquiry: 3,
  istAlerting: 4,
  locationInfoRetrieval: 5,
  callControlTransfer: 6,
  reporting: 7,
  callCompletion: 8,
  serviceTermination: 9,
  reset: 10,
  handoverControl: 11,
  sIWFSAllocation: 12,
  equipmentMngt: 13,
  infoRetrieval: 14,
  interVlrInfoRetrieval: 15,
  subscriberDataMngt: 16,
  tracing: 17,
  networkFunctionalSs: 18,
  networkUnstructuredSs: 19,
  shortMsgGateway: 20,
  shortMsgMO_Relay: 21,
  subscriberDataModificationNotification: 22,
  shortMsgAlert: 23,
  mwdMngt: 24,
  shortMsgMT_Relay: 25,
  imsiRetrieval: 26,
  msPurging: 27,
  subscriberInfoEnquiry: 28,
  anyTimeInfoEnquiry: 29,
  groupCallControl: 31,
  gprsLocationUpdate: 32,
  gprsLocationInfoRetrieval: 33,
  failureReport: 34,
  gprsNotify: 35,
  ss_InvocationNotification: 36,
  locationSvcGateway: 37,
  locationSvcEnquiry: 38,
  authenticationFailureReport: 39,
  secureTransportHandling: 40,
  shortMsgMT_Relay_VGCS: 41,
  mm_EventReporting: 42,
  anyTimeInfoHandling: 43,
  resourceManagement: 44,
  groupCallInfoRetrieval: 45,
  vcsgLocationUpdate: 46,
  vcsgLocationCancellation: 47,
} as const;

export type MapAcName = keyof typeof MAP_AC;

const AC_NAME: ReadonlyMap<number, MapAcName> = new Map(Object.entries(MAP_AC).map(([k, v]) => [v, k as MapAcName]));

export function acName(ac: number): MapAcName | undefined {
  return AC_NAME.get(ac);
}

export function acCode(name: MapAcName): number {
  return MAP_AC[name];
}

const MAP_AC_PREFIX = '0.4.0.0.1.0.';

export interface MapAcn {
  ac: number;
  name: MapAcName;
  version: number;
}

/**
 * CAP phases 1 and 2 share the arc: gsmSSF-to-gsmSCF 50, assist-handoff 51, gsmSRF-to-gsmSCF 52
 * (TS 29.078 §6.1.1, CAP v1/v2 application contexts), whose opcodes overlap MAP's.
 */
const CAP_ACS_UNDER_MAP_ARC: ReadonlySet<number> = new Set([50, 51, 52]);

/**
 * ITU-T INAP: the modules and application contexts of Q.1218 (CS-1), Q.1228 (CS-2), Q.1238 (CS-3)
 * and Q.1248 (CS-4) sit under their recommendation's arc, itu-t(0) recommendation(0) q(17) N
 * (X.660 §A.2: one arc per letter of the series, q the 17th): Q.1218's modules are named
 * `{itu-t recommendation q 1218 modules(0) ...}`, Q.1238's root is `id-cs3 ::= {itu-t recommendation
 * q 1238}`. Only the recommendation's arc is tested: every AC of the recommendation is IN's.
 */
const ITU_IN_ARCS: readonly string[] = ['0.0.17.1218.', '0.0.17.1228.', '0.0.17.1238.', '0.0.17.1248.'];

/**
 * An ACN of CAMEL (CAP v1/v2 under the MAP arc; CAP v3 `cap3OE` 21 and v4 `cap4OE` 22 under
 * mobileDomain umts-network, TS 29.078 §5.5 / §6.1), of ETSI IN (inDomain 0.4.0.1, ETS 300 374-1
 * INAP CS-1) or of ITU-T IN ({@link ITU_IN_ARCS}): their opcodes overlap MAP's, so they are never
 * decoded as MAP (review 11-A).
 */
export function camelOrInAc(acn: string): boolean {
  if (acn.startsWith('0.4.0.1.') || acn.startsWith('0.4.0.0.1.21.') || acn.startsWith('0.4.0.0.1.22.')) return true;
  if (acn.startsWith('0.0.17.') && ITU_IN_ARCS.some((arc) => acn.startsWith(arc))) return true;
  if (!acn.startsWith(MAP_AC_PREFIX)) return false;
  const dot = acn.indexOf('.', MAP_AC_PREFIX.length);
  return CAP_ACS_UNDER_MAP_ARC.has(Number(acn.slice(MAP_AC_PREFIX.length, dot < 0 ? acn.length : dot)));
}

/** True for an ACN under the MAP arc (map-ac, TS 29.002 §17.3.2) that is not CAP's, known to the AC table or not. */
export function underMapArc(acn: string): boolean {
  if (!acn.startsWith(MAP_AC_PREFIX)) return false;
  const dot = acn.indexOf('.', MAP_AC_PREFIX.length);
  return !CAP_ACS_UNDER_MAP_ARC.has(Number(acn.slice(MAP_AC_PREFIX.length, dot < 0 ? acn.length : dot)));
}

/** Parses a dotted ACN; undefined when it is not a known MAP application context. */
export function parseMapAcn(acn: string): MapAcn | undefined {
  if (!acn.startsWith(MAP_AC_PREFIX)) return undefined;
  const rest = acn.slice(MAP_AC_PREFIX.length).split('.');
  if (rest.length !== 2) return undefined;
  const ac = Number(rest[0]);
  const version = Number(rest[1]);
  const name = AC_NAME.get(ac);
  if (name === undefined || !Number.isInteger(version)) return undefined;
  return { ac, name, version };
}

export function mapAcn(name: MapAcName, version: number): string {
  return `${MAP_AC_PREFIX}${MAP_AC[name]}.${version}`;
}
