/**
 * Review 16-A #1, #5, #6 (ss7/flow-directions.ts, transport/sctp-sides.ts): an answer sent the way of
 * its Begin is the requester's wherever the capture writes the two directions apart, shown by the
 * transport (the peer's SACK on the reverse of a DATA direction) or by the TCAP layer (an answer on the
 * exact reverse of its Begin's direction), capture-wide: an attacker's new association or source port
 * is judged from its first message. A capture that writes everything one way (with one stray message
 * the other way) still teaches; a hairpin-routed association (each message both ways) is no forgery.
 * Captures built with the repo's encoders; the SRI from China 8 h after the victim's last evidence in
 * the UK: travel explains the number's move, so only the direction rule keeps the victim's IMSI judging.
 */
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/api/scan.js';
import type { ScanAlert } from '../../src/api/scan-options.js';
import * as E from '../../src/encode/index.js';
import { tempProfile, US_HOME_UK_PARTNER } from '../support/profile-file.js';

const PROFILE = tempProfile(US_HOME_UK_PARTNER);
const HLR = '12025550001';
const UL_AC = '0.4.0.0.1.0.1.3';
const VICTIM = { imsi: '310410100000123', msisdn: '12025550123' };
const ATTACKER = '310410100000077';
const T = 1_743_235_200;
const LATE = 8 * 3600;

interface Dir {
  src: string;
  dst: string;
  sport: number;
  dport: number;
}
const REQ: Dir = { src: '10.9.0.1', dst: '10.0.0.2', sport: 2905, dport: 2905 };
const ANS: Dir = { src: '10.0.0.2', dst: '10.9.0.1', sport: 2905, dport: 2905 };
/** The attacker's new source port, and its reverse. */
const NREQ: Dir = { ...REQ, sport: 2906 };
const NANS: Dir = { ...ANS, dport: 2906 };

interface Frame {
  at: number;
  data: Uint8Array;
}

function ip(dir: Dir, sctp: Uint8Array): Uint8Array {
  return E.ethernet(0x0800, E.ipv4({ src: dir.src, dst: dir.dst, proto: 132, payload: sctp }));
}

let tsn = 1;
/** A TCAP message over M3UA (label opc → dpc) in one DATA chunk along `dir`. */
function msg(at: number, dir: Dir, tcap: Uint8Array, calling: string, cssn: number, called: string, dssn: number, opc: number, dpc: number): Frame {
  const payload = E.encodeM3uaData(
    { opc, dpc, sls: 1 },
    E.encodeSccp({ type: 'udt', data: tcap, calling: { gt: calling, ssn: cssn }, called: { gt: called, ssn: dssn } }),
  );
  const chunks = [{ type: 'data' as const, tsn: tsn++, stream: 1, ssn: 0, ppid: 3, payload }];
  return { at, data: ip(dir, E.sctpPacket({ srcPort: dir.sport, dstPort: dir.dport, vtag: 1, checksum: true, chunks })) };
}

/** The peer's SACK along `dir` (RFC 9260 §3.3.4). */
function sack(at: number, dir: Dir): Frame {
  return { at, data: ip(dir, E.sctpPacket({ srcPort: dir.sport, dstPort: dir.dport, vtag: 2, checksum: true, chunks: [{ type: 'sack', cumTsn: tsn - 1 }] })) };
}

const ul = (otid: string, imsi: string, vlr: string) =>
  E.tcBegin({
    otid,
    dialogue: { pdu: 'aarq', acn: UL_AC },
    components: [{ type: 'invoke', invokeId: 1, opcode: 2, param: E.mapArg.updateLocation({ imsi, mscNumber: vlr, vlrNumber: vlr }) }],
  });
const isd = (otid: string, dtid: string, msisdn: string) =>
  E.tcContinue({
    otid,
    dtid,
    dialogue: { pdu: 'aare', acn: UL_AC },
    components: [{ type: 'invoke', invokeId: 1, opcode: 7, param: E.mapArg.insertSubscriberData({ msisdn }) }],
  });
