/**
 * Encoders for IPv4 (RFC 791 §3.1) and IPv6 (RFC 8200 §3-§4) packets, with options,
 * extension headers and fragmentation (RFC 791 §3.2, RFC 8200 §4.5). Every field can be
 * overridden to build malformed packets.
 */

/** '10.0.0.1' → 4 bytes. */
export function ipv4Addr(text: string): Uint8Array {
  const parts = text.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !(p >= 0 && p <= 255))) throw new Error(`bad IPv4 address ${text}`);
  return Uint8Array.from(parts);
}

/** '2001:db8::1' → 16 bytes (no embedded IPv4 form). */
export function ipv6Addr(text: string): Uint8Array {
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  if (groups.length !== 8) throw new Error(`bad IPv6 address ${text}`);
  const out = new Uint8Array(16);
  groups.forEach((g, i) => {
    const v = parseInt(g, 16);
    out[2 * i] = v >> 8;
    out[2 * i + 1] = v & 0xff;
  });
  return out;
}

/** RFC 1071 Internet checksum of `b`. */
export function internetChecksum(b: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < b.length; i += 2) sum += (b[i]! << 8) | (b[i + 1] ?? 0);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

export interface Ipv4Options {
  src: string;
  dst: string;
  proto: number;
  payload: Uint8Array;
  id?: number;
  ttl?: number;
  df?: boolean;
  mf?: boolean;
  /** Fragment offset in bytes (multiple of 8). */
  fragOffset?: number;
  /** IP options (padded to 4 bytes). */
  options?: Uint8Array;
  /** Override Total Length (malformed packets). */
  totalLength?: number;
  /** Override the version nibble. */
  version?: number;
  /** Override IHL (32-bit words). */
  ihl?: number;
}

/** An IPv4 packet (RFC 791 §3.1) with header checksum; `payload` after the (padded) options. */
export function ipv4(o: Ipv4Options): Uint8Array {
  const optLen = o.options ? (o.options.length + 3) & ~3 : 0;
  const hl = 20 + optLen;
  const out = new Uint8Array(hl + o.payload.length);
  const v = new DataView(out.buffer);
  v.setUint8(0, ((o.version ?? 4) << 4) | (o.ihl ?? hl / 4));
  v.setUint16(2, o.totalLength ?? out.length);
  v.setUint16(4, o.id ?? 0);
  const fo = o.fragOffset ?? 0;
  if (fo % 8 !== 0) throw new Error('fragment offset must be a multiple of 8');
  v.setUint16(6, (o.df ? 0x4000 : 0) | (o.mf ? 0x2000 : 0) | (fo / 8));
  v.setUint8(8, o.ttl ?? 64);
  v.setUint8(9, o.proto);
  out.set(ipv4Addr(o.src), 12);
  out.set(ipv4Addr(o.dst), 16);
  if (o.options) out.set(o.options, 20);
  v.setUint16(10, internetChecksum(out.subarray(0, hl)));
  out.set(o.payload, hl);
  return out;
}

/** Fragment an IPv4 datagram: payload cut into pieces of `size` bytes (rounded down to 8). */
export function ipv4Fragments(o: Omit<Ipv4Options, 'mf' | 'fragOffset'>, size: number): Uint8Array[] {
  const step = size & ~7;
  if (step <= 0) throw new Error('fragment size < 8');
  const out: Uint8Array[] = [];
  for (let off = 0; off < o.payload.length; off += step) {
    const end = Math.min(o.payload.length, off + step);
    out.push(ipv4({ ...o, payload: o.payload.subarray(off, end), fragOffset: off, mf: end < o.payload.length }));
  }
  return out;
}

/** IPv6 extension header (RFC 8200 §4). Next Header is filled in by {@link ipv6}. */
export type Ipv6Extension =
  | { type: 'hop-by-hop' | 'destination'; options?: Uint8Array }
  | { type: 'routing'; routingType?: number; segmentsLeft?: number; data?: Uint8Array }
  | { type: 'fragment'; offset: number; more: boolean; id: number }
  | { type: 'ah'; spi?: number; seq?: number; icv?: Uint8Array }
  | { type: 'raw'; code: number; bytes: Uint8Array };

const EXT_CODE = { 'hop-by-hop': 0, destination: 60, routing: 43, fragment: 44, ah: 51 } as const;

function extCode(e: Ipv6Extension): number {
  return e.type === 'raw' ? e.code : EXT_CODE[e.type];
}

