/**
 * Node stream adapters: a Transform from capture bytes (pcap/pcapng, any chunking) to event
 * objects or to alerts. Object-mode readable side; backpressure as for any Transform. Input is
 * not gunzipped here: pipe a .gz through `zlib.createGunzip()` first (openCapture does that for
 * files and stdin).
 */
import { checked, checkOptions, decodeOptionsSchema, scanStreamOptionsSchema } from './options.js';
import { Transform, type TransformCallback } from 'node:stream';
import type { SignallingEvent } from '../events/types.js';
import { Decoder } from './decoder.js';
import type { DecodeOptions } from './decode.js';
import { Scanner } from './scanner.js';
import type { ScanAlert, ScanOptions } from './scan-options.js';

/** Capture bytes in, {@link SignallingEvent} objects out (capture order). */
export function createDecodeStream(options: DecodeOptions = {}): Transform {
  checkOptions('createDecodeStream', decodeOptionsSchema, options);
  let decoder: Decoder | undefined;
  return new Transform({
    readableObjectMode: true,
    transform(chunk: Uint8Array, _enc: BufferEncoding, done: TransformCallback) {
      decoder ??= new Decoder(checked({ ...options, onEvent: (ev: SignallingEvent) => this.push(ev) }));
      try {
        decoder.push(chunk);
        done();
      } catch (e) {
        done(e as Error);
      }
    },
    flush(done: TransformCallback) {
      try {
        decoder?.end();
        done();
      } catch (e) {
        done(e as Error);
      }
    },
  });
}

/**
 * Capture bytes in, {@link ScanAlert} objects out. Without a profile the home network is
 * inferred from the first `warmupEvents` events (a stream cannot be read twice), so the first
 * alerts come after that many events or at the end of input.
 */
export function createScanStream(options: ScanOptions & { source?: string } = {}): Transform {
  checkOptions('createScanStream', scanStreamOptionsSchema, options);
  let scanner: Scanner | undefined;
  return new Transform({
    readableObjectMode: true,
    transform(chunk: Uint8Array, _enc: BufferEncoding, done: TransformCallback) {
      try {
        if (scanner === undefined) {
          scanner = new Scanner(checked({ ...options, onAlert: (a: ScanAlert) => this.push(a) }));
          scanner.beginSource(options.source ?? 'stream');
        }
        scanner.push(chunk);
        done();
      } catch (e) {
        done(e as Error);
      }
    },
    flush(done: TransformCallback) {
      try {
        scanner?.end();
        done();
      } catch (e) {
        done(e as Error);
      }
    },
  });
}
