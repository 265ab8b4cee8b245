/**
 * Minimal set of digit prefixes covering the inclusive range [start, stop] of equal-length digit
 * strings: ('900000', '900999') → ['900']; ('12', '35') → ['12'..'19', '2', '30'..'35'].
 * Used to turn IR.21 number ranges (SN_RangeStart/SN_RangeStop) into trie prefixes.
 */
export function rangePrefixes(start: string, stop: string): string[] {
  if (start.length !== stop.length || !/^\d*$/.test(start) || !/^\d*$/.test(stop) || start > stop) {
    throw new RangeError(`bad number range ${start}-${stop}`);
  }
  const out: string[] = [];
  const cover = (prefix: string, lo: string, hi: string): void => {
    if (/^0*$/.test(lo) && /^9*$/.test(hi)) {
      out.push(prefix);
      return;
    }
    const a = lo.charCodeAt(0) - 48,
      b = hi.charCodeAt(0) - 48;
    const rest = lo.length - 1;
    if (a === b) {
      cover(prefix + lo[0], lo.slice(1), hi.slice(1));
      return;
    }
    cover(prefix + lo[0], lo.slice(1), '9'.repeat(rest));
    for (let d = a + 1; d < b; d++) out.push(prefix + String.fromCharCode(48 + d));
    cover(prefix + hi[0], '0'.repeat(rest), hi.slice(1));
  };
  cover('', start, stop);
  return out;
}
