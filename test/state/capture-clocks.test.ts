/**
 * Red-team round 17 K2, K2b, K2d (core/expiry-clock.ts): what ages state follows the capture only where it stays. One frame
 * 30 days ahead moved the clock of the registration claims and the flagged dialogues (K2: an unanswered UL was never trusted,
 * a false high; K2b: every flag expired when filed, a forged ATI End was learned and the SRI from China was silent); a second
 * source 400 s ahead, interleaved, expired the victim's UL dialogue before its ISD (K2d: high → medium), reporting nothing.
 * And what the round-17 attempt broke: a UL dialogue opened after an honest quiet gap is stamped with its own time, so it
 * does not expire at its next message.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Scanner } from '../../src/api/scanner.js';
import { loadProfile } from '../../src/detect/profile.js';
import * as E from '../../src/encode/index.js';
import { RULES } from '../detect/fixture.js';
import { atiBegin, atiForgedEnd, registration, registrationFrom, routine, sri, UK_VLR, unansweredUl } from '../support/clock-frames.js';
import { REPO_ROOT } from '../support/corpus.js';

const PROFILE = join(REPO_ROOT, 'pcaps', 'ss7-location-tracking.profile.yaml');
const T = 1_743_235_200;
const DAY = 86_400;
const HOUR = 3600;

type Frame = { tsSec: number; data: Uint8Array; iface?: number };

interface Out {
  /** location-origin-mismatch levels. */
  levels: string[];
  rules: string[];
  stats: Record<string, number>;
  anomalies: string[];
}

function run(frames: Frame[], format: 'pcap' | 'pcapng' = 'pcap'): Out {
  const levels: string[] = [];
  const rules: string[] = [];
  const anomalies: string[] = [];
  const s = new Scanner({
    profile: loadProfile(PROFILE),
    rules: RULES,
    onAlert: (a) => {
      rules.push(a.rule);
      if (a.rule === 'location-origin-mismatch') levels.push(a.level);
    },
    onAnomaly: (a) => a.code === 'capture.clock-skew' && anomalies.push(a.detail),
  });
  s.push(
    format === 'pcap'
      ? E.writePcap(
          frames.map((f) => ({ tsSec: f.tsSec, tsNsec: 0, data: f.data })),
          { linkType: 1 },
        )
      : E.writePcapng([
          {
            interfaces: [{ linkType: 1 }, { linkType: 1 }],
            blocks: frames.map((f) => ({ type: 'epb' as const, interfaceId: f.iface ?? 0, ts: BigInt(f.tsSec) * 1_000_000n, data: f.data })),
          },
        ]),
  );
  s.endSource();
  s.end();
  return { levels, rules, stats: s.decodeStats, anomalies };
}

const at = (data: Uint8Array, s: number): Frame => ({ tsSec: T + s, data });
/** The victim's registration in GB at 0-2. */
const registered = registration.map((d, i) => at(d, i));
/** Routine home traffic every 10 s from `from` for `n` frames (the capture going on). */
const routineFrom = (from: number, n: number, tag: number): Frame[] =>
  Array.from({ length: n }, (_, i) => at(routine((0x0d000000 + tag * 256 + i).toString(16).padStart(8, '0')), from + 10 * i));

describe('red-team round 17 K2: one frame 30 days ahead no longer moves the clock claims and flags age by', () => {
  // The victim, registered in GB, registers in China 12 h later; the HLR's answer is not on the capture (one-way tap): the
  // claim is trusted after 30 s of capture. Her SRI from China 300 s later is then consistent (no location alert).
  const claim = (odd: Frame[]) =>
    run([...registered, ...odd, ...routineFrom(10, 3, 1), at(unansweredUl, 12 * HOUR), ...routineFrom(12 * HOUR + 10, 6, 2), at(sri, 12 * HOUR + 300)]);

  it('control: without the odd frame the unanswered UL is trusted, no SRI alert', () => {
    expect(claim([]).levels).toEqual([]);
  });

  it('one frame 30 days ahead (capture.time-jump): the claim is still trusted, no false high', () => {
    const out = claim([at(routine('0d0000ff'), 30 * DAY)]);
    expect(out.stats['anomaly.capture.time-jump']).toBe(2);
    expect(out.levels).toEqual([]);
  });

  it('K2b: after it, the flag gate holds: the forged End of the alerting ATI is not learned, the SRI from China is high', () => {
    const attack = (odd: Frame[]) => run([...registered, ...odd, ...routineFrom(10, 3, 1), at(atiBegin, 100), at(atiForgedEnd, 100), at(sri, 600)]);
    expect(attack([]).levels).toEqual(['high']);
    const out = attack([at(routine('0d0000ff'), 30 * DAY)]);
    expect(out.rules).toContain('cat1-from-outside');
    expect(out.levels).toEqual(['high']);
  });
});

