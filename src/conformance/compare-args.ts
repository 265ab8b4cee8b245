/**
 * Argument-level comparison with `NAME.args.jsonl` (golden_args.py). A field is one args key of
 * one MAP component, or one Diameter AVP entry; it agrees when sigwatch has the same value.
 *
 * MAP: each golden key goes through ARG_FIELDS (arg-fields.ts), the one mapping from golden keys
 * to sigwatch's typed fields; components pair up by position with sigwatch's `map` events, as
 * the header comparison pairs them.
 *
 * Diameter: the golden AVP list (depth-first, depth given) is compared level by level with the
 * event's AVP tree (decoder option `diameterAvpTree`): the n-th AVP of a level with the n-th of
 * the same level, so one AVP missing inside a grouped AVP costs that AVP (and its children), not
 * the rest of the message. Per AVP: code, vendor and the value by kind — tshark's grouped (null)
 * against a grouped AVP; a string against sigwatch's text, or the hex of its octets, or, for an
 * address, the IP text of its octets (raw 4/16 octets, or the RFC 6733 §4.3.1 Address form), or
 * for a typed number tshark leaves as bytes, the hex of its octets; an
 * integer against sigwatch's Integer/Unsigned/Enumerated value, a time (seconds since 1970)
 * against its Time value (RFC 6733 §4.3.1).
 */
import type { DiameterAvp } from '../diameter/avp.js';
import { hexOf, ipText } from '../core/bytes.js';
import type { DiameterEvent, SignallingEvent, Ss7Event } from '../events/types.js';
import { ARG_FIELDS } from './arg-fields.js';
import type { Disagreement } from './compare.js';
import type { GoldenArgsLine, GoldenAvp } from './golden-args.js';

export interface ArgsLineResult {
  fields: number;
  agree: number;
  disagreements: Disagreement[];
}

export function compareArgsLine(line: GoldenArgsLine, events: SignallingEvent[] | undefined): ArgsLineResult {
  const res: ArgsLineResult = { fields: 0, agree: 0, disagreements: [] };
  const put = (field: string, expected: unknown, actual: unknown, ok: boolean): void => {
    res.fields++;
    if (ok) res.agree++;
    else res.disagreements.push({ frame: line.frame, index: line.index, field, expected, actual });
  };
  if (line.proto === 'diameter') {
    const ev = events?.find((e): e is DiameterEvent => e.protocol === 'diameter');
    compareAvps(buildTree(line.avps), ev?.diameter.avpTree ?? [], 'avps', put);
  } else {
    const ours = (events ?? []).filter((e): e is Ss7Event => e.protocol === 'map' && e.component !== undefined);
    line.components.forEach((g, i) => {
      const ev = ours[i];
      for (const [key, value] of Object.entries(g.args)) {
        const at = `components[${i}].args.${key}`;
        const f = ARG_FIELDS[key];
        if (f === undefined) {
          put(at, value, 'no mapping', false);
          continue;
        }
        const expected = f.golden(value);
        const actual = ev === undefined ? undefined : f.get(ev);
        put(at, value, actual, expected !== undefined && same(expected, actual));
      }
    });
  }
  return res;
}

type Put = (field: string, expected: unknown, actual: unknown, ok: boolean) => void;

interface GNode {
  avp: GoldenAvp;
  /** Position in the golden list (the field name). */
  at: number;
  children: GNode[];
}

/** The golden depth-first list as a tree (a child is any following entry one level deeper). */
function buildTree(list: readonly GoldenAvp[]): GNode[] {
  const root: GNode[] = [];
  const stack: GNode[][] = [root];
  list.forEach((avp, at) => {
    const node: GNode = { avp, at, children: [] };
    const level = Math.min(Math.max(avp.depth, 0), stack.length - 1);
    stack.length = level + 1;
    stack[level]!.push(node);
    stack.push(node.children);
  });
  return root;
}

