/**
 * The profile (ARCHITECTURE.md §5): who "home" is, which partners may send location traffic for
 * home subscribers, the operator registry, the watch list and the rule thresholds.
 */
import { z } from 'zod';
import { resolveThreshold, thresholdSchema } from './threshold.js';
import { ErrorCode, SigwatchError } from '../core/errors.js';
import type { NetworkEntry } from '../attribution/types.js';
import { parseDuration } from './duration.js';
import { readYaml, type YamlSource } from './yaml-source.js';
import { issueError } from './zod-issue.js';

const digits = z.string().regex(/^\d+$/, 'expected a string of digits');
const prefixes = z.array(z.coerce.string().pipe(digits)).default([]);
const realms = z.array(z.string().min(1)).default([]);
const plmn = z.coerce.string().pipe(z.string().regex(/^\d{5,6}$/, 'expected MCC+MNC (5 or 6 digits)'));
const country = z.string().regex(/^[A-Z]{2}$/, 'expected an ISO 3166-1 alpha-2 code');
const duration = z.union([z.number(), z.string()]).transform((v, ctx) => {
  const s = parseDuration(v);
  if (s === undefined) {
    ctx.addIssue({ code: 'custom', message: `not a duration: ${String(v)} (use 90s, 30m, 24h, 7d)` });
    return z.NEVER;
  }
  return s;
});

const homeSchema = z.strictObject({
  name: z.string().default('home'),
  country: country.optional(),
  gt_prefixes: prefixes,
  imsi_prefixes: prefixes,
  msisdn_prefixes: prefixes,
  realms,
  inferred: z.boolean().default(false),
  /**
   * Optional (rt14 G2, rt13 N1): home's international signalling point codes (its international
   * STPs / gateways, Q.708). Declared, an international point code that is not home's and that the
   * registry does not list, routing the reply of (SCCP calling address on SSN + PC) or handing over
   * (MTP OPC) a home-country GT, is the origin, unattributed: outside. Every point code that carries
   * home traffic (mated STPs too) must be listed; an empty list is refused, not read as "none" (review
   * 15-B #7: it turned the check on and made home's own traffic outside). At most 24 bits (ANSI T1.111
   * point codes; ITU's are 14).
   */
  point_codes: z.array(z.number().int().min(0).max(0xffffff)).min(1).optional(),
  /**
   * Optional (rt14 G2): the IP addresses of home's SUA nodes. Declared, an SUA calling address routed
   * on SSN + IP address (RFC 3868 §3.10.2 routing indicator 4) to another address beside a
   * home-country GT makes that address the origin, unattributed: outside. An empty list is refused.
   */
  sua_addresses: z
    .array(z.union([z.ipv4(), z.ipv6()]))
    .min(1)
    .optional(),
});

const partnerSchema = z.strictObject({
  name: z.string().min(1),
  country: country.optional(),
  plmn: plmn.optional(),
  gt_prefixes: prefixes,
  imsi_prefixes: prefixes,
  realms,
});

const networkSchema = z.strictObject({
  name: z.string().min(1),
  country: country.optional(),
  plmn: plmn.optional(),
  role: z.enum(['mno', 'mvno', 'transit', 'ipx', 'hub', 'unknown']).default('mno'),
  gt_prefixes: prefixes,
  realms,
  point_codes: z.array(z.number().int().nonnegative()).default([]),
  source: z.string().default('profile'),
  date: z.union([z.string(), z.date().transform((d) => d.toISOString().slice(0, 10))]).optional(),
});

const thresholdsSchema = z.looseObject({
  velocity_kmh: z.number().positive().default(1000),
  /** Distance the country reference points may be off by, plus border roaming (km). */
  travel_slack_km: z.number().nonnegative().default(300),
  multi_origin: z.strictObject({ distinct: z.number().int().min(2).default(3), window: duration.default(86400) }).default({ distinct: 3, window: 86400 }),
  /** cat3-bypass-sequence: how soon after the first step the second must come. */
  bypass_window: duration.default(3600),
  /** cat3-bypass-sequence: a "neighbouring" network is at most this far (reference points). */
  neighbour_km: z.number().nonnegative().default(1500),
  /** Alert thresholds by rule id (detect/threshold.ts): replace the rule file's; null removes it. */
  rules: z
    .record(z.string(), z.union([thresholdSchema, z.null()]))
    .superRefine((rules, ctx) => {
      for (const [id, t] of Object.entries(rules)) {
        const r = t === null ? undefined : resolveThreshold(t);
        if (typeof r === 'string') ctx.addIssue({ code: 'custom', path: [id, 'window'], message: r });
      }
    })
    .optional(),
  /**
   * auth-vector-harvesting: one origin node asking for `subscribers` distinct subscribers' vectors
   * within the window, or one origin network for `network_subscribers` (default twice
   * `subscribers`) not followed by their UpdateLocation / ULR from that network.
   */
  auth_harvest: z
    .strictObject({ subscribers: z.number().int().min(2).default(10), window: duration.default(3600), network_subscribers: z.number().int().min(2).optional() })
    .default({ subscribers: 10, window: 3600 }),
  /**
   * What becomes of a location claim (UpdateLocation / ULR) a rule flagged: `record` (default)
   * keeps it beside the state as a claim, never trusted; `ignore` drops it; `trust` lets it move
   * the subscriber like any unflagged registration (the HLR may well have accepted it).
   */
  flagged_claims: z.enum(['record', 'ignore', 'trust']).default('record'),
});

