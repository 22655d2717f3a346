// Copyright Tessel contributors.
// Licensed under the Apache License, Version 2.0.
//
// Exact conversion of a BF16, FP16, FP8-E4M3 or FP8-E5M2 encoding (low bits of bits_i, the
// bits above the format ignored) or an FP32 encoding to FP32. Every value of the narrow formats
// is an FP32 value, so nothing rounds: the operand is decoded by fp_unpack (the one format
// decoder) and packed by fp32_round_pack, whose rounding never fires here because the 11-bit
// significand is far narrower than FP32's 24 bits. BF16 subnormals (2^-133 .. 2^-127) are FP32
// subnormals; the round-and-pack unit denormalises them exactly.
// FP32 passes through. Any NaN becomes 0x7FC00000. An undefined format gives
// fmt_illegal_o = 1 and the canonical FP32 NaN.
module fp_widen (
  input  logic [31:0]               bits_i,
  input  tessel_fp_pkg::fp_format_e fmt_i,
  output logic [31:0]               fp32_o,
  output logic                      fmt_illegal_o
);
  import tessel_fp_pkg::*;

  pe_operand_t op;
  logic        op_illegal;
  logic [31:0] packed_fp32;
  logic        fp32_nan;
  logic        unused_fp32_sign;
  logic [9:0]  unused_fp32_exp;
  logic [23:0] unused_fp32_sig;
  logic        unused_fp32_inf;
  logic        unused_fp32_zero;

  fp_unpack u_unpack (
    .bits_i       (bits_i[15:0]),
    .fmt_i        (fmt_i),
    .op_o         (op),
    .fmt_illegal_o(op_illegal)
  );

  // 26 bits: the round-and-pack unit needs a guard and a sticky position below 24 bits.
  fp32_round_pack #(
    .SigW(26),
    .ExpW(10)
  ) u_pack (
    .sign_i(op.sign),
    .exp_i (op.exp),
    .sig_i ({op.man, 15'h0}),
    .fp32_o(packed_fp32)
  );

  // Only NaN detection is needed on the FP32 pass-through path.
  fp32_unpack u_fp32 (
    .bits_i   (bits_i),
    .sign_o   (unused_fp32_sign),
    .exp_o    (unused_fp32_exp),
    .sig_o    (unused_fp32_sig),
    .is_nan_o (fp32_nan),
    .is_inf_o (unused_fp32_inf),
    .is_zero_o(unused_fp32_zero)
  );

  always_comb begin
    fmt_illegal_o = 1'b0;
    if (fmt_i == FmtFp32) begin
      fp32_o = fp32_nan ? Fp32CanonicalNan : bits_i;
    end else if (op.is_nan) begin
      fmt_illegal_o = op_illegal;
      fp32_o        = Fp32CanonicalNan;
    end else if (op.is_inf) begin
      fp32_o = {op.sign, 31'h7F80_0000};
    end else if (op.is_zero) begin
      fp32_o = {op.sign, 31'h0};
    end else begin
      fp32_o = packed_fp32;
    end
  end

endmodule
