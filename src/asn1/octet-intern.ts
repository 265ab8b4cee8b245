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
 * `t.flags` on a hit (e.g. "had a spare digit", so the caller reports it again).
 */
export class OctetIntern {
  private readonly mask: number;
  private readonly keys: Uint8Array;
  /** Octet count of each slot's key; -1 empty. */
  private readonly lens: Int16Array;
  private readonly tags: Int32Array;
  private readonly flagsOf: Uint8Array;
  private readonly strs: string[];
  /** Slot of the last get() miss (set() writes there); -1 when that value is not internable. */
  private slot = -1;
  /** Flags of the entry returned by the last get() hit. */
  flags = 0;

  constructor(
    slots: number,
    private readonly maxOctets: number,
  ) {
    if (slots <= 0 || (slots & (slots - 1)) !== 0) throw new RangeError(`slots must be a power of two, got ${slots}`);
    this.mask = slots - 1;
    this.keys = new Uint8Array(slots * maxOctets);
    this.lens = new Int16Array(slots).fill(-1);
    this.tags = new Int32Array(slots);
    this.flagsOf = new Uint8Array(slots);
    this.strs = new Array<string>(slots).fill('');
  }

  /** The interned string of `bytes[start, end)` with `tag`, or undefined (then call set()). */
  get(bytes: Uint8Array, start: number, end: number, tag: number): string | undefined {
    const n = end - start;
    if (n > this.maxOctets || n < 0) {
      this.slot = -1;
      return undefined;
    }
    // FNV-1a over the octets, the tag folded in last.
    let h = 0x811c9dc5;
    for (let i = start; i < end; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
    h = Math.imul(h ^ tag, 0x01000193);
    const s = (h ^ (h >>> 15)) & this.mask;
    if (this.lens[s] === n && this.tags[s] === tag) {
      const keys = this.keys;
      const k = s * this.maxOctets;
      let i = 0;
      while (i < n && keys[k + i] === bytes[start + i]) i++;
      if (i === n) {
        this.flags = this.flagsOf[s]!;
        return this.strs[s];
      }
    }
    this.slot = s;
    return undefined;
  }

  /** Stores `value` for the octets of the last get() miss (same bytes, start, end, tag). */
  set(bytes: Uint8Array, start: number, end: number, tag: number, value: string, flags: number): void {
    const s = this.slot;
    if (s < 0) return;
    const k = s * this.maxOctets;
    for (let i = start; i < end; i++) this.keys[k + i - start] = bytes[i]!;
    this.lens[s] = end - start;
    this.tags[s] = tag;
    this.flagsOf[s] = flags;
    this.strs[s] = value;
    this.slot = -1;
  }

  /** Entries in use (for tests: never more than the slot count). */
  get size(): number {
    let n = 0;
    for (let i = 0; i < this.lens.length; i++) if (this.lens[i]! >= 0) n++;
    return n;
  }
}
