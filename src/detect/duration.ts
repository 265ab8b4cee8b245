/** Capture-time durations in configuration: a number of seconds or `90s`, `30m`, `24h`, `7d`. */
const UNIT: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/** Seconds, or undefined when the text is not a duration. */
export function parseDuration(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) && v >= 0 ? v : undefined;
  if (typeof v !== 'string') return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$/.exec(v);
  if (!m) return undefined;
  return Number(m[1]) * (UNIT[m[2] || 's'] ?? 1);
}
