/**
 * The detector: per event, the candidate rules of its (protocol, direction, operation) bucket run
 * over one reused context; alerts go to `onAlert`; then, unless a rule above `info` level flagged
 * the event (a rule with `learn: true` does not flag), the subscriber state learns from it (an attacker's UpdateLocation must not rewrite
 * where the subscriber is; an informational watched-carrier note does not make traffic untrusted).
 *
 * Synchronous and allocation-free on the no-alert path apart from first-time attribution (cached
 * by the attributor) and state updates of location-bearing messages.
 */
import { decimalText } from '../core/digit-key.js';
import { checkOptions } from '../core/options.js';
import { detectorOptionsSchema } from './options-schema.js';
import type { AnomalyCode } from '../core/anomaly-codes.js';
import { createAttributor } from '../attribution/attributor.js';
import { sameNetwork } from '../attribution/same-network.js';
import type { Attributor, NetworkInfo } from '../attribution/types.js';
import { grown } from '../core/typed-arrays.js';
import { anomaly, type AnomalySink } from '../core/anomaly.js';
import { ErrorCode, SigwatchError } from '../core/errors.js';
import { resolveLimits, type Limits } from '../core/limits.js';
import { MessageRecord } from '../events/record.js';
import type { SignallingEvent, Subscriber } from '../events/types.js';
import { flagDialogue, learn, learnJoined, noteDialogue, observeAnswer, type LearnContext } from '../state/learn.js';
import { seedState, type SeedOptions } from '../state/seed.js';
import { restoreState, snapshotState, snapshotText, type StateSnapshot } from '../state/snapshot.js';
import { FLAGGED_DIALOGUES, SubscriberStore, type NumberMove, type StoreCounters } from '../state/subscribers.js';
import { HELD } from '../state/held-results.js';
import { PENDING_PRESENCE } from '../state/pending-presence.js';
import { MAX_PER_TID } from '../state/dialogue-index.js';
import { SpoofedBegins } from '../state/spoofed-begins.js';
import { buildAlert, contextMessageName, contextSentMsisdn, lowerLevel, place, type Alert } from './alert.js';
import { compileRule, type CompiledRule } from './compiler.js';
import { MatchContext, mayHandOver } from './context.js';
import { Correlator, MARK, OBSERVED, ORIGIN_ID, type CorrelationCounters, type Observation } from './correlate.js';
import { compileCustomRule, type CustomRule } from './custom-rule.js';
import { Networks, profileEntries } from './networks.js';
import { emptyProfile, type Profile } from './profile.js';
import { RuleIndex } from './rule-index.js';
import type { RuleDef } from './rule-schema.js';
import { RuleThrottle, resolveThreshold, type Threshold, type Track } from './threshold.js';
import type { Origin } from './networks.js';
import { type HarvestCounters, OriginSubscribers } from './origin-subscribers.js';
import { VISITED_BLOCKS, VisitedBlocks } from './visited-blocks.js';
import { MsisdnNotation } from './msisdn-notation.js';
import { DIAMETER_APP, DIAMETER_CMD } from '../diameter/dictionary/codes.js';
import { MAP_OP } from '../ss7/map/operations.js';

/**
 * `DE Vodafone (GT 4917..., frame 12)`: an origin as a campaign alert lists it. The frame's text
 * through core/digit-key.ts decimalText, not V8's number-to-string cache, which kept it long
 * enough to be promoted (bench/results-notes.md, "mem4").
 */
function originLabel(info: NetworkInfo, k: number, idv: string | number | undefined, frame: number): string {
  const id = k === ORIGIN_ID.GT ? `GT ${idv}` : k === ORIGIN_ID.REALM ? `realm ${idv}` : k === ORIGIN_ID.HOST ? `host ${idv}` : `PC ${idv}`;
  return `${place(info)} (${id}, frame ${decimalText(frame)})`;
}

/** A `distinct` observation of origin `o` (the context's reused Origin: its identifier is copied). */
function observed(rule: number, t: number, frame: number, o: Origin): Observation {
  if (o.gt !== undefined) return { rule, kind: OBSERVED, t, frame, info: o.info, idKind: ORIGIN_ID.GT, id: o.gt };
  if (o.realm !== undefined) return { rule, kind: OBSERVED, t, frame, info: o.info, idKind: ORIGIN_ID.REALM, id: o.realm };
  if (o.host !== undefined) return { rule, kind: OBSERVED, t, frame, info: o.info, idKind: ORIGIN_ID.HOST, id: o.host };
  return { rule, kind: OBSERVED, t, frame, info: o.info, idKind: ORIGIN_ID.PC, id: o.pc };
}

export interface DetectorOptions {
  /** Compiled rules, or rule definitions (compiled here against `profile`). */
  rules: readonly (CompiledRule | RuleDef)[];
  /** Without one: no home, no partners, default thresholds (the CLI passes an inferred home instead). */
  profile?: Profile;
  /** Default: built from the profile's networks, home and partners. */
  attributor?: Attributor;
  limits?: Partial<Limits>;
  onAlert: (a: Alert) => void;
  /** Alerts' `evidence` a plain property set only on request (detect/alert.ts AlertInput `explicitEvidence`, withEvidence). */
  explicitEvidence?: boolean;
  /** With `explicitEvidence`: alerts' events built only when read inside `onAlert` (detect/alert.ts AlertInput `eventInCallback`). */
  eventInCallback?: boolean;
  /** With `eventInCallback`: alerts' explanations made only when read inside `onAlert` (detect/alert.ts AlertInput `explanationInCallback`). */
  explanationInCallback?: boolean;
  customRules?: readonly CustomRule[];
  /**
   * Receives an anomaly each time a state limit is hit (limits.subscribers: LRU eviction;
   * correlation tables full: subscriber evicted or observation dropped; auth-vector-harvesting
   * state full: registrations, origins, subscribers or registrations awaiting their answer dropped). TTL expiry is normal
   * ageing, counted in `stats` only.
   */
  onAnomaly?: AnomalySink;
}

