/**
 * The TCAP dialogue table in typed-array slots (tcap-dialogues.ts) against a plain model of its
 * rules: dialogues as objects in an LRU-ordered list, the (node, tid) and tid-only indexes as
 * Maps, invokes as a list, orphan waits as a list of objects. Random opens, finds, orphans (Continue
 * and End/Abort halves), answers, endings, registrations, closes, invokes, identities and clock
 * jumps (forward, backward, past the age cap) must give the same dialogues, the same counters and
 * the same anomalies in the same order — through slot growth and reuse, count-cap evictions, a full
 * wait FIFO and odd (non-hex, empty, over-long) transaction ids.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lookupE164 } from '../../src/attribution/e164.js';
import { Counters } from '../../src/core/stats.js';
import { hexOf } from '../../src/core/bytes.js';
import { tidOctetCode } from '../../src/ss7/tcap.js';
import { hexTidCode } from '../../src/ss7/tcap-dialogue-index.js';
import { DialogueTable, MAX_INVOKES_PER_DIALOGUE, MSG_DTID, MSG_OTID, nodeStamp, type Dialogue, type Tid } from '../../src/ss7/tcap-dialogues.js';

interface Key {
  node: string;
  tid: string;
  stamp: number;
}

class MD {
  keys: Key[];
  invokes: { tid: string; id: number; op: number }[] = [];
  acn: string | undefined;
  imsi: number | string | undefined;
  msisdn: number | string | undefined;
  awaiting = false;
  ended = false;
  waitUntil = 0;
  sender = '';
  senderStamp = 0;
  live = true;
  constructor(
    key: Key,
    public stamp: number,
  ) {
    this.keys = [key];
  }
}

const isPc = (n: string): boolean => n.charCodeAt(0) === 112;
const corroborates = (k: string, kStamp: number, node: string, stamp: number): boolean => isPc(k) !== isPc(node) && kStamp === stamp;
const sameCountry = (a: string, b: string): boolean => {
  if (isPc(a) || isPc(b)) return false;
  const ca = lookupE164(a);
  return ca !== undefined && ca.callingCode === lookupE164(b)?.callingCode;
};

/** The dialogue table's rules written plainly (what the slots must reproduce). */
class Model {
  list: MD[] = []; // oldest → newest
  exactKeys = new Map<string, MD>();
  tidKeys = new Map<string, MD>();
  fifo: MD[] = [];
  log: string[] = [];
  constructor(
    readonly max: number,
    readonly age: number,
    readonly wait: number,
  ) {}

