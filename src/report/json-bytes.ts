/**
 * JSON text written as UTF-8 bytes into reused buffers, exactly the bytes of
 * `Buffer.from(jsonSafe(JSON.stringify(v)), 'utf8')` (ECMA-262 §25.5.2 JSON.stringify, then
 * report/safe-text.ts jsonSafe: DEL, C1, U+2028/9 and the bidi controls as `\uXXXX`), for the
 * `--jsonl` alert lines (report/alert-bytes.ts, issue 19).
 *
 * Why bytes: an alert line as a string (~1.5 kB) was built by JSON.stringify, joined with its
 * neighbours, scanned by jsonSafe's regular expression and encoded to UTF-8 by the stream: four
 * passes and three copies of every byte, plus the garbage (GC was 23 % of the flood's CLI profile).
 * Here each string of the alert is escaped and encoded once, where it is written; fixed text
 * (keys, punctuation) is copied from precomputed bytes.
 *
 * Buffers are not written again once handed out by {@link JsonBytes.take}: a full buffer is
 * replaced by another (the line being written moves with it), so a stream may keep what it got,
 * until the consumer says it has written everything taken ({@link JsonBytes.written}): then the
 * replaced 1 MiB buffers are kept (at most {@link SPARE}) and written again. Without that reuse
 * the CLI's flood `--jsonl` allocated its 820 MB of output in fresh buffers, which outlived
 * scavenges (promoted, freed at mark-compacts only): measured 150 k flood `--jsonl` peak RSS
 * 160 → 146 MB, the summary's (bench/results-notes.md, section "cliheap").
 * Held between two take() calls: the lines written since (the CLI takes them after every chunk
 * of capture it pushes, and waits for the stream to have written them), in buffers of 1 MiB or
 * twice the longest line.
 */

/** A buffer handed out holds at least this much (a few hundred alert lines); a longer line gets a bigger one. */
import { digitCount } from '../core/digit-key.js';
import { POW10, isoSecond, isoTimestamp } from '../core/time.js';
import { jsonEscapedUnit } from './safe-text.js';

const CHUNK = 1 << 20;
/**
 * Written buffers kept for reuse (≤ 8 MiB): a 1 MiB capture chunk of the alert flood makes 4-6 MB
 * of lines. measured (reportmem2): with 4, the 755 k flood allocated 28 fresh 1 MiB buffers and
 * the 3,000,001-message flood's `--jsonl` held ~30 MB of dropped ones as ArrayBuffer garbage
 * until a mark-compact (peak RSS 244 → 203 MiB with 8, before the collector changes).
 */
const SPARE = 8;
/**
 * Strings this long or longer that need no escape are copied by `Buffer#write(…, 'latin1')` after
 * one regular-expression test: measured (Node 20, flat one-byte strings) the JS loop below costs
 * ~2.1 ns per character, the test ~0.64 ns per character and the copy ~35 ns per call, so the
 * native path wins from ~25 characters on (explanations, Session-Ids, hosts, realms, the source).
 */
const NATIVE_MIN = 24;
/**
 * `buf.write(s, p, n, 'latin1')`, by the method it calls (Buffer.prototype.latin1Write, present
 * since Node 0.x and not in the documentation) when there is one: the wrapper's argument
 * checks and encoding lookup were ~60 % of the native copies' self time in the CLI flood's
 * profile (bench/results-notes.md "ser2"). Same bytes, same return value.
 */
type Latin1Write = (buf: Buffer, s: string, p: number, n: number) => number;
const latin1: Latin1Write =
  typeof (Buffer.prototype as { latin1Write?: unknown }).latin1Write === 'function'
    ? (buf, s, p, n) => (buf as Buffer & { latin1Write(s: string, p: number, n: number): number }).latin1Write(s, p, n)
    : (buf, s, p, n) => buf.write(s, p, n, 'latin1');

