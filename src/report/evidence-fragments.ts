/**
 * Bytes of the evidence parts that repeat from alert to alert (issue 19): a flow, an MTP label,
 * an SCCP party address, an application context, an operation, a Diameter AVP list, an alert's
 * origin. A flood repeats a few of each thousands of times, and writing one member costs about as
 * much as copying a hundred bytes (measured: ~50 ns per member written, the copy of a kept
 * fragment one native `set`).
 *
 * Exactness: a fragment is the reference's own text (`jsonSafe(JSON.stringify(part))` as UTF-8, of
 * the object events/json.ts toJsonEvent builds for that part), kept with the values it was made
 * from, and reused only when every value it covers is the same (`===`) as in the part at hand.
 * The caches hold no event: keys are interned texts (GT digits, OIDs, names), numbers and the
 * decoder's flow objects (a WeakMap). Each is bounded ({@link Fragments}).
 */
import type { Flow } from '../transport/types.js';
import type { AlertOrigin } from '../detect/alert.js';
import type { DiameterHead } from './alert-shapes.js';
import type { ComponentInfo, MtpInfo, SccpAddressInfo } from '../events/types.js';
import { jsonSafe } from './safe-text.js';
import { CappedMap } from '../core/capped-map.js';
import { ascii, Frag, joined } from './json-bytes.js';

/** The reference's bytes of a JSON fragment text. */
export function fragment(text: string): Frag {
  fragmentsMade.n++;
  return new Frag(Buffer.from(jsonSafe(text), 'utf8'));
}
/** Fragments made so far (tests: what a spray of new identifiers makes, {@link SeenTwice}). */
export const fragmentsMade = { n: 0 };

/**
 * A bounded map of fragments: at most {@link MAX} keys (then it starts over: a capture that sprays
 * distinct values only loses the reuse; what it writes is the same), each fragment at most
 * {@link MAX_BYTES} long (a longer one, e.g. a hostile 60 kB Origin-Host, is written and not kept;
 * its key text is part of it, so keys are bounded too): ≤ 4 MiB per map.
 */
export class Fragments<K, V> {
  private readonly map = new CappedMap<K, V>(MAX);
  get(k: K): V | undefined {
    return this.map.get(k);
  }
  /** Keeps `v`, whose fragment is `bytes`, unless the fragment is too long. */
  set(k: K, v: V, bytes: Frag): void {
    if (bytes.length > MAX_BYTES) return;
    this.map.set(k, v);
  }
}
const MAX = 4096;
const MAX_BYTES = 1024;

/**
 * A second-sighting filter for the fragments kept per identifier (calling GT, origin, Origin-Host):
 * a fragment is made and kept only for a key seen before, so a flood with a new identifier on
 * every alert writes each part member by member (the same bytes) instead of building a fragment
 * it never reuses. measured (bench/results-notes.md "newgt"): with a new calling GT and realm per
 * message (hostile `uniqgt`), the kept origins, hosts and addresses made per alert were ~13 % of
 * the CLI's `--jsonl` profile. Bounded: {@link MAX} keys (then it starts over), keys longer than
 * {@link SEEN_KEY_CHARS} never count as seen (≤ ~2 MB of key text).
 */
export class SeenTwice {
  private seen = new Set<string>();
  /** True when `k` was offered before (since the last start-over); else notes it. */
  again(k: string): boolean {
    if (k.length > SEEN_KEY_CHARS) return false;
    if (this.seen.has(k)) return true;
    if (this.seen.size >= MAX) this.seen.clear();
    this.seen.add(k);
    return false;
  }
}
/**
 * A DiameterIdentity is a domain name of at most 255 octets (RFC 6733 §4.3.1, RFC 1035 §2.3.4); a GT
 * has at most 15 digits (E.164 §6.1). A longer key is written member by member every time.
 */
const SEEN_KEY_CHARS = 255;

/**
 * Whether a miss should make a kept head (alert-bytes.ts ss7Head, alert-shapes.ts diameterHead).
 * A head costs ~10 µs to make (its parts looked up and joined, ~27 values kept) and pays only when
 * its values repeat; an alert flood with another calling GT (or called GT, or flow) on every alert
 * misses every time (red-team review: 100 k lines 0.67–0.73 s before the heads, 1.72–1.96 s with
 * them). Each hit earns credit (up to 256), each head made spends 8; without credit one miss in 64
 * still makes one, so a run of repeats after a spray is found again.
 */