describe('red-team round 17 K2d: a second source whose clock runs ahead, interleaved', () => {
  // After each frame of the victim's registration and SRI (interface 0), a routine frame of a second probe (interface 1)
  // stamped `skew` s ahead: what ages state keeps the clock behind; the disagreement is reported once.
  const skewed = (skew: number, attack: boolean) => {
    const own = [...registrationFrom(UK_VLR, '0a000122', '0a000127').map((d, i) => at(d, i)), ...(attack ? [at(atiBegin, 100), at(atiForgedEnd, 100)] : [])];
    own.push(at(sri, 600));
    return own.flatMap((f, i) => [f, { ...at(routine((0x2d000000 + i).toString(16).padStart(8, '0')), f.tsSec - T + skew), iface: 1 }]);
  };

  it('400 s ahead: the UL dialogue lives to its ISD, the number is linked, the SRI from China stays high; capture.clock-skew once', () => {
    const out = run(skewed(400, false), 'pcapng');
    expect(out.levels).toEqual(['high']);
    expect(out.stats['tcap.dialogues.expired'] ?? 0).toBe(0);
    expect(out.anomalies).toHaveLength(1);
    expect(out.anomalies[0]).toMatch(/400 s ahead .*interface 1, back on interface 0/);
    expect(out.stats['capture.clock-skew']).toBeGreaterThanOrEqual(3); // counted at each return
  });

  it('400 s ahead in bursts of two frames after its first (a merge in arrival order): the clock keeps to the source behind, high', () => {
    // Its first frame alone: the return after it shows the second source; a first burst of two would carry the clock (README).
    const burst = skewed(400, false).flatMap((f, i) => (f.iface === 1 && i > 1 ? [f, { ...f, tsSec: f.tsSec + 1, data: routine('2e000001') }] : [f]));
    const out = run(burst, 'pcapng');
    expect(out.levels).toEqual(['high']);
    expect(out.stats['tcap.dialogues.expired'] ?? 0).toBe(0);
  });

  it('1,500 s ahead with the attacker\u2019s ATI and forged End: the flag holds, the SRI from China is high', () => {
    const out = run(skewed(1500, true), 'pcapng');
    expect(out.rules).toContain('cat1-from-outside');
    expect(out.levels).toEqual(['high']);
  });

  it('control: 30 s ahead moves the clock at once (the capture\u2019s own pace): no skew reported, high', () => {
    const out = run(skewed(30, false), 'pcapng');
    expect([out.levels, out.anomalies]).toEqual([['high'], []]);
  });
});

describe('an honest quiet gap moves the clock as soon as the frames after it agree', () => {
  // The victim's registration in GB after 10 min (or 2 h) of silence, its four messages a second apart, then the SRI: the UL
  // dialogue is stamped with its own time, so it does not expire when the clock follows the gap (the round-17 attempt stamped
  // it with the clock before the gap and expired it at its next message); and the dialogues left open before the gap expire.
  for (const gap of [600, 2 * HOUR]) {
    it(`${gap} s of silence, then a registration: linked and kept; the idle dialogues before the gap expire`, () => {
      const out = run([
        ...routineFrom(0, 3, 1),
        ...registrationFrom(UK_VLR, '0a000122', '0a000127').map((d, i) => at(d, 20 + gap + i)),
        at(sri, 20 + gap + 60),
      ]);
      expect(out.levels).toEqual(['high']);
      expect(out.stats['tcap.dialogues.expired']).toBe(3);
      expect(out.stats['capture.clock-skew'] ?? 0).toBe(0);
    });
  }
});
