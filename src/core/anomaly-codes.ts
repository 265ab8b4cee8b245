/**
 * The anomaly code registry: every code any layer raises, with its layer and a one-line meaning.
 * `AnomalyCode` (the union of the keys) is what `anomaly()` accepts, so a code outside this table
 * fails typecheck; rules matching `anomalies.code` are checked against it at load; README's
 * "Anomaly codes" section is generated from it (test/core/anomaly-codes.test.ts keeps them equal).
 * The per-layer `<LAYER>_ANOMALY` tables are named aliases checked against this union.
 */
import type { Layer } from './anomaly.js';

interface AnomalyInfo {
  readonly layer: Layer;
  readonly meaning: string;
}

export const ANOMALY_CODES = {
  // capture (draft-ietf-opsawg-pcap, draft-ietf-opsawg-pcapng)
  'capture.truncated-file': { layer: 'capture', meaning: 'The input ended inside a header, record or block.' },
  'capture.caplen-exceeds-origlen': { layer: 'capture', meaning: 'A record captured more octets than the packet had (pcap §5).' },
  'capture.caplen-exceeds-snaplen': { layer: 'capture', meaning: "A record is longer than the file's or interface's SnapLen." },
  'capture.bad-timestamp': {
    layer: 'capture',
    meaning: 'Sub-second timestamp field out of range in a classic pcap record; a pcapng time before 1970 or after 9999 (clamped to that range).',
  },
  'capture.time-jump': {
    layer: 'capture',
    meaning:
      "A frame time more than the subscriber TTL (`limits.subscriberTtlSec`, 7 days) after or before the previous frame's " +
      "(a corrupt record header, merged probes' clocks, a gap). A lone frame more than an hour ahead does not move " +
      "the subscriber state's clock (its TTL), unless the next frame is as far ahead.",
  },
  'capture.pcap.version': { layer: 'capture', meaning: 'Classic pcap major version other than 2.' },
  'capture.pcapng.bad-block': { layer: 'capture', meaning: 'A pcapng block whose fields do not fit its length; the block is skipped.' },
  'capture.pcapng.bad-option': { layer: 'capture', meaning: 'A pcapng option overruns its block; the remaining options are ignored.' },
  'capture.pcapng.no-interface': { layer: 'capture', meaning: 'A pcapng packet refers to an interface no IDB describes.' },
  'capture.pcapng.interface-limit': {
    layer: 'capture',
    meaning:
      'A pcapng section has more Interface Description Blocks than the interface limit: the rest are not kept ' +
      '(reported once per section, counted each) and packets on them are skipped (reported each).',
  },
  'capture.oversize-record': {
    layer: 'capture',
    meaning: 'A packet record or block longer than limits.maxFrameBytes (256 KiB), passed over unread as it arrives; its frame number is kept.',
  },
  // link
  'link.truncated': { layer: 'link', meaning: 'The link-layer header is cut short.' },
  'link.unsupported': { layer: 'link', meaning: 'A link type sigwatch does not decode.' },
  'link.tunnel-truncated': { layer: 'link', meaning: 'A GRE, ERSPAN, VXLAN, Geneve, IP-in-IP or MPLS header inside an IP packet is cut short.' },
  'link.tunnel-unsupported': {
    layer: 'link',
    meaning:
      'A GRE header with an RFC 1701 routing field or a version other than 0, an ERSPAN header of another version, ' +
      'VXLAN without the I flag, Geneve of a version other than 0, or IP in IP holding neither IPv4 nor IPv6.',
  },
  'link.tunnel-depth': { layer: 'link', meaning: 'Tunnels nested deeper than 4 (GRE/VXLAN inside GRE/VXLAN): the innermost is not opened.' },
  // IPv4 / IPv6 (RFC 791, RFC 8200)
  'ip.truncated': { layer: 'ip', meaning: 'The IP packet is longer than the captured bytes (snaplen).' },
  'ip.bad-version': { layer: 'ip', meaning: 'IP version is neither 4 nor 6.' },
  'ip.bad-header-length': { layer: 'ip', meaning: 'IPv4 IHL below 5 or past the packet.' },
  'ip.bad-total-length': { layer: 'ip', meaning: 'IP total/payload length inconsistent with the header or the frame.' },
  'ip.bad-extension-header': { layer: 'ip', meaning: 'An IPv6 extension header runs past the packet.' },
  'ip.jumbogram-unsupported': { layer: 'ip', meaning: 'An IPv6 jumbogram (payload length 0 with a Jumbo option), not decoded.' },
  'ip.fragment-too-long': { layer: 'ip', meaning: 'Fragments reassemble to more than 65535 octets.' },
  'ip.fragment-overlap': {
    layer: 'ip',
    meaning:
      'Fragments overlap, or one repeats the offset of another (even of a datagram completed lately) with ' +
      'different bytes; both versions are decoded (IPv6 too: a receiver discards such a datagram, RFC 5722, but the ' +
      'tap cannot know which fragments it got).',
  },
  'ip.fragment-evicted': {
    layer: 'ip',
    meaning: 'A datagram in reassembly was evicted (reassembly table full, or more fragments than ipFragsPerDatagram).',
  },
  'ip.fragment-incomplete': { layer: 'ip', meaning: 'A datagram was never completed (missing fragments at expiry or end).' },
  // SCTP (RFC 9260)
  'sctp.truncated': { layer: 'sctp', meaning: 'SCTP common header or chunk header cut short.' },
  'sctp.bad-chunk-length': { layer: 'sctp', meaning: 'A chunk length below its header size or past the packet.' },
  'sctp.empty-data': { layer: 'sctp', meaning: 'A DATA/I-DATA chunk without user data.' },
  'sctp.tsn-reuse': {
    layer: 'sctp',
    meaning: 'A TSN reused with different content (any field or octet of the user data); every version is decoded. Reported once per association.',
  },
  'sctp.reassembly-evicted': { layer: 'sctp', meaning: 'A message in reassembly was evicted (reassembly table full).' },
  'sctp.reassembly-limit': { layer: 'sctp', meaning: 'A fragmented user message exceeded the reassembly size limit.' },
  'sctp.reassembly-conflict': { layer: 'sctp', meaning: 'Fragments of one user message disagree (flags, stream or sequence).' },
  'sctp.reassembly-incomplete': { layer: 'sctp', meaning: 'A fragmented user message was never completed.' },
  'sctp.unknown-ppid': { layer: 'sctp', meaning: 'A payload protocol identifier sigwatch does not decode.' },
  'sctp.ppid-mismatch': { layer: 'sctp', meaning: 'A user message whose header proves another layer than its PPID or port names; decoded as the header says.' },
  'sctp.diameter-framing': { layer: 'sctp', meaning: 'A Diameter-over-SCTP user message that is not one whole Diameter message.' },
  'sctp.association-evicted': { layer: 'sctp', meaning: 'An SCTP association was evicted (association table full).' },
  'sctp.init-unanswered-evicted': {
    layer: 'sctp',
    meaning: 'An SCTP INIT waiting for its INIT ACK was forgotten (table of unanswered INITs full: an INIT flood); its addresses are not joined.',
  },
  'sctp.endpoint-evicted': {
    layer: 'sctp',
    meaning: "An SCTP association's address sets named by its INIT / INIT ACK were forgotten (table full); its paths are matched apart.",
  },
  'sctp.init-bundled': {
    layer: 'sctp',
    meaning:
      'An SCTP packet bundles an INIT or INIT ACK with another chunk (RFC 9260 §6.10 forbids it; a receiver drops it): ' +
      'it binds no addresses, and its DATA is keyed by its own address pair.',
  },
  'sctp.cross-path-index-full': {
    layer: 'sctp',
    meaning:
      'A DATA fragment whose TSN already has 8 versions buffered across the paths of its tag and ports (decoys or copies): ' +
      'it is not used to complete a message across paths, only on its own path.',
  },
  'sctp.cross-path-copy-differs': {
    layer: 'sctp',
    meaning:
      'A message carried with the TSN, stream and position of one another path of its ports and tag delivered (no handshake ' +
      'binds the paths: multi-homing, an address-translated copy, or a forged path) decodes to another message, or with other ' +
      'identities or matching on its path: both are decoded. Reported once per path; byte-identical copies decoded alike are dropped.',
  },
  // TCP (RFC 9293) carrying Diameter
  'tcp.truncated': { layer: 'tcp', meaning: 'TCP header cut short.' },
  'tcp.bad-header-length': { layer: 'tcp', meaning: 'TCP data offset below 5 or past the segment.' },
  'tcp.gap': { layer: 'tcp', meaning: 'Missing bytes in a TCP stream (lost segments); the stream resynchronises.' },
  'tcp.resync': { layer: 'tcp', meaning: 'Bytes skipped looking for the next plausible Diameter header.' },
  'tcp.overlap-conflict': {
    layer: 'tcp',
    meaning: 'A retransmitted or overlapping TCP segment differs from the copy kept; its whole messages are decoded too.',
  },
  'tcp.copy-unverified': {
    layer: 'tcp',
    meaning: 'A retransmitted TCP copy of bytes older than the copies remembered; the messages starting in them are decoded too.',
  },
  'tcp.diameter-bad-header': { layer: 'tcp', meaning: 'A TCP stream position that should hold a Diameter header does not.' },
  'tcp.incomplete-message': { layer: 'tcp', meaning: 'A Diameter message still incomplete when its flow ended.' },
  'tcp.buffer-limit': { layer: 'tcp', meaning: 'A flow buffered more than the per-flow byte limit.' },
  'tcp.flow-evicted': { layer: 'tcp', meaning: 'A TCP flow was evicted (flow table full).' },
  'tcp.urgent-data': { layer: 'tcp', meaning: 'A segment with urgent data: the urgent byte is taken out of the stream, as the receiver does.' },
  // SIGTRAN adaptation layers (RFC 4666 M3UA, RFC 4165 M2PA, RFC 3331 M2UA, RFC 3868 SUA)
  'm3ua.truncated': { layer: 'm3ua', meaning: 'M3UA common header or parameter cut short.' },
  'm3ua.bad-version': { layer: 'm3ua', meaning: 'M3UA version is not 1.' },
  'm3ua.bad-length': { layer: 'm3ua', meaning: 'M3UA message or parameter length inconsistent.' },
  'm3ua.bad-parameter': { layer: 'm3ua', meaning: 'An M3UA parameter malformed (length below its header).' },
  'm3ua.no-protocol-data': { layer: 'm3ua', meaning: 'An M3UA DATA message without Protocol Data.' },
  'm3ua.repeated-parameter': {
    layer: 'm3ua',
    meaning:
      'A DATA parameter (Protocol Data, Routing Context, Network Appearance, Correlation Id) given twice; RFC 4666 §3.3.1 lists each once. ' +
      'The first is decoded (a second Protocol Data can hide the routed message behind a decoy).',
  },
  'm2pa.truncated': { layer: 'm2pa', meaning: 'M2PA header cut short.' },
  'm2pa.bad-version': { layer: 'm2pa', meaning: 'M2PA version is not 1.' },
  'm2pa.bad-length': { layer: 'm2pa', meaning: 'M2PA message length inconsistent.' },
  'm2pa.bad-class': { layer: 'm2pa', meaning: 'M2PA message class is not 11.' },
  'm2ua.truncated': { layer: 'm2ua', meaning: 'M2UA header or parameter cut short.' },
  'm2ua.bad-version': { layer: 'm2ua', meaning: 'M2UA version is not 1.' },
  'm2ua.bad-length': { layer: 'm2ua', meaning: 'M2UA message or parameter length inconsistent.' },
  'm2ua.bad-parameter': { layer: 'm2ua', meaning: 'An M2UA parameter malformed.' },
  'm2ua.no-protocol-data': { layer: 'm2ua', meaning: 'An M2UA Data message without Protocol Data.' },
  'm2ua.repeated-parameter': {
    layer: 'm2ua',
    meaning: 'A DATA parameter (Interface Identifier, Protocol Data 1/2, Correlation Id) given twice; RFC 3331 §3.3.1.1 lists each once. The first is decoded.',
  },
  'sua.truncated': { layer: 'sua', meaning: 'SUA header or parameter cut short.' },
  'sua.bad-version': { layer: 'sua', meaning: 'SUA version is not 1.' },
  'sua.bad-length': { layer: 'sua', meaning: 'SUA message or parameter length inconsistent.' },
  'sua.bad-parameter': { layer: 'sua', meaning: 'An SUA parameter malformed.' },
  'sua.bad-address': { layer: 'sua', meaning: 'An SUA source/destination address malformed.' },
  'sua.missing-parameter': { layer: 'sua', meaning: 'An SUA message lacks a mandatory parameter.' },
  'sua.repeated-parameter': {
    layer: 'sua',
    meaning:
      'A CLDT/CLDR parameter (RFC 3868 §3.3.1.1, §3.3.1.2) or an address sub-parameter (§3.10.2) given twice. ' +
      'The first is decoded (a second Source Address could replace the calling GT).',
  },
  // MTP3 (Q.704)
  'mtp3.truncated': { layer: 'mtp3', meaning: 'MTP3 routing label cut short.' },
  // SCCP (Q.713)
  'sccp.truncated': { layer: 'sccp', meaning: 'SCCP message cut short.' },
  'sccp.bad-pointer': { layer: 'sccp', meaning: 'An SCCP variable-part pointer points outside the message.' },
  'sccp.bad-address': { layer: 'sccp', meaning: 'A called/calling party address malformed.' },
  'sccp.bad-optional': { layer: 'sccp', meaning: 'The SCCP optional part is malformed.' },
  'sccp.address-truncated': { layer: 'sccp', meaning: 'An address shorter than its indicator says.' },
  'sccp.gt-bad-digit': { layer: 'sccp', meaning: 'A GT digit nibble Q.713 §3.4.2.3.1 marks spare (0xA, 0xD, 0xE).' },
  'sccp.gti-unknown': { layer: 'sccp', meaning: 'A global title indicator spare in the variant; the GT is not decoded.' },
  'sccp.gt-not-bcd': { layer: 'sccp', meaning: 'GT encoding scheme neither BCD nor unknown (national specific or spare); digits read as BCD.' },
  'sccp.segment-out-of-sequence': { layer: 'sccp', meaning: 'An XUDT segment arrived out of sequence; the message is dropped.' },
  'sccp.segment-orphan': { layer: 'sccp', meaning: 'A later XUDT segment without its first segment.' },
  'sccp.segment-restart': {
    layer: 'sccp',
    meaning:
      'A first segment arrived while the same message was in progress (over SCTP the interrupted message is kept: ' +
      "up to 3 per reference, continued by a later segment whose TSN the new first segment's does not precede).",
  },
  'sccp.segment-timeout': { layer: 'sccp', meaning: 'An XUDT message was not completed within the age limit.' },
  'sccp.segment-evicted': { layer: 'sccp', meaning: 'An XUDT message in reassembly was evicted (table full).' },
  // BER (X.690)
  'ber.truncated': { layer: 'ber', meaning: 'A BER tag or length runs past the available octets.' },
  'ber.bad-length': { layer: 'ber', meaning: 'A BER length malformed or past its enclosing value.' },
  'ber.depth-limit': { layer: 'ber', meaning: 'BER values nested deeper than the depth limit.' },
  'ber.missing-eoc': { layer: 'ber', meaning: 'An indefinite-length value without its end-of-contents octets.' },
  'ber.bad-tag': { layer: 'ber', meaning: 'A BER tag malformed (e.g. a high tag number cut short).' },
  'ber.indefinite-primitive': { layer: 'ber', meaning: 'A primitive value with indefinite length (X.690 §8.1.3.2).' },
  // TCAP (Q.773, T1.114)
  'tcap.unknown-tag': { layer: 'tcap', meaning: 'A TCAP message or component type tag that is not defined.' },
  'tcap.malformed': { layer: 'tcap', meaning: 'A TCAP message whose structure is wrong.' },
  'tcap.missing-transaction-id': { layer: 'tcap', meaning: 'A TCAP message without the transaction id its type requires.' },
  'tcap.bad-transaction-id': { layer: 'tcap', meaning: 'A transaction id of an invalid length (not 1-4 octets).' },
  'tcap.bad-dialogue-portion': { layer: 'tcap', meaning: 'The dialogue portion is malformed.' },
  'tcap.bad-component': { layer: 'tcap', meaning: 'A component is malformed.' },
  'tcap.unknown-dialogue': { layer: 'tcap', meaning: 'A Continue/End for a dialogue whose Begin was not seen.' },
  'tcap.duplicate-invoke-id': {
    layer: 'tcap',
    meaning: 'Two invokes of one message with the same invoke id (a receiving TCAP rejects the second: InvokeProblem duplicateInvocation, Q.773).',
  },
  'tcap.many-invokes': {
    layer: 'tcap',
    meaning: 'More than 16 invokes in one message (MAP sends one or two, CAMEL up to ~6): each is judged, so one packet makes many alerts.',
  },
  'tcap.unknown-map-ac': {
    layer: 'tcap',
    meaning:
      'An application context TS 29.002 does not define, under the MAP arc or in a Begin to a MAP SSN or none; decoded by opcode (CAMEL/IN: reported only).',
  },
  'tcap.dialogue-evicted': { layer: 'tcap', meaning: 'An open dialogue was evicted (dialogue table full).' },
  'tcap.dialogue-key-limit': { layer: 'tcap', meaning: 'A dialogue reached its limit of remembered keys.' },
  'tcap.dialogue-invoke-limit': { layer: 'tcap', meaning: 'A dialogue reached its limit of outstanding invokes; the invoke is not remembered.' },
  'tcap.dialogue-uncorroborated': {
    layer: 'tcap',
    meaning:
      'A message naming a dialogue by transaction id from a node that is not its peer (a guessed id?), or a Begin not addressed ' +
      "to the sender of the Continue/End waiting for it (nor to a global title of the sender's E.164 country: a Begin routed on an " +
      'E.214 MGT or an MSISDN is answered by the HLR of that country): not associated with it. Limit: a spray that spoofs a ' +
      "calling GT of the victim's home country is still joined.",
  },
  'tcap.answer-from-requester': {
    layer: 'tcap',
    meaning:
      "A Continue/End from the called node's address in a dialogue, sent from the MTP point code its Begin came from (same " +
      "network indicator), or over IP (M3UA, SUA) from the Begin's side toward its addressee's (its source and destination addresses, " +
      'on any association or port between them), or from another host toward the host the Begin was sent to, whatever its label, once ' +
      'the capture has shown both directions apart (an SCTP SACK / HEARTBEAT ACK / INIT ACK on the reverse of a DATA direction, or an ' +
      "answer on the reverse of its Begin's): the requester answering itself. Nothing is learned from it. Also a Continue/End captured before its " +
      'Begin (reordering) from that point code or that side, or from more than 4 of either, judged when the Begin arrives: not joined as its answer.',
  },
  // MAP (TS 29.002)
  'map.bad-argument': { layer: 'map', meaning: 'A MAP parameter that does not match its operation’s ASN.1 type.' },
  'map.bad-imsi': { layer: 'map', meaning: 'An IMSI that is not 6-15 TBCD digits.' },
  'map.bad-address': { layer: 'map', meaning: 'An AddressString/ISDN-AddressString malformed.' },
  'map.e164-limit': { layer: 'map', meaning: 'More than 64 distinct IMSIs or E.164 numbers in one component: the rest are not listed.' },
  'map.repeated-field': {
    layer: 'map',
    meaning:
      "The subscriber's IMSI or MSISDN field given twice in one MAP argument (X.690 §8.9.3: a SEQUENCE component at most once; " +
      'Q.773 mistypedParameter): the first is read and learned; another value is judged too, since a stack may act on either. ' +
      'Past 4 other values, the last is still judged and a second one of these per argument says how many between were not.',
  },
  'map.arg-list-limit': {
    layer: 'map',
    meaning: 'More than 64 entries in a list argument of one component (forwardedToNumbers, hlrList, requestedInfo …): the rest are not listed.',
  },
  // Diameter (RFC 6733)
  'diameter.truncated': { layer: 'diameter', meaning: 'Fewer than 20 octets: no complete header (RFC 6733 §3).' },
  'diameter.bad-version': { layer: 'diameter', meaning: 'Version octet is not 1 (RFC 6733 §3).' },
  'diameter.length-mismatch': { layer: 'diameter', meaning: 'Message Length differs from the payload or is not a multiple of 4 (RFC 6733 §3).' },
  'diameter.avp-truncated': { layer: 'diameter', meaning: 'Fewer than 8 octets left for an AVP header (RFC 6733 §4.1).' },
  'diameter.avp-bad-length': { layer: 'diameter', meaning: 'AVP Length below the header size (RFC 6733 §4.1).' },
  'diameter.avp-overrun': { layer: 'diameter', meaning: 'AVP Length runs past the enclosing message or grouped AVP.' },
  'diameter.avp-padding': { layer: 'diameter', meaning: 'The AVP padding to 4 octets runs past the message end (RFC 6733 §4.1).' },
  'diameter.avp-depth-limit': { layer: 'diameter', meaning: 'Grouped AVPs nested deeper than the depth limit.' },
  'diameter.avp-repeated': {
    layer: 'diameter',
    meaning:
      'A second top-level Session-Id, Origin-/Destination-Host/-Realm, User-Name, ULR-Flags, IDR-Flags, MSISDN or User-Identity ' +
      '(at most once in every command ABNF, RFC 6733 §3.2; DIAMETER_AVP_OCCURS_TOO_MANY_TIMES, §7.1.5): the first is read, a stack ' +
      'may act on another.',
  },
  'diameter.identity-conflict': {
    layer: 'diameter',
    meaning:
      'Two different subscriber numbers in one message, from any of the places that name the subscriber (MSISDN AVP at the top ' +
      'or in a group, User-Identity MSISDN or Public-Identity tel:/sip: number, Subscription-Id END_USER_E164), or two different ' +
      'IMSIs (User-Name, S6t User-Identifier, Subscription-Id END_USER_IMSI, Public-Identity sip:IMSI@): the first is the ' +
      "message's, every other (up to 4, and whatever the count the command's own MSISDN / User-Identity AVP and the last number) " +
      'is judged by the stateless rules too, none is learned; the detail counts those not judged. Once per message.',
  },
  'diameter.avp-bad-value': { layer: 'diameter', meaning: 'A fixed-size AVP value with the wrong length (RFC 6733 §4.2-4.3).' },
  'diameter.transactions-full': { layer: 'diameter', meaning: 'The request/answer table was full: the oldest request was evicted.' },
  'diameter.e164-limit': { layer: 'diameter', meaning: 'More than 64 E.164 numbers in one message: the rest are not read.' },
  'diameter.avp-list-limit': {
    layer: 'diameter',
    meaning: "More than 128 top-level AVPs in one message: the rest are read for the event's fields but not listed in `avps`.",
  },
  'diameter.route-record-limit': {
    layer: 'diameter',
    meaning:
      'More than 64 Route-Record AVPs in one message: the first (the sending peer, RFC 6733 §6.1.8) and the last 63 (the relays nearest the tap) are kept.',
  },
  'diameter.command-app-mismatch': {
    layer: 'diameter',
    meaning:
      'A command one application defines (an S6a IDR, ...) under header Application-Id 0 (base), 0xffffffff (relay) or any application ' +
      "that does not define it (Sh, SLg ..., or one the dictionary does not know), RFC 6733 §2.4, §3: read as its first defining application's command.",
  },
  'diameter.bad-user-name': {
    layer: 'diameter',
    meaning:
      'An S6a/S6d, SLh or S6c message whose User-Name (the IMSI, TS 29.272 §7.3, TS 23.003 §2.2) does not start with 6 digits: a leading ' +
      'space, `IMSI…`, the SUPI form `imsi-<IMSI>` (TS 23.003 §28.7.2) or a decorated NAI `home!0<IMSI>@visited` (§19.3.3, RFC 7542 §2.7). ' +
      'These four are read as their IMSI when its digits follow the decoration at once (a lenient HSS serves it); any other has no ' +
      'subscriber by it. The detail names no digits. Once per message.',
  },
  // detection state
  'state.subscriber-evicted': {
    layer: 'state',
    meaning:
      'A subscriber was evicted from the state (subscriber table full): first those whose only location came from registrations ' +
      'the capture never showed answered, then the least recently updated.',
  },
  'state.located-subscriber-evicted': {
    layer: 'state',
    meaning:
      'A subscriber with a trusted location (not one learned only from unanswered registrations) was evicted (subscriber table full): ' +
      'its location is forgotten, so impossible-travel and the visited-network checks start again for it. Also in `--jsonl` (stderr) and `--eve` stats.',
  },
  'state.msisdn-relinked': {
    layer: 'state',
    meaning:
      'An MSISDN moved from one IMSI to another: a recycled number, a SIM swap, or a forged answer naming the number beside the ' +
      "sender's IMSI (its later alerts then read the other IMSI's location). The detail names the first few (number, old IMSI → new IMSI, their countries).",
  },
  'state.msisdn-moved-country': {
    layer: 'state',
    meaning:
      'An MSISDN is now on an IMSI located in another country than an IMSI it left within the link TTL (limits.subscriberTtlSec): a SIM swap or ' +
      'multi-IMSI SIM while travelling, or a forged link; the detail names the number and both IMSIs. Requests for the number are judged against ' +
      'the earlier IMSI too until travel explains the move (state/prior-links.ts).',
  },
  'state.flagged-dialogue-evicted': {
    layer: 'state',
    meaning: 'A flagged dialogue (its Begin kept out of the state) was forgotten within its time (table full): its answers are learned again.',
  },
  'state.flagged-dialogue-saturated': {
    layer: 'state',
    meaning:
      'More than 16 flagged dialogues within their time on one transaction id: every answer on that id is kept out of the state until ' +
      'the newest of them expires (fail closed); past 4,096 such ids the oldest hold is dropped, counted as state.flagged-dialogue-evicted.',
  },
  'state.held-result-evicted': {
    layer: 'state',
    meaning: 'A location result captured before its request was dropped before its Begin joined (held-results table full).',
  },
  'state.presence-request-evicted': {
    layer: 'state',
    meaning:
      'The table of presence requests (IDR, AIR, SAI, standalone ISD, PUR, CLR, PurgeMS, CancelLocation) awaiting their answer ' +
      'was full (1,024): the oldest were dropped unanswered within their 60 s answer time, so their answers confirm or clear nothing.',
  },
  'state.visited-block-evicted': {
    layer: 'state',
    meaning:
      "The visited number blocks (the number blocks the home network's own answered operations address, which place an S6a " +
      "roamer's visited-network GTs) were full: the least recently used were forgotten.",
  },
  'detect.identity-mismatch': {
    layer: 'detect',
    meaning:
      'An alerting request named an IMSI and, beside it, an MSISDN the state links to no such IMSI (the IMSI is linked to another ' +
      "number): its alerts name the IMSI's linked number as the subscriber's and the request's own as \"also named\" (a PSL / PLR naming " +
      "the victim's IMSI beside a number the sender picked). The detail names both. Once per message.",
  },
  'detect.correlation-evicted': { layer: 'detect', meaning: 'A correlation window was evicted (correlation table full).' },
  'detect.correlation-dropped': { layer: 'detect', meaning: 'A correlation event was dropped (per-key event limit).' },
  'detect.harvest-evicted': {
    layer: 'detect',
    meaning:
      'The auth-vector-harvesting state dropped entries at its bounds (registrations, origins, subscribers per origin, ' +
      'or registrations awaiting the HLR/HSS answer).',
  },
} as const satisfies Record<string, AnomalyInfo>;

/** Every anomaly code sigwatch raises. */
export type AnomalyCode = keyof typeof ANOMALY_CODES;

export function isAnomalyCode(code: string): code is AnomalyCode {
  return Object.hasOwn(ANOMALY_CODES, code);
}
