/**
 * The fast tier's message record (issue 19 part 4; ARCHITECTURE.md §3, gopacket's "fast path into
 * caller-owned reused structs"): one reused flat object per decoder, filled per signalling message
 * (TCAP component, or TCAP message without components, or Diameter message) with exactly the fields
 * rules, the subscriber state and the harvesting correlation read: numbers and strings (interned
 * digit strings, OIDs), plus the operation arguments object (`args`) and the SCCP info object the
 * layers below already built.
 *
 * The {@link SignallingEvent} object graph (event, subscriber, tcap, component, lists, DiameterInfo:
 * ~15 objects, ~1.3 kB per message) is built from the record only when something asks for it:
 * {@link MessageRecord.event} — a rule fired (the alert's evidence), a custom rule, `decode`, the
 * `onEvent` callback, the async iterables. It is built at most once per fill and is identical to what
 * the decoder emitted before this tier existed (the same code builds it).
 *
 * Lifetime: a record handed to a callback is valid until the callback returns; the decoder then
 * refills it. `event()` returns a fresh event the caller may keep.
 *
 * Field meaning follows the event (events/types.ts); `undefined` where the event has no key.
 * `workers` (issue 19 part 5) can serialise these fields as compact binary facts.
 */
import { tidAccessors } from '../core/bytes.js';
import { imsiKeyOf, msisdnKeyOf, type IdentityKey } from '../core/identity-key.js';
import type { ComponentType, DiameterInfo, EventArgs, ImsiSource, MtpInfo, OtherIdentity, SccpType, SignallingEvent, TcapType } from './types.js';

/** An SCCP party address as rules read it: {@link SccpAddressInfo} or the decoder's reused flat form. */
export interface SccpAddressView {
  readonly ri: 'gt' | 'ssn';
  readonly gti: number;
  readonly gt?: string | undefined;
  readonly ssn?: number | undefined;
  readonly pc?: number | undefined;
  readonly nai?: number | undefined;
  readonly np?: number | undefined;
  readonly tt?: number | undefined;
  readonly es?: number | undefined;
  readonly ip?: string | undefined;
  readonly hostname?: string | undefined;
  readonly suaRi?: number | undefined;
}

/** The SCCP part as rules read it: an event's {@link SccpInfo} or the transport's reused one. */
export interface SccpView {
  readonly type: SccpType;
  readonly typeCode: number;
  readonly calling: SccpAddressView;
  readonly called: SccpAddressView;
  readonly protocolClass?: number | undefined;
  readonly returnCause?: number | undefined;
}

/** Completes an `args` object's deferred fields (the MAP argument reader, ss7/map/args/reader.ts). */
export interface PendingArgs {
  /** The arguments object the reader is filling now (a reused reader moves on to the next message's). */
  readonly args: EventArgs;
  materialize(): void;
  /** `args[key]` with only its own deferred digits made (when still deferred). */
  argValue(key: string): unknown;
  /**
   * The identity key of `args[key]`'s deferred digits without their string (imsiKeyOf, or
   * msisdnKeyOf when `msisdn`); null when not deferred (read `args[key]`); undefined when
   * `args[key]` is known to be no string (a lazy parameter's, ss7/map/param-memo.ts).
   */
  pendingKey(key: string, msisdn: boolean): IdentityKey | null | undefined;
}

/**
 * A DeferredRecord's `args` while its MAP parameter is not decoded yet (ss7/map/param-memo.ts): its
 * PendingArgs decodes it on the first read, and `args` is then the decoded object. Never seen by
 * a reader of the record.
 */
export const LAZY_ARGS: EventArgs = Object.freeze({});

/** Makes a DeferredRecord's `imsi` / `msisdn` (sets both on the record it is given), or their keys. */
export interface PendingIdentities {
  identities(r: MessageRecord): void;
  /** What `imsiKeyOf(r.imsi)` / `msisdnKeyOf(r.msisdn)` would give, without making the strings. */
  imsiKey(): IdentityKey | undefined;
  msisdnKey(): IdentityKey | undefined;
}

/** Builds the event of a record its decoder filled (called at most once per fill). */
export interface RecordSource {
  event(r: MessageRecord): SignallingEvent;
  /**
   * The values {@link event} would give the event's JSON form (events/json.ts toJsonEvent), in an
   * event-shaped object the decoder reuses, its parts reused or the decoder's own (SCCP view,
   * routing label, flow, lists): valid until the record's callback returns and until the next
   * call; read it there and keep nothing of it. Undefined when the decoder has none for this
   * message (build the event). For a writer of every alert's evidence (report/alert-bytes.ts):
   * the event graph (~10 objects and list copies per message) was built only to be written.
   */
  view?(r: MessageRecord): SignallingEvent | undefined;
}

