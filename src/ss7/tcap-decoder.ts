/**
 * SCCP unit → TCAP message → one {@link Ss7Event} per component (a message without components is
 * one event). Owns the dialogue table (tcap-dialogues.ts) and runs the MAP parameter decoders.
 *
 * Protocol: 'map' when the application context is a MAP AC (0.4.0.0.1.0.<ac>.<v>), or, when no
 * ACN is known for the dialogue, when either SSN is a MAP SSN (TS 23.003 §8.1; Q.713 Annex B)
 * and the operation (if any) is a MAP operation. 'tcap' for ANSI TCAP, CAMEL and other ACNs.
 */
import { anomaly, type Anomaly, type AnomalySink } from '../core/anomaly.js';
import type { FrameIndexer } from '../core/frame-index.js';
import { resolveLimits, type Limits } from '../core/limits.js';
import { setRecordBytes } from '../core/bytes.js';
import type { CounterSlot, Counters } from '../core/stats.js';
import type { ComponentInfo, EventArgs, Ss7Event, Subscriber, TcapInfo } from '../events/types.js';
import { parseMapAcn, type MapAcn } from './map/application-contexts.js';
import { decodeMapArgumentScratch } from './map/decode.js';
import { mapErrorName } from './map/errors.js';
import { mapOperation, opName } from './map/operations.js';
import { decodeTcap, newTcapMessage, type TcapComponent, type TcapMessage } from './tcap.js';
import { addressKey, DIALOGUE_ANOMALY, DialogueTable, invokedOpcode, MAX_INVOKES_PER_DIALOGUE, rememberInvoke, type Dialogue } from './tcap-dialogues.js';
import type { SccpUnit } from './types.js';

export interface TcapDecoderOptions {
  onEvent: (ev: Ss7Event) => void;
  indexer: FrameIndexer;
  onAnomaly?: AnomalySink;
  counters?: Counters;
  limits?: Partial<Limits>;
  /** Keep SMS content (forwardSM SM-RP-UI as `args.smRpUi` hex); see DecoderOptions.smsContent. */
  smsContent?: boolean;
}

/** SSNs of MAP users (TS 23.003 §8.1): MAP, HLR, VLR, MSC, EIR, AuC, GMLC, gsmSCF (MAP), SIWF, SGSN, GGSN. */
export const MAP_SSNS: ReadonlySet<number> = new Set([5, 6, 7, 8, 9, 10, 145, 147, 148, 149, 150]);

const MAX_CACHED_ACNS = 256;
/** The subscriber of a component without MAP parameter (read only, no object per event). */
const NO_SUBSCRIBER: Readonly<Subscriber> = Object.freeze({});

export class TcapDecoder {
  private readonly msg: TcapMessage;
  private readonly table: DialogueTable;
  private readonly limits: Limits;
  /** Frame of the unit being decoded (for the dialogue table's limit anomalies). */
  private frame = 0;
  /**
   * parseMapAcn by ACN text (null: not MAP), bounded, cleared when full. With decodeOidCached
   * (asn1/oid.ts) the text is the same string object each time, so the lookup skips hashing.
   * Both together, A/B on a 561 k-message prefix of the generator capture, alternated 3×:
   * 126–128 k → 146–152 k messages per CPU second (+16 %).
   */
  private readonly acns = new Map<string, MapAcn | null>();
  /**
   * `tcap.messages` as a slot: `inc(name)` ~30 ns vs `slot.n++` ~3 ns (core/stats.ts). With
   * NO_SUBSCRIBER and addressKey(calling) only for Begin/Continue: A/B 4 alternations, median
   * +8 % messages per CPU second (−1..+34 %, noisy machine).
   */
  private readonly cMessages: CounterSlot;

  constructor(private readonly opts: TcapDecoderOptions) {
    this.limits = resolveLimits(opts.limits);
    this.msg = newTcapMessage(this.limits.berDepth);
    this.cMessages = opts.counters === undefined ? { n: 0 } : opts.counters.slot('tcap.messages');
    this.table = new DialogueTable(this.limits, opts.counters, (code, detail) => this.report(anomaly(code, 'tcap', detail), this.frame));
  }

  get dialogueCount(): number {
    return this.table.size;
  }

  /** Continue/End/Abort halves waiting for their Begin (reordering): ≤ limits.dialogues. */
  get pendingOrphans(): number {
    return this.table.pendingOrphans;
  }