const ulEnd = (dtid: string) =>
  E.tcEnd({ dtid, components: [{ type: 'returnResultLast', invokeId: 1, opcode: 2, param: E.mapRes.hlrNumber({ hlrNumber: HLR }) }] });

/** A registration of `imsi` at `vlr` (with the HLR's ISD naming `msisdn`); the HLR's messages along `back`. */
function registration(at: number, imsi: string, vlr: string, o: string, msisdn: string | undefined, back: Dir, both = false, fwd = REQ): Frame[] {
  const out: Frame[] = [];
  // `both`: hairpin routing, each message on both directions of the association (review 16-A #6).
  const put = (dir: Dir, tcap: Uint8Array, calling: string, cssn: number, called: string, dssn: number, opc: number, dpc: number) => {
    out.push(msg(at, dir, tcap, calling, cssn, called, dssn, opc, dpc));
    if (both) out.push(msg(at, dir === REQ ? ANS : REQ, tcap, calling, cssn, called, dssn, opc, dpc));
  };
  put(fwd, ul(o + '22', imsi, vlr), vlr, 7, HLR, 6, 100, 200);
  if (msisdn !== undefined) {
    put(back, isd(o + '27', o + '22', msisdn), HLR, 6, vlr, 7, 200, 100);
    const res = E.tcContinue({ otid: o + '22', dtid: o + '27', components: [{ type: 'returnResultLast', invokeId: 1 }] });
    put(fwd, res, vlr, 7, HLR, 6, 100, 200);
  }
  put(back, ulEnd(o + '22'), HLR, 6, vlr, 7, 200, 100);
  return out;
}

/** The SRI for the victim's number from a China GMSC. */
function sri(at: number): Frame {
  const tcap = E.tcBegin({
    otid: '0c000001',
    dialogue: { pdu: 'aarq', acn: '0.4.0.0.1.0.5.3' },
    components: [{ type: 'invoke', invokeId: 1, opcode: 22, param: E.mapArg.sendRoutingInfo({ msisdn: VICTIM.msisdn, gmscAddress: '8613900000050' }) }],
  });
  return msg(at, REQ, tcap, '8613900000050', 8, HLR, 6, 300, 200);
}

/**
 * The victim registers in the UK (its HLR's messages along `victimBack`); the attacker's SIM in China;
 * 8 h later the attacker's UL from another China VLR on a new source port with a forged ISD (the HLR's
 * GT and label) naming the victim's number, sent the UL's way (`sacked`: the peer's SACK of the UL came
 * back first), then the HLR's honest End; then the SRI from China.
 */
async function attack(victimBack: Dir, sacked: boolean): ReturnType<typeof run> {
  const v2 = '8613900000012';
  const frames = [
    ...registration(10, VICTIM.imsi, '447785000011', '0a0001', VICTIM.msisdn, victimBack),
    ...registration(20, ATTACKER, '8613900000011', '0a0002', undefined, victimBack),
    msg(LATE + 30, NREQ, ul('0b000001', ATTACKER, v2), v2, 7, HLR, 6, 100, 200),
    ...(sacked ? [sack(LATE + 30, NANS)] : []),
    msg(LATE + 31, NREQ, isd('0b0000ff', '0b000001', VICTIM.msisdn), HLR, 6, v2, 7, 200, 100),
    msg(LATE + 32, NANS, ulEnd('0b000001'), HLR, 6, v2, 7, 200, 100),
    sri(LATE + 600),
  ];
  return run(frames);
}

