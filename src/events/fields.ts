/**
 * The field catalogue: the dotted paths rules may address, each with its value type and a getter
 * compiled once. Rule compilation rejects any path not listed here, so a typo in a rule file is a
 * load-time error instead of a selection that silently never matches.
 *
 * Getters return `undefined` when the event does not carry the field (wrong protocol, optional
 * part absent). A field whose type ends in `[]` yields an array; selections on it match when any
 * element matches (Sigma list semantics).
 */
import type { EventArgs, SignallingEvent } from './types.js';

type FieldType = 'string' | 'number' | 'boolean' | 'string[]' | 'number[]';
export type FieldValue = string | number | boolean | readonly string[] | readonly number[] | undefined;
type FieldGetter = (ev: SignallingEvent) => FieldValue;

export interface FieldDef {
  readonly path: string;
  readonly type: FieldType;
  readonly get: FieldGetter;
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
  return (ev) => {
    const v = ev.args?.[key];
    return typeof v === 'string' ? v : undefined;
  };
}
function argNumber(key: string): FieldGetter {
  return (ev) => {
    const v = ev.args?.[key];
    return typeof v === 'number' ? v : undefined;
  };
}
/** Sh Data-Reference (TS 29.328 §7.6) may be one value or a list, depending on the decoder. */
function argNumbers(key: string): FieldGetter {
  return (ev) => {
    const v: unknown = ev.args?.[key];
    if (typeof v === 'number') return [v];
    return Array.isArray(v) ? (v.filter((x) => typeof x === 'number') as number[]) : undefined;
  };
}
function locString(key: keyof NonNullable<EventArgs['locationInfo']>): FieldGetter {
  return (ev) => {
    const v = ev.args?.locationInfo?.[key];
    return typeof v === 'string' ? v : undefined;
  };
}

