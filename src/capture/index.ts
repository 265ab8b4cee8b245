/** Capture input: sources (files, stdin, streams, gzip), pcap/pcapng readers, link layers. */
export { CAPTURE_ANOMALY, CAPTURE_COUNTER } from './decoder.js';
export { CaptureReader, type CaptureReaderOptions } from './reader.js';
export { openCapture, readCapture, type CaptureInput, type OpenCaptureOptions } from './source.js';
export { sniffFormat, type SniffedFormat } from './sniff.js';
export { PCAPNG_BLOCK } from './pcapng.js';
export { LinkType, type FrameRecord } from './types.js';
export { decodeLink, isSupportedLinkType, LINK_TRUNCATED, newLinkResult, type LinkDecoder, type LinkResult } from './link/index.js';
