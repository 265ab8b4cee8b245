/**
 * MAP parameters the records tier does not decode while no consumer reads them (issue 19).
 *
 * A records consumer that leaves `args` unread (the decode-only tier; a Scanner for the operations
 * its rules and state do not read) still needs three things of each MAP parameter while the record
 * is handed out: the reader's anomalies (reported and counted before the record), the component's
 * own IMSI / MSISDN octet ranges (the dialogue keeps them) and whether a typed decoder ran. Of a
 * routine link's parameters, those of one operation share one shape: the same tags, lengths,
 * numbering-plan octets and flag values, differing only in the TBCD digits the deferring reader
 * (args/reader.ts `pend`) keeps as octets. For such digits the reader's outcome depends only on
 * each nibble's class — decimal, the filler F, or A-E (`tbcdDecimalDigits`, the filler tests of
 * `ownImsi` and `e164`): the deferring reader makes no digit string.
 *
 * So a clean deferred decode (no anomaly, no constructed OCTET STRING joined) leaves a template:
 * the parameter's octets, its pended digit octets as their nibble classes, and the outcome (own
 * ranges, `namedAfter`). A later parameter of the same operation, direction, AC version and length
 * whose every other octet is equal and whose digit octets have the same classes gets that outcome
 * without a decode: the typed decoder, a pure function of those octets, would walk it the same way
 * and report nothing. Its `args` (and the event's IMSI / E.164 lists) are decoded from the message's
 * octets when first read ({@link LazyMapArgs}), while the record is current: the same decode as
 * before, so events and alerts are byte-identical.
 *
 * A read of one key (`arg`, `argImsiKey`, `argMsisdnKey`: what a Scanner's rules and state read) is
 * answered from the template's recorded keys and digit ranges with no decode ({@link ArgsShape}).
 * An operation whose lazy records are decoded by a read (of `args`, the event, a key holding an
 * object) more than 1/READ_SHARE of a window of WINDOW is decoded at once for good: reading would
 * decode twice. (Before single-key reads, the Scanner's UL, ISD and SRI / SRI-SM results went
 * there: ~57 k of its 128 k parameters over 30 MiB of the routine capture decoded at once.)
 *
 * Hostile shapes (review 14-A F1): a new shape every message (a varied nature-of-address octet, an
 * extension) made every parameter a miss plus a template built, 1.6-1.9× the records tier's base
 * cost. A new template replaces the last way (move-to-front keeps the shapes in use ahead of it), and
 * an operation missing more than 1/MISS_SHARE of a window of WINDOW lookups is decoded without the
 * memo for its next COLD parameters, then tried again: under such a flood the memo costs one window
 * in COLD / WINDOW + 1, and the output is the same either way (a hit gives what a decode would).
 */
import { decodeTbcd, TbcdKeyOnce, tbcdKey } from '../../asn1/tbcd.js';
import { LAZY_ARGS, type PendingArgs } from '../../events/record.js';
import type { EventArgs } from '../../events/types.js';
import { imsiKeyOf, msisdnKeyOf, type IdentityKey } from '../../core/identity-key.js';
import { MAP_NUMBERS_PER_COMPONENT, type ArgReader, type OwnIdentities } from './args/reader.js';
import { decodeMapArgumentScratch, scratchArgs } from './decode.js';

/** A nibble's class for the reader: 0 decimal, 1 the filler F, 2 A-E (asn1/tbcd.ts tbcdDecimalDigits). */
function nibbleClass(n: number): number {
  return n <= 9 ? 0 : n === 0x0f ? 1 : 2;
}

/** The classes of an octet's two nibbles, 0-8; a template's digit octet is stored as DIGIT + this. */
const CLASS = new Uint8Array(256);
for (let b = 0; b < 256; b++) CLASS[b] = nibbleClass(b & 0x0f) * 3 + nibbleClass(b >> 4);
const DIGIT = 256;

/** Templates kept per (opcode, direction): parameters of one operation come in a few lengths (digit counts, optional fields). */
const WAYS = 8;
/** Opcodes memoised (MAP local opcodes are < 128, TS 29.002 §17.5); keys `opcode << 1 | res`. */
const OPCODES = 256;
const KEYS = OPCODES * 2;
/**
 * Longest parameter kept as a template: shorter than 3 × (MAP_NUMBERS_PER_COMPONENT + 1) octets (a
 * listed IMSI or number is a TLV of 3+ octets), so no list of it can reach the cap whose anomaly
 * depends on how many of its digit strings are distinct — the values a template does not compare.
 */
