import { describe, expect, it } from 'vitest';
import { createAttributor } from '../../src/attribution/attributor.js';
import { BoundedCache, MAX_KEY_CHARS } from '../../src/attribution/bounded-cache.js';
import { sameNetwork } from '../../src/attribution/same-network.js';
import type { NetworkEntry, NetworkInfo } from '../../src/attribution/types.js';

const entry = (e: Partial<NetworkEntry> & Pick<NetworkEntry, 'name'>): NetworkEntry => ({
  role: 'mno',
  gtPrefixes: [],
  realms: [],
  pointCodes: [],
  source: 'test',
  ...e,
});

const networks: NetworkEntry[] = [
  entry({ name: 'Example Transit HK', country: 'HK', role: 'transit', gtPrefixes: ['8522'], pointCodes: [1234] }),
  entry({ name: 'Example Mobile CN', country: 'CN', plmn: '46001', gtPrefixes: ['8613010'], realms: ['epc.mnc001.mcc460.3gppnetwork.org'] }),
  entry({ name: 'Example IPX', role: 'ipx', realms: ['ipx.example.net'] }),
  entry({ name: 'Example UK 3-digit', country: 'GB', plmn: '234015' }),
];

describe('createAttributor: resolution order', () => {
  const a = createAttributor({ networks });
  const cases: [string, NetworkInfo][] = [
    ['gt 85221234', a.gt('85221234')],
    ['gt 85231234', a.gt('85231234')],
    ['gt 8613010999', a.gt('8613010999')],
    ['gt +12423570000', a.gt('+12423570000')],
    ['gt 7701', a.gt('7701')],
    ['gt 999', a.gt('999')],
    ['msisdn 447700900123', a.msisdn('447700900123')],
    ['imsi 460011234567890', a.imsi('460011234567890')],
    ['imsi 310410123456789', a.imsi('310410123456789')],
    ['imsi 234015123456789', a.imsi('234015123456789')],
    ['imsi 99999', a.imsi('99999')],
    ['plmn 46001', a.plmn('46001')],
    ['plmn 364390', a.plmn('364390')],
    ['plmn 12', a.plmn('12')],
    ['realm epc.mnc001.mcc460', a.realm('epc.mnc001.mcc460.3gppnetwork.org')],
    ['realm ims.mnc001.mcc460', a.realm('ims.mnc001.mcc460.3gppnetwork.org')],
    ['realm dra1.ipx.example.net', a.realm('DRA1.IPX.Example.NET')],
    ['realm epc.mnc015.mcc234', a.realm('epc.mnc015.mcc234.3gppnetwork.org')],
    ['realm epc.mnc410.mcc310', a.realm('epc.mnc410.mcc310.3gppnetwork.org')],
    ['realm example.org', a.realm('example.org')],
    ['host mme.epc.mnc410.mcc310', a.host('mme.epc.mnc410.mcc310.3gppnetwork.org')],
  ];
  const expected: Record<string, NetworkInfo> = {
    'gt 85221234': { country: 'HK', network: 'Example Transit HK', role: 'transit', source: 'registry', matched: '8522' },
    'gt 85231234': { country: 'HK', source: 'e164', matched: '852' },
    'gt 8613010999': { country: 'CN', network: 'Example Mobile CN', plmn: '46001', role: 'mno', source: 'registry', matched: '8613010' },
    'gt +12423570000': { country: 'BS', source: 'e164', matched: '1242' },
    'gt 7701': { country: 'KZ', source: 'e164', matched: '77' },
    'gt 999': { source: 'unknown' },
    'msisdn 447700900123': { country: 'GB', source: 'e164', matched: '44' },
    'imsi 460011234567890': { country: 'CN', network: 'Example Mobile CN', plmn: '46001', role: 'mno', source: 'registry', matched: '46001' },
    'imsi 310410123456789': { country: 'US', network: '310410', plmn: '310410', source: 'imsi', matched: '310410' },
    'imsi 234015123456789': { country: 'GB', network: 'Example UK 3-digit', plmn: '234015', role: 'mno', source: 'registry', matched: '234015' },
    'imsi 99999': { source: 'unknown' },
    'plmn 46001': { country: 'CN', network: 'Example Mobile CN', plmn: '46001', role: 'mno', source: 'registry', matched: '46001' },
    'plmn 364390': { country: 'BS', network: '364390', plmn: '364390', source: 'imsi', matched: '364390' },
    'plmn 12': { source: 'unknown' },
    'realm epc.mnc001.mcc460': {
      country: 'CN',
      network: 'Example Mobile CN',
      plmn: '46001',
      role: 'mno',
      source: 'registry',
      matched: 'epc.mnc001.mcc460.3gppnetwork.org',
    },
    'realm ims.mnc001.mcc460': { country: 'CN', network: 'Example Mobile CN', plmn: '46001', role: 'mno', source: 'registry', matched: '46001' },
    'realm dra1.ipx.example.net': { network: 'Example IPX', role: 'ipx', source: 'registry', matched: 'ipx.example.net' },
    'realm epc.mnc015.mcc234': { country: 'GB', network: 'Example UK 3-digit', plmn: '234015', role: 'mno', source: 'registry', matched: '234015' },
    'realm epc.mnc410.mcc310': { country: 'US', network: '310410', plmn: '310410', source: 'realm', matched: '310410' },
    'realm example.org': { source: 'unknown' },
    'host mme.epc.mnc410.mcc310': { country: 'US', network: '310410', plmn: '310410', source: 'realm', matched: '310410' },
  };
  it.each(cases)('%s', (name, got) => expect(got).toEqual(expected[name]));

  it('point codes come from the registry only', () => {
    expect(a.pointCode(1234)).toEqual({ country: 'HK', network: 'Example Transit HK', role: 'transit', source: 'pointcode', matched: '1234' });
    expect(a.pointCode(4321)).toBeUndefined();
  });
  it('without a registry the same GT falls back to E.164', () => {
    expect(createAttributor().gt('85221234')).toEqual({ country: 'HK', source: 'e164', matched: '852' });
  });
  it('later entries override earlier ones for the same key', () => {
    const b = createAttributor({ networks: [entry({ name: 'Old', gtPrefixes: ['8522'] }), entry({ name: 'New', gtPrefixes: ['8522'] })] });
    expect(b.gt('85220').network).toBe('New');
  });
});

