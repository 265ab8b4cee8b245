/**
 * TCAP encoder (ITU-T Q.773 §4): Begin/Continue/End/Abort/Unidirectional with or without
 * dialogue portion (Q.773 §4.2.2, AARQ/AARE/ABRT/AUDT) and components (Invoke, ReturnResult(Not)Last,
 * ReturnError, Reject); ANSI T1.114 packages for negative controls.
 */
import { DIALOGUE_AS_ID, ITU_MESSAGE_TAG, UNI_DIALOGUE_AS_ID } from '../ss7/tcap.js';
import { app, appPrim, ctx, ctxc, int, intContent, nul, oid, PRIVATE, seq, tlv, UNIVERSAL } from './ber.js';
import { concat, fromHex as hex } from './bytes.js';

/** dialogue-as-id and uniDialogue-as-id object identifiers (Q.773 §4.2.2), the decoder's constants. */
export { DIALOGUE_AS_ID, UNI_DIALOGUE_AS_ID };

export type DialoguePdu = 'aarq' | 'aare' | 'abrt' | 'audt';
export interface DialogueSpec {
  pdu: DialoguePdu;
  /** Application context name, dotted (not used by ABRT). */
  acn?: string;
  /** AARE result: 0 accepted (default), 1 reject-permanent. */
  result?: number;
  /**
   * AARQ user-information with a MAP-DialoguePDU map-open (TS 29.002 §17.4 MAP-OpenInfo): the
   * AddressString contents (nature/numbering-plan octet, then TBCD digits) of its references.
   */
  mapOpen?: { destinationReference?: Uint8Array; originationReference?: Uint8Array };
}

/** map-DialogueAS (TS 29.002 §17.4): the direct-reference of MAP's user-information EXTERNAL. */
const MAP_DIALOGUE_AS = '0.4.0.0.1.1.1.1';

export type ComponentSpec =
  | { type: 'invoke'; invokeId: number; linkedId?: number; opcode: number | string; param?: Uint8Array }
  | { type: 'returnResultLast' | 'returnResult'; invokeId: number; opcode?: number; param?: Uint8Array }
  | { type: 'returnError'; invokeId: number; errorCode: number; param?: Uint8Array }
  /** problem: [kind 0 general | 1 invoke | 2 returnResult | 3 returnError, code]; invokeId null = NULL. */
  | { type: 'reject'; invokeId: number | null; problem: [number, number] };

const protocolVersion = (): Uint8Array => ctx(0, Uint8Array.of(0x07, 0x80)); // BIT STRING {version1}

/** DialoguePortion [APPLICATION 11] EXTERNAL { dialogue-as-id, single-ASN1-type [0] PDU }. */
export function dialoguePortion(d: DialogueSpec): Uint8Array {
  const acn = (): Uint8Array => ctxc(1, oid(d.acn ?? '0.4.0.0.1.0.1.3'));
  let pdu: Uint8Array;
  switch (d.pdu) {
    case 'aarq':
      pdu = app(0, protocolVersion(), acn(), d.mapOpen === undefined ? new Uint8Array(0) : userInformation(d.mapOpen));
      break;
    case 'audt':
      pdu = app(0, protocolVersion(), acn());
      break;
    case 'aare':
      // result [2] INTEGER, result-source-diagnostic [3] { dialogue-service-user [1] { null (0) } }
      pdu = app(1, protocolVersion(), acn(), ctxc(2, int(d.result ?? 0)), ctxc(3, ctxc(1, int(0))));
      break;
    case 'abrt':
      pdu = app(4, ctx(0, Uint8Array.of(1))); // abort-source [0] dialogue-service-provider
      break;
  }
  const ref = d.pdu === 'audt' ? UNI_DIALOGUE_AS_ID : DIALOGUE_AS_ID;
  return app(11, tlv(UNIVERSAL, true, 8, concat(oid(ref), ctxc(0, pdu))));
}

/**
 * user-information [30] IMPLICIT SEQUENCE OF EXTERNAL (Q.773 Table 49) with one EXTERNAL
 * {map-DialogueAS, single-ASN1-type [0] map-open [0] {destinationReference [0], originationReference [1]}}.
 */
function userInformation(o: NonNullable<DialogueSpec['mapOpen']>): Uint8Array {
  const refs: Uint8Array[] = [];
  if (o.destinationReference !== undefined) refs.push(ctx(0, o.destinationReference));
  if (o.originationReference !== undefined) refs.push(ctx(1, o.originationReference));
  return ctxc(30, tlv(UNIVERSAL, true, 8, concat(oid(MAP_DIALOGUE_AS), ctxc(0, ctxc(0, ...refs)))));
}

