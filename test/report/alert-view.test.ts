/**
 * The `--jsonl` evidence written from the decoders' reused event views (events/record.ts
 * `eventView`, RecordSource.view: ss7/tcap-decoder.ts, diameter/decoder.ts), as the CLI writes
 * it (a Scanner with `explicitEvidence` and `eventInCallback`, AlertLines.write inside onAlert):
 * the bytes must be the reference's (jsonSafe(JSON.stringify(alert)) with the evidence built
 * from the event), and no event is built for the lines. measured (bench/results-notes.md, round
 * 21 "jsonl21"): the 150 k flood's `--jsonl` built 44,109 events for its 53,175 alerts, 0 with
 * the views. Also: every message's view gives the event's JSON form (events/json.ts).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { generateInMemory } from '../../bench/generator/generate.js';
import { profileYaml } from '../../bench/generator/profile.js';
import { FLOOD } from '../../bench/generator/scenarios.js';
import * as E from '../../src/encode/index.js';
import { Decoder } from '../../src/api/decoder.js';
import { inferHome } from '../../src/api/scan.js';
import type { ScanAlert } from '../../src/api/scan-options.js';
import { Scanner } from '../../src/api/scanner.js';
import { openCapture } from '../../src/capture/source.js';
import { isSigwatchError } from '../../src/core/errors.js';
import { withEvidence } from '../../src/detect/alert.js';
import { loadProfile, type Profile } from '../../src/detect/profile.js';
import { toJsonEvent } from '../../src/events/json.js';
import { MessageRecord } from '../../src/events/record.js';
import { AlertLines } from '../../src/report/alert-bytes.js';
import { jsonSafe } from '../../src/report/safe-text.js';
import { CORPUS_DIR, CORPUS_SKIP_REASON, HAS_CORPUS, REPO_ROOT } from '../support/corpus.js';

const PCAPS = join(REPO_ROOT, 'pcaps');
const CAPTURES = existsSync(PCAPS) ? readdirSync(PCAPS).filter((f) => /\.pcap(ng)?$/.test(f)) : [];
const CORPUS = HAS_CORPUS ? readdirSync(CORPUS_DIR).filter((f) => /\.(pcap|pcapng|cap)(\.gz)?$/.test(f)) : [];

interface Lines {
  alerts: number;
  /** Events built while AlertLines.write ran. */
  builtInWrite: number;
}

/**
 * Scans `chunks` as the CLI's `--jsonl` does and checks the lines: written inside onAlert, the
 * reference made right after each write from the same alert (withEvidence builds its event there).
 */
function checkLines(chunks: Iterable<Uint8Array>, opts: { profile?: Profile; inferred?: Awaited<ReturnType<typeof inferHome>> }): Lines {
  let writing = false;
  let builtInWrite = 0;
  const event = MessageRecord.prototype.event;
  vi.spyOn(MessageRecord.prototype, 'event').mockImplementation(function (this: MessageRecord) {
    if (writing && (this as unknown as { ev: unknown }).ev === undefined) builtInWrite++;
    return event.call(this);
  });
  const w = new AlertLines();
  const refs: string[] = [];
  let alerts = 0;
  const sc = new Scanner({
    ...(opts.profile !== undefined ? { profile: opts.profile } : opts.inferred !== undefined ? { inferred: opts.inferred } : { inferHome: false }),
    explicitEvidence: true,
    eventInCallback: true,
    onAlert: (a: ScanAlert) => {
      alerts++;
      writing = true;
      w.write(a);
      writing = false;
      refs.push(jsonSafe(JSON.stringify(withEvidence(a))) + '\n');
    },
  });
  sc.beginSource('capture');
  try {
    for (const c of chunks) sc.push(c);
    sc.end();
  } catch (e) {
    if (!isSigwatchError(e)) throw e; // a capture the decoder refuses: the lines written before it are still checked
  }
  vi.restoreAllMocks();
  const got = Buffer.concat(w.take());
  const ref = Buffer.from(refs.join(''), 'utf8');
  // Line by line first (a readable failure), then the bytes.
  expect(got.toString('utf8').split('\n')).toEqual(ref.toString('utf8').split('\n'));
  expect(got.equals(ref)).toBe(true);
  return { alerts, builtInWrite };
}

/** Every message's view, as JSON, against its event's (the view read first, the event built after). */
function checkViews(chunks: Iterable<Uint8Array>): { messages: number; views: number } {
  let messages = 0;
  let views = 0;
  const d = new Decoder({
    onRecord: (r: MessageRecord) => {
      messages++;
      const v = r.eventView();
      const viewJson = v === undefined ? undefined : JSON.stringify(toJsonEvent(v));
      if (v !== undefined) views++;
      const evJson = JSON.stringify(toJsonEvent(r.event()));
      if (viewJson !== undefined) expect(viewJson).toBe(evJson);
      // Once built, the record answers with the event itself.
      expect(r.eventView()).toBeUndefined();
    },
  });
  try {
    for (const c of chunks) d.push(c);
    d.end();
  } catch (e) {
    if (!isSigwatchError(e)) throw e;
  }
  return { messages, views };
}

