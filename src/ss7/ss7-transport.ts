/**
 * The SS7 layers below TCAP: takes adaptation-layer payloads (M3UA, M2PA, M2UA, SUA, or a bare
 * MTP3 MSU from an MTP2 link), decodes down to SCCP, reassembles segmented XUDT/LUDT (and SUA
 * CLDT) messages and hands one {@link SccpUnit} per connectionless data message to `onUnit`.
 *
 * Everything else is decoded far enough to be counted and skipped: adaptation-layer management
 * (`m3ua.class.aspsm` ...), non-SCCP service indicators (`mtp3.si.5` for ISUP ...), other SCCP
 * message types (`sccp.type.0x01` ...). Malformed data produces an anomaly (sink + the unit's list
 * when a unit still results) and a counter: `<layer>.malformed` when the message is dropped,
 * `<layer>.warnings` when it is still decoded (so the summary's "not analysed/lost" list names only
 * the first); decoding continues with the next payload.
 */
import type { AnomalyCode } from '../core/anomaly-codes.js';
import { anomaly, failureCode, NO_ANOMALIES as NO_ANOMALIES_, type Anomaly, type AnomalySink, type Layer } from '../core/anomaly.js';
import { resolveLimits, type Limits } from '../core/limits.js';
import type { CounterSlot, Counters } from '../core/stats.js';
import type { SccpView } from '../events/record.js';
import type { SccpAddressInfo, SccpInfo, SccpType } from '../events/types.js';
import type { Flow, Payload } from '../transport/types.js';
import { createM2paMessage, decodeM2pa, M2PA_TYPE } from './m2pa.js';
import { createM2uaMessage, decodeM2ua, M2UA_ANOMALY, m2uaClassName } from './m2ua.js';
import { createM3uaMessage, decodeM3ua as decodeM3ua_, M3UA_ANOMALY, m3uaClassName } from './m3ua.js';
import { createMtp3Message, decodeMtp3, MTP3_SI as MTP3_SI_, type Mtp3Message } from './mtp3.js';
import { createSccpMessage, decodeSccp as decodeSccp_, type SccpMessage } from './sccp.js';
import { setRecordBytes as setRecordBytes_ } from '../core/bytes.js';
import { sccpAddressInfo, sccpAddressKey, type SccpVariant } from './sccp-address.js';
import { SccpSegments } from './sccp-segments.js';
import { createSuaMessage, decodeSua, type SuaMessage, suaClassName } from './sua.js';
import { mtpInfoOf, type Mtp3Variant, type MtpView, type SccpUnit, type SccpUnitHandler } from './types.js';

// Imports called or read per message, as this module's own constants: TurboFan loads an import
// from its module cell (hole and target checks) at every use; an own `const` is embedded
// (bench/results-notes.md, "decode9").
const NO_ANOMALIES = NO_ANOMALIES_;
const decodeM3ua = decodeM3ua_;
const MTP3_SI = MTP3_SI_;
const setRecordBytes = setRecordBytes_;
const decodeSccp = decodeSccp_;

export interface Ss7TransportOptions {
  onUnit: SccpUnitHandler;
  onAnomaly?: AnomalySink;
  counters?: Counters;
  limits?: Partial<Limits>;
  /** MTP3 routing label variant (default 'itu'). */
  mtp3Variant?: Mtp3Variant;
  /** SCCP address layout (default: 'ansi' with ANSI MTP3, 'itu' otherwise). */
  sccpVariant?: SccpVariant;
}

/**
 * SUA messages have no Q.713 code; SccpInfo.typeCode carries the SUA class and type instead
 * (class 7 << 8 | type: CLDT 0x0701, CLDR 0x0702; RFC 3868 §3.1.2).
 */
export const SUA_TYPE_CODE = { cldt: 0x0701, cldr: 0x0702 } as const;

const EMPTY = new Uint8Array(0);
const NO_FLOW: Flow = { id: -1, transport: 'mtp2', src: '', dst: '', srcPort: 0, dstPort: 0 };

