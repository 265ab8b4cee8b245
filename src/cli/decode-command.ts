/** `sigwatch decode <capture...|-> [--filter PROTO[:OP,...]] [--diameter-ports P,..] [--mtp3 itu|ansi|japan]` */
import { decodeBatches } from '../api/decode.js';
import { toJsonEvent } from '../events/json.js';
import { parseCommonOptions, COMMON_OPTIONS } from './common-options.js';
import { parseCommand } from './args.js';
import { EXIT, UsageError } from './exit-codes.js';
import { buildFilter } from './filter.js';
import { releaseYoungGeneration } from './heap.js';
import { writeLines } from './output.js';
import { isSigwatchError } from '../core/errors.js';
import { escapeControls } from '../report/safe-text.js';

const HELP = `usage: sigwatch decode <capture...|-> [options]

Prints one JSON line per TCAP component or Diameter message (event contract: README
"Contracts"). With several captures every line names its capture in "source".

options:
  --filter SPEC          keep events matching SPEC: a protocol (map, tcap, diameter), optionally
                         with operations: map:22,83  diameter:316,ULR  map:sendRoutingInfo
  --diameter-ports LIST  TCP/SCTP ports carrying Diameter (default 3868)
  --mtp3 VARIANT         itu (default), ansi or japan routing labels
  --anonymize SALT       replace every IMSI/MSISDN and location value by a salted SHA-256 token (coordinates: whole degrees)
`;

export async function runDecode(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommand('decode', argv, {
    ...COMMON_OPTIONS,
    anonymize: { type: 'string' },
    filter: { type: 'string', multiple: true },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return EXIT.OK;
  }
  const keep = buildFilter(values.filter ?? []);
  if (positionals.length === 0) throw new UsageError('decode: no capture given');
  const opts = parseCommonOptions(values);
  const several = positionals.length > 1;
  // V8's own young-generation sizing: 4 MB semi-spaces cost decode +25 % CPU for 17 MB (cli/heap.ts).
  releaseYoungGeneration();
  // Loaded when asked for, as in scan (bench/results-notes.md, section "startup").
  const anon = values.anonymize === undefined ? undefined : new (await import('../report/anonymize.js')).Anonymizer(values.anonymize);
  // Files are read twice with --anonymize: identifiers are all known before the first line is
  // written (an MSISDN may be used as a GT before a message names it). stdin is learned as it comes.
  // A capture that fails part-way gives every event before the error (decodeBatches), is
  // reported on one line and the others are still decoded; exit 1 at the end.
  const errors = new Set<string>();
  const report = (input: string, e: unknown): void => {
    if (!isSigwatchError(e)) throw e;
    if (!errors.has(input)) process.stderr.write(escapeControls(`sigwatch: ${e.message} [${e.code}]`) + '\n');
    errors.add(input);
  };
  if (anon !== undefined && !positionals.includes('-')) {
    for (const input of positionals) {
      try {
        for await (const batch of decodeBatches(input, opts)) for (const ev of batch) anon.learn(ev);
      } catch (e) {
        report(input, e);
      }
    }
  }
  for (const input of positionals) {
    try {
      for await (const batch of decodeBatches(input, opts)) {
        const lines: string[] = [];
        for (const ev of batch) {
          anon?.learn(ev);
          if (!keep(ev)) continue;
          const json = toJsonEvent(ev);
          if (several) json.source = input;
          lines.push(JSON.stringify(anon === undefined ? json : anon.value(json)));
        }
        if (lines.length > 0) await writeLines(process.stdout, lines);
      }
    } catch (e) {
      report(input, e);
    }
  }

  // rt19 M9: past the learned cap, fields fail closed (report/anonymize.ts); say so.
  if (anon?.saturated === true) {
    process.stderr.write(
      `sigwatch: note: --anonymize learned its limit of 1000000 identifiers (${String(anon.unlearned)} more not learned): ` +
        'every digit-only field value is written as its token\n',
    );
  }
  return errors.size > 0 ? EXIT.ERROR : EXIT.OK;
}
