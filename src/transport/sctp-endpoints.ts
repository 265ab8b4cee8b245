/**
 * SCTP associations' address sets, learned from INIT and INIT ACK chunks (RFC 9260 §3.3.2, §3.3.3:
 * IPv4 Address parameters, type 5, and IPv6 Address parameters, type 6). §5.1.2: the transport
 * addresses of the endpoint that sent the chunk are the source address of its packet and every
 * address parameter, each with the packet's source port. A multi-homed endpoint may send and
 * receive any chunk on any of them (§6.4), so a request and its answer (RFC 6733 §3: matched per
 * peer connection, here the association) can travel on different address pairs (red-team rt8 MH1:
 * a Diameter answer on the alternate path was not matched).
 *
 * An answered handshake makes an association record: its two endpoints' address sets and their
 * tags, the INIT's Initiate Tag (carried by every packet to the initiator, §8.5) and the INIT ACK's
 * (every packet to the responder). A packet is resolved by its Verification Tag and ports to the
 * record whose tags they are ({@link canonicalKey}): each of its addresses that this record's
 * handshake named is replaced by its endpoint's first address (the source of its INIT or INIT
 * ACK); an address the record did not name stays itself (rt9 MH3: a chunk from an address of
 * neither endpoint is out of the blue to the receiver, §8.4, and discarded). {@link canonical}
 * gives the same for the Flow of the packet last resolved (the Diameter decoder asks while that
 * packet's messages are decoded). Without INIT/INIT ACK in the capture (an association set up
 * before the capture started) nothing is learned: paths stay apart (their fragments:
 * sctp-tsn-index.ts).
 *
 * Address squatting (review 10-A #4, 11-A #4): a listening server answers every INIT (§5.1.3,
 * stateless cookie), so anyone can have a handshake answered that names another node's address as
 * its own. The claim binds that address only for packets carrying that handshake's tags, which the
 * real association's packets do not carry (its tags are its own; a blind squatter does not see
 * them). So a squatter's handshake, before or after the real one, answered or forged in both
 * directions, and whatever packets of its own follow, never changes how the real association's
 * packets are keyed. There is no table of addresses shared between associations to squat.
 *
 * Only a handshake binds (review A-M1: ~500 forged, never answered INITs flushed the table and with
 * it a real association's second path). An INIT ({@link init}) waits in a pending table of at most
 * {@link MAX_PENDING_INITS} until an INIT ACK answers it ({@link initAck}): RFC 9260 §5.1, the INIT
 * ACK goes back to the INIT's source and port and its packet carries the INIT's Initiate Tag as
 * Verification Tag (§8.5). The pending table is separate: an INIT that is never answered leaves it,
 * oldest first, and never costs an association. One INIT waits per source transport address,
 * destination port and Initiate Tag. An INIT ACK whose packet carries Verification Tag 0 is taken as
 * the answer too: generated captures carry them (public corpus, arkime_*_synthetic.pcap); a
 * receiver would drop it (§8.5). Review 12-A #1: such an answer needs no tag knowledge, so it binds
 * only the newest pending INIT of its ports, only when sent from that INIT's destination address
 * (§5.1), is never kept for a later INIT (an early INIT ACK binds only the INIT whose Initiate Tag
 * it carries), and its INIT stays pending: the INIT's well-tagged answer replaces the record.
 *
 * Bounds and their limits (every clean-up O(1) amortized: review 11-A #1, a quadratic clean-up):
 * - at most {@link MAX_INIT_ADDRESSES} parameters are taken per chunk;
 * - at most {@link MAX_PENDING_INITS} INITs wait for their answer: a flood of more unanswered INITs
 *   between a real INIT and its INIT ACK (one round trip) loses that association's join (anomaly
 *   `sctp.init-unanswered-evicted`); as many INIT ACKs captured before their INIT wait for it;
 * - at most `maxAddresses` transport addresses are held by the records (4 × limits.sctpAssociations).
 *   A record is established only on evidence that its tags travelled both ways as a working
 *   association's do (review 12-A #2: a bare packet each way, even the INIT ACK's own, was enough,
 *   and handshakes forged with the attacker's own tags were established by one more packet):
 *   DATA seen both ways (to the responder with the INIT ACK's tag, to the initiator with the
 *   INIT's), or an acknowledgement of the other side's chunk: a SACK whose Cumulative TSN Ack
 *   (RFC 9260 §3.3.4) is a TSN of DATA seen the other way ({@link ACK_AHEAD}), or a HEARTBEAT ACK
 *   echoing the Heartbeat Information of a HEARTBEAT seen the other way (§8.3). COOKIE ECHO, COOKIE
 *   ACK, a lone HEARTBEAT or SACK count for use only. A handshake answered for a spoofed source
 *   (the review 10-A #4 flood) never is: its INIT ACK, and the tag in it, went to the spoofed
 *   address. When full, the newest record not established (other than the one being made) whose
 *   handshake did not complete goes first, so a flood of handshakes replaces its own records, not an
 *   earlier association's; then those whose handshake completed (a packet to the responder carried
 *   the INIT ACK's tag: the COOKIE ECHO, RFC 9260 §5.1; review 13-C #4, a new real association was
 *   first to go for ~2 round trips, until DATA went both ways; a forged one costs 3 packets), least
 *   recently completed first unless a packet of it was resolved since (second chance: it is then the
 *   newest; but the only one of its class still goes first: with the table full of established
 *   records, one forged handshake evicts a new association until it is established — DATA both ways, a
 *   SACK or a HEARTBEAT ACK as above — as before, since a completed record must not outrank an
 *   established one, review 12-A #2); then, of the established ones, the oldest in the order they
 *   entered their class ({@link promote}: when established; a heavy record, when last raised), with the same second chance (a packet
 *   resolved since the record's stamp: when made, or when its handshake completed if it did first),
 *   taken from these classes in turn: records naming more
 *   than {@link HEAVY_RECORD} addresses (a real node has 2–4 a side; forged ones fill the table
 *   fastest with {@link MAX_INIT_ADDRESSES}), then those established by an acknowledgement only,
 *   then those that carried DATA both ways. The defence is statistical: a blind attacker can still
 *   forge a whole association with DATA both ways (INIT, INIT ACK, COOKIE ECHO + DATA, COOKIE ACK +
 *   DATA: 4 packets of {@link HEAVY_RECORD} addresses; no fewer since a packet bundling INIT or
 *   INIT ACK with another chunk, which RFC 9260 §6.10 forbids, binds nothing and resolves no DATA:
 *   packet-decoder.ts sctpControl, review 13-C #2, 2 packets with INIT + INIT ACK + DATA in one), so ~maxAddresses / 2 packets between two
 *   packets of an idle real association flush it (measured at the default 8,192 addresses: 1,100
 *   such records, 4,400 packets; before: 3 packets a record, INIT ACK and COOKIE ECHO counting as
 *   both ways, 3,300; and a real association that carried DATA both ways outlasts records forged
 *   with HEARTBEAT / HEARTBEAT ACK only). A forgotten record's paths are apart again (anomaly
 *   `sctp.endpoint-evicted`);
 * - at most {@link MAX_PER_TAG} records per tag key ({@link TAG_KEY}; the oldest forgotten first): a packet tries at
 *   most that many; the same handshake seen again (a retransmitted INIT answered again) is one record.
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

/**
 * Records per tag: a packet tries at most this many (a capture reusing one tag for every
 * association, or a flood of handshakes with one tag, costs no more per packet).
 */
