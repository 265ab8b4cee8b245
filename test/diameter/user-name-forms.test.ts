/**
 * Red-team round 18 L2: User-Names that put something before the IMSI were no identity, silently: an S6a IDR from
 * China with ` <IMSI>`, `imsi-<IMSI>` (5G SUPI, TS 23.003 §28.7.2), `IMSI<IMSI>` or a decorated NAI
 * (`homerealm!0<IMSI>@visited`, TS 23.003 §19.3.3, RFC 7542 §2.7) gave no alert and no anomaly. The SUPI and
 * decorated forms are now read as their IMSI, and (round 19, the L2 residual) so are leading white space and the bare
 * `IMSI` label; in S6a/S6d, SLh and S6c any User-Name with no IMSI at its start is `diameter.bad-user-name`. Red-team
 * U1 stays: digits then anything is read by its leading digits, no anomaly.
 */
import { describe, expect, it } from 'vitest';
import { decodeDiameterEvents } from '../../src/api/layers.js';
import { imsiFromUserName } from '../../src/diameter/decoder.js';
import * as E from '../../src/encode/index.js';
import { detector } from '../detect/fixture.js';

const IMSI = '310410100000123';
const CN = 'epc.mnc000.mcc460.3gppnetwork.org';
const HOME_NAI = 'nai.epc.mnc410.mcc310.3gppnetwork.org';
const DECORATED = `${HOME_NAI}!0${IMSI}@nai.epc.mnc000.mcc460.3gppnetwork.org`;

/** A request of `app`/`cmd` from a Chinese peer whose User-Name is `userName`. */
const request = (app: number, cmd: number, userName: string) =>
  E.buildDiameter({
    cmd,
    app,
    request: true,
    proxyable: true,
    hbh: 41,
    e2e: 41,
    avps: [
      E.avp(263, `hss1.${CN};1;41`),
      E.avp(277, 1),
      E.avp(264, `hss1.${CN}`),
      E.avp(296, CN),
      E.avp(283, 'epc.mnc410.mcc310.3gppnetwork.org'),
      E.avp(1, userName),
    ],
  });
const idr = (userName: string) => request(16777251, 319, userName);
const mar = (userName: string) => request(16777265, 303, userName); // SWx: User-Name is an NAI (TS 29.273 §8.2.2.1)

function read(msg: Uint8Array): { imsi: string | undefined; bad: string[] } {
  const [ev] = decodeDiameterEvents(msg);
  return { imsi: ev!.subscriber.imsi, bad: ev!.anomalies.filter((a) => a.code === 'diameter.bad-user-name').map((a) => a.detail) };
}

