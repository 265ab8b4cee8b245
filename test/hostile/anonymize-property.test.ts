/**
 * Issue 16, defect 1 as a property, end to end through the CLI: generated traffic with random
 * identifiers in every field that can carry one (MAP IMSI/MSISDN arguments, additional MSISDN,
 * called GT routed on the MSISDN, E.214 MGT of the IMSI, Diameter User-Name as IMSI and as EAP
 * NAI, Session-Ids quoting them, Subscription-Id `+E.164` and IMSI, Sh Public-Identity `tel:` /
 * `sip:`, MSISDN and A-MSISDN AVPs); no output of `scan --anonymize` (summary, HTML report,
 * --jsonl, --eve, logs) or `decode --anonymize` contains a run of 6 digits of any identifier
 * (or of its MSIN) — windows taken over each identifier's random subscriber part.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeTbcd } from '../../src/asn1/tbcd.js';
import { avp, avp3, group, msisdnAvp } from '../../src/encode/diameter.js';
import { mapArg } from '../../src/encode/map.js';
import { buildOnce, runCliAsync } from '../cli/run-cli.js';
import { diameterFrame, gt, mapFrame, pcap, tempFile, ulOnMgt, sri, ulr } from './captures.js';

const PROFILE = 'pcaps/ss7-location-tracking.profile.yaml';
const HLR = '12025550001';
const ATTACKER = '8613800000001';
const FOREIGN_VLR = '2347010000002';

interface Sub {
  msin: string; // 9 random digits
  number: string; // 7 random digits after CC + NDC
  extra: string; // A-MSISDN / additional MSISDN subscriber part
}
// Digits 1-9: a window of zeros would also match timestamps (".000000Z") and prove nothing.
const digits = (n: number) => fc.array(fc.integer({ min: 1, max: 9 }), { minLength: n, maxLength: n }).map((a) => a.join(''));
const sub = fc.record({ msin: digits(9), number: digits(7), extra: digits(7) });

function traffic(subs: Sub[]): { frames: Uint8Array[]; secrets: string[] } {
  const frames: Uint8Array[] = [];
  const secrets: string[] = [];
  for (const s of subs) {
    const imsi = `310410${s.msin}`;
    const msisdn = `1202${s.number}`;
    const aMsisdn = `1202${s.extra}`;
    secrets.push(s.msin, s.number, s.extra);
    const nai = `0${imsi}@nai.epc.mnc410.mcc310.3gppnetwork.org`;
    frames.push(
      ulOnMgt(imsi, `1202${s.msin}`, FOREIGN_VLR),
      sri(msisdn, ATTACKER),
      mapFrame({ opcode: 70, acn: '0.4.0.0.1.0.28.3', param: mapArg.provideSubscriberInfo({ imsi }), calling: gt(ATTACKER), called: gt(HLR, 6) }),
      mapFrame({
        opcode: 71,
        acn: '0.4.0.0.1.0.29.3',
        param: mapArg.anyTimeInterrogation({ msisdn, gsmScfAddress: ATTACKER }),
        calling: gt(ATTACKER, 147),
        called: gt(msisdn, 6),
      }),
      mapFrame({
        opcode: 83,
        acn: '0.4.0.0.1.0.38.3',
        param: mapArg.provideSubscriberLocation({ mlcNumber: ATTACKER, imsi, msisdn }),
        calling: gt(ATTACKER, 145),
        called: gt(FOREIGN_VLR, 8),
      }),
      mapFrame({
        opcode: 7,
        acn: '0.4.0.0.1.0.16.3',
        param: mapArg.insertSubscriberData({ imsi, msisdn, additionalMsisdn: aMsisdn }),
        calling: gt(HLR, 6),
        called: gt(FOREIGN_VLR),
      }),
      ulr({ sessionId: `mme.evil.example;1;${imsi}`, originHost: 'mme.evil.example', originRealm: 'epc.mnc001.mcc460.3gppnetwork.org', userName: imsi }),
      ulr({ sessionId: `aaa.example;2;${nai}`, originHost: 'aaa.example', originRealm: 'epc.mnc001.mcc460.3gppnetwork.org', userName: nai }),
      diameterFrame(272, 4, [
        avp(263, `ocs.example;3;tel:+${msisdn}`),
        avp(264, 'pgw.example'),
        avp(296, 'epc.mnc001.mcc460.3gppnetwork.org'),
        group(443, [avp(450, 0, { type: 'Enumerated' }), avp(444, `+${msisdn}`)]),
        group(443, [avp(450, 1, { type: 'Enumerated' }), avp(444, imsi)]),
      ]),
      diameterFrame(306, 16777217, [
        avp(263, `as.example;4;sip:+${msisdn}@ims.mnc410.mcc310.3gppnetwork.org`),
        avp(264, 'as.evil.example'),
        avp(296, 'evil.example'),
        group(700, [avp3(601, `tel:+${msisdn}`), avp3(601, `sip:${aMsisdn}@ims.example`)], { vendor: 10415 }),
      ]),
      diameterFrame(319, 16777251, [
        avp(263, `hss.example;5;${imsi}`),
        avp(264, 'hss.epc.mnc410.mcc310.3gppnetwork.org'),
        avp(296, 'epc.mnc410.mcc310.3gppnetwork.org'),
        avp(1, imsi),
        group(1400, [msisdnAvp(msisdn), avp3(1643, encodeTbcd(aMsisdn))], { vendor: 10415 }),
      ]),
    );
  }
  return { frames, secrets };
}

/** 6-digit windows over each random subscriber part (and across its junction with the prefix by ≤ 3 digits). */
function windows(secrets: string[]): string[] {
  const out = new Set<string>();
  for (const s of secrets) for (let i = 0; i + 6 <= s.length; i++) out.add(s.slice(i, i + 6));
  return [...out];
}

