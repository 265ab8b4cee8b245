/**
 * Expands a libphonenumber digit pattern (the regular-expression subset its metadata uses:
 * digits, `\d`, `[..]` classes with ranges, `(?:..)`/`(..)` groups, `|`, and the quantifiers
 * `? * + {n} {n,} {n,m}`) into the set of digit prefixes that distinguish it: each expansion stops
 * at the first `\d` (any digit follows, so the prefix decides) or at the end of the pattern.
 * Used once at start-up to build the E.164 trie; never on the hot path.
 */

interface Item {
  /** Bit d set when digit d matches; 0x3ff is `\d`. Undefined for a group. */
  mask?: number;
  group?: Item[][];
  min: number;
  max: number;
}

const ANY = 0x3ff;

class Parser {
  pos = 0;
  constructor(private readonly src: string) {}

  fail(what: string): never {
    throw new SyntaxError(`pattern ${JSON.stringify(this.src)} at ${this.pos}: ${what}`);
  }

  alt(): Item[][] {
    const alts: Item[][] = [this.seq()];
    while (this.src[this.pos] === '|') {
      this.pos++;
      alts.push(this.seq());
    }
    return alts;
  }

  seq(): Item[] {
    const items: Item[] = [];
    for (;;) {
      const c = this.src[this.pos];
      if (c === undefined || c === '|' || c === ')') return items;
      const item = this.atom();
      this.quantifier(item);
      items.push(item);
    }
  }

  atom(): Item {
    const c = this.src[this.pos++];
    if (c === undefined) this.fail('unexpected end');
    if (c >= '0' && c <= '9') return { mask: 1 << (c.charCodeAt(0) - 48), min: 1, max: 1 };
    if (c === '\\') {
      if (this.src[this.pos++] !== 'd') this.fail('only \\d is supported');
      return { mask: ANY, min: 1, max: 1 };
    }
    if (c === '[') return { mask: this.charClass(), min: 1, max: 1 };
    if (c === '(') {
      if (this.src.startsWith('?:', this.pos)) this.pos += 2;
      const group = this.alt();
      if (this.src[this.pos++] !== ')') this.fail('missing )');
      return { group, min: 1, max: 1 };
    }
    return this.fail(`unsupported ${c}`);
  }

  charClass(): number {
    let mask = 0;
    if (this.src[this.pos] === '^') this.fail('negated classes are not supported');
    for (;;) {
      const c = this.src[this.pos++];
      if (c === undefined) this.fail('missing ]');
      if (c === ']') return mask;
      if (c === '\\') {
        if (this.src[this.pos++] !== 'd') this.fail('only \\d is supported');
        mask |= ANY;
        continue;
      }
      const lo = c.charCodeAt(0) - 48;
      if (lo < 0 || lo > 9) this.fail(`bad class member ${c}`);
      if (this.src[this.pos] === '-' && this.src[this.pos + 1] !== ']') {
        const hi = (this.src.charCodeAt(this.pos + 1) ?? 0) - 48;
        if (hi < lo || hi > 9) this.fail('bad range');
        for (let d = lo; d <= hi; d++) mask |= 1 << d;
        this.pos += 2;
      } else {
        mask |= 1 << lo;
      }
    }
  }

  quantifier(item: Item): void {
    const c = this.src[this.pos];
    if (c === '?') [item.min, item.max] = [0, 1];
    else if (c === '*') [item.min, item.max] = [0, Infinity];
    else if (c === '+') [item.min, item.max] = [1, Infinity];
    else if (c === '{') {
      const close = this.src.indexOf('}', this.pos);
      if (close < 0) this.fail('missing }');
      const [a, b] = this.src.slice(this.pos + 1, close).split(',');
      item.min = Number(a);
      item.max = b === undefined ? item.min : b === '' ? Infinity : Number(b);
      if (!Number.isInteger(item.min) || !(item.max >= item.min)) this.fail('bad {}');
      this.pos = close + 1;
      return;
    } else return;
    this.pos++;
  }
}

/** Upper bound on generated prefixes per pattern: the metadata's largest (GB) stays far below. */
const MAX_PREFIXES = 200_000;

/**
 * Distinguishing digit prefixes of `pattern`, each at most `maxLen` digits long.
 * Throws SyntaxError for syntax outside the supported subset.
 */
export function patternPrefixes(pattern: string, maxLen = 10): Set<string> {
  const p = new Parser(pattern);
  const top = p.alt();
  if (p.pos !== pattern.length) p.fail('trailing input');
  const out = new Set<string>();
  const emit = (prefix: string): void => {
    out.add(prefix);
    if (out.size > MAX_PREFIXES) throw new RangeError(`pattern expands to too many prefixes: ${pattern}`);
  };

  type Cont = (prefix: string) => void;
  const seq = (items: Item[], i: number, prefix: string, k: Cont): void => {
    const item = items[i];
    if (item === undefined) k(prefix);
    else rep(item, 0, prefix, (q) => seq(items, i + 1, q, k));
  };
  const rep = (item: Item, n: number, prefix: string, k: Cont): void => {
    if (n >= item.min) k(prefix);
    if (n < item.max) one(item, prefix, (q) => rep(item, n + 1, q, k));
  };
  const one = (item: Item, prefix: string, k: Cont): void => {
    if (prefix.length >= maxLen) {
      emit(prefix);
      return;
    }
    if (item.group !== undefined) {
      for (const alt of item.group) seq(alt, 0, prefix, k);
      return;
    }
    const mask = item.mask ?? 0;
    if (mask === ANY) emit(prefix);
    else for (let d = 0; d <= 9; d++) if (mask & (1 << d)) k(prefix + String.fromCharCode(48 + d));
  };

  for (const alt of top) seq(alt, 0, '', emit);
  return out;
}
