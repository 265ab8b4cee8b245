/**
 * TCAP message decoder: ITU-T Q.773 (transaction and component portions), Q.773 §4.2.2 /
 * X.227-style dialogue portion (AARQ/AARE/ABRT, AUDT). A message whose first identifier octet is
 * of the PRIVATE class is ANSI T1.114 TCAP and decoded by tcap-ansi.ts into the same shape
 * (tcap-message.ts).
 *
 * Shape: `decodeTcap(view, offset, end, out)` fills a caller-owned {@link TcapMessage}
 * (reused: its component array grows once and is reset by `length`; its BER depth limit and byte
 * array are in the record), returns the end of the message, or -1 when the data is not a TCAP
 * message at all (first tag is no TCAP message tag). Malformed content inside a TCAP message is
 * recorded in `out.anomalies` and decoding goes on with what is left.
 * No exceptions, no copies of the input.
 */
import { addAnomaly, anomaly, failureCode, NO_ANOMALIES } from '../core/anomaly.js';
import { TagClass, hexOf, newTlv, readInt as berReadInt, readTlv as berReadTlv, type Tlv } from '../asn1/ber.js';
import { recordBytes as bytesOfRecord, tidOf } from '../core/bytes.js';
import { decodeOid, decodeOidCached, encodeOid } from '../asn1/oid.js';
import type { ComponentType, TcapType } from '../events/types.js';
import { ANSI_PACKAGE, decodeAnsi } from './tcap-ansi.js';
import { lookupDialogue as lookupDialogue_, storeDialogue as storeDialogue_ } from './dialogue-memo.js';
import {
  hasTid as tidPresent,
  isReusedTcapMessage,
  nextComponent as addComponent,
  tagText,
  TCAP_ANOMALY,
  type TcapComponent,
  type TcapMessage,
} from './tcap-message.js';

export { newTcapMessage, TCAP_ANOMALY, type TcapComponent, type TcapMessage } from './tcap-message.js';

/**
 * The tag classes as module constants: TurboFan folds a module's own `const` into the code, while
 * each `TagClass.X` read was a cell load, a hole check, a map check and a field load.
 */
// Imported functions called per message, as this module's own constants: TurboFan loads an
// import from its module cell, checks it for the hole and checks the call target at every use
// (~6 instructions, even inlined); a module's own `const` is embedded in the code
// (bench/results-notes.md, "dechot" and "decode9").
const readTlv = berReadTlv;
const readInt = berReadInt;
const recordBytes = bytesOfRecord;
const hasTid = tidPresent;
const nextComponent = addComponent;
const lookupDialogue = lookupDialogue_;
const storeDialogue = storeDialogue_;
const UNIVERSAL = TagClass.UNIVERSAL;
const APPLICATION = TagClass.APPLICATION;
const CONTEXT = TagClass.CONTEXT;
const PRIVATE = TagClass.PRIVATE;

/** Q.773 §4.1 Table 8: message type tags, APPLICATION class, constructed. */
export const ITU_MESSAGE_TAG = { unidirectional: 1, begin: 2, end: 4, continue: 5, abort: 7 } as const;

/** Q.773 §4.1 Table 9: transaction portion field tags (APPLICATION class). */
const TAG_OTID = 8;
const TAG_DTID = 9;
const TAG_PABORT = 10;
const TAG_DIALOGUE = 11;
const TAG_COMPONENTS = 12;

/** Q.773 §4.2.2 (dialogue portion): dialogue-as-id and uni-dialogue-as-id object identifiers. */
export const DIALOGUE_AS_ID = '0.0.17.773.1.1.1';
export const UNI_DIALOGUE_AS_ID = '0.0.17.773.1.2.1';

/** Scratch TLVs, one per nesting level used here (no allocation per message). */
const T0 = newTlv();
const T1 = newTlv();
const T2 = newTlv();
const T3 = newTlv();
const T4 = newTlv();
const T5 = newTlv();
const T6 = newTlv();
const T7 = newTlv();
const T8 = newTlv();
const T9 = newTlv();

/** True when the identifier octet starts a TCAP message (ITU Q.773 or ANSI T1.114). */
export function isTcapStart(idOctet: number): boolean {
  if ((idOctet & 0xe0) === 0x60) {
    const t = idOctet & 0x1f;
    return t === 1 || t === 2 || t === 4 || t === 5 || t === 7;
  }
  if ((idOctet & 0xe0) === 0xe0) return ANSI_PACKAGE[idOctet & 0x1f] !== undefined;
  return false;
}

/**
 * Start of the message {@link decodeTcap} is decoding: anomaly details give positions from it, so
 * they do not depend on where the message sat in the caller's chunk or reassembly buffer.
 */
let messageStart = 0;

/**
 * Decodes the TCAP message at `[offset, end)` into `out`. Returns the end of the message (`end`
 * when it is truncated), or -1 (out untouched except reset, no anomaly: the caller counts it)
 * when the first octet is not a TCAP message tag. `out` may be any TcapMessage: into one that
 * {@link newTcapMessage} did not make (a copy `{...m}`, a plain object) the tid texts are also
 * written as data, since only the made message reads them from the codes.
 */
