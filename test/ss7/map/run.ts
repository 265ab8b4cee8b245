/** Shared helpers for the MAP parameter decoder tests: decode at a non-zero offset, in every length style. */
import { expect } from 'vitest';
import { decodeMapArgument, type MapDecodeResult } from '../../../src/ss7/map/decode.js';
import { INDEFINITE, LONG3, restyle } from '../../../src/encode/ber.js';

/** Decodes `param` placed at offset `pad` of a buffer with trailing bytes (0x30) that must not be read. */
export function run(opcode: number, kind: 'arg' | 'res', param: Uint8Array, version?: number, pad = 4): MapDecodeResult {
  const b = new Uint8Array(pad + param.length + 3).fill(0x30);
  b.set(param, pad);
  return decodeMapArgument(opcode, kind, new DataView(b.buffer), b, pad, pad + param.length, version);
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
