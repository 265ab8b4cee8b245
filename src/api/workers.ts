/**
 * `scan --workers N`: N threads scan the same capture files; each decodes everything and runs
 * detection only for the subscribers it owns (workers-shard.ts), so alerts equal a one-thread
 * scan's. The calling thread is worker 0 (it also feeds the CLI's event observers and decode
 * statistics); threads 1..N-1 run workers-entry.ts. Alerts are merged in capture order
 * (source, frame, index, rule) behind a watermark: an alert is released once every thread has
 * passed its frame. Threads stay within `maxLead` bytes of capture of each other (workers-flow.ts:
 * a SharedArrayBuffer of positions, Atomics.wait, no message events needed), which bounds the
 * alerts held for that merge.
 *
 * Partitioning was chosen by measurement (bench/results-notes.md "scan --workers", `npm run bench --
 * workers/`): decoding must see all traffic to attach subscribers (TCAP dialogues, Diameter
 * transactions), and moving a decoded event between threads costs more than decoding it, so decode
 * is replicated and only detection is split. Each added thread costs ~0.8 of a one-thread scan
 * (CPU: 2 workers 1.75×, 4 workers 3.37× one worker's), so the speed-up is at best ≈ 1.15× on 2
 * cores and ≈ 1.35× on many; measured 0.85× on a quiet 2-core machine. The alternative measured there,
 * decode partitioned by association with binary facts to subscriber-sharded detectors, is bounded
 * by the facts' cost (0.45–0.96× decode per message even hand-written) at 1.2–1.5× on 2 cores; built
 * as a prototype (bench/lib/partition-proto.mjs) it used 1.98× one thread's CPU with 2 decode
 * threads, and it is not exact: real captures carry one TCAP dialogue over several SCTP
 * associations (2 corpus captures lose a dialogue's MSISDN). Hence the default stays 1.
 */
import { statSync } from 'node:fs';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { ErrorCode, SigwatchError } from '../core/errors.js';
import { DETECT_ANOMALY, type DetectorStats } from '../detect/engine.js';
import type { ScanAlert } from './scan-options.js';
import { Scanner, type ScannerOptions } from './scanner.js';
import { DEFAULT_MAX_LEAD_BYTES, DONE, LeadGate, MAIN_STALL_MS } from './workers-flow.js';
import { ShardRouter } from './workers-shard.js';

/** What a worker thread receives (structured-cloneable: no functions, no class instances). */
export interface WorkerInput {
  inputs: string[];
  shard: number;
  count: number;
  options: Omit<
    ScannerOptions,
    'onAlert' | 'onEvent' | 'onRecord' | 'detectFilter' | 'explicitEvidence' | 'logger' | 'attributor' | 'customRules' | 'onAnomaly'
  >;
  /** The thread's end of its alert channel (transferred). */
  port: MessagePort;
  /** The positions of workers-flow.ts, shared by all threads. */
  gate: SharedArrayBuffer;
  maxLead: number;
  /** Capture read size in bytes (capture/source.ts highWaterMark); the CLI's default when absent. */
  chunkBytes?: number;
}

export type WorkerMessage =
  /** `read`: at the end of a capture (frame Infinity), the bytes of it the thread read. */
  | { type: 'progress'; alerts: ScanAlert[]; src: number; frame: number; read?: number }
  /** `counts`: the thread's detector counters (Scanner.detectorCounts), added to the main thread's decode counters. */
  | { type: 'done'; alerts: ScanAlert[]; src: number; stats: DetectorStats | undefined; counts: Record<string, number> }
  | { type: 'error'; message: string; code?: string };

/** Tuning of a {@link ParallelScanner} (defaults suit the CLI). */
export interface ParallelOptions {
  /**
   * Bytes of capture a thread may read ahead of the slowest one (workers-flow.ts): bounds the
   * alerts held for the ordered merge. Default {@link DEFAULT_MAX_LEAD_BYTES}.
   */
  maxLead?: number;
  /** The worker threads' capture read size (bytes); the CLI reads 1 MiB chunks. */
  chunkBytes?: number;
  /**
   * How long push() waits for a thread whose position does not move before it reads on past
   * `maxLead` (workers-flow.ts); default {@link MAIN_STALL_MS}. Tests of the lead bound raise it:
   * on a machine loaded ~10× past its cores a thread can sit still for longer than 2 s.
   */
  stallMs?: number;
  /** For tests only: the worker threads' script instead of workers-entry.js (e.g. one that fails to load). */
  workerEntry?: URL;
}

