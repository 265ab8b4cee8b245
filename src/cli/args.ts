/**
 * Command-line parsing shared by every subcommand: node:util parseArgs plus what people expect
 * of a command in their first ten minutes — `-h` as well as `--help`, and an unknown option
 * answered with one balanced line and the closest known option ("did you mean '--jsonl'?").
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { didYouMean, singleQuoted } from '../core/suggest.js';
import { UsageError } from './exit-codes.js';

type Options = NonNullable<ParseArgsConfig['options']>;
const HELP = { help: { type: 'boolean', short: 'h' } } as const;
type Parsed<O extends Options> = ReturnType<typeof parseArgs<{ args: string[]; allowPositionals: true; options: O & typeof HELP }>>;

/**
 * Checks every `--name` / `-x` of `argv` against `options` before parseArgs sees them (its own
 * message for an unknown option is long and quotes unevenly), then parses. `help` (with `-h`)
 * is added to every command.
 */
export function parseCommand<O extends Options>(command: string, argv: string[], options: O): Parsed<O> {
  const all = { ...options, ...HELP };
  const longs = Object.keys(all).map((k) => `--${k}`);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') break;
    if (a === '-' || !a.startsWith('-')) continue;
    if (a.startsWith('--')) {
      const name = a.slice(2).split('=', 1)[0]!;
      const def = (all as Options)[name];
      if (def === undefined) throw new UsageError(`${command}: unknown option '--${name}'${didYouMean(`--${name}`, longs, singleQuoted)}`);
      if (def.type === 'string' && !a.includes('=')) {
        if (i + 1 >= argv.length) throw new UsageError(`${command}: option '--${name}' needs a value`);
        i++;
      }
      continue;
    }
    const short = a.slice(1);
    const hit = Object.entries(all as Options).find(([, d]) => d.short === short[0]);
    if (hit === undefined || /^-\d/.test(a)) {
      throw new UsageError(`${command}: unknown option '${a}'${didYouMean(`--${short}`, longs, singleQuoted)}`);
    }
    if (hit[1].type === 'string' && short.length === 1) i++;
  }
  return parseArgs({ args: argv, allowPositionals: true, options: all }) as Parsed<O>;
}
