/**
 * Acceptance tests of the built `sigwatch` binary: exit codes, output contracts (§4 events,
 * §6 alerts, EVE), anonymization across every output, the HTML report (self-contained, renders
 * in headless Chromium), rules lint. Runs on pcaps/ (scenario generator) and on the public
 * corpus; each skips visibly when its captures are absent.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { CORPUS_DIR, CORPUS_SKIP_REASON, HAS_CORPUS } from '../support/corpus.js';
import { buildOnce, CLI, jsonLines, PCAPS_DIR, runCli, runCliAsync, runCliCached, SCENARIOS } from './run-cli.js';
import { countDiff, countNear, pngPixels, pngStats } from './png.js';

const ALERT_KEYS = ['frame', 'index', 'ts', 'rule', 'rev', 'title', 'level', 'tags', 'subscriber', 'origin', 'explanation', 'evidence'];
const EVENT_KEYS = ['frame', 'index', 'ts', 'protocol', 'subscriber', 'e164', 'anomalies'];
const LEVELS = ['info', 'low', 'medium', 'high', 'critical'];

const SCENARIO = SCENARIOS.includes('ss7-location-tracking.pcap') ? 'ss7-location-tracking.pcap' : SCENARIOS[0];
const SCENARIO_PATH = SCENARIO === undefined ? '' : join(PCAPS_DIR, SCENARIO);
const PCAPS_SKIP = `skipped: no scenario captures in ${PCAPS_DIR}`;
const CORPUS_MAP = join(CORPUS_DIR, 'gen_libmich_map_messages.pcapng');
const CORPUS_TRACK = join(CORPUS_DIR, 'sigcorr_synth_ss7_location_tracking.pcap');
const tmp = mkdtempSync(join(tmpdir(), 'sigwatch-cli-'));

function chromium(): string | undefined {
  for (const c of ['chromium', 'chromium-browser', 'google-chrome']) {
    try {
      execFileSync('which', [c], { stdio: 'pipe' });
      return c;
    } catch {
      // not this one
    }
  }
  return undefined;
}
const CHROMIUM = chromium();

/** Headless Chromium screenshot of `url` into `png` at `size` ("width,height"); a fresh profile per shot. */
function screenshot(url: string, png: string, size: string): void {
  execFileSync(
    CHROMIUM!,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--user-data-dir=${mkdtempSync(join(tmpdir(), 'sigwatch-chromium-'))}`,
      `--screenshot=${png}`,
      `--window-size=${size}`,
      url,
    ],
    { stdio: 'pipe', timeout: 45_000 },
  );
}

beforeAll(() => buildOnce(), 120_000);

describe('sigwatch: usage and errors', () => {
  it('prints usage with exit 0 for help and exit 2 without a command', () => {
    expect(runCli(['help']).code).toBe(0);
    const r = runCli([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('scan <capture');
  });

  it('exits 2 with one line on an unknown option', () => {
    const r = runCli(['scan', '--no-such-option', 'x.pcap']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('exits 1 with one line and no stack trace for a missing capture', () => {
    const r = runCli(['scan', join(tmp, 'missing.pcap')]);
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/missing\.pcap.*ENOENT/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe('');
  });

  it('a directory given as a capture says so and what to give instead', () => {
    const r = runCli(['scan', tmp]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(`cannot read capture ${tmp}: it is a directory; name the capture files in it (for example ${tmp}/*.pcap)`);
  });

  it('exits 1 with one line naming the file for a file that is not a capture (scan and decode)', () => {
    const f = join(tmp, 'notes.txt');
    writeFileSync(f, 'this is not a capture file at all\n');
    const r = runCli(['scan', f]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(`sigwatch: ${f}: input is not a pcap or pcapng capture`);
    expect(r.stderr).toContain('[ERR_UNKNOWN_FORMAT]');
    // The summary lists the failed capture once: `! FILE: reason`, not `! FILE: FILE: reason`.
    expect(r.stdout).toContain(`  ! ${f}: input is not a pcap or pcapng capture`);
    expect(r.stdout.split(f).length - 1).toBe(2);
    const d = runCli(['decode', f]);
    expect(d.code).toBe(1);
    expect(d.stderr).toContain(`${f}: input is not a pcap or pcapng capture`);
  });

  it('--version and -V print the package version; -h works for every command', () => {
    const version = (JSON.parse(readFileSync(join(PCAPS_DIR, '..', 'package.json'), 'utf8')) as { version: string }).version;
    for (const a of ['--version', '-V']) {
      const r = runCli([a]);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(`sigwatch ${version}\n`);
    }
    for (const args of [['-h'], ['scan', '-h'], ['decode', '-h'], ['rules', '-h'], ['rules', 'lint', '-h'], ['scan', '--help']]) {
      const r = runCli(args);
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.stdout, args.join(' ')).toMatch(/^usage: sigwatch/);
    }
  });

  it('did you mean: options, commands, subcommands and option values, one balanced line, exit 2', () => {
    const cases: [string[], string][] = [
      [['scan', '--jsnol', 'x.pcap'], "sigwatch: scan: unknown option '--jsnol'; did you mean '--jsonl'? (see 'sigwatch scan --help')"],
      [['decode', '--fitler', 'map', 'x.pcap'], "unknown option '--fitler'; did you mean '--filter'?"],
      [['scann', 'x.pcap'], "sigwatch: unknown command 'scann'; did you mean 'scan'?"],
      [['--verison'], "unknown option '--verison'; did you mean '--version'?"],
      [['rules', 'lnit'], "rules: unknown subcommand 'lnit'; did you mean 'lint'?"],
      [['scan', '--fail-on', 'hihg', 'x.pcap'], "got 'hihg'; did you mean 'high'?"],
      [['scan', '--mtp3', 'ansii', 'x.pcap'], "did you mean 'ansi'?"],
      [['scan', '--log-level', 'wran', 'x.pcap'], "did you mean 'warn'?"],
    ];
    for (const [args, msg] of cases) {
      const r = runCli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stderr, args.join(' ')).toContain(msg);
      // Balanced quotes: every message quotes names in pairs.
      expect((r.stderr.match(/'/g) ?? []).length % 2, args.join(' ')).toBe(0);
    }
  });

  it('help texts name README sections that exist', () => {
    const readme = readFileSync(join(PCAPS_DIR, '..', 'README.md'), 'utf8');
    const sections = new Set([...readme.matchAll(/^#{2,3} (.+)$/gm)].map((m) => m[1]!.trim()));
    const named = new Set<string>();
    for (const args of [['help'], ['scan', '--help'], ['decode', '--help'], ['rules', '--help']]) {
      for (const m of runCli(args).stdout.matchAll(/README\s+"([^"]+)"/g)) named.add(m[1]!);
    }
    expect(named.size).toBeGreaterThanOrEqual(3);
    for (const n of named) expect(sections, `README section "${n}"`).toContain(n);
  });

  it('shows the stack trace only with --debug', () => {
    const r = runCli(['scan', '--debug', join(tmp, 'missing.pcap')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/\n\s+at /);
  });

  it.skipIf(SCENARIO === undefined)(SCENARIO === undefined ? PCAPS_SKIP : 'exits 1 naming file, line and path for a bad profile', () => {
    const f = join(tmp, 'bad-profile.yaml');
    writeFileSync(f, 'home:\n  name: X\n  imsi_prefixes: ["31x"]\n');
    const r = runCli(['scan', '--profile', f, SCENARIO_PATH]);
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`${f}:3`);
    expect(lines[0]).toContain('home.imsi_prefixes.0');
  });
});

describe.skipIf(SCENARIO === undefined)(SCENARIO === undefined ? PCAPS_SKIP : `sigwatch scan pcaps/${SCENARIO}`, () => {
  it('prints a summary with alerts and states the inferred home network', () => {
    const r = runCli(['scan', SCENARIO_PATH]);
    expect(r.code).toBe(0);
    const m = /^Alerts: (\d+)/m.exec(r.stdout);
    expect(Number(m?.[1])).toBeGreaterThan(0);
    expect(r.stdout).toContain('inferred from the traffic');
    expect(r.stdout).toMatch(/^Messages: \d+ signalling messages/m);
    expect(r.stdout).toContain('Most targeted subscribers');
    expect(r.stdout).toContain('Not analysed or lost');
  });

  it('without --profile: points at the profile beside the capture and says what it changes', () => {
    const r = runCliCached(['scan', SCENARIO_PATH]);
    const profile = SCENARIO_PATH.replace(/\.pcap(ng)?$/, '.profile.yaml');
    expect(existsSync(profile), profile).toBe(true);
    expect(r.stdout).toContain(`A profile sits beside this capture: sigwatch scan --profile ${profile}`);
    expect(r.stdout).toContain('Give --profile FILE to state the home network');
    expect(r.stdout).not.toMatch(/\?\?|\b1 (alerts|origins|signalling messages|frames)\b|\+anon:/);
  });

  it('--progress: every pass is shown with percentage and time left, then the totals', () => {
    const r = runCli(['scan', '--progress', '--jsonl', SCENARIO_PATH]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^pass 1\/2: inferring home network {2}\d+% [\d.]+\/[\d.]+ MB, \d+ messages, \d+ msg\/s, [\d.]+ s left$/m);
    expect(r.stderr).toMatch(/^pass 2\/2: decoding and detecting {2}\d+% /m);
    expect(r.stderr).toMatch(/^sigwatch: \d+ messages \([\d.]+ MB\) scanned in 2 passes in [\d.]+ s: \d+ msg\/s overall$/m);
    const one = runCli(['scan', '--progress', '--jsonl', '--profile', SCENARIO_PATH.replace(/\.pcap(ng)?$/, '.profile.yaml'), SCENARIO_PATH]);
    expect(one.stderr).toMatch(/^pass 1\/1: decoding and detecting {2}100% /m);
    // gzip: the percentage is of the compressed file.
    const gz = join(tmp, 'scenario.pcap.gz');
    writeFileSync(gz, gzipSync(readFileSync(SCENARIO_PATH)));
    const z = runCli(['scan', '--progress', '--jsonl', gz]);
    expect(z.code).toBe(0);
    expect(z.stderr).toMatch(/^pass 2\/2: decoding and detecting {2}100% /m);
    expect(one.stderr).toMatch(/^sigwatch: \d+ messages \([\d.]+ MB\) scanned in [\d.]+ s: /m);
    // Without --progress and without a terminal: silent.
    expect(runCliCached(['scan', '--jsonl', SCENARIO_PATH]).stderr).not.toContain('pass 1/2');
  });

  it('--jsonl: one §6 alert per line, with assumptions when the home network is inferred', () => {
    const r = runCliCached(['scan', '--jsonl', SCENARIO_PATH]);
    expect(r.code).toBe(0);
    const alerts = jsonLines(r.stdout);
    expect(alerts.length).toBeGreaterThan(0);
    for (const a of alerts) {
      for (const k of ALERT_KEYS) expect(a, k).toHaveProperty(k);
      expect(LEVELS).toContain(a.level);
      expect(a.source).toBe(SCENARIO_PATH);
      expect((a.assumptions as string[]).join(' ')).toContain('home network inferred');
    }
  });

  it('--profile: alerts carry no home-network assumption', () => {
    const profile = SCENARIO_PATH.replace(/\.pcap(ng)?$/, '.profile.yaml');
    if (!existsSync(profile)) return;
    const alerts = jsonLines(runCli(['scan', '--jsonl', '--profile', profile, SCENARIO_PATH]).stdout);
    expect(alerts.length).toBeGreaterThan(0);
    for (const a of alerts) expect(JSON.stringify(a.assumptions ?? [])).not.toContain('home network inferred');
  });

  it('--fail-on exits 3 when an alert reaches the level, 0 when none does', () => {
    const alerts = jsonLines(runCliCached(['scan', '--jsonl', SCENARIO_PATH]).stdout);
    const worst = Math.max(...alerts.map((a) => LEVELS.indexOf(a.level as string)));
    expect(runCli(['scan', '--jsonl', '--fail-on', LEVELS[worst]!, SCENARIO_PATH]).code).toBe(3);
    if (worst < LEVELS.length - 1) expect(runCli(['scan', '--jsonl', '--fail-on', LEVELS[worst + 1]!, SCENARIO_PATH]).code).toBe(0);
    expect(runCli(['scan', '--fail-on', 'severe', SCENARIO_PATH]).code).toBe(2);
  });

  it('--eve: Suricata-style alert records', () => {
    const lines = jsonLines(runCli(['scan', '--eve', SCENARIO_PATH]).stdout);
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines) {
      expect(l.event_type).toBe('alert');
      expect(typeof l.timestamp).toBe('string');
      const a = l.alert as Record<string, unknown>;
      expect(a.signature_id).toBeGreaterThanOrEqual(1_000_000);
      expect(typeof a.signature).toBe('string');
      expect([1, 2, 3, 4]).toContain(a.severity);
      expect(typeof a.category).toBe('string');
      expect((l.sigwatch as Record<string, unknown>).rule).toBeTypeOf('string');
    }
  });

  it('reads stdin and infers home from the warm-up: same alerts as the two-pass file scan', () => {
    const fromFile = jsonLines(runCliCached(['scan', '--jsonl', SCENARIO_PATH]).stdout).map((a) => `${a.frame}/${a.rule}`);
    const r = runCli(['scan', '--jsonl', '-'], readFileSync(SCENARIO_PATH));
    expect(r.code).toBe(0);
    const fromStdin = jsonLines(r.stdout);
    expect(fromStdin.map((a) => `${a.frame}/${a.rule}`)).toEqual(fromFile);
    expect(fromStdin[0]?.source).toBe('-');
  });

  it('a pipe given by path (/dev/stdin, a FIFO, a shell <(…)) is read once, like stdin (red-team X1: the second pass got 0 bytes)', () => {
    const fromFile = jsonLines(runCliCached(['scan', '--jsonl', SCENARIO_PATH]).stdout).map((a) => `${a.frame}/${a.rule}`);
    expect(fromFile.length).toBeGreaterThan(0); // a pass that read 0 bytes gives no alerts either
    // bash's process substitution passes /dev/fd/N, a pipe (spawnSync's stdin is a socket: no /dev/stdin to open).
    const r = spawnSync('bash', ['-c', 'exec "$0" "$1" scan --jsonl <(cat "$2")', process.execPath, CLI, SCENARIO_PATH], { encoding: 'utf8' });
    expect([r.status, r.stderr]).toEqual([0, expect.not.stringContaining('ERR_')]);
    expect(jsonLines(r.stdout).map((a) => `${a.frame}/${a.rule}`)).toEqual(fromFile);
  });

  it('stdin with --anonymize learns identifiers as the messages come: the counts of the file scan (first pass), no identifier shown', () => {
    const profile = SCENARIO_PATH.replace(/\.pcap(ng)?$/, '.profile.yaml');
    const section = (t: string): string => t.slice(t.indexOf('\nMessages:'), t.indexOf('\nAlerts:'));
    const fromFile = runCli(['scan', '--anonymize', 'pepper', '--profile', profile, SCENARIO_PATH]);
    const r = runCli(['scan', '--anonymize', 'pepper', '--profile', profile, '-'], readFileSync(SCENARIO_PATH));
    expect([r.code, fromFile.code]).toEqual([0, 0]);
    expect(section(r.stdout)).toContain('signalling messages');
    expect(section(r.stdout)).toBe(section(fromFile.stdout));
    expect(r.stdout).toContain('anon:');
    const jsonl = runCli(['scan', '--anonymize', 'pepper', '--profile', profile, '--jsonl', '-'], readFileSync(SCENARIO_PATH));
    expect(jsonl.stdout).toContain('anon:');
    for (const id of identifiers(SCENARIO_PATH, true)) expect(r.stdout.includes(id) || jsonl.stdout.includes(id), id).toBe(false);
  });

  it('several captures: alerts name their capture, subscriber state carries over, --state-out/--state-in round-trip', () => {
    const state = join(tmp, 'state.json');
    const r = runCli(['scan', '--jsonl', '--state-out', state, SCENARIO_PATH, SCENARIO_PATH]);
    expect(r.code).toBe(0);
    const alerts = jsonLines(r.stdout);
    const single = jsonLines(runCliCached(['scan', '--jsonl', SCENARIO_PATH]).stdout);
    expect(alerts.length).toBeGreaterThan(single.length);
    expect(new Set(alerts.map((a) => a.source))).toEqual(new Set([SCENARIO_PATH]));
    const snap = JSON.parse(readFileSync(state, 'utf8')) as { format: string; subscribers: unknown[] };
    expect(snap.format).toBe('sigwatch-state');
    expect(snap.subscribers.length).toBeGreaterThan(0);
    expect(runCli(['scan', '--jsonl', '--state-in', state, SCENARIO_PATH]).code).toBe(0);
    expect(runCli(['scan', '--state-in', join(tmp, 'no-state.json'), SCENARIO_PATH]).code).toBe(1);
  });

  it('--rules-only runs only the given rules; --rules adds to the default pack', () => {
    const dir = join(tmp, 'rules');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'any-sri.yaml'),
      'id: test-any-sri\nrev: 1\ntitle: Any SendRoutingInfo\nlevel: info\nscope:\n  protocol: [map]\n  operations: [sendRoutingInfo]\ndetection:\n  sel:\n    protocol: map\n  condition: sel\n',
    );
    const only = jsonLines(runCli(['scan', '--jsonl', '--rules-only', '--rules', dir, SCENARIO_PATH]).stdout);
    const sri = jsonLines(runCli(['decode', '--filter', 'map:sendRoutingInfo', SCENARIO_PATH]).stdout).filter(
      (e) => (e.component as { type: string }).type === 'invoke',
    );
    expect(new Set(only.map((a) => a.rule))).toEqual(new Set(sri.length > 0 ? ['test-any-sri'] : []));
    expect(only).toHaveLength(sri.length);
    const both = jsonLines(runCli(['scan', '--jsonl', '--rules', dir, SCENARIO_PATH]).stdout);
    expect(both.length).toBeGreaterThan(only.length);
  });
});

describe('sigwatch decode --filter and several captures', () => {
  it.skipIf(SCENARIO === undefined)(
    SCENARIO === undefined ? PCAPS_SKIP : 'an unknown protocol, MAP operation or Diameter command is a usage error with a suggestion',
    () => {
      const cases: [string, string][] = [
        ['map:sendRoutingInf', "--filter: unknown MAP operation 'sendRoutingInf' in 'map:sendRoutingInf'; did you mean 'sendRoutingInfo'?"],
        ['diameter:ULX', "--filter: unknown Diameter command 'ULX' in 'diameter:ULX'; did you mean"],
        ['mpa', "--filter: unknown protocol 'mpa' in 'mpa' (expected map, tcap or diameter); did you mean 'map'?"],
        ['tcap:begin', "unknown TCAP operation (TCAP filters take opcodes) 'begin'"],
      ];
      for (const [spec, msg] of cases) {
        const r = runCli(['decode', '--filter', spec, SCENARIO_PATH]);
        expect(r.code, spec).toBe(2);
        expect(r.stdout, spec).toBe('');
        expect(r.stderr, spec).toContain(msg);
      }
      const ok = runCli(['decode', '--filter', 'map:sendRoutingInfo,83', SCENARIO_PATH]);
      expect(ok.code).toBe(0);
      const ops = new Set(jsonLines(ok.stdout).map((e) => (e.component as { op: string }).op));
      expect([...ops].sort()).toEqual(['provideSubscriberLocation', 'sendRoutingInfo']);
    },
  );

  it.skipIf(SCENARIOS.length < 2)(
    SCENARIOS.length < 2 ? PCAPS_SKIP : 'several captures: every event names its capture in source; one capture: no source key',
    () => {
      const [a, b] = [join(PCAPS_DIR, SCENARIOS[0]!), join(PCAPS_DIR, SCENARIOS[1]!)];
      const events = jsonLines(runCli(['decode', a, b]).stdout);
      expect(new Set(events.map((e) => e.source))).toEqual(new Set([a, b]));
      const single = jsonLines(runCli(['decode', a]).stdout);
      expect(single.length).toBeGreaterThan(0);
      expect(single.filter((e) => 'source' in e)).toEqual([]);
    },
  );
});

describe('sigwatch decode', () => {
  it.skipIf(!HAS_CORPUS)(HAS_CORPUS ? 'JSONL carries the §4 keys (corpus)' : CORPUS_SKIP_REASON, () => {
    const r = runCli(['decode', CORPUS_MAP]);
    expect(r.code).toBe(0);
    const events = jsonLines(r.stdout);
    expect(events.length).toBeGreaterThan(100);
    for (const e of events) {
      for (const k of EVENT_KEYS) expect(e, k).toHaveProperty(k);
      expect(['map', 'tcap', 'diameter']).toContain(e.protocol);
      expect(e).toHaveProperty('sccp.calling');
      expect(e).toHaveProperty('tcap.type');
    }
  });
});

/** Argument keys that place or reach a subscriber (issue 18), and those of a `locationInfo` result. */
const LOCATION_ARGS = ['roamingNumber', 'vmscAddress', 'networkNodeNumber', 'routeingNumber', 'sgsnAddress', 'ggsnAddress', 'ggsnNumber'];
const LOCATION_INFO = [
  'locationNumber',
  'locationNumberDigits',
  'geographicalInformation',
  'locationEstimate',
  'vlrNumber',
  'mscNumber',
  'sgsnNumber',
  'cgi',
  'sai',
];

/** IMSIs and MSISDNs of a capture, from a non-anonymized decode; with `location`, the location values too (coordinates as written). */
function identifiers(capture: string, location = false): string[] {
  const ids = new Set<string>();
  for (const e of jsonLines(runCliCached(['decode', capture]).stdout)) {
    const s = e.subscriber as { imsi?: string; msisdn?: string };
    if (s.imsi) ids.add(s.imsi);
    if (s.msisdn) ids.add(s.msisdn);
    for (const i of (e.imsis as string[] | undefined) ?? []) ids.add(i);
    const args = (e.args ?? {}) as Record<string, unknown>;
    for (const k of ['imsi', 'msisdn']) if (typeof args[k] === 'string') ids.add(args[k]);
    if (!location) continue;
    for (const k of LOCATION_ARGS) if (typeof args[k] === 'string') ids.add(args[k]);
    const loc = (args.locationInfo ?? {}) as Record<string, unknown>;
    for (const k of LOCATION_INFO) if (typeof loc[k] === 'string') ids.add(loc[k]);
    // Coordinates of ≥ 4 decimals (TS 23.032 §6.1 gives ~6): a shorter number could be anything.
    for (const k of ['latitude', 'longitude']) if (typeof loc[k] === 'number' && /\.\d{4}/.test(String(loc[k]))) ids.add(String(loc[k]));
  }
  return [...ids];
}

async function anonymizeCase(capture: string, name: string): Promise<void> {
  const ids = identifiers(capture, true);
  // The capture carries location results (ATI/PSL/SRI results), or the test would prove nothing about them.
  expect(ids.length).toBeGreaterThan(identifiers(capture).length);
  const report = join(tmp, `anon-${name}.html`);
  const [summary, jsonl, eve, decode] = await Promise.all([
    runCliAsync(['scan', '--anonymize', 'pepper', '--report', report, capture]),
    runCliAsync(['scan', '--anonymize', 'pepper', '--jsonl', capture]),
    runCliAsync(['scan', '--anonymize', 'pepper', '--eve', capture]),
    runCliAsync(['decode', '--anonymize', 'pepper', capture]),
  ]);
  const outputs = { summary: summary.stdout, jsonl: jsonl.stdout, eve: eve.stdout, decode: decode.stdout, report: readFileSync(report, 'utf8') };
  for (const [name, text] of Object.entries(outputs)) {
    expect(text.length, name).toBeGreaterThan(0);
    for (const id of ids) expect(text.includes(id), `${name} contains ${id}`).toBe(false);
  }
  expect(outputs.jsonl).toContain('anon:');
  // Same salt, same token: outputs stay correlatable.
  const token = /anon:[0-9a-f]{16}/.exec(outputs.jsonl)?.[0];
  expect(outputs.summary + outputs.report).toContain(token);
}

describe('sigwatch scan --anonymize', () => {
  it.skipIf(SCENARIO === undefined)(SCENARIO === undefined ? PCAPS_SKIP : 'leaves no IMSI/MSISDN nor location value of the input in any output (pcaps)', () =>
    anonymizeCase(SCENARIO_PATH, 'pcaps'),
  );
  it.skipIf(!HAS_CORPUS)(HAS_CORPUS ? 'leaves no IMSI/MSISDN nor location value of the input in any output (corpus)' : CORPUS_SKIP_REASON, () =>
    anonymizeCase(CORPUS_MAP, 'corpus'),
  );
});

describe('sigwatch scan --report', () => {
  const capture = SCENARIO !== undefined ? SCENARIO_PATH : HAS_CORPUS ? CORPUS_TRACK : undefined;
  const profile = SCENARIO !== undefined ? SCENARIO_PATH.replace(/\.pcap(ng)?$/, '.profile.yaml') : undefined;
  const reportArgs = [...(profile !== undefined && existsSync(profile) ? ['--profile', profile] : []), capture ?? ''];
  const html = join(tmp, 'report.html');

  it.skipIf(capture === undefined)(
    capture === undefined ? PCAPS_SKIP : 'writes one self-contained file with drawn SVG charts, a world map with arcs and attack stories',
    () => {
      const r = runCli(['scan', '--report', html, ...reportArgs]);
      expect(r.code).toBe(0);
      const text = readFileSync(html, 'utf8');
      expect(text.startsWith('<!doctype html>')).toBe(true);
      const refs = [...text.matchAll(/\b(?:src|href)\s*=\s*["']?([^"' >]+)/gi)].map((m) => m[1]!);
      expect(refs.filter((u) => /^(https?:)?\/\//i.test(u))).toEqual([]);
      expect(text).not.toMatch(/<script|<link|@import|url\((?!#)/i); // url(#id): a marker inside the same SVG
      expect((text.match(/<svg/g) ?? []).length).toBeGreaterThanOrEqual(4);
      expect((text.match(/<(rect|path|circle)\b/g) ?? []).length).toBeGreaterThan(5);
      expect(text).toContain('<circle'); // per-subscriber timelines
      const map = /<svg class="world-map"[\s\S]*?<\/svg>/.exec(text)?.[0] ?? '';
      expect((map.match(/<path d="M/g) ?? []).length).toBeGreaterThan(150); // Natural Earth countries
      expect((map.match(/<path class="arc" d="M/g) ?? []).length).toBeGreaterThan(0);
      expect(map).toContain('class="origin"');
      expect(map).toContain('class="visited"');
      expect(text).toMatch(/→ [A-Z][a-z]+[^<]*\([A-Z]{2}\): \d+ flagged request/);
      expect(text).toContain('<h2>Attack stories</h2>');
      expect((text.match(/<table class="story">/g) ?? []).length).toBeGreaterThan(0);
      expect(text).toMatch(/bins of [0-9]+ (s|min|h|day|days|week)/);
      expect(text).not.toMatch(/\?\?|\+anon:|\b1 alerts\b/);
    },
  );

  it.skipIf(capture === undefined || CHROMIUM === undefined)(
    CHROMIUM === undefined ? 'skipped: chromium not installed (apt-get install -y chromium)' : 'renders in headless Chromium (non-blank screenshot)',
    () => {
      if (!existsSync(html)) runCli(['scan', '--report', html, ...reportArgs]);
      const png = join(tmp, 'report.png');
      screenshot(`file://${html}`, png, '1200,1600');
      expect(statSync(png).size).toBeGreaterThan(5000);
      const s = pngStats(readFileSync(png));
      expect(s.width).toBe(1200);
      expect(s.nonWhite).toBeGreaterThan(s.width * 20);
      expect(s.colours).toBeGreaterThan(10);
    },
    60_000,
  );

  it.skipIf(capture === undefined || CHROMIUM === undefined)(
    CHROMIUM === undefined
      ? 'skipped: chromium not installed (apt-get install -y chromium)'
      : 'headless Chromium draws the map: country shapes, and arcs that change the picture',
    () => {
      if (!existsSync(html)) runCli(['scan', '--report', html, ...reportArgs]);
      const map = /<svg class="world-map"[\s\S]*?<\/svg>/.exec(readFileSync(html, 'utf8'))![0];
      const shot = (svg: string, name: string): ReturnType<typeof pngPixels> => {
        const page = join(tmp, `${name}.html`);
        const png = join(tmp, `${name}.png`);
        writeFileSync(page, `<!doctype html><html><body style="margin:0;background:#fff">${svg}</body></html>`);
        screenshot(`file://${page}`, png, '960,500');
        return pngPixels(readFileSync(png));
      };
      const withArcs = shot(map, 'map');
      const without = shot(map.replace(/<g class="arcs"[\s\S]*?<\/g>/, ''), 'map-no-arcs');
      expect(countNear(withArcs, [0xe2, 0xe2, 0xe2], 2)).toBeGreaterThan(40_000); // land in grey
      expect(countDiff(withArcs, without)).toBeGreaterThan(300); // the arcs are drawn
    },
    120_000,
  );
});

describe('sigwatch rules lint', () => {
  it('accepts the shipped rules and example profile', () => {
    const r = runCli(['rules', 'lint']);
    expect(r.stdout).toMatch(/0 problems/);
    expect(r.code).toBe(0);
  });

  it('reports file, line, path and problem, exit 1', () => {
    const dir = join(tmp, 'bad-rules');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'bad.yaml'),
      'id: bad-rule\nrev: 1\ntitle: Bad\nlevel: severe\nscope:\n  protocol: [map]\ndetection:\n  sel:\n    protocol: map\n  condition: sel\n',
    );
    const r = runCli(['rules', 'lint', dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${join(dir, 'bad.yaml')}:4: level:`);
    expect(r.stdout).toMatch(/1 problem\b/);
  });

  it('reports every problem of every file in one run, counts every file, suggests names and points at shipped docs', () => {
    const dir = join(tmp, 'many-bad-rules');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'a.yaml'),
      'id: rule-a\nrev: 1\ntitle: A\nlevel: severe\nscope:\n  protocol: [map]\n  operations: [sendRoutingInf]\ndetection:\n  sel:\n    sccp.calling.gtt: "1"\n    from_outsid: home\n  condition: sel\nextra: 1\n',
    );
    writeFileSync(
      join(dir, 'b.yaml'),
      'id: rule-b\nrev: 1\ntitle: B\nlevel: high\nscope:\n  protocol: [map]\ndetection:\n  sel:\n    args.vlrNumber|startwith: "1"\n  condition: sel and other\n',
    );
    writeFileSync(
      join(dir, 'c.yaml'),
      'id: rule-c\nrev: 1\ntitle: C\nlevel: low\nscope:\n  protocol: [map]\ndetection:\n  sel:\n    protocol: map\n  condition: sel\n',
    );
    const r = runCli(['rules', 'lint', dir]);
    expect(r.code).toBe(1);
    const a = join(dir, 'a.yaml');
    const b = join(dir, 'b.yaml');
    for (const line of [
      `${a}:4: level: `,
      `${a}:7: scope.operations.0: unknown MAP operation "sendRoutingInf"; did you mean "sendRoutingInfo"?`,
      `${a}:10: detection.sel.sccp.calling.gtt: unknown field "sccp.calling.gtt"; did you mean "sccp.calling.gt"? (field reference: docs/fields.md`,
      `${a}:11: detection.sel.from_outsid: unknown predicate or field "from_outsid"; did you mean "from_outside"?`,
      `${a}:13: extra: unknown key "extra"`,
      `${b}:9: detection.sel.args.vlrNumber|startwith: unknown modifier "startwith"; did you mean "startswith"?`,
      `${b}:10: detection.condition: condition "sel and other": unknown selection "other"`,
    ])
      expect(r.stdout).toContain(line);
    expect(r.stdout).toContain('rules lint: 3 rule files (1 valid), 0 profiles (0 valid), 7 problems');
    expect(r.stdout).not.toContain('src/events/fields.ts');
  });

  it('--profile with several mistakes: every one on its own line, with the closest key', () => {
    const f = join(tmp, 'many-bad-profile.yaml');
    writeFileSync(f, 'home:\n  nme: X\n  imsi_prefixes: ["31x"]\npartner: []\nthresholds:\n  velocity_kmh: -1\n');
    const lint = runCli(['rules', 'lint', '--profile', f]);
    expect(lint.code).toBe(1);
    expect(lint.stdout).toContain(`${f}:2: home.nme: unknown key "nme"; did you mean "name"?`);
    expect(lint.stdout).toContain(`${f}:4: partner: unknown key "partner"; did you mean "partners"?`);
    expect(lint.stdout).toMatch(/4 problems/);
  });

  it.skipIf(SCENARIO === undefined)(SCENARIO === undefined ? PCAPS_SKIP : 'scan --profile with several mistakes: one stderr line each, file and line', () => {
    const f = join(tmp, 'many-bad-profile-scan.yaml');
    writeFileSync(f, 'home:\n  nme: X\n  imsi_prefixes: ["31x"]\npartner: []\nthresholds:\n  velocity_kmh: -1\n');
    const r = runCli(['scan', '--profile', f, SCENARIO_PATH]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(4);
    expect(r.stderr).toContain(`sigwatch: ${f}:6: thresholds.velocity_kmh: `);
  });
});

describe('README', () => {
  const readme = readFileSync(join(PCAPS_DIR, '..', 'README.md'), 'utf8');
  const block = /## Library[\s\S]*?```js\n([\s\S]*?)```/.exec(readme)?.[1];

  it('quick start names a capture that exists', () => {
    const m = /npx sigwatch scan (pcaps\/\S+)/.exec(readme);
    expect(m).not.toBeNull();
    if (SCENARIO !== undefined) expect(existsSync(join(PCAPS_DIR, '..', m![1]!))).toBe(true);
  });

  it.skipIf(SCENARIO === undefined)(SCENARIO === undefined ? PCAPS_SKIP : 'the embedding example runs as written against the built package', () => {
    expect(block).toBeDefined();
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', block!], { cwd: join(PCAPS_DIR, '..'), encoding: 'utf8' });
    expect(out).toMatch(/^\[(info|low|medium|high|critical)\] [a-z0-9-]+: /m);
    expect(out).toMatch(/detector stats: \d+ events, [1-9]\d* alerts/);
    expect(out).toMatch(/stream alerts: [1-9]/);
  });
});