const MAX_PER_TAG = 4;

/**
 * Transport addresses (both sides) above which an established record is heavy, evicted before any
 * other established one (review 12-A #2): a multi-homed signalling node has a few addresses (one per
 * redundant LAN, 2–4 a side), while forged handshakes fill the table fastest with
 * {@link MAX_INIT_ADDRESSES} a side (~240 records of 34 flushed a real association).
 */
const HEAVY_RECORD = 8;

/**
 * A SACK acknowledges DATA seen the other way when its Cumulative TSN Ack lies from the first TSN
 * of that DATA to this many past the last one (the chunks of a bundle after the first, and DATA the
 * tap missed, are acknowledged too: RFC 9260 §6.2).
 */
const ACK_AHEAD = 65536;

/** {@link Assoc.ev} bits: DATA seen to the responder, to the initiator; an acknowledgement matched. */
const EV_DATA_FWD = 1;
const EV_DATA_BACK = 2;
const EV_ACKED = 4;

/** {@link SctpEndpoints.packetEnd} evidence bits: the packet carried a SACK, a HEARTBEAT, a HEARTBEAT ACK. */
export const PKT_SACK = 1;
export const PKT_HB = 2;
export const PKT_HB_ACK = 4;

/**
 * {@link SctpEndpoints.byTag} keys: the tag's low 30 bits, a small integer in V8 (a uint32 tag at or
 * past 2^30 was a heap number made for each lookup). Records of tags equal in those bits share a
 * list; each record compares its full tags.
 */
