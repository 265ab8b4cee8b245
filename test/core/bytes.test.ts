import { describe, expect, it } from 'vitest';
import { hexOf, ipText, NO_BYTES, recordBytes, setRecordBytes, type BytesRecord } from '../../src/core/bytes.js';
import { ipv6Addr } from '../../src/encode/ip.js';

describe('ipText (RFC 5952 §4)', () => {
  it.each([
    ['2001:db8:0:0:0:0:2:1', '2001:db8::2:1'],
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'], // §4.2.2: one 0 group is not shortened
    ['2001:0:0:1:0:0:0:1', '2001:0:0:1::1'], // §4.2.3: the longest run
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'], // §4.2.3: the first of equal runs
    ['0:0:0:0:0:0:0:0', '::'],
    ['0:0:0:0:0:0:0:1', '::1'],
    ['FE80:0:0:0:0:0:0:ABCD', 'fe80::abcd'], // §4.3 lower case
  ])('%s → %s', (inp, want) => {
    expect(ipText(ipv6Addr(inp), 0, 16)).toBe(want);
  });
  it('IPv4 dotted quad', () => {
    expect(ipText(Uint8Array.of(9, 10, 192, 0, 2, 255), 2, 4)).toBe('192.0.2.255');
  });
});

describe('hexOf', () => {
  it('is lower-case, two digits per octet, over [start, end)', () => {
    expect(hexOf(Uint8Array.of(0xff, 0x00, 0x0a, 0xbc, 0x01), 1, 4)).toBe('000abc');
    expect(hexOf(Uint8Array.of(1, 2), 1, 1)).toBe('');
  });
});

describe('setRecordBytes / recordBytes', () => {
  it('points the record at the given view and array, each replaced when it changes (the stores are skipped when not)', () => {
    const rec: BytesRecord = { view: undefined, bytes: NO_BYTES };
    const a = new Uint8Array([1, 2, 3]);
    const va = new DataView(a.buffer);
    setRecordBytes(rec, va, a);
    expect(rec.view).toBe(va);
    expect(rec.bytes).toBe(a);
    // Same view, another array over the same octets: the array is replaced.
    const a2 = new Uint8Array(a.buffer);
    setRecordBytes(rec, va, a2);
    expect(rec.view).toBe(va);
    expect(rec.bytes).toBe(a2);
    // Another view, the same array object: the view is replaced.
    const va2 = new DataView(a.buffer);
    setRecordBytes(rec, va2, a2);
    expect(rec.view).toBe(va2);
    expect(rec.bytes).toBe(a2);
    // recordBytes keeps the set array for its view and derives one for another view.
    expect(recordBytes(rec, va2)).toBe(a2);
    const b = new Uint8Array([9, 8]);
    const vb = new DataView(b.buffer);
    expect([...recordBytes(rec, vb)]).toEqual([9, 8]);
    expect(rec.view).toBe(vb);
  });
});
