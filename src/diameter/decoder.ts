/**
 * Pipeline stage: one DiameterEvent per Diameter message payload, from the fast extractor (no
 * tree), with request↔answer matching. Answers inherit their request's frame and subscriber: a ULA
 * gets the ULR's IMSI (User-Name) and contributes its Subscription-Data MSISDN, so the answer
 * event carries {imsi, msisdn} with imsiSource 'dialogue'.
 */
import { anomaly, type Anomaly, type AnomalySink } from '../core/anomaly.js';
import type { FrameIndexer } from '../core/frame-index.js';
import { resolveLimits, type Limits } from '../core/limits.js';
import type { Counters } from '../core/stats.js';
import { MessageRecord, setViewHead, type RecordHandler, type RecordSource } from '../events/record.js';
import type { DiameterEvent, DiameterInfo, EventArgs, ImsiSource, LocationInfo, Subscriber } from '../events/types.js';
import type { Flow, Payload } from '../transport/types.js';
import { setShape } from '../ss7/map/args/geo-shape.js';
import { decodeDiameterMessage } from './codec.js';
import { appName, commandApps, DIAMETER_APP, DIAMETER_CMD, lookupCommand } from './dictionary/index.js';
import { decodeDiameter, newDiameterFields, otherIdentities, type DiameterFields } from './fields.js';
import { setRecordBytes } from '../core/bytes.js';
import { CommandFlag, hex32 } from './header.js';
import { DiameterTransactions } from './transactions.js';
import { DIAMETER_ANOMALY } from './types.js';
import { hostPair, MAX_PAIRS } from '../transport/sctp-sides.js';
import { imsiFromUserName } from './user-name.js';
import { userNameNotImsi } from './user-name-forms.js';

export { imsiFromUserName } from './user-name.js';

export interface DiameterDecoderOptions {
  /** Receives one event per message (built from the record: see onRecord). */
  onEvent?: (ev: DiameterEvent) => void;
  /**
   * The fast tier (events/record.ts): receives the reused record of each message instead
   * (`r.event()` builds the event). One of onEvent / onRecord.
   */
  onRecord?: RecordHandler;
  indexer: FrameIndexer;
  onAnomaly?: AnomalySink;
  counters?: Counters;
  limits?: Partial<Limits>;
  /** Attach the full AVP tree (decodeDiameterMessage) to each event as `diameter.avpTree`. */
  avpTree?: boolean;
  /**
   * The flow requests and answers are matched by (RFC 6733 §3: per peer connection): for SCTP the
   * association's, whatever path the message took (transport/sctp-endpoints.ts canonical).
   * Default: the payload's flow.
   */
  peerFlow?: (flow: Flow) => Flow;
  /**
   * The frame a message of frame `frame` with end-to-end id `e2e` was delivered as: a copy on another
   * SCTP path dropped once decoded names the delivered copy's (api/cross-path-copies.ts
   * deliveredFrame, review 16-B #3). Read for an answer's request and a request's early answer.
   */
  deliveredFrame?: (frame: number, e2e: number) => number;
}

/**
 * Host pairs whose answers the capture shows (records' `linkTwoWay` on a ULR; detect/origin-subscribers.ts):
 * an answer matched its request (transactions.ts: directed, RFC 6733 §6.2: it travelled the reverse of the
 * request's connection) between those two addresses. The reverse direction is the home side's: a requester
 * cannot write it as the capture shows it (as ss7/flow-directions.ts CaptureSides). Sticky; at most MAX_PAIRS
 * pairs (transport/sctp-sides.ts), past it every pair is taken as shown.
 */
class AnsweredPairs {
  private readonly pairs = new Set<string>();
  private all = false;
  /** Flows (of either direction) found shown: a proof is never withdrawn, so no pair text for them again. */
  private readonly proven = new WeakSet<Flow>();

  /** An answer travelled `flow` and matched its request. */
  answered(flow: Flow): void {
    if (this.all || this.proven.has(flow)) return;
    this.proven.add(flow);
    if (this.pairs.size >= MAX_PAIRS) {
      this.all = true;
      this.pairs.clear();
      return;
    }
    this.pairs.add(hostPair(flow.src, flow.dst));
  }

