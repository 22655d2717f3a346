// Copyright Tessel contributors.
// Licensed under the Apache License, Version 2.0.
//
// The tensor engine: a Rows x Cols weight-stationary systolic array with double-buffered
// weights (docs/tensor-engine.md).
//
// matmul(psum[M,N], stationary[K,M], moving[K,N]) computes stationary^T @ moving with
// K <= Rows, M <= Cols. The stationary stream brings one beat per column m (beat[k] =
// stationary[k][m]); the moving stream one beat per moving column n (beat[k] = moving[k][n]).
// One output beat per moving beat carries out[0..Cols-1][n] and its PSUM destination;
// out_col_mask_o marks the M columns that hold results.
//
//   ports -> lanes -> skew (row k: 1+k stages) -> fp_unpack -> pe_array -> deskew -> out
//                     metadata delay line (Rows+Cols stages) ----------------------> out
//
// Every register of that path advances on one enable, en = !(out_valid && !out_ready), and both
// input streams are accepted only when it is high, so backpressure freezes the whole pipeline
// and the relative timing of weight and moving tokens never changes.
//
// Numerics: each column sums down the rows k = 0..K-1 from +0 with one fp_mac (single RNE
// rounding) per row; rows k >= K pass the sum unchanged. Operands are decoded once per row at
// the array edge. Errors (sticky error_o, nothing hangs):
//   - an operand format that is not BF16/FP16/FP8 (fp_unpack flags it and decodes a NaN);
//   - st_rows_i of 0 or above Rows (K is clamped to 1..Rows);
//   - more than Cols beats in one stationary tile (the extra beats are dropped).
module tensor_engine
  import tessel_config_pkg::*;
  import tessel_fp_pkg::*;
  import tensor_engine_pkg::*;
