#!/usr/bin/env bash
# Measures one configuration's tensor engine: Verilator build time and peak memory, then the
# demo's simulation speed. Rerun with:
#   make bench CONFIG=trn        (or small, tiny)
# Builds in build/bench-<config> from scratch (ccache disabled) so the figures are comparable.
# Environment: BENCH_OPT (C++ optimisation, default -O2; -O1 compiles trn's large model faster),
# BENCH_TRACE (ON compiles waveform support in, as the test builds do; default OFF, because at
# trn size tracing multiplies the generated C++ about tenfold).
# Verilator's CMake integration verilates while CMake configures, so both steps are timed:
# "verilate" (configure: Verilator on every top) and "compile" (C++ of the model and the demo).
set -euo pipefail
cd "$(dirname "$0")/.."
cfg=${1:?usage: bench.sh CONFIG [demo options]}
shift
python3 scripts/gen_config.py --check "$cfg"
dir=build/bench-$cfg
rm -rf "$dir"
mkdir -p "$dir"
jobs=$(nproc)
opt=${BENCH_OPT:--O2}
trace=${BENCH_TRACE:-OFF}

measure() {  # measure LABEL COMMAND...: runs it, prints wall time and peak memory of one process
  local label=$1
  shift
  /usr/bin/time -f "%e %M" -o "$dir/$label.time" "$@" >"$dir/$label.log" 2>&1 \
    || { tail -50 "$dir/$label.log"; exit 1; }
  read -r secs kb <"$dir/$label.time"
  echo "bench: $cfg $label: ${secs} s wall, peak memory of one process $((kb / 1024)) MiB"
}

echo "bench: configuration $cfg, $jobs jobs, C++ $opt, waveform support $trace, $(date -u +%FT%TZ)"
measure verilate cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=Release -DTESSEL_CONFIGS="$cfg" \
  -DCMAKE_CXX_COMPILER_LAUNCHER= -DCMAKE_CXX_FLAGS_RELEASE="$opt" -DTESSEL_TRACE="$trace"
measure compile cmake --build "$dir" -j "$jobs" --target "tessel_tensor_demo_$cfg"
"$dir/verif/tessel_tensor_demo_$cfg" "$@"