const TAG_KEY = 0x3fffffff;

/** One endpoint of an association record: its first address (text, octets), its port and its transport addresses (texts). */
interface Side {
  text: string;
  bytes: Uint8Array;
  port: number;
  addrs: Set<string>;
}

/** An association made by an answered handshake (see the module comment). */
interface Assoc {
  /** The INIT's Initiate Tag: packets to the initiator carry it (RFC 9260 §8.5). */
  initTag: number;
  /** The INIT ACK's Initiate Tag: packets to the responder carry it. */
  ackTag: number;
  init: Side;
  ack: Side;
  /** Transport addresses held (both sides), against maxAddresses. */
  size: number;
  /** {@link SctpEndpoints.clock} when (last) made the newest, and of its last resolved packet. */
  stamp: number;
  used: number;
  /** Evidence of establishment ({@link EV_DATA_FWD}, {@link EV_DATA_BACK}, {@link EV_ACKED}: see the module comment). */
  ev: number;
  /**
   * The eviction class: 0 not established, 1 handshake completed (not established: a packet to the
   * responder with the INIT ACK's tag since: {@link SctpEndpoints.shaken}), 2 established by an
   * acknowledgement, 3 DATA both ways.
   */
  rank: number;
  /** First and last TSN (int32) of DATA seen to the responder (fwd) and to the initiator (back). */
  fwdFirst: number;
  fwdLast: number;
  backFirst: number;
  backLast: number;
  /** Hash of the Heartbeat Information of the last HEARTBEAT to the responder, to the initiator (0: none). */
  fwdHb: number;
  backHb: number;
  /** Held (false once forgotten: a stale item of {@link SctpEndpoints.tentative} is skipped). */
  live: boolean;
}

/**
 * An INIT waiting for its INIT ACK, or an INIT ACK captured before its INIT: the sender's source
 * address (text, octets) and its address parameters.
 */
interface Half {
  /** The INIT's Initiate Tag (RFC 9260 §3.3.2); the INIT ACK packet's Verification Tag. */
  tag: number;
  /** The chunk's own Initiate Tag: the Verification Tag of the packets its sender receives. */
  own: number;
  src: string;
  srcBytes: Uint8Array;
  addrs: string[];
  /** An INIT's destination address (text; '' when not known): a Verification Tag 0 answer must come from it. */
  dst: string;
  /** The record a Verification Tag 0 answer made for this INIT, still pending: its well-tagged answer replaces it. */
  weak: Assoc | undefined;
}