  private note(s: string): void {
    this.log.push(s);
  }
  private touch(d: MD, now: number): void {
    d.stamp = now;
    this.list.splice(this.list.indexOf(d), 1);
    this.list.push(d);
  }
  private unindex(d: MD): void {
    for (const k of d.keys) {
      const e = `${k.node}|${k.tid}`;
      if (this.exactKeys.get(e) === d) this.exactKeys.delete(e);
      if (this.tidKeys.get(k.tid) === d) this.tidKeys.delete(k.tid);
    }
  }
  close(d: MD): void {
    if (!d.live) return;
    d.live = false;
    this.list.splice(this.list.indexOf(d), 1);
    this.unindex(d);
  }
  private evict(d: MD, why: 'age' | 'limit'): void {
    this.close(d);
    if (why === 'age') this.note('tcap.dialogues.expired');
    else this.note(`evicted: dialogue table full (${this.max}): least recently used dialogue evicted`);
  }
  /** The last two distinct times expire() saw (the present rule of core/time.ts AheadStamps). */
  times: number[] = [];
  expire(now: number): void {
    if (this.times.at(-1) !== now) this.times = [this.times.at(-1) ?? Number.NaN, now];
    // Pulled back (review 18-A F4): an entry or wait more than an hour ahead, unless `now` is an hour behind the previous time.
    const present = !(now < this.times[0]! - 3600);
    while (this.fifo.length > 0) {
      const d = this.fifo[0]!;
      if (d.waitUntil < now) this.settle(this.fifo.shift()!);
      else if (present && d.waitUntil - now > this.wait + 3600) {
        this.fifo.shift();
        if (!d.live || !d.awaiting) continue;
        this.note('tcap.dialogues.stamp-ahead');
        d.waitUntil = now + this.wait;
        this.fifo.push(d);
      } else break;
    }
    while (this.list.length > 0) {
      const d = this.list[0]!;
      if (now - d.stamp > this.age) this.evict(d, 'age');
      else if (present && now - d.stamp < -3600) {
        this.note('tcap.dialogues.stamp-ahead');
        this.touch(d, now);
      } else break;
    }
  }
  private settle(d: MD): void {
    if (!d.live || !d.awaiting) return;
    d.awaiting = false;
    this.note('tcap.dialogues.reorder-expired');
    if (d.ended) this.close(d);
  }
  endOfInput(): void {
    while (this.fifo.length > 0) this.settle(this.fifo.shift()!);
  }
  private uncorroborated(detail: string): void {
    this.note(`uncorroborated: ${detail}`);
  }
  private setKey(d: MD, node: string, tid: string): void {
    this.exactKeys.set(`${node}|${tid}`, d);
    this.tidKeys.set(tid, d);
  }
  private create(node: string, tid: string, now: number, stamp: number): MD {
    const d = new MD({ node, tid, stamp }, now);
    this.setKey(d, node, tid);
    this.list.push(d);
    while (this.list.length > 0) {
      if (now - this.list[0]!.stamp > this.age) this.evict(this.list[0]!, 'age');
      else if (this.list.length > Math.max(1, this.max)) this.evict(this.list[0]!, 'limit');
      else break;
    }
    return d;
  }
  private corroborated(d: MD, node: string, tid: string, stamp: number): MD | undefined {
    let of: string | undefined;
    for (const k of d.keys) {
      if (k.tid !== tid) continue;
      if (corroborates(k.node, k.stamp, node, stamp)) return d;
      of ??= k.node;
    }
    this.uncorroborated(`transaction id ${tid} of ${of} addressed as ${node}: not the same node`);
    return undefined;
  }
  register(d: MD, node: string, tid: string, stamp = 0): void {
    const old = this.exactKeys.get(`${node}|${tid}`);
    if (old === d) return;
    if (d.keys.length >= 4) {
      this.note(`key-limit: dialogue already has ${d.keys.length} transaction ids; ${tid} not registered`);
      return;
    }
    if (old !== undefined) this.close(old);
    this.setKey(d, node, tid);
    d.keys.push({ node, tid, stamp });
  }
  open(node: string, tid: string, now: number, stamp: number, peer: string | undefined, peerStamp: number): MD {
    this.expire(now);
    let old = this.exactKeys.get(`${node}|${tid}`);
    if (old === undefined && this.fifo.length > 0) {
      const o = this.tidKeys.get(tid);
      if (o?.awaiting) old = this.corroborated(o, node, tid, stamp);
    }
    if (old !== undefined) {
      if (old.awaiting && now <= old.waitUntil) {
        if (peer !== undefined && (peer === old.sender || corroborates(old.sender, old.senderStamp, peer, peerStamp) || sameCountry(peer, old.sender))) {
          old.awaiting = false;
          this.note('tcap.dialogues.reordered');
          this.register(old, node, tid, stamp);
          this.touch(old, now);
          return old;
        }
        this.uncorroborated(`Begin with transaction id ${tid} addressed to ${peer ?? 'an unknown node'}: the waiting orphan came from ${old.sender}`);
      }
      this.close(old);
    }
    return this.create(node, tid, now, stamp);
  }
  openOrphan(node: string, tid: string | undefined, stamp: number, peerNode: string, peerTid: string, peerStamp: number, now: number, ended: boolean): MD {
    const own = tid !== undefined ? this.exactKeys.get(`${node}|${tid}`) : undefined;
    if (own?.awaiting) {
      this.touch(own, now);
      if (own.keys[0]!.node !== peerNode || own.keys[0]!.tid !== peerTid) this.register(own, peerNode, peerTid, peerStamp);
      own.ended ||= ended;
      return own;
    }
    if (own !== undefined) this.close(own);
    const d = tid !== undefined ? this.create(node, tid, now, stamp) : this.create(peerNode, peerTid, now, peerStamp);
    if (tid !== undefined) this.register(d, peerNode, peerTid, peerStamp);
    d.awaiting = true;
    d.ended = ended;
    d.waitUntil = now + this.wait;
    d.sender = node;
    d.senderStamp = stamp;
    if (this.fifo.length >= Math.max(1, this.max)) this.settle(this.fifo.shift()!);
    this.fifo.push(d);
    return d;
  }
  find(node: string, tid: string, now: number, stamp: number): MD | undefined {
    this.expire(now);
    let d = this.exactKeys.get(`${node}|${tid}`);
    if (d === undefined) {
      const o = this.tidKeys.get(tid);
      if (o !== undefined) d = this.corroborated(o, node, tid, stamp);
    }
    return d;
  }
  /** An accepted message of `d` (review 13-A #1: find() alone, then a refusal, does not keep it). */
  keep(d: MD, now: number): void {
    this.touch(d, now);
  }
  answer(d: MD, node: string, tid: string, stamp: number): boolean {
    let other: string | undefined;
    let both = false;
    for (const k of d.keys) {
      if (k.tid === tid) {
        if (k.node === node) return true;
        if (corroborates(k.node, k.stamp, node, stamp)) {
          this.register(d, node, tid, stamp);
          return true;
        }
        this.uncorroborated(`transaction id ${tid} of ${k.node} sent by ${node}: not the same node`);
        return false;
      }
      if (other === undefined) other = k.tid;
      else if (k.tid !== other) both = true;
    }
    if (both) {
      this.uncorroborated(`dialogue's transaction ids are known; ${tid} from ${node} is neither`);
      return false;
    }
    this.register(d, node, tid, stamp);
    return true;
  }
  ending(d: MD, node: string, dtid: string, stamp: number): boolean {
    let other = false;
    for (const k of d.keys) {
      if (k.tid === dtid) continue;
      if (k.node === node || corroborates(k.node, k.stamp, node, stamp)) return true;
      other = true;
    }
    if (!other) return true;
    this.uncorroborated(`End/Abort for transaction id ${dtid} sent by ${node}: not the dialogue's other side`);
    return false;
  }
  remember(d: MD, tid: string, id: number, op: number): boolean {
    if (d.invokes.length >= MAX_INVOKES_PER_DIALOGUE) return false;
    const i = d.invokes.find((v) => v.tid === tid && v.id === id);
    if (i !== undefined) i.op = op;
    else d.invokes.push({ tid, id, op });
    return true;
  }
  invoked(d: MD, tid: string, id: number, forget: boolean): number | undefined {
    const i = d.invokes.findIndex((v) => v.tid === tid && v.id === id);
    if (i < 0) return undefined;
    const op = d.invokes[i]!.op;
    if (forget) d.invokes.splice(i, 1);
    return op;
  }
}

