/**
 * Review 11-B: registration answers that carry no claim's subscriber reach every `--workers` thread
 * (Scanner + detectFilter, as api/workers-entry.ts), so 2–4 threads alert as one does:
 * - a ULA with Subscription-Data MSISDN (the usual ULA) in the next file of a rotated capture, its
 *   ULR's claim restored by --state-in: sharded by its MSISDN, the IMSI's thread runs observeAnswer,
 *   whose End-to-End lookup needed *no* MSISDN; the claim stayed pending there and the new MME's AIR
 *   was judged against the old location;
 * - the HSS's IDR shows that answers are on the capture (claims are not trusted at once), in the
 *   IDR's subscriber's thread only: the others trusted an unanswered ULR from CN.
 */
import { describe, expect, it } from 'vitest';
import { Scanner } from '../../src/api/scanner.js';
import { hashKey, ShardRouter } from '../../src/api/workers-shard.js';
import { encodePlmn } from '../../src/diameter/plmn.js';
import * as E from '../../src/encode/index.js';
import { IMSI, profile, RULES, T0 } from '../detect/fixture.js';

const S6A = 16777251;
const HOME = 'epc.mnc410.mcc310.3gppnetwork.org';
const UK = 'epc.mnc015.mcc234.3gppnetwork.org';
const CN = 'epc.mnc000.mcc460.3gppnetwork.org';
const LATER = T0 + 2 * 86400;

/** An S6a (or `app`) request of `imsi` from `realm`'s MME, End-to-End id `e2e`. */
const request = (cmd: number, realm: string, imsi: string, plmn: [string, string], e2e: number, app = S6A) =>
  E.buildDiameter({
    cmd,
    app,
    request: true,
    proxyable: true,
    hbh: e2e & 0xffff,
    e2e,
    avps: [
      E.avp(263, `mme1.${realm};${e2e}`),
      E.avp(264, `mme1.${realm}`),
      E.avp(296, realm),
      E.avp(283, HOME),
      E.avp(1, imsi),
      E.avp(1407, encodePlmn(plmn[0], plmn[1]), { vendor: 10415 }),
    ],
  });
/** The HSS's ULA 2001 of End-to-End id `e2e` (on the request's hop unless `hop` says otherwise), with Subscription-Data MSISDN when given. */
const ula = (e2e: number, msisdn?: string, hop = e2e & 0xffff) =>
  E.buildDiameter({
    cmd: 316,
    app: S6A,
    request: false,
    proxyable: true,
    hbh: hop,
    e2e,
    avps: [
      E.avp(263, `s;${e2e}`),
      E.avp(268, 2001),
      E.avp(264, `hss.${HOME}`),
      E.avp(296, HOME),
      ...(msisdn === undefined ? [] : [E.group(1400, [E.msisdnAvp(msisdn)], { vendor: 10415 })]),
    ],
  });
/** The home HSS's IDR for `imsi` to its UK MME. */
const idr = (imsi: string, e2e: number) =>
  E.buildDiameter({
    cmd: 319,
    app: S6A,
    request: true,
    proxyable: true,
    hbh: e2e,
    e2e,
    avps: [E.avp(263, `hss.${HOME};${e2e}`), E.avp(264, `hss.${HOME}`), E.avp(296, HOME), E.avp(293, `mme1.${UK}`), E.avp(283, UK), E.avp(1, imsi)],
  });

let tsn = 0;
/** One SCTP DATA packet, MME → HSS (`up`) or back. */
function frame(up: boolean, payload: Uint8Array, t: number) {
  const sctp = E.sctpPacket({
    srcPort: up ? 3868 : 3869,
    dstPort: up ? 3869 : 3868,
    vtag: up ? 0x2222 : 0x1111,
    checksum: true,
    chunks: [{ type: 'data', tsn: ++tsn, stream: 1, ssn: 0, ppid: 46, payload }],
  });
  const data = E.ethernet(0x0800, E.ipv4({ src: up ? '10.1.0.1' : '10.2.0.1', dst: up ? '10.2.0.1' : '10.1.0.1', proto: 132, id: tsn, payload: sctp }));
  return { tsSec: t, tsNsec: 0, data };
}
const pcap = (frames: ReturnType<typeof frame>[]) => E.writePcap(frames, { linkType: 1 });

/** `files` through `count` detectors sharded as `scan --workers count` shards them: sorted alerts, `imsi`'s visited PLMN per thread, the first's state. */
function sharded(files: Uint8Array[], count: number, imsi: string, stateIn?: string) {
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
  const visited = scanners
    .map((s) => s.detectorInstance!.snapshotState().subscribers.find((r) => r.imsi === imsi)?.visited?.info.plmn)
    .filter((v) => v !== undefined);
  return { alerts: alerts.sort(), visited, state: [...scanners[0]!.detectorInstance!.snapshotText()].join('') };
}

describe('registration answers without the claim subscriber, --workers 1–4 agree (review 11-B)', () => {
  it('a rotated ULA, with or without an MSISDN, accepts its restored ULR claim in every thread', () => {
    const before = pcap([
      frame(true, request(316, UK, IMSI, ['234', '15'], 0x5001), T0),
      frame(false, ula(0x5001), T0),
      frame(true, request(316, CN, IMSI, ['460', '00'], 0x5002), LATER),
    ]);
    const first = sharded([before], 1, IMSI);
    for (const msisdn of [undefined, '12025550123']) {
      // Another hop-by-hop id than its ULR's (the previous file's): the End-to-End id names the transaction.
      const next = pcap([frame(false, ula(0x5002, msisdn, 0x5702), LATER + 1), frame(true, request(318, CN, IMSI, ['460', '00'], 0x5003), LATER + 10)]);
      const one = sharded([next], 1, IMSI, first.state).alerts;
      expect([2, 3, 4].map((n) => [msisdn, n, sharded([next], n, IMSI, first.state).alerts])).toEqual([2, 3, 4].map((n) => [msisdn, n, one]));
    }
  });

  it("an S6a IDR shows the HSS's answers in every thread: an unanswered ULR from CN is not trusted at once", () => {
    const A = '310410123456001';
    let B = '310410123456002';
    for (let i = 3; [2, 3, 4].some((n) => hashKey(B) % n === hashKey(A) % n); i++) B = `3104101234560${String(i).padStart(2, '0')}`;
    const capture = pcap([
      frame(true, request(316, UK, A, ['234', '15'], 1), T0), // A registers in the UK (no answer seen yet: trusted)
      frame(true, request(316, UK, B, ['234', '15'], 2), T0 + 1), // B too
      frame(false, idr(A, 3), T0 + 5), // the HSS's IDR for A: answers are on the capture
      frame(true, request(316, CN, B, ['460', '00'], 4), LATER), // an unanswered ULR for B from CN
      frame(true, request(318, UK, B, ['234', '15'], 5), LATER + 10), // the real UK MME's AIR for B (the old location is alive)
      frame(true, request(8388620, CN, B, ['460', '00'], 6, 16777255), LATER + 60), // a PLR for B from CN
    ]);
    const one = sharded([capture], 1, B);
    const { alerts, visited } = one;
    expect([2, 3, 4].map((n) => [n, sharded([capture], n, B)]).map(([n, r]) => [n, (r as typeof one).alerts, (r as typeof one).visited])).toEqual(
      [2, 3, 4].map((n) => [n, alerts, visited]),
    );
  });
});
