/**
 * `decode --filter PROTO[:OP,...]`: `map:sendRoutingInfo,83`, `diameter:ULR,316`, `tcap`.
 * Every protocol and operation is checked against the protocol tables (ss7/map/operations.ts,
 * diameter/dictionary) before anything is read:
 * a typo is a usage error with the closest name, never a silent empty output.
 */
import { didYouMean, singleQuoted } from '../core/suggest.js';
import { ALL_COMMANDS } from '../diameter/dictionary/index.js';
import type { SignallingEvent } from '../events/types.js';
import { mapOpNames } from '../ss7/map/operations.js';
import { UsageError } from './exit-codes.js';

const PROTOCOLS = ['map', 'tcap', 'diameter'] as const;
type Proto = (typeof PROTOCOLS)[number];

/** Names a filter may use per protocol (lower-case key → display form); codes are always accepted. */
function names(proto: Proto): Map<string, string> {
  const m = new Map<string, string>();
  if (proto === 'map') {
    for (const n of mapOpNames()) m.set(n.toLowerCase(), n);
  } else if (proto === 'diameter') {
    for (const c of ALL_COMMANDS) {
      m.set(c.name.toLowerCase(), c.name);
      m.set(c.req.toLowerCase(), c.req);
      m.set(c.ans.toLowerCase(), c.ans);
    }
  }
  return m;
}

interface Spec {
  proto: Proto;
  ops: Set<string> | undefined;
}

function parseFilter(spec: string): Spec {
  const colon = spec.indexOf(':');
  const p = (colon < 0 ? spec : spec.slice(0, colon)).trim().toLowerCase();
  if (!(PROTOCOLS as readonly string[]).includes(p)) {
    throw new UsageError(`--filter: unknown protocol '${p}' in '${spec}' (expected map, tcap or diameter)${didYouMean(p, PROTOCOLS, singleQuoted)}`);
  }
  const proto = p as Proto;
  if (colon < 0) return { proto, ops: undefined };
  const known = names(proto);
  const ops = new Set<string>();
  for (const raw of spec.slice(colon + 1).split(',')) {
    const o = raw.trim();
    if (o === '') throw new UsageError(`--filter: empty operation in '${spec}'`);
    if (/^\d+$/.test(o)) {
      ops.add(o);
      continue;
    }
    if (!known.has(o.toLowerCase())) {
      const what = proto === 'diameter' ? 'Diameter command' : proto === 'map' ? 'MAP operation' : 'TCAP operation (TCAP filters take opcodes)';
      throw new UsageError(`--filter: unknown ${what} '${o}' in '${spec}'${didYouMean(o, known.values(), singleQuoted)}`);
    }
    ops.add(o.toLowerCase());
  }
  return { proto, ops };
}

/** `map:22,83` / `diameter:ULR,316` / `tcap` → predicate (any spec matching keeps the event). */
export function buildFilter(specs: readonly string[]): (ev: SignallingEvent) => boolean {
  if (specs.length === 0) return () => true;
  const parsed = specs.map(parseFilter);
  return (ev) =>
    parsed.some((f) => {
      if (f.proto !== ev.protocol) return false;
      if (!f.ops) return true;
      if (ev.protocol === 'diameter') {
        const d = ev.diameter;
        return (
          f.ops.has(String(d.cmd)) ||
          (d.cmdAbbrev !== undefined && f.ops.has(d.cmdAbbrev.toLowerCase())) ||
          (d.cmdName !== undefined && f.ops.has(d.cmdName.toLowerCase()))
        );
      }
      const c = ev.component;
      return c !== undefined && ((c.opcode !== undefined && f.ops.has(String(c.opcode))) || (c.op !== undefined && f.ops.has(c.op.toLowerCase())));
    });
}
