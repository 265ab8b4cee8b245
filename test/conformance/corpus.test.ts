/**
 * Conformance against tshark on the public corpus (ARCHITECTURE.md §7). Every golden line must
 * agree, or its disagreement must be listed with a reason in EXCEPTIONS.md.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseExceptions } from '../../src/conformance/exceptions.js';
import { formatArgsFileLine, formatArgsSummaryLine, formatFileLine, runConformance } from '../../src/conformance/run.js';
import { CORPUS_DIR, CORPUS_SKIP_REASON, HAS_CORPUS, REPO_ROOT } from '../support/corpus.js';

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
    const argsUnexplained = summary.files.filter((f) => (f.args?.unexplained.length ?? 0) > 0).map((f) => formatArgsFileLine(f, 5));
    expect(argsUnexplained).toEqual([]);
    expect(formatArgsSummaryLine(summary)).toMatch(/^conformance args: \d+\/\d+ fields agree \(\d+(\.\d+)?%\) over \d+ files$/);
  });
});
