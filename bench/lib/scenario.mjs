// The mixed SS7+Diameter scenario capture for the end-to-end cases, cached in os.tmpdir():
// written by the scenario generator (`npm run pcaps -- --messages N --out FILE`) when it is
// present, else by the synthetic writer in fixtures.mjs (same protocols, bundling, both directions).
import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readSync, renameSync, statSync, writeSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Decoder } from '../../dist/api/decoder.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function generatorAvailable() {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const cmd = pkg.scripts?.pcaps;
  if (cmd === undefined) return false;
  // Every file the script names must exist (it is being written by another engineer).
  return cmd
    .split(/\s+/)
    .filter((w) => /\.(m?[jt]s)$/.test(w))
    .every((w) => existsSync(path.join(ROOT, w)));
}

/**
 * Returns { file, source, messages } for a capture of about `messages` messages: the mixed
 * scenario, or with `scenario: 'flood'` the alert flood (generator only; undefined without it).
 */
export async function scenarioFile(messages, { source = 'auto', bytes, scenario = 'mixed' } = {}) {
  const useGen = source === 'generator' || (source === 'auto' && generatorAvailable()) || (scenario === 'flood' && generatorAvailable());
  if (scenario === 'flood' && !useGen) return undefined;
  const tag = bytes !== undefined ? `${Math.round(bytes / 1e6)}MB` : `${messages}`;
  const file = path.join(tmpdir(), `sigwatch-bench-${useGen ? 'gen' : 'synth'}-${scenario === 'flood' ? 'flood-' : ''}${tag}.pcap`);
  if (!existsSync(file)) {
    const tmp = file.replace(/\.pcap$/, `.${process.pid}.tmp.pcap`);
    const t0 = performance.now();
    if (useGen) {
      const n = bytes !== undefined ? Math.ceil(bytes / 230) : messages; // ~230 B per message in the mix
      execFileSync('npm', ['run', '-s', 'pcaps', '--', '--scenario', scenario, '--messages', String(n), '--out', tmp, '--truth', 'none'], {
        cwd: ROOT,
        stdio: ['ignore', 'inherit', 'inherit'],
      });
    } else {
      const { writeSynthetic, buildPool } = await import('./fixtures.mjs');
      const fd = openSync(tmp, 'w');
      writeSynthetic({ messages: bytes !== undefined ? Infinity : messages, bytes: bytes ?? Infinity, pool: buildPool(20000), write: (c) => writeSync(fd, c) });
      closeSync(fd);
    }
    renameSync(tmp, file);
    const tmpProfile = tmp.replace(/\.pcap$/, '') + '.profile.yaml';
    if (existsSync(tmpProfile)) renameSync(tmpProfile, file.replace(/\.pcap$/, '.profile.yaml'));
    console.error(`wrote ${file} (${(statSync(file).size / 1e6).toFixed(0)} MB) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  const profile = file.replace(/\.pcap$/, '.profile.yaml');
  return { file, profile: existsSync(profile) ? profile : undefined, source: useGen ? 'generator (bench/generator)' : 'synthetic (bench/lib/fixtures.mjs)' };
}

/** Copies the pcap header and the first records of `file` holding about `messages` messages; returns { file, messages, frames }. */
export function prefixFile(file, messages) {
  const out = `${file}.prefix-${messages}.pcap`;
  const fd = openSync(file, 'r');
  const buf = Buffer.alloc(1 << 20);
  let pos = 24;
  let frames = 0;
  let count = 0;
  const d = new Decoder({ onEvent: () => {} });
  // Count messages frame by frame with our own decoder until the target is reached.
  const head = Buffer.alloc(24);
  readSync(fd, head, 0, 24, 0);
  d.push(head);
  outer: for (;;) {
    const n = readSync(fd, buf, 0, buf.length, pos);
    if (n < 16) break;
    let p = 0;
    while (p + 16 <= n) {
      const cap = buf.readUInt32LE(p + 8);
      if (p + 16 + cap > n) break;
      d.push(buf.subarray(p, p + 16 + cap));
      p += 16 + cap;
      frames++;
      count = d.counters.get('tcap.messages') + d.counters.get('diameter.messages');
      if (count >= messages) {
        pos += p;
        break outer;
      }
    }
    pos += p;
  }
  closeSync(fd);
  if (!existsSync(out)) {
    const src = openSync(file, 'r');
    const all = Buffer.alloc(pos);
    readSync(src, all, 0, pos, 0);
    closeSync(src);
    const o = openSync(out, 'w');
    writeSync(o, all);
    closeSync(o);
  }
  return { file: out, messages: count, frames };
}