  unit(u: SccpUnit): void {
    this.frame = u.frameNo;
    const m = this.msg;
    setRecordBytes(m, u.view, u.bytes);
    if (decodeTcap(u.view, u.offset, u.end, m) < 0) {
      this.opts.counters?.inc('tcap.not-tcap');
      return;
    }
    this.cMessages.n++;
    const index = this.opts.indexer.next(u.frameNo);
    for (const a of m.anomalies) this.report(a, u.frameNo);

    const d = this.dialogue(m, u);
    let acn = m.acn;
    let acnFromDialogue = false;
    if (d !== undefined) {
      if (m.acn !== undefined) d.acn = m.acn;
      else if (d.acn !== undefined) {
        acn = d.acn;
        acnFromDialogue = true;
      }
    }
    const mapAc = acn !== undefined ? this.mapAcn(acn) : undefined;
    const acVersion = mapAc?.version;
    const mapSsn = !m.ansi && acn === undefined && (MAP_SSNS.has(u.sccp.called.ssn ?? -1) || MAP_SSNS.has(u.sccp.calling.ssn ?? -1));

    const tcap = tcapInfo(m.type, m.otid, m.dtid, acn, acVersion, m.dialogue, m.abortCause, acnFromDialogue);

    if (m.componentCount === 0) {
      const protocol = mapAc !== undefined || mapSsn ? 'map' : 'tcap';
      this.emit(u, index, protocol, tcap, m.anomalies, undefined, undefined, [], [], NO_SUBSCRIBER, d);
    }
    for (let i = 0; i < m.componentCount; i++) {
      const c = m.components[i]!;
      for (const a of c.anomalies) this.report(a, u.frameNo);
      this.component(u, index, m, c, tcap, d, mapAc !== undefined, mapSsn, acVersion);
    }
    // An End/Abort captured before its Begin keeps the dialogue open for the Begin to join
    // (tcap-dialogues.ts, reordering); a Begin that joined an ended orphan completes it.
    if (d !== undefined && !d.awaitingBegin && (d.ended || m.type === 'end' || m.type === 'abort')) this.table.close(d);
  }

  private mapAcn(acn: string): MapAcn | undefined {
    let r = this.acns.get(acn);
    if (r === undefined) {
      if (this.acns.size >= MAX_CACHED_ACNS) this.acns.clear();
      r = parseMapAcn(acn) ?? null;
      this.acns.set(acn, r);
    }
    return r ?? undefined;
  }

  /** Finds or opens the dialogue of this message. */
  private dialogue(m: TcapMessage, u: SccpUnit): Dialogue | undefined {
    const now = u.tsSec;
    switch (m.type) {
      case 'begin':
        return m.otid !== undefined ? this.table.open(addressKey(u.sccp.calling), m.otid, now) : undefined;
      case 'continue': {
        const called = m.dtid !== undefined ? addressKey(u.sccp.called) : undefined;
        let d = called !== undefined ? this.table.find(called, m.dtid!, now) : undefined;
        if (m.otid !== undefined) {
          const calling = addressKey(u.sccp.calling);
          if (d === undefined) {
            this.opts.counters?.inc('tcap.dialogues.unknown');
            // Maybe captured before its Begin: wait for it under the Begin's key (reordering).
            d = called !== undefined ? this.table.openOrphan(calling, m.otid, called, m.dtid!, now, false) : this.table.open(calling, m.otid, now);
          } else this.table.register(d, calling, m.otid);
        }
        return d;
      }
      case 'end':
      case 'abort': {
        if (m.dtid === undefined) {
          this.opts.counters?.inc('tcap.dialogues.unknown');
          return undefined;
        }
        const called = addressKey(u.sccp.called);
        let d = this.table.find(called, m.dtid, now);
        if (d === undefined) {
          this.opts.counters?.inc('tcap.dialogues.unknown');
          d = this.table.openOrphan(undefined, undefined, called, m.dtid, now, true);
        } else if (d.awaitingBegin) d.ended = true;
        return d;
      }
      default:
        return undefined;
    }
  }

