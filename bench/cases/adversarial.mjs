// Adversarial shapes of issue 16, each beside an ordinary input of the same size, so the cost per
// byte can be compared (the issue asks for ≤ 2× of ordinary traffic):
//   adversarial/diameter-e164 …   one 1 MiB IDR of ~52,000 distinct A-MSISDN AVPs (was quadratic:
//                                 6.2 s per message) vs the same size of Route-Record AVPs
//   adversarial/anonymize …       Anonymizer.text over digit runs that match nothing, with
//                                 identifiers of every length learned (was 51.7 s for 561 KB) vs
//                                 alert JSON text of the same size
//   adversarial/condition …       compiling `1 of a*a*…*c` (18 stars) against a 36-character
//                                 selection name (never finished) vs `1 of sel_*`
//   adversarial/yaml …            a billion-laughs rule file (refused) vs a shipped rule file
import { readFileSync } from 'node:fs';
import { AvpFlag, DiameterAvp, decodeDiameter, encodeDiameter, encodeValue, lookupAvp, newDiameterFields } from '../../dist/diameter/index.js';
import { encodeTbcd } from '../../dist/asn1/tbcd.js';
import { DIAMETER_APP, DIAMETER_CMD } from '../../dist/diameter/dictionary/codes.js';
import { Anonymizer } from '../../dist/report/anonymize.js';
import { compileCondition } from '../../dist/detect/condition.js';
import { parseRule } from '../../dist/detect/rule-loader.js';
import { loop } from '../lib/measure.mjs';

const V3 = 10415;
function avp(code, value, vendor = 0, type) {
  const def = lookupAvp(vendor, code);
  return new DiameterAvp(code, vendor, AvpFlag.MANDATORY | (vendor ? AvpFlag.VENDOR : 0), encodeValue(type ?? def?.type ?? 'OctetString', value), def);
}
function group(code, children, vendor = 0) {
  const a = new DiameterAvp(code, vendor, AvpFlag.MANDATORY | (vendor ? AvpFlag.VENDOR : 0), new Uint8Array(0), lookupAvp(vendor, code));
  a.avps = children;
  return a;
}
const head = [
  avp(263, 'hss.example;1'),
  avp(264, 'hss.epc.mnc410.mcc310.3gppnetwork.org'),
  avp(296, 'epc.mnc410.mcc310.3gppnetwork.org'),
  avp(1, '310410123456789'),
];
const idr = (children) =>
  encodeDiameter({
    version: 1,
    flags: 0xc0,
    cmd: DIAMETER_CMD.s6a.IDR,
    app: DIAMETER_APP.s6a,
    hbh: 1,
    e2e: 2,
    avps: [...head, group(1400, children, V3)],
    anomalies: [],
  });
// A-MSISDN AVP: 12 header + 6 TBCD + 2 padding = 20 B; 52,000 of them ≈ 1 MiB.
const N = 52_000;
// Fixtures are built on first use, not at import (every case process imports this registry).
const HOSTILE_IDR = () => idr(Array.from({ length: N }, (_, i) => avp(1643, encodeTbcd(`1202${String(i).padStart(7, '0')}`), V3)));
// Same size of AVPs the extractor reads past (Subscriber-Status, 1424, inside Subscription-Data).
const ORDINARY_IDR = () => idr(Array.from({ length: N }, () => avp(1424, 0, V3)));

function perMessage(build) {
  return () => perMessageRun(build());
}
function perMessageRun(bytes) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const f = newDiameterFields();
  const r = loop(() => decodeDiameter(view, 0, bytes.length, f), { warm: 3, batch: 1 });
  return {
    n: r.ops,
    unit: 'messages',
    bytes: r.ops * bytes.length,
    seconds: r.seconds,
    cpuSeconds: r.cpuSeconds,
    extra: { messageBytes: bytes.length, e164: f.e164.length },
  };
}

// ---- anonymiser ----
function anonymizer() {
  const a = new Anonymizer('bench');
  for (let len = 5; len <= 400; len++) a.add('9'.repeat(len - 1) + '1'); // every length, most far beyond an identifier
  for (let i = 0; i < 100_000; i++) a.add(String(12025550000 + i * 7));
  for (let i = 0; i < 100_000; i++) a.add(String(310410000000000 + i * 13));
  return a;
}
const SIZE = 561 * 1024;
const HOSTILE_TEXT = () =>
  Array.from({ length: 64 }, (_, k) => '1357924680'.repeat(Math.ceil(SIZE / 64 / 10) + k))
    .join(' ')
    .slice(0, SIZE);
