/**
 * Field-by-field comparison of decoded events with tshark golden lines. A golden line agrees
 * when sigwatch produced a message at the same (frame, index) whose values equal every field the
 * line gives (null = tshark did not show it = not compared).
 *
 * TCAP lines: components are compared with sigwatch's `map` events only (tshark puts CAMEL and
 * other TCAP users in other layers, so its golden `components` are empty for them). ACN and
 * result opcodes that sigwatch took from the dialogue table (tshark shows only what the message
 * itself carries) are compared only when the golden line has them.
 */
import type { DiameterEvent, SignallingEvent, Ss7Event } from '../events/types.js';
import type { GoldenComponent, GoldenDiameter, GoldenLine, GoldenTcap } from './golden.js';

export interface Disagreement {
  frame: number;
  index: number;
  field: string;
  expected: unknown;
  actual: unknown;
}

export function groupEvents(events: Iterable<SignallingEvent>): Map<string, SignallingEvent[]> {
  const byKey = new Map<string, SignallingEvent[]>();
  for (const ev of events) {
    const k = `${ev.frame}:${ev.index}`;
    const list = byKey.get(k);
    if (list) list.push(ev);
    else byKey.set(k, [ev]);
  }
  return byKey;
}

export function compareLine(line: GoldenLine, events: SignallingEvent[] | undefined): Disagreement[] {
  const d: Disagreement[] = [];
  const put = (field: string, expected: unknown, actual: unknown): void => {
    if (expected === null || expected === undefined) return;
    if (!same(expected, actual)) d.push({ frame: line.frame, index: line.index, field, expected, actual });
  };
  if (!events || events.length === 0) {
    d.push({ frame: line.frame, index: line.index, field: 'message', expected: line.proto, actual: null });
    return d;
  }
  if (line.proto === 'diameter') {
    const ev = events.find((e): e is DiameterEvent => e.protocol === 'diameter');
    if (!ev) return [{ frame: line.frame, index: line.index, field: 'proto', expected: 'diameter', actual: events[0]!.protocol }];
    compareDiameter(line, ev, put);
  } else {
    const ss7 = events.filter((e): e is Ss7Event => e.protocol !== 'diameter');
    if (ss7.length === 0) return [{ frame: line.frame, index: line.index, field: 'proto', expected: 'tcap', actual: events[0]!.protocol }];
    compareTcap(line, ss7, put);
  }
  return d;
}

type Put = (field: string, expected: unknown, actual: unknown) => void;

function compareTcap(g: GoldenTcap, evs: Ss7Event[], put: Put): void {
  const ev = evs[0]!;
  put('opc', g.opc, ev.mtp?.opc);
  put('dpc', g.dpc, ev.mtp?.dpc);
  put('sccp_type', g.sccp_type, ev.sccp.typeCode);
  put('calling_gt', g.calling_gt, ev.sccp.calling.gt);
  put('called_gt', g.called_gt, ev.sccp.called.gt);
  put('calling_ssn', g.calling_ssn, ev.sccp.calling.ssn);
  put('called_ssn', g.called_ssn, ev.sccp.called.ssn);
  put('tcap', g.tcap, ev.tcap.type);
  put('otid', g.otid, ev.tcap.otid);
  put('dtid', g.dtid, ev.tcap.dtid);
  put('acn', g.acn, ev.tcap.acn);
  const ours = evs.filter((e) => e.protocol === 'map' && e.component !== undefined);
  put('components.length', g.components.length, ours.length);
  const n = Math.min(g.components.length, ours.length);
  for (let i = 0; i < n; i++) compareComponent(`components[${i}]`, g.components[i]!, ours[i]!, put);
}

function compareComponent(at: string, g: GoldenComponent, ev: Ss7Event, put: Put): void {
  const c = ev.component!;
  put(`${at}.type`, g.type, c.type);
  put(`${at}.invoke_id`, g.invoke_id, c.invokeId);
  put(`${at}.opcode`, g.opcode, c.opcode);
  put(`${at}.error_code`, g.error_code, c.errorCode);
  put(`${at}.imsi`, g.imsi, ev.imsis);
  put(`${at}.e164`, g.e164, ev.e164);
}

function compareDiameter(g: GoldenDiameter, ev: DiameterEvent, put: Put): void {
  const m = ev.diameter;
  put('cmd', g.cmd, m.cmd);
  put('app', g.app, m.app);
  put('request', g.request, m.request);
  put('proxyable', g.proxyable, m.proxyable);
  put('error', g.error, m.error);
  put('hbh', g.hbh, m.hbh);
  put('e2e', g.e2e, m.e2e);
  put('avps', g.avps, m.avps);
  put('session_id', g.session_id, m.sessionId);
  put('origin_host', g.origin_host, m.originHost);
  put('origin_realm', g.origin_realm, m.originRealm);
  put('dest_host', g.dest_host, m.destHost);
  put('dest_realm', g.dest_realm, m.destRealm);
  put('user_name', g.user_name, m.userName);
  put('visited_plmn', g.visited_plmn, m.visitedPlmn);
  put('result_code', g.result_code, m.resultCode);
  put('exp_result_code', g.exp_result_code, m.expResultCode);
  put('route_record', g.route_record, m.routeRecord);
}

function same(a: unknown, b: unknown): boolean {
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => same(x, b[i]));
  }
  return a === b;
}
