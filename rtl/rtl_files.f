// All synthesizable RTL, for `verilator -F` (paths relative to this file). The generated
// tessel_config_pkg.sv of the chosen configuration is passed before this list.
-F numerics/files.f
// Packages first, then leaves before the modules that instantiate them.
tensor_engine/tensor_engine_pkg.sv
tensor_engine/te_delay_line.sv
tensor_engine/te_skew.sv
tensor_engine/te_bank_ctrl.sv
tensor_engine/pe.sv
tensor_engine/pe_row.sv
tensor_engine/pe_array.sv
tensor_engine/tensor_engine.sv
psum/psum.sv
top/tensor_psum_top.sv
