import { describe, expect, it } from 'vitest';
import { sniffFormat } from '../../src/capture/sniff.js';
import { fromHex } from './collect.js';

describe('sniffFormat', () => {
  it.each([
    ['a1b2c3d4', 'pcap'], // pcap §4, big-endian µs
    ['d4c3b2a1', 'pcap'], // little-endian µs
    ['a1b23c4d', 'pcap'], // big-endian ns
    ['4d3cb2a1', 'pcap'], // little-endian ns
    ['0a0d0d0a', 'pcapng'], // pcapng §4.1 SHB block type
    ['1f8b0800', 'gzip'], // RFC 1952 §2.3.1
    ['a1b2cd34', 'unknown'], // Kuznetzov's modified pcap: not supported
    ['3c3f786d', 'unknown'],
  ] as const)('%s → %s', (hex, fmt) => {
    expect(sniffFormat(fromHex('00' + hex), 1)).toBe(fmt);
  });
});