/** A SccpInfo for Diameter records (never read: every SS7 getter checks the protocol first). */
const NO_SCCP: SccpView = Object.freeze({
  type: 'udt',
  typeCode: 0,
  calling: Object.freeze({ ri: 'gt', gti: 0 }),
  called: Object.freeze({ ri: 'gt', gti: 0 }),
});

export class MessageRecord {
  // ---- every message
  protocol: 'map' | 'tcap' | 'diameter' = 'map';
  /** 1-based frame number; 0-based message index within the frame; capture time. */
  frame = 0;
  index = 0;
  tsSec = 0;
  tsNsec = 0;
  /** Fraction digits of the capture's timestamps (the event's `tsPrecision`). */
  tsPrecision = 6;
  /**
   * Fills so far ({@link begin}, {@link fromEvent}): an alert built from this record tells by it
   * whether the record still holds its message (detect/alert.ts, `eventInCallback`).
   */
  fill = 0;
  /** The subscriber identities (event `subscriber`) and where the IMSI came from. */
  declare imsi: string | undefined;
  declare msisdn: string | undefined;
  imsiSource: ImsiSource | undefined = undefined;
  /**
   * MAP: the first octet (nature of address, numbering plan: TS 29.002 §17.7.8 AddressString) of
   * the message's own MSISDN, −1 when the MSISDN is not the message's own (the dialogue's, a
   * Diameter AVP, an event): how detect/msisdn-notation.ts reads the digits. Not in the event.
   */
  msisdnOctet = -1;
  /** Typed operation arguments (event `args`): the MAP argument decoder's / Diameter's object. */
  declare args: EventArgs | undefined;

