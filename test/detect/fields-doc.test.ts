/** docs/fields.md (shipped; rule errors point at it) is the generated reference of the field catalogue. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fieldsMarkdown } from '../../src/detect/fields-doc.js';
import { fieldPaths } from '../../src/events/fields.js';
import { PREDICATES } from '../../src/detect/predicates.js';
import { REPO_ROOT } from '../support/corpus.js';

describe('docs/fields.md', () => {
  it('is up to date with src/events/fields.ts (run `npm run docs` after changing the catalogue)', () => {
    expect(readFileSync(join(REPO_ROOT, 'docs', 'fields.md'), 'utf8')).toBe(fieldsMarkdown());
  });

  it('lists every field and documents every predicate', () => {
    const md = fieldsMarkdown();
    for (const p of fieldPaths()) expect(md).toContain(`| \`${p}\` |`);
    for (const k of Object.keys(PREDICATES)) expect(md).toMatch(new RegExp(`\\| \`${k}\` \\| \\S`));
  });

  it('is shipped in the package (package.json files)', () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { files: string[] };
    expect(pkg.files).toContain('docs');
  });
});
