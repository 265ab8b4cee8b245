/**
 * E.164 digits → country, by longest prefix. Built once (lazily) from libphonenumber-js metadata
 * (MIT; `metadata.full.json`, which unlike `.min` keeps every region's number-type patterns —
 * needed to see where a main region overlaps a secondary one; version in {@link E164_DATA}): every country calling code
 * (ITU-T E.164) maps to its main region; for codes shared by several regions (+1 NANP, +7, +44,
 * +39, +47, +61, +212, +262, +290, +358, +590, +599) each region's distinguishing prefixes come
 * from the metadata's leading-digits pattern or, where it has none (CA, GG, JE, CC, CX, EH, YT, BL,
 * MF), from its fixed-line, mobile and pager patterns. Ranges the metadata gives to two regions
 * (EH's numbers are all inside MA's patterns; CC/CX mobiles are AU's) stay with the main region. Number *validation* is never used: a node
 * GT such as '1242357' (7 digits, not a valid subscriber number) still resolves by prefix.
 */

import { createRequire } from 'node:module';
import type { MetadataJson } from 'libphonenumber-js';
import { DigitTrie } from './digit-trie.js';
import { patternPrefixes } from './pattern-prefixes.js';
import { E164_SPLITS, type E164SplitPack } from './e164-splits.js';

/** One longest-prefix answer. Objects are shared and frozen: never mutate. */
export interface E164Match {
  /** ISO 3166-1 alpha-2 as libphonenumber names it (also 'XK' Kosovo, 'AC'/'TA' reservations). */
  readonly country?: string;
  /** The ITU country calling code ('1', '7', '44', ...). */
  readonly callingCode: string;
  /** The prefix that decided (calling code plus leading digits). */
  readonly prefix: string;
  /** True for the non-geographic codes (+800, +808, +870, +881, +882, +883, +888, +979). */
  readonly nonGeographic?: true;
}

const require = createRequire(import.meta.url);

/** Metadata provenance, for DATA.md and `sigwatch --version` style reports. */
export const E164_DATA = {
  source: 'libphonenumber-js metadata.full.json (MIT), derived from Google libphonenumber PhoneNumberMetadata.xml',
  version: (require('libphonenumber-js/package.json') as { version: string }).version,
} as const;

/**
 * Prefixes the metadata does not carry. Each entry cites its source.
 * - +7 6xx: Kazakhstan was assigned zone codes 6xx and 7xx of the unified +7 plan by the
 *   Russia–Kazakhstan agreement of 11 June 2006; the metadata only lists 7xx ('7').
 */
const SUPPLEMENT: readonly (readonly [prefix: string, country: string])[] = [['76', 'KZ']];

// Compressed-metadata slots (libphonenumber-js source/metadata.js, format version 4).
/** A region's possible national significant number lengths (format version 4, slot 3). */
const POSSIBLE_LENGTHS = 3;
const LEADING_DIGITS = 10;
const TYPES = 11;
/** Geographic number types: fixed line, mobile, pager. Toll-free, premium, personal, VoIP and
 * UAN ranges are shared across a calling code (e.g. NANP 8xx), so they must not pick a region. */
const GEO_TYPES = [0, 1, 7] as const;
/** A subtree owned by one region is collapsed to its root when at least this many of the root's
 * ten children belong to it: '1416[2-9]' becomes '1416', so node GTs such as '14160...' that no
 * subscriber number uses still land in Canada; a lone '18001' (DO) does not take all of +1 800. */
const COLLAPSE_MIN_CHILDREN = 5;

type Plan = readonly unknown[];

/**
 * Prefixes a region claims. A secondary region is decided by its leading digits when the metadata
 * has them (that is how libphonenumber picks it). The main region's leading digits are coarse
 * (MA '[5-8]' would swallow EH's '528[89]'), so it, like secondaries without leading digits,
 * claims through its geographic number patterns.
 */
function regionClaims(plan: Plan, isMain: boolean): Set<string> {
  const leading = plan[LEADING_DIGITS];
  if (!isMain && typeof leading === 'string' && leading !== '') return patternPrefixes(leading);
  const claims = new Set<string>();
  const types = plan[TYPES];
  if (!Array.isArray(types)) return claims;
  for (const t of GEO_TYPES) {
    const entry: unknown = types[t];
    const pattern: unknown = Array.isArray(entry) ? entry[0] : undefined;
    if (typeof pattern === 'string' && pattern !== '') for (const p of patternPrefixes(pattern)) claims.add(p);
  }
  return claims;
}

