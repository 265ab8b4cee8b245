#!/usr/bin/env node
/**
 * `npm run conformance -- DIR [--exceptions FILE] [--filter REGEX] [--all]`
 * One line per file with its agreement and first disagreements (and its argument-level line
 * when it has disagreements there), then the closing header line and the closing args line.
 */
import { existsSync, readFileSync } from 'node:fs';
import { parseExceptions } from '../conformance/exceptions.js';
import { escapeControls } from '../report/safe-text.js';
import { formatArgsFileLine, formatArgsSummaryLine, formatFileLine, formatSummaryLine, percent, runConformance } from '../conformance/run.js';

async function main(argv: string[]): Promise<number> {
  const dir = argv.find((a, i) => !a.startsWith('--') && (i === 0 || !['--exceptions', '--filter'].includes(argv[i - 1]!)));
  if (!dir || !existsSync(dir)) {
    process.stderr.write(`usage: conformance DIR [--exceptions FILE] [--filter REGEX] [--all]\n${dir ? `no such directory: ${dir}\n` : ''}`);
    return 2;
  }
  const exIdx = argv.indexOf('--exceptions');
  const exFile = exIdx >= 0 ? argv[exIdx + 1] : 'test/conformance/EXCEPTIONS.md';
  const exceptions = exFile && existsSync(exFile) ? parseExceptions(readFileSync(exFile, 'utf8')) : [];
  const fIdx = argv.indexOf('--filter');
  const filter = fIdx >= 0 && argv[fIdx + 1] ? new RegExp(argv[fIdx + 1]!) : undefined;
  const summary = await runConformance(dir, filter ? { exceptions, filter } : { exceptions });
  const maxShown = argv.includes('--all') ? Infinity : 3;
  // Disagreements quote decoded capture strings: every control shown as an escape (line by line).
  const print = (text: string): boolean => process.stdout.write(text.split('\n').map(escapeControls).join('\n') + '\n');
  for (const r of summary.files) {
    print(formatFileLine(r, maxShown));
    // Argument level (NAME.args.jsonl): the file's first disagreements, under its header line.
    const args = formatArgsFileLine(r, maxShown);
    if (args !== undefined && (r.args!.unexplained.length > 0 || argv.includes('--all'))) print(args);
  }
  const t = summary.byProto.tcap;
  const d = summary.byProto.diameter;
  process.stdout.write(`tcap: ${t.agree}/${t.total} (${percent(t.agree, t.total)}%), diameter: ${d.agree}/${d.total} (${percent(d.agree, d.total)}%)\n`);
  process.stdout.write(formatSummaryLine(summary) + '\n');
  process.stdout.write(formatArgsSummaryLine(summary) + '\n');
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`conformance: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
