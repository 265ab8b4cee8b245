/**
 * A ULR pending when one capture file ends, its ULA in the next (review 10-B F4): the next file's
 * transaction table never saw the ULR, so the ULA (no User-Name: TS 29.272 §7.2.4) names no
 * subscriber. The claim saved by --state-out keeps the ULR's End-to-End id (the answer carries it,
 * RFC 6733 §6.2) and Destination-Realm; restored by --state-in, the ULA accepts it as in one file.
 */
import { describe, expect, it } from 'vitest';
import { Scanner } from '../../src/api/scanner.js';
import { encodePlmn } from '../../src/diameter/plmn.js';
import { avp, buildDiameter } from '../../src/encode/diameter.js';
import { ipv4 } from '../../src/encode/ip.js';
import { ethernet, writePcap } from '../../src/encode/pcap.js';
import { sctpPacket } from '../../src/encode/sctp.js';
import { IMSI, T0, profile, RULES } from '../detect/fixture.js';

const S6A = 16777251;
const HOME = 'epc.mnc410.mcc310.3gppnetwork.org';
const UK = 'epc.mnc015.mcc234.3gppnetwork.org';
const CN = 'epc.mnc000.mcc460.3gppnetwork.org';
const HSS = `hss.${HOME}`;
const ROAM = T0 + 2 * 86400;
const MME = '10.1.0.1';
const HSS_IP = '10.2.0.1';

/** An S6a request (ULR 316, AIR 318) from the MME of `realm`, visiting PLMN mcc/mnc, to the home HSS. */
const request = (cmd: number, realm: string, mcc: string, mnc: string, id: number) =>
  buildDiameter({
    cmd,
    app: S6A,
    request: true,
    proxyable: true,
    hbh: id,
    e2e: 0x5000 + id,
    avps: [
      avp(263, `mme1.${realm};${id}`),
      avp(264, `mme1.${realm}`),
      avp(296, realm),
      avp(283, HOME),
      avp(1, IMSI),
      avp(1407, encodePlmn(mcc, mnc), { vendor: 10415 }),
    ],
  });
const ulr = (realm: string, mcc: string, mnc: string, id: number) => request(316, realm, mcc, mnc, id);
const air = (id: number) => request(318, CN, '460', '00', id);
/** The HSS's ULA 2001, no User-Name (TS 29.272 §7.2.4) and no Subscription-Data. */
const ula = (id: number, hbh = id) =>
  buildDiameter({
    cmd: 316,
    app: S6A,
    request: false,
    proxyable: true,
    hbh,
    e2e: 0x5000 + id,
    avps: [avp(263, `s;${id}`), avp(268, 2001), avp(264, HSS), avp(296, HOME)],
  });

let tsn = 0;
function frame(up: boolean, payload: Uint8Array, t: number) {
  const sctp = sctpPacket({
    srcPort: up ? 3868 : 3869,
    dstPort: up ? 3869 : 3868,
    vtag: up ? 0x2222 : 0x1111,
    checksum: true,
    chunks: [{ type: 'data', tsn: ++tsn, stream: 1, ssn: 0, ppid: 46, payload }],
  });
  return { tsSec: t, tsNsec: 0, data: ethernet(0x0800, ipv4({ src: up ? MME : HSS_IP, dst: up ? HSS_IP : MME, proto: 132, id: tsn, payload: sctp })) };
}

const pcap = (frames: ReturnType<typeof frame>[]) => writePcap(frames, { linkType: 1 });
const FILE1 = () => pcap([frame(true, ulr(UK, '234', '15', 1), T0), frame(false, ula(1), T0), frame(true, ulr(CN, '460', '00', 2), ROAM)]);
/** The ULA of the CN ULR (its hop-by-hop id rewritten on this hop: only the End-to-End id is the ULR's), then the new MME's AIR. */
const FILE2 = (hbh: number) => pcap([frame(false, ula(2, hbh), ROAM + 1), frame(true, air(3), ROAM + 10)]);

function scan(files: Uint8Array[], stateIn?: string) {
  const alerts: string[] = [];
  const s = new Scanner({ profile: profile(), rules: RULES, onAlert: (a) => alerts.push(a.rule), ...(stateIn === undefined ? {} : { stateIn }) });
  for (const [i, f] of files.entries()) {
    s.beginSource(`f${i}.pcap`);
    s.push(f);
  }
  s.endSource();
  const det = s.detectorInstance!;
  const rec = det.snapshotState().subscribers.find((r) => r.imsi === IMSI);
  return { alerts, visited: rec?.visited?.info.plmn, pending: rec?.registration?.pending !== undefined, state: [...det.snapshotText()].join('') };
}

describe('a ULR pending across a rotated capture (review 10-B F4)', () => {
  it('its ULA in the next file accepts the restored claim: no alert, visited moved, as in one file', () => {
    const one = scan([FILE1(), FILE2(2)]);
    expect(one).toMatchObject({ alerts: [], visited: '46000', pending: false });
    const first = scan([FILE1()]);
    expect(first).toMatchObject({ visited: '23415', pending: true });
    for (const hbh of [2, 0x777]) {
      const rotated = scan([FILE2(hbh)], first.state);
      expect(rotated).toMatchObject({ alerts: [], visited: '46000', pending: false });
    }
  });

  it('the ULA of another transaction does not accept it', () => {
    const first = scan([FILE1()]);
    const other = pcap([frame(false, ula(9), ROAM + 1)]);
    expect(scan([other], first.state)).toMatchObject({ visited: '23415', pending: true });
  });
});
