/**
 * Red-team round 16, I1a / I1b / I6: the round-15 fixes of H6 and H2 reasoned about the in-order
 * dialogue; a message captured *before* the attacker's Begin (an orphan the Begin joins,
 * ss7/tcap-dialogues.ts reordering) brought both back, and an alert still named an MSISDN borrowed
 * from another component of its Begin.
 *
 * - I1a: an empty TC-CONTINUE "from" the home HLR's GT, then the Begin [SRI-for-SM(victim's MSISDN),
 *   UpdateLocation(attacker's SIM)]: the UL took the SRI-for-SM's MSISDN and, as an orphan-joiner,
 *   linked it (learn.ts registrationMsisdn). A component of a Begin now borrows no identity another
 *   component of that Begin named (tcap-decoder.ts emit).
 * - I1b: the forged ISD(victim's MSISDN) out of the UL's own point code (OPC 100 → DPC 300), captured
 *   just before the UL Begin: refused as `tcap.answer-from-requester` when it follows the Begin,
 *   accepted as the joined orphan's answer before it. The orphan's labels are judged when its Begin
 *   joins (DialogueTable.noteOrphan, setOpener).
 * - I6: one Begin [SRI-for-SM(decoy), PSI(victim's IMSI)] from China: the PSI's alert named the decoy.
 *
 * Home US 310410 / 1202555 (pcaps/ profiles); the victim registered in GB, the attacker's SIM in CN.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Alert } from '../../src/detect/alert.js';
import { decode } from '../../src/api/decode.js';
import { Scanner } from '../../src/api/scanner.js';
import { ShardRouter } from '../../src/api/workers-shard.js';
import { loadProfile } from '../../src/detect/profile.js';
import * as E from '../../src/encode/index.js';
import { RULES } from '../detect/fixture.js';
import { REPO_ROOT } from '../support/corpus.js';
import { type Party, ss7Frame } from '../support/ss7-frames.js';

const PROFILE = join(REPO_ROOT, 'pcaps', 'ss7-location-tracking.profile.yaml');
const HLR: Party = { gt: '12025550001', ssn: 6 };
const VICTIM_IMSI = '310410100000123';
const VICTIM = '12025550123';
const DECOY = '12025550777';
const SIM = '310410100000077';
const UK_VLR = '447785000011';
const CN_VLR = '8613900000011';
const CN_GMSC = '8613900000050';
const T = 1_743_235_200;
const UL_AC = '0.4.0.0.1.0.1.3';
/** The HLR's own MTP label toward the VLRs (the Begins go OPC 100 → DPC 200: ss7Frame's default). */
const FROM_HLR = { opc: 200, ni: 2, dpc: 100 };
/** Out of the requester's own point code, toward a third one (red-team round 16 I1b's forged ISD). */
const FROM_REQUESTER = { opc: 100, ni: 2, dpc: 300 };

const vlr = (gt: string): Party => ({ gt, ssn: 7 });
const isdOf = (msisdn: string) => ({ type: 'invoke' as const, invokeId: 1, opcode: 7, param: E.mapArg.insertSubscriberData({ msisdn }) });
const ulOf = (imsi: string, at: string) => ({
  type: 'invoke' as const,
  invokeId: 1,
  opcode: 2,
  param: E.mapArg.updateLocation({ imsi, mscNumber: at, vlrNumber: at }),
});
const ulBegin = (otid: string, at: string, components: object[]) =>
  ss7Frame(E.tcBegin({ otid, dialogue: { pdu: 'aarq', acn: UL_AC }, components: components as never }), vlr(at), HLR);
const hlrContinue = (dtid: string, at: string, components: object[], label = FROM_HLR) =>
  ss7Frame(E.tcContinue({ otid: '0b0000ff', dtid, dialogue: { pdu: 'aare', acn: UL_AC }, components: components as never }), HLR, vlr(at), label);
const ulResult = (dtid: string, at: string) =>
  ss7Frame(
    E.tcEnd({ dtid, components: [{ type: 'returnResultLast', invokeId: 1, opcode: 2, param: E.mapRes.hlrNumber({ hlrNumber: HLR.gt }) }] }),
    HLR,
    vlr(at),
    FROM_HLR,
  );

/** The victim registered in GB (UL, the HLR's ISD, the UL result), the attacker's own SIM in CN (UL, result). */
const setting = [
  ulBegin('0a000122', UK_VLR, [ulOf(VICTIM_IMSI, UK_VLR)]),
  hlrContinue('0a000122', UK_VLR, [isdOf(VICTIM)]),
  ulResult('0a000122', UK_VLR),
  ulBegin('0a000222', CN_VLR, [ulOf(SIM, CN_VLR)]),
  ulResult('0a000222', CN_VLR),
];

/** The victim's location request from China: the alert the attacks want gone (the last frame). */
const sri = ss7Frame(
  E.tcBegin({
    otid: '0c000001',
    dialogue: { pdu: 'aarq', acn: '0.4.0.0.1.0.5.3' },
    components: [{ type: 'invoke', invokeId: 1, opcode: 22, param: E.mapArg.sendRoutingInfo({ msisdn: VICTIM, gmscAddress: CN_GMSC }) }],
  }),
  { gt: CN_GMSC, ssn: 8 },
  HLR,
);
const srismOf = (msisdn: string) => ({
  type: 'invoke' as const,
  invokeId: 2,
  opcode: 45,
  param: E.mapArg.sendRoutingInfoForSM({ msisdn, pri: true, sca: CN_VLR }),
});

interface Outcome {
  alerts: Alert[];
  relinked: number;
  fromRequester: number;
}

