/**
 * Names rules may use for MAP operations and Diameter commands. Rules match on codes; names are
 * aliases resolved at compile time.
 */

/** MAP local operation codes, TS 29.002 §17.5 (names in camelCase as in the ASN.1 modules). */
export const MAP_OPS: Readonly<Record<string, number>> = Object.freeze({
  updateLocation: 2,
  cancelLocation: 3,
  provideRoamingNumber: 4,
  insertSubscriberData: 7,
  deleteSubscriberData: 8,
  sendRoutingInfo: 22,
  updateGprsLocation: 23,
  sendRoutingInfoForGprs: 24,
  'mt-forwardSM': 44,
  sendRoutingInfoForSM: 45,
  'mo-forwardSM': 46,
  sendAuthenticationInfo: 56,
  sendIMSI: 58,
  anyTimeSubscriptionInterrogation: 62,
  anyTimeModification: 65,
  purgeMS: 67,
  provideSubscriberInfo: 70,
  anyTimeInterrogation: 71,
  provideSubscriberLocation: 83,
  sendRoutingInfoForLCS: 85,
  subscriberLocationReport: 86,
});

export interface DiameterCommand {
  app: number;
  cmd: number;
}

/** Application ids: S6a/S6d TS 29.272 §7.1.8, SLg TS 29.172 §7.1, SLh TS 29.173 §6.1, Sh TS 29.329 §6.1. */
export const DIAMETER_APPS = Object.freeze({ s6a: 16777251, slg: 16777255, slh: 16777291, sh: 16777217 });

/** Request abbreviations: S6a TS 29.272 §7.2.1, SLg TS 29.172 §7.2, SLh TS 29.173 §6.2, Sh TS 29.329 §6.1.1. */
export const DIAMETER_COMMANDS: Readonly<Record<string, DiameterCommand>> = Object.freeze({
  ULR: { app: DIAMETER_APPS.s6a, cmd: 316 },
  CLR: { app: DIAMETER_APPS.s6a, cmd: 317 },
  AIR: { app: DIAMETER_APPS.s6a, cmd: 318 },
  IDR: { app: DIAMETER_APPS.s6a, cmd: 319 },
  DSR: { app: DIAMETER_APPS.s6a, cmd: 320 },
  PUR: { app: DIAMETER_APPS.s6a, cmd: 321 },
  RSR: { app: DIAMETER_APPS.s6a, cmd: 322 },
  NOR: { app: DIAMETER_APPS.s6a, cmd: 323 },
  PLR: { app: DIAMETER_APPS.slg, cmd: 8388620 },
  LRR: { app: DIAMETER_APPS.slg, cmd: 8388621 },
  RIR: { app: DIAMETER_APPS.slh, cmd: 8388622 },
  UDR: { app: DIAMETER_APPS.sh, cmd: 306 },
});

/** Short name of a Diameter command (request form), for explanations. */
export function diameterAbbrev(app: number, cmd: number): string | undefined {
  for (const [k, v] of Object.entries(DIAMETER_COMMANDS)) if (v.app === app && v.cmd === cmd) return k;
  return undefined;
}