/** Anomaly codes raised by the detector when its bounded tables are full. */
export const DETECT_ANOMALY = {
  SUBSCRIBER_EVICTED: 'state.subscriber-evicted',
  LOCATED_EVICTED: 'state.located-subscriber-evicted',
  MSISDN_RELINKED: 'state.msisdn-relinked',
  MSISDN_MOVED_COUNTRY: 'state.msisdn-moved-country',
  HELD_RESULT_EVICTED: 'state.held-result-evicted',
  FLAGGED_DIALOGUE_EVICTED: 'state.flagged-dialogue-evicted',
  FLAGGED_DIALOGUE_SATURATED: 'state.flagged-dialogue-saturated',
  CORRELATION_EVICTED: 'detect.correlation-evicted',
  CORRELATION_DROPPED: 'detect.correlation-dropped',
  HARVEST_EVICTED: 'detect.harvest-evicted',
  VISITED_BLOCK_EVICTED: 'state.visited-block-evicted',
  PRESENCE_REQUEST_EVICTED: 'state.presence-request-evicted',
  IDENTITY_MISMATCH: 'detect.identity-mismatch',
} as const satisfies Record<string, AnomalyCode>;

export interface DetectorStats {
  events: number;
  /**
   * Rule evaluations: the sum over events of their candidate-bucket sizes (rules that cannot hold
   * under the profile, such as watched-carrier without a watch list, are in no bucket).
   */
  candidates: number;
  alerts: number;
  byRule: Record<string, number>;
  /** Events applied to the subscriber state / kept out of it because a rule flagged them. */
  learned: number;
  notLearned: number;
  subscribers: number;
  state: StoreCounters;
  correlation: CorrelationCounters;
  /**
   * auth-vector-harvesting state dropped at its bounds (origin-subscribers.ts). Every
   * `scan --workers` thread observes all of it alike: merged from one thread, not summed.
   */
  harvest: HarvestCounters;
  /** Present when a rule has an alert threshold (rule file or profile `thresholds.rules`). */
  thresholds?: ThresholdStats;
  /**
   * Location requests a rule wanted to check the origin of that had none: no calling GT and no
   * registered point code, or a Diameter request without Origin-Realm and Origin-Host (present when > 0).
   */
  noOrigin?: number;
  /**
   * Location results captured before their request (state/held-results.ts): dropped at the table's
   * bound, or never joined by their Begin within limits.reorderWaitSec (present when either is > 0).
   */
  heldResults?: { evicted: number; expired: number };
  /**
   * The visited number blocks (visited-blocks.ts), present once one was evicted (review 20 #4): blocks learned, forgotten
   * at the bound (the least recently used), held at the end. Every `scan --workers` thread holds the same: one thread's.
   */
  visitedBlocks?: { learned: number; evicted: number; held: number };
  /**
   * Registration answers (ULA, UL result, ISD, refusals) the subscriber state held or got that were not the answer of
   * the request they named: not joined to it by the dialogue / transaction table (state/learn.ts register, ownUla;
   * red-team round 20 N7, N9). Present when > 0.
   */
  earlyAnswersUnmatched?: number;
}

export interface ThresholdStats {
  /** Matches not alerted because of a threshold, by rule id (every rule with a threshold listed). */
  suppressed: Record<string, number>;
  /** Matches of keys not tracked at the `limits.thresholdKeys` bound (alerted: threshold.ts fails open). */
  evicted: number;
}

export interface CarrierExposure {
  /** Messages that originated from or transited the carrier. */
  messages: number;
  byMessage: Record<string, number>;
  byVia: Record<string, number>;
}

interface Entry {
  readonly rule: CompiledRule;
  readonly n: number;
  readonly scope: CompiledRule['scope'];
}

export class Detector {
  readonly profile: Profile;
  readonly attributor: Attributor;
  private readonly index: RuleIndex<Entry>;
  private readonly store: SubscriberStore;
  private readonly corr: Correlator;
  /** `distinct`'s window slots (reused; ≤ limits.correlationEventsPerSubscriber entries). */
  private winSlots = new Int32Array(16);
  private readonly ctx: MatchContext;
  /** How the subscriber tables read an MSISDN's notation (msisdn-notation.ts): `scan --workers` shards by it too. */
  readonly notation: MsisdnNotation;
  private readonly learnCtx: LearnContext;
  private readonly onAlert: (a: Alert) => void;
  private readonly explicitEvidence: boolean;
  private readonly explanationInCallback: boolean;
  private readonly counts = { events: 0, candidates: 0, alerts: 0, learned: 0, notLearned: 0 };
  /** Messages a rule wanted to check the origin of and that had none (stats `noOrigin`). */
  private noOrigin = 0;
  private readonly byRule: Record<string, number> = {};
  /** Threshold state by rule number (Entry.n); undefined: every match alerts. */
  private readonly throttles: (RuleThrottle | undefined)[];
  private readonly ruleIds: string[];
  private readonly exposureByCarrier = new Map<string, CarrierExposure>();
  private ended = false;
  private readonly limits: Limits;
  private readonly onAnomaly: AnomalySink | undefined;
  private readonly claimPolicy: Profile['thresholds']['flagged_claims'];
  /** The attributor may know point codes ({@link spoofed}: the R9 test needs one at the MTP OPC). */
  private readonly pointCodes: boolean;
  /** `home.point_codes` declared: {@link spoofed} reads every MAP message's origin (context.ts undeclaredHomeRoute). */
  private readonly declaredRoutes: boolean;
  private readonly harvest: OriginSubscribers;
  /** Number blocks the home's own operations address (visited-blocks.ts), fed alike in every `scan --workers` thread. */
  private readonly visitedBlocks: VisitedBlocks;
  /** The harvesting counters when last reported (for the anomaly's detail). */
  private readonly reportedHarvest: HarvestCounters = { originsEvicted: 0, registrationsEvicted: 0, subscribersDropped: 0, pendingDropped: 0 };
  /** Eviction counts already reported as anomalies. */
  private readonly reported = {
    lru: 0,
    presence: 0,
    located: 0,
    claimOnly: 0,
    relinked: 0,
    moved: 0,
    moves: 0,
    corrEvicted: 0,
    corrDropped: 0,
    harvest: 0,
    held: 0,
    flagged: 0,
    saturated: 0,
    blocks: 0,
  };

