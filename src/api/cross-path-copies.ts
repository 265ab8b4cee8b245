/**
 * Copies of one SCTP message captured on two paths (review 13-C #7): a multi-homed association
 * seen without its handshake retransmits a chunk on another path (RFC 9260 §6.4.1), or the tap sees
 * each packet twice (both sides of an address-translating border, two mirrored links). Each path
 * (transport/sctp-assocs.ts: an address pair that shares its ports and tag with another, no
 * handshake binding it; Payload.copyGroup) decodes its copy through all its own layers — SCTP
 * reassembly, SCCP / SUA segmentation, the TCAP dialogue and Diameter transaction tables — and only
 * its records (the events) are checked here, once decoded: a record is dropped when a record of
 * another path of the group, same TSN, stream and position, was delivered first with the same message
 * (content hash of the bytes the event is decoded from, with the SCCP and MTP parts) and the same
 * identities and matching (what the path's tables added). So the honest multi-homed capture gives one
 * event per message, and a forged first copy (review 15-C #1) can only have a message dropped that was
 * already delivered as it: two copies that differ in either are both delivered, and the difference
 * is reported (`sctp.cross-path-copy-differs`, once per path).
 *
 * A path grouped after its partner had carried the chunk (the first DATA of a path is often the
 * retransmission itself) finds no record here: an unfragmented chunk whose identical copy the
 * partner's TSN window holds (Payload.copyWitness) was decoded there from the same bytes, so its
 * records are dropped too, unless they were joined from SCCP / SUA segments (their other segments may
 * differ) or hold anything their path's tables gave (a dialogue's or a request's identity, a
 * match): that other path's record, not remembered, may lack it.
 *
 * Bounded: {@link ENTRIES} records remembered, oldest replaced first, each matching for
 * {@link COPY_SEC} of capture time only. Forgetting one only decodes a copy twice.
 */
import { anomaly, type AnomalySink } from '../core/anomaly.js';
import { fmix32, foldBytes, HASH_SEED, mixStep } from '../core/hash.js';
import type { CounterSlot, Counters } from '../core/stats.js';
import type { MessageRecord, SccpAddressView } from '../events/record.js';
import type { SccpUnit } from '../ss7/types.js';
import { SCTP_ANOMALY } from '../transport/sctp.js';
import type { Flow, Payload } from '../transport/types.js';

/** Records remembered (≈ 40 B each, made at the first grouped payload): 16 s of a 1,000 msg/s group's both directions. */
const ENTRIES = 16384;
/**
 * Capture seconds a record matches its copies: RFC 9260 §16 RTO.Max 60 s × Association.Max.Retrans
 * 10 bounds how late a sender retransmits a chunk; the tap's clock, which no sender moves (review 15-C #3).
 */
const COPY_SEC = 600;
const NONE = -1;
/** Messages and records counted per payload up to this; past it a record is not checked (delivered). */
const MAX_ORD = 255;
/** Paths whose difference was reported, forgotten all at once past this many. */
const MAX_REPORTED = 4096;

export class CrossPathCopies {
  /** A grouped payload is being decoded: its records go through {@link copy}. */
  on = false;
  private group = 0;
  private tsn = 0;
  private stream = 0;
  private flow: Flow | undefined = undefined;
  /** The payload being decoded (the reused one: valid until its callback returns). */
  private p: Payload | undefined = undefined;
  private now = 0;
  private view: DataView | undefined = undefined;
  private frame = -1;
  /** Position of the message in its payload's chunk (Diameter messages of one user message, SS7 units) and of the record in its message. */
  private msgOrd = -1;
  private recOrd = 0;
  /** The current message's content hash; it was joined from SCCP / SUA segments. */
  private content = 0;
  private joined = false;
  // The table, made at the first grouped payload: per entry the key (group, TSN, stream and
  // positions), the two hashes, the path's flow, the capture time; chains by key hash.
  private keys: Int32Array | null = null;
  private values = new Int32Array(0);
  private times = new Float64Array(0);
  private flows: (Flow | undefined)[] = [];
  private heads = new Int32Array(0);
  private next = new Int32Array(0);
  /** Entries written (≤ ENTRIES) and the next to write (the oldest once full). */
  private count = 0;
  private pos = 0;
  private readonly reported = new Set<number>();
  private readonly cDropped: CounterSlot;
  private readonly cDiffers: CounterSlot;

