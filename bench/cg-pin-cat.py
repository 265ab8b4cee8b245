#!/usr/bin/env python3
# usage: bench/cg-pin-cat.py DUMP PERFMAP LABEL [--json OUT] [--top N] — split a callgrind dump (one part) by kind (pin21).
# Self cost per function; kinds: js (JIT code: TurboFan '*', baseline/interpreted '~' by the perf map), builtins (Builtins_*:
# ic = *IC*, barrier = RecordWrite*, interp = bytecode handlers + trampolines, other), runtime (V8/node C++ called from JS),
# compile (TurboFan, parser, bytecode/baseline compilers), gc (heap, scavenger, marker, sweeper). Leaf helpers (libc, v8::base,
# std::, operator new/delete) are charged to their callers' kinds in proportion to the calls' inclusive cost.
# mutator = js + builtins + runtime: the part of the window the decode/detect code itself executes.
import re, sys, bisect, collections, json
dump, pmap, label = sys.argv[1], sys.argv[2], sys.argv[3]
top = int(sys.argv[sys.argv.index('--top') + 1]) if '--top' in sys.argv else 0
ents = []
try:
    for l in open(pmap):
        p = l.rstrip('\n').split(' ', 2)
        if len(p) == 3: ents.append((int(p[0], 16), int(p[1], 16), p[2]))
except FileNotFoundError: pass
ents.sort()
starts = [e[0] for e in ents]
def jitname(a):
    j = bisect.bisect_right(starts, a) - 1
    best = None
    k = j
    while k >= 0 and k >= j - 50:
        s, sz, n = ents[k]
        if s <= a < s + sz: best = n  # later (re-created) entries win
        k -= 1
    return best
names = {}; obs = {}
selfc = collections.Counter(); edges = collections.Counter()
cur = None; curob = None; cob = None; cfn = None; pending = False
def nm(tbl, s):
    m = re.match(r'\((\d+)\)(?: (.*))?', s)
    if m.group(2) is not None: tbl[m.group(1)] = m.group(2)
    return tbl[m.group(1)]
for l in open(dump, errors='replace'):
    c0 = l[:1]
    if c0.isdigit() or c0 in '+-*':
        parts = l.split()
        if len(parts) < 2: continue
        c = int(parts[-1])
        if pending: edges[((curob, cur), (cob or curob, cfn))] += c; pending = False
        else: selfc[(curob, cur)] += c
        continue
    if l.startswith('ob='): curob = nm(obs, l[3:].strip()); continue
    if l.startswith('fn='): cur = nm(names, l[3:].strip()); cob = None; continue
    if l.startswith('cob='): cob = nm(obs, l[4:].strip()); continue
    if l.startswith('cfn='): cfn = nm(names, l[4:].strip()); continue
    if l.startswith('calls='): pending = True; continue
summary = None
for l in open(dump):
    if l.startswith('summary:'): summary = int(l.split()[1]); break
COMPILE = re.compile(r'compiler::|turboshaft|maglev|baseline::|Parser|Scanner|PreParse|Bytecode(Generator|ArrayBuilder|ArrayWriter|RegisterOptimizer|Label)|'
                     r'interpreter::(?!Interpreter::)|v8::internal::Compiler|Compilation|Assembler|CodeGenerator|AstValue|AstNode|Scope::|Scope\b|'
                     r'DeclarationScope|FuncNameInferrer|Zone::|ZoneList|RegExpCompiler|SourcePositionTable|Deoptimizer|OptimizedCompilationInfo|'
                     r'TurboAssembler|MacroAssembler|RelocIterator|CodeDesc|Factory::NewCode|CodeBuilder|Rewriter|AstTraversal|Ast[A-Z]')
GC = re.compile(r'Heap::|Heap\b|Scaveng|Mark(ing|Compact|er|Bit)|Sweep|Evacuat|Compact|MemoryChunk|MemoryAllocator|RememberedSet|SlotSet|TypedSlot|'
                r'PagedSpace|NewSpace|SemiSpace|LargeObjectSpace|GCTracer|FreeList|Page::|BasicMemoryChunk|WeakObjects|GlobalHandles|'
                r'IncrementalMarking|ConcurrentMarking|ObjectStatsCollector|Worklist|EphemeronHashTable::Remove|ExternalStringTable|'
                r'ArrayBufferSweeper|Sweeper|IterateBody|BodyDescriptor|PointersUpdating|RootsReferencesExtractor|StringTable::.*Dead|'
                r'CollectGarbage|Runtime_CollectGarbage|v8::internal::GC|HeapObject.*Visit|ObjectVisitor|VisitPointers|MainAllocator|'
                r'LinearAllocationArea|CodeRange|MemoryReducer|LocalHeap|Safepoint|ManualGCScope|AllocationObserver|AllocationCounter|TableCleaner|SizeFromMap|FreeList')
