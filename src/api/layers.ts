/**
 * Per-layer entry points for vendors who already hold SIGTRAN or Diameter PDUs from their own
 * probe: M3UA, SCCP, TCAP or Diameter bytes in, typed events out, no pcap needed.
 *
 * These are the convenience tier: they copy nothing of the caller's bytes but allocate the
 * returned events, and their names say so (`decodeM3uaEvents` ...). The zero-allocation tier
 * (`decodeM3ua(view, offset, end, out) → end offset | -1` and friends, reading into caller-owned
 * reused records) is exported by `sigwatch/ss7` and `sigwatch/diameter`; no name means two things
 * across the entry points (test/api/entry-names.test.ts).
 *
 * A {@link LayerDecoder} keeps TCAP dialogue and Diameter transaction tables between calls, so a
 * TCAP Continue/End or a Diameter answer fed after its Begin/request is matched to its operation
 * (and IMSI); the one-shot functions use a fresh decoder per call.
 */
import { checked, checkOptions, layerOptionsSchema, pduOptionsSchema } from './options.js';
import type { AnomalySink } from '../core/anomaly.js';
import { ErrorCode, expectBytes, SigwatchError } from '../core/errors.js';
import { FrameIndexer } from '../core/frame-index.js';
import type { Limits } from '../core/limits.js';
import { Counters } from '../core/stats.js';
import { DiameterDecoder } from '../diameter/decoder.js';
import type { DiameterEvent, SccpInfo, SignallingEvent, Ss7Event } from '../events/types.js';
import { mtp3LabelLength } from '../ss7/mtp3.js';
import { Ss7Transport } from '../ss7/ss7-transport.js';
import { TcapDecoder } from '../ss7/tcap-decoder.js';
import type { Mtp3Variant, SccpUnit } from '../ss7/types.js';
import type { Flow, Payload, PayloadProto } from '../transport/types.js';

export interface LayerDecoderOptions {
  limits?: Partial<Limits>;
  /** MTP3 routing label variant for M3UA protocol data (default 'itu'). */
  mtp3?: Mtp3Variant;
  /** Receives every anomaly (they are also attached to the events they belong to). */
  onAnomaly?: AnomalySink;
}

/** Where a PDU sits in the caller's own capture: becomes the events' `frame` and `ts`. */
export interface PduMeta {
  /** 1-based frame number (default: a counter of the calls on this decoder). */
  frame?: number;
  /** Capture time, seconds since the epoch and nanoseconds (default 0). */
  tsSec?: number;
  tsNsec?: number;
}

/** TCAP bytes carry no addresses: pass the SCCP part of the message when known. */
export interface TcapMeta extends PduMeta {
  sccp?: SccpInfo;
}

/** The flow every PDU of a LayerDecoder is attributed to (the caller has no pcap flows). */
const DIRECT_FLOW: Flow = Object.freeze({ id: 0, transport: 'sctp', src: '', dst: '', srcPort: 0, dstPort: 0 });
const NO_SCCP: SccpInfo = { type: 'udt', typeCode: 0x09, calling: { ri: 'ssn', gti: 0 }, called: { ri: 'ssn', gti: 0 } };

export class LayerDecoder {
  /** Counters of the layers used (messages, drops, anomalies by code). */
  readonly counters = new Counters();
  private readonly out: SignallingEvent[] = [];
  private readonly ss7: Ss7Transport;
  private readonly tcapDecoder: TcapDecoder;
  private readonly diameterDecoder: DiameterDecoder;
  private readonly variant: Mtp3Variant;
  private frameNo = 0;

  constructor(opts: LayerDecoderOptions = {}) {
    checkOptions('LayerDecoder', layerOptionsSchema, opts);
    const counters = this.counters;
    const user = opts.onAnomaly;
    const onAnomaly: AnomalySink = (a) => {
      counters.inc('anomaly.' + a.code);
      user?.(a);
    };
    const indexer = new FrameIndexer();
    const limits = opts.limits ?? {};
    const onEvent = (ev: SignallingEvent): void => void this.out.push(ev);
    this.variant = opts.mtp3 ?? 'itu';
    this.tcapDecoder = new TcapDecoder({ onEvent, indexer, onAnomaly, counters, limits });
    this.ss7 = new Ss7Transport({ onUnit: (u) => this.tcapDecoder.unit(u), onAnomaly, counters, limits, mtp3Variant: this.variant });
    this.diameterDecoder = new DiameterDecoder({ onEvent, indexer, onAnomaly, counters, limits });
  }

  /** One M3UA message (RFC 4666 §3) → the events of the TCAP message it carries (none for management messages). */
  m3ua(bytes: Uint8Array, meta: PduMeta = {}): Ss7Event[] {
    expectBytes('LayerDecoder.m3ua()', bytes);
    this.ss7.payload(this.payload('m3ua', bytes, meta));
    return this.take() as Ss7Event[];
  }

