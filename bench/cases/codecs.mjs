// Diameter codec cases (folded in from the former bench/diameter.mjs) and attribution lookups
// (from bench/attribution.mjs). Seeded fixtures, so runs are comparable.
import {
  AvpFlag,
  DiameterAvp,
  DiameterDecoder,
  decodeDiameter,
  decodeDiameterMessage,
  encodeDiameter,
  encodePlmn,
  encodeValue,
  lookupAvp,
  newDiameterFields,
} from '../../dist/diameter/index.js';
import { DIAMETER_APP, DIAMETER_CMD } from '../../dist/diameter/dictionary/codes.js';
import { FrameIndexer } from '../../dist/core/frame-index.js';
import { createAttributor, lookupE164 } from '../../dist/attribution/index.js';
import { loop } from '../lib/measure.mjs';

const V3 = 10415;
function avp(code, value, vendor = 0) {
  const def = lookupAvp(vendor, code);
  return new DiameterAvp(code, vendor, AvpFlag.MANDATORY | (vendor ? AvpFlag.VENDOR : 0), encodeValue(def?.type ?? 'OctetString', value), def);
}
function group(code, children, vendor = 0) {
  const a = new DiameterAvp(code, vendor, AvpFlag.MANDATORY | (vendor ? AvpFlag.VENDOR : 0), new Uint8Array(0), lookupAvp(vendor, code));
  a.avps = children;
  return a;
}
const msg = (cmd, request, avps) => ({ version: 1, flags: request ? 0xc0 : 0x40, cmd, app: DIAMETER_APP.s6a, hbh: 1, e2e: 2, avps, anomalies: [] });
const ULR = encodeDiameter(
  msg(DIAMETER_CMD.s6a.ULR, true, [
    avp(263, 'mme1.epc.mnc002.mcc208.3gppnetwork.org;1700000000;42;app_s6a'),
    avp(277, 1),
    avp(264, 'mme1.epc.mnc002.mcc208.3gppnetwork.org'),
    avp(296, 'epc.mnc002.mcc208.3gppnetwork.org'),
    avp(283, 'epc.mnc001.mcc001.3gppnetwork.org'),
    avp(1, '001010123456789'),
    group(628, [avp(266, 10415), avp(629, 1, V3), avp(630, 0x1c000607, V3)], V3),
    avp(1032, 1004, V3),
    avp(1405, 0x22, V3),
    avp(1407, encodePlmn('208', '02'), V3),
    avp(282, 'dra.example.net'),
  ]),
);
const apn = (ctx, name) =>
  group(
    1430,
    [
      avp(1423, ctx, V3),
      avp(1456, 0, V3),
      avp(493, name),
      group(1431, [avp(1028, 9, V3), group(1034, [avp(1046, 8, V3), avp(1047, 1, V3), avp(1048, 0, V3)], V3)], V3),
      group(1435, [avp(516, 50000000, V3), avp(515, 100000000, V3)], V3),
    ],
    V3,
  );
const ULA = encodeDiameter(
  msg(DIAMETER_CMD.s6a.ULR, false, [
    avp(263, 'mme1.epc.mnc002.mcc208.3gppnetwork.org;1700000000;42;app_s6a'),
    avp(277, 1),
    avp(264, 'hss.epc.mnc001.mcc001.3gppnetwork.org'),
    avp(296, 'epc.mnc001.mcc001.3gppnetwork.org'),
    avp(268, 2001),
    avp(1406, 1, V3),
    group(
      1400,
      [
        avp(701, Uint8Array.from([0x33, 0x16, 0x32, 0x54, 0x76, 0xf8]), V3),
        avp(1424, 0, V3),
        avp(1417, 2, V3),
        group(1435, [avp(516, 50000000, V3), avp(515, 100000000, V3)], V3),
        group(1429, [avp(1423, 1, V3), avp(1428, 0, V3), apn(1, 'internet'), apn(2, 'ims')], V3),
      ],
      V3,
    ),
  ]),
);

