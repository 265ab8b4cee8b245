/**
 * The multi-homed Diameter/SCTP association of the SCTP path tests (red-team rt8 MH1, review 12-A
 * #2, 13-C #4, 14-C #1): an SLg PLR (TS 29.172) and its PLA, and the two endpoints' addresses.
 * Client X: 10.0.0.1 and 10.0.1.1; server Y: 10.0.0.2 and 10.0.1.2. X → Y packets carry Y's tag,
 * Y → X packets X's (RFC 9260 §8.5).
 */
import { avp, buildDiameter, msisdnAvp } from '../../src/encode/diameter.js';

const GMLC = 'gmlc.epc.mnc010.mcc440.3gppnetwork.org';

/** A ProvideLocation request from a Japanese GMLC for a US subscriber (hop-by-hop / end-to-end 77). */
export const plr = buildDiameter({
  cmd: 8388620,
  app: 16777255,
  request: true,
  proxyable: true,
  hbh: 77,
  e2e: 77,
  avps: [avp(263, `${GMLC};1;77`), avp(264, GMLC), avp(296, 'epc.mnc010.mcc440.3gppnetwork.org'), avp(1, '310410100000032'), msisdnAvp('12025550032')],
});

/** Its answer (2001). */
export const pla = buildDiameter({
  cmd: 8388620,
  app: 16777255,
  request: false,
  proxyable: true,
  hbh: 77,
  e2e: 77,
  avps: [avp(263, `${GMLC};1;77`), avp(268, 2001)],
});

export const X1 = '10.0.0.1';
export const X2 = '10.0.1.1';
export const Y1 = '10.0.0.2';
export const Y2 = '10.0.1.2';
