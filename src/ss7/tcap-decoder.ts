/**
 * SCCP unit → TCAP message → one {@link Ss7Event} per component (a message without components is
 * one event). Owns the dialogue table (tcap-dialogues.ts) and runs the MAP parameter decoders.
 *
 * Protocol: 'map' when the application context is a MAP AC (0.4.0.0.1.0.<ac>.<v>), or, when no
 * ACN is known for the dialogue, when either SSN is a MAP SSN (TS 23.003 §8.1; Q.713 Annex B)
 * and the operation (if any) is a MAP operation. 'tcap' for ANSI TCAP, CAMEL and other ACNs.
 */
import { addAnomaly, anomaly, ownAnomalies, type Anomaly, type AnomalySink } from '../core/anomaly.js';
import type { FrameIndexer } from '../core/frame-index.js';
import { CappedMap } from '../core/capped-map.js';
import { resolveLimits, type Limits } from '../core/limits.js';
import { setRecordBytes as setRecordBytes_ } from '../core/bytes.js';
import type { CounterSlot, Counters } from '../core/stats.js';
import { decodeTbcd, tbcdDecimalDigits, tbcdDigitKey, tbcdKey } from '../asn1/tbcd.js';
import { BER_ANOMALY } from '../asn1/ber.js';
import { keyDigits } from '../core/digit-key.js';
import { imsiKeyOf, msisdnKeyOf, type IdentityKey } from '../core/identity-key.js';
import {
  DeferredRecord,
  LAZY_ARGS,
  MessageRecord,
  setViewHead,
  type PendingArgs,
  type PendingIdentities,
  type RecordHandler,
  type RecordSource,
} from '../events/record.js';
import type { ComponentInfo, EventArgs, MtpInfo, SccpInfo, Ss7Event, Subscriber, TcapInfo } from '../events/types.js';
import type { Flow } from '../transport/types.js';
import { camelOrInAc, MAP_AC, parseMapAcn, underMapArc, type MapAcn } from './map/application-contexts.js';
import { MAP_ANOMALY, type OwnIdentities } from './map/args/reader.js';
import { decodeMapArgumentScratch as decodeMapArgumentScratch_, scratchListsInto, takeScratchE164s, takeScratchImsis } from './map/decode.js';
import { mapErrorName } from './map/errors.js';
import { LazyMapArgs, ParamMemo, TemplateIdentities } from './map/param-memo.js';
import { smRpDaNamesSubscriber } from './map/args/sms.js';
import { destinationReferenceUse, MAP_OP, mapOperation, opName as opName_ } from './map/operations.js';
import { decodeTcapInto as decodeTcapInto_, newTcapMessage, type TcapComponent, type TcapMessage } from './tcap.js';
import {
  ADDRESSEE,
  addressKey as addressKey_,
  DIALOGUE_ANOMALY,
  DialogueTable,
  MAX_INVOKES_PER_DIALOGUE,
  MSG_DTID,
  MSG_OTID,
  nodeStamp as nodeStamp_,
  type Dialogue,
} from './tcap-dialogues.js';
import { hasTid as hasTid_, TCAP_ANOMALY } from './tcap-message.js';
import { mtpInfoOf, type SccpUnit } from './types.js';

// Imports called or read per message, as this module's own constants: TurboFan loads an import
// from its module cell (hole and target checks) at every use; an own `const` is embedded
// (bench/results-notes.md, "decode9").
const setRecordBytes = setRecordBytes_;
const decodeTcapInto = decodeTcapInto_;
const decodeMapArgumentScratch = decodeMapArgumentScratch_;
const opName = opName_;
const hasTid = hasTid_;
const addressKey = addressKey_;
const nodeStamp = nodeStamp_;

export interface TcapDecoderOptions {
  /** Receives one event per component (built from the record: see onRecord). */
  onEvent?: (ev: Ss7Event) => void;
  /**
   * The fast tier (events/record.ts): receives the reused record of each component instead
   * (`r.event()` builds the event). One of onEvent / onRecord.
   */
  onRecord?: RecordHandler;
  indexer: FrameIndexer;
  onAnomaly?: AnomalySink;
  counters?: Counters;
  limits?: Partial<Limits>;
  /** Keep SMS content (forwardSM SM-RP-UI as `args.smRpUi` hex); see DecoderOptions.smsContent. */
  smsContent?: boolean;
  /**
   * The consumer reads every record's identities (it builds each event, as the Decoder's `onEvent`
   * does): hand out plain records with the digits made at once from the first message, instead of
   * starting deferred and switching after the first window (see {@link TcapDecoder.emit}).
   */
  readsIdentities?: boolean;
  /**
   * The transport's proof that the capture shows both directions between two hosts (address texts)
   * (PacketDecoder.sctpSides.pairShown, transport/sctp-sides.ts): answers sent the way of their Begin
   * between them are then the requester's (DialogueTable.fromRequester). Absent: only the TCAP layer's own proof.
   */
  transportSides?: (a: string, b: string) => boolean;
}

/** AddressString numbering plans (TS 29.002 §17.7.8): ISDN/telephony (E.164), land mobile (E.212). */
const NP_E164 = 1;
const NP_E212 = 6;
/** forwardSM / mo-forwardSM (46) and mt-forwardSM (44): TS 29.002 §17.5 operation codes. */
const FORWARD_SM = MAP_OP['mo-forwardSM'];
const MT_FORWARD_SM = MAP_OP['mt-forwardSM'];
/**
 * TS 29.002 §7.3.1 Table 7.3/2: the application contexts of the services whose MAP-OPEN
 * destination reference names the subscriber (DEST_REF_USE's operations): networkFunctionalSs
 * (SS and CC-entry management), networkUnstructuredSs (USSD), shortMsgMO-Relay/shortMsgRelay
 * (forwardSM, mo-forwardSM), shortMsgMT-Relay and its VGCS variant (mt-forwardSM).
 */
const DEST_REF_CONTEXTS: ReadonlySet<number> = new Set([
  MAP_AC.networkFunctionalSs,
  MAP_AC.networkUnstructuredSs,
  MAP_AC.shortMsgMO_Relay,
  MAP_AC.shortMsgMT_Relay,
  MAP_AC.shortMsgMT_Relay_VGCS,
]);

/** SSNs of MAP users (TS 23.003 §8.1): MAP, HLR, VLR, MSC, EIR, AuC, GMLC, gsmSCF (MAP), SIWF, SGSN, GGSN. */
export const MAP_SSNS: ReadonlySet<number> = new Set([5, 6, 7, 8, 9, 10, 145, 147, 148, 149, 150]);

/**
 * `a !== b` for two values each undefined or an internalized string (a literal): compared as `!==` they made TurboFan
 * call the generic StrictEqual builtin (mixed string / undefined feedback; ~25 instructions and a call a message at each of
 * two sites); split by undefined first, the string compare is of two internalized strings, a pointer compare.
 */
function differs(a: string | undefined, b: string | undefined): boolean {
  return a === undefined ? b !== undefined : b === undefined || a !== b;
}

/**
 * Without an ACN (a MAP v1 dialogue, TS 29.002 §12.1), MAP is recognised by the SSN: a MAP SSN in
 * either address, or, in a TC-BEGIN, no called SSN (absent or 0, "not known / not used", Q.713
 * §3.4.2.2): routed on the GT alone, the last translation supplies the HLR's SSN (Q.714 §2.2), so
 * an SRI or UL sent that way reaches the HLR (rt10 B7: it was read as plain TCAP). Whatever the
 * calling SSN: the sender chooses it (the answer comes back to its own node), so a CAMEL or INAP
 * calling SSN hid the same SRI (rt11 R3). The opcode must still be MAP's. Only the Begin: INAP
 * routed on the GT alone opens with InitialDP (0, not MAP's) and continues with opcodes MAP also has
 * (23, 24: review 10-A, its Continues read as MAP alerted).
 */
function mapRouted(u: SccpUnit, type: TcapMessage['type']): boolean {
  return MAP_SSNS.has(u.sccp.called.ssn ?? 0) || MAP_SSNS.has(u.sccp.calling.ssn ?? 0) || ssnless(u, type);
}

/** A Begin with no called SSN (absent or 0), whatever the calling SSN: {@link mapRouted} takes it for MAP by its opcode alone. */
function ssnless(u: SccpUnit, type: TcapMessage['type']): boolean {
  return (u.sccp.called.ssn ?? 0) === 0 && type === 'begin';
}

/**
 * A Begin addressed to a MAP user: its called SSN is a MAP SSN (the sender chooses its own calling
 * SSN), or none (absent or 0: routed on the GT alone, the last translation supplies the HLR's SSN,
 * Q.714 §2.2, as {@link ssnless}; rt12 F7: an SRI under a foreign ACN with SSN 0 was silent). Its
 * invokes are then MAP only when they read as the MAP argument (the `guessed` check).
 */
function mapUserAddressed(u: SccpUnit, type: TcapMessage['type']): boolean {
  const ssn = u.sccp.called.ssn ?? 0;
  return type === 'begin' && (ssn === 0 || MAP_SSNS.has(ssn));
}

