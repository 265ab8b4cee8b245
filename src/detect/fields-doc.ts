/**
 * docs/fields.md, generated from the field catalogue (events/fields.ts), the modifiers and the
 * predicates, so the reference that rule errors point at ships in the package and cannot drift
 * (test/detect/fields-doc.test.ts compares the file with this output; `npm run docs` rewrites it).
 */
import { field, fieldPaths } from '../events/fields.js';
import { MODIFIERS } from './compiler.js';
import { PREDICATES } from './predicates.js';

/** What each predicate decides (the argument forms are in README "Rules"). */
const PREDICATE_DOCS: Readonly<Record<string, string>> = {
  origin_not_in: 'the origin is in none of the listed sets (`visited`, `home`, `subscriber_home`, `partners`)',
  origin_in: 'the origin is in one of the listed sets',
  from_outside: 'alias of `origin_not_in` (`home` or `[home, partners]`)',
  calling_gt_network_ne: 'MAP: the SCCP calling GT is in another network than the node the field names (`args.vlrNumber` …)',
  origin_realm_plmn_ne: 'Diameter: the Origin-Realm is in another network than the PLMN the field names (`args.visitedPlmn`)',
  velocity_kmh_gt: 'the claimed location is further from the last trusted one than this speed allows',
  ul_from_neighbour_km: 'the claimed location is another network at most this many km away',
  watched_carrier: "the origin or a transit (Route-Record, MTP OPC) is on the profile's watch list",
  visited_known: 'whether the subscriber state knows the visited network',
  home_subscriber: "the subscriber's IMSI (else MSISDN) is in the profile's home ranges",
  origin_realm_not_plmn: 'Diameter: the Origin-Realm is neither a 3GPP PLMN realm nor declared in the profile',
  subscribers_from_origin:
    'the origin node asked about at least this many distinct subscribers within the window, or its network about the profile network_subscribers',
};

function protocols(path: string): string {
  if (/^(mtp|sccp|tcap|component)\./.test(path)) return 'map, tcap';
  if (path.startsWith('diameter.')) return 'diameter';
  if (path.startsWith('args.')) return 'map, diameter (where the operation carries it)';
  return 'all';
}

export function fieldsMarkdown(): string {
  const out: string[] = [];
  out.push('# Rule field reference');
  out.push('');
  out.push('<!-- Generated from src/events/fields.ts by `npm run docs`; do not edit by hand. -->');
  out.push('');
  out.push('Selections in a rule (`detection:`) match event fields by their dotted path, optionally with a');
  out.push('modifier: `field|modifier: value`. A field whose type ends in `[]` is a list: the selection');
  out.push('matches when any element matches (`|all`: every element). `null` matches an absent field.');
  out.push('The event JSON (`sigwatch decode`) shows the same paths. See README "Rules" for the rule format.');
  out.push('');
  out.push('## Fields');
  out.push('');
  out.push('| path | type | protocols |');
  out.push('| --- | --- | --- |');
  for (const p of fieldPaths()) out.push(`| \`${p}\` | ${field(p)!.type} | ${protocols(p)} |`);
  out.push('');
  out.push('## Modifiers');
  out.push('');
  out.push(`${MODIFIERS.map((m) => `\`${m}\``).join(', ')} (default \`equals\`), and \`all\` for lists.`);
  out.push('`lt`, `lte`, `gt`, `gte`, `bitany`, `bitall` need a numeric field; `startswith`, `endswith`, `contains` a string field.');
  out.push('');
  out.push('## Predicates');
  out.push('');
  out.push('Selection keys without a dot decide on networks and subscriber state:');
  out.push('');
  out.push('| predicate | holds when |');
  out.push('| --- | --- |');
  for (const k of Object.keys(PREDICATES)) out.push(`| \`${k}\` | ${PREDICATE_DOCS[k] ?? ''} |`);
  out.push('');
  return out.join('\n');
}
