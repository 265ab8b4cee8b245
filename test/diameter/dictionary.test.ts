import { describe, expect, it } from 'vitest';
import {
  ALL_APPS,
  ALL_AVPS,
  ALL_COMMANDS,
  appName,
  avpByName,
  commandAbbrev,
  commandApps,
  commandsByAbbrev,
  flagNames,
  lookupAvp,
  lookupCommand,
} from '../../src/diameter/dictionary/index.js';

describe('dictionary', () => {
  it('every entry cites its clause', () => {
    for (const d of [...ALL_AVPS, ...ALL_COMMANDS, ...ALL_APPS]) expect(d.ref, JSON.stringify(d)).toMatch(/^(RFC \d+|TS \d\d\.\d{3}|Ericsson SCAPv2) §/);
  });

  it('names are unique and codes unique per vendor', () => {
    expect(new Set(ALL_AVPS.map((d) => d.name)).size).toBe(ALL_AVPS.length);
    expect(new Set(ALL_AVPS.map((d) => `${d.vendor}/${d.code}`)).size).toBe(ALL_AVPS.length);
    // A code is unique per application (SWx and Zh reuse Cx's codes, T6a S6t's, each under its own id), and one name per code.
    expect(new Set(ALL_COMMANDS.map((c) => `${c.app ?? -1}/${c.code}`)).size).toBe(ALL_COMMANDS.length);
    for (const c of ALL_COMMANDS) expect(lookupCommand(c.code)?.name, `${c.app}/${c.code}`).toBe(c.name);
  });

  it('the applications that define a command code (rt12 F2, F9)', () => {
    // S7a reuses S6a's IDR / DSR / RSR (TS 29.272 §5A; review 12-B #6): a definer, not a rule abbreviation.
    expect(commandApps(319)).toEqual([16777251, 16777308]);
    expect(commandApps(320)).toEqual([16777251, 16777308]);
    expect(commandApps(322)).toEqual([16777251, 16777308]);
    expect(commandApps(316)).toEqual([16777251]);
    expect(ALL_COMMANDS.filter((c) => c.app === 16777308)).toEqual([]);
    expect(appName(16777308)).toBe('3GPP S7a/S7d');
    expect(commandApps(303)).toEqual([16777216, 16777265, 16777219, 16777221]);
    expect(commandApps(305)).toEqual([16777216, 16777265, 16777219]);
    expect(commandApps(8388718)).toEqual([16777345, 16777346]);
    expect(commandApps(257)).toEqual([]);
  });

  it('commands of the brief: S6a, SLg, SLh, Sh, S6c, Cx, Rx, base', () => {
    const want: Array<[number, string, string, string]> = [
      [316, 'Update-Location', 'ULR', 'ULA'],
      [317, 'Cancel-Location', 'CLR', 'CLA'],
      [318, 'Authentication-Information', 'AIR', 'AIA'],
      [319, 'Insert-Subscriber-Data', 'IDR', 'IDA'],
      [320, 'Delete-Subscriber-Data', 'DSR', 'DSA'],
      [321, 'Purge-UE', 'PUR', 'PUA'],
      [322, 'Reset', 'RSR', 'RSA'],
      [323, 'Notify', 'NOR', 'NOA'],
      [8388620, 'Provide-Location', 'PLR', 'PLA'],
      [8388621, 'Location-Report', 'LRR', 'LRA'],
      [8388622, 'LCS-Routing-Info', 'RIR', 'RIA'],
      [306, 'User-Data', 'UDR', 'UDA'],
      [8388647, 'Send-Routing-Info-for-SM', 'SRR', 'SRA'],
      [272, 'Credit-Control', 'CCR', 'CCA'],
      [265, 'AA', 'AAR', 'AAA'],
      [303, 'Multimedia-Auth', 'MAR', 'MAA'],
      [280, 'Device-Watchdog', 'DWR', 'DWA'],
    ];
    for (const [code, name, req, ans] of want) {
      expect(lookupCommand(code)?.name).toBe(name);
      expect([commandAbbrev(code, true), commandAbbrev(code, false)]).toEqual([req, ans]);
      expect(commandsByAbbrev(req)).toContainEqual({ code, request: true });
    }
    expect(commandAbbrev(8388633, true)).toBeUndefined();
    expect(commandsByAbbrev('pur')).toEqual([
      { code: 321, request: true },
      { code: 307, request: true },
    ]);
  });

  it('applications', () => {
    expect(appName(16777251)).toBe('3GPP S6a/S6d');
    expect(appName(16777238)).toBe('3GPP Gx');
    expect(appName(4)).toBe('Diameter Credit Control');
    expect(appName(16777255)).toBe('3GPP SLg');
    expect(appName(12345)).toBeUndefined();
  });

  it('AVP lookup by (vendor, code), by name, and flag bit names (TS 29.272 §7.3.103, §7.3.7)', () => {
    expect(lookupAvp(10415, 1407)?.name).toBe('Visited-PLMN-Id');
    expect(lookupAvp(0, 1407)).toBeUndefined();
    expect(avpByName('idr-flags')).toMatchObject({ code: 1490, vendor: 10415, type: 'Unsigned32' });
    expect(flagNames(lookupAvp(10415, 1490)!, 0b11000)).toEqual(['EPS-Location-Information-Request', 'Current-Location-Request']);
    expect(flagNames(lookupAvp(10415, 1405)!, 0b100010)).toEqual(['S6a/S6d-Indicator', 'Initial-Attach-Indicator']);
    expect(flagNames(lookupAvp(10415, 1490)!, 1 << 30)).toEqual(['bit30']);
    expect(lookupAvp(10415, 1420)?.values?.[2]).toBe('SUBSCRIPTION_WITHDRAWAL');
    expect(lookupAvp(10415, 703)?.values?.[14]).toBe('LocationInformation');
  });

  it('per-application override only applies to its application', () => {
    expect(lookupAvp(0, 298, 16777216)?.values?.[2001]).toBe('DIAMETER_FIRST_REGISTRATION');
    expect(lookupAvp(0, 298, 16777251)?.values?.[5420]).toBe('DIAMETER_ERROR_UNKNOWN_EPS_SUBSCRIPTION');
    expect(lookupAvp(0, 298, 4)?.values).toBeUndefined();
    expect(lookupAvp(0, 298)?.values).toBeUndefined();
  });
});
