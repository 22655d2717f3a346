#!/usr/bin/env bash
# Verilator --lint-only -Wall on every RTL top, for each configuration given (default: all).
# Zero warnings is the bar; the only waivers allowed live in rtl/lint/verilator_waiver.vlt.
set -euo pipefail
cd "$(dirname "$0")/.."

configs=("$@")
[ ${#configs[@]} -gt 0 ] || read -r -a configs <<<"$(python3 scripts/gen_config.py --list)"

# The register block's package and register file are generated from rtl/regs/tessel_regs.json.
regs=build/lint/regs
python3 scripts/gen_regs.py --out "$regs"

# top module : files before the list (generated packages, other lists) : file list : files after
# it (test tops, which live beside their tests) : configurations to skip (a test top whose RTL
# the core top already lints there, where it would only cost time and memory)
tops=(
  "fp_units_tb_top::rtl/numerics/files.f:verif/numerics/tb/fp_units_tb_top.sv:"
  "tensor_psum_top::rtl/rtl_files.f::trn"
  "tessel_regs_top:$regs/tessel_reg_pkg.sv $regs/tessel_reg_file.sv:rtl/regs/files.f::"
  "sbuf::rtl/sbuf/files.f::"
  "instr_check_tb_top::rtl/isa/files.f:verif/isa_rtl/tb/instr_check_tb_top.sv:"
  "seq_tb_top:-F rtl/isa/files.f -F rtl/axi/files.f:rtl/seq/files.f:verif/seq/tb/seq_tb_top.sv:"
  "dma_mover_top:rtl/axi/tessel_axi_pkg.sv:rtl/sbuf/files.f:rtl/dma/dma_row_mover.sv verif/dma/tb/dma_mover_top.sv:"
  "dma_engine_top:-F rtl/axi/files.f rtl/isa/tessel_isa_pkg.sv -F rtl/numerics/files.f -F rtl/sbuf/files.f:rtl/dma/files.f:rtl/psum/psum.sv verif/dma/tb/dma_engine_top.sv:"
  "tensor_exec_top:-F rtl/isa/files.f -F rtl/rtl_files.f -F rtl/sbuf/files.f:rtl/tensor_engine/tensor_exec_files.f:verif/tensor_exec/tb/tensor_exec_top.sv:trn"
  "tessel_core:$regs/tessel_reg_pkg.sv $regs/tessel_reg_file.sv:rtl/core/files.f::"
)

waiver=rtl/lint/verilator_waiver.vlt
status=0
for cfg in "${configs[@]}"; do
  gen=build/lint/config/$cfg
  python3 scripts/gen_config.py --config "$cfg" --out "$gen"
  for entry in "${tops[@]}"; do
    IFS=: read -r top before list after skip <<<"$entry"
    if [[ " $skip " == *" $cfg "* ]]; then
      echo "lint $cfg $top: skipped (linted as part of tessel_core)"
      continue
    fi
    log=build/lint/$cfg.$top.log
    # shellcheck disable=SC2086  # $before and $after are space-separated lists of paths
    # With the assertions (TESSEL_ASSERTS), as the simulation models are built.
    if verilator --lint-only -Wall --assert +define+TESSEL_ASSERTS -Irtl/axi --top-module "$top" \
        "$waiver" \
        "$gen/tessel_config_pkg.sv" $before -F "$list" $after >"$log" 2>&1; then
      echo "lint $cfg $top: clean"
    else
      echo "lint $cfg $top: FAILED"; cat "$log"; status=1
    fi
  done
done
exit $status