/**
 * MAP operations whose argument names the subscriber in a mandatory part (TS 29.002 §17.6: an
 * IMSI or MSISDN, or a subscriberIdentity / targetMS CHOICE of them): without one it is not that
 * operation's argument.
 */
const SUBSCRIBER_ARG_OPS: ReadonlySet<number> = new Set([
  MAP_OP.updateLocation,
  MAP_OP.cancelLocation,
  MAP_OP.sendRoutingInfo,
  MAP_OP.updateGprsLocation,
  MAP_OP.sendRoutingInfoForGprs,
  MAP_OP.sendRoutingInfoForSM,
  MAP_OP.sendAuthenticationInfo,
  MAP_OP.restoreData,
  MAP_OP.sendIMSI,
  MAP_OP.anyTimeSubscriptionInterrogation,
  MAP_OP.anyTimeModification,
  MAP_OP.purgeMS,
  MAP_OP.provideSubscriberInfo,
  MAP_OP.anyTimeInterrogation,
  MAP_OP.sendRoutingInfoForLCS,
]);

/**
 * The invoke of a Begin taken for MAP by its absent SSNs ({@link ssnless}) reads as that MAP
 * operation's argument. INAP CS-1 on the GT alone shares opcodes with MAP (releaseCall 22 =
 * sendRoutingInfo, requestReportBCSMEvent 23 = updateGprsLocation, eventReportBCSM 24 =
 * sendRoutingInfoForGprs: review 10-A #1); its arguments are not MAP's. Any operation whose
 * argument named a subscriber (an IMSI or MSISDN where TS 29.002 §17.6 puts that operation's: the
 * argument readers take only those as the own identities) before any fault is MAP, whatever fault
 * follows: an HLR or VLR skips an extension it cannot read (a real SRI with a deep extension
 * container lost its alert, review 11-A; an ISD, DSD or activateTraceMode, whose `imsi` is
 * OPTIONAL, still did: rt12 F4). Otherwise an operation about a subscriber
 * ({@link SUBSCRIBER_ARG_OPS}) is not MAP, and any other is MAP when its argument decodes (an
 * argument the node would refuse as malformed is no MAP service).
 */
function readsAsMapArgument(opcode: number, anomalies: readonly Anomaly[], own: OwnIdentities): boolean {
  if (own.namedAfter >= 0 && !faultIn(anomalies, own.namedAfter)) return true;
  return !SUBSCRIBER_ARG_OPS.has(opcode) && !faultIn(anomalies, anomalies.length);
}

/** A reader fault (malformed BER, an argument or IMSI of the wrong type) among the first `n` of `anomalies`. */
function faultIn(anomalies: readonly Anomaly[], n: number): boolean {
  for (let i = 0; i < n; i++) {
    const code = anomalies[i]!.code;
    if (code.startsWith('ber.') || code === MAP_ANOMALY.BAD_ARGUMENT || code === MAP_ANOMALY.BAD_IMSI) return true;
  }
  return false;
}

const MAX_CACHED_ACNS = 256;

export class TcapDecoder implements RecordSource, PendingIdentities {
  private readonly msg: TcapMessage;
  /** The record handed out: plain while the consumer reads identities, else the deferred one (see {@link emit}). */
  private readonly rec = new MessageRecord();
  private readonly deferredRec = new DeferredRecord();
  /** This message's record and whether its digits stay octets (decided per TCAP message). */
  private cur: MessageRecord = this.rec;
  private defer = false;
  private readonly onRecord: RecordHandler;
  // What event() needs beyond the record, valid while the record's callback runs.
  private u: SccpUnit | undefined = undefined;
  /** The unit's SccpInfo, built for its first event and shared by its others. */
  private sccpInfo: SccpInfo | undefined = undefined;
  /** The message's TcapInfo, built for its first event and shared by its others. */
  private tcapInfo: TcapInfo | undefined = undefined;
  private comp: TcapComponent | undefined = undefined;
  private fromDialogue = false;
  /** The current message comes from the node its dialogue's Begin was addressed to (DialogueTable.fromAddressee). */
  private fromAddressee = false;
  /** The current Begin joined an orphan sent by its addressee: the orphan's number (DialogueTable.setOpener), else −1. */
  private joined = -1;
  /** The current Continue/End was refused its dialogue (a sender not of it): the dialogue's other side (DialogueTable.otherSide), else undefined. */
  private dialoguePeer: string | undefined = undefined;
  /**
   * `tcap.dialogue-invoke-limit` was reported for the current message: once a message, as the other
   * per-message checks (red team round 16: one Begin of 3,000 invokes gave 2,488 of them).
   */
  private invokeLimitReported = false;
  /** {@link checkInvokes}' invoke ids seen in the current message (256 bits). */
  private readonly invokeIdSet = new Uint32Array(8);
  /**
   * ... but only as another GT of that node's country (ADDRESSEE.COUNTRY; records' `answerByCountry`):
   * the current Continue/End's sender, or the sender of the orphan the current Begin joined.
   */
  private addresseeByCountry = false;
  /** What {@link identities} reads: the message's own identities (reader ranges) and its dialogue. */
  private ownIds: OwnIdentities | undefined = undefined;
  private idDialogue: Dialogue | undefined = undefined;
  /**
   * A component of the current Begin named its own IMSI / MSISDN: the Begin's later components borrow
   * none from the dialogue (it is that component's, not theirs; red-team round 16 I1a, I6). The
   * dialogue keeps it for the answers (Q.774 §3.2.2: a Continue / End answers the whole Begin).
   */
  private beginImsi = false;
  private beginMsisdn = false;
  /** The record {@link identities} reads borrows the dialogue's IMSI / MSISDN (not another component's of its Begin). */
  private idBorrowImsi = true;
  private idBorrowMsisdn = true;
  /**
   * The last record was deferred (see emit); of the deferred records of the current window of
   * IDS_WINDOW, how many there were and how many the consumer read the identities of; once more
   * than 1/IDS_READ_SHARE of a window were read, records are plain for good (`eager`).
   */
  private idsDeferred = false;
  private idsSeen = 0;
  private idsRead = 0;
  private eager = false;
  /**
   * A records consumer (it started deferred): the dialogue keeps the identities' digit keys, never
   * the record's strings, also once records are plain. measured (issue 19, subhist2, 3M alert flood
   * through the Scanner, sampling heap profile of the objects that outlived a scavenge): the strings
   * dialogues kept were the largest part of what the flood promoted to the old generation, whose
   * promotion rate sets how far V8 lets it grow (up to 4× its live size); core/digit-key.ts
   * keyDigits gives a key's text back, fresh. An events consumer keeps the strings it made anyway.
   */
  private readonly dialogueKeys: boolean;
  /**
   * The consumer read an identity (or its key) of a record: the dialogue then keeps digit keys made
   * at once, as it reads them; until then it keeps the TBCD octets (DialogueTable.setImsiOctets),
   * made into a key only if read. measured (callgrind, routine mix, per message): the decode-only
   * tier −180 instructions with octets; a Scanner, which reads every record's identity keys, +129
   * when it kept octets (each own IMSI kept as octets and made into a key right after).
   */
  private keysRead = false;
  /** The MAP parameter was decoded: the IMSI/E.164 lists are in the scratch reader. */
  private mapLists = false;
  /**
   * Deferred records: parameters matched to a clean decode's template are decoded only when read
   * (map/param-memo.ts); `lazyComp`: the current component's is (its lists are made by `lazyArgs`).
   */
  private readonly memo = new ParamMemo();
  private readonly lazyArgs: LazyMapArgs;
  private readonly tplOwn = new TemplateIdentities();
  private lazyComp = false;
  private abortCause: TcapMessage['abortCause'] = undefined;
  private dialoguePdu: TcapMessage['dialogue'] = undefined;
  private acnFromDialogue = false;
  private readonly table: DialogueTable;
  private readonly limits: Limits;
  /** Frame of the unit being decoded (for the dialogue table's limit anomalies). */
  private frame = 0;
  /**
   * parseMapAcn by ACN text (null: not MAP), bounded, cleared when full. With decodeOidCached
   * (asn1/oid.ts) the text is the same string object each time, so the lookup skips hashing.
   * Both together, A/B on a 561 k-message prefix of the generator capture, alternated 3×:
   * 126–128 k → 146–152 k messages per CPU second (+16 %).
   */
  /** ACN text → its MAP AC; false: under the MAP arc but unknown; null: not MAP's. */
  private readonly acns = new CappedMap<string, MapAcn | null | false>(MAX_CACHED_ACNS);
  /**
   * `tcap.messages` as a slot: `inc(name)` ~30 ns vs `slot.n++` ~3 ns (core/stats.ts). With
   * a shared empty subscriber and addressKey(calling) only for Begin/Continue: A/B 4 alternations, median
   * +8 % messages per CPU second (−1..+34 %, noisy machine).
   */
  private readonly cMessages: CounterSlot;

