/**
 * QA of issues 15 × 16 combined: the strings issue 15 added to the outputs (home-inference lines,
 * the campaign origin list of multi-origin-targeting, the presence / velocity explanation of
 * impossible-travel, the harvesting explanation naming the origin node, the realm of
 * diameter-realm-not-plmn) go through the anonymiser and the safe-text escaping like every
 * other capture-derived string. One capture where all four of those rules fire, with hostile
 * Origin-Host / Origin-Realm / Session-Id strings and random subscriber identifiers; every output
 * of `scan` (summary with and without a profile, --jsonl, --eve, HTML report) and `decode`.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeTbcd } from '../../src/asn1/tbcd.js';
import { DIAMETER_APP, DIAMETER_CMD } from '../../src/diameter/dictionary/codes.js';
import { encodePlmn } from '../../src/diameter/plmn.js';
import { avp, avp3 } from '../../src/encode/diameter.js';
import { buildOnce, runCliAsync } from '../cli/run-cli.js';
import { diameterFrame, pcap, tempFile, ulr } from './captures.js';

const PROFILE = 'pcaps/realm-and-harvesting.profile.yaml';
const EVIL = '\x1b]0;pwned\x07\x1b[2J\x1b[31mFAKE\r\x00\u009b31m\u007f\u202e';
// biome-ignore lint/suspicious/noControlCharactersInRegex: the test looks for raw control characters
const RAW = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: the characters XML 1.0 forbids are controls
const XML_FORBIDDEN = /[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]/;
const FRANCE = 'epc.mnc001.mcc208.3gppnetwork.org';
const HSS_REALM = 'epc.mnc410.mcc310.3gppnetwork.org';
const HARVEST_SUBS = 12; // > thresholds.auth_harvest.subscribers (10)

const digits = (n: number) => fc.array(fc.integer({ min: 1, max: 9 }), { minLength: n, maxLength: n }).map((a) => a.join(''));

/** SLg PLR (TS 29.172 §7.3.1) for `imsi` / `msisdn` from `realm`. */
function plr(imsi: string, msisdn: string, host: string, realm: string): Uint8Array {
  return diameterFrame(DIAMETER_CMD.slg.PLR, DIAMETER_APP.slg, [
    avp(263, `${host};plr;${imsi}`),
    avp(264, host),
    avp(296, realm),
    avp(283, HSS_REALM),
    avp(1, imsi),
    avp3(701, encodeTbcd(msisdn)),
  ]);
}

/** S6a AIR (TS 29.272 §7.2.5) for `imsi` from `host` / `realm`. */
function air(imsi: string, host: string, realm: string): Uint8Array {
  return diameterFrame(DIAMETER_CMD.s6a.AIR, DIAMETER_APP.s6a, [
    avp(263, `${host};air;${imsi}`),
    avp(264, host),
    avp(296, realm),
    avp(283, HSS_REALM),
    avp(1, imsi),
    avp3(1407, encodePlmn('460', '01')),
  ]);
}

function capture(msins: string[], number: string): { file: string; secrets: string[] } {
  const imsi = `310410${msins[0]}`;
  const msisdn = `1202555${number}`;
  const frames: Uint8Array[] = [
    // Registered in France (partner), then a ULR from China one second later: impossible-travel.
    ulr({ sessionId: `mme.fr;1;${imsi}`, originHost: 'mme.fr.example', originRealm: FRANCE, userName: imsi, visited: ['208', '01'] }),
    ulr({
      sessionId: `mme${EVIL};2;${imsi}`,
      originHost: `mme${EVIL}.epc.mnc001.mcc460.3gppnetwork.org`,
      originRealm: `cn${EVIL}.epc.mnc001.mcc460.3gppnetwork.org`,
      userName: imsi,
      visited: ['460', '01'],
    }),
    // A realm that is no PLMN: diameter-realm-not-plmn quotes it.
    ulr({ sessionId: `x${EVIL};3;${imsi}`, originHost: `h${EVIL}.attacker.com`, originRealm: `attacker${EVIL}.com`, userName: imsi, visited: ['460', '01'] }),
  ];
  // Three foreign origins locating the subscriber: multi-origin-targeting lists them with their realms.
  frames.push(plr(imsi, msisdn, `gmlc${EVIL}.ru.example`, `ru${EVIL}.epc.mnc001.mcc250.3gppnetwork.org`));
  frames.push(plr(imsi, msisdn, `gmlc${EVIL}.ng.example`, `ng${EVIL}.epc.mnc020.mcc621.3gppnetwork.org`));
  frames.push(plr(imsi, msisdn, `gmlc${EVIL}.ir.example`, `ir${EVIL}.epc.mnc011.mcc432.3gppnetwork.org`));
  // One origin asking for the vectors of many home subscribers: auth-vector-harvesting.
  for (const m of msins) frames.push(air(`310410${m}`, `harvest${EVIL}.epc.mnc001.mcc460.3gppnetwork.org`, `cn${EVIL}.epc.mnc001.mcc460.3gppnetwork.org`));
  return { file: tempFile(pcap(frames)), secrets: [...msins, number] };
}

