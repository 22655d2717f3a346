// Copyright Tessel contributors.
// Licensed under the Apache License, Version 2.0.
//
// The Rows x Cols weight-stationary systolic array: Rows PE rows stacked so that the partial
// sums of each column flow down from row 0 (where they start at +0) to row Rows-1. The inputs
// must already be skewed (row k one cycle behind row k-1); the outputs are skewed the same way
// (column m one cycle behind column m-1), see te_skew.
module pe_array
  import tensor_engine_pkg::*;
#(
  parameter  int unsigned Rows    = 4,
  parameter  int unsigned Cols    = 4,
  localparam int unsigned ColIdxW = (Cols > 1) ? $clog2(Cols) : 1
) (
  input  logic                            clk_i,
  input  logic                            rst_ni,
  input  logic                            en_i,
  input  mv_token_t [Rows-1:0]            mv_i,      // [k] enters row k
  input  wt_token_t [Rows-1:0]            wt_i,
  input  logic      [Rows-1:0][ColIdxW-1:0] wt_col_i,
  output logic      [Cols-1:0][31:0]      psum_o     // bottom of each column
);

  // psum[k] enters row k; psum[Rows] leaves the bottom of the array.
  logic [Rows:0][Cols-1:0][31:0] psum;

  // Accumulation starts from +0 (docs/numerics.md).
  assign psum[0] = '0;

  for (genvar k = 0; k < Rows; k++) begin : g_row
    pe_row #(
      .Cols(Cols)
    ) u_row (
      .clk_i   (clk_i),
      .rst_ni  (rst_ni),
      .en_i    (en_i),
      .mv_i    (mv_i[k]),
      .wt_i    (wt_i[k]),
      .wt_col_i(wt_col_i[k]),
      .psum_i  (psum[k]),
      .psum_o  (psum[k+1])
    );
  end

  assign psum_o = psum[Rows];

endmodule
