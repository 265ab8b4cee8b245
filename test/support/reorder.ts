/**
 * Reordering of captures for the reorder property test (test/detect/reorder-equivalence.test.ts):
 * reads pcap / pcapng frames with their transport flow (Ethernet with VLANs, Linux SLL / SLL2,
 * IPv4 / IPv6 without extension headers, SCTP / TCP ports), moves frames the way merged links and
 * M3UA load sharing capture them, and writes the result as pcapng (each frame on its interface).
 *
 * A move never changes the order of two frames of the same directed flow (SCTP TSNs, TCP
 * sequence numbers and SCCP segments stay in order within a direction): only frames of different
 * associations trade places, or an answer (the other direction) moves before its request.
 */
import { writePcapng, tsUnits } from '../../src/encode/pcap.js';

export interface Frame {
  iface: number;
  tsSec: number;
  tsNsec: number;
  data: Uint8Array;
  /** Directed transport flow ('' when not parsed: never moved). */
  flow: string;
  /** The association, both directions ('' when not parsed). */
  assoc: string;
  /** A TCP segment holding the start of a Diameter message but not all of it (the rest in later segments). */
  split: boolean;
}

export interface Capture {
  links: number[];
  frames: Frame[];
}

export function readCapture(bytes: Uint8Array): Capture {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const frames: Frame[] = [];
  if (v.getUint32(0, true) === 0x0a0d0d0a) {
    const links: number[] = [];
    const resol: number[] = [];
    for (let p = 0; p < bytes.length; p += v.getUint32(p + 4, true)) {
      const type = v.getUint32(p, true);
      if (type === 1) {
        links.push(v.getUint16(p + 8, true));
        resol.push(tsresol(v, p));
      }
      if (type !== 6) continue;
      const iface = v.getUint32(p + 8, true);
      const units = BigInt(v.getUint32(p + 12, true)) * 0x1_0000_0000n + BigInt(v.getUint32(p + 16, true));
      const per = 10n ** BigInt(resol[iface]!);
      const tsSec = Number(units / per);
      const tsNsec = Number(((units % per) * 1_000_000_000n) / per);
      frames.push(frame(bytes.slice(p + 28, p + 28 + v.getUint32(p + 20, true)), links[iface]!, iface, tsSec, tsNsec));
    }
    return { links, frames };
  }
  const magic = v.getUint32(0, true);
  const nanos = magic === 0xa1b23c4d;
  const link = v.getUint32(20, true);
  for (let p = 24; p < bytes.length; p += 16 + v.getUint32(p + 8, true)) {
    const frac = v.getUint32(p + 4, true);
    frames.push(frame(bytes.slice(p + 16, p + 16 + v.getUint32(p + 8, true)), link, 0, v.getUint32(p, true), nanos ? frac : frac * 1000));
  }
  return { links: [link], frames };
}

/** The interface's if_tsresol (decimal digits; 6 when absent). */
function tsresol(v: DataView, p: number): number {
  const end = p + v.getUint32(p + 4, true) - 4;
  for (let o = p + 16; o + 4 <= end; ) {
    const code = v.getUint16(o, true);
    const len = v.getUint16(o + 2, true);
    if (code === 0) break;
    if (code === 9) return v.getUint8(o + 4) & 0x7f;
    o += 4 + ((len + 3) & ~3);
  }
  return 6;
}

function frame(data: Uint8Array, link: number, iface: number, tsSec: number, tsNsec: number): Frame {
  const { flow, assoc, split } = flowOf(data, link);
  return { iface, tsSec, tsNsec, data, flow, assoc, split };
}