  constructor(opts: DetectorOptions) {
    checkOptions('Detector', detectorOptionsSchema, opts);
    const profile = opts.profile ?? emptyProfile();
    this.profile = profile;
    this.attributor = opts.attributor ?? createAttributor({ networks: [...profile.networks, ...profileEntries(profile, createAttributor({ cacheSize: 64 }))] });
    const ownAttributor = opts.attributor === undefined;
    // No registry point code, no R9 handover to look for (a caller's attributor may hold some).
    this.pointCodes = !ownAttributor || profile.networks.some((e) => e.pointCodes.length > 0);
    // Declared home routes (rt14 G2): an international point code neither home's nor the registry's may hand a home GT over.
    this.declaredRoutes = profile.home.pointCodes !== undefined;
    const limits = resolveLimits(opts.limits);
    const compiled = opts.rules.map((r) => ('test' in r ? r : compileRule(r, profile)));
    for (const c of opts.customRules ?? []) compiled.push(compileCustomRule(c));
    const ids = new Set<string>();
    for (const r of compiled) {
      if (ids.has(r.id)) throw new SigwatchError(ErrorCode.BAD_RULE, `duplicate rule id "${r.id}"`, { path: 'id' });
      ids.add(r.id);
      this.byRule[r.id] = 0;
    }
    const networks = new Networks(profile, this.attributor, ownAttributor);
    // A rule whose condition needs a watch list cannot hold without one: not a candidate (compiler.ts `needs`).
    const live = (r: CompiledRule): boolean => r.needs !== 'watch' || networks.watching;
    this.index = new RuleIndex(compiled.map((rule, n) => ({ rule, n, scope: rule.scope })).filter((e) => live(e.rule)));
    this.ruleIds = compiled.map((r) => r.id);
    this.throttles = ruleThresholds(compiled, profile).map((t) => (t === undefined ? undefined : new RuleThrottle(t, limits.thresholdKeys)));
    const horizon = Math.max(0, ...compiled.map((r) => r.distinct?.windowSec ?? r.sequence?.windowSec ?? 0));
    this.store = new SubscriberStore(limits);
    this.spoofedBegins = new SpoofedBegins(this.store.flaggedDialogues.ttl);
    this.corr = new Correlator(limits, horizon);
    const notation = new MsisdnNotation(networks.homeCallingCode, profile.home.msisdnPrefixes);
    this.notation = notation;
    this.ctx = new MatchContext(networks, this.store, profile, this.attributor, notation);
    const ah = profile.thresholds.auth_harvest;
    this.harvest = new OriginSubscribers(networks, this.attributor, ah.subscribers, ah.window, limits.subscribers, ah.network_subscribers);
    this.ctx.harvest = this.harvest;
    this.visitedBlocks = new VisitedBlocks(profile.home.inferred ? [] : profile.home.gtPrefixes, this.attributor);
    this.ctx.visitedBlocks = this.visitedBlocks;
    this.learnCtx = {
      attributor: this.attributor,
      homeOf: (i, m) => networks.homeOf(i, m),
      msisdnKey: (k, r) => notation.key(k, r.msisdnOctet),
    };
    this.onAlert = opts.onAlert;
    this.explicitEvidence = opts.explicitEvidence === true;
    this.ctx.eventInCallback = this.explicitEvidence && opts.eventInCallback === true;
    this.explanationInCallback = this.ctx.eventInCallback && opts.explanationInCallback === true;
    this.claimPolicy = profile.thresholds.flagged_claims ?? 'record';
    this.limits = limits;
    this.onAnomaly = opts.onAnomaly;
  }

  /** Detection on an event (the record is filled from it; see {@link record}). */
  event(ev: SignallingEvent): void {
    if (this.ended) throw new SigwatchError(ErrorCode.BAD_OPTION, 'Detector.event() after end()');
    this.record(this.eventRecord.fromEvent(ev));
  }

  /** For {@link event} and {@link observe}: a record filled from the caller's event. */
  private readonly eventRecord = new MessageRecord();
  /** Spoofed Begins' dialogues, filed alike in every `scan --workers` thread: {@link teachesLink}. */
  private readonly spoofedBegins: SpoofedBegins;

  /**
   * Detection on a decoder's record (the fast tier, events/record.ts): the event is built only
   * when a rule fires (the alert's evidence) or a custom rule asks for `ctx.ev`.
   */
  record(ev: MessageRecord): void {
    if (this.ended) throw new SigwatchError(ErrorCode.BAD_OPTION, 'Detector.record() after end()');
    const c = this.counts;
    c.events++;
    this.harvest.observe(ev);
    noteDialogue(this.store, ev);
    this.spoofedBegins.keep(ev);
    const cands = this.index.candidates(ev);
    let flagged: string | undefined;
    if (cands.length > 0) {
      const ctx = this.ctx;
      this.store.tick(ev.tsSec);
      ctx.reset(ev);
      c.candidates += cands.length;
      for (let i = 0; i < cands.length; i++) {
        const e = cands[i]!;
        const r = e.rule;
        ctx.beginRule();
        const hit = r.sequence !== undefined ? this.sequence(e, ctx) : r.test(ctx) && (r.distinct === undefined || this.distinct(e, ctx));
        if (!hit) continue;
        this.emit(e, ctx);
        if (r.level !== 'info' && r.learn !== true) flagged ??= r.id;
      }
      if (ctx.noOrigin) this.noOrigin++;
      if (ev.repeatedIdentity !== undefined) flagged = this.judgeRepeated(ev, cands, flagged);
    }
    // A spoofed home-country GT (rt11 R9: handed over by a foreign carrier's point code) teaches nothing,
    // flagged or not (review 11-B #1: a forged ATI End from the home HLR's GT via China's OPC).
    const spoofed = this.spoofed(ev, cands.length === 0);
    if (spoofed) this.spoofedBegins.file(ev, this.learnCtx.msisdnKey(ev.msisdnKey(), ev));
    // Review 20 #3: a spoofed home GT teaches no visited number block (decided from the message alone, as observeRecord).
    else this.observeBlocks(ev);
    const kept = !spoofed && (flagged === undefined || this.claimPolicy === 'trust' || refusal(ev));
    if (kept) {
      c.learned++;
      learn(this.store, ev, this.learnCtx);
    } else {
      c.notLearned++;
      if (flagged !== undefined && this.claimPolicy === 'record') this.recordClaim(ev, flagged);
      // Nor does any answer in the dialogue of a Begin kept out (state/flagged-dialogues.ts).
      flagDialogue(this.store, ev, this.learnCtx, spoofed);
      if (this.onAnomaly !== undefined) this.reportFlags(ev.frame);
    }
    // Reordering: a Begin that joined its results captured before it learns them only if it was
    // kept, as those results captured after it would be (state/held-results.ts; a Begin kept out
    // files its dialogue above: review 11-B #1 × #3).
    if (ev.orphan >= 0) this.reordered(ev, kept);
    if (this.onAnomaly !== undefined) this.reportLimits(ev.frame);
  }

  /** {@link judgeRepeated}'s record: the message with the repeated value as its identity. */
  private readonly repeatedRecord = new MessageRecord();

