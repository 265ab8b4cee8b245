/** Test-only: an SccpUnit (the TCAP decoder's input) around encoded TCAP bytes at a non-zero offset. */
import type { MtpInfo, SccpAddressInfo, SccpInfo } from '../../src/events/types.js';
import type { SccpUnit } from '../../src/ss7/types.js';

export interface UnitSpec {
  frameNo?: number;
  tsSec?: number;
  calling?: Partial<SccpAddressInfo>;
  called?: Partial<SccpAddressInfo>;
  /** MTP routing label (default opc 1, dpc 2); null: none (e.g. SUA). */
  mtp?: Partial<MtpInfo> | null;
  /** Octets before the TCAP message in the buffer (default 7). */
  pad?: number;
}

/** An SccpUnit carrying `tcapBytes` at a non-zero offset (with trailing bytes after `end`). */
const UP = { id: 1, transport: 'sctp', src: '10.0.0.1', dst: '10.0.0.2', srcPort: 2905, dstPort: 2905 } as const;
const DOWN = { id: 2, transport: 'sctp', src: '10.0.0.2', dst: '10.0.0.1', srcPort: 2905, dstPort: 2905 } as const;

export function sccpUnit(tcapBytes: Uint8Array, s: UnitSpec = {}): SccpUnit {
  const pad = s.pad ?? 7;
  const bytes = new Uint8Array(pad + tcapBytes.length + 3).fill(0xee);
  bytes.set(tcapBytes, pad);
  const mtp: MtpInfo | undefined = s.mtp === null ? undefined : { opc: 1, dpc: 2, si: 3, ni: 2, ...s.mtp };
  const sccp: SccpInfo = {
    type: 'udt',
    typeCode: 9,
    calling: { ri: 'gt', gti: 4, gt: '491720000000', ssn: 7, ...s.calling },
    called: { ri: 'gt', gti: 4, gt: '441234567890', ssn: 6, ...s.called },
  };
  return {
    frameNo: s.frameNo ?? 1,
    tsSec: s.tsSec ?? 1_700_000_000,
    tsNsec: 0,
    tsPrecision: 6,
    // The IP direction follows the GTs' order: an answer travels back (tcap-dialogues.ts fromRequester).
    flow: (sccp.calling.gt ?? '') < (sccp.called.gt ?? '') ? UP : DOWN,
    mtp: mtp === undefined ? undefined : { sls: 0, mp: -1, ...mtp },
    mtpInfo: () => (mtp === undefined ? undefined : { ...mtp }),
    sccp,
    sccpInfo: () => sccp,
    bytes,
    view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    offset: pad,
    end: pad + tcapBytes.length,
    anomalies: [],
  };
}