function flowOf(d: Uint8Array, link: number): { flow: string; assoc: string; split: boolean } {
  const none = { flow: '', assoc: '', split: false };
  let ip = -1;
  if (link === 1) {
    let o = 12;
    let type = (d[o]! << 8) | d[o + 1]!;
    while (type === 0x8100 || type === 0x88a8) {
      o += 4;
      type = (d[o]! << 8) | d[o + 1]!;
    }
    if (type === 0x0800 || type === 0x86dd) ip = o + 2;
  } else if (link === 113) ip = 16;
  else if (link === 276) ip = 20;
  else if (link === 101 || link === 228 || link === 229) ip = 0;
  if (ip < 0 || ip >= d.length) return none;
  const version = d[ip]! >> 4;
  let src: string;
  let dst: string;
  let proto: number;
  let l4: number;
  if (version === 4) {
    src = d.subarray(ip + 12, ip + 16).join('.');
    dst = d.subarray(ip + 16, ip + 20).join('.');
    proto = d[ip + 9]!;
    l4 = ip + (d[ip]! & 0x0f) * 4;
  } else if (version === 6) {
    src = Buffer.from(d.subarray(ip + 8, ip + 24)).toString('hex');
    dst = Buffer.from(d.subarray(ip + 24, ip + 40)).toString('hex');
    proto = d[ip + 6]!;
    l4 = ip + 40;
  } else return none;
  if ((proto !== 132 && proto !== 6) || l4 + 4 > d.length) return none;
  const a = `${src}:${(d[l4]! << 8) | d[l4 + 1]!}`;
  const b = `${dst}:${(d[l4 + 2]! << 8) | d[l4 + 3]!}`;
  // RFC 6733 §3: version 1, then the 24-bit Message Length.
  const payload = proto === 6 ? l4 + (d[l4 + 12]! >> 4) * 4 : d.length;
  const split = payload + 4 <= d.length && d[payload] === 1 && ((d[payload + 1]! << 16) | (d[payload + 2]! << 8) | d[payload + 3]!) > d.length - payload;
  return { flow: `${proto}|${a}>${b}`, assoc: `${proto}|${a < b ? `${a}|${b}` : `${b}|${a}`}`, split };
}

export function writeCapture(c: Capture): Uint8Array {
  return writePcapng([
    {
      interfaces: c.links.map((linkType) => ({ linkType, tsresol: 9 })),
      blocks: c.frames.map((f) => ({ type: 'epb' as const, interfaceId: f.iface, ts: tsUnits(f.tsSec, f.tsNsec, 9), data: f.data })),
    },
  ]);
}

/** A small deterministic PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const secs = (f: Frame): number => f.tsSec + f.tsNsec / 1e9;

/**
 * Swaps adjacent frames of different associations whose capture times are at most `windowSec`
 * apart, each such pair with probability ½ (`rand`); both get the earlier time (what a merge of
 * two links at one timestamp looks like). Returns the new frames and how many pairs were swapped.
 */
export function swapAcross(frames: readonly Frame[], windowSec: number, rand: () => number): { frames: Frame[]; swaps: number } {
  const out = frames.map((f) => ({ ...f }));
  let swaps = 0;
  for (let i = 0; i + 1 < out.length; i++) {
    const a = out[i]!;
    const b = out[i + 1]!;
    if (a.assoc === '' || b.assoc === '' || a.assoc === b.assoc || Math.abs(secs(b) - secs(a)) > windowSec) continue;
    if (rand() < 0.5) continue;
    const early = secs(a) <= secs(b) ? a : b;
    out[i] = { ...b, tsSec: early.tsSec, tsNsec: early.tsNsec };
    out[i + 1] = { ...a, tsSec: early.tsSec, tsNsec: early.tsNsec };
    swaps++;
    i++;
  }
  return { frames: out, swaps };
}

/**
 * Moves each answer frame (1-based `answer` → `request` frame numbers of the in-order capture)
 * just before its request, with the request's capture time, when the move keeps every directed
 * flow in order: the answer travels another flow than the request, and no frame of its flow lies
 * between them. Not for a request over TCP split across segments (the answer's ACK covers the
 * rest: README "What stays trusted, and why"). Returns the new frames and how many answers moved.
 */
export function answersFirst(frames: readonly Frame[], pairs: ReadonlyMap<number, number>): { frames: Frame[]; moved: number } {
  // Positions as frame numbers of the original capture, moved one answer at a time.
  const order = frames.map((_, i) => i + 1);
  const ts = new Map<number, Frame>();
  let moved = 0;
  for (const [answer, request] of [...pairs].sort((x, y) => x[0] - y[0])) {
    const fa = frames[answer - 1]!;
    const fr = frames[request - 1]!;
    if (fa.flow === '' || fa.flow === fr.flow || (request > 1 && frames[request - 2]!.split && frames[request - 2]!.flow === fr.flow)) continue;
    const j = order.indexOf(answer);
    const i = order.indexOf(request);
    if (i < 0 || j < i) continue;
    let blocked = false;
    for (let k = i; k < j; k++) if (frames[order[k]! - 1]!.flow === fa.flow) blocked = true;
    if (blocked) continue;
    order.splice(j, 1);
    order.splice(i, 0, answer);
    ts.set(answer, ts.get(request) ?? fr);
    moved++;
  }
  const out = order.map((n) => {
    const f = frames[n - 1]!;
    const t = ts.get(n);
    return t === undefined ? f : { ...f, tsSec: t.tsSec, tsNsec: t.tsNsec };
  });
  return { frames: out, moved };
}
