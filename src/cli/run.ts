/**
 * The `sigwatch` command, started by cli/main.ts once the heap is tuned. Subcommands live in their
 * own files; this one parses the command name, turns errors into one clear line (stack only with
 * --debug) and sets the exit code: 0 ok, 1 error, 2 usage, 3 `scan --fail-on` (cli/exit-codes.ts).
 */
import { ErrorCode, isSigwatchError } from '../core/errors.js';
import { didYouMean, singleQuoted } from '../core/suggest.js';
import { EXIT, UsageError } from './exit-codes.js';
import { quietOnClosedOutput } from './output.js';
import { escapeControls } from '../report/safe-text.js';
import { packageVersion } from './version.js';

const USAGE = `usage: sigwatch <command> [options]

commands:
  scan <capture...|->     decode and detect; summary, --jsonl alerts, --eve, --report FILE.html
  decode <capture...|->   events as JSON lines
  rules lint [DIR]        validate rule files and profiles
  help                    this text

options: -h, --help (also after any command), -V, --version
Run 'sigwatch <command> --help' for the options of a command; README "CLI reference" has them all.
exit codes: 0 ok, 1 error, 2 usage, 3 scan --fail-on matched
`;

const COMMANDS = ['scan', 'decode', 'rules', 'help'];

async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  // Each command's modules load when it runs: `--version` and `--help` need none of them, and
  // loading every command's (~200 modules, zod, yaml, pino, d3-geo) cost `--version` 0.27 s CPU
  // against 0.05 s for node alone (bench/results-notes.md, section "startup").
  switch (cmd) {
    case 'scan':
      return (await import('./scan-command.js')).runScan(rest);
    case 'decode':
      return (await import('./decode-command.js')).runDecode(rest);
    case 'rules':
      return (await import('./rules-command.js')).runRules(rest);
    case '--version':
    case '-V':
    case 'version':
      process.stdout.write(`${packageVersion()}\n`);
      return EXIT.OK;
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE);
      return cmd === undefined ? EXIT.USAGE : EXIT.OK;
    default: {
      const what = cmd.startsWith('-') ? 'option' : 'command';
      const hint = didYouMean(cmd, cmd.startsWith('-') ? ['--help', '--version'] : COMMANDS, singleQuoted);
      process.stderr.write(`sigwatch: unknown ${what} '${cmd}'${hint} (commands: ${COMMANDS.join(', ')}; see 'sigwatch --help')\n`);
      return EXIT.USAGE;
    }
  }
}

/** Command-line mistakes: node:util parseArgs errors, UsageError, and invalid option values. */
function isUsage(e: unknown): boolean {
  if (e instanceof UsageError) return true;
  if (isSigwatchError(e)) return e.code === ErrorCode.BAD_OPTION;
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}

/** Runs the command in `process.argv`; sets process.exitCode. */
export function runCli(): void {
  quietOnClosedOutput();
  const debug = process.argv.includes('--debug');
  const args = process.argv.slice(2).filter((a) => a !== '--debug');
  main(args).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      // Messages can quote capture or file content: controls shown as escapes (safe-text.ts).
      const say = (s: string): boolean => process.stderr.write(`${escapeControls(s)}\n`);
      if (debug) process.stderr.write(`${`${e instanceof Error ? (e.stack ?? e.message) : String(e)}`.split('\n').map(escapeControls).join('\n')}\n`);
      else if (isUsage(e)) say(`sigwatch: ${(e as Error).message} (see 'sigwatch ${args[0] === undefined ? '' : `${args[0]} `}--help')`);
      // A configuration error lists every problem: one line each.
      else if (isSigwatchError(e)) for (const line of e.message.split('\n')) say(`sigwatch: ${line} [${e.code}]`);
      else say(`sigwatch: ${e instanceof Error ? e.message : String(e)}`);
      process.exitCode = isUsage(e) ? EXIT.USAGE : EXIT.ERROR;
    },
  );
}
