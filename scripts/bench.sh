#!/usr/bin/env bash
# Measures one configuration's tensor engine: Verilator build time and peak memory (verilation
# plus C++ compile of the demo), then the demo's simulation speed. Rerun with:
#   make bench CONFIG=trn        (or small, tiny)
# Builds in build/bench-<config> from scratch (ccache disabled) so the figures are comparable.
set -euo pipefail
cd "$(dirname "$0")/.."
cfg=${1:?usage: bench.sh CONFIG [demo options]}
shift
python3 scripts/gen_config.py --check "$cfg"
dir=build/bench-$cfg
rm -rf "$dir"
jobs=$(nproc)
echo "bench: configuring $dir"
cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=Release -DTESSEL_CONFIGS="$cfg" \
      -DCMAKE_CXX_COMPILER_LAUNCHER= >"$dir.configure.log" 2>&1 || { cat "$dir.configure.log"; exit 1; }
# Support libraries first, so the timed part is the model and the demo only.
cmake --build "$dir" -j "$jobs" --target tessel_sim tessel_models tessel_oracle >/dev/null
echo "bench: building the $cfg tensor engine model and demo (-j $jobs)"
/usr/bin/time -v -o "$dir/build.time" cmake --build "$dir" -j "$jobs" --target "tessel_demo_$cfg" \
  >"$dir/build.log" 2>&1 || { tail -50 "$dir/build.log"; exit 1; }
wall=$(grep "Elapsed (wall clock)" "$dir/build.time" | awk '{print $NF}')
peak_kb=$(grep "Maximum resident set size" "$dir/build.time" | awk '{print $NF}')
echo "bench: $cfg build wall time $wall, peak memory of one process $((peak_kb / 1024)) MiB"
"$dir/verif/tessel_demo_$cfg" "$@"
