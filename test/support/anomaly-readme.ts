/**
 * README's anomaly code table, generated from the registry (src/core/anomaly-codes.ts).
 * test/core/anomaly-codes.test.ts fails when README differs; `UPDATE_README=1` rewrites it.
 */
import { ANOMALY_CODES } from '../../src/core/anomaly-codes.js';

const BEGIN = '<!-- anomaly-codes: generated from src/core/anomaly-codes.ts, do not edit -->';
const END = '<!-- /anomaly-codes -->';

export function anomalyReadmeSection(): string {
  const rows = Object.entries(ANOMALY_CODES).map(([code, i]) => `| \`${code}\` | ${i.layer} | ${i.meaning.replace(/\|/g, '\\|')} |`);
  return [BEGIN, '| Code | Layer | Meaning |', '| --- | --- | --- |', ...rows, END].join('\n');
}

/** README text with the generated section replaced. */
export function withAnomalySection(readme: string): string {
  const a = readme.indexOf(BEGIN);
  const b = readme.indexOf(END);
  if (a < 0 || b < a) throw new Error('README has no anomaly-codes markers');
  return readme.slice(0, a) + anomalyReadmeSection() + readme.slice(b + END.length);
}