/** Any code unit {@link JsonBytes.str} does not copy as one byte: C0, `"`, `\\`, and everything from DEL up. */
const ESCAPED = /[^\x20\x21\x23-\x5b\x5d-\x7e]/;
/** Nesting past this goes through JSON.stringify (which throws on cycles, as the reference does). */
const MAX_DEPTH = 32;
const HEX = '0123456789abcdef';
/** Bounds of the kept object-key bytes ({@link JsonBytes} `keys`): ≤ 1,024 keys of ≤ 64 characters (≤ 400 kB). */
const KEYS_KEPT = 1024;
const KEY_KEPT_CHARS = 64;

/**
 * Precomputed bytes (keys, punctuation, kept fragments), seen as bytes and as 32-bit words in the
 * host's byte order over one buffer (the last word padded): {@link JsonBytes.bytes} writes a short
 * one with ⌈length/4⌉ DataView stores, a long one with one native copy. Measured (Node 20,
 * fragments of 8–48 bytes at arbitrary offsets): 9–15 ns per fragment, against 14–24 ns for one
 * native `set` and ~1–3 ns per byte for a byte loop; an alert line copies ~27 of them.
 */
export class Frag {
  /** Byte length (the words hold ⌈length/4⌉ × 4 bytes). */
  readonly length: number;
  /** The bytes (a view of the words' buffer). */
  readonly u8: Uint8Array;
  /** The same bytes as host-order words. */
  readonly words: Int32Array;
  /** Index of the first `{` (-1: none), for {@link JsonBytes.opened}. */
  readonly brace: number;
  constructor(bytes: Uint8Array) {
    this.brace = bytes.indexOf(123);
    this.length = bytes.length;
    const words = new Int32Array((bytes.length + 3) >> 2);
    this.u8 = new Uint8Array(words.buffer, 0, bytes.length);
    this.u8.set(bytes);
    this.words = words;
  }
}
/** The host's byte order, for the words' stores (their memory is the fragment's bytes). */
const HOST_LE = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
/**
 * Fragments this long or longer are copied by one native `set` instead of word stores. measured
 * (bench/results-notes.md, "floodpath"): in the 150 k flood's `--jsonl` an alert copies ~27
 * fragments, 4.3 of them of 144–368 bytes (the rule's part, the evidence's kept opening, the
 * origin): ~80 % of the fragment bytes; callgrind put the word loop at ~5,300 instructions per alert.
 */
const NATIVE_FRAG = 64;

/** UTF-8 of ASCII text (keys, punctuation). */
export function ascii(s: string): Frag {
  const b = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i);
  return new Frag(b);
}

/** The bytes of fragments one after the other, as one fragment (one copy where there were several). */
export function joined(...fs: readonly Frag[]): Frag {
  let n = 0;
  for (const f of fs) n += f.length;
  const b = new Uint8Array(n);
  let p = 0;
  for (const f of fs) {
    b.set(f.u8, p);
    p += f.length;
  }
  return new Frag(b);
}

/**
 * `head` + `sec` + `.` as a fragment: `f` (made as `head` + a second's text + `.`) rewritten in
 * place when that is its length (core/time.ts isoSecond's texts are all 19 characters), else (the
 * first second written) a new one. measured (bench/results-notes.md "writer9"): two new fragments
 * per new second (three typed arrays each, one every ~9 flood alerts) cost ~400 instructions per
 * alert in the flood's callgrind window.
 */
function secondBytes(f: Frag, head: string, sec: string): Frag {
  if (f.length !== head.length + sec.length + 1) return ascii(`${head}${sec}.`);
  const b = f.u8;
  let p = head.length;
  for (let i = 0; i < sec.length; i++) b[p++] = sec.charCodeAt(i);
  b[p] = 46;
  return f;
}

const TRUE = ascii('true');
const INDEX_0_TS = ascii(',"index":0,"ts":');
const FALSE = ascii('false');

