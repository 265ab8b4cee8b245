/**
 * `sigwatch scan <capture...|->`: decode + detect, summary / --jsonl / --eve / --report.
 *
 * Several captures share one subscriber state, in order; a capture that cannot be read is
 * reported on one line and the others are still scanned (exit code 1 at the end). Without
 * --profile the home network is inferred: by a decode-only first pass over files, or from the
 * first --warmup events for stdin.
 */
import { existsSync } from 'node:fs';
import { openCapture } from '../capture/source.js';
import { Decoder } from '../api/decoder.js';
import { HomeInference, type InferredHome } from '../detect/infer-home.js';
import { rereadable } from '../api/scan.js';
import { Scanner, type ScannerOptions } from '../api/scanner.js';
import type { MessageRecord } from '../events/record.js';
import type { SignallingEvent } from '../events/types.js';
import type { ScanAlert, ScanOptions } from '../api/scan-options.js';
import { loadDefaultRules } from '../api/default-rules.js';
import { ErrorCode, isSigwatchError } from '../core/errors.js';
import { DEFAULT_LIMITS } from '../core/limits.js';
import { didYouMean, singleQuoted } from '../core/suggest.js';
import { readStateFile } from '../state/snapshot.js';
import { loadProfile } from '../detect/profile.js';
import { withEvidence } from '../detect/alert.js';
import { loadRules } from '../detect/rule-loader.js';
import { LEVELS, type Level } from '../detect/rule-schema.js';
import type { Anonymizer } from '../report/anonymize.js';
import { ReportCollector, SUMMARY_ALERTS, anomalyCounters, lossCounters } from '../report/collector.js';
import { toEve } from '../report/eve.js';
import { AlertLines } from '../report/alert-bytes.js';
import { eveStatsLine, evictedNote } from '../report/thresholds-text.js';
import { formatSummary } from '../report/summary-text.js';
import { plural } from '../report/words.js';
import { parseCommand } from './args.js';
import { COMMON_OPTIONS, parseCommonOptions } from './common-options.js';
import { EXIT, UsageError } from './exit-codes.js';
import { capYoungGeneration, releaseYoungGeneration } from './heap.js';
import { createCliLogger } from './logger.js';
import { writeChunks, writeLines } from './output.js';
import { OutputFile } from './output-file.js';
import { escapeControls } from '../report/safe-text.js';
import { fileSize, Progress } from './progress.js';
import type { ParallelScanner } from '../api/workers.js';
import { parseWorkers } from './workers-option.js';

const SCAN_HELP = `usage: sigwatch scan <capture...|-> [options]

Decodes SS7 and Diameter captures (pcap, pcapng, gzip of either; '-' = stdin) and detects
subscriber location tracking. Several captures are scanned in order with one subscriber state.

output (default: a readable summary on stdout):
  --jsonl                one alert per line (JSON, README "Contracts")
  --eve                  Suricata-EVE-style alert lines for SIEMs
  --report FILE.html     also write a self-contained HTML report (no external resources)
  --anonymize SALT       replace every IMSI/MSISDN and location value by a salted SHA-256 token in every output
detection:
  --profile FILE         home network, partners, operator registry (README "Profile"); the
                         captures in pcaps/ each have one beside them (NAME.profile.yaml)
                         without it, the home network is inferred from the traffic (an assumption
                         every alert states)
  --rules DIR            add the rule files in DIR to the default pack (repeatable)
  --rules-only           use only the --rules directories, not the default pack
  --state-in FILE        start from a subscriber state saved by --state-out
  --state-out FILE       save the subscriber state at the end (holds real identifiers)
  --warmup N             stdin without --profile: infer home from the first N events (default 5000)
  --fail-on LEVEL        exit 3 when an alert at or above LEVEL (info|low|medium|high|critical)
decoding:
  --diameter-ports LIST  TCP/SCTP ports carrying Diameter besides 3868 (comma-separated)
  --mtp3 VARIANT         itu (default), ansi or japan routing labels
diagnostics:
  --log-level LEVEL      pino JSON logs on stderr (fatal..trace, silent; default warn)
  --progress             progress lines on stderr even when it is not a terminal (on a
                         terminal they are drawn for scans longer than a second)
  --debug                stack traces on errors
performance:
  --workers N            N threads (files only): each decodes, detection is split by subscriber

exit codes: 0 ok, 1 error (missing/unreadable capture, bad profile or rule), 2 usage, 3 --fail-on
`;