export function decodeTcap(view: DataView, offset: number, end: number, out: TcapMessage): number {
  const r = decodeTcapInto(view, offset, end, out);
  if (!isReusedTcapMessage(out)) {
    out.otid = tidOf(out.otidCode, out.otidText);
    out.dtid = tidOf(out.dtidCode, out.dtidText);
  }
  return r;
}

/** {@link decodeTcap} into a message {@link newTcapMessage} made (the TCAP decoder's own). */
export function decodeTcapInto(view: DataView, offset: number, end: number, out: TcapMessage): number {
  messageStart = offset;
  reset(out);
  const bytes = recordBytes(out, view);
  const maxDepth = out.maxDepth;
  if (offset >= end || !isTcapStart(bytes[offset]!)) return -1;
  const t = T0;
  let valueStart: number;
  let valueEnd: number;
  let msgEnd = end;
  if (readTlv(view, offset, end, t, maxDepth)) {
    msgEnd = t.end;
    valueStart = t.valueStart;
    valueEnd = t.valueEnd;
    if (t.end < end) addAnomaly(out, anomaly(TCAP_ANOMALY.MALFORMED, 'tcap', `${end - t.end} octets after the TCAP message`));
  } else {
    // Keep what fits: a truncated message still gives its type and transaction ids.
    addAnomaly(out, anomaly(failureCode(t.error), 'ber', `TCAP message: ${t.error}`));
    const hs = headerEnd(bytes, offset, end);
    if (hs < 0) {
      out.type = (bytes[offset]! & 0xc0) === 0xc0 ? ANSI_PACKAGE[bytes[offset]! & 0x1f]!.type : typeOf(bytes[offset]! & 0x1f);
      out.ansi = (bytes[offset]! & 0xc0) === 0xc0;
      return end;
    }
    valueStart = hs;
    valueEnd = end;
  }
  if (t.cls === PRIVATE || (bytes[offset]! & 0xc0) === 0xc0) {
    decodeAnsi(view, bytes, bytes[offset]! & 0x1f, valueStart, valueEnd, out, maxDepth, offset);
  } else {
    const tag = bytes[offset]! & 0x1f;
    const type = typeOf(tag);
    if (out.type !== type) out.type = type;
    // The usual message in one pass, called from here: one call less per message than through decodeItu.
    if (usual.on !== true || (tag !== ITU_MESSAGE_TAG.begin && tag !== ITU_MESSAGE_TAG.end && tag !== ITU_MESSAGE_TAG.continue)) {
      decodeItu(view, bytes, valueStart, valueEnd, out, maxDepth);
    } else if (decodeUsual(view, bytes, tag, valueStart, valueEnd, out, maxDepth) !== true) decodeItu(view, bytes, valueStart, valueEnd, out, maxDepth);
  }
  return msgEnd;
}

function reset(out: TcapMessage): void {
  // Pointer fields written only when changed (the type texts, the shared NO_ANOMALIES): a store into
  // this long-lived message is a write-barrier call while V8 marks (tcap-decoder.ts unit()).
  if (out.type !== 'begin') out.type = 'begin';
  out.ansi = false;
  out.ansiPackage = undefined;
  out.otidText = undefined;
  out.dtidText = undefined;
  out.otidCode = -1;
  out.dtidCode = -1;
  out.acn = undefined;
  out.acnIndex = -1;
  out.dialogue = undefined;
  out.abortCause = undefined;
  out.dialogueResult = undefined;
  out.destRefStart = -1;
  out.componentCount = 0;
  if (out.anomalies !== NO_ANOMALIES) out.anomalies = NO_ANOMALIES;
}

function typeOf(tag: number): TcapType {
  switch (tag) {
    case ITU_MESSAGE_TAG.unidirectional:
      return 'unidirectional';
    case ITU_MESSAGE_TAG.end:
      return 'end';
    case ITU_MESSAGE_TAG.continue:
      return 'continue';
    case ITU_MESSAGE_TAG.abort:
      return 'abort';
    default:
      return 'begin';
  }
}

/** Offset after identifier + length octets of a low-tag TLV, or -1 when they do not fit. */
function headerEnd(bytes: Uint8Array, offset: number, end: number): number {
  if (offset + 2 > end) return -1;
  const l0 = bytes[offset + 1]!;
  if (l0 <= 0x80) return offset + 2;
  const n = l0 & 0x7f;
  return offset + 2 + n <= end ? offset + 2 + n : -1;
}

