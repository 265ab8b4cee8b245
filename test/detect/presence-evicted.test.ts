/**
 * The presence requests' wait table (state/pending-presence.ts, 1,024) is reported when full (review 21 F5: 1,100 IDRs for
 * another roamer pushed an honest AIR out before its answer, and the impossible-travel alert disappeared unseen).
 */
import { describe, expect, it } from 'vitest';
import { Detector } from '../../src/detect/engine.js';
import { PENDING_PRESENCE } from '../../src/state/pending-presence.js';
import { mapInvoke } from '../support/events.js';
import { HOME_HLR, IMSI, NTT_VLR, RULES, T0, profile, registerInJapan } from './fixture.js';

const CODE = 'state.presence-request-evicted';

describe('presence requests awaiting their answer (review 21 F5)', () => {
  for (const extra of [0, 76]) {
    it(`${PENDING_PRESENCE + extra} unanswered SAIs: ${extra === 0 ? 'nothing dropped, nothing said' : `${extra} dropped, said once with the count`}`, () => {
      const said: { detail: string; frame: number | undefined }[] = [];
      const det = new Detector({
        rules: RULES,
        profile: profile(),
        onAlert: () => {},
        onAnomaly: (a) => void (a.code === CODE && said.push({ detail: a.detail, frame: a.frame })),
      });
      registerInJapan(det);
      let last = 0;
      for (let i = 0; i < PENDING_PRESENCE + extra; i++) {
        const otid = (0x10000000 + i).toString(16);
        const sai = mapInvoke({
          op: 56,
          callingGt: NTT_VLR,
          calledGt: HOME_HLR,
          imsi: IMSI,
          args: { imsi: IMSI },
          ts: T0 + 60 + i / 100,
          tcap: { type: 'begin', otid },
        });
        det.event(sai);
        last = sai.frame;
      }
      if (extra === 0) expect(said).toEqual([]);
      else {
        expect(said.length).toBeGreaterThan(0);
        const n = said.map((s) => Number(/: (\d+) oldest dropped/.exec(s.detail)![1])).reduce((a, b) => a + b, 0);
        expect(n).toBe(extra);
        expect(said.at(-1)!.frame).toBe(last);
      }
    });
  }

  // Red-team rt22 Q5: on a one-way tap no request is answered; one dropped after its 60 s answer time could act no more,
  // so dropping it is no loss to report (before: every request past the first 1,024 said so).
  it(`${PENDING_PRESENCE + 76} unanswered SAIs 0.1 s apart: the 76 dropped were past their answer time, nothing said`, () => {
    const said: string[] = [];
    const det = new Detector({ rules: RULES, profile: profile(), onAlert: () => {}, onAnomaly: (a) => void (a.code === CODE && said.push(a.detail)) });
    registerInJapan(det);
    for (let i = 0; i < PENDING_PRESENCE + 76; i++) {
      const tcap = { type: 'begin' as const, otid: (0x20000000 + i).toString(16) };
      det.event(mapInvoke({ op: 56, callingGt: NTT_VLR, calledGt: HOME_HLR, imsi: IMSI, args: { imsi: IMSI }, ts: T0 + 60 + i / 10, tcap }));
    }
    expect(said).toEqual([]);
  });
});
