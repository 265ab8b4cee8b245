/**
 * `sigwatch scan --jsonl` alert lines as UTF-8 bytes (issue 19): exactly the bytes of
 * `jsonSafe(alertJson(a)) + '\n'` (report/alert-json.ts, report/safe-text.ts), which is
 * `JSON.stringify(a)` for the detector's alerts, written into reused buffers (report/json-bytes.ts)
 * with no line string, no join, no second escaping pass and no re-encoding.
 *
 * - keys and punctuation are precomputed bytes; the rule's part (`rule` … `tags`) is encoded
 *   once per rule and level;
 * - numbers' digits are written directly; strings are escaped where they are written (every
 *   string can carry text from the capture), but for the `ts` and explanation buildAlert wrote
 *   from parts it checked (detect/alert.ts builtTime, plainExplanation);
 * - the evidence is written from the event (ARCHITECTURE.md §4, the member order of
 *   events/json.ts toJsonEvent) while the alert's lazy `evidence` has not been built; otherwise
 *   `evidence` itself. Operation arguments are written member by member as JSON.stringify
 *   orders them; the Diameter block and the alert's subscriber, origin and visited network by
 *   shape writers (report/alert-shapes.ts); the parts a flood repeats (flow, MTP label, SCCP
 *   addresses, application context, operation, AVP list, origin) from kept bytes
 *   (report/evidence-fragments.ts); the evidence's opening (protocol, flow, MTP label, SCCP type
 *   and addresses, TCAP type; or protocol, flow, Diameter command and flags, with the hosts and
 *   the AVP list and names kept beside it) as one kept copy of those parts joined ({@link
 *   ss7Head}, alert-shapes.ts diameterHead).
 *
 * test/report/alert-json.test.ts compares the bytes with the reference on every alert of pcaps/
 * and the public corpus and on alerts with generated hostile strings: a member added to
 * toJsonEvent or to the alert and not here fails it.
 */
import { alertEvent, alertRecord, builtTime, plainExplanation, type ScanAlert, withExplanation } from '../detect/alert.js';
import type { MtpInfo, SccpAddressInfo, SccpInfo, SignallingEvent } from '../events/types.js';
import { CappedMap } from '../core/capped-map.js';
import { rulePart } from './alert-json.js';
import {
  acnBytes,
  addressKept,
  calledBytes,
  callingBytes,
  HeadCredit,
  addressSnapshot,
  fragment,
  invokeOpBytes,
  KeptText,
  keptFlow,
  mtpBytes,
  OpenWithType,
  opBytes,
} from './evidence-fragments.js';
import {
  diameterMember,
  originMember,
  P_MAP,
  P_TCAP,
  protocolFlow,
  SUBSCRIBER_KEY as A_SUBSCRIBER,
  SUBSCRIBER_OPEN_IMSI,
  subscriberMember,
  type SubscriberWritten,
  visitedMember,
} from './alert-shapes.js';
import { ascii, type Frag, JsonBytes, joined } from './json-bytes.js';

const K = (key: string): Frag => ascii(`,"${key}":`);

const A_FRAME = ascii('{"frame":');
const A_INDEX = K('index');
const A_TS = K('ts');

const A_ORIGIN = K('origin');
const A_VISITED = K('visited');
const A_EXPLANATION = K('explanation');
const A_EVIDENCE = K('evidence');
const A_ASSUMPTIONS = K('assumptions');
const A_SOURCE = K('source');

