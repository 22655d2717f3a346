// Numerics units (configuration independent). Package first, then leaf helpers, then units.
tessel_fp_pkg.sv
fp_format_info.sv
fp_lzc.sv
fp_shift_right_jam.sv
fp_sig_addsub.sv
fp32_unpack.sv
fp32_round_pack.sv
fp_unpack.sv
fp_widen.sv
fp_narrow.sv
fp_mac.sv
fp32_add.sv
