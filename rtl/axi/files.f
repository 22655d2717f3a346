// AXI4 types and the multiplexer (paths relative to this file).
tessel_axi_pkg.sv
axi_rr_pick.sv
axi_mux.sv
