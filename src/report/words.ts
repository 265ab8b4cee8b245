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

/** `Bahamas (BS)`, or `unknown country`. */
export function countryLabel(iso: string | undefined): string {
  return iso === undefined || !/^[A-Z]{2}$/.test(iso) ? 'unknown country' : `${countryName(iso)} (${iso})`;
}
