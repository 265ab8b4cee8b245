/**
 * Compiles a validated rule (RuleDef) against a profile into synchronous closures:
 *
 * - a selection entry `field|modifier: value` becomes a matcher over the field catalogue's getter
 *   (modifiers: equals (default), startswith, endswith, contains, exists, lt, lte, gt, gte, bitany,
 *   bitall; `|all` makes a list AND instead of OR; `null` matches an absent field);
 * - a selection entry without a dot is a built-in predicate (predicates.ts);
 * - `${thresholds.x}` values are replaced by the profile's thresholds first;
 * - the condition (condition.ts) combines the selections.
 *
 * Errors are SigwatchError BAD_RULE naming file, path (`detection.selection.args.vlrNumber`) and line;
 * every problem of the rule is collected (`problems`), each with the closest valid name for a typo.
 */

/** Where unknown-field errors send the reader: generated from the catalogue, shipped in the package. */
export const FIELDS_DOC = 'docs/fields.md';

/** Runs each step, collecting SigwatchError problems; throws them all at the end. */
class Problems {
  readonly list: Problem[] = [];
  attempt<T>(fn: () => T, fallback: T): T {
    try {
      return fn();
    } catch (e) {
      if (!isSigwatchError(e)) throw e;
      this.list.push(...e.problems);
      return fallback;
    }
  }
  throwIfAny(): void {
    if (this.list.length > 0) throw problemsError(ErrorCode.BAD_RULE, this.list);
  }
}
const NEVER: Pred = () => false;
import { ErrorCode, SigwatchError, isSigwatchError, problemsError, type Problem } from '../core/errors.js';
import { didYouMean } from '../core/suggest.js';
import { field, fieldPaths, type FieldValue } from '../events/fields.js';
import type { Level, RuleDef, RuleScope } from './rule-schema.js';
import { resolveThreshold, type Threshold } from './threshold.js';
import type { Profile } from './profile.js';
import type { MatchContext } from './context.js';
import { allPure, compileCondition, needing, needOf, needOfAll, needOfAny, pure, type Need } from './condition.js';
import { parseDuration } from './duration.js';
import { ANOMALY_CODES, isAnomalyCode } from '../core/anomaly-codes.js';
import { ALL_COMMANDS } from '../diameter/dictionary/index.js';
import { mapOpNames, opcodeOf } from '../ss7/map/operations.js';
import { PREDICATES, type Pred } from './predicates.js';

export type Protocol = 'map' | 'tcap' | 'diameter';

/** A resolved scope: what the rule index buckets by. */
export interface IndexScope {
  protocols: Protocol[];
  /** MAP/TCAP opcodes; undefined = every operation. */
  opcodes?: number[];
  /** Diameter commands; app -1 = any application. Undefined = every command. */
  commands?: { app: number; cmd: number }[];
  messages: 'request' | 'answer' | 'any';
}

export interface RuleMeta {
  id: string;
  rev: number;
  title: string;
  level: Level;
  tags: string[];
  description: string;
  references: string[];
  falsepositives: string[];
}

export interface CompiledRule extends RuleMeta {
  scope: IndexScope;
  /** Condition rules: the whole condition. Sequence rules: `first or then` (only used for counting). */
  test: Pred;
  /** Correlation: alert when this event adds a new origin and the window holds ≥ count distinct ones. */
  distinct?: { count: number; windowSec: number };
  /** Correlation: alert on `then` when a `first` from another network came within windowSec. */
  sequence?: { first: Pred; then: Pred; windowSec: number; different: boolean };
  /** Alert threshold of the rule file (detect/threshold.ts); a profile's `thresholds.rules.<id>` overrides it. */
  threshold?: Threshold;
  /** The rule file's `learn: true`: a match leaves the message to the subscriber state (detect/engine.ts). */
  learn?: true;
  /**
   * What the condition needs to be able to hold (detect/condition.ts {@link Need}): a detector
   * whose profile lacks it never makes the rule a candidate. Condition rules only.
   */
  needs?: Need;
}

type Path = readonly (string | number)[];