  constructor(
    counters: Counters,
    private readonly onAnomaly: AnomalySink,
  ) {
    this.cDropped = counters.slot('sctp.cross-path-copies');
    this.cDiffers = counters.slot('sctp.cross-path-copies-differing');
  }

  /** Records remembered. */
  get size(): number {
    return this.count;
  }

  /** A payload of a grouped path (Payload.copyGroup ≠ 0) is about to be decoded; a Diameter one is one message. */
  payload(p: Payload): void {
    const f = p.flow;
    if (p.frameNo !== this.frame || p.copyGroup !== this.group || p.tsn !== this.tsn || p.stream !== this.stream || f !== this.flow) {
      this.frame = p.frameNo;
      this.group = p.copyGroup;
      this.tsn = p.tsn;
      this.stream = p.stream;
      this.flow = f;
      this.msgOrd = -1;
    }
    this.p = p;
    this.now = p.tsSec + p.tsNsec / 1e9;
    this.view = p.view;
    this.on = true;
    if (p.proto === 'diameter') this.message(foldBytes(HASH_SEED, p.view, p.offset, p.end), false);
  }

  /** An SS7 unit of the current payload is about to be decoded by TCAP. */
  unit(u: SccpUnit): void {
    let h = foldBytes(HASH_SEED ^ 0x2545f491, u.view, u.offset, u.end);
    const m = u.mtp;
    if (m !== undefined) {
      h = mixStep(mixStep(mixStep(h, m.opc), m.dpc), (m.si << 24) | (m.ni << 16) | ((m.sls & 0xff) << 8) | (m.mp & 0xff));
    }
    const c = u.sccp;
    h = mixStep(mixStep(mixStep(h, c.typeCode), c.protocolClass ?? -1), c.returnCause ?? -1);
    h = addressHash(addressHash(h, c.calling), c.called);
    this.message(h, u.view !== this.view);
  }

  /** The payload's decode is over. */
  done(): void {
    this.on = false;
    this.view = undefined;
    this.p = undefined;
  }

  /**
   * Whether record `r` of the current payload is a copy of one another path of its group delivered:
   * drop it. Otherwise it is remembered (and a difference from another path's copy reported).
   */
  copy(r: MessageRecord): boolean {
    const rec = this.recOrd++;
    const msg = this.msgOrd;
    if (rec > MAX_ORD || msg > MAX_ORD || msg < 0) return false;
    const state = stateHash(r);
    const keys = (this.keys ??= this.make());
    const sub = (this.stream << 16) | (msg << 8) | rec;
    const b = fmix32(mixStep(mixStep(this.group, this.tsn | 0), sub)) & (this.heads.length - 1);
    const f = this.flow!;
    const now = this.now;
    let found = false;
    let differs = NONE;
    for (let e = this.heads[b]!; e !== NONE; e = this.next[e]!) {
      if (keys[3 * e] !== this.group || keys[3 * e + 1] !== (this.tsn | 0) || keys[3 * e + 2] !== sub) continue;
      if (Math.abs(now - this.times[e]!) > COPY_SEC) continue;
      const other = this.flows[e]!;
      if (other.id === f.id) continue; // this path's own earlier message with the TSN: not a copy
      found = true;
      if (this.values[2 * e] === this.content && this.values[2 * e + 1] === state) {
        this.cDropped.n++;
        return true;
      }
      differs = e;
    }
    if (!found && !this.joined && fromBytes(r) && this.p!.copyWitness()) {
      this.cDropped.n++;
      return true;
    }
    if (differs !== NONE) this.differs(differs, r);
    this.remember(b, sub, state);
    return false;
  }

  /** A message (Diameter message or SS7 unit) of the current payload: its content hash. */
  private message(content: number, joined: boolean): void {
    this.msgOrd++;
    this.recOrd = 0;
    this.content = content;
    this.joined = joined;
  }

  private remember(b: number, sub: number, state: number): void {
    const keys = this.keys!;
    const e = this.pos;
    if (this.count === ENTRIES) this.unlink(e);
    else this.count++;
    this.pos = e + 1 === ENTRIES ? 0 : e + 1;
    keys[3 * e] = this.group;
    keys[3 * e + 1] = this.tsn | 0;
    keys[3 * e + 2] = sub;
    this.values[2 * e] = this.content;
    this.values[2 * e + 1] = state;
    this.times[e] = this.now;
    this.flows[e] = this.flow;
    this.next[e] = this.heads[b]!;
    this.heads[b] = e;
  }