export class Ss7Transport {
  private readonly onUnit: SccpUnitHandler;
  private readonly onAnomaly: AnomalySink | undefined;
  private readonly counters: Counters | undefined;
  private readonly segments: SccpSegments;
  private readonly m3ua = createM3uaMessage();
  private readonly m2pa = createM2paMessage();
  private readonly m2ua = createM2uaMessage();
  /** Their variants (routing label, address format) are set from the options in the constructor. */
  private readonly mtp3: Mtp3Message;
  private readonly sccp: SccpMessage;
  private readonly sua = createSuaMessage();
  /** Reused unit handed to onUnit (contract: valid during the callback). */
  private readonly unit: SccpUnit;
  /** The SCCP part of the unit being handed out (reused; protocolClass/returnCause -1 when absent, as in SccpMessage). */
  private readonly sccpView: {
    type: SccpType;
    typeCode: number;
    calling: SccpView['calling'];
    called: SccpView['called'];
    protocolClass: number;
    returnCause: number;
  };
  /** The routing label of the unit being handed out (reused: SccpUnit.mtp; mtpInfo() copies it). */
  private readonly mtpView: MtpView = { opc: 0, dpc: 0, si: 0, ni: 0, sls: 0, mp: -1 };
  /** The SUA unit's fresh SccpInfo (undefined for SCCP units). */
  private suaInfo: SccpInfo | undefined = undefined;
  /**
   * Per-message counters bound once (core/stats.ts: `slot.n++` ~3 ns; `inc(name)` ~30 ns and a
   * name built per message, `mtp3.si.${si}` / `sccp.type.${type}`, ~130 ns: 5 of them per message).
   */
  private readonly cM3ua: CounterSlot;
  private readonly cTransfer: CounterSlot;
  private readonly cSccp: CounterSlot;
  private readonly cUnits: CounterSlot;
  private readonly cSi: CounterSlot[] = [];
  /** `sccp.type.<name>` slots by Q.713 message type code (a code names one type). */
  private readonly cSccpType: (CounterSlot | undefined)[] = [];

  constructor(opts: Ss7TransportOptions) {
    this.onUnit = opts.onUnit;
    this.onAnomaly = opts.onAnomaly;
    this.counters = opts.counters;
    const mtp3Variant = opts.mtp3Variant ?? 'itu';
    this.mtp3 = createMtp3Message(mtp3Variant);
    this.sccp = createSccpMessage(opts.sccpVariant ?? (mtp3Variant === 'ansi' ? 'ansi' : 'itu'));
    // The fast tier: addresses stay in the message's reused flat records; the SccpInfo events
    // carry is built from them only when an event is (unit.sccpInfo()).
    this.sccp.addressObjects = false;
    // The address records are the memo's own, set per message (sccp.ts sharedFields; sccpMessage).
    this.sccp.sharedFields = true;
    const s = this.sccp;
    this.sccpView = { type: 'udt', typeCode: 0, calling: s.callingFields, called: s.calledFields, protocolClass: -1, returnCause: -1 };
    const c = opts.counters;
    const slot = (name: string): CounterSlot => (c === undefined ? { n: 0 } : c.slot(name));
    this.cM3ua = slot('m3ua.messages');
    this.cTransfer = slot('m3ua.class.transfer');
    this.cSccp = slot('sccp.messages');
    this.cUnits = slot('ss7.units');
    for (let si = 0; si < 16; si++) this.cSi.push(slot(`mtp3.si.${si}`));
    const limits = resolveLimits(opts.limits);
    this.segments = new SccpSegments({
      maxEntries: limits.sccpSegments,
      maxAgeSec: limits.sccpSegmentAgeSec,
      maxBytes: limits.sccpSegmentBytes,
      counters: opts.counters,
      onAnomaly: opts.onAnomaly,
    });
    this.unit = {
      frameNo: 0,
      tsSec: 0,
      tsNsec: 0,
      tsPrecision: 6,
      flow: NO_FLOW,
      mtp: undefined,
      mtpInfo: () => mtpInfoOf(this.unit.mtp),
      sccp: this.sccpView,
      sccpInfo: () => this.unitSccpInfo(),
      bytes: EMPTY,
      view: new DataView(EMPTY.buffer),
      offset: 0,
      end: 0,
      anomalies: NO_ANOMALIES,
    };
  }

