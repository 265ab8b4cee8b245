/**
 * Sigma-style condition expressions over named selections:
 *   sel1 and not (sel2 or sel3)      1 of sel*      all of them
 * Precedence: not > and > or. Compiled once into nested closures (no eval).
 *
 * Hostile rule files (issue 16): nesting (parentheses, `not`) is capped at
 * {@link CONDITION_MAX_DEPTH}, so neither the recursive-descent parser nor the compiled closures
 * can reach V8's stack limit; `1 of PATTERN` is matched by {@link globMatch} (literal prefix,
 * suffix and in-order substrings), never by a backtracking regular expression.
 */
export type Test<C> = (ctx: C) => boolean;

/**
 * What a compiled test needs to be able to hold at all, recorded at compile time: `watch`, a
 * profile watch list (the `watched_carrier` predicate, detect/predicates.ts). An `and` needs what
 * a part needs when every part before it is pure ({@link pure}: parts run left to right and stop
 * at the first false; a predicate may look the subscriber up, and that lookup expires a stale
 * record, so skipping it would change the state: red-team review of "scandet"), an `or` what
 * every part needs, a `not` nothing. The detector leaves a rule whose
 * condition needs what its profile lacks out of the candidates (engine.ts). measured (issue 19,
 * bench/results-notes.md "scandet"): the default pack's watched-carrier, evaluated on 36 % of the
 * routine mix's messages without a watch list, cost ~120 instructions per message of the scan.
 */
export type Need = 'watch';
const needs = new WeakMap<object, Need>();

/** `t`, recorded as needing `need` (see {@link Need}). */
export function needing<T extends object>(t: T, need: Need): T {
  needs.set(t, need);
  return t;
}

const pures = new WeakSet<object>();

/**
 * `t`, recorded as pure: it reads the event only (a field matcher, or `and`/`or`/`not` of pure
 * tests), so leaving it unevaluated changes no state.
 */
export function pure<T extends object>(t: T): T {
  pures.add(t);
  return t;
}

/** Whether every test of `parts` is recorded {@link pure}. */
export function allPure(parts: readonly object[]): boolean {
  return parts.every((p) => pures.has(p));
}

/** What `t` needs to be able to hold (undefined: nothing known). */
export function needOf(t: object): Need | undefined {
  return needs.get(t);
}

/** The need of an `and` of `parts` run in order: the first part's that has one, if every part before it is {@link pure}. */
export function needOfAll(parts: readonly object[]): Need | undefined {
  for (const p of parts) {
    const n = needs.get(p);
    if (n !== undefined) return n;
    if (!pures.has(p)) return undefined;
  }
  return undefined;
}

/** The need of an `or` of `parts`: the one every part has, if they share it. */
export function needOfAny(parts: readonly object[]): Need | undefined {
  const n = parts.length === 0 ? undefined : needs.get(parts[0]!);
  return n !== undefined && parts.every((p) => needs.get(p) === n) ? n : undefined;
}

/** Parentheses and `not` nested deeper than this are a rule error (Sigma rules use < 5). */
const CONDITION_MAX_DEPTH = 64;

/**
 * Glob with `*` only, in O(name × parts) without backtracking: the part before the first star
 * is a prefix, the part after the last a suffix, the parts between are found left to right
 * (taking the leftmost occurrence of each is optimal: it leaves the most room for the rest).
 */
function globMatch(pattern: string, name: string): boolean {
  const parts = pattern.split('*');
  if (parts.length === 1) return pattern === name;
  const first = parts[0]!;
  const last = parts[parts.length - 1]!;
  if (name.length < first.length + last.length || !name.startsWith(first) || !name.endsWith(last)) return false;
  let at = first.length;
  const stop = name.length - last.length;
  for (let i = 1; i < parts.length - 1; i++) {
    const part = parts[i]!;
    if (part === '') continue;
    const k = name.indexOf(part, at);
    if (k < 0 || k + part.length > stop) return false;
    at = k + part.length;
  }
  return true;
}

export function compileCondition<C>(text: string, selections: ReadonlyMap<string, Test<C>>, fail: (message: string) => never): Test<C> {
  const toks = text.match(/\(|\)|[A-Za-z0-9_*]+|\S/g) ?? [];
  let i = 0;
  let depth = 0;
  const deeper = (): void => {
    if (++depth > CONDITION_MAX_DEPTH) fail(`condition nested deeper than ${CONDITION_MAX_DEPTH} levels (parentheses and "not")`);
  };
  const peek = (): string | undefined => toks[i];
  const next = (): string => {
    const t = toks[i++];
    if (t === undefined) fail(`condition "${text}": unexpected end`);
    return t;
  };

  const or = (): Test<C> => {
    const parts = [and()];
    while (peek() === 'or') {
      i++;
      parts.push(and());
    }
    return anyOf(parts);
  };
  const and = (): Test<C> => {
    const parts = [unary()];
    while (peek() === 'and') {
      i++;
      parts.push(unary());
    }
    return allOf(parts);
  };
  const unary = (): Test<C> => {
    const t = next();
    if (t === 'not') {
      deeper();
      const inner = unary();
      depth--;
      const negated: Test<C> = (c) => !inner(c);
      return pures.has(inner) ? pure(negated) : negated;
    }
    if (t === '(') {
      deeper();
      const inner = or();
      if (next() !== ')') fail(`condition "${text}": expected ")"`);
      depth--;
      return inner;
    }
    if ((t === '1' || t === 'all') && peek() === 'of') {
      i++;
      const matched = pattern(next());
      return t === '1' ? anyOf(matched) : allOf(matched);
    }
    const sel = selections.get(t);
    if (sel === undefined) fail(`condition "${text}": unknown selection "${t}"`);
    return sel;
  };
  const pattern = (p: string): Test<C>[] => {
    const out = [...selections].filter(([k]) => p === 'them' || globMatch(p, k)).map(([, v]) => v);
    if (out.length === 0) fail(`condition "${text}": "${p}" matches no selection`);
    return out;
  };

  const test = or();
  if (i !== toks.length) fail(`condition "${text}": unexpected "${toks[i]}"`);
  return test;
}

function anyOf<C>(parts: Test<C>[]): Test<C> {
  if (parts.length === 1) return parts[0]!;
  return withNeed(markPure(anyTest(parts), parts), needOfAny(parts));
}

function allOf<C>(parts: Test<C>[]): Test<C> {
  if (parts.length === 1) return parts[0]!;
  return withNeed(markPure(allTest(parts), parts), needOfAll(parts));
}

/** `t`, recorded {@link pure} when all its `parts` are. */
function markPure<T extends object>(t: T, parts: readonly object[]): T {
  return allPure(parts) ? pure(t) : t;
}

function withNeed<T extends object>(t: T, need: Need | undefined): T {
  return need === undefined ? t : needing(t, need);
}

function anyTest<C>(parts: Test<C>[]): Test<C> {
  if (parts.length === 2) {
    const [a, b] = parts as [Test<C>, Test<C>];
    return (c) => a(c) || b(c);
  }
  return (c) => {
    for (const p of parts) if (p(c)) return true;
    return false;
  };
}

function allTest<C>(parts: Test<C>[]): Test<C> {
  if (parts.length === 2) {
    const [a, b] = parts as [Test<C>, Test<C>];
    return (c) => a(c) && b(c);
  }
  return (c) => {
    for (const p of parts) if (!p(c)) return false;
    return true;
  };
}
