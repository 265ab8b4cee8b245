/**
 * SCTP endpoints' address sets, learned from INIT and INIT ACK chunks (RFC 9260 §3.3.2, §3.3.3:
 * IPv4 Address parameters, type 5, and IPv6 Address parameters, type 6). §5.1.2: the transport
 * addresses of the endpoint that sent the chunk are the source address of its packet and every
 * address parameter, each with the packet's source port. A multi-homed endpoint may send and
 * receive any chunk on any of them (§6.4), so a request and its answer (RFC 6733 §3: matched per
 * peer connection, here the association) can travel on different address pairs (red-team rt8 MH1:
 * a Diameter answer on the alternate path was not matched).
 *
 * {@link canonical} gives a Flow whose addresses are replaced by their endpoints' first address
 * (the source of the INIT or INIT ACK that named them), for keying what belongs to the association
 * rather than to a path; a Flow with no learned address is returned as is. {@link canonicalKey}
 * does the same for a packet's address bytes (sctp-assocs.ts: the key of its association). Without INIT/INIT ACK in
 * the capture (an association set up before the capture started) nothing is learned: paths stay
 * apart. Address parameters added later (RFC 5061 ASCONF) are not read.
 *
 * Only a handshake binds (review A-M1: ~500 forged, never answered INITs flushed the table and with
 * it a real association's second path). An INIT ({@link init}) waits in a pending table of at most
 * {@link MAX_PENDING_INITS} until an INIT ACK answers it ({@link initAck}): RFC 9260 §5.1, the INIT
 * ACK goes back to the INIT's source and port and its packet carries the INIT's Initiate Tag as
 * Verification Tag (§8.5). Then both chunks' addresses are bound. The pending table is separate:
 * an INIT that is never answered leaves it, oldest first, and never costs a bound address. One
 * INIT waits per source transport address and destination port (a retransmitted or newer INIT
 * replaces it). An INIT ACK whose packet carries Verification Tag 0 is taken as the answer too:
 * generated captures carry them (public corpus, arkime_*_synthetic.pcap); a receiver would drop
 * it (§8.5), but it still came back from the INIT's destination port to its source, so it takes
 * as much forging as a well-tagged one (two directions).
 *
 * A bound address is never re-bound to another endpoint: an association's endpoints keep their
 * addresses while it lives, and a restart (§5.2.4.1) may not add addresses, so a later handshake
 * naming a bound address (a restart, a new association of the same endpoint, or a forged one) leaves
 * it with its endpoint; its unbound addresses join the endpoint of its source when that is bound.
 *
 * Bounds and their limits:
 * - at most {@link MAX_INIT_ADDRESSES} parameters are taken per chunk;
 * - at most {@link MAX_PENDING_INITS} INITs wait for their answer: a flood of more unanswered INITs
 *   between a real INIT and its INIT ACK (one round trip) loses that association's join (anomaly
 *   `sctp.init-unanswered-evicted`); as many INIT ACKs captured before their INIT wait for it;
 * - at most `maxAddresses` transport addresses are bound (4 × limits.sctpAssociations: a few per
 *   endpoint). When full, the least recently bound address goes first, unless its endpoint keyed a
 *   packet ({@link canonicalKey}, {@link canonical}) since it was bound: that one is bound anew, the
 *   newest (second chance; each one such is paid for by a use). So only handshakes forged in both
 *   directions (matching tags) can flush bound addresses, and only of endpoints idle meanwhile. A
 *   forgotten address is its own endpoint again (anomaly `sctp.endpoint-evicted`);
 * - a node's address that moves to another node keeps its first endpoint until evicted (the end of
 *   an association, SHUTDOWN / ABORT, is not read): signalling nodes' addresses are provisioned.
 */
import type { AnomalyCode } from '../core/anomaly-codes.js';
import { ipText } from '../core/bytes.js';
import { FifoMap } from '../core/fifo-map.js';
import type { Counters } from '../core/stats.js';
import { SCTP_ANOMALY } from './sctp.js';
import type { Flow } from './types.js';