const flow = { id: 1, transport: 'sctp', src: '10.0.0.1', dst: '10.0.0.2', srcPort: 3868, dstPort: 3868 };
const cases = [];
for (const [label, bytes] of [
  ['ULR', ULR],
  ['ULA', ULA],
]) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const one = (name, fn) =>
    cases.push({
      name: `diameter/${name} ${label} (${bytes.length} B)`,
      run() {
        const r = loop(fn);
        return { n: r.ops, unit: 'messages', bytes: r.ops * bytes.length, seconds: r.seconds, cpuSeconds: r.cpuSeconds };
      },
    });
  const fields = newDiameterFields();
  one('fast-extract', () => decodeDiameter(view, 0, bytes.length, fields));
  one('full-decode', () => decodeDiameterMessage(bytes));
  one('decode+encode', () => encodeDiameter(decodeDiameterMessage(bytes)));
  cases.push({
    name: `diameter/DiameterDecoder event ${label}`,
    // The same message over and over, no peer: a ULR is a request (recorded as pending, then
    // replaced), a ULA an answer whose request was never seen (held for reordering, then settled
    // by the wait table's bound): the decoder's full per-message path either way, unmatched.
    run() {
      let sink = 0;
      const dec = new DiameterDecoder({
        onEvent: (e) => {
          sink += e.frame + 1; // (e.index is 0: one message per frame)
        },
        indexer: new FrameIndexer(),
      });
      const p = { proto: 'diameter', bytes, view, offset: 0, end: bytes.length, frameNo: 0, tsSec: 0, tsNsec: 0, tsPrecision: 6, flow, stream: 0, ppid: 46 };
      const r = loop((i) => {
        p.frameNo = i;
        p.tsSec = i >> 10;
        dec.payload(p);
      });
      return { n: r.ops, unit: 'messages', bytes: r.ops * bytes.length, seconds: r.seconds, cpuSeconds: r.cpuSeconds, extra: { sink: sink > 0 } };
    },
  });
}

// ---- attribution ----
// Built on first use (not at import: every case process imports this registry).
let distinct, repeated, networks, imsis, registryGts;
function attributionFixtures() {
  if (distinct !== undefined) return;
  let seed = 0x5157;
  const rnd = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const prefixes = ['8613', '85290', '1242357', '1246', '1876', '1416', '7701', '7495', '4479', '33612', '49171', '2782', '61412', '1202'];
  distinct = Array.from({ length: 200_000 }, () => prefixes[(rnd() * prefixes.length) | 0] + String((rnd() * 1e7) | 0).padStart(7, '0'));
  repeated = distinct.slice(0, 64);
  networks = Array.from({ length: 2_000 }, (_, i) => ({
    name: `Carrier ${i}`,
    role: 'transit',
    gtPrefixes: [`8522${String(i).padStart(4, '0')}`],
    realms: [`c${i}.example.net`],
    pointCodes: [i],
    source: 'bench',
    plmn: `460${String(i % 100).padStart(2, '0')}`,
  }));
  imsis = Array.from({ length: 100_000 }, () => `${['310410', '23415', '46001', '40101'][(rnd() * 4) | 0]}${String((rnd() * 1e9) | 0).padStart(9, '0')}`);
  registryGts = Array.from({ length: 2000 }, (_, i) => `8522${String(i).padStart(4, '0')}1`);
}
const lookup = (name, make, fn) =>
  cases.push({
    name: `attribution/${name}`,
    run() {
      attributionFixtures();
      const a = make();
      let sink = 0;
      const r = loop((i) => {
        sink += fn(a, i);
      });
      return { n: r.ops, unit: 'lookups', bytes: 0, seconds: r.seconds, cpuSeconds: r.cpuSeconds, extra: { sink: sink > 0 } };
    },
  });
lookup(
  'e164 trie, distinct GTs (no cache)',
  () => null,
  (_, i) => lookupE164(distinct[i % distinct.length]).prefix.length,
);
lookup(
  'gt repeated (64 GTs, cache hits)',
  () => createAttributor({ networks }),
  (a, i) => a.gt(repeated[i & 63]).source.length,
);
lookup(
  'gt distinct, cache 64K',
  () => createAttributor({ networks }),
  (a, i) => a.gt(distinct[i % distinct.length]).source.length,
);
lookup(
  'gt distinct, cache 1M',
  () => createAttributor({ cacheSize: 1 << 20 }),
  (a, i) => a.gt(distinct[i % distinct.length]).source.length,
);
lookup(
  'gt registry hit (2000 carriers)',
  () => createAttributor({ networks }),
  (a, i) => a.gt(registryGts[i % 2000]).source.length,
);
lookup(
  'imsi distinct',
  () => createAttributor({ networks }),
  (a, i) => a.imsi(imsis[i % imsis.length]).source.length,
);
lookup(
  'realm repeated',
  () => createAttributor({ networks }),
  (a, i) => a.realm(i & 1 ? 'epc.mnc015.mcc234.3gppnetwork.org' : 'c7.example.net').source.length,
);

export default cases;
