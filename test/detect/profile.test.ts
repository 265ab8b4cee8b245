import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ErrorCode, SigwatchError } from '../../src/core/errors.js';
import { loadProfile } from '../../src/detect/profile.js';

describe('loadProfile', () => {
  it('loads the example profile: networks become NetworkEntry, durations seconds', () => {
    const p = loadProfile(fileURLToPath(new URL('../../rules/profiles/example.yaml', import.meta.url)));
    expect(p.home).toMatchObject({ name: 'Example Mobile', plmn: '310410', gtPrefixes: ['1202555'], inferred: false });
    expect(p.networks[0]).toEqual({
      name: 'Example Transit Carrier',
      country: 'HK',
      role: 'transit',
      gtPrefixes: ['85290000'],
      realms: [],
      pointCodes: [2345],
      source: 'example',
      date: '2025-03-01',
    });
    expect(p.thresholds.multi_origin).toEqual({ distinct: 3, window: 86400 });
    expect(p.thresholds.bypass_window).toBe(3600);
  });

  it('fills defaults for an empty profile', () => {
    const p = loadProfile({});
    expect(p.home.gtPrefixes).toEqual([]);
    expect(p.thresholds.velocity_kmh).toBe(1000);
  });

  it('names file, path and line of a bad value', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sigwatch-profile-'));
    const file = join(dir, 'p.yaml');
    writeFileSync(file, 'home:\n  name: X\nnetworks:\n  - name: Y\n    country: China\n');
    let err: unknown;
    try {
      loadProfile(file);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SigwatchError);
    expect(err).toMatchObject({ code: ErrorCode.BAD_PROFILE, file, path: 'networks.0.country', line: 5 });
  });

  it.each([
    ['an empty file', '', 1],
    ['a file of comments', '# home: {gt_prefixes: ["1202555"]}\n', 1],
    ['home: {}', 'home: {}\n', 1],
    ['a home with a name and country only', 'partners: []\nhome: {name: Example Mobile, country: US}\n', 2],
    ['partners only', 'partners:\n  - {name: P, gt_prefixes: ["8190120"]}\n', 1],
  ])('a profile file whose home names no network is refused, with the line (red team 18 L3): %s', (_, text, line) => {
    // Read as a home that matches nothing, such a file turned every "from outside home" rule off: fewer alerts than no profile.
    const file = join(mkdtempSync(join(tmpdir(), 'sigwatch-profile-')), 'p.yaml');
    writeFileSync(file, text);
    let err: unknown;
    try {
      loadProfile(file);
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code: ErrorCode.BAD_PROFILE, file, line });
    expect((err as Error).message).toContain('home names no network');
    // One prefix is enough: the same file naming home by its realm loads.
    writeFileSync(file, `${text.replace(/^home: .*$/m, '')}\nhome: {realms: [epc.mnc410.mcc310.3gppnetwork.org]}\n`);
    expect(loadProfile(file).home.realms).toEqual(['epc.mnc410.mcc310.3gppnetwork.org']);
  });

  it('rejects unknown keys and bad durations', () => {
    expect(() => loadProfile({ hom: {} })).toThrow(/hom/);
    expect(() => loadProfile({ thresholds: { multi_origin: { distinct: 3, window: 'soon' } } })).toThrow(/thresholds\.multi_origin\.window: not a duration/);
  });
});