export class HeadCredit {
  private credit = 64;
  private probe = 0;
  constructor() {
    credits.push(this);
  }
  hit(): void {
    if (this.credit < 256) this.credit++;
  }
  /** On a miss: true when a head should be made. */
  miss(): boolean {
    if (this.credit > 0) {
      this.credit -= 8;
      return true;
    }
    return (++this.probe & 63) === 0;
  }
  set(credit: number): void {
    this.credit = credit;
    this.probe = 0;
  }
}
/** Every HeadCredit made (one per kind of head: two in all). */
const credits: HeadCredit[] = [];

/**
 * For tests of the heads' comparisons, which passed without testing anything once earlier writes
 * had spent the credit (red-team review of flowheads: mutants ignoring a Diameter flag survived):
 * `true` fills every credit, so the next misses make heads; `false` spends it, so the next 63
 * misses make none.
 */
export function setHeadCredits(full: boolean): void {
  for (const c of credits) c.set(full ? 256 : 0);
}

/**
 * The members {@link keptAddress} covers, each read once (`gt` as read by the caller), as a plain
 * object: what a kept head (alert-bytes.ts ss7Head) makes its bytes and its kept values from, so a
 * getter that returns another value per read cannot pair one value with another's bytes.
 */
export function addressSnapshot(a: SccpAddressInfo, gt: unknown): SccpAddressInfo {
  return { gt, ssn: a.ssn, pc: a.pc, nai: a.nai, np: a.np, tt: a.tt, ri: a.ri } as unknown as SccpAddressInfo;
}

/**
 * A flow's five values and their `,"flow":{…}` bytes, and the Diameter openings kept for that flow
 * (alert-shapes.ts diameterHead: on the same record, so a Diameter alert does one WeakMap lookup
 * where it did two, one for the flow's bytes and one for the heads: a spray of Diameter alerts
 * with another flow object each was +20 % per line with two, red-team review of evid).
 */
export interface FlowBytes {
  readonly transport: string;
  readonly src: string;
  readonly dst: string;
  readonly srcPort: number;
  readonly dstPort: number;
  readonly bytes: Frag;
  /** Bounded in all by alert-shapes.ts (which drops them); undefined: none kept. */
  heads: DiameterHead[] | undefined;
  /**
   * The flow object's record before this one, while this one is its current: a caller's flow
   * object whose values alternate (src and dst swapped per line) finds both records and their
   * heads (red-team review of flowheads: one record per flow object made such lines 2.1× slower).
   */
  prev: FlowBytes | undefined;
}
/**
 * By the flow's id (the decoder's flow object is one per flow direction, reused for every
 * payload): direct-mapped, {@link FLOW_SLOTS} slots, each the id it holds (not the object: no
 * flow is kept alive) and its record; the record's values are compared as before, so flows that
 * share an id share only what their values make the same. A record goes when another id takes
 * its slot (only the reuse is lost). measured (bench/results-notes.md "assocslots"): keyed by a
 * WeakMap, each new SCTP association of a spray kept its record (~360 B with its bytes) until its
 * flow object died and the next mark-compact ran: `--jsonl` peaked over 200 MB.
 */
const FLOW_SLOTS = 1024;
const flowIds = new Float64Array(FLOW_SLOTS).fill(Number.NaN);
const flowRecs: (FlowBytes | undefined)[] = new Array<FlowBytes | undefined>(FLOW_SLOTS).fill(undefined);

/**
 * The kept record of an event's flow (toJsonEvent's five members, each read once: the record's
 * values are those its bytes were made from, whatever a getter returns on another read), or
 * undefined when the flow is not written (an empty source) or a member is not of its type.
 */