  /** Takes entry `e` (the oldest, about to be replaced) out of its chain. */
  private unlink(e: number): void {
    const keys = this.keys!;
    const b = fmix32(mixStep(mixStep(keys[3 * e]!, keys[3 * e + 1]!), keys[3 * e + 2]!)) & (this.heads.length - 1);
    let p = this.heads[b]!;
    if (p === e) {
      this.heads[b] = this.next[e]!;
      return;
    }
    while (p !== NONE && this.next[p] !== e) p = this.next[p]!;
    if (p !== NONE) this.next[p] = this.next[e]!;
  }

  private make(): Int32Array {
    this.values = new Int32Array(2 * ENTRIES);
    this.times = new Float64Array(ENTRIES);
    this.flows = new Array<Flow | undefined>(ENTRIES).fill(undefined);
    this.heads = new Int32Array(ENTRIES).fill(NONE);
    this.next = new Int32Array(ENTRIES).fill(NONE);
    return new Int32Array(3 * ENTRIES);
  }

  private differs(e: number, r: MessageRecord): void {
    this.cDiffers.n++;
    const f = this.flow!;
    if (this.reported.has(f.id)) return;
    if (this.reported.size >= MAX_REPORTED) this.reported.clear();
    this.reported.add(f.id);
    const o = this.flows[e]!;
    const what = this.values[2 * e] === this.content ? 'decoded otherwise (identities or matching of its path)' : 'other content';
    this.onAnomaly(
      anomaly(
        SCTP_ANOMALY.CROSS_PATH_COPY_DIFFERS,
        'sctp',
        `${f.src}:${f.srcPort} -> ${f.dst}:${f.dstPort} TSN ${this.tsn >>> 0} stream ${this.stream}: ${what} than its copy on ` +
          `${o.src}:${o.srcPort} -> ${o.dst}:${o.dstPort}; both decoded (reported once per path)`,
        r.frame,
      ),
    );
  }
}

/**
 * Record `r` holds only what its own bytes say: a TC-BEGIN / TC-UNI component or a Diameter request,
 * its identities its own, joined to nothing captured before.
 */
function fromBytes(r: MessageRecord): boolean {
  if (r.imsiSource !== undefined && r.imsiSource !== 'message') return false;
  if (r.answersRequest || r.answerByCountry || r.orphan >= 0 || r.dialoguePeer !== undefined) return false;
  if (r.protocol === 'diameter') return r.request;
  return (r.tcapType === 'begin' || r.tcapType === 'unidirectional') && (r.msisdn === undefined || r.msisdnOctet >= 0);
}

/** Folds a string's UTF-16 code units (undefined: a value no string gives). */
function textHash(h: number, s: string | undefined): number {
  if (s === undefined) return mixStep(h, 0x7fffffff);
  h = mixStep(h, s.length);
  for (let i = 0; i < s.length; i++) h = mixStep(h, s.charCodeAt(i));
  return h;
}

/** Every field of an SCCP party address (record.ts SccpAddressView). */
function addressHash(h: number, a: SccpAddressView): number {
  h = mixStep(h, (a.ri === 'gt' ? 1 : 2) | (a.gti << 4));
  h = textHash(h, a.gt);
  h = mixStep(mixStep(mixStep(h, a.ssn ?? -1), a.pc ?? -1), a.nai ?? -1);
  h = mixStep(mixStep(mixStep(h, a.np ?? -1), a.tt ?? -1), a.es ?? -1);
  h = textHash(textHash(h, a.ip), a.hostname);
  return mixStep(h, a.suaRi ?? -1);
}

/**
 * What a record holds from its path's tables rather than from its bytes: identities and where the IMSI
 * came from, the operation and dialogue of a result, the request matched, the dialogue's judgement.
 */
function stateHash(r: MessageRecord): number {
  let h = HASH_SEED ^ 0x1b873593;
  h = textHash(textHash(textHash(h, r.imsi), r.msisdn), r.imsiSource);
  h = mixStep(mixStep(h, r.opcode ?? -1), r.acVersion ?? -1);
  h = textHash(textHash(h, r.acn), r.dialoguePeer);
  return mixStep(h, (r.answersRequest ? 1 : 0) | (r.answerByCountry ? 2 : 0) | (r.orphan >= 0 ? 4 : 0) | (r.hasComponent ? 8 : 0));
}