const E_FRAME = K('frame');
const E_MTP = K('mtp');
const M_OPC = K('opc');
const M_DPC = K('dpc');
const M_SI = K('si');
const M_NI = K('ni');
const E_SCCP = K('sccp');
const S_TYPE = K('type');
const S_CALLING = K('calling');
const S_CALLED = K('called');
const G_GT = K('gt');
const G_SSN = K('ssn');
const G_PC = K('pc');
const G_NAI = K('nai');
const G_NP = K('np');
const G_TT = K('tt');
const G_RI = K('ri');
const G_IP = K('ip');
const G_HOSTNAME = K('hostname');
const E_TCAP = K('tcap');
const T_OTID = K('otid');
const T_DTID = K('dtid');
const T_ACN = K('acn');
const T_AC_VERSION = K('acVersion');
const E_COMPONENT = K('component');
const C_INVOKE_ID = K('invokeId');
const C_LINKED_ID = K('linkedId');
const C_OPCODE = K('opcode');
const C_OP = K('op');
const C_ERROR_CODE = K('errorCode');
const C_ERROR = K('error');
const C_PROBLEM = K('problem');
const U_IMSI = K('imsi');
const U_MSISDN = K('msisdn');
const E_IMSI_SOURCE = K('imsiSource');
const E_ARGS = K('args');
const E_E164 = K('e164');
const E_IMSIS = K('imsis');
const E_E164_OPEN = ascii(',"e164":[');
const E_IMSIS_OPEN = ascii(',"imsis":[');
const E_ANOMALIES = K('anomalies');
/** `,"anomalies":[]` and the evidence's closing `}` (JsonBytes.openBrace sets its `{`). */
const NO_ANOMALIES_END = ascii(',"anomalies":[]}');
const NO_BYTES = ascii('');
const N_CODE = K('code');
const N_LAYER = K('layer');
const N_DETAIL = K('detail');
/** Merged fixed text (one copy instead of two or three): the opening of an object with its first key. */
const EV_OPEN_FRAME = ascii(',"evidence":{"frame":');
const INDEX_0_TS = ascii(',"index":0,"ts":');
const SCCP_OPEN = new OpenWithType('sccp');
const TCAP_OPEN = new OpenWithType('tcap');
const COMPONENT_OPEN = new OpenWithType('component');
/** `}` of the part before (opened with its type, so not empty) + the next part opened with its type. */
const TCAP_AFTER = new KeptText('},"tcap":{"type":');
const COMPONENT_AFTER = new KeptText('},"component":{"type":');
const IMSI_SOURCE = new KeptText(',"imsiSource":');

/** The bytes of the rule's part, per cached variant (a part not kept is encoded each time). */
function ruleBytes(a: ScanAlert): Frag {
  const part = rulePart(a);
  return (part.bytes ??= fragment(part.text));
}

/** Writes alert lines (`--jsonl`) into reused buffers; {@link take} hands out the complete ones. */
export class AlertLines {
  private readonly w = new JsonBytes();
  /** `,"source":…` of the last source written (every alert of a capture names the same file). */
  private source: string | undefined = undefined;
  /** `,"source":…}` and the newline. */
  private sourceBytes: Frag = NO_BYTES;
  /** Where and from which values the alert's `subscriber` member was written (the evidence's is often the same text). */
  private readonly sub: SubscriberWritten = { at: -1, n: 0, imsi: undefined, msisdn: undefined };

  /**
   * Appends the alert's line and its newline. An alert JSON.stringify refuses too (a BigInt or a
   * cycle in a member a consumer set) throws, and its part-written line is dropped: the next line
   * starts clean.
   */
  write(a: ScanAlert): void {
    try {
      this.line(a);
    } catch (e) {
      this.w.rewind(0);
      this.sub.at = -1;
      throw e;
    }
  }

  private line(a: ScanAlert): void {
    withExplanation(a); // an alert built with `explanationInCallback`: its explanation made now
    const w = this.w;
    w.bytes(A_FRAME);
    w.num(a.frame);
    const t = builtTime(a);
    if (t !== undefined) {
      // `ts` is isoTimestamp of the time kept with it: its digits written as the evidence's are
      // (the same second's bytes, kept for both). Not the text itself: a native copy of a
      // 27-character cons string, which it flattened (bench/results-notes.md, "alert12").
      if (a.index === 0) w.isoTs(t.sec, t.nsec, t.precision, true);
      else {
        w.bytes(A_INDEX);
        w.num(a.index);
        w.bytes(A_TS);
        w.isoTs(t.sec, t.nsec, t.precision);
      }
    } else {
      if (a.index === 0) w.bytes(INDEX_0_TS);
      else {
        w.bytes(A_INDEX);
        w.num(a.index);
        w.bytes(A_TS);
      }
      w.str(a.ts);
    }
    w.bytes(ruleBytes(a));
    subscriberMember(w, A_SUBSCRIBER, a.subscriber, this.sub);
    const plain = plainExplanation(a);
    const keyed = originMember(w, A_ORIGIN, a.origin, plain);
    if (plain) {
      if (!keyed) w.bytes(A_EXPLANATION);
      w.plainText(a.explanation);
    } else w.member(A_EXPLANATION, a.explanation);
    // Inside onAlert of a Scanner with `eventInCallback`: the decoder's reused view of the event
    // (events/record.ts eventView), not the event built from the record only to be written.
    const view = alertRecord(a)?.eventView();
    if (view !== undefined) evidence(w, view, this.sub, true);
    else {
      const ev = alertEvent(a);
      if (ev !== undefined) evidence(w, ev, this.sub, false);
      else w.member(A_EVIDENCE, a.evidence);
    }
    visitedMember(w, A_VISITED, a.visited);
    w.member(A_ASSUMPTIONS, a.assumptions);
    const src = a.source;
    if (typeof src === 'string') {
      if (src !== this.source) {
        this.source = src;
        this.sourceBytes = fragment(',"source":' + JSON.stringify(src) + '}\n');
      }
      w.bytes(this.sourceBytes);
    } else {
      w.member(A_SOURCE, src);
      w.byte(125);
      w.byte(10);
    }
    w.endLine();
  }