/** The general walk of an ITU message's contents `[start, end)` (its type already in `out.type`). */
function decodeItu(view: DataView, bytes: Uint8Array, start: number, end: number, out: TcapMessage, maxDepth: number): void {
  const t = T1;
  let p = start;
  while (p < end) {
    if (!readTlv(view, p, end, t, maxDepth)) {
      addAnomaly(out, anomaly(failureCode(t.error), 'ber', `in ${out.type} at ${p - messageStart}: ${t.error}`));
      break;
    }
    if (t.cls === APPLICATION) {
      switch (t.tag) {
        // The text of a 1-4 octet tid is made from its code when read (TcapMessage.otid).
        case TAG_OTID:
          out.otidCode = tidOctetCode(bytes, t.valueStart, t.valueEnd);
          if (out.otidCode < 0 || t.constructed) out.otidText = badTid(bytes, t, out, out.otidCode);
          break;
        case TAG_DTID:
          out.dtidCode = tidOctetCode(bytes, t.valueStart, t.valueEnd);
          if (out.dtidCode < 0 || t.constructed) out.dtidText = badTid(bytes, t, out, out.dtidCode);
          break;
        case TAG_PABORT:
          // Q.773 §4.1: P-AbortCause ::= [APPLICATION 10] IMPLICIT INTEGER
          out.abortCause = readInt(view, t.valueStart, t.valueEnd);
          break;
        case TAG_DIALOGUE:
          dialoguePortion(view, bytes, t.valueStart, t.valueEnd, out, maxDepth);
          if (out.type === 'abort') out.abortCause = 'user';
          break;
        case TAG_COMPONENTS:
          decodeComponents(view, bytes, t.valueStart, t.valueEnd, out, maxDepth);
          break;
        default:
          addAnomaly(out, anomaly(TCAP_ANOMALY.UNKNOWN_TAG, 'tcap', `[APPLICATION ${t.tag}] in ${out.type}`));
      }
    } else {
      addAnomaly(out, anomaly(TCAP_ANOMALY.UNKNOWN_TAG, 'tcap', `${tagText(t)} in ${out.type}`));
    }
    p = t.end;
  }
  if ((out.type === 'begin' || out.type === 'continue') && !hasTid(out.otidCode, out.otidText)) {
    addAnomaly(out, anomaly(TCAP_ANOMALY.MISSING_TID, 'tcap', `${out.type} without OrigTransactionID`));
  }
  if ((out.type === 'end' || out.type === 'continue' || out.type === 'abort') && !hasTid(out.dtidCode, out.dtidText)) {
    addAnomaly(out, anomaly(TCAP_ANOMALY.MISSING_TID, 'tcap', `${out.type} without DestTransactionID`));
  }
}

/**
 * The usual ITU message in one pass over its octets, without TLV records: a Begin, Continue or End
 * whose transaction portion is, in Q.773 §4.1's order, exactly the ids its type carries (OTID for a
 * Begin, OTID and DTID for a Continue, DTID for an End; 1-4 octets, primitive, short form), then
 * an optional dialogue portion [APPLICATION 11] and an optional component portion [APPLICATION 12]
 * (both constructed, with a definite length of at most two long-form octets) that ends the message.
 * Its components are read one pass each while they are usual ({@link usualComponent}); from the
 * first other one on (a global opcode, a returnError, a reject, a two-octet invoke id, ...), by the
 * general component walk ({@link decodeComponents}). For such a message the general walk
 * ({@link decodeItu}'s loop) reports nothing of its own and sets what is set here, with the same
 * dialogue-portion call (whose anomalies come before the components', as there). Any other
 * message (an abort, a unidirectional message, a tid of another length, a missing, repeated or
 * misplaced field, indefinite lengths, trailing octets) gets false, nothing changed, and the
 * general walk. Nothing is read twice.
 *
 * measured (callgrind, routine capture MiB 12–40, bench/results-notes.md "tcap17"): the general
 * walk wrote and read back a TLV record for each of the ~9 elements of a routine message; here
 * −74 M instructions of JS over 124.6 k TCAP messages (~590 a message).
 */
function decodeUsual(view: DataView, bytes: Uint8Array, tag: number, start: number, end: number, out: TcapMessage, maxDepth: number): boolean {
  let p = start;
  let otidAt = -1;
  let dtidAt = -1;
  // Transaction portion in Q.773 §4.1 order: OTID (Begin, Continue), DTID (Continue, End); 1-4 octets, short form.
  if (tag !== ITU_MESSAGE_TAG.end) {
    if (p + 2 > end || bytes[p] !== 0x48 || bytes[p + 1]! === 0 || bytes[p + 1]! > 4) return false;
    otidAt = p + 2;
    p = otidAt + bytes[p + 1]!;
  }
  if (tag !== ITU_MESSAGE_TAG.begin) {
    if (p + 2 > end || bytes[p] !== 0x49 || bytes[p + 1]! === 0 || bytes[p + 1]! > 4) return false;
    dtidAt = p + 2;
    p = dtidAt + bytes[p + 1]!;
  }
  if (p > end) return false;
  let dialogueAt = -1;
  let dialogueEnd = -1;
  if (p < end && bytes[p] === 0x6b) {
    dialogueEnd = elementEnd(bytes, p, end);
    if (dialogueEnd < 0) return false;
    dialogueAt = p + headerLength(bytes[p + 1]!);
    p = dialogueEnd;
  }
  if (p < end) {
    if (bytes[p] !== 0x6c || elementEnd(bytes, p, end) !== end) return false;
    p += headerLength(bytes[p + 1]!);
  }
  usual.decoded++;
  if (otidAt >= 0) out.otidCode = tidOctetCode(bytes, otidAt, otidAt + bytes[otidAt - 1]!);
  if (dtidAt >= 0) out.dtidCode = tidOctetCode(bytes, dtidAt, dtidAt + bytes[dtidAt - 1]!);
  if (dialogueAt >= 0) dialoguePortion(view, bytes, dialogueAt, dialogueEnd, out, maxDepth);
  // The components, each in one pass while usual; from the first other one on, the general walk's
  // (its anomalies follow the dialogue portion's, as there). Never a component read twice (a Begin
  // of 90,000 invokes, red team round 16 I2, costs what it did).
  while (p < end) {
    const next = usualComponent(bytes, p, end, out);
    if (next < 0) {
      decodeComponents(view, bytes, p, end, out, maxDepth);
      break;
    }
    p = next;
  }
  return true;
}