// Worst case for the head filter: every position starts with a learned 5-digit head.
const HOSTILE_HEADS = () => '12025'.repeat(Math.ceil(SIZE / 5)).slice(0, SIZE);
const ALERT = JSON.stringify({
  frame: 1234,
  index: 0,
  ts: '2023-11-14T22:13:20.123456Z',
  rule: 'location-origin-mismatch',
  title: 'Location request from outside',
  subscriber: { imsi: '310410000001300', msisdn: '12025550700' },
  origin: { gt: '8613800000001', country: 'CN', network: '46001' },
  explanation: 'SRI for +12025550700 from CN 46001 (GT 8613800000001) while the subscriber is in FR 20801',
  evidence: { sccp: { calling: { gt: '8613800000001', ssn: 8 }, called: { gt: '12025550700', ssn: 6 } }, e164: ['12025550700', '8613800000001'] },
});
const ORDINARY_TEXT = () => ALERT.repeat(Math.ceil(SIZE / ALERT.length)).slice(0, SIZE);

function textCase(build) {
  return () => {
    const text = build();
    const a = anonymizer();
    let sink = 0;
    const r = loop(() => (sink += a.text(text).length), { warm: 2, batch: 1 });
    return {
      n: r.ops,
      unit: 'texts',
      bytes: r.ops * text.length,
      seconds: r.seconds,
      cpuSeconds: r.cpuSeconds,
      extra: { textBytes: text.length, sink: sink > 0 },
    };
  };
}

// ---- rules ----
const never = (m) => {
  throw new Error(m);
};
function conditionCase(pattern, names) {
  const sels = new Map(names.map((n) => [n, () => true]));
  return () => {
    let ok = 0;
    const r = loop(
      () => {
        try {
          compileCondition(`1 of ${pattern}`, sels, never);
          ok++;
        } catch {
          // "matches no selection": the hostile pattern's expected outcome
        }
      },
      { warm: 100, batch: 100 },
    );
    return { n: r.ops, unit: 'conditions', seconds: r.seconds, cpuSeconds: r.cpuSeconds, extra: { matched: ok > 0 } };
  };
}
let bomb = 'id: bomb\nrev: 1\ntitle: t\nlevel: low\nscope: {protocol: map}\na0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n';
for (let i = 1; i <= 9; i++)
  bomb += `a${i}: &a${i} [${Array(9)
    .fill(`*a${i - 1}`)
    .join(', ')}]\n`;
bomb += 'references: *a9\ndetection: {s: {frame: 1}, condition: s}\n';
function yamlCase(text) {
  return () => {
    const r = loop(
      () => {
        try {
          parseRule(text, 'bench.yaml');
        } catch {
          // the bomb is refused with ERR_BAD_RULE
        }
      },
      { warm: 20, batch: 20 },
    );
    return { n: r.ops, unit: 'files', bytes: r.ops * text.length, seconds: r.seconds, cpuSeconds: r.cpuSeconds };
  };
}

export default [
  { name: `adversarial/diameter-e164 hostile IDR (${N} distinct A-MSISDN)`, run: perMessage(HOSTILE_IDR) },
  { name: `adversarial/diameter-e164 ordinary IDR (same size)`, run: perMessage(ORDINARY_IDR) },
  { name: 'adversarial/anonymize hostile digit runs (561 KB)', run: textCase(HOSTILE_TEXT) },
  { name: 'adversarial/anonymize hostile learned heads (561 KB)', run: textCase(HOSTILE_HEADS) },
  { name: 'adversarial/anonymize ordinary alert text (561 KB)', run: textCase(ORDINARY_TEXT) },
  { name: 'adversarial/condition hostile 1 of a*a*…c (18 stars)', run: conditionCase(`${'a*'.repeat(18)}c`, ['a'.repeat(36)]) },
  { name: 'adversarial/condition ordinary 1 of sel_*', run: conditionCase('sel_*', ['sel_one', 'sel_two', 'other']) },
  { name: 'adversarial/yaml hostile alias bomb', run: yamlCase(bomb) },
  { name: 'adversarial/yaml ordinary shipped rule', run: yamlCase(readFileSync(new URL('../../rules/cat1-from-outside.yaml', import.meta.url), 'utf8')) },
];