  // ---- SS7 (protocol 'map' | 'tcap')
  /**
   * The MTP3 routing label. While a decoder fills the record it is the transport's reused label
   * (sigwatch/ss7 MtpView: `mp` is −1, not absent, when the link carries no message priority);
   * from an event ({@link MessageRecord.fromEvent}) it is the event's.
   */
  mtp: MtpInfo | undefined = undefined;
  /** The SCCP part: calling/called GT, SSN, PC (the transport's reused record while decoding). */
  sccp: SccpView = NO_SCCP;
  tcapType: TcapType = 'begin';
  /**
   * The transaction ids as the decoder read them: a 1-4 octet tid as its code (core/bytes.ts
   * tidText: its text is made only when {@link otid} is read), else its text; code -1 / text
   * undefined when not made / absent (see ss7 TcapMessage.otidCode).
   */
  otidCode = -1;
  dtidCode = -1;
  otidText: string | undefined = undefined;
  dtidText: string | undefined = undefined;
  acn: string | undefined = undefined;
  acVersion: number | undefined = undefined;
  /** False for a TCAP message without components (the event has no `component`). */
  hasComponent = false;
  componentType: ComponentType = 'invoke';
  invokeId: number | undefined = undefined;
  /** Local operation code (results/errors: the invoke's, via the dialogue table); its MAP name. */
  opcode: number | undefined = undefined;
  op: string | undefined = undefined;
  errorCode: number | undefined = undefined;
  /**
   * The message answers a request the capture saw (event `component.answersRequest`; Diameter:
   * `diameter.requestFrame`). MAP: sent, in a dialogue whose TC-BEGIN the capture saw, by the node
   * that Begin was addressed to (tcap-dialogues.ts `fromAddressee`), and, for a result or error,
   * answering an invoke of the Begin's side the dialogue table holds (same operation). Diameter:
   * an answer matched to its request (diameter/transactions.ts, same command). What the subscriber
   * state learns locations and identity links from (state/learn.ts; red-team round 11 R1, R2).
   */
  answersRequest = false;
  /**
   * Reordering. MAP (ss7/tcap-dialogues.ts): a Continue/End captured before its Begin (its dialogue
   * an orphan awaiting the Begin) carries the orphan's number, and so does the Begin that joins it
   * when the orphan's sender is the node the Begin was addressed to (DialogueTable.setOpener):
   * the held results of that orphan answer it (state/held-results.ts); event `tcap.orphan`.
   * Diameter: a request that joined its answer captured before it (diameter/transactions.ts), a
   * success carrying its own MSISDN (review 11-B #7): the answer's frame (event `diameter.answerFrame`). −1 otherwise.
   */
  orphan = -1;
  /**
   * Diameter: a request that joined an answer captured before it (diameter/transactions.ts: the same Hop-by-Hop and
   * End-to-End ids on the reverse of its connection, RFC 6733 §6.2), whatever its outcome: that answer's frame (as
   * delivered). The subscriber state takes an answer it holds as this request's only when it is that frame
   * (state/learn.ts register; red-team round 20 N7, N9). −1 otherwise; from an event, its `diameter.answerFrame`.
   */
  earlyAnswer = -1;
  /**
   * MAP: `answersRequest` holds only by the sender's country: another GT of the country of the node
   * the Begin was addressed to (tcap-dialogues.ts ADDRESSEE.COUNTRY: the HLR answering a Begin
   * routed on the MSISDN, or anyone of that country). The state learns PSI / ATI / PSL results so
   * sent only from home or the subscriber's known network (state/learn.ts; review 11-B #1). On a
   * Begin that joined an orphan (`orphan` ≥ 0): the orphan's sender is only such a GT
   * (DialogueTable.setOpener), and its held results are learned as such (learn.ts learnJoined).
   */
  answerByCountry = false;
  /**
   * MAP: `answersRequest` and the message travelled over IP on the exact reverse direction of its Begin's
   * association or connection, the capture showing both (ss7/tcap-dialogues.ts `sentBack`): the
   * addressee's side sent it. What makes an ISD's number link the home HLR's sure word
   * (state/prior-links.ts, review 16-A #2), and a home-own operation's answer teach a visited number block
   * (detect/visited-blocks.ts, review 20 #4). False otherwise, and on Diameter; an event's `component.sentBack`.
   */
  sentBack = false;
  /**
   * An UpdateLocation / UpdateGprsLocation invoke or a ULR: the capture proves both directions between
   * the hosts it travelled (MAP: ss7/flow-directions.ts CaptureSides.twoWay, an addressee's answer or a
   * transport acknowledgement came back the reverse way; Diameter: an answer matched its request on the
   * reverse of a connection between those hosts, diameter/decoder.ts), so the home network's answer to it,
   * sent that way, is on the capture: detect/origin-subscribers.ts waits for it (red-team round 19 M2).
   * MAP also over IP where the UL's calling GT got its SAIs answered back along a link anywhere in the capture
   * (ss7/tcap-decoder.ts registrationShown, review 20 #1).
   * On a MAP answer of the UL's addressee (UL / UGL result or error, the HLR's ISD): it travelled over IP on a link
   * the capture shows both ways, in a dialogue with no answer of the requester's (ss7/tcap-dialogues.ts
   * answerLinkShown), the only answer detect/origin-subscribers.ts takes as the UL's outcome (review 20 #2). On an
   * SAI answer: likewise. False otherwise, and on event-built records.
   */
  linkTwoWay = false;
  /**
   * MAP: a Continue/End refused by the dialogue its DTID names (a sender not of it: anomaly
   * `tcap.dialogue-uncorroborated`): the node key of that dialogue's other side
   * (ss7/tcap-dialogues.ts otherSide), to which the receiving stack answers whatever the calling
   * address says (Q.774 §3.2.2.2: found by the DTID alone). detect/context.ts resolveOrigin judges
   * the message by the worse of the two (red-team round 15 H8). Undefined otherwise.
   */
  dialoguePeer: string | undefined = undefined;
  /**
   * MAP: the other value of the subscriber's IMSI / MSISDN field the argument repeats with other
   * digits (anomaly `map.repeated-field`, ss7/map/args/reader.ts repeatedOwn): the detector judges
   * the message on it too (detect/engine.ts judgeRepeated); nothing learns it. Not in the event:
   * undefined for a record filled from one.
   */
  repeatedIdentity: readonly OtherIdentity[] | undefined = undefined;

