/**
 * Operator/carrier registry from CSV (RFC 4180: comma-separated, `"` quoting with `""` escapes,
 * CRLF or LF). A header row is required; its columns, in any order:
 *
 *   name         required, network or carrier name
 *   country      ISO 3166-1 alpha-2 (case-insensitive)
 *   plmn         MCC+MNC, 5 or 6 digits
 *   role         mno | mvno | transit | ipx | hub | unknown (empty → unknown)
 *   gt_prefixes  E.164 prefixes (1–15 digits), separated by spaces or '|'
 *   realms       Diameter realms, separated by spaces or '|'
 *   point_codes  decimal signalling point codes (0–16777215), separated by spaces or '|'
 *   source       provenance (empty → 'csv <file>')
 *   date         YYYY-MM-DD
 *
 * Blank lines are skipped. Any malformed row throws SigwatchError BAD_IMPORT with `file` and
 * `line` (1-based, the row's first line) and nothing is returned: the import is all or nothing.
 */

import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { ErrorCode, SigwatchError } from '../core/errors.js';
import { isRealm } from './realm.js';
import type { NetworkEntry, NetworkRole } from './types.js';

const COLUMNS = ['name', 'country', 'plmn', 'role', 'gt_prefixes', 'realms', 'point_codes', 'source', 'date'] as const;
type Column = (typeof COLUMNS)[number];
const ROLES: ReadonlySet<string> = new Set<NetworkRole>(['mno', 'mvno', 'transit', 'ipx', 'hub', 'unknown']);

interface Row {
  line: number;
  fields: string[];
}

/** Splits CSV text into records, remembering each record's first line. */
function records(text: string, fail: (line: number, msg: string) => never): Row[] {
  const rows: Row[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let start = 1;
  let quoted = false;
  let afterQuote = false;
  const endRecord = (): void => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0] === '')) rows.push({ line: start, fields });
    fields = [];
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          quoted = false;
          afterQuote = true;
        }
      } else {
        if (c === '\n') line++;
        field += c;
      }
      continue;
    }
    if (c === ',') {
      fields.push(field);
      field = '';
      afterQuote = false;
    } else if (c === '\n' || (c === '\r' && text[i + 1] === '\n')) {
      if (c === '\r') i++;
      endRecord();
      afterQuote = false;
      start = ++line;
    } else if (c === '"') {
      if (field !== '' || afterQuote) fail(line, 'quote inside an unquoted field');
      quoted = true;
    } else {
      if (afterQuote) fail(line, 'text after a closing quote');
      field += c;
    }
  }
  if (quoted) fail(start, 'unterminated quoted field');
  if (field !== '' || fields.length > 0) endRecord();
  return rows;
}

const list = (s: string): string[] => s.split(/[\s|]+/).filter((x) => x !== '');

/** Parses CSV text; `file` names the source in errors and in the default `source`. */
export function parseNetworksCsv(text: string, file: string): NetworkEntry[] {
  const fail = (line: number, msg: string): never => {
    throw new SigwatchError(ErrorCode.BAD_IMPORT, `${file}:${line}: ${msg}`, { file, line });
  };
  const rows = records(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, fail);
  const header = rows.shift();
  if (header === undefined) return fail(1, 'empty file: a header row is required');
  const index = new Map<Column, number>();
  header.fields.forEach((raw, i) => {
    const name = raw.trim().toLowerCase();
    if (!(COLUMNS as readonly string[]).includes(name)) fail(header.line, `unknown column "${raw}" (expected ${COLUMNS.join(',')})`);
    if (index.has(name as Column)) fail(header.line, `duplicate column "${raw}"`);
    index.set(name as Column, i);
  });
  if (!index.has('name')) fail(header.line, 'header has no "name" column');

  return rows.map(({ line, fields }) => {
    if (fields.length !== header.fields.length) fail(line, `${fields.length} fields, header has ${header.fields.length}`);
    const get = (c: Column): string => {
      const i = index.get(c);
      return i === undefined ? '' : (fields[i] ?? '').trim();
    };
    const name = get('name');
    if (name === '') fail(line, 'empty name');
    const role = get('role').toLowerCase() || 'unknown';
    if (!ROLES.has(role)) fail(line, `bad role "${role}"`);
    const entry: NetworkEntry = {
      name,
      role: role as NetworkRole,
      gtPrefixes: list(get('gt_prefixes')),
      realms: list(get('realms').toLowerCase()),
      pointCodes: list(get('point_codes')).map((pc) => {
        const n = /^\d{1,8}$/.test(pc) ? Number(pc) : NaN;
        return n <= 0xffffff ? n : fail(line, `bad point code "${pc}"`);
      }),
      source: get('source') || `csv ${basename(file)}`,
    };
    const country = get('country').toUpperCase();
    if (country !== '') entry.country = /^[A-Z]{2}$/.test(country) ? country : fail(line, `bad country "${country}"`);
    const plmn = get('plmn');
    if (plmn !== '') entry.plmn = /^\d{5,6}$/.test(plmn) ? plmn : fail(line, `bad plmn "${plmn}"`);
    const date = get('date');
    if (date !== '') entry.date = isIsoDate(date) ? date : fail(line, `bad date "${date}" (YYYY-MM-DD)`);
    for (const p of entry.gtPrefixes) if (!/^\d{1,15}$/.test(p)) fail(line, `bad GT prefix "${p}"`);
    for (const r of entry.realms) if (!isRealm(r)) fail(line, `bad realm "${r}"`);
    return entry;
  });
}

/** True for a real calendar date written YYYY-MM-DD. */
export function isIsoDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
}

/** The text of a registry file (CSV here, IR.21 XML in import-ir21.ts); ERR_IO naming the file. */
export async function readImportFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    throw new SigwatchError(ErrorCode.IO, `cannot read ${path}`, { file: path }, { cause: e });
  }
}

/** Reads and parses a CSV registry file. */
export async function loadNetworksCsv(path: string): Promise<NetworkEntry[]> {
  return parseNetworksCsv(await readImportFile(path), path);
}