export class SctpEndpoints {
  /** Tag key ({@link TAG_KEY}) → the records whose INIT or INIT ACK gave it, oldest first (≤ {@link MAX_PER_TAG}). */
  private readonly byTag = new Map<number, Assoc[]>();
  /**
   * Records not established, in making order; forgotten or established ones are stale items,
   * skipped (see {@link evictOne}) and dropped in place when they outnumber the live ones (+32).
   */
  private readonly tentative: Assoc[] = [];
  private tentativeLive = 0;
  /**
   * Records not established whose handshake completed (rank 1: a packet to the responder carried the
   * INIT ACK's Initiate Tag, the initiator's COOKIE ECHO, RFC 9260 §5.1 C), least recently so first
   * out, second chance: evicted after those of {@link tentative}, before established ones. Review
   * 13-C #4: a new real association stayed with the newest not established from its INIT ACK until
   * DATA went both ways (~2 round trips), so one forged handshake in that window evicted it.
   */
  private readonly shaken = new FifoMap<Assoc, true>();
  /** Established records of more than {@link HEAVY_RECORD} addresses, least recently established first out: evicted first of those. */
  private readonly heavy = new FifoMap<Assoc, true>();
  /** Other records established by an acknowledgement only, least recently established first out: evicted next. */
  private readonly established = new FifoMap<Assoc, true>();
  /** Other records that carried DATA both ways, least recently established first out: evicted last. */
  private readonly busy = new FifoMap<Assoc, true>();
  /** The classes of records of rank ≥ 1 in eviction order (evictOne, index). */
  private readonly classes = [this.shaken, this.heavy, this.established, this.busy];
  private records = 0;
  private addressCount = 0;
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
  /** Counts records made and packets resolved: {@link Assoc.used} after {@link Assoc.stamp} means used since. */
  private clock = 0;
  /** The packet last resolved by {@link canonicalKey}: its addresses and ports, and their endpoints' first addresses. */
  private lastSrc = '';
  private lastDst = '';
  private lastSrcPort = -1;
  private lastDstPort = -1;
  private lastA = '';
  private lastD = '';
  private lastIn: Flow | undefined;
  private lastOut: Flow | undefined;
  /** The record of the packet being decoded (resolved by its first DATA chunk, or by {@link packetEnd}) and its direction. */
  private cur: Assoc | undefined;
  private curDir = 0;

  /** {@link canonicalKey}'s output: the source address at 0, the destination at 16; {@link keyLen} octets each. */
  readonly keyView = new DataView(new ArrayBuffer(32));
  keyLen = 4;
  private readonly keyBytes = new Uint8Array(this.keyView.buffer);

  constructor(
    private readonly maxAddresses: number,
    private readonly counters?: Counters,
    /** Reports a forgotten INIT or association (the caller counts the code and names the frame). */
    private readonly report?: (code: AnomalyCode, detail: string) => void,
  ) {}

  /** Transport addresses held by the association records. */
  get size(): number {
    return this.addressCount;
  }

  /** Association records held, and how many of them are established. */
  get associations(): { records: number; established: number } {
    return { records: this.records, established: this.heavy.size + this.established.size + this.busy.size };
  }

