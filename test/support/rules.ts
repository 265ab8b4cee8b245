/** The shipped rule pack's stable ids (ARCHITECTURE.md §6), sorted; tests compare against this one list. */
export const SHIPPED_RULE_IDS: readonly string[] = [
  'auth-vector-harvesting',
  'cat1-from-outside',
  'cat2-not-home',
  'cat3-bypass-sequence',
  'diameter-realm-not-plmn',
  'impossible-travel',
  'location-origin-mismatch',
  'multi-origin-targeting',
  'purge-ms-from-outside',
  'registration-from-non-partner',
  'registration-refused',
  'ss-operation-from-outside',
  'ss-operation-from-partner',
  'ul-origin-spoof',
  'watched-carrier',
];