  constructor(private readonly opts: TcapDecoderOptions) {
    this.limits = resolveLimits(opts.limits);
    this.msg = newTcapMessage(this.limits.berDepth);
    this.lazyArgs = new LazyMapArgs(this.memo, this.limits.berDepth, opts.smsContent === true, this.tplOwn);
    this.cMessages = opts.counters === undefined ? { n: 0 } : opts.counters.slot('tcap.messages');
    this.table = new DialogueTable(
      this.limits,
      opts.counters,
      (code, detail) => this.report(anomaly(code, 'tcap', detail), this.frame),
      true,
      opts.transportSides,
    );
    const onEvent = opts.onEvent;
    this.onRecord = opts.onRecord ?? (onEvent === undefined ? () => {} : (r) => onEvent(r.event() as Ss7Event));
    // An onEvent consumer reads every record's identities (event() builds the subscriber), so its
    // records are plain from the first message: starting deferred showed event(), the consumer's
    // property sites and the dialogue table a second record class and numeric keys before the
    // switch. The Decoder passes onRecord always and says so with readsIdentities (before it did,
    // its onEvent path still started deferred: bench/results-notes.md, "evregress", "evfast").
    this.eager = opts.readsIdentities === true || (opts.onRecord === undefined && onEvent !== undefined);
    this.dialogueKeys = !this.eager;
  }

  get dialogueCount(): number {
    return this.table.size;
  }

  /** Continue/End/Abort halves waiting for their Begin (reordering): ≤ limits.dialogues. */
  get pendingOrphans(): number {
    return this.table.pendingOrphans;
  }

  /** The input ended: orphans still waiting for their Begin are counted as reorder-expired. */
  end(): void {
    this.table.endOfInput();
  }

  unit(u: SccpUnit): void {
    this.frame = u.frameNo;
    const m = this.msg;
    setRecordBytes(m, u.view, u.bytes);
    if (decodeTcapInto(u.view, u.offset, u.end, m) < 0) {
      this.opts.counters?.inc('tcap.not-tcap');
      return;
    }
    this.cMessages.n++;
    const index = this.opts.indexer.next(u.frameNo);
    // Indexed, not for-of: over the frozen NO_ANOMALIES for-of is not inlined (an iterator
    // builtin call per message, ~226 instructions; bench/results-notes.md, "decwb").
    const ma = m.anomalies;
    for (let i = 0; i < ma.length; i++) this.report(ma[i]!, u.frameNo);

    this.table.knownTids(m);
    this.joined = -1;
    this.beginImsi = this.beginMsisdn = false;
    this.dialoguePeer = undefined;
    this.invokeLimitReported = false;
    const d = this.dialogue(m, u);
    // Reordering (records' `orphan`): a Continue/End of a dialogue awaiting its Begin, or the Begin that joined it.
    const orphan = d === undefined ? -1 : m.type === 'begin' ? this.joined : this.table.orphanId(d);
    // Its label and direction, judged when the Begin joins (DialogueTable.setOpener; red-team rounds 16 I1b, 17 K1).
    if (orphan >= 0 && m.type !== 'begin') this.table.noteOrphan(d!, u.mtp, u.flow);
    // Sent back by the node the dialogue's Begin was addressed to (records' `answersRequest`).
    let from =
      d !== undefined && (m.type === 'continue' || m.type === 'end')
        ? this.table.fromAddressee(d, MSG_DTID, addressKey(u.sccp.calling), callingStamp(u))
        : ADDRESSEE.NONE;
    // Out of the Begin's own point code: the requester's, not the addressee's answer (rt15 H2).
    if (from !== ADDRESSEE.NONE && this.table.fromRequester(d!, u.mtp, u.flow)) from = ADDRESSEE.NONE;
    this.fromAddressee = from !== ADDRESSEE.NONE;
    // A TC-ABORT from the addressee sent back the Begin's reverse way proves both directions too (DialogueTable.abortedBack).
    if (m.type === 'abort' && d !== undefined && this.table.fromAddressee(d, MSG_DTID, addressKey(u.sccp.calling), callingStamp(u)) !== ADDRESSEE.NONE)
      this.table.abortedBack(d, u.flow);
    // Of that addressee over IP, on the Begin's exact reverse direction (records' `sentBack`, state/number-evidence.ts).
    // Read for an ISD, which the HLR sends in a TC-CONTINUE of the UL's dialogue (TS 29.002 §19.1.1; a confirmed
    // operation, §8.8.1, whose result a TC-END's invoke could not get), and for the results of the home's own
    // operations, which teach the visited number blocks (detect/visited-blocks.ts, review 20 #4): Continues and Ends,
    // and a Begin that joined its answers captured before it, one of them on its exact reverse (DialogueTable.joinedBack).
    const sentBack =
      m.type === 'begin'
        ? orphan >= 0 && this.table.joinedBack
        : this.fromAddressee && (m.type === 'continue' || m.type === 'end') && this.table.sentBack(d!, u.flow);
    // A joining Begin: its orphan's sender, by DialogueTable.setOpener's same test (review 11-B #1 × #3).
    this.addresseeByCountry = m.type === 'begin' ? orphan >= 0 && this.table.joinedByCountry : from === ADDRESSEE.COUNTRY;
    // MAP-OPEN comes with the dialogue's opening AARQ, in a Begin (Q.774 §3.2.2; TS 29.002 §7.3.1):
    // an AARQ in a Continue or End does not set the dialogue's identity (review of the merge).
    if (m.destRefStart >= 0 && d !== undefined && m.type === 'begin') this.openInfoIdentity(m, d, u.view, u.bytes);
    let acn = m.acn;
    let acnFromDialogue = false;
    if (d !== undefined) {
      if (m.acn !== undefined) this.table.setAcn(d, m.acn);
      else {
        const known = this.table.acn(d);
        if (known !== undefined) {
          acn = known;
          acnFromDialogue = true;
        }
      }
    }
    // The message's MAP name by its index (no text lookup); the dialogue's, or another name, by its text.
    const mapAc = m.acnIndex >= 0 ? mapAcnAt(m.acnIndex, acn!) : acn !== undefined ? this.mapAcn(acn) : undefined;
    const acVersion = mapAc?.version;
    // An ACN under the MAP arc that the AC table does not know (an unassigned AC, an extra arc) is
    // still MAP's: it is decoded by opcode, as without an ACN, and counted (rt10 B6: it was silent).
    const unknownMapAc = mapAc === undefined && acn !== undefined && this.unknownMapAc(acn);
    // Any other ACN in a Begin sent to a MAP SSN, or to none (rt12 F7), reaches the MAP user there
    // too (rt11 R7): decoded as MAP by opcode, except CAMEL's and IN's, whose opcodes are their own
    // (review 11-A: CAP applyChargingGPRS 71 read as anyTimeInterrogation alerted); those are reported only.
    const atMap = mapAc === undefined && acn !== undefined && !unknownMapAc && !m.ansi && mapUserAddressed(u, m.type);
    const camelOrIn = atMap && camelOrInAc(acn!);
    const foreignAcAtMap = atMap && !camelOrIn;
    const calledSsn = u.sccp.called.ssn ?? 0;
    // Once per dialogue: its Begin, or the first message seen of it (an AARE in the answer repeats the ACN).
    // A CAMEL or IN Begin without a called SSN is ordinary GT routing toward a gsmSCF / SCP (the last
    // GTT supplies the SSN, Q.714 §2.2): not reported; at a MAP SSN it is out of place and reported.
    if ((unknownMapAc || foreignAcAtMap || (camelOrIn && calledSsn !== 0)) && !acnFromDialogue && (m.type === 'begin' || d === undefined)) {
      const why = unknownMapAc
        ? 'is under the MAP arc but not in TS 29.002 §17.3.2'
        : `is not MAP's, sent to ${calledSsn === 0 ? 'no called SSN (GT routing)' : `MAP SSN ${calledSsn}`}` +
          (foreignAcAtMap ? '' : ' (CAMEL or IN: not decoded as MAP)');
      this.report(anomaly(TCAP_ANOMALY.UNKNOWN_MAP_AC, 'tcap', `application context ${acn} ${why}`), u.frameNo);
    }
    const mapSsn = !m.ansi && (unknownMapAc || foreignAcAtMap || (acn === undefined && mapRouted(u, m.type)));

    // The message's part of every record (its TcapInfo is built only with an event).
    const defer = this.deferDigits();
    const r = defer ? this.deferredRec : this.rec;
    // Pointer fields of these long-lived objects are written only when they change (mostly they
    // do not: the transport's reused label and SCCP view, the type and ACN texts): every store of a
    // heap object into an old object is a write-barrier check, and a call of the barrier (~56
    // instructions) while V8 marks. measured (callgrind, routine capture MiB 12–40, base): 42
    // barrier calls a message, 8.9 of them here (bench/results-notes.md, "dec19").
    if (this.cur !== r) this.cur = r;
    this.defer = defer;
    r.frame = u.frameNo;
    r.index = index;
    r.tsSec = u.tsSec;
    r.tsNsec = u.tsNsec;
    r.tsPrecision = u.tsPrecision;
    if (r.mtp !== u.mtp) r.mtp = u.mtp;
    if (r.sccp !== u.sccp) r.sccp = u.sccp;
    if (r.tcapType !== m.type) r.tcapType = m.type;
    r.otidCode = m.otidCode;
    r.dtidCode = m.dtidCode;
    if (r.otidText !== m.otidText) r.otidText = m.otidText;
    if (r.dtidText !== m.dtidText) r.dtidText = m.dtidText;
    // Written every message, not compared first: the ACN texts are not internalized strings, so the compare called the
    // StringEqual builtin whenever the lengths matched (31,949 of 35,710 messages in the pinned records window, for
    // 14,847 writes), more than the store's barrier check costs (bench/results-notes.md, "dec22").
    r.acn = acn;
    r.acVersion = acVersion;
    r.orphan = orphan;
    r.sentBack = sentBack;
    if (r.dialoguePeer !== this.dialoguePeer) r.dialoguePeer = this.dialoguePeer;
    if (this.u !== u) this.u = u;
    this.tcapInfo = undefined;
    this.sccpInfo = undefined;
    if (this.abortCause !== m.abortCause) this.abortCause = m.abortCause;
    if (differs(this.dialoguePdu, m.dialogue)) this.dialoguePdu = m.dialogue;
    this.acnFromDialogue = acnFromDialogue;

    if (m.componentCount === 0) {
      const protocol = mapAc !== undefined || mapSsn ? 'map' : 'tcap';
      this.comp = undefined;
      this.mapLists = false;
      this.lazyComp = false;
      r.hasComponent = false;
      r.componentType = 'invoke';
      r.invokeId = r.opcode = r.op = r.errorCode = undefined;
      r.answersRequest = r.answerByCountry = false;
      this.emit(protocol, undefined, undefined, d, undefined);
    }
    if (m.componentCount > 1) this.checkInvokes(m, u.frameNo);
    for (let i = 0; i < m.componentCount; i++) {
      const c = m.components[i]!;
      const ca = c.anomalies;
      for (let j = 0; j < ca.length; j++) this.report(ca[j]!, u.frameNo);
      this.component(u, m, c, d, mapAc !== undefined, mapSsn, acVersion, mapSsn && !unknownMapAc && ssnless(u, m.type));
    }
    this.u = undefined;
    this.comp = undefined;
    // An End/Abort captured before its Begin keeps the dialogue open for the Begin to join
    // (tcap-dialogues.ts, reordering); a Begin that joined an ended orphan completes it.
    if (d !== undefined && !this.table.awaitingBegin(d) && (this.table.ended(d) || m.type === 'end' || m.type === 'abort')) this.table.close(d);
  }

