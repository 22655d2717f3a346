// The tensor executor (paths relative to this file). Needs tessel_config_pkg, tessel_isa_pkg
// (../isa/files.f) and the tensor engine (../rtl_files.f) before it.
tensor_exec_fifo.sv
tensor_exec_rotate.sv
tensor_exec_ap_walk.sv
tensor_exec_reader.sv
tensor_exec.sv
