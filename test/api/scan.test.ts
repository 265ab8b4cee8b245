/** scan(), the Scanner, home inference and the stream adapters over the scenario captures. */
import { createReadStream, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { scan, inferHome } from '../../src/api/scan.js';
import { createDecodeStream, createScanStream } from '../../src/api/streams.js';
import { decode } from '../../src/api/decode.js';
import type { ScanAlert } from '../../src/api/scan-options.js';
import type { CustomRule } from '../../src/detect/custom-rule.js';
import { SigwatchError } from '../../src/core/errors.js';
import { REPO_ROOT } from '../support/corpus.js';
import { Scanner } from '../../src/api/scanner.js';
import { ShardRouter } from '../../src/api/workers-shard.js';
import { MessageRecord } from '../../src/events/record.js';

const PCAPS = join(REPO_ROOT, 'pcaps');
const NAME = existsSync(PCAPS) ? readdirSync(PCAPS).find((f) => f === 'ss7-location-tracking.pcap') : undefined;
const CAPTURE = NAME === undefined ? '' : join(PCAPS, NAME);
const PROFILE = CAPTURE.replace(/\.pcap$/, '.profile.yaml');
const SKIP = `skipped: pcaps/ss7-location-tracking.pcap not generated yet (${PCAPS})`;

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

const key = (a: ScanAlert): string => `${a.frame}/${a.index}/${a.rule}`;

describe.skipIf(NAME === undefined)(NAME === undefined ? SKIP : 'scan() API', () => {
  it('with a profile: §6 alerts naming their source, no home assumption', async () => {
    const alerts = await collect(scan(CAPTURE, { profile: PROFILE }));
    expect(alerts.length).toBeGreaterThan(0);
    for (const a of alerts) {
      expect(a.source).toBe(CAPTURE);
      expect(a.explanation.length).toBeGreaterThan(20);
      expect((a.assumptions ?? []).join()).not.toContain('home network inferred');
    }
    expect(new Set(alerts.map((a) => a.rule))).toContain('location-origin-mismatch');
  });

  it('infers the home network (PLMN 310410, GTs +1 202) and every alert states the assumption', async () => {
    const home = await inferHome([CAPTURE]);
    expect(home?.imsiPrefixes).toEqual(['310410']);
    expect(home?.gtPrefixes[0]).toMatch(/^1202/);
    expect(home?.country).toBe('US');
    const alerts = await collect(scan(CAPTURE));
    expect(alerts.length).toBeGreaterThan(0);
    for (const a of alerts) expect(a.assumptions?.[0]).toContain('home network inferred');
  });

  it('bytes and several sources: state carries over, frames restart, sources in order', async () => {
    const bytes = readFileSync(CAPTURE);
    const one = await collect(scan(bytes, { profile: PROFILE }));
    const two = await collect(scan([bytes, CAPTURE], { profile: PROFILE }));
    expect(two.slice(0, one.length).map(key)).toEqual(one.map(key));
    expect(two.slice(0, one.length).every((a) => a.source === 'bytes')).toBe(true);
    expect(two.slice(one.length).every((a) => a.source === CAPTURE)).toBe(true);
  });

  it('custom TypeScript rules run beside the pack, with their own explanation', async () => {
    const rule: CustomRule = {
      id: 'custom-sri-from-cn',
      rev: 1,
      title: 'SRI from China',
      level: 'low',
      scope: { protocol: ['map'], operations: ['sendRoutingInfo'] },
      match: (ev) =>
        ev.protocol !== 'diameter' &&
        ev.component?.type === 'invoke' &&
        (ev.sccp.calling.gt ?? '').startsWith('86') && { explanation: `SRI from ${ev.sccp.calling.gt}` },
    };
    const alerts = await collect(scan(CAPTURE, { profile: PROFILE, rules: [], customRules: [rule] }));
    expect(alerts.length).toBeGreaterThan(0);
    for (const a of alerts) {
      expect(a.rule).toBe('custom-sri-from-cn');
      expect(a.explanation).toMatch(/^SRI from 86/);
    }
  });

  it('a bad custom rule is an ERR_BAD_RULE from the Scanner constructor, also while warming up without a profile', () => {
    const rule = { id: 'x', rev: 1, title: 'x', level: '<b>', scope: { protocol: 'map' }, match: () => true };
    for (const profile of [PROFILE, undefined]) {
      expect(() => new Scanner({ onAlert: () => undefined, customRules: [rule as never], ...(profile === undefined ? {} : { profile }) })).toThrow(
        expect.objectContaining({ code: 'ERR_BAD_RULE', path: 'level' }),
      );
    }
  });

  it('createScanStream gives the alerts scan() gives (warm-up inference on a stream)', async () => {
    const expected = (await collect(scan(CAPTURE))).map(key);
    const got: ScanAlert[] = [];
    const sink = new Writable({
      objectMode: true,
      write: (a: ScanAlert, _e, cb) => {
        got.push(a);
        cb();
      },
    });
    await pipeline(createReadStream(CAPTURE), createScanStream({ source: 'probe' }), sink);
    expect(got.map(key)).toEqual(expected);
    expect(got[0]?.source).toBe('probe');
  });

  it('createDecodeStream gives the events decode() gives', async () => {
    const expected = (await collect(decode(CAPTURE))).map((e) => `${e.frame}/${e.index}`);
    const got: string[] = [];
    const sink = new Writable({
      objectMode: true,
      write: (e: { frame: number; index: number }, _x, cb) => {
        got.push(`${e.frame}/${e.index}`);
        cb();
      },
    });
    await pipeline(createReadStream(CAPTURE, { highWaterMark: 333 }), createDecodeStream(), sink);
    expect(got).toEqual(expected);
  });
});

describe('scan() errors', () => {
  it('warm-up with a detectFilter: the shards together alert as one unfiltered scan, each held event filled into a record once', () => {
    const bytes = readFileSync(CAPTURE);
    const run = (filter?: (r: MessageRecord) => boolean): { alerts: string[]; fills: number } => {
      const alerts: string[] = [];
      const fill = vi.spyOn(MessageRecord.prototype, 'fromEvent');
      try {
        const s = new Scanner({ warmupEvents: 25, onAlert: (a) => alerts.push(key(a)), ...(filter === undefined ? {} : { detectFilter: filter }) });
        s.push(bytes);
        s.end();
        return { alerts, fills: fill.mock.calls.length };
      } finally {
        fill.mockRestore();
      }
    };
    const router = new ShardRouter(2);
    const whole = run();
    const shards = [run((r) => router.shardOf(r) === 0), run((r) => router.shardOf(r) === 1)];
    expect(whole.alerts.length).toBeGreaterThan(0);
    expect(shards.every((x) => x.alerts.length > 0)).toBe(true);
    expect([...shards[0]!.alerts, ...shards[1]!.alerts].sort()).toEqual([...whole.alerts].sort());
    // The 25 held events, once each: the filter and the detector read the same record.
    expect([whole.fills, shards[0]!.fills, shards[1]!.fills]).toEqual([25, 25, 25]);
  });

  it('a missing capture rejects with a SigwatchError code, not a crash', async () => {
    await expect(collect(scan(join(REPO_ROOT, 'no-such.pcap'), { inferHome: false }))).rejects.toMatchObject({ code: 'ERR_IO' });
    await expect(collect(scan(Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8), { inferHome: false }))).rejects.toBeInstanceOf(SigwatchError);
  });
});

describe('Scanner stateIn with saved identities that are not E.212/E.164 digits', () => {
  it('restores the rest of the subscriber, counts the dropped identity and logs it', () => {
    const warn = vi.fn();
    const logger = { warn, info: () => {}, debug: () => {}, error: () => {} } as unknown as import('pino').Logger;
    const state = {
      format: 'sigwatch-state',
      version: 1,
      nowSec: 0,
      subscribers: [{ imsi: '1234567890123456', msisdn: '4915112345678', history: [], updatedSec: 0 }],
    };
    const s = new Scanner({ inferHome: false, stateIn: JSON.stringify(state), logger, onAlert: () => {} });
    expect(s.decodeStats['state.identities-dropped']).toBe(1);
    expect(warn).toHaveBeenCalledWith({ dropped: 1 }, expect.stringContaining('left out'));
    expect(s.detectorInstance?.snapshotState().subscribers).toEqual([{ msisdn: '4915112345678', history: [], updatedSec: 0 }]);
  });
});