export function keptFlow(f: Flow): FlowBytes | undefined {
  const { transport, src, dst, srcPort, dstPort } = f as { transport: unknown; src: unknown; dst: unknown; srcPort: unknown; dstPort: unknown };
  const fid = (f as { id: unknown }).id;
  const id = typeof fid === 'number' ? fid : -1;
  const slot = id & (FLOW_SLOTS - 1);
  const c = flowIds[slot] === id ? flowRecs[slot] : undefined;
  if (c !== undefined) {
    if (c.transport === transport && c.src === src && c.dst === dst && c.srcPort === srcPort && c.dstPort === dstPort) return c;
    const p = c.prev;
    if (p !== undefined && p.transport === transport && p.src === src && p.dst === dst && p.srcPort === srcPort && p.dstPort === dstPort) {
      c.prev = undefined;
      p.prev = c;
      flowRecs[slot] = p;
      return p;
    }
    c.prev = undefined;
  }
  if (
    !(
      typeof transport === 'string' &&
      typeof src === 'string' &&
      src !== '' &&
      typeof dst === 'string' &&
      typeof srcPort === 'number' &&
      typeof dstPort === 'number'
    )
  )
    return undefined;
  const bytes = fragment(',"flow":' + JSON.stringify({ transport, src, dst, srcPort, dstPort }));
  const n: FlowBytes = { transport, src, dst, srcPort, dstPort, bytes, heads: undefined, prev: c };
  flowIds[slot] = id;
  flowRecs[slot] = n;
  return n;
}

interface MtpBytes {
  opc: number;
  dpc: number;
  si: number;
  ni: number;
  bytes: Frag;
}
const mtps = new Fragments<number, MtpBytes>();

/** `,"mtp":{…}` of an MTP3 routing label; undefined when a member is not a number. */
export function mtpBytes(m: MtpInfo): Frag | undefined {
  if (typeof m.opc !== 'number' || typeof m.dpc !== 'number' || typeof m.si !== 'number' || typeof m.ni !== 'number') return undefined;
  const key = m.opc * 0x1000000 + m.dpc;
  let c = mtps.get(key);
  if (c === undefined || c.opc !== m.opc || c.dpc !== m.dpc || c.si !== m.si || c.ni !== m.ni) {
    const part = { opc: m.opc, dpc: m.dpc, si: m.si, ni: m.ni };
    c = { ...part, bytes: fragment(',"mtp":' + JSON.stringify(part)) };
    mtps.set(key, c, c.bytes);
  }
  return c.bytes;
}

interface AddressBytes {
  ssn: number | undefined;
  pc: number | undefined;
  nai: number | undefined;
  np: number | undefined;
  tt: number | undefined;
  ri: string | undefined;
  /** `{…}` of the address, without a key. */
  bytes: Frag;
  /** `,"calling":{…}` and `,"called":{…}`, made when first asked for. */
  calling: Frag | undefined;
  called: Frag | undefined;
}
/** By GT digits (interned by the SCCP decoder): the variants seen with that GT (≤ 4). */
const addresses = new Fragments<string, AddressBytes[]>();
const addressesSeen = new SeenTwice();

/** Whether the address bytes of a GT are kept (a head is made only from kept parts: an address seen once stays unkept, {@link SeenTwice}). */
export function addressKept(gt: unknown): boolean {
  return typeof gt === 'string' && addresses.get(gt) !== undefined;
}

const CALLING = ascii(',"calling":');
const CALLED = ascii(',"called":');

/** `,"calling":{…}` of an SCCP calling party address with a GT ({@link addressBytes}, one copy with its key). */
export function callingBytes(a: SccpAddressInfo): Frag | undefined {
  const c = keptAddress(a);
  return c === undefined ? undefined : (c.calling ??= joined(CALLING, c.bytes));
}

/** `,"called":{…}` of an SCCP called party address with a GT. */
export function calledBytes(a: SccpAddressInfo): Frag | undefined {
  const c = keptAddress(a);
  return c === undefined ? undefined : (c.called ??= joined(CALLED, c.bytes));
}

