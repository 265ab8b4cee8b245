/**
 * The decoded shape shared by the ITU-T Q.773 decoder (tcap.ts) and the ANSI T1.114 decoder
 * (tcap-ansi.ts): a caller-owned, reused {@link TcapMessage} whose component slots are recycled
 * ({@link nextComponent}), the anomaly codes of both, and tag text for anomaly details.
 */
import type { AnomalyCode } from '../core/anomaly-codes.js';
import { NO_ANOMALIES, type Anomaly } from '../core/anomaly.js';
import { DEFAULT_BER_DEPTH, type Tlv } from '../asn1/ber.js';
import { NO_BYTES, tidAccessors, type BytesRecord } from '../core/bytes.js';
import type { ComponentType, TcapType } from '../events/types.js';

export const TCAP_ANOMALY = {
  UNKNOWN_TAG: 'tcap.unknown-tag',
  MALFORMED: 'tcap.malformed',
  MISSING_TID: 'tcap.missing-transaction-id',
  BAD_TID: 'tcap.bad-transaction-id',
  BAD_DIALOGUE: 'tcap.bad-dialogue-portion',
  BAD_COMPONENT: 'tcap.bad-component',
  UNKNOWN_DIALOGUE: 'tcap.unknown-dialogue',
  /** An ACN that is not a known MAP one where MAP is addressed (tcap-decoder.ts). */
  UNKNOWN_MAP_AC: 'tcap.unknown-map-ac',
  /** Two invokes of one message with one invoke id (tcap-decoder.ts; Q.773 InvokeProblem duplicateInvocation). */
  DUPLICATE_INVOKE_ID: 'tcap.duplicate-invoke-id',
  /** More invokes in one message than tcap-decoder.ts MAX_INVOKES_PER_MESSAGE. */
  MANY_INVOKES: 'tcap.many-invokes',
} as const satisfies Record<string, AnomalyCode>;

/** One component: what it is and where its parameter lies in the input. */
export interface TcapComponent {
  type: ComponentType;
  invokeId: number | undefined;
  linkedId: number | undefined;
  /** Local operation code (Q.773 §4.2.2.2 Operation ::= CHOICE { localValue INTEGER, ... }). */
  opcode: number | undefined;
  /** Global operation code (OBJECT IDENTIFIER), dotted. */
  opcodeGlobal: string | undefined;
  errorCode: number | undefined;
  errorGlobal: string | undefined;
  /** Reject problem, e.g. 'invoke.unrecognizedOperation'. */
  problem: string | undefined;
  /** Whole parameter TLV `[paramStart, paramEnd)`; paramStart < 0 when absent. */
  paramStart: number;
  paramEnd: number;
  /**
   * Anomalies in this component: the shared frozen NO_ANOMALIES (core/anomaly.ts) while there are
   * none, then the component's own list (add with addAnomaly).
   */
  anomalies: Anomaly[];
}

export interface TcapMessage extends BytesRecord {
  /** Deepest BER nesting decodeTcap reads (set at creation; default DEFAULT_BER_DEPTH = 32). */
  maxDepth: number;
  type: TcapType;
  /** ANSI T1.114 package (private-class tags) rather than ITU Q.773. */
  ansi: boolean;
  /** ANSI package type name (queryWithPermission, ...). */
  ansiPackage: string | undefined;
  /**
   * The transaction ids as lower-case hex. A 1-4 octet ITU tid is kept as its code ({@link otidCode})
   * and its text made when read (core/bytes.ts tidText); setting the text clears the code.
   */
  otid: string | undefined;
  dtid: string | undefined;
  /**
   * The tids as the dialogue table codes them (tcap-dialogue-index.ts `hexTidCode` of the text),
   * made from the 1-4 octets while reading; -1 when not made (absent, malformed length, ANSI):
   * the text is then in {@link otidText} (undefined when absent).
   */
  otidCode: number;
  dtidCode: number;
  /** The tid's text when it has no code (ANSI, a malformed length); undefined otherwise. */
  otidText: string | undefined;
  dtidText: string | undefined;
  /** Application context name from the dialogue portion, dotted OID. */
  acn: string | undefined;
  /**
   * A MAP application-context name's `ac << 4 | version` (its 7 contents octets 04 00 00 01 00 ac
   * version, ac < 128, version < 16: TS 29.002 §17.3.3); -1 for any other name or none.
   */
  acnIndex: number;
  dialogue: 'aarq' | 'aare' | 'abrt' | 'audt' | undefined;
  /** Abort: P-AbortCause value (Q.773 §4.1 P-AbortCause) or 'user' (U-abort with dialogue portion). */
  abortCause: number | 'user' | undefined;
  /** AARE result (0 accepted, 1 reject-permanent). */
  dialogueResult: number | undefined;
  /**
   * MAP-OPEN's destination reference (an AARQ's user-information map-open, TS 29.002 §17.4
   * MAP-OpenInfo destinationReference [0] AddressString): the contents `[destRefStart,
   * destRefEnd)` in the message's bytes (nature/numbering-plan octet, then TBCD digits);
   * destRefStart -1 when absent.
   */
  destRefStart: number;
  destRefEnd: number;
  /** Components `[0, componentCount)` are valid; the array itself is reused. */
  components: TcapComponent[];
  componentCount: number;
  /**
   * Message-level anomalies (component anomalies are on each component): the shared frozen
   * NO_ANOMALIES (core/anomaly.ts) while there are none, then the message's own list, fresh per
   * message (add with addAnomaly).
   */
  anomalies: Anomaly[];
}

