/**
 * Detection on the public peer captures (../shared/corpus/public) without a profile — the
 * researcher's default: the home network is inferred from each capture (issue 15).
 *
 * Table 1: what each attack capture must raise (by frame, and rule where the issue names it).
 * Table 2: the frames flagged on 2026-12-04 before issue 15 changed anything (recorded with
 * `sigwatch scan --jsonl` over every capture of the corpus at 2b48932): every one stays flagged.
 * Every other capture of the corpus must stay quiet unless listed in table 1.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/api/scan.js';
import type { ScanAlert } from '../../src/api/scan-options.js';
import { CORPUS_DIR, CORPUS_SKIP_REASON, HAS_CORPUS } from '../support/corpus.js';

interface Expect {
  /** Frames that must carry an alert, with the rule when one is required. */
  alerts: readonly { frame: number; rule?: string }[];
  /** No alert at all. */
  none?: boolean;
}

const ISSUE_15: Readonly<Record<string, Expect>> = {
  // CancelLocation + DeleteSubscriberData for a UK IMSI from a German GT.
  'sigcorr_synth_atk006_subscriber_dos.pcap': { alerts: [{ frame: 1 }, { frame: 2 }] },
  // ULR, AIR, ULR from Origin-Realm attacker.com for UK IMSIs.
  'sigcorr_synth_diameter_s6a_attack.pcap': {
    alerts: [
      { frame: 1, rule: 'diameter-realm-not-plmn' },
      { frame: 2, rule: 'diameter-realm-not-plmn' },
      { frame: 3, rule: 'diameter-realm-not-plmn' },
    ],
  },
  // ULR from attacker.com, then a MAP SendAuthenticationInfo from a German GT.
  'sigcorr_synth_cross_protocol_auth_downgrade.pcap': { alerts: [{ frame: 1, rule: 'diameter-realm-not-plmn' }] },
  'sigcorr_synth_normal_traffic.pcap': { alerts: [], none: true },
};

/** Frames flagged before issue 15 (2b48932, no profile). */
const FLAGGED_BEFORE: Readonly<Record<string, readonly number[]>> = {
  'gen_libmich_map_messages.pcapng': [4, 5, 8, 9, 25, 59, 63, 66, 71, 72, 84, 86],
  'sigcorr_synth_atk011_sms_interception.pcap': [1],
  'sigcorr_synth_atk014_auth_harvesting.pcap': [1],
  'sigcorr_synth_ss7_interception_setup.pcap': [1, 2],
  'sigcorr_synth_ss7_location_tracking.pcap': [1, 2],
};

async function alertsOf(name: string): Promise<ScanAlert[]> {
  const out: ScanAlert[] = [];
  for await (const a of scan(join(CORPUS_DIR, name))) out.push(a);
  return out;
}

const captures = HAS_CORPUS
  ? readdirSync(CORPUS_DIR)
      .filter((f) => /\.(pcap|pcapng|cap)$/.test(f))
      .sort()
  : [];

describe.skipIf(!HAS_CORPUS)(`public corpus without a profile${HAS_CORPUS ? '' : ` (${CORPUS_SKIP_REASON})`}`, () => {
  it('finds the captures the tables name', () => {
    for (const n of [...Object.keys(ISSUE_15), ...Object.keys(FLAGGED_BEFORE)]) expect(captures, n).toContain(n);
  });

  it.each(Object.entries(ISSUE_15))('%s: the alerts issue 15 asks for', async (name, want) => {
    const alerts = await alertsOf(name);
    if (want.none === true) expect(alerts.map((a) => `${a.frame} ${a.rule}`)).toEqual([]);
    for (const w of want.alerts) {
      const hit = alerts.filter((a) => a.frame === w.frame && (w.rule === undefined || a.rule === w.rule));
      expect(hit.length, `frame ${w.frame} ${w.rule ?? 'any rule'}; got ${alerts.map((a) => `${a.frame} ${a.rule}`).join(', ')}`).toBeGreaterThan(0);
    }
    // Every alert of an inferred home says what was assumed, and names an origin country.
    for (const a of alerts) {
      expect(a.assumptions?.some((x) => x.startsWith('home network inferred'))).toBe(true);
      expect(a.origin.country ?? a.origin.realm).toBeDefined();
    }
  });

  it.each(Object.entries(FLAGGED_BEFORE))('%s: still flagged on the frames flagged before', async (name, frames) => {
    const flagged = new Set((await alertsOf(name)).map((a) => a.frame));
    expect(frames.filter((f) => !flagged.has(f))).toEqual([]);
  });
});
