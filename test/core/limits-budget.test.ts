/**
 * The default limits' worst case against the memory budget (issue 19: peak RSS < 200 MB, of which
 * ~80 MB are node and sigwatch before the first packet): the per-entry costs are those measured
 * in src/core/limits.ts. One capture can fill every table at once (rt7 M1), so the sum counts.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, type Limits } from '../../src/core/limits.js';
import { MAX_PENDING_INITS } from '../../src/transport/sctp-endpoints.js';

/** Next power of two ≥ n. */
const pow2 = (n: number): number => 2 ** Math.ceil(Math.log2(n));

function worstCaseBytes(l: Limits): number {
  const tsnTable = 3 * 4 * pow2(2 * l.sctpTsnWindow);
  return (
    l.subscribers * 550 +
    l.dialogues * 360 +
    l.diameterTransactions * 120 +
    // + 4 endpoint transport addresses per association direction (sctp-endpoints.ts), ~414 B each
    // (IPv6 texts), and the INITs waiting for their answer and INIT ACKs for their INIT, ~1.7 KB
    // each (16 IPv6 addresses).
    l.sctpAssociations * (550 + tsnTable + 4 * 414) +
    2 * MAX_PENDING_INITS * 1700 +
    l.tcpFlows * 750 +
    l.pcapngInterfaces * 160 +
    l.tcpReasmBytes +
    l.sctpReasmBytes +
    l.ipFragBytes +
    l.sccpSegmentBytes
  );
}

describe('default limits: memory budget', () => {
  it('every bounded table full at once stays under 100 MB', () => {
    expect(worstCaseBytes(DEFAULT_LIMITS)).toBeLessThan(100e6);
  });

  it('no per-flow or per-message bound exceeds the total it belongs to', () => {
    const l = DEFAULT_LIMITS;
    expect(l.tcpFlowBytes).toBeLessThanOrEqual(l.tcpReasmBytes);
    expect(l.diameterMessageBytes).toBeLessThanOrEqual(l.tcpFlowBytes);
    expect(l.sctpMessageBytes).toBeLessThanOrEqual(l.sctpReasmBytes);
  });
});
