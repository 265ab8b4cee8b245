/**
 * Nothing silently lost: for valid and damaged captures, the counters account for every frame
 * and every packet at each layer boundary (a frame is decoded or lands in a counted drop /
 * non-signalling category). An equation that does not balance names a silent path.
 */
import { describe, expect, it } from 'vitest';
import { Rng, mutate } from './mutate.js';
import { runCapture, SMALL_LIMITS } from './targets.js';
import { captureSeeds, LINKTYPE_ETHERNET, m3uaOf, tcapSeeds, udt } from './seeds.js';
import { ipv4Fragments } from '../../src/encode/ip.js';
import { ethernet, writePcap } from '../../src/encode/pcap.js';
import { sctpPacket } from '../../src/encode/sctp.js';

const c = (s: Record<string, number>, k: string): number => s[k] ?? 0;

/** Every balance that must hold for any input; returns the ones that do not. */
function imbalances(s: Record<string, number>): string[] {
  const out: string[] = [];
  const eq = (name: string, left: number, right: number): void => {
    if (left !== right) out.push(`${name}: ${left} != ${right}`);
  };
  // Frames, and the packets tunnels carry (each opened tunnel is one more): skipped unread (over
  // limits.maxFrameBytes) | not IP (unsupported link, cut-short link header, other EtherType; a
  // tunnel holding no IP packet) | IP header rejected | IP accepted | MTP3 from an MTP2/MTP3 link.
  eq(
    'frames',
    c(s, 'capture.frames') + c(s, 'link.tunnelled'),
    c(s, 'capture.oversize-record') +
      c(s, 'transport.not-ip') +
      c(s, 'link.tunnel-not-ip') +
      c(s, 'ip.rejected') +
      c(s, 'ip.v4-packets') +
      c(s, 'ip.v6-packets') +
      c(s, 'payload.mtp3'),
  );
  // IP packets (+ reassembled datagrams, the versions made from differing copies and late copies):
  // fragment (held or dropped truncated) | transport.
  eq(
    'ip',
    c(s, 'ip.v4-packets') + c(s, 'ip.v6-packets') + c(s, 'ip.reassembled') + c(s, 'ip.alternate-datagrams') + c(s, 'ip.late-rebuilds'),
    c(s, 'ip.fragments') +
      c(s, 'ip.fragment-truncated') +
      c(s, 'ip.rejected-reassembled') +
      c(s, 'sctp.packets') +
      c(s, 'tcp.segments') +
      c(s, 'ip.udp-ignored') +
      c(s, 'link.tunnelled') +
      c(s, 'ip.other-proto'),
  );
  // SCTP DATA chunks: retransmission | fragment | whole message; reassembly adds messages.
  eq('sctp', c(s, 'sctp.data-chunks') - c(s, 'sctp.retransmissions') - c(s, 'sctp.fragments') + c(s, 'sctp.reassembled'), c(s, 'sctp.user-messages'));
  // Adaptation payloads reach their decoder.
  for (const p of ['m3ua', 'm2pa', 'm2ua', 'sua']) eq(p, c(s, `payload.${p}`), c(s, `${p}.messages`));
  eq('diameter', c(s, 'payload.diameter'), c(s, 'diameter.messages') + c(s, 'diameter.dropped'));
  // SCCP units reach TCAP: a TCAP message or counted as not TCAP.
  eq('tcap', c(s, 'ss7.units'), c(s, 'tcap.messages') + c(s, 'tcap.not-tcap'));
  return out;
}

describe('accounting: every frame and packet is counted somewhere', () => {
  it('valid fixture captures balance at every layer', () => {
    for (const seed of captureSeeds()) {
      const r = runCapture(seed.bytes);
      expect(imbalances(r.stats), seed.name).toEqual([]);
      expect(r.stats['capture.frames'], seed.name).toBeGreaterThan(0);
    }
  });

  it('damaged captures (2000 seeded mutants, default and small limits) balance at every layer', () => {
    const seeds = captureSeeds().map((s) => s.bytes);
    const rng = new Rng(0xacc0);
    const failures: string[] = [];
    for (let i = 0; i < 2000; i++) {
      const b = mutate(rng.pick(seeds), rng, rng.pick(seeds), 24);
      const r = runCapture(b, { limits: i % 2 === 0 ? SMALL_LIMITS : {} });
      const bad = imbalances(r.stats);
      if (bad.length > 0) failures.push(`mutant ${i}: ${bad.join('; ')}`);
    }
    expect(failures.slice(0, 5)).toEqual([]);
  });

  it('a datagram with a differing fragment copy (decoded twice, ip-defrag.ts alternates) and a late copy balance', () => {
    const sctp = sctpPacket({
      srcPort: 2905,
      dstPort: 2905,
      vtag: 1,
      chunks: [{ type: 'data', tsn: 1, stream: 1, ssn: 0, ppid: 3, payload: m3uaOf(udt(tcapSeeds()[0]!)) }],
    });
    const frags = ipv4Fragments({ src: '10.0.0.1', dst: '10.0.0.2', proto: 132, id: 9, payload: sctp }, 24);
    const decoy = frags[1]!.slice();
    decoy[decoy.length - 1]! ^= 0xff; // same offset and length, other bytes
    const late = frags[2]!.slice();
    late[late.length - 1]! ^= 0x55; // a middle fragment after its datagram completed, with other bytes
    const bytes = writePcap(
      [frags[0]!, decoy, ...frags.slice(1), late].map((f) => ({ tsSec: 1, tsNsec: 0, data: ethernet(0x0800, f) })),
      { linkType: LINKTYPE_ETHERNET },
    );
    const r = runCapture(bytes);
    expect([r.stats['ip.alternate-datagrams'], r.stats['ip.late-rebuilds']]).toEqual([1, 1]);
    expect(imbalances(r.stats)).toEqual([]);
  });

  it('a damaged frame is counted, not lost: a frame with a cut IPv4 header', () => {
    const seed = captureSeeds()
      .find((s) => s.name === 'm3ua-sctp')!
      .bytes.slice();
    // First record: 24-byte file header + 16-byte record header + 14-byte Ethernet; IHL 4 words (< 5, RFC 791 §3.1).
    seed[24 + 16 + 14] = 0x44;
    const r = runCapture(seed);
    expect(r.stats['ip.rejected']).toBe(1);
    expect(imbalances(r.stats)).toEqual([]);
  });
});
