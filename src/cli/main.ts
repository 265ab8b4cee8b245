#!/usr/bin/env node
/**
 * The `sigwatch` command. Subcommands live in their own files; this one parses the command
 * name, turns errors into one clear line (stack only with --debug) and sets the exit code.
 */
import { isSigwatchError } from '../core/errors.js';
import { runDecode } from './decode-command.js';

const USAGE = `usage: sigwatch <command> [options]

commands:
  scan <capture...|->     decode and detect; summary, --jsonl alerts, --eve, --report FILE.html
  decode <capture...|->   events as JSON lines
  rules lint [DIR]        validate rule files and profiles
  help                    this text

Run 'sigwatch <command> --help' for the options of a command.
`;

async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  switch (cmd) {
    case 'decode':
      return runDecode(rest);
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE);
      return cmd === undefined ? 2 : 0;
    default:
      process.stderr.write(`sigwatch: unknown command '${cmd}'\n${USAGE}`);
      return 2;
  }
}

const debug = process.argv.includes('--debug');
main(process.argv.slice(2).filter((a) => a !== '--debug')).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    if (debug) process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    else if (isSigwatchError(e)) process.stderr.write(`sigwatch: ${e.message} [${e.code}]\n`);
    else process.stderr.write(`sigwatch: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  },
);