async function run(frames: Frame[]): Promise<{ rules: string[]; fromRequester: number; imsis: string[] }> {
  const pcap = E.writePcap(
    frames.map((f) => ({ tsSec: T + f.at, tsNsec: 0, data: f.data })),
    { linkType: 1 },
  );
  const rules: string[] = [];
  // The IMSI each alert names: the SRI names only the MSISDN, so its alert has an IMSI only by a link the state learned.
  const imsis: string[] = [];
  let fromRequester = 0;
  const opts = { profile: PROFILE, onAnomaly: (a: { code: string }) => void (fromRequester += +(a.code === 'tcap.answer-from-requester')) };
  for await (const a of scan(pcap, opts) as AsyncIterable<ScanAlert>) {
    rules.push(`${a.rule}:${a.level}:${a.subscriber.msisdn ?? a.subscriber.imsi}`);
    imsis.push(a.subscriber.imsi ?? '');
  }
  return { rules, fromRequester, imsis };
}

const MISMATCH_HIGH = `location-origin-mismatch:high:${VICTIM.msisdn}`;

describe('review 16-A #1: a forged answer on a direction no TCAP message used the other way yet', () => {
  it('the capture showed both directions by TCAP (the victim’s registration answered back): the forged ISD on the new port relinks nothing', async () => {
    const r = await attack(ANS, false);
    expect(r.fromRequester).toBe(1);
    expect(r.rules).toContain(MISMATCH_HIGH);
  });

  it('a one-way written capture until the attacker’s port, whose peer SACKs its UL: the forged ISD relinks nothing', async () => {
    const r = await attack(REQ, true);
    expect(r.fromRequester).toBe(1);
    expect(r.rules).toContain(MISMATCH_HIGH);
  });

  it('the same one-way capture without the SACK shows no second side: the ISD teaches, as a one-way capture’s answers do', async () => {
    const r = await attack(REQ, false);
    expect(r.fromRequester).toBe(0);
    expect(r.rules).not.toContain(MISMATCH_HIGH);
  });
});

describe('review 16-A #5: a capture that writes both sides one way, with one Begin the other way', () => {
  it('the stray Begin proves nothing: the victim’s ISD teaches, so the SRI from China is judged high', async () => {
    const stray = E.tcBegin({
      otid: '0e000001',
      dialogue: { pdu: 'aarq', acn: '0.4.0.0.1.0.14.3' },
      components: [{ type: 'invoke', invokeId: 1, opcode: 56, param: E.mapArg.sendAuthenticationInfo({ imsi: '460001234567890' }) }],
    });
    const frames = [
      msg(1, ANS, stray, '8613900000077', 7, '8613800000020', 6, 200, 100),
      ...registration(10, VICTIM.imsi, '447785000011', '0a0001', VICTIM.msisdn, REQ),
      sri(600),
    ];
    const r = await run(frames);
    expect(r.fromRequester).toBe(0);
    expect(r.rules).toContain(MISMATCH_HIGH);
  });
});

describe('review 16-A #6: hairpin routing, each message on both directions of one association', () => {
  it('no answer-from-requester for the honest dialogues, and the victim’s number is still judged', async () => {
    const frames = [
      ...registration(10, VICTIM.imsi, '447785000011', '0a0001', VICTIM.msisdn, ANS, true),
      ...registration(11, '310410100001001', '447785000011', '0a0002', '12025560001', ANS, true),
      sri(600),
    ];
    const r = await run(frames);
    expect(r.fromRequester).toBe(0);
    expect(r.rules).toContain(MISMATCH_HIGH);
  });
});

/**
 * Red-team round 17 K1, K3: the victim registers in the UK (answers back: the capture shows both
 * sides), the attacker's SIM in China; 8 h later the attacker's UL from another China VLR along `ulDir`
 * and the forged ISD (the HLR's GT and label) naming the victim's number along `isdDir`, `first`: captured
 * just before the UL in the same second (an orphan the UL joins); then the HLR's End and the SRI.
 */