  /**
   * A MAP argument repeating the subscriber's IMSI or MSISDN field with other digits (`ev.repeatedIdentity`,
   * anomaly `map.repeated-field`): the message is judged again with that value as its identity, by
   * the candidate rules that keep no count or sequence (their state would count the message twice),
   * each again, whether or not it fired on the first value (review 16-A #3: a decoy home number first
   * made location-origin-mismatch fire on the decoy, and the victim second was never judged by it); at
   * most one more alert per rule and argument, with the anomaly. Whichever instance the receiving
   * stack acts on (the first, in the definition's order; the last, a field per tag), the message is
   * judged on it (red-team round 15 H7, MAP side: an SRI for a foreign MSISDN, then the victim's,
   * raised only watched-carrier info). Such an alert flags the message like any other: it teaches
   * the state nothing. Returns the flagging rule.
   */
  private judgeRepeated(ev: MessageRecord, cands: readonly Entry[], flagged: string | undefined): string | undefined {
    const base = ev.event();
    const ctx = this.ctx;
    // Each other identity (≤ OTHER_IDENTITIES, events/types.ts), as the message's; a key present with undefined
    // drops the message's own value of that kind (a CHOICE alternative names the subscriber alone, rt17 J5).
    for (const other of ev.repeatedIdentity!) {
      const subscriber: Subscriber = { ...base.subscriber };
      if ('imsi' in other) {
        if (other.imsi === undefined) delete subscriber.imsi;
        else subscriber.imsi = other.imsi;
      }
      if ('msisdn' in other) {
        if (other.msisdn === undefined) delete subscriber.msisdn;
        else subscriber.msisdn = other.msisdn;
      }
      const copy = this.repeatedRecord.fromEvent({ ...base, subscriber } as typeof base);
      copy.msisdnOctet = ev.msisdnOctet;
      ctx.reset(copy);
      for (const e of cands) {
        const r = e.rule;
        if (r.sequence !== undefined || r.distinct !== undefined) continue;
        ctx.beginRule();
        if (!r.test(ctx)) continue;
        this.emit(e, ctx);
        if (r.level !== 'info' && r.learn !== true) flagged ??= r.id;
      }
    }
    ctx.reset(ev); // the message's own identity again for what follows (spoofed())
    return flagged;
  }

  /**
   * A message of a dialogue / transaction captured out of order (`ev.orphan`): what joined its
   * other half learns it ({@link record}); a result held for its Begin may have dropped the oldest
   * held one (reported here: the only messages that hold, so the per-message limit check stays as it was).
   */
  private reordered(ev: MessageRecord, kept: boolean): void {
    learnJoined(this.store, ev, this.learnCtx, kept);
    const held = this.store.held.evicted;
    if (this.onAnomaly === undefined || held === this.reported.held) return;
    const detail = `held-results table full (${HELD}): ${held - this.reported.held} result(s) captured before their request dropped`;
    this.onAnomaly(anomaly(DETECT_ANOMALY.HELD_RESULT_EVICTED, 'state', detail, ev.frame));
    this.reported.held = held;
  }

  /**
   * After a Begin was filed as kept out (state/flagged-dialogues.ts): flags dropped for room within
   * their time (their answers may teach again), and tids that overflowed (every answer on them kept
   * out until they expire), each counted by the thread that owns the filing (`scan --workers`).
   */
  private reportFlags(frame: number): void {
    const f = this.store.flaggedDialogues;
    const seen = this.reported;
    if (f.evicted !== seen.flagged) {
      const dropped = f.evicted - seen.flagged;
      const detail = `flagged-dialogues table full (${FLAGGED_DIALOGUES}): ${dropped} flag(s) dropped within ${f.ttl} s; their answers are learned again`;
      seen.flagged = f.evicted;
      this.onAnomaly?.(anomaly(DETECT_ANOMALY.FLAGGED_DIALOGUE_EVICTED, 'state', detail, frame));
    }
    if (f.overflowed !== seen.saturated) {
      const detail =
        `${f.overflowed - seen.saturated} transaction id(s) with more than ${MAX_PER_TID} flagged dialogues within ${f.ttl} s: ` +
        'every answer on them is kept out of the state until then';
      seen.saturated = f.overflowed;
      this.onAnomaly?.(anomaly(DETECT_ANOMALY.FLAGGED_DIALOGUE_SATURATED, 'state', detail, frame));
    }
  }

  /**
   * Presence model, flagged claims (thresholds.flagged_claims = record): a flagged UpdateLocation /
   * UpdateGprsLocation / ULR is kept beside the subscriber's record as a claim, for explanations
   * and the snapshot; it does not become the visited network and does not enter the history.
   */
  private recordClaim(ev: MessageRecord, rule: string): void {
    const claimsLocation =
      ev.protocol === 'diameter'
        ? ev.request && ev.app === DIAMETER_APP.s6a && ev.cmd === DIAMETER_CMD.s6a.ULR
        : ev.hasComponent && ev.componentType === 'invoke' && (ev.opcode === MAP_OP.updateLocation || ev.opcode === MAP_OP.updateGprsLocation);
    if (!claimsLocation) return;
    const ctx = this.ctx;
    const claim = ctx.claimed();
    // Keyed by the IMSI alone when there is one: the flagged message's MSISDN (an MSISDN AVP the
    // sender added, or its own ISD joined by the reordering) is not trusted to relink the record.
    const imsi = ctx.imsiKey();
    const rec = claim === undefined ? undefined : this.store.touchKey(imsi, imsi === undefined ? ctx.msisdnKey() : undefined);
    if (rec === undefined) return;
    const kind = ev.protocol === 'diameter' ? 'mme' : claim!.field === 'args.sgsnNumber' ? 'sgsn' : claim!.field === 'args.mscNumber' ? 'msc' : 'vlr';
    this.store.recordClaim(rec, { info: claim!.info, kind, address: claim!.value, tsSec: ev.tsSec, tsNsec: ev.tsNsec, frame: ev.frame, rule });
  }

  /**
   * An event whose subscriber another `scan --workers` thread detects on: only the
   * cross-subscriber correlation (origin-subscribers.ts) sees it, so every thread counts alike,
   * and the state's capture clock advances as {@link event} advances it (every event ticks it:
   * learn() or the candidate path), so a record's `updatedSec` and TTL are those of one thread
   * even when frames arrive out of time order.
   */
  observe(ev: SignallingEvent): void {
    this.observeRecord(this.eventRecord.fromEvent(ev));
  }

