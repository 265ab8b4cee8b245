/**
 * Maps the `tshark_opts_needed` column of a corpus MANIFEST.tsv to decoder options:
 * `-d tcp.port==N,diameter` → Diameter port N; `-o mtp3.standard:ANSI|Japan` → MTP3 variant.
 * Options with no decoder equivalent (CAMEL SSN preferences: sigwatch recognises CAMEL by its
 * application context; M3UA draft-6; syslog-wrapped MSUs) are reported as ignored.
 */
import type { Mtp3Variant } from '../ss7/types.js';
import { DEFAULT_DIAMETER_PORTS } from '../transport/types.js';

export interface ManifestOptions {
  diameterPorts: number[];
  mtp3: Mtp3Variant;
  ignored: string[];
}

/** MANIFEST.tsv rows by `local_name`, each a column-name → cell map (TSV doubled quotes undone). */
export function manifestRows(tsv: string): Map<string, Record<string, string>> {
  const lines = tsv.split('\n').filter((l) => l.trim() !== '');
  const header = (lines[0] ?? '').split('\t');
  const out = new Map<string, Record<string, string>>();
  for (const line of lines.slice(1)) {
    const cells = line.split('\t');
    const row: Record<string, string> = {};
    header.forEach((h, i) => {
      row[h] = (cells[i] ?? '').replace(/^"|"$/g, '').replace(/""/g, '"');
    });
    if (row.local_name) out.set(row.local_name, row);
  }
  return out;
}

/** The `tshark_opts_needed` column by capture name. */
export function parseManifest(tsv: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, row] of manifestRows(tsv)) out.set(name, row.tshark_opts_needed ?? '');
  return out;
}

export function optionsFromTshark(opts: string): ManifestOptions {
  const out: ManifestOptions = { diameterPorts: [...DEFAULT_DIAMETER_PORTS], mtp3: 'itu', ignored: [] };
  const re = /-([do])\s+("[^"]*"|\S+)/g;
  for (let m = re.exec(opts); m !== null; m = re.exec(opts)) {
    const value = m[2]!.replace(/^"|"$/g, '');
    const port = /^(?:tcp|sctp)\.port==(\d+),diameter$/.exec(value);
    const mtp3 = /^mtp3\.standard:(ITU|ANSI|Japan)/i.exec(value);
    if (m[1] === 'd' && port) out.diameterPorts.push(Number(port[1]));
    else if (m[1] === 'o' && mtp3) out.mtp3 = mtp3[1]!.toLowerCase() === 'itu' ? 'itu' : (mtp3[1]!.toLowerCase() as Mtp3Variant);
    else out.ignored.push(`-${m[1]} ${value}`);
  }
  return out;
}
