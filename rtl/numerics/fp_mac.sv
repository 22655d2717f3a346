// Copyright Tessel contributors.
// Licensed under the Apache License, Version 2.0.
//
// The PE's fused multiply-add: result_o = fma(a, b, acc) in IEEE binary32 with ONE
// round-to-nearest-even, subnormals kept, exactly std::fmaf(float(a), float(b), acc).
// a_i and b_i are decoded narrow operands (fp_unpack); acc_i is FP32.
//
// Datapath (55-bit window, bit 0 = LSB):
//   product  p = a.man * b.man, 22 bits, exact; placed at window bits [27:6] (ProdLsb = 6).
//   addend   the 24-bit acc significand starts at bits [53:30] (AccLsbMax = 30) and shifts
//            right by d = 27 + a.exp + b.exp - acc.exp, the distance that puts it at its true
//            position relative to the product; bits shifted below bit 0 are jammed into bit 0
//            (sticky). If d < 0 the acc is "dominant" and stays at [53:30]: the window then
//            takes its exponent from the acc and the product sits closer than its true place.
//   bit 54   carry of the addition.
//   Then add/subtract (fp_sig_addsub), and normalise + round + pack (fp32_round_pack:
//   leading-zero count, subnormal output, overflow to infinity).
//
// Why 55 bits are enough for one correct rounding (k = lowest exact bit, the result's rounding
// position r must satisfy r >= k + 1: then the computed and the exact value lie strictly
// between the same two multiples of 2^k, and so round the same way):
//   - acc bits lost (d > 30): the acc is < 2^23 (window units) and the product >= 2^26, so even
//     after subtraction the result is > 2^25, r >= 25 - 23 = 2, and k = 1 (bit 0 is sticky).
//     This is what ProdLsb = 6 buys; 5 would give r >= 1 only.
//   - acc dominant (d < 0): product (placed or true) < 2^28, k = 28. A normal acc is
//     >= 2^53, so the result is >= 2^52 and r >= 29; a subnormal or zero acc fixes the
//     quantum at 2^-149, the acc LSB, so r >= 30. Hence AccLsbMax = ProdLsb + 24 = 30.
//     (A product far below a zero acc therefore rounds to a zero of the product's sign.)
//   - otherwise every bit is kept: exact.
// A zero operand has man = 0 (fp_unpack guarantees it), so a zero product needs no mux: it is
// treated as negligible (acc dominant) and the acc passes unchanged, including the IEEE sign
// of an exact zero sum (fp_sig_addsub: -0 only for -0 + -0).
//
// Specials: any NaN, inf * 0 and inf - inf give 0x7FC00000; an infinite product gives an
// infinity of the product's sign; an infinite acc with a finite product passes through.
module fp_mac (
  input  tessel_fp_pkg::pe_operand_t a_i,
  input  tessel_fp_pkg::pe_operand_t b_i,
  input  logic [31:0]                acc_i,
  output logic [31:0]                result_o
);
  import tessel_fp_pkg::*;

  localparam int unsigned ProdW     = 22;  // 11 x 11-bit significands
  localparam int unsigned ProdFrac  = 20;  // p = prod * 2^(a.exp + b.exp - ProdFrac)
  localparam int unsigned AccW      = 24;
  localparam int unsigned AccFrac   = 23;  // acc = sig * 2^(acc.exp - AccFrac)
  localparam int unsigned ProdLsb   = 6;
  localparam int unsigned AccLsbMax = ProdLsb + AccW;
  localparam int unsigned WinW      = AccLsbMax + AccW + 1;
  // The acc LSB belongs at window bit ProdLsb + (acc LSB exponent - product LSB exponent) and
  // starts at AccLsbMax, so it shifts right by AccDistBase + a.exp + b.exp - acc.exp.
  localparam logic signed [10:0] AccDistBase = 11'(AccLsbMax - ProdLsb + AccFrac - ProdFrac);
  // Exponent of window bit WinW-1: the acc's hidden bit sits at WinW-2 when it is dominant;
  // otherwise the product LSB (exponent a.exp + b.exp - ProdFrac) sits at ProdLsb.
  localparam logic signed [10:0] AccTopExp   = 11'sd1;
  localparam logic signed [10:0] ProdTopExp  = 11'(WinW - 1 - ProdLsb - ProdFrac);

  logic                   prod_sign;
  logic [ProdW-1:0]       prod;
  logic signed [10:0]     prod_exp;    // a.exp + b.exp
  logic                   prod_zero;
  logic                   prod_inf;
  logic                   prod_nan;

  logic                   acc_sign;
  logic signed [9:0]      acc_exp;
  logic [AccW-1:0]        acc_sig;
  logic                   acc_nan;
  logic                   acc_inf;
  logic                   unused_acc_zero;

  logic signed [10:0]     acc_dist;    // right shift that puts the acc at its true position
  logic                   acc_dominant;
  logic [10:0]            acc_shamt;
  logic [WinW-2:0]        acc_aligned;
  logic                   sum_sign;
  logic [WinW-1:0]        sum_mag;
  logic signed [10:0]     win_exp;     // exponent of window bit WinW-1
  logic [31:0]            rounded;

  fp32_unpack u_acc (
    .bits_i   (acc_i),
    .sign_o   (acc_sign),
    .exp_o    (acc_exp),
    .sig_o    (acc_sig),
    .is_nan_o (acc_nan),
    .is_inf_o (acc_inf),
    .is_zero_o(unused_acc_zero)  // a zero acc is an ordinary aligned significand of 0
  );

  always_comb begin
    prod_sign    = a_i.sign ^ b_i.sign;
    prod         = a_i.man * b_i.man;
    prod_exp     = 11'(a_i.exp) + 11'(b_i.exp);
    prod_zero    = a_i.is_zero || b_i.is_zero;
    prod_nan     = a_i.is_nan || b_i.is_nan || (a_i.is_inf && b_i.is_zero)
                || (a_i.is_zero && b_i.is_inf);
    prod_inf     = a_i.is_inf || b_i.is_inf;

    acc_dist     = AccDistBase + prod_exp - 11'(acc_exp);
    acc_dominant = prod_zero || (acc_dist < 0);
    acc_shamt    = acc_dominant ? '0 : acc_dist;
    win_exp      = acc_dominant ? 11'(acc_exp) + AccTopExp : prod_exp + ProdTopExp;
  end

  fp_shift_right_jam #(
    .Width (WinW - 1),
    .ShiftW(11)
  ) u_align (
    .in_i   ({acc_sig, AccLsbMax'(0)}),
    .shamt_i(acc_shamt),
    .out_o  (acc_aligned)
  );

  fp_sig_addsub #(
    .Width(WinW)
  ) u_addsub (
    .sign_x_i(acc_sign),
    .x_i     ({1'b0, acc_aligned}),
    .sign_y_i(prod_sign),
    .y_i     ({(WinW - ProdLsb - ProdW)'(0), prod, ProdLsb'(0)}),
    .sign_o  (sum_sign),
    .mag_o   (sum_mag)
  );

  fp32_round_pack #(
    .SigW(WinW),
    .ExpW(11)
  ) u_round (
    .sign_i(sum_sign),
    .exp_i (win_exp),
    .sig_i (sum_mag),
    .fp32_o(rounded)
  );

  always_comb begin
    if (prod_nan || acc_nan || (prod_inf && acc_inf && (prod_sign != acc_sign))) begin
      result_o = Fp32CanonicalNan;
    end else if (prod_inf) begin
      result_o = {prod_sign, 31'h7F80_0000};
    end else if (acc_inf) begin
      result_o = acc_i;
    end else begin
      result_o = rounded;
    end
  end

endmodule
