/**
 * Sigma-style condition expressions over named selections:
 *   sel1 and not (sel2 or sel3)      1 of sel*      all of them
 * Precedence: not > and > or. Compiled once into nested closures (no eval).
 */
export type Test<C> = (ctx: C) => boolean;

export function compileCondition<C>(text: string, selections: ReadonlyMap<string, Test<C>>, fail: (message: string) => never): Test<C> {
  const toks = text.match(/\(|\)|[A-Za-z0-9_*]+|\S/g) ?? [];
  let i = 0;
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
      const inner = unary();
      return (c) => !inner(c);
    }
    if (t === '(') {
      const inner = or();
      if (next() !== ')') fail(`condition "${text}": expected ")"`);
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
    const re = p === 'them' ? /^/ : new RegExp(`^${p.replace(/\*/g, '.*')}$`);
    const out = [...selections].filter(([k]) => re.test(k)).map(([, v]) => v);
    if (out.length === 0) fail(`condition "${text}": "${p}" matches no selection`);
    return out;
  };

  const test = or();
  if (i !== toks.length) fail(`condition "${text}": unexpected "${toks[i]}"`);
  return test;
}

function anyOf<C>(parts: Test<C>[]): Test<C> {
  if (parts.length === 1) return parts[0]!;
  if (parts.length === 2) {
    const [a, b] = parts as [Test<C>, Test<C>];
    return (c) => a(c) || b(c);
  }
  return (c) => {
    for (const p of parts) if (p(c)) return true;
    return false;
  };
}

function allOf<C>(parts: Test<C>[]): Test<C> {
  if (parts.length === 1) return parts[0]!;
  if (parts.length === 2) {
    const [a, b] = parts as [Test<C>, Test<C>];
    return (c) => a(c) && b(c);
  }
  return (c) => {
    for (const p of parts) if (!p(c)) return false;
    return true;
  };
}
