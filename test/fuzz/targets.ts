/**
 * Fuzz targets: one per decoder, each a function that decodes arbitrary bytes and checks the
 * robustness invariants, throwing {@link InvariantError} when one breaks:
 *
 *  - nothing but a typed SigwatchError escapes (layer decoders: nothing at all);
 *  - returned / next offsets stay inside [offset, end] and move forward;
 *  - state tables stay within their configured limits;
 *  - counters are finite non-negative integers; events point at frames that exist;
 *  - a MAP decoder exception hidden as a "decoder fault" anomaly counts as a crash.
 *
 * Shared by the property tests, the time-boxed CI fuzz test, the long fuzzer (run.ts) and the
 * regression test that replays test/fuzz/corpus.
 */
import { Decoder } from '../../src/api/decoder.js';
import { LayerDecoder } from '../../src/api/layers.js';
import { readTlv, newTlv } from '../../src/asn1/ber.js';
import { decodeLink, newLinkResult } from '../../src/capture/link/index.js';
import type { Anomaly } from '../../src/core/anomaly.js';
import { isSigwatchError } from '../../src/core/errors.js';
import { resolveLimits, type Limits } from '../../src/core/limits.js';
import { decodeDiameterMessage } from '../../src/diameter/codec.js';
import { decodeDiameter, newDiameterFields } from '../../src/diameter/fields.js';
import { toJsonEvent } from '../../src/events/json.js';
import type { SignallingEvent } from '../../src/events/types.js';
import { decodeIpv4, newIpPacket } from '../../src/transport/ipv4.js';
import { decodeIpv6 } from '../../src/transport/ipv6.js';
import { decodeSctp, newSctpDataChunk, newSctpHeader } from '../../src/transport/sctp.js';
import { createM2paMessage, decodeM2pa } from '../../src/ss7/m2pa.js';
import { createM2uaMessage, decodeM2ua } from '../../src/ss7/m2ua.js';
import { createM3uaMessage, decodeM3ua } from '../../src/ss7/m3ua.js';
import { createMtp3Message, decodeMtp3 } from '../../src/ss7/mtp3.js';
import { createSccpMessage, decodeSccp } from '../../src/ss7/sccp.js';
import { createSuaMessage, decodeSua } from '../../src/ss7/sua.js';
import { decodeTcap, newTcapMessage } from '../../src/ss7/tcap.js';
import { decodeMapArgument } from '../../src/ss7/map/decode.js';
import { MAX_PENDING_INITS } from '../../src/transport/sctp-endpoints.js';
import { maxCrossIndexed } from '../../src/transport/sctp-reassembly.js';
import { captureSeeds, diameterSeeds, m3uaOf, mapSeeds, tcapSeeds, udt } from './seeds.js';

class InvariantError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvariantError';
  }
}

function check(cond: boolean, what: string): void {
  if (!cond) throw new InvariantError(what);
}

function inRange(start: number, end: number, lo: number, hi: number, what: string): void {
  check(Number.isInteger(start) && Number.isInteger(end) && lo <= start && start <= end && end <= hi, `${what}: [${start}, ${end}) outside [${lo}, ${hi}]`);
}

/**
 * The one codec shape (issue 19): `decodeX(view, offset, end, out)` returns the end of what it
 * consumed, inside `(start, end]`, or -1 with the reason in `out.problem` ('' allowed only where
 * -1 also means "not this layer's message": SCCP types not handled, non-TCAP octets).
 */
function consumed(n: number, e: { start: number; end: number }, problem: string | undefined, what: string): boolean {
  if (n === -1) {
    check(problem === undefined || problem.length > 0, `${what}: -1 without out.problem`);
    return false;
  }
  check(Number.isInteger(n) && n > e.start && n <= e.end, `${what}: end offset ${n} outside (${e.start}, ${e.end}]`);
  return true;
}

/** Anomalies that hide an exception (the MAP decoder's defensive catch). */
function checkAnomaly(a: Anomaly): void {
  check(typeof a.code === 'string' && a.code.length > 0, 'anomaly without a code');
  check(!a.detail.includes('decoder fault'), `hidden exception: ${a.code}: ${a.detail}`);
}