  /** Segmented messages in progress (for stats and tests). */
  get pendingSegments(): number {
    return this.segments.size;
  }

  /** Bytes held by segmented messages in progress (data + per-segment overhead). */
  get pendingSegmentBytes(): number {
    return this.segments.bufferedBytes;
  }

  payload(p: Payload): void {
    switch (p.proto) {
      // A SIGTRAN message carries its own length (RFC 4666 §3.1.4, RFC 4165 §2.1.1, RFC 3868
      // §3.1): a stack that frames by it reads a second message in the same SCTP user message,
      // so every one is decoded (red team rt10 B1: the second was silently ignored).
      case 'm3ua':
        this.trailing(p, 'm3ua', this.eachSigtran(p, 'm3ua'));
        break;
      case 'm2pa':
        this.trailing(p, 'm2pa', this.eachSigtran(p, 'm2pa'));
        break;
      case 'm2ua':
        this.trailing(p, 'm2ua', this.eachSigtran(p, 'm2ua'));
        break;
      case 'mtp3':
        this.msu(p, p.offset, p.end);
        break;
      case 'sua':
        this.trailing(p, 'sua', this.eachSigtran(p, 'sua'));
        break;
      case 'diameter':
        break;
    }
  }

  /**
   * Decodes each SIGTRAN message of the user message; returns where the undecoded rest starts. A
   * rest shorter than a common header (8 octets, RFC 4666 §3.1) is no message: a sender's padding
   * past its Message Length (review 10-A: it was a fatal anomaly on every message).
   */
  private eachSigtran(p: Payload, layer: 'm3ua' | 'm2pa' | 'm2ua' | 'sua'): number {
    let at = p.offset;
    for (let n = 0; n === 0 || at + 8 <= p.end; n++) {
      if (layer === 'm3ua') at = this.m3uaMessage(p, at, n);
      else if (layer === 'm2pa') at = this.m2paMessage(p, at, n);
      else if (layer === 'm2ua') at = this.m2uaMessage(p, at, n);
      else at = this.suaMessage(p, at, n);
    }
    return at;
  }

  /** Counts octets left after the user message's last SIGTRAN message. */
  private trailing(p: Payload, layer: Layer, at: number): void {
    if (at < p.end) this.counters?.inc(`${layer}.trailing-octets`, p.end - at);
  }

  /** Counts a SIGTRAN message after the first of its SCTP user message (`index` > 0). */
  private bundled(layer: Layer, index: number): void {
    if (index > 0) this.counters?.inc(`${layer}.messages-after-first-in-user-message`);
  }

  /** The M3UA message at `offset` of `p`; returns where the next one starts (`p.end`: none). */
  private m3uaMessage(p: Payload, offset: number, index: number): number {
    const m = this.m3ua;
    const c = this.counters;
    this.cM3ua.n++;
    this.bundled('m3ua', index);
    const next = decodeM3ua(p.view, offset, p.end, m);
    if (next < 0) {
      this.fatal(p, 'm3ua', m.problem, m.detail);
      return p.end;
    }
    let lower: Anomaly[] | undefined;
    if (m.warning !== '') {
      c?.inc('m3ua.warnings');
      lower = [anomaly(m.warning, 'm3ua', m.detail, p.frameNo)];
    }
    if (m.repeatedTag >= 0) (lower ??= []).push(this.repeated(p, 'm3ua', M3UA_ANOMALY.repeatedParameter, m.repeatedTag, 'RFC 4666 §3.3.1'));
    if (m.hasData !== true) {
      if (lower !== undefined) this.report(lower);
      c?.inc(`m3ua.class.${m3uaClassName(m.cls)}`);
      return next;
    }
    this.cTransfer.n++;
    this.siSlot(m.si).n++;
    if (m.si !== MTP3_SI.sccp) {
      if (lower !== undefined) this.report(lower);
      return next;
    }
    const mtp = this.label(m.opc, m.dpc, m.si, m.ni, m.sls, m.mp);
    this.sccpMessage(p, mtp, p.view, p.bytes, m.dataOffset, m.dataEnd, lower);
    return next;
  }

