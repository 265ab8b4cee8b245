/**
 * MAP parameter decoding: operation code + invoke/result → typed decoder (TS 29.002 §17.6/§17.7).
 * The decoder table is built once; operations without a typed decoder give an event with the
 * opcode only. A parameter that fails to decode yields `map.bad-argument` and whatever fields
 * were read before the fault; nothing here throws on malformed input.
 */
import { DEFAULT_BER_DEPTH, type Tlv } from '../../asn1/ber.js';
import type { Anomaly } from '../../core/anomaly.js';
import type { PendingArgs } from '../../events/record.js';
import type { EventArgs, Subscriber } from '../../events/types.js';
import { sendAuthenticationInfoRes } from './args/auth-sets.js';
import {
  provideRoamingNumberArg,
  provideRoamingNumberRes,
  releaseResourcesArg,
  resumeCallHandlingArg,
  sendRoutingInfoArg,
  sendRoutingInfoRes,
} from './args/call.js';
import { noteMmEventArg, ssInvocationNotificationArg } from './args/cse-notification.js';
import { resetArg, restoreDataArg } from './args/fault-recovery.js';
import { failureReportArg, noteMsPresentForGprsArg, sendRoutingInfoForGprsArg, sendRoutingInfoForGprsRes } from './args/gprs.js';
import { groupCallImsiArg } from './args/group-call.js';
import { prepareHandoverArg, prepareSubsequentHandoverArg } from './args/handover.js';
import { anyTimeInterrogationArg, anyTimeSubscriptionInterrogationArg, provideSubscriberInfoArg, subscriberInfoRes } from './args/interrogation.js';
import {
  provideSubscriberLocationArg,
  provideSubscriberLocationRes,
  sendRoutingInfoForLcsArg,
  sendRoutingInfoForLcsRes,
  subscriberLocationReportArg,
} from './args/lcs.js';
import {
  authenticationFailureReportArg,
  cancelLocationArg,
  deleteSubscriberDataArg,
  hlrNumberRes,
  imsiRes,
  purgeMsArg,
  sendAuthenticationInfoArg,
  sendImsiArg,
  updateGprsLocationArg,
  updateLocationArg,
} from './args/mobility.js';
import { beginSubscriberActivityArg, sendParametersArg } from './args/phase1.js';
import { ArgReader, type OwnIdentities } from './args/reader.js';
import { imsiLmsiArg, remoteUserFreeArg } from './args/reporting.js';
import { alertServiceCentreArg, informServiceCentreArg, noteSubscriberPresentArg, readyForSmArg, reportSmDeliveryStatusArg } from './args/sms-alert.js';
import { forwardSmArg, mtForwardSmVgcsArg, sendRoutingInfoForSmArg, sendRoutingInfoForSmRes } from './args/sms.js';
import { registerSsArg, ssForBsCodeArg } from './args/ss.js';
import { anyTimeModificationArg, insertSubscriberDataArg, noteSubscriberDataModifiedArg } from './args/subscriber-data.js';
import { activateTraceModeArg, deactivateTraceModeArg } from './args/tracing.js';
import { ussdArg } from './args/ussd.js';
import { cancelVcsgLocationArg, updateVcsgLocationArg } from './args/vcsg.js';
import { MAP_OP } from './operations.js';

/** A typed decoder: `param` is the whole parameter TLV (read at depth 0). */
type ParamDecoder = (r: ArgReader, param: Tlv, acVersion: number | undefined) => void;

export interface MapDecoders {
  arg?: ParamDecoder;
  res?: ParamDecoder;
}