export class JsonBytes {
  /** A Buffer (`write(…, 'latin1')` copies checked text natively, see {@link str}). */
  buf: Buffer = Buffer.allocUnsafeSlow(CHUNK);
  /** Over {@link buf} (word stores of {@link bytes}). */
  private dv = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
  pos = 0;
  /** Start of the bytes not handed out yet. */
  private start = 0;
  /** Start of the line being written (the end of the complete lines). */
  private lineStart = 0;
  /** Complete buffers waiting for {@link take} (a line that did not fit moved to a new buffer). */
  private full: Uint8Array[] = [];
  /** Buffers replaced since the last take(): their lines are in `full`. */
  private retired: Buffer[] = [];
  /** Buffers replaced up to the last take(), all their lines handed out: reusable once {@link written}. */
  private handedOut: Buffer[] = [];
  /** Written 1 MiB buffers, reused by grow(). */
  private spare: Buffer[] = [];

  /** Room for `n` more bytes: the line being written moves to a new buffer. */
  private grow(n: number): void {
    // The line being written starts at `lineStart`: what precedes it is complete and is kept for take().
    const lineStart = this.lineStart;
    if (lineStart > this.start) this.full.push(this.buf.subarray(this.start, lineStart));
    const partial = this.pos - lineStart;
    // Unsafe (uninitialised) memory: only the bytes written are ever handed out.
    const size = Math.max(CHUNK, (partial + n) * 2);
    const next = size === CHUNK && this.spare.length > 0 ? this.spare.pop()! : Buffer.allocUnsafeSlow(size);
    next.set(this.buf.subarray(lineStart, this.pos));
    this.retired.push(this.buf);
    this.buf = next;
    this.dv = new DataView(next.buffer, next.byteOffset, next.byteLength);
    this.pos = partial;
    this.start = 0;
    this.lineStart = 0;
  }

  /** Ends the line being written: it is complete, {@link take} hands it out. */
  endLine(): void {
    this.lineStart = this.pos;
  }

  /** The complete lines written since the last call (empty array when none); their buffers are not reused. */
  take(): Uint8Array[] {
    const out = this.full;
    this.full = [];
    if (this.lineStart > this.start) out.push(this.buf.subarray(this.start, this.lineStart));
    this.start = this.lineStart;
    // Start a new buffer when little room is left (the old one belongs to the consumer now);
    // grow() moves an unfinished line along, whatever its length.
    if (this.buf.length - this.pos < CHUNK >> 4) this.grow(0);
    // Buffers handed out before and not confirmed written are left to the consumer (and the GC).
    this.handedOut = this.retired;
    this.retired = [];
    return out;
  }

  /**
   * The consumer has written every buffer handed out by take() so far (and keeps none of them):
   * the 1 MiB buffers among them are reused.
   */
  written(): void {
    for (const b of this.handedOut) if (b.length === CHUNK && this.spare.length < SPARE) this.spare.push(b);
    this.handedOut = [];
  }

  /**
   * A fragment that opens an object and may start its first member (`,"key":{"member":`): the
   * {@link mark} of its `{`, for {@link close} (which then only appends `}`).
   */
  opened(f: Frag): number {
    this.bytes(f);
    return this.mark() - (f.length - f.brace);
  }

  /**
   * Precomputed ASCII/UTF-8 bytes: a long fragment by one native copy, a short one by word stores
   * (the padding past the end is overwritten by what follows).
   */
  bytes(f: Frag): void {
    const n = f.length;
    if (n >= NATIVE_FRAG) {
      if (this.pos + n > this.buf.length) this.grow(n);
      this.buf.set(f.u8, this.pos);
      this.pos += n;
      return;
    }
    const w = f.words;
    const nw = w.length;
    if (this.pos + nw * 4 > this.buf.length) this.grow(nw * 4);
    const dv = this.dv;
    const p = this.pos;
    for (let i = 0; i < nw; i++) dv.setInt32(p + i * 4, w[i]!, HOST_LE);
    this.pos = p + n;
  }

  byte(c: number): void {
    if (this.pos + 1 > this.buf.length) this.grow(1);
    this.buf[this.pos++] = c;
  }