/** Small limits so fuzzed inputs reach eviction paths; the fuzzer alternates them with the defaults. */
export const SMALL_LIMITS: Partial<Limits> = {
  ipFragDatagrams: 4,
  ipFragBytes: 4096,
  sctpStreams: 4,
  sctpReasmBytes: 4096,
  sctpMessageBytes: 2048,
  sctpAssociations: 4,
  tcpFlows: 4,
  tcpFlowBytes: 4096,
  tcpReasmBytes: 8192,
  diameterMessageBytes: 2048,
  sccpSegments: 4,
  sccpSegmentBytes: 4096,
  berDepth: 8,
  avpDepth: 4,
  dialogues: 8,
  diameterTransactions: 8,
};

export interface CaptureRun {
  events: SignallingEvent[];
  anomalies: Anomaly[];
  error: unknown;
  stats: Record<string, number>;
  decoder: Decoder;
}

/** Feeds `bytes` to a whole Decoder in chunks of `chunk` bytes and checks every invariant. */
export function runCapture(bytes: Uint8Array, opts: { chunk?: number; limits?: Partial<Limits> } = {}): CaptureRun {
  const events: SignallingEvent[] = [];
  const anomalies: Anomaly[] = [];
  const limits = resolveLimits(opts.limits);
  const d = new Decoder({ onEvent: (e) => void events.push(e), onAnomaly: (a) => void anomalies.push(a), limits });
  const chunk = Math.max(1, opts.chunk ?? bytes.length);
  let error: unknown;
  try {
    for (let off = 0; off < bytes.length; off += chunk) {
      d.push(bytes.subarray(off, Math.min(bytes.length, off + chunk)));
      checkTables(d, limits);
    }
    d.end();
  } catch (e) {
    if (!isSigwatchError(e)) throw e;
    error = e;
  }
  checkTables(d, limits);
  const stats = d.stats;
  for (const [k, v] of Object.entries(stats)) check(Number.isSafeInteger(v) && v >= 0, `counter ${k} = ${v}`);
  const frames = stats['capture.frames'] ?? 0;
  const byCode = new Map<string, number>();
  for (const a of anomalies) {
    checkAnomaly(a);
    byCode.set(a.code, (byCode.get(a.code) ?? 0) + 1);
  }
  // Each reported anomaly is counted once under anomaly.<code>; transport and capture layers
  // also count it under <code> itself, and nothing else may (that counted evictions twice).
  for (const [code, n] of byCode) {
    check(stats[`anomaly.${code}`] === n, `anomaly.${code} = ${stats[`anomaly.${code}`]}, ${n} reported`);
    if (/^(capture|link|ip|sctp|tcp)\./.test(code)) check(stats[code] === n, `counter ${code} = ${stats[code]}, ${n} reported`);
  }
  for (const ev of events) {
    check(ev.frame >= 1 && ev.frame <= frames, `event frame ${ev.frame} not in 1..${frames}`);
    check(ev.index >= 0, `event index ${ev.index}`);
    for (const a of ev.anomalies) checkAnomaly(a);
    JSON.stringify(toJsonEvent(ev));
  }
  return { events, anomalies, error, stats, decoder: d };
}