function compareAvps(golden: readonly GNode[], ours: readonly DiameterAvp[], field: string, put: Put): void {
  golden.forEach((g, i) => {
    const o = ours[i];
    const at = avpField(field, g);
    if (o === undefined) {
      put(at, describe(g.avp), null, false);
      missing(g.children, field, put);
      return;
    }
    const headerOk = g.avp.code === o.code && g.avp.vendor === o.vendor;
    const ok = headerOk && sameValue(g.avp.value, o);
    put(at, describe(g.avp), headerOk ? ourValue(o) : `${o.vendor}:${o.code}`, ok);
    compareAvps(g.children, o.avps ?? [], field, put);
  });
}

function missing(nodes: readonly GNode[], field: string, put: Put): void {
  for (const n of nodes) {
    put(avpField(field, n), describe(n.avp), null, false);
    missing(n.children, field, put);
  }
}

/** `avps[12].10415:1407`: position in the golden list, then tshark's vendor:code (EXCEPTIONS.md globs on it). */
function avpField(field: string, n: GNode): string {
  return `${field}[${n.at}].${n.avp.vendor}:${n.avp.code}`;
}

function describe(a: GoldenAvp): string {
  return `${a.vendor}:${a.code}=${JSON.stringify(a.value)}`;
}

function ourValue(o: DiameterAvp): unknown {
  if (o.avps !== undefined) return null;
  const v = o.value;
  if (v instanceof Uint8Array) return hexOf(v, 0, v.length);
  if (v instanceof Date) return v.getTime() / 1000;
  return typeof v === 'bigint' ? Number(v) : v;
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

function sameValue(g: string | number | null, o: DiameterAvp): boolean {
  if (g === null) return o.avps !== undefined;
  if (o.avps !== undefined) return false;
  const v = o.value;
  if (typeof g === 'number') {
    if (typeof v === 'number') return v === g;
    if (typeof v === 'bigint') return v === BigInt(Math.trunc(g)) && Number.isInteger(g);
    if (v instanceof Date) return Math.floor(v.getTime() / 1000) === g;
    return false;
  }
  // text, or tshark's hex of the same octets (also an Address of an unknown family, kept as text)
  if (typeof v === 'string') return v === g || hexOfText(v) === g || hexOf(o.raw, 0, o.raw.length) === g;
  if (v instanceof Uint8Array) {
    if (hexOf(v, 0, v.length) === g) return true;
    // An AVP sigwatch's dictionary does not know stays raw octets: only tshark's hex can agree
    // (reading them as tshark's text or integer would take tshark's dictionary for sigwatch's).
    if (o.def === undefined) return false;
    if ((IPV4.test(g) || g.includes(':')) && addressText(v) === g) return true;
    // tshark shows some OctetStrings as text (Codec-Data, TS 29.214): the same octets as UTF-8
    return utf8.decode(v) === g;
  }
  // A number, bigint or time that tshark's dictionary does not type (193:1073 Account-Location,
  // Unsigned32 by SCAPv2 §3.1.1, shown by tshark as "00000013"): tshark's hex of the same octets.
  return hexOf(o.raw, 0, o.raw.length) === g;
}

/** IP text of raw address octets (4 or 16) or of an RFC 6733 §4.3.1 Address (family 1 or 2 first). */
function addressText(v: Uint8Array): string | undefined {
  if (v.length === 4 || v.length === 16) return ipText(v, 0, v.length);
  if ((v.length === 6 && v[0] === 0 && v[1] === 1) || (v.length === 18 && v[0] === 0 && v[1] === 2)) return ipText(v, 2, v.length - 2);
  return undefined;
}

const enc = new TextEncoder();
const utf8 = new TextDecoder('utf-8', { fatal: false });
function hexOfText(s: string): string {
  const b = enc.encode(s);
  return hexOf(b, 0, b.length);
}

function same(a: unknown, b: unknown): boolean {
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => same(x, b[i]));
  return a === b;
}
