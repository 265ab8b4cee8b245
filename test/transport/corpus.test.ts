/**
 * Corpus check: every public capture through CaptureReader + PacketDecoder. Per frame, the
 * number of Diameter payloads must equal tshark's Diameter lines, and the number of SS7
 * adaptation payloads (m3ua/m2pa/m2ua/sua/mtp3) must be ≥ tshark's TCAP lines.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CaptureReader } from '../../src/capture/reader.js';
import { PacketDecoder } from '../../src/transport/index.js';

const dir = path.resolve(fileURLToPath(new URL('../..', import.meta.url)), '..', 'shared', 'corpus', 'public');

/** tshark decode-as options of MANIFEST.tsv mapped to Diameter ports. */
function diameterPortsFor(opts: string): number[] {
  const ports = [3868];
  for (const m of opts.matchAll(/-d (?:tcp|sctp)\.port==(\d+),diameter/g)) ports.push(Number(m[1]));
  return ports;
}

interface FileResult {
  file: string;
  diameterMismatch: string[];
  ss7Short: string[];
}

function check(file: string, opts: string): FileResult {
  const golden = new Map<number, { dia: number; tcap: number }>();
  for (const line of readFileSync(path.join(dir, `${file}.golden.jsonl`), 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const g = JSON.parse(line) as { frame: number; proto: string };
    const c = golden.get(g.frame) ?? { dia: 0, tcap: 0 };
    if (g.proto === 'diameter') c.dia++;
    else c.tcap++;
    golden.set(g.frame, c);
  }
  const got = new Map<number, { dia: number; ss7: number }>();
  const dec = new PacketDecoder({
    diameterPorts: diameterPortsFor(opts),
    onPayload: (p) => {
      const c = got.get(p.frameNo) ?? { dia: 0, ss7: 0 };
      if (p.proto === 'diameter') c.dia++;
      else c.ss7++;
      got.set(p.frameNo, c);
    },
  });
  const reader = new CaptureReader({ onFrame: (rec) => dec.frame(rec) });
  reader.push(readFileSync(path.join(dir, file)));
  reader.end();
  dec.end();
  const r: FileResult = { file, diameterMismatch: [], ss7Short: [] };
  const frames = new Set([...golden.keys(), ...got.keys()]);
  for (const f of [...frames].sort((a, b) => a - b)) {
    const g = golden.get(f) ?? { dia: 0, tcap: 0 };
    const o = got.get(f) ?? { dia: 0, ss7: 0 };
    if (g.dia !== o.dia) r.diameterMismatch.push(`frame ${f}: golden ${g.dia} diameter, got ${o.dia}`);
    if (o.ss7 < g.tcap) r.ss7Short.push(`frame ${f}: golden ${g.tcap} tcap, got ${o.ss7} ss7 payloads`);
  }
  return r;
}

/** Files whose per-frame counts differ from tshark on purpose: why, and the exact differences. */
const KNOWN: Record<string, { why: string; problems: string[] }> = {
  'arkime_m3ua_synthetic.pcap': {
    why:
      'every packet of the second half is captured twice (frames 21/22, 51/52 ... byte-identical, same ' +
      'TSN); sigwatch drops the repeated TSN as a retransmission (RFC 9260 §6.3.3), tshark (TSN analysis ' +
      'off) decodes both copies',
    problems: ['frame 22: golden 1 tcap, got 0 ss7 payloads', 'frame 52: golden 1 tcap, got 0 ss7 payloads'],
  },
  'wswiki_packlog-example.cap': {
    why: 'Cisco ITP packet logging: MSUs inside syslog over UDP 7890 (tshark -d udp.port==7890,syslog); not a transport sigwatch decodes',
    problems: [
      'frame 3: golden 1 tcap, got 0 ss7 payloads',
      'frame 4: golden 1 tcap, got 0 ss7 payloads',
      'frame 5: golden 1 tcap, got 0 ss7 payloads',
    ],
  },
};

describe.skipIf(!existsSync(dir))('transport over the public corpus (corpus absent)', () => {
  const manifest = new Map<string, string>();
  if (existsSync(path.join(dir, 'MANIFEST.tsv'))) {
    const rows = readFileSync(path.join(dir, 'MANIFEST.tsv'), 'utf8').split('\n');
    const head = rows[0]!.split('\t');
    const col = head.indexOf('tshark_opts_needed');
    for (const row of rows.slice(1)) {
      const cells = row.split('\t');
      if (cells[0]) manifest.set(cells[0], cells[col] ?? '');
    }
  }
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => existsSync(path.join(dir, `${f}.golden.jsonl`))) : [];

  it('covers the corpus', () => {
    expect(files.length).toBeGreaterThan(50);
  });

  it.each(files)('%s', (file) => {
    const r = check(file, manifest.get(file) ?? '');
    const problems = [...r.diameterMismatch, ...r.ss7Short];
    const known = KNOWN[file];
    expect(problems.slice(0, 10), known?.why).toEqual(known?.problems ?? []);
  });
});
