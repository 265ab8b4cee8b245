/**
 * The synchronous scan pipeline: capture bytes → {@link Decoder} → {@link Detector} → alerts,
 * over one or more captures in order with one subscriber state. Async iterators and streams
 * (scan.ts, streams.ts) are thin adapters over it; the CLI drives it directly to also observe
 * events for its summary.
 *
 * Home inference without a profile: the caller either passes a home inferred beforehand (two
 * passes over files, see prepareProfile in scan.ts) or lets the scanner warm up: the first
 * `warmupEvents` events are held back, the home is inferred from them, then they and all later
 * events go through the detector in order. Memory stays bounded by `warmupEvents`.
 */
import type { Anomaly } from '../core/anomaly.js';
import { ErrorCode, SigwatchError } from '../core/errors.js';
import { Counters, type SourceStats } from '../core/stats.js';
import { compileCustomRule } from '../detect/custom-rule.js';
import { Detector } from '../detect/engine.js';
import { emptyProfile, loadProfile, type Profile } from '../detect/profile.js';
import { MessageRecord } from '../events/record.js';
import type { SignallingEvent } from '../events/types.js';
import { Decoder, type DecoderOptions } from './decoder.js';
import { checked, checkOptions, scannerOptionsSchema } from './options.js';
import { loadDefaultRules } from './default-rules.js';
import type { MsisdnNotation } from '../detect/msisdn-notation.js';
import { HomeInference, profileFromInference, type InferredHome } from '../detect/infer-home.js';
import type { ScanAlert, ScanOptions } from './scan-options.js';

export type { SourceStats };

export const DEFAULT_WARMUP_EVENTS = 5000;

export interface ScannerOptions extends ScanOptions {
  onAlert: (a: ScanAlert) => void;
  /** Observes every event before detection (summary, anonymizer). `source` as in alerts. */
  onEvent?: (ev: SignallingEvent, source: string) => void;
  /**
   * Observes every message before detection as the decoder's reused record (the fast tier,
   * events/record.ts: valid until the callback returns; `r.event()` builds the event). After onEvent.
   */
  onRecord?: (r: MessageRecord, source: string) => void;
  /** A home inferred beforehand (first pass); skips the warm-up. */
  inferred?: InferredHome;
  /**
   * `scan --workers` (api/workers.ts): called once per message, in capture order, before
   * detection, with the decoder's record (no event is built for it); false = another worker owns
   * this message's subscriber and detects on it.
   */
  detectFilter?: (r: MessageRecord) => boolean;
  /**
   * Alerts whose `evidence` is a plain property left unset (detect/alert.ts withEvidence sets it),
   * for a consumer that writes each alert from its event (the CLI, without --workers); default: an
   * accessor building it on first read.
   */
  explicitEvidence?: boolean;
  /**
   * With `explicitEvidence`: an alert's event (its evidence) is built only when read, from the
   * decoder's record, which holds the message only while `onAlert` runs (detect/alert.ts AlertInput
   * `eventInCallback`): for a consumer that reads every alert inside `onAlert` and keeps none.
   */
  eventInCallback?: boolean;
  /**
   * With `eventInCallback`: an alert's `explanation` is made only when read through withEvidence,
   * withExplanation or the writers (detect/alert.ts AlertInput `explanationInCallback`), inside
   * `onAlert`; until then the property is undefined. For the CLI's summary, which shows 5.
   */
  explanationInCallback?: boolean;
}

export class Scanner {
  /** Anomalies raised by the detector (bounded state tables full), across all captures. */
  private readonly detectCounters = new Counters();
  private detector: Detector | undefined;

  /** The detector's MSISDN notation (undefined before the profile is settled): what `scan --workers` shards by. */
  get notation(): MsisdnNotation | undefined {
    return this.detector?.notation;
  }
  private readonly opts: ScannerOptions;
  private readonly logger: ScanOptions['logger'];
  private readonly userProfile: Profile | undefined;
  private inference: HomeInference | undefined;
  /** With each held event, its record's `msisdnOctet` (not in the event: how its MSISDN's notation is read). */
  private held: { ev: SignallingEvent; source: string; sourceNo: number; msisdnOctet: number }[] = [];
  /** Captures begun ({@link beginSource}): the warm-up's held events tell the detector where each capture began. */
  private sourceNo = 0;
  /** The warm-up's held events as a record for detectFilter and the detector (filled from each event in turn). */
  private readonly heldRecord = new MessageRecord();
  private readonly warmup: number;
  private decoder: Decoder | undefined;
  private source = '';
  /** Source of the event the detector is processing (alerts are emitted synchronously inside event()). */
  private current = '';
  private readonly perSource: SourceStats[] = [];
  private inferredHome: InferredHome | undefined;
  private ended = false;
  /**
   * Fail closed on an AMBIGUOUS home vote (InferredHome.alternative, review 14-B #1): a second
   * detector with the other candidate as the home, fed the same messages; its alerts for a message
   * on which the main detector raised no alert of the same rule are reported, saying so.
   */
  private alt: { det: Detector; note: string; alerts: ScanAlert[]; mainRules: string[]; reported: number } | undefined;

