/**
 * Turns zod issues into problems naming file, document path and line — every issue, not only the
 * first, with the closest valid key or value for a typo (`imsi_prefix` → `imsi_prefixes`).
 */
import type { z } from 'zod';
import { problemsError, type ErrorCode, type Problem, type SigwatchError } from '../core/errors.js';
import { didYouMean } from '../core/suggest.js';
import { keysAt } from '../core/zod-keys.js';
import { dotted, type YamlSource } from './yaml-source.js';

export function issueProblems(err: z.ZodError, src: YamlSource | undefined, file: string | undefined, schema?: z.ZodType): Problem[] {
  const out: Problem[] = [];
  for (const issue of err.issues) {
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [undefined];
    for (const key of keys) {
      const path = key === undefined ? issue.path : [...issue.path, key];
      let message = key === undefined ? issue.message : `unknown key "${key}"`;
      if (key !== undefined) {
        const known = schema === undefined ? [] : keysAt(schema, issue.path);
        message += didYouMean(key, known);
        if (known.length > 0 && !message.includes('did you mean')) message += ` (known: ${known.join(', ')})`;
      } else if (issue.code === 'invalid_value' && issue.input !== undefined) {
        message += didYouMean(String(issue.input), issue.values.map(String));
      }
      const p: Problem = { path: dotted(path) || '(document)', message };
      if (file !== undefined) p.file = file;
      const line = src?.lineOf(path);
      if (line !== undefined) p.line = line;
      out.push(p);
    }
  }
  return out;
}

export function issueError(code: ErrorCode, err: z.ZodError, src: YamlSource | undefined, file: string | undefined, schema?: z.ZodType): SigwatchError {
  return problemsError(code, issueProblems(err, src, file, schema));
}