interface Pending {
  alert: ScanAlert;
  src: number;
}

const cmp = (a: Pending, b: Pending): number =>
  a.src - b.src || a.alert.frame - b.alert.frame || a.alert.index - b.alert.index || (a.alert.rule < b.alert.rule ? -1 : a.alert.rule > b.alert.rule ? 1 : 0);

/**
 * Worker 0 of a `--workers N` scan: wraps a {@link Scanner} (composition: the scanner's callbacks
 * are set here, before it exists, so nothing of it is overridden) and offers the same feeding
 * methods and results, plus {@link drain} for the other threads' alerts.
 *
 * Memory: push() blocks (Atomics.wait) while this thread is more than `maxLead` bytes of capture
 * ahead of the slowest worker, and the workers block likewise (workers-flow.ts), so the alerts
 * waiting here for the merge are at most those of `maxLead` + one chunk of capture per thread.
 * The workers' alerts are pulled with receiveMessageOnPort, not message events: blocking here
 * cannot starve them. Feed every capture given to the constructor, in order, from its first byte.
 */
export class ParallelScanner {
  private readonly scanner: Scanner;
  private readonly threads: Worker[] = [];
  private readonly ports: MessagePort[] = [];
  private readonly gate: LeadGate;
  /** Per thread (0 = this one): [source index, frame] below which it has emitted all its alerts. */
  private readonly marks: [number, number][];
  /** Per worker thread (index shard - 1): its statistics once it is done. */
  private readonly stats: (DetectorStats | undefined)[] = [];
  /** The worker threads' detector counters, summed as they finish ({@link decodeStats}). */
  private readonly workerCounts: Record<string, number> = {};
  private readonly finished: boolean[] = [];
  private pending: Pending[] = [];
  /** Largest number of alerts held for the merge at once (after each merge step). */
  private peakHeld = 0;
  private readonly stallMs: number;
  /** Times push() blocked because this thread was ahead. */
  private blocked = 0;
  /** Alerts of this thread's detector not yet merged into {@link pending}. */
  private readonly own: Pending[] = [];
  private readonly emit: (a: ScanAlert) => void;
  private srcIndex = -1;
  /** Bytes pushed over all captures: this thread's position for the gate. */
  private bytes = 0;
  /** A capture is open (Scanner.push opens one named 'stream' when none is). */
  private open = false;
  private lastFrame = 0;
  private failure: Error | undefined;
  private merged: DetectorStats | undefined;
  /** The captures, and their size and modification time when the scan started. */
  private readonly inputs: readonly string[];
  private readonly statsAtStart: (InputStat | undefined)[];
  /** Bytes of the current capture pushed here; per capture once it ended. */
  private srcBytes = 0;
  private readonly ownRead: (number | undefined)[] = [];
  /** Per worker thread, the bytes it read of each capture. */
  private readonly readBy: (number | undefined)[][] = [];
  /** Captures found changed while the threads read them (drain). */
  private changed = 0;