describe('createAttributor: caching', () => {
  it('returns the same frozen object for repeated and same-prefix lookups', () => {
    const a = createAttributor({ networks });
    const x = a.gt('8613999');
    expect(a.gt('8613999')).toBe(x);
    expect(a.gt('8613888')).toBe(x);
    expect(Object.isFrozen(x)).toBe(true);
    expect(a.imsi('310410000000001')).toBe(a.imsi('310410000000002'));
    expect(a.host('a.example.org')).toBe(a.host('a.example.org'));
  });
  it('bounded cache keeps at most its capacity and still answers after eviction', () => {
    const c = new BoundedCache<number>(8);
    for (let i = 0; i < 100; i++) {
      c.set(String(i), i);
      c.set(String(i), i); // kept from its second offer
      expect(c.size).toBeLessThanOrEqual(8);
    }
    expect(c.get('99')).toBe(99);
    expect(c.get('0')).toBeUndefined();
    const a = createAttributor({ cacheSize: 4 });
    for (let i = 0; i < 50; i++) expect(a.gt(`4420${i}`).country).toBe('GB');
    expect(() => new BoundedCache(1)).toThrow(RangeError);
  });
  it('keeps a key from its second offer: identifiers each seen once fill nothing (hostile uniqgt), repeated ones are kept', () => {
    const c = new BoundedCache<number>(65_536);
    for (let i = 0; i < 20_000; i++) c.set(`epc.o${i}.mnc000.mcc460.3gppnetwork.org`, i);
    // A key whose bit another key set is kept on its first offer: few (16 bits per key of capacity).
    expect(c.size).toBeLessThan(1000);
    for (let i = 0; i < 20_000; i++) c.set(`epc.o${i}.mnc000.mcc460.3gppnetwork.org`, i);
    expect(c.size).toBe(20_000);
    expect(c.get('epc.o7.mnc000.mcc460.3gppnetwork.org')).toBe(7);
    // The filter forgets after `capacity` first offers noted: keys offered before that are new again.
    const d = new BoundedCache<number>(64);
    for (let i = 0; i < 100; i++) d.set(`a${i}`, i);
    for (let i = 0; i < 1000; i++) d.set(`k${i}`, i);
    for (let i = 0; i < 100; i++) d.set(`a${i}`, i);
    let kept = 0;
    for (let i = 0; i < 100; i++) if (d.get(`a${i}`) !== undefined) kept++;
    expect(kept).toBeLessThan(20); // a filter that never forgets keeps the last 64
  });
  it('keeps no key longer than a domain name (an attacker-sized Origin-Realm is answered, not kept)', () => {
    const c = new BoundedCache<number>(8);
    const long = 'x'.repeat(MAX_KEY_CHARS + 1);
    c.set(long, 1);
    c.set(`${long}y`, 2);
    expect(c.size).toBe(0);
    expect(c.get(long)).toBeUndefined();
    c.set(long, 1);
    c.set('x'.repeat(MAX_KEY_CHARS), 3);
    c.set('x'.repeat(MAX_KEY_CHARS), 3);
    expect(c.size).toBe(1);
    // Not kept, still attributed: by the realm's PLMN, and by the registry.
    const a = createAttributor({ networks });
    const hostile = `${'<a>"\u0000'.repeat(100)}.epc.mnc001.mcc460.3gppnetwork.org`;
    expect(hostile.length).toBeGreaterThan(MAX_KEY_CHARS);
    for (let i = 0; i < 2; i++) {
      expect(a.realm(hostile)).toEqual(a.realm(hostile.slice(-36)));
      expect(a.host(`mme.${hostile}`).country).toBe(a.realm('epc.mnc001.mcc460.3gppnetwork.org').country);
    }
  });
});

