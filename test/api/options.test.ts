/** Library options are validated at run time at every entry point (zod): ERR_BAD_OPTION naming the option. */
import { createReadStream, readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  createAttributor,
  createDecodeStream,
  createScanStream,
  decode,
  decodeTcapEvents,
  Decoder,
  Detector,
  inferHome,
  LayerDecoder,
  openCapture,
  samplePath,
  scan,
  Scanner,
  SigwatchError,
  loadDefaultRules,
  parseRule,
} from '../../src/index.js';
import * as schemas from '../../src/api/options.js';
import type { NetworkEntry } from '../../src/attribution/types.js';
import { detectorOptionsSchema } from '../../src/detect/options-schema.js';
import { tcBegin } from '../../src/encode/tcap.js';

function bad(fn: () => unknown): SigwatchError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(SigwatchError);
    return e as SigwatchError;
  }
  throw new Error('no error');
}

async function badAsync(it: AsyncIterable<unknown>): Promise<SigwatchError> {
  try {
    for await (const _ of it) break;
  } catch (e) {
    expect(e).toBeInstanceOf(SigwatchError);
    return e as SigwatchError;
  }
  throw new Error('no error');
}

const noop = (): void => undefined;

describe('library options validated at every entry point', () => {
  it('scan: a misspelt key and a bad value, each named with a suggestion', async () => {
    const e = await badAsync(scan(new Uint8Array(0), { warmupEvnts: 3, mtp3: 'china' } as never));
    expect(e.code).toBe('ERR_BAD_OPTION');
    expect(e.message).toContain('scan: option "warmupEvnts" is unknown; did you mean "warmupEvents"?');
    expect(e.message).toContain('scan: option "mtp3": expected one of "itu", "ansi", "japan", got "china"');
    expect(e.problems).toHaveLength(2);
    expect(['warmupEvnts', 'mtp3']).toContain(e.path);
  });

  it('every other entry point', async () => {
    const cases: [string, () => unknown][] = [
      ['Decoder', () => new Decoder({ onEvent: noop, mtp3: 'china' } as never)],
      ['Scanner', () => new Scanner({ onAlert: noop, warmupEvents: -1 } as never)],
      ['Detector', () => new Detector({ rules: loadDefaultRules(), onAlert: noop, limts: {} } as never)],
      ['LayerDecoder', () => new LayerDecoder({ mtp: 'itu' } as never)],
      ['decodeTcapEvents', () => decodeTcapEvents(new Uint8Array(0), { frme: 1 } as never)],
      ['createDecodeStream', () => createDecodeStream({ diameterPorts: [70000] } as never)],
      ['createScanStream', () => createScanStream({ inferhome: false } as never)],
      ['openCapture', () => openCapture(new Uint8Array(0), { reuseBufer: true } as never)],
      ['Decoder limits', () => new Decoder({ onEvent: noop, limits: { dialogs: 5 } } as never)],
    ];
    for (const [name, fn] of cases) {
      const e = bad(fn);
      expect(e.code, name).toBe('ERR_BAD_OPTION');
      expect(e.message, name).toMatch(/option "[^"]+"/);
    }
    expect(bad(() => new LayerDecoder({ mtp: 'itu' } as never)).message).toContain('did you mean "mtp3"?');
    // A count limit must be a whole number (a flow table of capacity 0.5 looped forever); ages may be fractions.
    for (const k of ['sctpAssociations', 'tcpFlows', 'dialogues', 'berDepth']) {
      const e = bad(() => new Decoder({ onEvent: noop, limits: { [k]: 0.5 } }));
      expect([e.code, e.message.includes(`limits.${k}`)]).toEqual(['ERR_BAD_OPTION', true]);
    }
    expect(
      () => new Decoder({ onEvent: noop, limits: { reorderWaitSec: 0.5, sctpAssociations: 1, tcpReasmBytes: 1e20, maxRecordBytes: Number.MAX_VALUE } }),
    ).not.toThrow();
    expect(bad(() => new Decoder({ onEvent: noop, limits: { dialogs: 5 } } as never)).message).toContain(
      'option "limits.dialogs" is unknown; did you mean "dialogues"?',
    );
    expect((await badAsync(decode(new Uint8Array(0), { diameterPort: [3869] } as never))).message).toContain('did you mean "diameterPorts"?');
    await expect(inferHome([new Uint8Array(0)], { profil: 'x' } as never)).rejects.toThrow('did you mean "profile"?');
  });

  it('no options where some are required, bad networks/logger/attributor, createAttributor, Decoder.push of a non-Uint8Array: ERR_BAD_OPTION, not a TypeError', async () => {
    const named = (fn: () => unknown, text: string): void => {
      const e = bad(fn);
      expect(e.code, text).toBe('ERR_BAD_OPTION');
      expect(e.message).toContain(text);
    };
    named(() => new (Decoder as new () => Decoder)(), 'Decoder: option "onEvent": onEvent or onRecord is required');
    named(() => new (Scanner as new () => Scanner)(), 'Scanner: option "onAlert": expected a function');
    named(() => new (Detector as new () => Detector)(), 'Detector: option "rules"');
    named(() => new Scanner({ onAlert: noop, networks: [{ name: 5 }] } as never), 'Scanner: option "networks.0.name"');
    named(() => new Scanner({ onAlert: noop, logger: {} } as never), 'Scanner: option "logger": expected a pino logger');
    named(() => new Detector({ rules: [], onAlert: noop, attributor: {} } as never), 'Detector: option "attributor": expected an Attributor');
    expect((await badAsync(scan(new Uint8Array(0), { attributor: {} } as never))).message).toContain('scan: option "attributor"');
    named(() => createAttributor({ networks: 5 } as never), 'createAttributor: option "networks"');
    named(() => createAttributor({ cacheSize: -1 }), 'createAttributor: option "cacheSize"');
    for (const chunk of ['abc', null, [1, 2, 3], new ArrayBuffer(8)]) {
      named(() => new Decoder({ onEvent: noop }).push(chunk as never), 'Decoder.push(): expected a Uint8Array or Buffer, got');
      // Red-team L1: the per-layer entries threw a TypeError/RangeError from the DataView.
      named(() => decodeTcapEvents(chunk as never), 'LayerDecoder.tcap(): expected a Uint8Array or Buffer, got');
      named(() => new LayerDecoder().sccp(chunk as never), 'LayerDecoder.sccp(): expected a Uint8Array or Buffer, got');
    }
    named(() => new LayerDecoder().diameter(new DataView(new ArrayBuffer(8)) as never), 'got DataView');
    named(() => samplePath(5 as never), 'samplePath: expected a sample name (string), got number');
    expect(() => parseRule(5 as never)).toThrow(expect.objectContaining({ code: 'ERR_BAD_RULE', message: expect.stringContaining('parseRule: expected') }));
    // Well-formed ones still pass.
    const entry = (): NetworkEntry => ({ name: 'Op', role: 'mno', gtPrefixes: ['4477'], realms: [], pointCodes: [], source: 'test' });
    expect(createAttributor({ networks: [entry()], cacheSize: 2 }).gt('447700').network).toBe('Op');
    expect(() => new Scanner({ onAlert: noop, networks: [entry()] })).not.toThrow();
  });

  it('valid options pass (undefined values count as absent)', async () => {
    expect(() => new Decoder({ onEvent: noop, mtp3: 'ansi', limits: { dialogues: 10 }, diameterPorts: undefined } as never)).not.toThrow();
    const alerts: unknown[] = [];
    for await (const a of scan(samplePath('ss7-location-tracking.pcap'), { profile: samplePath('ss7-location-tracking.profile.yaml'), warmupEvents: 10 }))
      alerts.push(a);
    expect(alerts.length).toBeGreaterThan(0);
    expect(() => createDecodeStream({}).destroy()).not.toThrow();
  });

  it('capture errors name the file (ERR_UNKNOWN_FORMAT in message and `file`)', async () => {
    const e = await badAsync(decode(samplePath('README.md')));
    expect(e.code).toBe('ERR_UNKNOWN_FORMAT');
    expect(e.file).toBe(samplePath('README.md'));
    expect(e.message.startsWith(`${samplePath('README.md')}: `)).toBe(true);
  });

  it('samplePath: the shipped samples, and a suggestion for a typo', () => {
    expect(samplePath('ss7-location-tracking.pcap')).toMatch(/pcaps\/ss7-location-tracking\.pcap$/);
    expect(bad(() => samplePath('ss7-location-tracking.pcp')).message).toContain('did you mean "ss7-location-tracking.pcap"?');
  });
});

