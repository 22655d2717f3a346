// Copyright Tessel contributors.
// Licensed under the Apache License, Version 2.0.
//
// FP32 -> fmt_i with round-to-nearest-even; the result is in the low bits of bits_o, the bits
// above the format are zero. Overflow: BF16/FP16 go to infinity (IEEE), FP8 E4M3/E5M2
// saturate to the largest finite value of the sign, for finite overflow and for infinities
// alike. NaN -> the canonical NaN of fmt_i. Subnormal results are kept. FP32 -> FP32 is the
// identity except NaN -> 0x7FC00000 (the same datapath with 23 fraction bits, no special case).
// An undefined format gives fmt_illegal_o = 1 and the canonical FP32 NaN.
//
// Algorithm (one datapath for every format, driven by fp_format_info):
//   With the input as sig * 2^(e - 23) (fp32_unpack) and the target's M fraction bits and
//   smallest normal exponent emin = 1 - bias, the result's quantum is 2^(max(e, emin) - M).
//   Shifting {sig, 2'b00} right (with sticky jamming) by (23 - M) + max(emin - e, 0) leaves
//   the kept significand (hidden bit at bit M) above a guard and a sticky bit. Then
//     code = ((max(e, emin) + bias - 1) << M) + kept + round_up
//   is the target's magnitude code: the hidden bit adds the missing 1 to the exponent field of
//   a normal result, a subnormal result has max(e, emin) = emin and so a zero exponent term,
//   and a rounding carry moves into the exponent field by plain addition. A code at or above
//   the format's first non-finite code is an overflow (exact: codes are ordered by value).
module fp_narrow (
  input  logic [31:0]               fp32_i,
  input  tessel_fp_pkg::fp_format_e fmt_i,
  output logic [31:0]               bits_o,
  output logic                      fmt_illegal_o
);

  logic               legal;
  logic [4:0]         man_bits;
  logic [3:0]         exp_bits;
  logic [6:0]         bias;
  logic               unused_has_inf;
  logic               sat_finite;
  logic [30:0]        special_code;
  logic [31:0]        nan_code;

  logic               sign;
  logic signed [9:0]  exp_in;
  logic [23:0]        sig_in;
  logic               is_nan;
  logic               is_inf;
  logic               unused_is_zero;

  logic signed [9:0]  emin;
  logic signed [9:0]  exp_out;      // max(exp_in, emin): exponent of the result's hidden bit
  logic [9:0]         sub_shift;    // extra right shift of a result below the normal range
  logic [9:0]         shamt;
  logic signed [9:0]  exp_term;     // exp_out + bias - 1: 0 .. 253 for every format
  logic [25:0]        sig_shifted;  // {kept[23:0], guard, sticky}
  logic               round_up;
  logic [31:0]        code;
  logic [30:0]        mag;

  fp_format_info u_info (
    .fmt_i         (fmt_i),
    .legal_o       (legal),
    .man_bits_o    (man_bits),
    .exp_bits_o    (exp_bits),
    .bias_o        (bias),
    .has_inf_o     (unused_has_inf),
    .sat_finite_o  (sat_finite),
    .special_code_o(special_code),
    .nan_o         (nan_code)
  );

  fp32_unpack u_unpack (
    .bits_i   (fp32_i),
    .sign_o   (sign),
    .exp_o    (exp_in),
    .sig_o    (sig_in),
    .is_nan_o (is_nan),
    .is_inf_o (is_inf),
    .is_zero_o(unused_is_zero)  // zero needs no special case: sig_in = 0 gives code 0
  );

  always_comb begin
    emin      = 10'sd1 - $signed({3'b000, bias});
    exp_out   = (exp_in < emin) ? emin : exp_in;
    sub_shift = exp_out - exp_in;
    shamt     = {5'b00000, 5'd23 - man_bits} + sub_shift;
  end

  fp_shift_right_jam #(
    .Width (26),
    .ShiftW(10)
  ) u_align (
    .in_i   ({sig_in, 2'b00}),
    .shamt_i(shamt),
    .out_o  (sig_shifted)
  );

  always_comb begin
    round_up = sig_shifted[1] && (sig_shifted[0] || sig_shifted[2]);
    exp_term = exp_out + $signed({3'b000, bias}) - 10'sd1;
    // At most 253 << 23 plus 2^24: the sum cannot wrap in 32 bits.
    code     = ({22'h0, exp_term} << man_bits) + {8'h00, sig_shifted[25:2]} + {31'h0, round_up};
    if (is_inf || code >= 32'(special_code)) begin
      mag = sat_finite ? special_code - 31'h1 : special_code;
    end else begin
      mag = code[30:0];
    end

    fmt_illegal_o = !legal;
    if (!legal || is_nan) begin
      bits_o = nan_code;
    end else begin
      bits_o = (32'(sign) << (exp_bits + man_bits)) | 32'(mag);
    end
  end

endmodule
