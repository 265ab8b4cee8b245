import { describe, expect, it } from 'vitest';
import { signatureId, toEve } from '../../src/report/eve.js';
import type { ScanAlert } from '../../src/api/scan-options.js';

const alert: ScanAlert = {
  frame: 3, index: 0, ts: '2025-03-08T08:08:43.008668Z', rule: 'location-origin-mismatch', rev: 2, title: 'Location request', level: 'high',
  tags: ['fs11.cat3', 'location-tracking'], subscriber: { msisdn: '12025550010' }, origin: { gt: '861380000021', country: 'CN' },
  explanation: 'SRI ...', evidence: { protocol: 'map' }, source: 'a.pcap',
};

describe('EVE records', () => {
  it('stable signature ids in the local-use range, distinct for the default rule ids', () => {
    const ids = ['location-origin-mismatch', 'ul-origin-spoof', 'impossible-travel', 'cat1-from-outside', 'cat2-not-home', 'multi-origin-targeting', 'watched-carrier', 'cat3-bypass-sequence'].map(signatureId);
    expect(new Set(ids).size).toBe(8);
    for (const id of ids) {
      expect(id).toBeGreaterThanOrEqual(1_000_000);
      expect(id).toBeLessThan(2_000_000);
    }
  });

  it('signature id is 1 000 000 + FNV-1a-32(rule id) mod 999 999 (values computed independently)', () => {
    // FNV-1a 32-bit: offset basis 0x811c9dc5 (the hash of ''), prime 0x01000193.
    expect(signatureId('')).toBe(1_000_000 + (0x811c9dc5 % 999_999));
    // FNV-1a('location-origin-mismatch') = 0xec0a2946; a changed id would renumber every SIEM rule.
    expect(signatureId('location-origin-mismatch')).toBe(1_000_000 + (0xec0a2946 % 999_999));
    expect(signatureId('location-origin-mismatch')).toBe(1_092_862);
  });

  it('maps an alert to event_type alert with Suricata fields', () => {
    const e = toEve(alert);
    expect(e).toMatchObject({ event_type: 'alert', timestamp: alert.ts, pcap_cnt: 3, pcap_filename: 'a.pcap', app_proto: 'gsm_map' });
    expect(e.alert).toEqual({
      action: 'allowed',
      gid: 1,
      signature_id: 1_092_862,
      rev: 2,
      signature: 'Location request',
      severity: 1,
      category: 'location-tracking',
    });
    expect(e.sigwatch).toBe(alert);
  });

  it('severity follows the level, category the first plain tag, app_proto the evidence protocol', () => {
    const { source: _source, ...noSource } = alert;
    const low = toEve({ ...noSource, level: 'low', tags: ['fs11.cat1'], evidence: { protocol: 'diameter' } });
    expect([low.alert.severity, low.alert.category, low.app_proto, 'pcap_filename' in low]).toEqual([3, 'signalling', 'diameter', false]);
    expect(toEve({ ...alert, level: 'info', evidence: { protocol: 'tcap' } })).toMatchObject({ app_proto: 'tcap', alert: { severity: 4 } });
    expect(toEve({ ...alert, level: 'medium' }).alert.severity).toBe(2);
  });
});