/**
 * The options a caller passes are parsed once, by the entry point the caller used: scan() builds
 * the Scanner, which builds the Decoder and the Detector, from options it already checked.
 */
describe('options parsed once per entry point', () => {
  const all: Record<string, unknown> = { ...schemas, detectorOptionsSchema };
  const named = Object.entries(all).filter((e): e is [string, z.ZodType] => typeof e[1] === 'object' && e[1] !== null && 'safeParse' in e[1]);
  let parses: Record<string, number> = {};
  const restore: (() => void)[] = [];
  function count(): void {
    for (const r of restore.splice(0)) r();
    parses = {};
    for (const [name, schema] of named) {
      const orig = schema.safeParse;
      schema.safeParse = ((...a: Parameters<z.ZodType['safeParse']>) => {
        parses[name] = (parses[name] ?? 0) + 1;
        return orig(...a);
      }) as z.ZodType['safeParse'];
      restore.push(() => void delete (schema as { safeParse?: unknown }).safeParse);
    }
  }
  afterEach(() => {
    for (const r of restore.splice(0)) r();
  });
  const pcap = samplePath('ss7-location-tracking.pcap');
  const profile = samplePath('ss7-location-tracking.profile.yaml');

  it('scan, with a profile and with two-pass home inference (two captures)', async () => {
    count();
    for await (const _ of scan([pcap, pcap], { profile, warmupEvents: 10 }));
    expect(parses).toEqual({ scanOptionsSchema: 1 });
    count();
    for await (const _ of scan([pcap, pcap], { mtp3: 'itu' }));
    expect(parses).toEqual({ scanOptionsSchema: 1 });
  });

  it('inferHome, decode, the Scanner, the stream factories and the one-shot layer decoders', async () => {
    count();
    await inferHome([pcap], { mtp3: 'itu' });
    for await (const _ of decode(pcap, { mtp3: 'itu' }));
    const sc = new Scanner({ profile, onAlert: noop });
    sc.push(readFileSync(pcap));
    sc.end();
    const sink = () => new Writable({ objectMode: true, write: (_x, _e, done) => done() });
    await pipeline(createReadStream(pcap), createDecodeStream({ mtp3: 'itu' }), sink());
    await pipeline(createReadStream(pcap), createScanStream({ profile }), sink());
    const tcap = tcBegin({ otid: '0a0b0c0d', components: [{ type: 'invoke', invokeId: 1, opcode: 22 }] });
    expect(decodeTcapEvents(tcap, { frame: 1, mtp3: 'itu' })).toHaveLength(1);
    expect(parses).toEqual({ scanOptionsSchema: 1, decodeOptionsSchema: 2, scannerOptionsSchema: 1, scanStreamOptionsSchema: 1, pduOptionsSchema: 1 });
  });

  it('a Detector or Decoder built by the caller is checked by its own constructor', () => {
    count();
    new Detector({ rules: [], onAlert: noop });
    new Decoder({ onEvent: noop });
    expect(parses).toEqual({ detectorOptionsSchema: 1, decoderOptionsSchema: 1 });
  });
});