  /** Answers between the hosts of `flow` are on the capture. */
  shown(flow: Flow): boolean {
    if (this.all || this.proven.has(flow)) return true;
    if (this.pairs.size === 0 || !this.pairs.has(hostPair(flow.src, flow.dst))) return false;
    this.proven.add(flow);
    return true;
  }
}

export class DiameterDecoder implements RecordSource {
  /** Host pairs whose answers the capture shows (records' `linkTwoWay`). */
  private readonly answered = new AnsweredPairs();
  private readonly fields: DiameterFields = newDiameterFields();
  private readonly tx: DiameterTransactions;
  private readonly rec = new MessageRecord();
  private readonly onRecord: RecordHandler;
  // What event() needs beyond the record, valid while the record's callback runs.
  private p: Payload | undefined = undefined;
  private anomalies: Anomaly[] = [];
  /**
   * The frame of the request this answer matched (else −1). A number from the start, never `undefined`:
   * while no answer of a capture had matched its request the field held only `undefined`, and TurboFan
   * compiled `payload` storing a heap object there; the first match (MiB 7 of the routine bench capture)
   * deoptimized it, and it ran unoptimized until recompiled at MiB 15 (`--trace-deopt`: reason "Smi";
   * bench/results-notes.md, "dec18").
   */
  private requestFrame = -1;
  /** Reordering: the frame of the answer captured before this request, which it joined (else −1). */
  private answerFrame = -1;
  private readonly indexer: FrameIndexer;
  private readonly onAnomaly: AnomalySink | undefined;
  private readonly counters: Counters | undefined;
  private readonly avpTree: boolean;
  private readonly peerFlow: ((flow: Flow) => Flow) | undefined;
  private readonly deliveredFrame: ((frame: number, e2e: number) => number) | undefined;

  constructor(opts: DiameterDecoderOptions) {
    const limits = resolveLimits(opts.limits);
    const onEvent = opts.onEvent;
    this.onRecord = opts.onRecord ?? (onEvent === undefined ? () => {} : (r) => onEvent(r.event() as DiameterEvent));
    this.indexer = opts.indexer;
    this.onAnomaly = opts.onAnomaly;
    this.counters = opts.counters;
    this.avpTree = opts.avpTree === true;
    this.peerFlow = opts.peerFlow;
    this.deliveredFrame = opts.deliveredFrame;
    this.tx = new DiameterTransactions(limits.diameterTransactions, limits.diameterTransactionAgeSec, opts.counters, opts.onAnomaly, limits.reorderWaitSec);
  }

  /** Requests waiting for their answer. */
  get pendingRequests(): number {
    return this.tx.size;
  }

  /** Answers captured before their request, waiting for it. */
  get earlyAnswers(): number {
    return this.tx.earlySize;
  }

  /** The input ended: answers still waiting for their request are counted as reorder-expired. */
  end(): void {
    this.tx.endOfInput();
  }

