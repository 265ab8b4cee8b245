/**
 * The alert serializer (report/alert-json.ts) against the reference, JSON.stringify of the
 * alert: on every alert of the project's pcaps/ (with their profiles) and of the public corpus
 * (home inferred, so alerts carry `assumptions`), through both paths (evidence still lazy, and
 * evidence built or replaced), and on alerts with generated hostile strings.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/api/scan.js';
import type { ScanAlert } from '../../src/api/scan-options.js';
import { Scanner } from '../../src/api/scanner.js';
import { isSigwatchError } from '../../src/core/errors.js';
import { alertEvent } from '../../src/detect/alert.js';
import { loadProfile } from '../../src/detect/profile.js';
import { alertJson } from '../../src/report/alert-json.js';
import { jsonNumber, jsonString, jsonValue } from '../../src/report/json-text.js';
import { CORPUS_DIR, CORPUS_SKIP_REASON, HAS_CORPUS, REPO_ROOT } from '../support/corpus.js';

const PCAPS = join(REPO_ROOT, 'pcaps');
const CAPTURES = existsSync(PCAPS) ? readdirSync(PCAPS).filter((f) => /\.pcap(ng)?$/.test(f)) : [];
const CORPUS = HAS_CORPUS ? readdirSync(CORPUS_DIR).filter((f) => /\.(pcap|pcapng|cap)(\.gz)?$/.test(f)) : [];

/**
 * Alerts of a pcaps/ capture, fresh from the Scanner (evidence not built): with its profile, or
 * with the home inferred from the first events (alerts then carry `assumptions`).
 */
function pcapAlerts(name: string, withProfile = true): ScanAlert[] {
  const file = join(PCAPS, name);
  const profileFile = file.replace(/\.pcap(ng)?$/, '.profile.yaml');
  const alerts: ScanAlert[] = [];
  const sc = new Scanner({
    ...(withProfile && existsSync(profileFile) ? { profile: loadProfile(profileFile) } : { warmupEvents: 20 }),
    onAlert: (a) => alerts.push(a),
  });
  sc.beginSource(file);
  sc.push(readFileSync(file));
  sc.end();
  return alerts;
}

/** Both paths agree with JSON.stringify; returns the number of alerts checked. */
function checkAll(alerts: ScanAlert[]): number {
  for (const a of alerts) {
    expect(alertEvent(a)).toBeDefined();
    const lazy = alertJson(a);
    const ref = JSON.stringify(a); // builds the evidence
    expect(lazy).toBe(ref);
    expect(alertEvent(a)).toBeUndefined();
    expect(alertJson(a)).toBe(ref);
    // Copies (workers' structured clones, --anonymize's deep copies) have no event behind them.
    expect(alertJson(structuredClone(a))).toBe(ref);
    expect(alertJson({ ...a })).toBe(ref);
  }
  return alerts.length;
}

describe('alertJson = JSON.stringify on the project captures', () => {
  it.skipIf(CAPTURES.length === 0)(CAPTURES.length === 0 ? `skipped: no captures in ${PCAPS}` : `pcaps/: ${CAPTURES.join(', ')}`, () => {
    let n = 0;
    let assumed = 0;
    for (const c of CAPTURES) {
      n += checkAll(pcapAlerts(c));
      const inferred = pcapAlerts(c, false);
      assumed += inferred.filter((a) => a.assumptions !== undefined).length;
      n += checkAll(inferred);
    }
    expect(n).toBeGreaterThan(20);
    expect(assumed).toBeGreaterThan(0);
  });

  it('alerts whose evidence was replaced or is missing optional parts', () => {
    const [a, b] = pcapAlerts('ss7-location-tracking.pcap', false);
    a!.evidence = { replaced: true, s: 'q"\\\u0001' };
    expect(alertJson(a!)).toBe(JSON.stringify(a));
    delete b!.visited;
    delete b!.source;
    b!.assumptions = ['one', 'two "quoted"'];
    expect(alertJson(b!)).toBe(JSON.stringify(b));
  });
});

describe('alertJson = JSON.stringify on the public corpus (home inferred)', () => {
  it.skipIf(!HAS_CORPUS)(
    HAS_CORPUS ? `${CORPUS.length} corpus captures` : CORPUS_SKIP_REASON,
    async () => {
      let n = 0;
      let unreadable = 0;
      for (const f of CORPUS) {
        const alerts: ScanAlert[] = [];
        try {
          for await (const a of scan(join(CORPUS_DIR, f))) alerts.push(a);
        } catch (e) {
          if (!isSigwatchError(e)) throw e;
          unreadable++; // a capture the decoder refuses (typed error) has no alerts to compare
        }
        n += checkAll(alerts);
      }
      expect(unreadable).toBeLessThan(CORPUS.length);
      expect(n).toBeGreaterThan(0);
    },
    120_000,
  );
});

/** Strings an attacker controls end up in alerts: control characters, quotes, backslashes, unicode, lone surrogates. */
const hostile = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.string({
    unit: fc.constantFrom(
      '"',
      '\\',
      '\u0000',
      '\u001f',
      '\u007f',
      '\u2028',
      '\u2029',
      '\ud800',
      '\udfff',
      '\ud83d\ude00',
      'é',
      '/',
      '\b',
      '\f',
      '\n',
      '\r',
      '\t',
      'a',
    ),
  }),
  fc.string(),
);

describe('JSON.stringify escaping, exactly', () => {
  it('strings, numbers and other values', () => {
    fc.assert(
      fc.property(hostile, (s) => {
        expect(jsonString(s)).toBe(JSON.stringify(s));
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.double(), (x) => {
        expect(jsonNumber(x)).toBe(JSON.stringify(x));
      }),
      { numRuns: 1000 },
    );
    for (const v of [0, -0, NaN, Infinity, -Infinity, 1e21, 5e-324, true, false, null, [1, 'a'], { a: 1 }]) expect(jsonValue(v)).toBe(JSON.stringify(v));
  });

  it('alerts with hostile strings in every string field, lazy and built evidence', () => {
    fc.assert(
      fc.property(
        fc.record({
          rule: hostile,
          title: hostile,
          level: hostile,
          ts: hostile,
          tags: fc.array(hostile, { maxLength: 4 }),
          explanation: hostile,
          source: hostile,
          gt: hostile,
          imsi: hostile,
          network: hostile,
          assumptions: fc.array(hostile, { maxLength: 2 }),
          frame: fc.oneof(fc.nat(), fc.double()),
          rev: fc.oneof(fc.nat(), fc.double()),
        }),
        (h) => {
          // Without the profile: the alerts carry `assumptions` (replaced in place below).
          for (const a of pcapAlerts('ss7-location-tracking.pcap', false).slice(0, 3)) {
            Object.assign(a, {
              rule: h.rule,
              title: h.title,
              ts: h.ts,
              tags: h.tags,
              explanation: h.explanation,
              source: h.source,
              frame: h.frame,
              rev: h.rev,
            });
            (a as { level: string }).level = h.level;
            a.subscriber.imsi = h.imsi;
            a.origin.gt = h.gt;
            a.origin.network = h.network;
            if (a.assumptions !== undefined) a.assumptions = h.assumptions;
            const ev = alertEvent(a)!;
            ev.subscriber.imsi = h.imsi;
            if (ev.protocol !== 'diameter') ev.sccp.calling.gt = h.gt;
            const lazy = alertJson(a);
            const ref = JSON.stringify(a);
            expect(lazy).toBe(ref);
            expect(alertJson(a)).toBe(ref);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