  /**
   * MAP-OPEN's destination reference as the dialogue's subscriber (TS 29.002 §7.3.1 Table 7.3/2)
   * when the Begin invokes a service that carries it there: every record of the dialogue then
   * has it (imsiSource 'dialogue') unless its component names its own (emit). By the
   * AddressString's numbering plan (§17.7.8: 0110 land mobile E.212, 0001 ISDN E.164): an IMSI
   * of 6-15 decimal digits in at most 8 octets (IMSI ::= TBCD-STRING (SIZE (3..8)), TS 23.003
   * §2.2; under another plan 14-15 digits, for the IMSI-only services), or, for the USSD services
   * only (notes 1, 2), an MSISDN of 1-15 decimal digits, kept with its first octet (nature of
   * address) for the detector's notation. For the short message transfer, only when SM-RP-DA is
   * imsi or lmsi (mobile terminated, note 3): the mobile originated one's reference is the service
   * centre address, an E.164 number of up to 15 digits (review B-L3).
   */
  private openInfoIdentity(m: TcapMessage, d: Dialogue, view: DataView, bytes: Uint8Array): void {
    // Only a dialogue of a context whose services carry it (red-team rt9 D1: a RegisterSS invoke
    // added to an SRI's locationInfoRetrieval Begin gave the SRI the reference's IMSI; the HLR
    // serves the SRI and rejects the RegisterSS, an operation outside the context).
    const ac = m.acn === undefined ? undefined : m.acnIndex >= 0 ? mapAcnAt(m.acnIndex, m.acn) : this.mapAcn(m.acn);
    if (ac !== undefined && !DEST_REF_CONTEXTS.has(ac.ac)) return;
    let use = 0;
    for (let i = 0; i < m.componentCount; i++) {
      const c = m.components[i]!;
      if (c.type !== 'invoke' || c.opcode === undefined) continue;
      const op = c.opcode;
      // forwardSM (both directions in AC v1/v2), mo-forwardSM, mt-forwardSM: the reference is the
      // IMSI only in the mobile terminated transfer, which SM-RP-DA's CHOICE tells (sms.ts).
      const sm = op === FORWARD_SM || op === MT_FORWARD_SM;
      if (sm && (c.paramStart < 0 || !smRpDaNamesSubscriber(view, c.paramStart, c.paramEnd, this.limits.berDepth))) continue;
      use = Math.max(use, destinationReferenceUse(op));
    }
    if (use === 0) return;
    const np = bytes[m.destRefStart]! & 0x0f;
    const start = m.destRefStart + 1;
    const end = m.destRefEnd;
    const digits = tbcdDecimalDigits(bytes, start, end);
    // Services whose destination reference is the IMSI alone (use 1) take the digits of a full IMSI
    // (14-15: MCC + MNC + MSIN, TS 23.003 §2.2) whatever the numbering plan says: HLRs read it as the
    // IMSI (review F5: NP 1 or 0 hid a registerSS). Shorter digits under another plan are no IMSI.
    const imsiDigits = np === NP_E212 ? digits >= 6 : use === 1 && digits >= 14;
    if (imsiDigits && end - start <= 8 && digits <= 15) this.table.setImsiOctets(d, bytes, start, end);
    else if (np === NP_E164 && use === 2 && digits >= 1 && digits <= 15) {
      // With its first octet: a national or unknown nature of address is read in the home numbering (detect/msisdn-notation.ts).
      this.table.setMsisdnOctets(d, bytes, start, end, bytes[m.destRefStart]!);
    }
  }

  /** parseMapAcn, cached with whether an ACN it does not know is under the MAP arc ({@link unknownMapAc}). */
  private mapAcn(acn: string): MapAcn | undefined {
    let r = this.acns.get(acn);
    if (r === undefined) {
      r = parseMapAcn(acn) ?? (underMapArc(acn) ? false : null);
      this.acns.set(acn, r);
    }
    return r || undefined;
  }

  /** An ACN under the MAP arc that the AC table does not know (cached by {@link mapAcn}: no text work per message). */
  private unknownMapAc(acn: string): boolean {
    return this.mapAcn(acn) === undefined && this.acns.get(acn) === false;
  }

  /** Finds or opens the dialogue of this message. */
  /**
   * A registration (UL / UGL invoke) whose answer the capture should show (records' `linkTwoWay`): its link between
   * the two hosts is shown both ways (DialogueTable.twoWay, CaptureSides), or, over IP, its sender (calling GT) got
   * its vector requests answered on a shown link anywhere in the capture ({@link answeredBack}; review 20 #1: a
   * harvester's SAIs answered over one association, its ULs sent over another whose return the capture never
   * shows). An MTP link tells no way back (no addresses): as before, only its own proof.
   */
  private registrationShown(u: SccpUnit): boolean {
    if (this.table.twoWay(u.flow)) return true;
    const gt = u.sccp.calling.gt;
    return u.flow !== undefined && u.flow.transport !== 'mtp2' && gt !== undefined && gt.length !== 0 && this.table.answeredNode(gt);
  }

  /**
   * An answer of the addressee ({@link fromAddressee}) on a link the capture shows both ways, in a dialogue with no
   * answer of the requester's (DialogueTable.answerLinkShown): records' `linkTwoWay` on it, the only answer to a
   * registration (`kind` 1: UL / UGL result or error, the HLR's ISD) detect/origin-subscribers.ts takes as its
   * outcome (review 20 #2). To a vector request (`kind` 2: SAI and the like) it proves its requester, the answer's
   * called GT (Q.714 §4.1: the request's calling address), answered on the capture (review 20 #1).
   */
  private answeredBack(d: Dialogue, u: SccpUnit, kind: number): boolean {
    if (!this.table.answerLinkShown(d, u.flow)) return false;
    const gt = kind === 2 ? u.sccp.called.gt : undefined;
    if (gt !== undefined && gt.length !== 0) this.table.noteAnsweredNode(gt);
    return true;
  }

