/**
 * The field catalogue: the dotted paths rules may address, each with its value type and a getter
 * compiled once. Rule compilation rejects any path not listed here, so a typo in a rule file is a
 * load-time error instead of a selection that silently never matches.
 *
 * Getters return `undefined` when the event does not carry the field (wrong protocol, optional
 * part absent). A field whose type ends in `[]` yields an array; selections on it match when any
 * element matches (Sigma list semantics).
 */
import { MessageRecord } from './record.js';
import type { EventArgs, SignallingEvent } from './types.js';

type FieldType = 'string' | 'number' | 'boolean' | 'string[]' | 'number[]';
export type FieldValue = string | number | boolean | readonly string[] | readonly number[] | undefined;
/** Getters read the fast tier's record (events/record.ts): rules run on records, events are built only on demand. */
type FieldGetter = (r: MessageRecord) => FieldValue;

export interface FieldDef {
  readonly path: string;
  readonly type: FieldType;
  /** The value on a record (what compiled rules call). */
  readonly read: FieldGetter;
  /** The value on an event (the same getter over a record filled from the event). */
  readonly get: (ev: SignallingEvent) => FieldValue;
}

type Def = readonly [FieldType, FieldGetter];

const ARG_STRINGS = [
  'imsi',
  'msisdn',
  'vlrNumber',
  'mscNumber',
  'sgsnNumber',
  'hlrNumber',
  'gmscAddress',
  'gmlcAddress',
  'mlcNumber',
  'smscAddress',
  'serviceCentreAddress',
  'roamingNumber',
  'networkNodeNumber',
  'vmscAddress',
  'visitedPlmn',
  // TS 29.002 §17.7.1 / §17.7.3 / §17.7.13 fields typed for argument-level conformance (issue 18)
  'ggsnNumber',
  'sgsnAddress',
  'ggsnAddress',
  'gsmScfAddress',
  'subscriberState',
  'notReachableReason',
  'routeingNumber',
  'numberPortabilityStatus',
  'requestedDomain',
  'requestingNodeType',
  'interrogationType',
  'locationEstimateType',
  'lcsEvent',
  'subscriberStatus',
  // TS 29.002 §17.7.4 RegisterSS-Arg; §17.7.3 ForwardingData (SRI result)
  'forwardedToNumber',
] as const;
const ARG_NUMBERS = [
  'idrFlags',
  'ulrFlags',
  'cancellationType',
  'numberOfRequestedVectors',
  'tripletCount',
  'quintupletCount',
  'epsVectorCount',
  'lcsClientType',
  // TS 29.336 §8.4.3 S6t Monitoring-Type
  'monitoringType',
  // TS 29.002 §17.7.4 SS-Code (RegisterSS-Arg, SS-ForBS-Code)
  'ssCode',
] as const;
const LOCATION_STRINGS = [
  'cgi',
  'sai',
  'lai',
  'vlrNumber',
  'mscNumber',
  'sgsnNumber',
  'geographicalInformation',
  'locationEstimate',
  'shape',
  'locationNumber',
  'locationNumberDigits',
] as const;
/** TS 23.032 point of the location estimate / geographical information (degrees, metres). */
const LOCATION_NUMBERS = ['ageOfLocation', 'latitude', 'longitude', 'uncertaintyMeters'] as const;

function argString(key: string): FieldGetter {
  return (r) => {
    // One key: the record's other deferred digit strings (its IMSI) stay octets (record.ts `arg`).
    const v = r.arg(key as keyof EventArgs);
    return typeof v === 'string' ? v : undefined;
  };
}
function argNumber(key: string): FieldGetter {
  return (r) => {
    const v = r.args?.[key];
    return typeof v === 'number' ? v : undefined;
  };
}
/** Sh Data-Reference (TS 29.328 §7.6) may be one value or a list, depending on the decoder. */
function argNumbers(key: string): FieldGetter {
  return (r) => {
    const v: unknown = r.args?.[key];
    if (typeof v === 'number') return [v];
    return Array.isArray(v) ? (v.filter((x) => typeof x === 'number') as number[]) : undefined;
  };
}
function locString(key: keyof NonNullable<EventArgs['locationInfo']>): FieldGetter {
  return (r) => {
    const v = r.args?.locationInfo?.[key];
    return typeof v === 'string' ? v : undefined;
  };
}

const SS7 = (r: MessageRecord): boolean => r.protocol !== 'diameter';
const DIA = (r: MessageRecord): boolean => r.protocol === 'diameter';

