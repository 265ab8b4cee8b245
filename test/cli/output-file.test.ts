import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OutputFile } from '../../src/cli/output-file.js';

describe('OutputFile', () => {
  it('commits text given in pieces (--state-out, a record at a time) as the joined text', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sigwatch-output-file-'));
    // UTF-8 of 1-3 bytes per unit, and a piece larger than the 1 MiB write buffer.
    const pieces = ['{"a":[', 'é€'.repeat(200_000), ',', 'x'.repeat(2 * 1024 * 1024), ']}\n'];
    const f = OutputFile.open(join(dir, 'state.json'), 'state');
    f.commit(pieces);
    expect(readFileSync(join(dir, 'state.json'), 'utf8')).toBe(pieces.join(''));
  });
});
