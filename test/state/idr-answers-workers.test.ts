/**
 * review 11-B (same shape as review 10-B F6, Diameter): an IDR sets `registrationAnswers` in learn()
 * (state/learn.ts case IDR) but observeAnswer() ignores IDRs, so with --workers only the IDR
 * subscriber's thread learns that the capture carries the HSS's side. Another subscriber's ULR from
 * CN is then trusted at once in its own thread (one scanner: it waits, and the old MME's AIR drops it).
 */
import { describe, expect, it } from 'vitest';
import { Scanner } from '../../src/api/scanner.js';
import { ShardRouter, hashKey } from '../../src/api/workers-shard.js';
import { encodePlmn } from '../../src/diameter/plmn.js';
import type { DiameterAvp } from '../../src/diameter/avp.js';
import * as E from '../../src/encode/index.js';
import { T0, profile, RULES } from '../detect/fixture.js';

const S6A = 16777251;
const HOME = 'epc.mnc410.mcc310.3gppnetwork.org';
const UK = 'epc.mnc015.mcc234.3gppnetwork.org';
const CN = 'epc.mnc000.mcc460.3gppnetwork.org';
const A = '310410123456001';
let B = '310410123456002';
for (let i = 3; [2, 3, 4].some((n) => hashKey(B) % n === hashKey(A) % n); i++) B = `3104101234560${String(i).padStart(2, '0')}`;
const req = (cmd: number, realm: string, imsi: string, mcc: string, mnc: string, id: number, app = S6A, extra: DiameterAvp[] = []) =>
  E.buildDiameter({
    cmd,
    app,
    request: true,
    proxyable: true,
    hbh: id,
    e2e: id,
    avps: [
      E.avp(263, `mme1.${realm};${id}`),
      E.avp(264, `mme1.${realm}`),
      E.avp(296, realm),
      E.avp(283, HOME),
      E.avp(1, imsi),
      E.avp(1407, encodePlmn(mcc, mnc), { vendor: 10415 }),
      ...extra,
    ],
  });
/** The home HSS's IDR for A to its UK MME. */
const idr = (id: number) =>
  E.buildDiameter({
    cmd: 319,
    app: S6A,
    request: true,
    proxyable: true,
    hbh: id,
    e2e: id,
    avps: [E.avp(263, `hss.${HOME};${id}`), E.avp(264, `hss.${HOME}`), E.avp(296, HOME), E.avp(293, `mme1.${UK}`), E.avp(283, UK), E.avp(1, A)],
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
const L = T0 + 2 * 86400;
const capture = () =>
  E.writePcap(
    [
      frame(true, req(316, UK, A, '234', '15', 1), T0), // A registers in the UK (no answer seen yet: trusted)
      frame(true, req(316, UK, B, '234', '15', 2), T0 + 1), // B too
      frame(false, idr(3), T0 + 5), // the HSS's IDR for A: answers are on the capture
      frame(true, req(316, CN, B, '460', '00', 4), L), // an unanswered ULR for B from CN
      frame(true, req(318, UK, B, '234', '15', 5), L + 10), // the real UK MME's AIR for B (the old location is alive)
      frame(true, req(8388620, CN, B, '460', '00', 6, 16777255), L + 60), // a PLR for B from CN
    ],
    { linkType: 1 },
  );

function scan(count: number) {
  const alerts: string[] = [];
  const router = new ShardRouter(count);
  const visited: (string | undefined)[] = [];
  for (let shard = 0; shard < count; shard++) {
    const s: Scanner = new Scanner({
      profile: profile(),
      rules: RULES,
      onAlert: (a) => alerts.push(`${a.rule}@${a.frame}`),
      ...(count > 1 ? { detectFilter: (r) => router.shardOf(r, s.notation) === shard } : {}),
    });
    s.beginSource('f.pcap');
    s.push(capture());
    s.endSource();
    const v = s.detectorInstance!.snapshotState().subscribers.find((r) => r.imsi === B)?.visited?.info.plmn;
    if (v !== undefined) visited.push(v);
  }
  return { alerts: alerts.sort(), visited };
}

describe('IDR shows answers in every thread', () => {
  it('1 worker and N workers agree', () => {
    const one = scan(1);
    const out = [2, 3, 4].map((n) => [n, scan(n)]);
    expect(out).toEqual([2, 3, 4].map((n) => [n, one]));
  });
});
