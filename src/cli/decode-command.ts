/** `sigwatch decode <capture...|-> [--filter PROTO[:OP,...]] [--diameter-ports P,..] [--mtp3 itu|ansi|japan]` */
import { parseArgs } from 'node:util';
import { decodeBatches } from '../api/decode.js';
import { toJsonEvent } from '../events/json.js';
import type { SignallingEvent } from '../events/types.js';
import { Anonymizer } from '../report/anonymize.js';
import { parseCommonOptions, COMMON_OPTIONS } from './common-options.js';
import { writeLines } from './output.js';
import { isSigwatchError } from '../core/errors.js';
import { escapeControls } from '../report/safe-text.js';

const HELP = `usage: sigwatch decode <capture...|-> [options]

Prints one JSON line per TCAP component or Diameter message (event contract, README "Events").

options:
  --filter SPEC          keep events matching SPEC: a protocol (map, tcap, diameter), optionally
                         with operations: map:22,83  diameter:316,ULR  map:sendRoutingInfo
  --diameter-ports LIST  TCP/SCTP ports carrying Diameter (default 3868)
  --mtp3 VARIANT         itu (default), ansi or japan routing labels
  --anonymize SALT       replace every IMSI/MSISDN by a salted SHA-256 token
`;

export async function runDecode(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { ...COMMON_OPTIONS, anonymize: { type: 'string' }, filter: { type: 'string', multiple: true }, help: { type: 'boolean' } },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (positionals.length === 0) {
    process.stderr.write(`sigwatch decode: no capture given\n${HELP}`);
    return 2;
  }
  const opts = parseCommonOptions(values);
  const keep = buildFilter(values.filter ?? []);
  const anon = values.anonymize === undefined ? undefined : new Anonymizer(values.anonymize);
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
          if (keep(ev)) lines.push(JSON.stringify(anon === undefined ? toJsonEvent(ev) : anon.value(toJsonEvent(ev))));
        }
        if (lines.length > 0) await writeLines(process.stdout, lines);
      }
    } catch (e) {
      report(input, e);
    }
  }
  return errors.size > 0 ? 1 : 0;
}

/** `map:22,83` / `diameter:ULR,316` / `tcap` → predicate. */
function buildFilter(specs: string[]): (ev: SignallingEvent) => boolean {
  if (specs.length === 0) return () => true;
  const parsed = specs.map((s) => {
    const [proto, ops] = s.split(':', 2) as [string, string | undefined];
    return { proto: proto.toLowerCase(), ops: ops ? new Set(ops.split(',').map((o) => o.trim().toLowerCase())) : undefined };
  });
  return (ev) =>
    parsed.some((f) => {
      if (f.proto !== ev.protocol) return false;
      if (!f.ops) return true;
      if (ev.protocol === 'diameter') {
        const d = ev.diameter;
        return f.ops.has(String(d.cmd)) || (d.cmdAbbrev !== undefined && f.ops.has(d.cmdAbbrev.toLowerCase())) || (d.cmdName !== undefined && f.ops.has(d.cmdName.toLowerCase()));
      }
      const c = ev.component;
      return c !== undefined && ((c.opcode !== undefined && f.ops.has(String(c.opcode))) || (c.op !== undefined && f.ops.has(c.op.toLowerCase())));
    });
}
