/**
 * CappedMap / Interner (core/capped-map.ts), the bounded memo maps of the correlator, the
 * subscriber store, the TCAP decoder (application contexts), the dialogue table (PC/SSN keys) and
 * the evidence fragments: hits return what was stored, the size never passes the bound, and a set
 * on a full map starts it over.
 */
import { describe, expect, it } from 'vitest';
import { CappedMap, Interner } from '../../src/core/capped-map.js';

describe('CappedMap', () => {
  it('keeps up to max keys, then starts over with the new one', () => {
    const m = new CappedMap<number, string>(3);
    for (let i = 0; i < 3; i++) m.set(i, `v${i}`);
    expect([m.size, m.get(0), m.get(2)]).toEqual([3, 'v0', 'v2']);
    m.set(3, 'v3');
    expect([m.size, m.get(0), m.get(2), m.get(3)]).toEqual([1, undefined, undefined, 'v3']);
  });

  it('never holds more than max keys over a spray of distinct keys', () => {
    const m = new CappedMap<string, number>(64);
    let peak = 0;
    for (let i = 0; i < 10_000; i++) {
      if (m.get(`k${i % 1000}`) === undefined) m.set(`k${i % 1000}`, i);
      peak = Math.max(peak, m.size);
    }
    expect(peak).toBe(64);
  });
});

describe('Interner', () => {
  it('returns equal text and adds a key only for new text, within its bound', () => {
    const t = new Interner(4);
    const a = ['4917', '99'].join('');
    expect(t.intern(a)).toBe('491799');
    expect(t.intern(['4917', '99'].join(''))).toBe('491799');
    expect(t.size).toBe(1);
    for (const s of ['a', 'b', 'c']) t.intern(s);
    expect(t.size).toBe(4);
    t.intern('d'); // full: starts over
    expect([t.size, t.get('a'), t.get('d')]).toEqual([1, undefined, 'd']);
  });
});
