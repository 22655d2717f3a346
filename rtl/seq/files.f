// Instruction sequencer (paths relative to this file). Needs tessel_isa_pkg, tessel_axi_pkg,
// tessel_config_pkg and instr_check (rtl/isa/files.f, rtl/axi/files.f) before it.
seq_fetch.sv
sequencer.sv
