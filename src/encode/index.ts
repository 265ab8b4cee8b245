/**
 * sigwatch/encode — builders for test traffic, written from the specifications (each file cites
 * its clauses): everything the decoders read can be produced, including the malformed-but-seen
 * variants (non-minimal and indefinite BER lengths, lying pcap lengths, bad padding) so a vendor
 * can build captures or raw PDUs for its own probe and check them against `sigwatch decode`.
 *
 * Layers, bottom-up:
 *   pcap.ts      writePcap / writePcapng (draft-ietf-opsawg-pcap, -pcapng) and link framers
 *                (ethernet, sll, sll2, nullLoopback, pppWithDir, mtp2 (Q.703 §2.2), mtp2Phdr)
 *   ip.ts        ipv4 / ipv6 (RFC 791, RFC 8200) with options, extension headers, fragments
 *   sctp.ts      sctpPacket (RFC 9260 §3): DATA, I-DATA, SACK, HEARTBEAT, raw chunks; CRC32c
 *   tcp.ts       tcpSegment (RFC 9293 §3.1)
 *   sigtran.ts   M3UA (RFC 4666), M2PA (RFC 4165), M2UA (RFC 3331), SUA (RFC 3868)
 *   mtp.ts       MTP3 MSU (Q.704 §2.2, §14.2)
 *   sccp.ts      SCCP UDT/XUDT/LUDT(+S), segmentation, party addresses (Q.713)
 *   tcap.ts      ITU TCAP messages, dialogue portion, components (Q.773); ANSI packages (T1.114)
 *   map.ts       MAP arguments and results (TS 29.002 §17): mapArg.*, mapRes.*
 *   ber.ts       BER TLVs (X.690), exported as the `ber` namespace (ber.seq, ber.ctx, ...)
 *   diameter.ts  Diameter messages and AVPs (RFC 6733 §3-§4; 3GPP dictionaries)
 *
 * Builders return a complete, freshly allocated Uint8Array (its `length` is the encoding length)
 * rather than the decoders' `(view, offset, end)` shape: traffic is built once, off the hot
 * path, and composes by nesting (`encodeM3uaData(label, encodeSccp({ data: tcBegin(...) }))`).
 * Diameter has the full codec shape: `diameterMessage(spec)` is the message object of
 * sigwatch/diameter's codec (`encodingLength(msg)`, `encodeDiameterInto(msg, buf, offset)`).
 */
export * as ber from './ber.js';
export * from './bytes.js';
export * from './diameter.js';
export * from './ip.js';
export * from './map.js';
export * from './mtp.js';
export * from './pcap.js';
export * from './sccp.js';
export * from './sctp.js';
export * from './sigtran.js';
export * from './tcap.js';
export * from './tcp.js';
