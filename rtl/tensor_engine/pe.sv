// Copyright Tessel contributors.
// Licensed under the Apache License, Version 2.0.
//
// One processing element (PE) of the weight-stationary systolic array (docs/tensor-engine.md).
//
// PE(k,m) sits in row k (partition k of the contraction) and column m (output partition m).
// Every cycle it can:
//   - capture a weight: a weight token whose column tag equals m is written into the weight bank
//     the token names, together with its "active" bit (row k < K). The token stops here.
//   - multiply-accumulate: a moving token x arriving from the left meets the partial sum arriving
//     from the PE above; the PE computes acc = fma(w, x, acc) with the weight of the bank the
//     token names (one IEEE binary32 rounding, fp_mac) and sends acc down. A PE whose bank is
//     not active passes the sum down unchanged - it does NOT multiply by zero, because
//     fma(+0, x, -0) = +0 would turn a -0 partial sum into +0.
//   - pass both tokens one PE to the right.
//
// Two weight banks let the next stationary tile load while the current moving tile streams. A
// weight token and a moving token that were accepted in order arrive at every PE in the same
// order (same path, same speed), so the PE needs no swap logic of its own.
//
//                 psum_i (from row k-1)
//                    |
//      mv_i  ---->[ w[0] w[1] ]----> mv_o
//      wt_i  ---->[  fp_mac   ]----> wt_o
//                    |
//                 psum_o (to row k+1)
//
// Weights and the partial sum are not reset: they are data, qualified by the active bits and by
// the valid bits of the tokens, which are reset. Skipping reset on them saves area that matters
// at 128x128 PEs.
module pe
  import tessel_fp_pkg::*;
  import tensor_engine_pkg::*;
#(
  parameter  int unsigned Cols    = 4,  // columns of the array; sizes the column tag
  localparam int unsigned ColIdxW = (Cols > 1) ? $clog2(Cols) : 1
) (
  input  logic               clk_i,
  input  logic               rst_ni,
  input  logic               en_i,      // the whole engine pipeline advances this cycle
  // This PE's column m: a port rather than a parameter so that all PEs are one module (one
  // C++ class after verilation instead of one per column).
  input  logic [ColIdxW-1:0] col_idx_i /*verilator public*/,
  // moving element from the left neighbour, passed to the right neighbour
  input  mv_token_t          mv_i /*verilator public*/,
  output mv_token_t          mv_o,
  // weight element looking for its column, passed to the right neighbour
  input  wt_token_t          wt_i /*verilator public*/,
  input  logic [ColIdxW-1:0] wt_col_i /*verilator public*/,
  output wt_token_t          wt_o,
  output logic [ColIdxW-1:0] wt_col_o,
  // partial sum from the PE above (+0 in row 0), and to the PE below
  input  logic [31:0]        psum_i /*verilator public*/,
  output logic [31:0]        psum_o
);
  // Build speed: the PE stays a module of its own (no_inline_module) and its inputs are public,
  // so that the simulator keeps each input as a member of the PE instead of substituting the
  // neighbours' registers into the PE's logic. Then all PEs share one C++ function body. At
  // 16x16 this cut the C++ from 23 MB to 3.5 MB and the build from 190 s to 22 s (measured).
  /*verilator no_inline_module*/

  pe_operand_t [1:0] weight_d, weight_q;
  logic        [1:0] active_d, active_q;
  logic              capture;
  wt_token_t         wt_pass;
  mv_token_t         mv_q;
  wt_token_t         wt_q;
  logic [ColIdxW-1:0] wt_col_q;
  logic [31:0]       mac_result, psum_d, psum_q;

  // A weight token stops at the PE of its column.
  assign capture = wt_i.valid && (wt_col_i == col_idx_i);

  always_comb begin
    weight_d = weight_q;
    active_d = active_q;
    wt_pass  = wt_i;
    if (capture) begin
      weight_d[wt_i.bank] = wt_i.op;
      active_d[wt_i.bank] = wt_i.active;
      wt_pass.valid       = 1'b0;  // delivered: nothing further right needs it
    end
  end

  // Multiply-accumulate with the bank this moving token was issued against.
  fp_mac u_mac (
    .a_i     (weight_q[mv_i.bank]),
    .b_i     (mv_i.op),
    .acc_i   (psum_i),
    .result_o(mac_result)
  );

  // A row beyond K bypasses rather than multiplying by zero, which would turn -0 into +0.
  assign psum_d = active_q[mv_i.bank] ? mac_result : psum_i;

  // Control state: token valid bits and bank active bits (an unloaded bank passes sums through).
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      mv_q     <= '0;
      wt_q     <= '0;
      wt_col_q <= '0;
      active_q <= '0;
    end else if (en_i) begin
      mv_q     <= mv_i;
      wt_q     <= wt_pass;
      wt_col_q <= wt_col_i;
      active_q <= active_d;
    end
  end

  // Data state, not reset (see header).
  always_ff @(posedge clk_i) begin
    if (en_i) begin
      weight_q <= weight_d;
      if (mv_i.valid) begin
        psum_q <= psum_d;
      end
    end
  end

  assign mv_o     = mv_q;
  assign wt_o     = wt_q;
  assign wt_col_o = wt_col_q;
  assign psum_o   = psum_q;

endmodule
