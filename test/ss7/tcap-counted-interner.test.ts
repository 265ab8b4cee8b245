/**
 * ss7/tcap-dialogue-index.ts CountedInterner: ids without references are freed in sweeps that
 * walk the whole map, so a sweep must wait until the released ids are a fixed share of the map
 * (red-team review: with a fixed 1,024 every 1,024th release of a 1,000,000-entry map walked it).
 */
import { describe, expect, it } from 'vitest';
import { CountedInterner } from '../../src/ss7/tcap-dialogue-index.js';

/** Interns and references `n` texts; returns their ids. */
function filled(t: CountedInterner, n: number): number[] {
  const ids: number[] = [];
  for (let i = 0; i < n; i++) {
    const id = t.intern(`tid-${i}`);
    t.ref(id);
    ids.push(id);
  }
  return ids;
}

describe('CountedInterner sweeps', () => {
  it('keeps released texts until they are more than half of a large map, then frees all of them', () => {
    const t = new CountedInterner();
    const ids = filled(t, 10_000);
    for (let i = 0; i < 5_000; i++) t.unref(ids[i]!);
    expect(t.size).toBe(10_000); // 5,000 released of 10,000: not more than half yet
    t.unref(ids[5_000]!);
    expect(t.size).toBe(4_999);
    expect(t.get('tid-0')).toBeUndefined();
    expect(t.get('tid-9999')).toBe(ids[9_999]);
  });

  it('sweeps a small map after 1,024 releases, and reuses the freed ids', () => {
    const t = new CountedInterner();
    const ids = filled(t, 1_500);
    for (let i = 0; i < 1_025; i++) t.unref(ids[i]!);
    expect(t.size).toBe(475);
    const again = t.intern('new');
    expect(again).toBeLessThan(1_500);
    expect(t.names[again]).toBe('new');
  });

  it('a released text referenced again before a sweep keeps its id', () => {
    const t = new CountedInterner();
    const [a] = filled(t, 1);
    t.unref(a!);
    expect(t.intern('tid-0')).toBe(a);
  });
});