/**
 * The usual component at `p` (see {@link decodeUsual}), ending by `end`, decoded into the message's
 * next slot: the end of the component, or -1 when it is not of a usual shape (nothing is written:
 * the general walk reads it).
 */
function usualComponent(bytes: Uint8Array, p: number, end: number, out: TcapMessage): number {
  const id = bytes[p]!;
  if (id !== 0xa1 && id !== 0xa2 && id !== 0xa7) return -1;
  const cEnd = elementEnd(bytes, p, end);
  if (cEnd < 0) return -1;
  let q = p + headerLength(bytes[p + 1]!);
  // invokeID INTEGER (Q.773 §4.2.2.2), one octet (−128..127).
  if (q + 3 > cEnd || bytes[q] !== 0x02 || bytes[q + 1] !== 1) return -1;
  const invokeId = (bytes[q + 2]! << 24) >> 24;
  q += 3;
  let linkedId: number | undefined;
  let opcode: number | undefined;
  let paramStart = -1;
  if (id === 0xa1) {
    // linkedID [0] IMPLICIT InvokeIdType, one octet.
    if (q < cEnd && bytes[q] === 0x80) {
      if (q + 3 > cEnd || bytes[q + 1] !== 1) return -1;
      linkedId = (bytes[q + 2]! << 24) >> 24;
      q += 3;
    }
  } else if (q < cEnd) {
    // result SEQUENCE { opcode, parameter } OPTIONAL: it ends where the component does.
    if (bytes[q] !== 0x30 || elementEnd(bytes, q, cEnd) !== cEnd) return -1;
    q += headerLength(bytes[q + 1]!);
  }
  if (id === 0xa1 || q < cEnd) {
    // A local opcode of one octet (X.690 §8.3: an INTEGER as encoded, 0x80-0xff negative), then at
    // most one parameter: any element but a linkedID's tag (read as one in an invoke) or a high tag number.
    if (q + 3 > cEnd || bytes[q] !== 0x02 || bytes[q + 1] !== 1) return -1;
    opcode = (bytes[q + 2]! << 24) >> 24;
    q += 3;
    if (q < cEnd) {
      const pid = bytes[q]!;
      if ((pid & 0x1f) === 0x1f || pid === 0x80 || elementEnd(bytes, q, cEnd) !== cEnd) return -1;
      paramStart = q;
    }
  }
  let c = out.components[out.componentCount];
  if (c === undefined) c = nextComponent(out);
  else out.componentCount++;
  const type = id === 0xa1 ? 'invoke' : id === 0xa2 ? 'returnResultLast' : 'returnResult';
  // Pointer fields written only when changed: see reset().
  if (c.type !== type) c.type = type;
  c.invokeId = invokeId;
  c.linkedId = linkedId;
  c.opcode = opcode;
  c.opcodeGlobal = undefined;
  c.errorCode = undefined;
  c.errorGlobal = undefined;
  c.problem = undefined;
  c.paramStart = paramStart;
  c.paramEnd = paramStart < 0 ? -1 : cEnd;
  if (c.anomalies !== NO_ANOMALIES) c.anomalies = NO_ANOMALIES;
  return cEnd;
}

/** Octets of an identifier of one octet and a length whose first octet is `l0`: short form, or long form of one or two octets (see {@link elementEnd}). */
function headerLength(l0: number): number {
  return l0 < 0x80 ? 2 : l0 - 0x7e;
}

/**
 * The end of the element at `p` whose identifier is one octet and whose length is definite in the
 * short form or in one or two long-form octets (X.690 §8.1.3.4, §8.1.3.5; contents after
 * {@link headerLength} octets); -1 when it has another length form or does not fit in `[p, end)`.
 */
function elementEnd(bytes: Uint8Array, p: number, end: number): number {
  if (p + 2 > end) return -1;
  const l0 = bytes[p + 1]!;
  if (l0 < 0x80) return p + 2 + l0 <= end ? p + 2 + l0 : -1;
  let e: number;
  if (l0 === 0x81) e = p + 3 <= end ? p + 3 + bytes[p + 2]! : -1;
  else if (l0 === 0x82) e = p + 4 <= end ? p + 4 + ((bytes[p + 2]! << 8) | bytes[p + 3]!) : -1;
  else return -1;
  return e <= end ? e : -1;
}

/**
 * {@link decodeUsual}: whether it is tried (`on`; tests compare it with the general walk) and how
 * many messages it decoded. An object, not module `let`s: each read of those is a hole check.
 */
export const usual = { on: true, decoded: 0 };

/**
 * Q.773 §4.1: OrigTransactionID / DestTransactionID are OCTET STRING (SIZE (1..4)). For a tid of
 * another length (no `code`: tidOctetCode) or constructed: the anomaly, and the text when it has
 * no code (else undefined: made from the code when read, TcapMessage.otid).
 */
