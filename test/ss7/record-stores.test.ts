/**
 * The decode tier's reused objects (the record handed to onRecord, the transport's SCCP view) get
 * their pointer fields written only when the value changes: each store of a heap object into a
 * long-lived object is a write-barrier check, and a call of V8's barrier while it marks (measured,
 * callgrind, routine capture MiB 12–40: 42 barrier calls a message, ~56 instructions each;
 * bench/results-notes.md "dec19"). The values read stay those of the message (checked below).
 * Captures built with the repo's encoders (test/support/ss7-frames.ts).
 */
import { describe, expect, it } from 'vitest';
import { Decoder } from '../../src/api/decoder.js';
import * as E from '../../src/encode/index.js';
import type { MessageRecord } from '../../src/events/record.js';
import { ss7Frame } from '../support/ss7-frames.js';

const SMSC = { gt: '8613800000001', ssn: 8 };
const HLR = { gt: '12025550001', ssn: 6 };
const SRI_SM_AC = '0.4.0.0.1.0.20.3';

function srism(otid: string): Uint8Array {
  const param = E.mapArg.sendRoutingInfoForSM({ msisdn: '12025550123', sca: SMSC.gt });
  return E.tcBegin({ otid, dialogue: { pdu: 'aarq', acn: SRI_SM_AC }, components: [{ type: 'invoke', invokeId: 1, opcode: 45, param }] });
}

/** Replaces `obj[key]` by an accessor that counts the writes (the value kept as it was). */
function countWrites(obj: object, key: string, writes: Map<string, number>, prefix: string): void {
  let value = (obj as Record<string, unknown>)[key];
  writes.set(prefix + key, 0);
  Object.defineProperty(obj, key, {
    configurable: true,
    enumerable: true,
    get: () => value,
    set: (v: unknown) => {
      writes.set(prefix + key, writes.get(prefix + key)! + 1);
      value = v;
    },
  });
}

// Not `acn`: written every message (dec22: its texts are not internalized strings, so a compare first was a StringEqual
// builtin call whenever the lengths matched, more than the store costs; counted apart below).
const RECORD_FIELDS = ['mtp', 'sccp', 'tcapType', 'otidText', 'dtidText', 'componentType', 'op', 'protocol', 'repeatedIdentity', 'dialoguePeer', 'imsiSource'];
const SCCP_FIELDS = ['type', 'calling', 'called'];

describe('pointer fields of the reused record and SCCP view are written only when they change', () => {
  it('six SRI-for-SM Begins of one shape write none of them after the second; an End writes what changes', () => {
    const frames = [1, 2, 3, 4, 5, 6].map((i) => ss7Frame(srism(`0a0b0c0${i}`), SMSC, HLR));
    frames.push(ss7Frame(E.tcEnd({ dtid: '0a0b0c06', components: [{ type: 'returnResultLast', invokeId: 1 }] }), HLR, SMSC));
    const pcap = E.writePcap(
      frames.map((data, i) => ({ tsSec: 1_743_235_200 + i, tsNsec: 0, data })),
      { linkType: 1 },
    );
    const writes = new Map<string, number>();
    const acnWrites = new Map<string, number>();
    const acnAfter: number[] = [];
    const seen: string[] = [];
    const after: number[] = [];
    let first: MessageRecord | undefined;
    const dec = new Decoder({
      onRecord: (r) => {
        first ??= r as MessageRecord;
        expect(r).toBe(first); // one reused record
        // From the second record on: the first put the SCCP address memo's records in place of the decoder's own.
        if (seen.length === 1) {
          for (const k of RECORD_FIELDS) countWrites(r, k, writes, 'record.');
          for (const k of SCCP_FIELDS) countWrites(r.sccp!, k, writes, 'sccp.');
          countWrites(r, 'acn', acnWrites, 'record.');
        }
        seen.push(`${r.tcapType} ${r.acn ?? '-'} ${r.componentType} ${r.op ?? '-'} ${r.protocol} ${r.sccp?.type} ${r.sccp?.calling.gt}`);
        after.push([...writes.values()].reduce((a, b) => a + b, 0));
        acnAfter.push(acnWrites.get('record.acn') ?? 0);
      },
    });
    dec.push(pcap);
    dec.end();
    const begin = `begin ${SRI_SM_AC} invoke sendRoutingInfoForSM map udt ${SMSC.gt}`;
    expect(seen).toEqual([begin, begin, begin, begin, begin, begin, `end ${SRI_SM_AC} returnResultLast sendRoutingInfoForSM map udt ${HLR.gt}`]);
    // Records 3-6 repeat record 2's values: no write at all (each was written once a message before).
    expect(after.slice(1, 6)).toEqual([0, 0, 0, 0, 0]);
    // The ACN: stored by every record, the same text (counted from record 2 on: records 3-7 write it once each; compared first, none did).
    expect(acnAfter).toEqual([0, 0, 1, 2, 3, 4, 5]);
    // The End: its type, component type and calling/called addresses changed (the ACN and the
    // operation come from the dialogue and the remembered invoke: the same texts).
    expect(Object.fromEntries([...writes].filter(([, n]) => n > 0))).toEqual({
      'record.tcapType': 1,
      'record.componentType': 1,
      'sccp.calling': 1,
      'sccp.called': 1,
    });
  });
});
