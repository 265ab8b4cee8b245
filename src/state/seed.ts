/**
 * Seed the subscriber state from a list of known registrations (an HLR export, a previous run):
 * CSV with a header row or a JSON array of objects, fields `imsi`, `msisdn`, `vlr` (E.164 VLR
 * number) or `realm` (MME realm), `since` (ISO-8601 or epoch seconds). A row needs an IMSI or an
 * MSISDN; rows are applied oldest `since` first so the LRU order matches.
 */
import { z } from 'zod';
import { ErrorCode, SigwatchError } from '../core/errors.js';
import type { Attributor, NetworkInfo } from '../attribution/types.js';
import type { Location, SubscriberRecord, SubscriberStore } from './subscribers.js';

export interface SeedOptions {
  attributor: Attributor;
  homeOf?: (imsi: string | undefined, msisdn: string | undefined) => NetworkInfo | undefined;
  /** Names the input in errors. */
  file?: string;
  /** Default: JSON when the text starts with `[`, else CSV. */
  format?: 'csv' | 'json';
  /** `since` for rows without one (epoch seconds); without it such rows are errors, because the TTL counts from `since`. */
  defaultSince?: number;
}

const emptyToUndef = (v: unknown): unknown => (v === '' || v === null ? undefined : v);
const rowSchema = z
  .strictObject({
    imsi: z.preprocess(
      emptyToUndef,
      z.coerce
        .string()
        .regex(/^\d{5,15}$/, 'IMSI must be 5-15 digits')
        .optional(),
    ),
    msisdn: z.preprocess(
      emptyToUndef,
      z.coerce
        .string()
        .regex(/^\d{1,15}$/, 'MSISDN must be digits')
        .optional(),
    ),
    vlr: z.preprocess(
      emptyToUndef,
      z.coerce
        .string()
        .regex(/^\d{1,15}$/, 'VLR must be E.164 digits')
        .optional(),
    ),
    realm: z.preprocess(emptyToUndef, z.string().min(1).optional()),
    since: z.preprocess(emptyToUndef, z.union([z.number(), z.string()]).optional()),
  })
  .refine((r) => r.imsi !== undefined || r.msisdn !== undefined, { message: 'a row needs imsi or msisdn' });

/** Returns the number of records seeded. */
export function seedState(store: SubscriberStore, text: string, opts: SeedOptions): number {
  const file = opts.file ?? '(seed)';
  const format = opts.format ?? (text.trimStart().startsWith('[') ? 'json' : 'csv');
  const rows = format === 'json' ? jsonRows(text, file) : csvRows(text, file);
  const recs: SubscriberRecord[] = [];
  rows.forEach(({ row, line }, i) => {
    const r = rowSchema.safeParse(row);
    const where = line !== undefined ? { file, line } : { file, path: String(i) };
    if (!r.success) {
      const issue = r.error.issues[0];
      const field = issue?.path.map(String).join('.') ?? '';
      throw new SigwatchError(
        ErrorCode.BAD_IMPORT,
        `${file}${line !== undefined ? `:${line}` : `: [${i}]`}: ${field ? `${field}: ` : ''}${issue?.message ?? 'invalid'}`,
        { ...where, ...(field ? { path: line !== undefined ? field : `${i}.${field}` } : {}) },
      );
    }
    const since = parseSince(r.data.since ?? opts.defaultSince, file, where);
    const rec: SubscriberRecord = { history: [], updatedSec: since };
    if (r.data.imsi !== undefined) rec.imsi = r.data.imsi;
    if (r.data.msisdn !== undefined) rec.msisdn = r.data.msisdn;
    const home = opts.homeOf?.(rec.imsi, rec.msisdn);
    if (home !== undefined) rec.home = home;
    let loc: Location | undefined;
    if (r.data.vlr !== undefined) loc = { info: opts.attributor.gt(r.data.vlr), kind: 'vlr', address: r.data.vlr, tsSec: since, tsNsec: 0, frame: 0 };
    else if (r.data.realm !== undefined)
      loc = { info: opts.attributor.realm(r.data.realm), kind: 'mme', address: r.data.realm, tsSec: since, tsNsec: 0, frame: 0 };
    if (loc !== undefined) {
      rec.visited = loc;
      rec.history.push(loc);
    }
    recs.push(rec);
  });
  recs.sort((a, b) => a.updatedSec - b.updatedSec);
  for (const rec of recs) store.put(rec);
  return recs.length;
}

interface Row {
  row: unknown;
  line?: number;
}

function jsonRows(text: string, file: string): Row[] {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new SigwatchError(ErrorCode.BAD_IMPORT, `${file}: not JSON: ${(e as Error).message}`, { file }, { cause: e });
  }
  if (!Array.isArray(v)) throw new SigwatchError(ErrorCode.BAD_IMPORT, `${file}: expected a JSON array of rows`, { file });
  return v.map((row: unknown) => ({ row }));
}

/** Plain CSV: comma separated, no quoting needed for digits/realms; quotes are stripped. */
function csvRows(text: string, file: string): Row[] {
  const lines = text.split(/\r?\n/);
  const headerIdx = lines.findIndex((l) => l.trim() !== '' && !l.startsWith('#'));
  if (headerIdx < 0) return [];
  const header = split(lines[headerIdx]!);
  const rows: Row[] = [];
  for (let i = headerIdx + 1; i < lines.length; i++) {
    const l = lines[i]!;
    if (l.trim() === '' || l.startsWith('#')) continue;
    const cells = split(l);
    if (cells.length !== header.length) {
      throw new SigwatchError(ErrorCode.BAD_IMPORT, `${file}:${i + 1}: ${cells.length} columns, header has ${header.length}`, { file, line: i + 1 });
    }
    const row: Record<string, string> = {};
    header.forEach((h, j) => {
      row[h] = cells[j]!;
    });
    rows.push({ row, line: i + 1 });
  }
  return rows;
}

function split(line: string): string[] {
  return line.split(',').map((c) => c.trim().replace(/^"(.*)"$/, '$1'));
}

function parseSince(v: string | number | undefined, file: string, where: { file: string; line?: number; path?: string }): number {
  if (v === undefined) throw new SigwatchError(ErrorCode.BAD_IMPORT, `${file}: since: missing (and no defaultSince)`, { ...where, file });
  const n = typeof v === 'number' ? v : /^\d+(\.\d+)?$/.test(v) ? Number(v) : Date.parse(v) / 1000;
  if (!Number.isFinite(n)) throw new SigwatchError(ErrorCode.BAD_IMPORT, `${file}: since: not a time: ${String(v)}`, { ...where, file });
  return Math.floor(n);
}
