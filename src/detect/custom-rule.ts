/**
 * Custom rules written in TypeScript through the API. Same scope, index and alert contract as
 * YAML rules; `match` is a synchronous function over the event and the shared context (origin,
 * subscriber state, profile networks), returning true or {explanation} to alert.
 */
import { ErrorCode } from '../core/errors.js';
import { fn } from '../core/options.js';
import type { SignallingEvent } from '../events/types.js';
import { compileScope, type CompiledRule } from './compiler.js';
import type { MatchContext } from './context.js';
import { ruleSchema, type Level } from './rule-schema.js';
import type { scopeSchema } from './rule-schema.js';
import { z } from 'zod';
import { issueError } from './zod-issue.js';

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

/**
 * A custom rule is checked as a rule file is (rule-schema.ts: kebab-case id, positive integer
 * rev, non-empty title, a level of LEVELS, non-empty tags, known keys only): its fields reach the
 * alerts and the HTML report as a rule file's do, and a JavaScript caller is not held to the types.
 */
const customRuleSchema = z.strictObject({
  id: ruleSchema.shape.id,
  rev: ruleSchema.shape.rev,
  title: ruleSchema.shape.title,
  level: ruleSchema.shape.level,
  tags: z.array(z.string().min(1)).optional(),
  description: z.string().optional(),
  scope: ruleSchema.shape.scope,
  match: fn,
});

/** Compiled custom rule: `test` stores the explanation a match returned in `ctx.customExplanation`. */
export function compileCustomRule(rule: CustomRule): CompiledRule {
  const id: unknown = (rule as Partial<CustomRule> | null | undefined)?.id;
  const file = `(custom rule ${typeof id === 'string' ? id : '?'})`;
  const parsed = customRuleSchema.safeParse(rule);
  if (!parsed.success) throw issueError(ErrorCode.BAD_RULE, parsed.error, undefined, file, customRuleSchema);
  const r = parsed.data;
  const match = r.match as CustomMatch;
  return {
    id: r.id,
    rev: r.rev,
    title: r.title,
    level: r.level,
    tags: r.tags ?? [],
    description: r.description ?? '',
    references: [],
    falsepositives: [],
    scope: compileScope(r.scope, file),
    test: (ctx) => {
      const m = match(ctx.ev, ctx);
      if (typeof m === 'object') {
        ctx.customExplanation = m.explanation;
        return true;
      }
      return m;
    },
  };
}
