/**
 * Rules bucketed by (protocol, direction, opcode / Diameter app+command), Suricata-style: an event
 * looks up one precomputed list and only those candidates run. A rule out of an event's scope is
 * never in its list; rules without operations/commands join every bucket of their protocol.
 * Lists keep rule order, so alerts for one event come in rule-file order.
 */
import type { MessageRecord } from '../events/record.js';
import type { IndexScope, Protocol } from './compiler.js';

export interface Scoped {
  readonly scope: IndexScope;
}

/** MAP opcodes are 0-127 in practice (TS 29.002 §17.5); a dense array is one indexed load. */
const DENSE = 256;

class OpBuckets<T> {
  readonly dense: (readonly T[] | undefined)[] = new Array<readonly T[] | undefined>(DENSE).fill(undefined);
  readonly sparse = new Map<number, readonly T[]>();
  wildcard: readonly T[] = [];

  get(op: number | undefined): readonly T[] {
    if (op === undefined) return this.wildcard;
    return (op < DENSE ? this.dense[op] : this.sparse.get(op)) ?? this.wildcard;
  }
}

class CmdBuckets<T> {
  readonly byApp = new Map<number, Map<number, readonly T[]>>();
  readonly anyApp = new Map<number, readonly T[]>();
  wildcard: readonly T[] = [];

  get(app: number, cmd: number): readonly T[] {
    return this.byApp.get(app)?.get(cmd) ?? this.anyApp.get(cmd) ?? this.wildcard;
  }
}

type Dir = 'request' | 'answer';

export class RuleIndex<T extends Scoped> {
  // One field per (protocol, direction): no key building per event.
  private readonly mapReq: OpBuckets<T>;
  private readonly mapAns: OpBuckets<T>;
  private readonly tcapReq: OpBuckets<T>;
  private readonly tcapAns: OpBuckets<T>;
  private readonly diaReq: CmdBuckets<T>;
  private readonly diaAns: CmdBuckets<T>;
  readonly size: number;

  constructor(rules: readonly T[]) {
    this.size = rules.length;
    const pick = (p: Protocol, d: Dir): T[] => rules.filter((r) => inScope(r, p, d));
    this.mapReq = buildOps(pick('map', 'request'));
    this.mapAns = buildOps(pick('map', 'answer'));
    this.tcapReq = buildOps(pick('tcap', 'request'));
    this.tcapAns = buildOps(pick('tcap', 'answer'));
    this.diaReq = buildCmds(pick('diameter', 'request'));
    this.diaAns = buildCmds(pick('diameter', 'answer'));
  }

  /** The candidate rules for a message (shared array: do not modify). */
  candidates(r: MessageRecord): readonly T[] {
    if (r.protocol === 'diameter') return (r.request ? this.diaReq : this.diaAns).get(r.app, r.cmd);
    const req = r.hasComponent && r.componentType === 'invoke';
    const b = r.protocol === 'map' ? (req ? this.mapReq : this.mapAns) : req ? this.tcapReq : this.tcapAns;
    return b.get(r.hasComponent ? r.opcode : undefined);
  }
}

function inScope(r: Scoped, proto: Protocol, dir: Dir): boolean {
  return r.scope.protocols.includes(proto) && (r.scope.messages === 'any' || r.scope.messages === dir);
}

function buildOps<T extends Scoped>(rules: T[]): OpBuckets<T> {
  const b = new OpBuckets<T>();
  b.wildcard = rules.filter((r) => r.scope.opcodes === undefined);
  const ops = new Set(rules.flatMap((r) => r.scope.opcodes ?? []));
  for (const op of ops) {
    const list = rules.filter((r) => r.scope.opcodes === undefined || r.scope.opcodes.includes(op));
    if (op < DENSE) b.dense[op] = list;
    else b.sparse.set(op, list);
  }
  return b;
}

function buildCmds<T extends Scoped>(rules: T[]): CmdBuckets<T> {
  const b = new CmdBuckets<T>();
  b.wildcard = rules.filter((r) => r.scope.commands === undefined);
  const matches = (r: T, app: number, cmd: number): boolean =>
    r.scope.commands === undefined || r.scope.commands.some((c) => c.cmd === cmd && (c.app === -1 || c.app === app));
  const all = rules.flatMap((r) => r.scope.commands ?? []);
  for (const { app, cmd } of all) {
    if (app === -1) {
      b.anyApp.set(
        cmd,
        rules.filter((r) => r.scope.commands === undefined || r.scope.commands.some((c) => c.cmd === cmd && c.app === -1)),
      );
      continue;
    }
    let m = b.byApp.get(app);
    if (m === undefined) b.byApp.set(app, (m = new Map()));
    m.set(
      cmd,
      rules.filter((r) => matches(r, app, cmd)),
    );
  }
  return b;
}