function badTid(bytes: Uint8Array, t: Tlv, out: TcapMessage, code: number): string | undefined {
  addAnomaly(out, anomaly(TCAP_ANOMALY.BAD_TID, 'tcap', `transaction id of ${t.valueEnd - t.valueStart} octets`));
  return code >= 0 ? undefined : hexOf(bytes, t.valueStart, t.valueEnd);
}

/**
 * The dialogue table's code of the tid octets `[start, end)`: what tcap-dialogue-index.ts
 * `hexTidCode` gives for their hex text (2n hex digits: 2n × 2^32 + value), without reading the
 * text back; -1 outside 1-4 octets (the table codes those texts itself).
 */
export function tidOctetCode(bytes: Uint8Array, start: number, end: number): number {
  const n = end - start;
  if (n === 4) {
    // The usual 4-octet tid as one 32-bit word (no loop): measured, bench/results-notes.md "tcapglue".
    return 8 * 4294967296 + (((bytes[start]! << 24) | (bytes[start + 1]! << 16) | (bytes[start + 2]! << 8) | bytes[start + 3]!) >>> 0);
  }
  if (n < 1 || n > 4) return -1;
  let v = 0;
  for (let i = start; i < end; i++) v = v * 256 + bytes[i]!;
  return 2 * n * 4294967296 + v;
}

/**
 * {@link decodeDialoguePortion} through the memo of clean decodes (dialogue-memo.ts): the message's
 * first portion only (its dialogue fields still at their reset values, which a hit overwrites).
 */
function dialoguePortion(view: DataView, bytes: Uint8Array, start: number, end: number, out: TcapMessage, maxDepth: number): void {
  if (out.dialogue !== undefined || out.acn !== undefined || out.dialogueResult !== undefined || out.destRefStart >= 0) {
    decodeDialoguePortion(view, bytes, start, end, out, maxDepth);
    return;
  }
  if (lookupDialogue(view, bytes, start, end, out.type === 'unidirectional', maxDepth, out)) return;
  const before = out.anomalies.length;
  decodeDialoguePortion(view, bytes, start, end, out, maxDepth);
  if (out.anomalies.length === before && out.destRefStart < 0) storeDialogue(view, bytes, start, end, out);
}

/**
 * DialoguePortion ::= [APPLICATION 11] EXTERNAL (Q.773 §4.2.2): EXTERNAL [UNIVERSAL 8] with
 * direct-reference OID (dialogue-as-id) and single-ASN1-type [0] holding the dialogue PDU:
 * AARQ [APPLICATION 0], AARE [APPLICATION 1], ABRT [APPLICATION 4] (Q.773 Table 48), or for
 * unidirectional dialogues AUDT [APPLICATION 0].
 */
function decodeDialoguePortion(view: DataView, bytes: Uint8Array, start: number, end: number, out: TcapMessage, maxDepth: number): void {
  const ext = T2;
  if (!readTlv(view, start, end, ext, maxDepth) || ext.cls !== UNIVERSAL || ext.tag !== 8) {
    addAnomaly(out, anomaly(TCAP_ANOMALY.BAD_DIALOGUE, 'tcap', ext.error || `expected EXTERNAL, found ${tagText(ext)}`));
    return;
  }
  const t = T3;
  let uni = out.type === 'unidirectional';
  for (let p = ext.valueStart; p < ext.valueEnd; p = t.end) {
    if (!readTlv(view, p, ext.valueEnd, t, maxDepth)) {
      addAnomaly(out, anomaly(failureCode(t.error), 'ber', `dialogue portion: ${t.error}`));
      return;
    }
    if (t.cls === UNIVERSAL && t.tag === 6) {
      if (isDialogueAsId(bytes, t.valueStart, t.valueEnd)) continue; // the usual one: no OID text needed
      const oid = decodeOidCached(bytes, t.valueStart, t.valueEnd);
      if (oid === UNI_DIALOGUE_AS_ID) uni = true;
      else if (oid !== DIALOGUE_AS_ID) addAnomaly(out, anomaly(TCAP_ANOMALY.BAD_DIALOGUE, 'tcap', `direct-reference ${oid}`));
    } else if (t.cls === CONTEXT && t.tag === 0 && t.constructed === true) {
      decodeDialoguePdu(view, bytes, t.valueStart, t.valueEnd, out, uni, maxDepth);
    }
  }
}

/** Contents octets of {@link DIALOGUE_AS_ID} (X.690 §8.19). */
const DIALOGUE_AS_ID_OCTETS = encodeOid(DIALOGUE_AS_ID);

/**
 * True when `[start, end)` are the contents of {@link DIALOGUE_AS_ID}: the direct reference of
 * almost every dialogue portion, compared in place instead of through the OID text memo (a hash
 * of the octets per message).
 */
function isDialogueAsId(bytes: Uint8Array, start: number, end: number): boolean {
  return sameOctets(bytes, start, end, DIALOGUE_AS_ID_OCTETS);
}

/** True when `[start, end)` of `bytes` are the octets `o`. */
function sameOctets(bytes: Uint8Array, start: number, end: number, o: Uint8Array): boolean {
  if (end - start !== o.length) return false;
  for (let i = 0; i < o.length; i++) if (bytes[start + i] !== o[i]) return false;
  return true;
}

