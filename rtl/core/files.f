// The whole core (paths relative to this file). The generated tessel_config_pkg.sv,
// tessel_reg_pkg.sv and tessel_reg_file.sv come before this list; the include directory
// rtl/axi (tessel_axi_flat.svh) is passed with -I.
-F ../isa/files.f
-F ../axi/files.f
-F ../rtl_files.f
-F ../sbuf/files.f
-F ../tensor_engine/tensor_exec_files.f
-F ../dma/files.f
-F ../seq/files.f
-F ../regs/files.f
core_ctrl.sv
sem_update.sv
perf_counters.sv
tessel_core.sv