const MAX_LENGTH = 3 * (MAP_NUMBERS_PER_COMPONENT + 1) - 1;
const WINDOW = 256;
const READ_SHARE = 8;
const MISS_SHARE = 4;
/**
 * An operation storing more than 1/STORE_SHARE of a window's lookups as new templates goes cold too (review 15-A #1:
 * with single-key reads the Scanner keeps ULs on the memo, and a flood of ~20 % new clean shapes stayed under the
 * miss share while every one of them built a template: decoder +10–14 %).
 */
const STORE_SHARE = 8;
const COLD = 4096;

class Template {
  constructor(
    readonly length: number,
    readonly acVersion: number,
    /**
     * Per compared 4-octet word (little-endian, as DataView.getInt32(i, true)), five entries in one
     * array: its offset in the parameter, the bits compared exactly (0xff per octet that is no pended digit, 0x0f / 0xf0 per filler
     * nibble of a digit octet), their value, and 0x10 per digit octet whose low / high nibble must be
     * decimal (the nibble test: `(n + 6) & 0x10` is 0 for 0-9 only). The words at 0, 4, ...; then, when
     * the length is no multiple of four (and at least four), the last four octets (the earlier ones of
     * them masked out). One array: each typed array read in the loop is a map and bounds check per word.
     */
    readonly words: Int32Array,
    /** The octets no word compares (digit octets with an A-E nibble; all of a parameter under 4 octets): offset, and value or DIGIT + classes. */
    readonly at: Int32Array,
    readonly expect: Uint16Array,
    /** The own ranges relative to the parameter's first octet (-1: none), and the reader's `namedAfter`. */
    readonly imsiStart: number,
    readonly imsiEnd: number,
    readonly msisdnStart: number,
    readonly msisdnEnd: number,
    readonly namedAfter: number,
    /** The decode's top-level `args` keys, for a hit's single-key reads ({@link LazyMapArgs.argValue}). */
    readonly shape: ArgsShape,
  ) {}
}

/** A LazyMapArgs before its first fill. */
const NO_SHAPE_KEYS: readonly string[] = [];

/** A top-level `args` value a hit does not answer from its template (an object: it is decoded). */
const OBJECT: unique symbol = Symbol('object');

/**
 * The top-level keys of a template's `args`, in the decode's order, and what each holds: a
 * pended digit string (its octets relative to the parameter's first: `start` ≥ 0), else the
 * value itself when a primitive, or {@link OBJECT}. A hit has the same keys and the same values
 * but for the pended digits: the same walk stores the same keys, and every other value comes from
 * octets the match compared exactly (test/ss7/map/run.ts checks each key of every decoder vector).
 */
class ArgsShape {
  constructor(
    readonly keys: readonly string[],
    readonly start: Int32Array,
    readonly end: Int32Array,
    readonly values: readonly unknown[],
  ) {}

  /** The index of `key`, -1 when the decode stored none. */
  index(key: string): number {
    const keys = this.keys;
    for (let i = 0; i < keys.length; i++) if (keys[i] === key) return i;
    return -1;
  }
}

const NO_SHAPE = new ArgsShape(NO_SHAPE_KEYS, new Int32Array(0), new Int32Array(0), []);

/** The shape of a deferred decode's `args` (before its pended digits are made), ranges relative to `paramStart`. */
function argsShape(r: ArgReader, paramStart: number): ArgsShape {
  const args = r.args as Record<string, unknown>;
  const keys = Object.keys(args);
  const start = new Int32Array(keys.length).fill(-1);
  const end = new Int32Array(keys.length).fill(-1);
  const values: unknown[] = [];
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const p = r.pendingRange(key);
    const v = args[key];
    if (p >= 0) {
      start[i] = r.pendedStart(p) - paramStart;
      end[i] = r.pendedEnd(p) - paramStart;
      values.push(undefined);
    } else values.push(v !== null && (typeof v === 'object' || typeof v === 'function') ? OBJECT : v);
  }
  return new ArgsShape(keys, start, end, values);
}

