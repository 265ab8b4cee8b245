/**
 * The explanation's origin part is kept per origin (detect/alert.ts originText, issue 19): the
 * context's Origin is one object rewritten per message, so a kept text must be used only for an
 * origin of the same values. Two origins with the same identifying realm, one with its host
 * outside the realm (RFC 6733 §6.3, §6.4), in both orders: each alert says its own; and the kept
 * text's non-ASCII `§` keeps the line writer escaping it (the bytes equal JSON.stringify's).
 */
import { describe, expect, it } from 'vitest';
import { AlertLines } from '../../src/report/alert-bytes.js';
import { jsonSafe } from '../../src/report/safe-text.js';
import { diameterEvent } from '../support/events.js';
import { IMSI, T0, detector } from './fixture.js';

const SLG = 16777255;
const PLR = 8388620;
const HOME = 'epc.mnc410.mcc310.3gppnetwork.org';
const CN = 'epc.mnc000.mcc460.3gppnetwork.org';
const plr = (originHost: string, originRealm: string, t: number) => diameterEvent({ app: SLG, cmd: PLR, originHost, originRealm, userName: IMSI, ts: T0 + t });

const INSIDE = `(realm ${CN})`;
const OUTSIDE = `(realm ${CN}; its Origin-Host gmlc.${HOME} is outside that realm`;

describe('the explanation of an origin kept from an earlier alert', () => {
  it('another host under the same realm gets its own text, in either order, and the line bytes stay the reference', () => {
    const { det, alerts } = detector();
    det.event(plr(`gmlc.${CN}`, CN, 0));
    det.event(plr(`gmlc.${HOME}`, CN, 1));
    det.event(plr(`gmlc.${CN}`, CN, 2));
    det.event(plr(`gmlc.${HOME}`, CN, 3));
    expect(alerts).toHaveLength(4);
    const texts = alerts.map((a) => a.explanation);
    expect(texts[0]).toContain(INSIDE);
    expect(texts[1]).toContain(OUTSIDE);
    expect(texts[2]).toContain(INSIDE);
    expect(texts[2]).not.toContain('Origin-Host');
    expect(texts[3]).toContain(OUTSIDE);
    expect(texts[3]).toBe(texts[1]); // the same origin: the same words
    const w = new AlertLines();
    for (const a of alerts) w.write(a);
    const ref = Buffer.from(alerts.map((a) => jsonSafe(JSON.stringify(a)) + '\n').join(''), 'utf8');
    expect(Buffer.concat(w.take()).equals(ref)).toBe(true);
  });
});
