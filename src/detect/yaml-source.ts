/**
 * YAML parsing that keeps source positions, so configuration errors (rules, profiles) can name
 * the file, the path inside the document and the line.
 */
import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument, isNode } from 'yaml';
import { SigwatchError, type ErrorCode } from '../core/errors.js';

export interface YamlSource {
  readonly file: string;
  readonly value: unknown;
  /** 1-based line of the node at `path` (or of its nearest existing ancestor). */
  lineOf(path: readonly PropertyKey[]): number | undefined;
}

export function readYaml(file: string, code: ErrorCode): YamlSource {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new SigwatchError(code, `cannot read ${file}: ${(e as Error).message}`, { file }, { cause: e });
  }
  return parseYaml(text, file, code);
}

export function parseYaml(text: string, file: string, code: ErrorCode): YamlSource {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  const err = doc.errors[0];
  if (err) {
    const line = lc.linePos(err.pos[0]).line;
    throw new SigwatchError(code, `${file}:${line}: YAML syntax: ${err.message}`, { file, line });
  }
  return {
    file,
    value: doc.toJS() as unknown,
    lineOf(path) {
      for (let n = path.length; n >= 0; n--) {
        const node: unknown = doc.getIn(path.slice(0, n) as unknown[], true);
        if (isNode(node) && node.range) return lc.linePos(node.range[0]).line;
      }
      return undefined;
    },
  };
}

/** Dotted form of a document path (`detection.selection.args.vlrNumber`). */
export function dotted(path: readonly PropertyKey[]): string {
  return path.map(String).join('.');
}
