import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ErrorCode, SigwatchError } from '../../src/core/errors.js';
import { createAttributor } from '../../src/attribution/attributor.js';
import { loadIr21, parseIr21 } from '../../src/attribution/import-ir21.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/ir21-sample.xml', import.meta.url));
const XML = readFileSync(FIXTURE, 'utf8');

describe('parseIr21', () => {
  it('a file that cannot be read: ERR_IO naming it (as loadNetworksCsv)', async () => {
    const missing = FIXTURE.replace(/\.xml$/, '-missing.xml');
    await expect(loadIr21(missing)).rejects.toMatchObject({ code: ErrorCode.IO, file: missing, message: `cannot read ${missing}` });
  });

  it('reads networks, PLMN, number ranges, node GTs, MGT and realms', async () => {
    expect(await loadIr21(FIXTURE)).toEqual([
      {
        name: 'Example Mobile UK',
        tadig: 'GBRXA',
        country: 'GB',
        plmn: '23499',
        role: 'mno',
        gtPrefixes: ['447700900', '44770010000', '44770010001', '447700200001', '447999'],
        realms: ['epc.mnc099.mcc234.3gppnetwork.org', 'ims.mnc099.mcc234.3gppnetwork.org'],
        pointCodes: [],
        source: 'IR.21 GBRXA',
        date: '2025-03-01',
      },
      {
        name: 'USA Example & Co',
        tadig: 'USAXB',
        country: 'US',
        plmn: '310999',
        role: 'mno',
        gtPrefixes: ['120255501'],
        realms: [],
        pointCodes: [],
        source: 'IR.21 USAXB',
        date: '2025-03-01',
      },
    ]);
  });
  it('feeds the attributor', () => {
    const a = createAttributor({ networks: parseIr21(XML, 'ir21.xml') });
    expect(a.gt('447700100005')).toMatchObject({ network: 'Example Mobile UK', matched: '44770010000' });
    expect(a.gt('447700100025')).toMatchObject({ country: 'GB', source: 'e164' });
    expect(a.imsi('234991234567890')).toMatchObject({ network: 'Example Mobile UK', source: 'registry' });
    expect(a.host('hss1.epc.mnc099.mcc234.3gppnetwork.org')).toMatchObject({ network: 'Example Mobile UK' });
  });

  const lineOf = (needle: string): number => XML.slice(0, XML.indexOf(needle)).split('\n').length;
  // [what, edit of the fixture, line expected in the error]
  const bad: [string, (s: string) => string, () => number][] = [
    ['mismatched end tag', (s) => s.replace('</raex:MNC>', '</raex:MCC>'), () => lineOf('<raex:MNC>99')],
    ['unclosed root', (s) => s.replace('</raex:RAEXIR21FileSyncData>', ''), () => XML.split('\n').length],
    ['bad MCC', (s) => s.replace('<raex:MCC>234<', '<raex:MCC>23x<'), () => lineOf('<raex:MCC>234')],
    ['bad MNC length', (s) => s.replace('<raex:MNC>99<', '<raex:MNC>9<'), () => lineOf('<raex:MNC>99')],
    ['reversed range', (s) => s.replace('<raex:SN_RangeStop>900999', '<raex:SN_RangeStop>800999'), () => lineOf('<raex:NumberRange>')],
    ['range without stop', (s) => s.replace('<raex:SN_RangeStop>100019</raex:SN_RangeStop>', ''), () => lineOf('<raex:SN_RangeStart>100000')],
    ['bad realm', (s) => s.replace('epc.mnc099', 'epc_mnc099'), () => lineOf('<raex:DiameterRealm>')],
    ['bad TADIG', (s) => s.replace('<raex:TADIGCode>USAXB', '<raex:TADIGCode>US'), () => lineOf('<raex:TADIGCode>USAXB')],
    ['bad timestamp', (s) => s.replace('2025-03-01T', '2025-13-01T'), () => lineOf('<raex:FileCreationTimestamp>')],
    ['unknown entity', (s) => s.replace('&amp;', '&foo;'), () => lineOf('&amp;')],
    ['DOCTYPE refused', (s) => s.replace('<raex:RAEXIR21FileSyncData', '<!DOCTYPE x>\n<raex:RAEXIR21FileSyncData'), () => lineOf('<raex:RAEXIR21FileSyncData')],
    ['no networks', () => '<a><b/></a>', () => 1],
  ];
  it.each(bad)('%s → BAD_IMPORT naming file and line', (_what, edit, line) => {
    let err: unknown;
    try {
      parseIr21(edit(XML), 'bad.xml');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SigwatchError);
    expect(err).toMatchObject({ code: ErrorCode.BAD_IMPORT, file: 'bad.xml', line: line() });
  });
  it('refuses nesting beyond the depth limit', () => {
    const deep = '<a>'.repeat(100) + '</a>'.repeat(100);
    expect(() => parseIr21(deep, 'deep.xml')).toThrow(/nesting/);
  });
});