/** Counter names and anomaly details of the table, in order, in the model's words. */
function tableLog(): { counters: Counters; log: string[]; sink: (code: string, detail: string) => void } {
  const log: string[] = [];
  const counters = new Counters();
  const inc = counters.inc.bind(counters);
  counters.inc = (name: string, n?: number) => {
    if (name !== 'tcap.dialogues.evicted' && name !== 'tcap.dialogues.uncorroborated' && name !== 'tcap.dialogues.key-limit') log.push(name);
    inc(name, n);
  };
  const short: Record<string, string> = {
    'tcap.dialogue-evicted': 'evicted',
    'tcap.dialogue-uncorroborated': 'uncorroborated',
    'tcap.dialogue-key-limit': 'key-limit',
  };
  return { counters, log, sink: (code, detail) => log.push(`${short[code] ?? code}: ${detail}`) };
}

const NODES = ['12025550001', '12025550002', '442071230001', '12025559999', 'p1/6', 'p2/7'];
const STAMPS = [0, nodeStamp(1, 6), nodeStamp(2, 7)];
const INVOKE_TIDS = ['0a', 'a', '0102030405', 'zz'];

/**
 * `tick`: capture seconds per time step (a slower clock lets a large table fill up to its count cap).
 * `hints`: in most steps the table is told two pool tids (`knownTids`, as the TCAP decoder tells it
 * the message's: the code, or -1 and the text — an odd tid, or one left as text as ANSI's are) and
 * is handed them as MSG_OTID / MSG_DTID instead of their texts. `recent`: the table keeps its
 * recent keys out of the index (tcap-recent-keys.ts), as it does by default; false: every key indexed at once.
 */
