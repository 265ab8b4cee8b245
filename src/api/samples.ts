/**
 * The labelled captures of pcaps/ (made by sigwatch's own seeded generator, nothing from a real
 * network) ship in the package with their profiles and truth files, so the README's examples run
 * in any project that installed sigwatch: `samplePath('ss7-location-tracking.pcap')`. They are
 * also reachable as `sigwatch/pcaps/<name>` through the package exports.
 */
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ErrorCode, SigwatchError } from '../core/errors.js';
import { didYouMean } from '../core/suggest.js';

/** Absolute path of the shipped pcaps/ folder. */
export const SAMPLES_DIR: string = fileURLToPath(new URL('../../pcaps/', import.meta.url));

/** Files in {@link SAMPLES_DIR}: captures (`.pcap`, `.pcapng`), `.profile.yaml`, `.truth.jsonl`, README.md. */
export function sampleNames(): string[] {
  return existsSync(SAMPLES_DIR)
    ? readdirSync(SAMPLES_DIR)
        .filter((n) => /\.(pcapng|pcap|yaml|jsonl|md)$/.test(n))
        .sort()
    : [];
}

/** Absolute path of a shipped sample file, e.g. `samplePath('ss7-location-tracking.profile.yaml')`. */
export function samplePath(name: string): string {
  const names = sampleNames();
  if (typeof name !== 'string')
    throw new SigwatchError(ErrorCode.BAD_OPTION, `samplePath: expected a sample name (string), got ${typeof name}`, { path: 'name' });
  if (!names.includes(name)) {
    throw new SigwatchError(ErrorCode.BAD_OPTION, `samplePath: no sample named "${name}"${didYouMean(name, names)} (samples: ${names.join(', ')})`, {
      path: 'name',
    });
  }
  return SAMPLES_DIR + name;
}
