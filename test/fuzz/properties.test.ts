/**
 * Robustness properties of every decoder (fast-check, seeded): for valid fixture messages with
 * structured mutations, at several offsets, each decoder terminates, throws nothing (the capture
 * pipeline: nothing but a typed SigwatchError), keeps returned offsets inside [offset, end] and
 * keeps its tables within their limits. The invariants themselves live in targets.ts, shared
 * with the mutation fuzzer.
 */
import { concat } from '../../src/encode/bytes.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decoder } from '../../src/api/decoder.js';
import { readTlv, newTlv } from '../../src/asn1/ber.js';
import { isSigwatchError } from '../../src/core/errors.js';
import { decodeDiameterMessage } from '../../src/diameter/codec.js';
import { DIAMETER_ANOMALY } from '../../src/diameter/types.js';
import { decodeTcap, newTcapMessage } from '../../src/ss7/tcap.js';
import { berBombArb, mutatedArb } from './arbitraries.js';
import { attempt } from './engine.js';
import { runCapture, SMALL_LIMITS, targetByName, walkBer } from './targets.js';
import { captureSeeds, diameterSeeds, m3uaOf, tcapSeeds, udt } from './seeds.js';
import { sctpFrame } from './hostile.js';
import type { Limits } from '../../src/core/limits.js';
import { ipv4 } from '../../src/encode/ip.js';
import { ethernet, writePcap } from '../../src/encode/pcap.js';
import type { SctpChunk } from '../../src/encode/sctp.js';
import { tcpSegment } from '../../src/encode/tcp.js';

const SEED = 0x5197;
const RUNS = 300;

function noCrash(name: string): fc.IPropertyWithHooks<[Uint8Array, number]> {
  const t = targetByName(name);
  return fc.property(mutatedArb(t.seeds()), fc.nat(), (b, r) => {
    const e = attempt(t, b, r);
    if (e !== undefined) throw e;
  });
}

describe('decoder robustness properties', () => {
  for (const name of ['link', 'ip', 'sctp', 'm3ua', 'sccp', 'ber', 'tcap', 'map', 'diameter']) {
    it(`${name}: mutated fixture messages never throw and stay in bounds`, () => {
      fc.assert(noCrash(name), { seed: SEED, numRuns: RUNS });
    });
  }

  it('capture: mutated captures throw only typed errors, keep tables bounded (small and default limits)', () => {
    fc.assert(noCrash('capture'), { seed: SEED, numRuns: 120 });
  });

  it('capture: every split point of a mutated capture gives the same events as one chunk', () => {
    const seeds = captureSeeds().map((s) => s.bytes);
    fc.assert(
      fc.property(mutatedArb(seeds, 2), fc.nat(), (b, at) => {
        const whole = runCapture(b).events.map(stable);
        expect(splitEvents(b, at % Math.max(1, b.length))).toEqual(whole);
      }),
      { seed: SEED, numRuns: 100 },
    );
  });

  it('BER: nesting bombs (definite, indefinite, unclosed, high-tag) end with a depth or EOC error, never a stack overflow', () => {
    fc.assert(
      fc.property(berBombArb, fc.nat({ max: 64 }), (b, depth) => {
        const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
        const t = newTlv();
        const ok = readTlv(view, 0, b.length, t, depth);
        if (ok) expect(t.end).toBeLessThanOrEqual(b.length);
        else expect(['ber.depth-limit', 'ber.missing-eoc', 'ber.truncated', 'ber.bad-length']).toContain(t.error);
        walkBer(view, 0, b.length, 0, depth);
        decodeTcap(view, 0, b.length, newTcapMessage(depth));
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('BER: an indefinite length deeper than berDepth is reported as ber.depth-limit', () => {
    const b = new Uint8Array(2 * 40).fill(0);
    for (let i = 0; i < 40; i++) {
      b[i * 2] = 0x30;
      b[i * 2 + 1] = 0x80;
    }
    const closed = new Uint8Array(b.length + 80);
    closed.set(b);
    const t = newTlv();
    expect(readTlv(new DataView(closed.buffer), 0, closed.length, t, 32)).toBe(false);
    expect(t.error).toBe('ber.depth-limit');
    expect(readTlv(new DataView(closed.buffer), 0, closed.length, t, 64)).toBe(true);
    expect(t.end).toBe(closed.length);
  });

  it('Diameter: grouped AVP bombs stop at avpDepth with diameter anomalies, never a stack overflow', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3000 }), fc.integer({ min: 1, max: 32 }), (depth, maxDepth) => {
        // AVP 1400 (Subscription-Data, grouped) nested `depth` times inside a ULA.
        const size = 20 + depth * 12;
        const b = new Uint8Array(size);
        const v = new DataView(b.buffer);
        v.setUint32(0, (1 << 24) | size);
        v.setUint32(4, 316);
        v.setUint32(8, 16777251);
        for (let i = 0; i < depth; i++) {
          const o = 20 + i * 12;
          v.setUint32(o, 1400);
          v.setUint32(o + 4, (0xc0 << 24) | (size - o));
          v.setUint32(o + 8, 10415);
        }
        const m = decodeDiameterMessage(b, 0, b.length, { maxDepth });
        if (depth > maxDepth) expect(m.anomalies.map((a) => a.code)).toContain(DIAMETER_ANOMALY.AVP_DEPTH);
        const e = attempt(targetByName('diameter'), b, 0);
        if (e !== undefined) throw e;
      }),
      { seed: SEED, numRuns: 60 },
    );
  });

  it('capture: tables stay bounded under small limits for every fixture seed split byte by byte', () => {
    for (const s of captureSeeds()) {
      const r = runCapture(s.bytes, { chunk: 1, limits: SMALL_LIMITS });
      expect(r.error, s.name).toBeUndefined();
    }
  });
});

