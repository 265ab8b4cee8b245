/**
 * Custom rules written in TypeScript through the API. Same scope, index and alert contract as
 * YAML rules; `match` is a synchronous function over the event and the shared context (origin,
 * subscriber state, profile networks), returning true or {explanation} to alert.
 */
import { ErrorCode, SigwatchError } from '../core/errors.js';
import type { SignallingEvent } from '../events/types.js';
import { compileScope, type CompiledRule } from './compiler.js';
import type { MatchContext } from './context.js';
import type { Level } from './rule-schema.js';
import { scopeSchema } from './rule-schema.js';
import type { z } from 'zod';

export type CustomMatch = (ev: SignallingEvent, ctx: MatchContext) => boolean | { explanation: string };

export interface CustomRule {
  id: string;
  rev: number;
  title: string;
  level: Level;
  tags?: string[];
  description?: string;
  /** As in rule files: {protocol, operations?, commands?, messages?}. */
  scope: z.input<typeof scopeSchema>;
  match: CustomMatch;
}

/** Compiled custom rule: `test` stores the explanation a match returned in `ctx.customExplanation`. */
export function compileCustomRule(rule: CustomRule): CompiledRule {
  const file = `(custom rule ${rule.id})`;
  const parsed = scopeSchema.safeParse(rule.scope);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = ['scope', ...(issue?.path ?? [])].map(String).join('.');
    throw new SigwatchError(ErrorCode.BAD_RULE, `${file}: ${path}: ${issue?.message ?? 'invalid'}`, { file, path });
  }
  const match = rule.match;
  return {
    id: rule.id,
    rev: rule.rev,
    title: rule.title,
    level: rule.level,
    tags: rule.tags ?? [],
    description: rule.description ?? '',
    references: [],
    falsepositives: [],
    scope: compileScope(parsed.data, file),
    test: (ctx) => {
      const r = match(ctx.ev, ctx);
      if (typeof r === 'object') {
        ctx.customExplanation = r.explanation;
        return true;
      }
      return r;
    },
  };
}
