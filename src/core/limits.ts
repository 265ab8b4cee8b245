/**
 * Every table and buffer that grows with traffic has a limit here, with its default. Hitting a
 * limit never stops decoding: the oldest entry is evicted (or the new data dropped), an anomaly
 * is recorded and a counter incremented. The reassembly tables (IP, SCTP, TCP, SCCP segments) are
 * fair over their count and byte caps: the holder charged the most (receiver, association
 * direction, flow, SCCP originator) loses its oldest entry (core/bounded-table.ts "Fairness").
 *
 * Ages are capture time (timestamps in the capture), never wall-clock time, so replaying a file
 * gives the same result on any machine.
 *
 * Memory budget (issue 19: peak RSS < 200 MB whatever the capture, CLI and library Scanner with
 * Node's defaults). A sigwatch process holds ~80 MB before its first packet (node, code, the
 * attribution tables: 81 MB peak for a 1-frame capture). Every bound below adds at most what its
 * comment says, and one capture can fill all of them at once (rt7 M1: one 203 MB pcap filled the
 * subscribers, dialogues, pending requests, TCP, SCTP and IP buffers, 310 MB peak with the former
 * defaults). At these defaults, at most:
 *
 *   subscribers            64 000 × ~550 B                                   35.2 MB
 *   dialogues              50 000 × ~360 B                                   18.0 MB
 *   diameterTransactions   50 000 × ~120 B                                    6.0 MB
 *   sctpAssociations        2 048 × (~0.55 KB + TSN table 12 B × 512)        13.7 MB
 *     + endpoint addresses  8 192 × ~414 B (sctp-endpoints.ts; IPv6)          3.4 MB
 *     + INIT / ACK unmatched 1 024 × ~1.7 KB (16 IPv6 addresses each)         1.7 MB
 *   tcpFlows                4 096 × ~0.75 KB                                  3.1 MB
 *   pcapngInterfaces        4 096 × ~160 B                                    0.7 MB
 *   raw buffers, charged with their overheads: TCP 8 + SCTP 4 + IP 2 + SCCP 2 MiB   16.8 MB
 *   total                                                                    98.5 MB
 *
 * Beside these, fixed-size tables no limit sets: the flagged-dialogue rings (state/flagged-dialogues.ts,
 * 2 × 65,536 flags: 10–11 MB with numeric subscriber keys, ~25 MB with string keys, measured by
 * review 14-B), the report collector's origin slots (≤ `originKeys`, ~5 MB at the limit) and the presence requests
 * waiting for their answer (state/pending-presence.ts, ≤ 1,024 × ~200 B with their calling GT text).
 *
 * (test/core/limits-budget.test.ts keeps the sum under 100 MB; the former defaults summed to
 * 727 MB, 400 MB of it full TSN windows). The remaining ~25 MB are for what V8 holds between
 * collections: buffers and entries evicted but not yet collected. Measured on rt7's fat capture
 * (all of the above full at once): CLI `scan` 176–194 MB, `decode` 166–179 MB; the library
 * Scanner with Node's defaults still 254–263 MB, as its old generation grows to ~4× the live heap
 * before a full collection (the subscriber records' heap part, promoted, then evicted).
 * Thresholded custom rules add ~150 B per track key (`thresholdKeys` per rule) and `--anonymize`
 * its own tables (report/anonymize.ts, ≤ 44 MB). The CLI's summary and report keep their own
 * bounded tables (report/collector.ts: ALERT_DETAILS alerts within ALERT_BYTES = 8 MiB of JSON,
 * ~24 MB once parsed at the end; REPORT_LIMITS); with `--anonymize` each kept alert is copied as it
 * is parsed and only the summary's first alerts are copied again, so the details are held once.
 * Measured (red-team rt8 FA1, PLRs of 64–160 distinct MSISDNs each, 1 M identifiers learned):
 * `scan --anonymize --report` 177–183 MB peak (224–235 MB when the details were held twice).
 */