function run(seed: number, max: number, steps: number, tidPool: readonly string[], tick = 1, hints = false, recent = true, far = false): number {
  let s = seed;
  const rnd = (n: number): number => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return (s >>> 8) % n;
  };
  const pick = <T>(a: readonly T[]): T => a[rnd(a.length)]!;
  const { counters, log, sink } = tableLog();
  const t = new DialogueTable({ dialogues: max, dialogueAgeSec: 30, reorderWaitSec: 2 }, counters, sink, recent);
  const m = new Model(max, 30, 2);
  const handles = new Map<MD, Dialogue>();
  /** The table's dialogue for the model's, recorded the first time the model returns it. */
  const same = (md: MD, d: Dialogue): void => {
    const h = handles.get(md);
    if (h === undefined) {
      for (const [o, x] of handles) if (x === d && o.live) throw new Error(`slot ${d} names two open dialogues`);
      handles.set(md, d);
    } else expect(d).toBe(h);
    expect(t.live(d)).toBe(true);
  };
  /** An open dialogue's state: identities, ACN, reordering flags, key count, every outstanding invoke. */
  // Compared element by element first and handed to expect only on a difference (same verdict:
  // Object.is equality implies toEqual's): ~90 k comparisons per run made it the suite's slowest test.
  const sameState = (md: MD, d: Dialogue): void => {
    const got: unknown[] = [t.imsi(d), t.msisdn(d), t.acn(d), t.awaitingBegin(d), t.ended(d), t.keyCount(d), t.invokeCount(d)];
    const want: unknown[] = [md.imsi, md.msisdn, md.acn, md.awaiting, md.ended, md.keys.length, md.invokes.length];
    for (const itid of INVOKE_TIDS)
      for (let id = -1; id <= 2; id++) {
        got.push(t.invokedOpcode(d, itid, id, false));
        want.push(m.invoked(md, itid, id, false));
      }
    if (got.some((v, i) => !Object.is(v, want[i]))) expect(got).toEqual(want);
  };
  let now = 1000;
  let checked = 0;
  let peak = 0;
  for (let step = 0; step < steps; step++) {
    const r = rnd(100);
    if (r < 3 && rnd(Math.round(1 / tick)) === 0)
      now += 40; // everything idle expires
    else if (r < 8)
      now -= rnd(3) * tick; // capture time going backwards
    else if (r < 40) now += rnd(2) * tick;
    // `far`: one step in 151 a day ahead, one in 157 a day behind (a lone frame stamped far off: review 18-A F4).
    const off = far && step % 151 === 150 ? 86_400 : far && step % 157 === 156 ? -86_400 : 0;
    now += off;
    const live = m.list;
    const op = rnd(12);
    const node = pick(NODES);
    const tid = pick(tidPool);
    const stamp = pick(STAMPS);
    // What the table is handed for `tid` and for a second tid `tid2`: the texts, or the message's tids.
    let tt: Tid = tid;
    let tid2: string | undefined;
    let tt2: Tid | undefined;
    if (hints && rnd(4) !== 0) {
      tid2 = pick(tidPool);
      const code = (x: string): number => (rnd(3) === 0 ? -1 : hexTidCode(x));
      [tt, tt2] = rnd(2) === 0 ? [MSG_OTID, MSG_DTID] : [MSG_DTID, MSG_OTID];
      const [o, d] = tt === MSG_OTID ? [tid, tid2] : [tid2, tid];
      t.knownTids({ otid: o, otidCode: code(o), dtid: d, dtidCode: code(d) });
    }
    if (op <= 2) {
      const peer = rnd(4) === 0 ? undefined : pick(NODES);
      same(m.open(node, tid, now, stamp, peer, stamp), t.open(node, tt, now, stamp, peer, stamp));
    } else if (op <= 4) {
      const md = m.find(node, tid, now, stamp);
      const d = t.find(node, tt, now, stamp);
      if (md === undefined) expect(d).toBeUndefined();
      else same(md, d!);
      if (md !== undefined && rnd(2) === 0) {
        const other = pick(NODES);
        const otid = tid2 ?? pick(tidPool);
        const ok = m.answer(md, other, otid, stamp);
        expect(t.answer(d!, other, tt2 ?? otid, stamp)).toBe(ok);
        if (ok) {
          m.keep(md, now);
          t.keep(d!, now);
        }
      } else if (md !== undefined) {
        const other = pick(NODES);
        const ok = m.ending(md, other, tid, stamp);
        expect(t.ending(d!, other, tt, stamp)).toBe(ok);
        if (ok) {
          m.keep(md, now);
          t.keep(d!, now);
        }
        if (ok && md.awaiting) {
          md.ended = true;
          t.markEnded(d!);
        }
      } else if (rnd(2) === 0) {
        // A Continue/End/Abort whose DestTransactionID is unknown (after a find at the same time missed).
        const own = rnd(3) === 0 ? undefined : pick(tidPool);
        const from = pick(NODES);
        const ended = own === undefined || rnd(3) === 0;
        same(m.openOrphan(from, own, stamp, node, tid, stamp, now, ended), t.openOrphan(from, own, stamp, node, tt, stamp, now, ended));
      }
    } else if (live.length > 0) {
      const md = live[rnd(live.length)]!;
      const d = handles.get(md)!;
      if (op === 5) {
        const other = pick(NODES);
        m.register(md, other, tid, stamp);
        t.register(d, other, tt, stamp);
      } else if (op === 6) {
        m.close(md);
        t.close(d);
        expect(t.live(d)).toBe(false);
      } else if (op <= 8) {
        // Invokes: few (tid, id) pairs, so lists of several entries are looked up and forgotten.
        const itid = pick(INVOKE_TIDS);
        const id = rnd(4) - 1;
        const opcode = rnd(100);
        expect(t.rememberInvoke(d, itid, id, opcode)).toBe(m.remember(md, itid, id, opcode));
      } else if (op <= 10) {
        const itid = pick(INVOKE_TIDS);
        const id = rnd(4) - 1;
        const forget = rnd(3) !== 0;
        expect(t.invokedOpcode(d, itid, id, forget)).toBe(m.invoked(md, itid, id, forget));
      } else {
        // A digit key (asn1/tbcd.ts: 10^n + value, kept in a Float64Array) or a text, replacing either.
        const imsi = rnd(2) === 0 ? undefined : rnd(2) === 0 ? `00101${step}` : 1e15 + 1010000 + step;
        const msisdn = rnd(2) === 0 ? undefined : rnd(2) === 0 ? `4477${step}` : 1e12 + 447700000 + step;
        if (imsi !== undefined) {
          t.setImsi(d, imsi);
          md.imsi = imsi;
        }
        if (msisdn !== undefined) {
          t.setMsisdn(d, msisdn);
          md.msisdn = msisdn;
        }
        if (rnd(2) === 0) {
          md.acn = `0.4.0.0.1.0.${step % 7}.3`;
          t.setAcn(d, md.acn);
        }
      }
    }
    if (step % 97 === 0) {
      m.expire(now);
      t.expire(now);
      for (const md of m.list) sameState(md, handles.get(md)!);
    }
    now -= off;
    for (const [md] of handles) if (!md.live) handles.delete(md);
    expect(t.size).toBe(m.list.length);
    peak = Math.max(peak, t.size);
    expect(t.pendingOrphans).toBe(m.fifo.length);
    expect(log.length).toBe(m.log.length);
    for (; checked < log.length; checked++) expect(log[checked]).toBe(m.log[checked]);
  }
  for (const md of m.list) sameState(md, handles.get(md)!);
  m.endOfInput();
  t.endOfInput();
  expect(log).toEqual(m.log);
  expect(t.size).toBe(m.list.length);
  // The run reached every rule it is meant to compare.
  const kinds = ['tcap.dialogues.expired', 'tcap.dialogues.reordered', 'tcap.dialogues.reorder-expired', 'evicted:', 'uncorroborated:', 'key-limit:'];
  for (const kind of far ? [...kinds, 'tcap.dialogues.stamp-ahead'] : kinds) expect([kind, log.some((l) => l.startsWith(kind))]).toEqual([kind, true]);
  return peak;
}