  private component(
    u: SccpUnit,
    index: number,
    m: TcapMessage,
    c: TcapComponent,
    tcap: TcapInfo,
    d: Dialogue | undefined,
    mapAc: boolean,
    mapSsn: boolean,
    acVersion: number | undefined,
  ): void {
    let opcode = c.opcode;
    let fromDialogue = false;
    // Invoke ids are allocated per side: key them by the invoker's transaction id.
    if (d !== undefined && c.invokeId !== undefined) {
      if (c.type === 'invoke') {
        if (opcode !== undefined && m.otid !== undefined) {
          // Bounded: invoke ids are one octet per side; more keys than that are a flood.
          if (!rememberInvoke(d, m.otid, c.invokeId, opcode)) {
            this.opts.counters?.inc('tcap.dialogues.invoke-limit');
            this.report(
              anomaly(
                DIALOGUE_ANOMALY.INVOKE_LIMIT,
                'tcap',
                `${MAX_INVOKES_PER_DIALOGUE} outstanding invokes in the dialogue; invoke ${c.invokeId} not remembered`,
              ),
              u.frameNo,
            );
          }
        }
      } else if (m.dtid !== undefined) {
        const invoked = invokedOpcode(d, m.dtid, c.invokeId, c.type !== 'returnResult');
        if (opcode === undefined && invoked !== undefined) {
          opcode = invoked;
          fromDialogue = true;
        }
      }
    }
    const isMap = !m.ansi && (mapAc || (mapSsn && (opcode === undefined || mapOperation(opcode) !== undefined)));
    const op = isMap && opcode !== undefined ? opName(opcode, acVersion) : undefined;
    const error = isMap && c.errorCode !== undefined ? mapErrorName(c.errorCode) : undefined;
    const info = componentInfo(c, fromDialogue, opcode, op, error);

    let args: EventArgs | undefined;
    let imsis: string[];
    let e164: string[];
    let own: Readonly<Subscriber> = NO_SUBSCRIBER;
    const anomalies: Anomaly[] = c.anomalies;
    const kind = c.type === 'invoke' ? 'arg' : c.type === 'returnResultLast' || c.type === 'returnResult' ? 'res' : undefined;
    if (isMap && opcode !== undefined && kind !== undefined && c.paramStart >= 0) {
      // Scratch result: r.subscriber is only read (emit copies its fields), r.anomalies only copied.
      const r = decodeMapArgumentScratch(
        opcode,
        kind,
        u.view,
        u.bytes,
        c.paramStart,
        c.paramEnd,
        acVersion,
        this.limits.berDepth,
        this.opts.smsContent === true,
      );
      args = r.args;
      imsis = r.imsis;
      e164 = r.e164s;
      own = r.subscriber;
      for (const a of r.anomalies) {
        this.report(a, u.frameNo);
        anomalies.push(a);
      }
    } else {
      // Only here: fresh lists made before the branch were garbage for every decoded parameter.
      imsis = [];
      e164 = [];
    }
    // c.anomalies is a fresh array per message (tcap.ts reset), so it can be the event's own. No
    // concat per component, one TcapInfo per message (emit) and the lazy ArgReader.what: A/B 4
    // alternations, median +5 % messages per CPU second (+1..+10 %).
    this.emit(u, index, isMap ? 'map' : 'tcap', tcap, m.anomalies.length === 0 ? anomalies : m.anomalies.concat(anomalies), info, args, imsis, e164, own, d);
  }

  private emit(
    u: SccpUnit,
    index: number,
    protocol: 'map' | 'tcap',
    tcap: TcapInfo,
    anomalies: Anomaly[],
    component: ComponentInfo | undefined,
    args: EventArgs | undefined,
    imsis: string[],
    e164: string[],
    own: Readonly<Subscriber>,
    d: Dialogue | undefined,
  ): void {
    if (d !== undefined) {
      if (own.imsi !== undefined) d.imsi = own.imsi;
      if (own.msisdn !== undefined) d.msisdn = own.msisdn;
    }
    const imsi = own.imsi ?? d?.imsi;
    const msisdn = own.msisdn ?? d?.msisdn;
    // Exact-size literals, keys in the order they were added before (imsi, msisdn): `{}` has 4
    // in-object slots (28 B); `{ imsi, msisdn }` 20 B.
    const subscriber: Subscriber = imsi !== undefined ? (msisdn !== undefined ? { imsi, msisdn } : { imsi }) : msisdn !== undefined ? { msisdn } : {};
    const all = u.anomalies.length === 0 ? anomalies : u.anomalies.concat(anomalies);
    const imsiSource = imsi === undefined ? undefined : own.imsi !== undefined ? 'message' : 'dialogue';
    const mtp = u.mtp;
    // tcap: one object for every event of the message: nothing in detect/ or report/ mutates it.
    let ev: Ss7Event;
    if (mtp !== undefined && component !== undefined) {
      // The usual shape (MTP label and a component) as one literal: 12 literal properties plus 2-4
      // added ones went to an out-of-object property array (allocated, then grown) per event.
      ev = {
        frame: u.frameNo,
        index,
        tsSec: u.tsSec,
        tsNsec: u.tsNsec,
        tsPrecision: u.tsPrecision,
        protocol,
        sccp: u.sccp,
        tcap,
        subscriber,
        e164,
        imsis,
        anomalies: all,
        flow: u.flow,
        mtp,
        component,
      };
    } else {
      ev = {
        frame: u.frameNo,
        index,
        tsSec: u.tsSec,
        tsNsec: u.tsNsec,
        tsPrecision: u.tsPrecision,
        protocol,
        sccp: u.sccp,
        tcap,
        subscriber,
        e164,
        imsis,
        anomalies: all,
        flow: u.flow,
      };
      if (mtp !== undefined) ev.mtp = mtp;
      if (component !== undefined) ev.component = component;
    }
    if (args !== undefined) ev.args = args;
    if (imsiSource !== undefined) ev.imsiSource = imsiSource;
    this.opts.onEvent(ev);
  }

