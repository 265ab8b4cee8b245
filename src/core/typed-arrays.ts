/** The typed arrays that back the slot tables (correlate, subscriber claims, Diameter transactions, registrations, TCAP dialogues). */
type SlotArray = Int32Array | Uint32Array | Float64Array | Uint16Array | Uint8Array;

/** A copy of `old` grown to `length` elements (same type; the new tail is zero). */
export function grown<T extends SlotArray>(old: T, length: number): T {
  const to = new (old.constructor as new (n: number) => T)(length);
  to.set(old);
  return to;
}