/** Depth of one alert inside ReportData (`data.alerts[i]`), for the anonymizer's depth bound. */
const ALERT_DEPTH = 2;

const OPTIONS = {
  ...COMMON_OPTIONS,
  jsonl: { type: 'boolean' },
  eve: { type: 'boolean' },
  report: { type: 'string' },
  anonymize: { type: 'string' },
  profile: { type: 'string' },
  rules: { type: 'string', multiple: true },
  'rules-only': { type: 'boolean' },
  'state-in': { type: 'string' },
  'state-out': { type: 'string' },
  warmup: { type: 'string' },
  'fail-on': { type: 'string' },
  'log-level': { type: 'string' },
  progress: { type: 'boolean' },
  // --workers N (benchmark work, api/workers.ts): parsed by parseWorkers() in cli/workers-option.ts.
  workers: { type: 'string' },
} as const;

export async function runScan(argv: string[]): Promise<number> {
  const { values: v, positionals: inputs } = parseCommand('scan', argv, OPTIONS);
  if (v.help) {
    process.stdout.write(SCAN_HELP);
    return EXIT.OK;
  }
  if (inputs.length === 0) throw new UsageError('scan: no capture given');
  if (inputs.filter((i) => i === '-').length > 1) throw new UsageError("scan: '-' (stdin) can be given once");
  if (v.jsonl && v.eve) throw new UsageError('scan: --jsonl and --eve both write to stdout: choose one');
  if (v['rules-only'] && (v.rules ?? []).length === 0) throw new UsageError('scan: --rules-only needs at least one --rules DIR');
  const failOn = v['fail-on'];
  if (failOn !== undefined && !(LEVELS as readonly string[]).includes(failOn))
    throw new UsageError(`--fail-on: expected one of ${LEVELS.join(', ')}, got '${failOn}'${didYouMean(failOn, LEVELS, singleQuoted)}`);
  const warmup = v.warmup === undefined ? undefined : Number(v.warmup);
  if (warmup !== undefined && !(Number.isInteger(warmup) && warmup > 0)) throw new UsageError(`--warmup: expected a positive integer, got '${v.warmup}'`);
  const decodeOpts = parseCommonOptions(v);
  const workers = parseWorkers(v.workers, inputs, v['state-out'] !== undefined);
  // V8's young generation at the CLI's size (cli/heap.ts); --workers threads share V8's flags, and
  // the cap would hold their semi-spaces at 1 MB: V8's own growth for them.
  if (workers > 1) releaseYoungGeneration();
  else capYoungGeneration();
  // Modules only some scans use load when asked for (bench/results-notes.md, section "startup"):
  // the anonymizer, the HTML report with its map (d3-geo, topojson), the worker threads, pino.
  const anon = v.anonymize === undefined ? undefined : new (await import('../report/anonymize.js')).Anonymizer(v.anonymize);
  const logger = createCliLogger(v['log-level'], anon === undefined ? undefined : (line) => anon.text(line));
  // Outputs first (issue 16): a path that cannot be written fails now, before any capture is read.
  const reportFile = v.report === undefined ? undefined : OutputFile.open(v.report, 'report');
  // Loaded now, not after the scan: a broken install fails before any output (review of the lazy loading).
  const html = reportFile === undefined ? undefined : await import('../report/html.js');
  const stateFile = v['state-out'] === undefined ? undefined : OutputFile.open(v['state-out'], 'state');

  const extra = (v.rules ?? []).length > 0 ? loadRules(v.rules ?? []) : [];
  const rules = v['rules-only'] ? extra : [...loadDefaultRules(), ...extra];
  const profile = v.profile === undefined ? undefined : loadProfile(v.profile);
  const stateIn = v['state-in'] === undefined ? undefined : readStateFile(v['state-in']);
  if (anon !== undefined && v['state-out'] !== undefined) {
    process.stderr.write('sigwatch: note: --state-out keeps real IMSIs/MSISDNs (the next scan must match them); keep that file private\n');
  }

  const opts: ScanOptions = {
    ...decodeOpts,
    rules,
    logger,
    ...(profile === undefined ? {} : { profile }),
    ...(stateIn === undefined ? {} : { stateIn }),
    ...(warmup === undefined ? {} : { warmupEvents: warmup }),
  };

  const errors = new Map<string, string>();
  const report = (input: string, e: unknown): void => {
    if (!isSigwatchError(e)) throw e;
    const text = process.argv.includes('--debug') ? `${e.stack ?? e.message}` : `sigwatch: ${e.message} [${e.code}]`;
    if (!errors.has(input)) process.stderr.write(text.split('\n').map(escapeControls).join('\n') + '\n');
    // The summary and the report put the capture's name before the reason: the message names it already.
    errors.set(input, e.message.startsWith(`${input}: `) ? e.message.slice(input.length + 2) : e.message);
  };
  let inferred: InferredHome | undefined;
  const infer = profile === undefined && rereadable(inputs);
  const twoPass = infer || (anon !== undefined && rereadable(inputs));
  const progress = new Progress(process.stderr, v.progress === true ? { force: true, delayMs: 0 } : {});
  const sizes = inputs.map(fileSize);
  const total = sizes.includes(undefined) ? undefined : sizes.reduce<number>((a, b) => a + (b ?? 0), 0);
  if (twoPass) {
    // A capture that fails part-way still votes and teaches identifiers with what it read; the
    // scan pass below reads the same good part and reports the error once.
    progress.pass(1, 2, infer ? 'inferring home network' : 'learning identifiers to anonymize', total);
    inferred = await firstPass(inputs, opts, infer ? new HomeInference() : undefined, anon, report, progress);
  }

  // The summary shows the first SUMMARY_ALERTS alerts and no histogram: the whole details only for --report.
  // Its subscriber-row hints are the detector's store slots (engine.ts alertSubscriberSlot).
  const storeSlots = opts.limits?.subscribers ?? DEFAULT_LIMITS.subscribers;
  const collector =
    reportFile === undefined
      ? new ReportCollector(SUMMARY_ALERTS, undefined, { histogram: false, storeSlots })
      : new ReportCollector(undefined, undefined, { storeSlots });
  // --jsonl without --report shows nothing the collector tables: its closing line on stderr says
  // how many messages and alerts (counted here) and the decoders' losses. Not feeding it was
  // ~5 % of the 150 k alert flood's `--jsonl` CPU profile (collector `alert` 4.8 %, `record`
  // 0.7 %) besides its compiles and garbage (bench/results-notes.md, round 19 "flood19").
  // (--eve's closing stats record reads the alerts' last time from it: fed.)
  const tables = !v.jsonl || reportFile !== undefined;
  let alerts = 0;
  // Identifiers are learned once: by the first pass when there is one, else as the events come.
  const learner = twoPass ? undefined : anon;
  // --eve lines as text; --jsonl lines written as bytes into reused buffers (issue 19).
  const lines: string[] = [];
  const jsonl = v.jsonl ? new AlertLines() : undefined;
  let worst = -1;
  let messages = 0;
  const scannerOpts: ScannerOptions = {
    ...opts,
    ...(inferred !== undefined ? { inferred } : infer ? { inferHome: false } : {}),
    // The summary counts from the decoders' records (no event built per message); the anonymizer
    // learning identifiers in this pass (stdin) reads each message's event too, before its record.
    onRecord: tables
      ? (r: MessageRecord) => {
          messages++;
          collector.record(r);
        }
      : () => {
          messages++;
        },
    ...(learner === undefined ? {} : { onEvent: (ev: SignallingEvent) => learner.learn(ev) }),
    // One thread writes every alert from its event as it comes (report/alert-bytes.ts, collector.ts):
    // no evidence accessor per alert. --workers threads post alerts as objects: theirs are built whole.
    // Every alert is read inside onAlert and none is kept as an object (the collector keeps its JSON):
    // its event is built only when read there (the writers, withEvidence), from the decoder's record;
    // the summary reads none (detect/alert.ts eventInCallback), and makes the explanation only of
    // the alerts it keeps (explanationInCallback: the writers and withEvidence make it when read).
    ...(workers > 1 ? {} : { explicitEvidence: true, eventInCallback: true, explanationInCallback: true }),
    onAlert: (a: ScanAlert) => {
      // The detector's subscriber slot: a checked shortcut to the collector's row (collector.ts alert).
      if (tables) collector.alert(a, scanner.detectorInstance?.alertSubscriberSlot);
      alerts++;
      worst = Math.max(worst, LEVELS.indexOf(a.level));
      if (!v.jsonl && !v.eve) return; // the summary anonymizes the collected data once, at the end
      // The anonymizer and --eve read the alert as an object: its evidence set first (explicitEvidence below).
      const out = anon === undefined ? (jsonl !== undefined ? a : withEvidence(a)) : anon.value(withEvidence(a));
      if (jsonl !== undefined) jsonl.write(out);
      else lines.push(JSON.stringify(toEve(out)));
    },
  };
  // --workers N (api/workers.ts): same API, detection split by subscriber over N threads.
  const parallel = workers > 1 ? new (await import('../api/workers.js')).ParallelScanner(scannerOpts, inputs, workers) : undefined;
  const scanner: Scanner | ParallelScanner = parallel ?? new Scanner(scannerOpts);

  progress.pass(twoPass ? 2 : 1, twoPass ? 2 : 1, 'decoding and detecting', total, messages);
  const flush = async (): Promise<void> => {
    if (lines.length > 0) await writeLines(process.stdout, lines.splice(0));
    if (jsonl !== undefined) {
      const chunks = jsonl.take();
      if (chunks.length > 0) await writeChunks(process.stdout, chunks);
      jsonl.written();
    }
  };
  let readAny = false;
  for (const input of inputs) {
    scanner.beginSource(input);
    try {
      let read = 0;
      for await (const chunk of openCapture(input, { reuseBuffer: true, onRead: (n) => (read += n) })) {
        readAny = true;
        scanner.push(chunk);
        progress.update(read, messages);
        read = 0;
        await flush();
      }
      scanner.endSource();
    } catch (e) {
      report(input, e);
      try {
        scanner.endSource();
      } catch {
        // The capture already failed and is reported; its tail cannot add anything.
      }
    }
    await flush();
  }
  progress.done(messages);
  // Every capture failed before its first byte, and each was reported on its line: no summary of nothing.
  if (errors.size === inputs.length && !readAny) return EXIT.ERROR;
  scanner.end();
  if (parallel !== undefined) {
    try {
      await parallel.drain(); // --workers: the other threads' alerts
    } catch (e) {
      // A capture that changed while the threads read it: every alert was released; the capture
      // is reported on its line (also after a read error of its own) and the scan exits 1.
      if (!isSigwatchError(e) || e.code !== ErrorCode.INPUT_CHANGED) throw e;
      const input = e.file ?? inputs[0]!;
      errors.delete(input);
      report(input, e);
    }
  }
  await flush();

  const det = scanner.detectorInstance;

  const sources = scanner.sources.map((s) => (errors.has(s.source) ? { ...s, error: errors.get(s.source)! } : s));
  for (const [input, error] of errors) if (!sources.some((s) => s.source === input)) sources.push({ source: input, stats: {}, error });
  const home = scanner.inferred ?? inferred;
  const data = collector.finish(
    {
      sources,
      profile: {
        name: profile?.home.name ?? home?.name ?? 'none',
        ...(v.profile === undefined ? {} : { file: v.profile }),
        ...(home === undefined || profile !== undefined ? {} : { inferred: home }),
        ...(profile === undefined && besideProfile(inputs) !== undefined ? { beside: besideProfile(inputs)! } : {}),
      },
      decodeStats: scanner.decodeStats,
      ...(det === undefined ? {} : { detector: parallel === undefined ? det.stats : (parallel.detectorStats ?? det.stats) }),
    },
    anon === undefined ? undefined : (a) => anon.value(a, ALERT_DEPTH),
  );
  // --eve with thresholds, or with location requests that had no origin to check: a closing
  // stats record says how many matches the thresholds held back and how many requests had none.
  const th = data.detector?.thresholds;
  const noOrigin = data.detector?.noOrigin ?? 0;
  const evicted = data.detector?.state;
  const blocks = data.detector?.visitedBlocks?.evicted ?? 0;
  if (v.eve && (th !== undefined || noOrigin > 0 || (evicted?.evictedLocated ?? 0) > 0 || blocks > 0))
    await writeLines(process.stdout, [eveStatsLine(data.last ?? new Date().toISOString(), data.alertsTotal, th, noOrigin, evicted, blocks)]);
  // The alerts were copied as they were parsed (collector.ts finish): the rest here, the same walk.
  const shown = anon === undefined ? data : { ...anon.value({ ...data, alerts: [] }), alerts: data.alerts };
  const clean = (s: string): string => (anon === undefined ? s : anon.text(s));
  // The summary first: a file that fails to write (a full disk, /dev/full) cannot lose it.
  if (!v.jsonl && !v.eve) process.stdout.write(clean(formatSummary(shown)));
  else process.stderr.write(tally(messages, alerts, data.decodeStats, home !== undefined && profile === undefined, errors.size, evictedNote(evicted)));
  let failed = errors.size > 0;
  const put = (f: OutputFile | undefined, text: () => string | Iterable<string> | undefined): void => {
    if (f === undefined) return;
    const t = text();
    if (t === undefined) {
      f.discard();
      return;
    }
    try {
      f.commit(t);
    } catch (e) {
      if (!isSigwatchError(e)) throw e;
      process.stderr.write(escapeControls(`sigwatch: ${e.message} [${e.code}]`) + '\n');
      failed = true;
    }
  };
  put(reportFile, () => clean(html!.renderHtmlReport(shown, new Date().toISOString())));
  // Written a record at a time (state/snapshot.ts snapshotText).
  put(stateFile, () => det?.snapshotText());
  // rt19 M9: past the learned cap, fields fail closed (report/anonymize.ts); say so.
  if (anon?.saturated === true) {
    process.stderr.write(
      `sigwatch: note: --anonymize learned its limit of 1000000 identifiers (${String(anon.unlearned)} more not learned): ` +
        'every digit-only field value is written as its token\n',
    );
  }

  if (failed) return EXIT.ERROR;
  if (failOn !== undefined && worst >= LEVELS.indexOf(failOn as Level)) return EXIT.ALERT;
  return EXIT.OK;
}

