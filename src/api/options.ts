/**
 * Schemas of the library's options. Run-time validation of the library's options (zod), at every entry point: a JavaScript caller
 * or a typo that TypeScript cannot see (`{ warmupEvnts: 3 }`, `{ mtp3: 'china' }`) is an
 * ERR_BAD_OPTION naming the option and the closest valid name, as the CLI does for flags.
 * Validation runs once per call (not per chunk or event), so it costs nothing on the hot path, and
 * once per entry point: options the library derives from checked ones are marked `checked` (core/options.ts).
 */
import { z } from 'zod';
import { attributorLike, checked, checkOptions, fn, limits, loggerLike, networkEntry, obj } from '../core/options.js';

export { checked, checkOptions };

const port = z.number().int().min(1).max(65535);

const decodeShape = {
  limits: limits.optional(),
  diameterPorts: z.array(port).optional(),
  mtp3: z.enum(['itu', 'ansi', 'japan']).optional(),
  source: z.string().optional(),
  onAnomaly: fn.optional(),
  diameterAvpTree: z.boolean().optional(),
  smsContent: z.boolean().optional(),
};

/** `decode`, `decodeFile`, `decodeBatches`, `createDecodeStream`. */
export const decodeOptionsSchema = z.strictObject(decodeShape);
/** `new Decoder(...)`. */
export const decoderOptionsSchema = z
  .strictObject({ ...decodeShape, onEvent: fn.optional(), onRecord: fn.optional() })
  .refine((o) => o.onEvent !== undefined || o.onRecord !== undefined, { message: 'onEvent or onRecord is required', path: ['onEvent'] });

const scanShape = {
  ...decodeShape,
  profile: z.union([z.string(), obj]).optional(),
  rules: z.array(obj).optional(),
  customRules: z.array(obj).optional(),
  attributor: attributorLike.optional(),
  networks: z.array(networkEntry).optional(),
  stateIn: z.union([z.string(), obj]).optional(),
  logger: loggerLike.optional(),
  inferHome: z.boolean().optional(),
  warmupEvents: z.number().int().positive().optional(),
};
/** `scan`, `inferHome`, `createScanStream` (which also takes `source`). */
export const scanOptionsSchema = z.strictObject(scanShape);
/** `createScanStream`. */
export const scanStreamOptionsSchema = z.strictObject({ ...scanShape, source: z.string().optional() });
/** `new Scanner(...)`. */
export const scannerOptionsSchema = z.strictObject({
  ...scanShape,
  onAlert: fn,
  onEvent: fn.optional(),
  onRecord: fn.optional(),
  inferred: obj.optional(),
  detectFilter: fn.optional(),
  explicitEvidence: z.boolean().optional(),
  eventInCallback: z.boolean().optional(),
  explanationInCallback: z.boolean().optional(),
});
/** `new LayerDecoder(...)`. */
export const layerOptionsSchema = z.strictObject({ limits: limits.optional(), mtp3: decodeShape.mtp3, onAnomaly: fn.optional() });

/** `decodeM3uaEvents`, `decodeSccpEvents`, `decodeTcapEvents`, `decodeDiameterEvents`: the decoder's options plus the PDU's frame, time and SCCP part. */
export const pduOptionsSchema = z.strictObject({
  ...layerOptionsSchema.shape,
  frame: z.number().int().positive().optional(),
  tsSec: z.number().optional(),
  tsNsec: z.number().optional(),
  sccp: obj.optional(),
});
