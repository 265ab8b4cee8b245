/**
 * Argument-level golden files: `NAME.args.jsonl`, one line per golden line (same frame, index,
 * proto; same component order), written by ../shared/tools/golden_args.py, whose docstring
 * documents every key, its tshark field and its value kind.
 */
import { parseJsonLines } from './golden.js';

/** One MAP component: golden.py's type and opcode, and the argument/result keys tshark showed. */
interface GoldenArgsComponent {
  type: string;
  opcode: number | null;
  args: Record<string, unknown>;
}

/** One Diameter AVP, depth-first in document order (children after their grouped parent). */
export interface GoldenAvp {
  code: number | null;
  vendor: number;
  depth: number;
  /** null for grouped AVPs (and malformed ones); otherwise as tshark typed it (see golden_args.py). */
  value: string | number | null;
}

export interface GoldenArgsTcap {
  frame: number;
  index: number;
  proto: 'tcap';
  components: GoldenArgsComponent[];
}

export interface GoldenArgsDiameter {
  frame: number;
  index: number;
  proto: 'diameter';
  avps: GoldenAvp[];
}

export type GoldenArgsLine = GoldenArgsTcap | GoldenArgsDiameter;

export const parseGoldenArgs = (text: string): GoldenArgsLine[] => parseJsonLines<GoldenArgsLine>(text);
