/**
 * Reasoned exceptions to golden agreement: cases where tshark is wrong or out of scope. Kept as a
 * Markdown table so the reasons are read by people and by the conformance check alike:
 *
 *     | file | frame | index | field | reason |
 *     |------|-------|-------|-------|--------|
 *     | gen_libmich_map_messages.pcapng | 12 | 0 | components[0].e164 | tshark ... |
 *
 * `*` in frame/index/field matches anything.
 */
import type { Disagreement } from './compare.js';

export interface ConformanceException {
  file: string;
  frame: string;
  index: string;
  field: string;
  reason: string;
}

export function parseExceptions(markdown: string): ConformanceException[] {
  const out: ConformanceException[] = [];
  for (const raw of markdown.split('\n')) {
    const line = raw.trim();
    if (!line.startsWith('|') || /^\|\s*-/.test(line)) continue;
    const cells = line
      .slice(1, line.endsWith('|') ? -1 : undefined)
      .split('|')
      .map((c) => c.trim());
    if (cells.length < 5 || cells[0] === 'file') continue;
    out.push({ file: cells[0]!, frame: cells[1]!, index: cells[2]!, field: cells[3]!, reason: cells.slice(4).join('|') });
  }
  return out;
}

export function isExcepted(file: string, d: Disagreement, list: readonly ConformanceException[]): boolean {
  return list.some(
    (e) =>
      e.file === file &&
      (e.frame === '*' || Number(e.frame) === d.frame) &&
      (e.index === '*' || Number(e.index) === d.index) &&
      (e.field === '*' || e.field === d.field || d.field.startsWith(e.field + '.') || fieldGlob(e.field, d.field)),
  );
}

/** `components[*].e164` matches `components[3].e164`. */
function fieldGlob(pattern: string, field: string): boolean {
  if (!pattern.includes('*')) return false;
  const re = new RegExp(
    '^' +
      pattern
        .replace(/[.[\]]/g, '\\$&')
        .replace(/\\\[\*\\\]/g, '\\[\\d+\\]')
        .replace(/\*/g, '.*') +
      '$',
  );
  return re.test(field);
}