async function forged(ulDir: Dir, isdDir: Dir, first: boolean, extra: Frame[] = []): ReturnType<typeof run> {
  const v2 = '8613900000012';
  const begin = msg(LATE + 30, ulDir, ul('0b000001', ATTACKER, v2), v2, 7, HLR, 6, 100, 200);
  const forgedIsd = msg(LATE + (first ? 30 : 31), isdDir, isd('0b0000ff', '0b000001', VICTIM.msisdn), HLR, 6, v2, 7, 200, 100);
  const frames = [
    ...registration(10, VICTIM.imsi, '447785000011', '0a0001', VICTIM.msisdn, ANS),
    ...registration(20, ATTACKER, '8613900000011', '0a0002', undefined, ANS),
    ...extra,
    ...(first ? [forgedIsd, begin] : [begin, forgedIsd]),
    msg(LATE + 32, ANS, ulEnd('0b000001'), HLR, 6, v2, 7, 200, 100),
    sri(LATE + 600),
  ];
  return run(frames);
}

describe('red-team round 17 K1: a forged answer captured before its Begin, sent the Begin’s way', () => {
  it('after the Begin (control): refused', async () => {
    const r = await forged(REQ, REQ, false);
    expect(r.fromRequester).toBe(1);
    expect(r.rules).toContain(MISMATCH_HIGH);
  });

  it('just before the Begin (an orphan the Begin joins): refused at the join, the victim’s number still judged', async () => {
    const r = await forged(REQ, REQ, true);
    expect(r.fromRequester).toBe(1);
    expect(r.rules).toContain(MISMATCH_HIGH);
  });

  it('an honest orphan answer on the reverse direction is joined (the ISD teaches: no high for the SRI)', async () => {
    const r = await forged(REQ, ANS, true);
    expect(r.fromRequester).toBe(0);
    expect(r.rules).not.toContain(MISMATCH_HIGH);
  });
});

describe('red-team round 17 K3: a forged answer on a sibling association between the same two hosts', () => {
  /** A routine registration on the sibling association (source port 2906), both ways. */
  const sibling = () => registration(25, '310410100001001', '447785000011', '0a0003', '12025560001', NANS, false, NREQ);

  it('sent the requests’ way on the sibling: refused, the victim’s number still judged', async () => {
    const r = await forged(REQ, NREQ, false, sibling());
    expect(r.fromRequester).toBe(1);
    expect(r.rules).toContain(MISMATCH_HIGH);
  });

  it('the same, captured before the Begin: refused at the join', async () => {
    const r = await forged(REQ, NREQ, true, sibling());
    expect(r.fromRequester).toBe(1);
    expect(r.rules).toContain(MISMATCH_HIGH);
  });

  it('the HLR’s answer back on the sibling (the reverse side, another port) teaches', async () => {
    const r = await forged(REQ, NANS, false, sibling());
    expect(r.fromRequester).toBe(0);
    expect(r.rules).not.toContain(MISMATCH_HIGH);
  });
});

describe('red-team round 17 K1: the orphans’ own proof of both sides', () => {
  it('a capture written one way until the attacker’s orphans: the HLR’s End on the reverse proves both sides, the forged ISD before it is judged', async () => {
    const v2 = '8613900000012';
    const frames = [
      ...registration(10, VICTIM.imsi, '447785000011', '0a0001', VICTIM.msisdn, REQ),
      ...registration(20, ATTACKER, '8613900000011', '0a0002', undefined, REQ),
      msg(LATE + 30, REQ, isd('0b0000ff', '0b000001', VICTIM.msisdn), HLR, 6, v2, 7, 200, 100),
      msg(LATE + 30, ANS, ulEnd('0b000001'), HLR, 6, v2, 7, 200, 100),
      msg(LATE + 30, REQ, ul('0b000001', ATTACKER, v2), v2, 7, HLR, 6, 100, 200),
      sri(LATE + 600),
    ];
    const r = await run(frames);
    expect(r.fromRequester).toBe(1);
    expect(r.rules).toContain(MISMATCH_HIGH);
  });
});