/** INIT / INIT ACK chunk types and the offset of their first parameter (RFC 9260 §3.3.2, §3.3.3). */
export const SCTP_INIT = 1;
export const SCTP_INIT_ACK = 2;
const FIRST_PARAM = 20;
/** Address parameter types (RFC 9260 §3.3.2.1). */
const IPV4_ADDRESS = 5;
const IPV6_ADDRESS = 6;
/**
 * Address parameters taken from one chunk: RFC 9260 sets no number; a multi-homed signalling node
 * has a few (one per redundant LAN). One INIT cannot flush the table.
 */
export const MAX_INIT_ADDRESSES = 16;
/**
 * INITs waiting for their INIT ACK (and, apart, INIT ACKs waiting for their INIT). An answer comes
 * one round trip later (ms to a few hundred ms between signalling nodes), so few are pending at
 * once; each holds ≤ 17 address texts (~1.7 KB worst case with IPv6, measured: 1.7 MB for both tables).
 */
export const MAX_PENDING_INITS = 512;

/** An endpoint: its first address (text and octets) and the {@link SctpEndpoints.clock} of the last packet it keyed. */
interface Label {
  text: string;
  bytes: Uint8Array;
  used: number;
}

/** A bound transport address: its endpoint and the {@link SctpEndpoints.clock} it was (last) bound at. */
interface Bound {
  label: Label;
  stamp: number;
}

/**
 * An INIT waiting for its INIT ACK, or an INIT ACK captured before its INIT: the sender's source
 * address (text, octets) and its address parameters.
 */
interface Half {
  /** The INIT's Initiate Tag (RFC 9260 §3.3.2); the INIT ACK packet's Verification Tag. */
  tag: number;
  src: string;
  srcBytes: Uint8Array;
  addrs: string[];
}

interface Canonical {
  gen: number;
  flow: Flow;
}

export class SctpEndpoints {
  /** `address|port` → its endpoint, in binding order (oldest first). */
  private readonly labels = new FifoMap<string, Bound>();
  /**
   * `INIT source|source port|destination port|Initiate Tag` → the INIT, oldest first. The tag tells
   * apart the INITs one port sends at once to several peers on one port (an ASP starting its
   * associations; review 10-A: the second replaced the first and its answer matched nothing).
   */
  private readonly pending = new FifoMap<string, Half>();
  /** `INIT source|source port|destination port` → the Initiate Tag of its newest INIT (for an answer of tag 0). */
  private readonly newestTag = new FifoMap<string, number>();
  /** `INIT source|source port|destination port|Verification Tag` → an INIT ACK captured before its INIT, oldest first. */
  private readonly early = new FifoMap<string, Half>();
  /** Counts bindings and uses: {@link Label.used} after {@link Bound.stamp} means used since bound. */
  private clock = 0;
  /** Changes whenever a binding does: a Flow's canonical form is remade then. */
  private gen = 0;
  private readonly cache = new WeakMap<Flow, Canonical>();

  /** {@link canonicalKey}'s output: the source address at 0, the destination at 16; {@link keyLen} octets each. */
  readonly keyView = new DataView(new ArrayBuffer(32));
  keyLen = 4;
  private readonly keyBytes = new Uint8Array(this.keyView.buffer);

  constructor(
    private readonly maxAddresses: number,
    private readonly counters?: Counters,
    /** Reports a forgotten INIT or address (the caller counts the code and names the frame). */
    private readonly report?: (code: AnomalyCode, detail: string) => void,
  ) {}

  /** Transport addresses bound. */
  get size(): number {
    return this.labels.size;
  }

  /** INITs waiting for their answer, and INIT ACKs captured before their INIT. */
  get pendingSize(): number {
    return this.pending.size + this.early.size;
  }

