/**
 * The conformance run (ARCHITECTURE.md §7): decode every capture in DIR that has a
 * `NAME.golden.jsonl` beside it, compare field by field, one line per file, then exactly one
 * closing line `conformance: A/B golden lines agree (P%) over N files`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeBatches } from '../api/decode.js';
import { isSigwatchError } from '../core/errors.js';
import type { SignallingEvent } from '../events/types.js';
import { compareLine, groupEvents, type Disagreement } from './compare.js';
import { compareArgsLine } from './compare-args.js';
import { parseGoldenArgs, type GoldenArgsLine } from './golden-args.js';
import { isExcepted, type ConformanceException } from './exceptions.js';
import { parseGolden } from './golden.js';
import { optionsFromTshark, parseManifest } from './manifest.js';

export interface FileResult {
  file: string;
  /** Golden lines by protocol. */
  total: { tcap: number; diameter: number };
  agree: { tcap: number; diameter: number };
  /** Disagreeing lines covered by a reasoned exception. */
  excepted: number;
  /** Messages sigwatch decoded that have no golden line. */
  extra: number;
  disagreements: Disagreement[];
  /** Disagreements not covered by an exception. */
  unexplained: Disagreement[];
  error?: string;
  ignoredOptions: string[];
  /** Argument-level comparison, when `NAME.args.jsonl` is present. */
  args?: ArgsFileResult;
}

interface ArgsFileResult {
  /** Fields compared: args keys of MAP components plus Diameter AVP entries. */
  fields: number;
  agree: number;
  /** Disagreeing fields covered by a reasoned exception. */
  excepted: number;
  disagreements: Disagreement[];
  unexplained: Disagreement[];
}

export interface ConformanceSummary {
  files: FileResult[];
  total: number;
  agree: number;
  byProto: { tcap: { total: number; agree: number }; diameter: { total: number; agree: number } };
  /** Argument-level totals over the files that have `NAME.args.jsonl`. */
  args: { files: number; fields: number; agree: number };
}

export interface ConformanceOptions {
  exceptions?: readonly ConformanceException[];
  /** Only files whose name matches. */
  filter?: RegExp;
}

export function goldenCaptures(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.golden.jsonl') && existsSync(join(dir, f.slice(0, -'.golden.jsonl'.length))))
    .map((f) => f.slice(0, -'.golden.jsonl'.length))
    .sort();
}

async function conformanceFile(dir: string, file: string, tsharkOpts: string, exceptions: readonly ConformanceException[]): Promise<FileResult> {
  const golden = parseGolden(readFileSync(join(dir, file + '.golden.jsonl'), 'utf8'));
  const argsPath = join(dir, file + '.args.jsonl');
  const goldenArgs = existsSync(argsPath) ? parseGoldenArgs(readFileSync(argsPath, 'utf8')) : undefined;
  const opts = optionsFromTshark(tsharkOpts);
  const events: SignallingEvent[] = [];
  const res: FileResult = {
    file,
    total: { tcap: 0, diameter: 0 },
    agree: { tcap: 0, diameter: 0 },
    excepted: 0,
    extra: 0,
    disagreements: [],
    unexplained: [],
    ignoredOptions: opts.ignored,
  };
  try {
    for await (const batch of decodeBatches(join(dir, file), {
      diameterPorts: opts.diameterPorts,
      mtp3: opts.mtp3,
      diameterAvpTree: goldenArgs !== undefined,
      smsContent: goldenArgs !== undefined,
    })) {
      for (const ev of batch) events.push(ev);
    }
  } catch (e) {
    res.error = isSigwatchError(e) ? `${e.code}: ${e.message}` : String(e);
  }
  const byKey = groupEvents(events);
  const seen = new Set<string>();
  for (const line of golden) {
    const key = `${line.frame}:${line.index}`;
    seen.add(key);
    const d = compareLine(line, byKey.get(key));
    res.total[line.proto]++;
    if (d.length === 0) {
      res.agree[line.proto]++;
      continue;
    }
    res.disagreements.push(...d);
    const unexplained = d.filter((x) => !isExcepted(file, x, exceptions));
    if (unexplained.length === 0) res.excepted++;
    res.unexplained.push(...unexplained);
  }
  for (const key of byKey.keys()) if (!seen.has(key)) res.extra++;
  if (goldenArgs !== undefined) res.args = compareArgsFile(file, goldenArgs, byKey, exceptions);
  return res;
}

