/**
 * Subscriber state snapshot (`--state-out`) and restore (`--state-in`): plain JSON, records in
 * update order (oldest first) so a restored store evicts in the same order as the original.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { z } from 'zod';
import { ErrorCode, SigwatchError } from '../core/errors.js';
import { tidText } from '../core/bytes.js';
import { MAX_ISO_SEC } from '../core/time.js';
import { tidKeyOfText } from './learn.js';
import type { NetworkInfo } from '../attribution/types.js';
import type { Location, PendingRegistration, SubscriberRecord, SubscriberStore } from './subscribers.js';
import { MAX_PRIOR_LINKS } from './prior-links.js';

const SNAPSHOT_FORMAT = 'sigwatch-state';
/**
 * A file is written with the lowest version that holds it: 2 when a record carries registration
 * claims in progress (`registration`, red-team round 9 R4), else 1, so a state without them stays
 * readable by a version-1 reader (which refuses a version-2 file by its `version`). Both are read.
 */
const SNAPSHOT_VERSION = 1;
const SNAPSHOT_VERSION_CLAIMS = 2;
/** 3 when a record carries the IMSIs its number was linked to before (`priorImsis`, state/prior-links.ts); a 1 or 2 reader refuses it by its version. */
const SNAPSHOT_VERSION_PRIORS = 3;

/** Times (nowSec, updatedSec, tsSec) must lie in [0, this]: 9999-12-31T23:59:59Z, the last second an ISO text writes (core/time.ts). */
export const STATE_MAX_SEC = MAX_ISO_SEC;
/**
 * Records accepted in one snapshot (the store evicts beyond its own limit): 800,000, 4 × the
 * former default subscriber limit, kept when that default went to 64,000 (memory budget,
 * core/limits.ts) so a file written with a raised limit still loads.
 */
const STATE_MAX_RECORDS = 800_000;

/** Trusted locations kept per subscriber (state/subscribers.ts keeps 4). */
const HISTORY = 4;
const time = z.number().min(0).max(STATE_MAX_SEC);
/** Longest saved text (a network name, a claim's link or transaction, a confirmation's `by`). */
const TEXT_MAX = 256;
const text = z.string().max(TEXT_MAX);
/**
 * A node address: E.164 digits, or an MME's / HSS's DiameterIdentity (RFC 6733 §4.3.1: an FQDN,
 * ≤ 255 octets, RFC 1035 §2.3.4). Was 40: the TS 23.003 §19.4.2.4 MME name
 * (`mmec<MMEC>.mmegi<MMEGI>.mme.epc.mnc<MNC>.mcc<MCC>.3gppnetwork.org`, 54) made a state file
 * `--state-in` refused.
 */
const ADDRESS_MAX = 255;
const address = z.string().max(ADDRESS_MAX);

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
  address: address.optional(),
  tsSec: time,
  tsNsec: z.number().int().min(0).max(999_999_999),
  frame: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  confirmed: z
    .strictObject({ tsSec: time, tsNsec: z.number().int().min(0).max(999_999_999), frame: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER), by: text })
    .optional(),
});
const claim = location.extend({ rule: z.string() });
/**
 * A registration claim in progress (state/subscribers.ts PendingRegistration): the claimed
 * location, the request's transaction as hex text, whatever tier read it (the UL's TCAP otid, the ULR's End-to-End id:
 * state/learn.ts register) and link (the UL's calling GT, the ULR's Destination-Realm),
 * and for one trusted at once the visited location before it (`prev`, written unless it is the
 * newest history entry: `prevNewest`).
 */
const registrationClaim = z.strictObject({
  loc: location,
  tid: text.optional(),
  link: text.optional(),
  moved: z.boolean(),
  created: z.boolean(),
  prev: location.optional(),
  prevNewest: z.boolean(),
});
/** The claim awaiting its answer, and the one accepted at `atSec` that a refusal can still take back (SNAPSHOT_VERSION_CLAIMS). */
const registration = z.strictObject({ pending: registrationClaim.optional(), accepted: registrationClaim.extend({ atSec: time }).optional() });
/** What a saved identity must look like to be restored (the `record` schema's patterns). */
const IDENTITY_FORMAT = { imsi: /^\d{5,15}$/, msisdn: /^\d{1,15}$/ } as const;