  private dialogue(m: TcapMessage, u: SccpUnit): Dialogue | undefined {
    const now = u.tsSec;
    // The table reads the tids (MSG_OTID / MSG_DTID) from `m` (knownTids): codes, text only if needed.
    const hasOtid = hasTid(m.otidCode, m.otidText);
    const hasDtid = hasTid(m.dtidCode, m.dtidText);
    switch (m.type) {
      case 'begin': {
        if (!hasOtid) return undefined;
        const peer = addressKey(u.sccp.called);
        const peerStamp = calledStamp(u);
        const d = this.table.open(addressKey(u.sccp.calling), MSG_OTID, now, callingStamp(u), peer, peerStamp);
        this.joined = this.table.setOpener(d, MSG_OTID, peer, peerStamp, u.mtp, u.flow);
        return d;
      }
      case 'continue': {
        const called = hasDtid ? addressKey(u.sccp.called) : undefined;
        let d = called !== undefined ? this.table.find(called, MSG_DTID, now, calledStamp(u)) : undefined;
        if (hasOtid) {
          const calling = addressKey(u.sccp.calling);
          const stamp = callingStamp(u);
          if (d === undefined) {
            this.opts.counters?.inc('tcap.dialogues.unknown');
            // Maybe captured before its Begin: wait for it under the Begin's key (reordering).
            d =
              called !== undefined
                ? this.table.openOrphan(calling, MSG_OTID, stamp, called, MSG_DTID, calledStamp(u), now, false)
                : this.table.open(calling, MSG_OTID, now, stamp, addressKey(u.sccp.called), calledStamp(u));
          } else if (!this.table.answer(d, calling, MSG_OTID, stamp)) {
            this.dialoguePeer = this.table.otherSide(d, MSG_DTID);
            return undefined; // not the dialogue's peer (forged)
          } else this.table.keep(d, now);
        } else if (d !== undefined) this.table.keep(d, now);
        return d;
      }
      case 'end':
      case 'abort': {
        if (!hasDtid) {
          this.opts.counters?.inc('tcap.dialogues.unknown');
          return undefined;
        }
        const called = addressKey(u.sccp.called);
        const stamp = calledStamp(u);
        let d = this.table.find(called, MSG_DTID, now, stamp);
        if (d === undefined) {
          this.opts.counters?.inc('tcap.dialogues.unknown');
          d = this.table.openOrphan(addressKey(u.sccp.calling), undefined, callingStamp(u), called, MSG_DTID, stamp, now, true);
        } else if (!this.table.ending(d, addressKey(u.sccp.calling), MSG_DTID, callingStamp(u))) {
          this.dialoguePeer = this.table.otherSide(d, MSG_DTID);
          return undefined; // forged
        }
        this.table.keep(d, now);
        if (this.table.awaitingBegin(d)) this.table.markEnded(d);
        return d;
      }
      default:
        return undefined;
    }
  }

  private component(
    u: SccpUnit,
    m: TcapMessage,
    c: TcapComponent,
    d: Dialogue | undefined,
    mapAc: boolean,
    mapSsn: boolean,
    acVersion: number | undefined,
    /** MAP only by the Begin's absent SSNs: an invoke must read as the MAP argument ({@link readsAsMapArgument}). */
    guessed: boolean,
  ): void {
    let opcode = c.opcode;
    let fromDialogue = false;
    // An invoke from the Begin's addressee (the HLR's ISD in the UL dialogue), or a result/error of the Begin side's invoke (below).
    let answers = this.fromAddressee && c.type === 'invoke';
    // Invoke ids are allocated per side: key them by the invoker's transaction id.
    if (d !== undefined && c.invokeId !== undefined) {
      if (c.type === 'invoke') {
        if (opcode !== undefined && hasTid(m.otidCode, m.otidText)) {
          // Bounded: invoke ids are one octet per side; more keys than that are a flood.
          if (!this.table.rememberInvoke(d, MSG_OTID, c.invokeId, opcode)) this.invokeLimit(c.invokeId, u.frameNo);
        }
      } else if (hasTid(m.dtidCode, m.dtidText)) {
        const invoked = this.table.invokedOpcode(d, MSG_DTID, c.invokeId, c.type !== 'returnResult');
        answers = this.fromAddressee && invoked !== undefined && (opcode === undefined || opcode === invoked);
        if (opcode === undefined && invoked !== undefined) {
          opcode = invoked;
          fromDialogue = true;
        }
      }
    }
    // `!== true` / `=== true`: a boolean field, parameter or call result tested as `!x` is a full ToBoolean
    // in TurboFan (V8 tracks no boolean field type); a compare with true is one instruction (bench/results-notes.md, "dechot").
    let isMap = m.ansi !== true && (mapAc === true || (mapSsn === true && (opcode === undefined || mapOperation(opcode) !== undefined)));
    const r = this.cur;
    r.hasComponent = true;
    if (r.componentType !== c.type) r.componentType = c.type; // written when changed: see unit()
    r.invokeId = c.invokeId;
    r.opcode = opcode;
    r.errorCode = c.errorCode;
    r.answersRequest = answers;
    r.answerByCountry = this.addresseeByCountry && (answers || r.tcapType === 'begin');
    // A registration's link, and its answer's way back (detect/origin-subscribers.ts; review 20 #1/#2).
    const proves = answers ? answerProves(opcode) : 0;
    r.linkTwoWay =
      c.type === 'invoke' && (opcode === MAP_OP.updateLocation || opcode === MAP_OP.updateGprsLocation)
        ? this.registrationShown(u)
        : proves !== 0 && this.answeredBack(d!, u, proves);
    if (this.comp !== c) this.comp = c;
    this.fromDialogue = fromDialogue;

    let args: EventArgs | undefined;
    let pending: PendingArgs | undefined;
    let own: OwnIdentities | undefined;
    const defer = this.defer;
    const kind = c.type === 'invoke' ? 'arg' : c.type === 'returnResultLast' || c.type === 'returnResult' ? 'res' : undefined;
    this.lazyComp = false;
    // Deferred records (not a guessed invoke: its MAP-ness needs the decode's faults): a parameter of a
    // clean decode's shape is decoded only when read (map/param-memo.ts); the outcome is the template's.
    const mk =
      defer === true && guessed !== true && isMap && opcode !== undefined && kind !== undefined && c.paramStart >= 0 ? this.memo.key(opcode, kind) : -1;
    const tpl = mk >= 0 ? this.memo.find(mk, acVersion, u.view, u.bytes, c.paramStart, c.paramEnd) : undefined;
    if (tpl !== undefined) {
      own = this.tplOwn.fill(tpl, u.bytes, c.paramStart);
      pending = this.lazyArgs.fill(mk, opcode!, kind!, u.view, u.bytes, c.paramStart, c.paramEnd, acVersion, tpl);
      args = LAZY_ARGS;
      this.mapLists = true;
      this.lazyComp = true;
    } else if (isMap && opcode !== undefined && kind !== undefined && c.paramStart >= 0) {
      // Scratch result: its subscriber is only read, its anomalies only copied, its lists copied
      // out only when an event is built (event()).
      const res = decodeMapArgumentScratch(
        opcode,
        kind,
        u.view,
        u.bytes,
        c.paramStart,
        c.paramEnd,
        acVersion,
        this.limits.berDepth,
        this.opts.smsContent === true,
        defer,
      );
      if (guessed === true && kind === 'arg' && !readsAsMapArgument(opcode, res.anomalies, res.own)) {
        isMap = false;
        // Its other faults say only that this is not MAP's argument; our own depth limit says nothing
        // about the argument (legal BER nested deeper than we walk): never silent (rt12 F4).
        if (res.own.depthLimited === true) this.depthLimitNotRead(c, opcode, u.frameNo);
      } else {
        args = res.args;
        pending = res.pending;
        own = res.own;
        this.mapLists = true;
        for (const a of res.anomalies) {
          this.report(a, u.frameNo);
          addAnomaly(c, a);
        }
        if (mk >= 0 && res.decoded === true && res.anomalies.length === 0 && res.reader.joinedAny !== true) {
          this.memo.store(mk, acVersion, u.bytes, c.paramStart, c.paramEnd, res.reader);
        }
      }
    } else {
      this.mapLists = false;
      // No argument: none of these MAP services (sendIdentification's TMSI is mandatory too, §8.1.4; INAP's activityTest, 55, has none).
      if (guessed === true && isMap && kind === 'arg' && (SUBSCRIBER_ARG_OPS.has(opcode!) || opcode === MAP_OP.sendIdentification)) isMap = false;
    }
    if (!isMap) this.mapLists = false;
    const op = isMap && opcode !== undefined ? opName(opcode, acVersion) : undefined;
    if (r.op !== op) r.op = op;
    this.emit(isMap ? 'map' : 'tcap', args, own, d, pending);
  }

  /**
   * A guessed invoke ({@link readsAsMapArgument}) left plain TCAP whose argument nests past the
   * BER depth limit: `ber.depth-limit` on its event and counted, so what the limit hid is seen.
   */
  private depthLimitNotRead(c: TcapComponent, opcode: number, frame: number): void {
    const a = anomaly(
      BER_ANOMALY.DEPTH,
      'ber',
      `opcode ${opcode} argument nested deeper than ${this.limits.berDepth} levels, not read past them: ` +
        'not decoded as MAP (a Begin without a called SSN is MAP only when its argument reads as the MAP one)',
    );
    this.report(a, frame);
    addAnomaly(c, a);
  }