  /** Text known to be ASCII with nothing to escape (number texts). */
  asciiText(s: string): void {
    const n = s.length;
    if (this.pos + n > this.buf.length) this.grow(n);
    const buf = this.buf;
    let p = this.pos;
    for (let i = 0; i < n; i++) buf[p++] = s.charCodeAt(i);
    this.pos = p;
  }

  /** A JSON number (JSON.stringify writes non-finite numbers as null). */
  num(n: number): void {
    if (n >= 0 && n < 1e9 && (n | 0) === n) {
      // Digits written directly (frame numbers, counters): no string per number.
      const len = digitCount(n);
      if (this.pos + len > this.buf.length) this.grow(len);
      this.digits(n, len);
      return;
    }
    this.asciiText(Number.isFinite(n) ? '' + n : 'null');
  }

  /**
   * `"` + core/time.ts isoTimestamp(tsSec, tsNsec, digits) + `"`: `"` + the second's text + `.`
   * kept for the last second written (consecutive alerts share it), the fraction's digits
   * written directly (no string built per timestamp).
   */
  isoTs(tsSec: number, tsNsec: number, digits: number, index0 = false): void {
    if (!(tsNsec >= 0 && tsNsec < 1e9 && (tsNsec | 0) === tsNsec && digits >= 1 && digits <= 9 && (digits | 0) === digits)) {
      if (index0) this.bytes(INDEX_0_TS);
      this.str(isoTimestamp(tsSec, tsNsec, digits));
      return;
    }
    if (tsSec !== this.sec) {
      // isoSecond's text is ASCII digits, `-`, `+`, `:` and `T`: nothing to escape.
      const sec = isoSecond(tsSec);
      this.secBytes = secondBytes(this.secBytes, '"', sec);
      this.sec0Bytes = secondBytes(this.sec0Bytes, ',"index":0,"ts":"', sec);
      this.sec = tsSec;
    }
    this.bytes(index0 ? this.sec0Bytes : this.secBytes);
    if (this.pos + 11 > this.buf.length) this.grow(11);
    // The leading `digits` digits of the 9-digit fraction (truncated, as isoTimestamp's slice).
    this.digits(digits === 6 ? (tsNsec / 1000) | 0 : (tsNsec / POW10[9 - digits]!) | 0, digits);
    const buf = this.buf;
    buf[this.pos] = 90; // Z
    buf[this.pos + 1] = 34;
    this.pos += 2;
  }

  /**
   * The last `len` decimal digits of the integer `v` (0 ≤ v < 2^31), zero-padded, written from the
   * last one back: the division by the constant 10 is a multiplication in optimised code (the
   * loop that divided by a variable power of ten cost two float divisions per digit: measured,
   * bench/results-notes.md "ser2"). The caller has made room for them.
   */
  private digits(v: number, len: number): void {
    const buf = this.buf;
    const start = this.pos;
    let p = start + len;
    do {
      const q = (v / 10) | 0;
      buf[--p] = 48 + v - q * 10;
      v = q;
    } while (p > start);
    this.pos = start + len;
  }
  /** The second {@link secBytes} was made for (NaN: none yet; isoSecond's memo compares with `===` too). */
  private sec = NaN;
  private secBytes: Frag = ascii('"');
  /** `,"index":0,"ts":` + {@link secBytes} (the evidence of a message first in its frame). */
  private sec0Bytes: Frag = ascii('"');

  /**
   * `"` + `s` + `"` for text known to hold only characters JSON and jsonSafe write as themselves
   * (printable ASCII other than `"` and `\\`: detect/alert.ts builtTs): copied without looking
   * for characters to escape (the native copy reads a cons string without flattening it).
   */
  plainText(s: string): void {
    const n = s.length;
    if (this.pos + n + 2 > this.buf.length) this.grow(n + 2);
    const buf = this.buf;
    let p = this.pos;
    buf[p++] = 34;
    if (n >= NATIVE_MIN) p += latin1(buf, s, p, n);
    else for (let i = 0; i < n; i++) buf[p++] = s.charCodeAt(i);
    buf[p++] = 34;
    this.pos = p;
  }