  payload(p: Payload): void {
    const f = this.fields;
    setRecordBytes(f, p.view, p.bytes);
    const ok = decodeDiameter(p.view, p.offset, p.end, f) >= 0;
    const cmdDef = ok ? lookupCommand(f.cmd) : undefined;
    if (cmdDef?.app !== undefined && f.app !== cmdDef.app) commandOutOfApp(f, cmdDef.app);
    const nameImsi = f.userName === undefined ? undefined : imsiFromUserName(f.userName);
    if (f.userName !== undefined) notImsi(f, f.userName, nameImsi);
    const anomalies = this.report(f.anomalies, p.frameNo);
    if (!ok) {
      this.counters?.inc('diameter.dropped');
      return;
    }
    this.counters?.inc('diameter.messages');
    const request = (f.flags & CommandFlag.REQUEST) !== 0;
    const r = this.rec;
    r.protocol = 'diameter';
    r.cmd = f.cmd;
    r.app = f.app;
    r.request = request;
    r.cmdName = cmdDef?.name;
    r.cmdAbbrev = cmdDef === undefined ? undefined : request ? cmdDef.req : cmdDef.ans;
    r.e2e = f.e2e;
    r.originHost = f.originHost;
    r.originRealm = f.originRealm;
    r.destHost = f.destHost;
    r.destRealm = f.destRealm;
    r.userName = f.userName;
    r.visitedPlmnHex = f.visitedPlmnHex;
    r.resultCode = f.resultCode;
    r.expResultCode = f.expResultCode;
    r.routeRecord = f.routeRecord;
    this.requestFrame = -1;
    this.answerFrame = -1;
    r.earlyAnswer = -1;

    let imsi = nameImsi ?? f.subscriptionImsi;
    let msisdn = f.msisdn;
    let imsiSource: ImsiSource | undefined = imsi !== undefined ? 'message' : undefined;

    const peer = this.peerFlow === undefined ? p.flow : this.peerFlow(p.flow);
    if (request) {
      // Reordering (transactions.ts): the answer came first; the request completes it and takes
      // the identities the answer carried (the answer's event stays as emitted).
      const early = this.tx.joinEarly(peer, f.hbh, f.e2e, f.cmd, p.tsSec);
      if (early === undefined) this.tx.request(peer, f.hbh, f.e2e, p.frameNo, f.cmd, f.app, imsi, msisdn, p.tsSec);
      else {
        r.earlyAnswer = this.deliveredFrame === undefined ? early.frame : this.deliveredFrame(early.frame, f.e2e);
        if (imsi === undefined && early.imsi !== undefined) {
          imsi = early.imsi;
          imsiSource = 'dialogue';
        }
        // The answer held its own MSISDN only on a 2xxx (below): the HSS's word, which the link the
        // join teaches is made of, not an MSISDN AVP the request's sender added (review 11-B #7).
        if (early.msisdn !== undefined) {
          msisdn = early.msisdn;
          this.answerFrame = this.deliveredFrame === undefined ? early.frame : this.deliveredFrame(early.frame, f.e2e);
        }
      }
    } else {
      const req = this.tx.answer(peer, f.hbh, f.e2e, p.tsSec); // reused object: read here
      // Held with its MSISDN only when a success (2xxx, RFC 6733 §7.1.2; TS 29.272 §7.2.4): a refusal links nothing.
      if (req === undefined)
        this.tx.holdAnswer(peer, f.hbh, f.e2e, { frame: p.frameNo, cmd: f.cmd, app: f.app, imsi, msisdn: succeeded(f) ? msisdn : undefined, tsSec: p.tsSec });
      if (req !== undefined && req.cmd === f.cmd) {
        this.answered.answered(peer);
        this.requestFrame = this.deliveredFrame === undefined ? req.frame : this.deliveredFrame(req.frame, f.e2e);
        if (imsi === undefined && req.imsi !== undefined) {
          imsi = req.imsi;
          imsiSource = 'dialogue';
        }
        msisdn ??= req.msisdn;
      }
    }

    r.frame = p.frameNo;
    r.index = this.indexer.next(p.frameNo);
    r.tsSec = p.tsSec;
    r.tsNsec = p.tsNsec;
    r.tsPrecision = p.tsPrecision;
    r.imsi = imsi;
    r.msisdn = msisdn;
    r.imsiSource = imsiSource;
    r.msisdnOctet = -1;
    r.answersRequest = this.requestFrame >= 0;
    r.requestFrame = this.requestFrame;
    r.orphan = this.answerFrame;
    r.answerByCountry = r.sentBack = false;
    r.linkTwoWay = request && f.cmd === DIAMETER_CMD.s6a.ULR && this.answered.shown(peer);
    // Other subscriber numbers of the message (fields.ts identityConflict): judged too (detect/engine.ts judgeRepeated), never learned.
    r.repeatedIdentity = otherIdentities(f);
    r.args = argsOf(f);
    this.p = p;
    this.anomalies = anomalies;
    r.begin(this);
    this.onRecord(r);
    this.p = undefined;
  }

