/**
 * Red-team round 16 I4: one classic-pcap frame stamped 30 days (or 2^30 s: one flipped bit of a
 * record header) ahead of the others moved the state's clock past the subscriber TTL and evicted
 * every registration, silently: the victim's later SRI from China dropped from high ("registered in
 * GB") to medium. A lone frame more than an hour ahead does not move the state's clock; one more than
 * the subscriber TTL from the previous frame is `capture.time-jump` (pcap and pcapng alike); a capture
 * that really moves on (the next frame as far ahead) still moves the clock.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Decoder } from '../../src/api/decoder.js';
import { Scanner } from '../../src/api/scanner.js';
import { loadProfile } from '../../src/detect/profile.js';
import { imsiKeyOf } from '../../src/core/identity-key.js';
import { SubscriberStore } from '../../src/state/subscribers.js';
import * as E from '../../src/encode/index.js';
import { RULES } from '../detect/fixture.js';
import { REPO_ROOT } from '../support/corpus.js';
import { type Party, ss7Frame } from '../support/ss7-frames.js';

const PROFILE = join(REPO_ROOT, 'pcaps', 'ss7-location-tracking.profile.yaml');
const HLR: Party = { gt: '12025550001', ssn: 6 };
const UK_VLR: Party = { gt: '447785000011', ssn: 7 };
const VICTIM = '12025550123';
const UL_AC = '0.4.0.0.1.0.1.3';
const T = 1_743_235_200;
const DAY = 86_400;

/** The victim's registration in GB (UL, ISD, UL result): seconds 0-3. */
const registration = [
  ss7Frame(
    E.tcBegin({
      otid: '0a000122',
      dialogue: { pdu: 'aarq', acn: UL_AC },
      components: [
        { type: 'invoke', invokeId: 1, opcode: 2, param: E.mapArg.updateLocation({ imsi: '310410100000123', mscNumber: UK_VLR.gt, vlrNumber: UK_VLR.gt }) },
      ],
    }),
    UK_VLR,
    HLR,
  ),
  ss7Frame(
    E.tcContinue({
      otid: '0a000127',
      dtid: '0a000122',
      dialogue: { pdu: 'aare', acn: UL_AC },
      components: [{ type: 'invoke', invokeId: 1, opcode: 7, param: E.mapArg.insertSubscriberData({ msisdn: VICTIM }) }],
    }),
    HLR,
    UK_VLR,
    { opc: 200, ni: 2, dpc: 100 },
  ),
  ss7Frame(
    E.tcEnd({ dtid: '0a000122', components: [{ type: 'returnResultLast', invokeId: 1, opcode: 2, param: E.mapRes.hlrNumber({ hlrNumber: HLR.gt }) }] }),
    HLR,
    UK_VLR,
    { opc: 200, ni: 2, dpc: 100 },
  ),
];
/** A routine home SRI-for-SM (no alert of its own): the frame stamped far ahead. */
const routine = (otid: string) =>
  ss7Frame(
    E.tcBegin({
      otid,
      dialogue: { pdu: 'aarq', acn: '0.4.0.0.1.0.20.3' },
      components: [{ type: 'invoke', invokeId: 1, opcode: 45, param: E.mapArg.sendRoutingInfoForSM({ msisdn: '12025550777', pri: true, sca: '12025550200' }) }],
    }),
    { gt: '12025550200', ssn: 8 },
    HLR,
  );
/** The victim's SRI from China. */
const sri = ss7Frame(
  E.tcBegin({
    otid: '0c000001',
    dialogue: { pdu: 'aarq', acn: '0.4.0.0.1.0.5.3' },
    components: [{ type: 'invoke', invokeId: 1, opcode: 22, param: E.mapArg.sendRoutingInfo({ msisdn: VICTIM, gmscAddress: '8613900000050' }) }],
  }),
  { gt: '8613900000050', ssn: 8 },
  HLR,
);

/** Frames at the given offsets (s) from T: the registration at 0-2, then `extra`. */
function frames(extra: [Uint8Array, number][]): { tsSec: number; data: Uint8Array }[] {
  return [...registration.map((data, i) => ({ tsSec: T + i, data })), ...extra.map(([data, s]) => ({ tsSec: T + s, data }))];
}

function run(capture: Uint8Array): { levels: string[]; jumps: number } {
  const levels: string[] = [];
  const s = new Scanner({ profile: loadProfile(PROFILE), rules: RULES, onAlert: (a) => a.rule === 'location-origin-mismatch' && levels.push(a.level) });
  s.push(capture);
  s.endSource();
  s.end();
  return { levels, jumps: s.decodeStats['anomaly.capture.time-jump'] ?? 0 };
}

const pcap = (list: { tsSec: number; data: Uint8Array }[]) =>
  E.writePcap(
    list.map((f) => ({ ...f, tsNsec: 0 })),
    { linkType: 1 },
  );
