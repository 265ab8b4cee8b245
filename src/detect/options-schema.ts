/** Run-time schema of {@link DetectorOptions} (core/options.ts checks it in the constructor). */
import { z } from 'zod';
import { attributorLike, fn, limits, obj } from '../core/options.js';

export const detectorOptionsSchema = z.strictObject({
  rules: z.array(obj),
  profile: obj.optional(),
  attributor: attributorLike.optional(),
  limits: limits.optional(),
  onAlert: fn,
  explicitEvidence: z.boolean().optional(),
  eventInCallback: z.boolean().optional(),
  explanationInCallback: z.boolean().optional(),
  customRules: z.array(obj).optional(),
  onAnomaly: fn.optional(),
});