  // ---- Diameter (protocol 'diameter'); the header flags and the identities rules read
  cmd = 0;
  app = 0;
  request = false;
  /** Dictionary command name and abbreviation (ULR/ULA ...), undefined for unknown commands. */
  cmdName: string | undefined = undefined;
  cmdAbbrev: string | undefined = undefined;
  /** End-to-End Identifier (RFC 6733 §3: an answer carries its request's, unchanged by agents); −1 when not read. */
  e2e = -1;
  originHost: string | undefined = undefined;
  originRealm: string | undefined = undefined;
  destHost: string | undefined = undefined;
  destRealm: string | undefined = undefined;
  userName: string | undefined = undefined;
  /** Visited-PLMN-Id octets as lower-case hex (event `diameter.visitedPlmn`). */
  visitedPlmnHex: string | undefined = undefined;
  resultCode: number | undefined = undefined;
  expResultCode: number | undefined = undefined;
  /**
   * A Diameter answer matched to its request (`answersRequest`): the frame that request was delivered in
   * (event `diameter.requestFrame`), else −1. With the End-to-End id, the request's own transaction
   * (detect/origin-subscribers.ts: RFC 6733 §3, an E2E id is unique per originator only).
   */
  requestFrame = -1;
  /** Route-Record identities (valid until the callback returns; the event holds a copy). */
  routeRecord: readonly string[] = [];

  private ev: SignallingEvent | undefined = undefined;
  private source: RecordSource = FROM_EVENT;

  /** Transaction ids as lower-case hex (SS7); setting the text clears the code (core/bytes.ts tidAccessors, on the prototype). */
  declare otid: string | undefined;
  declare dtid: string | undefined;

  /**
   * `imsi`, `msisdn` and `args` are plain data properties set here, after the class fields (so
   * they stay in-object); {@link DeferredRecord} has accessors instead (its `plain` is false).
   */
  constructor(plain = true) {
    if (plain) {
      this.imsi = undefined;
      this.msisdn = undefined;
      this.args = undefined;
    }
  }

  /**
   * The key of `imsi` as the subscriber tables hold it (core/identity-key.ts `imsiKeyOf`): a
   * {@link DeferredRecord} gives it without making the string, so a scan that reads keys only
   * keeps the decoder's digits as octets.
   */
  imsiKey(): IdentityKey | undefined {
    const s = this.imsi;
    return s === undefined ? undefined : imsiKeyOf(s);
  }

  /** The key of `msisdn` (core/identity-key.ts `msisdnKeyOf`); see {@link imsiKey}. */
  msisdnKey(): IdentityKey | undefined {
    const s = this.msisdn;
    return s === undefined ? undefined : msisdnKeyOf(s);
  }

  /**
   * `args[key]`: a {@link DeferredRecord} makes only that key's deferred digits, so a reader of one
   * node address leaves the message's other AddressStrings (its IMSI, an MSRN) as octets.
   */
  arg<K extends keyof EventArgs>(key: K): EventArgs[K] | undefined {
    return this.args?.[key];
  }

  /** `imsiKeyOf(args.imsi)` when `args.imsi` is a string (the empty text gives ''), else undefined; a {@link DeferredRecord} makes no string for it. */
  argImsiKey(): IdentityKey | undefined {
    const s = this.args?.imsi;
    return typeof s === 'string' ? imsiKeyOf(s) : undefined;
  }

  /** `msisdnKeyOf(args.msisdn)` as {@link argImsiKey}. */
  argMsisdnKey(): IdentityKey | undefined {
    const s = this.args?.msisdn;
    return typeof s === 'string' ? msisdnKeyOf(s) : undefined;
  }

  /** The event of this message, built on the first call (then the same object until the next fill). */
  event(): SignallingEvent {
    return (this.ev ??= this.source.event(this));
  }

  /**
   * While the event is not built: its decoder's reused view of it ({@link RecordSource.view}),
   * valid until the callback returns (read it, keep nothing of it); else undefined (read
   * {@link event}).
   */
  eventView(): SignallingEvent | undefined {
    return this.ev === undefined ? this.source.view?.(this) : undefined;
  }

  /** Starts a fill by a decoder: the event will be built by `source` when asked for. */
  begin(source: RecordSource): void {
    this.ev = undefined;
    this.fill++;
    if (this.source !== source) this.source = source; // written when changed: see defer()
  }

