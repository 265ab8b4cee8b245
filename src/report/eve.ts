/**
 * Suricata-EVE-style alert records (`sigwatch scan --eve`) for SIEMs that already ingest
 * Suricata: `event_type: "alert"`, `timestamp`, `alert {signature_id, rev, signature, category,
 * severity}`, plus the full sigwatch alert under `sigwatch`.
 *
 * `signature_id`: 1 000 000 + FNV-1a(rule id) mod 999 999, so it is stable across runs and
 * versions and falls in Suricata's local-use range (1000000-1999999). Severity follows Suricata's
 * priority scale (1 = most severe).
 */
import type { ScanAlert } from '../detect/alert.js';
import type { Level } from '../detect/rule-schema.js';

export interface EveAlert {
  timestamp: string;
  event_type: 'alert';
  pcap_filename?: string;
  pcap_cnt: number;
  app_proto: string;
  alert: { action: 'allowed'; gid: 1; signature_id: number; rev: number; signature: string; category: string; severity: number };
  sigwatch: ScanAlert;
}

export const EVE_SEVERITY: Readonly<Record<Level, number>> = { critical: 1, high: 1, medium: 2, low: 3, info: 4 };

/** Stable numeric signature id of a rule id. */
export function signatureId(rule: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < rule.length; i++) {
    h ^= rule.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return 1_000_000 + (h % 999_999);
}

/** The category: the rule's first plain tag (`location-tracking`), else the protocol family. */
function category(a: ScanAlert): string {
  const tag = a.tags.find((t) => !t.includes('.') && !/^fs\d+$/.test(t));
  return tag ?? 'signalling';
}

export function toEve(a: ScanAlert): EveAlert {
  const proto = typeof a.evidence.protocol === 'string' ? a.evidence.protocol : 'unknown';
  const out: EveAlert = {
    timestamp: a.ts,
    event_type: 'alert',
    pcap_cnt: a.frame,
    app_proto: proto === 'tcap' ? 'tcap' : proto === 'map' ? 'gsm_map' : 'diameter',
    alert: { action: 'allowed', gid: 1, signature_id: signatureId(a.rule), rev: a.rev, signature: a.title, category: category(a), severity: EVE_SEVERITY[a.level] },
    sigwatch: a,
  };
  if (a.source !== undefined) out.pcap_filename = a.source;
  return out;
}