  /**
   * The INIT chunk at [off, end) of `view` (header included) was sent from `src` (its packet's
   * source address, text; `srcBytes` its octets) port `srcPort` to port `dstPort`: kept until
   * answered, or bound at once with the INIT ACK captured before it.
   */
  init(view: DataView, off: number, end: number, src: string, srcBytes: Uint8Array, srcPort: number, dstPort: number): void {
    if (end - off < FIRST_PARAM) return;
    const ports = `${src}|${srcPort}|${dstPort}`;
    const tag = view.getUint32(off + 4);
    const half: Half = { tag, src, srcBytes: srcBytes.slice(), addrs: addresses(view, off, end) };
    for (const k of [`${ports}|${tag}`, `${ports}|0`]) {
      const ack = this.early.get(k);
      if (ack === undefined) continue;
      this.early.delete(k);
      this.handshake(half, ack, srcPort, dstPort);
      return;
    }
    this.wait(this.pending, `${ports}|${tag}`, half, 'INIT');
    if (!this.newestTag.delete(ports) && this.newestTag.size >= MAX_PENDING_INITS) this.newestTag.delete(this.newestTag.oldest()!);
    this.newestTag.set(ports, tag);
  }

  /**
   * The INIT ACK chunk at [off, end) of `view` was sent from `src` (`srcBytes`) port `srcPort` to
   * `dst` port `dstPort` in a packet of Verification Tag `vtag`: when it answers a pending INIT
   * (RFC 9260 §5.1, §8.5; `vtag` its Initiate Tag, or 0: see the module comment), both endpoints'
   * addresses are bound; else it waits for its INIT (a capture merged from two taps can hold the
   * answer first), in a bounded table of its own as the INITs do.
   */
  initAck(view: DataView, off: number, end: number, src: string, srcBytes: Uint8Array, srcPort: number, dst: string, dstPort: number, vtag: number): void {
    if (end - off < FIRST_PARAM) return;
    const ports = `${dst}|${dstPort}|${srcPort}`;
    const half: Half = { tag: vtag, src, srcBytes: srcBytes.slice(), addrs: addresses(view, off, end) };
    // Tag 0 (see the module comment): the newest INIT of those ports.
    const tag = vtag !== 0 ? vtag : this.newestTag.get(ports);
    const key = `${ports}|${tag}`;
    const init = tag === undefined ? undefined : this.pending.get(key);
    if (init !== undefined) {
      this.pending.delete(key);
      this.handshake(init, half, dstPort, srcPort);
      return;
    }
    // Not a loss (report/collector.ts LOSS): the INIT may follow (reordered taps) or precede the capture.
    this.counters?.inc('sctp.init-acks-before-init');
    this.wait(this.early, `${ports}|${vtag}`, half, 'INIT ACK');
  }

  /** Keeps `half` under `key` in `table` (≤ {@link MAX_PENDING_INITS}, the oldest forgotten first, reported). */
  private wait(table: FifoMap<string, Half>, key: string, half: Half, what: string): void {
    if (!table.has(key) && table.size >= MAX_PENDING_INITS) {
      const old = table.oldest()!;
      const gone = table.get(old)!;
      table.delete(old);
      this.report?.(SCTP_ANOMALY.INIT_UNANSWERED_EVICTED, `${what} from ${gone.src} forgotten unmatched (${MAX_PENDING_INITS} waiting)`);
    }
    table.set(key, half);
  }

  /** Binds the INIT's endpoint (its sender's `initPort`) and the INIT ACK's (`ackPort`). */
  private handshake(init: Half, ack: Half, initPort: number, ackPort: number): void {
    this.bind(init.src, init.srcBytes, init.addrs, initPort);
    this.bind(ack.src, ack.srcBytes, ack.addrs, ackPort);
  }

  /** Binds `src` and `addrs`, each with `port`, to one endpoint: `src`'s own when bound, else a new one named `src`. */
  private bind(src: string, srcBytes: Uint8Array, addrs: string[], port: number): void {
    const labels = this.labels;
    const label = labels.get(`${src}|${port}`)?.label ?? { text: src, bytes: srcBytes, used: 0 };
    this.set(`${src}|${port}`, label);
    for (const a of addrs) this.set(`${a}|${port}`, label);
  }

