/**
 * Run-time validation of the library's options (zod), at every entry point: a JavaScript caller
 * or a typo that TypeScript cannot see (`{ warmupEvnts: 3 }`, `{ mtp3: 'china' }`) is an
 * ERR_BAD_OPTION naming the option and the closest valid name, as the CLI does for flags.
 * Validation runs once per call (not per chunk or event), so it costs nothing on the hot path,
 * and once per entry point: what the library builds from options it has checked (scan() → Scanner
 * → Decoder and Detector) is marked with {@link checked} and not checked again, so an error names
 * the entry point the caller used. The schemas: api/options.ts (and capture/source.ts for openCapture).
 */
import { z } from 'zod';
import { ErrorCode, SigwatchError, type Problem } from './errors.js';
import { DEFAULT_LIMITS } from './limits.js';
import { didYouMean } from './suggest.js';
import { keysAt } from './zod-keys.js';

/** Option value shapes shared by the schemas. */
export const fn = z.custom<(...a: never[]) => unknown>((v) => typeof v === 'function', 'expected a function');
export const obj = z.custom<object>((v) => v !== null && typeof v === 'object', 'expected an object');
/**
 * `limits`: a partial {@link DEFAULT_LIMITS}: ages (`…Sec`) positive numbers, every other limit (a
 * count of entries, bytes or levels) a positive integer. A fractional count passed before: a flow
 * table of capacity 0.5 kept a dead entry in its index and the next lookups looped forever.
 */
export const limits = z.strictObject(
  Object.fromEntries(
    Object.keys(DEFAULT_LIMITS).map((k) => [
      k,
      (k.endsWith('Sec') ? z.number().positive() : z.number().positive().refine(Number.isInteger, 'expected a whole number')).optional(),
    ]),
  ),
);

/**
 * An operator/carrier entry (attribution/types.ts NetworkEntry): `networks` of the scan options
 * and of createAttributor. Extra keys are allowed (importers may carry more). Unchecked, an entry
 * without `gtPrefixes` failed with a TypeError at the first lookup, inside push().
 */
export const networkEntry = z.looseObject({
  name: z.string(),
  country: z.string().optional(),
  plmn: z.string().optional(),
  role: z.enum(['mno', 'mvno', 'transit', 'ipx', 'hub', 'unknown']),
  gtPrefixes: z.array(z.string()),
  realms: z.array(z.string()),
  pointCodes: z.array(z.number().int().nonnegative()),
  source: z.string(),
  date: z.string().optional(),
  tadig: z.string().optional(),
});

const hasMethods = (names: readonly string[]) => (v: unknown) =>
  v !== null && typeof v === 'object' && names.every((k) => typeof (v as Record<string, unknown>)[k] === 'function');
/** An Attributor (attribution/types.ts): an object with its seven lookups. */
export const attributorLike = z.custom<object>(
  hasMethods(['gt', 'msisdn', 'imsi', 'plmn', 'realm', 'host', 'pointCode']),
  'expected an Attributor (gt, msisdn, imsi, plmn, realm, host and pointCode methods; see createAttributor)',
);
/** A pino logger, as far as sigwatch uses one: debug, info and warn methods. */
export const loggerLike = z.custom<object>(hasMethods(['debug', 'info', 'warn']), 'expected a pino logger (debug, info and warn methods)');

/** Option objects the library built from options already checked at a public entry point. */
const CHECKED = new WeakSet<object>();

/**
 * Marks `options`, built inside the library from options already checked at the public entry
 * point (plus values the library itself supplies), so the constructor it is passed to does not
 * check it again. Only for objects the library made and keeps: never a caller's own object,
 * which could change after its check.
 */
export function checked<T extends object>(options: T): T {
  CHECKED.add(options);
  return options;
}

/**
 * The library's own copy of checked options: the top level copied, and the values the schemas
 * check inside (`limits`, arrays such as `diameterPorts`) copied and frozen, so a caller mutating
 * its object after the check (`o.limits.dialogues = -5`, `o.mtp3 = 'bogus'`) changes nothing.
 * Functions and opaque objects (profile, logger, attributor: `obj` in the schemas) are shared.
 */
function owned<T>(options: T): T {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) return options;
  const copy: Record<string, unknown> = { ...(options as Record<string, unknown>) };
  for (const k of Object.keys(copy)) {
    const v = copy[k];
    if (Array.isArray(v)) copy[k] = Object.freeze([...v]);
    else if (k === 'limits' && v !== null && typeof v === 'object') copy[k] = Object.freeze({ ...v });
  }
  return copy as T;
}

const EMPTY_OK = new WeakMap<z.ZodType, boolean>();
function emptyOk(schema: z.ZodType): boolean {
  let ok = EMPTY_OK.get(schema);
  if (ok === undefined) EMPTY_OK.set(schema, (ok = schema.safeParse({}).success));
  return ok;
}

/**
 * Checks `options` of `entry` (e.g. 'scan') against `schema`; throws ERR_BAD_OPTION listing every
 * problem: `scan: option "warmupEvnts" is unknown; did you mean "warmupEvents"?`.
 * Options set to `undefined` are treated as absent; options marked {@link checked} pass (returned as
 * they are). Returns the checked options as the library's own copy ({@link owned}): keep and pass
 * down that, never the caller's object, which could change after its check.
 */
export function checkOptions<T>(entry: string, schema: z.ZodType, options: T): T {
  if (typeof options === 'object' && options !== null && CHECKED.has(options)) return options;
  // No options at all: fine where none are required; else the required ones are named
  // (`new Decoder()` read `undefined.source`, a TypeError).
  if (options === undefined && emptyOk(schema)) return options;
  // No options where none are required: nothing to check (the one-shot layer decoders may be called per PDU).
  if (options !== null && typeof options === 'object' && Object.keys(options).length === 0 && emptyOk(schema)) return owned(options);
  const r = schema.safeParse(options === undefined ? {} : options);
  if (r.success) return owned(options);
  const problems: Problem[] = [];
  const paths: string[] = [];
  for (const issue of r.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      const known = keysAt(schema, issue.path);
      for (const k of issue.keys) {
        const name = [...issue.path, k].join('.');
        paths.push(name);
        problems.push({ message: `${entry}: option "${name}" is unknown${didYouMean(k, known)}` });
      }
      continue;
    }
    const name = issue.path.join('.') || '(options)';
    let msg = issue.message;
    if (issue.code === 'invalid_value') {
      const got = issue.path.reduce<unknown>((o, k) => (o !== null && typeof o === 'object' ? (o as Record<PropertyKey, unknown>)[k] : undefined), options);
      msg =
        `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, ` +
        `got ${JSON.stringify(got)}${didYouMean(String(got), issue.values.map(String))}`;
    }
    paths.push(name);
    problems.push({ message: `${entry}: option "${name}": ${msg}` });
  }
  // `path` names the (first) option; the message and `problems` say what is wrong with each.
  throw new SigwatchError(ErrorCode.BAD_OPTION, problems.map((p) => p.message).join('\n'), { path: paths[0] ?? '', problems });
}
