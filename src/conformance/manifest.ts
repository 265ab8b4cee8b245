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

export function parseManifest(tsv: string): Map<string, string> {
  const lines = tsv.split('\n').filter((l) => l.trim() !== '');
  const header = (lines[0] ?? '').split('\t');
  const nameCol = header.indexOf('local_name');
  const optsCol = header.indexOf('tshark_opts_needed');
  const out = new Map<string, string>();
  if (nameCol < 0 || optsCol < 0) return out;
  for (const line of lines.slice(1)) {
    const cols = line.split('\t');
    const name = cols[nameCol];
    if (name) out.set(name, (cols[optsCol] ?? '').replace(/^"|"$/g, '').replace(/""/g, '"'));
  }
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