/** Events as stable JSON (bytes as arrays). */
function stable(e: unknown): string {
  return JSON.stringify(e, (_k, v: unknown) => (v instanceof Uint8Array ? Array.from(v) : v));
}

/** The events of `b` fed as two chunks split at `at` (errors: the events before it count). */
function splitEvents(b: Uint8Array, at: number): string[] {
  const events: unknown[] = [];
  const d = new Decoder({ onEvent: (e) => void events.push(e) });
  try {
    d.push(b.subarray(0, at));
    d.push(b.subarray(at));
    d.end();
  } catch (e) {
    if (!isSigwatchError(e)) throw e;
  }
  return events.map(stable);
}

describe('stateful transport properties (fast-check)', () => {
  const dia = diameterSeeds();
  const stream = concat(dia[0]!, dia[1]!, dia[2]!, dia[3]!, dia[0]!);

  it('TCP: a Diameter stream cut into segments delivered with holes, overlaps, reordering and random flags stays bounded and never throws', () => {
    const seg = fc.record({
      from: fc.nat({ max: stream.length - 1 }),
      len: fc.integer({ min: 1, max: 600 }),
      flags: fc.constantFrom(0x10, 0x18, 0x02, 0x01, 0x04, 0x11),
      ack: fc.nat({ max: 4000 }),
      reverse: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(seg, { maxLength: 40 }), fc.constantFrom<Partial<Limits>>({}, SMALL_LIMITS), (segs, limits) => {
        const frames = segs.map((g) => {
          const payload = stream.subarray(g.from, Math.min(stream.length, g.from + g.len));
          const tcp = tcpSegment({
            srcPort: g.reverse ? 3868 : 40001,
            dstPort: g.reverse ? 40001 : 3868,
            seq: 1000 + g.from,
            ack: g.ack,
            flags: g.flags,
            payload: g.flags === 0x02 ? new Uint8Array(0) : payload,
          });
          return ethernet(0x0800, ipv4({ src: g.reverse ? '10.0.0.2' : '10.0.0.1', dst: g.reverse ? '10.0.0.1' : '10.0.0.2', proto: 6, payload: tcp }));
        });
        const pcap = writePcap(
          frames.map((data, i) => ({ tsSec: 1_700_000_000 + i, tsNsec: 0, data })),
          { linkType: 1 },
        );
        const r = runCapture(pcap, { limits });
        expect(r.error).toBeUndefined();
        for (const ev of r.events) expect(ev.protocol).toBe('diameter');
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('SCTP: DATA fragments with random B/E flags, TSNs, streams and I-DATA never throw and stay bounded', () => {
    const chunk = fc.record({
      tsn: fc.nat({ max: 40 }),
      stream: fc.nat({ max: 5 }),
      flags: fc.nat({ max: 7 }),
      idata: fc.boolean(),
      mid: fc.nat({ max: 3 }),
      fsn: fc.nat({ max: 6 }),
      from: fc.nat({ max: 200 }),
      len: fc.integer({ min: 1, max: 120 }),
    });
    const msg = m3uaOf(udt(tcapSeeds()[6]!));
    fc.assert(
      fc.property(
        fc.array(fc.array(chunk, { minLength: 1, maxLength: 3 }), { maxLength: 40 }),
        fc.constantFrom<Partial<Limits>>({}, SMALL_LIMITS),
        (packets, limits) => {
          const frames = packets.map((cs) =>
            sctpFrame(
              cs.map((c): SctpChunk => {
                const payload = msg.subarray(Math.min(c.from, msg.length - 1), Math.min(msg.length, c.from + c.len));
                return c.idata
                  ? { type: 'idata', tsn: c.tsn, stream: c.stream, mid: c.mid, ppid: 3, fsn: c.fsn, flags: c.flags, payload }
                  : { type: 'data', tsn: c.tsn, stream: c.stream, ssn: 0, ppid: 3, flags: c.flags, payload };
              }),
            ),
          );
          const pcap = writePcap(
            frames.map((data, i) => ({ tsSec: 1_700_000_000 + i, tsNsec: 0, data })),
            { linkType: 1 },
          );
          const r = runCapture(pcap, { limits });
          expect(r.error).toBeUndefined();
        },
      ),
      { seed: SEED, numRuns: 200 },
    );
  });
});