/** Opcode → typed decoders (TS 29.002 §17.5 opcodes). */
export const MAP_DECODERS: Readonly<Record<number, MapDecoders>> = {
  [MAP_OP.updateLocation]: { arg: updateLocationArg, res: hlrNumberRes },
  [MAP_OP.cancelLocation]: { arg: cancelLocationArg },
  [MAP_OP.provideRoamingNumber]: { arg: provideRoamingNumberArg, res: provideRoamingNumberRes },
  [MAP_OP.noteSubscriberDataModified]: { arg: noteSubscriberDataModifiedArg },
  [MAP_OP.resumeCallHandling]: { arg: resumeCallHandlingArg },
  [MAP_OP.insertSubscriberData]: { arg: insertSubscriberDataArg },
  [MAP_OP.deleteSubscriberData]: { arg: deleteSubscriberDataArg },
  [MAP_OP.sendParameters]: { arg: sendParametersArg },
  [MAP_OP.authenticationFailureReport]: { arg: authenticationFailureReportArg },
  [MAP_OP.releaseResources]: { arg: releaseResourcesArg },
  [MAP_OP['mt-ForwardSM-VGCS']]: { arg: mtForwardSmVgcsArg },
  [MAP_OP.sendRoutingInfo]: { arg: sendRoutingInfoArg, res: sendRoutingInfoRes },
  [MAP_OP.updateGprsLocation]: { arg: updateGprsLocationArg, res: hlrNumberRes },
  [MAP_OP.sendRoutingInfoForGprs]: { arg: sendRoutingInfoForGprsArg, res: sendRoutingInfoForGprsRes },
  [MAP_OP.failureReport]: { arg: failureReportArg },
  [MAP_OP.noteMsPresentForGprs]: { arg: noteMsPresentForGprsArg },
  [MAP_OP.cancelVcsgLocation]: { arg: cancelVcsgLocationArg },
  [MAP_OP.reset]: { arg: resetArg },
  [MAP_OP.sendGroupCallEndSignal]: { arg: groupCallImsiArg },
  [MAP_OP.forwardGroupCallSignalling]: { arg: groupCallImsiArg },
  [MAP_OP['mt-forwardSM']]: { arg: forwardSmArg },
  [MAP_OP.sendRoutingInfoForSM]: { arg: sendRoutingInfoForSmArg, res: sendRoutingInfoForSmRes },
  [MAP_OP['mo-forwardSM']]: { arg: forwardSmArg },
  [MAP_OP['reportSM-DeliveryStatus']]: { arg: reportSmDeliveryStatusArg },
  [MAP_OP.noteSubscriberPresent]: { arg: noteSubscriberPresentArg },
  [MAP_OP.alertServiceCentreWithoutResult]: { arg: alertServiceCentreArg },
  [MAP_OP.activateTraceMode]: { arg: activateTraceModeArg },
  [MAP_OP.deactivateTraceMode]: { arg: deactivateTraceModeArg },
  [MAP_OP.updateVcsgLocation]: { arg: updateVcsgLocationArg },
  [MAP_OP.beginSubscriberActivity]: { arg: beginSubscriberActivityArg },
  [MAP_OP.sendAuthenticationInfo]: { arg: sendAuthenticationInfoArg, res: sendAuthenticationInfoRes },
  [MAP_OP.restoreData]: { arg: restoreDataArg },
  [MAP_OP.sendIMSI]: { arg: sendImsiArg, res: imsiRes },
  [MAP_OP.registerSS]: { arg: registerSsArg },
  [MAP_OP.eraseSS]: { arg: ssForBsCodeArg },
  [MAP_OP.activateSS]: { arg: ssForBsCodeArg },
  [MAP_OP.deactivateSS]: { arg: ssForBsCodeArg },
  [MAP_OP.interrogateSS]: { arg: ssForBsCodeArg },
  [MAP_OP['processUnstructuredSS-Request']]: { arg: ussdArg, res: ussdArg },
  [MAP_OP['unstructuredSS-Request']]: { arg: ussdArg, res: ussdArg },
  [MAP_OP['unstructuredSS-Notify']]: { arg: ussdArg },
  [MAP_OP.anyTimeSubscriptionInterrogation]: { arg: anyTimeSubscriptionInterrogationArg },
  [MAP_OP.informServiceCentre]: { arg: informServiceCentreArg },
  [MAP_OP.alertServiceCentre]: { arg: alertServiceCentreArg },
  [MAP_OP.anyTimeModification]: { arg: anyTimeModificationArg },
  [MAP_OP.readyForSM]: { arg: readyForSmArg },
  [MAP_OP.purgeMS]: { arg: purgeMsArg },
  [MAP_OP.prepareHandover]: { arg: prepareHandoverArg },
  [MAP_OP.prepareSubsequentHandover]: { arg: prepareSubsequentHandoverArg },
  [MAP_OP.provideSubscriberInfo]: { arg: provideSubscriberInfoArg, res: subscriberInfoRes },
  [MAP_OP.anyTimeInterrogation]: { arg: anyTimeInterrogationArg, res: subscriberInfoRes },
  [MAP_OP['ss-InvocationNotification']]: { arg: ssInvocationNotificationArg },
  [MAP_OP.setReportingState]: { arg: imsiLmsiArg },
  [MAP_OP.statusReport]: { arg: imsiLmsiArg },
  [MAP_OP.remoteUserFree]: { arg: remoteUserFreeArg },
  [MAP_OP.provideSubscriberLocation]: { arg: provideSubscriberLocationArg, res: provideSubscriberLocationRes },
  [MAP_OP.sendRoutingInfoForLCS]: { arg: sendRoutingInfoForLcsArg, res: sendRoutingInfoForLcsRes },
  [MAP_OP.subscriberLocationReport]: { arg: subscriberLocationReportArg },
  [MAP_OP['ist-Alert']]: { arg: imsiLmsiArg },
  [MAP_OP['ist-Command']]: { arg: imsiLmsiArg },
  [MAP_OP['noteMM-Event']]: { arg: noteMmEventArg },
};