/**
 * MAP application-context names (3GPP TS 29.002 §17.3.3: {itu-t(0) identified-organization(4)
 * etsi(0) mobileDomain(0) gsm-Network(1) ac-Id(0) ac version}) have the contents octets
 * 04 00 00 01 00 ac version (X.690 §8.19: the first two arcs as one subidentifier 0 × 40 + 4,
 * each later arc below 128 as one octet). Their texts by `ac << 4 | version` (ac < 128,
 * version < 16), made on first use: the ACN of almost every dialogue PDU is found by comparing
 * five octets and an index instead of hashing the octets in the OID memo (asn1/oid.ts: ~370
 * instructions per message, bench/results-notes.md "sccpmemo").
 */
const MAP_ACN_TEXTS: string[] = new Array<string>(128 << 4).fill('');

/** The MAP index of an application-context name (`ac << 4 | version`, see {@link MAP_ACN_TEXTS}), -1 for any other name. */
function mapAcnIndex(bytes: Uint8Array, start: number, end: number): number {
  if (end - start !== 7 || bytes[start] !== 4 || bytes[start + 1] !== 0 || bytes[start + 2] !== 0 || bytes[start + 3] !== 1 || bytes[start + 4] !== 0)
    return -1;
  const ac = bytes[start + 5]!;
  const version = bytes[start + 6]!;
  return ac < 128 && version < 16 ? (ac << 4) | version : -1;
}

/** {@link decodeOidCached} of an application-context name whose {@link mapAcnIndex} is `k`: MAP's by {@link MAP_ACN_TEXTS}. */
function acnText(bytes: Uint8Array, start: number, end: number, k: number): string {
  if (k < 0) return decodeOidCached(bytes, start, end);
  const text = MAP_ACN_TEXTS[k]!;
  if (text !== '') return text;
  return (MAP_ACN_TEXTS[k] = decodeOid(bytes, start, end));
}

function decodeDialoguePdu(view: DataView, bytes: Uint8Array, start: number, end: number, out: TcapMessage, uni: boolean, maxDepth: number): void {
  const pdu = T4;
  if (!readTlv(view, start, end, pdu, maxDepth) || pdu.cls !== APPLICATION) {
    addAnomaly(out, anomaly(TCAP_ANOMALY.BAD_DIALOGUE, 'tcap', pdu.error || `dialogue PDU ${tagText(pdu)}`));
    return;
  }
  switch (pdu.tag) {
    case 0:
      out.dialogue = uni ? 'audt' : 'aarq';
      break;
    case 1:
      out.dialogue = 'aare';
      break;
    case 4:
      out.dialogue = 'abrt';
      return;
    default:
      addAnomaly(out, anomaly(TCAP_ANOMALY.BAD_DIALOGUE, 'tcap', `dialogue PDU [APPLICATION ${pdu.tag}]`));
      return;
  }
  const f = T5;
  for (let p = pdu.valueStart; p < pdu.valueEnd; p = f.end) {
    if (!readTlv(view, p, pdu.valueEnd, f, maxDepth)) {
      addAnomaly(out, anomaly(failureCode(f.error), 'ber', `dialogue PDU: ${f.error}`));
      return;
    }
    if (f.cls !== CONTEXT) continue;
    if (f.tag === 1) {
      // application-context-name [1] OBJECT IDENTIFIER (explicit tag, Q.773 Table 49)
      const o = T6;
      if (readTlv(view, f.valueStart, f.valueEnd, o, maxDepth) && o.cls === UNIVERSAL && o.tag === 6) {
        const k = mapAcnIndex(bytes, o.valueStart, o.valueEnd);
        out.acn = acnText(bytes, o.valueStart, o.valueEnd, k);
        out.acnIndex = k;
      } else {
        addAnomaly(out, anomaly(TCAP_ANOMALY.BAD_DIALOGUE, 'tcap', 'application-context-name is not an OBJECT IDENTIFIER'));
      }
    } else if (f.tag === 2 && out.dialogue === 'aare') {
      // result [2] Associate-result (INTEGER, explicit)
      const o = T6;
      if (readTlv(view, f.valueStart, f.valueEnd, o, maxDepth)) out.dialogueResult = readInt(view, o.valueStart, o.valueEnd);
    } else if (f.tag === 30 && f.constructed && out.dialogue === 'aarq') {
      // user-information [30] IMPLICIT SEQUENCE OF EXTERNAL (Q.773 Table 49): MAP's MAP-OPEN data
      userInformation(view, bytes, f.valueStart, f.valueEnd, out, maxDepth);
    }
  }
}

/** Contents octets of map-DialogueAS {0.4.0.0.1.1.1.1} (TS 29.002 §17.4), the MAP user-information's direct-reference. */
const MAP_DIALOGUE_AS_OCTETS = encodeOid('0.4.0.0.1.1.1.1');

/**
 * An AARQ's user-information: the first EXTERNAL (X.690 §8.18: direct-reference OBJECT
 * IDENTIFIER, then encoding single-ASN1-type [0]) whose direct-reference is map-DialogueAS
 * carries a MAP-DialoguePDU (TS 29.002 §17.4, IMPLICIT TAGS); of its map-open [0] MAP-OpenInfo
 * only destinationReference [0] AddressString is kept ({@link TcapMessage.destRefStart}): the
 * subscriber's identity of the dialogue-initiated services of §7.3.1 Table 7.3/2.
 * originationReference [1] is the "originated entity address" of the sending node (Table 7.3/3),
 * not a subscriber identity, and is not read. Offsets only; user data other than MAP's, malformed
 * or constructed (segmented) references are skipped silently, as the whole user-information was.
 */