  private report(a: Anomaly, frame: number): void {
    if (a.frame === undefined) a.frame = frame;
    if (this.opts.onAnomaly !== undefined) this.opts.onAnomaly(a);
    else this.opts.counters?.inc('anomaly.' + a.code);
  }
}

/**
 * ComponentInfo with the keys in the order they are listed here, only those with a value. The
 * usual shape (invoke id, opcode, op name, parameter) is one literal: adding 4 keys to
 * `{ type }` put them in an out-of-object property array (allocated, then grown) per event.
 */
function componentInfo(c: TcapComponent, fromDialogue: boolean, opcode: number | undefined, op: string | undefined, error: string | undefined): ComponentInfo {
  const type = c.type;
  const invokeId = c.invokeId;
  if (
    invokeId !== undefined &&
    c.linkedId === undefined &&
    !fromDialogue &&
    opcode !== undefined &&
    op !== undefined &&
    c.errorCode === undefined &&
    c.problem === undefined
  ) {
    if (c.paramStart >= 0) return { type, invokeId, opcode, op, paramLength: c.paramEnd - c.paramStart };
    return { type, invokeId, opcode, op };
  }
  const info: ComponentInfo = { type };
  if (invokeId !== undefined) info.invokeId = invokeId;
  if (c.linkedId !== undefined) info.linkedId = c.linkedId;
  if (fromDialogue) info.opcodeFromDialogue = true;
  if (opcode !== undefined) info.opcode = opcode;
  if (op !== undefined) info.op = op;
  if (c.errorCode !== undefined) {
    info.errorCode = c.errorCode;
    if (error !== undefined) info.error = error;
  }
  if (c.problem !== undefined) info.problem = c.problem;
  if (c.paramStart >= 0) info.paramLength = c.paramEnd - c.paramStart;
  return info;
}

/**
 * TcapInfo with the keys in this order, only those with a value; the usual MAP shapes (ACN,
 * version and dialogue PDU with OTID and/or DTID) as one literal each (see componentInfo).
 */
function tcapInfo(
  type: TcapMessage['type'],
  otid: string | undefined,
  dtid: string | undefined,
  acn: string | undefined,
  acVersion: number | undefined,
  dialogue: TcapMessage['dialogue'],
  abortCause: TcapMessage['abortCause'],
  acnFromDialogue: boolean,
): TcapInfo {
  if (acn !== undefined && acVersion !== undefined && dialogue !== undefined && abortCause === undefined && !acnFromDialogue) {
    if (otid !== undefined) return dtid !== undefined ? { type, otid, dtid, acn, acVersion, dialogue } : { type, otid, acn, acVersion, dialogue };
    if (dtid !== undefined) return { type, dtid, acn, acVersion, dialogue };
  }
  const tcap: TcapInfo = { type };
  if (otid !== undefined) tcap.otid = otid;
  if (dtid !== undefined) tcap.dtid = dtid;
  if (acn !== undefined) tcap.acn = acn;
  if (acVersion !== undefined) tcap.acVersion = acVersion;
  if (dialogue !== undefined) tcap.dialogue = dialogue;
  if (abortCause !== undefined) tcap.abortCause = abortCause;
  if (acnFromDialogue) tcap.acnFromDialogue = true;
  return tcap;
}
