/** Location of the public capture corpus (../shared/corpus/public beside the repository). */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const CORPUS_DIR = resolve(REPO_ROOT, '..', 'shared', 'corpus', 'public');
export const HAS_CORPUS = existsSync(CORPUS_DIR);
/** Shown as the test title when the corpus is absent, so the skip is visible. */
export const CORPUS_SKIP_REASON = `skipped: public corpus not found at ${CORPUS_DIR}`;