/**
 * The reused message: the tid texts are made from their codes only when read. Making both hex
 * strings per message and storing them (fresh) into this long-lived object and the record cost
 * ~2 write-barrier calls and ~330 instructions per message on the decode-only tier, which never
 * reads them (bench/results-notes.md, "decwb", "tcapglue"). A class, not a literal with getters
 * (those went through the generic load IC: "decflat" step 6); `otid` / `dtid` are own enumerable
 * accessors (the same functions for every message), so a copy (`{...m}`, `Object.assign`,
 * `structuredClone`, JSON) keeps their texts as a plain object with data properties did.
 */
class ReusedTcapMessage implements TcapMessage {
  view: DataView | undefined = undefined;
  bytes: Uint8Array = NO_BYTES;
  type: TcapType = 'begin';
  ansi = false;
  ansiPackage: string | undefined = undefined;
  otidCode = -1;
  dtidCode = -1;
  otidText: string | undefined = undefined;
  dtidText: string | undefined = undefined;
  acn: string | undefined = undefined;
  acnIndex = -1;
  dialogue: TcapMessage['dialogue'] = undefined;
  abortCause: number | 'user' | undefined = undefined;
  dialogueResult: number | undefined = undefined;
  destRefStart = -1;
  destRefEnd = -1;
  components: TcapComponent[] = [];
  componentCount = 0;
  anomalies: Anomaly[] = NO_ANOMALIES;
  declare otid: string | undefined;
  declare dtid: string | undefined;

  readonly maxDepth: number;

  constructor(maxDepth: number) {
    this.maxDepth = maxDepth;
    Object.defineProperties(this, TID_ACCESSORS);
  }
}

/** `otid` / `dtid` of every {@link ReusedTcapMessage} (the same functions: one shape). */
const TID_ACCESSORS = tidAccessors(true);

export function newTcapMessage(maxDepth: number = DEFAULT_BER_DEPTH): TcapMessage {
  return new ReusedTcapMessage(maxDepth);
}

/** Whether `m` is a message {@link newTcapMessage} made (its tid texts come from the codes). */
export function isReusedTcapMessage(m: TcapMessage): boolean {
  return m instanceof ReusedTcapMessage;
}

/** Whether a tid is present (see TcapMessage.otidCode): it has a code or a text. */
export function hasTid(code: number, text: string | undefined): boolean {
  return code >= 0 || text !== undefined;
}

/** The next component slot of `out` (reused from an earlier message when there is one), reset. */
export function nextComponent(out: TcapMessage): TcapComponent {
  let c = out.components[out.componentCount];
  if (c === undefined) {
    c = {
      type: 'invoke',
      invokeId: undefined,
      linkedId: undefined,
      opcode: undefined,
      opcodeGlobal: undefined,
      errorCode: undefined,
      errorGlobal: undefined,
      problem: undefined,
      paramStart: -1,
      paramEnd: -1,
      anomalies: NO_ANOMALIES,
    };
    out.components.push(c);
  } else {
    c.invokeId = undefined;
    c.linkedId = undefined;
    c.opcode = undefined;
    c.opcodeGlobal = undefined;
    c.errorCode = undefined;
    c.errorGlobal = undefined;
    c.problem = undefined;
    c.paramStart = -1;
    c.paramEnd = -1;
    c.anomalies = NO_ANOMALIES;
  }
  out.componentCount++;
  return c;
}

/** `[CLASS tag]` of a TLV, for anomaly details. */
export function tagText(t: Tlv): string {
  const cls = ['UNIVERSAL', 'APPLICATION', 'CONTEXT', 'PRIVATE'][t.cls]!;
  return `[${cls} ${t.tag}]`;
}
