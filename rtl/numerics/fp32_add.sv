// Copyright Tessel contributors.
// Licensed under the Apache License, Version 2.0.
//
// IEEE binary32 addition with round-to-nearest-even, subnormals kept, any NaN result as
// 0x7FC00000. Used for PSUM accumulation.
//
// Datapath (28-bit window): the operand with the larger exponent ("big") sits at bits [26:3],
// bit 27 takes the carry, and the other operand shifts right by the exponent difference with
// sticky jamming into bit 0. Then add/subtract (fp_sig_addsub) and normalise + round + pack
// (fp32_round_pack).
// Why three bits below the big significand suffice (lowest exact bit k, rounding position r,
// correct when r >= k + 1): bits are lost only for a difference >= 4, when the small operand
// is < 2^23 and the big one >= 2^26 (window units; big is normal, because two subnormals
// share an exponent), so even a subtraction leaves >= 2^25 and r >= 2 with k = 1. Smaller
// differences keep every bit.
// Zeros need no special case (a zero is a significand of 0); the exact-zero sign rule
// (x + -x = +0, -0 + -0 = -0) is fp_sig_addsub's.
module fp32_add (
  input  logic [31:0] a_i,
  input  logic [31:0] b_i,
  output logic [31:0] sum_o
);
  import tessel_fp_pkg::*;

  localparam int unsigned SigW = 24;
  localparam int unsigned LowW = 3;  // guard, round and sticky positions below "big"
  localparam int unsigned WinW = SigW + LowW + 1;

  logic               a_sign, b_sign;
  logic signed [9:0]  a_exp, b_exp;
  logic [SigW-1:0]    a_sig, b_sig;
  logic               a_nan, b_nan;
  logic               a_inf, b_inf;
  logic               unused_a_zero, unused_b_zero;

  logic               a_big;
  logic               big_sign, small_sign;
  logic signed [9:0]  big_exp;
  logic [SigW-1:0]    big_sig, small_sig;
  logic [9:0]         exp_diff;
  logic [WinW-2:0]    small_aligned;
  logic               sum_sign;
  logic [WinW-1:0]    sum_mag;
  logic signed [9:0]  win_exp;     // exponent of window bit WinW-1
  logic [31:0]        rounded;

  fp32_unpack u_a (
    .bits_i   (a_i),
    .sign_o   (a_sign),
    .exp_o    (a_exp),
    .sig_o    (a_sig),
    .is_nan_o (a_nan),
    .is_inf_o (a_inf),
    .is_zero_o(unused_a_zero)
  );

  fp32_unpack u_b (
    .bits_i   (b_i),
    .sign_o   (b_sign),
    .exp_o    (b_exp),
    .sig_o    (b_sig),
    .is_nan_o (b_nan),
    .is_inf_o (b_inf),
    .is_zero_o(unused_b_zero)
  );

  always_comb begin
    a_big      = a_exp >= b_exp;
    big_sign   = a_big ? a_sign : b_sign;
    big_exp    = a_big ? a_exp : b_exp;
    big_sig    = a_big ? a_sig : b_sig;
    small_sign = a_big ? b_sign : a_sign;
    small_sig  = a_big ? b_sig : a_sig;
    exp_diff   = a_big ? a_exp - b_exp : b_exp - a_exp;  // 0 .. 253
    win_exp    = big_exp + 10'sd1;
  end

  fp_shift_right_jam #(
    .Width (WinW - 1),
    .ShiftW(10)
  ) u_align (
    .in_i   ({small_sig, LowW'(0)}),
    .shamt_i(exp_diff),
    .out_o  (small_aligned)
  );

  fp_sig_addsub #(
    .Width(WinW)
  ) u_addsub (
    .sign_x_i(big_sign),
    .x_i     ({1'b0, big_sig, LowW'(0)}),
    .sign_y_i(small_sign),
    .y_i     ({1'b0, small_aligned}),
    .sign_o  (sum_sign),
    .mag_o   (sum_mag)
  );

  fp32_round_pack #(
    .SigW(WinW),
    .ExpW(10)
  ) u_round (
    .sign_i(sum_sign),
    .exp_i (win_exp),
    .sig_i (sum_mag),
    .fp32_o(rounded)
  );

  always_comb begin
    if (a_nan || b_nan || (a_inf && b_inf && (a_sign != b_sign))) begin
      sum_o = Fp32CanonicalNan;
    end else if (a_inf) begin
      sum_o = a_i;
    end else if (b_inf) begin
      sum_o = b_i;
    end else begin
      sum_o = rounded;
    end
  end

endmodule
