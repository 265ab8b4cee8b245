/**
 * YAML parsing that keeps source positions, so configuration errors (rules, profiles) can name
 * the file, the path inside the document and the line.
 *
 * Hostile files (issue 16) end in the same kind of error: larger than {@link YAML_MAX_BYTES}
 * (refused before reading, or while reading a device or FIFO whose size `stat` does not know), nested deeper than {@link YAML_MAX_DEPTH} (found by a linear
 * pre-scan, before the recursive composer could exhaust V8's stack), or expanding more than
 * {@link YAML_MAX_ALIASES} aliases (billion laughs; the line of the first alias is named).
 */
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';
import { SigwatchError, type ErrorCode } from '../core/errors.js';
import { readFileCapped } from '../core/read-capped.js';

/** Largest rule or profile file (a profile with a few thousand imported networks is < 2 MiB). */
export const YAML_MAX_BYTES = 8 * 1024 * 1024;
/** Deepest nesting of collections (the shipped rules and profiles use ≤ 5). */
export const YAML_MAX_DEPTH = 64;
/** Alias expansions allowed while building the value (the yaml package's own default). */
const YAML_MAX_ALIASES = 100;

export interface YamlSource {
  readonly file: string;
  readonly value: unknown;
  /** 1-based line of the node at `path` (or of its nearest existing ancestor). */
  lineOf(path: readonly PropertyKey[]): number | undefined;
}

export function readYaml(file: string, code: ErrorCode): YamlSource {
  let text: string;
  try {
    const size = statSync(file).size;
    if (size > YAML_MAX_BYTES) throw new SigwatchError(code, `${file}:1: larger than ${YAML_MAX_BYTES} bytes (${size})`, { file, line: 1 });
    // A device or FIFO says 0 bytes: the cap is counted while reading (core/read-capped.ts).
    const read = readFileCapped(file, YAML_MAX_BYTES);
    if (typeof read !== 'string')
      throw new SigwatchError(code, `${file}:1: larger than ${YAML_MAX_BYTES} bytes (read ${read.tooBig} before stopping)`, { file, line: 1 });
    text = read;
  } catch (e) {
    if (e instanceof SigwatchError) throw e;
    throw new SigwatchError(code, `cannot read ${file}: ${(e as Error).message}`, { file }, { cause: e });
  }
  return parseYaml(text, file, code);
}

export function parseYaml(text: string, file: string, code: ErrorCode): YamlSource {
  const bad = (line: number, message: string): never => {
    throw new SigwatchError(code, `${file}:${line}: ${message}`, { file, line });
  };
  if (text.length > YAML_MAX_BYTES) bad(1, `larger than ${YAML_MAX_BYTES} bytes (${text.length})`);
  const deep = tooDeepLine(text, YAML_MAX_DEPTH);
  if (deep !== undefined) bad(deep, `nested deeper than ${YAML_MAX_DEPTH} levels`);
  // Loaded at the first file parsed (~30 ms of start-up CPU, bench/results-notes.md "startup"): a
  // scan with the shipped pack and no profile file parses none. Its `node` export is CommonJS, the
  // one module an `import` would load too.
  const { LineCounter, parseDocument, isNode, visit } = createRequire(import.meta.url)('yaml') as typeof Yaml;
  const lc = new LineCounter();
  let doc: Yaml.Document.Parsed;
  try {
    doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  } catch (e) {
    // The pre-scan is conservative, but the parser recurses: never let a RangeError escape.
    if (e instanceof RangeError) bad(1, `nested deeper than the YAML parser can follow (${e.message})`);
    throw e;
  }
  const err = doc.errors[0];
  if (err) {
    const line = lc.linePos(err.pos[0]).line;
    throw new SigwatchError(code, `${file}:${line}: YAML syntax: ${err.message}`, { file, line });
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: YAML_MAX_ALIASES }) as unknown;
  } catch (e) {
    if (!(e instanceof ReferenceError || e instanceof RangeError)) throw e;
    let line = 1;
    visit(doc, {
      Alias(_k, node) {
        if (node.range) line = lc.linePos(node.range[0]).line;
        return visit.BREAK;
      },
    });
    const why =
      e instanceof RangeError ? 'nested deeper than the YAML parser can follow' : `aliases expand to more than ${YAML_MAX_ALIASES} copies (alias bomb?)`;
    bad(line, `${why}: ${(e as Error).message}`);
  }
  return {
    file,
    value,
    lineOf(path) {
      for (let n = path.length; n >= 0; n--) {
        const node: unknown = doc.getIn(path.slice(0, n) as unknown[], true);
        if (isNode(node) && node.range) return lc.linePos(node.range[0]).line;
      }
      return undefined;
    },
  };
}

/**
 * The source of `text`, already known to be valid YAML (a file of the compiled default pack,
 * api/default-rules.ts), parsed only when its value or a line is asked for (a compile error).
 */
export function lazyYaml(file: string, text: string, code: ErrorCode): YamlSource {
  let src: YamlSource | undefined;
  const parsed = (): YamlSource => (src ??= parseYaml(text, file, code));
  return {
    file,
    get value(): unknown {
      return parsed().value;
    },
    lineOf: (path) => parsed().lineOf(path),
  };
}

/** Dotted form of a document path (`detection.selection.args.vlrNumber`). */
export function dotted(path: readonly PropertyKey[]): string {
  return path.map(String).join('.');
}

/**
 * First line where collections nest deeper than `max`, or undefined. One linear pass: block
 * nesting from indentation (a stack of indents) plus `- ` / `? ` entries opened on the same line,
 * flow nesting from `[` `{` outside quotes and comments. Over-approximates (a key and its
 * indented value count as two levels), which only matters past `max`.
 */
function tooDeepLine(text: string, max: number): number | undefined {
  const indents: number[] = [];
  let flow = 0;
  let line = 1;
  let i = 0;
  const n = text.length;
  while (i < n) {
    // Start of a line: its indentation (block context only).
    let indent = 0;
    while (i < n && text.charCodeAt(i) === 32) {
      indent++;
      i++;
    }
    const c0 = text[i];
    const blank = i >= n || c0 === '\n' || c0 === '\r' || c0 === '#';
    let depth = 0;
    if (!blank && flow === 0) {
      while (indents.length > 0 && indents[indents.length - 1]! >= indent) indents.pop();
      indents.push(indent);
      // `- - - x`: each entry indicator opens one more level on this line.
      while (i + 1 < n && (text[i] === '-' || text[i] === '?') && text[i + 1] === ' ') {
        depth++;
        i += 2;
        while (i < n && text.charCodeAt(i) === 32) i++;
      }
      if (indents.length + depth > max) return line;
    }
    // Rest of the line: flow brackets outside quotes.
    let quote = '';
    while (i < n && text[i] !== '\n') {
      const c = text[i]!;
      if (quote !== '') {
        if (c === '\\' && quote === '"') i++;
        else if (c === quote) quote = '';
      } else if (c === '"' || c === "'") quote = c;
      else if (c === '#' && (i === 0 || text[i - 1] === ' ')) {
        while (i < n && text[i] !== '\n') i++;
        break;
      } else if (c === '[' || c === '{') {
        if (++flow + indents.length + depth > max) return line;
      } else if ((c === ']' || c === '}') && flow > 0) flow--;
      i++;
    }
    i++;
    line++;
  }
  return undefined;
}