interface Node {
  kids: (Node | undefined)[];
  regions: Set<string>;
  /** Union of regions in this subtree. */
  below: Set<string>;
}

const node = (): Node => ({ kids: [], regions: new Set(), below: new Set() });

/** Assigns distinguishing prefixes of a shared calling code to its non-main regions. */
function splitSharedCode(cc: string, main: string, claims: Map<string, Set<string>>, put: (p: string, r: string) => void): void {
  const root = node();
  for (const [region, prefixes] of claims) {
    for (const prefix of prefixes) {
      let n = root;
      n.below.add(region);
      for (const ch of prefix) {
        const d = ch.charCodeAt(0) - 48;
        n = n.kids[d] ??= node();
        n.below.add(region);
      }
      n.regions.add(region);
    }
  }
  // A claimed prefix covers every longer number, so a region claiming an ancestor competes with
  // every claim below it (`covering`). Where two regions compete the prefix stays with its
  // ancestor, ultimately the main region.
  const walk = (n: Node, path: string, covering: ReadonlySet<string>): void => {
    const here = n.regions.size > 0 ? new Set([...covering, ...n.regions]) : covering;
    if (n.below.size === 1 && here.size <= 1) {
      const [only] = n.below;
      if (only === undefined || only === main || (here.size === 1 && !here.has(only))) return;
      let owned = 0;
      for (const k of n.kids) if (k !== undefined) owned++;
      if (n.regions.size > 0 || owned >= COLLAPSE_MIN_CHILDREN) {
        put(cc + path, only);
        return;
      }
    }
    n.kids.forEach((k, d) => {
      if (k !== undefined) walk(k, path + String.fromCharCode(48 + d), here);
    });
  };
  walk(root, '', new Set());
}

/**
 * The prefixes that split shared calling code `cc` of `md` among its non-main regions, in the
 * order the table writes them (the supplement not included).
 */
export function splitEntries(md: MetadataJson, cc: string): [prefix: string, region: string][] {
  const regions = md.country_calling_codes[cc] ?? [];
  const main = regions[0]!;
  const claims = new Map<string, Set<string>>();
  for (const region of regions) {
    const plan = (md.countries as Record<string, Plan | undefined>)[region];
    if (plan !== undefined) claims.set(region, regionClaims(plan, region === main));
  }
  const entries: [prefix: string, region: string][] = [];
  splitSharedCode(cc, main, claims, (p, r) => entries.push([p, r]));
  return entries;
}

/**
 * The E.164 table, with the prefixes that split a shared calling code computed the first time a
 * number under that code is looked up. measured (issue 19, "scandet"): expanding every shared
 * code's patterns (~6,100 prefixes, +1 alone ~3,300) cost 30-80 ms of CPU, TurboFan's compiling of
 * the expansion included, on the first lookup of any scan — 2-3 % of the 755 k routine mix
 * through the Scanner, whose ~4 E.164 lookups (the attributor caches the rest) name +86 and +7.
 * The result is the same as splitting every code at once: no calling code of the metadata is a
 * prefix of another (test/attribution/e164-lazy.test.ts checks it), so one code's split prefixes
 * never lie under another code, and a code's entries are written in the same order (main region,
 * split prefixes, supplement) either way.
 *
 * With the shipped metadata the split prefixes come from {@link E164_SPLITS} (written by
 * `npm run e164:pack` with {@link splitEntries}; test/attribution/e164-splits.test.ts fails while
 * it differs from what the metadata gives): measured (bench/results-notes.md, "scanhot"), the
 * routine mix's one split (+1, 84 prefixes) cost 44-58 ms of CPU per scan, ~70 % of it TurboFan
 * compiling the pattern expansion, which then ran once. The expansion runs only for metadata
 * the pack was not written from (another libphonenumber-js version, a test's own metadata).
 */
export class E164Table {
  private readonly trie = new DigitTrie<E164Match>();
  /** Shared calling codes not split yet → their regions (main first). */
  private readonly unsplit = new Map<string, readonly string[]>();
  private readonly md: MetadataJson;
  /** The packed split prefixes by calling code, when they were written from `md`. */
  private readonly packed: E164SplitPack['codes'] | undefined;
  /** {@link longestNsn} by calling code, computed on first use. */
  private readonly nsnLengths = new Map<string, number | undefined>();