/**
 * Whether the parameter at `start` (its length is the template's) has the template's octets and
 * digit classes: a word at a time, its exact bits, then its digit octets' decimal nibbles (a filler
 * nibble is exact bits). measured (callgrind, routine window): an octet at a time through the class
 * table was ~990 instructions a component; three arrays a word and the tail octets through the class
 * table ~565 a call (bench/results-notes.md, "dec18").
 */
function matches(t: Template, view: DataView, bytes: Uint8Array, start: number): boolean {
  // The octets no word compares first (rare: a digit octet with an A-E nibble), so that every later exit is a return.
  if (t.at.length !== 0 && tailMatches(t, bytes, start) !== true) return false;
  // The compared words: the first twelve in straight-line code, each reached only from the one before (an exit
  // returns, no path joins another: a join forgets what TurboFan has checked on either path), the rest in a loop. In
  // the loop TurboFan re-checked the view's and the array's maps, reloaded their lengths and data pointers and
  // overflow-checked each index on every turn (~65 instructions a word; `--print-opt-code` with callgrind's
  // per-instruction counts, bench/results-notes.md "dec22"); here ~33 a word. Each read site takes its offset from
  // the array (an offset made from the template's length or the parameter's end was left a DataView builtin call,
  // ~80 instructions a word).
  const w = t.words;
  const n = w.length;
  if (n === 0) return true;
  if (wordDiffers(view.getInt32(start + w[0]!, true), w, 1) === true) return false;
  if (n <= 5) return true;
  if (wordDiffers(view.getInt32(start + w[5]!, true), w, 6) === true) return false;
  if (n <= 10) return true;
  if (wordDiffers(view.getInt32(start + w[10]!, true), w, 11) === true) return false;
  if (n <= 15) return true;
  if (wordDiffers(view.getInt32(start + w[15]!, true), w, 16) === true) return false;
  if (n <= 20) return true;
  if (wordDiffers(view.getInt32(start + w[20]!, true), w, 21) === true) return false;
  if (n <= 25) return true;
  if (wordDiffers(view.getInt32(start + w[25]!, true), w, 26) === true) return false;
  if (n <= 30) return true;
  if (wordDiffers(view.getInt32(start + w[30]!, true), w, 31) === true) return false;
  if (n <= 35) return true;
  if (wordDiffers(view.getInt32(start + w[35]!, true), w, 36) === true) return false;
  if (n <= 40) return true;
  if (wordDiffers(view.getInt32(start + w[40]!, true), w, 41) === true) return false;
  if (n <= 45) return true;
  if (wordDiffers(view.getInt32(start + w[45]!, true), w, 46) === true) return false;
  if (n <= 50) return true;
  if (wordDiffers(view.getInt32(start + w[50]!, true), w, 51) === true) return false;
  if (n <= 55) return true;
  if (wordDiffers(view.getInt32(start + w[55]!, true), w, 56) === true) return false;
  for (let i = 60; i < n; i += 5) if (wordDiffers(view.getInt32(start + w[i]!, true), w, i + 1) === true) return false;
  return true;
}

/** The octets no word compares ({@link Template}'s `at`): each equal, or its digit classes. */
function tailMatches(t: Template, bytes: Uint8Array, start: number): boolean {
  const at = t.at;
  const expect = t.expect;
  for (let j = 0; j < at.length; j++) {
    const b = bytes[start + at[j]!]!;
    const x = expect[j]!;
    if (x < DIGIT ? b !== x : CLASS[b] !== x - DIGIT) return false;
  }
  return true;
}

/** The word `x` differs from the template's entries at `i` of `w` (mask, value, decimal low nibbles, decimal high nibbles). */
function wordDiffers(x: number, w: Int32Array, i: number): boolean {
  const lo = ((x & 0x0f0f0f0f) + 0x06060606) & w[i + 2]!;
  const hi = (((x >>> 4) & 0x0f0f0f0f) + 0x06060606) & w[i + 3]!;
  return (((x & w[i]!) ^ w[i + 1]!) | lo | hi) !== 0;
}

/** An own range's end relative to the parameter's first octet `start` (-1: none). */
function rel(x: number, start: number): number {
  return x < 0 ? -1 : x - start;
}

/**
 * A template's compared words and other octets ({@link Template}) of the `len` octets at `start`,
 * `digit[i]` set for a pended digit octet: such an octet compares its nibbles' classes (decimal, the
 * filler F, A-E: asn1/tbcd.ts), any other octet its value.
 */