export interface Limits {
  /**
   * Largest capture record or pcapng block read at all (bytes). Larger: BAD_LENGTH error, reading
   * stops (a corrupt header, as a pcap CapLen beyond max(2·SnapLen, 262 144) also is).
   */
  maxRecordBytes: number;
  /**
   * Largest packet record decoded (bytes of record or block). Larger ones are passed over unread as
   * their bytes arrive, never buffered (`capture.oversize-record`), and reading goes on.
   */
  maxFrameBytes: number;
  /**
   * pcapng: interfaces (IDBs) described per section. Later IDBs still take their interface ID
   * (draft-ietf-opsawg-pcapng §4.2) but are not kept; packets on them are skipped.
   */
  pcapngInterfaces: number;
  /**
   * IP fragment reassembly: total bytes buffered across all datagrams. Over it (or ipFragDatagrams)
   * the destination address charged the most loses its oldest datagram.
   */
  ipFragBytes: number;
  /** IP fragment reassembly: datagrams in progress. */
  ipFragDatagrams: number;
  /** IP fragment reassembly: max age of an incomplete datagram (capture seconds). */
  ipFragAgeSec: number;
  /**
   * IP fragment reassembly: fragments held per datagram (pieces that fill holes between
   * overlapped ones included); one more drops the datagram (`ip.fragment-evicted`, counter
   * `ip.fragment-limit`). Fragments are cut on 8-octet boundaries (RFC 791 §3.2, RFC 8200 §4.5):
   * the largest IPv4 datagram (65,515 data octets) is at most 8,190 of them, an IPv6 fragmentable
   * part (≤ 65,535 octets) 8,192; the default, 8,192, drops only fragments of other lengths.
   */
  ipFragsPerDatagram: number;
  /**
   * SCTP user-message reassembly: total bytes buffered across all streams. Over it (or
   * sctpStreams) the association direction charged the most loses its oldest context.
   */
  sctpReasmBytes: number;
  /**
   * SCTP user-message reassembly: largest single user message. Also bounds the reassembler's
   * reused output scratch (≤ this + one chunk, sctp-reassembly.ts join).
   */
  sctpMessageBytes: number;
  /** SCTP: (association, stream) reassembly contexts. */
  sctpStreams: number;
  /** SCTP: max age of an incomplete user message (capture seconds). */
  sctpReasmAgeSec: number;
  /** SCTP: TSNs remembered per association to ignore retransmissions. */
  sctpTsnWindow: number;
  /**
   * SCTP: association directions tracked (TSN window + flow); LRU by capture time beyond this.
   * Their slot arrays (sctp-assocs.ts) hold at most this many; the bucket array at most the next
   * power of two of it.
   */
  sctpAssociations: number;
  /** TCP: flows tracked (bucket array: at most the next power of two, as for sctpAssociations). */
  tcpFlows: number;
  /**
   * TCP: bytes buffered per flow (out-of-order segments, each charged its data + 320 B of heap,
   * tcp-segments.ts SEGMENT_OVERHEAD, + the incomplete Diameter message).
   */
  tcpFlowBytes: number;
  /** TCP: max idle age of a flow (capture seconds). */
  tcpFlowAgeSec: number;
  /**
   * TCP: bytes allocated across all flows (pending-message buffers + out-of-order segments +
   * retransmission fingerprints: 12 B per kept segment within the last 64 KiB, ≤ 256 per flow +
   * late segments taken out of order from a skipped hole: 64 B each, ≤ tcpFlowBytes per flow);
   * the flow charged the most is evicted beyond it (the least recently used before: red-team rt8
   * EV1, junk flows evicted the oldest one's message). Without it the bound was tcpFlows ×
   * (tcpFlowBytes + 2 × diameterMessageBytes): 96 GiB at the defaults (Suricata: stream memcap).
   */
  tcpReasmBytes: number;
  /** Largest Diameter message accepted from a TCP stream (RFC 6733 §3 allows 2^24-1). */
  diameterMessageBytes: number;
  /**
   * SCCP XUDT/LUDT segmentation reassembly: messages in progress. Over it (or sccpSegmentBytes) the
   * originator (NI + OPC + calling party) charged the most loses its oldest message.
   */
  sccpSegments: number;
  /** SCCP segment reassembly: max age (capture seconds). */
  sccpSegmentAgeSec: number;
  /**
   * SCCP/SUA segment reassembly: bytes buffered across all messages in progress (data + 256 per
   * segment). LUDT and SUA segments can each carry up to 64 KiB, so the entry count alone
   * allowed 4096 × 16 × 64 KiB = 4 GiB.
   */
  sccpSegmentBytes: number;
  /** BER nesting depth. */
  berDepth: number;
  /** Diameter grouped AVP nesting depth. */
  avpDepth: number;
  /** TCAP dialogue table entries. */
  dialogues: number;
  /** TCAP dialogue idle expiry (capture seconds). */
  dialogueAgeSec: number;
  /**
   * Reordering (issue 15): how long (capture seconds) a TCAP dialogue first seen through its
   * Continue/End/Abort waits for its Begin, and a Diameter answer seen before its request waits
   * for that request, to be joined. M3UA load sharing over several SCTP associations and merged
   * multi-link captures put the halves of one exchange out of order, usually at the same
   * timestamp. A wait that expires is counted (tcap.dialogues.reorder-expired,
   * diameter.transactions.reorder-expired); the entries themselves stay bounded by `dialogues`
   * and `diameterTransactions`.
   */
  reorderWaitSec: number;
  /** Diameter request/answer table entries. */
  diameterTransactions: number;
  /** Diameter transaction expiry (capture seconds). */
  diameterTransactionAgeSec: number;
  /**
   * Subscriber state entries: past it, records located only by unanswered registrations go first
   * (state/subscribers.ts markClaimOnly, rt19 M5), then the least recently updated. Also auth-vector-harvesting's bounds
   * (detect/origin-subscribers.ts): IMSIs in its registration index, (origin, subscriber) entries per table, and
   * registrations awaiting the HLR/HSS's answer (each ≤ 30 s of capture time; the oldest dropped first, counted:
   * detect.harvest-evicted).
   */
  subscribers: number;
  /** Subscriber state TTL (capture seconds since last update). */
  subscriberTtlSec: number;
  /** Events kept per subscriber for correlation windows. */
  correlationEventsPerSubscriber: number;
  /** Track keys (subscribers, origins) kept per thresholded rule (detect/threshold.ts); oldest forgotten first. */
  thresholdKeys: number;
}

