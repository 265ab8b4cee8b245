/**
 * The default rule pack shipped in `rules/` at the package root (beside `dist/` and `src/`, so
 * the same relative path works from compiled and source modules).
 */
import { fileURLToPath } from 'node:url';
import { loadRules } from '../detect/rule-loader.js';
import type { RuleDef } from '../detect/rule-schema.js';

/** Absolute path of the shipped rule directory. */
export const DEFAULT_RULES_DIR: string = fileURLToPath(new URL('../../rules', import.meta.url));

/** The shipped rules (ARCHITECTURE.md §6 stable ids), loaded fresh on each call. */
export function loadDefaultRules(): RuleDef[] {
  return loadRules(DEFAULT_RULES_DIR);
}