const file = (name: string): Uint8Array[] => [readFileSync(join(PCAPS, name))];
const profileOf = (name: string): Profile | undefined => {
  const p = join(PCAPS, name.replace(/\.pcap(ng)?$/, '.profile.yaml'));
  return existsSync(p) ? loadProfile(p) : undefined;
};

async function corpusChunks(name: string): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  try {
    for await (const c of openCapture(join(CORPUS_DIR, name))) out.push(Uint8Array.from(c));
  } catch (e) {
    if (!isSigwatchError(e)) throw e;
  }
  return out;
}

afterEach(() => vi.restoreAllMocks());

describe('--jsonl evidence from the decoders’ event views', () => {
  it.skipIf(CAPTURES.length === 0)('pcaps/ (with their profiles and with the home inferred): the reference bytes, no event built to write them', async () => {
    let alerts = 0;
    let built = 0;
    for (const c of CAPTURES) {
      const profile = profileOf(c);
      for (const opts of [profile === undefined ? {} : { profile }, { inferred: await inferHome([join(PCAPS, c)]) }]) {
        const r = checkLines(file(c), opts);
        alerts += r.alerts;
        built += r.builtInWrite;
      }
    }
    expect(alerts).toBeGreaterThan(100);
    // Built only where a decoder gives no view (a Diameter request joined to an early answer: the
    // alert writer's Diameter shape has no `answerFrame`). Without the views: one per alert.
    expect(built).toBeLessThanOrEqual(alerts / 20);
  });

  it('the generator’s alert flood: no event built for any line', () => {
    const capture = generateInMemory(FLOOD, { seed: 11, messages: 4_000 }).capture;
    const r = checkLines([capture], { profile: loadProfile(parse(profileYaml(FLOOD.name, FLOOD.watchChina))) });
    expect(r.alerts).toBeGreaterThan(500);
    expect(r.builtInWrite).toBe(0);
  });

  it('SUA calling parties with an IP address or hostname (the unit’s SccpInfo as the view’s)', () => {
    const ati = E.tcBegin({
      otid: '0a0b0c03',
      dialogue: { pdu: 'aarq', acn: '0.4.0.0.1.0.29.3' },
      components: [
        { type: 'invoke', invokeId: 1, opcode: 71, param: E.mapArg.anyTimeInterrogation({ msisdn: '12025550123', gsmScfAddress: '8613800000001' }) },
      ],
    });
    const sources: E.SuaAddressSpec[] = [
      { ri: 'ip', ssn: 147, ip: '192.0.2.1' },
      { ri: 'ip', gt: '8613800000001', ssn: 147, ip: '2001:db8::7' },
      { ri: 'hostname', ssn: 147, hostname: 'gsmscf.bahamas.example' },
      { ri: 'hostname', gt: '8613800000001', ssn: 147, hostname: 'gsmscf.bahamas.example' },
    ];
    const frames = [...sources, ...sources].map((source, i) => {
      const sua = E.encodeSuaCldt({ source, dest: { ri: 'gt', gt: '12025550001', ssn: 6 }, data: ati });
      const sctp = E.sctpPacket({
        srcPort: 14001,
        dstPort: 14001,
        vtag: 1,
        checksum: true,
        chunks: [{ type: 'data', tsn: i + 1, stream: 1, ssn: i, ppid: 4, payload: sua }],
      });
      return { tsSec: 1_741_420_800 + i, tsNsec: 0, data: E.ethernet(0x0800, E.ipv4({ src: '10.9.0.1', dst: '10.0.0.2', proto: 132, payload: sctp })) };
    });
    const capture = E.writePcap(frames, { linkType: 1 });
    const r = checkLines([capture], { profile: loadProfile(join(PCAPS, 'ss7-location-tracking.profile.yaml')) });
    expect(r.alerts).toBeGreaterThanOrEqual(6);
    expect(r.builtInWrite).toBe(0);
    expect(checkViews([capture]).views).toBe(8);
  });

  it.skipIf(CAPTURES.length === 0)('pcaps/: every message’s view gives its event’s JSON form', () => {
    let messages = 0;
    let views = 0;
    for (const c of CAPTURES) {
      const r = checkViews(file(c));
      messages += r.messages;
      views += r.views;
    }
    expect(messages).toBeGreaterThan(300);
    expect(views).toBeGreaterThan(messages * 0.9);
  });

  it.skipIf(!HAS_CORPUS)(
    HAS_CORPUS ? `${CORPUS.length} corpus captures (home inferred): lines and every message's view` : CORPUS_SKIP_REASON,
    async () => {
      let alerts = 0;
      let messages = 0;
      let views = 0;
      for (const f of CORPUS) {
        const chunks = await corpusChunks(f);
        let inferred: Awaited<ReturnType<typeof inferHome>>;
        try {
          inferred = await inferHome([join(CORPUS_DIR, f)]);
        } catch (e) {
          if (!isSigwatchError(e)) throw e;
        }
        alerts += checkLines(chunks, { inferred }).alerts;
        const v = checkViews(chunks);
        messages += v.messages;
        views += v.views;
      }
      expect(alerts).toBeGreaterThan(0);
      expect(views).toBeGreaterThan(messages / 2);
    },
    300_000,
  );
});