describe('review 17-A #1: a dialogue one of whose answers was the requester’s gives no sure word', () => {
  /**
   * The attacker's UL from China (its SIM just registered there), its forged ISD naming the victim's number sent
   * the UL's way (refused), and the STP's relay of that ISD back on the association's reverse (GT-routed to the
   * attacker's VLR): the relayed copy is on the exact reverse, the HLR's "sure word" (state/number-evidence.ts)
   * but for the refusal. The SRI from China at once: no travel explains the move, the victim's IMSI judges.
   */
  function relayed(withRefusedCopy: boolean): Frame[] {
    const v2 = '8613900000012';
    const copy = (dir: Dir, opc: number, dpc: number) => msg(31, dir, isd('0b0000ff', '0b000001', VICTIM.msisdn), HLR, 6, v2, 7, opc, dpc);
    return [
      ...registration(10, VICTIM.imsi, '447785000011', '0a0001', VICTIM.msisdn, ANS),
      ...registration(20, ATTACKER, '8613900000011', '0a0002', undefined, ANS),
      msg(30, REQ, ul('0b000001', ATTACKER, v2), v2, 7, HLR, 6, 100, 200),
      ...(withRefusedCopy ? [copy(REQ, 200, 100)] : []),
      copy(ANS, 200, 100),
      msg(32, ANS, ulEnd('0b000001'), HLR, 6, v2, 7, 200, 100),
      sri(600),
    ];
  }

  it('the relayed copy after the refused one: not sure, the victim’s number still judged (high)', async () => {
    const r = await run(relayed(true));
    expect(r.fromRequester).toBe(1);
    expect(r.rules).toContain(MISMATCH_HIGH);
  });
});

describe('review 17-A #4: an honest hairpin whose answers were captured before both Begin copies', () => {
  /** The victim's registration, hairpin-routed (each message both ways, one label), the ISD's two copies captured first. */
  function reordered(beginCopy: boolean): Frame[] {
    const o = '0a0001';
    const vlr = '447785000011';
    const both = (dir: Dir, tcap: Uint8Array, calling: string, cssn: number, called: string, dssn: number, opc: number, dpc: number) => [
      msg(10, dir, tcap, calling, cssn, called, dssn, opc, dpc),
      msg(10, dir === REQ ? ANS : REQ, tcap, calling, cssn, called, dssn, opc, dpc),
    ];
    const begin = ul(`${o}22`, VICTIM.imsi, vlr);
    return [
      ...both(ANS, isd(`${o}27`, `${o}22`, VICTIM.msisdn), HLR, 6, vlr, 7, 200, 100),
      ...(beginCopy ? both(REQ, begin, vlr, 7, HLR, 6, 100, 200) : [msg(10, REQ, begin, vlr, 7, HLR, 6, 100, 200)]),
      ...both(REQ, E.tcContinue({ otid: `${o}22`, dtid: `${o}27`, components: [{ type: 'returnResultLast', invokeId: 1 }] }), vlr, 7, HLR, 6, 100, 200),
      ...both(ANS, ulEnd(`${o}22`), HLR, 6, vlr, 7, 200, 100),
      sri(600),
    ];
  }

  it('the Begin’s hairpin copy confirms the pair: the ISD is joined (the number linked), no answer-from-requester', async () => {
    const r = await run(reordered(true));
    expect(r.fromRequester).toBe(0);
    expect(r.rules).toContain(MISMATCH_HIGH);
  });

  it('without the Begin’s copy (one Begin, the ISD both ways before it): refused, reported once', async () => {
    const r = await run(reordered(false));
    expect(r.fromRequester).toBe(1);
    expect(r.rules).not.toContain(MISMATCH_HIGH);
  });
});

