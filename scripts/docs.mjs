// Writes docs/fields.md from the built field catalogue (`npm run docs` builds first).
import { writeFileSync } from 'node:fs';
import { fieldsMarkdown } from '../dist/detect/fields-doc.js';

writeFileSync(new URL('../docs/fields.md', import.meta.url), fieldsMarkdown());
console.log('docs/fields.md written');
