import { describe, expect, it } from 'vitest';
import { readSigtranHeader, type SigtranFields } from '../../src/ss7/sigtran.js';
import { fromHex } from '../../src/encode/bytes.js';

const CODES = { truncated: 'm3ua.truncated', badVersion: 'm3ua.bad-version', badLength: 'm3ua.bad-length' } as const;

function read(h: string, minLength = 8, clamp = false, at = 3): { end: number; out: SigtranFields } {
  const bytes = new Uint8Array([0xee, 0xee, 0xee, ...fromHex(h)]); // non-zero offset
  const out: SigtranFields = { cls: -1, type: -1, length: -1, problem: '', detail: '' };
  const end = readSigtranHeader(new DataView(bytes.buffer), at, bytes.length, out, CODES, minLength, clamp);
  return { end: end < 0 ? end : end - at, out };
}

describe('SIGTRAN common header (RFC 4666 §3.1 = RFC 3331 §3.1 = RFC 3868 §3.1 = RFC 4165 §2.1)', () => {
  it('reads class, type and length and returns the message end', () => {
    const r = read('01 00 01 01 0000000c 11223344');
    expect(r).toEqual({ end: 12, out: { cls: 1, type: 1, length: 12, problem: '', detail: '' } });
  });
  it('fails on a short header, a wrong version and a length below the minimum', () => {
    expect(read('01 00 01 01 0000').out.problem).toBe('m3ua.truncated');
    expect(read('02 00 01 01 00000008').out.problem).toBe('m3ua.bad-version');
    expect(read('01 00 01 01 00000007').out.problem).toBe('m3ua.bad-length');
    expect(read('01 00 0b 01 0000000c 00000000', 16).out.problem).toBe('m3ua.truncated');
  });
  it('a length beyond the available octets fails, or with clampOverlong ends the message at the input end', () => {
    expect(read('01 00 01 01 00000010 aabb').end).toBe(-1);
    const c = read('01 00 01 01 00000010 aabb', 8, true);
    expect([c.end, c.out.problem, c.out.detail]).toEqual([10, '', 'message length 16, 10 octets available']);
  });
});
