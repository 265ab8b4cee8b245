/** The router's UL dialogue table (api/workers-registrations.ts, rt14 G6): by tid and link, the newest `cap`. */
import { describe, expect, it } from 'vitest';
import { RegistrationDialogues } from '../../src/api/workers-registrations.js';

describe('RegistrationDialogues', () => {
  it('finds a UL by its tid and link only, the newest of a tid first', () => {
    const t = new RegistrationDialogues(8);
    t.add(0x0a000022, '552198000011', 310410100000041);
    t.add(0x0a000022, '552198000012', 310410100000042);
    expect(t.imsiOf(0x0a000022, '552198000011')).toBe(310410100000041);
    expect(t.imsiOf(0x0a000022, '552198000012')).toBe(310410100000042);
    expect(t.imsiOf(0x0a000022, '')).toBeUndefined();
    expect(t.imsiOf(0x0a000023, '552198000011')).toBeUndefined();
    t.add(0x0a000022, '552198000011', 310410100000043);
    expect(t.imsiOf(0x0a000022, '552198000011')).toBe(310410100000043);
  });

  it('forgets the oldest when full, whatever tids share its chain', () => {
    const t = new RegistrationDialogues(4);
    t.add(1, 'a', 11);
    t.add(2, 'a', 12);
    t.add(1, 'b', 13);
    t.add(3, 'a', 14);
    t.add(4, 'a', 15); // drops (1, a)
    expect(t.imsiOf(1, 'a')).toBeUndefined();
    expect(t.imsiOf(1, 'b')).toBe(13);
    t.add(5, 'a', 16); // drops (2, a)
    t.add(6, 'a', 17); // drops (1, b): tid 1 leaves the table
    expect([t.imsiOf(2, 'a'), t.imsiOf(1, 'b'), t.imsiOf(3, 'a'), t.imsiOf(6, 'a')]).toEqual([undefined, undefined, 14, 17]);
    expect(t.size).toBe(4);
  });

  it('keeps at most 16 links of one tid: the 17th takes the tid\u2019s oldest, the same link refiles in place (red-team round 16 I5)', () => {
    const t = new RegistrationDialogues(8192);
    // 8,192 ULs sharing one otid from distinct VLR GTs: each later filing walked the whole chain.
    for (let i = 0; i < 8192; i++) t.add(0x0a000022, `86139${String(i).padStart(8, '0')}`, 310410100000000 + i);
    expect(t.size).toBe(16);
    expect(t.imsiOf(0x0a000022, '8613900000000')).toBeUndefined();
    for (let i = 8192 - 16; i < 8192; i++) expect(t.imsiOf(0x0a000022, `86139${String(i).padStart(8, '0')}`)).toBe(310410100000000 + i);
    t.add(0x0a000022, '8613900008191', 310410100099999);
    expect([t.size, t.imsiOf(0x0a000022, '8613900008191')]).toEqual([16, 310410100099999]);
    // Other tids are untouched by the cap.
    t.add(0x0a000023, '8613900000000', 310410100000001);
    expect([t.size, t.imsiOf(0x0a000023, '8613900000000')]).toEqual([17, 310410100000001]);
  });
});
