/**
 * Red-team round 15 H4: one TC-BEGIN with 1,500 ATI invokes (invoke ids reused) made 3,000 alerts
 * and no anomaly. Reported now: `tcap.duplicate-invoke-id` (Q.773 InvokeProblem duplicateInvocation)
 * and `tcap.many-invokes` (more than 16 invokes in one message), once per message each.
 */
import { describe, expect, it } from 'vitest';
import type { Anomaly } from '../../src/core/anomaly.js';
import { FrameIndexer } from '../../src/core/frame-index.js';
import { mapArg } from '../../src/encode/map.js';
import { tcBegin } from '../../src/encode/tcap.js';
import { TcapDecoder } from '../../src/ss7/tcap-decoder.js';
import { sccpUnit } from '../support/units.js';

function codes(invokeIds: number[]): string[] {
  const anomalies: Anomaly[] = [];
  const dec = new TcapDecoder({ onEvent: () => {}, indexer: new FrameIndexer(), onAnomaly: (a) => anomalies.push(a) });
  const components = invokeIds.map((invokeId, i) => ({
    type: 'invoke' as const,
    invokeId,
    opcode: 71,
    param: mapArg.anyTimeInterrogation({ msisdn: `1202555${String(i).padStart(4, '0')}`, gsmScfAddress: '8613800000001' }),
  }));
  const begin = tcBegin({ otid: '0a0b0c0d', dialogue: { pdu: 'aarq', acn: '0.4.0.0.1.0.29.3' }, components });
  dec.unit(sccpUnit(begin, { frameNo: 1, calling: { gt: '8613800000001', ssn: 147 }, called: { gt: '12025550001', ssn: 6 } }));
  return anomalies.map((a) => a.code).filter((c) => c.startsWith('tcap.'));
}

describe('rt15 H4: invokes of one TCAP message', () => {
  it('two invokes with one invoke id: tcap.duplicate-invoke-id', () => {
    expect(codes([1, 2, 1])).toEqual(['tcap.duplicate-invoke-id']);
  });

  it('ids -1 and 1 are two ids: nothing', () => {
    expect(codes([-1, 1])).toEqual([]);
  });

  it('ids outside one octet are compared as they are: 1 and 257 are two ids, 300 twice is one (final read 15-B #6)', () => {
    expect(codes([1, 257])).toEqual([]);
    expect(codes([300, 2, 300])).toEqual(['tcap.duplicate-invoke-id']);
  });

  it('many ids outside one octet: distinct ones give many-invokes only, one repeated at the end is found (red team round 16 I2)', () => {
    const wide = Array.from({ length: 3000 }, (_, i) => 0x10000 + i);
    // Past the dialogue's 512 remembered invokes: tcap.dialogue-invoke-limit, once a message (it was once per invoke).
    expect(codes(wide).sort()).toEqual(['tcap.dialogue-invoke-limit', 'tcap.many-invokes']);
    expect(codes([...wide, 0x10000 + 1234]).sort()).toEqual(['tcap.dialogue-invoke-limit', 'tcap.duplicate-invoke-id', 'tcap.many-invokes']);
  });

  it('17 invokes with distinct ids: tcap.many-invokes; 16: nothing', () => {
    expect(codes(Array.from({ length: 17 }, (_, i) => i))).toEqual(['tcap.many-invokes']);
    expect(codes(Array.from({ length: 16 }, (_, i) => i))).toEqual([]);
  });

  it('200 invokes with ids modulo 128: both, once each', () => {
    expect(codes(Array.from({ length: 200 }, (_, i) => i % 128)).sort()).toEqual(['tcap.duplicate-invoke-id', 'tcap.many-invokes']);
  });
});