function windows(secrets: string[]): string[] {
  const out = new Set<string>();
  for (const s of secrets) for (let i = 0; i + 6 <= s.length; i++) out.add(s.slice(i, i + 6));
  return [...out];
}

describe('issue 15 output fields under issue 16 (anonymiser, safe text)', () => {
  buildOnce();

  it('campaign, velocity, harvesting, realm and inference strings: no identifier digits, no raw control', { timeout: 240_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(digits(9), { minLength: HARVEST_SUBS, maxLength: HARVEST_SUBS }), digits(4), async (msins, number) => {
        const { file, secrets } = capture(msins, number);
        const report = tempFile('', '.html');
        const plain = await runCliAsync(['scan', file, '--profile', PROFILE, '--jsonl']);
        expect(plain.code, plain.stderr).toBe(0);
        const rules = new Set(
          plain.stdout
            .trim()
            .split('\n')
            .map((l) => (JSON.parse(l) as { rule: string }).rule),
        );
        for (const r of ['impossible-travel', 'diameter-realm-not-plmn', 'multi-origin-targeting', 'auth-vector-harvesting']) expect(rules, r).toContain(r);

        const salt = ['--anonymize', 'pepper'];
        const runs = await Promise.all([
          runCliAsync(['scan', file, '--profile', PROFILE, '--report', report, ...salt]),
          runCliAsync(['scan', file, '--profile', PROFILE, '--jsonl', ...salt]),
          runCliAsync(['scan', file, '--profile', PROFILE, '--eve', ...salt]),
          runCliAsync(['scan', file, '--jsonl', ...salt]),
          runCliAsync(['scan', file, ...salt]),
          runCliAsync(['decode', file, ...salt]),
        ]);
        const outputs: Record<string, string> = { report: readFileSync(report, 'utf8') };
        runs.forEach((r, i) => {
          expect(r.code, r.stderr).toBe(0);
          outputs[`run${i}.stdout`] = r.stdout;
          outputs[`run${i}.stderr`] = r.stderr;
        });
        // The new strings are there (shown visibly escaped), so the checks below can fail.
        expect(outputs['run0.stdout']).toContain('attacker\\x1b]0;pwned');
        expect(outputs['run1.stdout']).toContain('distinct origin network');
        expect(outputs['run1.stdout']).toContain('authentication vectors harvest\\u001b]0;pwned');
        expect(outputs['run1.stdout']).toContain('would move the subscriber');
        expect(outputs['run4.stdout']).toContain('inferred from the traffic');
        expect(outputs['run3.stdout']).toContain('home network inferred');
        for (const [name, text] of Object.entries(outputs)) {
          if (name === 'report') expect(text, name).not.toMatch(XML_FORBIDDEN);
          else expect(text, name).not.toMatch(RAW);
          for (const w of windows(secrets)) expect(text.includes(w), `${name} contains ${w}`).toBe(false);
        }
        for (const i of [1, 2, 3, 5]) for (const l of outputs[`run${i}.stdout`]!.trim().split('\n')) expect(() => JSON.parse(l)).not.toThrow();
      }),
      { numRuns: 3, seed: 15, endOnFailure: true },
    );
  });
});
