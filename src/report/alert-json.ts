/**
 * The JSON text of an alert (ARCHITECTURE.md §6; the alerts the report keeps; `scan --jsonl`
 * writes the same line as bytes, report/alert-bytes.ts, which reuses the rule's part kept here), byte-identical to
 * `JSON.stringify(alert)` for the alerts the detector builds (detect/alert.ts buildAlert, plus
 * the Scanner's `source`) and for copies of them, specialised to the contract (issue 19, where
 * the generic path was half of an alert flood's CPU time):
 *
 * - the head (`frame`, `index`, `ts`) is fixed key text; the rule's part (`rule`, `rev`,
 *   `title`, `level`, `tags`) is written once per rule and level and reused;
 * - the evidence is built from the event (the alert's lazy `evidence` is never built, so the
 *   alert keeps no JSON object graph) while it has not been read; otherwise `evidence` itself;
 * - the rest goes through one JSON.stringify of a fast-mode object: V8's native serializer
 *   beat writing the same text by string concatenation 1.5× (measured: the rope of ~80 pieces
 *   per alert cost more in allocation and in flattening at write time than it saved).
 *
 * Keys in contract order, one line each: a new alert field is one line in {@link alertJson}, in
 * the position buildAlert gives it. (An alert whose optional keys were added afterwards in
 * another order, e.g. `assumptions` assigned after `source`, is written in contract order.) test/report/alert-json.test.ts compares the output with
 * JSON.stringify on every alert of pcaps/ and of the public corpus, and on generated alerts with
 * hostile strings: a field added to the alert and not here fails it.
 */
import type { Frag } from './json-bytes.js';
import { alertEvent, type ScanAlert, withExplanation } from '../detect/alert.js';
import { toJsonEvent } from '../events/json.js';
import { jsonNumber, jsonString, jsonValue } from './json-text.js';

/** The rule's part of an alert line: its text, and the same as line bytes (report/alert-bytes.ts) once asked for. */
export interface RulePart {
  rev: number;
  title: string;
  level: string;
  tags: readonly string[];
  text: string;
  bytes: Frag | undefined;
}

/**
 * The rule's fragment per rule id (variants by level: a low-confidence alert is one level lower).
 * Bounded: at most {@link RULE_IDS} rule ids and {@link RULE_VARIANTS} variants each (a rule
 * pack has tens of rules); past that a fragment is written each time and not kept.
 */
const RULE_IDS = 1024;
const RULE_VARIANTS = 8;
const ruleParts = new Map<string, RulePart[]>();

function sameTags(a: readonly string[], b: readonly string[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** `,"rule":…,"rev":…,"title":…,"level":…,"tags":[…]` of an alert, kept per rule and variant. */
export function rulePart(a: ScanAlert): RulePart {
  let variants = ruleParts.get(a.rule);
  if (variants !== undefined) {
    for (let i = 0; i < variants.length; i++) {
      const v = variants[i]!;
      if (v.level === a.level && v.rev === a.rev && v.title === a.title && sameTags(v.tags, a.tags)) return v;
    }
  }
  const text =
    ',"rule":' +
    jsonString(a.rule) +
    ',"rev":' +
    jsonValue(a.rev) +
    ',"title":' +
    jsonValue(a.title) +
    ',"level":' +
    jsonValue(a.level) +
    ',"tags":' +
    JSON.stringify(a.tags);
  const part: RulePart = { rev: a.rev, title: a.title, level: a.level, tags: Array.isArray(a.tags) ? a.tags.slice() : a.tags, text, bytes: undefined };
  if (variants === undefined) {
    if (ruleParts.size >= RULE_IDS) return part;
    ruleParts.set(a.rule, (variants = []));
  }
  if (variants.length < RULE_VARIANTS && Array.isArray(a.tags)) variants.push(part);
  return part;
}

/** `JSON.stringify(a)` for an alert of the detector (see the file comment). */
export function alertJson(a: ScanAlert): string {
  withExplanation(a); // an alert built with `explanationInCallback`: its explanation made now
  const ev = alertEvent(a);
  // One native JSON.stringify over a fast-mode object for everything after the rule's part:
  // measured 1.5× faster than writing the same text by string concatenation (the rope of ~80
  // pieces per alert cost more in allocation and in flattening at write time than it saved).
  // Undefined keys (visited, assumptions, source) are omitted by JSON.stringify as in the reference.
  const rest = JSON.stringify({
    subscriber: a.subscriber,
    origin: a.origin,
    explanation: a.explanation,
    evidence: ev !== undefined ? toJsonEvent(ev, true) : a.evidence,
    visited: a.visited,
    assumptions: a.assumptions,
    source: a.source,
  });
  return '{"frame":' + jsonNumber(a.frame) + ',"index":' + jsonNumber(a.index) + ',"ts":' + jsonString(a.ts) + rulePart(a).text + ',' + rest.slice(1);
}
