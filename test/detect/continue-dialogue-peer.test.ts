/**
 * Red-team round 15 H8: an ATI in a TC-CONTINUE of a dialogue opened from China (an empty Begin,
 * the HLR's accepting Continue), its calling GT spoofed to a home GT, raised nothing: the dialogue
 * table refused the Continue (a sender not of the dialogue: `tcap.dialogue-uncorroborated`) and the
 * ATI was judged by its calling GT alone. The HLR finds the dialogue by the DTID (Q.774 §3.2.2.2)
 * and answers its peer, the China GT: the message is judged by the worse of the two
 * (detect/context.ts worseOfPeer). Captures built with the repo's encoders.
 */
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/api/scan.js';
import type { ScanAlert } from '../../src/api/scan-options.js';
import * as E from '../../src/encode/index.js';
import { ss7Frame } from '../support/ss7-frames.js';
import { tempProfile, US_HOME_UK_PARTNER } from '../support/profile-file.js';
import { R9_PROFILE } from '../support/r9-srism.js';

const PROFILE = tempProfile(US_HOME_UK_PARTNER);
const HLR = { gt: '12025550001', ssn: 6 };
const CN = { gt: '8613800000001', ssn: 147 };
const ATI_AC = '0.4.0.0.1.0.29.3';
const T = 1_743_235_200;
const ati = {
  type: 'invoke' as const,
  invokeId: 1,
  opcode: 71,
  param: E.mapArg.anyTimeInterrogation({ msisdn: '12025550123', gsmScfAddress: CN.gt }),
};

/** Empty Begin from `opener` (China by default), the HLR's accepting Continue, then the ATI in a Continue "from" `from`. */
async function rules(from: string, opener = CN): Promise<string[]> {
  const frames = [
    ss7Frame(E.tcBegin({ otid: '0a0b0c0d', dialogue: { pdu: 'aarq', acn: ATI_AC }, components: [] }), opener, HLR),
    ss7Frame(E.tcContinue({ otid: '1a1b1c1d', dtid: '0a0b0c0d', dialogue: { pdu: 'aare', acn: ATI_AC }, components: [] }), HLR, opener),
    ss7Frame(E.tcContinue({ otid: '0a0b0c0d', dtid: '1a1b1c1d', components: [ati] }), { gt: from, ssn: 147 }, HLR),
  ].map((data, i) => ({ tsSec: T + i, tsNsec: 0, data }));
  const out: ScanAlert[] = [];
  for await (const a of scan(E.writePcap(frames, { linkType: 1 }), { profile: PROFILE })) out.push(a);
  return out.map((a) => `${a.rule}@${a.frame}`);
}

describe('rt15 H8: an invoke in a Continue refused by its dialogue is judged by the dialogue peer too', () => {
  it('the ATI in a Continue of the China dialogue "from" a home GT raises cat1-from-outside', async () => {
    expect(await rules('12025550010')).toContain('cat1-from-outside@3');
  });

  it('the same Continue from the China GT itself (the dialogue peer): cat1 as before', async () => {
    expect(await rules(CN.gt)).toContain('cat1-from-outside@3');
  });

  it('a dialogue opened by a home gsmSCF, its Continue "from" another home GT: the peer is home, no cat1 (final read 15-A #7)', async () => {
    expect(await rules('12025550011', { gt: '12025550010', ssn: 147 })).not.toContain('cat1-from-outside@3');
  });
});

describe('rt15 H8 for point-code peers: the dialogue opened from a PC + SSN address the registry places abroad', () => {
  /** An SCCP UDT from `calling` to `called` (each a GT or a PC + SSN address), MTP label international. */
  function frame(tcap: Uint8Array, calling: E.SccpAddressSpec, called: E.SccpAddressSpec, opc: number): Uint8Array {
    const sccp = E.encodeSccp({ type: 'udt', data: tcap, calling, called });
    const m3ua = E.encodeM3uaData({ opc, dpc: 200, sls: 1, ni: 0 }, sccp);
    const chunks = [{ type: 'data' as const, tsn: opc, stream: 1, ssn: 0, ppid: 3, payload: m3ua }];
    return E.ethernet(
      0x0800,
      E.ipv4({ src: '10.9.0.1', dst: '10.0.0.2', proto: 132, payload: E.sctpPacket({ srcPort: 2905, dstPort: 2905, vtag: 1, checksum: true, chunks }) }),
    );
  }
  const CN_PC: E.SccpAddressSpec = { ri: 'ssn', pc: 4242, ssn: 147 };
  const HLR_PC: E.SccpAddressSpec = { ri: 'ssn', pc: 200, ssn: 6 };

  /** `opc`: the third message's MTP OPC (not China Carrier's: its label would place the message there by itself, rt11 R9). */
  async function rulesPc(from: E.SccpAddressSpec, opc = 100, opener = CN_PC): Promise<string[]> {
    const frames = [
      frame(E.tcBegin({ otid: '0a0b0c0d', dialogue: { pdu: 'aarq', acn: ATI_AC }, components: [] }), opener, HLR_PC, opener.pc!),
      frame(E.tcContinue({ otid: '1a1b1c1d', dtid: '0a0b0c0d', dialogue: { pdu: 'aare', acn: ATI_AC }, components: [] }), HLR_PC, opener, 200),
      frame(E.tcContinue({ otid: '0a0b0c0d', dtid: '1a1b1c1d', components: [ati] }), from, HLR_PC, opc),
    ].map((data, i) => ({ tsSec: T + i, tsNsec: 0, data }));
    const out: ScanAlert[] = [];
    for await (const a of scan(E.writePcap(frames, { linkType: 1 }), { profile: R9_PROFILE })) out.push(a);
    return out.map((a) => `${a.rule}@${a.frame}`);
  }

  it('the ATI in a Continue "from" a home GT is judged by the Chinese point code: cat1-from-outside', async () => {
    expect(await rulesPc({ gt: '12025550010', ssn: 147 })).toContain('cat1-from-outside@3');
  });

  it('a point code the registry does not place does not decide (the calling GT does, as before)', async () => {
    expect(await rulesPc({ gt: '12025550010', ssn: 147 }, 100, { ri: 'ssn', pc: 777, ssn: 147 })).not.toContain('cat1-from-outside@3');
  });

  it('the same Continue from the dialogue peer itself: cat1 as well (control)', async () => {
    expect(await rulesPc(CN_PC, 4242)).toContain('cat1-from-outside@3');
  });
});
