/**
 * review 11-B: a ULA with Subscription-Data MSISDN (the usual ULA) in the next file of a rotated
 * capture, its ULR's claim restored by --state-in. One scanner accepts it (claimOfTransaction).
 * With --workers (Scanner + detectFilter, as api/workers-entry.ts), the ULA is sharded by its MSISDN;
 * the IMSI's thread runs observeAnswer, whose claimOfTransaction path needs *no* MSISDN: the claim
 * stays pending there and the new MME's AIR / PLR are judged against the old location.
 */
import { describe, expect, it } from 'vitest';
import { Scanner } from '../../src/api/scanner.js';
import { ShardRouter } from '../../src/api/workers-shard.js';
import { encodePlmn } from '../../src/diameter/plmn.js';
import type { DiameterAvp } from '../../src/diameter/avp.js';
import * as E from '../../src/encode/index.js';
import { IMSI, T0, profile, RULES } from '../detect/fixture.js';

const S6A = 16777251;
const HOME = 'epc.mnc410.mcc310.3gppnetwork.org';
const UK = 'epc.mnc015.mcc234.3gppnetwork.org';
const CN = 'epc.mnc000.mcc460.3gppnetwork.org';
const ROAM = T0 + 2 * 86400;
const request = (cmd: number, realm: string, mcc: string, mnc: string, id: number, app = S6A, extra: DiameterAvp[] = []) =>
  E.buildDiameter({
    cmd,
    app,
    request: true,
    proxyable: true,
    hbh: id,
    e2e: 0x5000 + id,
    avps: [
      E.avp(263, `mme1.${realm};${id}`),
      E.avp(264, `mme1.${realm}`),
      E.avp(296, realm),
      E.avp(283, HOME),
      E.avp(1, IMSI),
      E.avp(1407, encodePlmn(mcc, mnc), { vendor: 10415 }),
      ...extra,
    ],
  });
const ula = (id: number, msisdn: string | undefined) =>
  E.buildDiameter({
    cmd: 316,
    app: S6A,
    request: false,
    proxyable: true,
    hbh: id + 0x700,
    e2e: 0x5000 + id,
    avps: [
      E.avp(263, `s;${id}`),
      E.avp(268, 2001),
      E.avp(264, `hss.${HOME}`),
      E.avp(296, HOME),
      ...(msisdn === undefined ? [] : [E.group(1400, [E.msisdnAvp(msisdn)], { vendor: 10415 })]),
    ],
  });
let tsn = 0;
function frame(up: boolean, payload: Uint8Array, t: number) {
  const sctp = E.sctpPacket({
    srcPort: up ? 3868 : 3869,
    dstPort: up ? 3869 : 3868,
    vtag: up ? 0x2222 : 0x1111,
    checksum: true,
    chunks: [{ type: 'data', tsn: ++tsn, stream: 1, ssn: 0, ppid: 46, payload }],
  });
  return {
    tsSec: t,
    tsNsec: 0,
    data: E.ethernet(0x0800, E.ipv4({ src: up ? '10.1.0.1' : '10.2.0.1', dst: up ? '10.2.0.1' : '10.1.0.1', proto: 132, id: tsn, payload: sctp })),
  };
}
const pcap = (frames: ReturnType<typeof frame>[]) => E.writePcap(frames, { linkType: 1 });
const okUla = (id: number) =>
  E.buildDiameter({
    cmd: 316,
    app: S6A,
    request: false,
    proxyable: true,
    hbh: id,
    e2e: 0x5000 + id,
    avps: [E.avp(263, `s;${id}`), E.avp(268, 2001), E.avp(264, `hss.${HOME}`), E.avp(296, HOME)],
  });
const FILE1 = () => pcap([frame(true, request(316, UK, '234', '15', 1), T0), frame(false, okUla(1), T0), frame(true, request(316, CN, '460', '00', 2), ROAM)]);
const FILE2 = (msisdn: string | undefined) => pcap([frame(false, ula(2, msisdn), ROAM + 1), frame(true, request(318, CN, '460', '00', 3), ROAM + 10)]);

function scan(files: Uint8Array[], count: number, stateIn?: string) {
  const alerts: string[] = [];
  const router = new ShardRouter(count);
  const scanners: Scanner[] = [];
  for (let shard = 0; shard < count; shard++) {
    const s: Scanner = new Scanner({
      profile: profile(),
      rules: RULES,
      onAlert: (a) => alerts.push(`${a.rule}@${a.frame}`),
      ...(count > 1 ? { detectFilter: (r) => router.shardOf(r, s.notation) === shard } : {}),
      ...(stateIn === undefined ? {} : { stateIn }),
    });
    for (const [i, f] of files.entries()) {
      s.beginSource(`f${i}.pcap`);
      s.push(f);
    }
    s.endSource();
    scanners.push(s);
  }
  const visited = scanners.map((s) => s.detectorInstance!.snapshotState().subscribers.find((r) => r.imsi === IMSI)?.visited?.info.plmn);
  return { alerts: alerts.sort(), visited, state: [...scanners[0]!.detectorInstance!.snapshotText()].join('') };
}

describe('rotated ULA with an MSISDN, --workers', () => {
  it('1 worker and N workers agree', () => {
    const first = scan([FILE1()], 1);
    for (const msisdn of [undefined, '12025550123']) {
      const one = scan([FILE2(msisdn)], 1, first.state);
      const out: unknown[] = [];
      for (let n = 2; n <= 4; n++) out.push([msisdn, n, scan([FILE2(msisdn)], n, first.state).alerts]);
      expect(out).toEqual([2, 3, 4].map((n) => [msisdn, n, one.alerts]));
    }
  });
});