function templateOctets(bytes: Uint8Array, start: number, len: number, digit: Uint8Array): [Int32Array, Int32Array, Uint16Array] {
  const full = (len >> 2) << 2;
  const tail = len >= 4 && full < len;
  const words = new Int32Array(((full >> 2) + (tail ? 1 : 0)) * 5);
  for (let e = 0; e < words.length; e += 5) words[e] = e < (full >> 2) * 5 ? (e / 5) * 4 : len - 4;
  const at: number[] = [];
  const expect: number[] = [];
  for (let i = 0; i < len; i++) {
    // The entry of the word holding octet i (the overlapping last word for the tail octets), and the octet's shift in it.
    const e = 1 + (i < full ? (i >> 2) * 5 : (full >> 2) * 5);
    const shift = i < full ? 8 * (i & 3) : 8 * (i - (len - 4));
    const b = bytes[start + i]!;
    if (len < 4 || (digit[i] === 1 && CLASS[b]! !== 0 && !fillerOrDecimal(b))) {
      at.push(i);
      expect.push(digit[i] === 1 ? DIGIT + CLASS[b]! : b);
      continue;
    }
    if (digit[i] !== 1) {
      words[e]! |= 0xff << shift;
      words[e + 1]! |= b << shift;
      continue;
    }
    // A digit octet of decimal and filler nibbles: each filler compared exactly, each decimal nibble by the nibble test.
    for (let h = 0; h < 2; h++) {
      const v = (b >> (4 * h)) & 0x0f;
      if (v === 0x0f) {
        words[e]! |= 0x0f << (shift + 4 * h);
        words[e + 1]! |= 0x0f << (shift + 4 * h);
      } else words[e + 2 + h]! |= 0x10 << shift;
    }
  }
  return [words, Int32Array.from(at), Uint16Array.from(expect)];
}

/** Both nibbles of `b` decimal or the filler F (no A-E nibble). */
function fillerOrDecimal(b: number): boolean {
  return nibbleClass(b & 0x0f) < 2 && nibbleClass(b >> 4) < 2;
}

/** Per TcapDecoder (its BER depth limit and smsContent option are the decodes' constants). */
export class ParamMemo {
  private readonly slots: (Template | undefined)[] = new Array<Template | undefined>(KEYS * WAYS).fill(undefined);
  private readonly handed = new Uint16Array(KEYS);
  private readonly read = new Uint16Array(KEYS);
  private readonly off = new Uint8Array(KEYS);
  private readonly tried = new Uint16Array(KEYS);
  private readonly missed = new Uint16Array(KEYS);
  /** Templates stored in the key's current window. */
  private readonly storedIn = new Uint16Array(KEYS);
  private readonly cold = new Uint16Array(KEYS);
  /** Parameters matched to a template (not decoded when handed out). */
  hits = 0;
  /** Templates built (one a clean miss while the key is not cold). */
  stored = 0;

  /** The key of (opcode, direction), -1 when not memoised (switched off, or cold after too many misses). */
  key(opcode: number, kind: 'arg' | 'res'): number {
    if (opcode < 0 || opcode >= OPCODES) return -1;
    const k = (opcode << 1) | (kind === 'res' ? 1 : 0);
    if (this.off[k] !== 0) return -1;
    if (this.cold[k] !== 0) {
      this.cold[k]!--;
      return -1;
    }
    return k;
  }

  /** The template the parameter `[start, end)` (of `view` / `bytes`, the same octets) matches, if any. */
  find(k: number, acVersion: number | undefined, view: DataView, bytes: Uint8Array, start: number, end: number): Template | undefined {
    const len = end - start;
    // Longer than any template (store() keeps none): no lookup, and no miss that would make the key cold.
    if (len > MAX_LENGTH) return undefined;
    const acv = acVersion ?? -1;
    const base = k * WAYS;
    if (++this.tried[k]! >= WINDOW) this.endWindow(k);
    for (let w = 0; w < WAYS; w++) {
      const t = this.slots[base + w];
      if (t === undefined) break;
      if (t.length === len && t.acVersion === acv && matches(t, view, bytes, start)) {
        if (w !== 0) {
          // Move to the front: an operation's shapes of one length differ in the digit counts
          // (the filler's octet), and the commonest is then tried first.
          this.slots[base + w] = this.slots[base];
          this.slots[base] = t;
        }
        this.hits++;
        this.handedOut(k);
        return t;
      }
    }
    this.missed[k]!++;
    return undefined;
  }

