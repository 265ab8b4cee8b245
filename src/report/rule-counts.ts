/**
 * Alerts by level and by rule (then level) for the report (collector.ts), as slots: a level is a
 * small integer (its index in LEVELS; a text outside LEVELS — an alert read back from a file —
 * gets the next free one), a rule a slot object found by its id (a walk of every rule while there
 * are at most 8, then the Map alone: {@link RuleCounts.find}). The `byLevel` / `byRule` records are built once, at the end, with keys in
 * the order the per-alert updates inserted them.
 *
 * measured (issue 19, bench/results-notes.md "collect14"): `byLevel[a.level]++` and
 * `byRule[a.rule].byLevel[a.level]` were megamorphic keyed loads and stores, ~650 instructions
 * an alert of the 150 k flood.
 */
import { LEVELS, type Level } from '../detect/rule-schema.js';
import { setOwn } from './key-counts.js';

const KNOWN = LEVELS.length;
/** Rules {@link RuleCounts} finds by a walk before it asks its Map. */
const SCAN_RULES = 8;

export interface RuleSlot {
  readonly id: string;
  /** The title of the rule's first alert (as `??=` kept it). */
  readonly title: string;
  count: number;
  /** Alerts per level id. */
  readonly levels: number[];
  /** Level ids in the order the rule first had an alert of each. */
  readonly order: number[];
  /** Word id of `id` in the collector's timeline words (−1: not asked yet). */
  word: number;
}

export class RuleCounts {
  private readonly ids = new Map<string, RuleSlot>();
  private readonly rules: RuleSlot[] = [];
  /** Level texts by id: LEVELS, then texts outside it in first-seen order. */
  private readonly names: string[] = [...LEVELS];
  private readonly extra = new Map<string, number>();
  private readonly levelCounts: number[] = LEVELS.map(() => 0);

  /** The id of level text `l`. */
  level(l: string): number {
    // LEVELS' order (rule-schema.ts); a text outside it below.
    switch (l) {
      case 'info':
        return 0;
      case 'low':
        return 1;
      case 'medium':
        return 2;
      case 'high':
        return 3;
      case 'critical':
        return 4;
    }
    let id = this.extra.get(l);
    if (id === undefined) {
      id = this.names.length;
      this.names.push(l);
      this.extra.set(l, id);
      this.levelCounts.push(0);
    }
    return id;
  }

  /** The level text of id `lv`. */
  levelName(lv: number): string {
    return this.names[lv]!;
  }

  /** Counts an alert of rule `id` (`title`: its title) at level id `lv`; the rule's slot. */
  add(id: string, title: string, lv: number): RuleSlot {
    this.levelCounts[lv]!++;
    let r = this.find(id);
    if (r === undefined) {
      r = { id, title, count: 0, levels: LEVELS.map(() => 0), order: [], word: -1 };
      this.ids.set(id, r);
      this.rules.push(r);
    }
    r.count++;
    const n = r.levels[lv] ?? 0;
    if (n === 0) r.order.push(lv);
    r.levels[lv] = n + 1;
    return r;
  }

  /**
   * The slot of rule `id`: while there are at most {@link SCAN_RULES} rules by a walk (a rule's alerts
   * carry its one id text, so the comparison is mostly of pointers or lengths), then by the Map.
   * measured (bench/results-notes.md, "row15"): a flood's rules alternate, so the last rule
   * remembered (a write barrier per change) often missed and the Map was asked.
   */
  private find(id: string): RuleSlot | undefined {
    const rules = this.rules;
    if (rules.length > SCAN_RULES) return this.ids.get(id);
    for (let i = 0; i < rules.length; i++) if (rules[i]!.id === id) return rules[i];
    return undefined;
  }

  /** Alerts by level: every LEVELS key, then the other level texts as `byLevel[l]++` left them. */
  byLevel(): Record<Level, number> {
    const out = Object.fromEntries(LEVELS.map((l, i) => [l, this.levelCounts[i]!])) as Record<string, number>;
    for (let lv = KNOWN; lv < this.names.length; lv++) for (let k = 0; k < this.levelCounts[lv]!; k++) out[this.names[lv]!]!++;
    return out as Record<Level, number>;
  }

  /** Alerts by rule in first-seen order, each with its title, count and count by level. */
  byRule(): Record<string, { title: string; count: number; byLevel: Partial<Record<Level, number>> }> {
    const out: Record<string, { title: string; count: number; byLevel: Partial<Record<Level, number>> }> = {};
    for (const r of this.rules) {
      const byLevel: Record<string, number> = {};
      for (const lv of r.order) {
        const l = this.names[lv]!;
        const n = r.levels[lv]!;
        if (lv < KNOWN) byLevel[l] = n;
        // A text outside LEVELS: as `byLevel[l] = (byLevel[l] ?? 0) + 1` per alert left it.
        else for (let k = 0; k < n; k++) byLevel[l] = (byLevel[l] ?? 0) + 1;
      }
      setOwn(out, r.id, { title: r.title, count: r.count, byLevel });
    }
    return out;
  }
}
