/**
 * Streaming capture writer: classic pcap (draft-ietf-opsawg-pcap §4-5, µs timestamps) or pcapng
 * (draft-ietf-opsawg-pcapng §4.1 SHB, §4.2 IDB, §4.3 EPB; default if_tsresol 10^-6), little
 * endian. Frames go into a fixed 1 MiB buffer handed to `write` when full, so a capture of any
 * size is written in bounded memory. The headers come from the test fixture writer; only the
 * per-frame record is written here, into the buffer, without a per-frame allocation.
 */
import { writePcap, writePcapng } from '../../src/encode/pcap.js';

export type CaptureFormat = 'pcap' | 'pcapng';

export const LINKTYPE_ETHERNET = 1;
export const LINKTYPE_LINUX_SLL = 113;

const CHUNK = 1 << 20;

export class CaptureSink {
  private buf = new Uint8Array(CHUNK);
  private view = new DataView(this.buf.buffer);
  private len = 0;
  private frames = 0;
  /** Bytes handed to `write` so far plus buffered. */
  bytes = 0;

  /**
   * `linkTypes`: one for pcap; pcapng writes one interface per entry and `frame()` takes the
   * interface's position in this list.
   */
  constructor(
    readonly format: CaptureFormat,
    readonly linkTypes: readonly number[],
    private readonly write: (chunk: Uint8Array) => void,
  ) {
    if (format === 'pcap' && linkTypes.length !== 1) throw new Error('a pcap file has exactly one link type');
    const header =
      format === 'pcap'
        ? writePcap([], { linkType: linkTypes[0]! })
        : writePcapng([{ interfaces: linkTypes.map((linkType) => ({ linkType, snaplen: 262144 })), blocks: [] }]);
    this.put(header);
  }

  get frameCount(): number {
    return this.frames;
  }

  /** Appends one frame; returns its 1-based frame number. */
  frame(tsSec: number, tsUsec: number, iface: number, data: Uint8Array): number {
    if (iface < 0 || iface >= this.linkTypes.length) throw new RangeError(`no interface ${iface}`);
    if (this.format === 'pcap') {
      this.room(16 + data.length);
      const v = this.view;
      v.setUint32(this.len, tsSec, true);
      v.setUint32(this.len + 4, tsUsec, true);
      v.setUint32(this.len + 8, data.length, true);
      v.setUint32(this.len + 12, data.length, true);
      this.len += 16;
      this.bytes += 16;
      this.put(data);
    } else {
      // EPB: type, total length, interface id, timestamp high/low (µs), captured/original length, data padded to 32 bits, total length.
      const padded = (data.length + 3) & ~3;
      const total = 32 + padded;
      this.room(total);
      const v = this.view;
      const ts = tsSec * 1_000_000 + tsUsec;
      const at = this.len;
      v.setUint32(at, 6, true);
      v.setUint32(at + 4, total, true);
      v.setUint32(at + 8, iface, true);
      v.setUint32(at + 12, Math.floor(ts / 0x1_0000_0000), true);
      v.setUint32(at + 16, ts >>> 0, true);
      v.setUint32(at + 20, data.length, true);
      v.setUint32(at + 24, data.length, true);
      this.buf.set(data, at + 28);
      this.buf.fill(0, at + 28 + data.length, at + 28 + padded);
      v.setUint32(at + 28 + padded, total, true);
      this.len += total;
      this.bytes += total;
    }
    return ++this.frames;
  }

  /** Hands the buffered bytes to `write`. */
  flush(): void {
    if (this.len > 0) this.write(this.buf.slice(0, this.len));
    this.len = 0;
  }

  private room(n: number): void {
    if (this.len + n <= this.buf.length) return;
    this.flush();
    if (n > this.buf.length) {
      this.buf = new Uint8Array(n);
      this.view = new DataView(this.buf.buffer);
    }
  }

  private put(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
    this.bytes += b.length;
  }
}