  /** The M2PA message at `offset` of `p`; returns where the next one starts (`p.end`: none). */
  private m2paMessage(p: Payload, offset: number, index: number): number {
    const m = this.m2pa;
    this.counters?.inc('m2pa.messages');
    this.bundled('m2pa', index);
    const next = decodeM2pa(p.view, offset, p.end, m);
    if (next < 0) {
      this.fatal(p, 'm2pa', m.problem, m.detail);
      return p.end;
    }
    if (!m.hasData) this.counters?.inc(m.type === M2PA_TYPE.userData ? 'm2pa.ack' : 'm2pa.link-status');
    else this.msu(p, m.dataOffset, m.dataEnd);
    return next;
  }

  /** The M2UA message at `offset` of `p` (RFC 3331 §3.1: its own length, like M3UA's; rt11 R5); returns where the next one starts. */
  private m2uaMessage(p: Payload, offset: number, index: number): number {
    const m = this.m2ua;
    this.counters?.inc('m2ua.messages');
    this.bundled('m2ua', index);
    const next = decodeM2ua(p.view, offset, p.end, m);
    if (next < 0) {
      this.fatal(p, 'm2ua', m.problem, m.detail);
      return p.end;
    }
    if (!m.hasData) {
      this.counters?.inc(`m2ua.class.${m2uaClassName(m.cls)}`);
      return next;
    }
    this.counters?.inc('m2ua.class.maup');
    const lower = m.repeatedTag < 0 ? undefined : [this.repeated(p, 'm2ua', M2UA_ANOMALY.repeatedParameter, m.repeatedTag, 'RFC 3331 §3.3.1.1')];
    this.msu(p, m.dataOffset, m.dataEnd, lower);
    return next;
  }

  /** An MTP3 MSU `[offset, end)` (SIO first); `lower` as for sccpMessage. */
  private msu(p: Payload, offset: number, end: number, lower?: Anomaly[]): void {
    const m = this.mtp3;
    this.counters?.inc('mtp3.msu');
    if (decodeMtp3(p.view, offset, end, m) < 0) {
      if (lower !== undefined) this.report(lower);
      this.fatal(p, 'mtp3', m.problem, m.detail);
      return;
    }
    this.siSlot(m.si).n++;
    if (m.si !== MTP3_SI.sccp) {
      if (lower !== undefined) this.report(lower);
      return;
    }
    const mtp = this.label(m.opc, m.dpc, m.si, m.ni, m.sls, m.mp);
    this.sccpMessage(p, mtp, p.view, p.bytes, m.dataOffset, m.dataEnd, lower);
  }

  /** A repeated adaptation-layer parameter: the first copy was decoded. */
  private repeated(p: Payload, layer: Layer, code: AnomalyCode, tag: number, clause: string): Anomaly {
    this.counters?.inc(`${layer}.warnings`);
    const hex = tag.toString(16).padStart(4, '0');
    return anomaly(code, layer, `parameter 0x${hex} appears more than once (${clause} lists it once): the first is decoded, the rest ignored`, p.frameNo);
  }

  /** Fills the reused routing label (`mp` < 0: none). */
  private label(opc: number, dpc: number, si: number, ni: number, sls: number, mp: number): MtpView {
    const v = this.mtpView;
    v.opc = opc;
    v.dpc = dpc;
    v.si = si;
    v.ni = ni;
    v.sls = sls;
    v.mp = mp;
    return v;
  }

