// The ISA package and the instruction checker (paths relative to this file). The generated
// tessel_config_pkg.sv of the chosen configuration comes first.
tessel_isa_pkg.sv
ap_byte_range.sv
instr_check.sv
