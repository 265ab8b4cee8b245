/**
 * Conformance against tshark on the public corpus (ARCHITECTURE.md §7). Every golden line must
 * agree, or its disagreement must be listed with a reason in EXCEPTIONS.md.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseExceptions } from '../../src/conformance/exceptions.js';
import { formatArgsFileLine, formatArgsSummaryLine, formatFileLine, runConformance } from '../../src/conformance/run.js';
import { CORPUS_DIR, CORPUS_SKIP_REASON, HAS_CORPUS, REPO_ROOT } from '../support/corpus.js';
import { buildOnce } from '../cli/run-cli.js';

const exceptions = parseExceptions(readFileSync(join(REPO_ROOT, 'test/conformance/EXCEPTIONS.md'), 'utf8'));

const title = 'conformance with tshark golden files' + (HAS_CORPUS ? '' : ` (${CORPUS_SKIP_REASON})`);

describe.skipIf(!HAS_CORPUS)(title, () => {
  it('every golden tcap and diameter line agrees or is a documented exception', async () => {
    const summary = await runConformance(CORPUS_DIR, { exceptions });
    expect(summary.files.length).toBeGreaterThan(50);
    const unexplained = summary.files.filter((f) => f.unexplained.length > 0 || f.error).map((f) => formatFileLine(f, 5));
    expect(unexplained).toEqual([]);
    // Argument level: every file has its NAME.args.jsonl, every field agrees or is excepted.
    expect(summary.args.files).toBe(summary.files.length);
    expect(summary.args.fields).toBeGreaterThan(70_000);
    // Issue 18 acceptance: ≥ 99.9 % of the fields agree (exceptions count as disagreements here).
    expect(summary.args.agree / summary.args.fields).toBeGreaterThanOrEqual(0.999);
    const argsUnexplained = summary.files.filter((f) => (f.args?.unexplained.length ?? 0) > 0).map((f) => formatArgsFileLine(f, 5));
    expect(argsUnexplained).toEqual([]);
    expect(formatArgsSummaryLine(summary)).toMatch(/^conformance args: \d+\/\d+ fields agree \(\d+(\.\d+)?%\) over \d+ files$/);
  });

  it('npm run conformance ends with the header line, then exactly one args line', () => {
    buildOnce();
    const out = execFileSync(
      process.execPath,
      [join(REPO_ROOT, 'dist/cli/conformance.js'), CORPUS_DIR, '--filter', '^(bromelia|vely_18328|open5gs_nonipsec_reg)', '--all'],
      {
        cwd: REPO_ROOT,
        encoding: 'utf8',
      },
    );
    const lines = out.trimEnd().split('\n');
    expect(lines.at(-2)).toMatch(/^conformance: \d+\/\d+ golden lines agree \(.*%\) over 3 files$/);
    expect(lines.at(-1)).toMatch(/^conformance args: \d+\/\d+ fields agree \(.*%\) over 3 files$/);
    // Vendor 193 (Ericsson SCAPv2) typed from its public definition: every field of the SCAP CCRs agrees.
    expect(out).toContain('vely_18328-ccr.pcap: 14/14 agree (100%)\n  args: 228/228 fields agree (100%)\n');
    expect(out).toContain('  args: 221/223 fields agree (99.10%), 2 excepted');
  });
});
