/** Wording shared by the summary, the HTML report and the CLI: plurals and country names. */

/** `1 alert`, `2 alerts`, `1 signalling message`. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

let names: Intl.DisplayNames | undefined;

/** `Bahamas` for `BS` (ICU region names); the code itself when ICU does not know it. */
function countryName(iso: string | undefined): string {
  if (iso === undefined || !/^[A-Z]{2}$/.test(iso)) return 'unknown country';
  try {
    names ??= new Intl.DisplayNames(['en'], { type: 'region', fallback: 'code' });
    return names.of(iso) ?? iso;
  } catch {
    return iso;
  }
}

/**
 * Labels made so far, by ISO code: at most 26 × 26. The report collector labels every alert's
 * origin past its 10,000 kept labels (a new GT on every alert); ICU's name lookup took 0.98 µs
 * per label, the kept label 0.11 µs (measured: bench/results-notes.md, "hostile").
 */
const labels = new Map<string, string>();

/** `Bahamas (BS)`, or `unknown country`. */
export function countryLabel(iso: string | undefined): string {
  if (iso === undefined || !/^[A-Z]{2}$/.test(iso)) return 'unknown country';
  let l = labels.get(iso);
  if (l === undefined) labels.set(iso, (l = `${countryName(iso)} (${iso})`));
  return l;
}
