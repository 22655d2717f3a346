// Copyright Tessel contributors.
// Licensed under the Apache License, Version 2.0.
//
// Bookkeeping of the two weight banks (the double buffer, docs/tensor-engine.md).
//
// Stationary tiles fill banks 0, 1, 0, 1, ... in program order and moving tiles use them in the
// same order, so the i-th moving tile multiplies with the i-th stationary tile. Each bank is
// either empty or full:
//   empty -> full   when the last beat of a stationary tile (st_last_i) is accepted into it;
//   full  -> empty  when the last beat of a moving tile (mv_last_i) that uses it is accepted.
// A stationary beat is accepted only while its bank is empty, a moving beat only while its bank
// is full. Weight and moving tokens take equally long to reach any PE, so this order at the
// array edge is the order at every PE: a bank can be refilled the cycle after its last moving
// beat was accepted, and used the cycle after its last weight beat was accepted.
//
// Each bank also remembers M, the number of stationary beats (columns) of its tile, for the
// output column mask. Beats beyond column Cols-1 are accepted and dropped, with st_overflow_o.
module te_bank_ctrl #(
  parameter  int unsigned Cols      = 4,
  localparam int unsigned ColIdxW   = (Cols > 1) ? $clog2(Cols) : 1,
  localparam int unsigned ColCountW = $clog2(Cols + 1)
) (
  input  logic                 clk_i,
  input  logic                 rst_ni,
  input  logic                 en_i,           // the engine pipeline advances this cycle
  // stationary stream
  input  logic                 st_valid_i,
  input  logic                 st_last_i,
  output logic                 st_ready_o,
  output logic                 st_bank_o,      // bank of the beat offered now
  output logic [ColIdxW-1:0]   st_col_o,       // its column m
  output logic                 st_overflow_o,  // accepted now but m >= Cols: dropped
  // moving stream
  input  logic                 mv_valid_i,
  input  logic                 mv_last_i,
  output logic                 mv_ready_o,
  output logic                 mv_bank_o,      // bank of the beat offered now
  output logic [ColCountW-1:0] mv_cols_o,      // M of that bank's tile
  // a bank holds a tile or a stationary tile is half loaded
  output logic                 busy_o
);

  logic [1:0]                 full_d, full_q;
  logic [1:0][ColCountW-1:0]  cols_d, cols_q;
  logic                       ld_bank_d, ld_bank_q;    // bank the stationary stream fills
  logic                       use_bank_d, use_bank_q;  // bank the moving stream uses
  logic [ColCountW-1:0]       ld_count_d, ld_count_q;  // beats of the current tile, saturating
  logic [ColCountW-1:0]       ld_count_inc;
  logic                       st_fire, mv_fire, ld_saturated;

  assign st_ready_o = en_i && !full_q[ld_bank_q];
  assign mv_ready_o = en_i && full_q[use_bank_q];
  assign st_fire    = st_valid_i && st_ready_o;
  assign mv_fire    = mv_valid_i && mv_ready_o;

  assign ld_saturated  = (ld_count_q == ColCountW'(Cols));
  assign ld_count_inc  = ld_saturated ? ld_count_q : ld_count_q + 1'b1;
  assign st_bank_o     = ld_bank_q;
  assign st_col_o      = ColIdxW'(ld_count_q);
  assign st_overflow_o = st_fire && ld_saturated;
  assign mv_bank_o     = use_bank_q;
  assign mv_cols_o     = cols_q[use_bank_q];
  assign busy_o        = (full_q != '0) || (ld_count_q != '0);

  always_comb begin
    full_d     = full_q;
    cols_d     = cols_q;
    ld_bank_d  = ld_bank_q;
    use_bank_d = use_bank_q;
    ld_count_d = ld_count_q;
    if (st_fire) begin
      ld_count_d = ld_count_inc;
      if (st_last_i) begin
        full_d[ld_bank_q] = 1'b1;
        cols_d[ld_bank_q] = ld_count_inc;
        ld_count_d        = '0;
        ld_bank_d         = !ld_bank_q;
      end
    end
    // The two streams never touch the same bank in one cycle (one needs it full, the other
    // empty), so these updates cannot conflict with the ones above.
    if (mv_fire && mv_last_i) begin
      full_d[use_bank_q] = 1'b0;
      use_bank_d         = !use_bank_q;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      full_q     <= '0;
      cols_q     <= '0;
      ld_bank_q  <= 1'b0;
      use_bank_q <= 1'b0;
      ld_count_q <= '0;
    end else begin
      full_q     <= full_d;
      cols_q     <= cols_d;
      ld_bank_q  <= ld_bank_d;
      use_bank_q <= use_bank_d;
      ld_count_q <= ld_count_d;
    end
  end

`ifdef TESSEL_ASSERTS
  // Immediate assertions sampled at the clock edge, outside reset. (A concurrent assertion with
  // "disable iff (!rst_ni)" would use the asynchronous reset synchronously.)
  always_ff @(posedge clk_i or negedge rst_ni) begin : p_assert
    if (rst_ni) begin
      // The double buffer's one invariant: a bank is never loaded and used in the same cycle.
      BankExclusive: assert (!(st_fire && mv_fire && (ld_bank_q == use_bank_q)))
        else $error("te_bank_ctrl: bank %0d loaded and used in the same cycle", ld_bank_q);
      // A full bank holds at least one column.
      FullHasCols: assert (!full_q[use_bank_q] || (cols_q[use_bank_q] != '0))
        else $error("te_bank_ctrl: full bank %0d with M = 0", use_bank_q);
    end
  end
`endif

endmodule