  /** {@link observe} on a decoder's record. */
  observeRecord(r: MessageRecord): void {
    if (this.ended) throw new SigwatchError(ErrorCode.BAD_OPTION, 'Detector.observe() after end()');
    this.store.tick(r.tsSec);
    noteDialogue(this.store, r);
    this.spoofedBegins.keep(r);
    // As record(): every thread decides alike from the message alone (the attribution and the profile).
    if (!this.spoofed(r, true)) {
      observeAnswer(this.store, r, this.learnCtx);
      this.observeBlocks(r);
    } else {
      this.spoofedBegins.file(r, this.learnCtx.msisdnKey(r.msisdnKey(), r));
      // A spoofed Begin is filed in every thread, not only its subscriber's: an answer naming
      // another IMSI (an SRI-SM result's own) is detected in that IMSI's thread, which must find
      // the flag as one thread does (review 12-C #2 under --workers: the End was learned there).
      flagDialogue(this.store, r, this.learnCtx, true, false);
      // Its evictions are reported as record() reports them (review 13-A #2: a thread that only
      // observed the evicting Begin never reported it, or reported it later with another frame).
      if (this.onAnomaly !== undefined) this.reportFlags(r.frame);
      // A spoofed Begin that joined an orphan still takes its held results out (learned nowhere).
      if (r.orphan >= 0) learnJoined(this.store, r, this.learnCtx, false);
    }
    this.harvest.observe(r);
    // Every thread observes all harvesting traffic: its evictions are reported here as in event().
    if (this.onAnomaly !== undefined) this.reportHarvest(r.frame);
  }

  /**
   * `scan --workers` (api/workers-shard.ts): whether message `r`, not yet recorded or observed, may
   * teach the link of its MSISDN to its IMSI, decided alike in every thread from the message and the
   * messages before it: not when its origin is a spoofed home-country GT, nor when it answers a spoofed Begin
   * (state/spoofed-begins.ts), as the store learns no link from either (record; learn.ts inFlaggedDialogue).
   * The router also files a UL / UGL Begin's claim by this (workers-registrations.ts), and asks
   * learn.ts mayLink itself for the kinds that link nothing.
   */
  teachesLink(r: MessageRecord): boolean {
    return !this.spoofedBegins.answers(r, this.learnCtx.msisdnKey(r.msisdnKey(), r)) && !this.spoofed(r, true);
  }

  /**
   * The record's origin is a spoofed home-country GT (MatchContext.spoofedHomeGt); `reset`: the context
   * does not hold this record yet (no rule ran on it).
   */
  private spoofed(ev: MessageRecord, reset: boolean): boolean {
    // With home's point codes declared, one the registry does not list hands a home GT over too (final read 15-A #2:
    // a result "from the home HLR" through OPC 9999 was learned).
    if (this.declaredRoutes ? ev.protocol !== 'map' : !this.pointCodes || !mayHandOver(ev, this.attributor)) return false;
    if (reset) this.ctx.reset(ev);
    return this.ctx.spoofedHomeGt();
  }

  /** Compares the eviction counters with what was last reported (a few integer compares per event). */
  private reportLimits(frame: number): void {
    this.reportHarvest(frame);
    const s = this.store.counters;
    const c = this.corr.counters;
    const seen = this.reported;
    // The check alone, inlined into every message's path as reportHarvest's; the anomalies are made apart
    // (callgrind, round 15: with the relink check added to one function it stopped being inlined, +11 M in the routine window).
    if (
      s.evictedLru !== seen.lru ||
      this.store.moves !== seen.moves ||
      c.evictedSubscribers !== seen.corrEvicted ||
      c.droppedObservations !== seen.corrDropped ||
      this.store.presence.evicted !== seen.presence
    ) {
      this.limitAnomalies(frame);
    }
  }

  /**
   * `state.msisdn-relinked` and `state.msisdn-moved-country`, naming the first few numbers and IMSIs as alerts name
   * subscribers (review 15-B #9: a bare count was the only trace of a forged link).
   */
  private moveAnomalies(frame: number): void {
    const sink = this.onAnomaly!;
    const seen = this.reported;
    const { relinked, movedCountry: moved } = this.store.counters;
    const notes = this.store.takeMoves();
    seen.moves = this.store.moves;
    if (relinked !== seen.relinked) {
      const n = relinked - seen.relinked;
      const detail = `${n} MSISDN(s) moved to another IMSI${movesText(notes.relinks, n)}: a recycled number, a SIM swap, or a forged answer naming it`;
      sink(anomaly(DETECT_ANOMALY.MSISDN_RELINKED, 'state', detail, frame));
      seen.relinked = relinked;
    }
    if (moved !== seen.moved) {
      const n = moved - seen.moved;
      const detail =
        `${n} MSISDN(s) now on an IMSI located in another country than an IMSI they left within the link TTL${movesText(notes.countries, n)}: ` +
        'a SIM swap or multi-IMSI SIM while travelling, or a forged link; ' +
        'requests for the number are judged against both while travel does not explain the move';
      sink(anomaly(DETECT_ANOMALY.MSISDN_MOVED_COUNTRY, 'state', detail, frame));
      seen.moved = moved;
    }
  }

  private limitAnomalies(frame: number): void {
    const lru = this.store.counters.evictedLru;
    const cEv = this.corr.counters.evictedSubscribers;
    const cDrop = this.corr.counters.droppedObservations;
    const seen = this.reported;
    const sink = this.onAnomaly!;
    if (this.store.moves !== seen.moves) this.moveAnomalies(frame);
    const presence = this.store.presence.evicted;
    if (presence !== seen.presence) {
      // Review 21 F5: 1,024 unanswered requests pushed an honest one out before its answer, unseen.
      const detail =
        `presence requests awaiting their answer full (${PENDING_PRESENCE}): ${presence - seen.presence} oldest dropped unanswered; ` +
        'their answers confirm or clear nothing';
      sink(anomaly(DETECT_ANOMALY.PRESENCE_REQUEST_EVICTED, 'state', detail, frame));
      seen.presence = presence;
    }
    if (lru !== seen.lru) {
      const claimOnly = this.store.counters.evictedClaimOnly - seen.claimOnly;
      const which = claimOnly === 0 ? 'least recently used evicted' : `evicted, ${claimOnly} of them located only by unanswered registrations (evicted first)`;
      sink(
        anomaly(
          DETECT_ANOMALY.SUBSCRIBER_EVICTED,
          'state',
          `subscriber table full (limits.subscribers = ${this.limits.subscribers}): ${lru - seen.lru} ${which}`,
          frame,
        ),
      );
      seen.claimOnly += claimOnly;
      // rt19 M5: a located subscriber's eviction is what blinds the location rules: said apart.
      const located = this.store.counters.evictedLocated;
      if (located !== seen.located) {
        const detail =
          `subscriber table full (limits.subscribers = ${this.limits.subscribers}): ${located - seen.located} subscriber(s) with a trusted location evicted ` +
          '(no record located only by unanswered registrations was left to evict): their locations are forgotten';
        sink(anomaly(DETECT_ANOMALY.LOCATED_EVICTED, 'state', detail, frame));
        seen.located = located;
      }
    }
    if (cEv !== seen.corrEvicted) {
      sink(anomaly(DETECT_ANOMALY.CORRELATION_EVICTED, 'detect', `correlation table full: ${cEv - seen.corrEvicted} subscriber window(s) evicted`, frame));
    }
    if (cDrop !== seen.corrDropped) {
      const limit = this.limits.correlationEventsPerSubscriber;
      const detail = `correlation window full (limits.correlationEventsPerSubscriber = ${limit}): ${cDrop - seen.corrDropped} oldest observation(s) dropped`;
      sink(anomaly(DETECT_ANOMALY.CORRELATION_DROPPED, 'detect', detail, frame));
    }
    seen.lru = lru;
    seen.corrEvicted = cEv;
    seen.corrDropped = cDrop;
  }

