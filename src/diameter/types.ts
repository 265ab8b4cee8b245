/**
 * Diameter codec types and anomaly codes (RFC 6733 §3, §4).
 */
import type { AnomalyCode } from '../core/anomaly-codes.js';
import type { Anomaly } from '../core/anomaly.js';
import type { DiameterAvp } from './avp.js';

/** Anomaly codes of the Diameter layer (see core/anomaly.ts). */
export const DIAMETER_ANOMALY = {
  /** Fewer than 20 octets: no complete header (RFC 6733 §3). */
  TRUNCATED: 'diameter.truncated',
  /** Version octet is not 1 (RFC 6733 §3). */
  BAD_VERSION: 'diameter.bad-version',
  /** Message Length differs from the payload length, or is not a multiple of 4 (RFC 6733 §3). */
  LENGTH_MISMATCH: 'diameter.length-mismatch',
  /** Fewer than 8 octets left for an AVP header (RFC 6733 §4.1). */
  AVP_TRUNCATED: 'diameter.avp-truncated',
  /** AVP Length below the header size: 0, < 8, or < 12 with the V flag (RFC 6733 §4.1). */
  AVP_BAD_LENGTH: 'diameter.avp-bad-length',
  /** AVP Length runs past the enclosing message or grouped AVP. */
  AVP_OVERRUN: 'diameter.avp-overrun',
  /** The AVP fits but its padding to 4 octets runs past the message end (RFC 6733 §4.1). */
  AVP_PADDING: 'diameter.avp-padding',
  /** Grouped AVPs nested deeper than Limits.avpDepth. */
  AVP_DEPTH: 'diameter.avp-depth-limit',
  /** Fixed-size value (Unsigned32, Time, Address ...) with the wrong length (RFC 6733 §4.2-4.3). */
  AVP_BAD_VALUE: 'diameter.avp-bad-value',
  /** The request/answer table was full: the oldest request was evicted. */
  TRANSACTIONS_FULL: 'diameter.transactions-full',
  /** More distinct E.164 numbers in one message than fields.ts E164_PER_MESSAGE: the rest are not listed. */
  E164_LIMIT: 'diameter.e164-limit',
  /** More top-level AVPs in one message than fields.ts AVP_LIST_PER_MESSAGE: the rest are read for fields but not listed. */
  AVP_LIST_LIMIT: 'diameter.avp-list-limit',
  ROUTE_RECORD_LIMIT: 'diameter.route-record-limit',
  /** A second top-level instance of an AVP the base / S6a command ABNF allows once (RFC 6733 §3.2, §7.1.5: 5009). */
  AVP_REPEATED: 'diameter.avp-repeated',
  /** Two different subscriber numbers in one message (fields.ts identityConflict): each judged. */
  IDENTITY_CONFLICT: 'diameter.identity-conflict',
  /**
   * A command under header Application-Id 0 (base, RFC 6733 §2.4), 0xffffffff (relay, which no
   * message carries: §2.4, §6.1.8) or a known application that does not define it: read as its
   * first definer's (decoder.ts commandOutOfApp).
   */
  COMMAND_APP_MISMATCH: 'diameter.command-app-mismatch',
  /** An S6a/S6d, SLh or S6c User-Name with no IMSI at its start (user-name-forms.ts; red-team round 18 L2). */
  BAD_USER_NAME: 'diameter.bad-user-name',
} as const satisfies Record<string, AnomalyCode>;
export type DiameterAnomalyCode = (typeof DIAMETER_ANOMALY)[keyof typeof DIAMETER_ANOMALY];

/**
 * A decoded message (full tree). `encodeDiameter(decodeDiameterMessage(x))` reproduces x byte for byte:
 * the few things a canonical encoding would not reproduce are kept explicitly.
 */
export interface DiameterMessage {
  /** RFC 6733 §3: always 1 in valid traffic; kept as found. */
  version: number;
  /** Command flags octet, all 8 bits (R 0x80, P 0x40, E 0x20, T 0x10, reserved 0x0f). */
  flags: number;
  /** 24-bit command code. */
  cmd: number;
  /** Application-ID (unsigned 32). */
  app: number;
  /** Hop-by-hop / end-to-end identifiers (unsigned 32). */
  hbh: number;
  e2e: number;
  avps: DiameterAvp[];
  /**
   * The Message Length field when it differs from the encoded length (malformed input); the
   * encoder writes it as is. Absent for well-formed messages.
   */
  declaredLength?: number;
  /** Bytes after the last AVP that could be decoded (malformed input), re-emitted by the encoder. */
  trailing?: Uint8Array;
  /** Input shorter than a header: the bytes as found, re-emitted by the encoder alone. */
  raw?: Uint8Array;
  /** Problems found while decoding (empty for well-formed input). */
  anomalies: Anomaly[];
}