const profileSchema = z.strictObject({
  home: homeSchema.default({ name: 'home', gt_prefixes: [], imsi_prefixes: [], msisdn_prefixes: [], realms: [], inferred: false }),
  partners: z.array(partnerSchema).default([]),
  networks: z.array(networkSchema).default([]),
  watch: z.strictObject({ carriers: z.array(z.string().min(1)).default([]) }).default({ carriers: [] }),
  thresholds: thresholdsSchema.default({
    velocity_kmh: 1000,
    travel_slack_km: 300,
    multi_origin: { distinct: 3, window: 86400 },
    bypass_window: 3600,
    neighbour_km: 1500,
    auth_harvest: { subscribers: 10, window: 3600 },
    flagged_claims: 'record',
  }),
});

export interface NetworkSet {
  name: string;
  country?: string;
  plmn?: string;
  gtPrefixes: string[];
  imsiPrefixes: string[];
  msisdnPrefixes: string[];
  realms: string[];
}

export interface HomeNetwork extends NetworkSet {
  /** True when the CLI inferred home from the traffic: every alert then lists that assumption. */
  inferred: boolean;
  /** The whole inference on one line (detect/infer-home.ts), restated in every alert's assumptions. */
  inference?: string;
  /** `home.point_codes` when declared (see the schema). */
  pointCodes?: number[];
  /** `home.sua_addresses` when declared, IPv6 in RFC 5952 text as the SUA decoder writes it. */
  suaAddresses?: string[];
}

export type Thresholds = z.output<typeof thresholdsSchema>;

export interface Profile {
  home: HomeNetwork;
  partners: NetworkSet[];
  networks: NetworkEntry[];
  watch: { carriers: string[] };
  /** Snake-case keys as in the YAML (rules reference them as `${thresholds.velocity_kmh}`); durations in seconds. */
  thresholds: Thresholds;
}

/** Load a profile from a YAML file path or validate an already-parsed object. */
export function loadProfile(pathOrObject: string | unknown): Profile {
  let src: YamlSource | undefined;
  let value: unknown = pathOrObject;
  let file = '(profile object)';
  if (typeof pathOrObject === 'string') {
    src = readYaml(pathOrObject, ErrorCode.BAD_PROFILE);
    value = src.value ?? {};
    file = pathOrObject;
  }
  const r = profileSchema.safeParse(value);
  if (!r.success) throw issueError(ErrorCode.BAD_PROFILE, r.error, src, file, profileSchema);
  if (src !== undefined && namesNoHome(r.data.home)) {
    // Red team 18 L3: an empty file, a file of comments or `home: {}` read as a home that matches nothing turned every
    // "from outside home" rule off (fewer alerts than no profile at all), and the summary said "from profile". A profile
    // file exists to name home; to have home inferred from the traffic, give no profile.
    const line = src.lineOf(['home']) ?? 1;
    const why = 'give at least one of gt_prefixes, imsi_prefixes, msisdn_prefixes, realms (without a profile the home network is inferred from the traffic)';
    throw new SigwatchError(ErrorCode.BAD_PROFILE, `${file}:${line}: home names no network: ${why}`, { file, line });
  }
  return toProfile(r.data);
}

/** A home block with nothing to recognise home by (its name and country alone match no message). */
function namesNoHome(h: z.output<typeof homeSchema>): boolean {
  return h.gt_prefixes.length === 0 && h.imsi_prefixes.length === 0 && h.msisdn_prefixes.length === 0 && h.realms.length === 0;
}

/** The profile used when none is given: no home, defaults for every threshold. */
export function emptyProfile(): Profile {
  return loadProfile({});
}

function toProfile(p: z.output<typeof profileSchema>): Profile {
  const h = p.home;
  const home: HomeNetwork = {
    name: h.name,
    gtPrefixes: h.gt_prefixes,
    imsiPrefixes: h.imsi_prefixes,
    msisdnPrefixes: h.msisdn_prefixes,
    realms: h.realms.map(lower),
    inferred: h.inferred,
  };
  if (h.country !== undefined) home.country = h.country;
  if (h.point_codes !== undefined) home.pointCodes = h.point_codes;
  if (h.sua_addresses !== undefined) home.suaAddresses = h.sua_addresses.map(ipText);
  const homePlmn = h.imsi_prefixes.find((x) => x.length >= 5)?.slice(0, 6);
  if (homePlmn !== undefined) home.plmn = homePlmn;
  const partners = p.partners.map((x): NetworkSet => {
    const s: NetworkSet = { name: x.name, gtPrefixes: x.gt_prefixes, imsiPrefixes: x.imsi_prefixes, msisdnPrefixes: [], realms: x.realms.map(lower) };
    if (x.country !== undefined) s.country = x.country;
    if (x.plmn !== undefined) s.plmn = x.plmn;
    return s;
  });
  const networks = p.networks.map((n): NetworkEntry => {
    const e: NetworkEntry = { name: n.name, role: n.role, gtPrefixes: n.gt_prefixes, realms: n.realms.map(lower), pointCodes: n.point_codes, source: n.source };
    if (n.country !== undefined) e.country = n.country;
    if (n.plmn !== undefined) e.plmn = n.plmn;
    if (n.date !== undefined) e.date = n.date;
    return e;
  });
  return { home, partners, networks, watch: p.watch, thresholds: p.thresholds };
}

function lower(s: string): string {
  return s.toLowerCase();
}

/** An IP address as the SUA decoder writes it: IPv4 dotted, IPv6 in RFC 5952 text (WHATWG URL's IPv6 serializer: lower case, longest zero run compressed). */
function ipText(ip: string): string {
  return ip.includes(':') ? new URL(`http://[${ip}]`).hostname.slice(1, -1) : ip;
}
