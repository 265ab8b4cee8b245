/**
 * Runs every corpus capture through CaptureReader → PacketDecoder and collects the Diameter
 * payloads (copied) and DiameterDecoder events. Shared by the corpus tests of this folder.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CaptureReader } from '../../src/capture/reader.js';
import { parseGolden, type GoldenDiameter } from '../../src/conformance/golden.js';
import { optionsFromTshark, parseManifest } from '../../src/conformance/manifest.js';
import { goldenCaptures } from '../../src/conformance/run.js';
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

/** Captures whose golden file has Diameter lines. */
export function diameterCaptures(): string[] {
  return goldenCaptures(CORPUS_DIR).filter((name) => goldenDiameter(name).length > 0);
}

export function runCapture(name: string): CorpusRun {
  const run: CorpusRun = { name, payloads: [], events: [] };
  const opts = parseManifest(readFileSync(join(CORPUS_DIR, 'MANIFEST.tsv'), 'utf8')).get(name) ?? '';
  const indexer = new FrameIndexer();
  const dia = new DiameterDecoder({ indexer, onEvent: (ev) => run.events.push(ev) });
  const pd = new PacketDecoder({
    diameterPorts: optionsFromTshark(opts).diameterPorts,
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
  return parseGolden(readFileSync(join(CORPUS_DIR, `${name}.golden.jsonl`), 'utf8')).filter((g): g is GoldenDiameter => g.proto === 'diameter');
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