  /** Fills the record from an event (Detector.event and other event-level entry points). */
  fromEvent(ev: SignallingEvent): this {
    this.ev = ev;
    this.fill++;
    this.source = FROM_EVENT;
    this.protocol = ev.protocol;
    this.frame = ev.frame;
    this.index = ev.index;
    this.tsSec = ev.tsSec;
    this.tsNsec = ev.tsNsec;
    this.tsPrecision = ev.tsPrecision;
    // `?? undefined`: a JavaScript caller's `null` identity is no identity (not the text "null").
    this.imsi = ev.subscriber.imsi ?? undefined;
    this.msisdn = ev.subscriber.msisdn ?? undefined;
    this.imsiSource = ev.imsiSource;
    this.msisdnOctet = -1;
    this.repeatedIdentity = undefined;
    this.args = ev.args;
    if (ev.protocol === 'diameter') {
      setDiameter(this, ev.diameter);
      this.answersRequest = ev.diameter.requestFrame !== undefined;
      this.requestFrame = ev.diameter.requestFrame ?? -1;
      this.orphan = this.earlyAnswer = ev.diameter.answerFrame ?? -1;
      this.answerByCountry = this.sentBack = this.linkTwoWay = false;
      return this;
    }
    this.mtp = ev.mtp;
    this.sccp = ev.sccp;
    const t = ev.tcap;
    this.tcapType = t.type;
    this.otidText = t.otid;
    this.dtidText = t.dtid;
    this.otidCode = this.dtidCode = -1;
    this.acn = t.acn;
    this.acVersion = t.acVersion;
    const c = ev.component;
    this.hasComponent = c !== undefined;
    this.componentType = c?.type ?? 'invoke';
    this.invokeId = c?.invokeId;
    this.opcode = c?.opcode;
    this.op = c?.op;
    this.errorCode = c?.errorCode;
    this.answersRequest = c?.answersRequest === true;
    this.orphan = t.orphan ?? -1;
    this.answerByCountry = c?.answerByCountry === true;
    this.sentBack = c?.sentBack === true;
    this.linkTwoWay = false;
    this.dialoguePeer = t.peer;
    return this;
  }
}

Object.defineProperties(MessageRecord.prototype, tidAccessors(false));

function setDiameter(r: MessageRecord, d: DiameterInfo): void {
  r.cmd = d.cmd;
  r.app = d.app;
  r.request = d.request;
  r.cmdName = d.cmdName;
  r.cmdAbbrev = d.cmdAbbrev;
  r.e2e = hex32Value(d.e2e);
  r.originHost = d.originHost;
  r.originRealm = d.originRealm;
  r.destHost = d.destHost;
  r.destRealm = d.destRealm;
  r.userName = d.userName;
  r.visitedPlmnHex = d.visitedPlmn;
  r.resultCode = d.resultCode;
  r.expResultCode = d.expResultCode;
  r.routeRecord = d.routeRecord;
}

/** The value of an event's 8-hex-digit id text (diameter/header.ts hex32), else −1. */
function hex32Value(text: string | undefined): number {
  if (typeof text !== 'string' || !/^[0-9a-f]{8}$/.test(text)) return -1;
  return Number.parseInt(text, 16);
}

/**
 * A record whose `imsi`, `msisdn` and `args` may still be octets in the decoder: the TCAP decoder
 * hands it out while its consumer leaves identities unread (the decode-only tier), and the strings
 * are made on the first read, while the message's bytes are valid (before the callback returns).
 * A separate class, so the plain record's fields stay plain data: accessors on every record cost a
 * scan ~2 % (measured: bench/results-notes.md, "digits branch").
 */
export class DeferredRecord extends MessageRecord {
  protected imsiValue: string | undefined = undefined;
  protected msisdnValue: string | undefined = undefined;
  protected argsValue: EventArgs | undefined = undefined;
  private idsPending: PendingIdentities | undefined = undefined;
  private argsPending: PendingArgs | undefined = undefined;

  constructor() {
    super(false);
  }

  /** Leaves `imsi`/`msisdn` to `ids.identities(this)` and `args` to `pending.materialize()` (when given), each run on first read. */
  defer(ids: PendingIdentities, args: EventArgs | undefined, pending: PendingArgs | undefined): void {
    // Written when changed (the decoder's own object, LAZY_ARGS, the memo's reused pending args):
    // a store into this long-lived record is a write-barrier call while V8 marks (tcap-decoder.ts unit()).
    if (this.idsPending !== ids) this.idsPending = ids;
    if (this.argsValue !== args) this.argsValue = args;
    if (this.argsPending !== pending) this.argsPending = pending;
  }

  /** True while `imsi` / `msisdn` are deferred and unread (the decoder learns whether its consumer reads them). */
  get identitiesPending(): boolean {
    return this.idsPending !== undefined;
  }

  override imsiKey(): IdentityKey | undefined {
    const p = this.idsPending;
    return p === undefined ? super.imsiKey() : p.imsiKey();
  }

  override msisdnKey(): IdentityKey | undefined {
    const p = this.idsPending;
    return p === undefined ? super.msisdnKey() : p.msisdnKey();
  }

