// Copyright Tessel contributors.
// Licensed under the Apache License, Version 2.0.
//
// Number formats shared by every engine. The exact rules live in docs/numerics.md; the C++
// model (models/numerics/fp.h) implements the same rules bit for bit.
package tessel_fp_pkg;

  // Data type of a tensor element. The encoding is part of the ISA (docs/isa.md).
  typedef enum logic [2:0] {
    FmtFp32    = 3'd0,
    FmtBf16    = 3'd1,
    FmtFp16    = 3'd2,
    FmtFp8E4M3 = 3'd3,  // OCP E4M3: bias 7, no infinities, max 448, NaN = S.1111.111
    FmtFp8E5M2 = 3'd4   // OCP E5M2: bias 15, IEEE-like infinities and NaNs
  } fp_format_e;

  // Canonical quiet NaNs, one per format.
  localparam logic [31:0] Fp32CanonicalNan = 32'h7FC0_0000;
  localparam logic [15:0] Bf16CanonicalNan = 16'h7FC0;
  localparam logic [15:0] Fp16CanonicalNan = 16'h7E00;
  localparam logic [7:0]  E4m3CanonicalNan = 8'h7F;
  localparam logic [7:0]  E5m2CanonicalNan = 8'h7E;

  // A narrow (8- or 16-bit) element, decoded once at the edge of the PE array so that every PE
  // multiplies small significands instead of re-decoding formats. Every BF16/FP16/FP8 value is
  //   (-1)^sign * man * 2^(exp - 10)
  // with man normalised (man[10] = 1) for every finite non-zero value, subnormals included.
  // Exponent range: BF16 -133..127, FP16 -24..15, E4M3 -9..8, E5M2 -16..15, so 10 signed bits.
  typedef struct packed {
    logic              is_nan;
    logic              is_inf;
    logic              is_zero;
    logic              sign;
    logic signed [9:0] exp;
    logic [10:0]       man;
  } pe_operand_t;

endpackage
