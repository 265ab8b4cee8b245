/**
 * Shared detector fixture: a home network (US, "Example Mobile"), a registry with two Japanese
 * operators, a British one and a watched transit carrier, the shipped rule pack, and a home
 * subscriber registered in Japan (NTT VLR) at T0.
 */
import { fileURLToPath } from 'node:url';
import { Detector } from '../../src/detect/engine.js';
import { loadProfile, type Profile } from '../../src/detect/profile.js';
import { loadRules } from '../../src/detect/rule-loader.js';
import type { Alert } from '../../src/detect/alert.js';
import type { RuleDef } from '../../src/detect/rule-schema.js';
import { mapInvoke, mapUl } from '../support/events.js';

const RULES_DIR = fileURLToPath(new URL('../../rules', import.meta.url));
export const RULES: RuleDef[] = loadRules(RULES_DIR);

export const T0 = 1_700_000_000; // 2023-11-14T22:13:20Z
export const IMSI = '310410123456789';
export const MSISDN = '12025550100';
export const HOME_HLR = '12025550001';
export const HOME_GMSC = '12025550002';
export const NTT_VLR = '81901200001';
export const NTT_GMSC = '81901200099';
export const KDDI_VLR = '81905550001';
export const GB_VLR = '447700900001';
export const CN_GT = '8613010000001';
export const RU_GT = '79161234567';
export const NG_GT = '2348031234567';
export const WATCHED_PC = 2345;

const PROFILE_INPUT = {
  home: {
    name: 'Example Mobile',
    gt_prefixes: ['1202555'],
    imsi_prefixes: ['310410'],
    msisdn_prefixes: ['1202555'],
    realms: ['epc.mnc410.mcc310.3gppnetwork.org'],
  },
  networks: [
    { name: 'NTT Docomo', country: 'JP', plmn: '44010', gt_prefixes: ['8190120'], realms: ['epc.mnc010.mcc440.3gppnetwork.org'] },
    { name: 'KDDI', country: 'JP', plmn: '44050', gt_prefixes: ['8190555'] },
    { name: 'Vodafone UK', country: 'GB', plmn: '23415', gt_prefixes: ['4477009'] },
    { name: 'Example Transit Carrier', country: 'HK', role: 'transit', point_codes: [WATCHED_PC] },
  ],
  watch: { carriers: ['Example Transit Carrier'] },
};

export function profile(overrides: Record<string, unknown> = {}): Profile {
  return loadProfile({ ...PROFILE_INPUT, ...overrides });
}

export function detector(p: Profile | undefined = profile(), opts: { limits?: Record<string, number> } = {}): { det: Detector; alerts: Alert[] } {
  const alerts: Alert[] = [];
  const det = new Detector(
    p === undefined
      ? { rules: RULES, onAlert: (a) => alerts.push(a), ...(opts.limits ? { limits: opts.limits } : {}) }
      : { rules: RULES, profile: p, onAlert: (a) => alerts.push(a), ...(opts.limits ? { limits: opts.limits } : {}) },
  );
  return { det, alerts };
}

/** The home subscriber attaches in Japan at T0: UL from the NTT VLR, then ISD with the MSISDN (same dialogue). Returns the UL frame. */
export function registerInJapan(det: Detector): number {
  const ul = mapUl({ imsi: IMSI, vlr: NTT_VLR, hlrGt: HOME_HLR, ts: T0 });
  det.event(ul);
  det.event(mapInvoke({ op: 7, callingGt: HOME_HLR, calledGt: NTT_VLR, imsi: IMSI, args: { msisdn: MSISDN }, ts: T0, tcap: ISD_IN_UL }));
  return ul.frame;
}

/** The TCAP part of the HLR's ISD inside a UL dialogue (TS 29.002 §19.1.1: TC-CONTINUE, dtid = the UL's otid). */
export const ISD_IN_UL = { type: 'continue', otid: '0a0b0c0d', dtid: '01020304' } as const;

/** The HLR accepts the subscriber's registration at `vlr` (ISD to it in the UL dialogue, TS 29.002 §8.8.1): a claimed UL becomes the visited network. */
export function hlrAccepts(det: Detector, vlr: string, ts: number): void {
  det.event(mapInvoke({ op: 7, callingGt: HOME_HLR, calledGt: vlr, imsi: IMSI, args: { msisdn: MSISDN }, ts, tcap: ISD_IN_UL }));
}

export const ruleIds = (alerts: readonly Alert[]): string[] => alerts.map((a) => a.rule);