export interface MapDecodeResult {
  /** Typed fields; undefined when the operation has no typed decoder for this direction. */
  args: EventArgs | undefined;
  /** Every IMSI decoded in the parameter (deduplicated, in order). */
  imsis: string[];
  /** Every E.164 AddressString digit string decoded in the parameter (deduplicated, in order). */
  e164s: string[];
  /** The component's own subscriber identities (imsi / msisdn of the subscriber it is about). */
  subscriber: Subscriber;
  anomalies: Anomaly[];
}

const EMPTY_TLV_ERROR = 'parameter is not a single well-formed TLV';

/**
 * Decodes the MAP parameter TLV at `[offset, end)` of operation `opcode`; `kind` 'arg' for an
 * invoke's argument, 'res' for a result's parameter.
 */
export function decodeMapArgument(
  opcode: number,
  kind: 'arg' | 'res',
  view: DataView,
  bytes: Uint8Array,
  offset: number,
  end: number,
  acVersion?: number,
  maxDepth: number = DEFAULT_BER_DEPTH,
  smsContent = false,
): MapDecodeResult {
  const r = new ArgReader(view, bytes, maxDepth, opcode, kind, acVersion);
  r.smsContent = smsContent;
  const decoded = run(r, opcode, kind, offset, end, acVersion);
  r.complete();
  return { args: decoded ? r.args : undefined, imsis: r.takeImsis(), e164s: r.takeE164s(), subscriber: r.subscriber, anomalies: r.anomalies };
}

/**
 * {@link MAP_DECODERS} as two dense arrays by opcode, one per direction: the lookup per MAP
 * component is an indexed load instead of a keyed load on the table object and a keyed load by
 * the direction's name (1.6 % of the warm decode-only profile on that line: bench/results-notes.md, "decflat").
 */
const ARG_DECODERS: (ParamDecoder | undefined)[] = [];
const RES_DECODERS: (ParamDecoder | undefined)[] = [];
for (const [op, d] of Object.entries(MAP_DECODERS)) {
  const i = Number(op);
  ARG_DECODERS[i] = d.arg;
  RES_DECODERS[i] = d.res;
}
for (const t of [ARG_DECODERS, RES_DECODERS]) for (let i = 0; i < t.length; i++) t[i] ??= undefined; // no holes

/** The typed decoder of (opcode, kind): MAP_DECODERS[opcode]?.[kind]. */
export function mapDecoder(opcode: number, kind: 'arg' | 'res'): ParamDecoder | undefined {
  const t = kind === 'arg' ? ARG_DECODERS : RES_DECODERS;
  return opcode >= 0 && opcode < t.length ? t[opcode] : undefined;
}

/** Runs the typed decoder of (opcode, kind) over the parameter TLV; false when there is none. */
function run(r: ArgReader, opcode: number, kind: 'arg' | 'res', offset: number, end: number, acVersion: number | undefined): boolean {
  const decoder = mapDecoder(opcode, kind);
  if (decoder === undefined) return false;
  r.paramStart = offset;
  const param = r.next(0, offset, end);
  if (param === undefined) {
    r.bad(EMPTY_TLV_ERROR);
  } else {
    try {
      decoder(r, param, acVersion);
    } catch (e) {
      // Defensive: a decoder bug must cost one argument, never the capture.
      r.bad(`decoder fault: ${(e as Error).message}`);
    }
  }
  return true;
}