const record = z.strictObject({
  imsi: z.string().regex(IDENTITY_FORMAT.imsi).optional(),
  msisdn: z.string().regex(IDENTITY_FORMAT.msisdn).optional(),
  home: networkInfo.optional(),
  visited: location.optional(),
  history: z.array(location).max(HISTORY).default([]),
  claims: z.array(claim).max(HISTORY).optional(), // state/subscribers.ts MAX_CLAIMS = 4
  hlr: address.optional(),
  updatedSec: time,
  registration: registration.optional(),
  priorImsis: z
    .array(z.strictObject({ imsi: z.string().regex(IDENTITY_FORMAT.imsi), untilSec: time }))
    .min(1)
    .max(MAX_PRIOR_LINKS)
    .optional(),
});
const snapshotSchema = z.strictObject({
  format: z.literal(SNAPSHOT_FORMAT),
  version: z.union([z.literal(SNAPSHOT_VERSION), z.literal(SNAPSHOT_VERSION_CLAIMS), z.literal(SNAPSHOT_VERSION_PRIORS)]),
  nowSec: time,
  subscribers: z.array(z.unknown()).max(STATE_MAX_RECORDS),
});
/** A parsed snapshot's records (the entries are validated one by one, see {@link restoreState}). */
type SnapshotRecord = z.output<typeof record>;

export type StateSnapshot = Omit<z.output<typeof snapshotSchema>, 'subscribers'> & { subscribers: SnapshotRecord[] };

export function snapshotState(store: SubscriberStore): StateSnapshot {
  return { format: SNAPSHOT_FORMAT, version: versionOf(store), nowSec: store.savedSec, subscribers: Array.from(store.records(), (r) => savedRecord(store, r)) };
}

function versionOf(store: SubscriberStore): 1 | 2 | 3 {
  for (const r of store.records()) if (r.priorImsis !== undefined) return SNAPSHOT_VERSION_PRIORS;
  return store.hasRegistrations() ? SNAPSHOT_VERSION_CLAIMS : SNAPSHOT_VERSION;
}

/**
 * The snapshot's JSON text (`JSON.stringify(snapshotState(store)) + '\n'`, the `--state-out`
 * file) in pieces, one record at a time: a 200 000-subscriber store made a 201 MB string and
 * 1.1 GB of peak RSS when built whole (issue 19 red-team ST1).
 */
export function* snapshotText(store: SubscriberStore): Generator<string> {
  const head = JSON.stringify({ format: SNAPSHOT_FORMAT, version: versionOf(store), nowSec: store.savedSec });
  yield `${head.slice(0, -1)},"subscribers":[`;
  let sep = '';
  for (const r of store.records()) {
    yield sep + JSON.stringify(savedRecord(store, r));
    sep = ',';
  }
  yield ']}\n';
}

function savedRecord(store: SubscriberStore, r: SubscriberRecord): SnapshotRecord {
  const c = structuredClone(r);
  // The claims sit in the store's pool; the record holds their key's place (JSON key order).
  if (c.claims !== undefined) c.claims = structuredClone(store.claims(r) ?? []);
  // So do the locations (state/history-pool.ts): made in the placeholders' places.
  c.history = store.history(r);
  const v = c.visited === undefined ? undefined : store.visited(r);
  if (v !== undefined) c.visited = v;
  // A location's `confirmed` key exists from the start (learn.ts loc), undefined until confirmed.
  if (c.visited !== undefined) fitLocation(c.visited);
  for (const l of c.history) fitLocation(l);
  if (c.claims !== undefined) for (const l of c.claims) fitLocation(l);
  if (c.home !== undefined) c.home = fittedInfo(c.home);
  if (c.hlr !== undefined && c.hlr.length > ADDRESS_MAX) delete c.hlr;
  const claims = store.registrationsOf(r);
  if (claims !== undefined) {
    const saved: z.input<typeof registration> = {};
    if (claims.pending !== undefined) saved.pending = savedClaim(claims.pending);
    if (claims.accepted !== undefined) saved.accepted = { ...savedClaim(claims.accepted), atSec: claims.accepted.atSec };
    (c as SnapshotRecord).registration = saved as SnapshotRecord['registration'];
  }
  return c as SnapshotRecord;
}

