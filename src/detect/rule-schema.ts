/**
 * Rule file schema (one rule per YAML file). The structure is checked here; selection keys
 * (fields, modifiers, predicates) and the condition expression are checked by the compiler,
 * which knows the field catalogue and reports the same file/path/line details.
 *
 *   id, rev, title, description, level, tags, references, falsepositives
 *   scope:      {protocol: map | diameter | [..], operations: [22, provideSubscriberLocation],
 *                commands: [IDR, {app: 16777255, cmd: 8388620}], messages: request | answer | any}
 *   detection:  named selections (a map: every entry must hold; a list of maps: any map holds),
 *               then either `condition: "sel and not other"` (optionally with
 *               `distinct: {count, window}`) or `sequence: {first, then, within, different}`.
 *   threshold:  optional {track, type, count, window} (detect/threshold.ts; a profile's
 *               `thresholds.rules.<id>` replaces it).
 *   learn:      optional `true`: a match does not keep the message out of the subscriber state.
 */
import { z } from 'zod';
import { thresholdSchema } from './threshold.js';
import type { YamlSource } from './yaml-source.js';

export const LEVELS = ['info', 'low', 'medium', 'high', 'critical'] as const;
export type Level = (typeof LEVELS)[number];

const ruleId = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'rule id must be kebab-case');
const intOrTemplate = z.union([z.number().int().positive(), z.string().regex(/^\$\{thresholds\.[a-z0-9_.]+\}$/)]);
const durationOrTemplate = z.union([z.number().nonnegative(), z.string().min(1)]);

const commandRefSchema = z.union([
  z.string().min(1),
  z.number().int().nonnegative(),
  z.strictObject({ app: z.number().int().nonnegative(), cmd: z.number().int().nonnegative() }),
]);

export const scopeSchema = z.strictObject({
  protocol: z.union([z.enum(['map', 'tcap', 'diameter']), z.array(z.enum(['map', 'tcap', 'diameter'])).min(1)]),
  /** MAP/TCAP operation codes or TS 29.002 names; omitted: every operation of the protocol. */
  operations: z
    .array(z.union([z.number().int().nonnegative(), z.string().min(1)]))
    .min(1)
    .optional(),
  /** Diameter commands: abbreviations (ULR, IDR, PLR ...), codes, or {app, cmd}; omitted: all. */
  commands: z.array(commandRefSchema).min(1).optional(),
  /** MAP invoke / Diameter request (default), results / answers, or both. */
  messages: z.enum(['request', 'answer', 'any']).default('request'),
});

const selectionMap = z.record(z.string(), z.unknown());
const selectionSchema = z.union([selectionMap, z.array(selectionMap).min(1)]);

const detectionSchema = z
  .looseObject({
    condition: z.string().min(1).optional(),
    distinct: z.strictObject({ count: intOrTemplate, window: durationOrTemplate }).optional(),
    sequence: z
      .strictObject({
        first: z.string().min(1),
        // biome-ignore lint/suspicious/noThenProperty: `sequence.then` is a key of the rule YAML contract; a rule object is never awaited.
        then: z.string().min(1),
        within: durationOrTemplate,
        /** The second step must come from a network other than the first step's. */
        different: z.boolean().default(true),
      })
      .optional(),
  })
  .superRefine((d, ctx) => {
    if ((d.condition === undefined) === (d.sequence === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'detection needs exactly one of `condition` or `sequence`' });
    }
    if (d.distinct !== undefined && d.sequence !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['distinct'], message: '`distinct` combines with `condition`, not `sequence`' });
    }
    for (const [k, v] of Object.entries(d)) {
      if (k === 'condition' || k === 'distinct' || k === 'sequence') continue;
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(k)) ctx.addIssue({ code: 'custom', path: [k], message: `selection name "${k}" must be an identifier` });
      else if (!selectionSchema.safeParse(v).success)
        ctx.addIssue({ code: 'custom', path: [k], message: 'a selection is a map of field: value, or a list of such maps' });
    }
  });

export const ruleSchema = z.strictObject({
  id: ruleId,
  rev: z.number().int().positive(),
  title: z.string().min(1),
  description: z.string().default(''),
  level: z.enum(LEVELS),
  tags: z.array(z.string().min(1)).default([]),
  references: z.array(z.string()).default([]),
  falsepositives: z.array(z.string()).default([]),
  scope: scopeSchema,
  detection: detectionSchema,
  threshold: thresholdSchema.optional(),
  /**
   * The subscriber state learns from a message this rule matches as from an unmatched one (a
   * policy alert, not a sign of forgery: a registration stays a claim the home network's answer
   * decides). Absent: a match above `info` keeps the message out of the state (detect/engine.ts).
   */
  learn: z.literal(true).optional(),
});

export type RuleScope = z.output<typeof scopeSchema>;

/** A validated rule file. `source` (when loaded from YAML) lets the compiler report lines. */
export type RuleDef = z.output<typeof ruleSchema> & { source?: YamlSource };
