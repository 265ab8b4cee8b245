/**
 * --anonymize on red-team round 17 J4's explanation (round 19): a PSL naming the victim's IMSI beside a number its
 * sender picked names the number the state links to the IMSI as the subscriber's, and the explanation says "(the
 * request also named …)". Neither number, nor the IMSI, may appear in clear in any output: --jsonl, --eve, the summary,
 * the HTML report, decode. Both ways the link can be known: learned from the capture (the HLR's SRI-for-SM result
 * before the PSL) and restored by --state-in (the capture holds the PSL alone: the linked number is in no event).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CN_DECOY, HOME_DECOY, IMSI, pslCapture, SS7P, VICTIM } from '../support/psl-identity.js';
import { buildOnce, runCli, runCliAsync } from './run-cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'sigwatch-j4-anon-'));

/** Every form a number or IMSI is written in: whole, national significant number (E.164 §6.1), MSIN (TS 23.003 §2.2). */
function forms(decoy: string): string[] {
  const nsn = (n: string) => (n.startsWith('1') ? n.slice(1) : n.slice(2));
  return [IMSI, IMSI.slice(5), IMSI.slice(6), VICTIM, nsn(VICTIM), decoy, nsn(decoy)];
}

/** The outputs of a scan of `capture` with --anonymize (and `extra` options), and of its decode. */
async function outputs(capture: string, name: string, extra: string[]): Promise<Record<string, string>> {
  const report = join(tmp, `${name}.html`);
  const scan = ['scan', '--anonymize', 'pepper', '--profile', SS7P, ...extra];
  const [summary, jsonl, eve, decode] = await Promise.all([
    runCliAsync([...scan, '--report', report, capture]),
    runCliAsync([...scan, '--jsonl', capture]),
    runCliAsync([...scan, '--eve', capture]),
    runCliAsync(['decode', '--anonymize', 'pepper', capture]),
  ]);
  for (const r of [summary, jsonl, eve, decode]) expect(r.code, r.stderr).toBe(0);
  return {
    summary: summary.stdout + summary.stderr,
    jsonl: jsonl.stdout + jsonl.stderr,
    eve: eve.stdout + eve.stderr,
    decode: decode.stdout + decode.stderr,
    report: readFileSync(report, 'utf8'),
  };
}

function expectNoneInClear(out: Record<string, string>, decoy: string): void {
  // The alert is there, with the explanation under test (its numbers as tokens).
  expect(out.jsonl).toMatch(/PSL for anon:[0-9a-f]{16} \(the request also named anon:[0-9a-f]{16}\) from CN/);
  expect(out.report).toContain('the request also named anon:');
  for (const [name, text] of Object.entries(out)) for (const id of forms(decoy)) expect(text.includes(id), `${name} contains ${id}`).toBe(false);
}

describe('--anonymize on rt17 J4: the linked number and the number the request named', () => {
  beforeAll(() => buildOnce(), 180_000);

  for (const [label, decoy] of [
    ['home', HOME_DECOY],
    ['CN', CN_DECOY],
  ] as const) {
    it(`link learned from the capture, ${label} decoy: no IMSI or number in clear in any output`, async () => {
      const capture = join(tmp, `j4-${label}.pcap`);
      writeFileSync(capture, pslCapture({ imsi: IMSI, msisdn: decoy }));
      expectNoneInClear(await outputs(capture, `j4-${label}`, []), decoy);
    });

    it(`link restored by --state-in (the PSL alone), ${label} decoy: no IMSI or number in clear in any output`, async () => {
      const link = join(tmp, `link-${label}.pcap`);
      const state = join(tmp, `state-${label}.json`);
      writeFileSync(link, pslCapture(undefined));
      expect(runCli(['scan', '--profile', SS7P, '--state-out', state, link]).code).toBe(0);
      expect(readFileSync(state, 'utf8')).toContain(VICTIM);
      const capture = join(tmp, `j4-only-${label}.pcap`);
      writeFileSync(capture, pslCapture({ imsi: IMSI, msisdn: decoy }, false));
      expectNoneInClear(await outputs(capture, `j4-only-${label}`, ['--state-in', state]), decoy);
    });
  }
});
