/**
 * Red-team round 17 J4: a PSL from a Chinese GMLC naming the victim's IMSI and, beside it, a number the sender picked
 * (`imsi [2]` victim, `msisdn [3]` decoy, TS 29.002 §13A.1.1) raised its high alert "PSL for +<decoy>", subscriber
 * {victim IMSI, decoy MSISDN}, and "Most targeted" showed the decoy: the number the state links to that IMSI appeared
 * nowhere. Now the IMSI's linked number is the alert's subscriber number, the request's own is "also named" in the
 * explanation, and the message is counted (`detect.identity-mismatch`). The same for a Diameter PLR (User-Name victim,
 * MSISDN decoy). The evidence (the event) keeps what the request said.
 */
import { describe, expect, it } from 'vitest';
import { Scanner } from '../../src/api/scanner.js';
import type { Alert } from '../../src/detect/alert.js';
import { loadProfile } from '../../src/detect/profile.js';
import { CN_DECOY, HOME_DECOY, IMSI, pslCapture as capture, SS7P, VICTIM } from '../support/psl-identity.js';
import { RULES } from './fixture.js';

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