  constructor(opts: ScannerOptions) {
    // The checked copy (core/options.ts: owned), never the caller's object: beginSource() and
    // start() pass parts of it down marked as checked.
    opts = checkOptions('Scanner', scannerOptionsSchema, opts);
    this.opts = opts;
    this.logger = opts.logger;
    this.warmup = opts.warmupEvents ?? DEFAULT_WARMUP_EVENTS;
    this.userProfile = typeof opts.profile === 'string' ? loadProfile(opts.profile) : opts.profile;
    if (this.userProfile !== undefined || opts.inferHome === false) this.start(this.userProfile ?? emptyProfile());
    else if (opts.inferred !== undefined) this.start(profileFromInference(opts.inferred));
    else {
      // The detector (which compiles the custom rules) is built when the warm-up ends: check
      // them now, so a bad rule is an ERR_BAD_RULE from the constructor, not from push() or end().
      for (const r of opts.customRules ?? []) compileCustomRule(r);
      this.inference = new HomeInference();
    }
  }

  /** The home network inferred from the traffic (undefined with a profile or when nothing could be inferred). */
  get inferred(): InferredHome | undefined {
    return this.inferredHome;
  }

  /** The detector (undefined while warming up). */
  get detectorInstance(): Detector | undefined {
    return this.detector;
  }

  /** Starts a capture: frame numbers and decoder state restart; subscriber state carries on. */
  beginSource(name: string): void {
    if (this.ended) throw new SigwatchError(ErrorCode.BAD_OPTION, 'Scanner.beginSource() after end()');
    this.endSource();
    this.source = name;
    this.sourceNo++;
    // A new decoder (below): the claims waiting now are answered as restored ones (Detector.beginSource).
    this.detector?.beginSource();
    this.alt?.det.beginSource();
    const o = this.opts;
    const onAnomaly = o.onAnomaly;
    const decoderOptions: DecoderOptions = {
      onRecord: (r) => this.record(r),
      ...(name === 'stream' || name === 'bytes' ? {} : { source: name }),
      ...(onAnomaly === undefined ? {} : { onAnomaly: (a: Anomaly) => onAnomaly(a) }),
      ...(o.limits === undefined ? {} : { limits: o.limits }),
      ...(o.diameterPorts === undefined ? {} : { diameterPorts: o.diameterPorts }),
      ...(o.mtp3 === undefined ? {} : { mtp3: o.mtp3 }),
      ...(o.diameterAvpTree === undefined ? {} : { diameterAvpTree: o.diameterAvpTree }),
      ...(o.smsContent === undefined ? {} : { smsContent: o.smsContent }),
    };
    // Options from this Scanner's, checked by its constructor; only `name` is new (a JavaScript
    // caller may pass anything: then the Decoder checks it, as before).
    this.decoder = new Decoder(typeof name === 'string' ? checked(decoderOptions) : decoderOptions);
  }

  /** Feeds bytes of the current capture. */
  push(chunk: Uint8Array): void {
    if (this.decoder === undefined) this.beginSource('stream');
    this.decoder!.push(chunk);
  }

  /** Ends the current capture (flushes reassembly; reports a truncated tail). */
  endSource(): void {
    const d = this.decoder;
    if (d === undefined) return;
    this.decoder = undefined;
    try {
      d.end();
    } finally {
      this.perSource.push({ source: this.source, stats: d.stats });
      this.logger?.debug({ source: this.source, stats: d.stats }, 'capture done');
    }
  }

  /** Ends the scan: settles a pending warm-up, ends the detector. */
  end(): void {
    if (this.ended) return;
    this.endSource();
    this.ended = true;
    if (this.detector === undefined) this.settle();
    this.detector!.end();
    if (this.alt !== undefined) this.altStats(this.alt);
  }