function checkTables(d: Decoder, l: Limits): void {
  const t = d.tables;
  check(t.ipFragDatagrams <= l.ipFragDatagrams, `ip fragment datagrams ${t.ipFragDatagrams} > ${l.ipFragDatagrams}`);
  check(t.ipFragBytes <= l.ipFragBytes, `ip fragment bytes ${t.ipFragBytes} > ${l.ipFragBytes}`);
  check(t.sctpContexts <= l.sctpStreams, `sctp contexts ${t.sctpContexts} > ${l.sctpStreams}`);
  check(t.sctpBytes <= l.sctpReasmBytes, `sctp bytes ${t.sctpBytes} > ${l.sctpReasmBytes}`);
  check(t.sctpAssociations <= l.sctpAssociations, `sctp associations ${t.sctpAssociations} > ${l.sctpAssociations}`);
  check(t.sctpEndpointAddresses <= 4 * l.sctpAssociations, `sctp endpoint addresses ${t.sctpEndpointAddresses} > ${4 * l.sctpAssociations}`);
  check(t.sctpCrossIndexed <= maxCrossIndexed(l.sctpReasmBytes), `sctp cross-path index ${t.sctpCrossIndexed} > ${maxCrossIndexed(l.sctpReasmBytes)}`);
  check(t.sctpPendingInits <= 2 * MAX_PENDING_INITS, `sctp pending INITs / INIT ACKs ${t.sctpPendingInits} > ${2 * MAX_PENDING_INITS}`);
  check(t.tcpFlows <= l.tcpFlows, `tcp flows ${t.tcpFlows} > ${l.tcpFlows}`);
  check(t.tcpBytes <= t.tcpFlows * (l.tcpFlowBytes + l.diameterMessageBytes), `tcp bytes ${t.tcpBytes} over ${t.tcpFlows} flows`);
  check(t.tcpAllocated <= l.tcpReasmBytes, `tcp allocated ${t.tcpAllocated} > ${l.tcpReasmBytes}`);
  check(t.sccpSegments <= l.sccpSegments, `sccp segments ${t.sccpSegments} > ${l.sccpSegments}`);
  check(t.sccpSegmentBytes <= l.sccpSegmentBytes, `sccp segment bytes ${t.sccpSegmentBytes} > ${l.sccpSegmentBytes}`);
  check(t.dialogues <= l.dialogues, `dialogues ${t.dialogues} > ${l.dialogues}`);
  check(t.diameterTransactions <= l.diameterTransactions, `diameter transactions ${t.diameterTransactions} > ${l.diameterTransactions}`);
  check(t.dialogueOrphans <= l.dialogues, `dialogue orphan waits ${t.dialogueOrphans} > ${l.dialogues}`);
  check(t.diameterEarlyAnswers <= l.diameterTransactions, `early diameter answers ${t.diameterEarlyAnswers} > ${l.diameterTransactions}`);
}

/** Places `b` at a non-zero offset with trailing garbage, so decoders must honour (offset, end). */
function embed(b: Uint8Array, pad: number): { bytes: Uint8Array; view: DataView; start: number; end: number } {
  const bytes = new Uint8Array(pad + b.length + 3).fill(0xa5);
  bytes.set(b, pad);
  return { bytes, view: new DataView(bytes.buffer), start: pad, end: pad + b.length };
}

/** Walks every TLV reachable from `start` (siblings and children) and checks the bounds. */
export function walkBer(view: DataView, start: number, end: number, depth: number, maxDepth: number): number {
  const t = newTlv();
  let p = start;
  let n = 0;
  while (p < end) {
    if (!readTlv(view, p, end, t, maxDepth)) {
      check(t.error !== '', 'readTlv false without error');
      return n;
    }
    inRange(t.valueStart, t.valueEnd, p + 2, end, 'TLV value');
    check(t.end > p && t.end <= end && t.end >= t.valueEnd, `TLV end ${t.end} (start ${p}, limit ${end})`);
    n++;
    if (t.constructed && depth < maxDepth) n += walkBer(view, t.valueStart, t.valueEnd, depth + 1, maxDepth);
    p = t.end;
  }
  return n;
}

const tcapMsg = newTcapMessage();
const m3 = createM3uaMessage();
const m2pa = createM2paMessage();
const m2ua = createM2uaMessage();
const mtp3 = createMtp3Message();
const sccp = createSccpMessage();
const sua = createSuaMessage();
const ip = newIpPacket();
const link = newLinkResult();
const sctpHdr = newSctpHeader();
const sctpChunk = newSctpDataChunk();
const diaFields = newDiameterFields();

