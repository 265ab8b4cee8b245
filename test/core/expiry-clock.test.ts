/**
 * core/expiry-clock.ts: the clock that expires state moves with the capture's own pace, holds a time more than a minute
 * ahead until the capture stays there (2 different seconds within an hour, 4 past it, 4 for an hour after a second source
 * showed itself), and reports a run ahead that came back.
 */
import { describe, expect, it } from 'vitest';
import { ExpiryClock } from '../../src/core/expiry-clock.js';

const T = 1_743_235_200;

/** The clock after each time, and the times whose observe() said a run ahead came back. */
function feed(times: number[]): { now: number[]; back: number[] } {
  const c = new ExpiryClock();
  const now: number[] = [];
  const back: number[] = [];
  for (const t of times) {
    if (c.observe(t)) back.push(t);
    now.push(c.now - T);
  }
  return { now, back };
}

describe('ExpiryClock', () => {
  it('follows times up to a minute ahead at once, never goes back', () => {
    expect(feed([T, T + 5, T + 3, T + 65, T + 125, T + 100])).toEqual({ now: [0, 5, 5, 65, 125, 125], back: [] });
  });

  it('a lone time ahead is held and reported when the capture comes back (K2: 30 days; 1,500 s)', () => {
    for (const lead of [30 * 86_400, 1500]) {
      const c = new ExpiryClock();
      c.observe(T);
      c.observe(T + lead);
      c.observe(T + lead); // the frame's other message: no agreement
      expect([c.now, c.heldSec]).toEqual([T, T + lead]);
      expect(c.observe(T + 1)).toBe(true);
      expect([c.now, c.heldSec, c.skewSec]).toEqual([T + 1, 0, lead]);
    }
  });

  it('an honest quiet gap: the second frame after it (another second) moves the clock, to the earlier of the two', () => {
    expect(feed([T, T + 600, T + 601, T + 602]).now).toEqual([0, 0, 600, 602]);
  });

  it('past an hour, 4 different seconds in a row move it (J3: two or three corrupt headers in a row do not)', () => {
    const far = 30 * 86_400;
    expect(feed([T, T + far, T + far + 1, T + far + 2, T + 1]).now).toEqual([0, 0, 0, 0, 1]);
    expect(feed([T, T + far, T + far + 1, T + far + 2, T + far + 3]).now).toEqual([0, 0, 0, 0, far + 2]);
  });

  it('two interleaved sources (K2d: 400 s apart) age by the one behind; each return is reported', () => {
    const times = [0, 1, 2, 3, 4].flatMap((s) => [T + s, T + 400 + s]);
    const out = feed(times);
    expect(out.now).toEqual([0, 0, 1, 1, 2, 2, 3, 3, 4, 4]);
    expect(out.back).toEqual([T + 1, T + 2, T + 3, T + 4]);
  });

  it('after a return, a burst of 2 or 3 frames of the source ahead does not carry the clock; 4 do', () => {
    expect(feed([T, T + 400, T + 1, T + 401, T + 402, T + 403, T + 2]).now).toEqual([0, 0, 1, 1, 1, 1, 2]);
    expect(feed([T, T + 400, T + 1, T + 401, T + 402, T + 403, T + 404]).now).toEqual([0, 0, 1, 1, 1, 1, 403]);
  });

  it('a time before the held run by more than a minute ends it and starts another', () => {
    const c = new ExpiryClock();
    c.observe(T);
    c.observe(T + 30 * 86_400);
    expect(c.observe(T + 600)).toBe(true); // the far one was an outlier; the gap of 600 s is held in its turn
    expect(c.now).toBe(T);
    // A run just came back: 4 different seconds are needed (however near) for the next hour.
    for (const t of [T + 601, T + 602]) c.observe(t);
    expect(c.now).toBe(T);
    c.observe(T + 603);
    expect(c.now).toBe(T + 602);
  });

  it('at(): a time ahead of the clock is aged by the clock, one behind by itself', () => {
    const c = new ExpiryClock();
    c.observe(T);
    c.observe(T + 400);
    expect([c.at(T + 400), c.at(T - 5)]).toEqual([T, T - 5]);
  });
  it('review 18-A F2 / F1a: the first time is nobody agreement: a later time more than a minute back takes the clock back', () => {
    // A corrupt first record header (30 days ahead), read twice (one message, two readers): the next frame takes the clock back.
    const c = new ExpiryClock();
    for (const t of [T + 30 * 86_400, T + 30 * 86_400]) expect(c.observe(t)).toBe(false);
    expect(c.observe(T)).toBe(true);
    expect([c.now, c.skewSec]).toEqual([T, 30 * 86_400]);
    // A merge of two probes opening with the one 400 s ahead: the clock follows the one behind.
    expect(feed([T + 400, T, T + 401, T + 1, T + 402, T + 2]).now).toEqual([400, 0, 0, 1, 1, 2]);
    // Once a second time within the step agreed, the clock never goes back.
    const d = new ExpiryClock();
    for (const t of [T, T + 1, T - 600]) d.observe(t);
    expect(d.now).toBe(T + 1);
    // A clock settled by a state file (or a restored record) is not taken back by an older time.
    const e = new ExpiryClock();
    e.observe(T);
    e.settle();
    e.observe(T - 7200);
    expect(e.now).toBe(T);
  });
});