function userInformation(view: DataView, bytes: Uint8Array, start: number, end: number, out: TcapMessage, maxDepth: number): void {
  const x = T6;
  for (let p = start; p < end; p = x.end) {
    if (!readTlv(view, p, end, x, maxDepth)) return;
    if (x.cls !== TagClass.UNIVERSAL || x.tag !== 8 || !x.constructed) continue;
    const e = T7;
    let mapAs = false;
    for (let q = x.valueStart; q < x.valueEnd; q = e.end) {
      if (!readTlv(view, q, x.valueEnd, e, maxDepth)) return;
      if (e.cls === TagClass.UNIVERSAL && e.tag === 6) mapAs = sameOctets(bytes, e.valueStart, e.valueEnd, MAP_DIALOGUE_AS_OCTETS);
      else if (mapAs && e.cls === TagClass.CONTEXT && e.tag === 0 && e.constructed) {
        mapOpen(view, e.valueStart, e.valueEnd, out, maxDepth);
        return;
      }
    }
  }
}

/** MAP-DialoguePDU `[start, end)`: when it is map-open [0], its destinationReference [0] (AddressString, 1-20 octets: §17.7.8). */
function mapOpen(view: DataView, start: number, end: number, out: TcapMessage, maxDepth: number): void {
  const pdu = T8;
  if (!readTlv(view, start, end, pdu, maxDepth) || pdu.cls !== TagClass.CONTEXT || pdu.tag !== 0 || !pdu.constructed) return;
  const r = T9;
  for (let p = pdu.valueStart; p < pdu.valueEnd; p = r.end) {
    if (!readTlv(view, p, pdu.valueEnd, r, maxDepth)) return;
    if (r.cls === TagClass.CONTEXT && r.tag === 0) {
      const n = r.valueEnd - r.valueStart;
      if (!r.constructed && n >= 2 && n <= 20) {
        out.destRefStart = r.valueStart;
        out.destRefEnd = r.valueEnd;
      }
      return;
    }
  }
}

/** Component scratch TLVs (separate from the message-level ones). */
const C0 = newTlv();
const C1 = newTlv();
const C2 = newTlv();

/** Q.773 §4.2.2.2 Component ::= CHOICE { invoke [1], returnResultLast [2], returnError [3], reject [4], returnResultNotLast [7] }. */
function decodeComponents(view: DataView, bytes: Uint8Array, start: number, end: number, out: TcapMessage, maxDepth: number): void {
  const t = C0;
  for (let p = start; p < end; p = t.end) {
    // `!== true` / `=== true`: a boolean field, parameter or call result tested as `!x` is a full ToBoolean
    // in TurboFan (V8 tracks no boolean field type); a compare with true is one instruction (bench/results-notes.md, "dechot").
    if (readTlv(view, p, end, t, maxDepth) !== true) {
      addAnomaly(out, anomaly(failureCode(t.error), 'ber', `component portion at ${p - messageStart}: ${t.error}`));
      return;
    }
    let type: ComponentType | undefined;
    if (t.cls === CONTEXT && t.constructed === true) {
      type =
        t.tag === 1
          ? 'invoke'
          : t.tag === 2
            ? 'returnResultLast'
            : t.tag === 3
              ? 'returnError'
              : t.tag === 4
                ? 'reject'
                : t.tag === 7
                  ? 'returnResult'
                  : undefined;
    }
    if (type === undefined) {
      addAnomaly(out, anomaly(TCAP_ANOMALY.UNKNOWN_TAG, 'tcap', `component ${tagText(t)}`));
      continue;
    }
    const c = nextComponent(out);
    c.type = type;
    decodeComponent(view, bytes, t.valueStart, t.valueEnd, c, maxDepth);
  }
}

const REJECT_PROBLEM: Readonly<Record<number, readonly string[]>> = {
  // Q.773 §4.2.2.2 Table 17 (GeneralProblem .. ReturnErrorProblem)
  0: ['unrecognizedComponent', 'mistypedComponent', 'badlyStructuredComponent'],
  1: [
    'duplicateInvokeID',
    'unrecognizedOperation',
    'mistypedParameter',
    'resourceLimitation',
    'initiatingRelease',
    'unrecognizedLinkedID',
    'linkedResponseUnexpected',
    'unexpectedLinkedOperation',
  ],
  2: ['unrecognizedInvokeID', 'returnResultUnexpected', 'mistypedParameter'],
  3: ['unrecognizedInvokeID', 'returnErrorUnexpected', 'unrecognizedError', 'unexpectedError', 'mistypedParameter'],
};
const PROBLEM_KIND = ['general', 'invoke', 'returnResult', 'returnError'] as const;