  /** The event of the record being handed out (RecordSource): what this decoder emitted before the fast tier. */
  event(r: MessageRecord): DiameterEvent {
    const f = this.fields;
    const p = this.p!;
    const request = r.request;
    const diameter: DiameterInfo = {
      cmd: f.cmd,
      app: f.app,
      request,
      proxyable: (f.flags & CommandFlag.PROXYABLE) !== 0,
      error: (f.flags & CommandFlag.ERROR) !== 0,
      retransmit: (f.flags & CommandFlag.RETRANSMIT) !== 0,
      hbh: hex32(f.hbh),
      e2e: hex32(f.e2e),
      avps: pairs(f.avpList),
      routeRecord: f.routeRecord.slice(),
    };
    // The command was looked up once, in payload().
    if (r.cmdName !== undefined) diameter.cmdName = r.cmdName;
    if (r.cmdAbbrev !== undefined) diameter.cmdAbbrev = r.cmdAbbrev;
    const an = appName(f.app);
    if (an !== undefined) diameter.appName = an;
    if (f.sessionId !== undefined) diameter.sessionId = f.sessionId;
    if (f.originHost !== undefined) diameter.originHost = f.originHost;
    if (f.originRealm !== undefined) diameter.originRealm = f.originRealm;
    if (f.destHost !== undefined) diameter.destHost = f.destHost;
    if (f.destRealm !== undefined) diameter.destRealm = f.destRealm;
    if (f.userName !== undefined) diameter.userName = f.userName;
    if (f.visitedPlmnHex !== undefined) diameter.visitedPlmn = f.visitedPlmnHex;
    if (f.resultCode !== undefined) diameter.resultCode = f.resultCode;
    if (f.expResultCode !== undefined) diameter.expResultCode = f.expResultCode;
    if (this.avpTree) diameter.avpTree = decodeDiameterMessage(p.bytes, p.offset, p.end).avps;
    if (this.requestFrame >= 0) diameter.requestFrame = this.requestFrame;
    if (this.answerFrame >= 0) diameter.answerFrame = this.answerFrame;

    const subscriber: Subscriber = {};
    if (r.imsi !== undefined) subscriber.imsi = r.imsi;
    if (r.msisdn !== undefined) subscriber.msisdn = r.msisdn;
    const ev: DiameterEvent = {
      protocol: 'diameter',
      frame: r.frame,
      index: r.index,
      tsSec: r.tsSec,
      tsNsec: r.tsNsec,
      tsPrecision: p.tsPrecision,
      subscriber,
      e164: f.e164.slice(),
      anomalies: this.anomalies,
      diameter,
      flow: p.flow,
      flowId: p.flow.id,
    };
    if (r.imsiSource !== undefined) ev.imsiSource = r.imsiSource;
    if (r.args !== undefined) ev.args = r.args;
    return ev;
  }

  /** The reused view of the current message's event ({@link view}). */
  private readonly evView = new DiameterView();

  /**
   * The current message's event values in the reused {@link DiameterView} (RecordSource.view):
   * what {@link event} builds, without the event's objects, AVP pairs and list copies. Only for
   * the record being handed out, while its callback runs; none with the AVP tree or an early
   * answer's frame (keys the alert writer's Diameter shape does not hold: the event is built).
   */
  view(r: MessageRecord): DiameterEvent | undefined {
    const p = this.p;
    if (p === undefined || r !== this.rec || this.avpTree || this.answerFrame >= 0) return undefined;
    const f = this.fields;
    const v = this.evView;
    const d = v.diameter;
    d.cmd = f.cmd;
    d.app = f.app;
    d.request = r.request;
    d.proxyable = (f.flags & CommandFlag.PROXYABLE) !== 0;
    d.error = (f.flags & CommandFlag.ERROR) !== 0;
    d.retransmit = (f.flags & CommandFlag.RETRANSMIT) !== 0;
    d.hbh = hex32(f.hbh);
    d.e2e = hex32(f.e2e);
    v.pairs(f.avpList);
    d.routeRecord = f.routeRecord;
    d.cmdName = r.cmdName;
    d.cmdAbbrev = r.cmdAbbrev;
    d.appName = appName(f.app);
    d.sessionId = f.sessionId;
    d.originHost = f.originHost;
    d.originRealm = f.originRealm;
    d.destHost = f.destHost;
    d.destRealm = f.destRealm;
    d.userName = f.userName;
    d.visitedPlmn = f.visitedPlmnHex;
    d.resultCode = f.resultCode;
    d.expResultCode = f.expResultCode;
    d.requestFrame = this.requestFrame >= 0 ? this.requestFrame : undefined;
    const s = v.subscriber;
    s.imsi = r.imsi;
    s.msisdn = r.msisdn;
    setViewHead(v, r, p.tsPrecision);
    v.e164 = f.e164;
    v.anomalies = this.anomalies;
    v.flow = p.flow;
    v.imsiSource = r.imsiSource;
    v.args = r.args;
    return v as unknown as DiameterEvent;
  }