  /** `lower`: non-fatal anomalies of the adaptation layer, attached to the resulting unit. */
  private sccpMessage(p: Payload, mtp: MtpView, view: DataView, bytes: Uint8Array, offset: number, end: number, lower?: Anomaly[]): void {
    const s = this.sccp;
    const c = this.counters;
    this.cSccp.n++;
    setRecordBytes(s, view, bytes);
    if (decodeSccp(view, offset, end, s) < 0) {
      if (lower !== undefined) this.report(lower);
      if (s.problem === '') c?.inc(`sccp.type.0x${s.typeCode.toString(16).padStart(2, '0')}`);
      else this.fatal(p, 'sccp', s.problem, s.detail);
      return;
    }
    this.sccpTypeSlot(s.typeCode, s.type!).n++;
    let anomalies = this.warnings(p, 'sccp', s.warnings);
    if (lower !== undefined) {
      if (anomalies === NO_ANOMALIES) anomalies = lower;
      else anomalies.unshift(...lower);
    }
    const info = this.sccpView;
    // Pointer fields written only when changed (the memo's shared address records repeat): see tcap-decoder.ts unit().
    if (info.type !== s.type) info.type = s.type!;
    info.typeCode = s.typeCode;
    if (info.calling !== s.callingFields) info.calling = s.callingFields;
    if (info.called !== s.calledFields) info.called = s.calledFields;
    info.protocolClass = s.protocolClass;
    info.returnCause = s.returnCause;
    this.suaInfo = undefined;
    if (s.segmented && !(s.segFirst && s.segRemaining === 0)) {
      // Q.714 §4.1.1.3: a segmented message is identified by the calling party address, the
      // segmentation local reference and the MTP OPC (within its network: NI); kept per flow, a
      // segment on another flow continuing a copy (segments may be load-shared: sccp-segments.ts).
      // The originator (the key without the reference) is the holder the message is charged to.
      const holder = `${mtp.ni}|${mtp.opc}|${sccpAddressKey(s.callingFields)}`;
      if (anomalies === NO_ANOMALIES) anomalies = []; // segments.add appends to it
      const sumOk = p.tsn < 0 || !s.segFirst || p.sctpChecksumOk();
      const whole = this.segments.add(
        holder,
        s.segLocalRef,
        s.segFirst,
        s.segRemaining,
        bytes,
        s.dataOffset,
        s.dataEnd,
        p.tsSec,
        p.frameNo,
        anomalies,
        p.tsn,
        sumOk,
        p.flow.id,
      );
      this.report(anomalies);
      if (whole === undefined) return;
      this.emit(p, mtp, info, whole, new DataView(whole.buffer), 0, whole.length, anomalies);
      return;
    }
    this.report(anomalies);
    this.emit(p, mtp, info, bytes, view, s.dataOffset, s.dataEnd, anomalies);
  }

  /** The SUA message at `offset` of `p`; returns where the next one starts (`p.end`: none). */
  private suaMessage(p: Payload, offset: number, index: number): number {
    const m = this.sua;
    const c = this.counters;
    c?.inc('sua.messages');
    this.bundled('sua', index);
    setRecordBytes(m, p.view, p.bytes);
    const next = decodeSua(p.view, offset, p.end, m);
    if (next < 0) {
      this.fatal(p, 'sua', m.problem, m.detail);
      return p.end;
    }
    c?.inc(`sua.class.${suaClassName(m.cls)}`);
    if (m.hasData) this.suaData(p, m);
    return next;
  }

  private suaData(p: Payload, m: SuaMessage): void {
    let anomalies = this.warnings(p, 'sua', m.warnings);
    const cldr = m.cause >= 0;
    const info = sccpInfo(
      cldr ? 'cldr' : 'cldt',
      cldr ? SUA_TYPE_CODE.cldr : SUA_TYPE_CODE.cldt,
      m.calling!,
      m.called!,
      m.protocolClass,
      cldr ? m.cause & 0xff : -1,
    );
    this.suaInfo = info;
    if (m.segmented && !(m.segFirst && m.segRemaining === 0)) {
      // No MTP label in SUA (RFC 3868): the association stands in for the OPC.
      const holder = `${p.flow.id}|sua|${sccpAddressKey(m.calling!)}`;
      if (anomalies === NO_ANOMALIES) anomalies = []; // segments.add appends to it
      const sumOk = p.tsn < 0 || !m.segFirst || p.sctpChecksumOk();
      const whole = this.segments.add(
        holder,
        m.segLocalRef,
        m.segFirst,
        m.segRemaining,
        p.bytes,
        m.dataOffset,
        m.dataEnd,
        p.tsSec,
        p.frameNo,
        anomalies,
        p.tsn,
        sumOk,
      );
      this.report(anomalies);
      if (whole === undefined) return;
      this.emit(p, undefined, info, whole, new DataView(whole.buffer), 0, whole.length, anomalies);
      return;
    }
    this.report(anomalies);
    this.emit(p, undefined, info, p.bytes, p.view, m.dataOffset, m.dataEnd, anomalies);
  }

