/**
 * Ground truth: one JSON line per signalling message (TCAP message or Diameter message), keyed
 * like events and alerts by (frame, index) — ARCHITECTURE.md §4 and §6.
 *
 *   {"frame":12,"index":0,"protocol":"map","operation":"sendRoutingInfo","kind":"invoke","code":22,
 *    "subscriber":{"imsi":"310410100000007","msisdn":"12025550007"},"origin":"861380000021","country":"CN",
 *    "rule":"location-origin-mismatch","rules":["location-origin-mismatch"],"scenario":"sri-from-china"}
 *
 * `rule` is the first expected rule id or null (legitimate traffic); `rules` lists every rule
 * expected to alert on the message (a third origin of a burst raises its own rule and
 * multi-origin-targeting). `code` is the MAP opcode or the Diameter command code.
 */
export interface TruthLine {
  frame: number;
  index: number;
  protocol: 'map' | 'diameter';
  /** MAP operation name (TS 29.002 §17.5) or Diameter command abbreviation (ULR, PLA, ...). */
  operation: string;
  /** MAP component type, or Diameter request/answer. */
  kind: 'invoke' | 'returnResultLast' | 'returnError' | 'request' | 'answer';
  code: number;
  subscriber: { imsi?: string; msisdn?: string };
  /** SCCP calling GT or Diameter Origin-Realm. */
  origin: string;
  /** ISO 3166-1 alpha-2 country an alert on this message must give as its origin (null: none can be known, e.g. a non-3GPP realm). */
  country: string | null;
  rule: string | null;
  rules: string[];
  /** The scenario step the message belongs to. */
  scenario: string;
}

/** What a scenario says about a message before the stack has placed it in a frame. */
export type TruthSeed = Omit<TruthLine, 'frame' | 'index' | 'rule'>;

export function truthLine(seed: TruthSeed, frame: number, index: number): TruthLine {
  // Key order fixed for byte-identical files.
  return {
    frame,
    index,
    protocol: seed.protocol,
    operation: seed.operation,
    kind: seed.kind,
    code: seed.code,
    subscriber: {
      ...(seed.subscriber.imsi !== undefined ? { imsi: seed.subscriber.imsi } : {}),
      ...(seed.subscriber.msisdn !== undefined ? { msisdn: seed.subscriber.msisdn } : {}),
    },
    origin: seed.origin,
    country: seed.country,
    rule: seed.rules[0] ?? null,
    rules: seed.rules,
    scenario: seed.scenario,
  };
}

/** Expected alert counts by rule id over a truth file (for pcaps/README.md and tests). */
export function expectedCounts(lines: Iterable<TruthLine>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const l of lines) for (const r of l.rules) out[r] = (out[r] ?? 0) + 1;
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}
