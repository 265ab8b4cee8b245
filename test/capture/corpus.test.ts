/**
 * Every capture of the public corpus reads without error; frame counts and link types match
 * MANIFEST.tsv (counted by tshark when the corpus was built).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCapture } from '../../src/capture/source.js';
import { decodeLink } from '../../src/capture/link/index.js';
import { newLinkResult } from '../../src/capture/link/types.js';
import { Counters } from '../../src/core/stats.js';
import { manifestRows } from '../../src/conformance/manifest.js';
import { CORPUS_DIR, CORPUS_SKIP_REASON, HAS_CORPUS } from '../support/corpus.js';

interface Entry {
  name: string;
  format: string;
  dlt: number;
  frames: number;
}

function manifest(): Entry[] {
  return [...manifestRows(readFileSync(join(CORPUS_DIR, 'MANIFEST.tsv'), 'utf8')).values()].map((r) => ({
    name: r.local_name!,
    format: r.format!,
    dlt: Number(/DLT (\d+)/.exec(r.link_type ?? '')?.[1]),
    frames: Number(r.frames),
  }));
}

describe.skipIf(!HAS_CORPUS)(`public corpus${HAS_CORPUS ? '' : ` (${CORPUS_SKIP_REASON})`}`, () => {
  const entries = HAS_CORPUS ? manifest() : [];

  it('lists the captures', () => {
    expect(entries.length).toBeGreaterThanOrEqual(50);
  });

  it.each(entries)('$name: format, frame count and link type match the manifest', async (e) => {
    const linkTypes = new Set<number>();
    const nets: Record<string, number> = {};
    const out = newLinkResult();
    let lastNo = 0;
    let ordered = true;
    const counters = new Counters();
    const r = await readCapture(join(CORPUS_DIR, e.name), {
      counters,
      onFrame: (rec) => {
        linkTypes.add(rec.linkType);
        if (rec.frameNo !== lastNo + 1) ordered = false;
        lastNo = rec.frameNo;
        decodeLink(rec.linkType, rec.view, rec.offset, rec.offset + rec.capLen, out);
        nets[out.net] = (nets[out.net] ?? 0) + 1;
      },
    });
    expect(r.format).toBe(e.format);
    expect(r.frames).toBe(e.frames);
    expect(ordered).toBe(true);
    expect([...linkTypes]).toEqual([e.dlt]);
    expect(counters.get('capture.truncated-file')).toBe(0);
    // Signalling captures: every frame carries IP or an MTP3 MSU, apart from a few ARP frames.
    expect((nets['ipv4'] ?? 0) + (nets['ipv6'] ?? 0) + (nets['mtp3'] ?? 0)).toBeGreaterThanOrEqual(e.frames - 10);
  });

  // frame.time_epoch / frame.cap_len printed by tshark 4 for frames 1, 5 and 70 (metadata only).
  it.each([
    [
      'wswiki_isup_load_generator.pcap',
      [
        [1, '1415871528.638000000', 37],
        [5, '1415871529.312000000', 18],
        [70, '1415871542.120000000', 16],
      ],
    ], // if_tsresol 3
    [
      'magma_nsa_connection.pcap',
      [
        [1, '1609859371.516218707', 84],
        [5, '1609859371.517088371', 64],
        [70, '1609859457.470201549', 52],
      ],
    ], // ns
    [
      'open5gs_testattach.pcapng',
      [
        [1, '1598111548.860638515', 100],
        [5, '1598111548.956275546', 74],
        [70, '1598111550.150529588', 140],
      ],
    ],
    [
      'vely_2001_SCAPv2.pcapng',
      [
        [1, '1399902781.603244000', 194],
        [5, '1399902781.909781000', 90],
        [70, '1399902787.086287000', 114],
      ],
    ], // µs
  ] as const)('%s: timestamps and lengths agree with tshark', async (name, want) => {
    const got: [number, string, number][] = [];
    await readCapture(join(CORPUS_DIR, name), {
      onFrame: (r) => {
        if (want.some(([n]) => n === r.frameNo)) got.push([r.frameNo, `${r.tsSec}.${String(r.tsNsec).padStart(9, '0')}`, r.capLen]);
      },
    });
    expect(got).toEqual(want);
  });
});
