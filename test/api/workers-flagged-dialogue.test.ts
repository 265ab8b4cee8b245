/**
 * A spoofed Begin (rt11 R9: a home GT handed over by a foreign carrier's international point code)
 * is decided from the message alone, so every `scan --workers` thread files its dialogue
 * (detect/engine.ts observeRecord): an answer in it that names another IMSI than the Begin's
 * subscriber is detected in that IMSI's thread, which must not learn it either (review 12-C #2
 * under --workers: the forged SRI-SM End was learned in the other thread, and a PSL for that IMSI
 * from the attacker's network passed as from its visited network with 2 or 3 workers only).
 */
import { describe, expect, it } from 'vitest';
import { Scanner } from '../../src/api/scanner.js';
import { ShardRouter } from '../../src/api/workers-shard.js';
import { loadProfile } from '../../src/detect/profile.js';
import * as E from '../../src/encode/index.js';
import { FLAGGED_DIALOGUES } from '../../src/state/subscribers.js';
import { RULES } from '../detect/fixture.js';
import { ss7Frame } from '../support/ss7-frames.js';
import { BS, BS_VLR, HLR, HOME_MSC, IMSI, MSISDN, OTHER, R9_PROFILE, SMSC, SRISM_AC, srismBegin, srismEnd, T } from '../support/r9-srism.js';

/** A PSL for `imsi` alone (routed by it) from the Bahamas. */
const psl = (imsi: string) =>
  ss7Frame(
    E.tcBegin({
      otid: '0c000003',
      dialogue: { pdu: 'aarq', acn: '0.4.0.0.1.0.38.3' },
      components: [{ type: 'invoke', invokeId: 1, opcode: 83, param: E.mapArg.provideSubscriberLocation({ mlcNumber: BS, imsi }) }],
    }),
    { gt: BS, ssn: 145 },
    { gt: HOME_MSC, ssn: 8 },
  );

function capture(): Uint8Array {
  const list = [
    srismBegin('dead0002'), // honest: links MSISDN ↔ IMSI at the home MSC
    srismEnd('dead0002', IMSI, HOME_MSC),
    srismBegin('77000009', { opc: 4242, ni: 0 }), // the home SMSC GT via China Carrier's international PC: spoofed
    srismEnd('77000009', OTHER, BS_VLR), // the forged End names another IMSI at the attacker's node
    psl(OTHER),
  ];
  return E.writePcap(
    list.map((data, i) => ({ tsSec: T + i, tsNsec: 0, data })),
    { linkType: 1 },
  );
}

function run(count: number, pcap = capture(), anomalies: string[] = []): string[] {
  const out: string[] = [];
  const router = new ShardRouter(count);
  const profile = loadProfile(R9_PROFILE);
  for (let shard = 0; shard < count; shard++) {
    const s: Scanner = new Scanner({
      profile,
      rules: RULES,
      onAlert: (a) => out.push(`${a.rule}:${a.level}@${a.frame}`),
      onAnomaly: (a) => void anomalies.push(a.code),
      ...(count > 1 ? { detectFilter: (r) => router.shardOf(r, s.notation) === shard } : {}),
    });
    s.push(pcap);
    s.endSource();
  }
  return out.sort();
}

describe('flagged dialogues under --workers (spoofed Begin, End naming another IMSI)', () => {
  it('1, 2 and 3 workers raise the same alerts', () => {
    const one = run(1);
    expect(one.some((a) => a.endsWith('@5'))).toBe(true);
    for (const n of [2, 3]) expect([n, run(n)]).toEqual([n, one]);
  });
});

/** A spoofed SRI-SM Begin `T` (no dialogue portion when `v1`) for the victim's MSISDN, the home SMSC GT via China's PC. */
const spoofedBegin = (msisdn: string, v1 = false) =>
  ss7Frame(
    E.tcBegin({
      otid: '77000009',
      ...(v1 ? {} : { dialogue: { pdu: 'aarq' as const, acn: SRISM_AC } }),
      components: [{ type: 'invoke', invokeId: 1, opcode: 45, param: E.mapArg.sendRoutingInfoForSM({ msisdn, sca: SMSC.gt! }) }],
    }),
    SMSC,
    HLR,
    { opc: 4242, ni: 0 },
  );
