/**
 * MAP parameter decoding: operation code + invoke/result → typed decoder (TS 29.002 §17.6/§17.7).
 * The decoder table is built once; operations without a typed decoder give an event with the
 * opcode only. A parameter that fails to decode yields `map.bad-argument` and whatever fields
 * were read before the fault; nothing here throws on malformed input.
 */
import { DEFAULT_BER_DEPTH, type Tlv } from '../../asn1/ber.js';
import type { Anomaly } from '../../core/anomaly.js';
import type { EventArgs, Subscriber } from '../../events/types.js';
import { provideRoamingNumberArg, provideRoamingNumberRes, sendRoutingInfoArg, sendRoutingInfoRes } from './args/call.js';
import { sendRoutingInfoForGprsArg, sendRoutingInfoForGprsRes } from './args/gprs.js';
import { anyTimeInterrogationArg, provideSubscriberInfoArg, subscriberInfoRes } from './args/interrogation.js';
import { provideSubscriberLocationArg, provideSubscriberLocationRes, sendRoutingInfoForLcsArg, sendRoutingInfoForLcsRes, subscriberLocationReportArg } from './args/lcs.js';
import {
  cancelLocationArg,
  deleteSubscriberDataArg,
  hlrNumberRes,
  imsiRes,
  insertSubscriberDataArg,
  purgeMsArg,
  sendAuthenticationInfoArg,
  sendImsiArg,
  updateGprsLocationArg,
  updateLocationArg,
} from './args/mobility.js';
import { ArgReader } from './args/reader.js';
import { forwardSmArg, sendRoutingInfoForSmArg, sendRoutingInfoForSmRes } from './args/sms.js';
import { ussdArg } from './args/ussd.js';
import { opName } from './operations.js';

/** A typed decoder: `param` is the whole parameter TLV (read at depth 0). */
export type ParamDecoder = (r: ArgReader, param: Tlv, acVersion: number | undefined) => void;

export interface MapDecoders {
  arg?: ParamDecoder;
  res?: ParamDecoder;
}

/** Opcode → typed decoders (TS 29.002 §17.5 opcodes). */
export const MAP_DECODERS: Readonly<Record<number, MapDecoders>> = {
  2: { arg: updateLocationArg, res: hlrNumberRes },
  3: { arg: cancelLocationArg },
  4: { arg: provideRoamingNumberArg, res: provideRoamingNumberRes },
  7: { arg: insertSubscriberDataArg },
  8: { arg: deleteSubscriberDataArg },
  22: { arg: sendRoutingInfoArg, res: sendRoutingInfoRes },
  23: { arg: updateGprsLocationArg, res: hlrNumberRes },
  24: { arg: sendRoutingInfoForGprsArg, res: sendRoutingInfoForGprsRes },
  44: { arg: forwardSmArg },
  45: { arg: sendRoutingInfoForSmArg, res: sendRoutingInfoForSmRes },
  46: { arg: forwardSmArg },
  56: { arg: sendAuthenticationInfoArg },
  58: { arg: sendImsiArg, res: imsiRes },
  59: { arg: ussdArg, res: ussdArg },
  60: { arg: ussdArg, res: ussdArg },
  61: { arg: ussdArg },
  67: { arg: purgeMsArg },
  70: { arg: provideSubscriberInfoArg, res: subscriberInfoRes },
  71: { arg: anyTimeInterrogationArg, res: subscriberInfoRes },
  83: { arg: provideSubscriberLocationArg, res: provideSubscriberLocationRes },
  85: { arg: sendRoutingInfoForLcsArg, res: sendRoutingInfoForLcsRes },
  86: { arg: subscriberLocationReportArg },
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
): MapDecodeResult {
  const decoder = MAP_DECODERS[opcode]?.[kind];
  const name = opName(opcode, acVersion) ?? `opcode ${opcode}`;
  const r = new ArgReader(view, bytes, maxDepth, `${name} ${kind}`);
  if (decoder === undefined) return { args: undefined, imsis: r.imsis, e164s: r.e164s, subscriber: r.subscriber, anomalies: r.anomalies };
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
  return { args: r.args, imsis: r.imsis, e164s: r.e164s, subscriber: r.subscriber, anomalies: r.anomalies };
}

/** True when a typed decoder exists for this opcode and direction. */
export function hasMapDecoder(opcode: number, kind: 'arg' | 'res'): boolean {
  return MAP_DECODERS[opcode]?.[kind] !== undefined;
}