  /** Items of the not-established list (live and stale): ≤ 2 × the records + 32 (review 11-A #1). */
  get tentativeItems(): number {
    return this.tentative.length;
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
  init(view: DataView, off: number, end: number, src: string, srcBytes: Uint8Array, srcPort: number, dstPort: number, dst = ''): void {
    if (end - off < FIRST_PARAM) return;
    const ports = `${src}|${srcPort}|${dstPort}`;
    const tag = view.getUint32(off + 4);
    const half: Half = { tag, own: tag, src, srcBytes: srcBytes.slice(), addrs: addresses(view, off, end), dst, weak: undefined };
    // An early INIT ACK binds only by the tag it carries, the INIT's Initiate Tag (RFC 9260 §8.5.1;
    // review 12-A #1: one kept under tag 0 answered the next INIT of those ports, planted blind).
    const k = `${ports}|${tag}`;
    const ack = tag === 0 ? undefined : this.early.get(k);
    if (ack !== undefined) {
      this.early.delete(k);
      this.handshake(half, ack, srcPort, dstPort);
      return;
    }
    this.wait(this.pending, k, half, 'INIT');
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
    const half: Half = { tag: vtag, own: view.getUint32(off + 4), src, srcBytes: srcBytes.slice(), addrs: addresses(view, off, end), dst, weak: undefined };
    if (vtag === 0) {
      // Tag 0 (see the module comment): the newest INIT of those ports, when sent from that INIT's
      // destination (§5.1) and not answered yet. The INIT stays pending: its well-tagged answer
      // replaces this record (review 12-A #1). Never kept for a later INIT (it names no INIT).
      const tag = this.newestTag.get(ports);
      const init = tag === undefined ? undefined : this.pending.get(`${ports}|${tag}`);
      if (init !== undefined && init.weak === undefined && init.dst === src) init.weak = this.handshake(init, half, dstPort, srcPort);
      else this.counters?.inc('sctp.init-acks-before-init');
      return;
    }
    const key = `${ports}|${vtag}`;
    const init = this.pending.get(key);
    if (init !== undefined) {
      this.pending.delete(key);
      if (init.weak !== undefined) this.forget(init.weak, false);
      this.handshake(init, half, dstPort, srcPort);
      return;
    }
    // Not a loss (report/collector.ts LOSS): the INIT may follow (reordered taps) or precede the capture.
    this.counters?.inc('sctp.init-acks-before-init');
    this.wait(this.early, key, half, 'INIT ACK');
  }

  /** Keeps `half` under `key` in `table` (≤ {@link MAX_PENDING_INITS}, the oldest forgotten first, reported). */
  private wait(table: FifoMap<string, Half>, key: string, half: Half, what: string): void {
    if (!table.has(key) && table.size >= MAX_PENDING_INITS) {
      const old = table.oldest()!;
      const gone = table.get(old)!;
      table.delete(old);
      if (gone.weak === undefined)
        this.report?.(SCTP_ANOMALY.INIT_UNANSWERED_EVICTED, `${what} from ${gone.src} forgotten unmatched (${MAX_PENDING_INITS} waiting)`);
    }
    table.set(key, half);
  }

  /** Makes the association record of an answered handshake (none when the same handshake's is held: an INIT retried and answered again). */
  private handshake(init: Half, ack: Half, initPort: number, ackPort: number): Assoc {
    const initTag = init.own | 0;
    const ackTag = ack.own | 0;
    // The key holds every tag equal in its low 30 bits: the full tag compared (review 13-C #5).
    for (const r of this.byTag.get(initTag & TAG_KEY) ?? []) {
      if (
        r.initTag === initTag &&
        r.ackTag === ackTag &&
        r.init.port === initPort &&
        r.ack.port === ackPort &&
        r.init.text === init.src &&
        r.ack.text === ack.src
      )
        return r;
    }
    const a: Assoc = {
      initTag,
      ackTag,
      init: side(init, initPort),
      ack: side(ack, ackPort),
      size: 0,
      stamp: ++this.clock,
      used: 0,
      ev: 0,
      rank: 0,
      fwdFirst: 0,
      fwdLast: 0,
      backFirst: 0,
      backLast: 0,
      fwdHb: 0,
      backHb: 0,
      live: true,
    };
    a.size = a.init.addrs.size + a.ack.addrs.size;
    while (this.records > 0 && this.addressCount + a.size > this.maxAddresses) this.evictOne();
    this.index(initTag & TAG_KEY, a);
    if ((ackTag & TAG_KEY) !== (initTag & TAG_KEY)) this.index(ackTag & TAG_KEY, a);
    this.records++;
    this.addressCount += a.size;
    this.tentative.push(a);
    this.tentativeLive++;
    return a;
  }

  /**
   * Lists `a` under tag key `key`; past {@link MAX_PER_TAG} records of that key, one is forgotten by
   * {@link evictOne}'s classes: the newest not established, else, of the first class holding any, the
   * first listed (made first; no second chance here, the list holds at most 4). Review 14-C #1:
   * forged completed handshakes, 3 packets each, on a known tag took the oldest, a real busy
   * association, for 12 packets where 16 were needed before.
   */
  private index(key: number, a: Assoc): void {
    const list = this.byTag.get(key);
    if (list === undefined) {
      this.byTag.set(key, [a]);
      return;
    }
    if (list.length >= MAX_PER_TAG) {
      let k = list.length - 1;
      while (k > 0 && list[k]!.rank !== 0) k--;
      if (list[k]!.rank !== 0) for (let i = 1; i < list.length; i++) if (this.evictOrder(list[i]!) < this.evictOrder(list[k]!)) k = i;
      this.forget(list[k]!);
    }
    list.push(a);
  }

  /** The position of record `a`'s class (rank ≥ 1: handshake completed or established) in {@link evictOne}'s order (lowest goes first). */
  private evictOrder(a: Assoc): number {
    return this.classes.indexOf(this.classOf(a));
  }

  /**
   * Forgets one record: the newest not established whose handshake did not complete (a flood of
   * answered INITs replaces its own, not an earlier association's), else, of the first class holding
   * any (handshake completed, heavy, established by an acknowledgement, DATA both ways), the oldest
   * in the order they entered it (handshake completed, or established) whose packets were not
   * resolved since its stamp (made, or handshake completed; those that were are made the newest:
   * second chance).
   */
  private evictOne(): void {
    const t = this.tentative;
    while (t.length > 0) {
      const a = t.pop()!;
      if (a.live && a.rank === 0) {
        this.forget(a);
        return;
      }
    }
    const est = this.classes.find((c) => c.size > 0) ?? this.busy;
    for (;;) {
      const a = est.oldest()!;
      if (a.used <= a.stamp) {
        this.forget(a);
        return;
      }
      a.stamp = ++this.clock; // used since: the newest, evictable unless used again
      est.set(a, true);
    }
  }

  /** Takes `a` out of every index (its tentative item goes stale), reported unless `report` is false (a tag-0 answer replaced by its INIT's real one). */
  private forget(a: Assoc, report = true): void {
    if (!a.live) return;
    a.live = false;
    // No packet resolves to a forgotten record (canonicalKey is not asked while no record is held).
    if (this.cur === a) this.cur = undefined;
    this.unindex(a.initTag & TAG_KEY, a);
    if ((a.ackTag & TAG_KEY) !== (a.initTag & TAG_KEY)) this.unindex(a.ackTag & TAG_KEY, a);
    if (a.rank !== 0) this.classOf(a).delete(a);
    else {
      this.tentativeLive--;
      if (this.tentative.length > 2 * this.tentativeLive + 32) this.compactTentative();
    }
    this.records--;
    this.addressCount -= a.size;
    if (report)
      this.report?.(
        SCTP_ANOMALY.ENDPOINT_EVICTED,
        `association of ${a.init.text}|${a.init.port} and ${a.ack.text}|${a.ack.port} forgotten (${this.maxAddresses} addresses held)`,
      );
  }

  /** Takes `a` out of the list of tag key `key` (≤ {@link MAX_PER_TAG}). */
  private unindex(key: number, a: Assoc): void {
    const list = this.byTag.get(key)!;
    list.splice(list.indexOf(a), 1);
    if (list.length === 0) this.byTag.delete(key);
  }

  /** The eviction class of record `a` of rank ≥ 1 (see {@link evictOne}). */
  private classOf(a: Assoc): FifoMap<Assoc, true> {
    return a.rank === 1 ? this.shaken : a.size > HEAVY_RECORD ? this.heavy : a.rank === 3 ? this.busy : this.established;
  }

  /**
   * Drops the stale items of {@link tentative} in place (no new array): run when they outnumber the
   * live ones (+32), so each item is walked O(1) times.
   */
  private compactTentative(): void {
    const t = this.tentative;
    let w = 0;
    for (let i = 0; i < t.length; i++) {
      const a = t[i]!;
      if (a.live && a.rank === 0) t[w++] = a;
    }
    t.length = w;
  }

  /**
   * The record a packet with Verification Tag `vtag` from port `srcPort` to `dstPort` (addresses
   * `src`, `dst`; null when not read) belongs to: of those with that tag and ports, the one that
   * named most of its two addresses (the newest of equals), none when none named either; its
   * direction in {@link resolvedDir}. Counts toward its establishment and use.
   */
  private resolve(list: Assoc[], vtag: number, srcPort: number, dstPort: number, src: string | null, dst: string | null): Assoc | undefined {
    const tag = vtag | 0;
    let best: Assoc | undefined;
    let bestScore = 0;
    let bestDir = 0;
    for (let i = list.length - 1; i >= 0; i--) {
      const a = list[i]!;
      let dir = 0;
      let score = 0;
      if (a.ackTag === tag && a.init.port === srcPort && a.ack.port === dstPort) {
        dir = 1;
        score = named(a.init, a.ack, src, dst);
      }
      if (a.initTag === tag && a.ack.port === srcPort && a.init.port === dstPort) {
        const other = named(a.ack, a.init, src, dst);
        if (other > score) {
          dir = 2;
          score = other;
        }
      }
      if (score > bestScore) {
        best = a;
        bestScore = score;
        bestDir = dir;
      }
    }
    if (best === undefined) return undefined;
    this.resolvedDir = bestDir;
    best.used = ++this.clock;
    // The INIT ACK's tag came back: the handshake completed (review 13-C #4). Stamped after this
    // packet's use: a second chance needs a packet since (a forged COOKIE ECHO alone gives none).
    if (best.rank === 0 && bestDir === 1) {
      this.promote(best, 1);
      best.stamp = ++this.clock;
    }
    return best;
  }

  /** Direction of the last {@link resolve}d packet: 1 to the responder, 2 to the initiator. */
  private resolvedDir = 0;

  /** Raises `a` to rank `rank` (> its own): out of the tentative list or its class, into its new class as the newest. */
  private promote(a: Assoc, rank: number): void {
    if (a.rank === 0) {
      this.tentativeLive--;
      if (this.tentative.length > 2 * this.tentativeLive + 32) this.compactTentative();
    } else this.classOf(a).delete(a);
    a.rank = rank;
    this.classOf(a).set(a, true);
  }

  /** Ranks `a` by its evidence (see the module comment): DATA both ways 3, an acknowledgement 2. */
  private evidence(a: Assoc): void {
    const ev = a.ev;
    const rank = (ev & (EV_DATA_FWD | EV_DATA_BACK)) === (EV_DATA_FWD | EV_DATA_BACK) ? 3 : (ev & EV_ACKED) !== 0 ? 2 : 0;
    if (rank > a.rank) this.promote(a, rank);
  }

  /** DATA of TSN `tsn` in direction `dir` (1 to the responder) of `a`. */
  private data(a: Assoc, dir: number, tsn: number): void {
    const t = tsn | 0;
    if (dir === 1) {
      if ((a.ev & EV_DATA_FWD) === 0) {
        a.fwdFirst = a.fwdLast = t;
        a.ev |= EV_DATA_FWD;
        this.evidence(a);
      } else if (((t - a.fwdLast) | 0) > 0) a.fwdLast = t;
    } else if ((a.ev & EV_DATA_BACK) === 0) {
      a.backFirst = a.backLast = t;
      a.ev |= EV_DATA_BACK;
      this.evidence(a);
    } else if (((t - a.backLast) | 0) > 0) a.backLast = t;
  }

  /** True while some association record is held (the decoder then reports each packet's end: {@link packetEnd}). */
  get active(): boolean {
    return this.records > 0;
  }

  /**
   * The end of a packet with Verification Tag `vtag` from port `srcPort` to `dstPort`: unless its
   * DATA resolved it already (`data`), it counts toward its record's use. `ev` ({@link PKT_SACK},
   * {@link PKT_HB}, {@link PKT_HB_ACK}) says which of its chunks are evidence of establishment:
   * `sack` the SACK's Cumulative TSN Ack, `hb` and `hbAck` hashes of the HEARTBEAT's and the
   * HEARTBEAT ACK's Heartbeat Information (see the module comment).
   */
  packetEnd(vtag: number, srcPort: number, dstPort: number, data: boolean, ev: number, sack: number, hb: number, hbAck: number): void {
    if (!data) {
      const list = this.byTag.get(vtag & TAG_KEY);
      this.cur = list === undefined ? undefined : this.resolve(list, vtag, srcPort, dstPort, null, null);
      this.curDir = this.resolvedDir;
    }
    const a = this.cur;
    if (ev === 0 || a === undefined || !a.live) return;
    const fwd = this.curDir === 1;
    if ((ev & PKT_HB) !== 0) {
      if (fwd) a.fwdHb = hb | 1;
      else a.backHb = hb | 1;
    }
    let acked = false;
    if ((ev & PKT_HB_ACK) !== 0 && (hbAck | 1) === (fwd ? a.backHb : a.fwdHb)) acked = true;
    if ((ev & PKT_SACK) !== 0) {
      // The other way's DATA: a SACK to the responder acknowledges the responder's DATA (RFC 9260 §6.2).
      const seen = (a.ev & (fwd ? EV_DATA_BACK : EV_DATA_FWD)) !== 0;
      const first = fwd ? a.backFirst : a.fwdFirst;
      const last = fwd ? a.backLast : a.fwdLast;
      const t = sack | 0;
      if (seen && ((t - first) | 0) >= 0 && ((t - last) | 0) <= ACK_AHEAD) acked = true;
    }
    if (acked && (a.ev & EV_ACKED) === 0) {
      a.ev |= EV_ACKED;
      this.evidence(a);
    }
  }

  /**
   * `flow` with each address replaced by its endpoint's first address as {@link canonicalKey} did
   * for the packet last resolved, when `flow` is that packet's path (the same object otherwise, and
   * when neither was replaced).
   */
  canonical(flow: Flow): Flow {
    if (flow.transport !== 'sctp' || this.records === 0) return flow;
    if (flow === this.lastIn) return this.lastOut!;
    if (flow.src !== this.lastSrc || flow.dst !== this.lastDst || flow.srcPort !== this.lastSrcPort || flow.dstPort !== this.lastDstPort) return flow;
    const out = this.lastA === flow.src && this.lastD === flow.dst ? flow : { ...flow, src: this.lastA, dst: this.lastD };
    this.lastIn = flow;
    this.lastOut = out;
    return out;
  }

  /**
   * Writes to {@link keyView} the packet's address pair (at `src` and `dst` of `view`, `len` octets
   * each, from port `srcPort` to `dstPort`, Verification Tag `vtag`) with each address the packet's
   * association record named replaced by its endpoint's first address; false (nothing written: the
   * pair is its own key) when no record has the packet's tag and ports, when it named neither
   * address, or when the two replaced differ in length.
   */
  canonicalKey(view: DataView, src: number, dst: number, len: number, srcPort: number, dstPort: number, vtag: number, tsn: number): boolean {
    if (this.records === 0) {
      if (this.cur !== undefined) this.cur = undefined;
      return false;
    }
    const list = this.byTag.get(vtag & TAG_KEY);
    if (list === undefined) {
      // No record has the tag (review 12-A perf: no address texts nor stores for such packets);
      // `canonical` then keys nothing by the packet before.
      this.lastSrcPort = -1;
      if (this.lastIn !== undefined) this.lastIn = undefined;
      if (this.cur !== undefined) this.cur = undefined;
      return false;
    }
    const b = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
    const st = ipText(b, src, len);
    const dt = ipText(b, dst, len);
    this.lastSrc = st;
    this.lastDst = dt;
    this.lastSrcPort = srcPort;
    this.lastDstPort = dstPort;
    this.lastA = st;
    this.lastD = dt;
    this.lastIn = undefined;
    const r = this.resolve(list, vtag, srcPort, dstPort, st, dt);
    this.cur = r;
    this.curDir = this.resolvedDir;
    if (r === undefined) return false;
    this.data(r, this.resolvedDir, tsn);
    const fwd = this.resolvedDir === 1;
    const from = fwd ? r.init : r.ack;
    const to = fwd ? r.ack : r.init;
    const a = from.addrs.has(st) ? from : undefined;
    const d = to.addrs.has(dt) ? to : undefined;
    if (a !== undefined) this.lastA = a.text;
    if (d !== undefined) this.lastD = d.text;
    const sa = a?.bytes ?? b.subarray(src, src + len);
    const da = d?.bytes ?? b.subarray(dst, dst + len);
    if (sa.length !== da.length) {
      this.lastA = st;
      this.lastD = dt;
      return false;
    }
    const k = this.keyBytes;
    k.fill(0);
    k.set(sa, 0);
    k.set(da, 16);
    this.keyLen = sa.length;
    return true;
  }
}

/** The side of a handshake sent by `h` from port `port`: its source and address parameters. */
function side(h: Half, port: number): Side {
  return { text: h.src, bytes: h.srcBytes, port, addrs: new Set([h.src, ...h.addrs]) };
}

/** How many of the packet's addresses the record named (`src` from `from`, `dst` to `to`); 1 for a packet whose addresses are not read (null). */
function named(from: Side, to: Side, src: string | null, dst: string | null): number {
  if (src === null || dst === null) return 1;
  return (from.addrs.has(src) ? 1 : 0) + (to.addrs.has(dst) ? 1 : 0);
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