/**
 * Decode-only first pass over files: votes for the home network (without --profile) and, with
 * --anonymize, learns every IMSI/MSISDN before anything is written, so a number that appears
 * as a GT before the message naming it as an MSISDN is hidden too. (stdin is read once:
 * identifiers are learned as they come, see README.)
 */
async function firstPass(
  inputs: readonly string[],
  opts: ScanOptions,
  inference: HomeInference | undefined,
  anon: Anonymizer | undefined,
  report: (input: string, e: unknown) => void,
  progress: Progress,
): Promise<InferredHome | undefined> {
  let messages = 0;
  for (const input of inputs) {
    const decoder = new Decoder({
      ...(opts.limits === undefined ? {} : { limits: opts.limits }),
      ...(opts.diameterPorts === undefined ? {} : { diameterPorts: opts.diameterPorts }),
      ...(opts.mtp3 === undefined ? {} : { mtp3: opts.mtp3 }),
      source: input,
      onEvent: (ev) => {
        messages++;
        inference?.observe(ev);
        anon?.learn(ev);
      },
    });
    try {
      let read = 0;
      for await (const chunk of openCapture(input, { reuseBuffer: true, onRead: (n) => (read += n) })) {
        decoder.push(chunk);
        progress.update(read, messages);
        read = 0;
      }
      decoder.end();
    } catch (e) {
      report(input, e);
    }
  }
  return inference?.result();
}

