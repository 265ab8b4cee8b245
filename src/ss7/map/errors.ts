/**
 * MAP error codes (TS 29.002 §17.6.6 MAP-Errors / §17.5 local values; error definitions §7.6.1).
 */
export const MAP_ERRORS = {
  unknownSubscriber: 1,
  unknownMSC: 3,
  unidentifiedSubscriber: 5,
  absentSubscriberSM: 6,
  unknownEquipment: 7,
  roamingNotAllowed: 8,
  illegalSubscriber: 9,
  bearerServiceNotProvisioned: 10,
  teleserviceNotProvisioned: 11,
  illegalEquipment: 12,
  callBarred: 13,
  forwardingViolation: 14,
  cug_Reject: 15,
  illegalSS_Operation: 16,
  ss_ErrorStatus: 17,
  ss_NotAvailable: 18,
  ss_SubscriptionViolation: 19,
  ss_Incompatibility: 20,
  facilityNotSupported: 21,
  ongoingGroupCall: 22,
  noHandoverNumberAvailable: 25,
  subsequentHandoverFailure: 26,
  absentSubscriber: 27,
  incompatibleTerminal: 28,
  shortTermDenial: 29,
  longTermDenial: 30,
  subscriberBusyForMT_SMS: 31,
  sm_DeliveryFailure: 32,
  messageWaitingListFull: 33,
  systemFailure: 34,
  dataMissing: 35,
  unexpectedDataValue: 36,
  pw_RegistrationFailure: 37,
  negativePW_Check: 38,
  noRoamingNumberAvailable: 39,
  tracingBufferFull: 40,
  targetCellOutsideGroupCallArea: 42,
  numberOfPW_AttemptsViolation: 43,
  numberChanged: 44,
  busySubscriber: 45,
  noSubscriberReply: 46,
  forwardingFailed: 47,
  or_NotAllowed: 48,
  ati_NotAllowed: 49,
  noGroupCallNumberAvailable: 50,
  resourceLimitation: 51,
  unauthorizedRequestingNetwork: 52,
  unauthorizedLCSClient: 53,
  positionMethodFailure: 54,
  unknownOrUnreachableLCSClient: 58,
  mm_EventNotSupported: 59,
  atsi_NotAllowed: 60,
  atm_NotAllowed: 61,
  informationNotAvailable: 62,
  unknownAlphabet: 71,
  ussd_Busy: 72,
} as const;

type MapErrorName = keyof typeof MAP_ERRORS;

const BY_CODE: ReadonlyMap<number, MapErrorName> = new Map(Object.entries(MAP_ERRORS).map(([k, v]) => [v, k as MapErrorName]));

/** Error name with the ASN.1 spelling ('cug-Reject'), or undefined for an unknown code. */
export function mapErrorName(code: number): string | undefined {
  return BY_CODE.get(code)?.replace(/_/g, '-');
}

export function mapErrorCode(name: string): number | undefined {
  return (MAP_ERRORS as Readonly<Record<string, number>>)[name.replace(/-/g, '_')];
}
