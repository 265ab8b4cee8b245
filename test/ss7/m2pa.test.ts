import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createM2paMessage, decodeM2pa, M2PA_ANOMALY, M2PA_TYPE } from '../../src/ss7/m2pa.js';
import { fromHex as hex, toHex } from '../../src/encode/bytes.js';
import { encodeM2paLinkStatus, encodeM2paUserData } from '../../src/encode/sigtran.js';
import { embed } from '../support/ss7.js';

function dec(b: Uint8Array) {
  const e = embed(b, 7);
  const out = createM2paMessage();
  const end = decodeM2pa(e.view, e.start, e.end, out);
  // The one codec shape: the end offset of the message, or -1 (issue 19).
  return { ok: end >= 0, consumed: end < 0 ? -1 : end - e.start, out, msu: toHex(e.bytes.subarray(out.dataOffset, out.dataEnd)) };
}

describe('decodeM2pa (RFC 4165)', () => {
  it('User Data hex vector (§2.1-§2.3.1): BSN, FSN, priority octet, MSU', () => {
    const { ok, consumed, out, msu } = dec(hex('01 00 0b 01 00000014 00 000005 00 000006 40 83 c8 00'));
    expect(ok).toBe(true);
    expect(consumed).toBe(20);
    expect([out.type, out.bsn, out.fsn, out.priority, out.hasData]).toEqual([M2PA_TYPE.userData, 5, 6, 0x40, true]);
    expect(msu).toBe('83c800');
  });

  it('Link Status and data-less User Data carry no MSU', () => {
    expect(dec(encodeM2paLinkStatus(1)).out).toMatchObject({ type: M2PA_TYPE.linkStatus, hasData: false });
    expect(dec(encodeM2paUserData(new Uint8Array(0), { bsn: 3 })).out).toMatchObject({ type: 1, bsn: 3, hasData: false });
  });

  it('malformed: truncated, version, class, length', () => {
    expect(dec(hex('01 00 0b 01')).out.problem).toBe(M2PA_ANOMALY.truncated);
    expect(dec(hex('02 00 0b 01 00000010 00000000 00000000')).out.problem).toBe(M2PA_ANOMALY.badVersion);
    expect(dec(hex('01 00 0a 01 00000010 00000000 00000000')).out.problem).toBe(M2PA_ANOMALY.badClass);
    expect(dec(hex('01 00 0b 01 00000011 00000000 00000000')).out.problem).toBe(M2PA_ANOMALY.badLength);
  });

  it('round trip at a non-zero offset', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 80 }),
        fc.integer({ min: 0, max: 0xffffff }),
        fc.integer({ min: 0, max: 0xffffff }),
        fc.integer({ min: 0, max: 255 }),
        (msu, bsn, fsn, priority) => {
          const { ok, out, msu: got } = dec(encodeM2paUserData(msu, { bsn, fsn, priority }));
          expect([ok, out.bsn, out.fsn, out.priority, got]).toEqual([true, bsn, fsn, priority, toHex(msu)]);
        },
      ),
    );
  });
});