/** The forged End of `T` from the home HLR GT naming the victim's IMSI at the Bahamas VLR; then an SRI for the victim from the Bahamas. */
const forgedEnd = () =>
  ss7Frame(
    E.tcEnd({
      dtid: '77000009',
      components: [{ type: 'returnResultLast', invokeId: 1, opcode: 45, param: E.mapRes.sendRoutingInfoForSM({ imsi: IMSI, networkNodeNumber: BS_VLR }) }],
    }),
    HLR,
    SMSC,
  );
const sri = () =>
  ss7Frame(
    E.tcBegin({
      otid: '0c000002',
      dialogue: { pdu: 'aarq', acn: '0.4.0.0.1.0.5.3' },
      components: [{ type: 'invoke', invokeId: 1, opcode: 22, param: E.mapArg.sendRoutingInfo({ msisdn: MSISDN, gmscAddress: BS }) }],
    }),
    { gt: BS, ssn: 8 },
    HLR,
  );

function attack(kind: 'fill-after' | 'v1-ssn0'): Uint8Array {
  const at = (data: Uint8Array, s: number) => ({ tsSec: T + s, tsNsec: 0, data });
  const list = [at(srismBegin('dead0002'), 0), at(srismEnd('dead0002', IMSI, HOME_MSC), 0)];
  if (kind === 'fill-after') {
    // 16 spoofed fillers on the attacker's otid, after its Begin, for other MSISDNs (review 13-A #2).
    list.push(at(spoofedBegin(MSISDN), 30));
    for (let i = 0; i < 16; i++) list.push(at(spoofedBegin(`1202556${String(i).padStart(4, '0')}`), 31));
    list.push(at(forgedEnd(), 32), at(sri(), 60));
  } else {
    // A MAP v1 dialogue kept open by empty Continues at SSN 0 (TCAP only) every 250 s, past the flag's lifetime (review 13-A #1).
    list.push(at(spoofedBegin(MSISDN, true), 30));
    for (let k = 1; k <= 8; k++) {
      list.push(
        at(ss7Frame(E.tcContinue({ otid: '55000001', dtid: '77000009', components: [] }), { gt: HLR.gt, ssn: 0 }, { gt: SMSC.gt, ssn: 0 }), 30 + 250 * k),
      );
    }
    list.push(at(forgedEnd(), 30 + 250 * 8 + 60), at(sri(), 30 + 250 * 8 + 100));
  }
  return E.writePcap(list, { linkType: 1 });
}

describe('flagged dialogues: fillers after the Begin, TCAP-only keep-alives (review 13-A #1, #2)', () => {
  // The fillers overflow the attacker's tid: said once (final read 13-A: `overflowed` was never reported), by the
  // thread that owns the overflowing Begin, so 1, 2 and 3 workers count alike; no flag is lost.
  it.each([
    ['fill-after', ['state.flagged-dialogue-saturated']],
    ['v1-ssn0', []],
  ] as const)('%s: the SRI from the Bahamas alerts, alike with 1, 2 and 3 workers, anomalies %j', (kind, expected) => {
    const pcap = attack(kind);
    const anomalies: string[] = [];
    const one = run(1, pcap, anomalies);
    expect(one.filter((a) => a.startsWith('location-origin-mismatch:high'))).toHaveLength(1);
    for (const n of [2, 3]) {
      const seen: string[] = [];
      expect([n, run(n, pcap, seen)]).toEqual([n, one]);
      expect([n, seen]).toEqual([n, anomalies]);
    }
    expect(anomalies).toEqual(expected);
  });
});

/** A spoofed SRI-SM Begin on `otid` for `msisdn`, the home SMSC GT via China's PC. */
const spoofedSrism = (otid: string, msisdn: string) =>
  ss7Frame(
    E.tcBegin({
      otid,
      dialogue: { pdu: 'aarq', acn: SRISM_AC },
      components: [{ type: 'invoke', invokeId: 1, opcode: 45, param: E.mapArg.sendRoutingInfoForSM({ msisdn, sca: SMSC.gt! }) }],
    }),
    SMSC,
    HLR,
    { opc: 4242, ni: 0 },
  );

