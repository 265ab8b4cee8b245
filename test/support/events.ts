/**
 * SignallingEvent factories for detector/state tests: events built directly (no capture), with
 * only the fields the detector reads. Frames auto-number unless given; `ts` is epoch seconds.
 */
import type { ComponentType, DiameterEvent, EventArgs, Ss7Event } from '../../src/events/types.js';

let nextFrame = 1;

/** The fields every event has, for the only message of frame `frame` (auto-numbered when undefined) at `tsSec`. */
export function eventHead(frame: number | undefined, tsSec = 1_700_000_000) {
  return {
    frame: frame ?? nextFrame++,
    index: 0,
    tsSec,
    tsNsec: 0,
    tsPrecision: 6 as const,
    subscriber: {},
    e164: [] as string[],
    anomalies: [],
  };
}

export interface MapOpts {
  op: number;
  type?: ComponentType;
  callingGt?: string;
  /** SCCP nature of address of the calling GT (Q.713 §3.4.2.3.1; 4 international when absent). */
  callingNai?: number;
  /** SCCP numbering plan of the calling GT (Q.713 §3.4.2.3.3; absent: none given). */
  callingNp?: number;
  calledGt?: string;
  opc?: number;
  imsi?: string;
  msisdn?: string;
  args?: EventArgs;
  ts?: number;
  frame?: number;
  /** The TCAP part; default a Begin (otid 01020304) for an invoke, else the End answering it (dtid 01020304). */
  tcap?: Ss7Event['tcap'];
  /**
   * `component.answersRequest` (events/record.ts): the decoder matched the message to its dialogue's
   * Begin and its addressee. Default: true inside a dialogue (a Continue / End: the default End answering the Begin, an ISD in the UL's), false for a Begin.
   */
  answers?: boolean;
}

function mapEvent(o: MapOpts): Ss7Event {
  const ev: Ss7Event = {
    protocol: 'map',
    ...eventHead(o.frame, o.ts),
    sccp: {
      type: 'udt',
      typeCode: 0x09,
      calling: { ri: 'gt', gti: 4, ssn: 7 },
      called: { ri: 'gt', gti: 4, ssn: 6 },
    },
    tcap: o.tcap ?? ((o.type ?? 'invoke') === 'invoke' ? { type: 'begin', otid: '01020304' } : { type: 'end', dtid: '01020304' }),
    component: { type: o.type ?? 'invoke', invokeId: 1, opcode: o.op },
    imsis: o.imsi === undefined ? [] : [o.imsi],
  };
  if (o.callingGt !== undefined) ev.sccp.calling.gt = o.callingGt;
  if (o.callingNai !== undefined) ev.sccp.calling.nai = o.callingNai;
  if (o.callingNp !== undefined) ev.sccp.calling.np = o.callingNp;
  if (o.calledGt !== undefined) ev.sccp.called.gt = o.calledGt;
  if (o.opc !== undefined) ev.mtp = { opc: o.opc, dpc: 1, si: 3, ni: 2 };
  if (o.imsi !== undefined) ev.subscriber.imsi = o.imsi;
  if (o.msisdn !== undefined) ev.subscriber.msisdn = o.msisdn;
  if (o.args !== undefined) ev.args = o.args;
  if (o.answers ?? ev.tcap.type !== 'begin') ev.component!.answersRequest = true;
  return ev;
}

export const mapInvoke = (o: MapOpts): Ss7Event => mapEvent(o);
export const mapResult = (o: MapOpts): Ss7Event => mapEvent({ ...o, type: 'returnResultLast' });

/** UpdateLocation invoke from a VLR: calling GT defaults to the VLR number (a consistent UL). */
export function mapUl(o: { imsi: string; vlr: string; msc?: string; callingGt?: string; hlrGt?: string; ts?: number; frame?: number }): Ss7Event {
  const args: EventArgs = { imsi: o.imsi, vlrNumber: o.vlr, mscNumber: o.msc ?? o.vlr };
  const m: MapOpts = { op: 2, callingGt: o.callingGt ?? o.vlr, calledGt: o.hlrGt ?? '12025550001', imsi: o.imsi, args };
  if (o.ts !== undefined) m.ts = o.ts;
  if (o.frame !== undefined) m.frame = o.frame;
  return mapEvent(m);
}

export interface DiameterOpts {
  app: number;
  cmd: number;
  request?: boolean;
  originRealm?: string;
  originHost?: string;
  destRealm?: string;
  destHost?: string;
  userName?: string;
  msisdn?: string;
  args?: EventArgs;
  routeRecord?: string[];
  ts?: number;
  frame?: number;
}

export function diameterEvent(o: DiameterOpts): DiameterEvent {
  const ev: DiameterEvent = {
    protocol: 'diameter',
    ...eventHead(o.frame, o.ts),
    diameter: {
      cmd: o.cmd,
      app: o.app,
      request: o.request ?? true,
      proxyable: true,
      error: false,
      retransmit: false,
      hbh: '00000001',
      e2e: '00000001',
      avps: [],
      routeRecord: o.routeRecord ?? [],
    },
  };
  const d = ev.diameter;
  if (o.originRealm !== undefined) d.originRealm = o.originRealm;
  if (o.originHost !== undefined) d.originHost = o.originHost;
  if (o.destRealm !== undefined) d.destRealm = o.destRealm;
  if (o.destHost !== undefined) d.destHost = o.destHost;
  if (o.userName !== undefined) {
    d.userName = o.userName;
    ev.subscriber.imsi = o.userName;
  }
  if (o.msisdn !== undefined) ev.subscriber.msisdn = o.msisdn;
  if (o.args !== undefined) ev.args = o.args;
  return ev;
}

/** S6a ULR (TS 29.272 §7.2.3): Origin-Realm of the MME and Visited-PLMN-Id (MCC+MNC digits). */
export function diameterUlr(o: { imsi: string; originRealm: string; visitedPlmn: string; originHost?: string; ts?: number; frame?: number }): DiameterEvent {
  const d: DiameterOpts = {
    app: 16777251,
    cmd: 316,
    originRealm: o.originRealm,
    originHost: o.originHost ?? `mme1.${o.originRealm}`,
    userName: o.imsi,
    args: { visitedPlmn: o.visitedPlmn },
  };
  if (o.ts !== undefined) d.ts = o.ts;
  if (o.frame !== undefined) d.frame = o.frame;
  return diameterEvent(d);
}

/**
 * A MAP event as a TCAP End carrying `args` (UDT between two GT addresses, no MTP or subscriber):
 * the minimum the field catalogue and the argument-conformance comparison read.
 */
export function mapEndWithArgs(frame: number, args: EventArgs | undefined, component?: Ss7Event['component']): Ss7Event {
  const ev: Ss7Event = {
    ...eventHead(frame, 0),
    protocol: 'map',
    imsis: [],
    sccp: { type: 'udt', typeCode: 9, calling: { ri: 'gt', gti: 4 }, called: { ri: 'gt', gti: 4 } },
    tcap: { type: 'end' },
  };
  if (component !== undefined) ev.component = component;
  if (args !== undefined) ev.args = args;
  return ev;
}
