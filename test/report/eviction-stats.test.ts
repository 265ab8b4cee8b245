/**
 * rt19 M5: a located subscriber evicted from the full subscriber store is said beside the machine
 * outputs too, not only in the summary's Detector section: the `--eve` closing stats record
 * (`located_subscribers_evicted`) and the stderr line closing a `--jsonl` / `--eve` run.
 */
import { describe, expect, it } from 'vitest';
import { eveStatsLine, evictedNote } from '../../src/report/thresholds-text.js';

describe('located subscribers evicted in the EVE stats record and the --jsonl closing line', () => {
  const ts = '2023-11-14T22:36:01.029332Z';

  it('EVE stats name the evictions when a located subscriber was evicted', () => {
    const line = JSON.parse(eveStatsLine(ts, 2, undefined, 0, { evictedLru: 7001, evictedLocated: 3, evictedClaimOnly: 6998 }));
    expect(line).toEqual({
      timestamp: ts,
      event_type: 'stats',
      stats: { sigwatch: { alerts: 2, subscribers_evicted: 7001, located_subscribers_evicted: 3, claim_only_subscribers_evicted: 6998 } },
    });
    expect(evictedNote({ evictedLru: 7001, evictedLocated: 3, evictedClaimOnly: 6998 })).toBe(
      '; 3 located subscribers evicted (subscriber table full, limits.subscribers)',
    );
  });

  it('say nothing when none was (claim-only evictions are the flood itself, counted in the summary)', () => {
    const line = JSON.parse(eveStatsLine(ts, 2, undefined, 1, { evictedLru: 6001, evictedLocated: 0, evictedClaimOnly: 6001 }));
    expect(line.stats).toEqual({ sigwatch: { alerts: 2, no_origin: 1 } });
    expect(evictedNote({ evictedLru: 6001, evictedLocated: 0, evictedClaimOnly: 6001 })).toBe('');
    expect(evictedNote(undefined)).toBe('');
  });
});
