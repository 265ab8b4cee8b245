/**
 * Operator entries from a GSMA IR.21 RAEX XML document (the roaming database exchange format).
 * Only the elements attribution needs are read, by local name (namespace prefixes ignored):
 *
 *   Network                        one entry per element
 *     NetworkName | PresentationOfCountryInitialsAndMobileNetworkName   the name
 *       (fallback: OrganizationInfo/OrganizationName and the TADIG code)
 *     TADIGCode                    5-character TADIG code → `tadig`
 *     MCC, MNC                     first pair (CCITT_E212_NumberSeries) → `plmn`, country via E.212
 *     NumberRange | GTAddressInfo | NwNodeGT   with CC, NDC and SN_RangeStart+SN_RangeStop, or SN,
 *                                  or neither → E.164 prefixes (MSISDN ranges, network-element GTs)
 *     MGT                          E.214 Mobile Global Title: CC + NC → prefix
 *     DiameterRealm | RealmName    Diameter realms
 *   FileCreationTimestamp          → `date` (YYYY-MM-DD)
 *
 * Role is 'mno' (IR.21 describes a mobile network). Malformed content throws SigwatchError
 * BAD_IMPORT with `file` and `line`; nothing is returned on error.
 */

import { basename } from 'node:path';
import { ErrorCode, SigwatchError } from '../core/errors.js';
import { mccCountry } from './e212.js';
import { isIsoDate, readImportFile } from './import-csv.js';
import { rangePrefixes } from './number-range.js';
import { isRealm } from './realm.js';
import type { NetworkEntry } from './types.js';
import { findAll, findFirst, parseXml, XmlSyntaxError, type XmlElement } from './xml-tree.js';

const RANGE_ELEMENTS = new Set(['NumberRange', 'GTAddressInfo', 'NwNodeGT']);
const REALM_ELEMENTS = new Set(['DiameterRealm', 'RealmName']);
const NETWORK = new Set(['Network']);
const MGT = new Set(['MGT']);

/** Parses IR.21 XML text; `file` names the source in errors and in `source`. */
export function parseIr21(xml: string, file: string): NetworkEntry[] {
  const fail = (line: number, msg: string): never => {
    throw new SigwatchError(ErrorCode.BAD_IMPORT, `${file}:${line}: ${msg}`, { file, line });
  };
  let root: XmlElement;
  try {
    root = parseXml(xml);
  } catch (e) {
    if (e instanceof XmlSyntaxError) return fail(e.line, `XML: ${e.message}`);
    throw e;
  }
  const stamp = findFirst(root, 'FileCreationTimestamp');
  let date: string | undefined;
  if (stamp !== undefined) {
    date = stamp.text.slice(0, 10);
    if (!isIsoDate(date)) fail(stamp.line, `bad FileCreationTimestamp "${stamp.text}"`);
  }
  const org = findFirst(root, 'OrganizationName')?.text;
  const networks = findAll(root, NETWORK);
  if (networks.length === 0) fail(root.line, 'no <Network> element');

  const digits = (el: XmlElement | undefined, what: string, min: number, max: number): string | undefined => {
    if (el === undefined) return undefined;
    const t = el.text;
    return t.length >= min && t.length <= max && /^\d+$/.test(t) ? t : fail(el.line, `bad ${what} "${t}"`);
  };
  const child = findFirst;

  return networks.map((net) => {
    const tadigEl = findFirst(net, 'TADIGCode');
    const tadig = tadigEl?.text;
    if (tadigEl !== undefined && !/^[A-Z0-9]{5}$/.test(tadigEl.text)) fail(tadigEl.line, `bad TADIGCode "${tadigEl.text}"`);
    const name =
      findFirst(net, 'NetworkName')?.text ||
      findFirst(net, 'PresentationOfCountryInitialsAndMobileNetworkName')?.text ||
      (org !== undefined && tadig !== undefined ? `${org} ${tadig}` : undefined);
    if (name === undefined || name === '') return fail(net.line, 'network has no name (NetworkName) and no OrganizationName+TADIGCode');

    const gtPrefixes: string[] = [];
    for (const r of findAll(net, RANGE_ELEMENTS)) {
      const cc = digits(child(r, 'CC'), 'CC', 1, 3) ?? fail(r.line, `<${r.name}> without CC`);
      const ndc = digits(child(r, 'NDC'), 'NDC', 1, 14) ?? '';
      const sn = digits(child(r, 'SN'), 'SN', 1, 14);
      const lo = digits(child(r, 'SN_RangeStart'), 'SN_RangeStart', 1, 14);
      const hi = digits(child(r, 'SN_RangeStop'), 'SN_RangeStop', 1, 14);
      if ((lo === undefined) !== (hi === undefined)) fail(r.line, 'SN_RangeStart and SN_RangeStop must come together');
      let tails = [''];
      if (sn !== undefined) tails = [sn];
      else if (lo !== undefined && hi !== undefined) {
        if (lo.length !== hi.length || lo > hi) fail(r.line, `bad number range ${lo}-${hi}`);
        tails = rangePrefixes(lo, hi);
      }
      for (const t of tails) {
        const p = cc + ndc + t;
        if (p.length > 15) fail(r.line, `number longer than 15 digits: ${p}`);
        gtPrefixes.push(p);
      }
    }
    for (const m of findAll(net, MGT)) {
      const cc = digits(child(m, 'CC'), 'MGT CC', 1, 3) ?? fail(m.line, '<MGT> without CC');
      const nc = digits(child(m, 'NC'), 'MGT NC', 1, 12) ?? fail(m.line, '<MGT> without NC');
      gtPrefixes.push(cc + nc);
    }
    const realms = findAll(net, REALM_ELEMENTS).map((r) => {
      const realm = r.text.toLowerCase();
      return isRealm(realm) ? realm : fail(r.line, `bad realm "${r.text}"`);
    });

    const entry: NetworkEntry = {
      name,
      role: 'mno',
      gtPrefixes: [...new Set(gtPrefixes)],
      realms: [...new Set(realms)],
      pointCodes: [],
      source: `IR.21 ${tadig ?? basename(file)}`,
    };
    if (tadig !== undefined) entry.tadig = tadig;
    const mccEl = findFirst(net, 'MCC');
    const mcc = digits(mccEl, 'MCC', 3, 3);
    const mnc = digits(findFirst(net, 'MNC'), 'MNC', 2, 3);
    if ((mcc === undefined) !== (mnc === undefined)) fail((mccEl ?? net).line, 'MCC and MNC must come together');
    if (mcc !== undefined && mnc !== undefined) {
      entry.plmn = mcc + mnc;
      const country = mccCountry(mcc);
      if (country !== undefined) entry.country = country;
    }
    if (date !== undefined) entry.date = date;
    return entry;
  });
}

/** Reads and parses an IR.21 XML file. */
export async function loadIr21(path: string): Promise<NetworkEntry[]> {
  return parseIr21(await readImportFile(path), path);
}
