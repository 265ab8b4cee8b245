/**
 * What a reader recovers of the digits in an output (anonymisation tests): tokens become '#',
 * percent, JSON and terminal escapes are decoded, compatibility forms folded (NFKC), the decimal
 * digits of a few scripts read as ASCII, and the characters that hide or separate digits dropped
 * (controls, format characters, combining marks, white space, dashes, dots, slashes, parentheses,
 * underscores). Written apart from the anonymiser's own folding (src/report/anonymize-fold.ts), so
 * a fold both got wrong is not hidden.
 */

/** Zero code points of the decimal digit sets the tests write (ASCII, Arabic-Indic, Extended Arabic-Indic, Devanagari, fullwidth, mathematical digits U+1D7CE–U+1D7FF). */
const ZEROS = [0x30, 0x660, 0x6f0, 0x966, 0xff10, 0x1d7ce];
const HIDING = /[\p{Cc}\p{Cf}\p{M}\s\p{Pd}\u2212./()_]/u;

function readable(out: string): string {
  let t = out.replace(/anon:[0-9a-f]{16}/g, '#');
  t = t.replace(/\\u([0-9a-fA-F]{4})|\\x([0-9a-fA-F]{2})|\\[nrt]/g, (_e: string, u: string | undefined, x: string | undefined) =>
    u === undefined && x === undefined ? ' ' : String.fromCharCode(parseInt(u ?? x!, 16)),
  );
  t = t.replace(/(?:%[0-9a-fA-F]{2})+/g, (m) => {
    try {
      return decodeURIComponent(m);
    } catch {
      return m;
    }
  });
  let d = '';
  for (const ch of t.normalize('NFKC')) {
    const c = ch.codePointAt(0)!;
    const z = ZEROS.find((z0) => c >= z0 && c < z0 + (z0 === 0x1d7ce ? 50 : 10));
    if (z !== undefined) d += String((c - z) % 10);
    else if (!HIDING.test(ch)) d += ch;
  }
  return d;
}

/** Runs of 6 digits of `id` a reader recovers from `out`. */
export function leaks(out: string, id: string): string[] {
  const d = readable(out);
  const found: string[] = [];
  for (let i = 0; i + 6 <= id.length; i++) if (d.includes(id.slice(i, i + 6))) found.push(id.slice(i, i + 6));
  return found;
}
