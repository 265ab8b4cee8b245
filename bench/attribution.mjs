// Attribution lookups/s. Plain Node; build first:
//   npx tsc -p tsconfig.json --noEmitOnError false && node bench/attribution.mjs
// Cases: cold E.164 trie lookups (no cache), repeated GTs (cache hits), distinct GTs (cache
// misses + trie), registry GTs, IMSIs and realms. Seeded, so runs are comparable.
import { createAttributor, lookupE164 } from '../dist/attribution/index.js';

let seed = 0x5157;
const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
const prefixes = ['8613', '85290', '1242357', '1246', '1876', '1416', '7701', '7495', '4479', '33612', '49171', '2782', '61412', '1202'];
const distinct = Array.from({ length: 200_000 }, () =>
  prefixes[(rnd() * prefixes.length) | 0] + String((rnd() * 1e7) | 0).padStart(7, '0'));
const repeated = distinct.slice(0, 64);
const networks = Array.from({ length: 2_000 }, (_, i) => ({
  name: `Carrier ${i}`, role: 'transit', gtPrefixes: [`8522${String(i).padStart(4, '0')}`], realms: [`c${i}.example.net`],
  pointCodes: [i], source: 'bench', plmn: `460${String(i % 100).padStart(2, '0')}`,
}));
const imsis = Array.from({ length: 100_000 }, () => `${['310410', '23415', '46001', '40101'][(rnd() * 4) | 0]}${String((rnd() * 1e9) | 0).padStart(9, '0')}`);

function run(name, n, fn) {
  for (let i = 0; i < Math.min(n, 20_000); i++) fn(i); // warm-up
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) fn(i);
  const ns = Number(process.hrtime.bigint() - t0);
  console.log(`${name.padEnd(36)} ${(n / (ns / 1e9) / 1e6).toFixed(2).padStart(8)} M lookups/s  ${(ns / n).toFixed(0).padStart(5)} ns/lookup`);
}

const t0 = performance.now();
lookupE164('1');
console.log(`E.164 trie build (first lookup): ${(performance.now() - t0).toFixed(1)} ms`);
const a = createAttributor({ networks });
const plain = createAttributor({ cacheSize: 1 << 20 });
let sink = 0;
run('e164 trie, distinct GTs (no cache)', 2_000_000, (i) => (sink += lookupE164(distinct[i % distinct.length]).prefix.length));
run('attributor.gt repeated (64 GTs)', 5_000_000, (i) => (sink += a.gt(repeated[i & 63]).source.length));
run('attributor.gt distinct, cache 64K', 1_000_000, (i) => (sink += a.gt(distinct[i % distinct.length]).source.length));
run('attributor.gt distinct, cache 1M', 1_000_000, (i) => (sink += plain.gt(distinct[i % distinct.length]).source.length));
run('attributor.gt registry hit (8522xxxx)', 1_000_000, (i) => (sink += a.gt(`8522${String(i % 2000).padStart(4, '0')}1`).source.length));
run('attributor.imsi distinct', 1_000_000, (i) => (sink += a.imsi(imsis[i % imsis.length]).source.length));
run('attributor.realm repeated', 5_000_000, (i) => (sink += a.realm(i & 1 ? 'epc.mnc015.mcc234.3gppnetwork.org' : 'c7.example.net').source.length));
const h0 = process.memoryUsage().heapUsed;
for (let i = 0; i < 1_000_000; i++) sink += a.gt(repeated[i & 63]).source.length;
console.log(`heap growth over 1M repeated lookups: ${((process.memoryUsage().heapUsed - h0) / 1024).toFixed(0)} KiB`);
if (sink === 42) console.log('');