  /**
   * A JSON string literal, escaped as QuoteJSONString (ECMA-262 §25.5.2.3) and jsonSafe do:
   * `"` `\` and C0 escaped (named where JSON has a name), lone surrogates as `\udXXX`, DEL, C1,
   * U+2028/9 and the bidi controls as `\uXXXX`; everything else UTF-8 encoded.
   */
  str(s: string): void {
    const n = s.length;
    if (n >= NATIVE_MIN && !ESCAPED.test(s)) {
      // Nothing to escape: one native copy of the text (each character is one byte).
      if (this.pos + n + 2 > this.buf.length) this.grow(n + 2);
      const buf = this.buf;
      let p = this.pos;
      buf[p++] = 34;
      p += latin1(buf, s, p, n);
      buf[p++] = 34;
      this.pos = p;
      return;
    }
    // Worst case: 6 bytes per code unit (`\u00XX`), plus the quotes.
    if (this.pos + n * 6 + 2 > this.buf.length) this.grow(n * 6 + 2);
    const buf = this.buf;
    let p = this.pos;
    buf[p++] = 34;
    let i = 0;
    for (; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x20 && c < 0x7f && c !== 34 && c !== 92) buf[p++] = c;
      else break;
    }
    if (i < n) p = this.strSlow(s, i, p);
    buf[p++] = 34;
    this.pos = p;
  }

  /** The rest of {@link str} from the first code unit that is not plain ASCII. */
  private strSlow(s: string, i: number, p: number): number {
    const buf = this.buf;
    const n = s.length;
    for (; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x20 && c < 0x7f) {
        if (c === 34 || c === 92) buf[p++] = 92;
        buf[p++] = c;
      } else if (c < 0x20) {
        buf[p++] = 92;
        if (c === 8) buf[p++] = 98;
        else if (c === 9) buf[p++] = 116;
        else if (c === 10) buf[p++] = 110;
        else if (c === 12) buf[p++] = 102;
        else if (c === 13) buf[p++] = 114;
        else p = unicodeEscape(buf, p, c);
      } else if (jsonEscapedUnit(c)) {
        // jsonSafe: DEL, C1, line/paragraph separators and bidi controls.
        buf[p++] = 92;
        p = unicodeEscape(buf, p, c);
      } else if (c < 0x800) {
        buf[p++] = 0xc0 | (c >> 6);
        buf[p++] = 0x80 | (c & 0x3f);
      } else if (c >= 0xd800 && c <= 0xdfff) {
        const d = i + 1 < n ? s.charCodeAt(i + 1) : 0;
        if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
          const cp = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
          buf[p++] = 0xf0 | (cp >> 18);
          buf[p++] = 0x80 | ((cp >> 12) & 0x3f);
          buf[p++] = 0x80 | ((cp >> 6) & 0x3f);
          buf[p++] = 0x80 | (cp & 0x3f);
          i++;
        } else {
          // A lone surrogate: JSON.stringify (well-formed, ES2019) escapes it.
          buf[p++] = 92;
          p = unicodeEscape(buf, p, c);
        }
      } else {
        buf[p++] = 0xe0 | (c >> 12);
        buf[p++] = 0x80 | ((c >> 6) & 0x3f);
        buf[p++] = 0x80 | (c & 0x3f);
      }
    }
    return p;
  }

  /**
   * JSON text (a JSON.stringify result) as jsonSafe and UTF-8 encoding write it: quotes and
   * backslashes are already escaped; DEL, C1, U+2028/9 and bidi controls become `\uXXXX`.
   */
  jsonText(t: string): void {
    const n = t.length;
    if (this.pos + n * 6 > this.buf.length) this.grow(n * 6);
    const buf = this.buf;
    let p = this.pos;
    for (let i = 0; i < n; i++) {
      const c = t.charCodeAt(i);
      if (c < 0x7f) buf[p++] = c;
      else if (jsonEscapedUnit(c)) {
        buf[p++] = 92;
        p = unicodeEscape(buf, p, c);
      } else if (c < 0x800) {
        buf[p++] = 0xc0 | (c >> 6);
        buf[p++] = 0x80 | (c & 0x3f);
      } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
        // JSON.stringify leaves only valid pairs unescaped.
        const cp = 0x10000 + ((c - 0xd800) << 10) + (t.charCodeAt(++i) - 0xdc00);
        buf[p++] = 0xf0 | (cp >> 18);
        buf[p++] = 0x80 | ((cp >> 12) & 0x3f);
        buf[p++] = 0x80 | ((cp >> 6) & 0x3f);
        buf[p++] = 0x80 | (cp & 0x3f);
      } else {
        buf[p++] = 0xe0 | (c >> 12);
        buf[p++] = 0x80 | ((c >> 6) & 0x3f);
        buf[p++] = 0x80 | (c & 0x3f);
      }
    }
    this.pos = p;
  }

  /**
   * `,"key":value` for an object member, or nothing when JSON.stringify would omit the member
   * (undefined, a function, a symbol). `key` is the precomputed `,"key":` text.
   */
  member(key: Frag, v: unknown): void {
    // Strings, numbers and booleans first: most members (no mark, no rewind, no dispatch).
    if (typeof v === 'string') {
      this.bytes(key);
      this.str(v);
    } else if (typeof v === 'number') {
      this.bytes(key);
      this.num(v);
    } else if (typeof v === 'boolean') {
      this.bytes(key);
      this.bytes(v ? TRUE : FALSE);
    } else if (v !== undefined) {
      const at = this.mark();
      this.bytes(key);
      if (!this.value(v, 0)) this.rewind(at);
    }
  }

  /**
   * `,"key":[` (`open`) + an array of strings + `]` as JSON.stringify writes it (the evidence's
   * E.164 and IMSI lists: no dispatch per element); anything else through {@link member}.
   */
  strings(key: Frag, open: Frag, v: unknown): void {
    if (!Array.isArray(v) || Object.getPrototypeOf(v) !== Array.prototype || inheritedToJson()) {
      this.member(key, v);
      return;
    }
    const a = v as unknown[];
    const at = this.mark();
    this.bytes(open);
    for (let i = 0; i < a.length; i++) {
      const x = a[i];
      if (typeof x !== 'string') {
        this.rewind(at);
        this.member(key, v);
        return;
      }
      if (i > 0) this.byte(44);
      this.str(x);
    }
    this.byte(93);
  }

  /**
   * The write position relative to the line's start (a buffer that fills up moves the line to a
   * new one, so absolute positions taken before a write may not hold after it).
   */
  mark(): number {
    return this.pos - this.lineStart;
  }

  rewind(mark: number): void {
    this.pos = this.lineStart + mark;
  }

  /**
   * Any value as JSON.stringify writes it; false (nothing written) where it writes undefined.
   * Plain objects and arrays are walked here (keys in Object.keys order, SerializeJSONObject's
   * EnumerableOwnProperties); anything else that is an object (toJSON, class instances, typed
   * arrays, Map) goes through JSON.stringify itself.
   */
  value(v: unknown, depth: number): boolean {
    switch (typeof v) {
      case 'string':
        this.str(v);
        return true;
      case 'number':
        this.num(v);
        return true;
      case 'boolean':
        this.asciiText(v ? 'true' : 'false');
        return true;
      case 'object':
        if (v === null) {
          this.asciiText('null');
          return true;
        }
        if (depth < MAX_DEPTH && !inheritedToJson()) {
          // A plain object or array: walked here. (An own `toJSON` key sends the object to
          // JSON.stringify in object(); reading `v.toJSON` on every object was a megamorphic
          // miss, the writer's costliest line.)
          const proto = Object.getPrototypeOf(v) as unknown;
          if (proto === Array.prototype) {
            if (Array.isArray(v)) {
              this.array(v as unknown[], depth);
              return true;
            }
          } else if (proto === Object.prototype || proto === null) {
            return this.object(v as Record<string, unknown>, depth);
          }
        }
        return this.stringified(v);
      case 'bigint':
        return this.stringified(v); // throws TypeError, as the reference does
      default:
        return false; // undefined, function, symbol
    }
  }

  private stringified(v: unknown): boolean {
    const t = JSON.stringify(v) as string | undefined;
    if (t === undefined) return false;
    this.jsonText(t);
    return true;
  }

  private array(a: readonly unknown[], depth: number): void {
    this.byte(91);
    for (let i = 0; i < a.length; i++) {
      if (i > 0) this.byte(44);
      if (!this.value(a[i], depth + 1)) this.asciiText('null');
    }
    this.byte(93);
  }

  private object(o: Record<string, unknown>, depth: number): boolean {
    // Members are written each with a leading comma; the first comma becomes the opening brace.
    const open = this.mark();
    // for…in instead of Object.keys (no key array per object, as keyMask): it lists the own
    // enumerable string keys first, in Object.keys order, then inherited enumerable ones, which
    // JSON.stringify does not write: the walk stops at the first key that is not own.
    for (const k in o) {
      if (!hasOwn.call(o, k)) break;
      if (k === 'toJSON') {
        this.rewind(open);
        return this.stringified(o);
      }
      const x = o[k];
      if (typeof x === 'string') {
        this.key(k);
        this.str(x);
      } else if (typeof x === 'number') {
        this.key(k);
        this.num(x);
      } else if (x !== undefined) {
        const at = this.mark();
        this.key(k);
        if (!this.value(x, depth + 1)) this.rewind(at);
      }
    }
    this.close(open);
    return true;
  }

  /**
   * `,"k":` of object keys written by the generic walk, kept as bytes (the operation arguments'
   * keys repeat on every alert; a key is a property name, whose hash V8 keeps in the string):
   * one Map lookup and a word copy instead of the escaping loop. Bounded: keys of at most
   * {@link KEY_KEPT_CHARS} characters, at most {@link KEYS_KEPT} of them (then it starts over).
   */
  private readonly keys = new Map<string, Frag>();

  /** `,"k":` of an object key: the string escaped as {@link str} writes it, with the comma and colon. */
  private key(k: string): void {
    const kept = this.keys.get(k);
    if (kept !== undefined) {
      this.bytes(kept);
      return;
    }
    // Line-relative: keyText may grow the buffer, which moves the line being written.
    const at = this.mark();
    this.keyText(k);
    if (k.length <= KEY_KEPT_CHARS) {
      if (this.keys.size >= KEYS_KEPT) this.keys.clear();
      // The bytes just written, by construction the same as keyText writes.
      this.keys.set(k, new Frag(this.buf.subarray(this.lineStart + at, this.pos)));
    }
  }

  private keyText(k: string): void {
    const n = k.length;
    if (this.pos + n * 6 + 4 > this.buf.length) this.grow(n * 6 + 4);
    this.buf[this.pos++] = 44;
    this.str(k);
    this.buf[this.pos++] = 58;
  }

  /**
   * `[[a,b],[c,d],…]` of an array of number pairs (Diameter's AVP list) as JSON.stringify writes
   * it; an element of any other form goes through {@link value}.
   */
  pairs(a: readonly unknown[]): void {
    // Each element costs at most 24 bytes here (two numbers of up to 10 characters, or null).
    this.byte(91);
    for (let i = 0; i < a.length; i++) {
      const x = a[i];
      if (i > 0) this.byte(44);
      if (Array.isArray(x) && x.length === 2 && Object.getPrototypeOf(x) === Array.prototype) {
        const u = x[0] as unknown;
        const v = x[1] as unknown;
        if (typeof u === 'number' && typeof v === 'number') {
          this.byte(91);
          this.num(u);
          this.byte(44);
          this.num(v);
          this.byte(93);
          continue;
        }
      }
      if (!this.value(x, 1)) this.asciiText('null');
    }
    this.byte(93);
  }

  /**
   * The `{` of an object opened at {@link mark} `open` whose members were written, each with a
   * leading comma, the last one by a fragment that also holds the closing `}` (what {@link close}
   * writes when a member was written).
   */
  openBrace(open: number): void {
    this.buf[this.lineStart + open] = 123;
  }

  /**
   * Copies `n` bytes written earlier in the line being written, from its {@link mark} `from`
   * (line-relative: a buffer that filled up since moved the line, and the mark with it).
   */
  again(from: number, n: number): void {
    if (this.pos + n > this.buf.length) this.grow(n);
    const buf = this.buf;
    let q = this.lineStart + from;
    let p = this.pos;
    for (const end = q + n; q < end; ) buf[p++] = buf[q++]!;
    this.pos = p;
  }

  /** Ends an object whose members were written from {@link mark} `open`, each with a leading comma. */
  close(open: number): void {
    const at = this.lineStart + open;
    if (this.pos === at) this.byte(123);
    else this.buf[at] = 123;
    this.byte(125);
  }
}