/** A claim in progress as the state file holds it (`prev` only when it is not the newest history entry). */
function savedClaim(p: PendingRegistration): z.input<typeof registrationClaim> {
  const c: z.input<typeof registrationClaim> = { loc: savedLocation(p.loc), moved: p.moved, created: p.created, prevNewest: p.prevNewest };
  if (p.tid !== undefined) c.tid = typeof p.tid === 'number' ? tidText(p.tid) : p.tid;
  if (p.link !== undefined) c.link = p.link;
  // Texts longer than --state-in takes (a ULR's Destination-Realm as link) are left out, as fitLocation does.
  if (typeof c.tid === 'string' && c.tid.length > TEXT_MAX) delete c.tid;
  if (c.link !== undefined && c.link.length > TEXT_MAX) delete c.link;
  if (p.prev !== undefined && !p.prevNewest) c.prev = savedLocation(p.prev);
  return c;
}

/** A copy of a location as {@link fitLocation} saves it. */
function savedLocation(l: Location): Location {
  const c = structuredClone(l);
  fitLocation(c);
  return c;
}

/**
 * A saved location without an undefined `confirmed`, and without the texts `--state-in` would refuse
 * (red-team round 20 N4: one ULR with a 300-character Origin-Host, RFC 6733 §4.3.1 allows 255, made
 * the next `--state-in` refuse the whole file): an over-long address or network text is left out, an
 * over-long confirmation dropped (the location is then unconfirmed, as learned).
 */
function fitLocation(l: Location): void {
  if (l.confirmed === undefined || l.confirmed.by.length > TEXT_MAX) delete l.confirmed;
  if (l.address !== undefined && l.address.length > ADDRESS_MAX) delete l.address;
  l.info = fittedInfo(l.info);
}

/** The network info itself when every text fits (it is shared by the store's locations), else a copy without the long ones. */
function fittedInfo(n: NetworkInfo): NetworkInfo {
  const long = (t: string | undefined): boolean => t !== undefined && t.length > TEXT_MAX;
  if (!long(n.country) && !long(n.network) && !long(n.plmn) && !long(n.matched)) return n;
  const c = { ...n };
  if (long(c.country)) delete c.country;
  if (long(c.network)) delete c.network;
  if (long(c.plmn)) delete c.plmn;
  if (long(c.matched)) delete c.matched;
  return c;
}

/**
 * Largest text of one saved subscriber read (`--state-in`): the reader holds one record's text at
 * a time, so memory does not grow with the file. The largest record the schema below accepts is
 * ~135 KB: a network info is ≤ 4 texts of 256 UTF-16 units, each ≤ 6 bytes once escaped (`\u0000`),
 * ≤ 6.3 KB with its keys and enums; a location ≤ 9.7 KB (info, a 255-unit address, the confirmation
 * with its 256-unit `by`, numbers); a record ≤ home + visited + 4 history + 4 claims (rule ids ≤
 * 256) ≈ 6.3 + 9 × 10 KB, and 2 registration claims in progress of 2 locations and 2 texts each
 * (≤ 2 × 22 KB). A whole-file bound that held any state the store can hold would be this ×
 * `limits.subscribers` (135 KB × 200 000 = 27 GB), so none is set: a file is read in 1 MiB chunks
 * and each record is restored as it is read (a 201 MB file of 200 000 subscribers with 3
 * locations each used to be refused by a 128 MiB bound, issue 19 red-team ST1).
 */
export const STATE_MAX_RECORD_BYTES = 256 * 1024;

/** A state file to read in chunks (`--state-in FILE`): the library's `stateIn: { file }`. */
export interface StateFile {
  file: string;
}

