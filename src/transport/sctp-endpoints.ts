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
 * Bounds: at most {@link MAX_INIT_ADDRESSES} parameters are taken per chunk, and at most
 * `maxAddresses` transport addresses are held (4 × limits.sctpAssociations: a few per endpoint),
 * the least recently learned forgotten first; a forgotten address is its own endpoint again.
 */
import { ipText } from '../core/bytes.js';
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

/** An endpoint's first address: text and octets. */
interface Label {
  text: string;
  bytes: Uint8Array;
}

interface Canonical {
  gen: number;
  flow: Flow;
}

export class SctpEndpoints {
  /** `address|port` → the endpoint's first address, in learning order (oldest first). */
  private readonly labels = new Map<string, Label>();
  /** Changes whenever a label does: a Flow's canonical form is remade then. */
  private gen = 0;
  private readonly cache = new WeakMap<Flow, Canonical>();

  /** {@link canonicalKey}'s output: the source address at 0, the destination at 16; {@link keyLen} octets each. */
  readonly keyView = new DataView(new ArrayBuffer(32));
  keyLen = 4;
  private readonly keyBytes = new Uint8Array(this.keyView.buffer);

  constructor(private readonly maxAddresses: number) {}

  /** Transport addresses held. */
  get size(): number {
    return this.labels.size;
  }

  /**
   * The INIT or INIT ACK chunk at [off, end) of `view` (header included) was sent from `src` (its
   * packet's source address, text; `srcBytes` its octets) and port `port`: its address parameters
   * and `src` are one endpoint's.
   */
  learn(view: DataView, off: number, end: number, src: string, srcBytes: Uint8Array, port: number): void {
    const label: Label = { text: src, bytes: srcBytes.slice() };
    this.set(src, port, label);
    let n = 0;
    for (let p = off + FIRST_PARAM; end - p >= 4 && n < MAX_INIT_ADDRESSES; ) {
      const type = view.getUint16(p);
      const len = view.getUint16(p + 2); // RFC 9260 §3.2.1: header included, padding excluded
      if (len < 4 || p + len > end) return;
      if ((type === IPV4_ADDRESS && len === 8) || (type === IPV6_ADDRESS && len === 20)) {
        this.set(ipText(new Uint8Array(view.buffer, view.byteOffset, view.byteLength), p + 4, len - 4), port, label);
        n++;
      }
      p += (len + 3) & ~3;
    }
  }

  private set(addr: string, port: number, label: Label): void {
    const key = `${addr}|${port}`;
    const labels = this.labels;
    const old = labels.get(key);
    if (old !== undefined)
      labels.delete(key); // re-learned: the newest again
    else if (labels.size >= this.maxAddresses) labels.delete(labels.keys().next().value!);
    labels.set(key, label);
    if (old?.text !== label.text) this.gen++;
  }

  /** `flow` with each address replaced by its endpoint's first address (the same object when neither is known). */
  canonical(flow: Flow): Flow {
    if (this.labels.size === 0 || flow.transport !== 'sctp') return flow;
    const c = this.cache.get(flow);
    if (c !== undefined && c.gen === this.gen) return c.flow;
    const src = this.labels.get(`${flow.src}|${flow.srcPort}`)?.text ?? flow.src;
    const dst = this.labels.get(`${flow.dst}|${flow.dstPort}`)?.text ?? flow.dst;
    const out = src === flow.src && dst === flow.dst ? flow : { ...flow, src, dst };
    this.cache.set(flow, { gen: this.gen, flow: out });
    return out;
  }

  /**
   * Writes to {@link keyView} the packet's address pair (at `src` and `dst` of `view`, `len` octets
   * each, from port `srcPort` to `dstPort`) with each learned address replaced by its endpoint's
   * first address; false (nothing written: the pair is its own key) when neither address was learned
   * or the two replaced differ in length.
   */
  canonicalKey(view: DataView, src: number, dst: number, len: number, srcPort: number, dstPort: number): boolean {
    if (this.labels.size === 0) return false;
    const b = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
    const a = this.labels.get(`${ipText(b, src, len)}|${srcPort}`);
    const d = this.labels.get(`${ipText(b, dst, len)}|${dstPort}`);
    if (a === undefined && d === undefined) return false;
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
