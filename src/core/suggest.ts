/**
 * "Did you mean …?" for names a person typed: options, commands, rule fields, operation names,
 * anomaly codes, library option keys. Damerau–Levenshtein (optimal string alignment) distance, case-insensitive;
 * a candidate is suggested when its distance is at most a third of the typed length (min 1, max 3)
 * or when one name is a prefix of the other (`--jsn` → `--jsonl`).
 */

export function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  let prev2: number[] = [];
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const cur = [i];
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2]! + 1);
      cur.push(d);
    }
    prev2 = prev;
    prev = cur;
  }
  return prev[n]!;
}

/** The closest candidate to `input`, or undefined when none is close enough to be a typo. */
export function closest(input: string, candidates: Iterable<string>): string | undefined {
  const x = input.toLowerCase();
  if (x.length === 0) return undefined;
  const max = Math.min(3, Math.max(1, Math.floor(x.length / 3)));
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const y = c.toLowerCase();
    if (y === x) return c;
    let d = editDistance(x, y);
    if (d > max && x.length >= 3 && (y.startsWith(x) || x.startsWith(y))) d = max;
    if (d <= max && d < bestD) {
      best = c;
      bestD = d;
    }
  }
  return best;
}

/** Quotes of the CLI's own messages (`unknown option '--jsnol'`); documents and APIs use double quotes. */
export const singleQuoted = (s: string): string => `'${s}'`;

/** `; did you mean "x"?` or '' — appended to an error message. */
export function didYouMean(input: string, candidates: Iterable<string>, quote = (s: string): string => `"${s}"`): string {
  const c = closest(input, candidates);
  return c === undefined ? '' : `; did you mean ${quote(c)}?`;
}
