/**
 * Runs every corpus capture through CaptureReader → PacketDecoder and collects the Diameter
 * payloads (copied) and DiameterDecoder events. Shared by the corpus tests of this folder.
 */
import type { GoldenDiameter } from '../../src/conformance/golden.js';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CaptureReader } from '../../src/capture/reader.js';
import { FrameIndexer } from '../../src/core/frame-index.js';
import { DiameterDecoder } from '../../src/diameter/decoder.js';
import type { DiameterEvent } from '../../src/events/types.js';
import { PacketDecoder } from '../../src/transport/packet-decoder.js';
import { CORPUS_DIR } from '../support/corpus.js';

export interface CorpusRun {
  name: string;
  payloads: Array<{ frame: number; bytes: Uint8Array }>;
  events: DiameterEvent[];
}

/** Extra Diameter ports from the MANIFEST's tshark options (`-d tcp.port==3870,diameter`). */
function manifestPorts(): Map<string, number[]> {
  const out = new Map<string, number[]>();
  const lines = readFileSync(join(CORPUS_DIR, 'MANIFEST.tsv'), 'utf8').split('\n');
  const head = lines[0]!.split('\t');
  const nameCol = head.indexOf('local_name');
  const optCol = head.indexOf('tshark_opts_needed');
  for (const l of lines.slice(1)) {
    const cols = l.split('\t');
    const ports = [...(cols[optCol] ?? '').matchAll(/(?:tcp|sctp)\.port==(\d+),diameter/g)].map((m) => Number(m[1]));
    if (ports.length > 0) out.set(cols[nameCol]!, ports);
  }
  return out;
}

/** Captures whose golden file has Diameter lines. */
export function diameterCaptures(): string[] {
  return readdirSync(CORPUS_DIR)
    .filter((f) => f.endsWith('.golden.jsonl'))
    .filter((f) => readFileSync(join(CORPUS_DIR, f), 'utf8').includes('"proto": "diameter"'))
    .map((f) => f.slice(0, -'.golden.jsonl'.length))
    .sort();
}

export function runCapture(name: string): CorpusRun {
  const run: CorpusRun = { name, payloads: [], events: [] };
  const extra = manifestPorts().get(name) ?? [];
  const indexer = new FrameIndexer();
  const dia = new DiameterDecoder({ indexer, onEvent: (ev) => run.events.push(ev) });
  const pd = new PacketDecoder({
    diameterPorts: [3868, ...extra],
    onPayload: (p) => {
      if (p.proto !== 'diameter') return;
      run.payloads.push({ frame: p.frameNo, bytes: p.bytes.slice(p.offset, p.end) });
      dia.payload(p);
    },
  });
  const reader = new CaptureReader({ onFrame: (rec) => pd.frame(rec) });
  reader.push(readFileSync(join(CORPUS_DIR, name)));
  reader.end();
  pd.end();
  return run;
}

export function goldenDiameter(name: string): GoldenDiameter[] {
  return readFileSync(join(CORPUS_DIR, `${name}.golden.jsonl`), 'utf8')
    .split('\n')
    .filter((l) => l.includes('"proto": "diameter"'))
    .map((l) => JSON.parse(l) as GoldenDiameter);
}

/** Our event in the golden line's shape. */
export function asGolden(ev: DiameterEvent): GoldenDiameter {
  const d = ev.diameter;
  return {
    frame: ev.frame,
    index: ev.index,
    proto: 'diameter',
    cmd: d.cmd,
    app: d.app,
    request: d.request,
    proxyable: d.proxyable,
    error: d.error,
    hbh: d.hbh,
    e2e: d.e2e,
    avps: d.avps,
    session_id: d.sessionId ?? null,
    origin_host: d.originHost ?? null,
    origin_realm: d.originRealm ?? null,
    dest_host: d.destHost ?? null,
    dest_realm: d.destRealm ?? null,
    user_name: d.userName ?? null,
    visited_plmn: d.visitedPlmn ?? null,
    result_code: d.resultCode ?? null,
    exp_result_code: d.expResultCode ?? null,
    route_record: d.routeRecord,
  };
}
