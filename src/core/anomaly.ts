/**
 * Decoder anomalies: malformed or unexpected input that does not stop decoding.
 *
 * An anomaly is attached to the event of the message it belongs to (`event.anomalies`) when there
 * is one, and is always reported to the pipeline's anomaly sink (counted in stats, and emitted as
 * an anomaly record when it has no message, e.g. a truncated IP packet). Rules can match anomaly
 * codes (Suricata's decoder-event model).
 *
 * Codes are stable, lower-case, dotted `layer.problem` strings (e.g. `ber.bad-length`,
 * `sctp.reassembly-limit`), all listed with their meaning in the registry (anomaly-codes.ts);
 * each layer names its own in an `as const` table `<LAYER>_ANOMALY` checked against it.
 */
import type { AnomalyCode } from './anomaly-codes.js';

export type { AnomalyCode } from './anomaly-codes.js';

export type Layer =
  | 'capture'
  | 'link'
  | 'ip'
  | 'sctp'
  | 'tcp'
  | 'm3ua'
  | 'm2pa'
  | 'm2ua'
  | 'mtp3'
  | 'sua'
  | 'sccp'
  | 'ber'
  | 'tcap'
  | 'map'
  | 'diameter'
  | 'state'
  | 'detect';

export interface Anomaly {
  /** Stable code, `layer.problem` (one of the registry's). */
  code: AnomalyCode;
  layer: Layer;
  /** Human-readable detail: what was expected, what was found, where. */
  detail: string;
  /** 1-based frame number, when known. */
  frame?: number;
}

/** Receives anomalies; the pipeline counts them and attaches them to events. */
export type AnomalySink = (a: Anomaly) => void;

export function anomaly(code: AnomalyCode, layer: Layer, detail: string, frame?: number): Anomaly {
  return frame === undefined ? { code, layer, detail } : { code, layer, detail, frame };
}

/**
 * The code a decoder left in its `error`/`problem` field when it returned failure: those fields are
 * '' only on success, which the type cannot express across the call.
 */
export function failureCode(code: AnomalyCode | ''): AnomalyCode {
  return code as AnomalyCode;
}

/**
 * The anomaly list of a reused decoder record (TCAP message, component, SCCP unit) that has none:
 * one shared, frozen empty array, so a clean message stores no fresh array into the long-lived
 * record. A fresh young object stored into an old one takes V8's write-barrier slow path (~54
 * instructions per store; bench/results-notes.md, "decflat", "deccomp", "decwb"). The first
 * anomaly makes the record's own list ({@link addAnomaly}); whoever hands a list on to an event
 * gives a fresh `[]` for this one ({@link ownAnomalies}).
 */
export const NO_ANOMALIES: Anomaly[] = Object.freeze([] as Anomaly[]) as Anomaly[];

/** Appends `a` to `holder.anomalies`, making the holder's own list if it has {@link NO_ANOMALIES}. */
export function addAnomaly(holder: { anomalies: Anomaly[] }, a: Anomaly): void {
  if (holder.anomalies === NO_ANOMALIES) holder.anomalies = [a];
  else holder.anomalies.push(a);
}

/** `list`, or a fresh empty array for {@link NO_ANOMALIES} (an event's list is its own). */
export function ownAnomalies(list: Anomaly[]): Anomaly[] {
  return list === NO_ANOMALIES ? [] : list;
}
