/**
 * The synchronous push pipeline: capture bytes in, signalling events out.
 *
 *   CaptureReader → PacketDecoder (link/IP/SCTP/TCP) → Ss7Transport (M3UA..SCCP) → TcapDecoder (TCAP/MAP)
 *                                                    → DiameterDecoder
 *
 * Every stage is a synchronous callback (measured on Node 20: ~2 ns per callback vs ~155 ns per
 * `for await` item), so the async adapters in decode.ts batch events per input chunk.
 */
import type { Anomaly } from '../core/anomaly.js';
import { ErrorCode, SigwatchError, expectBytes, withFile } from '../core/errors.js';
import { checkOptions, decoderOptionsSchema } from './options.js';
import { FrameIndexer } from '../core/frame-index.js';
import { resolveLimits, type Limits } from '../core/limits.js';
import { Counters } from '../core/stats.js';
import { CaptureReader } from '../capture/reader.js';
import type { FrameRecord } from '../capture/types.js';
import { PacketDecoder, type TransportTableSizes } from '../transport/packet-decoder.js';
import { DEFAULT_DIAMETER_PORTS, type Payload } from '../transport/types.js';
import { Ss7Transport } from '../ss7/ss7-transport.js';
import { TcapDecoder } from '../ss7/tcap-decoder.js';
import type { Mtp3Variant } from '../ss7/types.js';
import { DiameterDecoder } from '../diameter/decoder.js';
import { CrossPathCopies } from './cross-path-copies.js';
import type { EventHandler } from '../events/types.js';
import type { RecordHandler } from '../events/record.js';

export interface DecoderOptions {
  /** Receives every event, in capture order (one of onEvent / onRecord is required). */
  onEvent?: EventHandler;
  /**
   * The fast tier (events/record.ts): receives every message as a reused flat record, in capture
   * order, valid until the callback returns; `r.event()` builds its event on demand. With both
   * callbacks, onEvent gets `r.event()` first.
   */
  onRecord?: RecordHandler;
  /** Receives every anomaly (also those attached to events). Counted in `stats` either way. */
  onAnomaly?: (a: Anomaly) => void;
  /** Table and buffer limits (defaults: src/core/limits.ts). */
  limits?: Partial<Limits>;
  /** TCP/SCTP ports carrying Diameter (default [3868]). */
  diameterPorts?: readonly number[];
  /** MTP3 routing label variant (default 'itu'). */
  mtp3?: Mtp3Variant;
  /**
   * Attach each Diameter message's full AVP tree as `diameter.avpTree` (the conformance check
   * reads it). Off by default: the hot path builds no tree (decodeDiameterMessage allocates a node and
   * a value copy per AVP).
   */
  diameterAvpTree?: boolean;
  /**
   * Keep SMS content: each forwardSM / MT-ForwardSM-VGCS event gets `args.smRpUi`, the SM-RP-UI
   * TPDU (TS 23.040) as hex. Off by default: it is the message text, and `args.smRpUiLength` is
   * what rules need.
   */
  smsContent?: boolean;
  /** Name of the input (file path) for errors: a SigwatchError thrown by push/end names it in `file`. */
  source?: string;
}

/** Sizes of the pipeline's bounded tables (see {@link Decoder.tables}). */
export interface DecoderTableSizes extends TransportTableSizes {
  sccpSegments: number;
  sccpSegmentBytes: number;
  dialogues: number;
  /** Continue/End/Abort halves waiting for their Begin (≤ limits.dialogues). */
  dialogueOrphans: number;
  diameterTransactions: number;
  /** Diameter answers waiting for their request (≤ limits.diameterTransactions). */
  diameterEarlyAnswers: number;
  /** SCTP messages of grouped paths remembered for their copies on other paths (≤ 16,384: cross-path-copies.ts). */
  sctpCopies: number;
}

export class Decoder {
  /** Counters of every stage: frames, payloads, drops, evictions, anomalies by code. */
  readonly counters = new Counters();
  private readonly reader: CaptureReader;
  private readonly packets: PacketDecoder;
  private readonly ss7: Ss7Transport;
  private readonly tcap: TcapDecoder;
  private readonly diameter: DiameterDecoder;
  private readonly copies: CrossPathCopies;
  private ended = false;
  /** What the input is: capture bytes (push) or framed records (frame); fixed by the first call. */
  private input: 'bytes' | 'records' | undefined;
  private readonly source: string | undefined;

