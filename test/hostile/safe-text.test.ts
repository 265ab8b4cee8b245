/**
 * Issue 16, defect 4 ("terminal injection"): Origin-Host / Origin-Realm / Session-Id carrying
 * `ESC]0;…BEL ESC[2J ESC[31m … CR NUL` were written raw by the text summary (retitle and clear
 * the terminal, forge summary lines) and NUL/ESC reached the HTML/SVG report, where XML 1.0
 * forbids them. Capture-derived strings now pass src/report/safe-text.ts at every boundary.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { escapeControls, jsonEscapedUnit, jsonSafe, safeValue, xmlSafe } from '../../src/report/safe-text.js';
import { buildOnce, runCli } from '../cli/run-cli.js';
import { pcap, tempFile, ulr } from './captures.js';

const EVIL = '\x1b]0;pwned\x07\x1b[2J\x1b[31mFAKE ALERT\r\x00\u009b31m\u007f\u202e\u200f\u061c\u2028';
/** What a terminal must never receive from a capture: C0 (but the summary's own newlines), DEL, C1, bidi overrides. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the test looks for raw control characters
const RAW = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/;
/** Characters XML 1.0 (§2.2 Char) forbids. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the characters XML 1.0 forbids are controls
const XML_FORBIDDEN = /[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

describe('safe-text', () => {
  it('escapeControls shows every control as a visible escape and keeps ordinary text', () => {
    const s = escapeControls(`host${EVIL}.example ✓ é 日本`);
    expect(s).not.toMatch(RAW);
    expect(s).not.toContain('\n');
    expect(s).toBe('host\\x1b]0;pwned\\x07\\x1b[2J\\x1b[31mFAKE ALERT\\r\\x00\\x9b31m\\x7f\\u{202e}\\u{200f}\\u{61c}\\u{2028}.example ✓ é 日本');
    expect(escapeControls('a\nb\tc')).toBe('a\\nb\\tc');
    expect(escapeControls('plain text 12025550100')).toBe('plain text 12025550100');
  });

  it('safeValue escapes every string of a value, deep, and leaves numbers and typed arrays', () => {
    const times = new Float64Array([1, 2]);
    const v = safeValue({ a: [`x${EVIL}`], n: 3, t: times, o: { s: '\x1b' } });
    expect(JSON.stringify(v)).not.toMatch(/\\u001b|\\u0007/);
    expect(v.n).toBe(3);
    expect(v.t).toBe(times);
    expect(v.o.s).toBe('\\x1b');
  });

  it('xmlSafe drops what XML 1.0 forbids (also lone surrogates) and keeps tab, LF, CR and pairs', () => {
    expect(xmlSafe(`a\x00b\x1bc\x07d\ufffee\ud800f\udc00g\t\n\r😀`)).toBe('abcdefg\t\n\r😀');
  });

  it('the sets, built from one range list, over every UTF-16 unit: terminal = C0 + DEL, C1, bidi, LS/PS; JSON = the same minus C0; the byte writer agrees', () => {
    const above = (c: number): boolean =>
      (c >= 0x7f && c <= 0x9f) || c === 0x061c || c === 0x200e || c === 0x200f || (c >= 0x2028 && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
    const wrong: string[] = [];
    for (let c = 0; c <= 0xffff; c++) {
      const s = `a${String.fromCharCode(c)}b`;
      if ((escapeControls(s) !== s) !== (c <= 0x1f || above(c))) wrong.push(`escapeControls ${c.toString(16)}`);
      if ((jsonSafe(s) !== s) !== above(c)) wrong.push(`jsonSafe ${c.toString(16)}`);
      if (c >= 0x7f && jsonEscapedUnit(c) !== above(c)) wrong.push(`jsonEscapedUnit ${c.toString(16)}`);
    }
    expect(wrong).toEqual([]);
  });

  it('jsonSafe writes DEL, C1 and bidi controls as \\u escapes (JSON.stringify leaves them raw)', () => {
    const line = JSON.stringify({ host: `a\u009b\u007f\u202eb` });
    expect(line).toMatch(RAW);
    const safe = jsonSafe(line);
    expect(safe).not.toMatch(RAW);
    expect(JSON.parse(safe)).toEqual(JSON.parse(line));
  });
});

describe('CLI: hostile Diameter identities reach no terminal or report raw', () => {
  buildOnce();
  const host = `mme${EVIL}.epc.mnc001.mcc208.3gppnetwork.org`;
  // Origin-Realm of another PLMN than the Visited-PLMN-Id: ul-origin-spoof fires and its "Why" line quotes the realm.
  const realm = `evil${EVIL}.epc.mnc099.mcc460.3gppnetwork.org`;
  const frames = Array.from({ length: 3 }, (_, i) =>
    ulr({ sessionId: `${host};${i}${EVIL}`, originHost: host, originRealm: realm, userName: `31041012345678${i}`, visited: ['208', '01'] }),
  );
  const file = tempFile(pcap(frames));
  const profile = tempFile(readFileSync('pcaps/diameter-location-tracking.profile.yaml'), '.yaml');

  it('summary (top origins, timeline, "Why" lines) and the HTML report', () => {
    const html = tempFile('', '.html');
    const r = runCli(['scan', file, '--profile', profile, '--report', html]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('alerts');
    expect(r.stdout).toContain('evil\\x1b]0;pwned\\x07'); // shown, visibly
    expect(r.stdout).not.toMatch(RAW);
    const report = readFileSync(html, 'utf8');
    expect(report).toContain('evil');
    expect(report).not.toMatch(XML_FORBIDDEN);
    expect(report).not.toContain('\x1b');
  });

  it('--jsonl, --eve and decode: valid JSON with no raw control, DEL, C1 or bidi character', () => {
    for (const args of [
      ['scan', file, '--profile', profile, '--jsonl'],
      ['scan', file, '--profile', profile, '--eve'],
      ['decode', file],
    ]) {
      const r = runCli(args);
      expect(r.code).toBe(0);
      expect(r.stdout.length).toBeGreaterThan(0);
      expect(r.stdout).not.toMatch(RAW);
      for (const l of r.stdout.trim().split('\n')) expect(JSON.stringify(JSON.parse(l))).toContain('evil');
      expect(r.stderr).not.toMatch(RAW);
    }
  });

  it('logs (--log-level debug) carry no raw control either', () => {
    const r = runCli(['scan', file, '--jsonl', '--log-level', 'debug']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('"msg"');
    expect(r.stderr).not.toMatch(RAW);
  });
});
