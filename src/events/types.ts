/**
 * The event union: one event per TCAP component (a TCAP message without components is one event)
 * or per Diameter message. In-memory form; `toJsonEvent` (events/json.ts) gives the JSON contract
 * of ARCHITECTURE.md §4 (`ts` string instead of tsSec/tsNsec).
 */
import type { Anomaly } from '../core/anomaly.js';
import type { DiameterAvp } from '../diameter/avp.js';
import type { Flow } from '../transport/types.js';

export interface MtpInfo {
  opc: number;
  dpc: number;
  /** Service indicator (3 = SCCP). */
  si: number;
  /** Network indicator. */
  ni: number;
  sls?: number;
  mp?: number;
}

/** SCCP party address (Q.713 §3.4). */
export interface SccpAddressInfo {
  /** Routing indicator: route on GT or on DPC+SSN (Q.713 §3.4.1 bit 7). */
  ri: 'gt' | 'ssn';
  /** Global title indicator 0-4. */
  gti: number;
  gt?: string;
  ssn?: number;
  pc?: number;
  /** Nature of address indicator (GTI 1, 4). */
  nai?: number;
  /** Numbering plan (GTI 3, 4). */
  np?: number;
  /** Translation type (GTI 2, 3, 4). */
  tt?: number;
  /** Encoding scheme (GTI 3, 4). */
  es?: number;
  /**
   * SUA only (RFC 3868 §3.10.2): the IP address (IPv4 dotted, IPv6 RFC 5952 text) and the hostname
   * sub-parameters, the node a reply goes to when the routing indicator is 4 (SSN + IP address) /
   * 3 (hostname); `ri` is then `ssn`. Absent otherwise.
   */
  ip?: string;
  hostname?: string;
  /**
   * SUA only: the routing indicator as sent (RFC 3868 §3.10.2: 1 GT, 2 SSN + PC, 3 hostname, 4 SSN +
   * IP address), which `ri` folds into `gt` / `ssn`: a hostname is where a reply goes only under 3,
   * an IP address only under 4 (final read 14-A #5). Set only beside an IP address or a hostname;
   * not in the event's JSON form.
   */
  suaRi?: number;
}

export type SccpType = 'udt' | 'xudt' | 'ludt' | 'udts' | 'xudts' | 'ludts' | 'cldt' | 'cldr';

export interface SccpInfo {
  type: SccpType;
  /** Q.713 message type code (UDT 0x09, XUDT 0x11, ...); SUA CLDT reported as 0x09-equivalent is not done: SUA gives type 'cldt'. */
  typeCode: number;
  calling: SccpAddressInfo;
  called: SccpAddressInfo;
  protocolClass?: number;
  /** Return cause of UDTS/XUDTS. */
  returnCause?: number;
}

export type TcapType = 'begin' | 'continue' | 'end' | 'abort' | 'unidirectional';

export interface TcapInfo {
  type: TcapType;
  /** Transaction ids as lower-case hex. */
  otid?: string;
  dtid?: string;
  /** Application context name, dotted OID (from the dialogue portion or the dialogue table). */
  acn?: string;
  /** Last arc of a MAP ACN (the AC version). */
  acVersion?: number;
  /** Dialogue PDU: AARQ, AARE, ABRT, AUDT. */
  dialogue?: 'aarq' | 'aare' | 'abrt' | 'audt';
  /** Abort: P-abort cause or 'user'. */
  abortCause?: number | 'user';
  /** ACN came from the dialogue table (Continue/End without dialogue portion). */
  acnFromDialogue?: boolean;
  /**
   * Reordering (events/record.ts `orphan`): the number of the orphan dialogue this Continue/End
   * awaits its Begin in, or that this Begin joined (sent by its addressee). Not in the JSON form.
   */
  orphan?: number;
  /**
   * A Continue/End whose sender is not of the dialogue its DTID names (anomaly
   * `tcap.dialogue-uncorroborated`): the node key (GT digits, else `p<pc>/<ssn>`) of that dialogue's
   * other side, where the answer goes (events/record.ts `dialoguePeer`). Not in the JSON form.
   */
  peer?: string;
}