export function compileRule(def: RuleDef, profile: Profile): CompiledRule {
  const src = def.source;
  const file = src?.file ?? `(rule ${def.id})`;
  const fail = (path: Path, message: string): never => {
    const dotted = path.join('.');
    const line = src?.lineOf(path);
    const ctx = line === undefined ? { file, path: dotted } : { file, path: dotted, line };
    throw new SigwatchError(ErrorCode.BAD_RULE, `${file}${line === undefined ? '' : `:${line}`}: ${dotted}: ${message}`, ctx);
  };
  const subst = (v: unknown, path: Path): unknown => substitute(v, path, profile, fail);
  const problems = new Problems();

  const selections = new Map<string, Pred>();
  const det = def.detection as Record<string, unknown>;
  for (const [name, body] of Object.entries(det)) {
    if (name === 'condition' || name === 'distinct' || name === 'sequence') continue;
    // A selection that fails still exists (matching nothing), so the condition is checked too.
    selections.set(
      name,
      problems.attempt(() => compileSelection(body, ['detection', name], subst, fail, profile), NEVER),
    );
  }
  const cond = (text: string, path: Path): Pred => problems.attempt(() => compileCondition<MatchContext>(text, selections, (m) => fail(path, m)), NEVER);

  const out: CompiledRule = {
    id: def.id,
    rev: def.rev,
    title: def.title,
    level: def.level,
    tags: def.tags,
    description: def.description,
    references: def.references,
    falsepositives: def.falsepositives,
    scope: problems.attempt(() => resolveScope(def.scope, (p, m) => fail(['scope', ...p], m)), { protocols: [], messages: def.scope.messages }),
    test: () => false,
  };
  if (def.learn === true) out.learn = true;
  if (def.threshold !== undefined) {
    const t = resolveThreshold(def.threshold);
    if (typeof t === 'string') fail(['threshold', 'window'], t);
    out.threshold = t as Threshold;
  }
  const d = def.detection;
  if (d.sequence !== undefined) {
    const s = d.sequence;
    const first = cond(s.first, ['detection', 'sequence', 'first']);
    const then = cond(s.then, ['detection', 'sequence', 'then']);
    const within = ['detection', 'sequence', 'within'];
    out.sequence = { first, then, windowSec: problems.attempt(() => duration(subst(s.within, within), within, fail), 0), different: s.different };
    out.test = (c) => first(c) || then(c);
  } else {
    out.test = cond(d.condition!, ['detection', 'condition']);
    const need = needOf(out.test);
    if (need !== undefined) out.needs = need;
    if (d.distinct !== undefined) {
      const dd = d.distinct;
      const count = problems.attempt(() => {
        const n = subst(dd.count, ['detection', 'distinct', 'count']);
        if (typeof n !== 'number' || !Number.isInteger(n) || n < 2) fail(['detection', 'distinct', 'count'], 'expected an integer ≥ 2');
        return n as number;
      }, 2);
      const windowSec = problems.attempt(() => duration(subst(dd.window, ['detection', 'distinct', 'window']), ['detection', 'distinct', 'window'], fail), 0);
      out.distinct = { count, windowSec };
    }
  }
  problems.throwIfAny();
  return out;
}

function duration(v: unknown, path: Path, fail: (p: Path, m: string) => never): number {
  const s = parseDuration(v);
  if (s === undefined) fail(path, `not a duration: ${JSON.stringify(v)} (use 90s, 30m, 24h, 7d)`);
  return s as number;
}

const TEMPLATE = /^\$\{thresholds\.([a-z0-9_.]+)\}$/;

function substitute(v: unknown, path: Path, profile: Profile, fail: (p: Path, m: string) => never): unknown {
  if (typeof v === 'string') {
    const m = TEMPLATE.exec(v);
    if (m === null) return v;
    let cur: unknown = profile.thresholds;
    for (const k of m[1]!.split('.')) cur = cur !== null && typeof cur === 'object' ? (cur as Record<string, unknown>)[k] : undefined;
    if (cur === undefined)
      fail(
        path,
        `unknown threshold "${m[1]}"${didYouMean(m[1]!, Object.keys(profile.thresholds))} (profile thresholds: ${Object.keys(profile.thresholds).join(', ')})`,
      );
    return cur;
  }
  if (Array.isArray(v)) return v.map((x, i) => substitute(x, [...path, i], profile, fail));
  return v;
}

/** Resolve a scope outside a rule file (custom rules); errors name `file`. */
export function compileScope(s: RuleScope, file: string): IndexScope {
  return resolveScope(s, (p, m) => {
    const path = ['scope', ...p].join('.');
    throw new SigwatchError(ErrorCode.BAD_RULE, `${file}: ${path}: ${m}`, { file, path });
  });
}

/** Every request and answer abbreviation of the dictionary, for error messages. */
const DIAMETER_ABBREVS = [...new Set(ALL_COMMANDS.flatMap((c) => [c.req, c.ans]))];

/**
 * Commands a rule names by abbreviation (request or answer form, any case): each as (its defining
 * application, code), app -1 (any) for commands several applications use. An abbreviation two
 * applications share (PUR: S6a Purge-UE, Sh Profile-Update) names both.
 */
function diameterCommands(name: string): { app: number; cmd: number }[] {
  const up = name.toUpperCase();
  return ALL_COMMANDS.filter((c) => c.req === up || c.ans === up).map((c) => ({ app: c.app ?? -1, cmd: c.code }));
}