  /**
   * The alternative home's detector's stats as `alt.*` counters beside the decode counters (summed
   * over `scan --workers` threads like them; the summary's Detector section lists them, review
   * 15-B #8): the alerts it raised and those reported (the rest the main detector raised too), its
   * subscribers and state counters, and the matches its thresholds held back. Its limit anomalies
   * are counted as they come, as `alt.anomaly.<code>` (detectorFor).
   */
  private altStats(alt: NonNullable<Scanner['alt']>): void {
    alt.det.end();
    const st = alt.det.stats;
    const c = this.detectCounters;
    c.inc('alt.alerts', st.alerts);
    c.inc('alt.alerts-reported', alt.reported);
    c.inc('alt.subscribers', st.subscribers);
    for (const [k, v] of Object.entries(st.state)) if (v > 0) c.inc(`alt.state.${k}`, v);
    const held = st.thresholds === undefined ? 0 : Object.values(st.thresholds.suppressed).reduce((a, n) => a + n, 0);
    if (held > 0) c.inc('alt.thresholds.suppressed', held);
  }

  /** Decode counters per capture. */
  get sources(): readonly SourceStats[] {
    return this.perSource;
  }

  /** The detector's counters alone (its limit anomalies as `anomaly.<code>`): a `scan --workers` thread's share of {@link decodeStats}. */
  get detectorCounts(): Record<string, number> {
    return { ...this.detectCounters.values };
  }

  /** Decode counters summed over the captures scanned so far (the current one included). */
  get decodeStats(): Record<string, number> {
    const out: Record<string, number> = {};
    const all = this.decoder === undefined ? this.perSource : [...this.perSource, { source: this.source, stats: this.decoder.stats }];
    for (const s of all) for (const [k, v] of Object.entries(s.stats)) out[k] = (out[k] ?? 0) + v;
    for (const [k, v] of Object.entries(this.detectCounters.values)) out[k] = (out[k] ?? 0) + v;
    return out;
  }

  /**
   * One message from the decoder (the fast tier, events/record.ts): the detector reads the record;
   * its event is built only for onEvent, the warm-up or an alert.
   */
  private record(r: MessageRecord): void {
    const o = this.opts;
    if (o.onEvent !== undefined) o.onEvent(r.event(), this.source);
    if (o.onRecord !== undefined) o.onRecord(r, this.source);
    const det = this.detector;
    if (det !== undefined) {
      if (o.detectFilter !== undefined && !o.detectFilter(r)) {
        det.observeRecord(r); // another worker detects on it; cross-subscriber counts see it here too
        this.alt?.det.observeRecord(r);
        return;
      }
      this.current = this.source;
      if (this.alt === undefined) det.record(r);
      else this.detectBoth(det, r);
      return;
    }
    const ev = r.event();
    this.inference!.observe(ev);
    this.held.push({ ev, source: this.source, sourceNo: this.sourceNo, msisdnOctet: r.msisdnOctet });
    if (this.held.length >= this.warmup) this.settle();
  }

  private settle(): void {
    const inferred = this.inference?.result();
    this.start(inferred === undefined ? emptyProfile() : profileFromInference(inferred), inferred);
    const held = this.held;
    this.held = [];
    const filter = this.opts.detectFilter;
    const det = this.detector!;
    // Each held event fills the record once, for the filter and the detector alike.
    const r = this.heldRecord;
    let no = held.length === 0 ? 0 : held[0]!.sourceNo;
    for (const h of held) {
      if (h.sourceNo !== no) {
        // The warm-up spanned captures: where the next began, as beginSource tells a built detector.
        no = h.sourceNo;
        det.beginSource();
        this.alt?.det.beginSource();
      }
      r.fromEvent(h.ev);
      r.msisdnOctet = h.msisdnOctet;
      if (filter !== undefined && !filter(r)) {
        det.observeRecord(r);
        this.alt?.det.observeRecord(r);
        continue;
      }
      this.current = h.source;
      if (this.alt === undefined) det.record(r);
      else this.detectBoth(det, r);
    }
  }

  /**
   * Detection on `r` under both candidate homes of an AMBIGUOUS vote: the main detector's alerts as
   * usual, then the alternative's whose rule the main one did not raise on this message, their
   * explanation saying which home assumption raised them (either home saying "outside" alerts).
   */
  private detectBoth(det: Detector, r: MessageRecord): void {
    const alt = this.alt!;
    alt.mainRules.length = 0;
    det.record(r);
    alt.det.record(r);
    if (alt.alerts.length === 0) return;
    const extra = alt.alerts;
    alt.alerts = [];
    for (const a of extra) {
      if (alt.mainRules.includes(a.rule)) continue;
      a.explanation += alt.note;
      alt.reported++;
      if (this.current !== '') a.source = this.current;
      this.opts.onAlert(a);
    }
  }

