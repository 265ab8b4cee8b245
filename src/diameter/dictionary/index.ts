/**
 * The compiled dictionary: (vendor, code) → AVP definition with per-application overrides,
 * command code → names, application id → name, and name → code helpers. Built once at module load
 * from the per-specification tables (~400 entries, < 1 ms); vendor 193 (Ericsson SCAPv2) has its own table.
 */
import { BASE_APPS, BASE_AVPS, BASE_COMMANDS } from './base.js';
import { CC_APPS, CC_AVPS, CC_COMMANDS } from './credit-control.js';
import { SCAP_AVPS } from './ericsson-scap.js';
import { CX_RESULT_CODES, OTHER_APPS, OTHER_AVPS, OTHER_COMMANDS } from './other-apps.js';
import { PCC_CHARGING_AVPS } from './pcc-charging.js';
import { S6A_APP_ID, S6A_APPS, S6A_AVPS, S6A_COMMANDS, S6A_RESULT_CODES, S7A_APPS, S7A_COMMANDS } from './s6a.js';
import { S6C_APPS, S6C_AVPS, S6C_COMMANDS } from './s6c.js';
import { S6T_APPS, S6T_AVPS, S6T_COMMANDS } from './s6t.js';
import { SH_APPS, SH_AVPS, SH_COMMANDS } from './sh.js';
import { SLG_APPS, SLG_AVPS, SLG_COMMANDS } from './slg.js';
import { SLH_APPS, SLH_AVPS, SLH_COMMANDS } from './slh.js';
import type { AppDef, AvpDef, CommandDef } from './types.js';
import { DIAMETER_APP } from './codes.js';

export * from './types.js';
export { DIAMETER_APP, DIAMETER_CMD, type DiameterAppName } from './codes.js';
export { RESULT_CODES } from './base.js';
export { SubscriptionIdType } from './credit-control.js';
export { CANCELLATION_TYPES, IDR_FLAG_BITS, S6A_APP_ID, ULR_FLAG_BITS } from './s6a.js';
export { SLG_LOCATION_TYPES } from './slg.js';
export { DATA_REFERENCES } from './sh.js';
export { OTHER_PARTY_ID_NATURES, OTHER_PARTY_ID_TYPES, TRAFFIC_CASES, VENDOR_ERICSSON } from './ericsson-scap.js';

export const ALL_AVPS: readonly AvpDef[] = [
  ...BASE_AVPS,
  ...CC_AVPS,
  ...S6A_AVPS,
  ...SLG_AVPS,
  ...SLH_AVPS,
  ...SH_AVPS,
  ...S6C_AVPS,
  ...S6T_AVPS,
  ...OTHER_AVPS,
  ...PCC_CHARGING_AVPS,
  ...SCAP_AVPS,
];
export const ALL_COMMANDS: readonly CommandDef[] = [
  ...BASE_COMMANDS,
  ...CC_COMMANDS,
  ...S6A_COMMANDS,
  ...SLG_COMMANDS,
  ...SLH_COMMANDS,
  ...SH_COMMANDS,
  ...S6C_COMMANDS,
  ...S6T_COMMANDS,
  ...OTHER_COMMANDS,
];
export const ALL_APPS: readonly AppDef[] = [
  ...BASE_APPS,
  ...CC_APPS,
  ...S6A_APPS,
  ...S7A_APPS,
  ...SLG_APPS,
  ...SLH_APPS,
  ...SH_APPS,
  ...S6C_APPS,
  ...S6T_APPS,
  ...OTHER_APPS,
];

/**
 * Per-application overrides: the same (vendor, code) with a different meaning in one application.
 * Experimental-Result-Code 298 values are defined per application (RFC 6733 §7.7): 2001 is
 * DIAMETER_FIRST_REGISTRATION in Cx (TS 29.229 §6.2.1.1) but has no S6a meaning.
 */
const APP_OVERRIDES: ReadonlyArray<readonly [number, AvpDef]> = [
  [S6A_APP_ID, { ...BASE_AVPS.find((d) => d.code === 298)!, values: S6A_RESULT_CODES, ref: 'RFC 6733 §7.7; TS 29.272 §7.4' }],
  [DIAMETER_APP.cx, { ...BASE_AVPS.find((d) => d.code === 298)!, values: CX_RESULT_CODES, ref: 'RFC 6733 §7.7; TS 29.229 §6.2' }],
];

/** vendor → (code → def). Two-level map: vendor 0 and 10415 hit the first level at once. */
type AvpTable = Map<number, Map<number, AvpDef>>;