function ioError(file: string, e: unknown): SigwatchError {
  return new SigwatchError(ErrorCode.IO, `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { file }, { cause: e });
}

/**
 * Checks that a state file can be read (before any capture is: ERR_IO naming it) and returns it
 * for {@link restoreState}, which reads it in chunks.
 */
export function readStateFile(file: string): StateFile {
  try {
    closeSync(openSync(file, 'r'));
  } catch (e) {
    throw ioError(file, e);
  }
  return { file };
}

const CHUNK = 64 * 1024;

/** A snapshot's text in pieces: a string in 1 M-unit slices, a file in 1 MiB reads (UTF-8). */
function* textChunks(input: string | StateFile): Generator<string> {
  if (typeof input === 'string') {
    for (let i = 0; i < input.length; i += CHUNK) yield input.slice(i, i + CHUNK);
    return;
  }
  let fd: number;
  try {
    fd = openSync(input.file, 'r');
  } catch (e) {
    throw ioError(input.file, e);
  }
  try {
    const buf = Buffer.allocUnsafe(CHUNK);
    const utf8 = new TextDecoder('utf-8', { ignoreBOM: true }); // a BOM is no JSON, as readFileSync's text had it
    for (;;) {
      let n: number;
      try {
        n = readSync(fd, buf, 0, CHUNK, null);
      } catch (e) {
        throw ioError(input.file, e);
      }
      if (n === 0) break;
      yield utf8.decode(buf.subarray(0, n), { stream: true });
    }
    const rest = utf8.decode();
    if (rest !== '') yield rest;
  } finally {
    closeSync(fd);
  }
}

/** JSON white space (RFC 8259 §2). */
function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/** Thrown by the splitter for text that is not JSON; turned into ERR_BAD_IMPORT "not JSON". */
class NotJson extends Error {}

/**
 * Splits a snapshot's JSON text (RFC 8259) read in pieces into its top-level members and the
 * `subscribers` array's elements, one at a time: each value's text is found by bracket depth and
 * string state, then given to JSON.parse, so only one value's text is held. A value longer than
 * {@link STATE_MAX_RECORD_BYTES} is refused.
 */
function splitSnapshot(chunks: Iterable<string>, onMember: (key: string, value: unknown) => void, onRecord: (value: unknown, index: number) => void): void {
  let buf = '';
  let pos = 0;
  // What comes next: the opening brace, a key (or the closing brace when `first`), the colon, a
  // member value, the `subscribers` array's bracket, an element (or `]` when `first`), the
  // separator after an element, the separator after a member, nothing but white space.
  let state: 'open' | 'key' | 'colon' | 'value' | 'array' | 'element' | 'afterElement' | 'afterMember' | 'done' = 'open';
  let first = true;
  let key = '';
  let index = 0;
  const keys = new Set<string>();

  /** End (exclusive) of the JSON value starting at `pos`, or -1 when the text so far ends inside it. */
  const valueEnd = (): number => {
    const c = buf.charCodeAt(pos);
    if (c === 0x22 /* " */ || c === 0x7b /* { */ || c === 0x5b /* [ */) {
      let depth = 0;
      let inString = false;
      for (let i = pos; i < buf.length; i++) {
        const d = buf.charCodeAt(i);
        if (inString) {
          if (d === 0x5c /* \ */) i++;
          else if (d === 0x22) {
            inString = false;
            if (depth === 0) return i + 1;
          }
        } else if (d === 0x22) inString = true;
        else if (d === 0x7b || d === 0x5b) depth++;
        else if (d === 0x7d || d === 0x5d) {
          if (--depth === 0) return i + 1;
        }
      }
      return -1;
    }
    for (let i = pos; i < buf.length; i++) {
      const d = buf.charCodeAt(i);
      if (d === 0x2c || d === 0x5d || d === 0x7d || isSpace(d)) return i;
    }
    return -1;
  };
  const parse = (end: number): unknown => {
    if (end - pos > STATE_MAX_RECORD_BYTES) throw new NotJson(tooLong());
    const text = buf.slice(pos, end);
    pos = end;
    return JSON.parse(text);
  };
  const finished = (): boolean => state === 'done';
  const tooLong = (): string => {
    const at = state === 'element' || state === 'afterElement' ? `subscribers.${index}` : key || 'the start';
    return `a value longer than ${STATE_MAX_RECORD_BYTES} characters at ${at}`;
  };
  const expect = (c: number, what: string): void => {
    if (buf.charCodeAt(pos) !== c) throw new NotJson(`expected ${what} at ${JSON.stringify(buf.slice(pos, pos + 16))}`);
    pos++;
  };

  const step = (): boolean => {
    while (pos < buf.length && isSpace(buf.charCodeAt(pos))) pos++;
    if (pos === buf.length) return false;
    const c = buf.charCodeAt(pos);
    switch (state) {
      case 'open':
        expect(0x7b, "'{'");
        state = 'key';
        first = true;
        return true;
      case 'key': {
        if (first && c === 0x7d) {
          pos++;
          state = 'done';
          return true;
        }
        if (c !== 0x22) throw new NotJson(`expected a key at ${JSON.stringify(buf.slice(pos, pos + 16))}`);
        const end = valueEnd();
        if (end < 0) return false;
        key = parse(end) as string;
        if (keys.has(key)) throw new NotJson(`key "${key}" twice`);
        keys.add(key);
        state = 'colon';
        return true;
      }
      case 'colon':
        expect(0x3a, "':'");
        state = key === 'subscribers' ? 'array' : 'value';
        return true;
      case 'array':
        if (c !== 0x5b) {
          state = 'value'; // not an array: the schema says so
          return true;
        }
        pos++;
        onMember(key, []);
        state = 'element';
        first = true;
        return true;
      case 'element': {
        if (first && c === 0x5d) {
          pos++;
          state = 'afterMember';
          return true;
        }
        const end = valueEnd();
        if (end < 0) return false;
        onRecord(parse(end), index++);
        state = 'afterElement';
        return true;
      }
      case 'value': {
        const end = valueEnd();
        if (end < 0) return false;
        onMember(key, parse(end));
        state = 'afterMember';
        return true;
      }
      case 'afterElement':
        if (c === 0x5d) {
          pos++;
          state = 'afterMember';
          return true;
        }
        expect(0x2c, "',' or ']'");
        state = 'element';
        first = false;
        return true;
      case 'afterMember':
        if (c === 0x7d) {
          pos++;
          state = 'done';
          return true;
        }
        expect(0x2c, "',' or '}'");
        state = 'key';
        first = false;
        return true;
      case 'done':
        throw new NotJson(`unexpected text after the end at ${JSON.stringify(buf.slice(pos, pos + 16))}`);
    }
  };

  for (const chunk of chunks) {
    buf = pos === buf.length ? chunk : buf.slice(pos) + chunk;
    pos = 0;
    while (step());
    if (buf.length - pos > STATE_MAX_RECORD_BYTES) throw new NotJson(tooLong());
  }
  if (!finished()) throw new NotJson('unexpected end of the text');
}

/**
 * Load a snapshot (an object, its JSON text, or a {@link StateFile} read in chunks) into `store`.
 * `file` names the source in errors. Text is read twice, one record at a time: the first pass
 * checks the whole snapshot, so a defect anywhere refuses it before the store is touched; the
 * second restores the records in order after the snapshot's time (a file that changes between
 * the passes may be refused after part of it was restored).
 *
 * Returns how many saved identities were dropped because their text is not E.212/E.164 digits:
 * the store keeps whatever identity text a capture carried (a 16-digit IMSI, a Diameter
 * User-Name that is no IMSI, an MSISDN a forged InsertSubscriberData gave a real subscriber) and
 * `--state-out` writes it, so such a text is left out and the rest of its subscriber restored (a
 * subscriber left with no identity is skipped) instead of the file being refused or the real
 * subscriber's location lost (red-team review, issue 19). Any other defect, an identity of
 * another type included, refuses the file with its path.
 */
export function restoreState(store: SubscriberStore, input: unknown, file = '(state)'): number {
  const stateFile = isStateFile(input) ? input : undefined;
  const name = stateFile?.file ?? file;
  if (typeof input !== 'string' && stateFile === undefined) {
    const r = snapshotSchema.safeParse(input);
    if (!r.success) throw badImport(name, r.error.issues[0]);
    const records = r.data.subscribers.map((e, i) => checkRecord(e, i, name));
    const claimsAt = records.findIndex((c) => c.record.registration !== undefined);
    if (claimsAt >= 0 && r.data.version === SNAPSHOT_VERSION) throw claimsInVersion1(name, claimsAt);
    const priorsAt = records.findIndex((c) => c.record.priorImsis !== undefined);
    if (priorsAt >= 0 && r.data.version !== SNAPSHOT_VERSION_PRIORS) throw priorsBeforeVersion3(name, priorsAt);
    store.restoreClock(r.data.nowSec);
    const infos: Infos = new Map();
    for (const c of records) put(store, c.record, infos);
    store.registrationsRestored();
    return records.reduce((n, c) => n + c.dropped, 0);
  }
  const text = stateFile ?? (input as string);
  const read = (onMember: (key: string, value: unknown) => void, onRecord: (value: unknown, index: number) => void): void => {
    try {
      splitSnapshot(textChunks(text), onMember, onRecord);
    } catch (e) {
      if (e instanceof NotJson || e instanceof SyntaxError)
        throw new SigwatchError(ErrorCode.BAD_IMPORT, `${name}: not JSON: ${e.message}`, { file: name }, { cause: e });
      throw e;
    }
  };
  // Pass 1: the document's members (the array counted, not kept) and each record checked; the
  // first defect in document order, the members' before the records' (as one schema would).
  const doc: Record<string, unknown> = {};
  let records = 0;
  let defect: SigwatchError | undefined;
  let claimsAt = -1;
  let priorsAt = -1;
  read(
    (k, v) => (doc[k] = v),
    (v, i) => {
      records++;
      if (defect === undefined && records <= STATE_MAX_RECORDS)
        defect = caughtImport(() => {
          const rec = checkRecord(v, i, name).record;
          if (rec.registration !== undefined && claimsAt < 0) claimsAt = i;
          if (rec.priorImsis !== undefined && priorsAt < 0) priorsAt = i;
        });
    },
  );
  const head = snapshotSchema.safeParse(doc); // `subscribers` is [] when it is an array: counted here
  if (!head.success) throw badImport(name, head.error.issues[0]);
  if (records > STATE_MAX_RECORDS)
    throw badImport(name, { path: [], message: `Too big: expected array to have <=${STATE_MAX_RECORDS} items` }, ['subscribers']);
  if (defect !== undefined) throw defect;
  if (claimsAt >= 0 && head.data.version === SNAPSHOT_VERSION) throw claimsInVersion1(name, claimsAt);
  if (priorsAt >= 0 && head.data.version !== SNAPSHOT_VERSION_PRIORS) throw priorsBeforeVersion3(name, priorsAt);
  // Pass 2: restore.
  store.restoreClock(head.data.nowSec);
  const infos: Infos = new Map();
  let dropped = 0;
  read(
    () => undefined,
    (v, i) => {
      const c = checkRecord(v, i, name);
      dropped += c.dropped;
      put(store, c.record, infos);
    },
  );
  store.registrationsRestored();
  return dropped;
}

/** A version-1 file cannot hold claims in progress (SNAPSHOT_VERSION_CLAIMS). */
function claimsInVersion1(file: string, i: number): SigwatchError {
  return badImport(file, { path: ['registration'], message: `registration claims need version ${SNAPSHOT_VERSION_CLAIMS}` }, ['subscribers', i]);
}

/** Only a version-3 file holds a number's earlier IMSIs (SNAPSHOT_VERSION_PRIORS). */
function priorsBeforeVersion3(file: string, i: number): SigwatchError {
  return badImport(file, { path: ['priorImsis'], message: `earlier IMSIs of a number need version ${SNAPSHOT_VERSION_PRIORS}` }, ['subscribers', i]);
}

function isStateFile(input: unknown): input is StateFile {
  return typeof input === 'object' && input !== null && !('format' in input) && typeof (input as { file?: unknown }).file === 'string';
}

function caughtImport(f: () => void): SigwatchError | undefined {
  try {
    f();
    return undefined;
  } catch (e) {
    if (e instanceof SigwatchError) return e;
    throw e;
  }
}

/** One saved record checked: identities that are not E.212/E.164 digits left out and counted. */
function checkRecord(entry: unknown, i: number, file: string): { record: SnapshotRecord; dropped: number } {
  let e = entry;
  let dropped = 0;
  if (typeof e === 'object' && e !== null) {
    for (const k of ['imsi', 'msisdn'] as const) {
      const id: unknown = (e as Record<string, unknown>)[k];
      if (typeof id === 'string' && !IDENTITY_FORMAT[k].test(id)) {
        e = { ...(e as Record<string, unknown>), [k]: undefined };
        dropped++;
      }
    }
    // A number's earlier IMSI that is no E.212 text is left out as the record's own would be (none left: the key goes).
    const priors: unknown = (e as Record<string, unknown>).priorImsis;
    if (Array.isArray(priors)) {
      const kept = priors.filter(
        (p: unknown) => typeof (p as { imsi?: unknown } | null)?.imsi !== 'string' || IDENTITY_FORMAT.imsi.test((p as { imsi: string }).imsi),
      );
      if (kept.length !== priors.length) {
        dropped += priors.length - kept.length;
        e = { ...(e as Record<string, unknown>), priorImsis: kept.length === 0 ? undefined : kept };
      }
    }
  }
  const p = record.safeParse(e);
  if (!p.success) throw badImport(file, p.error.issues[0], ['subscribers', i]);
  return { record: p.data, dropped };
}

function put(store: SubscriberStore, rec: SnapshotRecord, infos: Infos): void {
  if (rec.imsi === undefined && rec.msisdn === undefined) return;
  const r = toRecord(rec, infos);
  store.put(r);
  const saved = rec.registration;
  if (saved === undefined) return;
  const accepted = saved.accepted === undefined ? undefined : { ...toClaim(saved.accepted, infos), atSec: saved.accepted.atSec };
  store.restoreRegistrations(r, saved.pending === undefined ? undefined : toClaim(saved.pending, infos), accepted);
}

function toClaim(p: z.output<typeof registrationClaim>, infos: Infos): PendingRegistration {
  return {
    loc: toLocation(p.loc, infos),
    tid: p.tid === undefined ? undefined : tidKeyOfText(p.tid),
    link: p.link,
    moved: p.moved,
    created: p.created,
    prev: p.prev === undefined ? undefined : toLocation(p.prev, infos),
    prevNewest: p.prevNewest,
  };
}

function badImport(file: string, issue: Pick<z.core.$ZodIssue, 'path' | 'message'> | undefined, at: PropertyKey[] = []): SigwatchError {
  const path = [...at, ...(issue?.path ?? [])].map(String).join('.');
  return new SigwatchError(ErrorCode.BAD_IMPORT, `${file}: ${path || '(document)'}: ${issue?.message ?? 'invalid'}`, { file, path });
}

// exactOptionalPropertyTypes: zod's optional keys are `T | undefined`; copy only present ones.
function toRecord(p: SnapshotRecord, infos: Infos): SubscriberRecord {
  const loc = (l: z.output<typeof location>): Location => toLocation(l, infos);
  const r: SubscriberRecord = { history: p.history.map(loc), updatedSec: p.updatedSec };
  if (p.imsi !== undefined) r.imsi = p.imsi;
  if (p.msisdn !== undefined) r.msisdn = p.msisdn;
  if (p.home !== undefined) r.home = toInfo(p.home, infos);
  if (p.visited !== undefined) r.visited = loc(p.visited);
  if (p.hlr !== undefined) r.hlr = p.hlr;
  if (p.claims !== undefined) r.claims = p.claims.map((c) => ({ ...loc(c), rule: c.rule }));
  if (p.priorImsis !== undefined) r.priorImsis = p.priorImsis.map((x) => ({ imsi: x.imsi, untilSec: x.untilSec }));
  return r;
}

function toLocation(p: z.output<typeof location>, infos: Infos): Location {
  const l: Location = { info: toInfo(p.info, infos), kind: p.kind, tsSec: p.tsSec, tsNsec: p.tsNsec, frame: p.frame };
  if (p.address !== undefined) l.address = p.address;
  if (p.confirmed !== undefined) l.confirmed = { ...p.confirmed };
  return l;
}

/**
 * A restore's network infos by their text: equal infos become one object, as the attributor's
 * are in a scan. The store's pools share an info by object identity (core/ref-table.ts), so one
 * object per saved location held 200 000 restored subscribers with 3 locations in 201 MB of live
 * heap against the scan's own ~60 MB (issue 19 red-team ST1; `--state-in` peak RSS 518 MB).
 */
type Infos = Map<string, NetworkInfo>;

function toInfo(p: z.output<typeof networkInfo>, infos: Infos): NetworkInfo {
  const n: NetworkInfo = { source: p.source };
  if (p.country !== undefined) n.country = p.country;
  if (p.network !== undefined) n.network = p.network;
  if (p.plmn !== undefined) n.plmn = p.plmn;
  if (p.role !== undefined) n.role = p.role;
  if (p.matched !== undefined) n.matched = p.matched;
  const key = JSON.stringify(n);
  const known = infos.get(key);
  if (known !== undefined) return known;
  infos.set(key, n);
  return n;
}
