/**
 * Checks a capture against its truth lines with the library pipeline: every truth line has its
 * message at (frame, index) with the same operation, kind and subscriber; the detector, run with
 * the capture's profile and the shipped rules, raises exactly the expected (frame, index, rule)
 * alerts. Precision and recall are 1 when `missed` and `unexpected` are empty.
 */
import { parse } from 'yaml';
import { profileYaml } from '../../bench/generator/profile.js';
import type { TruthLine } from '../../bench/generator/truth.js';
import { Decoder } from '../../src/api/decoder.js';
import { Detector, loadProfile, loadRules } from '../../src/detect/index.js';
import type { SignallingEvent } from '../../src/events/types.js';

export interface TruthCheck {
  events: number;
  alerts: number;
  decodeMismatches: string[];
  missed: string[];
  unexpected: string[];
}

const RULES = loadRules('rules');

function kindOf(e: SignallingEvent): string | undefined {
  if (e.protocol === 'diameter') return e.diameter.request ? 'request' : 'answer';
  return e.component?.type;
}

function operationOf(e: SignallingEvent): string | undefined {
  return e.protocol === 'diameter' ? e.diameter.cmdAbbrev : e.component?.op;
}

export function checkTruth(capture: Uint8Array, truth: readonly TruthLine[], o: { name: string; watchChina: boolean; profile?: string }): TruthCheck {
  const profile = loadProfile(o.profile ?? parse(profileYaml(o.name, o.watchChina)));
  const alerts: string[] = [];
  const detector = new Detector({ rules: RULES, profile, onAlert: (a) => alerts.push(`${a.frame}/${a.index} ${a.rule}`) });
  const events = new Map<string, SignallingEvent>();
  const decoder = new Decoder({
    onEvent: (e) => {
      events.set(`${e.frame}/${e.index}`, e);
      detector.event(e);
    },
  });
  decoder.push(capture);
  decoder.end();
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
  return {
    events: events.size,
    alerts: alerts.length,
    decodeMismatches,
    missed: [...expected].filter((x) => !raised.has(x)),
    unexpected: alerts.filter((x) => !expected.has(x)),
  };
}
