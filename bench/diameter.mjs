// Diameter codec benchmark (plain Node). Build first: npx tsc -p tsconfig.json
//   node bench/diameter.mjs [filter-regex]
// Cases: fast extraction (extractDiameterFields), full tree decode (decodeDiameter), decode+encode,
// and the pipeline stage (DiameterDecoder.payload → event), on generated S6a ULR and ULA messages.
import {
  AvpFlag,
  DiameterAvp,
  DiameterDecoder,
  decodeDiameter,
  encodeDiameter,
  encodePlmn,
  encodeValue,
  extractDiameterFields,
  lookupAvp,
  newDiameterFields,
} from '../dist/diameter/index.js';
import { FrameIndexer } from '../dist/core/frame-index.js';

const V3 = 10415;
function avp(code, value, vendor = 0) {
  const def = lookupAvp(vendor, code);
  const flags = AvpFlag.MANDATORY | (vendor ? AvpFlag.VENDOR : 0);
  return new DiameterAvp(code, vendor, flags, encodeValue(def?.type ?? 'OctetString', value), def);
}
function group(code, children, vendor = 0) {
  const a = new DiameterAvp(code, vendor, AvpFlag.MANDATORY | (vendor ? AvpFlag.VENDOR : 0), new Uint8Array(0), lookupAvp(vendor, code));
  a.avps = children;
  return a;
}
const msg = (cmd, request, avps) => ({ version: 1, flags: request ? 0xc0 : 0x40, cmd, app: 16777251, hbh: 1, e2e: 2, avps, anomalies: [] });

const ULR = encodeDiameter(
  msg(316, true, [
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
  group(1430, [
    avp(1423, ctx, V3),
    avp(1456, 0, V3),
    avp(493, name),
    group(1431, [avp(1028, 9, V3), group(1034, [avp(1046, 8, V3), avp(1047, 1, V3), avp(1048, 0, V3)], V3)], V3),
    group(1435, [avp(516, 50000000, V3), avp(515, 100000000, V3)], V3),
  ], V3);
const ULA = encodeDiameter(
  msg(316, false, [
    avp(263, 'mme1.epc.mnc002.mcc208.3gppnetwork.org;1700000000;42;app_s6a'),
    avp(277, 1),
    avp(264, 'hss.epc.mnc001.mcc001.3gppnetwork.org'),
    avp(296, 'epc.mnc001.mcc001.3gppnetwork.org'),
    avp(268, 2001),
    avp(1406, 1, V3),
    group(1400, [
      avp(701, Uint8Array.from([0x33, 0x16, 0x32, 0x54, 0x76, 0xf8]), V3),
      avp(1424, 0, V3),
      avp(1417, 2, V3),
      group(1435, [avp(516, 50000000, V3), avp(515, 100000000, V3)], V3),
      group(1429, [avp(1423, 1, V3), avp(1428, 0, V3), apn(1, 'internet'), apn(2, 'ims')], V3),
    ], V3),
  ]),
);

const filter = new RegExp(process.argv[2] ?? '.');
const results = [];
function bench(name, bytesLen, fn) {
  if (!filter.test(name)) return;
  for (let i = 0; i < 20000; i++) fn(i); // warm-up
  let n = 0;
  const t0 = process.hrtime.bigint();
  let t;
  do {
    for (let i = 0; i < 10000; i++) fn(i);
    n += 10000;
    t = Number(process.hrtime.bigint() - t0) / 1e9;
  } while (t < 1.0);
  const rate = n / t;
  results.push({ name, 'msgs/s': Math.round(rate).toLocaleString('en-US'), 'MB/s': ((rate * bytesLen) / 1e6).toFixed(1), 'ns/msg': Math.round(1e9 / rate) });
}

const fields = newDiameterFields();
const flow = { id: 1, transport: 'sctp', src: '10.0.0.1', dst: '10.0.0.2', srcPort: 3868, dstPort: 3868 };
for (const [label, bytes] of [['ULR', ULR], ['ULA', ULA]]) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  bench(`fast-extract ${label} (${bytes.length} B)`, bytes.length, () => extractDiameterFields(view, bytes, 0, bytes.length, fields));
  bench(`full-decode ${label}`, bytes.length, () => decodeDiameter(bytes));
  bench(`full-decode+values ${label}`, bytes.length, () => {
    const walk = (l) => { for (const a of l) a.avps ? walk(a.avps) : a.value; };
    walk(decodeDiameter(bytes).avps);
  });
  bench(`decode+encode ${label}`, bytes.length, () => encodeDiameter(decodeDiameter(bytes)));
  let sink = 0;
  const dec = new DiameterDecoder({ onEvent: (e) => { sink += e.index; }, indexer: new FrameIndexer() });
  const p = { proto: 'diameter', bytes, view, offset: 0, end: bytes.length, frameNo: 0, tsSec: 0, tsNsec: 0, tsPrecision: 6, flow, stream: 0, ppid: 46 };
  bench(`DiameterDecoder event ${label}`, bytes.length, (i) => {
    p.frameNo = i;
    p.tsSec = i >> 10;
    dec.payload(p);
  });
}
console.log(`node ${process.version}`);
console.table(results);