  constructor(opts: ScannerOptions, inputs: readonly string[], count: number, tuning: ParallelOptions = {}) {
    if (opts.customRules !== undefined || opts.attributor !== undefined) {
      throw new SigwatchError(ErrorCode.BAD_OPTION, '--workers: custom rules and attributors are not transferable to worker threads');
    }
    // NaN would never give up on a dead thread (a hang), 0 or less would never wait.
    if (tuning.stallMs !== undefined && !(tuning.stallMs > 0)) {
      throw new SigwatchError(ErrorCode.BAD_OPTION, `stallMs: expected a positive number of milliseconds, got ${tuning.stallMs}`);
    }
    const router = new ShardRouter(count);
    const userOnRecord = opts.onRecord;
    this.scanner = new Scanner({
      ...opts,
      detectFilter: (r) => router.shardOf(r, this.scanner.notation, (m) => this.scanner.detectorInstance?.teachesLink(m) ?? true) === 0,
      // The frame is read from the record: no event is built for it (the user's onEvent, if any, still gets events).
      onRecord: (r, source) => {
        this.lastFrame = r.frame;
        userOnRecord?.(r, source);
      },
      onAlert: (a) => this.own.push({ alert: a, src: Math.max(this.srcIndex, 0) }),
    });
    this.emit = opts.onAlert;
    this.inputs = [...inputs];
    this.statsAtStart = this.inputs.map(inputStat);
    this.marks = Array.from({ length: count }, () => [0, 0] as [number, number]);
    const shared = LeadGate.create(count);
    const maxLead = tuning.maxLead ?? DEFAULT_MAX_LEAD_BYTES;
    this.gate = new LeadGate(shared, maxLead);
    this.stallMs = tuning.stallMs ?? MAIN_STALL_MS;
    // Not explicitEvidence: the threads' alerts are posted as objects (structured clone reads `evidence`).
    const { onAlert: _a, onEvent: _e, onRecord: _r, logger: _l, onAnomaly: _o, detectFilter: _f, explicitEvidence: _x, ...rest } = opts;
    const options = rest as WorkerInput['options'];
    for (let shard = 1; shard < count; shard++) {
      const { port1, port2 } = new MessageChannel();
      const input: WorkerInput = { inputs: [...inputs], shard, count, options, port: port2, gate: shared, maxLead };
      if (tuning.chunkBytes !== undefined) input.chunkBytes = tuning.chunkBytes;
      const w = new Worker(tuning.workerEntry ?? new URL('./workers-entry.js', import.meta.url), { workerData: input, transferList: [port2] });
      // The scan never waits on a worker through the event loop (see the class comment): a caller
      // that abandons the scan must not be kept alive by a worker sleeping in its gate.
      w.unref();
      w.on('error', (e) => (this.failure ??= e));
      w.on('exit', (code) => {
        if (code !== 0 && !this.finished[shard - 1]) this.failure ??= new Error(`worker ${shard} exited with code ${code}`);
      });
      this.threads.push(w);
      this.ports.push(port1);
      this.stats.push(undefined);
      this.finished.push(false);
      this.readBy.push([]);
    }
  }

  /** See {@link Scanner.beginSource}. */
  beginSource(name: string): void {
    this.closeSource();
    this.srcIndex++;
    this.srcBytes = 0;
    this.lastFrame = 0;
    this.open = true;
    this.scanner.beginSource(name);
  }

  /** See {@link Scanner.push}; throws a worker thread's failure; blocks while this thread is too far ahead. */
  push(chunk: Uint8Array): void {
    if (this.failure !== undefined) throw this.failure;
    if (!this.open) this.beginSource('stream');
    this.scanner.push(chunk);
    this.bytes += chunk.length;
    this.srcBytes += chunk.length;
    this.collect();
    this.gate.advance(0, this.bytes);
    this.blocked += this.gate.waitWhileAhead(0, () => this.receive(), this.stallMs);
    if (this.failure !== undefined) throw this.failure;
  }

  endSource(): void {
    this.closeSource();
    this.scanner.endSource();
    this.collect();
  }

  end(): void {
    this.closeSource();
    this.scanner.end();
    this.marks[0] = [Infinity, Infinity];
    this.gate.finish(0);
    this.collect();
  }

  /** This thread's detector (its statistics cover its shard only; see {@link detectorStats}). */
  get detectorInstance(): Scanner['detectorInstance'] {
    return this.scanner.detectorInstance;
  }

  get inferred(): Scanner['inferred'] {
    return this.scanner.inferred;
  }

  get sources(): Scanner['sources'] {
    return this.scanner.sources;
  }

  /** Decode counters (this thread's), plus `workers.input-changed`: captures the threads read differently (see {@link drain}). */
  get decodeStats(): Record<string, number> {
    const s = this.scanner.decodeStats;
    for (const [k, v] of Object.entries(this.workerCounts)) s[k] = (s[k] ?? 0) + v;
    if (this.changed > 0) s['workers.input-changed'] = this.changed;
    return s;
  }

  /**
   * Flow-control figures: the most alerts held for the merge at once, how often push() blocked,
   * and how often it stopped waiting for a thread that made no progress (workers-flow.ts).
   */
  get flow(): { peakHeld: number; blocked: number; stalled: number } {
    return { peakHeld: this.peakHeld, blocked: this.blocked, stalled: this.gate.stalls };
  }

