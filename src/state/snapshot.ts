/**
 * Subscriber state snapshot (`--state-out`) and restore (`--state-in`): plain JSON, records in
 * update order (oldest first) so a restored store evicts in the same order as the original.
 */
import { readFileSync, statSync } from 'node:fs';
import { z } from 'zod';
import { ErrorCode, SigwatchError } from '../core/errors.js';
import type { NetworkInfo } from '../attribution/types.js';
import type { Location, SubscriberRecord, SubscriberStore } from './subscribers.js';

const SNAPSHOT_FORMAT = 'sigwatch-state';
const SNAPSHOT_VERSION = 1;

/**
 * Largest state file read (`--state-in`). A full store of 200,000 records (Limits.subscribers
 * raised to its former default) with a 4-entry history serialises to ~120 MB at most, typically
 * 40-60 MB; a 164 MB file used to be parsed whole (856 MB RSS, issue 16). Files above this are refused before they are read.
 */
export const STATE_MAX_BYTES = 128 * 1024 * 1024;
/** Times (nowSec, updatedSec, tsSec) must lie in [0, this]: 9999-12-31T23:59:59Z. */
export const STATE_MAX_SEC = 253_402_300_799;
/**
 * Records accepted in one snapshot (the store evicts beyond its own limit): 800,000, 4 × the
 * former default subscriber limit, kept when that default went to 64,000 (memory budget,
 * core/limits.ts) so a file written with a raised limit still loads.
 */
const STATE_MAX_RECORDS = 800_000;

/** Trusted locations kept per subscriber (state/subscribers.ts keeps 4). */
const HISTORY = 4;
const time = z.number().min(0).max(STATE_MAX_SEC);
const text = z.string().max(256);

const networkInfo = z.strictObject({
  country: text.optional(),
  network: text.optional(),
  plmn: text.optional(),
  role: z.enum(['mno', 'mvno', 'transit', 'ipx', 'hub', 'unknown']).optional(),
  source: z.enum(['registry', 'imsi', 'realm', 'e164', 'pointcode', 'unknown']),
  matched: text.optional(),
});
const location = z.strictObject({
  info: networkInfo,
  kind: z.enum(['vlr', 'msc', 'sgsn', 'mme']),
  address: z.string().max(40).optional(),
  tsSec: time,
  tsNsec: z.number().int().min(0).max(999_999_999),
  frame: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  confirmed: z
    .strictObject({ tsSec: time, tsNsec: z.number().int().min(0).max(999_999_999), frame: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER), by: text })
    .optional(),
});
const claim = location.extend({ rule: z.string() });
/** What a saved identity must look like to be restored (the `record` schema's patterns). */
const IDENTITY_FORMAT = { imsi: /^\d{5,15}$/, msisdn: /^\d{1,15}$/ } as const;

const record = z.strictObject({
  imsi: z.string().regex(IDENTITY_FORMAT.imsi).optional(),
  msisdn: z.string().regex(IDENTITY_FORMAT.msisdn).optional(),
  home: networkInfo.optional(),
  visited: location.optional(),
  history: z.array(location).max(HISTORY).default([]),
  claims: z.array(claim).max(HISTORY).optional(), // state/subscribers.ts MAX_CLAIMS = 4
  hlr: z.string().max(40).optional(),
  updatedSec: time,
});
const snapshotSchema = z.strictObject({
  format: z.literal(SNAPSHOT_FORMAT),
  version: z.literal(SNAPSHOT_VERSION),
  nowSec: time,
  subscribers: z.array(z.unknown()).max(STATE_MAX_RECORDS),
});
/** A parsed snapshot's records (the entries are validated one by one, see {@link restoreState}). */
type SnapshotRecord = z.output<typeof record>;

export type StateSnapshot = Omit<z.output<typeof snapshotSchema>, 'subscribers'> & { subscribers: SnapshotRecord[] };

export function snapshotState(store: SubscriberStore): StateSnapshot {
  return {
    format: SNAPSHOT_FORMAT,
    version: SNAPSHOT_VERSION,
    nowSec: store.nowSec,
    subscribers: [...store.records()].map((r) => {
      const c = structuredClone(r);
      // The claims sit in the store's pool; the record holds their key's place (JSON key order).
      if (c.claims !== undefined) c.claims = structuredClone(store.claims(r) ?? []);
      // So do the locations (state/history-pool.ts): made in the placeholders' places.
      c.history = store.history(r);
      const v = c.visited === undefined ? undefined : store.visited(r);
      if (v !== undefined) c.visited = v;
      // A location's `confirmed` key exists from the start (learn.ts loc), undefined until confirmed.
      if (c.visited !== undefined) unconfirmed(c.visited);
      for (const l of c.history) unconfirmed(l);
      return c;
    }),
  };
}

function unconfirmed(l: Location): void {
  if (l.confirmed === undefined) delete l.confirmed;
}

