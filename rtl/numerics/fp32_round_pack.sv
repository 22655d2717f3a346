// Copyright Tessel contributors.
// Licensed under the Apache License, Version 2.0.
//
// Normalise, round to nearest even and pack one IEEE binary32 result. This is the single
// FP32 rounding step of fp_mac, fp32_add and (exactly, never rounding) fp_widen.
//
// Input: value = (-1)^sign_i * sig_i * 2^(exp_i - (SigW - 1)), i.e. exp_i is the exponent of
// sig_i[SigW-1]. sig_i need not be normalised, may be zero, and its LSB may be a sticky bit
// (the OR of bits lost earlier), which is why SigW >= 26: 24 kept bits, a guard bit and at least
// one bit below the guard for sticky information.
//
// Algorithm:
//   1. Shift so that sig[SigW-1] has weight 2^max(e, -126), where e is the exponent of the
//      leading one: left by the leading-zero count, but never past the normal range
//      (room = exp_i + 126); if the whole input lies below 2^-126 (room < 0), right with
//      sticky jamming instead. After this, bit SigW-1 is the hidden bit: 1 for a normal
//      result, 0 for a subnormal one whose exponent field is 0.
//   2. Keep 24 bits, guard = next bit, sticky = OR of the rest; round up when
//      guard & (sticky | lsb).
//   3. Add the round bit to {exponent field, fraction}: a carry out of the fraction bumps the
//      exponent, turns the largest subnormal into the smallest normal and the largest finite
//      value into infinity, all without extra logic. A pre-rounding exponent field >= 255
//      overflows to infinity (RNE overflow).
// A zero sig_i gives a zero of sign sign_i; callers apply IEEE's sign rule for exact zeros.
module fp32_round_pack #(
  parameter int unsigned SigW = 28,
  parameter int unsigned ExpW = 11
) (
  input  logic                   sign_i,
  input  logic signed [ExpW-1:0] exp_i,
  input  logic [SigW-1:0]        sig_i,
  output logic [31:0]            fp32_o
);

  // Two extra bits so that exp_i + 127 and exp_i - SigW never wrap.
  localparam int unsigned EW   = ExpW + 2;
  localparam int unsigned CntW = $clog2(SigW + 1);

  logic [CntW-1:0]      lz;
  logic signed [EW-1:0] room;        // left shifts allowed before dropping below 2^-126
  logic [EW-1:0]        lshift;
  logic [EW-1:0]        rshift;
  logic [SigW-1:0]      sig_left;
  logic [SigW-1:0]      sig_norm;    // bit SigW-1 is the hidden bit of the result
  logic signed [EW-1:0] exp_biased;  // exponent field of a normal result, before rounding
  logic                 hidden;
  logic                 overflow;
  logic [7:0]           exp_field;
  logic [22:0]          frac;
  logic                 guard;
  logic                 sticky;
  logic                 round_up;

  fp_lzc #(
    .Width(SigW)
  ) u_lzc (
    .in_i (sig_i),
    .cnt_o(lz)
  );

  always_comb begin
    room = EW'(exp_i) + EW'(126);
    if (room < 0) begin
      lshift = '0;
      rshift = EW'(-room);
    end else begin
      lshift = (EW'(lz) < room) ? EW'(lz) : room;
      rshift = '0;
    end
    sig_left = sig_i << lshift;
  end

  fp_shift_right_jam #(
    .Width (SigW),
    .ShiftW(EW)
  ) u_denorm (
    .in_i   (sig_left),
    .shamt_i(rshift),
    .out_o  (sig_norm)
  );

  always_comb begin
    exp_biased = EW'(exp_i) - $signed(lshift) + EW'(127);
    hidden     = sig_norm[SigW-1];
    overflow   = hidden && (exp_biased >= EW'(255));
    exp_field  = hidden ? exp_biased[7:0] : 8'h00;
    frac       = sig_norm[SigW-2 -: 23];
    guard      = sig_norm[SigW-25];
    sticky     = |sig_norm[SigW-26:0];
    round_up   = guard && (sticky || frac[0]);
    if (overflow) begin
      fp32_o = {sign_i, 8'hFF, 23'h0};
    end else begin
      fp32_o = {sign_i, {exp_field, frac} + 31'(round_up)};
    end
  end

endmodule