  /** The unit's SccpInfo as events carry it: SUA's, else built from the reused SCCP record. */
  private unitSccpInfo(): SccpInfo {
    if (this.suaInfo !== undefined) return this.suaInfo;
    const v = this.sccpView;
    return sccpInfo(v.type, v.typeCode, sccpAddressInfo(this.sccp.callingFields), sccpAddressInfo(this.sccp.calledFields), v.protocolClass, v.returnCause);
  }

  private emit(
    p: Payload,
    mtp: MtpView | undefined,
    info: SccpView,
    bytes: Uint8Array,
    view: DataView,
    offset: number,
    end: number,
    anomalies: Anomaly[],
  ): void {
    const u = this.unit;
    u.frameNo = p.frameNo;
    u.tsSec = p.tsSec;
    u.tsNsec = p.tsNsec;
    u.tsPrecision = p.tsPrecision;
    // Written only when changed (young chunk objects: core/bytes.ts setRecordBytes; the reused
    // label and SCCP view, the flow, the shared NO_ANOMALIES: see tcap-decoder.ts unit()).
    if (u.flow !== p.flow) u.flow = p.flow;
    if (u.mtp !== mtp) u.mtp = mtp;
    if (u.sccp !== info) u.sccp = info;
    if (u.bytes !== bytes) u.bytes = bytes;
    if (u.view !== view) u.view = view;
    u.offset = offset;
    u.end = end;
    if (u.anomalies !== anomalies) u.anomalies = anomalies;
    this.cUnits.n++;
    this.onUnit(u);
  }

  /** M3UA carries SI in a whole octet (RFC 4666 §3.3.1): values above 15 are counted by name. */
  private siSlot(si: number): CounterSlot {
    const slot = this.cSi[si];
    if (slot !== undefined) return slot;
    return this.counters === undefined ? { n: 0 } : this.counters.slot(`mtp3.si.${si}`);
  }

  /** By type code: an array index instead of a Map lookup by the type's name per message. */
  private sccpTypeSlot(code: number, type: SccpType): CounterSlot {
    let slot = this.cSccpType[code];
    if (slot === undefined) {
      slot = this.counters === undefined ? { n: 0 } : this.counters.slot(`sccp.type.${type}`);
      this.cSccpType[code] = slot;
    }
    return slot;
  }

  /** A malformed message that yields no unit: anomaly to the sink and a counter. */
  private fatal(p: Payload, layer: Layer, code: AnomalyCode | '', detail: string): void {
    this.counters?.inc(`${layer}.malformed`);
    this.onAnomaly?.(anomaly(failureCode(code), layer, detail, p.frameNo));
  }

  /**
   * Turns non-fatal codes into the message's fresh anomaly list; none: the shared frozen
   * NO_ANOMALIES (core/anomaly.ts: no fresh array stored into the reused unit per message).
   */
  private warnings(p: Payload, layer: Layer, codes: readonly AnomalyCode[]): Anomaly[] {
    if (codes.length === 0) return NO_ANOMALIES;
    const list: Anomaly[] = [];
    for (const code of codes) {
      this.counters?.inc(`${layer}.warnings`);
      list.push(anomaly(code, layer, `${code}; the message is still decoded`, p.frameNo));
    }
    return list;
  }

  private report(list: readonly Anomaly[]): void {
    if (this.onAnomaly === undefined) return;
    for (let i = 0; i < list.length; i++) this.onAnomaly(list[i]!); // indexed: see tcap-decoder.ts unit()
  }
}

function sccpInfo(type: SccpType, typeCode: number, calling: SccpAddressInfo, called: SccpAddressInfo, protocolClass: number, returnCause: number): SccpInfo {
  // One literal per shape (same key order as adding the optional keys): a property added after
  // construction goes to an out-of-object property array, an allocation per message.
  if (protocolClass >= 0) {
    if (returnCause >= 0) return { type, typeCode, calling, called, protocolClass, returnCause };
    return { type, typeCode, calling, called, protocolClass };
  }
  if (returnCause >= 0) return { type, typeCode, calling, called, returnCause };
  return { type, typeCode, calling, called };
}