/**
 * Which keys of `canon` a plain object has, as a bit mask (bit i: `canon[i]`), when its own
 * enumerable keys (Object.keys: the keys and order JSON.stringify writes, ECMA-262 §25.5.2.5
 * SerializeJSONObject) are all in `canon` and in its order; -1 when not (another order, another
 * key, `toJSON`, not a plain object, an inherited `toJSON`): then the caller writes the object
 * through the generic walk. A shape writer that writes `canon`'s members in order where the mask
 * has them writes exactly what JSON.stringify writes. At most 31 keys.
 */
export function keyMask(o: unknown, canon: readonly string[]): number {
  if (typeof o !== 'object' || o === null || inheritedToJson()) return -1;
  const proto = Object.getPrototypeOf(o) as unknown;
  if (proto === null) return ownKeyMask(Object.keys(o), canon);
  if (proto !== Object.prototype) return -1;
  // for-in instead of Object.keys (issue 19, alertcpu): no key array allocated per object (the
  // shape checks' arrays were ~380 B per flood alert); V8 walks the map's enum cache. for-in
  // lists the own enumerable string keys first, in Object.keys order, then inherited enumerable
  // ones: an inherited key (a polluted Object.prototype) sends the object to the generic walk.
  let j = 0;
  let mask = 0;
  for (const k in o) {
    if (!hasOwn.call(o, k)) return -1;
    while (j < canon.length && canon[j] !== k) j++;
    if (j === canon.length) return -1;
    mask |= 1 << j++;
  }
  return mask;
}

const hasOwn = Object.prototype.hasOwnProperty;

function ownKeyMask(keys: readonly string[], canon: readonly string[]): number {
  let j = 0;
  let mask = 0;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    while (j < canon.length && canon[j] !== k) j++;
    if (j === canon.length) return -1;
    mask |= 1 << j++;
  }
  return mask;
}

/**
 * A `toJSON` that plain objects or arrays would inherit (JSON.stringify calls it): then every
 * object goes through JSON.stringify. (Two monomorphic loads per object. Not looked for: a
 * non-enumerable own `toJSON` on a plain object and an own `toJSON` on an array; no event or alert has one.)
 */
function inheritedToJson(): boolean {
  return (Object.prototype as { toJSON?: unknown }).toJSON !== undefined || (Array.prototype as { toJSON?: unknown }).toJSON !== undefined;
}

function unicodeEscape(buf: Uint8Array, p: number, c: number): number {
  buf[p++] = 117; // u
  buf[p++] = HEX.charCodeAt((c >> 12) & 15);
  buf[p++] = HEX.charCodeAt((c >> 8) & 15);
  buf[p++] = HEX.charCodeAt((c >> 4) & 15);
  buf[p++] = HEX.charCodeAt(c & 15);
  return p;
}