describe('sameNetwork', () => {
  const reg = (network: string, plmn?: string, country = 'CN'): NetworkInfo => ({
    network,
    country,
    source: 'registry',
    ...(plmn === undefined ? {} : { plmn }),
  });
  const plmn = (p: string, country: string): NetworkInfo => ({ network: p, plmn: p, country, source: 'imsi' });
  const cc = (country: string): NetworkInfo => ({ country, source: 'e164' });
  const unknown: NetworkInfo = { source: 'unknown' };
  const cases: [string, NetworkInfo, NetworkInfo, boolean | undefined][] = [
    ['same registry network', reg('China Unicom Global'), reg('China Unicom Global'), true],
    ['different registry networks, same PLMN-less country', reg('China Unicom Global'), reg('China Mobile International'), false],
    ['registry with PLMN vs bare PLMN: compared by PLMN', reg('China Unicom', '46001'), plmn('46001', 'CN'), true],
    ['different PLMNs, same country', plmn('46001', 'CN'), plmn('46000', 'CN'), false],
    ['registry carrier without PLMN vs PLMN: country level', reg('CITIC Telecom', undefined, 'HK'), plmn('45400', 'HK'), true],
    ['E.164 country vs PLMN in another country', cc('BB'), plmn('310410', 'US'), false],
    ['country vs country', cc('KZ'), cc('KZ'), true],
    ['unknown side', cc('US'), unknown, undefined],
    ['no common level', { network: 'X', source: 'registry' }, cc('US'), undefined],
  ];
  it.each(cases)('%s', (_n, a, b, want) => {
    expect(sameNetwork(a, b)).toBe(want);
    expect(sameNetwork(b, a)).toBe(want);
  });
});

describe('attribution of attacker-sized identifiers (red-team review)', () => {
  it('looks a long realm up from its longest suffix that could be registered, not from every suffix', async () => {
    const { NetworkRegistry } = await import('../../src/attribution/registry.js');
    const reg = new NetworkRegistry([entry({ name: 'Telco', country: 'FR', realms: ['example.net'] })]);
    let hashed = 0;
    const realms = (reg as unknown as { realms: Map<string, NetworkInfo> }).realms;
    const get = realms.get.bind(realms);
    realms.get = (k: string) => {
      hashed += k.length;
      return get(k);
    };
    const labels = 'a.'.repeat(20_000);
    expect(reg.realm(`${labels}epc.example.net`)?.network).toBe('Telco');
    expect(reg.realm(`${labels}example.org`)).toBeUndefined();
    expect(reg.realm(`${'a'.repeat(40_000)}`)).toBeUndefined();
    // Every suffix of 40,000 characters would hash ~4 × 10^8 characters; the registered realms are 11.
    expect(hashed).toBeLessThan(100);
    // Short realms as before: exact, then by label suffix.
    expect(reg.realm('example.net')?.network).toBe('Telco');
    expect(reg.realm('x.example.net')?.network).toBe('Telco');
    expect(reg.realm('xexample.net')).toBeUndefined();
    expect(new NetworkRegistry([]).realm(`${labels}example.net`)).toBeUndefined();
  });

  it('keeps no long host alive through the realm cut from it', async () => {
    const { liveHeap } = await import('../fuzz/memory.js');
    const a = createAttributor();
    const before = liveHeap();
    // 1,000 hosts of 20,000 characters (40 MB of text as UTF-16) with short realms of their own.
    for (let i = 0; i < 1000; i++) a.host(`${'h'.repeat(20_000)}.r${i}.mnc001.mcc262.3gppnetwork.org`);
    for (let i = 0; i < 1000; i++) a.host(`${'h'.repeat(20_000)}.u${i}.example.org`);
    expect(liveHeap() - before).toBeLessThan(8 * 2 ** 20);
  });
});
