/**
 * ITU-T E.212 Mobile Country Codes → ISO 3166-1 alpha-2, and PLMN (MCC+MNC) helpers.
 *
 * Source: ITU-T Recommendation E.212, "List of Mobile Country or Geographical Area Codes"
 * (complement to E.212, annexed to the ITU Operational Bulletin; public ITU document).
 * Transcribed by hand; every MCC below is in that list.
 *
 * Beware of public tables with errors: several popular MCC/MNC lists map MCC 310 to Guam (because
 * Guam's operators hold 310-xxx PLMNs) — E.212 assigns 310–316 to the United States. Where one MCC
 * serves several ISO territories the first territory of the ITU entry is returned: 340 French
 * Antilles → GP (also MQ, BL, MF), 362 former Netherlands Antilles → CW (also SX, BQ),
 * 647 French Indian Ocean departments → RE (also YT), 425 → IL (also used by Palestinian
 * operators), 505 → AU (also NF), 658 → SH (also AC, TA). 901 is the international shared code.
 */

// biome-ignore format: packed table, one line per region group
export const MCC_COUNTRY: Readonly<Record<string, string>> = Object.freeze({
  // Zone 2 — Europe
  '202': 'GR', '204': 'NL', '206': 'BE', '208': 'FR', '212': 'MC', '213': 'AD', '214': 'ES',
  '216': 'HU', '218': 'BA', '219': 'HR', '220': 'RS', '221': 'XK', '222': 'IT', '225': 'VA',
  '226': 'RO', '228': 'CH', '230': 'CZ', '231': 'SK', '232': 'AT', '234': 'GB', '235': 'GB',
  '238': 'DK', '240': 'SE', '242': 'NO', '244': 'FI', '246': 'LT', '247': 'LV', '248': 'EE',
  '250': 'RU', '255': 'UA', '257': 'BY', '259': 'MD', '260': 'PL', '262': 'DE', '266': 'GI',
  '268': 'PT', '270': 'LU', '272': 'IE', '274': 'IS', '276': 'AL', '278': 'MT', '280': 'CY',
  '282': 'GE', '283': 'AM', '284': 'BG', '286': 'TR', '288': 'FO', '290': 'GL', '292': 'SM',
  '293': 'SI', '294': 'MK', '295': 'LI', '297': 'ME',
  // Zone 3 — North America and the Caribbean
  '302': 'CA', '308': 'PM', '310': 'US', '311': 'US', '312': 'US', '313': 'US', '314': 'US',
  '315': 'US', '316': 'US', '330': 'PR', '332': 'VI', '334': 'MX', '338': 'JM', '340': 'GP',
  '342': 'BB', '344': 'AG', '346': 'KY', '348': 'VG', '350': 'BM', '352': 'GD', '354': 'MS',
  '356': 'KN', '358': 'LC', '360': 'VC', '362': 'CW', '363': 'AW', '364': 'BS', '365': 'AI',
  '366': 'DM', '368': 'CU', '370': 'DO', '372': 'HT', '374': 'TT', '376': 'TC',
  // Zone 4 — Asia and the Middle East
  '400': 'AZ', '401': 'KZ', '402': 'BT', '404': 'IN', '405': 'IN', '406': 'IN', '410': 'PK',
  '412': 'AF', '413': 'LK', '414': 'MM', '415': 'LB', '416': 'JO', '417': 'SY', '418': 'IQ',
  '419': 'KW', '420': 'SA', '421': 'YE', '422': 'OM', '424': 'AE', '425': 'IL', '426': 'BH',
  '427': 'QA', '428': 'MN', '429': 'NP', '430': 'AE', '431': 'AE', '432': 'IR', '434': 'UZ',
  '436': 'TJ', '437': 'KG', '438': 'TM', '440': 'JP', '441': 'JP', '450': 'KR', '452': 'VN',
  '454': 'HK', '455': 'MO', '456': 'KH', '457': 'LA', '460': 'CN', '461': 'CN', '466': 'TW',
  '467': 'KP', '470': 'BD', '472': 'MV',
  // Zone 5 — Oceania and South-East Asia
  '502': 'MY', '505': 'AU', '510': 'ID', '514': 'TL', '515': 'PH', '520': 'TH', '525': 'SG',
  '528': 'BN', '530': 'NZ', '534': 'MP', '535': 'GU', '536': 'NR', '537': 'PG', '539': 'TO',
  '540': 'SB', '541': 'VU', '542': 'FJ', '543': 'WF', '544': 'AS', '545': 'KI', '546': 'NC',
  '547': 'PF', '548': 'CK', '549': 'WS', '550': 'FM', '551': 'MH', '552': 'PW', '553': 'TV',
  '554': 'TK', '555': 'NU',
  // Zone 6 — Africa
  '602': 'EG', '603': 'DZ', '604': 'MA', '605': 'TN', '606': 'LY', '607': 'GM', '608': 'SN',
  '609': 'MR', '610': 'ML', '611': 'GN', '612': 'CI', '613': 'BF', '614': 'NE', '615': 'TG',
  '616': 'BJ', '617': 'MU', '618': 'LR', '619': 'SL', '620': 'GH', '621': 'NG', '622': 'TD',
  '623': 'CF', '624': 'CM', '625': 'CV', '626': 'ST', '627': 'GQ', '628': 'GA', '629': 'CG',
  '630': 'CD', '631': 'AO', '632': 'GW', '633': 'SC', '634': 'SD', '635': 'RW', '636': 'ET',
  '637': 'SO', '638': 'DJ', '639': 'KE', '640': 'TZ', '641': 'UG', '642': 'BI', '643': 'MZ',
  '645': 'ZM', '646': 'MG', '647': 'RE', '648': 'ZW', '649': 'NA', '650': 'MW', '651': 'LS',
  '652': 'BW', '653': 'SZ', '654': 'KM', '655': 'ZA', '657': 'ER', '658': 'SH', '659': 'SS',
  // Zone 7 — Central and South America
  '702': 'BZ', '704': 'GT', '706': 'SV', '708': 'HN', '710': 'NI', '712': 'CR', '714': 'PA',
  '716': 'PE', '722': 'AR', '724': 'BR', '730': 'CL', '732': 'CO', '734': 'VE', '736': 'BO',
  '738': 'GY', '740': 'EC', '742': 'GF', '744': 'PY', '746': 'SR', '748': 'UY', '750': 'FK',
  // Zone 9 — British Indian Ocean Territory
  '995': 'IO',
});