  /** Stamps the frame on the message's anomalies, reports them, returns the event's copy. */
  private report(list: Anomaly[], frame: number): Anomaly[] {
    if (list.length === 0) return [];
    const out = list.slice();
    for (const a of out) {
      a.frame = frame;
      this.onAnomaly?.(a);
    }
    return out;
  }
}

/**
 * A command code under a header Application-Id other than its first definer's (rare: the header
 * names the command's application). Under one of the other applications that define the code
 * (Cx's MAR under SWx or Zh, S6t's CIR under T6a, S6a's IDR under S7a) it stays theirs. Under any
 * other id it is read as the first definer's, with `diameter.command-app-mismatch` (appOfCommand):
 * under 0 / relay (rt11 R11), under an application that does not define the code (rt12 F2: an S6a
 * IDR under Sh's, S13's, SLg's, Gx's or Credit-Control's id; an SLg PLR under SLh's; review 12-B #4:
 * Cx's MAR or SAR under S6a's or Sh's, S6t's CIR under another's), and under an id this dictionary
 * does not know (a vendor's; the 3GPP applications that reuse a code it reads are its definers,
 * S7a's IDR / DSR / RSR among them, review 12-B #6). A code's definers reuse one command
 * (dictionary/index.ts checks their names), so the first definer's reading keeps its meaning.
 */
/** `diameter.bad-user-name`: an S6a/S6d/SLh/S6c User-Name with no IMSI at its start (user-name-forms.ts), once per message. */
function notImsi(f: DiameterFields, userName: string, imsi: string | undefined): void {
  const detail = userNameNotImsi(f.app, userName, imsi);
  if (detail !== undefined) f.anomalies.push(anomaly(DIAMETER_ANOMALY.BAD_USER_NAME, 'diameter', detail));
}

function commandOutOfApp(f: DiameterFields, first: number): void {
  if (!commandApps(f.cmd).includes(f.app)) appOfCommand(f, first);
}

/**
 * Reads `f` as application `app`'s (the command's first definer: see commandOutOfApp for when).
 * Red-team rt11 R11: a command code one application defines (CommandDef.app) under header
 * Application-Id 0 or 0xffffffff. Application 0 is the base protocol's, whose own commands are
 * the base ones (RFC 6733 §2.4, §3.1); 0xffffffff only advertises a relay in CER/CEA and names no
 * message's application (§2.4, §6.1.8). A conforming peer answers 3007 (§7.1.5), but a stack that
 * dispatches on the command code acts on it, and read under app 0 an S6a IDR was no S6a request:
 * no alert, no anomaly. The message is read as the command's application, with
 * `diameter.command-app-mismatch`.
 */
function appOfCommand(f: DiameterFields, app: number): void {
  const name = appName(app) ?? String(app);
  const header =
    f.app === DIAMETER_APP.relay ? '0xffffffff (relay)' : f.app === DIAMETER_APP.common ? '0 (base)' : `${f.app} (${appName(f.app) ?? 'unknown application'})`;
  f.anomalies.push(
    anomaly(
      DIAMETER_ANOMALY.COMMAND_APP_MISMATCH,
      'diameter',
      `command ${f.cmd} of ${name} under header Application-Id ${header}: read as ${name} (RFC 6733 §2.4, §3)`,
    ),
  );
  f.app = app;
}

/**
 * The event of a Diameter message as its JSON form reads it (DiameterDecoder.view): the DiameterInfo
 * keys in the order {@link DiameterDecoder.event} adds them, every one present (undefined where the
 * event has none: JSON omits both alike); one object per decoder, the AVP pairs reused.
 */