  /**
   * The visited number blocks (visited-blocks.ts) see the message; a block evicted for room is reported (review 20 #4:
   * 6,480 spoofed CancelLocations pushed the honest blocks out unseen). Every thread holds the same blocks: each
   * reports alike, and `scan --workers` counts the anomaly once (api/workers.ts SHARED_TABLES).
   */
  private observeBlocks(r: MessageRecord): void {
    const b = this.visitedBlocks;
    if (!b.answered(r)) return;
    // Nor an answer in the dialogue of a spoofed Begin (state/spoofed-begins.ts: filed alike in every thread).
    if (this.spoofedBegins.answers(r, this.learnCtx.msisdnKey(r.msisdnKey(), r))) return;
    b.learn(r);
    if (b.evicted !== this.reported.blocks && this.onAnomaly !== undefined) this.blocksAnomaly(r.frame);
  }

  private blocksAnomaly(frame: number): void {
    const n = this.visitedBlocks.evicted - this.reported.blocks;
    this.reported.blocks = this.visitedBlocks.evicted;
    const detail =
      `visited number blocks full (${VISITED_BLOCKS}): ${n} least recently used block(s) forgotten; a GT placed only by its country ` +
      'in one of them is another network again for an S6a roamer of that country (one level lower)';
    this.onAnomaly!(anomaly(DETECT_ANOMALY.VISITED_BLOCK_EVICTED, 'state', detail, frame));
  }

  /** auth-vector-harvesting state dropped at its bounds (origin-subscribers.ts) since last reported: one anomaly. */
  private reportHarvest(frame: number): void {
    const h = this.harvest.counters;
    // The check alone, small enough for TurboFan to inline into every message's path; the
    // anomaly is made apart. measured (bench/results-notes.md, "scanhot"): as one function it
    // was a call of ~44 instructions per routine message.
    if (h.registrationsEvicted + h.originsEvicted + h.subscribersDropped + h.pendingDropped !== this.reported.harvest) this.harvestAnomaly(frame);
  }

  private harvestAnomaly(frame: number): void {
    const h = this.harvest.counters;
    const total = h.registrationsEvicted + h.originsEvicted + h.subscribersDropped + h.pendingDropped;
    const seen = this.reported;
    const parts: string[] = [];
    const was = this.reportedHarvest;
    if (h.registrationsEvicted !== was.registrationsEvicted) parts.push(`${h.registrationsEvicted - was.registrationsEvicted} registration(s) evicted`);
    if (h.originsEvicted !== was.originsEvicted) parts.push(`${h.originsEvicted - was.originsEvicted} origin(s) evicted`);
    if (h.subscribersDropped !== was.subscribersDropped) parts.push(`${h.subscribersDropped - was.subscribersDropped} subscriber(s) of one origin dropped`);
    if (h.pendingDropped !== was.pendingDropped) parts.push(`${h.pendingDropped - was.pendingDropped} registration(s) awaiting their answer dropped`);
    const detail = `auth-vector-harvesting state full (limits.subscribers = ${this.limits.subscribers}): ${parts.join(', ')}`;
    this.onAnomaly!(anomaly(DETECT_ANOMALY.HARVEST_EVICTED, 'detect', detail, frame));
    seen.harvest = total;
    Object.assign(was, h);
  }

  /**
   * A new capture of the scan begins (api/scanner.ts beginSource): its decoder's tables start empty, so the registration
   * claims waiting now are answered as claims restored from a state file are (SubscriberStore.carryClaims).
   */
  beginSource(): void {
    this.store.carryClaims();
  }

  /** End of input. Nothing is buffered (alerts are emitted as events arrive); further events are an error. */
  end(): void {
    this.ended = true;
  }

  get stats(): DetectorStats {
    const out: DetectorStats = {
      ...this.counts,
      byRule: { ...this.byRule },
      subscribers: this.store.size,
      state: { ...this.store.counters },
      correlation: { ...this.corr.counters },
      harvest: { ...this.harvest.counters },
    };
    if (this.noOrigin > 0) out.noOrigin = this.noOrigin;
    const held = this.store.held;
    if (held.evicted + held.expired > 0) out.heldResults = { evicted: held.evicted, expired: held.expired };
    if (this.store.earlyAnswersUnmatched > 0) out.earlyAnswersUnmatched = this.store.earlyAnswersUnmatched;
    const vb = this.visitedBlocks;
    if (vb.evicted > 0) out.visitedBlocks = { learned: vb.learned, evicted: vb.evicted, held: vb.size };
    const th = this.throttles;
    if (th.some((t) => t !== undefined)) {
      const t: ThresholdStats = { suppressed: {}, evicted: 0 };
      th.forEach((x, n) => {
        if (x === undefined) return;
        t.suppressed[this.ruleIds[n]!] = x.suppressed;
        t.evicted += x.evicted;
      });
      out.thresholds = t;
    }
    return out;
  }

  /** Per watched carrier: messages that originated from or transited it (watched-carrier matches). */
  exposure(): Record<string, CarrierExposure> {
    return Object.fromEntries([...this.exposureByCarrier].map(([k, v]) => [k, structuredClone(v)]));
  }

  snapshotState(): StateSnapshot {
    return snapshotState(this.store);
  }

