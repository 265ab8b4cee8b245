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
  options = checkOptions('createDecodeStream', decodeOptionsSchema, options); // the checked copy: the Decoder is built later
  return pushTransform((out) => new Decoder(checked({ ...options, onEvent: (ev: SignallingEvent) => out.push(ev) })));
}

/**
 * Capture bytes in, {@link ScanAlert} objects out. Without a profile the home network is
 * inferred from the first `warmupEvents` events (a stream cannot be read twice), so the first
 * alerts come after that many events or at the end of input.
 */
export function createScanStream(options: ScanOptions & { source?: string } = {}): Transform {
  options = checkOptions('createScanStream', scanStreamOptionsSchema, options); // the checked copy: the Scanner is built later
  return pushTransform((out) => {
    const scanner = new Scanner(checked({ ...options, onAlert: (a: ScanAlert) => out.push(a) }));
    scanner.beginSource(options.source ?? 'stream');
    return scanner;
  });
}

/**
 * An object-mode Transform over a push pipeline made at the first chunk (`create(this)`), fed
 * each chunk and ended on flush; an error it throws fails the stream.
 */
function pushTransform(create: (out: Transform) => { push(chunk: Uint8Array): void; end(): void }): Transform {
  let sink: { push(chunk: Uint8Array): void; end(): void } | undefined;
  return new Transform({
    readableObjectMode: true,
    transform(chunk: Uint8Array, _enc: BufferEncoding, done: TransformCallback) {
      try {
        sink ??= create(this);
        sink.push(chunk);
        done();
      } catch (e) {
        done(e as Error);
      }
    },
    flush(done: TransformCallback) {
      try {
        sink?.end();
        done();
      } catch (e) {
        done(e as Error);
      }
    },
  });
}