  /**
   * One SCCP message (Q.713 UDT/XUDT/LUDT ...) → its TCAP events. Fed to the MTP3 layer behind
   * a zero routing label, which is removed from the events again (the caller gave no MTP3 part).
   */
  sccp(bytes: Uint8Array, meta: PduMeta = {}): Ss7Event[] {
    expectBytes('LayerDecoder.sccp()', bytes);
    const label = mtp3LabelLength(this.variant);
    const msu = new Uint8Array(1 + label + bytes.length);
    msu[0] = 0x03; // SIO: SI 3 = SCCP (Q.704 §14.2.1), NI 0
    msu.set(bytes, 1 + label);
    this.ss7.payload(this.payload('mtp3', msu, meta));
    const events = this.take() as Ss7Event[];
    for (const ev of events) delete ev.mtp;
    return events;
  }

  /** One TCAP message (Q.773) → one event per component. */
  tcap(bytes: Uint8Array, meta: TcapMeta = {}): Ss7Event[] {
    expectBytes('LayerDecoder.tcap()', bytes);
    const p = this.payload('m3ua', bytes, meta);
    const sccp = meta.sccp ?? NO_SCCP;
    const info = { ...sccp, calling: { ...sccp.calling }, called: { ...sccp.called } };
    const unit: SccpUnit = {
      frameNo: p.frameNo,
      tsSec: p.tsSec,
      tsNsec: p.tsNsec,
      tsPrecision: p.tsPrecision,
      flow: DIRECT_FLOW,
      mtp: undefined,
      sccp: info,
      sccpInfo: () => info,
      bytes,
      view: p.view,
      offset: 0,
      end: bytes.length,
      anomalies: [],
    };
    this.tcapDecoder.unit(unit);
    return this.take() as Ss7Event[];
  }

  /** One Diameter message (RFC 6733 §3) → its event (none when it cannot be decoded; see `counters`). */
  diameter(bytes: Uint8Array, meta: PduMeta = {}): DiameterEvent[] {
    expectBytes('LayerDecoder.diameter()', bytes);
    this.diameterDecoder.payload(this.payload('diameter', bytes, meta));
    return this.take() as DiameterEvent[];
  }

  /**
   * The input ended: TCAP halves still waiting for their Begin and Diameter answers still waiting
   * for their request are counted as reorder-expired (`counters`), as `Decoder.end()` does.
   */
  end(): void {
    this.tcapDecoder.end();
    this.diameterDecoder.end();
  }

  private payload(proto: PayloadProto, bytes: Uint8Array, meta: PduMeta): Payload {
    const frame = meta.frame;
    // As the one-shot functions' schema (options.ts `frame`): a Diameter answer names its request by frame, −1 meaning none (review 18-B F2).
    if (frame !== undefined && !(Number.isSafeInteger(frame) && frame > 0))
      throw new SigwatchError(ErrorCode.BAD_OPTION, `LayerDecoder: meta.frame must be a positive integer, got ${String(frame)}`);
    this.frameNo = frame ?? this.frameNo + 1;
    return {
      proto,
      bytes,
      view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength),
      offset: 0,
      end: bytes.length,
      frameNo: this.frameNo,
      tsSec: meta.tsSec ?? 0,
      tsNsec: meta.tsNsec ?? 0,
      tsPrecision: meta.tsNsec !== undefined && meta.tsNsec % 1000 !== 0 ? 9 : 6,
      flow: DIRECT_FLOW,
      stream: 0,
      ppid: 0,
      tsn: -1,
      copyGroup: 0,
      copyWitness: () => -1,
      sctpChecksumOk: () => true,
    };
  }

  private take(): SignallingEvent[] {
    return this.out.splice(0);
  }
}

/** One M3UA message → its events (a fresh {@link LayerDecoder}; use one decoder for a dialogue). */
export function decodeM3uaEvents(bytes: Uint8Array, options: LayerDecoderOptions & PduMeta = {}): Ss7Event[] {
  return oneShot('decodeM3uaEvents', options).m3ua(bytes, options);
}

/** One SCCP message → its events. */
export function decodeSccpEvents(bytes: Uint8Array, options: LayerDecoderOptions & PduMeta = {}): Ss7Event[] {
  return oneShot('decodeSccpEvents', options).sccp(bytes, options);
}

/** One TCAP message → one event per component. */
export function decodeTcapEvents(bytes: Uint8Array, options: LayerDecoderOptions & TcapMeta = {}): Ss7Event[] {
  return oneShot('decodeTcapEvents', options).tcap(bytes, options);
}

/** One Diameter message → its event. */
export function decodeDiameterEvents(bytes: Uint8Array, options: LayerDecoderOptions & PduMeta = {}): DiameterEvent[] {
  return oneShot('decodeDiameterEvents', options).diameter(bytes, options);
}

/** The fresh decoder of a one-shot call, its options checked once (as `entry`'s). */
function oneShot(entry: string, options: LayerDecoderOptions & PduMeta): LayerDecoder {
  checkOptions(entry, pduOptionsSchema, options);
  return new LayerDecoder(checked(layerOptions(options)));
}

/** The decoder's part of a one-shot call's options (the rest describes the PDU). */
function layerOptions(o: LayerDecoderOptions): LayerDecoderOptions {
  const out: LayerDecoderOptions = {};
  if (o.limits !== undefined) out.limits = o.limits;
  if (o.mtp3 !== undefined) out.mtp3 = o.mtp3;
  if (o.onAnomaly !== undefined) out.onAnomaly = o.onAnomaly;
  return out;
}