  /** The snapshot's JSON text in pieces, one record at a time (a state file: write them in order). */
  snapshotText(): Generator<string> {
    return snapshotText(this.store);
  }

  /** Loads a snapshot (object, JSON text or `{ file }`); returns the saved identities left out for not being E.212/E.164 digits (state/snapshot.ts). */
  restoreState(input: unknown, file?: string): number {
    return restoreState(this.store, input, file);
  }

  seedState(text: string, opts: Omit<SeedOptions, 'attributor' | 'homeOf'> = {}): number {
    return seedState(this.store, text, { ...opts, attributor: this.attributor, homeOf: this.learnCtx.homeOf });
  }

  private emit(e: Entry, ctx: MatchContext): void {
    const r = e.rule;
    const th = this.throttles[e.n];
    if (th !== undefined && !th.pass(trackKey(th.threshold.track, ctx), ctx.rec.tsSec + ctx.rec.tsNsec / 1e9)) {
      // Suppressed by the rule's threshold: counted there; the carrier exposure still counts the message.
      for (const reason of ctx.reasons) if (reason.kind === 'watched') this.expose(reason.carrier, reason.via, ctx);
      return;
    }
    const level = ctx.lowConfidence ? lowerLevel(r.level) : r.level;
    const explicitEvidence = this.explicitEvidence;
    const alert = buildAlert(
      ctx.customExplanation === undefined
        ? { rule: r, ctx, level, explicitEvidence, explanationInCallback: this.explanationInCallback }
        : { rule: r, ctx, level, explanation: ctx.customExplanation, explicitEvidence },
    );
    this.counts.alerts++;
    this.byRule[r.id] = (this.byRule[r.id] ?? 0) + 1;
    if (this.onAnomaly !== undefined) this.identityMismatch(ctx, alert);
    for (const reason of ctx.reasons) if (reason.kind === 'watched') this.expose(reason.carrier, reason.via, ctx);
    this.emitSlot = ctx.resolvedSlot();
    try {
      this.onAlert(alert);
    } finally {
      this.emitSlot = -1;
    }
  }

  /** The message (frame, index) of the last `detect.identity-mismatch` reported: once per message. */
  private mismatchFrame = -1;
  private mismatchIndex = -1;

  /**
   * Red-team round 17 J4: the alert named the number the state links to the request's IMSI, not the one the request put
   * beside it (buildAlert, MatchContext.linkedNumber): counted, once per message.
   */
  private identityMismatch(ctx: MatchContext, alert: Alert): void {
    const ev = ctx.rec;
    const sent = contextSentMsisdn(ctx);
    if (sent === undefined || alert.subscriber.msisdn === undefined || ctx.linkedNumber() !== alert.subscriber.msisdn) return;
    if (ev.frame === this.mismatchFrame && ev.index === this.mismatchIndex) return;
    this.mismatchFrame = ev.frame;
    this.mismatchIndex = ev.index;
    const detail = `IMSI ${alert.subscriber.imsi ?? '?'} is linked to ${alert.subscriber.msisdn}; the request also named ${sent}`;
    this.onAnomaly?.(anomaly(DETECT_ANOMALY.IDENTITY_MISMATCH, 'detect', detail, ev.frame));
  }

  /** {@link alertSubscriberSlot} while `onAlert` runs. */
  private emitSlot = -1;

  /**
   * Inside `onAlert`: the store slot of the alert's subscriber when the rules looked it up
   * (detect/context.ts `resolvedSlot`), else −1; −1 outside `onAlert`. A hint the report collector
   * indexes its own subscriber slots by and checks against its own key (report/targeted.ts
   * `find`), never the subscriber's identity: a slot is handed out again after its record leaves.
   * Not on the alert itself: a property more per alert grew its out-of-object property array.
   */
  get alertSubscriberSlot(): number {
    return this.emitSlot;
  }

  private expose(carrier: string, via: string, ctx: MatchContext): void {
    let x = this.exposureByCarrier.get(carrier);
    if (x === undefined) this.exposureByCarrier.set(carrier, (x = { messages: 0, byMessage: {}, byVia: {} }));
    x.messages++;
    const m = contextMessageName(ctx);
    x.byMessage[m] = (x.byMessage[m] ?? 0) + 1;
    const v = via.split(' ').slice(0, -1).join(' ') || via; // 'MTP OPC 1234' → 'MTP OPC'
    x.byVia[v] = (x.byVia[v] ?? 0) + 1;
  }

  /**
   * `distinct`: count origins of matching events per subscriber within the window. Campaign
   * semantics (issue 15): only events that passed the rule's condition are counted (for
   * multi-origin-targeting: origins outside home, the subscriber's home, partners and its visited
   * network), an origin seen earlier that has since turned out to be the subscriber's visited
   * network no longer counts, and the alert lists every counted origin.
   */
  private distinct(e: Entry, ctx: MatchContext): boolean {
    const d = e.rule.distinct!;
    const sub = ctx.subscriberKey();
    const o = ctx.origin();
    if (sub === undefined || o === undefined) return false;
    const ev = ctx.rec;
    const t = ev.tsSec + ev.tsNsec / 1e9;
    const corr = this.corr;
    const w = d.windowSec;
    // The window's observations are read from their slots; objects are built only for an origin
    // not seen yet (most candidate events of a flood repeat an origin).
    // The subscriber's store slot, when the rule's condition looked it up: a hint the correlator
    // checks against its own key (correlate.ts slotOf).
    const hint = ctx.resolvedSlot();
    // One walk of the window: its slots are kept (a subscriber's chain holds at most
    // limits.correlationEventsPerSubscriber observations, so the scratch is bounded by that) and
    // read again below without walking the chain or making an Observation per slot.
    // measured (bench/results-notes.md, "distinct"): the second walk, the objects, the filter and
    // the label array were made for every candidate event, alert or not.
    let n = 0;
    for (let p = corr.within(sub, e.n, OBSERVED, t, w, hint); p >= 0; p = corr.nextWithin(p, e.n, OBSERVED, t, w)) {
      if (sameNetwork(corr.infoAt(p), o.info) !== false) return false;
      if (n === this.winSlots.length) this.winSlots = grown(this.winSlots, n * 2);
      this.winSlots[n++] = p;
    }
    // Counted: the window's origins that are not (by now) the subscriber's visited network.
    const v = ctx.visitedInfo();
    const slots = this.winSlots;
    let count = 1;
    for (let i = 0; i < n; i++) {
      if (v !== undefined && sameNetwork(corr.infoAt(slots[i]!), v) === true) slots[i] = -1;
      else count++;
    }
    // The labels are read before the add below: it may drop the subscriber's oldest observation
    // (perSub cap) and re-use its slot for this one.
    let origins: string[] | undefined;
    if (count >= d.count) {
      origins = [];
      for (let i = 0; i < n; i++) {
        const p = slots[i]!;
        if (p < 0) continue;
        const k = corr.idKindAt(p);
        origins.push(k === ORIGIN_ID.NONE ? `frame ${decimalText(corr.frameAt(p))}` : originLabel(corr.infoAt(p), k, corr.idAt(p), corr.frameAt(p)));
      }
    }
    // Only new origins are stored: the window then holds pairwise-distinct networks.
    const obs = observed(e.n, t, ev.frame, o);
    corr.add(sub, obs, hint);
    if (origins === undefined) return false;
    origins.push(originLabel(obs.info, obs.idKind, obs.id, obs.frame));
    ctx.reasons.push({ kind: 'distinct', count, windowSec: d.windowSec, origins });
    return true;
  }

