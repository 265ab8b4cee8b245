/**
 * The profile (ARCHITECTURE.md §5) that goes with a capture: home and the declared partners of
 * the world, plus, when the capture watches it, the Chinese carrier as a registry network on the
 * watch list. Written as YAML text with a fixed layout (byte-identical regeneration).
 */
import { FOREIGN, HOME, PARTNERS, plmnOf, realmOf, type Network } from './world.js';

const list = (xs: readonly string[]): string => `[${xs.map((x) => JSON.stringify(x)).join(', ')}]`;

function partner(n: Network): string {
  return `  - {name: ${n.name}, country: ${n.country}, plmn: "${plmnOf(n)}", gt_prefixes: ${list([n.gtPrefix])}, realms: ${list([realmOf(n)])}}`;
}

export function profileYaml(captureName: string, watchChina: boolean): string {
  const lines = [
    `# Profile for ${captureName} (written by bench/generator, npm run pcaps). ARCHITECTURE.md §5.`,
    'home:',
    `  name: ${HOME.name}`,
    `  country: ${HOME.country}`,
    `  gt_prefixes: ${list([HOME.gtPrefix])}`,
    `  imsi_prefixes: ${list([plmnOf(HOME)])}`,
    `  msisdn_prefixes: ${list([HOME.gtPrefix])}`,
    `  realms: ${list([realmOf(HOME)])}`,
    'partners:',
    ...Object.values(PARTNERS).map(partner),
  ];
  if (watchChina) {
    const cn = FOREIGN.cn;
    lines.push(
      'networks:',
      `  - {name: ${cn.name}, country: ${cn.country}, plmn: "${plmnOf(cn)}", role: mno, gt_prefixes: ${list([cn.gtPrefix])}, realms: ${list([realmOf(cn)])}, source: "sigwatch generator world", date: "2025-03-01"}`,
      'watch:',
      `  carriers: ${list([cn.name])}`,
    );
  }
  return lines.join('\n') + '\n';
}
