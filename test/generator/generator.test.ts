/**
 * The scenario generator (bench/generator): deterministic output, the stack features the
 * labelled captures promise (SCTP bundling and B/E fragments, IPv6, SLL, Diameter over TCP split
 * across segments), and the mixed benchmark capture's truth against decoder and detector.
 */
import { describe, expect, test } from 'vitest';
import { generateInMemory } from '../../bench/generator/generate.js';
import { CAPTURES, MIXED } from '../../bench/generator/scenarios.js';
import { LINKTYPE_LINUX_SLL } from '../../bench/generator/sink.js';
import { frameSummaries } from './frames.js';
import { checkTruth } from '../pcaps/check.js';

const spec = (name: string) => CAPTURES.find((c) => c.name === name)!;

describe('determinism', () => {
  test('the same seed gives the same bytes and truth; another seed changes them', () => {
    const a = generateInMemory(spec('ss7-location-tracking'), { seed: 1 });
    const b = generateInMemory(spec('ss7-location-tracking'), { seed: 1 });
    const c = generateInMemory(spec('ss7-location-tracking'), { seed: 2 });
    expect(Buffer.from(a.capture).equals(Buffer.from(b.capture))).toBe(true);
    expect(b.truth).toEqual(a.truth);
    expect(Buffer.from(c.capture).equals(Buffer.from(a.capture))).toBe(false);
    // The story does not depend on the seed: same messages and expectations, other ids and delays.
    expect(c.truth.map((l) => [l.operation, l.rules])).toEqual(a.truth.map((l) => [l.operation, l.rules]));
  });
});

describe('stack features', () => {
  test('roaming-baseline: bundled SCTP DATA, XUDT fragmented into B/E chunks, IPv6, TCP-split Diameter', () => {
    const { capture, truth } = generateInMemory(spec('roaming-baseline'), { seed: 1 });
    const frames = frameSummaries(capture);
    // Bundling: a packet with three DATA chunks, each a whole SRI-SM message.
    expect(frames.some((f) => f.dataFlags.length === 3 && f.dataFlags.every((x) => x === 3))).toBe(true);
    expect(truth.some((l) => l.index === 2 && l.operation === 'sendRoutingInfoForSM')).toBe(true);
    // Fragmentation: a B-only chunk followed by an E-only chunk; the message completes in the E frame.
    const b = frames.findIndex((f) => f.dataFlags.length === 1 && f.dataFlags[0] === 2);
    expect(b).toBeGreaterThanOrEqual(0);
    expect(frames[b + 1]!.dataFlags).toEqual([1]);
    expect(truth.find((l) => l.frame === b + 2)?.operation).toBe('insertSubscriberData');
    expect(frames.some((f) => f.ipVersion === 6)).toBe(true);
    // Diameter over TCP: handshake then a ULR in two segments; the truth points at the second.
    const tcpData = frames.map((f, i) => ({ ...f, frame: i + 1 })).filter((f) => f.proto === 6 && f.tcpPayload > 0);
    const ulr = truth.find((l) => l.operation === 'ULR' && l.scenario === 'attach-paris-lte-tcp')!;
    expect(tcpData[0]!.frame).toBe(ulr.frame - 1);
    expect(tcpData[0]!.tcpPayload).toBe(60);
  });

  test('ss7-interception is a Linux cooked capture; diameter-location-tracking is pcapng with two interfaces', () => {
    const sll = generateInMemory(spec('ss7-interception'), { seed: 1 }).capture;
    expect(new DataView(sll.buffer).getUint32(20, true)).toBe(LINKTYPE_LINUX_SLL);
    const ng = generateInMemory(spec('diameter-location-tracking'), { seed: 1 }).capture;
    expect(new DataView(ng.buffer).getUint32(0, true)).toBe(0x0a0d0d0a);
    expect(
      frameSummaries(ng)
        .map((f) => f.iface)
        .filter((x, i, a) => a.indexOf(x) === i)
        .sort(),
    ).toEqual([0, 1]);
  });

  test('every capture stays small (< 1 MB) and frames never go back in time (equal only where a scenario reorders)', () => {
    for (const c of CAPTURES) {
      const { capture } = generateInMemory(c, { seed: 1 });
      expect(capture.length).toBeLessThan(1_000_000);
      const ts = frameSummaries(capture).map((f) => f.tsUs);
      expect(ts.every((t, i) => i === 0 || t >= ts[i - 1]!)).toBe(true);
      const equal = ts.filter((t, i) => i > 0 && t === ts[i - 1]).length;
      expect(equal, c.name).toBe(c.name === 'reordered-dialogues' ? 2 : 0);
    }
  });

  test('reordered-dialogues: the ISD Continue precedes its UL Begin and the ULA its ULR, at equal timestamps', () => {
    const { capture, truth } = generateInMemory(spec('reordered-dialogues'), { seed: 1 });
    const ts = frameSummaries(capture).map((f) => f.tsUs);
    const isd = truth.findIndex((l) => l.operation === 'insertSubscriberData');
    expect(truth[isd + 1]!.operation).toBe('updateLocation');
    expect(ts[truth[isd]!.frame - 1]).toBe(ts[truth[isd + 1]!.frame - 1]);
    const ula = truth.findIndex((l) => l.operation === 'ULA');
    expect(truth[ula + 1]!.operation).toBe('ULR');
    expect(ts[truth[ula]!.frame - 1]).toBe(ts[truth[ula + 1]!.frame - 1]);
  });
});

describe('mixed benchmark capture', () => {
  test('stops near the message budget and its truth holds for decoder and detector', () => {
    const { capture, truth } = generateInMemory(MIXED, { seed: 7, messages: 6_000 });
    expect(truth.length).toBeGreaterThanOrEqual(6_000);
    expect(truth.length).toBeLessThan(6_010);
    const attacks = truth.filter((l) => l.rules.length > 0);
    expect(attacks.length).toBeGreaterThan(3);
    const r = checkTruth(capture, truth, { watchChina: MIXED.watchChina, name: MIXED.name });
    expect(r.decodeMismatches).toEqual([]);
    expect(r.missed).toEqual([]);
    expect(r.unexpected).toEqual([]);
  }, 20_000);
});
