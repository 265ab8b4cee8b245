/** Byte-to-text helpers shared by every layer. */

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Char codes of HEX[i] at 2i, 2i+1. */
const HEX_CODES: Uint16Array = Uint16Array.from(HEX.join(''), (c) => c.charCodeAt(0));
const fromCharCode = String.fromCharCode;

/** Lower-case hex of `bytes[start, end)` (table lookup: ~3x faster than toString(16) per octet). */
export function hexOf(bytes: Uint8Array, start: number, end: number): string {
  if (end - start === 4) {
    // A 4-octet TCAP transaction id (Q.773 §4.1), 1-2 per message: one string from 8 char codes
    // instead of 3 concatenations. measured (micro-bench, 4 octets): 31-57 ns → 18-23 ns.
    const a = bytes[start]! << 1;
    const b = bytes[start + 1]! << 1;
    const c = bytes[start + 2]! << 1;
    const d = bytes[start + 3]! << 1;
    const h = HEX_CODES;
    return fromCharCode(h[a]!, h[a + 1]!, h[b]!, h[b + 1]!, h[c]!, h[c + 1]!, h[d]!, h[d + 1]!);
  }
  let s = '';
  for (let i = start; i < end; i++) s += HEX[bytes[i]!];
  return s;
}

/** A transaction id's text from its code (≥ 0, {@link tidText}) or its kept text (code −1: ANSI, an odd length, absent). */
export function tidOf(code: number, text: string | undefined): string | undefined {
  return code >= 0 ? tidText(code) : text;
}

/** What keeps a TCAP message's transaction ids: each a code (≥ 0) or, with code −1, a text (undefined: absent). */
interface TidHolder {
  otidCode: number;
  dtidCode: number;
  otidText: string | undefined;
  dtidText: string | undefined;
}

/**
 * `otid` / `dtid` accessors over a {@link TidHolder}: the text made from the code when read, or the
 * kept text; setting a text clears the code. One definition for the TCAP decoder's reused message
 * (own enumerable properties, so copies keep the texts) and MessageRecord (on its prototype).
 */
export function tidAccessors(enumerable: boolean): PropertyDescriptorMap {
  return {
    otid: {
      enumerable,
      get(this: TidHolder) {
        return tidOf(this.otidCode, this.otidText);
      },
      set(this: TidHolder, text: string | undefined) {
        this.otidText = text;
        this.otidCode = -1;
      },
    },
    dtid: {
      enumerable,
      get(this: TidHolder) {
        return tidOf(this.dtidCode, this.dtidText);
      },
      set(this: TidHolder, text: string | undefined) {
        this.dtidText = text;
        this.dtidCode = -1;
      },
    },
  };
}

/**
 * The lower-case hex text of a TCAP transaction id code (ss7/tcap-dialogue-index.ts `hexTidCode`:
 * digits × 2^32 + value), i.e. the text the code was made from; for the code of 1-4 octets (an
 * even number of digits), their {@link hexOf}.
 */
export function tidText(code: number): string {
  const digits = Math.floor(code / 4294967296);
  const v = code - digits * 4294967296;
  if (digits === 8) {
    const a = (v >>> 23) & 0x1fe;
    const b = (v >>> 15) & 0x1fe;
    const c = (v >>> 7) & 0x1fe;
    const d = (v & 0xff) << 1;
    const h = HEX_CODES;
    return fromCharCode(h[a]!, h[a + 1]!, h[b]!, h[b + 1]!, h[c]!, h[c + 1]!, h[d]!, h[d + 1]!);
  }
  let s = '';
  for (let i = 0, w = v; i < digits; i++, w = Math.floor(w / 16)) s = HEX[w % 16]![1] + s;
  return s;
}

/**
 * IP address text: IPv4 dotted quad (len 4), or IPv6 per RFC 5952 §4 (len 16: lower case, no
 * leading zeros, the longest run of two or more zero groups as `::`, §4.2.2: a single zero group
 * is not shortened). Other lengths: hex.
 */
export function ipText(b: Uint8Array, off: number, len: number): string {
  // Joined, not concatenated: `join` makes one flat string, where `+` past 12 characters made a
  // tree of V8 cons strings (3-5 objects) that a flow kept with its address text (heap snapshot,
  // bench/results-notes.md "assocmem").
  if (len === 4) return [b[off], b[off + 1], b[off + 2], b[off + 3]].join('.');
  if (len !== 16) return hexOf(b, off, off + len);
  const g: number[] = [];
  for (let i = 0; i < 8; i++) g.push((b[off + 2 * i]! << 8) | b[off + 2 * i + 1]!);
  let bestAt = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) {
      bestAt = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (x: number[]): string => x.map((v) => v.toString(16)).join(':');
  if (bestAt < 0) return hex(g);
  return [hex(g.slice(0, bestAt)), hex(g.slice(bestAt + bestLen))].join('::');
}

/**
 * Byte access of a codec record. Every per-layer codec has one shape, `decodeX(view, offset, end,
 * out) → end offset | -1` (issue 19, as dns-packet's codecs); a codec that reads octets through a
 * Uint8Array (BER, digits, text) finds it in its `out` record. Pipeline callers already hold the
 * chunk's array and set both with {@link setRecordBytes} (no allocation); any other caller gets it
 * derived once per view by {@link recordBytes}. The record keeps its last chunk referenced until
 * the next decode (one chunk per record).
 */
export interface BytesRecord {
  /** The view `bytes` covers (same buffer, byteOffset and length); undefined before first use. */
  view: DataView | undefined;
  bytes: Uint8Array;
}

/** Placeholder of a record that has not decoded anything yet. */
export const NO_BYTES: Uint8Array = new Uint8Array(0);

/** `out.bytes` for `view`: the caller's array when set for this view, else one derived now. */
export function recordBytes(out: BytesRecord, view: DataView): Uint8Array {
  if (out.view !== view) {
    out.view = view;
    out.bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
  }
  return out.bytes;
}

/**
 * Tells `out` that `bytes` covers exactly `view` (same buffer, byteOffset and length). Each field
 * is written only when it changes: the chunk's view and array are young objects for their whole
 * use (a chunk is ~4,700 messages; a scavenge comes every ~37,000), so storing them into a
 * long-lived record calls V8's write barrier slow path every time, even for the same value — on
 * the per-message path of the decode layers about ten calls per message (callgrind, routine mix:
 * bench/results-notes.md, "deccomp"). The other per-message records (capture record, SCCP unit,
 * MAP argument reader) do the same in place: one shared helper reading fields of more than four
 * record classes made those loads megamorphic (a LoadIC call each).
 */
export function setRecordBytes(out: BytesRecord, view: DataView, bytes: Uint8Array): void {
  if (out.view !== view) out.view = view;
  if (out.bytes !== bytes) out.bytes = bytes;
}
