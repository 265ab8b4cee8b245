/**
 * Decoder.frame (src/api/decoder.ts): capture records framed elsewhere (a partitioning router,
 * bench/lib/partition-worker.mjs) decode to the same events as the capture's bytes through
 * push(), with the same counters (the capture reader's own aside), and end() still settles every
 * stage (a TCAP End whose Begin never comes expires its reordering wait). One input kind per decoder.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Decoder } from '../../src/api/decoder.js';
import { CaptureReader } from '../../src/capture/reader.js';
import { isSigwatchError } from '../../src/core/errors.js';
import { ipv4 } from '../../src/encode/ip.js';
import { mapRes } from '../../src/encode/map.js';
import { ethernet, writePcap } from '../../src/encode/pcap.js';
import { encodeSccp } from '../../src/encode/sccp.js';
import { sctpPacket } from '../../src/encode/sctp.js';
import { encodeM3uaData } from '../../src/encode/sigtran.js';
import { tcEnd } from '../../src/encode/tcap.js';
import { PCAPS_DIR, SCENARIOS } from '../cli/run-cli.js';
import { gt } from '../hostile/captures.js';

/** Counters without the capture reader's (frame() bypasses the decoder's reader). */
const decodeStats = (d: Decoder): Record<string, number> => Object.fromEntries(Object.entries(d.stats).filter(([k]) => !k.startsWith('capture.')));

function viaPush(bytes: Uint8Array) {
  const events: string[] = [];
  const d = new Decoder({ onEvent: (ev) => events.push(JSON.stringify(ev)) });
  d.push(bytes);
  d.end();
  return { events, stats: decodeStats(d) };
}

function viaFrame(bytes: Uint8Array) {
  const events: string[] = [];
  const d = new Decoder({ onEvent: (ev) => events.push(JSON.stringify(ev)) });
  const reader = new CaptureReader({ onFrame: (rec) => d.frame(rec) });
  reader.push(bytes);
  reader.end();
  const beforeEnd = decodeStats(d);
  d.end();
  return { events, stats: decodeStats(d), beforeEnd };
}

/** A TCAP End (UpdateLocation result) whose Begin is not in the capture. */
function endWithoutBegin(): Uint8Array {
  const tc = tcEnd({
    dtid: 'a0000001',
    components: [{ type: 'returnResultLast', invokeId: 1, opcode: 2, param: mapRes.hlrNumber({ hlrNumber: '441234567890' }) }],
  });
  const sccp = encodeSccp({ type: 'udt', protocolClass: 1, called: gt('491720000000'), calling: gt('441234567890', 6), data: tc });
  const m3ua = encodeM3uaData({ opc: 100, dpc: 200, routingContext: 1 }, sccp);
  const sctp = sctpPacket({ srcPort: 2905, dstPort: 2905, vtag: 7, chunks: [{ type: 'data', tsn: 1, stream: 1, ssn: 1, ppid: 3, payload: m3ua }] });
  const data = ethernet(0x0800, ipv4({ src: '10.0.0.1', dst: '10.0.0.2', proto: 132, id: 1, payload: sctp }));
  return writePcap([{ tsSec: 1_700_000_000, tsNsec: 0, data }], { linkType: 1 });
}

describe('Decoder.frame gives the events and counters of Decoder.push', () => {
  for (const f of SCENARIOS) {
    it(f, () => {
      const bytes = readFileSync(join(PCAPS_DIR, f));
      const pushed = viaPush(bytes);
      const framed = viaFrame(bytes);
      expect(pushed.events.length).toBeGreaterThan(0);
      expect(framed.events).toEqual(pushed.events);
      expect(framed.stats).toEqual(pushed.stats);
    });
  }
  it('end() after frame() settles the TCAP reordering wait of an End whose Begin never came', () => {
    const bytes = endWithoutBegin();
    const pushed = viaPush(bytes);
    const framed = viaFrame(bytes);
    expect(framed.beforeEnd['tcap.dialogues.reorder-expired']).toBeUndefined();
    expect(framed.stats['tcap.dialogues.reorder-expired']).toBe(1);
    expect(framed.stats).toEqual(pushed.stats);
    expect(framed.events).toEqual(pushed.events);
  });
});

describe('Decoder input kinds', () => {
  const code = (fn: () => void): string | undefined => {
    try {
      fn();
    } catch (e) {
      return isSigwatchError(e) ? e.code : 'other';
    }
    return undefined;
  };
  it('push() after frame(), frame() after push() or after end(): BAD_OPTION', () => {
    const bytes = readFileSync(join(PCAPS_DIR, SCENARIOS[0] ?? 'roaming-baseline.pcap'));
    let first: Parameters<Decoder['frame']>[0] | undefined;
    new CaptureReader({ onFrame: (rec) => (first ??= { ...rec, bytes: rec.bytes.slice(), view: new DataView(rec.bytes.slice().buffer) }) }).push(bytes);
    const a = new Decoder({ onEvent: () => {} });
    a.frame(first!);
    expect(code(() => a.push(bytes))).toBe('ERR_BAD_OPTION');
    a.end();
    expect(code(() => a.frame(first!))).toBe('ERR_BAD_OPTION');
    const b = new Decoder({ onEvent: () => {} });
    b.push(bytes);
    expect(code(() => b.frame(first!))).toBe('ERR_BAD_OPTION');
  });
});
