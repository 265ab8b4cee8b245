import { describe, expect, it } from 'vitest';
import { isRealm, realmPlmn } from '../../src/attribution/realm.js';
import { hostToRealm, plmnToRealm } from '../../src/diameter/realm.js';

describe('realmPlmn', () => {
  const cases: [string, string | undefined][] = [
    ['epc.mnc410.mcc310.3gppnetwork.org', '310410'],
    ['epc.mnc015.mcc234.3gppnetwork.org', '23415'],
    ['mnc001.mcc460.3gppnetwork.org', '46001'],
    ['ims.mnc000.mcc454.3gppnetwork.org', '45400'],
    ['EPC.MNC720.MCC302.3GPPNETWORK.ORG.', '302720'],
    ['epc.mnc050.mcc338.3gppnetwork.org', '338050'],
    ['epc.mnc854.mcc405.3gppnetwork.org', '405854'],
    ['ims.mnc099.mcc234.pub.3gppnetwork.org', '23499'],
    ['example.com', undefined],
    ['epc.mnc15.mcc234.3gppnetwork.org', undefined],
    ['xmnc015.mcc234.3gppnetwork.org', undefined],
    ['epc.mnc015.mcc234.3gppnetwork.org.evil.com', undefined],
  ];
  it.each(cases)('%s → %s', (realm, plmn) => expect(realmPlmn(realm)).toBe(plmn));
  it('a registry-known 3-digit PLMN keeps the padded zero', () => {
    expect(realmPlmn('epc.mnc015.mcc234.3gppnetwork.org', (p) => p === '234015')).toBe('234015');
  });
});

describe('hosts and realm helpers', () => {
  it.each([
    ['mme1.epc.mnc015.mcc234.3gppnetwork.org', 'epc.mnc015.mcc234.3gppnetwork.org'],
    ['hss.example.net', 'example.net'],
    ['localhost', 'localhost'],
  ])('hostToRealm(%s)', (host, realm) => expect(hostToRealm(host)).toBe(realm));
  it.each([
    ['23415', 'epc.mnc015.mcc234.3gppnetwork.org'],
    ['310410', 'epc.mnc410.mcc310.3gppnetwork.org'],
  ])('plmnToRealm(%s) round-trips', (plmn, realm) => {
    expect(plmnToRealm(plmn.slice(0, 3), plmn.slice(3))).toBe(realm);
    expect(realmPlmn(realm)).toBe(plmn);
  });
  it.each([
    ['epc.example.net', true],
    ['a_b.net', false],
    ['-a.net', false],
    ['', false],
    ['a..b', false],
  ] as const)('isRealm(%j) = %s', (s, ok) => expect(isRealm(s)).toBe(ok));
});
