/**
 * Red-team round 15 H7, MAP side: a MAP argument that repeats the subscriber's MSISDN (or IMSI)
 * field was read by its first instance, silently. An SRI for a Chinese number then the victim's
 * raised only watched-carrier info, while a stack that keeps the last value acts on the victim.
 * Now `map.repeated-field` is reported (at most one per identity kind and argument) and the
 * message is judged on the other value too (detect/engine.ts judgeRepeated): whichever instance
 * comes first, the victim's alert is raised. Captures built with the repo's encoders.
 */
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/api/scan.js';
import type { ScanAlert } from '../../src/api/scan-options.js';
import { Decoder } from '../../src/api/decoder.js';
import type { Anomaly } from '../../src/core/anomaly.js';
import * as E from '../../src/encode/index.js';
import { ss7Frame } from '../support/ss7-frames.js';
import { tempProfile, US_HOME_UK_PARTNER } from '../support/profile-file.js';

const PROFILE = tempProfile(US_HOME_UK_PARTNER);
const VICTIM = '12025550123';
const FOREIGN = '8613912345678';
const CN = { gt: '8613800000001', ssn: 8 };
const HLR = { gt: '12025550001', ssn: 6 };

const tlv = (tag: number, body: Uint8Array | readonly number[]): number[] => [tag, body.length, ...body];

/** SRI (TS 29.002 §7.6.2.1 / §17.6.3: msisdn [0], interrogationType [3], gmsc-OrAddress [6]) naming each of `msisdns` as msisdn [0]. */
function sriCapture(msisdns: readonly string[]): Uint8Array {
  const body = [...msisdns.flatMap((m) => tlv(0x80, E.isdnBytes(m))), ...tlv(0x83, [0]), ...tlv(0x86, E.isdnBytes(CN.gt))];
  const param = Uint8Array.from([0x30, body.length, ...body]);
  const begin = E.tcBegin({
    otid: '0a0b0c0d',
    dialogue: { pdu: 'aarq', acn: '0.4.0.0.1.0.5.3' },
    components: [{ type: 'invoke', invokeId: 1, opcode: 22, param }],
  });
  return E.writePcap([{ tsSec: 1_743_235_200, tsNsec: 0, data: ss7Frame(begin, CN, HLR) }], { linkType: 1 });
}

async function alerts(bytes: Uint8Array): Promise<ScanAlert[]> {
  const out: ScanAlert[] = [];
  for await (const a of scan(bytes, { profile: PROFILE })) out.push(a);
  return out;
}

function anomalies(bytes: Uint8Array): Anomaly[] {
  const out: Anomaly[] = [];
  const d = new Decoder({ onEvent: () => {}, onAnomaly: (a) => out.push(a) });
  d.push(bytes);
  d.end();
  return out;
}

const victimAlert = (a: ScanAlert[]) => a.find((x) => x.rule === 'location-origin-mismatch' && x.subscriber?.msisdn === VICTIM);

describe('rt15 H7 (MAP): a repeated subscriber field is reported and judged on every value', () => {
  it('the victim second: map.repeated-field, and the victim is judged (location-origin-mismatch)', async () => {
    const bytes = sriCapture([FOREIGN, VICTIM]);
    expect(anomalies(bytes).map((a) => a.code)).toEqual(['map.repeated-field']);
    expect(anomalies(bytes)[0]!.detail).toContain('with other digits, judged too');
    expect(victimAlert(await alerts(bytes))?.level).toBe('medium');
  });

  it('the victim first: the same alert, as before', async () => {
    expect(victimAlert(await alerts(sriCapture([VICTIM, FOREIGN])))?.level).toBe('medium');
  });

  it('a decoy home number first, on which the same rule fires: the victim is judged by that rule too (review 16-A #3)', async () => {
    const a = await alerts(sriCapture(['12025550999', VICTIM]));
    expect(a.find((x) => x.rule === 'location-origin-mismatch' && x.subscriber?.msisdn === '12025550999')).toBeDefined();
    expect(victimAlert(a)).toBeDefined();
  });

  it('one anomaly per argument however often the field repeats; the same digits twice are reported and judged once', async () => {
    expect(anomalies(sriCapture([FOREIGN, VICTIM, FOREIGN, VICTIM, FOREIGN])).map((a) => a.code)).toEqual(['map.repeated-field']);
    const same = sriCapture([VICTIM, VICTIM]);
    expect(anomalies(same)[0]!.detail).toContain('with the same digits');
    expect((await alerts(same)).filter((a) => a.rule === 'location-origin-mismatch')).toHaveLength(1);
  });

  it('a single MSISDN: no anomaly', () => {
    expect(anomalies(sriCapture([VICTIM]))).toEqual([]);
  });
});

describe('review 17-A #3 (MAP): past OTHER_IDENTITIES other values, the last one is judged and the rest counted', () => {
  const decoys = Array.from({ length: 6 }, (_, i) => `86139123456${String(70 + i)}`);

  it('six Chinese numbers, then the victim\u2019s: the victim judged; one more anomaly says one value was not judged', async () => {
    const bytes = sriCapture([...decoys, VICTIM]);
    const an = anomalies(bytes);
    expect(an.map((a) => a.code)).toEqual(['map.repeated-field', 'map.repeated-field']);
    expect(an[1]!.detail).toContain('1 not judged');
    expect(victimAlert(await alerts(bytes))?.level).toBe('medium');
  });

  it('control: four Chinese numbers, then the victim\u2019s: judged, no count', async () => {
    const bytes = sriCapture([...decoys.slice(0, 4), VICTIM]);
    expect(anomalies(bytes).map((a) => a.code)).toEqual(['map.repeated-field']);
    expect(victimAlert(await alerts(bytes))?.level).toBe('medium');
  });
});
