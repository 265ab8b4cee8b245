/**
 * The fast tier (src/events/record.ts): what a decoder puts in its reused record must be what rules
 * would read on the event built from it, for every field of the catalogue, on every message of the
 * project's captures and the public corpus; and the event built on demand is the one `onEvent` gets.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Decoder } from '../../src/api/decoder.js';
import { field, fieldPaths } from '../../src/events/fields.js';
import { toJsonEvent } from '../../src/events/json.js';
import { MessageRecord } from '../../src/events/record.js';
import type { SignallingEvent } from '../../src/events/types.js';
import { CORPUS_DIR, CORPUS_SKIP_REASON, HAS_CORPUS } from '../support/corpus.js';

const PCAPS = join(import.meta.dirname, '..', '..', 'pcaps');
const captures = (dir: string): string[] =>
  readdirSync(dir)
    .filter((f) => /\.(pcap|pcapng)$/.test(f))
    .map((f) => join(dir, f));

/** Every catalogue field read on the live record vs on a record filled from its event. */
function check(file: string): number {
  const paths = fieldPaths();
  const defs = paths.map((p) => field(p)!);
  const fromEvent = new MessageRecord();
  const mismatches: string[] = [];
  let n = 0;
  const events: SignallingEvent[] = [];
  const d = new Decoder({
    onRecord: (r) => {
      n++;
      // Read the record before the event exists (the event is built lazily, as in detection).
      const live = defs.map((f) => f.read(r));
      const ev = r.event();
      expect(r.event()).toBe(ev); // built once per fill
      events.push(ev);
      fromEvent.fromEvent(ev);
      defs.forEach((f, i) => {
        const want = f.read(fromEvent);
        if (JSON.stringify(live[i]) !== JSON.stringify(want))
          mismatches.push(`${file} frame ${ev.frame}.${ev.index} ${paths[i]}: ${JSON.stringify(live[i])} vs ${JSON.stringify(want)}`);
      });
    },
  });
  d.push(readFileSync(file));
  d.end();
  expect(mismatches.slice(0, 5)).toEqual([]);
  // The same capture through onEvent: the same events.
  const direct: string[] = [];
  const e = new Decoder({ onEvent: (ev) => direct.push(JSON.stringify(toJsonEvent(ev))) });
  e.push(readFileSync(file));
  e.end();
  expect(events.map((ev) => JSON.stringify(toJsonEvent(ev)))).toEqual(direct);
  return n;
}

describe('MessageRecord: decoder records read like their events', () => {
  it.each(captures(PCAPS))('%s', (file) => {
    expect(check(file)).toBeGreaterThan(0);
  });

  it.skipIf(!HAS_CORPUS)(`every corpus capture (${HAS_CORPUS ? 'public corpus' : CORPUS_SKIP_REASON})`, () => {
    let n = 0;
    for (const f of captures(CORPUS_DIR)) n += check(f);
    expect(n).toBeGreaterThan(1000);
  });
});

describe('MessageRecord transaction ids', () => {
  it('kept as a code and read as text; a caller may set the text (bench/lib/facts-record.mjs does)', () => {
    const r = new MessageRecord();
    r.otidCode = 8 * 2 ** 32 + 0x0a0b0c0d;
    r.dtidCode = 2 * 2 ** 32 + 1;
    expect([r.otid, r.dtid]).toEqual(['0a0b0c0d', '01']);
    r.otid = 'c610036e';
    r.dtid = undefined;
    expect([r.otid, r.otidCode, r.dtid, r.dtidCode]).toEqual(['c610036e', -1, undefined, -1]);
  });
});