  /**
   * Completes the record (subscriber through the dialogue) and hands it out. A decoder starts by
   * handing out the deferred record: the MAP digits stay octets, the dialogue keeps asn1/tbcd.ts
   * keys (a number for 1-15 decimal digits, else the string), and the argument reader's `args`
   * strings and the record's identities are made only if read ({@link identities}). Once the
   * consumer reads the identities of more than a few records (a scan reads ~2/3 of them), the
   * plain record with everything decoded at once, as before ({@link deferDigits}). Deferring saves
   * the decode-only tier ~6 % and would cost a scan a few % (the strings are made anyway, later):
   * bench/results-notes.md, "digits branch". Both give the same values.
   */
  private emit(
    protocol: 'map' | 'tcap',
    args: EventArgs | undefined,
    own: OwnIdentities | undefined,
    d: Dialogue | undefined,
    pending: PendingArgs | undefined,
  ): void {
    const r = this.cur;
    if (r.protocol !== protocol) r.protocol = protocol; // written when changed: see unit()
    const repeated = own === undefined ? undefined : own.repeated;
    if (r.repeatedIdentity !== repeated) r.repeatedIdentity = repeated;
    const t = this.table;
    const ownImsiAt = own === undefined ? -1 : own.imsiStart;
    const ownMsisdnAt = own === undefined ? -1 : own.msisdnStart;
    // Not an identity another component of the same Begin named (red-team round 16 I1a, I6: a UL or PSI
    // after an SRI-for-SM naming the victim took the victim's MSISDN as its own subscriber's).
    const borrowImsi = !this.beginImsi;
    const borrowMsisdn = !this.beginMsisdn;
    if (r.tcapType === 'begin') {
      if (ownImsiAt >= 0) this.beginImsi = true;
      if (ownMsisdnAt >= 0) this.beginMsisdn = true;
    }
    // The joined copy when segmented; without an own MSISDN, the dialogue's MAP-OPEN one's (review F4).
    r.msisdnOctet =
      ownMsisdnAt >= 0 ? (ownMsisdnAt > 0 ? own!.msisdnBytes[ownMsisdnAt - 1]! : -1) : d !== undefined && borrowMsisdn ? this.table.msisdnOctet(d) : -1;
    if (this.defer !== true) {
      // Plain record: what this decoder did before deferring existed. The reader made the own
      // identities' strings (imsiText is set exactly when imsiStart is); the dialogue keeps them,
      // or their digit keys for a records consumer ({@link dialogueKeys}). Straight line, no
      // identities() bookkeeping: the events path paid it (bench/results-notes.md, "evfast").
      const ownImsi = own === undefined ? undefined : own.imsiText;
      const ownMsisdn = own === undefined ? undefined : own.msisdnText;
      let imsi = ownImsi;
      let msisdn = ownMsisdn;
      if (d !== undefined) {
        const keys = this.dialogueKeys;
        if (ownImsi !== undefined) t.setImsi(d, keys ? (tbcdKey(own!.imsiBytes, own!.imsiStart, own!.imsiEnd) ?? ownImsi) : ownImsi);
        else if (borrowImsi) {
          const k = t.imsi(d);
          if (typeof k !== 'number') imsi = k;
          else {
            imsi = keyDigits(k);
            if (!keys) t.setImsi(d, imsi);
          }
        }
        if (ownMsisdn !== undefined) t.setMsisdn(d, keys ? (tbcdKey(own!.msisdnBytes, own!.msisdnStart, own!.msisdnEnd) ?? ownMsisdn) : ownMsisdn);
        else if (borrowMsisdn) {
          const k = t.msisdn(d);
          if (typeof k !== 'number') msisdn = k;
          else {
            msisdn = keyDigits(k);
            if (!keys) t.setMsisdn(d, msisdn);
          }
        }
      }
      r.imsiSource = ownImsi !== undefined ? 'message' : imsi !== undefined ? 'dialogue' : undefined;
      r.imsi = imsi;
      r.msisdn = msisdn;
      r.args = args;
    } else {
      const imsiAt = ownImsiAt;
      const msisdnAt = ownMsisdnAt;
      const source = imsiAt >= 0 ? 'message' : d !== undefined && borrowImsi && t.hasImsi(d) ? 'dialogue' : undefined;
      if (differs(r.imsiSource, source)) r.imsiSource = source;
      if (this.ownIds !== own) this.ownIds = own;
      this.idDialogue = d;
      this.idBorrowImsi = borrowImsi;
      this.idBorrowMsisdn = borrowMsisdn;
      if (d !== undefined) {
        if (this.keysRead) {
          if (imsiAt >= 0) t.setImsi(d, own!.ownImsiKey());
          if (msisdnAt >= 0) t.setMsisdn(d, tbcdDigitKey(own!.msisdnBytes, msisdnAt, own!.msisdnEnd));
        } else {
          // As octets: made into keys only if read (the decode-only tier never reads them).
          if (imsiAt >= 0) t.setImsiOctets(d, own!.imsiBytes, imsiAt, own!.imsiEnd);
          if (msisdnAt >= 0) t.setMsisdnOctets(d, own!.msisdnBytes, msisdnAt, own!.msisdnEnd);
        }
      }
      (r as DeferredRecord).defer(this, args, pending);
      this.idsDeferred = true;
    }
    r.begin(this);
    this.onRecord(r);
  }

  /**
   * Whether this message's digits stay octets (see {@link emit}): yes until the consumer read the
   * identities of more than 1/IDS_READ_SHARE of a window of deferred records, then no for good.
   */
  private deferDigits(): boolean {
    if (this.idsDeferred === true) {
      const read = !this.deferredRec.identitiesPending;
      if (read) this.idsRead++;
      if (++this.idsSeen === IDS_WINDOW) {
        this.eager = this.idsRead * IDS_READ_SHARE > IDS_WINDOW;
        this.idsSeen = this.idsRead = 0;
      }
      this.idsDeferred = false;
    }
    return !this.eager;
  }

  /**
   * The record's `imsi` / `msisdn` (PendingIdentities; or at once from emit), while the message's
   * bytes are valid: the message's own from its octets, else the dialogue's (a key's text). The
   * dialogue keeps the digit keys {@link emit} stored, not these strings ({@link dialogueKeys}).
   */
  identities(r: MessageRecord): void {
    this.keysRead = true;
    const own = this.ownIds;
    const d = this.idDialogue;
    const ownImsi = own !== undefined && own.imsiStart >= 0;
    const ownMsisdn = own !== undefined && own.msisdnStart >= 0;
    const t = this.table;
    const dImsi = d === undefined || !this.idBorrowImsi ? undefined : t.imsi(d);
    const dMsisdn = d === undefined || !this.idBorrowMsisdn ? undefined : t.msisdn(d);
    const imsi = ownImsi ? (own.imsiText ?? decodeTbcd(own.imsiBytes, own.imsiStart, own.imsiEnd)) : keyText(dImsi);
    const msisdn = ownMsisdn ? (own.msisdnText ?? decodeTbcd(own.msisdnBytes, own.msisdnStart, own.msisdnEnd)) : keyText(dMsisdn);
    r.imsi = imsi;
    r.msisdn = msisdn;
  }

  /**
   * The key of the record's `imsi` (PendingIdentities), without its string: the message's own
   * from its octets (emit left it in the dialogue as well), else the dialogue's.
   */
  imsiKey(): IdentityKey | undefined {
    this.keysRead = true;
    const own = this.ownIds;
    const d = this.idDialogue;
    if (own !== undefined && own.imsiStart >= 0) {
      if (own.imsiText !== undefined) return imsiKeyOf(own.imsiText);
      if (d === undefined) return canonImsi(own.ownImsiKey());
    } else if (d === undefined || !this.idBorrowImsi) return undefined;
    return canonImsi(this.table.imsi(d!));
  }

  /** The key of the record's `msisdn` (as {@link imsiKey}). */
  msisdnKey(): IdentityKey | undefined {
    this.keysRead = true;
    const own = this.ownIds;
    const d = this.idDialogue;
    if (own !== undefined && own.msisdnStart >= 0) {
      if (own.msisdnText !== undefined) return msisdnKeyOf(own.msisdnText);
      if (d === undefined) return canonMsisdn(tbcdDigitKey(own.msisdnBytes, own.msisdnStart, own.msisdnEnd));
    } else if (d === undefined || !this.idBorrowMsisdn) return undefined;
    return canonMsisdn(this.table.msisdn(d!));
  }