  /**
   * `md`: libphonenumber-js's full metadata (a test passes its own); `pack`: split prefixes
   * written from it, used when written from this libphonenumber-js version (default: the
   * shipped {@link E164_SPLITS}, for the shipped metadata only).
   */
  constructor(md?: MetadataJson, pack: E164SplitPack | undefined = md === undefined ? E164_SPLITS : undefined) {
    md ??= require('libphonenumber-js/metadata.full.json') as MetadataJson;
    this.md = md;
    this.packed = pack !== undefined && pack.version === E164_DATA.version ? pack.codes : undefined;
    for (const [cc, regions] of Object.entries(md.country_calling_codes)) {
      const main = regions[0];
      if (main === undefined) continue;
      this.put(cc, main, cc);
      if (regions.length >= 2) this.unsplit.set(cc, regions);
    }
    for (const cc of Object.keys(md.nonGeographic)) {
      this.trie.set(cc, Object.freeze({ callingCode: cc, prefix: cc, nonGeographic: true }));
    }
    for (const [prefix, country] of SUPPLEMENT) {
      const cc = this.trie.longest(prefix)?.callingCode ?? prefix;
      if (!this.unsplit.has(cc)) this.put(prefix, country, cc);
    }
  }

  longest(digits: string): E164Match | undefined {
    const m = this.trie.longest(digits);
    if (m === undefined || !this.unsplit.has(m.callingCode)) return m;
    this.split(m.callingCode);
    return this.trie.longest(digits);
  }

  /**
   * The longest national significant number (E.164 §6: the number after the country code) of
   * calling code `cc`, over every region sharing it (the metadata's possible lengths): 10 for
   * +1, 9 for +33, 15 for +49. Undefined for a code the metadata does not know.
   */
  longestNsn(cc: string): number | undefined {
    const known = this.nsnLengths.get(cc);
    if (known !== undefined || this.nsnLengths.has(cc)) return known;
    const plans = (this.md.country_calling_codes[cc] ?? []).map((r) => (this.md.countries as Record<string, Plan | undefined>)[r]);
    plans.push((this.md.nonGeographic as Record<string, Plan | undefined>)[cc]);
    let max: number | undefined;
    for (const plan of plans) {
      const lengths = plan?.[POSSIBLE_LENGTHS];
      if (Array.isArray(lengths)) for (const n of lengths) if (typeof n === 'number' && (max === undefined || n > max)) max = n;
    }
    this.nsnLengths.set(cc, max);
    return max;
  }

  /** Shared calling codes split so far (for the tests: a lookup splits only its own code). */
  get splitCodes(): string[] {
    return Object.keys(this.md.country_calling_codes).filter((cc) => (this.md.country_calling_codes[cc]?.length ?? 0) >= 2 && !this.unsplit.has(cc));
  }

  /** Writes the prefixes of shared code `cc`'s non-main regions, then the supplement's under it. */
  private split(cc: string): void {
    // Written only once the whole split is computed: metadata the expander cannot read (a newer
    // libphonenumber-js) throws in splitEntries and leaves the code unsplit, so every lookup under
    // it throws again rather than answering from a half-built code.
    const entries = this.packed?.[cc] ?? splitEntries(this.md, cc);
    this.unsplit.delete(cc);
    for (const [p, r] of entries) this.put(p, r, cc);
    for (const [prefix, country] of SUPPLEMENT) if (this.trie.longest(prefix)?.callingCode === cc) this.put(prefix, country, cc);
  }

  private put(prefix: string, country: string, cc: string): void {
    this.trie.set(prefix, Object.freeze({ country, callingCode: cc, prefix }));
  }
}

let table: E164Table | undefined;

/**
 * Longest-prefix country of international-format E.164 digits (country code first, no '+').
 * Returns a shared frozen object, or undefined when no calling code matches.
 */
export function lookupE164(digits: string): E164Match | undefined {
  return (table ??= new E164Table()).longest(digits);
}

/** The longest national significant number of calling code `cc` ({@link E164Table.longestNsn}). */
export function longestNsn(cc: string): number | undefined {
  return (table ??= new E164Table()).longestNsn(cc);
}

/** The shared calling codes whose split prefixes were computed so far in this process (tests). */
export function e164SplitCodes(): string[] {
  return table?.splitCodes ?? [];
}

/** Calling codes and the regions sharing each, straight from the metadata (for tests and docs). */
export function callingCodeRegions(): Readonly<Record<string, readonly string[]>> {
  return (require('libphonenumber-js/metadata.full.json') as MetadataJson).country_calling_codes;
}