  /** A window of lookups of key `k` ended: too many misses make the key cold for COLD parameters. */
  private endWindow(k: number): void {
    if (this.missed[k]! * MISS_SHARE > WINDOW || this.storedIn[k]! * STORE_SHARE > WINDOW) this.cold[k] = COLD;
    this.tried[k] = this.missed[k] = this.storedIn[k] = 0;
  }

  /** Keeps the template of a clean deferred decode of `[start, end)` (the caller checked: decoded, no anomaly, nothing joined). */
  store(k: number, acVersion: number | undefined, bytes: Uint8Array, start: number, end: number, r: ArgReader): void {
    const len = end - start;
    if (len > MAX_LENGTH) return;
    const digit = new Uint8Array(len);
    for (let i = 0; i < r.pendedCount; i++) for (let j = r.pendedStart(i); j < r.pendedEnd(i); j++) digit[j - start] = 1;
    const t = new Template(
      len,
      acVersion ?? -1,
      ...templateOctets(bytes, start, len, digit),
      rel(r.imsiStart, start),
      rel(r.imsiEnd, start),
      rel(r.msisdnStart, start),
      rel(r.msisdnEnd, start),
      r.namedAfter,
      argsShape(r, start),
    );
    // The first free way, else the last: hits move their template to the front, so the last way
    // holds one not matched lately and a flood of new shapes keeps replacing only it.
    const base = k * WAYS;
    let w = 0;
    while (w < WAYS - 1 && this.slots[base + w] !== undefined) w++;
    this.slots[base + w] = t;
    this.stored++;
    this.storedIn[k]!++;
  }

  /** A lazy record of key `k` was decoded by a read (of `args`, the event, a key holding an object). */
  wasRead(k: number): void {
    this.read[k]!++;
  }

  private handedOut(k: number): void {
    if (++this.handed[k]! < WINDOW) return;
    if (this.read[k]! * READ_SHARE > WINDOW) this.off[k] = 1;
    this.handed[k] = this.read[k] = 0;
  }
}

/** The own identities of a parameter matched to a template (OwnIdentities, as the reader gives them after a decode). */
export class TemplateIdentities implements OwnIdentities {
  imsiStart = -1;
  imsiEnd = -1;
  msisdnStart = -1;
  msisdnEnd = -1;
  namedAfter = -1;
  readonly depthLimited = false;
  /** A template is of a clean decode: no repeated identity (map.repeated-field is an anomaly). */
  readonly repeated = undefined;
  readonly imsiText = undefined;
  readonly msisdnText = undefined;
  private bytes: Uint8Array = new Uint8Array(0);
  private readonly imsiKey = new TbcdKeyOnce();

  get imsiBytes(): Uint8Array {
    return this.bytes;
  }

  get msisdnBytes(): Uint8Array {
    return this.bytes;
  }

  fill(t: Template, bytes: Uint8Array, start: number): this {
    // Written only when changed (young chunk objects: core/bytes.ts setRecordBytes).
    if (this.bytes !== bytes) this.bytes = bytes;
    this.imsiStart = t.imsiStart < 0 ? -1 : start + t.imsiStart;
    this.imsiEnd = t.imsiEnd < 0 ? -1 : start + t.imsiEnd;
    this.msisdnStart = t.msisdnStart < 0 ? -1 : start + t.msisdnStart;
    this.msisdnEnd = t.msisdnEnd < 0 ? -1 : start + t.msisdnEnd;
    this.namedAfter = t.namedAfter;
    this.imsiKey.forget();
    return this;
  }

  /** As ArgReader.ownImsiKey. */
  ownImsiKey(): number | string {
    return this.imsiKey.of(this.bytes, this.imsiStart, this.imsiEnd);
  }
}

/**
 * The `args` of a record whose parameter matched a template (PendingArgs; the record's `args` is
 * LAZY_ARGS until then): decoded from the message's octets on the first read of the whole object
 * (or of a key holding an object), as the deferring decode would have, every digit string made.
 * One key (`arg`, `argImsiKey`, `argMsisdnKey`: what the Scanner's rules and state read) is
 * answered from the template's {@link ArgsShape} with no decode: a pended key's digits from the
 * message's octets, any other key the template's value.
 */
