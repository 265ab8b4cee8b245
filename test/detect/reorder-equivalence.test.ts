/**
 * Reordering equivalence (issue 15 × red-team round 11 R1, review 11-B #3): merged links and M3UA
 * load sharing capture messages of different associations out of order within a small time
 * window, an answer often before its request at the same timestamp. The sample captures and the
 * generator's mixed scenario (small), reordered that way (test/support/reorder.ts), must raise the
 * same alerts (rule, level, subscriber) as in capture order. Which reorderings cannot: README,
 * "What stays trusted, and why".
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { generateInMemory } from '../../bench/generator/generate.js';
import { profileYaml } from '../../bench/generator/profile.js';
import { MIXED } from '../../bench/generator/scenarios.js';
import { Decoder } from '../../src/api/decoder.js';
import * as E from '../../src/encode/index.js';
import { scan } from '../../src/api/scan.js';
import type { ScanOptions } from '../../src/api/scan-options.js';
import { loadProfile } from '../../src/detect/profile.js';
import type { SignallingEvent } from '../../src/events/types.js';
import { REPO_ROOT } from '../support/corpus.js';
import { buildOnce, jsonLines, runCli } from '../cli/run-cli.js';
import { answersFirst, prng, readCapture, swapAcross, writeCapture, type Capture } from '../support/reorder.js';

const PCAPS = join(REPO_ROOT, 'pcaps');
const NAMES = [
  'ss7-location-tracking',
  'ss7-interception',
  'roaming-baseline',
  'presence-and-campaigns',
  'registration-refused',
  'realm-and-harvesting',
  'diameter-location-tracking',
  'reordered-dialogues',
  'no-profile-attacks',
];

function fileOf(name: string): string {
  const pcap = join(PCAPS, `${name}.pcap`);
  return existsSync(pcap) ? pcap : join(PCAPS, `${name}.pcapng`);
}

function optionsOf(name: string): ScanOptions {
  const p = join(PCAPS, `${name}.profile.yaml`);
  return existsSync(p) ? { profile: p } : {};
}

/**
 * Alerts as (rule, level, subscriber), sorted: what must not depend on the capture order. The
 * subscriber by its IMSI, else its MSISDN: a message captured after the other half of its dialogue
 * carries that half's identities too (tcap-dialogues.ts, reordering), so a reordered request's
 * alert may name the MSISDN its answer brought, the same subscriber.
 */
async function alerts(bytes: Uint8Array, o: ScanOptions): Promise<string[]> {
  const out: string[] = [];
  for await (const a of scan(bytes, o)) out.push(`${a.rule}:${a.level}:${a.subscriber?.imsi ?? a.subscriber?.msisdn ?? '-'}`);
  return out.sort();
}

/** The alerts only one of `a`, `b` has (`-` / `+`). */
function diff(a: readonly string[], b: readonly string[]): string[] {
  const left = [...a];
  const added: string[] = [];
  for (const x of b) {
    const i = left.indexOf(x);
    if (i >= 0) left.splice(i, 1);
    else added.push(`+${x}`);
  }
  return [...left.map((x) => `-${x}`), ...added];
}

/**
 * Answer frame → request frame of the in-order capture: a Diameter answer's `requestFrame`; a TCAP
 * Continue/End/Abort → the last Begin before it whose OTID is its DTID, sent by the node it is addressed to.
 */
function answerPairs(bytes: Uint8Array): Map<number, number> {
  const pairs = new Map<number, number>();
  const begins = new Map<string, number>();
  const node = (a: { gt?: string; pc?: number; ssn?: number }): string => a.gt ?? `${a.pc}/${a.ssn}`;
  const d = new Decoder({
    onEvent: (ev: SignallingEvent) => {
      if (ev.protocol === 'diameter') {
        if (ev.diameter.requestFrame !== undefined && ev.diameter.requestFrame !== ev.frame) pairs.set(ev.frame, ev.diameter.requestFrame);
        return;
      }
      const t = ev.tcap;
      if (t.type === 'begin' && t.otid !== undefined) begins.set(`${node(ev.sccp.calling)}|${t.otid}`, ev.frame);
      else if (t.dtid !== undefined) {
        const req = begins.get(`${node(ev.sccp.called)}|${t.dtid}`) ?? begins.get(`${ev.sccp.called.gt === undefined ? '' : ''}|${t.dtid}`);
        if (req !== undefined && req !== ev.frame && !pairs.has(ev.frame)) pairs.set(ev.frame, req);
      }
    },
  });
  d.push(bytes);
  d.end();
  return pairs;
}

interface Case {
  name: string;
  capture: Capture;
  options: ScanOptions;
}

