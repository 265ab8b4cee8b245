// Writes rules/pack.json, the default rule pack as validated now (api/default-rules.ts): run
// `npm run rules:pack` after changing a file in rules/. test/api/default-pack.test.ts fails
// while the pack differs from the files.
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { DEFAULT_RULES_DIR, PACK_NAME } from '../dist/api/default-rules.js';
import { loadRules } from '../dist/detect/rule-loader.js';

const pack = loadRules(DEFAULT_RULES_DIR).map((rule) => ({ name: basename(rule.source.file), text: readFileSync(rule.source.file, 'utf8'), rule }));
const file = join(DEFAULT_RULES_DIR, PACK_NAME);
writeFileSync(file, `${JSON.stringify(pack, null, 1)}\n`);
console.log(`${file}: ${pack.length} rules`);