class DiameterView {
  readonly protocol = 'diameter';
  frame = 0;
  index = 0;
  tsSec = 0;
  tsNsec = 0;
  tsPrecision = 6;
  readonly subscriber: { imsi: string | undefined; msisdn: string | undefined } = { imsi: undefined, msisdn: undefined };
  e164: readonly string[] = [];
  anomalies: readonly Anomaly[] = [];
  readonly diameter = {
    cmd: 0,
    app: 0,
    request: false,
    proxyable: false,
    error: false,
    retransmit: false,
    hbh: '',
    e2e: '',
    avps: [] as [number, number][],
    routeRecord: [] as readonly string[],
    cmdName: undefined as string | undefined,
    cmdAbbrev: undefined as string | undefined,
    appName: undefined as string | undefined,
    sessionId: undefined as string | undefined,
    originHost: undefined as string | undefined,
    originRealm: undefined as string | undefined,
    destHost: undefined as string | undefined,
    destRealm: undefined as string | undefined,
    userName: undefined as string | undefined,
    visitedPlmn: undefined as string | undefined,
    resultCode: undefined as number | undefined,
    expResultCode: undefined as number | undefined,
    avpTree: undefined,
    requestFrame: undefined as number | undefined,
  };
  flow: Flow | undefined = undefined;
  imsiSource: ImsiSource | undefined = undefined;
  args: EventArgs | undefined = undefined;
  /** Pair arrays kept for {@link pairs} (≤ AVP_LIST_PER_MESSAGE, as the decoder's list). */
  private readonly pool: [number, number][] = [];

  /** `diameter.avps` as {@link pairs} gives it, in reused arrays. */
  pairs(flat: readonly number[]): void {
    const n = flat.length >> 1;
    const pool = this.pool;
    while (pool.length < n) pool.push([0, 0]);
    const out = this.diameter.avps;
    // Set only when it changes: a store to `length` is a runtime call (a command's AVP list mostly repeats).
    if (out.length !== n) out.length = n;
    for (let i = 0; i < n; i++) {
      const x = pool[i]!;
      x[0] = flat[2 * i]!;
      x[1] = flat[2 * i + 1]!;
      out[i] = x;
    }
  }
}

function pairs(flat: number[]): Array<[number, number]> {
  const out: Array<[number, number]> = new Array(flat.length >> 1);
  for (let i = 0; i < flat.length; i += 2) out[i >> 1] = [flat[i]!, flat[i + 1]!];
  return out;
}

/** SLg Location-Estimate / Age-Of-Location-Estimate (TS 29.172) in the same form as a MAP PSL result. */
function locationInfoOf(f: DiameterFields): LocationInfo {
  const loc: LocationInfo = {};
  if (f.locationEstimate !== undefined) loc.locationEstimate = f.locationEstimate;
  if (f.locationShape !== undefined) setShape(loc, f.locationShape);
  if (f.ageOfLocationEstimate !== undefined) loc.ageOfLocation = f.ageOfLocationEstimate;
  return loc;
}

/** Operation arguments rules may match, from this message only (keys only when present). */
/** The answer's Result-Code / Experimental-Result-Code is of the 2xxx class (RFC 6733 §7.1.2). */
function succeeded(f: DiameterFields): boolean {
  const code = f.expResultCode ?? f.resultCode;
  return code !== undefined && code >= 2000 && code < 3000;
}

function argsOf(f: DiameterFields): EventArgs | undefined {
  let a: EventArgs | undefined;
  const set = (k: string, v: unknown): void => {
    (a ??= {})[k] = v;
  };
  if (f.visitedPlmn !== undefined) set('visitedPlmn', f.visitedPlmn);
  if (f.ulrFlags !== undefined) set('ulrFlags', f.ulrFlags);
  if (f.idrFlags !== undefined) set('idrFlags', f.idrFlags);
  if (f.cancellationType !== undefined) set('cancellationType', f.cancellationType);
  if (f.msisdn !== undefined) set('msisdn', f.msisdn);
  // Every subscriber number when there is more than the first (A-MSISDN, repeated MSISDN AVPs).
  if (f.msisdns.length > 1 || (f.msisdns.length === 1 && f.msisdns[0] !== f.msisdn)) set('msisdns', f.msisdns.slice());
  if (f.dataReference.length > 0) set('dataReference', f.dataReference.slice());
  if (f.currentLocation !== undefined) set('currentLocation', f.currentLocation);
  if (f.slgLocationType !== undefined) set('slgLocationType', f.slgLocationType);
  if (f.lcsClientType !== undefined) set('lcsClientType', f.lcsClientType);
  if (f.lcsClientName !== undefined) set('lcsClientName', f.lcsClientName);
  if (f.mmeName !== undefined) set('mmeName', f.mmeName);
  if (f.monitoringType !== undefined) set('monitoringType', f.monitoringType);
  if (f.locationEstimate !== undefined || f.ageOfLocationEstimate !== undefined) set('locationInfo', locationInfoOf(f));
  return a;
}