/** MCC 901: international mobile, shared code (ITU-T E.212); no country. */
export const MCC_INTERNATIONAL = '901';

/**
 * MCCs whose administrations assign 3-digit MNCs (3GPP TS 23.003 §2.2 leaves the length to the
 * national administration; the lengths follow the MNCs listed in the E.212 list): Canada, the
 * United States and its territories, Mexico, the Caribbean states numbered under 338–376 that use
 * them, Honduras, Argentina, Colombia, Falkland Islands. 901 (international) uses 2 digits.
 */
// biome-ignore format: packed table, one line per region group
const THREE_DIGIT_MNC = new Set([
  '302', '310', '311', '312', '313', '314', '315', '316', '330', '332', '334', '338', '342',
  '344', '346', '348', '352', '354', '356', '358', '360', '364', '365', '366', '376', '708',
  '722', '732', '750',
]);

/**
 * MCCs that mix lengths: the MNC's leading digits that mean a 3-digit MNC. India 405 has 2-digit
 * MNCs (405-01 ...) and 3-digit blocks 405-025…047, 405-7xx, 405-8xx, 405-9xx; Trinidad and
 * Tobago 374-12 (2) beside 374-130 (3). A registry PLMN always takes precedence over this guess.
 */
const MIXED_MNC: Readonly<Record<string, readonly string[]>> = {
  '405': ['02', '03', '04', '7', '8', '9'],
  '374': ['13'],
};

/** ISO country of an MCC, undefined for unassigned MCCs and 901. */
export function mccCountry(mcc: string): string | undefined {
  return MCC_COUNTRY[mcc];
}

/** MNC length the E.212 plan suggests for `mcc` given the digits that follow it. */
export function mncLength(mcc: string, rest: string): 2 | 3 {
  if (THREE_DIGIT_MNC.has(mcc)) return 3;
  const mixed = MIXED_MNC[mcc];
  if (mixed?.some((p) => rest.startsWith(p))) return 3;
  return 2;
}

export interface Plmn {
  mcc: string;
  mnc: string;
}

const DIGITS = /^\d+$/;

/** Splits a 5- or 6-digit MCC+MNC string (the length decides the MNC length). */
export function splitPlmn(mccMnc: string): Plmn | undefined {
  if ((mccMnc.length !== 5 && mccMnc.length !== 6) || !DIGITS.test(mccMnc)) return undefined;
  return { mcc: mccMnc.slice(0, 3), mnc: mccMnc.slice(3) };
}

/**
 * Home PLMN (MCC+MNC digits) of an IMSI. `isKnown` (the registry) is asked about the 3-digit
 * and then the 2-digit reading first; otherwise the MCC's MNC length decides.
 */
export function imsiPlmn(imsi: string, isKnown?: (plmn: string) => boolean): string | undefined {
  if (imsi.length < 6 || imsi.length > 15 || !DIGITS.test(imsi)) return undefined;
  if (isKnown !== undefined) {
    const six = imsi.slice(0, 6);
    if (isKnown(six)) return six;
    const five = imsi.slice(0, 5);
    if (isKnown(five)) return five;
  }
  const mcc = imsi.slice(0, 3);
  return imsi.slice(0, 3 + mncLength(mcc, imsi.slice(3)));
}
