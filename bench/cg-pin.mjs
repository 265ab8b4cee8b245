// usage: node --expose-gc bench/cg-pin.mjs ROOT records|scan FILE FROM TO — run by bench/cg-pin.sh under callgrind.
// Pushes MiB 0..TO of FILE (1 MiB chunks, a new Buffer each, as /tmp/cg/push.mjs) into a Decoder (records: onRecord) or a Scanner
// (with FILE's .profile.yaml when present) built from ROOT/dist. Callgrind counts only MiB FROM..TO: stats zeroed before MiB FROM,
// dumped (label "window") after MiB TO, before end(); valgrind runs with --instr-atstart=no and instrumentation starts there (the
// prefix runs ~10x faster). GC pinned: gc() before every MiB of the window with collection toggled off
// around it, so each MiB starts from the same heap whatever the build and the forced GCs are not counted. CGCTL: the built
// bench/cgctl.c (client requests; outside valgrind they do nothing).
import { existsSync, openSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const cg = createRequire(import.meta.url)(process.env.CGCTL ?? '/tmp/cg/cgctl.node');
const [, , root, mode, file, fromArg, toArg] = process.argv;
const dist = (p) => pathToFileURL(`${root}/dist/${p}`).href;
let sink;
if (mode === 'scan') {
  const { Scanner } = await import(dist('api/scanner.js'));
  const { loadProfile } = await import(dist('detect/profile.js'));
  const profile = file.replace(/\.pcap(ng)?$/, '.profile.yaml');
  sink = new Scanner({ ...(existsSync(profile) ? { profile: loadProfile(profile) } : {}), onAlert: () => {} });
} else {
  const { Decoder } = await import(dist('api/decoder.js'));
  sink = new Decoder(mode === 'records' ? { onRecord: () => {} } : { onEvent: () => {} });
}
const fd = openSync(file, 'r');
const from = Number(fromArg);
const to = Number(toArg);
const pin = process.env.PIN !== '0';
for (let i = 0; i < to; i++) {
  const b = Buffer.allocUnsafe(1 << 20);
  if (i === from) {
    if (pin) gc();
    cg.on();
    cg.zero();
  } else if (i > from && pin) {
    cg.toggle();
    gc();
    cg.toggle();
  }
  const got = readSync(fd, b, 0, b.length, i << 20);
  if (got === 0) break;
  sink.push(got === b.length ? b : b.subarray(0, got));
}
cg.dump('window');
sink.end();