  /** The complete lines written since the last call, as buffers that are never written again. */
  take(): Uint8Array[] {
    return this.w.take();
  }

  /** Every buffer taken so far has been written: their memory is reused (JsonBytes.written). */
  written(): void {
    this.w.written();
  }
}

/**
 * `,"evidence":` + toJsonEvent(ev) as JSON (events/json.ts): the same members in the same order.
 * `view`: `ev` is a decoder's reused view of the event (RecordSource.view: every key present,
 * undefined where the event has none), read here and not kept.
 */
function evidence(w: JsonBytes, ev: SignallingEvent, written: SubscriberWritten, view: boolean): void {
  let open: number;
  if (typeof ev.frame === 'number') {
    open = w.opened(EV_OPEN_FRAME);
    w.num(ev.frame);
  } else {
    w.bytes(A_EVIDENCE);
    open = w.mark();
    w.member(E_FRAME, ev.frame);
  }
  if (ev.index === 0) w.isoTs(ev.tsSec, ev.tsNsec, ev.tsPrecision, true);
  else {
    w.member(A_INDEX, ev.index);
    w.bytes(A_TS);
    w.isoTs(ev.tsSec, ev.tsNsec, ev.tsPrecision);
  }
  const protocol = ev.protocol;
  const f = ev.flow;
  if (protocol === 'diameter') diameterMember(w, ev.diameter, f, view);
  else {
    const m = ev.mtp;
    const sccp = ev.sccp;
    const t = ev.tcap;
    const tcapType = t.type;
    let o: number;
    const head = ss7Head(protocol, f, m, sccp, tcapType);
    if (head !== undefined) {
      w.bytes(head.bytes);
      o = w.mark() - head.back;
    } else {
      protocolFlow(w, protocol, f);
      const mb = m ? mtpBytes(m) : undefined;
      if (mb !== undefined) w.bytes(mb);
      else if (m) {
        w.bytes(E_MTP);
        const o = w.mark();
        w.member(M_OPC, m.opc);
        w.member(M_DPC, m.dpc);
        w.member(M_SI, m.si);
        w.member(M_NI, m.ni);
        w.close(o);
      }
      const sccpType = sccp.type;
      o = opened(w, E_SCCP, SCCP_OPEN, sccpType);
      const calling = callingBytes(sccp.calling);
      if (calling !== undefined) w.bytes(calling);
      else {
        w.bytes(S_CALLING);
        address(w, sccp.calling);
      }
      const called = calledBytes(sccp.called);
      if (called !== undefined) w.bytes(called);
      else {
        w.bytes(S_CALLED);
        address(w, sccp.called);
      }
      // The SCCP part opened with its type has a member: its close is `}`, merged with the next opening.
      if (typeof sccpType === 'string' && typeof tcapType === 'string') o = w.opened(TCAP_AFTER.get(tcapType));
      else {
        w.close(o);
        o = opened(w, E_TCAP, TCAP_OPEN, tcapType);
      }
    }
    w.member(T_OTID, t.otid);
    w.member(T_DTID, t.dtid);
    if (typeof t.acn === 'string' && typeof t.acVersion === 'number') w.bytes(acnBytes(t.acn, t.acVersion));
    else {
      w.member(T_ACN, t.acn);
      w.member(T_AC_VERSION, t.acVersion);
    }
    const c = ev.component;
    if (c) {
      const componentType = c.type;
      if (typeof tcapType === 'string' && typeof componentType === 'string') o = w.opened(COMPONENT_AFTER.get(componentType));
      else {
        w.close(o);
        o = opened(w, E_COMPONENT, COMPONENT_OPEN, componentType);
      }
      const { invokeId, linkedId, opcode, op } = c;
      if (typeof invokeId === 'number' && linkedId === undefined && typeof opcode === 'number' && typeof op === 'string')
        w.bytes(invokeOpBytes(invokeId, opcode, op));
      else {
        w.member(C_INVOKE_ID, invokeId);
        w.member(C_LINKED_ID, linkedId);
        if (typeof opcode === 'number' && typeof op === 'string') w.bytes(opBytes(c as typeof c & { opcode: number; op: string }));
        else {
          w.member(C_OPCODE, opcode);
          w.member(C_OP, op);
        }
      }
      w.member(C_ERROR_CODE, c.errorCode);
      w.member(C_ERROR, c.error);
      w.member(C_PROBLEM, c.problem);
    }
    w.close(o);
  }
  const sub = ev.subscriber;
  const imsi = sub.imsi;
  const msisdn = sub.msisdn;
  if (written.at >= 0 && imsi === written.imsi && msisdn === written.msisdn) {
    // The alert's `subscriber` was written from the same texts (or absences) by its shape
    // writer: `,"subscriber":{…}` of toJsonEvent's {imsi?, msisdn?} is the same bytes.
    w.again(written.at, written.n);
  } else {
    let s: number;
    if (typeof imsi === 'string') {
      s = w.opened(SUBSCRIBER_OPEN_IMSI);
      w.str(imsi);
    } else {
      w.bytes(A_SUBSCRIBER);
      s = w.mark();
      w.member(U_IMSI, imsi);
    }
    w.member(U_MSISDN, msisdn);
    w.close(s);
  }
  const source = ev.imsiSource;
  if (typeof source === 'string') w.bytes(IMSI_SOURCE.get(source));
  else w.member(E_IMSI_SOURCE, source);
  w.member(E_ARGS, ev.args);
  w.strings(E_E164, E_E164_OPEN, ev.e164);
  if (protocol !== 'diameter') w.strings(E_IMSIS, E_IMSIS_OPEN, ev.imsis);
  const an = ev.anomalies;
  if (an.length === 0) {
    w.bytes(NO_ANOMALIES_END);
    w.openBrace(open);
    return;
  }
  w.bytes(E_ANOMALIES);
  w.byte(91);
  for (let i = 0; i < an.length; i++) {
    const x = an[i]!;
    const o = w.mark();
    w.member(N_CODE, x.code);
    w.member(N_LAYER, x.layer);
    w.member(N_DETAIL, x.detail);
    w.close(o);
    if (i + 1 < an.length) w.byte(44);
  }
  w.byte(93);
  w.close(open);
}