/** Reads a state file's text, refusing files above {@link STATE_MAX_BYTES} before reading them. */
export function readStateFile(file: string): string {
  let size: number;
  try {
    size = statSync(file).size;
  } catch (e) {
    throw new SigwatchError(ErrorCode.IO, `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { file }, { cause: e });
  }
  if (size > STATE_MAX_BYTES) {
    throw new SigwatchError(ErrorCode.BAD_IMPORT, `${file}: larger than ${STATE_MAX_BYTES} bytes (${size}): not a sigwatch state file?`, { file });
  }
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new SigwatchError(ErrorCode.IO, `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { file }, { cause: e });
  }
}

/**
 * Load a snapshot (parsed JSON or its text) into `store`. `file` names the source in errors.
 * Returns how many saved identities were dropped because their text is not E.212/E.164 digits:
 * the store keeps whatever identity text a capture carried (a 16-digit IMSI, a Diameter
 * User-Name that is no IMSI, an MSISDN a forged InsertSubscriberData gave a real subscriber) and
 * `--state-out` writes it, so such a text is left out and the rest of its subscriber restored (a
 * subscriber left with no identity is skipped) instead of the file being refused or the real
 * subscriber's location lost (red-team review, issue 19). Any other defect, an identity of
 * another type included, refuses the file with its path.
 */
export function restoreState(store: SubscriberStore, input: unknown, file = '(state)'): number {
  let value = input;
  if (typeof input === 'string') {
    if (input.length > STATE_MAX_BYTES) throw new SigwatchError(ErrorCode.BAD_IMPORT, `${file}: larger than ${STATE_MAX_BYTES} bytes`, { file });
    try {
      value = JSON.parse(input);
    } catch (e) {
      throw new SigwatchError(ErrorCode.BAD_IMPORT, `${file}: not JSON: ${(e as Error).message}`, { file }, { cause: e });
    }
  }
  const r = snapshotSchema.safeParse(value);
  if (!r.success) throw badImport(file, r.error.issues[0]);
  const records: SnapshotRecord[] = [];
  let dropped = 0;
  for (const [i, entry] of r.data.subscribers.entries()) {
    let e = entry;
    if (typeof e === 'object' && e !== null) {
      for (const k of ['imsi', 'msisdn'] as const) {
        const id: unknown = (e as Record<string, unknown>)[k];
        if (typeof id === 'string' && !IDENTITY_FORMAT[k].test(id)) {
          e = { ...(e as Record<string, unknown>), [k]: undefined };
          dropped++;
        }
      }
    }
    const p = record.safeParse(e);
    if (!p.success) throw badImport(file, p.error.issues[0], ['subscribers', i]);
    records.push(p.data);
  }
  store.tick(r.data.nowSec);
  for (const rec of records) {
    if (rec.imsi === undefined && rec.msisdn === undefined) continue;
    store.put(toRecord(rec));
  }
  return dropped;
}

function badImport(file: string, issue: z.core.$ZodIssue | undefined, at: PropertyKey[] = []): SigwatchError {
  const path = [...at, ...(issue?.path ?? [])].map(String).join('.');
  return new SigwatchError(ErrorCode.BAD_IMPORT, `${file}: ${path || '(document)'}: ${issue?.message ?? 'invalid'}`, { file, path });
}

// exactOptionalPropertyTypes: zod's optional keys are `T | undefined`; copy only present ones.
function toRecord(p: SnapshotRecord): SubscriberRecord {
  const r: SubscriberRecord = { history: p.history.map(toLocation), updatedSec: p.updatedSec };
  if (p.imsi !== undefined) r.imsi = p.imsi;
  if (p.msisdn !== undefined) r.msisdn = p.msisdn;
  if (p.home !== undefined) r.home = toInfo(p.home);
  if (p.visited !== undefined) r.visited = toLocation(p.visited);
  if (p.hlr !== undefined) r.hlr = p.hlr;
  if (p.claims !== undefined) r.claims = p.claims.map((c) => ({ ...toLocation(c), rule: c.rule }));
  return r;
}

function toLocation(p: z.output<typeof location>): Location {
  const l: Location = { info: toInfo(p.info), kind: p.kind, tsSec: p.tsSec, tsNsec: p.tsNsec, frame: p.frame };
  if (p.address !== undefined) l.address = p.address;
  if (p.confirmed !== undefined) l.confirmed = { ...p.confirmed };
  return l;
}

function toInfo(p: z.output<typeof networkInfo>): NetworkInfo {
  const n: NetworkInfo = { source: p.source };
  if (p.country !== undefined) n.country = p.country;
  if (p.network !== undefined) n.network = p.network;
  if (p.plmn !== undefined) n.plmn = p.plmn;
  if (p.role !== undefined) n.role = p.role;
  if (p.matched !== undefined) n.matched = p.matched;
  return n;
}
