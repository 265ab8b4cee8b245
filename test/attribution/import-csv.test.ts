import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ErrorCode, SigwatchError } from '../../src/core/errors.js';
import { createAttributor } from '../../src/attribution/attributor.js';
import { loadNetworksCsv, parseNetworksCsv } from '../../src/attribution/import-csv.js';

const HEADER = 'name,country,plmn,role,gt_prefixes,realms,point_codes,source,date';
const GOOD = [
  HEADER,
  'Example Transit HK,hk,,transit,8522|85290,,1234 5678,manual 2025-03,2025-03-01',
  '"Example Mobile, CN",CN,46001,mno,8613010 8613011,epc.mnc001.mcc460.3gppnetwork.org|IMS.MNC001.MCC460.3GPPNETWORK.ORG,,,',
  '',
  '"Quoted ""IPX""\nwith newline",,,ipx,,ipx.example.net,,,',
  'Bare Name,,,,,,,,',
].join('\r\n');

describe('parseNetworksCsv', () => {
  const entries = parseNetworksCsv(GOOD, 'nets.csv');
  it('reads every documented column', () => {
    expect(entries).toEqual([
      {
        name: 'Example Transit HK',
        country: 'HK',
        role: 'transit',
        gtPrefixes: ['8522', '85290'],
        realms: [],
        pointCodes: [1234, 5678],
        source: 'manual 2025-03',
        date: '2025-03-01',
      },
      {
        name: 'Example Mobile, CN',
        country: 'CN',
        plmn: '46001',
        role: 'mno',
        gtPrefixes: ['8613010', '8613011'],
        realms: ['epc.mnc001.mcc460.3gppnetwork.org', 'ims.mnc001.mcc460.3gppnetwork.org'],
        pointCodes: [],
        source: 'csv nets.csv',
      },
      { name: 'Quoted "IPX"\nwith newline', role: 'ipx', gtPrefixes: [], realms: ['ipx.example.net'], pointCodes: [], source: 'csv nets.csv' },
      { name: 'Bare Name', role: 'unknown', gtPrefixes: [], realms: [], pointCodes: [], source: 'csv nets.csv' },
    ]);
  });
  it('feeds the attributor (registry precedence over E.164)', () => {
    const a = createAttributor({ networks: entries });
    expect(a.gt('85221')).toMatchObject({ network: 'Example Transit HK', role: 'transit', source: 'registry', matched: '8522' });
    expect(a.pointCode(5678)?.network).toBe('Example Transit HK');
  });
  it('accepts columns in any order and only name required', () => {
    expect(parseNetworksCsv('role,name\ntransit,X\n', 'f.csv')).toEqual([
      { name: 'X', role: 'transit', gtPrefixes: [], realms: [], pointCodes: [], source: 'csv f.csv' },
    ]);
  });

  // [what, text, line]: each must throw BAD_IMPORT naming the file and the offending line.
  const bad: [string, string, number][] = [
    ['empty file', '', 1],
    ['unknown column', 'name,colour\nX,red', 1],
    ['no name column', 'role\nmno', 1],
    ['duplicate column', 'name,name\nA,B', 1],
    ['field count', `${HEADER}\nA,HK,,mno,,,,,\nB,HK`, 3],
    ['empty name', `${HEADER}\nA,,,,,,,,\n,,,,,,,,`, 3],
    ['bad role', `${HEADER}\nA,,,carrier,,,,,`, 2],
    ['bad country', `${HEADER}\nA,HKG,,,,,,,`, 2],
    ['bad plmn', `${HEADER}\nA,,4600,,,,,,`, 2],
    ['bad GT prefix', `${HEADER}\nA,,,,852-2,,,,`, 2],
    ['GT prefix too long', `${HEADER}\nA,,,,1234567890123456,,,,`, 2],
    ['bad realm', `${HEADER}\nA,,,,,bad_realm.net,,,`, 2],
    ['bad point code', `${HEADER}\nA,,,,,,16777216,,`, 2],
    ['bad date', `${HEADER}\nA,,,,,,,,2025-02-30`, 2],
    ['unterminated quote', `${HEADER}\nA,,,,,,,,\n"B,,,,,,,,\n`, 3],
    ['quote in unquoted field', `${HEADER}\nA"x,,,,,,,,`, 2],
    ['line counted across quoted newlines', `${HEADER}\n"A\nB",,,,,,,,\nC,,,bad,,,,,`, 4],
  ];
  it.each(bad)('%s → BAD_IMPORT at line %#', (_what, text, line) => {
    let err: unknown;
    try {
      parseNetworksCsv(text, 'bad.csv');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SigwatchError);
    expect(err).toMatchObject({ code: ErrorCode.BAD_IMPORT, file: 'bad.csv', line });
    expect((err as Error).message).toContain(`bad.csv:${line}:`);
  });
});

describe('loadNetworksCsv', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sigwatch-csv-'));
  it('loads a file and reports IO errors with a code', async () => {
    const path = join(dir, 'ok.csv');
    writeFileSync(path, GOOD);
    expect(await loadNetworksCsv(path)).toHaveLength(4);
    const missing = join(dir, 'missing.csv');
    await expect(loadNetworksCsv(missing)).rejects.toMatchObject({ code: ErrorCode.IO, file: missing, message: `cannot read ${missing}` });
  });
  it('all or nothing: a bad last row rejects the whole file', async () => {
    const path = join(dir, 'half.csv');
    writeFileSync(path, `${GOOD}\nBroken,,,nope,,,,,`);
    await expect(loadNetworksCsv(path)).rejects.toMatchObject({ code: ErrorCode.BAD_IMPORT, file: path, line: 8 });
  });
});