function sampleCase(name: string): Case {
  return { name, capture: readCapture(new Uint8Array(readFileSync(fileOf(name)))), options: optionsOf(name) };
}

/** One M3UA/SCTP frame of association (src, port) → (dst, 2905). */
function ss7(tcap: Uint8Array, calling: string, cssn: number, called: string, dssn: number, src: string, port: number, dst: string): Uint8Array {
  const sccp = E.encodeSccp({ type: 'udt', data: tcap, calling: { gt: calling, ssn: cssn }, called: { gt: called, ssn: dssn } });
  const m3ua = E.encodeM3uaData({ opc: 100, dpc: 200, sls: 1 }, sccp);
  const chunks = [{ type: 'data' as const, tsn: port, stream: 1, ssn: 0, ppid: 3, payload: m3ua }];
  const sctp = E.sctpPacket({ srcPort: port, dstPort: 2905, vtag: 1, checksum: true, chunks });
  return E.ethernet(0x0800, E.ipv4({ src, dst, proto: 132, payload: sctp }));
}

/**
 * Location results that place the subscriber in the network a later request comes from (review
 * 11-B #3): the home HLR's SRI-for-SM and SRI results naming an MSC in the Bahamas (+1 242), each
 * a PSL from the Bahamas' GMLC a minute later. The HLR's End travels another association than the
 * Begin (M3UA load sharing), so answersFirst puts it before its Begin.
 */
function locationResultsCase(): Case {
  const HLR = '12025550001';
  const BS_MSC = '124235700099';
  const BS_GMLC = '124235700051';
  const frames: { tsSec: number; tsNsec: number; data: Uint8Array }[] = [];
  const T = 1_741_420_800;
  const at = (sec: number, data: Uint8Array) => frames.push({ tsSec: T + sec, tsNsec: 0, data });
  // SRI-for-SM and SRI results name the IMSI; an ATI result names no subscriber (its Begin's MSISDN
  // does: with --workers the result is sharded by frame, its Begin by the MSISDN).
  const subs = [
    { imsi: '310410100000099', msisdn: '12025550099', op: 45, ac: '0.4.0.0.1.0.20.3', from: '12025550300' },
    { imsi: '310410100000098', msisdn: '12025550098', op: 22, ac: '0.4.0.0.1.0.5.3', from: '12025550200' },
    { imsi: undefined, msisdn: '12025550097', op: 71, ac: '0.4.0.0.1.0.29.3', from: '12025550400' },
    { imsi: undefined, msisdn: '12025550096', op: 71, ac: '0.4.0.0.1.0.29.3', from: '12025550400' },
    { imsi: undefined, msisdn: '12025550095', op: 71, ac: '0.4.0.0.1.0.29.3', from: '12025550400' },
  ];
  const args = (u: (typeof subs)[number]) =>
    u.op === 45
      ? E.mapArg.sendRoutingInfoForSM({ msisdn: u.msisdn, sca: u.from })
      : u.op === 22
        ? E.mapArg.sendRoutingInfo({ msisdn: u.msisdn, gmscAddress: u.from })
        : E.mapArg.anyTimeInterrogation({ msisdn: u.msisdn, gsmScfAddress: u.from });
  const results = (u: (typeof subs)[number]) =>
    u.op === 45
      ? E.mapRes.sendRoutingInfoForSM({ imsi: u.imsi!, networkNodeNumber: BS_MSC })
      : u.op === 22
        ? E.mapRes.sendRoutingInfo({ imsi: u.imsi!, vmscAddress: BS_MSC, roamingNumber: '124235799999' })
        : E.mapRes.subscriberInfo({ location: { vlrNumber: BS_MSC, age: 1 } });
  subs.forEach((u, i) => {
    const t = i * 120;
    const otid = `a100000${i}`;
    const arg = args(u);
    const res = results(u);
    const begin = E.tcBegin({ otid, dialogue: { pdu: 'aarq', acn: u.ac }, components: [{ type: 'invoke', invokeId: 1, opcode: u.op, param: arg }] });
    const end = E.tcEnd({
      dtid: otid,
      dialogue: { pdu: 'aare', acn: u.ac },
      components: [{ type: 'returnResultLast', invokeId: 1, opcode: u.op, param: res }],
    });
    at(t, ss7(begin, u.from, 8, u.msisdn, 6, '10.9.0.1', 2905, '10.0.0.2'));
    at(t, ss7(end, HLR, 6, u.from, 8, '10.0.0.3', 2906, '10.9.0.1'));
    const psl = E.tcBegin({
      otid: `0c00000${i}`,
      dialogue: { pdu: 'aarq', acn: '0.4.0.0.1.0.38.3' },
      components: [
        {
          type: 'invoke',
          invokeId: 1,
          opcode: 83,
          param: E.mapArg.provideSubscriberLocation({ mlcNumber: BS_GMLC, msisdn: u.msisdn, ...(u.imsi === undefined ? {} : { imsi: u.imsi }) }),
        },
      ],
    });
    at(t + 60, ss7(psl, BS_GMLC, 145, BS_MSC, 8, '10.7.0.1', 2907, '10.0.0.2'));
  });
  return {
    name: 'location results (SRI-for-SM, SRI, ATI)',
    capture: readCapture(E.writePcap(frames, { linkType: 1 })),
    options: { profile: join(PCAPS, 'ss7-location-tracking.profile.yaml') },
  };
}

