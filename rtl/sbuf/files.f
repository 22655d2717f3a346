// The SBUF (paths relative to this file); tessel_config_pkg.sv must come first.
sbuf_elem_select.sv
sbuf_arb.sv
sbuf_partition.sv
sbuf.sv
