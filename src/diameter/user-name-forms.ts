/**
 * User-Name forms that put something before the IMSI (red-team round 18 L2), for decoder.ts imsiFromUserName, whose
 * reader takes the leading digits only: the 5G SUPI of type IMSI, `imsi-<IMSI>` (TS 23.003 §28.7.2, how a converged
 * HSS/UDM keys subscribers), and a decorated NAI, `homerealm!user@otherrealm` (TS 23.003 §19.3.3, RFC 7542 §2.7),
 * which a proxy turns back into `user@homerealm`. Anything else with no IMSI at its start is no identity, and where the
 * command names its subscriber by the IMSI (S6a/S6d, SLh, S6c) it is reported ({@link userNameNotImsi}).
 */
import { DIAMETER_APP } from './dictionary/index.js';

/** `imsi-` (TS 23.003 §28.7.2: "imsi-" followed by the IMSI's digits), any case. */
const SUPI_IMSI = /^imsi-/i;

/**
 * The User-Name with its prefix undone, to be read by the leading-digit reader once more: the digits after `imsi-`, or
 * the decorated NAI's user part in its home realm (`0<IMSI>@homerealm`: the realm an EAP identity's PLMN must match,
 * §19.3.2); undefined for any other form. The home realm is the label run just before the last `!` (RFC 7542 §2.7).
 */
export function undecorated(userName: string): string | undefined {
  if (SUPI_IMSI.test(userName)) return userName.slice(5);
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
 * from China gave no alert and no anomaly). `imsi`: what imsiFromUserName read of it. The detail names no digits.
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