/** One stderr line for machine-output runs: nothing lost silently even when stdout is a pipe. */
function tally(messages: number, alerts: number, stats: Record<string, number>, inferred: boolean, captureErrors: number, evicted: string): string {
  const an = anomalyCounters(stats).reduce((a, [, n]) => a + n, 0);
  const lost = lossCounters(stats)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
  const failed = captureErrors > 0 ? `, ${plural(captureErrors, 'capture error')} (read up to the error)` : '';
  const home = inferred ? "; home network inferred (see alerts' assumptions)" : '';
  return (
    `sigwatch: ${plural(messages, 'signalling message')}, ${plural(alerts, 'alert')}, ` +
    `${plural(an, 'decode anomaly', 'decode anomalies')}${failed}${lost ? `; not analysed/lost: ${lost}` : ''}${evicted}${home}\n`
  );
}

/** A profile next to a capture (`x.pcap` → `x.profile.yaml`, as in pcaps/), to point at when none was given. */
function besideProfile(inputs: readonly string[]): string | undefined {
  for (const i of inputs) {
    if (i === '-') continue;
    const p = i.replace(/\.(pcapng|pcap|cap)(\.gz)?$/i, '.profile.yaml');
    if (p !== i && existsSync(p)) return p;
  }
  return undefined;
}