function addTo(table: AvpTable, d: AvpDef): void {
  let byCode = table.get(d.vendor);
  if (byCode === undefined) table.set(d.vendor, (byCode = new Map()));
  if (byCode.has(d.code)) throw new Error(`duplicate dictionary entry ${d.vendor}/${d.code} ${d.name}`);
  byCode.set(d.code, d);
}

const AVPS: AvpTable = new Map();
for (const d of ALL_AVPS) addTo(AVPS, d);
const OVERRIDES = new Map<number, AvpTable>();
for (const [app, d] of APP_OVERRIDES) {
  let t = OVERRIDES.get(app);
  if (t === undefined) OVERRIDES.set(app, (t = new Map()));
  addTo(t, d);
}
/** Code → its first definition (names; SWx / Zh / T6a / S7a reuse codes of Cx / S6t / S6a under the same names). */
const COMMANDS = new Map<number, CommandDef>();
/**
 * Code → the applications that define it (CommandDef.app), for codes some application defines,
 * S7a's reuse of S6a's included (s6a.ts S7A_COMMANDS: definers, not rule abbreviations). Several
 * definers of a code reuse one command (types.ts reuse): checked here, so reading the code as its
 * first definer (diameter/decoder.ts commandOutOfApp) keeps its meaning.
 */
const COMMAND_APPS = new Map<number, number[]>();
for (const c of [...ALL_COMMANDS, ...S7A_COMMANDS]) {
  const first = COMMANDS.get(c.code);
  if (first === undefined) COMMANDS.set(c.code, c);
  else if (c.app !== undefined && first.app !== undefined && c.name !== first.name) throw new Error(`command ${c.code} defined as ${first.name} and ${c.name}`);
  if (c.app !== undefined) {
    const apps = COMMAND_APPS.get(c.code);
    if (apps === undefined) COMMAND_APPS.set(c.code, [c.app]);
    else if (!apps.includes(c.app)) apps.push(c.app);
  }
}
const APPS = new Map<number, AppDef>(ALL_APPS.map((a) => [a.id, a]));
const AVP_BY_NAME = new Map<string, AvpDef>(ALL_AVPS.map((d) => [d.name.toLowerCase(), d]));
/** Abbreviations are not unique across applications: PUR is Purge-UE (S6a) and Profile-Update (Sh). */
const COMMAND_BY_ABBREV = new Map<string, Array<{ code: number; request: boolean }>>();
const addAbbrev = (abbrev: string, code: number, request: boolean): void => {
  const list = COMMAND_BY_ABBREV.get(abbrev) ?? [];
  list.push({ code, request });
  COMMAND_BY_ABBREV.set(abbrev, list);
};
for (const c of ALL_COMMANDS) {
  addAbbrev(c.req, c.code, true);
  addAbbrev(c.ans, c.code, false);
}

/** AVP definition for (vendor, code), the application's override first. Undefined when unknown. */
export function lookupAvp(vendor: number, code: number, app?: number): AvpDef | undefined {
  if (app !== undefined) {
    const o = OVERRIDES.get(app)?.get(vendor)?.get(code);
    if (o !== undefined) return o;
  }
  return AVPS.get(vendor)?.get(code);
}

/** AVP definition by name (case-insensitive), e.g. 'Visited-PLMN-Id'. */
export function avpByName(name: string): AvpDef | undefined {
  return AVP_BY_NAME.get(name.toLowerCase());
}

export function lookupCommand(code: number): CommandDef | undefined {
  return COMMANDS.get(code);
}

/** The applications that define this command code (empty for the base ones several use: CER, CCR, AAR ...). */
export function commandApps(code: number): readonly number[] {
  return COMMAND_APPS.get(code) ?? NO_APPS;
}
const NO_APPS: readonly number[] = [];

/** 'ULR' / 'ULA' for (316, true/false); undefined for unknown commands. */
export function commandAbbrev(code: number, request: boolean): string | undefined {
  const c = COMMANDS.get(code);
  return c === undefined ? undefined : request ? c.req : c.ans;
}

/** Commands with this abbreviation ('ULR' → [{316, request}]; 'PUR' → Purge-UE and Profile-Update). */
export function commandsByAbbrev(abbrev: string): ReadonlyArray<{ code: number; request: boolean }> {
  return COMMAND_BY_ABBREV.get(abbrev.toUpperCase()) ?? [];
}

export function appName(id: number): string | undefined {
  return APPS.get(id)?.name;
}

/** Names of the bits set in a flags AVP value (per the definition's `bits`); unknown bits as 'bitN'. */
export function flagNames(def: AvpDef, value: number): string[] {
  const out: string[] = [];
  for (let b = 0; b < 32; b++) {
    if ((value >>> b) & 1) out.push(def.bits?.[b] ?? `bit${b}`);
  }
  return out;
}
