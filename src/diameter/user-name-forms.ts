/**
 * User-Name forms that put something before the IMSI (red-team round 18 L2), for decoder.ts imsiFromUserName, whose
 * reader takes the leading digits only: the 5G SUPI of type IMSI, `imsi-<IMSI>` (TS 23.003 §28.7.2, how a converged
 * HSS/UDM keys subscribers), the bare `IMSI<IMSI>` label, leading white space, and a decorated NAI,
 * `homerealm!user@otherrealm` (TS 23.003 §19.3.3, RFC 7542 §2.7), which a proxy turns back into `user@homerealm`.
 * Anything else with no IMSI at its start is no identity, and where the command names its subscriber by the IMSI
 * (S6a/S6d, SLh, S6c) each of these forms is reported ({@link userNameNotImsi}).
 */
import { DIAMETER_APP } from './dictionary/index.js';

/**
 * `imsi-` (TS 23.003 §28.7.2: "imsi-" followed by the IMSI's digits) or the bare label `imsi` (red-team round 18 L2:
 * `IMSI262011234567890`), any case: an HSS that strips a known label by its letters, as case-insensitive string
 * compares do, serves the IMSI after it. Only these 4 letters and one `-`: anything else after them (`IMSI:`, `IMSI `,
 * `imsi--`) leaves no digits at the start, so no IMSI is read.
 */
const IMSI_LABEL = /^imsi-?/i;

const SPACE = /\s/;

/**
 * The count of white space, control and {@link mappedToNothing} characters before the IMSI (red-team round 18 L2: ` 262011234567890`). Neither
 * an IMSI (TS 23.003 §2.2: digits only) nor an NAI (RFC 7542 §2.2: no space or control in its ABNF) holds them, but the
 * usual trims remove them (Java `String.trim`: U+0000–U+0020; C `isspace`; Go / .NET / Python / JavaScript: Unicode
 * White_Space and U+0085; JavaScript also U+FEFF), so an HSS that trims serves the IMSI after them. All of these count.
 */
function leadingSpace(userName: string): number {
  let i = 0;
  for (; i < userName.length; i++) {
    const c = userName.charCodeAt(i);
    if (c > 0x20 && c !== 0x85 && (c < 0xa0 || (!SPACE.test(userName[i]!) && !mappedToNothing(c)))) break;
  }
  return i;
}

/**
 * RFC 3454 Table B.1, "commonly mapped to nothing" (soft hyphen, zero-width space and joiners, word joiner, variation
 * selectors, U+FEFF...): a stringprep profile (nameprep, SASLprep) deletes them, so an HSS that prepares identities
 * so serves the IMSI after them (review 19 #8: a leading U+200B, which no trim removes, was no identity).
 */
function mappedToNothing(c: number): boolean {
  return (
    c === 0xad ||
    c === 0x34f ||
    c === 0x1806 ||
    (c >= 0x180b && c <= 0x180d) ||
    (c >= 0x200b && c <= 0x200d) ||
    c === 0x2060 ||
    (c >= 0xfe00 && c <= 0xfe0f) ||
    c === 0xfeff
  );
}

/**
 * The User-Name with its decoration undone, to be read by the leading-digit reader once more: leading white space
 * ({@link leadingSpace}), then the digits after an `imsi-` or `imsi` label ({@link IMSI_LABEL}), or the decorated NAI's
 * user part in its home realm (`0<IMSI>@homerealm`: the realm an EAP identity's PLMN must match, §19.3.2); undefined
 * for any other form. Each is undone once: what follows must start with the IMSI's digits (`imsi-imsi-…`,
 * `IMSI 262…` name none). The home realm is the label run just before the last `!` (RFC 7542 §2.7).
 */
export function undecorated(userName: string): string | undefined {
  const space = leadingSpace(userName);
  const s = space === 0 ? userName : userName.slice(space);
  const label = IMSI_LABEL.exec(s);
  if (label !== null) return s.slice(label[0].length);
  // After the space, digits are read as they stand; else a decorated NAI is undone too (review 19 #8: ` realm!0<IMSI>@x`).
  if (space > 0 && s.charCodeAt(0) >= 48 && s.charCodeAt(0) <= 57) return s;
  return decoratedNai(s) ?? (space > 0 ? s : undefined);
}

/** The decorated NAI `…homerealm!user@otherrealm` as `user@homerealm` (RFC 7542 §2.7), else undefined. */
function decoratedNai(userName: string): string | undefined {
  const bang = userName.lastIndexOf('!');
  if (bang < 0) return undefined;
  const at = userName.indexOf('@', bang);
  const user = userName.slice(bang + 1, at < 0 ? userName.length : at);
  const home = userName.slice(userName.lastIndexOf('!', bang - 1) + 1, bang);
  return home.length === 0 ? user : `${user}@${home}`;
}

/**
 * Applications whose commands name the subscriber by a User-Name that is the IMSI (TS 23.003 §2.2): S6a/S6d (TS 29.272
 * §7.3.x, every request), SLh RIR (TS 29.173 §6.2.3), S6c (TS 29.338 §5.3.2).
 */
const IMSI_USER_NAME_APPS: readonly number[] = [DIAMETER_APP.s6a, DIAMETER_APP.slh, DIAMETER_APP.s6c];

/**
 * The anomaly detail when a command of {@link IMSI_USER_NAME_APPS} carries a User-Name with no IMSI (6 digits or more)
 * at its start, else undefined: a leading space, `IMSI…`, `imsi-…`, a decorated NAI (red-team round 18 L2: such an IDR
 * from China gave no alert and no anomaly; each is now read as its IMSI, the anomaly kept: a strict HSS refuses it, a
 * lenient one serves the subscriber). `imsi`: what imsiFromUserName read of it. The detail names no digits.
 */
export function userNameNotImsi(app: number, userName: string, imsi: string | undefined): string | undefined {
  if (!IMSI_USER_NAME_APPS.includes(app)) return undefined;
  let n = 0;
  while (n < 6 && n < userName.length && userName.charCodeAt(n) >= 48 && userName.charCodeAt(n) <= 57) n++;
  if (n === 6) return undefined;
  const first = userName.length === 0 ? 'empty' : `first character U+${userName.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
  const read = imsi === undefined ? 'no IMSI read, the message has no subscriber by it' : 'the IMSI read after its prefix';
  return `User-Name of ${userName.length} characters (${first}) does not start with the IMSI this application names the subscriber by: ${read}`;
}