export type ComponentType = 'invoke' | 'returnResultLast' | 'returnResult' | 'returnError' | 'reject';

export interface ComponentInfo {
  type: ComponentType;
  invokeId?: number;
  linkedId?: number;
  /** Local operation code (for results/errors: the invoke's opcode via the dialogue table). */
  opcode?: number;
  /** Operation name, e.g. 'sendRoutingInfo'. */
  op?: string;
  errorCode?: number;
  error?: string;
  /** Reject problem, e.g. 'invoke.unrecognizedOperation'. */
  problem?: string;
  /** Length of the parameter in octets (also for undecoded operations). */
  paramLength?: number;
  /** The opcode came from the dialogue table (result/error without operation code). */
  opcodeFromDialogue?: boolean;
  /**
   * Sent by the node the dialogue's TC-BEGIN (seen in the capture) was addressed to and, for a
   * result or error, answering an invoke of the Begin's side the dialogue table held (events/record.ts
   * `answersRequest`). Not in the JSON form.
   */
  answersRequest?: boolean;
  /**
   * Of those, one sent by another GT of the addressee's country, not the addressee itself; on a
   * Begin that joined an orphan, that orphan's sender was such a GT (ss7/tcap-dialogues.ts
   * ADDRESSEE.COUNTRY; events/record.ts `answerByCountry`). Not in the JSON form.
   */
  answerByCountry?: boolean;
  /**
   * Of those, its message travelled over IP on the exact reverse direction of the Begin's association or connection,
   * the capture showing both (ss7/tcap-dialogues.ts `sentBack`; events/record.ts `sentBack`). Not in the JSON form.
   */
  sentBack?: boolean;
}

export interface Subscriber {
  imsi?: string;
  msisdn?: string;
}

/**
 * Another subscriber identity one message names besides its own (a repeated identity field or AVP, a second
 * CHOICE alternative, two different numbers from two identity AVPs): the detector judges the message on it too
 * (detect/engine.ts judgeRepeated), nothing learns it. A key present with `undefined` drops the message's own
 * value of that kind (a CHOICE alternative names the subscriber alone).
 */
export interface OtherIdentity {
  imsi?: string | undefined;
  msisdn?: string | undefined;
}

/** Other identities judged per message at most (the anomaly says when a message named more). */
export const OTHER_IDENTITIES = 4;

export type ImsiSource = 'message' | 'dialogue' | 'state';

/** Location information from PSI/ATI/PSL/SLR results (TS 29.002 §7.6.2). */
export interface LocationInfo {
  /** Cell global id or SAI or LAI as 'mcc-mnc-lac-ci' / 'mcc-mnc-lac-sac' / 'mcc-mnc-lac'. */
  cgi?: string;
  sai?: string;
  lai?: string;
  ageOfLocation?: number;
  vlrNumber?: string;
  mscNumber?: string;
  sgsnNumber?: string;
  /** Geographical info / location estimate, raw hex (TS 23.032). */
  geographicalInformation?: string;
  locationEstimate?: string;
  /** The location estimate (or geographical information) read per TS 23.032 §7: shape and point. */
  shape?: string;
  /** Degrees, WGS 84 (TS 23.032 §6.1); south and west negative. */
  latitude?: number;
  longitude?: number;
  /** Radius of the uncertainty circle in metres (TS 23.032 §6.2), when the shape has one. */
  uncertaintyMeters?: number;
  /** LocationNumber octets as hex (TS 29.002 §17.7.1: coded as the ISUP Location Number, Q.763 §3.30). */
  locationNumber?: string;
  /** Address digits of the location number (Q.763 §3.30). */
  locationNumberDigits?: string;
}

/**
 * Typed operation arguments. Only the keys that an operation carries are present; rules address
 * them as `args.<key>`. E.164 addresses are digit strings.
 */
