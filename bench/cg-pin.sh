#!/usr/bin/env bash
# usage: bench/cg-pin.sh ROOT TAG records|scan FILE FROM TO — the pinned callgrind window of MiB FROM..TO of FILE (pin21, round 21).
# ROOT: a built checkout (its dist/). One valgrind run of bench/cg-pin.mjs (instrumentation on and stats zeroed before MiB FROM, dumped after MiB TO, gc() with
# collection off before every MiB of the window) with V8 pinned: --predictable (no helper threads), --no-incremental-marking (no marking
# phase, so the window never runs the marking write barrier), 16 MB semi-spaces, --no-flush-bytecode (the forced GCs age no bytecode
# out), --retain-maps-for-n-gc=1000 (the forced GCs age no map out: see below), fixed seeds, --perf-basic-prof (names for JIT code),
# then $CGV8 (extra V8 flags, e.g. CGV8=--retain-maps-for-n-gc=2 for V8's default). Prints the window and its split (bench/cg-pin-cat.py): mutator = js (JIT
# code) + builtins (ICs, write barrier, interpreter) + runtime (V8 C++ called from JS); then compile and gc apart. Judge code changes
# by mutator (repeat runs and no-op builds agree to 0.02 %); the window total also carries the sweeper's and compiler's timing.
# Maps: V8 keeps a map its optimized code embeds alive for only 2 full GCs (--retain-maps-for-n-gc=2) without an object of it; the
# forced gc() runs between pushes, when the objects a push made and dropped are all dead, so with the default their maps
# died every ~2 MiB and with them the code (trace-deopt "weak objects", ~5 functions a MiB: deoptimized, run in baseline
# and ICs, recompiled). A whole run does few full GCs (the 150 k flood: one in 36 MiB; the 755 k flood: 4 in 212 MiB, 0-19 such
# deopts in two runs) and has none of this: with 1000 the window compiles what an unpinned run compiles (jit22, bench/results-notes.md round 22).
# Outputs: $CGOUT/pin.TAG.MODE.FROM-TO.{out.1,map,log} (CGOUT default /tmp/cg). Needs valgrind, gcc, /usr/include/node.
set -e
ROOT=$1; TAG=$2; MODE=$3; FILE=$4; A=$5; B=$6
HERE=$(cd "$(dirname "$0")" && pwd)
CGOUT=${CGOUT:-/tmp/cg}; mkdir -p "$CGOUT"
export CGCTL=${CGCTL:-$CGOUT/cgctl.node}
[ -f "$CGCTL" ] || gcc -O2 -shared -fPIC -I/usr/include/node -o "$CGCTL" "$HERE/cgctl.c"
OUT=$CGOUT/pin.$TAG.$MODE.$A-$B
rm -f "$OUT".out "$OUT".out.* "$OUT".log
valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$OUT".out node --predictable --expose-gc --no-incremental-marking \
  --min-semi-space-size=16 --max-semi-space-size=16 --no-flush-bytecode --hash-seed=7 --random-seed=7 --perf-basic-prof --retain-maps-for-n-gc=1000 $CGV8 \
  "$HERE"/cg-pin.mjs "$ROOT" "$MODE" "$FILE" "$A" "$B" > "$OUT".log 2>&1 || { tail -5 "$OUT".log; exit 1; }
PID=$(grep -m1 -o '^==[0-9]*==' "$OUT".log | tr -d =)
mv /tmp/perf-"$PID".map "$OUT".map 2>/dev/null || true
python3 "$HERE"/cg-pin-cat.py "$OUT".out.1 "$OUT".map "$TAG $MODE pinned MiB $A-$B" ${CGTOP:+--top $CGTOP}