LEAF = re.compile(r'libc\.so|ld-linux|libstdc\+\+|libm\.so|libgcc')
LEAFN = re.compile(r'^(v8::base::|std::|operator new|operator delete|__|mem|str|malloc|free|_int_|cfree|calloc|realloc|tcache|unlink|pthread|\?\?\?$)')
def kind(k):
    ob, fn = k
    fn = re.sub(r"'\d+$", '', fn)
    if ob == '???' and fn.startswith('0x'):
        n = jitname(int(fn, 16))
        if n is None: return 'js.unnamed'
        n = re.sub(r'^(LazyCompile|Function|JS|Script|Eval):', '', n)
        return 'js.opt' if n.startswith('*') else ('js.base' if n.startswith('^') else 'js.interp')
    if fn.startswith('Builtins_'):
        if 'RecordWrite' in fn or 'EphemeronKeyBarrier' in fn: return 'builtins.barrier'
        if 'Compile' in fn: return 'compile'
        if fn.endswith('Handler') or 'Handler_' in fn or 'Trampoline' in fn or 'InterpreterEnterAt' in fn: return 'builtins.interp'
        if re.search(r'IC(_|$|Trampoline|Baseline|Megamorphic|Generic)|IC_', fn) or fn.endswith('IC'): return 'builtins.ic'
        return 'builtins.other'
    if LEAF.search(ob) or LEAFN.match(fn): return 'leaf'
    if GC.search(fn): return 'gc'
    if COMPILE.search(fn): return 'compile'
    return 'runtime'
kinds = {k: kind(k) for k in set(selfc) | {a for a, b in edges} | {b for a, b in edges}}
out = collections.Counter()
for k, v in selfc.items():
    if kinds[k] != 'leaf': out[kinds[k]] += v
# charge leaves to callers (one level; leaf->leaf chains go to the first non-leaf caller's share by proportion)
incoming = collections.defaultdict(collections.Counter)
for (a, b), v in edges.items():
    if kinds.get(b) == 'leaf': incoming[b][a] += v
def share(b, depth=0):
    tot = sum(incoming[b].values())
    res = collections.Counter()
    if tot == 0 or depth > 4: res['other'] += 1.0; return res
    for a, v in incoming[b].items():
        if kinds[a] == 'leaf':
            for kk, f in share(a, depth + 1).items(): res[kk] += f * v / tot
        else: res[kinds[a]] += v / tot
    return res
leafself = collections.Counter()
for k, v in selfc.items():
    if kinds[k] == 'leaf':
        for kk, f in share(k).items(): out[kk] += v * f; leafself[kk] += v * f
tot = sum(selfc.values())
def s(x): return sum(v for k, v in out.items() if k.startswith(x))
js, bi, rt, co, gc, ot = s('js'), s('builtins'), s('runtime'), s('compile'), s('gc'), s('other')
mut = js + bi + rt
M = lambda v: f'{v / 1e6:,.1f}'
print(f'{label}: window {M(tot)} M (summary {M(summary or 0)}) | mutator {M(mut)} M = js {M(js)} (opt {M(out["js.opt"])}, base {M(out["js.base"])}, '
      f'interp {M(out["js.interp"])}, unnamed {M(out["js.unnamed"])}) + builtins {M(bi)} (ic {M(out["builtins.ic"])}, barrier {M(out["builtins.barrier"])}, '
      f'interp {M(out["builtins.interp"])}, other {M(out["builtins.other"])}) + runtime {M(rt)} | compile {M(co)} | gc {M(gc)} | other {M(ot)}')
if top:
    per = collections.Counter()
    for k, v in selfc.items():
        kd = kinds[k]
        if kd.startswith('js'):
            n = jitname(int(re.sub(r"'\d+$", '', k[1]), 16)) or k[1]; n = re.sub(r'^(LazyCompile|Function|JS):', '', n)
            per[re.sub(r'^[*~^]', '', n)] += v
        elif kd.startswith('builtins') or kd == 'runtime': per[k[1]] += v
    for n, v in per.most_common(top): print(f'  {v / 1e6:8.2f} {n[:120]}')
if '--json' in sys.argv:
    json.dump({'total': tot, **out}, open(sys.argv[sys.argv.index('--json') + 1], 'w'))
