// Copyright Tessel contributors.
// Licensed under the Apache License, Version 2.0.
//
// Decodes one BF16, FP16, FP8-E4M3 or FP8-E5M2 element (FP8 in bits_i[7:0], the upper bits
// ignored) into the PE operand form of tessel_fp_pkg::pe_operand_t:
//   value = (-1)^sign * man * 2^(exp - 10), man[10] = 1 for every finite non-zero value.
// Decoding happens once at the edge of the PE array, so every PE multiplies plain 11-bit
// significands and never looks at formats.
//
// Algorithm (format independent, driven by fp_format_info):
//   - magnitude code = the bits below the sign; codes >= the format's special code are
//     infinity or NaN (E4M3: only the code 0x7F, a NaN);
//   - fraction left-aligned to 10 bits (FP16's width, the widest), hidden bit = (exponent
//     field != 0), subnormals use exponent field 1 with hidden bit 0 - IEEE's definition;
//   - an 11-bit leading-zero count normalises subnormals: man = sig << lz, exp = e - lz.
//     (lz is 0 for normal numbers, so one path serves both.)
// Zero, infinity and NaN are flagged with exp = 0 and man = 0 (fp_mac relies on man = 0 for a
// zero operand; see fp_mac). A NaN is unsigned: every NaN result is the canonical one.
// FP32 (too wide for a PE operand) and undefined formats: fmt_illegal_o = 1, op_o is a NaN.
module fp_unpack (
  input  logic [15:0]                bits_i,
  input  tessel_fp_pkg::fp_format_e  fmt_i,
  output tessel_fp_pkg::pe_operand_t op_o,
  output logic                       fmt_illegal_o
);
  import tessel_fp_pkg::*;

  logic               legal;
  logic [4:0]         man_bits;
  logic [3:0]         exp_bits;
  logic [6:0]         bias;
  logic               has_inf;
  logic [30:0]        special_code;
  logic               unused_sat_finite;
  logic [31:0]        unused_nan;

  logic [15:0]        sign_mask;
  logic [15:0]        mag;        // magnitude code
  logic [7:0]         exp_field;
  logic [10:0]        sig;        // {hidden bit, fraction left-aligned}
  logic [3:0]         lz;
  logic signed [9:0]  exp_eff;    // exponent of sig[10]
  logic               special;
  logic               is_nan;

  fp_format_info u_info (
    .fmt_i         (fmt_i),
    .legal_o       (legal),
    .man_bits_o    (man_bits),
    .exp_bits_o    (exp_bits),
    .bias_o        (bias),
    .has_inf_o     (has_inf),
    .sat_finite_o  (unused_sat_finite),
    .special_code_o(special_code),
    .nan_o         (unused_nan)
  );

  always_comb begin
    sign_mask = 16'h1 << (exp_bits + man_bits);  // 0 for FP32, which is illegal here anyway
    mag       = bits_i & (sign_mask - 16'h1);
    exp_field = 8'(mag >> man_bits);
    // Shifting the code left drops the exponent field off the top of the 10-bit fraction.
    sig       = {exp_field != 8'h00, 10'(mag << (5'd10 - man_bits))};
    exp_eff   = $signed({2'b00, (exp_field == 8'h00) ? 8'h01 : exp_field})
              - $signed({3'b000, bias});
    special   = 31'(mag) >= special_code;
  end

  fp_lzc #(
    .Width(11)
  ) u_lzc (
    .in_i (sig),
    .cnt_o(lz)
  );

  always_comb begin
    fmt_illegal_o = !legal || (fmt_i == FmtFp32);
    is_nan        = fmt_illegal_o || (special && !(has_inf && 31'(mag) == special_code));

    op_o         = '0;
    op_o.sign    = |(bits_i & sign_mask);
    if (is_nan) begin
      op_o.is_nan = 1'b1;
      op_o.sign   = 1'b0;
    end else if (special) begin
      op_o.is_inf = 1'b1;
    end else if (mag == '0) begin
      op_o.is_zero = 1'b1;
    end else begin
      op_o.man = sig << lz;
      op_o.exp = exp_eff - $signed({6'b000000, lz});
    end
  end

endmodule
