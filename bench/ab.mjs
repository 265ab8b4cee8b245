// Paired CPU comparison of two built checkouts (how each round of issue 19 was judged: single
// bench runs vary by ±5–10 % and the machine's speed by more between hours).
//
//   node bench/ab.mjs ROOT_A ROOT_B records|events|scan FILE [PAIRS=5]
//
// Runs PAIRS alternated pairs (A first on odd pairs), each run in its own process: a Decoder
// (`records`: onRecord, the fast tier; `events`: onEvent) or a Scanner with FILE's profile
// (NAME.profile.yaml beside it; `scan`), FILE pushed in 1 MiB readSync chunks. Prints each pair's
// push-loop CPU seconds and B/A, then the median ratio.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const [, , a, b, mode, file, pairsArg] = process.argv;
if (process.env.SIGWATCH_AB_ONE === '1') {
  // One run, in this process: ROOT = a.
  const dist = (p) => pathToFileURL(`${a}/dist/${p}`).href;
  const { readFileChunks, cpuSince } = await import('./lib/measure.mjs');
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
  const c0 = process.cpuUsage();
  readFileChunks(file, (c) => sink.push(c));
  sink.end();
  console.log(cpuSince(c0).toFixed(3));
} else {
  if (file === undefined || !['records', 'events', 'scan'].includes(mode)) {
    console.error('usage: node bench/ab.mjs ROOT_A ROOT_B records|events|scan FILE [PAIRS]');
    process.exit(2);
  }
  const self = fileURLToPath(import.meta.url);
  const one = (root) => {
    const r = spawnSync(process.execPath, [self, root, '', mode, file], { env: { ...process.env, SIGWATCH_AB_ONE: '1' }, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${root}: ${r.stderr}`);
    return Number(r.stdout.trim());
  };
  const ratios = [];
  for (let i = 0; i < Number(pairsArg ?? 5); i++) {
    const [ta, tb] = i % 2 === 0 ? [one(a), one(b)] : [one(b), one(a)].reverse();
    ratios.push(tb / ta);
    console.log(`pair ${i + 1}: A ${ta.toFixed(3)} s  B ${tb.toFixed(3)} s  B/A ${(tb / ta).toFixed(3)}`);
  }
  ratios.sort((x, y) => x - y);
  console.log(`median B/A ${ratios[ratios.length >> 1].toFixed(3)} (${mode}, ${ratios.length} pairs)`);
}