describe("the caller's options object changed after the check (the library keeps its own checked copy)", () => {
  const pcap = readFileSync(samplePath('ss7-location-tracking.pcap'));
  type Opts = { inferHome: false; limits: Record<string, unknown>; onAlert: () => void; mtp3?: unknown };
  const mutations: [string, (o: Opts) => void][] = [
    ['mtp3 = "bogus"', (o) => void (o.mtp3 = 'bogus')],
    ['limits.dialogues = -5', (o) => void (o.limits.dialogues = -5)],
    ['limits.dialogues = "many"', (o) => void (o.limits.dialogues = 'many')],
    ['limits.bogusLimit = 3', (o) => void (o.limits.bogusLimit = 3)],
  ];
  const run = (mutate?: (o: Opts) => void) => {
    const alerts: unknown[] = [];
    // mtp3 'ansi' on an ITU capture: a different decode from the default, so a value swapped in later would show.
    const o: Opts = { inferHome: false, mtp3: 'ansi', limits: { dialogues: 10 }, onAlert: () => void alerts.push(1) };
    const s = new Scanner(o as never);
    mutate?.(o);
    s.beginSource('x.pcap');
    s.push(pcap);
    s.end();
    return { alerts: alerts.length, stats: s.decodeStats };
  };
  const reference = run();

  for (const [name, mutate] of mutations) {
    it(`Scanner: ${name} after construction has no effect (no crash, no unchecked value)`, () => {
      expect(run(mutate)).toEqual(reference);
    });
  }

  it('createScanStream: the Scanner built later uses the checked options', async () => {
    const o: Record<string, unknown> = { profile: samplePath('ss7-location-tracking.profile.yaml'), limits: { dialogues: 10 } };
    const stream = createScanStream(o);
    o.mtp3 = 'bogus';
    (o.limits as Record<string, unknown>).dialogues = -5;
    const out: unknown[] = [];
    await pipeline(
      createReadStream(samplePath('ss7-location-tracking.pcap')),
      stream,
      new Writable({
        objectMode: true,
        write: (x, _e, done) => {
          out.push(x);
          done();
        },
      }),
    );
    expect(out.length).toBeGreaterThan(0);
  });
});