describe('review 17-A #2: a copy of the attacker’s own UL Begin routed back on the reverse', () => {
  /**
   * The victim registers in the UK; 8 h later the attacker's UL from China, a copy of it on the reverse of the
   * association (MTP DPC `copyDpc`), and its forged ISD (the HLR's GT and label) naming the victim's number the
   * requests' way; then the HLR's End and the SRI from China (travel explains the move: only the direction rule judges).
   */
  function hairpinned(copyDpc: number, copyOpc = 100): Frame[] {
    const v2 = '8613900000012';
    const begin = ul('0b000001', ATTACKER, v2);
    return [
      ...registration(10, VICTIM.imsi, '447785000011', '0a0001', VICTIM.msisdn, ANS),
      ...registration(20, ATTACKER, '8613900000011', '0a0002', undefined, ANS),
      msg(LATE + 30, REQ, begin, v2, 7, HLR, 6, 100, 200),
      msg(LATE + 30, ANS, begin, v2, 7, HLR, 6, copyOpc, copyDpc),
      msg(LATE + 31, REQ, isd('0b0000ff', '0b000001', VICTIM.msisdn), HLR, 6, v2, 7, 200, 100),
      msg(LATE + 32, ANS, ulEnd('0b000001'), HLR, 6, v2, 7, 200, 100),
      sri(LATE + 600),
    ];
  }

  it('the copy to a point code of the attacker’s own (another label): no hairpin, the forged ISD is refused', async () => {
    const r = await run(hairpinned(101));
    expect(r.fromRequester).toBe(1);
    expect(r.rules).toContain(MISMATCH_HIGH);
  });

  it('a copy with the same label (a hairpin by its label): the forged ISD only the requests’ way teaches nothing', async () => {
    const r = await run(hairpinned(200));
    expect(r.rules).toContain(MISMATCH_HIGH);
  });

  it('a copy from the Begin’s DPC back to the requester’s own point code (no relay on to another node): refused (review 18-A F3’s bound)', async () => {
    const r = await run(hairpinned(100, 200));
    expect(r.fromRequester).toBe(1);
    expect(r.rules).toContain(MISMATCH_HIGH);
  });

  it('a copy from the Begin’s DPC on to another node (a relay by its labels, through a link the capture misses): the forged ISD teaches nothing', async () => {
    const r = await run(hairpinned(101, 200));
    expect(r.rules).toContain(MISMATCH_HIGH);
    // Review 19 #6: the forged ISD the requests' way is not addressed to the "relay" (point code 200), so no relay
    // sent it: still reported as the requester's (before, the spoofed copy silenced the report: 0).
    expect(r.fromRequester).toBe(1);
  });
});

describe('review 18-A F3: an honest GT-routed relay hairpin, each copy relabelled by the relaying STP', () => {
  /** The STP's point code: GT routing ends the MTP route there (Q.714 §2.3), its copy leaves with its own OPC (Q.704 §2.2.1). */
  const STP = 150;
  /**
   * A registration of `imsi` at `vlr` (point code 100) with the HLR (200), both behind the first host: every message
   * goes to the STP behind the second host (REQ, label sender → STP) and comes back relayed (ANS, STP → addressee).
   */
  function relayed(at: number, imsi: string, vlr: string, o: string, msisdn: string): Frame[] {
    const out: Frame[] = [];
    const put = (tcap: Uint8Array, calling: string, cssn: number, called: string, dssn: number, opc: number, dpc: number) => {
      out.push(msg(at, REQ, tcap, calling, cssn, called, dssn, opc, STP));
      out.push(msg(at, ANS, tcap, calling, cssn, called, dssn, STP, dpc));
    };
    put(ul(o + '22', imsi, vlr), vlr, 7, HLR, 6, 100, 200);
    put(isd(o + '27', o + '22', msisdn), HLR, 6, vlr, 7, 200, 100);
    put(E.tcContinue({ otid: o + '22', dtid: o + '27', components: [{ type: 'returnResultLast', invokeId: 1 }] }), vlr, 7, HLR, 6, 100, 200);
    put(ulEnd(o + '22'), HLR, 6, vlr, 7, 200, 100);
    return out;
  }

  it('no answer-from-requester for the honest dialogues, and the victim’s number is still judged (base: 3 reported)', async () => {
    const frames = [
      ...relayed(10, VICTIM.imsi, '447785000011', '0a0001', VICTIM.msisdn),
      ...relayed(11, '310410100001001', '447785000011', '0a0002', '12025560001'),
      sri(600),
    ];
    const r = await run(frames);
    expect(r.fromRequester).toBe(0);
    expect(r.rules).toContain(MISMATCH_HIGH);
    expect(r.imsis).toEqual([VICTIM.imsi]); // the ISD's relayed copy linked the number
  });

  it('its answers captured before both Begin copies (review 17-A #4 relayed): the relay copy confirms the pair, the ISD joined', async () => {
    const frames = relayed(10, VICTIM.imsi, '447785000011', '0a0001', VICTIM.msisdn);
    // UL copies, ISD copies, ... → ISD copies first, then the UL's.
    const r = await run([frames[2]!, frames[3]!, frames[0]!, frames[1]!, ...frames.slice(4), sri(600)]);
    expect(r.fromRequester).toBe(0);
    expect(r.rules).toContain(MISMATCH_HIGH);
    expect(r.imsis).toEqual([VICTIM.imsi]);
  });

  it('the ISD only the requests’ way in a relay hairpin (the requester’s own forgery): not learned', async () => {
    const frames = relayed(10, VICTIM.imsi, '447785000011', '0a0001', VICTIM.msisdn);
    // Without the ISD's relayed copy (frame 3): nothing links the victim's number, the SRI's alert names no IMSI.
    const r = await run([...frames.slice(0, 3), ...frames.slice(4), sri(600)]);
    expect(r.imsis).toEqual(['']);
    // Its relayed copy alone teaches (control).
    expect((await run([...frames.slice(0, 2), ...frames.slice(3), sri(600)])).imsis).toEqual([VICTIM.imsi]);
  });
});

