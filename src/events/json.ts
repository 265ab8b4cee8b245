/**
 * JSON form of events (ARCHITECTURE.md §4, `sigwatch decode --jsonl`). Keys whose value is
 * undefined are omitted; key order is stable so golden files diff cleanly.
 */
import { isoTimestamp } from '../core/time.js';
import type { SccpAddressInfo, SignallingEvent } from './types.js';

export type JsonEvent = Record<string, unknown>;

export function toJsonEvent(ev: SignallingEvent): JsonEvent {
  const out: JsonEvent = {
    frame: ev.frame,
    index: ev.index,
    ts: isoTimestamp(ev.tsSec, ev.tsNsec, ev.tsPrecision),
    protocol: ev.protocol,
  };
  const f = ev.flow;
  if (f !== undefined && f.src !== '') out.flow = { transport: f.transport, src: f.src, dst: f.dst, srcPort: f.srcPort, dstPort: f.dstPort };
  if (ev.protocol === 'diameter') {
    out.diameter = { ...ev.diameter };
  } else {
    if (ev.mtp) out.mtp = { opc: ev.mtp.opc, dpc: ev.mtp.dpc, si: ev.mtp.si, ni: ev.mtp.ni };
    out.sccp = {
      type: ev.sccp.type,
      calling: address(ev.sccp.calling),
      called: address(ev.sccp.called),
    };
    out.tcap = clean({
      type: ev.tcap.type,
      otid: ev.tcap.otid,
      dtid: ev.tcap.dtid,
      acn: ev.tcap.acn,
      acVersion: ev.tcap.acVersion,
    });
    if (ev.component) {
      const c = ev.component;
      out.component = clean({
        type: c.type,
        invokeId: c.invokeId,
        linkedId: c.linkedId,
        opcode: c.opcode,
        op: c.op,
        errorCode: c.errorCode,
        error: c.error,
        problem: c.problem,
      });
    }
  }
  out.subscriber = clean({ imsi: ev.subscriber.imsi, msisdn: ev.subscriber.msisdn });
  if (ev.imsiSource !== undefined) out.imsiSource = ev.imsiSource;
  if (ev.args !== undefined) out.args = ev.args;
  out.e164 = ev.e164;
  if (ev.protocol !== 'diameter') out.imsis = ev.imsis;
  out.anomalies = ev.anomalies.map((a) => ({ code: a.code, layer: a.layer, detail: a.detail }));
  return out;
}

function address(a: SccpAddressInfo): JsonEvent {
  return clean({ gt: a.gt, ssn: a.ssn, pc: a.pc, nai: a.nai, np: a.np, tt: a.tt, ri: a.ri });
}

function clean(o: Record<string, unknown>): JsonEvent {
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
  return o;
}
