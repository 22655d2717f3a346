// Register block: the hand-written AXI4-Lite slave and top. The generated tessel_reg_pkg.sv and
// tessel_reg_file.sv (scripts/gen_regs.py) are passed with the list.
axil_slave.sv
tessel_regs_top.sv
