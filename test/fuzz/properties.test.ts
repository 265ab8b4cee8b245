/**
 * Robustness properties of every decoder (fast-check, seeded): for valid fixture messages with
 * structured mutations, at several offsets, each decoder terminates, throws nothing (the capture
 * pipeline: nothing but a typed SigwatchError), keeps returned offsets inside [offset, end] and
 * keeps its tables within their limits. The invariants themselves live in targets.ts, shared
 * with the mutation fuzzer.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decoder } from '../../src/api/decoder.js';
import { readTlv, newTlv } from '../../src/asn1/ber.js';
import { isSigwatchError } from '../../src/core/errors.js';
import { decodeDiameter } from '../../src/diameter/codec.js';
import { DIAMETER_ANOMALY } from '../../src/diameter/types.js';
import { decodeTcap, newTcapMessage } from '../../src/ss7/tcap.js';
import { berBombArb, mutatedArb } from './arbitraries.js';
import { attempt } from './engine.js';
import { runCapture, SMALL_LIMITS, targetByName, walkBer } from './targets.js';
import { captureSeeds } from './seeds.js';

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
        decodeTcap(view, b, 0, b.length, newTcapMessage(), depth);
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
        const m = decodeDiameter(b, 0, b.length, { maxDepth });
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
