/** Result of the link-layer decode: where the network-layer packet starts. */
export interface LinkResult {
  /**
   * What follows: an IPv4 or IPv6 packet, an MTP3 MSU (from MTP2/MTP3 link types), or something
   * sigwatch does not decode ('other', counted).
   */
  net: 'ipv4' | 'ipv6' | 'mtp3' | 'other';
  /** Start and end of the network-layer bytes in the frame's view. */
  offset: number;
  end: number;
  /** EtherType / protocol that was not decoded, for counters (when net === 'other'). */
  proto: number;
}

export function newLinkResult(): LinkResult {
  return { net: 'other', offset: 0, end: 0, proto: 0 };
}