  constructor(opts: DecoderOptions) {
    checkOptions('Decoder', decoderOptionsSchema, opts);
    this.source = opts.source;
    const counters = this.counters;
    const limits: Limits = resolveLimits(opts.limits);
    const userAnomaly = opts.onAnomaly;
    const onAnomaly = (a: Anomaly): void => {
      counters.inc('anomaly.' + a.code);
      if (userAnomaly) userAnomaly(a);
    };
    const indexer = new FrameIndexer();
    const onEvent = opts.onEvent;
    const onRecord = opts.onRecord;
    const deliver: RecordHandler =
      onRecord === undefined
        ? (r) => onEvent!(r.event())
        : onEvent === undefined
          ? onRecord
          : (r) => {
              onEvent(r.event());
              onRecord(r);
            };
    // A grouped SCTP path's records (Payload.copyGroup): a copy another path delivered is dropped
    // once decoded (cross-path-copies.ts; review 15-C #1: never before its path's layers saw it).
    const copies = new CrossPathCopies(counters, onAnomaly);
    this.copies = copies;
    const pass: RecordHandler = (r) => {
      if (!copies.on || !copies.copy(r)) deliver(r);
    };
    // An onEvent consumer reads every identity (the event's subscriber): plain records from the
    // first message (bench/results-notes.md, "evfast branch").
    const tcap = new TcapDecoder({
      onRecord: pass,
      indexer,
      onAnomaly,
      counters,
      limits,
      smsContent: opts.smsContent === true,
      readsIdentities: onEvent !== undefined,
      transportSides: (a, b) => this.packets.sctpSides.pairShown(a, b),
    });
    const ss7 = new Ss7Transport({
      onUnit: (u) => {
        if (copies.on) copies.unit(u);
        tcap.unit(u);
      },
      onAnomaly,
      counters,
      limits,
      mtp3Variant: opts.mtp3 ?? 'itu',
    });
    const diameter = new DiameterDecoder({
      onRecord: pass,
      indexer,
      onAnomaly,
      counters,
      limits,
      avpTree: opts.diameterAvpTree === true,
      // An association's requests and answers on any of its paths (rt8 MH1): the address sets its INIT / INIT ACK named.
      peerFlow: (flow) => this.packets.sctpEndpoints.canonical(flow),
      deliveredFrame: (frame, e2e) => copies.deliveredFrame(frame, e2e),
    });
    this.packets = new PacketDecoder({
      onPayload: (p: Payload) => {
        if (p.copyGroup !== 0) {
          copies.payload(p);
          try {
            if (p.proto === 'diameter') diameter.payload(p);
            else ss7.payload(p);
          } finally {
            copies.done();
          }
          return;
        }
        if (p.proto === 'diameter') diameter.payload(p);
        else ss7.payload(p);
      },
      onAnomaly,
      counters,
      limits,
      diameterPorts: opts.diameterPorts ?? DEFAULT_DIAMETER_PORTS,
    });
    this.ss7 = ss7;
    this.tcap = tcap;
    this.diameter = diameter;
    const packets = this.packets;
    this.reader = new CaptureReader({ onFrame: (rec) => packets.frame(rec), onAnomaly, counters, limits });
  }

  /** Feeds capture bytes (any chunking). Throws SigwatchError when the input cannot go on. */
  push(chunk: Uint8Array): void {
    if (this.input !== 'bytes') this.setInput('bytes');
    // A string, null, an array of numbers or an ArrayBuffer (no `length`: read as 0 bytes) is no chunk.
    expectBytes('Decoder.push()', chunk);
    try {
      this.reader.push(chunk);
    } catch (e) {
      throw withFile(e, this.source);
    }
  }

  /**
   * Feeds one capture record framed elsewhere, bypassing the capture reader: for a router that
   * reads the capture itself and hands each decoder a share of the frames (a partitioned
   * `--workers` design: bench/lib/partition-worker.mjs). The record (and its bytes) is read
   * during the call only. One Decoder takes either bytes (push) or records (frame), not both.
   */
  frame(rec: FrameRecord): void {
    if (this.input !== 'records') this.setInput('records');
    if (this.ended) throw new SigwatchError(ErrorCode.BAD_OPTION, 'Decoder.frame() after end()');
    this.packets.frame(rec);
  }

  /** Ends the input: flushes reassembly state, reports a truncated tail, settles reordering waits. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    try {
      // Records fed through frame(): no capture bytes, so no file framing to close.
      if (this.input !== 'records') this.reader.end();
    } catch (e) {
      throw withFile(e, this.source);
    }
    this.packets.end();
    this.tcap.end(); // after the transport flush, which may still deliver units
    this.diameter.end();
  }

  private setInput(kind: 'bytes' | 'records'): void {
    if (this.input !== undefined)
      throw new SigwatchError(
        ErrorCode.BAD_OPTION,
        `Decoder: ${kind === 'bytes' ? 'push()' : 'frame()'} after ${this.input === 'bytes' ? 'push()' : 'frame()'}: one input kind per decoder`,
      );
    this.input = kind;
  }

  /**
   * Current size of every bounded table (IP/SCTP/TCP reassembly, SCCP segments, TCAP dialogues,
   * Diameter transactions): what the limits bound, for memory checks and diagnostics.
   */
  get tables(): DecoderTableSizes {
    return {
      ...this.packets.tableSizes(),
      sccpSegments: this.ss7.pendingSegments,
      sccpSegmentBytes: this.ss7.pendingSegmentBytes,
      dialogues: this.tcap.dialogueCount,
      dialogueOrphans: this.tcap.pendingOrphans,
      diameterTransactions: this.diameter.pendingRequests,
      diameterEarlyAnswers: this.diameter.earlyAnswers,
      sctpCopies: this.copies.size,
    };
  }

  get stats(): Record<string, number> {
    return this.counters.snapshot();
  }
}