  /** The event of the record being handed out (RecordSource): what this decoder emitted before the fast tier. */
  event(r: MessageRecord): Ss7Event {
    const u = this.u!;
    const c = this.comp;
    // One SccpInfo for every event of the unit, as the transport built one per unit before.
    const sccp = (this.sccpInfo ??= u.sccpInfo());
    const tcap = (this.tcapInfo ??= tcapInfo(
      r.tcapType,
      r.otid,
      r.dtid,
      r.acn,
      r.acVersion,
      this.dialoguePdu,
      this.abortCause,
      this.acnFromDialogue,
      r.orphan,
      r.dialoguePeer,
    ));
    const component =
      c === undefined
        ? undefined
        : componentInfo(
            c,
            this.fromDialogue,
            r.opcode,
            r.op,
            r.protocol === 'map' && c.errorCode !== undefined ? mapErrorName(c.errorCode) : undefined,
            r.answersRequest,
            r.answerByCountry,
            r.sentBack,
          );
    if (this.lazyComp === true) this.lazyArgs.forEvent();
    const imsis = this.mapLists ? takeScratchImsis() : [];
    const e164 = this.mapLists ? takeScratchE164s() : [];
    const imsi = r.imsi;
    const msisdn = r.msisdn;
    // Exact-size literals, keys in the order they were added before (imsi, msisdn): `{}` has 4
    // in-object slots (28 B); `{ imsi, msisdn }` 20 B.
    const subscriber: Subscriber = imsi !== undefined ? (msisdn !== undefined ? { imsi, msisdn } : { imsi }) : msisdn !== undefined ? { msisdn } : {};
    // The component's anomalies (message + component + MAP parameter), before the unit's, made
    // here rather than per component: a non-empty c.anomalies is the component's own, made for
    // this message (tcap.ts), so it can be the event's own; an empty list is the shared frozen
    // NO_ANOMALIES (core/anomaly.ts), for which the event gets a fresh `[]`. Keeping a fresh list
    // in a long-lived record per message cost a write-barrier call each (bench/results-notes.md,
    // "decflat", "decwb").
    const m = this.msg;
    const anomalies = c === undefined ? m.anomalies : m.anomalies.length === 0 ? c.anomalies : m.anomalies.concat(c.anomalies);
    const all = u.anomalies.length === 0 ? ownAnomalies(anomalies) : u.anomalies.concat(anomalies);
    // Fresh per event (the unit's label is the transport's reused record).
    const mtp = u.mtpInfo !== undefined ? u.mtpInfo() : mtpInfoOf(u.mtp);
    const protocol = r.protocol as 'map' | 'tcap';
    let ev: Ss7Event;
    if (mtp !== undefined && component !== undefined) {
      // The usual shape (MTP label and a component) as one literal: 12 literal properties plus 2-4
      // added ones went to an out-of-object property array (allocated, then grown) per event.
      ev = {
        frame: r.frame,
        index: r.index,
        tsSec: r.tsSec,
        tsNsec: r.tsNsec,
        tsPrecision: u.tsPrecision,
        protocol,
        sccp,
        tcap,
        subscriber,
        e164,
        imsis,
        anomalies: all,
        flow: u.flow,
        mtp,
        component,
      };
    } else {
      ev = {
        frame: r.frame,
        index: r.index,
        tsSec: r.tsSec,
        tsNsec: r.tsNsec,
        tsPrecision: u.tsPrecision,
        protocol,
        sccp,
        tcap,
        subscriber,
        e164,
        imsis,
        anomalies: all,
        flow: u.flow,
      };
      if (mtp !== undefined) ev.mtp = mtp;
      if (component !== undefined) ev.component = component;
    }
    if (r.args !== undefined) ev.args = r.args;
    if (r.imsiSource !== undefined) ev.imsiSource = r.imsiSource;
    return ev;
  }

  /** The reused view of the current message's event ({@link view}). */
  private readonly evView = new Ss7View();

  /**
   * The current message's event values in the reused {@link Ss7View} (RecordSource.view): what
   * {@link event} builds, read in the same order (the lazy parameter decoded first, then its lists,
   * identities and `args`), without the event's objects and list copies. Only for the record being
   * handed out, while its callback runs.
   */
  view(r: MessageRecord): Ss7Event | undefined {
    const u = this.u;
    if (u === undefined || r !== this.cur) return undefined;
    const v = this.evView;
    const c = this.comp;
    setViewHead(v, r, u.tsPrecision);
    v.protocol = r.protocol as 'map' | 'tcap';
    // The unit's SCCP part and label as read (the event's copies hold the same values).
    v.sccp = u.sccp as SccpInfo;
    v.mtp = u.mtp;
    v.flow = u.flow;
    const t = v.tcap;
    t.type = r.tcapType;
    t.otid = r.otid;
    t.dtid = r.dtid;
    t.acn = r.acn;
    t.acVersion = r.acVersion;
    if (c === undefined) v.component = undefined;
    else {
      const k = v.comp;
      k.type = c.type;
      k.invokeId = c.invokeId;
      k.linkedId = c.linkedId;
      k.opcode = r.opcode;
      k.op = r.op;
      k.errorCode = c.errorCode;
      k.error = r.protocol === 'map' && c.errorCode !== undefined ? mapErrorName(c.errorCode) : undefined;
      k.problem = c.problem;
      v.component = k;
    }
    if (this.lazyComp === true) this.lazyArgs.forEvent();
    if (this.mapLists) scratchListsInto(v.imsis, v.e164);
    else {
      // The lengths set only when they change (a store to `length` is a runtime call).
      if (v.imsis.length !== 0) v.imsis.length = 0;
      if (v.e164.length !== 0) v.e164.length = 0;
    }
    const s = v.subscriber;
    s.imsi = r.imsi;
    s.msisdn = r.msisdn;
    // event(): the unit's anomalies, then the message's, then the component's.
    const all = v.anomalies;
    if (all.length !== 0) all.length = 0;
    pushAll(all, u.anomalies);
    pushAll(all, this.msg.anomalies);
    if (c !== undefined) pushAll(all, c.anomalies);
    v.args = r.args;
    v.imsiSource = r.imsiSource;
    return v as unknown as Ss7Event;
  }

  /**
   * A message of several components (rare: only it pays this): two invokes with one invoke id
   * (the receiving TCAP rejects the second: Reject, InvokeProblem duplicateInvocation, Q.773; red-team
   * round 15 H4: 1,500 invokes, ids reused) and more invokes than {@link MAX_INVOKES_PER_MESSAGE},
   * each reported once per message. Ids are one octet (Q.773 §4.2.2.1: −128…127): a 256-bit set.
   */
  private checkInvokes(m: TcapMessage, frame: number): void {
    const seen = this.invokeIdSet.fill(0);
    let invokes = 0;
    let dup: number | undefined;
    let wide: Set<number> | undefined;
    for (let i = 0; i < m.componentCount; i++) {
      const c = m.components[i]!;
      if (c.type !== 'invoke') continue;
      invokes++;
      const id = c.invokeId;
      if (id === undefined || dup !== undefined) continue;
      if (id < -128 || id > 127) {
        // Outside the one-octet range (malformed): compared as they are, not aliased into the set (final read 15-B #6),
        // through a set (a walk back over the earlier invokes was quadratic: red team round 16 I2, 90,000 invokes
        // with 3-octet ids in one LUDT-segmented Begin cost 24.6 s of CPU).
        wide ??= new Set<number>();
        if (wide.has(id)) dup = id;
        else wide.add(id);
        continue;
      }
      const b = id & 0xff;
      if ((seen[b >>> 5]! & (1 << (b & 31))) !== 0) dup = id;
      else seen[b >>> 5] = seen[b >>> 5]! | (1 << (b & 31));
    }
    if (dup !== undefined) this.report(anomaly(TCAP_ANOMALY.DUPLICATE_INVOKE_ID, 'tcap', `invoke id ${dup} used by two invokes of one message`), frame);
    if (invokes > MAX_INVOKES_PER_MESSAGE) {
      this.report(anomaly(TCAP_ANOMALY.MANY_INVOKES, 'tcap', `${invokes} invokes in one message (more than ${MAX_INVOKES_PER_MESSAGE})`), frame);
    }
  }

  /** An invoke not remembered: counted each time, reported once a message ({@link invokeLimitReported}). */
  private invokeLimit(invokeId: number, frame: number): void {
    this.opts.counters?.inc('tcap.dialogues.invoke-limit');
    if (this.invokeLimitReported) return;
    this.invokeLimitReported = true;
    this.report(
      anomaly(DIALOGUE_ANOMALY.INVOKE_LIMIT, 'tcap', `${MAX_INVOKES_PER_DIALOGUE} outstanding invokes in the dialogue; invoke ${invokeId} not remembered`),
      frame,
    );
  }

  private report(a: Anomaly, frame: number): void {
    if (a.frame === undefined) a.frame = frame;
    if (this.opts.onAnomaly !== undefined) this.opts.onAnomaly(a);
    else this.opts.counters?.inc('anomaly.' + a.code);
  }
}

/**
 * Invokes in one message beyond which it is reported (tcap.many-invokes). Q.773 allows several
 * components per message; a MAP message carries one invoke (two at most: an ISD with its
 * segment's next), a CAMEL gsmSCF's Continue some 4-6 (RRBE, FCI, ApplyCharging, SCI, Connect /
 * Continue, TS 29.078): 16 leaves room and still marks a packet built to multiply alerts.
 */
const MAX_INVOKES_PER_MESSAGE = 16;

/**
 * parseMapAcn of the MAP application-context names by TcapMessage.acnIndex (`ac << 4 | version`:
 * the text is a function of the index), null: not a known MAP context, undefined: not parsed yet.
 * Shared by every decoder (a pure function). The ACN text Map lookup it replaces was ~89
 * instructions per message (bench/results-notes.md, "tcapglue"; 82 % of the routine mix's
 * messages carry their ACN, the others take the dialogue's).
 */
const MAP_ACN_AT: (MapAcn | null | undefined)[] = new Array<MapAcn | null | undefined>(128 << 4).fill(undefined);

