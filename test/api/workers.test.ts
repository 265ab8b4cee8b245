/**
 * `scan --workers N` (src/api/workers.ts): detection split by subscriber over threads gives the
 * same alerts as one thread, on every pcaps/ scenario, with and without a profile, over two
 * captures scanned in order, and over the whole public corpus in one scan; a thread's subscriber
 * state keeps one thread's clock. Alerts compared sorted by (source, frame, index, rule), or byte
 * for byte where capture order is the point. Subscribers on two associations:
 * workers-associations.test.ts.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseWorkers } from '../../src/cli/workers-option.js';
import { ShardRouter, hashIdentity, hashKey } from '../../src/api/workers-shard.js';
import { imsiKeyOf, msisdnKeyOf } from '../../src/core/identity-key.js';
import { buildOnce, jsonLines, PCAPS_DIR, runCli, SCENARIOS } from '../cli/run-cli.js';
import { Detector } from '../../src/detect/engine.js';
import type { SignallingEvent } from '../../src/events/types.js';
import { mapInvoke, mapResult, mapUl } from '../support/events.js';
import { CN_GT, HOME_HLR, IMSI, ISD_IN_UL, KDDI_VLR, MSISDN, NTT_VLR, RULES, T0, profile } from '../detect/fixture.js';
import { CORPUS_DIR, CORPUS_SKIP_REASON, HAS_CORPUS } from '../support/corpus.js';

beforeAll(() => buildOnce(), 120_000);

const key = (a: Record<string, unknown>): string =>
  `${String(a.source ?? '')}\u0000${String(a.frame).padStart(10, '0')}\u0000${String(a.index).padStart(4, '0')}\u0000${String(a.rule)}`;
const sorted = (text: string): Record<string, unknown>[] => jsonLines(text).sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));

describe.skipIf(SCENARIOS.length === 0)('scan --workers 2 gives the alerts of --workers 1', () => {
  for (const file of SCENARIOS) {
    const path = join(PCAPS_DIR, file);
    const profile = path.replace(/\.pcap(ng)?$/, '.profile.yaml');
    it(`${file} with its profile`, () => {
      const one = runCli(['scan', '--jsonl', '--workers', '1', '--profile', profile, path]);
      const two = runCli(['scan', '--jsonl', '--workers', '2', '--profile', profile, path]);
      expect(two.code).toBe(one.code);
      expect(sorted(two.stdout)).toEqual(sorted(one.stdout));
      // Released in capture order behind the watermark, so even the line order is the same.
      expect(two.stdout).toBe(one.stdout);
    });
    it(`${file} with an inferred home`, () => {
      const one = runCli(['scan', '--jsonl', path]);
      const two = runCli(['scan', '--jsonl', '--workers', '2', path]);
      expect(sorted(two.stdout)).toEqual(sorted(one.stdout));
    });
  }
  it('several captures in order, 3 workers', () => {
    const files = SCENARIOS.slice(0, 3).map((f) => join(PCAPS_DIR, f));
    const one = runCli(['scan', '--jsonl', ...files]);
    const three = runCli(['scan', '--jsonl', '--workers', '3', ...files]);
    expect(sorted(three.stdout)).toEqual(sorted(one.stdout));
  });
});

describe.skipIf(!HAS_CORPUS)(HAS_CORPUS ? 'scan --workers on the public corpus' : CORPUS_SKIP_REASON, () => {
  // Every capture in one scan (one subscriber state across them, alerts merged across sources).
  const files = HAS_CORPUS
    ? readdirSync(CORPUS_DIR)
        .filter((f) => /\.(pcap|pcapng|cap)$/.test(f))
        .sort()
        .map((f) => join(CORPUS_DIR, f))
    : [];
  it(`${files.length} captures: alerts of 2 and 3 workers, and the summary of 2, equal one thread's`, () => {
    const one = runCli(['scan', '--jsonl', ...files]);
    expect(one.code).toBe(0);
    expect(jsonLines(one.stdout).length).toBeGreaterThan(0);
    for (const n of ['2', '3']) expect(runCli(['scan', '--jsonl', '--workers', n, ...files]).stdout).toBe(one.stdout);
    expect(runCli(['scan', '--workers', '2', ...files]).stdout).toBe(runCli(['scan', ...files]).stdout);
  }, 120_000);
});

describe('--workers option and shard router', () => {
  it('validates the count; stdin, pipes and devices fall back to one thread', () => {
    expect(parseWorkers(undefined, ['a.pcap'], false)).toBe(1);
    expect(parseWorkers('4', ['a.pcap'], false)).toBe(4);
    expect(() => parseWorkers('0', ['a.pcap'], false)).toThrow(/--workers/);
    expect(() => parseWorkers('two', ['a.pcap'], false)).toThrow(/--workers/);
    expect(() => parseWorkers('2', ['a.pcap'], true)).toThrow(/--state-out/);
    expect(parseWorkers('2', ['-'], false)).toBe(1);
    // Not regular files: each thread opening the path itself would read nothing (a pipe drained
    // by the main thread) and its subscribers' alerts would be lost (red-team review).
    expect(parseWorkers('2', ['/dev/null'], false)).toBe(1);
    expect(parseWorkers('2', [join(PCAPS_DIR, readdirSync(PCAPS_DIR).find((f) => f.endsWith('.pcap'))!), '/dev/stdin'], false)).toBe(1);
    expect(parseWorkers('2', [join(PCAPS_DIR, readdirSync(PCAPS_DIR).find((f) => f.endsWith('.pcap'))!)], false)).toBe(2);
  });
  it('routes an MSISDN-only event to the worker of the IMSI it was last seen with', () => {
    const r = new ShardRouter(4);
    const ev = (imsi: string | undefined, msisdn: string | undefined, frame = 1) => ({ frame, imsi, msisdn });
    const owner = r.shardOf(ev('310410100000001', '12025550001'));
    expect(owner).toBe(hashKey('310410100000001') % 4);
    expect(r.shardOf(ev(undefined, '12025550001'))).toBe(owner);
    expect(r.shardOf(ev(undefined, '12025550999'))).toBe(hashKey('tel:12025550999') % 4);
    expect(r.shardOf(ev(undefined, undefined, 7))).toBe(3);
  });
});

describe('the shard hash of an identity key', () => {
  it('equals hashKey of the identity text for every key form (digits, tel:, leading zeros, 16 digits, text)', () => {
    const texts = ['001010123456789', '310410100000001', '4917', '0', '00', '1', '12345678', '123456789', '000000000000000', '999999999999999'];
    const all = [...texts, ...texts.map((t) => `tel:${t}`), '1234567890123456', 'tel:1234567890123456', 'abc', '', 'tel:'];
    for (const t of all) expect([t, hashIdentity(imsiKeyOf(t))]).toEqual([t, hashKey(t)]);
  });
  it('a record routes by its keys as a plain object routes by its texts (MSISDN-only and linked)', () => {
    const byText = new ShardRouter(5);
    const byKey = new ShardRouter(5);
    const subs: [string | undefined, string | undefined][] = [
      ['310410100000001', '12025550001'],
      [undefined, '12025550001'],
      [undefined, '12025550999'],
      ['001010000000099', undefined],
      [undefined, undefined],
    ];
    subs.forEach(([imsi, msisdn], i) => {
      const keyed = {
        frame: i + 1,
        imsiKey: () => (imsi === undefined ? undefined : imsiKeyOf(imsi)),
        msisdnKey: () => (msisdn === undefined ? undefined : msisdnKeyOf(msisdn)),
      };
      expect(byKey.shardOf(keyed)).toBe(byText.shardOf({ frame: i + 1, imsi, msisdn }));
    });
  });
});

describe("detection split by subscriber keeps one thread's state", () => {
  /** Runs `events` through `count` detectors as `scan --workers count` does (owner: event(), others: observe()). */
  function sharded(events: SignallingEvent[], count: number): Detector[] {
    const router = new ShardRouter(count);
    const dets = Array.from({ length: count }, () => new Detector({ rules: RULES, profile: profile(), onAlert: () => {} }));
    for (const ev of events) {
      const owner = router.shardOf({ frame: ev.frame, ...ev.subscriber });
      dets.forEach((d, k) => {
        if (k === owner) d.event(ev);
        else d.observe(ev);
      });
    }
    return dets;
  }
  const imsiA = '440100000000001';
  let imsiB = '440100000000002';
  for (let i = 3; hashKey(imsiB) % 2 === hashKey(imsiA) % 2; i++) imsiB = `44010000000000${i}`;

  it('a record learned from a frame captured out of time order gets the clock of all traffic, not of its shard', () => {
    // B's UpdateLocation is captured first with the later timestamp (merged multi-link capture).
    const events = () => [mapUl({ imsi: imsiB, vlr: KDDI_VLR, ts: T0 + 100, frame: 1 }), mapUl({ imsi: imsiA, vlr: NTT_VLR, ts: T0 + 50, frame: 2 })];
    const one = sharded(events(), 1)[0]!.snapshotState();
    const two = sharded(events(), 2).flatMap((d) => d.snapshotState().subscribers);
    const updated = (subs: typeof two, imsi: string) => subs.find((r) => r.imsi === imsi)?.updatedSec;
    expect(updated(one.subscribers, imsiA)).toBe(T0 + 100);
    expect(updated(two, imsiA)).toBe(updated(one.subscribers, imsiA));
    expect(updated(two, imsiB)).toBe(updated(one.subscribers, imsiB));
  });

  it('a refusal that names only the UL dialogue reverts the claim in whichever thread holds it (2-4 workers; review 9, B-H5)', () => {
    // registration-claims.test.ts: the attacker's UL (otid 0a000001) accepted by a forged UL
    // result ending the dialogue, then the HLR's real returnError of that closed dialogue: no
    // operation, no subscriber, so it is sharded by its frame, not to the thread of the claim.
    const withTcap = <T extends SignallingEvent>(ev: T, tcap: Record<string, string>): T => Object.assign(ev, { tcap });
    for (let count = 1; count <= 4; count++) {
      const owner = hashKey(IMSI) % count;
      let frame = 10;
      while (count > 1 && frame % count === owner) frame++;
      const forged = withTcap(
        mapResult({ op: 2, callingGt: HOME_HLR, calledGt: CN_GT, imsi: IMSI, args: { hlrNumber: HOME_HLR }, ts: T0 + 4 * 3600, frame: 5 }),
        {
          type: 'end',
          dtid: '0a000001',
        },
      );
      const refusal = withTcap(mapInvoke({ op: 2, type: 'returnError', callingGt: HOME_HLR, calledGt: CN_GT, ts: T0 + 4 * 3600 + 1, frame }), {
        type: 'end',
        dtid: '0a000001',
      });
      refusal.component!.errorCode = 8;
      delete refusal.component!.opcode;
      refusal.subscriber = {};
      refusal.imsis = [];
      const events = [
        mapUl({ imsi: IMSI, vlr: NTT_VLR, hlrGt: HOME_HLR, ts: T0, frame: 1 }),
        mapInvoke({ op: 7, callingGt: HOME_HLR, calledGt: NTT_VLR, imsi: IMSI, args: { msisdn: MSISDN }, ts: T0, tcap: ISD_IN_UL, frame: 2 }),
        withTcap(mapUl({ imsi: IMSI, vlr: CN_GT, hlrGt: HOME_HLR, ts: T0 + 4 * 3600, frame: 3 }), { type: 'begin', otid: '0a000001' }),
        forged,
        refusal,
      ];
      const visited = sharded(events, count)
        [owner]!.snapshotState()
        .subscribers.find((r) => r.imsi === IMSI)?.visited;
      expect([count, visited?.address]).toEqual([count, NTT_VLR]);
    }
  });
  it('a TC-ABORT of a UL dialogue shows registration answers in every thread, not only the one holding its claim (1-4 workers; review 10-B F6)', () => {
    // B registers at NTT before any answer (trusted at once); A's UL is aborted (the capture's only
    // answer); then an attacker's unanswered UL for B from CN, the real VLR's SAI for B and an SRI
    // from CN. One thread: the abort shows answers, so the attacker's UL waits and is dropped on the
    // SAI: the SRI from CN alerts. Before the fix only A's thread learned it: B's thread moved B to CN.
    const A = '310410123456001';
    let B = '310410123456002';
    for (let i = 3; [2, 3, 4].some((n) => hashKey(B) % n === hashKey(A) % n); i++) B = `3104101234560${String(i).padStart(2, '0')}`;
    const MS = '12025550177';
    const L = T0 + 2 * 86400;
    const events = (): SignallingEvent[] => {
      const ulA = mapUl({ imsi: A, vlr: CN_GT, hlrGt: HOME_HLR, ts: L, frame: 3 });
      ulA.tcap = { type: 'begin', otid: '0a000001' };
      const abort = mapInvoke({ op: 2, type: 'returnError', callingGt: HOME_HLR, calledGt: CN_GT, ts: L + 1, frame: 4 });
      abort.tcap = { type: 'abort', dtid: '0a000001' };
      delete abort.component;
      abort.subscriber = {};
      const ulB2 = mapUl({ imsi: B, vlr: CN_GT, hlrGt: HOME_HLR, ts: L + 100, frame: 5 });
      ulB2.tcap = { type: 'begin', otid: '0a000002' };
      return [
        mapUl({ imsi: B, vlr: NTT_VLR, hlrGt: HOME_HLR, ts: T0, frame: 1 }),
        mapInvoke({
          op: 22,
          type: 'returnResultLast',
          callingGt: HOME_HLR,
          calledGt: '12025550002',
          imsi: B,
          msisdn: MS,
          args: { msisdn: MS, imsi: B },
          ts: T0 + 1,
          frame: 2,
        }),
        ulA,
        abort,
        ulB2,
        mapInvoke({ op: 56, callingGt: NTT_VLR, imsi: B, args: { imsi: B }, ts: L + 110, frame: 6 }),
        mapInvoke({ op: 22, callingGt: CN_GT, calledGt: MS, msisdn: MS, args: { msisdn: MS }, ts: L + 200, frame: 7 }),
      ];
    };
    const run = (count: number) => {
      const router = new ShardRouter(count);
      const alerts: string[] = [];
      const dets = Array.from({ length: count }, () => new Detector({ rules: RULES, profile: profile(), onAlert: (a) => alerts.push(`${a.rule}@${a.frame}`) }));
      for (const ev of events()) {
        const owner = router.shardOf({ frame: ev.frame, ...ev.subscriber });
        dets.forEach((d, k) => {
          if (k === owner) d.event(ev);
          else d.observe(ev);
        });
      }
      const visited = dets.flatMap((d) => d.snapshotState().subscribers.map((r) => `${r.imsi}:${r.visited?.address}`)).sort();
      return { alerts: alerts.sort(), visited };
    };
    const one = run(1);
    expect(one.alerts).toEqual(['location-origin-mismatch@7']);
    for (let count = 2; count <= 4; count++) expect([count, run(count)]).toEqual([count, one]);
  });
});