function decodeComponent(view: DataView, bytes: Uint8Array, start: number, end: number, c: TcapComponent, maxDepth: number): void {
  const t = C1;
  let seenId = false;
  let seenOp = false;
  for (let p = start; p < end; p = t.end) {
    if (!readTlv(view, p, end, t, maxDepth)) {
      addAnomaly(c, anomaly(failureCode(t.error), 'ber', `in ${c.type} at ${p - messageStart}: ${t.error}`));
      return;
    }
    const u = t.cls === UNIVERSAL;
    if (!seenId) {
      seenId = true;
      // invokeID InvokeIdType ::= INTEGER (-128..127); Reject allows NULL (Q.773 §4.2.2.2)
      if (u && t.tag === 2) {
        c.invokeId = readInt(view, t.valueStart, t.valueEnd);
        continue;
      }
      if (u && t.tag === 5 && c.type === 'reject') continue;
      // No invokeID: report it and read this element as the next field.
      addAnomaly(c, anomaly(TCAP_ANOMALY.BAD_COMPONENT, 'tcap', `${c.type}: expected invokeID, found ${tagText(t)}`));
    }
    switch (c.type) {
      case 'invoke':
        if (t.cls === CONTEXT && t.tag === 0 && !t.constructed) {
          c.linkedId = readInt(view, t.valueStart, t.valueEnd); // linkedID [0] IMPLICIT InvokeIdType
        } else if (!seenOp && u && (t.tag === 2 || t.tag === 6)) {
          seenOp = true;
          opcodeInto(view, bytes, t, c);
        } else if (seenOp && c.paramStart < 0) {
          c.paramStart = t.start;
          c.paramEnd = t.end;
        } else {
          addAnomaly(c, anomaly(TCAP_ANOMALY.UNKNOWN_TAG, 'tcap', `invoke: ${tagText(t)}`));
        }
        break;
      case 'returnResultLast':
      case 'returnResult':
        // result SEQUENCE { opcode, parameter } OPTIONAL (Q.773 §4.2.2.2)
        if (u && t.tag === 16 && t.constructed && !seenOp) {
          seenOp = true;
          resultInto(view, bytes, t.valueStart, t.valueEnd, c, maxDepth);
        } else {
          addAnomaly(c, anomaly(TCAP_ANOMALY.UNKNOWN_TAG, 'tcap', `${c.type}: ${tagText(t)}`));
        }
        break;
      case 'returnError':
        if (!seenOp && u && (t.tag === 2 || t.tag === 6)) {
          seenOp = true;
          if (t.tag === 2) c.errorCode = readInt(view, t.valueStart, t.valueEnd);
          else c.errorGlobal = decodeOid(bytes, t.valueStart, t.valueEnd);
        } else if (seenOp && c.paramStart < 0) {
          c.paramStart = t.start;
          c.paramEnd = t.end;
        } else {
          addAnomaly(c, anomaly(TCAP_ANOMALY.UNKNOWN_TAG, 'tcap', `returnError: ${tagText(t)}`));
        }
        break;
      case 'reject':
        if (t.cls === CONTEXT && t.tag <= 3 && !t.constructed) {
          const v = readInt(view, t.valueStart, t.valueEnd);
          c.problem = `${PROBLEM_KIND[t.tag]}.${REJECT_PROBLEM[t.tag]![v] ?? String(v)}`;
        } else {
          addAnomaly(c, anomaly(TCAP_ANOMALY.UNKNOWN_TAG, 'tcap', `reject: ${tagText(t)}`));
        }
        break;
    }
  }
  if (!seenId) addAnomaly(c, anomaly(TCAP_ANOMALY.BAD_COMPONENT, 'tcap', `empty ${c.type}`));
  if (c.type === 'invoke' && !seenOp) addAnomaly(c, anomaly(TCAP_ANOMALY.BAD_COMPONENT, 'tcap', 'invoke without operation code'));
  if (c.type === 'returnError' && !seenOp) addAnomaly(c, anomaly(TCAP_ANOMALY.BAD_COMPONENT, 'tcap', 'returnError without error code'));
  if (c.type === 'reject' && c.problem === undefined) addAnomaly(c, anomaly(TCAP_ANOMALY.BAD_COMPONENT, 'tcap', 'reject without problem'));
}

function opcodeInto(view: DataView, bytes: Uint8Array, t: Tlv, c: TcapComponent): void {
  // Operation ::= CHOICE { localValue INTEGER, globalValue OBJECT IDENTIFIER }. A one-octet
  // localValue ≥ 0x80 is a negative INTEGER (X.690 §8.3): we report the INTEGER value as encoded.
  if (t.tag === 2) c.opcode = readInt(view, t.valueStart, t.valueEnd);
  else c.opcodeGlobal = decodeOid(bytes, t.valueStart, t.valueEnd);
}

function resultInto(view: DataView, bytes: Uint8Array, start: number, end: number, c: TcapComponent, maxDepth: number): void {
  const t = C2;
  let seenOp = false;
  for (let p = start; p < end; p = t.end) {
    if (!readTlv(view, p, end, t, maxDepth)) {
      addAnomaly(c, anomaly(failureCode(t.error), 'ber', `result sequence: ${t.error}`));
      return;
    }
    if (!seenOp && t.cls === UNIVERSAL && (t.tag === 2 || t.tag === 6)) {
      seenOp = true;
      opcodeInto(view, bytes, t, c);
    } else if (seenOp && c.paramStart < 0) {
      c.paramStart = t.start;
      c.paramEnd = t.end;
    } else {
      addAnomaly(c, anomaly(TCAP_ANOMALY.UNKNOWN_TAG, 'tcap', `result: ${tagText(t)}`));
    }
  }
}
