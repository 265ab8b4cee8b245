/**
 * Diameter application ids and command codes by name — the one place sigwatch spells them. The
 * per-specification dictionary files (base.ts, s6a.ts, ...) build their AppDef/CommandDef entries
 * (names, abbreviations, defining clauses) from these, and the subscriber state, home inference,
 * rule compiler and traffic generator refer to them by name (`DIAMETER_CMD.s6a.ULR`). Literal
 * `as const` objects: the constants narrow to literal types and V8 folds the loads of these
 * never-written objects, as for `FieldAvp` in fields.ts.
 */

/** Application ids (Auth-/Acct-Application-Id values). */
export const DIAMETER_APP = {
  /** Diameter Common Messages, RFC 6733 §2.4. */
  common: 0,
  /** NASREQ, RFC 7155 §1.2. */
  nasreq: 1,
  /** Diameter Base Accounting, RFC 6733 §2.4. */
  accounting: 3,
  /** Diameter Credit Control, RFC 4006 §12.1. */
  creditControl: 4,
  /** 3GPP Cx, TS 29.229 §5.6. */
  cx: 16777216,
  /** 3GPP Sh, TS 29.329 §6. */
  sh: 16777217,
  /** 3GPP Zh (BSF ↔ HSS), TS 29.109 §6. */
  zh: 16777221,
  /** 3GPP Rx, TS 29.214 §5.6. */
  rx: 16777236,
  /** 3GPP Gx, TS 29.212 §5.6. */
  gx: 16777238,
  /** 3GPP S6a/S6d, TS 29.272 §7.1.8. */
  s6a: 16777251,
  /** 3GPP SWx (3GPP AAA server ↔ HSS), TS 29.273 §8. */
  swx: 16777265,
  /** 3GPP Wx (I-WLAN 3GPP AAA server ↔ HSS, SWx's predecessor), TS 29.234; the IANA Diameter application id. */
  wx: 16777219,
  /** 3GPP S13/S13', TS 29.272 §7.1.8. */
  s13: 16777252,
  /** 3GPP SLg, TS 29.172 §7.1. */
  slg: 16777255,
  /** 3GPP SLh, TS 29.173 §6.1. */
  slh: 16777291,
  /** 3GPP Sy, TS 29.219 §5.6. */
  sy: 16777302,
  /** 3GPP Sd, TS 29.212 §6.6. */
  sd: 16777303,
  /** 3GPP S7a/S7d (CSS ↔ MME/SGSN), TS 29.272 §7.1.8; TS 29.230 §4.1 Table 4.1. */
  s7a: 16777308,
  /** 3GPP S6c, TS 29.338 §5.3.1. */
  s6c: 16777312,
  /** 3GPP SGd, TS 29.338 §6.3.1. */
  sgd: 16777313,
  /** 3GPP S6m/S6n (MTC-IWF/MTC-AAA ↔ HSS), TS 29.336 §6.1.8. */
  s6m: 16777310,
  /** 3GPP S6t (SCEF ↔ HSS), TS 29.336 §8.1.8. */
  s6t: 16777345,
  /** 3GPP T6a/T6b (SCEF ↔ MME/SGSN), TS 29.128 §6. */
  t6a: 16777346,
  /** Relay, RFC 6733 §2.4. */
  relay: 0xffffffff,
} as const;

export type DiameterAppName = keyof typeof DIAMETER_APP;

/**
 * Command codes by the application that defines them, keyed by request abbreviation (abbreviations
 * repeat across applications: PUR is Purge-UE in S6a and Profile-Update in Sh). Clauses are on
 * each CommandDef in the per-specification files.
 */
export const DIAMETER_CMD = {
  /** RFC 6733 §3.1. */
  base: { CER: 257, RAR: 258, ACR: 271, ASR: 274, STR: 275, DWR: 280, DPR: 282 },
  /** RFC 4006 §3.1-3.2. */
  creditControl: { CCR: 272 },
  /** RFC 7155 §3.1 (AA, also used by Rx, TS 29.214 §5.6.1). */
  nasreq: { AAR: 265 },
  /** TS 29.229 §6.1. */
  cx: { UAR: 300, SAR: 301, LIR: 302, MAR: 303, RTR: 304, PPR: 305 },
  /** TS 29.329 §6.1. */
  sh: { UDR: 306, PUR: 307, SNR: 308, PNR: 309 },
  /** TS 29.272 §7.2.2 Table 7.2.2/1. */
  s6a: { ULR: 316, CLR: 317, AIR: 318, IDR: 319, DSR: 320, PUR: 321, RSR: 322, NOR: 323 },
  /** TS 29.272 §7.2.19 (ME-Identity-Check, S13). */
  s13: { ECR: 324 },
  /** TS 29.172 §7.2. */
  slg: { PLR: 8388620, LRR: 8388621 },
  /** TS 29.173 §6.2. */
  slh: { RIR: 8388622 },
  /** TS 29.338 §5.3.2. */
  s6c: { SRR: 8388647, ALR: 8388648, RDR: 8388649 },
  /** TS 29.336 §6.2.2. */
  s6m: { SIR: 8388641 },
  /** TS 29.336 §8.2.2, §8.2.7 (Configuration- and NIDD-Information; Reporting-Information is not read). */
  s6t: { CIR: 8388718, NIR: 8388726 },
  // T6a (TS 29.128 §6.2.2), SWx (TS 29.273 §8.2), Wx (TS 29.234 §7) and Zh (TS 29.109 §6) reuse S6t's
  // and Cx's codes: their rows are made with types.ts reuse() from those.
} as const;