  /** `sequence`: a `then` step after a `first` step from another network within the window. */
  private sequence(e: Entry, ctx: MatchContext): boolean {
    const s = e.rule.sequence!;
    const ev = ctx.rec;
    // A `then` step matches only after a mark of the subscriber: without one its condition is not
    // evaluated (its only effects, reasons and lowConfidence, are reset by beginRule below either
    // way). measured (bench/results-notes.md, "flood"): under an alert flood every location request
    // from outside passed `then` and walked the subscriber's observations for a mark it never had.
    const marked = ctx.subscriberKey();
    if (marked !== undefined && this.corr.hasMarks(marked, ctx.resolvedSlot()) && s.then(ctx)) {
      const t = ev.tsSec + ev.tsNsec / 1e9;
      const sub = marked;
      const net = ctx.claimed()?.info ?? ctx.origin()?.info;
      // The marks are read from their slots (no object per mark walked).
      const corr = this.corr;
      const w = s.windowSec;
      for (let m = corr.within(sub, e.n, MARK, t, w, ctx.resolvedSlot()); m >= 0; m = corr.nextWithin(m, e.n, MARK, t, w)) {
        const frame = corr.frameAt(m);
        if (frame === ev.frame) continue;
        if (s.different && (net === undefined || sameNetwork(corr.infoAt(m), net) !== false)) continue;
        ctx.reasons.push({ kind: 'sequence', firstFrame: frame, firstTsSec: corr.timeAt(m), windowSec: w });
        return true;
      }
    }
    ctx.beginRule();
    if (s.first(ctx)) {
      const t = ev.tsSec + ev.tsNsec / 1e9;
      const sub = ctx.subscriberKey();
      // The network the first step leaves the subscriber in: a UL's new node, else the visited network.
      const info = ctx.claimed()?.info ?? ctx.visitedInfo() ?? ctx.origin()?.info;
      if (sub !== undefined && info !== undefined)
        this.corr.add(sub, { rule: e.n, kind: MARK, t, frame: ev.frame, info, idKind: ORIGIN_ID.NONE, id: undefined }, ctx.resolvedSlot());
    }
    return false;
  }
}

/** Each rule's threshold: the profile's `thresholds.rules.<id>` (null: none), else the rule file's. */
function ruleThresholds(rules: readonly CompiledRule[], profile: Profile): (Threshold | undefined)[] {
  const over = profile.thresholds.rules ?? {};
  const ids = new Set(rules.map((r) => r.id));
  for (const id of Object.keys(over)) {
    if (!ids.has(id)) throw new SigwatchError(ErrorCode.BAD_PROFILE, `thresholds.rules.${id}: no rule "${id}" is loaded`, { path: `thresholds.rules.${id}` });
  }
  return rules.map((r) => {
    if (!Object.hasOwn(over, r.id)) return r.threshold;
    const o = over[r.id];
    if (o === null || o === undefined) return undefined;
    const t = resolveThreshold(o);
    if (typeof t === 'string')
      throw new SigwatchError(ErrorCode.BAD_PROFILE, `thresholds.rules.${r.id}.window: ${t}`, { path: `thresholds.rules.${r.id}.window` });
    return t;
  });
}

/** The key a threshold counts by: the alert's subscriber (IMSI, else +MSISDN), its origin, or the rule. */
function trackKey(track: Track, ctx: MatchContext): string {
  if (track === 'rule') return '';
  if (track === 'subscriber') {
    const imsi = ctx.imsi();
    if (imsi !== undefined) return imsi;
    const msisdn = ctx.rec.msisdn ?? ctx.subscriber()?.msisdn;
    return msisdn === undefined ? '' : '+' + msisdn;
  }
  const o = ctx.origin();
  if (o === undefined) return '';
  return o.gt ?? o.host ?? o.realm ?? (o.pc === undefined ? '' : `pc ${o.pc}`);
}

/**
 * A refusal (MAP returnError / reject, a TC-ABORT, a message SCCP returned (UDTS / XUDTS / LUDTS,
 * Q.714 §4.2), a Diameter answer with a 3xxx–5xxx Result-Code or Experimental-Result, RFC 6733
 * §7.1): all the state learns from it is that a registration claim was refused (state/learn.ts),
 * so a rule flagging it (registration-refused; ul-origin-spoof on a returned UL) does not keep it
 * out: the refused claim would otherwise stand (red-team rt8 ST3, one-direction tap: trusted at once).
 */
function refusal(ev: MessageRecord): boolean {
  if (ev.protocol === 'diameter') return !ev.request && ((ev.resultCode ?? 0) >= 3000 || (ev.expResultCode ?? 0) >= 3000);
  const st = ev.sccp.type;
  if (st === 'udts' || st === 'xudts' || st === 'ludts' || ev.tcapType === 'abort') return true;
  return ev.hasComponent && (ev.componentType === 'returnError' || ev.componentType === 'reject');
}

/** ` (+M: IMSI A (GB) → IMSI B (CN), …)`: the noted moves (state/subscribers.ts NumberMove), ` …` when `count` is more. */
function movesText(moves: readonly NumberMove[], count: number): string {
  if (moves.length === 0) return '';
  const at = (c: string | undefined): string => (c === undefined ? '' : ` (${c})`);
  const list = moves.map((m) => `+${m.msisdn}: IMSI ${m.from}${at(m.fromCountry)} → IMSI ${m.to}${at(m.toCountry)}`).join('; ');
  return ` (${list}${count > moves.length ? '; …' : ''})`;
}
