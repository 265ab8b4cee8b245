/**
 * Subscriber state snapshot (`--state-out`) and restore (`--state-in`): plain JSON, records in
 * update order (oldest first) so a restored store evicts in the same order as the original.
 */
import { z } from 'zod';
import { ErrorCode, SigwatchError } from '../core/errors.js';
import type { NetworkInfo } from '../attribution/types.js';
import type { Location, SubscriberRecord, SubscriberStore } from './subscribers.js';

const SNAPSHOT_FORMAT = 'sigwatch-state';
const SNAPSHOT_VERSION = 1;

const networkInfo = z.strictObject({
  country: z.string().optional(),
  network: z.string().optional(),
  plmn: z.string().optional(),
  role: z.enum(['mno', 'mvno', 'transit', 'ipx', 'hub', 'unknown']).optional(),
  source: z.enum(['registry', 'imsi', 'realm', 'e164', 'pointcode', 'unknown']),
  matched: z.string().optional(),
});
const location = z.strictObject({
  info: networkInfo,
  kind: z.enum(['vlr', 'msc', 'sgsn', 'mme']),
  address: z.string().optional(),
  tsSec: z.number(),
  tsNsec: z.number().int().min(0).max(999_999_999),
  frame: z.number().int().min(0),
});
const record = z.strictObject({
  imsi: z.string().regex(/^\d{5,15}$/).optional(),
  msisdn: z.string().regex(/^\d{1,15}$/).optional(),
  home: networkInfo.optional(),
  visited: location.optional(),
  history: z.array(location).default([]),
  hlr: z.string().optional(),
  updatedSec: z.number(),
});
const snapshotSchema = z.strictObject({
  format: z.literal(SNAPSHOT_FORMAT),
  version: z.literal(SNAPSHOT_VERSION),
  nowSec: z.number(),
  subscribers: z.array(record),
});

export type StateSnapshot = z.output<typeof snapshotSchema>;

export function snapshotState(store: SubscriberStore): StateSnapshot {
  return {
    format: SNAPSHOT_FORMAT,
    version: SNAPSHOT_VERSION,
    nowSec: store.nowSec,
    subscribers: [...store.records()].map((r) => structuredClone(r)),
  };
}

/** Load a snapshot (parsed JSON or its text) into `store`. `file` names the source in errors. */
export function restoreState(store: SubscriberStore, input: unknown, file = '(state)'): void {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (e) {
      throw new SigwatchError(ErrorCode.BAD_IMPORT, `${file}: not JSON: ${(e as Error).message}`, { file }, { cause: e });
    }
  }
  const r = snapshotSchema.safeParse(value);
  if (!r.success) {
    const issue = r.error.issues[0];
    const path = issue?.path.map(String).join('.') ?? '';
    throw new SigwatchError(ErrorCode.BAD_IMPORT, `${file}: ${path || '(document)'}: ${issue?.message ?? 'invalid'}`, { file, path });
  }
  store.tick(r.data.nowSec);
  for (const rec of r.data.subscribers) {
    if (rec.imsi === undefined && rec.msisdn === undefined) continue;
    store.put(toRecord(rec));
  }
}

type Parsed = z.output<typeof record>;

// exactOptionalPropertyTypes: zod's optional keys are `T | undefined`; copy only present ones.
function toRecord(p: Parsed): SubscriberRecord {
  const r: SubscriberRecord = { history: p.history.map(toLocation), updatedSec: p.updatedSec };
  if (p.imsi !== undefined) r.imsi = p.imsi;
  if (p.msisdn !== undefined) r.msisdn = p.msisdn;
  if (p.home !== undefined) r.home = toInfo(p.home);
  if (p.visited !== undefined) r.visited = toLocation(p.visited);
  if (p.hlr !== undefined) r.hlr = p.hlr;
  return r;
}

function toLocation(p: z.output<typeof location>): Location {
  const l: Location = { info: toInfo(p.info), kind: p.kind, tsSec: p.tsSec, tsNsec: p.tsNsec, frame: p.frame };
  if (p.address !== undefined) l.address = p.address;
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
