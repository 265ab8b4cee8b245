/**
 * src/attribution/e164-splits.ts, the shared calling codes' split prefixes written by
 * `npm run e164:pack`: they must be what the installed metadata gives, and the shipped table
 * takes them instead of expanding the region patterns.
 */
import { createRequire } from 'node:module';
import type { MetadataJson } from 'libphonenumber-js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { E164_DATA, E164Table, splitEntries } from '../../src/attribution/e164.js';
import { E164_SPLITS } from '../../src/attribution/e164-splits.js';

const md = createRequire(import.meta.url)('libphonenumber-js/metadata.full.json') as MetadataJson;
const shared = Object.entries(md.country_calling_codes)
  .filter(([, regions]) => regions.length >= 2)
  .map(([cc]) => cc);

afterEach(() => {
  vi.doUnmock('../../src/attribution/pattern-prefixes.js');
  vi.resetModules();
});

describe('E164_SPLITS', () => {
  it('was written from the installed metadata (else run `npm run e164:pack`)', () => {
    expect(E164_SPLITS.version).toBe(E164_DATA.version);
    expect(Object.keys(E164_SPLITS.codes)).toEqual(shared);
    for (const cc of shared) expect(E164_SPLITS.codes[cc], `+${cc}`).toEqual(splitEntries(md, cc));
  });

  it('the shipped table splits a shared code without expanding a pattern', async () => {
    vi.resetModules();
    vi.doMock('../../src/attribution/pattern-prefixes.js', () => ({
      patternPrefixes: () => {
        throw new Error('pattern expanded');
      },
    }));
    const { lookupE164, e164SplitCodes, E164Table: Table } = await import('../../src/attribution/e164.js');
    expect(lookupE164('14165550000')?.country).toBe('CA');
    expect(lookupE164('12425550000')?.country).toBe('BS');
    expect(lookupE164('12025550000')?.country).toBe('US');
    expect(lookupE164('77012345678')?.country).toBe('KZ');
    expect(lookupE164('76012345678')?.country).toBe('KZ'); // the +7 6xx supplement, after the packed split
    expect(lookupE164('447781123456')?.country).toBe('GG');
    expect(e164SplitCodes().sort()).toEqual(['1', '44', '7']);
    // A table of other metadata (here: the same, passed in) still expands its patterns.
    expect(() => new Table(md).longest('14165550000')).toThrow('pattern expanded');
  });

  it('a pack is used only when written from the installed libphonenumber-js version', () => {
    const codes = { '1': [['1202', 'JM']] as const };
    expect(new E164Table(undefined, { version: E164_DATA.version, codes }).longest('12025550000')?.country).toBe('JM');
    expect(new E164Table(undefined, { version: '0.0.0', codes }).longest('12025550000')?.country).toBe('US');
    expect(new E164Table(md).longest('12025550000')?.country).toBe('US');
  });
});