function resolveScope(s: RuleScope, fail: (p: Path, m: string) => never): IndexScope {
  const protocols = (Array.isArray(s.protocol) ? s.protocol : [s.protocol]) as Protocol[];
  const out: IndexScope = { protocols, messages: s.messages };
  const hasSs7 = protocols.includes('map') || protocols.includes('tcap');
  const problems = new Problems();
  if (s.operations !== undefined) {
    if (!hasSs7) problems.attempt(() => fail(['operations'], 'operations need protocol map or tcap'), undefined);
    out.opcodes = s.operations.map((op, i) =>
      problems.attempt(() => {
        if (typeof op === 'number') return op;
        const code = opcodeOf(op);
        if (code === undefined) fail(['operations', i], `unknown MAP operation "${op}"${didYouMean(op, mapOpNames())}`);
        return code as number;
      }, -1),
    );
  }
  if (s.commands !== undefined) {
    if (!protocols.includes('diameter')) problems.attempt(() => fail(['commands'], 'commands need protocol diameter'), undefined);
    out.commands = s.commands.flatMap((c, i) =>
      problems.attempt((): { app: number; cmd: number }[] => {
        if (typeof c === 'number') return [{ app: -1, cmd: c }];
        if (typeof c === 'object') return [c];
        const known = diameterCommands(c);
        if (known.length === 0) fail(['commands', i], `unknown Diameter command "${c}"${didYouMean(c.toUpperCase(), DIAMETER_ABBREVS)}`);
        return known;
      }, []),
    );
  }
  problems.throwIfAny();
  return out;
}

function compileSelection(body: unknown, path: Path, subst: (v: unknown, p: Path) => unknown, fail: (p: Path, m: string) => never, profile: Profile): Pred {
  if (Array.isArray(body)) {
    const problems = new Problems();
    const alts = body.map((m, i) => problems.attempt(() => compileMap(m as Record<string, unknown>, [...path, i], subst, fail, profile), NEVER));
    problems.throwIfAny();
    const any: Pred = (c) => {
      for (const a of alts) if (a(c)) return true;
      return false;
    };
    if (allPure(alts)) pure(any);
    const need = needOfAny(alts);
    return need === undefined ? any : needing(any, need);
  }
  return compileMap(body as Record<string, unknown>, path, subst, fail, profile);
}

function compileMap(
  m: Record<string, unknown>,
  path: Path,
  subst: (v: unknown, p: Path) => unknown,
  fail: (p: Path, m: string) => never,
  profile: Profile,
): Pred {
  const parts: Pred[] = [];
  // Field matchers first: they are a getter and a compare, predicates may touch state.
  const preds: Pred[] = [];
  const problems = new Problems();
  for (const [key, raw] of Object.entries(m)) {
    const p = [...path, key];
    problems.attempt(() => {
      const value = subst(raw, p);
      const compile = PREDICATES[key];
      if (compile !== undefined) {
        preds.push(compile(value, { fail: (msg) => fail(p, msg), slackKm: profile.thresholds.travel_slack_km, harvest: profile.thresholds.auth_harvest }));
      } else if (!key.includes('.') && key !== 'protocol' && key !== 'frame' && key !== 'index' && key !== 'e164' && key !== 'imsiSource') {
        const hint = didYouMean(key, [...Object.keys(PREDICATES), ...fieldPaths()]);
        fail(p, `unknown predicate or field "${key}"${hint} (predicates: ${Object.keys(PREDICATES).join(', ')}; fields: ${FIELDS_DOC})`);
      } else {
        const f = compileField(key, value, (msg) => fail(p, msg));
        // A field matcher reads the event only (predicates may touch the subscriber store).
        parts.push(pure((c: MatchContext) => f(c.rec)));
      }
    }, undefined);
  }
  problems.throwIfAny();
  const all = [...parts, ...preds];
  if (all.length === 0) fail(path, 'empty selection');
  if (all.length === 1) return all[0]!;
  const every: Pred = (c) => {
    for (const t of all) if (!t(c)) return false;
    return true;
  };
  if (allPure(all)) pure(every);
  const need = needOfAll(all);
  return need === undefined ? every : needing(every, need);
}

/** A value matched against `anomalies.code` must be able to match a code of the registry. */
function checkAnomalyCode(v: string, op: Modifier, fail: (m: string) => never): void {
  const codes = Object.keys(ANOMALY_CODES);
  const hit =
    op === 'startswith'
      ? codes.some((c) => c.startsWith(v))
      : op === 'endswith'
        ? codes.some((c) => c.endsWith(v))
        : op === 'contains'
          ? codes.some((c) => c.includes(v))
          : isAnomalyCode(v);
  if (!hit) fail(`no anomaly code ${op === 'equals' ? 'is' : op} "${v}" (README "Anomaly codes")${didYouMean(v, codes)}`);
}