/** Scans `list` (one frame a second) as one thread, or as `workers` threads routed by the ShardRouter. */
function run(list: Uint8Array[], workers = 1): Outcome {
  const pcap = E.writePcap(
    list.map((data, i) => ({ tsSec: T + i, tsNsec: 0, data })),
    { linkType: 1 },
  );
  const profile = loadProfile(PROFILE);
  const out: Outcome = { alerts: [], relinked: 0, fromRequester: 0 };
  const router = new ShardRouter(workers);
  for (let shard = 0; shard < workers; shard++) {
    const s: Scanner = new Scanner({
      profile,
      rules: RULES,
      onAlert: (a) => out.alerts.push(a),
      ...(workers > 1 ? { detectFilter: (r) => router.shardOf(r, s.notation, (m) => s.detectorInstance?.teachesLink(m) ?? true) === shard } : {}),
    });
    s.push(pcap);
    s.endSource();
    s.end();
    out.relinked += s.decodeStats['anomaly.state.msisdn-relinked'] ?? 0;
    if (shard === 0) out.fromRequester = s.decodeStats['anomaly.tcap.answer-from-requester'] ?? 0;
  }
  return out;
}

/** The victim's SRI (the last frame) alerts as the victim registered in GB. */
const victimTracked = (list: Uint8Array[], out: Outcome) =>
  out.alerts.some((a) => a.frame === list.length && a.rule === 'location-origin-mismatch' && a.level === 'high');

describe('red-team round 16 I1: an orphan the attacker\u2019s Begin joins relinks nothing', () => {
  it('control: the victim\u2019s SRI from China alerts high after the attacker\u2019s in-order Begin', () => {
    const list = [...setting, ulBegin('0b000001', CN_VLR, [srismOf(VICTIM), ulOf(SIM, CN_VLR)]), sri];
    expect(victimTracked(list, run(list))).toBe(true);
  });

  it('I1a: an empty Continue "from" the HLR captured first does not let the UL take the SRI-for-SM\u2019s MSISDN', () => {
    const list = [...setting, hlrContinue('0b000001', CN_VLR, []), ulBegin('0b000001', CN_VLR, [srismOf(VICTIM), ulOf(SIM, CN_VLR)]), sri];
    for (const workers of [1, 2]) {
      const out = run(list, workers);
      expect([workers, victimTracked(list, out), out.relinked]).toEqual([workers, true, 0]);
    }
  });

  it('I1b: a forged ISD out of the UL\u2019s own point code captured before the UL Begin is the requester\u2019s, reported', () => {
    const list = [...setting, hlrContinue('0b000001', CN_VLR, [isdOf(VICTIM)], FROM_REQUESTER), ulBegin('0b000001', CN_VLR, [ulOf(SIM, CN_VLR)]), sri];
    const out = run(list);
    expect(victimTracked(list, out)).toBe(true);
    expect(out.relinked).toBe(0);
    expect(out.fromRequester).toBe(1);
  });

  it('control: the HLR\u2019s own ISD captured before its UL Begin still links, from its own point code, unreported', () => {
    // The victim's registration reordered (ISD first), then the attacker's SIM in CN and the SRI: tracked in GB.
    const list = [
      hlrContinue('0a000122', UK_VLR, [isdOf(VICTIM)]),
      ulBegin('0a000122', UK_VLR, [ulOf(VICTIM_IMSI, UK_VLR)]),
      ulResult('0a000122', UK_VLR),
      ...setting.slice(3),
      sri,
    ];
    const out = run(list);
    expect(victimTracked(list, out)).toBe(true);
    expect(out.fromRequester).toBe(0);
  });
});

describe('red-team round 16 I6: an alert names its own component\u2019s subscriber, not another component\u2019s of its Begin', () => {
  const psiOf = (imsi: string) => ({ type: 'invoke' as const, invokeId: 1, opcode: 70, param: E.mapArg.provideSubscriberInfo({ imsi }) });
  const chinaBegin = (components: object[], to: Party = vlr('12025550200')) =>
    ss7Frame(E.tcBegin({ otid: '0d000001', components: components as never }), { gt: CN_GMSC, ssn: 8 }, to);

  it('the PSI for the victim\u2019s IMSI after an SRI-for-SM naming a decoy does not name the decoy', () => {
    const alone = run([chinaBegin([psiOf(VICTIM_IMSI)])]).alerts.filter((a) => a.rule === 'cat2-not-home');
    const mixed = run([chinaBegin([srismOf(DECOY), psiOf(VICTIM_IMSI)])]).alerts.filter((a) => a.rule === 'cat2-not-home');
    expect(alone.map((a) => a.subscriber)).toEqual([{ imsi: VICTIM_IMSI }]);
    expect(mixed.map((a) => a.subscriber)).toEqual(alone.map((a) => a.subscriber));
  });

  it('events: a component borrows no identity another component of its Begin named (either order)', async () => {
    const frames = [chinaBegin([psiOf(VICTIM_IMSI), srismOf(DECOY)]), chinaBegin([srismOf(DECOY), psiOf(VICTIM_IMSI)])];
    const pcap = E.writePcap(
      frames.map((data, i) => ({ tsSec: T + i * 400, tsNsec: 0, data })),
      { linkType: 1 },
    );
    const ids: string[] = [];
    for await (const ev of decode(pcap)) if (ev.protocol === 'map') ids.push(`${ev.component?.op}:${ev.subscriber.imsi ?? '-'}:${ev.subscriber.msisdn ?? '-'}`);
    const psi = `provideSubscriberInfo:${VICTIM_IMSI}:-`;
    const srism = `sendRoutingInfoForSM:-:${DECOY}`;
    expect(ids).toEqual([psi, srism, srism, psi]);
  });
});
