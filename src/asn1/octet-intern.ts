/**
 * Bounded intern table for short strings decoded from octets (TBCD IMSI/MSISDN digits, SCCP GT
 * digits): the same octets give back the same string object, so the decode (a char-code loop and
 * String.fromCharCode) is skipped on a hit, and downstream Map/Set lookups keyed by the string
 * (subscriber state, dialogue keys) reuse the hash V8 caches in the string after its first use.
 *
 * Direct-mapped: `slots` (a power of two) entries, a new value overwrites the entry of its slot,
 * so memory is fixed at construction (`slots × maxOctets` key octets + `slots` strings of at most
 * 2 × maxOctets characters); values longer than `maxOctets` are not interned. A hit is confirmed
 * by comparing the stored octets and the caller's `tag` (a decode parameter the string depends on,
 * e.g. the GT digit count), so a hash collision only costs a miss.
 *
 * Use: `const s = t.get(bytes, start, end, tag)`; on undefined decode, then `t.set(s, flags)`
 * (stores under the slot `get` just computed: no second hash). `flags` (0-255) is returned in
 * `t.flags` on a hit (e.g. "had a spare digit", so the caller reports it again). `tag` is compared
 * on its low 16 bits (callers pass 0 or a GT digit count, -1..510).
 *
 * Layout: one Int32Array row per slot — a header word (valid bit, octet count, flags, tag) and
 * the key octets packed four to a word — so a lookup reads one row (one or two cache lines)
 * instead of four parallel arrays (counts, tags, flags, key octets), hashes a word per step (3
 * multiplications for an IMSI instead of 9) and compares words. measured: bench/results-notes.md,
 * "hotdecode branch", step 3.
 *
 * Admission (`admitSecond`): a table of many more distinct values than slots (the TBCD table on
 * the 3M alert flood: 24 k subscribers, 4,096 slots, half the lookups missing) overwrote a slot on
 * every miss, so each stored string lived until another value took its slot: long enough to survive
 * two scavenges and be promoted (~17 MB of the ~75 MB that flood promoted; bench/results-notes.md,
 * "mem4"). With `admitSecond` a miss stores its string only when the same value missed recently
 * too: the first miss leaves a 32-bit fingerprint in a door table (`slots` Int32 words, no heap
 * object), the next miss of that value stores it. A value that recurs (a routine capture's
 * subscribers, a link's GTs) is interned from its second sighting on; one that comes back only
 * after thousands of others mostly finds its fingerprint overwritten and stays a fresh string.
 */
import { FNV_OFFSET, fnvStep } from '../core/hash.js';

export class OctetIntern {
  private readonly mask: number;
  /** Words per row: the header, then ceil(maxOctets / 4) key words. */
  private readonly width: number;
  /** Rows of `width` words; header 0 = empty slot (see {@link header}). */
  private readonly rows: Int32Array;
  private readonly strs: string[];
  /** The key words of the last get(), for set(). */
  private readonly key: Int32Array;
  /** Slot of the last get() miss (set() writes there); -1 when that value is not internable. */
  private slot = -1;
  /** Header and key word count of the last get() miss. */
  private missHeader = 0;
  private missWords = 0;
  /** Flags of the entry returned by the last get() hit. */
  flags = 0;
  /** Fingerprints of recent misses not stored yet (`admitSecond`); empty when every miss is stored. */
  private readonly door: Int32Array;
  private readonly doorMask: number;
  /** Hash of the last get() miss (its door fingerprint, never 0). */
  private missHash = 0;
  /** Strings stored by set() since construction (tests: what admission keeps out). */
  stores = 0;

  /**
   * @param admitSecond store a value only on its second recent miss (see the file comment); the
   *   door table is `slots` Int32 words (measured on the 3M flood: 4 × `slots` promoted 3 MB more).
   */
  constructor(
    slots: number,
    private readonly maxOctets: number,
    admitSecond = false,
  ) {
    if (slots <= 0 || (slots & (slots - 1)) !== 0) throw new RangeError(`slots must be a power of two, got ${slots}`);
    if (maxOctets > 127) throw new RangeError(`maxOctets must be at most 127, got ${maxOctets}`);
    this.mask = slots - 1;
    this.width = 1 + ((maxOctets + 3) >> 2);
    this.rows = new Int32Array(slots * this.width);
    this.strs = new Array<string>(slots).fill('');
    this.key = new Int32Array(this.width - 1);
    this.door = new Int32Array(admitSecond ? slots : 0);
    this.doorMask = admitSecond ? slots - 1 : 0;
  }

  /** The interned string of `bytes[start, end)` with `tag`, or undefined (then call set()). */
  get(bytes: Uint8Array, start: number, end: number, tag: number): string | undefined {
    const n = end - start;
    if (n > this.maxOctets || n < 0) {
      this.slot = -1;
      return undefined;
    }
    // FNV-1a-style over the key words (octets little-endian, zero-padded), the header last.
    const key = this.key;
    let h = FNV_OFFSET;
    let w = 0;
    let i = start;
    for (; i + 4 <= end; i += 4) {
      const k = bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24);
      key[w++] = k;
      h = fnvStep(h, k);
    }
    if (i < end) {
      let k = 0;
      for (let sh = 0; i < end; i++, sh += 8) k |= bytes[i]! << sh;
      key[w++] = k;
      h = fnvStep(h, k);
    }
    const head = header(n, tag);
    h = fnvStep(h, head);
    const s = (h ^ (h >>> 15)) & this.mask;
    const rows = this.rows;
    const r = s * this.width;
    const row0 = rows[r]!;
    if ((row0 & ~0xff00) === head) {
      let j = 0;
      while (j < w && rows[r + 1 + j] === key[j]) j++;
      if (j === w) {
        this.flags = (row0 >> 8) & 0xff;
        return this.strs[s];
      }
    }
    this.slot = s;
    this.missHeader = head;
    this.missWords = w;
    this.missHash = h | 1;
    return undefined;
  }

  /** Stores `value` (and `flags`, 0-255) for the octets and tag of the last get() miss. */
  set(value: string, flags: number): void {
    const s = this.slot;
    if (s < 0) return;
    if (this.door.length !== 0) {
      // The door is indexed by the hash's high bits (the slot took its low ones).
      const d = (this.missHash >>> 11) & this.doorMask;
      if (this.door[d] !== this.missHash) {
        this.door[d] = this.missHash;
        this.slot = -1;
        return;
      }
    }
    this.stores++;
    const rows = this.rows;
    const r = s * this.width;
    rows[r] = this.missHeader | ((flags & 0xff) << 8);
    for (let j = 0; j < this.missWords; j++) rows[r + 1 + j] = this.key[j]!;
    this.strs[s] = value;
    this.slot = -1;
  }

  /** Entries in use (for tests: never more than the slot count). */
  get size(): number {
    let n = 0;
    for (let r = 0; r < this.rows.length; r += this.width) if (this.rows[r] !== 0) n++;
    return n;
  }
}

/** Row header without flags: valid bit 0x80, octet count (< 128) in bits 0-6, tag's low 16 bits in bits 16-31. */
function header(n: number, tag: number): number {
  return 0x80 | n | ((tag & 0xffff) << 16);
}
