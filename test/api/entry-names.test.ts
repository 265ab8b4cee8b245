/**
 * Issue 19: one name, one thing. The entry points a user can import (`sigwatch`, `sigwatch/ss7`,
 * `sigwatch/diameter`, ... every code entry of package.json `exports`) must not export two
 * different values under one name: `decodeTcap` is the TCAP codec everywhere, the event-returning
 * convenience functions are `decode*Events`.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

interface ExportEntry {
  default?: string;
}

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { exports: Record<string, string | ExportEntry> };

/** `./dist/ss7/index.js` → the source module the build compiles it from. */
const entries = Object.entries(pkg.exports)
  .map(([name, target]) => [name, typeof target === 'string' ? target : target.default] as const)
  .filter((e): e is readonly [string, string] => e[1] !== undefined && /^\.\/dist\/.*\.js$/.test(e[1]))
  .map(([name, target]) => [name === '.' ? 'sigwatch' : `sigwatch/${name.slice(2)}`, `../../src/${target.slice('./dist/'.length)}`] as const);

describe('public entry points', () => {
  it('cover the layer entry points', () => {
    expect(entries.map(([n]) => n)).toEqual(expect.arrayContaining(['sigwatch', 'sigwatch/ss7', 'sigwatch/diameter']));
  });

  it('export no two different values under one name', async () => {
    const seen = new Map<string, { from: string; value: unknown }>();
    const clashes: string[] = [];
    for (const [entry, path] of entries) {
      const mod = (await import(/* @vite-ignore */ path)) as Record<string, unknown>;
      for (const [name, value] of Object.entries(mod)) {
        const first = seen.get(name);
        if (first === undefined) seen.set(name, { from: entry, value });
        else if (first.value !== value) clashes.push(`${name}: ${first.from} and ${entry}`);
      }
    }
    expect(seen.size).toBeGreaterThan(100);
    expect(clashes).toEqual([]);
  });

  it('name the event-returning functions apart from the codecs', async () => {
    const root = (await import('../../src/index.js')) as Record<string, unknown>;
    const ss7 = (await import('../../src/ss7/index.js')) as Record<string, unknown>;
    const diameter = (await import('../../src/diameter/index.js')) as Record<string, unknown>;
    for (const n of ['decodeM3uaEvents', 'decodeSccpEvents', 'decodeTcapEvents', 'decodeDiameterEvents']) expect(typeof root[n], n).toBe('function');
    for (const n of ['decodeM3ua', 'decodeSccp', 'decodeTcap']) expect([n, typeof ss7[n], root[n]]).toEqual([n, 'function', undefined]);
    expect([typeof diameter.decodeDiameter, typeof diameter.decodeDiameterMessage, root.decodeDiameter]).toEqual(['function', 'function', undefined]);
  });
});
