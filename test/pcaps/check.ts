/**
 * Checks a capture against its truth lines with the library pipeline: every truth line has its
 * message at (frame, index) with the same operation, kind and subscriber; the detector, run with
 * the capture's profile and the shipped rules, raises exactly the expected (frame, index, rule)
 * alerts. Precision and recall are 1 when `missed` and `unexpected` are empty. Without a profile
 * (`profile: false`) the home network is inferred from the capture first, as `sigwatch scan` does.
 * Also per rule: true/false positives and misses; every alert's origin country against the truth
 * line's; alerts on messages the truth calls legitimate.
 */
import { parse } from 'yaml';
import { profileYaml } from '../../bench/generator/profile.js';
import type { TruthLine } from '../../bench/generator/truth.js';
import { Decoder } from '../../src/api/decoder.js';
import { Detector, loadProfile, loadRules, type Profile } from '../../src/detect/index.js';
import { HomeInference, profileFromInference } from '../../src/detect/infer-home.js';
import type { SignallingEvent } from '../../src/events/types.js';

export interface TruthCheck {
  events: number;
  alerts: number;
  decodeMismatches: string[];
  missed: string[];
  unexpected: string[];
  /** rule → true positives, false positives, false negatives. */
  perRule: Record<string, { tp: number; fp: number; fn: number }>;
  /** `frame/index rule: want XX, got YY` for alerts whose origin country is not the truth's. */
  countryMismatches: string[];
  /** Alerts (above info) on messages whose truth expects no rule. */
  onLegitimate: string[];
}

const RULES = loadRules('rules');

function kindOf(e: SignallingEvent): string | undefined {
  if (e.protocol === 'diameter') return e.diameter.request ? 'request' : 'answer';
  return e.component?.type;
}

function operationOf(e: SignallingEvent): string | undefined {
  return e.protocol === 'diameter' ? e.diameter.cmdAbbrev : e.component?.op;
}

export function checkTruth(capture: Uint8Array, truth: readonly TruthLine[], o: { name: string; watchChina: boolean; profile?: string | false }): TruthCheck {
  const alerts: string[] = [];
  const countries = new Map<string, string | null>();
  const events = new Map<string, SignallingEvent>();
  const decoded: SignallingEvent[] = [];
  const decoder = new Decoder({ onEvent: (e) => decoded.push(e) });
  decoder.push(capture);
  decoder.end();
  let profile: Profile;
  if (o.profile === false) {
    // Two passes, as `sigwatch scan` without --profile: infer, then detect.
    const inference = new HomeInference();
    for (const e of decoded) inference.observe(e);
    const home = inference.result();
    profile = home === undefined ? loadProfile({}) : profileFromInference(home);
  } else profile = loadProfile(o.profile ?? parse(profileYaml(o.name, o.watchChina)));
  const detector = new Detector({
    rules: RULES,
    profile,
    onAlert: (a) => {
      const k = `${a.frame}/${a.index} ${a.rule}`;
      alerts.push(k);
      countries.set(k, a.origin.country ?? null);
    },
  });
  for (const e of decoded) {
    events.set(`${e.frame}/${e.index}`, e);
    detector.event(e);
  }
  detector.end();
  const decodeMismatches: string[] = [];
  for (const t of truth) {
    const e = events.get(`${t.frame}/${t.index}`);
    const got = e === undefined ? 'nothing' : JSON.stringify([operationOf(e), kindOf(e), e.subscriber]);
    const want = JSON.stringify([t.operation, t.kind, t.subscriber]);
    if (got !== want) decodeMismatches.push(`${t.frame}/${t.index}: want ${want}, got ${got}`);
  }
  const expected = new Set(truth.flatMap((t) => t.rules.map((r) => `${t.frame}/${t.index} ${r}`)));
  const raised = new Set(alerts);
  const perRule: TruthCheck['perRule'] = {};
  const stat = (rule: string) => (perRule[rule] ??= { tp: 0, fp: 0, fn: 0 });
  for (const a of alerts) stat(a.slice(a.indexOf(' ') + 1))[expected.has(a) ? 'tp' : 'fp']++;
  for (const x of expected) if (!raised.has(x)) stat(x.slice(x.indexOf(' ') + 1)).fn++;
  const byKey = new Map(truth.map((t) => [`${t.frame}/${t.index}`, t]));
  const countryMismatches: string[] = [];
  const onLegitimate: string[] = [];
  for (const a of alerts) {
    const t = byKey.get(a.slice(0, a.indexOf(' ')));
    if (t === undefined) continue;
    const got = countries.get(a) ?? null;
    if (got !== t.country) countryMismatches.push(`${a}: want ${t.country}, got ${got}`);
    if (t.rules.length === 0) onLegitimate.push(`${a} (${t.scenario})`);
  }
  return {
    events: events.size,
    alerts: alerts.length,
    decodeMismatches,
    missed: [...expected].filter((x) => !raised.has(x)),
    unexpected: alerts.filter((x) => !expected.has(x)),
    perRule,
    countryMismatches,
    onLegitimate,
  };
}
