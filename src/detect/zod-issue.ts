/** Turns the first zod issue into a SigwatchError naming file, document path and line. */
import type { z } from 'zod';
import { SigwatchError, type ErrorCode } from '../core/errors.js';
import { dotted, type YamlSource } from './yaml-source.js';

export function issueError(code: ErrorCode, err: z.ZodError, src: YamlSource | undefined, file: string): SigwatchError {
  const issue = err.issues[0];
  const path = issue ? issue.path : [];
  const where = dotted(path);
  const line = src?.lineOf(path);
  const msg = `${file}${line === undefined ? '' : `:${line}`}: ${where || '(document)'}: ${issue?.message ?? 'invalid'}`;
  const ctx = line === undefined ? { file, path: where } : { file, path: where, line };
  return new SigwatchError(code, msg, ctx);
}