const pcapng = (list: { tsSec: number; data: Uint8Array }[]) =>
  E.writePcapng([
    { interfaces: [{ linkType: 1 }], blocks: list.map((f) => ({ type: 'epb' as const, interfaceId: 0, ts: BigInt(f.tsSec) * 1_000_000n, data: f.data })) },
  ]);

describe('red-team round 16 I4: a lone frame far ahead does not move the state\u2019s clock', () => {
  it('control: without it the victim\u2019s SRI from China is high', () => {
    expect(run(pcap(frames([[sri, 600]])))).toEqual({ levels: ['high'], jumps: 0 });
  });

  for (const [name, write] of [
    ['pcap', pcap],
    ['pcapng', pcapng],
  ] as const) {
    for (const ahead of [30 * DAY, 2 ** 30]) {
      it(`${name}: one frame ${ahead} s ahead is capture.time-jump (there and back) and evicts nothing`, () => {
        const out = run(
          write(
            frames([
              [routine('0d000001'), ahead],
              [sri, 600],
            ]),
          ),
        );
        expect(out).toEqual({ levels: ['high'], jumps: 2 });
      });
    }
  }

  it('a frame 2 days ahead and back is no capture.time-jump (gaps of days are common: pcaps/), and evicts nothing', () => {
    expect(
      run(
        pcap(
          frames([
            [routine('0d000001'), 2 * DAY],
            [sri, 600],
          ]),
        ),
      ),
    ).toEqual({ levels: ['high'], jumps: 0 });
  });

  it('the report follows limits.subscriberTtlSec: with a 1-day TTL a 2-day jump is capture.time-jump', () => {
    const capture = pcap(frames([[routine('0d000001'), 2 * DAY]]));
    const jumps = (ttl: number) => {
      const d = new Decoder({ onEvent: () => {}, limits: { subscriberTtlSec: ttl } });
      d.push(capture);
      d.end();
      return d.stats['anomaly.capture.time-jump'] ?? 0;
    };
    expect(jumps(DAY)).toBe(1);
    expect(jumps(7 * DAY)).toBe(0);
  });

  it('a capture that moves on (two frames 30 days ahead) moves the clock: the registration expires (TTL)', () => {
    const out = run(
      pcap(
        frames([
          [routine('0d000001'), 30 * DAY],
          [routine('0d000002'), 30 * DAY + 1],
          [sri, 30 * DAY + 600],
        ]),
      ),
    );
    expect(out.jumps).toBe(1);
    expect(out.levels).not.toContain('high');
  });

  it('SubscriberStore, review 18-A F2: the first time is held until another confirms it; one an hour behind restarts the clocks', () => {
    const s = new SubscriberStore({ subscribers: 10, subscriberTtlSec: 7 * DAY });
    s.tick(T + 30 * DAY); // the corrupt first frame
    s.tick(T + 30 * DAY); // its other message: no confirmation
    s.tick(T);
    expect(s.nowSec).toBe(T);
    s.touch('001010000000001', undefined);
    s.tick(T + 5);
    expect(s.findKey(imsiKeyOf('001010000000001'), undefined)).toBeDefined();
    expect(s.savedSec).toBe(T + 5);
    s.tick(T - 30 * DAY); // confirmed since T + 5: a time far behind no longer restarts anything
    expect(s.savedSec).toBe(T + 5);
    expect(s.nowSec).toBe(T + 5);
    // A confirmed first time (a state file's clock) is kept as before: an earlier capture after it does not rewind it.
    const r = new SubscriberStore({ subscribers: 10, subscriberTtlSec: 7 * DAY });
    r.restoreClock(T + 30 * DAY);
    r.tick(T);
    expect(r.savedSec).toBe(T + 30 * DAY);
  });

  it('SubscriberStore: a lone time past the bound does not age the records; a second one as far ahead does', () => {
    const s = new SubscriberStore({ subscribers: 10, subscriberTtlSec: 7 * DAY });
    s.tick(T);
    s.touch('001010000000001', undefined);
    s.tick(T + 2 ** 30);
    s.tick(T + 2 ** 30); // the same frame's other component: still held
    s.tick(T + 5); // back: the outlier is dropped
    expect(s.findKey(imsiKeyOf('001010000000001'), undefined)).toBeDefined();
    expect(s.savedSec).toBe(T + 5);
    s.tick(T + 30 * DAY);
    expect(s.savedSec).toBe(T + 30 * DAY); // held at the end: a state file saves it
    s.tick(T + 30 * DAY + 1); // as far ahead again: the capture moved on
    expect(s.findKey(imsiKeyOf('001010000000001'), undefined)).toBeUndefined();
    expect(s.counters.evictedTtl).toBe(1);
  });
});