export interface Target {
  name: string;
  /** Valid inputs to mutate. */
  seeds: () => Uint8Array[];
  /** Bytes of file header that mutations mostly spare (24 for pcap). */
  headerBytes: number;
  /** Decodes and checks; `r` (0..2^32) varies offsets, chunking and limits. */
  run: (b: Uint8Array, r: number) => void;
}

const LINK_TYPES = [0, 1, 101, 113, 139, 140, 141, 204, 228, 229, 276, 9999];
const MAP_OPCODES = [2, 3, 4, 7, 8, 22, 23, 24, 43, 44, 45, 46, 56, 59, 60, 67, 70, 71, 83, 85, 86];

export const TARGETS: readonly Target[] = [
  {
    name: 'capture',
    headerBytes: 24,
    seeds: () => captureSeeds().map((s) => s.bytes),
    run: (b, r) => void runCapture(b, { chunk: r % 3 === 0 ? 1 + (r % 97) : b.length, limits: r % 2 === 0 ? SMALL_LIMITS : {} }),
  },
  {
    name: 'link',
    headerBytes: 0,
    seeds: () => captureSeeds().map((s) => s.bytes.subarray(40)),
    run: (b, r) => {
      const e = embed(b, 1 + (r % 7));
      decodeLink(LINK_TYPES[r % LINK_TYPES.length]!, e.view, e.start, e.end, link);
      if (link.net !== 'other') inRange(link.offset, link.end, e.start, e.end, `link ${link.net}`);
    },
  },
  {
    name: 'ip',
    headerBytes: 0,
    seeds: () => captureSeeds().map((s) => s.bytes.subarray(24 + 16 + 14)),
    run: (b, r) => {
      const e = embed(b, 1 + (r % 7));
      const v4 = (b[0] ?? 0) >> 4 !== 6;
      const err = v4 ? decodeIpv4(e.view, e.start, e.end, ip) : decodeIpv6(e.view, e.start, e.end, ip);
      if (err === null) {
        inRange(ip.offset, ip.end, e.start, e.end, 'ip payload');
        inRange(ip.addrOffset, ip.addrOffset + 2 * ip.addrLen, e.start, e.end, 'ip addresses');
      }
    },
  },
  {
    name: 'sctp',
    headerBytes: 0,
    seeds: () => captureSeeds().map((s) => s.bytes.subarray(24 + 16 + 14 + 20)),
    run: (b, r) => {
      const e = embed(b, 1 + (r % 7));
      let last = e.start;
      decodeSctp(e.view, e.start, e.end, sctpHdr, sctpChunk, {
        data: (c) => {
          inRange(c.offset, c.end, last, e.end, 'sctp chunk data');
          last = c.end;
        },
        control: () => undefined,
        anomaly: () => undefined,
      });
    },
  },
  {
    name: 'm3ua',
    headerBytes: 0,
    seeds: () => tcapSeeds().map((t) => m3uaOf(udt(t))),
    run: (b, r) => {
      const e = embed(b, 1 + (r % 7));
      if (consumed(decodeM3ua(e.view, e.start, e.end, m3), e, m3.problem, 'm3ua') && m3.hasData)
        inRange(m3.dataOffset, m3.dataEnd, e.start, e.end, 'm3ua data');
      if (consumed(decodeM2pa(e.view, e.start, e.end, m2pa), e, m2pa.problem, 'm2pa') && m2pa.hasData) {
        inRange(m2pa.dataOffset, m2pa.dataEnd, e.start, e.end, 'm2pa data');
      }
      if (consumed(decodeM2ua(e.view, e.start, e.end, m2ua), e, m2ua.problem, 'm2ua') && m2ua.hasData) {
        inRange(m2ua.dataOffset, m2ua.dataEnd, e.start, e.end, 'm2ua data');
      }
      if (consumed(decodeSua(e.view, e.start, e.end, sua), e, sua.problem, 'sua') && sua.hasData)
        inRange(sua.dataOffset, sua.dataEnd, e.start, e.end, 'sua data');
      mtp3.variant = r % 2 === 0 ? 'itu' : 'ansi';
      if (consumed(decodeMtp3(e.view, e.start, e.end, mtp3), e, mtp3.problem, 'mtp3')) inRange(mtp3.dataOffset, mtp3.dataEnd, e.start, e.end, 'mtp3 data');
      const ld = new LayerDecoder({ limits: SMALL_LIMITS });
      for (const ev of ld.m3ua(b)) for (const a of ev.anomalies) checkAnomaly(a);
    },
  },
  {
    name: 'sccp',
    headerBytes: 0,
    seeds: () => tcapSeeds().map(udt),
    run: (b, r) => {
      const e = embed(b, 1 + (r % 7));
      sccp.variant = r % 2 === 0 ? 'itu' : 'ansi';
      if (consumed(decodeSccp(e.view, e.start, e.end, sccp), e, undefined, 'sccp')) inRange(sccp.dataOffset, sccp.dataEnd, e.start, e.end, 'sccp data');
      const ld = new LayerDecoder({ limits: SMALL_LIMITS });
      for (const ev of ld.sccp(b)) for (const a of ev.anomalies) checkAnomaly(a);
    },
  },
  {
    name: 'ber',
    headerBytes: 0,
    seeds: () => [...tcapSeeds(), ...mapSeeds().map((m) => m.bytes)],
    run: (b, r) => {
      const e = embed(b, 1 + (r % 7));
      walkBer(e.view, e.start, e.end, 0, r % 2 === 0 ? 32 : 4);
    },
  },
  {
    name: 'tcap',
    headerBytes: 0,
    seeds: tcapSeeds,
    run: (b, r) => {
      const e = embed(b, 1 + (r % 7));
      tcapMsg.maxDepth = r % 2 === 0 ? 32 : 4;
      if (consumed(decodeTcap(e.view, e.start, e.end, tcapMsg), e, undefined, 'tcap')) {
        for (let i = 0; i < tcapMsg.componentCount; i++) {
          const c = tcapMsg.components[i]!;
          if (c.paramStart >= 0) inRange(c.paramStart, c.paramEnd, e.start, e.end, 'tcap component parameter');
        }
      }
      const ld = new LayerDecoder({ limits: SMALL_LIMITS });
      for (const ev of ld.tcap(b)) {
        for (const a of ev.anomalies) checkAnomaly(a);
        JSON.stringify(toJsonEvent(ev));
      }
    },
  },
  {
    name: 'map',
    headerBytes: 0,
    seeds: () => mapSeeds().map((m) => Uint8Array.of(m.opcode, ...m.bytes)),
    run: (b, r) => {
      if (b.length === 0) return;
      const opcode = r % 4 === 0 ? MAP_OPCODES[r % MAP_OPCODES.length]! : b[0]!;
      const e = embed(b.subarray(1), 1 + (r % 7));
      const res = decodeMapArgument(opcode, r % 5 === 0 ? 'res' : 'arg', e.view, e.bytes, e.start, e.end, 1 + (r % 3), r % 2 === 0 ? 32 : 4);
      for (const a of res.anomalies) checkAnomaly(a);
      JSON.stringify(res.args ?? {});
    },
  },
  {
    name: 'diameter',
    headerBytes: 0,
    seeds: diameterSeeds,
    run: (b, r) => {
      const e = embed(b, 1 + (r % 7));
      consumed(decodeDiameter(e.view, e.start, e.end, diaFields), e, diaFields.problem, 'diameter');
      for (const a of diaFields.anomalies) checkAnomaly(a);
      const m = decodeDiameterMessage(e.bytes, e.start, e.end, { maxDepth: r % 2 === 0 ? 16 : 2 });
      for (const a of m.anomalies) checkAnomaly(a);
      const ld = new LayerDecoder({ limits: SMALL_LIMITS });
      for (const ev of ld.diameter(b)) JSON.stringify(toJsonEvent(ev));
    },
  },
];

export function targetByName(name: string): Target {
  const t = TARGETS.find((x) => x.name === name);
  if (t === undefined) throw new Error(`unknown fuzz target ${name}; known: ${TARGETS.map((x) => x.name).join(', ')}`);
  return t;
}
