/** Options of {@link scan}, the scan stream and the {@link Scanner}. */
import type { Logger } from 'pino';
import type { Attributor, NetworkEntry } from '../attribution/types.js';
import type { CompiledRule } from '../detect/compiler.js';
import type { CustomRule } from '../detect/custom-rule.js';
import type { Profile } from '../detect/profile.js';
import type { RuleDef } from '../detect/rule-schema.js';
import type { StateFile, StateSnapshot } from '../state/snapshot.js';
import type { DecodeOptions } from './decode.js';

export type { ScanAlert } from '../detect/alert.js';

export interface ScanOptions extends DecodeOptions {
  /** Profile object or YAML file path. Without one, the home network is inferred from the traffic. */
  profile?: Profile | string;
  /** Rules to run (definitions or compiled). Default: the shipped pack (`loadDefaultRules()`). */
  rules?: readonly (RuleDef | CompiledRule)[];
  /** Rules written in TypeScript; run in addition to `rules`. */
  customRules?: readonly CustomRule[];
  /** Attribution of GTs, realms and IMSIs. Default: built from the profile's networks, home and partners. */
  attributor?: Attributor;
  /** Extra operator/carrier entries, added to the profile's `networks`. */
  networks?: readonly NetworkEntry[];
  /**
   * Subscriber state to start from: a snapshot object (`Detector.snapshotState()`), its JSON text,
   * or `{ file }`, a state file read one record at a time (`Detector.snapshotText()` writes one).
   */
  stateIn?: StateSnapshot | string | StateFile;
  /**
   * pino logger for diagnostics (inferred home, per-capture stats), or any object with pino's
   * `debug`, `info` and `warn` (the CLI's loads pino at its first line: cli/logger.ts). Default: silent.
   */
  logger?: Pick<Logger, 'debug' | 'info' | 'warn'>;
  /**
   * Infer a provisional home network when no profile is given (default true). Files are read
   * twice (a decode-only first pass); stdin and streams are inferred from the first
   * `warmupEvents` events, which are held back until then.
   */
  inferHome?: boolean;
  /** Events held back for home inference on single-pass inputs (default 5000). */
  warmupEvents?: number;
}