function mixedCase(): Case {
  const { capture } = generateInMemory(MIXED, { seed: 11, messages: 3_000 });
  return { name: 'mixed (3 k messages)', capture: readCapture(capture), options: { profile: loadProfile(parse(profileYaml(MIXED.name, MIXED.watchChina))) } };
}

describe('alerts do not depend on the order messages of different associations were captured in', () => {
  const cases = (): Case[] => [...NAMES.map(sampleCase), locationResultsCase(), mixedCase()];

  it('every answer moved before its request (other flow), with its timestamp', async () => {
    const differ: Record<string, string[]> = {};
    let moves = 0;
    let refusedUnnamed = 0;
    for (const c of cases()) {
      const inOrder = writeCapture(c.capture);
      const { frames, moved } = answersFirst(c.capture.frames, answerPairs(inOrder));
      moves += moved;
      const d = diff(await alerts(inOrder, c.options), await alerts(writeCapture({ links: c.capture.links, frames }), c.options));
      // registration-refused is raised on the refusing answer, which names the subscriber and the
      // operation only through its request (a MAP returnError carries neither, a refusing ULA no
      // IMSI): captured first, it cannot be raised (README, "What stays trusted, and why"); the
      // refusal itself still refuses the registration (SubscriberStore.answerBeforeRequestOf).
      const other = d.filter((x) => !x.startsWith('-registration-refused:'));
      refusedUnnamed += d.length - other.length;
      if (other.length > 0) differ[`${c.name} (${moved} moved)`] = other;
    }
    expect(moves).toBeGreaterThan(100);
    expect(refusedUnnamed).toBe(2);
    expect(differ).toEqual({});
  }, 300_000);

  it('adjacent frames of different associations within 1 s swapped (5 seeds)', async () => {
    const differ: Record<string, string[]> = {};
    let total = 0;
    for (const c of cases()) {
      const inOrder = writeCapture(c.capture);
      const base = await alerts(inOrder, c.options);
      for (let seed = 1; seed <= 5; seed++) {
        const { frames, swaps } = swapAcross(c.capture.frames, 1, prng(seed));
        total += swaps;
        const d = diff(base, await alerts(writeCapture({ links: c.capture.links, frames }), c.options));
        if (d.length > 0) differ[`${c.name} seed ${seed} (${swaps} swaps)`] = d;
      }
    }
    expect(total).toBeGreaterThan(100);
    expect(differ).toEqual({});
  }, 300_000);
});

describe('scan --workers 2 learns the answers captured first as --workers 1 does', () => {
  it('location results and refusals before their requests: the alerts of the in-order capture, 1 or 2 workers', () => {
    buildOnce();
    const dir = mkdtempSync(join(tmpdir(), 'sigwatch-reorder-'));
    try {
      for (const c of [locationResultsCase(), sampleCase('registration-refused')]) {
        const inOrder = writeCapture(c.capture);
        const { frames } = answersFirst(c.capture.frames, answerPairs(inOrder));
        const ordered = join(dir, 'in-order.pcapng');
        const file = join(dir, 'reordered.pcapng');
        writeFileSync(ordered, inOrder);
        writeFileSync(file, writeCapture({ links: c.capture.links, frames }));
        const profile = c.options.profile as string;
        const rules = (workers: string, f: string) =>
          jsonLines(runCli(['scan', '--jsonl', '--workers', workers, '--profile', profile, f]).stdout)
            .filter((a) => a.rule !== 'registration-refused') // raised on the answer (see above)
            .map((a) => `${a.rule}:${a.level}:${JSON.stringify(a.subscriber)}`)
            .sort();
        const want = rules('1', ordered);
        expect({ case: c.name, alerts: rules('2', file) }).toEqual({ case: c.name, alerts: want });
        expect({ case: c.name, alerts: rules('1', file) }).toEqual({ case: c.name, alerts: want });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});