  /**
   * Waits for the worker threads, releases the remaining alerts in order and merges the
   * detectors' statistics (available as {@link detectorStats}). Call after end().
   *
   * Every thread reads the captures itself, so a capture that grows, shrinks or is rewritten while
   * they run gives each thread other messages, and the alerts of a thread's subscribers in the part
   * it did not read are lost. Such a capture (a thread read another number of bytes of it than this
   * one, or its size or modification time changed since the constructor) is counted in
   * `workers.input-changed` ({@link decodeStats}) and, after every alert was released, drain()
   * rejects with a SigwatchError `ERR_INPUT_CHANGED` naming it.
   */
  async drain(): Promise<void> {
    try {
      for (;;) {
        this.receive();
        if (this.failure !== undefined) throw this.failure;
        const k = this.finished.indexOf(false);
        if (k < 0) break;
        // A worker marks its gate cell DONE after posting 'done' or its error (postMessage queues
        // synchronously), or on exit: DONE with nothing left to receive is a worker that died.
        const v = Atomics.load(this.gate.cells, k + 1);
        if (v === DONE) {
          this.receive();
          if (!this.finished[k]) throw (this.failure ??= new Error(`worker ${k + 1} ended without its result`));
          continue;
        }
        // A short blocking wait, then a turn of the event loop (worker 'error'/'exit' events).
        if (Atomics.wait(this.gate.cells, k + 1, v, 50) === 'timed-out') await new Promise((resolve) => setImmediate(resolve));
      }
      const main = this.scanner.detectorInstance?.stats;
      const stats = this.stats;
      this.merged = [main, ...stats].reduce<DetectorStats | undefined>(
        (acc, s) => (s === undefined ? acc : acc === undefined ? structuredClone(s) : sumInto(acc, s)),
        undefined,
      );
      // Every thread observes all harvesting traffic (origin-subscribers.ts): one thread's counts, not N×.
      const one = main ?? stats.find((s) => s !== undefined);
      if (this.merged !== undefined && one !== undefined) {
        this.merged.harvest = { ...one.harvest };
        // So do the visited number blocks (detect/visited-blocks.ts).
        if (one.visitedBlocks !== undefined) this.merged.visitedBlocks = { ...one.visitedBlocks };
      }
    } finally {
      for (const p of this.ports) p.close();
      await Promise.all(this.threads.map((w) => w.terminate()));
    }
    this.release();
    const changed = this.changedInputs();
    this.changed = changed.length;
    if (changed.length > 0) {
      const what = changed.map((c) => `${c.file}: changed while the --workers threads read it (${c.detail})`).join('; ');
      throw new SigwatchError(ErrorCode.INPUT_CHANGED, `${what}: alerts of some subscribers may be missing (scan a copy that does not change)`, {
        file: changed[0]!.file,
      });
    }
  }

  /** Records what this thread read of the capture that is open. */
  private closeSource(): void {
    if (!this.open) return;
    this.open = false;
    if (this.srcIndex >= 0) this.ownRead[this.srcIndex] = this.srcBytes;
  }

  /** The captures the threads did not all read alike, each with what differed. */
  private changedInputs(): { file: string; detail: string }[] {
    const out: { file: string; detail: string }[] = [];
    this.inputs.forEach((file, src) => {
      const own = this.ownRead[src];
      const other = this.readBy.findIndex((r) => r[src] !== undefined && own !== undefined && r[src] !== own);
      const before = this.statsAtStart[src];
      const after = inputStat(file);
      if (other >= 0) out.push({ file, detail: `the main thread read ${own} bytes, worker ${other + 1} ${this.readBy[other]![src]}` });
      else if (before !== undefined && after !== undefined && (before.size !== after.size || before.mtimeMs !== after.mtimeMs)) {
        const at = (t: number): string => new Date(t).toISOString();
        out.push({ file, detail: `${before.size} bytes modified ${at(before.mtimeMs)} at the start, ${after.size} modified ${at(after.mtimeMs)} at the end` });
      }
    });
    return out;
  }

  /** Detection statistics summed over the threads (after drain()). */
  get detectorStats(): DetectorStats | undefined {
    return this.merged;
  }

