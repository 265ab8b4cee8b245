/**
 * Review of round 9 (C-1, C-2, C-4) end to end through the CLI: a subscriber's number written in
 * national form, with Unicode separators, invisible characters, fullwidth digits and escapes, in
 * a USSD string (UCS2, TS 23.038 §5), a Diameter Origin-Host (a host name), Origin-Realm and
 * Session-Id (SIP and tel URIs), reaches no output of `scan --anonymize` (summary, HTML report,
 * --jsonl, --eve, logs) or `decode --anonymize`; without --anonymize the same outputs show it
 * (the test can fail).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mapArg } from '../../src/encode/map.js';
import { buildOnce, runCliAsync } from '../cli/run-cli.js';
import { leaks } from '../support/readable.js';
import { gt, mapFrame, pcap, sri, tempFile, ulr } from './captures.js';

const PROFILE = 'pcaps/ss7-location-tracking.profile.yaml';
const ATTACKER = '8613800000001';
const HOME_IMSI = '310410586413927';
const MSISDN = '4915208634971'; // +49 1520 8634971, national 01520 8634971
const NSN = '15208634971';
const fw = (d: string): string => [...d].map((c) => String.fromCharCode(0xff10 + Number(c))).join('');

/** UCS2 octets (TS 23.038 §5: DCS 0x48, UCS2 big-endian). */
function ucs2(s: string): Uint8Array {
  const out = new Uint8Array(2 * s.length);
  for (let i = 0; i < s.length; i++) {
    out[2 * i] = s.charCodeAt(i) >> 8;
    out[2 * i + 1] = s.charCodeAt(i) & 0xff;
  }
  return out;
}

function capture(): string {
  const ussd = `Rueckruf an 01520\u00a0863\u202f49\u200b71 oder \uff0b${fw('49')} ${fw('1520')}\u2011${fw('8634971')}`;
  const frames = [
    // The MSISDN is learned from an SRI naming it.
    sri(MSISDN, ATTACKER),
    mapFrame({
      opcode: 59,
      acn: '0.4.0.0.1.0.19.2',
      param: mapArg.ussd({ packed: ucs2(ussd), dcs: 0x48, msisdn: '12025550111' }),
      calling: gt(ATTACKER, 147),
      called: gt('12025550001', 6),
    }),
    ulr({
      sessionId: `mme.evil.example;1;sip:0152%E2%80%8B0863%204971@ims.example;tel:+49\u20131520\u20138634971;(0)1520\n863 4971`,
      originHost: `mme-01520\u2014863\u201449\u206071.evil.example`,
      originRealm: '0\u0661\u0665\u0662\u0660.863.4971.evil.example',
      userName: HOME_IMSI,
    }),
  ];
  return tempFile(pcap(frames));
}

describe('anonymisation of numbers in every notation, end to end', () => {
  buildOnce();

  it('no output of scan or decode --anonymize shows 6 digits of the MSISDN or its national number', { timeout: 120_000 }, async () => {
    const file = capture();
    const salt = ['--anonymize', 'pepper'];
    const report = tempFile('', '.html');
    const plainReport = tempFile('', '.html');
    const runs = await Promise.all([
      runCliAsync(['scan', file, '--profile', PROFILE, '--report', report, '--log-level', 'debug', ...salt]),
      runCliAsync(['scan', file, '--profile', PROFILE, '--jsonl', '--log-level', 'info', ...salt]),
      runCliAsync(['scan', file, '--profile', PROFILE, '--eve', ...salt]),
      runCliAsync(['decode', file, ...salt]),
      runCliAsync(['scan', file, '--profile', PROFILE, '--report', plainReport, '--jsonl']),
      runCliAsync(['decode', file]),
    ]);
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    const outputs: Record<string, string> = { report: readFileSync(report, 'utf8') };
    runs.slice(0, 4).forEach((r, i) => {
      outputs[`run${i}.stdout`] = r.stdout;
      outputs[`run${i}.stderr`] = r.stderr;
    });
    // Without --anonymize the strings are there: the USSD text in the events, the Diameter
    // identities in the alerts and the report.
    const plain = { report: readFileSync(plainReport, 'utf8'), jsonl: runs[4]!.stdout, decode: runs[5]!.stdout };
    for (const [name, text] of Object.entries(plain)) expect(leaks(text, NSN), name).not.toEqual([]);
    expect(outputs['run1.stdout']).toContain('anon:');
    for (const [name, text] of Object.entries(outputs)) {
      expect(leaks(text, MSISDN), name).toEqual([]);
      expect(leaks(text, NSN), name).toEqual([]);
    }
  });
});