function compareArgsFile(
  file: string,
  lines: readonly GoldenArgsLine[],
  byKey: Map<string, SignallingEvent[]>,
  exceptions: readonly ConformanceException[],
): ArgsFileResult {
  const out: ArgsFileResult = { fields: 0, agree: 0, excepted: 0, disagreements: [], unexplained: [] };
  for (const line of lines) {
    const r = compareArgsLine(line, byKey.get(`${line.frame}:${line.index}`));
    out.fields += r.fields;
    out.agree += r.agree;
    for (const d of r.disagreements) {
      out.disagreements.push(d);
      if (isExcepted(file, d, exceptions)) out.excepted++;
      else out.unexplained.push(d);
    }
  }
  return out;
}

export async function runConformance(dir: string, opts: ConformanceOptions = {}): Promise<ConformanceSummary> {
  const manifestPath = join(dir, 'MANIFEST.tsv');
  const manifest = existsSync(manifestPath) ? parseManifest(readFileSync(manifestPath, 'utf8')) : new Map<string, string>();
  const files: FileResult[] = [];
  for (const file of goldenCaptures(dir)) {
    if (opts.filter && !opts.filter.test(file)) continue;
    files.push(await conformanceFile(dir, file, manifest.get(file) ?? '', opts.exceptions ?? []));
  }
  const sum = (f: (r: FileResult) => number): number => files.reduce((a, r) => a + f(r), 0);
  return {
    files,
    total: sum((r) => r.total.tcap + r.total.diameter),
    agree: sum((r) => r.agree.tcap + r.agree.diameter),
    byProto: {
      tcap: { total: sum((r) => r.total.tcap), agree: sum((r) => r.agree.tcap) },
      diameter: { total: sum((r) => r.total.diameter), agree: sum((r) => r.agree.diameter) },
    },
    args: { files: files.filter((r) => r.args !== undefined).length, fields: sum((r) => r.args?.fields ?? 0), agree: sum((r) => r.args?.agree ?? 0) },
  };
}

/** Percentage that reads 100 only when every line agrees (15076/15081 is 99.96, not 100.0). */
export function percent(a: number, b: number): string {
  if (b === 0 || a === b) return '100';
  return (Math.floor((10000 * a) / b) / 100).toFixed(2);
}

export function formatFileLine(r: FileResult, maxShown = 3): string {
  const a = r.agree.tcap + r.agree.diameter;
  const b = r.total.tcap + r.total.diameter;
  let s = `${r.file}: ${a}/${b} agree (${percent(a, b)}%)`;
  if (r.excepted > 0) s += `, ${r.excepted} excepted`;
  if (r.extra > 0) s += `, ${r.extra} extra`;
  if (r.error) s += ` [error ${r.error}]`;
  const shown = r.unexplained.slice(0, maxShown).map(disagreementText);
  if (shown.length > 0) s += '\n    ' + shown.join('\n    ');
  return s;
}

function disagreementText(d: Disagreement): string {
  return `f${d.frame}#${d.index} ${d.field}: expected ${JSON.stringify(d.expected)} got ${JSON.stringify(d.actual)}`;
}

/** The argument-level line of a file (`args: A/B fields agree ...` and its first disagreements), or undefined without an args file. */
export function formatArgsFileLine(r: FileResult, maxShown = 3): string | undefined {
  const a = r.args;
  if (a === undefined) return undefined;
  let s = `  args: ${a.agree}/${a.fields} fields agree (${percent(a.agree, a.fields)}%)`;
  if (a.excepted > 0) s += `, ${a.excepted} excepted`;
  const shown = a.unexplained.slice(0, maxShown).map(disagreementText);
  if (shown.length > 0) s += '\n    ' + shown.join('\n    ');
  return s;
}

export function formatArgsSummaryLine(s: ConformanceSummary): string {
  const a = s.args;
  return `conformance args: ${a.agree}/${a.fields} fields agree (${percent(a.agree, a.fields)}%) over ${a.files} files`;
}

export function formatSummaryLine(s: ConformanceSummary): string {
  return `conformance: ${s.agree}/${s.total} golden lines agree (${percent(s.agree, s.total)}%) over ${s.files.length} files`;
}
