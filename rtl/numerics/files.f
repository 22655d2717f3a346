// Numerics units (configuration independent). Package first.
tessel_fp_pkg.sv
fp_unpack.sv
fp_widen.sv
fp_narrow.sv
fp_mac.sv
fp32_add.sv