describe('red-team round 18 L2: User-Name forms with something before the IMSI', () => {
  it('imsi-<IMSI> (SUPI) and a decorated NAI are read as their IMSI', () => {
    expect(imsiFromUserName(`imsi-${IMSI}`)).toBe(IMSI);
    expect(imsiFromUserName(`IMSI-${IMSI}`)).toBe(IMSI);
    expect(imsiFromUserName(DECORATED)).toBe(IMSI);
    // A 14-digit IMSI keeps its EAP type digit dropped: the realm it is checked against is the home realm (before `!`).
    expect(imsiFromUserName(`${HOME_NAI}!031041010000012@nai.epc.mnc000.mcc460.3gppnetwork.org`)).toBe('31041010000012');
    expect(imsiFromUserName(`example.org!${IMSI}`)).toBe(IMSI);
  });

  it('a leading space and IMSI<IMSI> are read as their IMSI (rt18 L2 residual): white space any trim removes, the label in any case', () => {
    for (const name of [
      ` ${IMSI}`,
      `\t ${IMSI}`,
      `\r\n${IMSI}`,
      `\u0000${IMSI}`,
      `\u00a0${IMSI}`,
      `\ufeff${IMSI}`,
      `\u3000${IMSI}`,
      `${' '.repeat(1000)}${IMSI}`,
    ])
      expect(imsiFromUserName(name), JSON.stringify(name)).toBe(IMSI);
    for (const name of [`IMSI${IMSI}`, `imsi${IMSI}`, `Imsi${IMSI}`, ` IMSI${IMSI}`, ` imsi-${IMSI}`, `IMSI${IMSI} `])
      expect(imsiFromUserName(name), name).toBe(IMSI);
    // A 16-digit run after the label keeps its rule: the EAP type digit dropped (user-name.ts).
    expect(imsiFromUserName(`IMSI0${IMSI}`)).toBe(IMSI);
  });

  it('review 19 #8: a decorated NAI after leading space, and the characters stringprep maps to nothing (RFC 3454 B.1), are undone', () => {
    for (const name of [` ${DECORATED}`, `\t${DECORATED}`, `\u200b${DECORATED}`]) expect(imsiFromUserName(name), JSON.stringify(name.slice(0, 8))).toBe(IMSI);
    for (const c of ['\u200b', '\u200c', '\u200d', '\u2060', '\u00ad', '\u034f', '\ufe0f', '\u200b \u2060'])
      expect(imsiFromUserName(`${c}${IMSI}`), JSON.stringify(c)).toBe(IMSI);
    // Digits after the space are read as they stand (a `!` after them decorates nothing); U+200E (a mark, not B.1) stays no identity.
    expect(imsiFromUserName(` ${IMSI}!x@y`)).toBe(IMSI);
    expect(imsiFromUserName(`\u200e${IMSI}`)).toBeUndefined();
    const out = read(idr(` ${DECORATED}`));
    expect(out.imsi).toBe(IMSI);
    expect(out.bad).toHaveLength(1);
  });

  it('each decoration is undone once, and only digits right after it are read', () => {
    for (const name of [
      `imsi-imsi-${IMSI}`,
      `IMSIIMSI${IMSI}`,
      `IMSI ${IMSI}`,
      `IMSI:${IMSI}`,
      `imsi--${IMSI}`,
      `IMSI-+${IMSI}`,
      ` x${IMSI}`,
      `x ${IMSI}`,
      `IMSI\u200b${IMSI}`,
      `IMS${IMSI}`,
      ` IMSI 12345`,
      'imsi-'.repeat(100_000) + IMSI,
      ' '.repeat(100_000) + 'x',
    ])
      expect(imsiFromUserName(name), JSON.stringify(name.slice(0, 40))).toBeUndefined();
  });

  it('S6a IDR: each hiding form is diameter.bad-user-name (no digits in the detail), and is read as its IMSI but `IMSI <IMSI>`', () => {
    for (const [name, imsi] of [
      [` ${IMSI}`, IMSI],
      [`IMSI${IMSI}`, IMSI],
      [`imsi-${IMSI}`, IMSI],
      [DECORATED, IMSI],
      [`IMSI ${IMSI}`, undefined],
    ] as const) {
      const out = read(idr(name));
      expect(out.imsi, name).toBe(imsi);
      expect(out.bad, name).toHaveLength(1);
      expect(out.bad[0]).not.toMatch(/\d{6}/);
    }
  });

  it('U1 kept: the IMSI then anything is read, no anomaly; the plain IMSI no anomaly', () => {
    for (const name of [IMSI, `${IMSI} `, `${IMSI}\u0000`, `${IMSI}@attacker.example`]) expect(read(idr(name)), name).toEqual({ imsi: IMSI, bad: [] });
  });

  it('an application whose User-Name is an NAI (SWx) reads the decorated NAI without the anomaly', () => {
    expect(read(mar(DECORATED))).toEqual({ imsi: IMSI, bad: [] });
    expect(read(mar('user@example.org'))).toEqual({ imsi: undefined, bad: [] });
  });

  it('the IDR from China with ` <IMSI>` or `IMSI<IMSI>` alerts for the home subscriber as the plain IMSI does (base: no alert)', () => {
    const alertsFor = (name: string) => {
      const { det, alerts } = detector();
      for (const ev of decodeDiameterEvents(idr(name))) det.event(ev);
      return alerts.map((a) => [a.rule, a.subscriber]);
    };
    const plain = alertsFor(IMSI);
    expect(plain).toEqual([['cat2-not-home', { imsi: IMSI }]]);
    for (const name of [` ${IMSI}`, `IMSI${IMSI}`, `\timsi-${IMSI}`]) expect(alertsFor(name), name).toEqual(plain);
  });
});