function keptAddress(a: SccpAddressInfo): AddressBytes | undefined {
  const gt = a.gt;
  // An SUA address with an IP address or hostname (rare) is written member by member (alert-bytes.ts address).
  if (typeof gt !== 'string' || a.ip !== undefined || a.hostname !== undefined) return undefined;
  const { ssn, pc, nai, np, tt, ri } = a as { ssn: unknown; pc: unknown; nai: unknown; np: unknown; tt: unknown; ri: unknown };
  if (!(numberOrNone(ssn) && numberOrNone(pc) && numberOrNone(nai) && numberOrNone(np) && numberOrNone(tt) && (ri === undefined || typeof ri === 'string')))
    return undefined;
  let variants = addresses.get(gt);
  if (variants !== undefined) {
    for (let i = 0; i < variants.length; i++) {
      const c = variants[i]!;
      if (c.ssn === ssn && c.pc === pc && c.nai === nai && c.np === np && c.tt === tt && c.ri === ri) return c;
    }
  } else if (!addressesSeen.again(gt)) return undefined;
  // From the values read once above, so the bytes and the values kept with them agree.
  const part: Record<string, unknown> = { gt };
  if (ssn !== undefined) part.ssn = ssn;
  if (pc !== undefined) part.pc = pc;
  if (nai !== undefined) part.nai = nai;
  if (np !== undefined) part.np = np;
  if (tt !== undefined) part.tt = tt;
  if (ri !== undefined) part.ri = ri;
  const c: AddressBytes = {
    ssn: ssn as number | undefined,
    pc: pc as number | undefined,
    nai: nai as number | undefined,
    np: np as number | undefined,
    tt: tt as number | undefined,
    ri: ri as string | undefined,
    bytes: fragment(JSON.stringify(part)),
    calling: undefined,
    called: undefined,
  };
  if (c.bytes.length > MAX_BYTES) return c;
  if (variants === undefined) addresses.set(gt, (variants = []), c.bytes);
  if (variants.length >= 4) variants.shift();
  variants.push(c);
  return c;
}

function numberOrNone(x: unknown): boolean {
  return x === undefined || typeof x === 'number';
}

interface AcnBytes {
  acVersion: unknown;
  bytes: Frag;
}
const acns = new Fragments<string, AcnBytes>();

/** `,"acn":…,"acVersion":…` of a TCAP application context (both present). */
export function acnBytes(acn: string, acVersion: number): Frag {
  let c = acns.get(acn);
  if (c === undefined || c.acVersion !== acVersion) {
    c = { acVersion, bytes: fragment(`,"acn":${JSON.stringify(acn)},"acVersion":${JSON.stringify(acVersion)}`) };
    acns.set(acn, c, c.bytes);
  }
  return c.bytes;
}

/**
 * `prefix` + the JSON text of a string + `suffix`, kept per text: `,"<part>":{"type":"…"` (the
 * part opened, its first member written: SCCP message, TCAP message and component types),
 * `,"imsiSource":"message"`: a handful of texts each, with the last one remembered (an interned
 * or constant text: one pointer comparison on a flood's repeats).
 */
export class KeptText {
  private readonly map = new Fragments<string, Frag>();
  private last: string | undefined = undefined;
  private lastFrag: Frag | undefined = undefined;
  constructor(
    private readonly prefix: string,
    private readonly suffix = '',
  ) {}
  get(text: string): Frag {
    if (text === this.last) return this.lastFrag!;
    let b = this.map.get(text);
    if (b === undefined) this.map.set(text, (b = fragment(this.prefix + JSON.stringify(text) + this.suffix)), b);
    this.last = text;
    this.lastFrag = b;
    return b;
  }
}

/** `,"<part>":{"type":"…"` per type text ({@link KeptText}). */
export class OpenWithType extends KeptText {
  constructor(part: string) {
    super(`,"${part}":{"type":`);
  }
}

interface OpBytes {
  opcode: number;
  bytes: Frag;
}
const ops = new Fragments<string, OpBytes>();

/** `,"opcode":…,"op":"…"` of a component naming a known operation (both present). */
export function opBytes(c: ComponentInfo & { opcode: number; op: string }): Frag {
  let k = ops.get(c.op);
  if (k === undefined || k.opcode !== c.opcode) {
    k = { opcode: c.opcode, bytes: fragment(`,"opcode":${JSON.stringify(c.opcode)},"op":${JSON.stringify(c.op)}`) };
    ops.set(c.op, k, k.bytes);
  }
  return k.bytes;
}

interface InvokeOpBytes {
  invokeId: number;
  opcode: number;
  bytes: Frag;
}
const invokeOps = new Fragments<string, InvokeOpBytes>();

/**
 * `,"invokeId":…,"opcode":…,"op":"…"` of a component with an invoke id, no linked id and a known
 * operation (toJsonEvent's members in order, the linked id's omitted), kept per operation name.
 */
export function invokeOpBytes(invokeId: number, opcode: number, op: string): Frag {
  let k = invokeOps.get(op);
  if (k === undefined || k.opcode !== opcode || k.invokeId !== invokeId) {
    k = { invokeId, opcode, bytes: fragment(`,"invokeId":${JSON.stringify(invokeId)},"opcode":${JSON.stringify(opcode)},"op":${JSON.stringify(op)}`) };
    invokeOps.set(op, k, k.bytes);
  }
  return k.bytes;
}

