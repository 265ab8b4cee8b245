/**
 * `scan --workers N` on a capture whose subscribers each appear on two SCTP associations: the
 * UpdateLocation that sets the visited network (Japan) on one, an UpdateLocation from the UK a
 * few seconds later, which is judged against it (impossible-travel), on the other. Alerts must equal one thread's, name the visited network
 * learned on the other association, and come out in capture order whatever thread owns each
 * subscriber. Built with the fixture encoders (src/encode); everything is synthetic.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ipv4 } from '../../src/encode/ip.js';
import { mapArg } from '../../src/encode/map.js';
import { ethernet, writePcap } from '../../src/encode/pcap.js';
import { encodeSccp } from '../../src/encode/sccp.js';
import { sctpPacket } from '../../src/encode/sctp.js';
import { encodeM3uaData } from '../../src/encode/sigtran.js';
import { tcBegin } from '../../src/encode/tcap.js';
import { hashKey } from '../../src/api/workers-shard.js';
import { gt, TEMP_DIR, tempFile } from '../hostile/captures.js';
import { buildOnce, jsonLines, runCli } from '../cli/run-cli.js';

beforeAll(() => buildOnce(), 120_000);

const JP_VLR = '81901200001';
const GB_VLR = '447700900001';
const HLR = '12025550001';
/** One association per (src, dst) address pair: its own TSN sequence. */
const tsns = new Map<string, number>();

function mapOn(assoc: [string, string], o: { opcode: number; acn: string; param: Uint8Array; calling: string; called: string; otid: number }): Uint8Array {
  const key = assoc.join('>');
  const tsn = (tsns.get(key) ?? 0) + 1;
  tsns.set(key, tsn);
  const tc = tcBegin({
    otid: o.otid.toString(16).padStart(8, '0'),
    dialogue: { pdu: 'aarq', acn: o.acn },
    components: [{ type: 'invoke', invokeId: 1, opcode: o.opcode, param: o.param }],
  });
  const sccp = encodeSccp({ type: 'udt', protocolClass: 1, called: gt(o.called, 6), calling: gt(o.calling, 7), data: tc });
  const m3ua = encodeM3uaData({ opc: 100, dpc: 200, routingContext: 1 }, sccp);
  const sctp = sctpPacket({ srcPort: 2905, dstPort: 2905, vtag: 7, chunks: [{ type: 'data', tsn, stream: 1, ssn: tsn & 0xffff, ppid: 3, payload: m3ua }] });
  return ethernet(0x0800, ipv4({ src: assoc[0], dst: assoc[1], proto: 132, id: tsn, payload: sctp }));
}

const A: [string, string] = ['10.0.0.1', '10.0.0.9'];
const B: [string, string] = ['10.0.0.2', '10.0.0.9'];
/** Eight home subscribers (both shards of two workers are owners: checked below). */
const IMSIS = Array.from({ length: 8 }, (_, i) => `31041012345678${i}`);

function capture(): string {
  const frames: Uint8Array[] = [];
  let otid = 1;
  for (const imsi of IMSIS) {
    frames.push(
      mapOn(A, {
        opcode: 2,
        acn: '0.4.0.0.1.0.1.3',
        param: mapArg.updateLocation({ imsi, mscNumber: JP_VLR, vlrNumber: JP_VLR }),
        calling: JP_VLR,
        called: HLR,
        otid: otid++,
      }),
    );
  }
  for (const imsi of IMSIS) {
    frames.push(
      mapOn(B, {
        opcode: 2,
        acn: '0.4.0.0.1.0.1.3',
        param: mapArg.updateLocation({ imsi, mscNumber: GB_VLR, vlrNumber: GB_VLR }),
        calling: GB_VLR,
        called: HLR,
        otid: otid++,
      }),
    );
  }
  return tempFile(
    writePcap(
      frames.map((data, i) => ({ tsSec: 1_700_000_000 + i, tsNsec: 0, data })),
      { linkType: 1 },
    ),
  );
}

const PROFILE = `home:
  name: Example Mobile
  gt_prefixes: ["1202555"]
  imsi_prefixes: ["310410"]
  msisdn_prefixes: ["1202555"]
`;

describe('a subscriber on two associations, --workers 1..3', () => {
  it("alerts equal one thread's, judged against the visited network learned on the other association", () => {
    expect(new Set(IMSIS.map((i) => hashKey(i) % 2)).size).toBe(2);
    const file = capture();
    const profile = tempFile(PROFILE, '.yaml');
    expect(profile.startsWith(TEMP_DIR)).toBe(true);
    const one = runCli(['scan', '--jsonl', '--profile', profile, file]);
    expect(one.code).toBe(0);
    const alerts = jsonLines(one.stdout).filter((a) => a.rule === 'impossible-travel');
    // One per subscriber, on association B, naming the network learned on association A.
    expect(alerts.map((a) => (a.subscriber as { imsi: string }).imsi)).toEqual(IMSIS);
    for (const a of alerts) expect((a.evidence as { flow: { src: string } }).flow.src).toBe(B[0]);
    for (const a of alerts) expect((a.visited as { country?: string }).country).toBe('JP');
    for (const n of ['2', '3']) {
      const r = runCli(['scan', '--jsonl', '--workers', n, '--profile', profile, file]);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(one.stdout);
      // The readable summary (counts by rule, subscribers, ...) too.
      expect(runCli(['scan', '--workers', n, '--profile', profile, file]).stdout).toBe(runCli(['scan', '--profile', profile, file]).stdout);
    }
  });
});
