import { describe, expect, it } from 'vitest';
import { flowId, signatureId, suricataTimestamp, toEve } from '../../src/report/eve.js';
import type { ScanAlert } from '../../src/api/scan-options.js';

const alert: ScanAlert = {
  frame: 3,
  index: 0,
  ts: '2025-03-08T08:08:43.008668Z',
  rule: 'location-origin-mismatch',
  rev: 2,
  title: 'Location request',
  level: 'high',
  tags: ['fs11.cat3', 'location-tracking'],
  subscriber: { msisdn: '12025550010' },
  origin: { gt: '861380000021', country: 'CN' },
  explanation: 'SRI ...',
  evidence: { protocol: 'map' },
  source: 'a.pcap',
};

describe('EVE records', () => {
  it('stable signature ids in the local-use range, distinct for the default rule ids', () => {
    const ids = [
      'location-origin-mismatch',
      'ul-origin-spoof',
      'impossible-travel',
      'cat1-from-outside',
      'cat2-not-home',
      'multi-origin-targeting',
      'watched-carrier',
      'cat3-bypass-sequence',
    ].map(signatureId);
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
    expect(e).toMatchObject({ event_type: 'alert', timestamp: '2025-03-08T08:08:43.008668+0000', pcap_cnt: 3, pcap_filename: 'a.pcap', app_proto: 'gsm_map' });
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

/**
 * The fields of Suricata's EVE alert record (Suricata user guide, "Eve JSON Format": the common
 * fields and event type alert; types as in Suricata's etc/schema.json). Written from the
 * documentation as a list of names and JSON types, to check our lines against.
 */
const SURICATA_TOP: Readonly<Record<string, 'string' | 'integer' | 'object' | 'array'>> = {
  timestamp: 'string',
  flow_id: 'integer',
  parent_id: 'integer',
  in_iface: 'string',
  event_type: 'string',
  vlan: 'array',
  src_ip: 'string',
  src_port: 'integer',
  dest_ip: 'string',
  dest_port: 'integer',
  proto: 'string',
  pkt_src: 'string',
  community_id: 'string',
  tx_id: 'integer',
  alert: 'object',
  app_proto: 'string',
  flow: 'object',
  payload: 'string',
  payload_printable: 'string',
  stream: 'integer',
  packet: 'string',
  pcap_cnt: 'integer',
  pcap_filename: 'string',
};
const SURICATA_ALERT: Readonly<Record<string, 'string' | 'integer' | 'object'>> = {
  action: 'string',
  gid: 'integer',
  signature_id: 'integer',
  rev: 'integer',
  signature: 'string',
  category: 'string',
  severity: 'integer',
  metadata: 'object',
  rule: 'string',
  xff: 'string',
  source: 'object',
  target: 'object',
};
/** Suricata's timestamp: local time with microseconds and a numeric offset (schema pattern). */
const SURICATA_TS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d+[+-]\d+$/;
/** Our one extension: the full sigwatch alert, where Suricata puts an app-layer's object. */
const EXTENSIONS = new Set(['sigwatch']);

function jsonType(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

describe("EVE line against the field list of Suricata's EVE alert format", () => {
  const flowed: ScanAlert = {
    ...alert,
    evidence: { protocol: 'diameter', flow: { transport: 'sctp', src: '10.204.0.1', dst: '10.54.154.1', srcPort: 3868, dstPort: 3869 } },
  };

  it('every key is a Suricata alert field of the right type (or the documented sigwatch object); flow fields from the carrying packet', () => {
    const line = JSON.parse(JSON.stringify(toEve(flowed))) as Record<string, unknown>;
    for (const [k, v] of Object.entries(line)) {
      if (EXTENSIONS.has(k)) continue;
      expect(SURICATA_TOP, k).toHaveProperty(k);
      expect(jsonType(v), k).toBe(SURICATA_TOP[k]);
    }
    for (const [k, v] of Object.entries(line.alert as Record<string, unknown>)) {
      expect(SURICATA_ALERT, `alert.${k}`).toHaveProperty(k);
      expect(jsonType(v), `alert.${k}`).toBe(SURICATA_ALERT[k]);
    }
    expect(line.timestamp).toMatch(SURICATA_TS);
    expect(line).toMatchObject({
      event_type: 'alert',
      src_ip: '10.204.0.1',
      src_port: 3868,
      dest_ip: '10.54.154.1',
      dest_port: 3869,
      proto: 'SCTP',
      app_proto: 'diameter',
    });
    for (const k of ['timestamp', 'flow_id', 'event_type', 'src_ip', 'src_port', 'dest_ip', 'dest_port', 'proto', 'alert']) expect(line, k).toHaveProperty(k);
  });

  it('flow_id is the same in both directions of an association, differs between associations, fits a JSON integer', () => {
    const ab = { transport: 'sctp', src: '10.0.0.1', dst: '10.0.0.2', srcPort: 2905, dstPort: 2906 };
    const ba = { transport: 'sctp', src: '10.0.0.2', dst: '10.0.0.1', srcPort: 2906, dstPort: 2905 };
    expect(flowId(ab)).toBe(flowId(ba));
    expect(flowId(ab)).not.toBe(flowId({ ...ab, dstPort: 2907 }));
    expect(flowId(ab)).not.toBe(flowId({ ...ab, transport: 'tcp' }));
    expect(Number.isSafeInteger(flowId(ab))).toBe(true);
    expect(flowId(ab)).toBeGreaterThan(0);
  });

  it('timestamps: microseconds and +0000, whatever the capture precision', () => {
    expect(suricataTimestamp('2025-03-08T08:08:43.008668Z')).toBe('2025-03-08T08:08:43.008668+0000');
    expect(suricataTimestamp('2025-03-08T08:08:43.008668123Z')).toBe('2025-03-08T08:08:43.008668+0000');
    expect(suricataTimestamp('2025-03-08T08:08:43Z')).toBe('2025-03-08T08:08:43.000000+0000');
    expect(suricataTimestamp('2025-03-08T08:08:43.5+02:00')).toBe('2025-03-08T08:08:43.500000+0200');
  });

  it('an alert without a flow (MTP link) has no flow fields', () => {
    const e = toEve(alert);
    expect(e).not.toHaveProperty('src_ip');
    expect(e).not.toHaveProperty('flow_id');
  });
});