  /** Takes the workers' queued messages (synchronously: no event loop turn needed) and merges. */
  private receive(): void {
    let got = false;
    for (let k = 0; k < this.ports.length; k++) {
      if (this.finished[k]) continue;
      const port = this.ports[k]!;
      for (let r = receiveMessageOnPort(port); r !== undefined; r = receiveMessageOnPort(port)) {
        got = true;
        const m = r.message as WorkerMessage;
        if (m.type === 'error') {
          this.failure ??= new SigwatchError((m.code as ErrorCode | undefined) ?? ErrorCode.IO, `worker ${k + 1}: ${m.message}`);
          this.finished[k] = true;
          break;
        }
        for (const alert of m.alerts) this.pending.push({ alert, src: m.src });
        if (m.type === 'progress') {
          this.marks[k + 1] = [m.src, m.frame];
          if (m.read !== undefined) this.readBy[k]![m.src] = m.read;
        } else {
          this.marks[k + 1] = [Infinity, Infinity];
          this.stats[k] = m.stats;
          addCounts(this.workerCounts, m.counts);
          this.finished[k] = true;
          break;
        }
      }
    }
    if (got) this.release();
  }

  private collect(): void {
    if (this.own.length > 0) {
      for (const p of this.own) this.pending.push(p);
      this.own.length = 0;
    }
    if (this.marks[0]![0] !== Infinity) this.marks[0] = [this.srcIndex, this.lastFrame];
    this.receive();
    this.release();
  }

  /** Emits, in order, the pending alerts below every thread's watermark. */
  private release(): void {
    if (this.pending.length === 0) return;
    let src = Infinity;
    let frame = Infinity;
    for (const [s, f] of this.marks) if (s < src || (s === src && f < frame)) [src, frame] = [s, f];
    this.pending.sort(cmp);
    let n = 0;
    for (const p of this.pending) {
      if (p.src > src || (p.src === src && p.alert.frame >= frame)) break;
      n++;
    }
    if (this.pending.length > this.peakHeld) this.peakHeld = this.pending.length;
    if (n === 0) return;
    const ready = this.pending.splice(0, n);
    for (const p of ready) this.emit(p.alert);
  }
}

interface InputStat {
  size: number;
  mtimeMs: number;
}

/** Size and modification time of a capture file (undefined when it cannot be read: the scan reports that itself). */
function inputStat(file: string): InputStat | undefined {
  try {
    const s = statSync(file);
    return { size: s.size, mtimeMs: s.mtimeMs };
  } catch {
    return undefined;
  }
}

/**
 * Adds a worker thread's detector counters into `into`: limit anomalies of its own tables (subscribers,
 * correlation; flagged dialogues counted only by the thread owning the flag, state/
 * flagged-dialogues.ts), which were left out of the summary (review 13-A #2). Not those of the tables
 * every thread keeps alike, whose main-thread count is the scan's: the harvesting table, the visited number blocks, and held
 * results (learn.ts observeOrphan holds every orphan result in every thread; final read 13-A #2:
 * their evictions were counted once per thread); nor the restored state's dropped identities (every
 * thread restores the same state). The same for the AMBIGUOUS vote's alternative detector (`alt.`), with its alerts, subscribers and state.
 */
function addCounts(into: Record<string, number>, counts: Record<string, number>): void {
  for (const [k, v] of Object.entries(counts)) {
    // The AMBIGUOUS vote's alternative detector's counters (`alt.*`, api/scanner.ts altStats): per thread alike.
    const own = k.startsWith('alt.') ? k.slice(4) : k;
    if (SHARED_TABLES.has(own) || (own === k && !k.startsWith('anomaly.'))) continue;
    into[k] = (into[k] ?? 0) + v;
  }
}

const SHARED_TABLES: ReadonlySet<string> = new Set([
  `anomaly.${DETECT_ANOMALY.HARVEST_EVICTED}`,
  `anomaly.${DETECT_ANOMALY.HELD_RESULT_EVICTED}`,
  `anomaly.${DETECT_ANOMALY.VISITED_BLOCK_EVICTED}`,
]);

/** Adds the numbers of `b` into `a` (same shape), recursively. */
function sumInto<T>(a: T, b: T): T {
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  for (const [k, v] of Object.entries(y)) {
    if (typeof v === 'number') x[k] = ((x[k] as number | undefined) ?? 0) + v;
    else if (v !== null && typeof v === 'object') x[k] = sumInto((x[k] as object | undefined) ?? {}, v);
  }
  return a;
}