function opcodeTlv(opcode: number | string): Uint8Array {
  return typeof opcode === 'number' ? int(opcode) : oid(opcode);
}

/** One component (Q.773 §4.2.3): Invoke [1], ReturnResultLast [2], ReturnError [3], Reject [4], ReturnResult [7]. */
export function component(c: ComponentSpec): Uint8Array {
  switch (c.type) {
    case 'invoke':
      return ctxc(
        1,
        int(c.invokeId),
        c.linkedId !== undefined ? ctx(0, intContent(c.linkedId)) : new Uint8Array(0),
        opcodeTlv(c.opcode),
        c.param ?? new Uint8Array(0),
      );
    case 'returnResultLast':
    case 'returnResult': {
      const body = c.opcode !== undefined ? seq(int(c.opcode), c.param ?? new Uint8Array(0)) : new Uint8Array(0);
      return ctxc(c.type === 'returnResultLast' ? 2 : 7, int(c.invokeId), body);
    }
    case 'returnError':
      return ctxc(3, int(c.invokeId), int(c.errorCode), c.param ?? new Uint8Array(0));
    case 'reject':
      return ctxc(4, c.invokeId === null ? nul() : int(c.invokeId), ctx(c.problem[0], intContent(c.problem[1])));
  }
}

export interface TcapSpec {
  otid?: string;
  dtid?: string;
  dialogue?: DialogueSpec;
  components?: ComponentSpec[];
  /** Abort: P-AbortCause (Q.773 §4.1, e.g. 1 unrecognizedTransactionID). */
  pAbortCause?: number;
  /** Raw TLVs appended inside the message (e.g. an unknown tag). */
  extra?: Uint8Array;
}

const MESSAGE_TAG = ITU_MESSAGE_TAG; // Q.773 §4.1 Table 9, the decoder's table

/** Any ITU TCAP message; fields are emitted in Q.773 order when given. */
export function tcap(type: keyof typeof MESSAGE_TAG, s: TcapSpec): Uint8Array {
  const parts: Uint8Array[] = [];
  if (s.otid !== undefined) parts.push(appPrim(8, hex(s.otid)));
  if (s.dtid !== undefined) parts.push(appPrim(9, hex(s.dtid)));
  if (s.pAbortCause !== undefined) parts.push(appPrim(10, intContent(s.pAbortCause)));
  if (s.dialogue !== undefined) parts.push(dialoguePortion(s.dialogue));
  if (s.components !== undefined && s.components.length > 0) parts.push(app(12, ...s.components.map(component)));
  if (s.extra !== undefined) parts.push(s.extra);
  return app(MESSAGE_TAG[type], ...parts);
}

/** Shorthands for `tcap(type, spec)`. */
export const tcBegin = (s: TcapSpec): Uint8Array => tcap('begin', s);
export const tcContinue = (s: TcapSpec): Uint8Array => tcap('continue', s);
export const tcEnd = (s: TcapSpec): Uint8Array => tcap('end', s);
export const tcAbort = (s: TcapSpec): Uint8Array => tcap('abort', s);
export const tcUnidirectional = (s: TcapSpec): Uint8Array => tcap('unidirectional', s);

/**
 * ANSI T1.114 package: type 0xE1..0xE6 / 0xF6, Transaction ID [PRIVATE 7], component sequence
 * [PRIVATE 8] of Invoke-Last [PRIVATE 9] { Component IDs [PRIVATE 15], national opcode [PRIVATE 16], parameter set [PRIVATE 18] }.
 */
export function ansiPackage(pkg: number, tidHex: string, opcode?: number): Uint8Array {
  const parts = [tlv(PRIVATE, false, 7, hex(tidHex))];
  if (opcode !== undefined) {
    const inv = tlv(
      PRIVATE,
      true,
      9,
      concat(
        tlv(PRIVATE, false, 15, Uint8Array.of(1)),
        tlv(PRIVATE, false, 16, Uint8Array.of(opcode >> 8, opcode & 0xff)),
        tlv(PRIVATE, true, 18, new Uint8Array(0)),
      ),
    );
    parts.push(tlv(PRIVATE, true, 8, inv));
  }
  return tlv(PRIVATE, true, pkg, concat(...parts));
}
