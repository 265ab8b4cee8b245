/**
 * Every table and buffer that grows with traffic has a limit here, with its default. Hitting a
 * limit never stops decoding: the oldest entry is evicted (or the new data dropped), an anomaly
 * is recorded and a counter incremented.
 *
 * Ages are capture time (timestamps in the capture), never wall-clock time, so replaying a file
 * gives the same result on any machine.
 */
export interface Limits {
  /** Largest capture record accepted (bytes). Larger: BAD_LENGTH error, reading stops. */
  maxRecordBytes: number;
  /**
   * pcapng: interfaces (IDBs) described per section. Later IDBs still take their interface ID
   * (draft-ietf-opsawg-pcapng §4.2) but are not kept; packets on them are skipped.
   */
  pcapngInterfaces: number;
  /** IP fragment reassembly: total bytes buffered across all datagrams. */
  ipFragBytes: number;
  /** IP fragment reassembly: datagrams in progress. */
  ipFragDatagrams: number;
  /** IP fragment reassembly: max age of an incomplete datagram (capture seconds). */
  ipFragAgeSec: number;
  /** SCTP user-message reassembly: total bytes buffered across all streams. */
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
  /** TCP: bytes buffered per flow (out-of-order + incomplete Diameter message). */
  tcpFlowBytes: number;
  /** TCP: max idle age of a flow (capture seconds). */
  tcpFlowAgeSec: number;
  /**
   * TCP: bytes allocated across all flows (pending-message buffers + out-of-order segments);
   * least recently used flows are evicted beyond it. Without it the bound was tcpFlows ×
   * (tcpFlowBytes + 2 × diameterMessageBytes): 96 GiB at the defaults (Suricata: stream memcap).
   */
  tcpReasmBytes: number;
  /** Largest Diameter message accepted from a TCP stream (RFC 6733 §3 allows 2^24-1). */
  diameterMessageBytes: number;
  /** SCCP XUDT/LUDT segmentation reassembly: messages in progress. */
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
  /** Subscriber state entries (LRU by count). */
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
  // The obsolete Packet Block's Interface ID is 16 bits (pcapng Appendix A); ~160 B of heap per interface (10.6 MB at 65,536, measured).
  pcapngInterfaces: 4096,
  ipFragBytes: 2 * 1024 * 1024,
  ipFragDatagrams: 4096,
  ipFragAgeSec: 30,
  sctpReasmBytes: 4 * 1024 * 1024,
  sctpMessageBytes: 1024 * 1024,
  sctpStreams: 65536,
  sctpReasmAgeSec: 30,
  sctpTsnWindow: 256,
  sctpAssociations: 2048,
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
  // the Decoder, test/fuzz/hostile.ts beginFlood): 100k ≈ 28 MiB. Raise it for links with more
  // concurrent dialogues.
  dialogues: 50_000,
  dialogueAgeSec: 300,
  reorderWaitSec: 5,
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
  subscribers: 64_000,
  subscriberTtlSec: 7 * 24 * 3600,
  correlationEventsPerSubscriber: 64,
  // ~150 B heap per key (a Map entry with a small window object): 100k ≈ 15 MB per thresholded rule.
  thresholdKeys: 100_000,
});

export function resolveLimits(partial?: Partial<Limits>): Limits {
  return { ...DEFAULT_LIMITS, ...(partial ?? {}) };
}