/** parseMapAcn(acn) for a MAP ACN of index `k` (TcapMessage.acnIndex). */
function mapAcnAt(k: number, acn: string): MapAcn | undefined {
  let r = MAP_ACN_AT[k];
  if (r === undefined) r = MAP_ACN_AT[k] = parseMapAcn(acn) ?? null;
  return r ?? undefined;
}

/**
 * TcapDecoder hands out plain records for good once the consumer read the identities of more than
 * 1/IDS_READ_SHARE of a window of IDS_WINDOW deferred records (the decode-only tier reads none; a
 * consumer of every record's identities all). One way only: deferred records shown to a consumer
 * that reads cost it (property accesses on two record classes; a deferred record every 256
 * messages, to keep learning, cost a scan ~5 %: bench/results-notes.md, "digits branch").
 * Half, not 1/8: a Scanner reads a record's identities as text only for an alert (its rules and
 * state read keys), 0–2 of 256 on the routine capture and a median 45 (at most 112) of 256 in the
 * 150 k alert flood, which at 1/8 turned plain after ~6.7 k messages and then made every
 * identity's string; kept deferred, the flood's CLI `--jsonl` and Scanner took ~5 % less CPU
 * (bench/results-notes.md, round 18 "flood18").
 */
const IDS_WINDOW = 256;
const IDS_READ_SHARE = 2;

/**
 * The table key (core/identity-key.ts) of an identity the dialogue keeps: its digit key as it is;
 * a string (not 1-15 decimal digits, or left as text by a plain record) through imsiKeyOf /
 * msisdnKeyOf, which turn a decimal text into its number.
 */
function canonImsi(k: number | string | undefined): IdentityKey | undefined {
  return typeof k === 'string' ? imsiKeyOf(k) : k;
}

function canonMsisdn(k: number | string | undefined): IdentityKey | undefined {
  return typeof k === 'string' ? msisdnKeyOf(k) : k;
}

/** The text of an identity the dialogue keeps (asn1/tbcd.ts {@link tbcdDigitKey}). */
function keyText(k: number | string | undefined): string | undefined {
  return typeof k === 'number' ? keyDigits(k) : k;
}

/** Stamp of the sender (tcap-dialogues.ts, corroboration): the MTP label's OPC, else the calling address's PC; its SSN. */
function callingStamp(u: SccpUnit): number {
  return nodeStamp(u.mtp !== undefined ? u.mtp.opc : u.sccp.calling.pc, u.sccp.calling.ssn);
}

/** Stamp of the addressee: the MTP label's DPC, else the called address's PC; its SSN. */
function calledStamp(u: SccpUnit): number {
  return nodeStamp(u.mtp !== undefined ? u.mtp.dpc : u.sccp.called.pc, u.sccp.called.ssn);
}

/**
 * ComponentInfo with the keys in the order they are listed here, only those with a value. The
 * usual shape (invoke id, opcode, op name, parameter) is one literal: adding 4 keys to
 * `{ type }` put them in an out-of-object property array (allocated, then grown) per event.
 */
function componentInfo(
  c: TcapComponent,
  fromDialogue: boolean,
  opcode: number | undefined,
  op: string | undefined,
  error: string | undefined,
  answersRequest: boolean,
  byCountry: boolean,
  sentBack: boolean,
): ComponentInfo {
  const type = c.type;
  const invokeId = c.invokeId;
  if (
    invokeId !== undefined &&
    c.linkedId === undefined &&
    !fromDialogue &&
    opcode !== undefined &&
    op !== undefined &&
    c.errorCode === undefined &&
    c.problem === undefined &&
    !byCountry &&
    !sentBack
  ) {
    if (answersRequest) {
      if (c.paramStart >= 0) return { type, invokeId, opcode, op, paramLength: c.paramEnd - c.paramStart, answersRequest };
      return { type, invokeId, opcode, op, answersRequest };
    }
    if (c.paramStart >= 0) return { type, invokeId, opcode, op, paramLength: c.paramEnd - c.paramStart };
    return { type, invokeId, opcode, op };
  }
  const info: ComponentInfo = { type };
  if (invokeId !== undefined) info.invokeId = invokeId;
  if (c.linkedId !== undefined) info.linkedId = c.linkedId;
  if (fromDialogue) info.opcodeFromDialogue = true;
  if (opcode !== undefined) info.opcode = opcode;
  if (op !== undefined) info.op = op;
  if (c.errorCode !== undefined) {
    info.errorCode = c.errorCode;
    if (error !== undefined) info.error = error;
  }
  if (c.problem !== undefined) info.problem = c.problem;
  if (c.paramStart >= 0) info.paramLength = c.paramEnd - c.paramStart;
  if (answersRequest) info.answersRequest = true;
  if (byCountry) info.answerByCountry = true;
  if (sentBack) info.sentBack = true;
  return info;
}

/**
 * The event of a TCAP message as its JSON form reads it (TcapDecoder.view), every key present
 * (undefined where the event has none: JSON omits both alike), one object per decoder.
 */
class Ss7View {
  frame = 0;
  index = 0;
  tsSec = 0;
  tsNsec = 0;
  tsPrecision = 6;
  protocol: 'map' | 'tcap' = 'map';
  flow: Flow | undefined = undefined;
  mtp: MtpInfo | undefined = undefined;
  sccp: SccpInfo | undefined = undefined;
  readonly tcap: { type: TcapInfo['type']; otid: string | undefined; dtid: string | undefined; acn: string | undefined; acVersion: number | undefined } = {
    type: 'begin',
    otid: undefined,
    dtid: undefined,
    acn: undefined,
    acVersion: undefined,
  };
  component: Ss7View['comp'] | undefined = undefined;
  readonly comp: {
    type: ComponentInfo['type'];
    invokeId: number | undefined;
    linkedId: number | undefined;
    opcode: number | undefined;
    op: string | undefined;
    errorCode: number | undefined;
    error: string | undefined;
    problem: string | undefined;
  } = {
    type: 'invoke',
    invokeId: undefined,
    linkedId: undefined,
    opcode: undefined,
    op: undefined,
    errorCode: undefined,
    error: undefined,
    problem: undefined,
  };
  readonly subscriber: { imsi: string | undefined; msisdn: string | undefined } = { imsi: undefined, msisdn: undefined };
  imsiSource: Ss7Event['imsiSource'] = undefined;
  args: EventArgs | undefined = undefined;
  readonly e164: string[] = [];
  readonly imsis: string[] = [];
  readonly anomalies: Anomaly[] = [];
}

function pushAll(out: Anomaly[], list: readonly Anomaly[]): void {
  for (let i = 0; i < list.length; i++) out.push(list[i]!);
}

/**
 * TcapInfo with the keys in this order, only those with a value; the usual MAP shapes (ACN,
 * version and dialogue PDU with OTID and/or DTID) as one literal each (see componentInfo).
 */
function tcapInfo(
  type: TcapMessage['type'],
  otid: string | undefined,
  dtid: string | undefined,
  acn: string | undefined,
  acVersion: number | undefined,
  dialogue: TcapMessage['dialogue'],
  abortCause: TcapMessage['abortCause'],
  acnFromDialogue: boolean,
  orphan: number,
  peer: string | undefined,
): TcapInfo {
  if (
    acn !== undefined &&
    acVersion !== undefined &&
    dialogue !== undefined &&
    abortCause === undefined &&
    !acnFromDialogue &&
    orphan < 0 &&
    peer === undefined
  ) {
    if (otid !== undefined) return dtid !== undefined ? { type, otid, dtid, acn, acVersion, dialogue } : { type, otid, acn, acVersion, dialogue };
    if (dtid !== undefined) return { type, dtid, acn, acVersion, dialogue };
  }
  const tcap: TcapInfo = { type };
  if (otid !== undefined) tcap.otid = otid;
  if (dtid !== undefined) tcap.dtid = dtid;
  if (acn !== undefined) tcap.acn = acn;
  if (acVersion !== undefined) tcap.acVersion = acVersion;
  if (dialogue !== undefined) tcap.dialogue = dialogue;
  if (abortCause !== undefined) tcap.abortCause = abortCause;
  if (acnFromDialogue) tcap.acnFromDialogue = true;
  if (orphan >= 0) tcap.orphan = orphan;
  if (peer !== undefined) tcap.peer = peer;
  return tcap;
}

/**
 * What an answer to `op` shows (TcapDecoder.answeredBack): 1 for the registrations (UL 2, UGL 23) and the HLR's
 * InsertSubscriberData (7) in their dialogue, whose outcome detect/origin-subscribers.ts waits for; 2 for the vector
 * requests auth-vector-harvesting counts (SendAuthenticationInfo 56, SendParameters 9, SendIdentification 55; TS
 * 29.002 §8.5, §25.5), whose answers prove their requester's link; 0 for the rest.
 */
function answerProves(op: number | undefined): number {
  if (op === MAP_OP.updateLocation || op === MAP_OP.updateGprsLocation || op === MAP_OP.insertSubscriberData) return 1;
  return op === MAP_OP.sendAuthenticationInfo || op === MAP_OP.sendParameters || op === MAP_OP.sendIdentification ? 2 : 0;
}