  /** Binds `key` to `label` unless it is bound (then it stays its endpoint's: see the module comment). */
  private set(key: string, label: Label): void {
    const labels = this.labels;
    if (labels.has(key)) return;
    while (labels.size >= this.maxAddresses) this.evictOne();
    labels.set(key, { label, stamp: ++this.clock });
    this.gen++;
  }

  /** Forgets the least recently bound address whose endpoint keyed no packet since; binds anew those that did. */
  private evictOne(): void {
    const labels = this.labels;
    for (;;) {
      const key = labels.oldest()!;
      const b = labels.get(key)!;
      if (b.label.used <= b.stamp) {
        labels.delete(key);
        this.report?.(SCTP_ANOMALY.ENDPOINT_EVICTED, `address ${key} of endpoint ${b.label.text} forgotten (${this.maxAddresses} bound)`);
        this.gen++;
        return;
      }
      b.stamp = ++this.clock; // used since: the newest, evictable unless its endpoint is used again
      labels.set(key, b);
    }
  }

  /** `flow` with each address replaced by its endpoint's first address (the same object when neither is known). */
  canonical(flow: Flow): Flow {
    if (this.labels.size === 0 || flow.transport !== 'sctp') return flow;
    const c = this.cache.get(flow);
    if (c !== undefined && c.gen === this.gen) return c.flow;
    const a = this.labels.get(`${flow.src}|${flow.srcPort}`)?.label;
    const d = this.labels.get(`${flow.dst}|${flow.dstPort}`)?.label;
    if (a !== undefined) a.used = ++this.clock;
    if (d !== undefined) d.used = ++this.clock;
    const src = a?.text ?? flow.src;
    const dst = d?.text ?? flow.dst;
    const out = src === flow.src && dst === flow.dst ? flow : { ...flow, src, dst };
    this.cache.set(flow, { gen: this.gen, flow: out });
    return out;
  }

  /**
   * Writes to {@link keyView} the packet's address pair (at `src` and `dst` of `view`, `len` octets
   * each, from port `srcPort` to `dstPort`) with each bound address replaced by its endpoint's
   * first address; false (nothing written: the pair is its own key) when neither address is bound
   * or the two replaced differ in length.
   */
  canonicalKey(view: DataView, src: number, dst: number, len: number, srcPort: number, dstPort: number): boolean {
    if (this.labels.size === 0) return false;
    const b = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
    const a = this.labels.get(`${ipText(b, src, len)}|${srcPort}`)?.label;
    const d = this.labels.get(`${ipText(b, dst, len)}|${dstPort}`)?.label;
    if (a === undefined && d === undefined) return false;
    if (a !== undefined) a.used = ++this.clock;
    if (d !== undefined) d.used = ++this.clock;
    const sa = a?.bytes ?? b.subarray(src, src + len);
    const da = d?.bytes ?? b.subarray(dst, dst + len);
    if (sa.length !== da.length) return false;
    const k = this.keyBytes;
    k.fill(0);
    k.set(sa, 0);
    k.set(da, 16);
    this.keyLen = sa.length;
    return true;
  }
}

/** The address parameters (texts) of the INIT or INIT ACK chunk at [off, end) of `view`: at most {@link MAX_INIT_ADDRESSES}, up to a malformed one. */
function addresses(view: DataView, off: number, end: number): string[] {
  const out: string[] = [];
  const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
  for (let p = off + FIRST_PARAM; end - p >= 4 && out.length < MAX_INIT_ADDRESSES; ) {
    const type = view.getUint16(p);
    const len = view.getUint16(p + 2); // RFC 9260 §3.2.1: header included, padding excluded
    if (len < 4 || p + len > end) break;
    if ((type === IPV4_ADDRESS && len === 8) || (type === IPV6_ADDRESS && len === 20)) out.push(ipText(bytes, p + 4, len - 4));
    p += (len + 3) & ~3;
  }
  return out;
}