const SCRATCH_READER = new ArgReader(new DataView(new ArrayBuffer(0)), new Uint8Array(0), DEFAULT_BER_DEPTH, 0, 'arg', undefined);
/**
 * What {@link decodeMapArgumentScratch} returns: the lists stay in the reader until taken; the
 * own IMSI/MSISDN as octet ranges (`own`, no strings); `pending` (the reader) when `args` has
 * digit strings still to make (ArgReader.putAddress): call its `materialize()` before reading
 * `args`, while the bytes are valid.
 */
export type MapScratchResult = Omit<MapDecodeResult, 'imsis' | 'e164s' | 'subscriber'> & {
  own: OwnIdentities;
  /** The reader itself (map/param-memo.ts reads its pended digit ranges). */
  readonly reader: ArgReader;
  pending: PendingArgs | undefined;
  /** A typed decoder ran (`args` is the reader's). */
  decoded: boolean;
};
/**
 * The reused result: `args` is read from the reader when a typed decoder ran (`decoded`) rather
 * than stored here per call (a fresh object stored into this long-lived one is a write-barrier
 * call per MAP component: bench/results-notes.md, "decflat").
 */
class ScratchResult implements MapScratchResult {
  decoded = false;
  pending: PendingArgs | undefined = undefined;
  readonly anomalies: Anomaly[];
  constructor(readonly reader: ArgReader) {
    this.anomalies = reader.anomalies;
  }
  get own(): OwnIdentities {
    return this.reader;
  }
  get args(): EventArgs | undefined {
    return this.decoded ? this.reader.args : undefined;
  }
}
const SCRATCH_RESULT = new ScratchResult(SCRATCH_READER);

/**
 * {@link decodeMapArgument} into a reused reader and result (for TcapDecoder): the result, its
 * `own` identities and `anomalies` are valid until the next call (copy what you keep); `args` is fresh
 * each call and may be kept. The IMSI and E.164 lists stay in the reader: {@link takeScratchImsis}
 * / {@link takeScratchE164s} copy them out (exact size) before the next call, only when an event is
 * built (the fast tier, events/record.ts, does not need them). Not re-entrant (decoders never
 * call it). `defer`: keep the own identities and the AddressStrings of `args` as octets until read
 * (ArgReader.defer; TcapDecoder sets it while its consumer leaves them unread). Saves the reader,
 * result, subscriber and anomaly list per MAP component: measured
 * (sampling heap profiler, 1 M bench prefix) 2473 → 2218 B per message.
 */
export function decodeMapArgumentScratch(
  opcode: number,
  kind: 'arg' | 'res',
  view: DataView,
  bytes: Uint8Array,
  offset: number,
  end: number,
  acVersion: number | undefined,
  maxDepth: number,
  smsContent = false,
  defer = false,
): MapScratchResult {
  const r = SCRATCH_READER;
  r.defer = defer;
  r.reset(view, bytes, maxDepth, opcode, kind, acVersion);
  r.smsContent = smsContent;
  const out = SCRATCH_RESULT;
  out.decoded = run(r, opcode, kind, offset, end, acVersion);
  out.pending = r.pending ? r : undefined;
  return out;
}

/** The `args` object of the last {@link decodeMapArgumentScratch} (fresh per decode: whether the scratch reader still holds a given decode). */
export function scratchArgs(): EventArgs {
  return SCRATCH_READER.args;
}

/** Fresh exact-size copy of the IMSIs of the last {@link decodeMapArgumentScratch}. */
export function takeScratchImsis(): string[] {
  return SCRATCH_READER.takeImsis();
}

/** Fresh exact-size copy of the E.164 numbers of the last {@link decodeMapArgumentScratch}. */
export function takeScratchE164s(): string[] {
  return SCRATCH_READER.takeE164s();
}

/** The IMSIs and E.164 numbers of the last {@link decodeMapArgumentScratch} into reused arrays (their lengths set). */
export function scratchListsInto(imsis: string[], e164s: string[]): void {
  SCRATCH_READER.listsInto(imsis, e164s);
}

/** True when a typed decoder exists for this opcode and direction. */
export function hasMapDecoder(opcode: number, kind: 'arg' | 'res'): boolean {
  return mapDecoder(opcode, kind) !== undefined;
}
