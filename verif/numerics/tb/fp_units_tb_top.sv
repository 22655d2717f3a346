// Copyright Tessel contributors.
// Licensed under the Apache License, Version 2.0.
//
// Unit-test top for the numerics units (verif/numerics/test_fp_rtl.cpp). Purely combinational,
// plain logic ports so that the C++ test sets integers. Format ports take fp_format_e's
// encoding; undefined values (5..7) are passed through on purpose to test the illegal flags.
// The MAC path is exactly the PE's: fp_unpack on each operand, then fp_mac.
module fp_units_tb_top (
  input  logic [31:0] widen_bits_i,
  input  logic [2:0]  widen_fmt_i,
  output logic [31:0] widen_o,
  output logic        widen_illegal_o,

  input  logic [31:0] narrow_fp32_i,
  input  logic [2:0]  narrow_fmt_i,
  output logic [31:0] narrow_o,
  output logic        narrow_illegal_o,

  input  logic [15:0] mac_a_i,
  input  logic [2:0]  mac_a_fmt_i,
  input  logic [15:0] mac_b_i,
  input  logic [2:0]  mac_b_fmt_i,
  input  logic [31:0] mac_acc_i,
  output logic [31:0] mac_o,
  output logic        mac_illegal_o,

  input  logic [31:0] add_a_i,
  input  logic [31:0] add_b_i,
  output logic [31:0] add_o
);
  import tessel_fp_pkg::*;

  pe_operand_t mac_a, mac_b;
  logic        mac_a_illegal, mac_b_illegal;

  fp_widen u_widen (
    .bits_i       (widen_bits_i),
    .fmt_i        (fp_format_e'(widen_fmt_i)),
    .fp32_o       (widen_o),
    .fmt_illegal_o(widen_illegal_o)
  );

  fp_narrow u_narrow (
    .fp32_i       (narrow_fp32_i),
    .fmt_i        (fp_format_e'(narrow_fmt_i)),
    .bits_o       (narrow_o),
    .fmt_illegal_o(narrow_illegal_o)
  );

  fp_unpack u_unpack_a (
    .bits_i       (mac_a_i),
    .fmt_i        (fp_format_e'(mac_a_fmt_i)),
    .op_o         (mac_a),
    .fmt_illegal_o(mac_a_illegal)
  );

  fp_unpack u_unpack_b (
    .bits_i       (mac_b_i),
    .fmt_i        (fp_format_e'(mac_b_fmt_i)),
    .op_o         (mac_b),
    .fmt_illegal_o(mac_b_illegal)
  );

  fp_mac u_mac (
    .a_i     (mac_a),
    .b_i     (mac_b),
    .acc_i   (mac_acc_i),
    .result_o(mac_o)
  );

  assign mac_illegal_o = mac_a_illegal || mac_b_illegal;

  fp32_add u_add (
    .a_i  (add_a_i),
    .b_i  (add_b_i),
    .sum_o(add_o)
  );

endmodule