export interface AvpBytes {
  /** The pairs, flat (never changed once kept). */
  flat: number[];
  bytes: Frag;
}
/** The last AVP list seen per command code (a tool sends the same AVPs in every request). */
const avpLists = new Fragments<number, AvpBytes>();

/**
 * `,"avps":[[v,c],…]` of a Diameter AVP list of plain number pairs, or undefined when an element
 * is anything else (then the caller writes it member by member).
 */
export function avpsBytes(cmd: number, a: readonly unknown[]): Frag | undefined {
  return keptAvps(cmd, a)?.bytes;
}

/** {@link avpsBytes} with the pairs it was made from (for {@link samePairs}). */
export function keptAvps(cmd: number, a: readonly unknown[]): AvpBytes | undefined {
  const c = avpLists.get(cmd);
  if (c !== undefined && samePairs(a, c.flat)) return c;
  const flat: number[] = [];
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    if (!Array.isArray(x) || x.length !== 2 || Object.getPrototypeOf(x) !== Array.prototype) return undefined;
    const u = x[0] as unknown;
    const v = x[1] as unknown;
    if (typeof u !== 'number' || typeof v !== 'number') return undefined;
    flat.push(u, v);
  }
  const k: AvpBytes = { flat, bytes: fragment(',"avps":' + JSON.stringify(a)) };
  avpLists.set(cmd, k, k.bytes);
  return k;
}

/** Whether `a` is the list of plain number pairs `flat` holds, pair by pair. */
export function samePairs(a: readonly unknown[], flat: readonly number[]): boolean {
  if (a.length * 2 !== flat.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    if (!Array.isArray(x) || x.length !== 2 || Object.getPrototypeOf(x) !== Array.prototype) return false;
    if (x[0] !== flat[2 * i] || x[1] !== flat[2 * i + 1]) return false;
  }
  return true;
}

interface OriginBytes {
  mask: number;
  o: AlertOrigin;
  bytes: Frag;
  /** The same + `,"explanation":` (the alert's next key), made when first asked for. */
  explained: Frag | undefined;
}
const EXPLANATION = ascii(',"explanation":');
/** By the origin's GT, host or realm. */
const origins = new Fragments<string, OriginBytes>();
const originsSeen = new SeenTwice();

/**
 * `,"origin":{…}` of an alert's origin whose keys are in alertOrigin's order (`mask`: which, from
 * json-bytes.ts keyMask), or undefined when it has none of GT, host or realm or a value of another type.
 */
export function originBytes(o: AlertOrigin, mask: number): Frag | undefined {
  return keptOrigin(o, mask)?.bytes;
}

/** {@link originBytes} + `,"explanation":`, in one copy. */
export function originExplainedBytes(o: AlertOrigin, mask: number): Frag | undefined {
  const c = keptOrigin(o, mask);
  return c === undefined ? undefined : (c.explained ??= joined(c.bytes, EXPLANATION));
}

function keptOrigin(o: AlertOrigin, mask: number): OriginBytes | undefined {
  const key = o.gt ?? o.host ?? o.realm;
  if (typeof key !== 'string') return undefined;
  const { gt, pc, host, realm, country, network, role } = o as Record<string, unknown>;
  if (!(textOrNone(gt) && numberOrNone(pc) && textOrNone(host) && textOrNone(realm) && textOrNone(country) && textOrNone(network) && textOrNone(role)))
    return undefined;
  const c = origins.get(key);
  if (c !== undefined) {
    const k = c.o;
    if (
      c.mask === mask &&
      k.gt === o.gt &&
      k.pc === o.pc &&
      k.host === o.host &&
      k.realm === o.realm &&
      k.country === o.country &&
      k.network === o.network &&
      k.role === o.role
    )
      return c;
  } else if (!originsSeen.again(key)) return undefined;
  // The values are texts and numbers, the keys alertOrigin's in its order (the mask says so): JSON.stringify of the object is the reference.
  const kept: AlertOrigin = { ...o };
  const b = fragment(',"origin":' + JSON.stringify(kept));
  const c2: OriginBytes = { mask, o: kept, bytes: b, explained: undefined };
  origins.set(key, c2, b);
  return c2;
}

function textOrNone(x: unknown): boolean {
  return x === undefined || typeof x === 'string';
}
