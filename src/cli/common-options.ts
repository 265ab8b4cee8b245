/** Decoder options shared by `scan` and `decode`. */
import { SigwatchError, ErrorCode } from '../core/errors.js';
import { didYouMean, singleQuoted } from '../core/suggest.js';
import type { DecodeOptions } from '../api/decode.js';
import type { Mtp3Variant } from '../ss7/types.js';
import { DEFAULT_DIAMETER_PORTS } from '../transport/types.js';

export const COMMON_OPTIONS = {
  'diameter-ports': { type: 'string' },
  mtp3: { type: 'string' },
} as const;

export function parseCommonOptions(values: { 'diameter-ports'?: string | undefined; mtp3?: string | undefined }): DecodeOptions {
  const opts: DecodeOptions = {};
  if (values['diameter-ports'] !== undefined) {
    const ports = values['diameter-ports'].split(',').map((p) => Number(p.trim()));
    if (ports.some((p) => !Number.isInteger(p) || p <= 0 || p > 65535)) {
      throw new SigwatchError(ErrorCode.BAD_OPTION, `--diameter-ports: expected a comma-separated list of ports, got '${values['diameter-ports']}'`);
    }
    opts.diameterPorts = [...new Set([...DEFAULT_DIAMETER_PORTS, ...ports])];
  }
  if (values.mtp3 !== undefined) {
    const v = values.mtp3.toLowerCase();
    if (v !== 'itu' && v !== 'ansi' && v !== 'japan')
      throw new SigwatchError(
        ErrorCode.BAD_OPTION,
        `--mtp3: expected itu, ansi or japan, got '${values.mtp3}'${didYouMean(v, ['itu', 'ansi', 'japan'], singleQuoted)}`,
      );
    opts.mtp3 = v as Mtp3Variant;
  }
  return opts;
}
