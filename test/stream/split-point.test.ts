/**
 * Split-point streaming (issue "Foundation"): the whole pipeline (capture → link → IP → SCTP/TCP
 * → SS7/Diameter → events) gives identical events whatever the chunking of its input: chunks of
 * 1, 7 and 64 bytes, random split points, and chunks read into one reused buffer.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decoder } from '../../src/api/decoder.js';
import { toJsonEvent } from '../../src/events/json.js';
import { CORPUS_DIR, HAS_CORPUS, CORPUS_SKIP_REASON, REPO_ROOT } from '../support/corpus.js';

function decodeChunks(bytes: Uint8Array, cuts: number[], diameterPorts?: number[]): { events: string[]; stats: Record<string, number> } {
  const events: string[] = [];
  const decoder = new Decoder({ onEvent: (ev) => events.push(JSON.stringify(toJsonEvent(ev))), ...(diameterPorts ? { diameterPorts } : {}) });
  let at = 0;
  for (const cut of [...cuts, bytes.length]) {
    // Copy each chunk so no chunk shares memory with its neighbours (as from a real stream).
    decoder.push(bytes.slice(at, cut));
    at = cut;
  }
  decoder.end();
  return { events, stats: decoder.stats };
}

/**
 * Every chunk written into ONE buffer (openCapture's reuseBuffer): events are serialised only after
 * end(), so a decoder that kept a view into an earlier chunk instead of copying would show here.
 */
function decodeReused(bytes: Uint8Array, size: number, diameterPorts?: number[]): { events: string[]; stats: Record<string, number> } {
  const kept: Parameters<typeof toJsonEvent>[0][] = [];
  const decoder = new Decoder({ onEvent: (ev) => kept.push(ev), ...(diameterPorts ? { diameterPorts } : {}) });
  const buf = new Uint8Array(size);
  for (let at = 0; at < bytes.length; at += size) {
    const n = Math.min(size, bytes.length - at);
    buf.set(bytes.subarray(at, at + n));
    decoder.push(n === size ? buf : buf.subarray(0, n));
    buf.fill(0xa5); // what the next read would overwrite
  }
  decoder.end();
  return { events: kept.map((ev) => JSON.stringify(toJsonEvent(ev))), stats: decoder.stats };
}

function everyN(len: number, n: number): number[] {
  const cuts: number[] = [];
  for (let i = n; i < len; i += n) cuts.push(i);
  return cuts;
}

const PCAPS = ['ss7-location-tracking.pcap', 'ss7-interception.pcap', 'diameter-location-tracking.pcapng', 'roaming-baseline.pcap'];
// Corpus files that exercise SCTP bundling, TCP reassembly and pcapng (read from ../shared when present).
const CORPUS = [
  ['colte_4_sip.pcap', undefined],
  ['bromelia_app1_trace.pcap', [3868, 3870]],
  ['magma_gx_gy_combined_03_210505_132953-1.pcapng', undefined],
  ['vely_complete_conf_cer_cea_gmt0.pcapng', undefined],
] as const;

describe('pipeline split points (pcaps/)', () => {
  for (const name of PCAPS) {
    const path = join(REPO_ROOT, 'pcaps', name);
    it.skipIf(!existsSync(path))(`${name}: chunks of 1, 7, 64 bytes and random splits give identical events`, () => {
      const bytes = new Uint8Array(readFileSync(path));
      const whole = decodeChunks(bytes, []);
      expect(whole.events.length).toBeGreaterThan(10);
      for (const n of [1, 7, 64]) expect(decodeChunks(bytes, everyN(bytes.length, n))).toEqual(whole);
      for (const n of [61, 4096]) expect(decodeReused(bytes, n)).toEqual(whole);
      fc.assert(
        fc.property(fc.uniqueArray(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 40 }), (cuts) => {
          expect(
            decodeChunks(
              bytes,
              cuts.sort((a, b) => a - b),
            ),
          ).toEqual(whole);
        }),
        { numRuns: 40, seed: 7 },
      );
    });
  }
});

describe.skipIf(!HAS_CORPUS)(`pipeline split points (public corpus)${HAS_CORPUS ? '' : ` (${CORPUS_SKIP_REASON})`}`, () => {
  for (const [name, ports] of CORPUS) {
    it(`${name}: chunks of 7 and 64 bytes and random splits give identical events`, () => {
      const bytes = new Uint8Array(readFileSync(join(CORPUS_DIR, name)));
      const p = ports ? [...ports] : undefined;
      const whole = decodeChunks(bytes, [], p);
      expect(whole.events.length).toBeGreaterThan(0);
      for (const n of [7, 64]) expect(decodeChunks(bytes, everyN(bytes.length, n), p)).toEqual(whole);
      for (const n of [61, 4096]) expect(decodeReused(bytes, n, p)).toEqual(whole);
      fc.assert(
        fc.property(fc.uniqueArray(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 60 }), (cuts) => {
          expect(
            decodeChunks(
              bytes,
              cuts.sort((a, b) => a - b),
              p,
            ),
          ).toEqual(whole);
        }),
        { numRuns: 10, seed: 11 },
      );
    });
  }
});
