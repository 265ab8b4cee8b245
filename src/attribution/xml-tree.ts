/**
 * Minimal dependency-free XML reader for import files (IR.21): elements, attributes (ignored),
 * text, CDATA, comments, processing instructions and the five predefined entities plus numeric
 * character references. DOCTYPE declarations are refused (no entity expansion). Element names
 * are reduced to their local part (namespace prefixes dropped). Every element records its line.
 */

export interface XmlElement {
  name: string;
  line: number;
  children: XmlElement[];
  /** Concatenated direct text content, entity-decoded, trimmed. */
  text: string;
}

export class XmlSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(s: string, line: number): string {
  return s.replace(/&([^;&\s]*);|&/g, (m, ref: string | undefined) => {
    if (ref === undefined) throw new XmlSyntaxError('bare & in text', line);
    const named = ENTITIES[ref];
    if (named !== undefined) return named;
    const code = /^#x[0-9a-f]+$/i.test(ref) ? parseInt(ref.slice(2), 16) : /^#\d+$/.test(ref) ? Number(ref.slice(1)) : NaN;
    if (!(code >= 0 && code <= 0x10ffff)) throw new XmlSyntaxError(`unknown entity ${m}`, line);
    return String.fromCodePoint(code);
  });
}

const NAME = /^[A-Za-z_][\w.:-]*/;
/** Nesting limit: IR.21 documents are about 10 deep; deeper input is refused, not recursed into. */
const MAX_XML_DEPTH = 64;

/** Parses a whole document into its root element. Throws XmlSyntaxError with the line. */
export function parseXml(src: string): XmlElement {
  let pos = 0;
  let line = 1;
  const stack: XmlElement[] = [];
  const texts: string[][] = [];
  let root: XmlElement | undefined;
  const advance = (to: number): void => {
    for (let i = pos; i < to; i++) if (src.charCodeAt(i) === 10) line++;
    pos = to;
  };
  const until = (marker: string, what: string): number => {
    const end = src.indexOf(marker, pos);
    if (end < 0) throw new XmlSyntaxError(`unterminated ${what}`, line);
    return end;
  };

  while (pos < src.length) {
    const lt = src.indexOf('<', pos);
    const textEnd = lt < 0 ? src.length : lt;
    if (textEnd > pos) {
      const raw = src.slice(pos, textEnd);
      const top = texts[texts.length - 1];
      if (top !== undefined) top.push(decode(raw, line));
      else if (raw.trim() !== '') throw new XmlSyntaxError('text outside the root element', line);
      advance(textEnd);
      if (lt < 0) break;
    }
    if (src.startsWith('<!--', pos)) advance(until('-->', 'comment') + 3);
    else if (src.startsWith('<?', pos)) advance(until('?>', 'processing instruction') + 2);
    else if (src.startsWith('<![CDATA[', pos)) {
      const end = until(']]>', 'CDATA section');
      const top = texts[texts.length - 1];
      if (top === undefined) throw new XmlSyntaxError('CDATA outside the root element', line);
      top.push(src.slice(pos + 9, end));
      advance(end + 3);
    } else if (src.startsWith('<!', pos)) {
      throw new XmlSyntaxError('DOCTYPE and declarations are not accepted', line);
    } else if (src.startsWith('</', pos)) {
      const end = until('>', 'end tag');
      const name = src.slice(pos + 2, end).trim();
      const open = stack.pop();
      const text = texts.pop();
      if (open === undefined || text === undefined) throw new XmlSyntaxError(`unexpected </${name}>`, line);
      if (localName(name) !== open.name) throw new XmlSyntaxError(`</${name}> closes <${open.name}> of line ${open.line}`, line);
      open.text = text.join('').trim();
      advance(end + 1);
    } else {
      const m = NAME.exec(src.slice(pos + 1, pos + 201));
      if (m === null) throw new XmlSyntaxError('bad tag name', line);
      const end = tagEnd(src, pos, line);
      const el: XmlElement = { name: localName(m[0]), line, children: [], text: '' };
      const parent = stack[stack.length - 1];
      if (parent !== undefined) parent.children.push(el);
      else if (root === undefined) root = el;
      else throw new XmlSyntaxError('second root element', line);
      if (src[end - 1] !== '/') {
        if (stack.length >= MAX_XML_DEPTH) throw new XmlSyntaxError(`nesting deeper than ${MAX_XML_DEPTH}`, line);
        stack.push(el);
        texts.push([]);
      }
      advance(end + 1);
    }
  }
  const open = stack[stack.length - 1];
  if (open !== undefined) throw new XmlSyntaxError(`<${open.name}> of line ${open.line} is never closed`, line);
  if (root === undefined) throw new XmlSyntaxError('no root element', line);
  return root;
}

/** Index of the '>' closing the tag at `start`, skipping quoted attribute values. */
function tagEnd(src: string, start: number, line: number): number {
  let quote = '';
  for (let i = start + 1; i < src.length; i++) {
    const c = src[i];
    if (quote !== '') {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '<') break;
    else if (c === '>') return i;
  }
  throw new XmlSyntaxError('unterminated start tag', line);
}

function localName(qname: string): string {
  const colon = qname.indexOf(':');
  return colon < 0 ? qname : qname.slice(colon + 1);
}

/** All descendants (depth-first, document order) whose local name is one of `names`. */
export function findAll(el: XmlElement, names: ReadonlySet<string>, out: XmlElement[] = []): XmlElement[] {
  for (const c of el.children) {
    if (names.has(c.name)) out.push(c);
    findAll(c, names, out);
  }
  return out;
}

/** First descendant named `name`, or undefined. */
export function findFirst(el: XmlElement, name: string): XmlElement | undefined {
  for (const c of el.children) {
    if (c.name === name) return c;
    const deeper = findFirst(c, name);
    if (deeper !== undefined) return deeper;
  }
  return undefined;
}
