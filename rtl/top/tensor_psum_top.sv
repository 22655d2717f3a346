// Copyright Tessel contributors.
// Licensed under the Apache License, Version 2.0.
//
// Test top of the tensor engine and PSUM (docs/tensor-engine.md): the engine's result beats go
// straight into the PSUM write port. psum_stall_i lets the testbench refuse the write port for a
// cycle, as a conflicting PSUM access would, which backpressures the whole engine. The ports are
// plain vectors so that the C++ testbench can drive them directly.
module tensor_psum_top
  import tessel_config_pkg::*;
  import tessel_fp_pkg::*;
#(
  parameter  int unsigned Rows        = NumRows,
  parameter  int unsigned Cols        = NumCols,
  parameter  int unsigned Banks       = PsumBanks,
  parameter  int unsigned BankEntries = PsumBankEntries,
  localparam int unsigned PsumRowW    = $clog2(Banks * BankEntries),
  localparam int unsigned RowCountW   = $clog2(Rows + 1)
) (
  input  logic                       clk_i,
  input  logic                       rst_ni,
  // constants so the testbench can check it was built for the configuration it expects
  output logic [31:0]                cfg_rows_o,
  output logic [31:0]                cfg_cols_o,
  output logic [31:0]                cfg_psum_banks_o,
  output logic [31:0]                cfg_psum_bank_entries_o,
  // stationary stream: one beat per stationary column m = 0..M-1 (M = beats up to st_last_i)
  input  logic                       st_valid_i,
  output logic                       st_ready_o,
  input  logic [Rows-1:0][15:0]      st_data_i,      // [k] = stationary[k][m]; FP8 in [7:0]
  input  logic [2:0]                 st_fmt_i,       // fp_format_e
  input  logic [RowCountW-1:0]       st_rows_i,      // K (1..Rows), same on every beat of a tile
  input  logic                       st_last_i,
  // moving stream: one beat per moving column n; the i-th moving tile uses the i-th stationary
  // tile (program order); mv_last_i ends the tile
  input  logic                       mv_valid_i,
  output logic                       mv_ready_o,
  input  logic [Rows-1:0][15:0]      mv_data_i,      // [k] = moving[k][n]
  input  logic [2:0]                 mv_fmt_i,
  input  logic [PsumRowW-1:0]        mv_psum_row_i,  // destination PSUM row of this beat
  input  logic                       mv_accumulate_i,  // 1: psum += result, 0: psum = result
  input  logic                       mv_last_i,
  // testbench backpressure on the PSUM write port (models a conflicting access)
  input  logic                       psum_stall_i,
  // PSUM read port (combinational)
  input  logic [PsumRowW-1:0]        psum_rd_row_i,
  output logic [Cols-1:0][31:0]      psum_rd_data_o,
  // observation
  output logic                       psum_wr_valid_o,  // a result beat is written this cycle
  output logic [PsumRowW-1:0]        psum_wr_row_o,
  output logic                       busy_o,           // any tile or beat in flight
  output logic                       error_o           // sticky: illegal operand or address
);

  logic                  out_valid, out_ready, out_accumulate, wr_en, wr_error;
  logic [Cols-1:0][31:0] out_data;
  logic [Cols-1:0]       out_col_mask;
  logic [PsumRowW-1:0]   out_psum_row;
  logic                  te_error, psum_error_q;

  assign cfg_rows_o              = 32'(Rows);
  assign cfg_cols_o              = 32'(Cols);
  assign cfg_psum_banks_o        = 32'(Banks);
  assign cfg_psum_bank_entries_o = 32'(BankEntries);

  tensor_engine #(
    .Rows    (Rows),
    .Cols    (Cols),
    .PsumRowW(PsumRowW)
  ) u_tensor_engine (
    .clk_i           (clk_i),
    .rst_ni          (rst_ni),
    .st_valid_i      (st_valid_i),
    .st_ready_o      (st_ready_o),
    .st_data_i       (st_data_i),
    .st_fmt_i        (fp_format_e'(st_fmt_i)),
    .st_rows_i       (st_rows_i),
    .st_last_i       (st_last_i),
    .mv_valid_i      (mv_valid_i),
    .mv_ready_o      (mv_ready_o),
    .mv_data_i       (mv_data_i),
    .mv_fmt_i        (fp_format_e'(mv_fmt_i)),
    .mv_psum_row_i   (mv_psum_row_i),
    .mv_accumulate_i (mv_accumulate_i),
    .mv_last_i       (mv_last_i),
    .out_valid_o     (out_valid),
    .out_ready_i     (out_ready),
    .out_data_o      (out_data),
    .out_col_mask_o  (out_col_mask),
    .out_psum_row_o  (out_psum_row),
    .out_accumulate_o(out_accumulate),
    .busy_o          (busy_o),
    .error_o         (te_error)
  );

  assign out_ready = !psum_stall_i;
  assign wr_en     = out_valid && out_ready;

  logic [63:0] psum_dma_rd_data;

  psum #(
    .Cols       (Cols),
    .Banks      (Banks),
    .BankEntries(BankEntries)
  ) u_psum (
    .clk_i          (clk_i),
    .wr_en_i        (wr_en),
    .wr_row_i       (out_psum_row),
    .wr_accumulate_i(out_accumulate),
    .wr_mask_i      (out_col_mask),
    .wr_data_i      (out_data),
    .wr_error_o     (wr_error),
    .rd_row_i       (psum_rd_row_i),
    .rd_data_o      (psum_rd_data_o),
    .dma_rd_part_i  ('0),  // no DMA in this top
    .dma_rd_word_i  ('0),
    .dma_rd_data_o  (psum_dma_rd_data)
  );
  logic unused_psum_dma;
  assign unused_psum_dma = ^psum_dma_rd_data;

  // A result beat addressed beyond PSUM is consumed but not written.
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      psum_error_q <= 1'b0;
    end else if (wr_error) begin
      psum_error_q <= 1'b1;
    end
  end

  assign psum_wr_valid_o = wr_en && !wr_error;
  assign psum_wr_row_o   = out_psum_row;
  assign error_o         = te_error || psum_error_q;

endmodule