const DEFS: Record<string, Def> = {
  protocol: ['string', (r) => r.protocol],
  frame: ['number', (r) => r.frame],
  index: ['number', (r) => r.index],
  imsiSource: ['string', (r) => r.imsiSource],
  'subscriber.imsi': ['string', (r) => r.imsi],
  'subscriber.msisdn': ['string', (r) => r.msisdn],
  // The two list fields no default rule reads: taken from the event (built on demand).
  e164: ['string[]', (r) => r.event().e164],
  'anomalies.code': [
    'string[]',
    (r) => {
      const a = r.event().anomalies;
      return a.length === 0 ? undefined : a.map((x) => x.code);
    },
  ],
  'mtp.opc': ['number', (r) => (SS7(r) ? r.mtp?.opc : undefined)],
  'mtp.dpc': ['number', (r) => (SS7(r) ? r.mtp?.dpc : undefined)],
  'mtp.si': ['number', (r) => (SS7(r) ? r.mtp?.si : undefined)],
  'mtp.ni': ['number', (r) => (SS7(r) ? r.mtp?.ni : undefined)],
  'sccp.type': ['string', (r) => (SS7(r) ? r.sccp.type : undefined)],
  'sccp.calling.gt': ['string', (r) => (SS7(r) ? r.sccp.calling.gt : undefined)],
  'sccp.calling.ssn': ['number', (r) => (SS7(r) ? r.sccp.calling.ssn : undefined)],
  'sccp.calling.pc': ['number', (r) => (SS7(r) ? r.sccp.calling.pc : undefined)],
  'sccp.calling.tt': ['number', (r) => (SS7(r) ? r.sccp.calling.tt : undefined)],
  // SUA only (RFC 3868 §3.10.2 routing indicators 4 and 3): the calling node's IP address / hostname.
  'sccp.calling.ip': ['string', (r) => (SS7(r) ? r.sccp.calling.ip : undefined)],
  'sccp.calling.hostname': ['string', (r) => (SS7(r) ? r.sccp.calling.hostname : undefined)],
  'sccp.called.gt': ['string', (r) => (SS7(r) ? r.sccp.called.gt : undefined)],
  'sccp.called.ssn': ['number', (r) => (SS7(r) ? r.sccp.called.ssn : undefined)],
  'sccp.called.pc': ['number', (r) => (SS7(r) ? r.sccp.called.pc : undefined)],
  'sccp.called.tt': ['number', (r) => (SS7(r) ? r.sccp.called.tt : undefined)],
  'tcap.type': ['string', (r) => (SS7(r) ? r.tcapType : undefined)],
  'tcap.acn': ['string', (r) => (SS7(r) ? r.acn : undefined)],
  'tcap.acVersion': ['number', (r) => (SS7(r) ? r.acVersion : undefined)],
  'tcap.otid': ['string', (r) => (SS7(r) ? r.otid : undefined)],
  'tcap.dtid': ['string', (r) => (SS7(r) ? r.dtid : undefined)],
  'component.type': ['string', (r) => (SS7(r) && r.hasComponent ? r.componentType : undefined)],
  'component.opcode': ['number', (r) => (SS7(r) && r.hasComponent ? r.opcode : undefined)],
  'component.op': ['string', (r) => (SS7(r) && r.hasComponent ? r.op : undefined)],
  'component.invokeId': ['number', (r) => (SS7(r) && r.hasComponent ? r.invokeId : undefined)],
  'component.errorCode': ['number', (r) => (SS7(r) && r.hasComponent ? r.errorCode : undefined)],
  // The TCAP layer matched the component to its dialogue's request, sent by that request's addressee (record answersRequest).
  'component.answersRequest': ['boolean', (r) => (SS7(r) && r.hasComponent ? r.answersRequest : undefined)],
  'diameter.cmd': ['number', (r) => (DIA(r) ? r.cmd : undefined)],
  'diameter.cmdAbbrev': ['string', (r) => (DIA(r) ? r.cmdAbbrev : undefined)],
  'diameter.app': ['number', (r) => (DIA(r) ? r.app : undefined)],
  'diameter.request': ['boolean', (r) => (DIA(r) ? r.request : undefined)],
  'diameter.originHost': ['string', (r) => (DIA(r) ? r.originHost : undefined)],
  'diameter.originRealm': ['string', (r) => (DIA(r) ? r.originRealm : undefined)],
  'diameter.destHost': ['string', (r) => (DIA(r) ? r.destHost : undefined)],
  'diameter.destRealm': ['string', (r) => (DIA(r) ? r.destRealm : undefined)],
  'diameter.userName': ['string', (r) => (DIA(r) ? r.userName : undefined)],
  'diameter.visitedPlmn': ['string', (r) => (DIA(r) ? r.visitedPlmnHex : undefined)],
  'diameter.resultCode': ['number', (r) => (DIA(r) ? r.resultCode : undefined)],
  'diameter.expResultCode': ['number', (r) => (DIA(r) ? r.expResultCode : undefined)],
  // An answer the transaction table matched to its request (RFC 6733 §6.2: same ids on the reverse of its connection): that request's frame.
  'diameter.requestFrame': ['number', (r) => (DIA(r) && r.requestFrame >= 0 ? r.requestFrame : undefined)],
  // The record's list is the decoder's scratch: compared here, never kept.
  'diameter.routeRecord': ['string[]', (r) => (DIA(r) ? r.routeRecord : undefined)],
  'args.requestedInfo': ['string[]', (r) => r.args?.requestedInfo],
  'args.dataReference': ['number[]', argNumbers('dataReference')],
};
for (const k of ARG_STRINGS) DEFS[`args.${k}`] = ['string', argString(k)];
for (const k of ARG_NUMBERS) DEFS[`args.${k}`] = ['number', argNumber(k)];
for (const k of LOCATION_STRINGS) DEFS[`args.locationInfo.${k}`] = ['string', locString(k)];
for (const k of LOCATION_NUMBERS) DEFS[`args.locationInfo.${k}`] = ['number', (r) => r.args?.locationInfo?.[k]];

/** Record for {@link FieldDef.get} (not re-entrant; getters never call it). */
const EVENT_RECORD = new MessageRecord();

const CATALOGUE: ReadonlyMap<string, FieldDef> = new Map(
  Object.entries(DEFS).map(([path, [type, read]]) => [path, { path, type, read, get: (ev: SignallingEvent) => read(EVENT_RECORD.fromEvent(ev)) }]),
);

/** The field definition for a dotted path, or undefined when rules may not use it. */
export function field(path: string): FieldDef | undefined {
  return CATALOGUE.get(path);
}

/** Every path rules may use, sorted (for error messages and documentation). */
export function fieldPaths(): string[] {
  return [...CATALOGUE.keys()].sort();
}