describe('DialogueTable slots against the plain model', () => {
  // Hex ids of 1-8 digits are coded as numbers ('0a' and 'a' differ); the others are interned.
  const odd = ['', '0102030405', 'zz', 'A1'];
  it('a small table: count-cap evictions, slot reuse, a full wait FIFO, odd tids', () => {
    for (const seed of [1, 2, 3]) run(seed, 5, 6000, ['0a', 'a', '0b', 'ffffffff', '00000000', ...odd]);
  });

  it("the same with the message's tids handed in as MSG_OTID / MSG_DTID (knownTids: codes, or texts)", () => {
    for (const seed of [4, 5]) run(seed, 5, 6000, ['0a', 'a', '0b', 'ffffffff', '00000000', ...odd], 1, true);
  });

  it('every key indexed at once (no recent keys: tcap-recent-keys.ts), small and grown tables', () => {
    run(1, 5, 6000, ['0a', 'a', '0b', 'ffffffff', '00000000', ...odd], 1, false, false);
    run(4, 5, 6000, ['0a', 'a', '0b', 'ffffffff', '00000000', ...odd], 1, true, false);
  });

  it('a table of ~40 dialogues on few tids: its index fills past DIRECT_AT entries and empties again (recent keys moved in, then kept out)', () => {
    const tids = Array.from({ length: 24 }, (_, i) => (i * 40503).toString(16).slice(0, 1 + (i % 4)));
    for (const seed of [11, 12]) run(seed, 40, 8000, [...tids, ...odd], 0.05);
  });

  it('lone steps a day ahead and a day behind: far-ahead dialogues and waits pulled back to the present (review 18-A F4)', () => {
    for (const seed of [21, 22]) run(seed, 5, 6000, ['0a', 'a', '0b', 'ffffffff', '00000000', ...odd], 1, true, true, true);
    const tids = Array.from({ length: 24 }, (_, i) => (i * 40503).toString(16).slice(0, 1 + (i % 4)));
    run(23, 40, 8000, [...tids, ...odd], 0.05, false, true, true);
  });

  it('a table grown past its first slots (256), many tids', () => {
    const tids = Array.from({ length: 900 }, (_, i) => ((i * 2654435761) >>> 0).toString(16).slice(0, 1 + (i % 8)));
    expect(run(7, 300, 30_000, [...tids, ...odd], 0.01)).toBe(300); // filled to its count cap: 301 slots in use with the newest before an eviction
  });
});

describe('tidOctetCode (tcap.ts)', () => {
  it("is hexTidCode of the octets' hex text, for 0-6 octets", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 6 }), fc.nat(3), (b, pad) => {
        const buf = new Uint8Array(pad + b.length + 1);
        buf.set(b, pad);
        expect(tidOctetCode(buf, pad, pad + b.length)).toBe(hexTidCode(hexOf(buf, pad, pad + b.length)));
      }),
      { numRuns: 2000 },
    );
    expect(tidOctetCode(Uint8Array.of(0, 0xff), 0, 2)).toBe(hexTidCode('00ff'));
    expect(tidOctetCode(Uint8Array.of(0xff, 0xff, 0xff, 0xff), 0, 4)).toBe(hexTidCode('ffffffff'));
  });
});
