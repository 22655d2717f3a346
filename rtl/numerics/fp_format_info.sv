// Copyright Tessel contributors.
// Licensed under the Apache License, Version 2.0.
//
// The facts of each number format, in one place, for the units that decode (fp_unpack) and
// encode (fp_narrow) them with format-independent datapaths. An encoding of a format is
//   sign | exponent field (exp_bits_o) | fraction (man_bits_o), sign at bit exp_bits + man_bits,
// and its magnitude code is everything below the sign. Magnitude codes are ordered like the
// values they encode, and special_code_o is the smallest one that is not a finite number
// (infinity, or for E4M3 the NaN S.1111.111), so special_code_o - 1 is the largest finite.
// An undefined format value gives legal_o = 0 (the other outputs are FP32's).
module fp_format_info (
  input  tessel_fp_pkg::fp_format_e fmt_i,
  output logic                      legal_o,
  output logic [4:0]                man_bits_o,
  output logic [3:0]                exp_bits_o,
  output logic [6:0]                bias_o,
  output logic                      has_inf_o,       // codes above special_code_o are NaNs
  output logic                      sat_finite_o,    // FP8: narrowing saturates, never inf
  output logic [30:0]               special_code_o,
  output logic [31:0]               nan_o            // canonical quiet NaN, low bits
);
  import tessel_fp_pkg::*;

  always_comb begin
    legal_o        = 1'b1;
    man_bits_o     = 5'd23;
    exp_bits_o     = 4'd8;
    bias_o         = 7'd127;
    has_inf_o      = 1'b1;
    sat_finite_o   = 1'b0;
    special_code_o = 31'h7F80_0000;
    nan_o          = Fp32CanonicalNan;
    unique case (fmt_i)
      FmtFp32: ;
      FmtBf16: begin
        man_bits_o     = 5'd7;
        special_code_o = 31'h7F80;
        nan_o          = 32'(Bf16CanonicalNan);
      end
      FmtFp16: begin
        man_bits_o     = 5'd10;
        exp_bits_o     = 4'd5;
        bias_o         = 7'd15;
        special_code_o = 31'h7C00;
        nan_o          = 32'(Fp16CanonicalNan);
      end
      FmtFp8E4M3: begin
        man_bits_o     = 5'd3;
        exp_bits_o     = 4'd4;
        bias_o         = 7'd7;
        has_inf_o      = 1'b0;
        sat_finite_o   = 1'b1;
        special_code_o = 31'h7F;  // the only NaN; 0x7E = 448 is the largest finite
        nan_o          = 32'(E4m3CanonicalNan);
      end
      FmtFp8E5M2: begin
        man_bits_o     = 5'd2;
        exp_bits_o     = 4'd5;
        bias_o         = 7'd15;
        sat_finite_o   = 1'b1;
        special_code_o = 31'h7C;
        nan_o          = 32'(E5m2CanonicalNan);
      end
      default: legal_o = 1'b0;
    endcase
  end

endmodule