export interface EventArgs {
  imsi?: string;
  msisdn?: string;
  vlrNumber?: string;
  mscNumber?: string;
  sgsnNumber?: string;
  hlrNumber?: string;
  gmscAddress?: string;
  gmlcAddress?: string;
  mlcNumber?: string;
  smscAddress?: string;
  serviceCentreAddress?: string;
  roamingNumber?: string;
  networkNodeNumber?: string;
  vmscAddress?: string;
  locationInfo?: LocationInfo;
  /** Diameter: Visited-PLMN-Id as MCC+MNC digits (e.g. '310410'). */
  visitedPlmn?: string;
  /** Diameter IDR-Flags / ULR-Flags / CLR Cancellation-Type etc. */
  idrFlags?: number;
  ulrFlags?: number;
  cancellationType?: number;
  /** MAP: requested information in ATI/PSI (e.g. ['locationInformation', 'subscriberState']). */
  requestedInfo?: string[];
  /** Other operation-specific fields. */
  [key: string]: unknown;
}

interface EventBase {
  /** 1-based frame number (the frame that completed the message). */
  frame: number;
  /** 0-based position of the signalling message within its frame. */
  index: number;
  tsSec: number;
  tsNsec: number;
  /** Sub-second digits of the capture (6 or 9). */
  tsPrecision: number;
  subscriber: Subscriber;
  imsiSource?: ImsiSource;
  /** All E.164 digit strings decoded in this component / message. */
  e164: string[];
  /** Anomalies found while decoding this message. */
  anomalies: Anomaly[];
  args?: EventArgs;
  /**
   * The transport flow of the packet that carried (completed) the message: addresses, ports,
   * SCTP/TCP. Shared by every event of the flow (no copy per event); '' addresses on MTP links.
   */
  flow?: Flow;
}

export interface Ss7Event extends EventBase {
  /** 'map' for MAP application contexts / opcodes, 'tcap' for other TCAP users (CAMEL, ANSI, unknown). */
  protocol: 'map' | 'tcap';
  mtp?: MtpInfo;
  sccp: SccpInfo;
  tcap: TcapInfo;
  component?: ComponentInfo;
  /** All IMSIs decoded in this component. */
  imsis: string[];
}

export interface DiameterInfo {
  cmd: number;
  /** Command name from the dictionary, e.g. 'Update-Location'. */
  cmdName?: string;
  /** Short name, e.g. 'ULR' / 'ULA'. */
  cmdAbbrev?: string;
  app: number;
  appName?: string;
  request: boolean;
  proxyable: boolean;
  error: boolean;
  retransmit: boolean;
  /** Hop-by-hop / end-to-end ids, 8 lower-case hex digits. */
  hbh: string;
  e2e: string;
  /** Top-level AVP (vendor, code) sequence. */
  avps: Array<[number, number]>;
  sessionId?: string;
  originHost?: string;
  originRealm?: string;
  destHost?: string;
  destRealm?: string;
  userName?: string;
  /** Visited-PLMN-Id octets as lower-case hex (golden form), e.g. '00f110'. */
  visitedPlmn?: string;
  resultCode?: number;
  expResultCode?: number;
  routeRecord: string[];
  /** For answers: the matched request's command context. */
  requestFrame?: number;
  /**
   * For requests: the answer captured before this request (reordering, diameter/transactions.ts),
   * joined to it, when a success (2xxx) carrying its own MSISDN: the request's MSISDN is then that
   * answer's, the link it teaches (state/learn.ts learnJoined; review 11-B #7).
   */
  answerFrame?: number;
  /** Every AVP as a tree (values typed by the dictionary); only with the decoder option `diameterAvpTree`. */
  avpTree?: DiameterAvp[];
}

export interface DiameterEvent extends EventBase {
  protocol: 'diameter';
  diameter: DiameterInfo;
  /** Transport flow, e.g. for peer identification. */
  flowId?: number;
}

export type SignallingEvent = Ss7Event | DiameterEvent;

/** Callback receiving events. The event object is owned by the receiver (not reused). */
export type EventHandler = (ev: SignallingEvent) => void;