/** Encode one extension header with `next` as its Next Header. */
export function ipv6Extension(e: Ipv6Extension, next: number): Uint8Array {
  switch (e.type) {
    case 'hop-by-hop':
    case 'destination': {
      // RFC 8200 §4.2: options padded with PadN to a multiple of 8 octets.
      const opts = e.options ?? new Uint8Array(0);
      const len = (2 + opts.length + 7) & ~7;
      const b = new Uint8Array(len);
      b[0] = next;
      b[1] = len / 8 - 1;
      b.set(opts, 2);
      const pad = len - 2 - opts.length;
      if (pad === 1)
        b[2 + opts.length] = 0; // Pad1
      else if (pad > 1) {
        b[2 + opts.length] = 1; // PadN
        b[3 + opts.length] = pad - 2;
      }
      return b;
    }
    case 'routing': {
      const data = e.data ?? new Uint8Array(4);
      const len = (4 + data.length + 7) & ~7;
      const b = new Uint8Array(len);
      b[0] = next;
      b[1] = len / 8 - 1;
      b[2] = e.routingType ?? 4;
      b[3] = e.segmentsLeft ?? 0;
      b.set(data, 4);
      return b;
    }
    case 'fragment': {
      const b = new Uint8Array(8);
      const v = new DataView(b.buffer);
      b[0] = next;
      v.setUint16(2, (e.offset & 0xfff8) | (e.more ? 1 : 0));
      v.setUint32(4, e.id);
      return b;
    }
    case 'ah': {
      // RFC 4302 §2: Payload Len = AH length in 32-bit words minus 2.
      const icv = e.icv ?? new Uint8Array(12);
      const len = 12 + icv.length;
      const b = new Uint8Array(len);
      const v = new DataView(b.buffer);
      b[0] = next;
      b[1] = len / 4 - 2;
      v.setUint32(4, e.spi ?? 0x100);
      v.setUint32(8, e.seq ?? 1);
      b.set(icv, 12);
      return b;
    }
    case 'raw':
      return e.bytes;
  }
}

export interface Ipv6Options {
  src: string;
  dst: string;
  /** Upper-layer protocol after the extension headers. */
  proto: number;
  payload: Uint8Array;
  extensions?: Ipv6Extension[];
  hopLimit?: number;
  /** Override Payload Length. */
  payloadLength?: number;
}

/** An IPv6 packet (RFC 8200 §3) with `extensions` chained by Next Header before `payload`. */
export function ipv6(o: Ipv6Options): Uint8Array {
  const exts = o.extensions ?? [];
  const encoded = exts.map((e, i) => ipv6Extension(e, i + 1 < exts.length ? extCode(exts[i + 1]!) : o.proto));
  const extLen = encoded.reduce((n, b) => n + b.length, 0);
  const out = new Uint8Array(40 + extLen + o.payload.length);
  const v = new DataView(out.buffer);
  v.setUint32(0, 6 << 28);
  v.setUint16(4, o.payloadLength ?? extLen + o.payload.length);
  v.setUint8(6, exts.length > 0 ? extCode(exts[0]!) : o.proto);
  v.setUint8(7, o.hopLimit ?? 64);
  out.set(ipv6Addr(o.src), 8);
  out.set(ipv6Addr(o.dst), 24);
  let off = 40;
  for (const b of encoded) {
    out.set(b, off);
    off += b.length;
  }
  out.set(o.payload, off);
  return out;
}

/**
 * Fragment an IPv6 packet (RFC 8200 §4.5): `unfragmentable` extension headers repeat in every
 * fragment; `fragmentable` ones travel (with the payload) in the fragmentable part.
 */
export function ipv6Fragments(
  o: Omit<Ipv6Options, 'extensions'> & { id: number; unfragmentable?: Ipv6Extension[]; fragmentable?: Ipv6Extension[] },
  size: number,
): Uint8Array[] {
  const step = size & ~7;
  const fx = o.fragmentable ?? [];
  const parts = fx.map((e, i) => ipv6Extension(e, i + 1 < fx.length ? extCode(fx[i + 1]!) : o.proto));
  const body = new Uint8Array(parts.reduce((n, b) => n + b.length, 0) + o.payload.length);
  let p = 0;
  for (const b of parts) {
    body.set(b, p);
    p += b.length;
  }
  body.set(o.payload, p);
  const firstNext = fx.length > 0 ? extCode(fx[0]!) : o.proto;
  const out: Uint8Array[] = [];
  for (let off = 0; off < body.length; off += step) {
    const end = Math.min(body.length, off + step);
    out.push(
      ipv6({
        src: o.src,
        dst: o.dst,
        proto: firstNext,
        payload: body.subarray(off, end),
        extensions: [...(o.unfragmentable ?? []), { type: 'fragment', offset: off, more: end < body.length, id: o.id }],
      }),
    );
  }
  return out;
}