#(
  parameter  int unsigned Rows      = NumRows,
  parameter  int unsigned Cols      = NumCols,
  parameter  int unsigned PsumRowW  = $clog2(PsumBanks * PsumBankEntries),
  localparam int unsigned RowCountW = $clog2(Rows + 1),
  localparam int unsigned ColIdxW   = (Cols > 1) ? $clog2(Cols) : 1,
  localparam int unsigned ColCountW = $clog2(Cols + 1)
) (
  input  logic                          clk_i,
  input  logic                          rst_ni,
  // stationary stream: one beat per stationary column m = 0..M-1, st_last_i on the last
  input  logic                          st_valid_i,
  output logic                          st_ready_o,
  input  logic [Rows-1:0][15:0]         st_data_i,         // [k] = stationary[k][m]
  input  fp_format_e                    st_fmt_i,
  input  logic [RowCountW-1:0]          st_rows_i,         // K
  input  logic                          st_last_i,
  // moving stream: one beat per moving column n, mv_last_i on the last
  input  logic                          mv_valid_i,
  output logic                          mv_ready_o,
  input  logic [Rows-1:0][15:0]         mv_data_i,         // [k] = moving[k][n]
  input  fp_format_e                    mv_fmt_i,
  input  logic [PsumRowW-1:0]           mv_psum_row_i,
  input  logic                          mv_accumulate_i,
  input  logic                          mv_last_i,
  // result beats, in moving-beat order
  output logic                          out_valid_o,
  input  logic                          out_ready_i,
  output logic [Cols-1:0][31:0]         out_data_o,        // [m] = out[m][n], FP32
  output logic [Cols-1:0]               out_col_mask_o,    // [m] = m < M
  output logic [PsumRowW-1:0]           out_psum_row_o,
  output logic                          out_accumulate_o,
  // status
  output logic                          busy_o,            // a tile or beat is in flight
  output logic                          error_o            // sticky, see header
);

  // What one row of one beat carries through the skew. Formats are decoded after the skew so
  // that the skew stores 16-bit encodings rather than decoded operands.
  typedef struct packed {
    logic               valid;
    logic               bank;
    logic [ColIdxW-1:0] col;
    logic               active;  // k < K
    fp_format_e         fmt;
    logic [15:0]        bits;
  } st_lane_t;

  typedef struct packed {
    logic        valid;
    logic        bank;
    fp_format_e  fmt;
    logic [15:0] bits;
  } mv_lane_t;

  // What the output beat needs to know about its moving beat.
  typedef struct packed {
    logic                 valid;
    logic [PsumRowW-1:0]  psum_row;
    logic                 accumulate;
    logic [ColCountW-1:0] cols;      // M
  } meta_t;

  localparam int unsigned Latency    = Rows + Cols;  // moving beat accepted -> output beat
  localparam int unsigned InflightW  = $clog2(Latency + 1);

  logic                 en;
  logic                 st_fire, mv_fire, out_fire;
  logic                 st_bank, mv_bank, st_overflow, banks_busy;
  logic [ColIdxW-1:0]   st_col;
  logic [ColCountW-1:0] mv_cols;
  logic                 rows_bad;
  logic [RowCountW-1:0] rows_eff;

  st_lane_t  [Rows-1:0]              st_lane, st_lane_sk;
  mv_lane_t  [Rows-1:0]              mv_lane, mv_lane_sk;
  wt_token_t [Rows-1:0]              wt_tok;
  logic      [Rows-1:0][ColIdxW-1:0] wt_col;
  mv_token_t [Rows-1:0]              mv_tok;
  logic      [Rows-1:0]              st_illegal, mv_illegal;  // format not a PE input format
  logic      [Rows-1:0]              st_bad, mv_bad;          // ... on a valid element
  logic      [Cols-1:0][31:0]        array_out;
  meta_t                             meta_in, meta_out;

  logic                 error_d, error_q;
  logic [InflightW-1:0] inflight_d, inflight_q;

  ////////////////////////
  // Handshake, banks   //
  ////////////////////////

  assign en       = !(out_valid_o && !out_ready_i);
  assign st_fire  = st_valid_i && st_ready_o;
  assign mv_fire  = mv_valid_i && mv_ready_o;
  assign out_fire = out_valid_o && out_ready_i;

  te_bank_ctrl #(
    .Cols(Cols)
  ) u_bank_ctrl (
    .clk_i        (clk_i),
    .rst_ni       (rst_ni),
    .en_i         (en),
    .st_valid_i   (st_valid_i),
    .st_last_i    (st_last_i),
    .st_ready_o   (st_ready_o),
    .st_bank_o    (st_bank),
    .st_col_o     (st_col),
    .st_overflow_o(st_overflow),
    .mv_valid_i   (mv_valid_i),
    .mv_last_i    (mv_last_i),
    .mv_ready_o   (mv_ready_o),
    .mv_bank_o    (mv_bank),
    .mv_cols_o    (mv_cols),
    .busy_o       (banks_busy)
  );

  // K outside 1..Rows is an error; clamping keeps the array's behaviour defined.
  assign rows_bad = (st_rows_i == '0) || (st_rows_i > RowCountW'(Rows));
  assign rows_eff = (st_rows_i == '0) ? RowCountW'(1) :
                    (st_rows_i > RowCountW'(Rows)) ? RowCountW'(Rows) : st_rows_i;

  ////////////////////////
  // Lanes and skew     //
  ////////////////////////

  for (genvar k = 0; k < Rows; k++) begin : g_lane
    assign st_lane[k] = '{
      valid:  st_fire && !st_overflow,
      bank:   st_bank,
      col:    st_col,
      active: RowCountW'(k) < rows_eff,
      fmt:    st_fmt_i,
      bits:   st_data_i[k]
    };
    assign mv_lane[k] = '{
      valid: mv_fire,
      bank:  mv_bank,
      fmt:   mv_fmt_i,
      bits:  mv_data_i[k]
    };
  end

  te_skew #(
    .Lanes  (Rows),
    .Width  ($bits(st_lane_t)),
    .Reverse(1'b0),
    .Offset (1)
  ) u_st_skew (
    .clk_i (clk_i),
    .rst_ni(rst_ni),
    .en_i  (en),
    .data_i(st_lane),
    .data_o(st_lane_sk)
  );

  te_skew #(
    .Lanes  (Rows),
    .Width  ($bits(mv_lane_t)),
    .Reverse(1'b0),
    .Offset (1)
  ) u_mv_skew (
    .clk_i (clk_i),
    .rst_ni(rst_ni),
    .en_i  (en),
    .data_i(mv_lane),
    .data_o(mv_lane_sk)
  );

  ////////////////////////
  // Array edge         //
  ////////////////////////

  // Decode each row's operands once here rather than in every PE of the row.
  for (genvar k = 0; k < Rows; k++) begin : g_edge
    pe_operand_t st_op, mv_op;

    fp_unpack u_st_unpack (
      .bits_i       (st_lane_sk[k].bits),
      .fmt_i        (st_lane_sk[k].fmt),
      .op_o         (st_op),
      .fmt_illegal_o(st_illegal[k])
    );

    fp_unpack u_mv_unpack (
      .bits_i       (mv_lane_sk[k].bits),
      .fmt_i        (mv_lane_sk[k].fmt),
      .op_o         (mv_op),
      .fmt_illegal_o(mv_illegal[k])
    );

    assign wt_tok[k] = '{
      valid:  st_lane_sk[k].valid,
      bank:   st_lane_sk[k].bank,
      active: st_lane_sk[k].active,
      op:     st_op
    };
    assign wt_col[k] = st_lane_sk[k].col;
    assign st_bad[k] = st_lane_sk[k].valid && st_illegal[k];
    assign mv_bad[k] = mv_lane_sk[k].valid && mv_illegal[k];
    assign mv_tok[k] = '{
      valid: mv_lane_sk[k].valid,
      bank:  mv_lane_sk[k].bank,
      op:    mv_op
    };
  end

  pe_array #(
    .Rows(Rows),
    .Cols(Cols)
  ) u_array (
    .clk_i   (clk_i),
    .rst_ni  (rst_ni),
    .en_i    (en),
    .mv_i    (mv_tok),
    .wt_i    (wt_tok),
    .wt_col_i(wt_col),
    .psum_o  (array_out)
  );

  ////////////////////////
  // Output             //
  ////////////////////////

  te_skew #(
    .Lanes  (Cols),
    .Width  (32),
    .Reverse(1'b1),
    .Offset (0)
  ) u_deskew (
    .clk_i (clk_i),
    .rst_ni(rst_ni),
    .en_i  (en),
    .data_i(array_out),
    .data_o(out_data_o)
  );

  assign meta_in = '{
    valid:      mv_fire,
    psum_row:   mv_psum_row_i,
    accumulate: mv_accumulate_i,
    cols:       mv_cols
  };

  te_delay_line #(
    .Width($bits(meta_t)),
    .Depth(Latency)
  ) u_meta (
    .clk_i (clk_i),
    .rst_ni(rst_ni),
    .en_i  (en),
    .data_i(meta_in),
    .data_o(meta_out)
  );

  assign out_valid_o      = meta_out.valid;
  assign out_psum_row_o   = meta_out.psum_row;
  assign out_accumulate_o = meta_out.accumulate;
  for (genvar m = 0; m < Cols; m++) begin : g_mask
    assign out_col_mask_o[m] = ColCountW'(m) < meta_out.cols;
  end

  ////////////////////////
  // Status             //
  ////////////////////////

  // Moving beats accepted but not yet delivered; at most Latency of them fit in the pipeline.
  always_comb begin
    inflight_d = inflight_q;
    unique case ({mv_fire, out_fire})
      2'b10:   inflight_d = inflight_q + 1'b1;
      2'b01:   inflight_d = inflight_q - 1'b1;
      default: inflight_d = inflight_q;
    endcase
  end

  assign error_d = error_q
                 || (st_fire && rows_bad)
                 || st_overflow
                 || (st_bad != '0)
                 || (mv_bad != '0);

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      error_q    <= 1'b0;
      inflight_q <= '0;
    end else begin
      error_q    <= error_d;
      inflight_q <= inflight_d;
    end
  end

  assign busy_o  = banks_busy || (inflight_q != '0);
  assign error_o = error_q;

`ifdef TESSEL_ASSERTS
  // Immediate assertions sampled at the clock edge, outside reset (see te_bank_ctrl).
  always_ff @(posedge clk_i or negedge rst_ni) begin : p_assert
    if (rst_ni) begin
      InflightBounded: assert (inflight_q <= InflightW'(Latency))
        else $error("tensor_engine: %0d beats in flight, pipeline holds %0d", inflight_q, Latency);
      OutHasBeat: assert (!out_valid_o || (inflight_q != '0))
        else $error("tensor_engine: output beat without an accepted moving beat");
    end
  end
`endif

endmodule