/** A spoofed ATI Begin for `imsi` alone on `otid`, from the home SMSC GT via China's PC (same link as {@link spoofedBegin}). */
const spoofedAti = (otid: string, imsi: string) =>
  ss7Frame(
    E.tcBegin({
      otid,
      dialogue: { pdu: 'aarq', acn: '0.4.0.0.1.0.29.3' },
      components: [{ type: 'invoke', invokeId: 1, opcode: 71, param: E.mapArg.anyTimeInterrogation({ imsi, gsmScfAddress: SMSC.gt! }) }],
    }),
    SMSC,
    HLR,
    { opc: 4242, ni: 0 },
  );

/**
 * Review 14-B #2: the attacker's spoofed Begin F for the victim's MSISDN, then `pairs` pairs on one
 * otid and link — a spoofed SRI-SM for the MSISDN, a spoofed ATI for its IMSI — then spoofed fillers
 * up to one ring's worth of filings after F (Continues on F's dialogue keep its TCAP dialogue), the
 * End naming OTHER at the Bahamas VLR, and a PSL for OTHER from the Bahamas.
 */
function ringWrap(pairs: number): Uint8Array {
  const out: { tsSec: number; tsNsec: number; data: Uint8Array }[] = [];
  const at = (data: Uint8Array, s: number) => void out.push({ tsSec: T + s, tsNsec: 0, data });
  at(srismBegin('dead0002'), 0); // honest: the IMSI's thread (and one worker) links MSISDN ↔ IMSI
  at(srismEnd('dead0002', IMSI, HOME_MSC), 0);
  at(srismBegin('77000009', { opc: 4242, ni: 0 }), 30); // F
  for (let k = 0; k < pairs; k++) {
    const otid = (0x66000000 + k).toString(16);
    at(srismBegin(otid, { opc: 4242, ni: 0 }), 31);
    at(spoofedAti(otid, IMSI), 31);
  }
  const keepAlive = ss7Frame(E.tcContinue({ otid: '55000001', dtid: '77000009', components: [] }), HLR, SMSC);
  for (let i = 0; i < FLAGGED_DIALOGUES - 2 * pairs; i++) {
    const s = 40 + Math.floor(i / 200);
    if (i % 5000 === 0) at(keepAlive, s);
    at(spoofedSrism((0x50000000 + i).toString(16), `1202556${String(i).padStart(5, '0').slice(-4)}${i % 7}`), s);
  }
  at(srismEnd('77000009', OTHER, BS_VLR), 400);
  at(psl(OTHER), 420);
  return E.writePcap(out, { linkType: 1 });
}

describe('the spoofed ring turns alike in every thread (review 14-B #2)', () => {
  // Keyed by the store's MSISDN link, the pair took one slot in the IMSI's thread and two in OTHER's:
  // one worker kept F and alerted on the PSL, 2 and 3 workers had dropped F in OTHER's thread,
  // silently, and learned the forged End there. Keyed by what each Begin carries, every thread (and
  // one worker) files the pair in two slots: F is dropped alike, and said once.
  it('one pair and a ring wrap: 1, 2 and 3 workers give the same alerts and the same anomalies', { timeout: 300_000 }, () => {
    const pcap = ringWrap(1);
    // The detector's flag rings': every harness thread decodes, so decode anomalies come once per thread, and
    // `state.msisdn-relinked` (the forged End moves the victim's number to OTHER) is seen only where both IMSIs'
    // records share a thread (README, --workers).
    const state = (codes: string[]) => codes.filter((c) => c.startsWith('state.flagged-'));
    const anomalies: string[] = [];
    const one = run(1, pcap, anomalies);
    expect(state(anomalies)).toEqual(['state.flagged-dialogue-evicted']);
    for (const n of [2, 3]) {
      const seen: string[] = [];
      expect([n, run(n, pcap, seen)]).toEqual([n, one]);
      expect([n, state(seen)]).toEqual([n, state(anomalies)]);
    }
  });
});