  override arg<K extends keyof EventArgs>(key: K): EventArgs[K] | undefined {
    const a = this.argsValue;
    if (a === undefined) return undefined;
    const p = this.argsPending;
    // A lazy parameter (LAZY_ARGS): its PendingArgs answers one key, from its template or its decode.
    if (a === LAZY_ARGS) return p!.argValue(key as string) as EventArgs[K] | undefined;
    // The reader answers for its current message only: a record read after its reader moved on
    // (a callback that pushed into another Decoder first, against the README's advice) reads its
    // own object, as before argidx (red-team review: another message's digits came back).
    return p === undefined || p.args !== a ? a[key] : (p.argValue(key as string) as EventArgs[K] | undefined);
  }

  override argImsiKey(): IdentityKey | undefined {
    const p = this.argsPending;
    if (p !== undefined) {
      const k = p.pendingKey('imsi', false);
      if (k !== null) return k;
      if (this.argsValue === LAZY_ARGS) this.resolveArgs();
    }
    const s = this.argsValue?.imsi;
    return typeof s === 'string' ? imsiKeyOf(s) : undefined;
  }

  override argMsisdnKey(): IdentityKey | undefined {
    const p = this.argsPending;
    if (p !== undefined) {
      const k = p.pendingKey('msisdn', true);
      if (k !== null) return k;
      if (this.argsValue === LAZY_ARGS) this.resolveArgs();
    }
    const s = this.argsValue?.msisdn;
    return typeof s === 'string' ? msisdnKeyOf(s) : undefined;
  }

  /** Runs the deferred identities (its `identities(this)` sets `imsi` and `msisdn`). */
  resolveIdentities(): void {
    const p = this.idsPending;
    if (p === undefined) return;
    this.idsPending = undefined;
    p.identities(this);
  }

  /** Runs the deferred `args` digits. */
  resolveArgs(): void {
    const p = this.argsPending;
    if (p === undefined) return;
    this.argsPending = undefined;
    p.materialize();
    // A lazy parameter (LAZY_ARGS) is decoded now: its object.
    if (this.argsValue === LAZY_ARGS) this.argsValue = p.args;
  }
}

// Accessors on the prototype (a class accessor may not override the base's declared property in
// TypeScript); the plain record never reaches them: its own data properties come first.
Object.defineProperties(DeferredRecord.prototype, {
  imsi: {
    get(this: DeferredRecord) {
      this.resolveIdentities();
      return (this as unknown as { imsiValue: string | undefined }).imsiValue;
    },
    set(this: DeferredRecord, v: string | undefined) {
      this.resolveIdentities();
      (this as unknown as { imsiValue: string | undefined }).imsiValue = v;
    },
  },
  msisdn: {
    get(this: DeferredRecord) {
      this.resolveIdentities();
      return (this as unknown as { msisdnValue: string | undefined }).msisdnValue;
    },
    set(this: DeferredRecord, v: string | undefined) {
      this.resolveIdentities();
      (this as unknown as { msisdnValue: string | undefined }).msisdnValue = v;
    },
  },
  args: {
    get(this: DeferredRecord) {
      this.resolveArgs();
      return (this as unknown as { argsValue: EventArgs | undefined }).argsValue;
    },
    set(this: DeferredRecord, v: EventArgs | undefined) {
      (this as unknown as { argsPending: PendingArgs | undefined }).argsPending = undefined;
      (this as unknown as { argsValue: EventArgs | undefined }).argsValue = v;
    },
  },
});

/** The source of records filled from an event: `event()` returns that event (set by fromEvent). */
const FROM_EVENT: RecordSource = {
  event(): SignallingEvent {
    throw new Error('MessageRecord.event(): the record was never filled');
  },
};

/** Callback receiving reused records (valid until it returns; `r.event()` builds a keepable event). */
export type RecordHandler = (r: MessageRecord) => void;

/** Where an event view (the decoders' `view`, RecordSource) keeps the message's place and capture time. */
interface ViewHead {
  frame: number;
  index: number;
  tsSec: number;
  tsNsec: number;
  tsPrecision: number;
}

/** Writes record `r`'s frame, index and capture time into view `v` (the TCAP and Diameter decoders' `view`). */
export function setViewHead(v: ViewHead, r: MessageRecord, tsPrecision: number): void {
  v.frame = r.frame;
  v.index = r.index;
  v.tsSec = r.tsSec;
  v.tsNsec = r.tsNsec;
  v.tsPrecision = tsPrecision;
}