export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  maxRecordBytes: 256 * 1024 * 1024,
  // 262 144, tcpdump's largest snapshot length (tcpdump(1) `-s`): no link type decoded here needs
  // more (an IP datagram is ≤ 65 535 octets; IPv6 jumbograms are not decoded). Red-team rt7 P1: a
  // 256 MiB record was buffered whole (353 MB peak RSS from a 261 KB .gz).
  maxFrameBytes: 262_144,
  // ~160 B of heap per interface (10.6 MB at 65,536, measured; the obsolete Packet Block's
  // Interface ID is 16 bits, pcapng Appendix A): 4,096, 0.7 MB, is far beyond a real capture's few.
  pcapngInterfaces: 4096,
  // Raw buffers, TCP 8 + SCTP 4 + IP 2 + SCCP 2 = 16 MiB (128 MiB before): each message or
  // datagram in progress is bounded on its own (1 MiB; 64 KiB), so these only cap how many wait at
  // once. Measured (rt7 M1, 64 TCP flows × 1 MiB pending): TCP at 64 MiB +61 MB peak RSS.
  ipFragBytes: 2 * 1024 * 1024,
  ipFragDatagrams: 4096,
  ipFragAgeSec: 30,
  // Every 8-octet unit of the largest datagram a piece: 65,536 / 8 (RFC 791 §3.2 and RFC 8200 §4.5
  // fragment on 8-octet boundaries; red-team rt8 F4: 256 dropped what receivers reassemble).
  ipFragsPerDatagram: 8192,
  sctpReasmBytes: 4 * 1024 * 1024,
  sctpMessageBytes: 1024 * 1024,
  sctpStreams: 65536,
  sctpReasmAgeSec: 30,
  // An association direction: ~0.55 KB (README Limits, heap snapshots) and its TSN table, 3 int32
  // columns of the next power of two ≥ 2 × sctpTsnWindow slots: 6 KB at 256 (24 KB at the former
  // 1,024 × 16,384 directions: 400 MB; measured +48 MB RSS for 2,048 full windows).
  sctpTsnWindow: 256,
  sctpAssociations: 2048,
  // ~0.75 KB per flow (bench/results-notes.md, flow table: 753 B per IPv4 flow); its buffers are tcpReasmBytes'.
  tcpFlows: 4096,
  tcpFlowBytes: 4 * 1024 * 1024,
  tcpFlowAgeSec: 600,
  tcpReasmBytes: 8 * 1024 * 1024,
  diameterMessageBytes: 1024 * 1024,
  sccpSegments: 4096,
  sccpSegmentAgeSec: 30,
  sccpSegmentBytes: 2 * 1024 * 1024,
  berDepth: 32,
  avpDepth: 16,
  // Measured ~0.28 KB per open dialogue, V8 heap + typed arrays (100k Begins without End through
  // the Decoder, test/fuzz/hostile.ts beginFlood), 357 B for the table alone (bench/results-notes.md,
  // mem.mjs): 50k ≤ 18 MB. Raise it for links with more concurrent dialogues (the 755 k-message
  // bench captures hold a few thousand).
  dialogues: 50_000,
  dialogueAgeSec: 300,
  reorderWaitSec: 5,
  // ~0.12 KB per pending request (typed-array slots, README Limits): 50k ≤ 6 MB.
  diameterTransactions: 50_000,
  diameterTransactionAgeSec: 300,
  // Measured (issue 19, subhist2; test/fuzz/hostile.ts subscriberFlood, 200k distinct IMSIs with one
  // location each, correlation state included): ~193 B of V8 heap + ~356 B of typed arrays per
  // subscriber (+38.7 MB heap, +71.3 MB ArrayBuffers; before the slot tables 549 B + 176 B). The
  // store's entries, locations and claims, the correlation observations and the registrations
  // are typed-array slots (networks, addresses and names as reference-counted ids), so they sit
  // outside the heap V8 grows to ~4× its live size. Under the 3M-message alert flood (24 k
  // subscribers, full histories, ~2 flagged claims and ~5 observations each) the library
  // Scanner's live heap is 21.9 MB in all (44.6 before) with 29.5 MB of ArrayBuffers (15.5).
  // 64,000 × ~550 B ≤ 35.2 MB (200,000: 110 MB live; the 755 k bench captures hold 5,000 and 24,000).
  subscribers: 64_000,
  subscriberTtlSec: 7 * 24 * 3600,
  correlationEventsPerSubscriber: 64,
  // ~150 B heap per key (a Map entry with a small window object): 100k ≈ 15 MB per thresholded rule.
  thresholdKeys: 100_000,
});

export function resolveLimits(partial?: Partial<Limits>): Limits {
  return { ...DEFAULT_LIMITS, ...(partial ?? {}) };
}
