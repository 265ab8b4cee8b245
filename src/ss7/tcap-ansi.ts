/**
 * ANSI T1.114 TCAP (PRIVATE-class package types), enough to report the package type, the
 * transaction ids and the components' types, invoke ids and operation codes. Shares the
 * {@link TcapMessage} shape with the ITU-T Q.773 decoder (tcap.ts), which dispatches here when
 * the message's first identifier octet is of the PRIVATE class.
 */
import { addAnomaly, anomaly, failureCode } from '../core/anomaly.js';
import { TagClass, hexOf, newTlv, readTlv } from '../asn1/ber.js';
import type { ComponentType, TcapType } from '../events/types.js';
import { nextComponent, tagText, TCAP_ANOMALY, type TcapMessage } from './tcap-message.js';

/**
 * ANSI T1.114 §3 package types (PRIVATE class, constructed): identifier octets 0xE1..0xE6, 0xF6,
 * mapped onto the ITU message types they correspond to.
 */
export const ANSI_PACKAGE: Readonly<Record<number, { name: string; type: TcapType }>> = {
  1: { name: 'unidirectional', type: 'unidirectional' },
  2: { name: 'queryWithPermission', type: 'begin' },
  3: { name: 'queryWithoutPermission', type: 'begin' },
  4: { name: 'response', type: 'end' },
  5: { name: 'conversationWithPermission', type: 'continue' },
  6: { name: 'conversationWithoutPermission', type: 'continue' },
  22: { name: 'abort', type: 'abort' },
};
/** ANSI T1.114: Transaction ID [PRIVATE 7] primitive, component sequence [PRIVATE 8] constructed. */
const ANSI_TID = 7;
const ANSI_COMPONENTS = 8;
/** ANSI T1.114 component types [PRIVATE 9..14]. */
const ANSI_COMPONENT: Readonly<Record<number, ComponentType>> = {
  9: 'invoke', // Invoke (Last)
  10: 'returnResultLast',
  11: 'returnError',
  12: 'reject',
  13: 'invoke', // Invoke (Not Last)
  14: 'returnResult', // Return Result (Not Last)
};

/** Scratch TLVs of the ANSI decoder (package level, component level, component field). */
const P0 = newTlv();
const C0 = newTlv();
const C1 = newTlv();

/**
 * ANSI T1.114: package type, Transaction ID [PRIVATE 7] (0 octets for unidirectional, 4 for
 * query/response/abort, 8 for conversation = originating + responding), dialogue portion
 * [PRIVATE 25] (skipped), component sequence [PRIVATE 8].
 */
export function decodeAnsi(
  view: DataView,
  bytes: Uint8Array,
  pkg: number,
  start: number,
  end: number,
  out: TcapMessage,
  maxDepth: number,
  messageStart: number,
): void {
  const kind = ANSI_PACKAGE[pkg]!;
  out.ansi = true;
  out.ansiPackage = kind.name;
  out.type = kind.type;
  const t = P0;
  for (let p = start; p < end; p = t.end) {
    if (!readTlv(view, p, end, t, maxDepth)) {
      addAnomaly(out, anomaly(failureCode(t.error), 'ber', `ANSI ${kind.name} at ${p - messageStart}: ${t.error}`));
      return;
    }
    if (t.cls === TagClass.PRIVATE && t.tag === ANSI_TID) {
      const n = t.valueEnd - t.valueStart;
      // As text (the codes stay -1 from reset): T1.114 ids are not the ITU codes' lengths.
      if (n === 8) {
        out.otidText = hexOf(bytes, t.valueStart, t.valueStart + 4);
        out.dtidText = hexOf(bytes, t.valueStart + 4, t.valueEnd);
      } else if (n > 0) {
        if (kind.type === 'end' || kind.type === 'abort') out.dtidText = hexOf(bytes, t.valueStart, t.valueEnd);
        else out.otidText = hexOf(bytes, t.valueStart, t.valueEnd);
      }
    } else if (t.cls === TagClass.PRIVATE && t.tag === ANSI_COMPONENTS) {
      ansiComponents(view, t.valueStart, t.valueEnd, out, maxDepth);
    }
  }
}

/** ANSI components: type, first octet of Component IDs [PRIVATE 15] as invoke id, parameter length. */
function ansiComponents(view: DataView, start: number, end: number, out: TcapMessage, maxDepth: number): void {
  const t = C0;
  const f = C1;
  for (let p = start; p < end; p = t.end) {
    if (!readTlv(view, p, end, t, maxDepth)) {
      addAnomaly(out, anomaly(failureCode(t.error), 'ber', `ANSI component sequence: ${t.error}`));
      return;
    }
    const type = t.cls === TagClass.PRIVATE ? ANSI_COMPONENT[t.tag] : undefined;
    if (type === undefined) {
      addAnomaly(out, anomaly(TCAP_ANOMALY.UNKNOWN_TAG, 'tcap', `ANSI component ${tagText(t)}`));
      continue;
    }
    const c = nextComponent(out);
    c.type = type;
    for (let q = t.valueStart; q < t.valueEnd; q = f.end) {
      if (!readTlv(view, q, t.valueEnd, f, maxDepth)) break;
      if (f.cls === TagClass.PRIVATE && f.tag === 15 && f.valueEnd > f.valueStart) c.invokeId = view.getUint8(f.valueStart);
      else if (f.cls === TagClass.PRIVATE && (f.tag === 16 || f.tag === 17) && f.valueEnd - f.valueStart === 2) {
        c.opcode = view.getUint16(f.valueStart); // Operation Code: family, specifier
      } else if ((f.cls === TagClass.PRIVATE && f.tag === 18) || (f.cls === TagClass.UNIVERSAL && f.tag === 16)) {
        c.paramStart = f.start;
        c.paramEnd = f.end;
      }
    }
  }
}