type Scalar = string | number | boolean;
type EvTest = (r: MatchContext['rec']) => boolean;
export const MODIFIERS = ['equals', 'startswith', 'endswith', 'contains', 'exists', 'lt', 'lte', 'gt', 'gte', 'bitany', 'bitall'] as const;
type Modifier = (typeof MODIFIERS)[number];

function compileField(key: string, value: unknown, fail: (m: string) => never): EvTest {
  const [path, ...mods] = key.split('|') as [string, ...string[]];
  const def = field(path);
  if (def === undefined) fail(`unknown field "${path}"${didYouMean(path, fieldPaths())} (field reference: ${FIELDS_DOC} in the sigwatch package)`);
  const get = def!.read;
  const all = mods.includes('all');
  const ops = mods.filter((x) => x !== 'all');
  if (ops.length > 1) fail(`one modifier at a time, got ${ops.join('|')}`);
  const op = (ops[0] ?? 'equals') as Modifier;
  if (!MODIFIERS.includes(op)) fail(`unknown modifier "${op}"${didYouMean(op, [...MODIFIERS, 'all'])} (known: ${MODIFIERS.join(', ')}, all)`);
  const numeric = def!.type === 'number' || def!.type === 'number[]';
  const list = def!.type.endsWith('[]');

  if (op === 'exists') {
    if (typeof value !== 'boolean') fail('exists takes true or false');
    return (ev) => (get(ev) !== undefined) === value;
  }
  if (value === null && op === 'equals') return (ev) => get(ev) === undefined;
  const values = (Array.isArray(value) ? value : [value]).map((v) => normalise(v, path, numeric, op, fail));
  if (values.length === 0) fail('empty value list');
  if (path === 'anomalies.code') for (const v of values) checkAnomalyCode(String(v), op, fail);

  let one: (x: Scalar, v: Scalar) => boolean;
  switch (op) {
    case 'equals':
      if (!all && !list) {
        if (values.length === 1) {
          const v0 = values[0];
          return (ev) => get(ev) === v0;
        }
        const set = new Set<Scalar>(values);
        return (ev) => set.has(get(ev) as Scalar);
      }
      one = (x, v) => x === v;
      break;
    case 'startswith':
      one = (x, v) => typeof x === 'string' && x.startsWith(v as string);
      break;
    case 'endswith':
      one = (x, v) => typeof x === 'string' && x.endsWith(v as string);
      break;
    case 'contains':
      one = (x, v) => typeof x === 'string' && x.includes(v as string);
      break;
    case 'lt':
      one = (x, v) => (x as number) < (v as number);
      break;
    case 'lte':
      one = (x, v) => (x as number) <= (v as number);
      break;
    case 'gt':
      one = (x, v) => (x as number) > (v as number);
      break;
    case 'gte':
      one = (x, v) => (x as number) >= (v as number);
      break;
    case 'bitany':
      one = (x, v) => ((x as number) & (v as number)) !== 0;
      break;
    case 'bitall':
      one = (x, v) => ((x as number) & (v as number)) === (v as number);
      break;
  }
  const scalarMatch = all ? (x: Scalar) => values.every((v) => one(x, v)) : (x: Scalar) => values.some((v) => one(x, v));
  return (ev) => {
    const x: FieldValue = get(ev);
    if (x === undefined) return false;
    if (typeof x === 'object') return (x as readonly Scalar[]).some(scalarMatch);
    return scalarMatch(x);
  };
}

function normalise(v: unknown, path: string, numeric: boolean, op: Modifier, fail: (m: string) => never): Scalar {
  const numOp = op === 'lt' || op === 'lte' || op === 'gt' || op === 'gte' || op === 'bitany' || op === 'bitall';
  const strOp = op === 'startswith' || op === 'endswith' || op === 'contains';
  if (numOp && !numeric) fail(`${op} needs a numeric field; ${path} is not`);
  if (strOp && numeric) fail(`${op} needs a string field; ${path} is numeric`);
  if (numeric) {
    if (typeof v === 'number') return v;
    if (typeof v === 'string' && !numOp) {
      const alias = path === 'component.opcode' ? opcodeOf(v) : path === 'diameter.cmd' ? diameterCommands(v)[0]?.cmd : undefined;
      if (alias !== undefined) return alias;
    }
    return fail(`expected a number for ${path}, got ${JSON.stringify(v)}`);
  }
  // YAML reads unquoted digit strings (GTs, prefixes) as numbers: compare them as digit strings.
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  return fail(`expected a scalar value, got ${JSON.stringify(v)}`);
}
