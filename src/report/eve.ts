/**
 * Suricata-EVE-style alert records (`sigwatch scan --eve`) for SIEMs that already ingest
 * Suricata: `event_type: "alert"`, `timestamp` in Suricata's form (`2025-03-01T12:00:00.123456+0000`),
 * the flow of the packet that carried the message (`src_ip`, `src_port`, `dest_ip`, `dest_port`,
 * `proto`, `flow_id`), `alert {action, gid, signature_id, rev, signature, category, severity}`,
 * `app_proto`, `pcap_cnt`, `pcap_filename` — the fields of Suricata's EVE alert record (Suricata
 * user guide, "Eve JSON Format": common fields and event type alert) — plus the full sigwatch
 * alert under `sigwatch`, in the place Suricata gives an app-layer's own object.
 *
 * `flow_id`: Suricata's is an opaque 64-bit number per flow; ours is FNV-1a over the transport and
 * the two (address, port) ends in sorted order, cut to 51 bits (a JSON-safe integer), so both
 * directions of an SCTP association or TCP connection share it and it is the same in every run.
 *
 * `signature_id`: 1 000 000 + FNV-1a(rule id) mod 999 999, so it is stable across runs and
 * versions and falls in Suricata's local-use range (1000000-1999999). Severity follows Suricata's
 * priority scale (1 = most severe).
 */
import { FNV_OFFSET, fnvStep } from '../core/hash.js';
import type { ScanAlert } from '../detect/alert.js';
import type { Level } from '../detect/rule-schema.js';

export interface EveAlert {
  timestamp: string;
  flow_id?: number;
  event_type: 'alert';
  src_ip?: string;
  src_port?: number;
  dest_ip?: string;
  dest_port?: number;
  /** Transport as Suricata names it: SCTP, TCP, UDP. */
  proto?: string;
  pcap_filename?: string;
  pcap_cnt: number;
  app_proto: string;
  alert: { action: 'allowed'; gid: 1; signature_id: number; rev: number; signature: string; category: string; severity: number };
  sigwatch: ScanAlert;
}

export const EVE_SEVERITY: Readonly<Record<Level, number>> = { critical: 1, high: 1, medium: 2, low: 3, info: 4 };

/** Stable numeric signature id of a rule id. */
export function signatureId(rule: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < rule.length; i++) h = fnvStep(h, rule.charCodeAt(i));
  return 1_000_000 + ((h >>> 0) % 999_999);
}

/** The category: the rule's first plain tag (`location-tracking`), else the protocol family. */
function category(a: ScanAlert): string {
  const tag = a.tags.find((t) => !t.includes('.') && !/^fs\d+$/.test(t));
  return tag ?? 'signalling';
}

/** `2025-03-01T12:00:00.123456Z` → `2025-03-01T12:00:00.123456+0000` (Suricata: microseconds, numeric offset). */
export function suricataTimestamp(iso: string): string {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:?\d{2})$/.exec(iso);
  if (m === null) return iso;
  const frac = (m[2] ?? '').padEnd(6, '0').slice(0, 6);
  const zone = m[3] === 'Z' ? '+0000' : m[3]!.replace(':', '');
  return `${m[1]}.${frac}${zone}`;
}

interface JsonFlow {
  transport: string;
  src: string;
  dst: string;
  srcPort: number;
  dstPort: number;
}

/** Stable id of a flow, the same for both directions (see the module comment). */
export function flowId(f: JsonFlow): number {
  const a = `${f.src}|${f.srcPort}`;
  const b = `${f.dst}|${f.dstPort}`;
  const key = `${f.transport}|${a < b ? `${a}|${b}` : `${b}|${a}`}`;
  let h = 0xcbf29ce484222325n;
  for (let i = 0; i < key.length; i++) {
    h ^= BigInt(key.charCodeAt(i));
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return Number(h & 0x7ffffffffffffn);
}

export function toEve(a: ScanAlert): EveAlert {
  const proto = typeof a.evidence.protocol === 'string' ? a.evidence.protocol : 'unknown';
  const f = a.evidence.flow as JsonFlow | undefined;
  const out: EveAlert = {
    timestamp: suricataTimestamp(a.ts),
    ...(f === undefined ? {} : { flow_id: flowId(f) }),
    event_type: 'alert',
    ...(f === undefined ? {} : { src_ip: f.src, src_port: f.srcPort, dest_ip: f.dst, dest_port: f.dstPort, proto: f.transport.toUpperCase() }),
    pcap_cnt: a.frame,
    app_proto: proto === 'tcap' ? 'tcap' : proto === 'map' ? 'gsm_map' : 'diameter',
    alert: {
      action: 'allowed',
      gid: 1,
      signature_id: signatureId(a.rule),
      rev: a.rev,
      signature: a.title,
      category: category(a),
      severity: EVE_SEVERITY[a.level],
    },
    sigwatch: a,
  };
  if (a.source !== undefined) out.pcap_filename = a.source;
  return out;
}
