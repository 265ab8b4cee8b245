/**
 * The README's "Building test traffic (sigwatch/encode)" example runs as written against the
 * built package (self-reference through package.json "exports"), and decodes to the operation,
 * calling GT and subscriber it built.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildOnce } from '../cli/run-cli.js';
import { REPO_ROOT } from '../support/corpus.js';

describe('README: Building test traffic (sigwatch/encode)', () => {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const block = /## Building test traffic \(sigwatch\/encode\)[\s\S]*?```js\n([\s\S]*?)```/.exec(readme)?.[1];

  it('the example runs as written and decodes what it built', () => {
    expect(block).toBeDefined();
    buildOnce();
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', block!], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(out.trim()).toBe('map anyTimeInterrogation 8613800000001 → 12025550123');
  });
});