export class LazyMapArgs implements PendingArgs {
  private view: DataView = new DataView(new ArrayBuffer(0));
  private bytes: Uint8Array = new Uint8Array(0);
  private start = 0;
  private end = 0;
  private opcode = 0;
  private kind: 'arg' | 'res' = 'arg';
  private acVersion: number | undefined = undefined;
  private k = 0;
  private value: EventArgs | undefined = undefined;
  private shape: ArgsShape = NO_SHAPE;
  /** The last pended key's index in `shape` made into its string this fill (-1: none), and the string. */
  private madeAt = -1;
  private made = '';

  constructor(
    private readonly memo: ParamMemo,
    private readonly maxDepth: number,
    private readonly smsContent: boolean,
    /** The hit's own identities (the decoder fills it for the same parameter): the own IMSI's key, made once. */
    private readonly own: TemplateIdentities,
  ) {}

  /** The current record's parameter, matched to `t`. */
  fill(
    k: number,
    opcode: number,
    kind: 'arg' | 'res',
    view: DataView,
    bytes: Uint8Array,
    start: number,
    end: number,
    acVersion: number | undefined,
    t: Template,
  ): this {
    if (this.view !== view) this.view = view;
    if (this.bytes !== bytes) this.bytes = bytes;
    if (this.shape !== t.shape) this.shape = t.shape;
    this.madeAt = -1;
    this.k = k;
    this.opcode = opcode;
    this.kind = kind;
    this.start = start;
    this.end = end;
    this.acVersion = acVersion;
    if (this.value !== undefined) this.value = undefined;
    return this;
  }

  /** LAZY_ARGS until {@link materialize}, then the decoded `args`. */
  get args(): EventArgs {
    return this.value ?? LAZY_ARGS;
  }

  materialize(): void {
    if (this.value !== undefined) return;
    this.memo.wasRead(this.k);
    this.value = this.decode();
  }

  /** `args[key]`: from the template while not decoded (an object-valued key decodes). */
  argValue(key: string): unknown {
    if (this.value === undefined) {
      const s = this.shape;
      const i = s.index(key);
      if (i < 0) return undefined;
      const start = s.start[i]!;
      if (start >= 0) {
        // The digits as the reader's materialize makes them; kept for a second read of the key
        // (a UL's vlrNumber: origin-subscribers, the claim, learn).
        if (this.madeAt === i) return this.made;
        const p = this.start;
        const text = decodeTbcd(this.bytes, p + start, p + s.end[i]!);
        this.madeAt = i;
        this.made = text;
        return text;
      }
      const v = s.values[i];
      if (v !== OBJECT) return v;
      this.materialize();
    }
    return (this.value as Record<string, unknown>)[key];
  }

  /**
   * The identity key of `args[key]` (imsiKeyOf, or msisdnKeyOf when `msisdn`) while not decoded,
   * undefined when it is no string; null once decoded (the record reads the object).
   */
  pendingKey(key: string, msisdn: boolean): IdentityKey | null | undefined {
    if (this.value !== undefined) return null;
    const s = this.shape;
    const i = s.index(key);
    if (i < 0) return undefined;
    const rel = s.start[i]!;
    if (rel < 0) {
      const v = s.values[i];
      return typeof v !== 'string' ? undefined : msisdn ? msisdnKeyOf(v) : imsiKeyOf(v);
    }
    // As ArgReader.pendingKey: the own IMSI's key as the decoder made it, else the range's.
    const start = this.start + rel;
    const end = this.start + s.end[i]!;
    const own = this.own;
    if (!msisdn && start === own.imsiStart && end === own.imsiEnd) return own.ownImsiKey();
    const k = tbcdKey(this.bytes, start, end);
    if (k !== undefined) return k;
    const text = decodeTbcd(this.bytes, start, end);
    return msisdn ? msisdnKeyOf(text) : imsiKeyOf(text);
  }

  /** Before an event takes the scratch reader's IMSI / E.164 lists: the reader holds this parameter's decode. */
  forEvent(): void {
    if (this.value === undefined) this.materialize();
    else if (scratchArgs() !== this.value) this.decode();
  }

  private decode(): EventArgs {
    const res = decodeMapArgumentScratch(
      this.opcode,
      this.kind,
      this.view,
      this.bytes,
      this.start,
      this.end,
      this.acVersion,
      this.maxDepth,
      this.smsContent,
      true,
    );
    res.pending?.materialize();
    return res.args!;
  }
}