/**
 * The opening of an SS7 evidence from `,"protocol":` to `},"tcap":{"type":"…"`: protocol, flow,
 * MTP label, SCCP type and both addresses, TCAP type, the parts' kept bytes joined (one copy and
 * one lookup where there were seven copies and five lookups: flow, MTP label, two addresses and
 * the type texts). Kept with every value it was made from, compared with `===` on each use.
 */
interface Ss7Head {
  protocol: string;
  transport: unknown;
  src: unknown;
  dst: unknown;
  srcPort: unknown;
  dstPort: unknown;
  opc: unknown;
  dpc: unknown;
  si: unknown;
  ni: unknown;
  sccpType: unknown;
  ssn: unknown;
  pc: unknown;
  nai: unknown;
  np: unknown;
  tt: unknown;
  ri: unknown;
  dGt: unknown;
  dSsn: unknown;
  dPc: unknown;
  dNai: unknown;
  dNp: unknown;
  dTt: unknown;
  dRi: unknown;
  tcapType: string;
  bytes: Frag;
  /** Bytes from the TCAP part's `{` to the end (for its {@link JsonBytes.mark}). */
  back: number;
}
/**
 * By the calling party's GT (interned by the SCCP decoder), ≤ {@link SS7_HEADS_PER_GT} variants
 * each (a flood's origin sends to a few nodes: ≤ 4 per calling GT in the 150 k flood), ≤
 * {@link SS7_HEADS_GTS} GTs (then it starts over); a head longer than {@link SS7_HEAD_BYTES}
 * bytes is written in parts, not kept (≤ ~4 MB in all).
 */
const SS7_HEADS_GTS = 1024;
const SS7_HEADS_PER_GT = 4;
const SS7_HEAD_BYTES = 1024;
const ss7Heads = new CappedMap<string, Ss7Head[]>(SS7_HEADS_GTS);
let ss7HeadNext = 0;
const ss7Credit = new HeadCredit();