describe('anonymisation property: no output carries 6 digits of an identifier', () => {
  buildOnce();

  it('random identifiers in every field, every output of scan and decode', { timeout: 240_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(sub, { minLength: 1, maxLength: 4 }), async (subs) => {
        const { frames, secrets } = traffic(subs);
        const file = tempFile(pcap(frames));
        const report = tempFile('', '.html');
        const salt = ['--anonymize', 'pepper'];
        const runs = await Promise.all([
          runCliAsync(['scan', file, '--profile', PROFILE, '--report', report, '--log-level', 'debug', ...salt]),
          runCliAsync(['scan', file, '--jsonl', '--log-level', 'info', ...salt]),
          runCliAsync(['scan', file, '--profile', PROFILE, '--eve', ...salt]),
          runCliAsync(['decode', file, ...salt]),
          // Without a profile the summary prints the home inference (HLR GTs: the E.214 MGTs).
          runCliAsync(['scan', file, ...salt]),
        ]);
        const outputs: Record<string, string> = { report: readFileSync(report, 'utf8') };
        runs.forEach((r, i) => {
          expect(r.code, r.stderr).toBe(0);
          outputs[`run${i}.stdout`] = r.stdout;
          outputs[`run${i}.stderr`] = r.stderr;
        });
        // The outputs are not empty: alerts fired and events were written, with tokens.
        expect(outputs['run1.stdout']).toContain('anon:');
        expect(outputs['run2.stdout']).toContain('anon:');
        expect(outputs['run3.stdout']!.split('\n').length).toBeGreaterThan(frames.length);
        expect(outputs['run0.stderr']).toContain('"msg"');
        expect(outputs['run4.stdout']).toContain('inferred from the traffic');
        for (const w of windows(secrets)) for (const [name, text] of Object.entries(outputs)) expect(text.includes(w), `${name} contains ${w}`).toBe(false);
      }),
      { numRuns: 5, seed: 16 },
    );
  });
});
