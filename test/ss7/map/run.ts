/** Shared helpers for the MAP parameter decoder tests: decode at a non-zero offset, in every length style. */
import { expect } from 'vitest';
import { DEFAULT_BER_DEPTH } from '../../../src/asn1/ber.js';
import { decodeMapArgument, decodeMapArgumentScratch, type MapDecodeResult } from '../../../src/ss7/map/decode.js';
import { imsiKeyOf, msisdnKeyOf } from '../../../src/core/identity-key.js';
import { LazyMapArgs, ParamMemo, TemplateIdentities } from '../../../src/ss7/map/param-memo.js';
import { INDEFINITE, LONG3, restyle } from '../../../src/encode/ber.js';

/** Decodes `param` placed at offset `pad` of a buffer with trailing bytes (0x30) that must not be read. */
export function run(opcode: number, kind: 'arg' | 'res', param: Uint8Array, version?: number, pad = 4): MapDecodeResult {
  const b = new Uint8Array(pad + param.length + 3).fill(0x30);
  b.set(param, pad);
  const out = decodeMapArgument(opcode, kind, new DataView(b.buffer), b, pad, pad + param.length, version);
  checkTemplate(opcode, kind, b, pad, pad + param.length, version);
  return out;
}

/** A digit nibble moved within its class (decimal, A-E; the filler F stays): what a template does not compare. */
function moved(n: number): number {
  return n <= 9 ? (n + 7) % 10 : n === 15 ? 15 : 10 + ((n - 10 + 3) % 5);
}

/**
 * The claim ss7/map/param-memo.ts rests on, for every decoder vector: after a clean deferred decode,
 * the parameter with every pended digit octet's nibbles moved within their classes matches the
 * template, and its own deferred decode is clean too, with the same own identities.
 */
function checkTemplate(opcode: number, kind: 'arg' | 'res', b: Uint8Array, start: number, end: number, version: number | undefined): void {
  const memo = new ParamMemo();
  const k = memo.key(opcode, kind);
  const res = decodeMapArgumentScratch(opcode, kind, new DataView(b.buffer), b, start, end, version, DEFAULT_BER_DEPTH, false, true);
  if (k < 0 || res.decoded !== true || res.anomalies.length !== 0 || res.reader.joinedAny) return;
  const r = res.reader;
  const outcome = (x: typeof r) => [x.imsiStart, x.imsiEnd, x.msisdnStart, x.msisdnEnd, x.namedAfter];
  const want = outcome(r);
  const m = b.slice();
  for (let i = 0; i < r.pendedCount; i++) for (let j = r.pendedStart(i); j < r.pendedEnd(i); j++) m[j] = moved(b[j]! & 0x0f) | (moved(b[j]! >> 4) << 4);
  memo.store(k, version, b, start, end, r);
  if (memo.find(k, version, new DataView(b.buffer), b, start, end) === undefined) return; // too long to keep
  expect(memo.find(k, version, new DataView(m.buffer), m, start, end)).toBeDefined();
  const again = decodeMapArgumentScratch(opcode, kind, new DataView(m.buffer), m, start, end, version, DEFAULT_BER_DEPTH, false, true);
  expect(again.anomalies).toEqual([]);
  expect(outcome(again.reader)).toEqual(want);
  checkKeys(memo, k, opcode, kind, b, start, end, version);
  checkKeys(memo, k, opcode, kind, m, start, end, version);
}

/**
 * A hit's single-key reads (LazyMapArgs `argValue` / `pendingKey`, from the template's shape with no
 * decode) equal the full decode's `args[key]` and its identity keys, for every key it has and one
 * it has not; each read on a fresh hit (an object-valued key decodes the whole parameter).
 */
function checkKeys(
  memo: ParamMemo,
  k: number,
  opcode: number,
  kind: 'arg' | 'res',
  b: Uint8Array,
  start: number,
  end: number,
  version: number | undefined,
): void {
  const view = new DataView(b.buffer);
  const full = decodeMapArgument(opcode, kind, view, b, start, end, version).args as Record<string, unknown>;
  const hit = (): LazyMapArgs => {
    const t = memo.find(k, version, view, b, start, end)!;
    const own = new TemplateIdentities().fill(t, b, start);
    return new LazyMapArgs(memo, DEFAULT_BER_DEPTH, false, own).fill(k, opcode, kind, view, b, start, end, version, t);
  };
  for (const key of [...Object.keys(full), 'imsi', 'msisdn', 'no-such-key']) {
    expect(hit().argValue(key), key).toEqual(full[key]);
    const s = full[key];
    expect(hit().pendingKey(key, false), key).toEqual(typeof s === 'string' ? imsiKeyOf(s) : undefined);
    expect(hit().pendingKey(key, true), key).toEqual(typeof s === 'string' ? msisdnKeyOf(s) : undefined);
  }
  // Two reads of one fill: the second key is still this parameter's.
  const keys = Object.keys(full).filter((x) => typeof full[x] === 'string');
  const one = hit();
  for (const key of [...keys, ...keys.reverse()]) expect(one.argValue(key), key).toBe(full[key]);
}

/** Decodes definite, indefinite and long-form variants, checks they agree and carry no anomaly. */
export function all(opcode: number, kind: 'arg' | 'res', param: Uint8Array, version?: number): MapDecodeResult {
  const base = run(opcode, kind, param, version);
  expect(base.anomalies).toEqual([]);
  for (const style of [INDEFINITE, LONG3]) {
    const r = run(opcode, kind, restyle(param, style), version);
    expect(r.args, style.name).toEqual(base.args);
    expect(r.imsis).toEqual(base.imsis);
    expect(r.e164s).toEqual(base.e164s);
    expect(r.subscriber).toEqual(base.subscriber);
    expect(r.anomalies).toEqual([]);
  }
  return base;
}
