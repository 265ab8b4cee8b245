import { describe, expect, it } from 'vitest';
import { hostToRealm, plmnToRealm, realmToPlmn } from '../../src/diameter/realm.js';

describe('realms (TS 23.003 §19.2, §19.4.2)', () => {
  it('realm ↔ PLMN', () => {
    expect(plmnToRealm('001', '01')).toBe('epc.mnc001.mcc001.3gppnetwork.org');
    expect(plmnToRealm('310', '410', 'ims')).toBe('ims.mnc410.mcc310.3gppnetwork.org');
    expect(realmToPlmn('epc.mnc410.mcc310.3gppnetwork.org')).toEqual({ mcc: '310', mnc: '410' });
    expect(realmToPlmn('EPC.MNC001.MCC234.3GPPNETWORK.ORG')).toEqual({ mcc: '234', mnc: '001' });
    expect(realmToPlmn('mme1.epc.mnc001.mcc001.3gppnetwork.org')).toEqual({ mcc: '001', mnc: '001' });
    expect(realmToPlmn('example.com')).toBeUndefined();
    expect(realmToPlmn('epc.mnc01.mcc001.3gppnetwork.org')).toBeUndefined();
  });

  it('Origin-Host → realm', () => {
    expect(hostToRealm('mmec01.mmegi8001.mme.epc.mnc001.mcc001.3gppnetwork.org')).toBe('epc.mnc001.mcc001.3gppnetwork.org');
    expect(hostToRealm('hss.ims.mnc410.mcc310.3gppnetwork.org')).toBe('ims.mnc410.mcc310.3gppnetwork.org');
    expect(hostToRealm('hss.epc.mynetwork.com')).toBe('epc.mynetwork.com');
    expect(hostToRealm('localhost')).toBe('localhost');
  });
});