function ss7Head(protocol: string, f: SignallingEvent['flow'], m: MtpInfo | undefined, sccp: SccpInfo, tcapType: unknown): Ss7Head | undefined {
  if (f === undefined || !m || typeof tcapType !== 'string') return undefined;
  const calling = sccp.calling;
  const called = sccp.called;
  const gt = calling.gt;
  if (typeof gt !== 'string') return undefined;
  const list = ss7Heads.get(gt);
  if (list !== undefined) {
    for (let i = 0; i < list.length; i++) {
      const h = list[i]!;
      if (
        h.protocol === protocol &&
        h.src === f.src &&
        h.dst === f.dst &&
        h.srcPort === f.srcPort &&
        h.dstPort === f.dstPort &&
        h.transport === f.transport &&
        h.opc === m.opc &&
        h.dpc === m.dpc &&
        h.si === m.si &&
        h.ni === m.ni &&
        h.sccpType === sccp.type &&
        h.ssn === calling.ssn &&
        h.pc === calling.pc &&
        h.nai === calling.nai &&
        h.np === calling.np &&
        h.tt === calling.tt &&
        h.ri === calling.ri &&
        h.dGt === called.gt &&
        h.dSsn === called.ssn &&
        h.dPc === called.pc &&
        h.dNai === called.nai &&
        h.dNp === called.np &&
        h.dTt === called.tt &&
        h.dRi === called.ri &&
        h.tcapType === tcapType
      ) {
        ss7Credit.hit();
        return h;
      }
    }
  }
  // Made from the parts' kept bytes (each the reference's text of its part, checked for its
  // types there), in the order the parts are written one by one.
  if ((protocol !== 'map' && protocol !== 'tcap') || f.src === '' || typeof sccp.type !== 'string') return undefined;
  // Made from kept addresses only: asking for them here would count as a second sighting (SeenTwice).
  if (!addressKept(gt) || !addressKept(called.gt)) return undefined;
  // Made only while heads are being reused (a flood spraying values would only pay for them).
  if (!ss7Credit.miss()) return undefined;
  // Each covered value read once, for the bytes and for the values kept with them (a getter that
  // returns another value per read must not pair one value with another's bytes: red-team review;
  // the flow's from its kept record, evidence-fragments.ts keptFlow).
  const fk = keptFlow(f);
  const sccpType = sccp.type as unknown;
  if (fk === undefined || typeof sccpType !== 'string') return undefined;
  const ms = { opc: m.opc, dpc: m.dpc, si: m.si, ni: m.ni };
  const cs = addressSnapshot(calling, gt);
  const ds = addressSnapshot(called, called.gt);
  const mb = mtpBytes(ms);
  const cb = callingBytes(cs);
  const db = calledBytes(ds);
  if (mb === undefined || cb === undefined || db === undefined) return undefined;
  const tcap = TCAP_AFTER.get(tcapType);
  const bytes = joined(protocol === 'map' ? P_MAP : P_TCAP, fk.bytes, mb, SCCP_OPEN.get(sccpType), cb, db, tcap);
  const h: Ss7Head = {
    protocol,
    transport: fk.transport,
    src: fk.src,
    dst: fk.dst,
    srcPort: fk.srcPort,
    dstPort: fk.dstPort,
    opc: ms.opc,
    dpc: ms.dpc,
    si: ms.si,
    ni: ms.ni,
    sccpType,
    ssn: cs.ssn,
    pc: cs.pc,
    nai: cs.nai,
    np: cs.np,
    tt: cs.tt,
    ri: cs.ri,
    dGt: ds.gt,
    dSsn: ds.ssn,
    dPc: ds.pc,
    dNai: ds.nai,
    dNp: ds.np,
    dTt: ds.tt,
    dRi: ds.ri,
    tcapType,
    bytes,
    back: tcap.length - tcap.brace,
  };
  if (bytes.length > SS7_HEAD_BYTES) return h;
  let l = list;
  if (l === undefined) ss7Heads.set(gt, (l = []));
  if (l.length < SS7_HEADS_PER_GT) l.push(h);
  else l[ss7HeadNext++ & (SS7_HEADS_PER_GT - 1)] = h;
  return h;
}

/**
 * `,"<part>":{"type":"…"` (kept per type text) and the mark of its `{`, or `,"<part>":` and the
 * type member as JSON.stringify writes it when the type is not a string.
 */
function opened(w: JsonBytes, key: Frag, kept: OpenWithType, t: unknown): number {
  if (typeof t === 'string') return w.opened(kept.get(t));
  w.bytes(key);
  const o = w.mark();
  w.member(S_TYPE, t);
  return o;
}

/** An SCCP address member by member (callingBytes/calledBytes kept none for it). */
function address(w: JsonBytes, a: SccpAddressInfo): void {
  const o = w.mark();
  w.member(G_GT, a.gt);
  w.member(G_SSN, a.ssn);
  w.member(G_PC, a.pc);
  w.member(G_NAI, a.nai);
  w.member(G_NP, a.np);
  w.member(G_TT, a.tt);
  w.member(G_RI, a.ri);
  w.member(G_IP, a.ip);
  w.member(G_HOSTNAME, a.hostname);
  w.close(o);
}