  private start(profile: Profile, inferred: InferredHome | undefined = this.opts.inferred): void {
    const o = this.opts;
    if (inferred !== undefined && this.userProfile === undefined) {
      this.inferredHome = inferred;
      this.logger?.info({ home: inferred }, 'no profile: home network inferred from the traffic');
    }
    const onAlert = o.onAlert;
    const other = this.userProfile === undefined ? inferred?.alternative : undefined;
    if (other !== undefined) {
      const note =
        ` [raised with ${other.imsiPrefixes[0]} as the home: the AMBIGUOUS home vote chose ${inferred!.imsiPrefixes[0]}, ` +
        'under which this rule raised no alert on this message]';
      const det = this.detectorFor(profileFromInference(other), (a) => this.alt!.alerts.push(a), other.imsiPrefixes[0]);
      this.alt = { det, note, alerts: [], mainRules: [], reported: 0 };
    }
    // The detector's alert is fresh: `source` is added in place (last key, as a copy would put
    // it) instead of copying the alert, which would also build its lazy evidence (detect/alert.ts).
    this.detector = this.detectorFor(
      profile,
      (a: ScanAlert) => {
        if (this.current !== '') a.source = this.current;
        this.alt?.mainRules.push(a.rule);
        onAlert(a);
      },
      undefined,
    );
    this.inference = undefined;
  }

  /**
   * A detector under `profile` (with the options' extra networks, rules, limits and saved state).
   * `alt`: the PLMN of an AMBIGUOUS vote's alternative home (undefined for the main detector). Its
   * limit anomalies are its own (its state is bounded by the same limits: up to twice the state's
   * memory, README) and are reported too, counted as `alt.anomaly.<code>` and their detail marked
   * (review 15-B #8: they were dropped); the left-out saved identities only once, by the main one.
   */
  private detectorFor(profile: Profile, onAlert: (a: ScanAlert) => void, alt: string | undefined): Detector {
    const main = alt === undefined;
    const o = this.opts;
    const p = o.networks === undefined || o.networks.length === 0 ? profile : { ...profile, networks: [...profile.networks, ...o.networks] };
    // From this Scanner's options, checked by its constructor.
    const det = new Detector(
      checked({
        rules: o.rules ?? loadDefaultRules(),
        profile: p,
        onAlert,
        ...(o.attributor === undefined ? {} : { attributor: o.attributor }),
        ...(o.limits === undefined ? {} : { limits: o.limits }),
        ...(o.customRules === undefined ? {} : { customRules: o.customRules }),
        ...(o.explicitEvidence === true ? { explicitEvidence: true } : {}),
        // Not for the AMBIGUOUS alternative's detector: its alerts are handed on after its record()
        // returns (detectBoth), when its judgeRepeated record may hold another message.
        ...(main && o.explicitEvidence === true && o.eventInCallback === true ? { eventInCallback: true } : {}),
        ...(main && o.explicitEvidence === true && o.eventInCallback === true && o.explanationInCallback === true ? { explanationInCallback: true } : {}),
        // Detector limit anomalies (state tables full) are counted with the decode anomalies.
        onAnomaly: (a: Anomaly) => {
          if (!main) {
            this.detectCounters.inc('alt.anomaly.' + a.code);
            o.onAnomaly?.({ ...a, detail: `[detector with ${alt} as the home: the AMBIGUOUS vote's alternative] ${a.detail}` });
            return;
          }
          this.detectCounters.inc('anomaly.' + a.code);
          // A number now on an IMSI in another country than one it left within the link TTL: the summary counts the
          // anomaly, the log names the number and both IMSIs (anonymised with the rest of the output: --anonymize).
          if (a.code === 'state.msisdn-moved-country') this.logger?.warn({ anomaly: a.code, frame: a.frame }, a.detail);
          o.onAnomaly?.(a);
        },
      }),
    );
    if (o.stateIn !== undefined) {
      const dropped = det.restoreState(o.stateIn);
      if (dropped > 0 && main) {
        this.detectCounters.inc('state.identities-dropped', dropped);
        this.logger?.warn({ dropped }, 'state: saved IMSIs or MSISDNs that are not E.212/E.164 digits were left out (their subscribers restored without them)');
      }
    }
    return det;
  }
}
