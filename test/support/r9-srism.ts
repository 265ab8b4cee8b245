/**
 * The review 12-C B1 cast, shared by the `scan --workers` flagged-dialogue and router-link tests: a
 * home with China Carrier registered by its international point code 4242 (rt11 R9), its HLR and
 * SMSC, a victim, a Bahamas node, and SRI-SM Begin / End builders.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashKey } from '../../src/api/workers-shard.js';
import * as E from '../../src/encode/index.js';
import { type Party, ss7Frame } from './ss7-frames.js';

/** A temporary directory holding `r9.profile.yaml` (the home plus China Carrier at PC 4242). */
export const R9_DIR = mkdtempSync(join(tmpdir(), 'sigwatch-r9-'));
export const R9_PROFILE = join(R9_DIR, 'r9.profile.yaml');
writeFileSync(
  R9_PROFILE,
  [
    'home: {name: Sigwatch Mobile, country: US, gt_prefixes: ["1202555"], imsi_prefixes: ["310410"], msisdn_prefixes: ["1202555"]}',
    'networks:',
    '  - {name: Example China Carrier, country: CN, plmn: "46000", role: mno, gt_prefixes: ["8613800"], point_codes: [4242], source: test, date: "2025-03-01"}',
    '',
  ].join('\n'),
);
export const HLR: Party = { gt: '12025550001', ssn: 6 };
export const SMSC: Party = { gt: '12025550300', ssn: 8 };
export const BS = '124235700051';
export const BS_VLR = '124235700099';
export const HOME_MSC = '12025550077';
export const IMSI = '310410100000099';
export const MSISDN = '12025550099';
export const SRISM_AC = '0.4.0.0.1.0.20.3';
export const T = 1_741_420_800;

/** An IMSI of the home on another shard than {@link IMSI}'s for 2 and 3 workers (an End naming it is detected in another thread than its Begin). */
export const OTHER = (() => {
  for (let i = 0; i < 100; i++) {
    const x = `3104101000001${String(i).padStart(2, '0')}`;
    if (hashKey(x) % 2 !== hashKey(IMSI) % 2 && hashKey(x) % 3 !== hashKey(IMSI) % 3) return x;
  }
  throw new Error('no IMSI on other shards');
})();

/** An SRI-SM Begin for the victim's MSISDN from the home SMSC (`label`: an MTP label, e.g. China's PC 4242). */
export const srismBegin = (otid: string, label?: { opc: number; ni: number }) =>
  ss7Frame(
    E.tcBegin({
      otid,
      dialogue: { pdu: 'aarq', acn: SRISM_AC },
      components: [{ type: 'invoke', invokeId: 1, opcode: 45, param: E.mapArg.sendRoutingInfoForSM({ msisdn: MSISDN, sca: SMSC.gt! }) }],
    }),
    SMSC,
    HLR,
    label,
  );

/** The HLR's SRI-SM End naming `imsi` at `node`. */
export const srismEnd = (dtid: string, imsi: string, node: string) =>
  ss7Frame(
    E.tcEnd({
      dtid,
      dialogue: { pdu: 'aare', acn: SRISM_AC },
      components: [{ type: 'returnResultLast', invokeId: 1, opcode: 45, param: E.mapRes.sendRoutingInfoForSM({ imsi, networkNodeNumber: node }) }],
    }),
    HLR,
    SMSC,
  );
