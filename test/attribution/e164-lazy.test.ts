import { describe, expect, it, vi } from 'vitest';
import { createRequire } from 'node:module';
import type { MetadataJson } from 'libphonenumber-js';
import type { E164Match } from '../../src/attribution/e164.js';

interface Fresh {
  lookupE164(digits: string): E164Match | undefined;
  e164SplitCodes(): string[];
  callingCodeRegions(): Readonly<Record<string, readonly string[]>>;
}

/** A fresh copy of the module: its table is built from nothing, as in a new process. */
async function fresh(): Promise<Fresh> {
  vi.resetModules();
  const { lookupE164, e164SplitCodes, callingCodeRegions } = await import('../../src/attribution/e164.js');
  return { lookupE164, e164SplitCodes, callingCodeRegions };
}

/** Every digit string of 1..`n` digits under each calling code in `codes`, and a few long numbers. */
function probes(codes: readonly string[], n: number): string[] {
  const out: string[] = [];
  for (const cc of codes) {
    out.push(cc);
    let layer = [cc];
    for (let len = 1; len <= n; len++) {
      const next: string[] = [];
      for (const p of layer) for (let d = 0; d <= 9; d++) next.push(p + d);
      out.push(...next);
      layer = next;
    }
    for (const p of layer) out.push(`${p}123456`);
  }
  return out;
}

/** Deterministic shuffle (xorshift32), so a failure names its order. */
function shuffled<T>(xs: readonly T[], seed: number): T[] {
  const a = [...xs];
  let s = seed >>> 0 || 1;
  for (let i = a.length - 1; i > 0; i--) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    const j = (s >>> 0) % (i + 1);
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

describe('lookupE164: shared calling codes split on first use', () => {
  it('a lookup splits only its own calling code', async () => {
    const m = await fresh();
    expect(m.lookupE164('8613800138000')?.country).toBe('CN');
    expect(m.lookupE164('4917200123')?.country).toBe('DE');
    expect(m.e164SplitCodes()).toEqual([]);
    expect(m.lookupE164('77012345678')?.country).toBe('KZ');
    expect(m.e164SplitCodes()).toEqual(['7']);
    expect(m.lookupE164('14165550000')?.country).toBe('CA');
    expect(m.e164SplitCodes().sort()).toEqual(['1', '7']);
  });

  it('answers do not depend on which codes were split before', async () => {
    const shared = Object.entries((await fresh()).callingCodeRegions())
      .filter(([, r]) => r.length >= 2)
      .map(([cc]) => cc);
    expect(shared.length).toBeGreaterThan(5);
    // What the lazy split relies on: no calling code is a prefix of another.
    const codes = Object.keys((await fresh()).callingCodeRegions());
    expect(codes.filter((a) => codes.some((b) => b !== a && b.startsWith(a)))).toEqual([]);
    // Every code up to 4 digits past it (+1: 3 digits past it, 1,111 strings), and the unshared +86, +49 and +800.
    const all = [...probes(shared, 3), ...probes(['86', '49', '800'], 2), '', '0', '9999'];
    // Reference: every shared code split before the first answer is read.
    const ref = await fresh();
    for (const cc of shared) ref.lookupE164(`${cc}0`);
    expect(ref.e164SplitCodes().sort()).toEqual([...shared].sort());
    const want = new Map(all.map((d) => [d, ref.lookupE164(d)]));
    for (const seed of [1, 2, 3]) {
      const lazy = await fresh();
      const got = new Map(shuffled(all, seed).map((d) => [d, lazy.lookupE164(d)]));
      const differ = all.filter((d) => got.get(d) !== want.get(d) && JSON.stringify(got.get(d)) !== JSON.stringify(want.get(d)));
      expect(differ, `order ${seed}`).toEqual([]);
    }
  });
});

describe('a split that fails', () => {
  it('leaves the code unsplit: every lookup under it throws again, other codes answer (no half-built code)', async () => {
    const { E164Table } = await import('../../src/attribution/e164.js');
    const md = structuredClone(createRequire(import.meta.url)('libphonenumber-js/metadata.full.json')) as MetadataJson;
    // A leading-digits pattern the expander does not read (lookahead), as newer metadata might bring.
    (md.countries as unknown as Record<string, unknown[]>).GG![10] = '(?!0)1481';
    const t = new E164Table(md);
    for (let i = 0; i < 3; i++) {
      expect(() => t.longest('441481123456')).toThrow(SyntaxError);
      expect(() => t.longest('447700900123')).toThrow(SyntaxError);
    }
    expect(t.longest('4930123456')?.country).toBe('DE');
    expect(t.splitCodes).not.toContain('44');
    // The same table object with the real metadata splits +44 and answers GG.
    expect(new E164Table().longest('441481123456')?.country).toBe('GG');
  });
});
