// Copyright Tessel contributors.
// Licensed under the Apache License, Version 2.0.
//
// One row of the systolic array: Cols PEs chained left to right. Row k holds partition k of
// both stationary tiles (one weight per column per bank) and receives partition k of the moving
// tile. Partial sums enter from the row above and leave to the row below, one per column.
module pe_row
  import tensor_engine_pkg::*;
#(
  parameter  int unsigned Cols    = 4,
  localparam int unsigned ColIdxW = (Cols > 1) ? $clog2(Cols) : 1
) (
  input  logic                   clk_i,
  input  logic                   rst_ni,
  input  logic                   en_i,
  input  mv_token_t              mv_i,      // enters column 0
  input  wt_token_t              wt_i,      // enters column 0
  input  logic [ColIdxW-1:0]     wt_col_i,
  input  logic [Cols-1:0][31:0]  psum_i,    // from the row above, one per column
  output logic [Cols-1:0][31:0]  psum_o     // to the row below
);

  // Index m is the input of PE m; index Cols is what leaves the right edge of the array.
  mv_token_t [Cols:0]              mv;
  wt_token_t [Cols:0]              wt;
  logic      [Cols:0][ColIdxW-1:0] wt_col;

  assign mv[0]     = mv_i;
  assign wt[0]     = wt_i;
  assign wt_col[0] = wt_col_i;

  for (genvar m = 0; m < Cols; m++) begin : g_col
    pe #(
      .Cols(Cols)
    ) u_pe (
      .clk_i    (clk_i),
      .rst_ni   (rst_ni),
      .en_i     (en_i),
      .col_idx_i(ColIdxW'(m)),
      .mv_i     (mv[m]),
      .mv_o     (mv[m+1]),
      .wt_i     (wt[m]),
      .wt_col_i (wt_col[m]),
      .wt_o     (wt[m+1]),
      .wt_col_o (wt_col[m+1]),
      .psum_i   (psum_i[m]),
      .psum_o   (psum_o[m])
    );
  end

  // Tokens that leave the last column have been used by every PE of the row.
  logic unused_row_end;
  assign unused_row_end = ^{mv[Cols], wt[Cols], wt_col[Cols]};

endmodule