describe('review 20 #5: a relay hairpin through mated STPs, the answers GT-routed to the mate or to a shared point code', () => {
  /** The STP the requests reach (the relay of every Begin copy), its mate, and the pair's shared (capability) point code. */
  const STP = 150;
  const MATE = 151;
  const SHARED = 152;
  /**
   * A registration of `imsi` at `vlr` (100) with the HLR (200), both behind the first host. The VLR's messages go to
   * the STP and come back relayed with its label (as review 18-A F3's); the HLR's answers are GT-routed to `answerTo`
   * (the mate, or the shared point code) and come back relayed by that STP with its own point code as OPC.
   */
  function mated(at: number, imsi: string, vlr: string, o: string, msisdn: string, answerTo: number): Frame[] {
    const out: Frame[] = [];
    const put = (tcap: Uint8Array, calling: string, cssn: number, called: string, dssn: number, opc: number, dpc: number, via: number) => {
      out.push(msg(at, REQ, tcap, calling, cssn, called, dssn, opc, via));
      out.push(msg(at, ANS, tcap, calling, cssn, called, dssn, via === SHARED ? MATE : via, dpc));
    };
    put(ul(o + '22', imsi, vlr), vlr, 7, HLR, 6, 100, 200, STP);
    put(isd(o + '27', o + '22', msisdn), HLR, 6, vlr, 7, 200, 100, answerTo);
    put(E.tcContinue({ otid: o + '22', dtid: o + '27', components: [{ type: 'returnResultLast', invokeId: 1 }] }), vlr, 7, HLR, 6, 100, 200, STP);
    put(ulEnd(o + '22'), HLR, 6, vlr, 7, 200, 100, answerTo);
    return out;
  }

  for (const [name, to] of [
    ['the mate STP', MATE],
    ['the shared point code', SHARED],
  ] as const) {
    it(`answers to ${name}: no answer-from-requester, the ISD links the victim's number (base: 2 reported)`, async () => {
      const r = await run([...mated(10, VICTIM.imsi, '447785000011', '0a0001', VICTIM.msisdn, to), sri(600)]);
      expect(r.fromRequester).toBe(0);
      expect(r.rules).toContain(MISMATCH_HIGH);
      expect(r.imsis).toEqual([VICTIM.imsi]);
    });
  }
});
