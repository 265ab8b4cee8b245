/** Exit codes of the `sigwatch` command (README "Exit codes"). */
export const EXIT = {
  OK: 0,
  /** Input or configuration error: missing file, unreadable format, bad profile or rule. */
  ERROR: 1,
  /** Bad command line. */
  USAGE: 2,
  /** `scan --fail-on LEVEL`: an alert at or above LEVEL. */
  ALERT: 3,
} as const;

/** A command-line problem: printed as one line with the usage hint, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