const DEFS: Record<string, Def> = {
  protocol: ['string', (ev) => ev.protocol],
  frame: ['number', (ev) => ev.frame],
  index: ['number', (ev) => ev.index],
  imsiSource: ['string', (ev) => ev.imsiSource],
  'subscriber.imsi': ['string', (ev) => ev.subscriber.imsi],
  'subscriber.msisdn': ['string', (ev) => ev.subscriber.msisdn],
  e164: ['string[]', (ev) => ev.e164],
  'anomalies.code': ['string[]', (ev) => (ev.anomalies.length === 0 ? undefined : ev.anomalies.map((a) => a.code))],
  'mtp.opc': ['number', (ev) => (ev.protocol === 'diameter' ? undefined : ev.mtp?.opc)],
  'mtp.dpc': ['number', (ev) => (ev.protocol === 'diameter' ? undefined : ev.mtp?.dpc)],
  'mtp.si': ['number', (ev) => (ev.protocol === 'diameter' ? undefined : ev.mtp?.si)],
  'mtp.ni': ['number', (ev) => (ev.protocol === 'diameter' ? undefined : ev.mtp?.ni)],
  'sccp.type': ['string', (ev) => (ev.protocol === 'diameter' ? undefined : ev.sccp.type)],
  'sccp.calling.gt': ['string', (ev) => (ev.protocol === 'diameter' ? undefined : ev.sccp.calling.gt)],
  'sccp.calling.ssn': ['number', (ev) => (ev.protocol === 'diameter' ? undefined : ev.sccp.calling.ssn)],
  'sccp.calling.pc': ['number', (ev) => (ev.protocol === 'diameter' ? undefined : ev.sccp.calling.pc)],
  'sccp.calling.tt': ['number', (ev) => (ev.protocol === 'diameter' ? undefined : ev.sccp.calling.tt)],
  'sccp.called.gt': ['string', (ev) => (ev.protocol === 'diameter' ? undefined : ev.sccp.called.gt)],
  'sccp.called.ssn': ['number', (ev) => (ev.protocol === 'diameter' ? undefined : ev.sccp.called.ssn)],
  'sccp.called.pc': ['number', (ev) => (ev.protocol === 'diameter' ? undefined : ev.sccp.called.pc)],
  'sccp.called.tt': ['number', (ev) => (ev.protocol === 'diameter' ? undefined : ev.sccp.called.tt)],
  'tcap.type': ['string', (ev) => (ev.protocol === 'diameter' ? undefined : ev.tcap.type)],
  'tcap.acn': ['string', (ev) => (ev.protocol === 'diameter' ? undefined : ev.tcap.acn)],
  'tcap.acVersion': ['number', (ev) => (ev.protocol === 'diameter' ? undefined : ev.tcap.acVersion)],
  'tcap.otid': ['string', (ev) => (ev.protocol === 'diameter' ? undefined : ev.tcap.otid)],
  'tcap.dtid': ['string', (ev) => (ev.protocol === 'diameter' ? undefined : ev.tcap.dtid)],
  'component.type': ['string', (ev) => (ev.protocol === 'diameter' ? undefined : ev.component?.type)],
  'component.opcode': ['number', (ev) => (ev.protocol === 'diameter' ? undefined : ev.component?.opcode)],
  'component.op': ['string', (ev) => (ev.protocol === 'diameter' ? undefined : ev.component?.op)],
  'component.invokeId': ['number', (ev) => (ev.protocol === 'diameter' ? undefined : ev.component?.invokeId)],
  'component.errorCode': ['number', (ev) => (ev.protocol === 'diameter' ? undefined : ev.component?.errorCode)],
  'diameter.cmd': ['number', (ev) => (ev.protocol === 'diameter' ? ev.diameter.cmd : undefined)],
  'diameter.cmdAbbrev': ['string', (ev) => (ev.protocol === 'diameter' ? ev.diameter.cmdAbbrev : undefined)],
  'diameter.app': ['number', (ev) => (ev.protocol === 'diameter' ? ev.diameter.app : undefined)],
  'diameter.request': ['boolean', (ev) => (ev.protocol === 'diameter' ? ev.diameter.request : undefined)],
  'diameter.originHost': ['string', (ev) => (ev.protocol === 'diameter' ? ev.diameter.originHost : undefined)],
  'diameter.originRealm': ['string', (ev) => (ev.protocol === 'diameter' ? ev.diameter.originRealm : undefined)],
  'diameter.destHost': ['string', (ev) => (ev.protocol === 'diameter' ? ev.diameter.destHost : undefined)],
  'diameter.destRealm': ['string', (ev) => (ev.protocol === 'diameter' ? ev.diameter.destRealm : undefined)],
  'diameter.userName': ['string', (ev) => (ev.protocol === 'diameter' ? ev.diameter.userName : undefined)],
  'diameter.visitedPlmn': ['string', (ev) => (ev.protocol === 'diameter' ? ev.diameter.visitedPlmn : undefined)],
  'diameter.resultCode': ['number', (ev) => (ev.protocol === 'diameter' ? ev.diameter.resultCode : undefined)],
  'diameter.expResultCode': ['number', (ev) => (ev.protocol === 'diameter' ? ev.diameter.expResultCode : undefined)],
  'diameter.routeRecord': ['string[]', (ev) => (ev.protocol === 'diameter' ? ev.diameter.routeRecord : undefined)],
  'args.requestedInfo': ['string[]', (ev) => ev.args?.requestedInfo],
  'args.dataReference': ['number[]', argNumbers('dataReference')],
};
for (const k of ARG_STRINGS) DEFS[`args.${k}`] = ['string', argString(k)];
for (const k of ARG_NUMBERS) DEFS[`args.${k}`] = ['number', argNumber(k)];
for (const k of LOCATION_STRINGS) DEFS[`args.locationInfo.${k}`] = ['string', locString(k)];
for (const k of LOCATION_NUMBERS) DEFS[`args.locationInfo.${k}`] = ['number', (ev) => ev.args?.locationInfo?.[k]];

const CATALOGUE: ReadonlyMap<string, FieldDef> = new Map(Object.entries(DEFS).map(([path, [type, get]]) => [path, { path, type, get }]));

/** The field definition for a dotted path, or undefined when rules may not use it. */
export function field(path: string): FieldDef | undefined {
  return CATALOGUE.get(path);
}

/** Every path rules may use, sorted (for error messages and documentation). */
export function fieldPaths(): string[] {
  return [...CATALOGUE.keys()].sort();
}
