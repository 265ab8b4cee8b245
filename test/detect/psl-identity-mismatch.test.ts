/**
 * Red-team round 17 J4: a PSL from a Chinese GMLC naming the victim's IMSI and, beside it, a number the sender picked
 * (`imsi [2]` victim, `msisdn [3]` decoy, TS 29.002 §13A.1.1) raised its high alert "PSL for +<decoy>", subscriber
 * {victim IMSI, decoy MSISDN}, and "Most targeted" showed the decoy: the number the state links to that IMSI appeared
 * nowhere. Now the IMSI's linked number is the alert's subscriber number, the request's own is "also named" in the
 * explanation, and the message is counted (`detect.identity-mismatch`). The same for a Diameter PLR (User-Name victim,
 * MSISDN decoy). The evidence (the event) keeps what the request said.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Scanner } from '../../src/api/scanner.js';
import type { Alert } from '../../src/detect/alert.js';
import { loadProfile } from '../../src/detect/profile.js';
import * as E from '../../src/encode/index.js';
import { REPO_ROOT } from '../support/corpus.js';
import { RULES } from './fixture.js';

const SS7P = join(REPO_ROOT, 'pcaps', 'ss7-location-tracking.profile.yaml');
const IMSI = '310410100000123';
const VICTIM = '12025550123';
const HOME_DECOY = '12025550999';
const CN_DECOY = '8613912345678';
const HLR = '12025550001';
const SMSC = '12025550300';
const BS_MSC = '124235700099';
const CN_GMLC = '8613900000060';
const T = 1_743_235_200;

function ss7(tcap: Uint8Array, calling: string, cssn: number, called: string, dssn: number, src: string, dst: string): Uint8Array {
  const sccp = E.encodeSccp({ type: 'udt', data: tcap, calling: { gt: calling, ssn: cssn }, called: { gt: called, ssn: dssn } });
  const m3ua = E.encodeM3uaData({ opc: 100, dpc: 200, sls: 1 }, sccp);
  const sctp = E.sctpPacket({
    srcPort: 2905,
    dstPort: 2905,
    vtag: 1,
    checksum: true,
    chunks: [{ type: 'data', tsn: 1, stream: 1, ssn: 0, ppid: 3, payload: m3ua }],
  });
  return E.ethernet(0x0800, E.ipv4({ src, dst, proto: 132, payload: sctp }));
}

/** The home HLR's SRI-for-SM result links IMSI ↔ VICTIM and places the subscriber at an MSC in the Bahamas; a PSL from China 60 s later. */
function capture(psl: { imsi?: string; msisdn?: string }): Uint8Array {
  const ac = '0.4.0.0.1.0.20.3';
  const begin = E.tcBegin({
    otid: 'a1000001',
    dialogue: { pdu: 'aarq', acn: ac },
    components: [{ type: 'invoke', invokeId: 1, opcode: 45, param: E.mapArg.sendRoutingInfoForSM({ msisdn: VICTIM, sca: SMSC }) }],
  });
  const end = E.tcEnd({
    dtid: 'a1000001',
    dialogue: { pdu: 'aare', acn: ac },
    components: [{ type: 'returnResultLast', invokeId: 1, opcode: 45, param: E.mapRes.sendRoutingInfoForSM({ imsi: IMSI, networkNodeNumber: BS_MSC }) }],
  });
  const req = E.tcBegin({
    otid: '0c000001',
    dialogue: { pdu: 'aarq', acn: '0.4.0.0.1.0.38.3' },
    components: [{ type: 'invoke', invokeId: 1, opcode: 83, param: E.mapArg.provideSubscriberLocation({ mlcNumber: CN_GMLC, ...psl }) }],
  });
  return E.writePcap(
    [
      { tsSec: T, tsNsec: 0, data: ss7(begin, SMSC, 8, VICTIM, 6, '10.9.0.1', '10.0.0.2') },
      { tsSec: T, tsNsec: 0, data: ss7(end, HLR, 6, SMSC, 8, '10.0.0.2', '10.9.0.1') },
      { tsSec: T + 60, tsNsec: 0, data: ss7(req, CN_GMLC, 145, BS_MSC, 8, '10.7.0.1', '10.0.0.2') },
    ],
    { linkType: 1 },
  );
}

function run(bytes: Uint8Array): { alerts: Alert[]; mismatches: string[] } {
  const alerts: Alert[] = [];
  const mismatches: string[] = [];
  const s = new Scanner({
    profile: loadProfile(SS7P),
    rules: RULES,
    onAlert: (a) => alerts.push(a),
    onAnomaly: (a) => {
      if (a.code === 'detect.identity-mismatch') mismatches.push(a.detail);
    },
  });
  s.push(bytes);
  s.endSource();
  s.end();
  return { alerts: alerts.filter((a) => a.rule === 'location-origin-mismatch'), mismatches };
}

describe('red-team round 17 J4: a request naming an IMSI beside another number than the state links to it', () => {
  it('control: the PSL naming the IMSI alone alerts high for the IMSI and its linked number', () => {
    const { alerts, mismatches } = run(capture({ imsi: IMSI }));
    expect(alerts.map((a) => [a.level, a.subscriber])).toEqual([['high', { imsi: IMSI, msisdn: VICTIM }]]);
    expect(mismatches).toEqual([]);
  });

  it('control: the IMSI and its own number: no mismatch, the explanation as before', () => {
    const { alerts, mismatches } = run(capture({ imsi: IMSI, msisdn: VICTIM }));
    expect(alerts[0]!.subscriber).toEqual({ imsi: IMSI, msisdn: VICTIM });
    expect(alerts[0]!.explanation).not.toContain('also named');
    expect(mismatches).toEqual([]);
  });

  for (const decoy of [HOME_DECOY, CN_DECOY]) {
    it(`the victim's IMSI beside +${decoy}: the alert names the linked number, the request's as also named, counted`, () => {
      const { alerts, mismatches } = run(capture({ imsi: IMSI, msisdn: decoy }));
      expect(alerts).toHaveLength(1);
      const a = alerts[0]!;
      expect(a.level).toBe('high');
      expect(a.subscriber).toEqual({ imsi: IMSI, msisdn: VICTIM });
      expect(a.explanation).toContain(`PSL for +${VICTIM} (the request also named +${decoy}) from CN`);
      // The evidence keeps what the request said.
      expect(a.evidence.subscriber).toEqual({ imsi: IMSI, msisdn: decoy });
      expect(mismatches).toEqual([`IMSI ${IMSI} is linked to ${VICTIM}; the request also named ${decoy}`]);
    });
  }
});
