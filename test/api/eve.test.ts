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
    for (const id of ids) expect(id).toBeGreaterThanOrEqual(1_000_000), expect(id).toBeLessThan(2_000_000);
    expect(signatureId('location-origin-mismatch')).toBe(ids[0]);
  });

  it('maps an alert to event_type alert with Suricata fields', () => {
    const e = toEve(alert);
    expect(e).toMatchObject({ event_type: 'alert', timestamp: alert.ts, pcap_cnt: 3, pcap_filename: 'a.pcap', app_proto: 'gsm_map' });
    expect(e.alert).toMatchObject({ signature: 'Location request', rev: 2, severity: 1, category: 'location-tracking' });
    expect(e.sigwatch).toBe(alert);
  });
});
