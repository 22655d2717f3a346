// Copyright Tessel contributors.
// Licensed under the Apache License, Version 2.0.
//
// Splits an IEEE binary32 encoding into sign, exponent and 24-bit significand with the hidden
// bit made explicit, so that normal and subnormal numbers take the same datapath:
//   value = (-1)^sign_o * sig_o * 2^(exp_o - 23)
// Subnormals and zero get exp_o = -126 with sig_o[23] = 0; nothing is normalised here, which
// keeps this free of shifters. Infinities and NaNs are flagged; their exp_o/sig_o are
// meaningless and every user must give the flags priority.
module fp32_unpack (
  input  logic [31:0]       bits_i,
  output logic              sign_o,
  output logic signed [9:0] exp_o,
  output logic [23:0]       sig_o,
  output logic              is_nan_o,
  output logic              is_inf_o,
  output logic              is_zero_o
);

  logic [7:0]  exp_field;
  logic [22:0] frac;

  assign exp_field = bits_i[30:23];
  assign frac      = bits_i[22:0];

  always_comb begin
    sign_o    = bits_i[31];
    is_nan_o  = (exp_field == 8'hFF) && (frac != '0);
    is_inf_o  = (exp_field == 8'hFF) && (frac == '0);
    is_zero_o = (exp_field == 8'h00) && (frac == '0);
    sig_o     = {exp_field != 8'h00, frac};
    // Subnormals share the exponent of the smallest normal binade; only the hidden bit differs.
    exp_o     = (exp_field == 8'h00) ? -10'sd126 : $signed({2'b00, exp_field}) - 10'sd127;
  end

endmodule
