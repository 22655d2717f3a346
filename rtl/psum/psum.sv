// Copyright Tessel contributors.
// Licensed under the Apache License, Version 2.0.
//
// PSUM, the partial-sum memory of the tensor engine (docs/tensor-engine.md).
//
// Cols partitions (one per PE column) x Banks*BankEntries FP32 rows; flat row address
// = bank * BankEntries + n. The write port takes one tensor-engine output beat per cycle and, for
// each column in wr_mask_i, either overwrites the entry or accumulates into it with one IEEE
// binary32 addition: psum = fp32_add(psum, result). The read-modify-write happens within the
// cycle on a register array, so back-to-back beats to the same row need no forwarding here; a
// silicon PSUM built from SRAM would pipeline read, add and write and forward in-flight sums.
//
// The read port is combinational (for the testbench and, later, the engines that drain PSUM);
// so is the DMA read port, one partition's 64-bit word (the DMA engine registers it).
// Contents are not reset: they start as X (random under Verilator's --x-initial unique), and
// every user writes a row before reading it. A write to a row beyond the memory writes nothing
// and raises wr_error_o.
module psum
  import tessel_config_pkg::*;
#(
  parameter  int unsigned Cols        = NumCols,
  parameter  int unsigned Banks       = PsumBanks,
  parameter  int unsigned BankEntries = PsumBankEntries,
  localparam int unsigned Entries     = Banks * BankEntries,
  localparam int unsigned RowW        = $clog2(Entries),
  localparam int unsigned PartW       = Cols > 1 ? $clog2(Cols) : 1
) (
  input  logic                  clk_i,
  // write port: one result beat
  input  logic                  wr_en_i,
  input  logic [RowW-1:0]       wr_row_i,
  input  logic                  wr_accumulate_i,  // 1: psum += data, 0: psum = data
  input  logic [Cols-1:0]       wr_mask_i,        // columns to write
  input  logic [Cols-1:0][31:0] wr_data_i,
  output logic                  wr_error_o,       // wr_en_i with wr_row_i beyond the memory
  // read port
  input  logic [RowW-1:0]       rd_row_i,
  output logic [Cols-1:0][31:0] rd_data_o,
  // DMA read port: one partition's 64-bit word w = FP32 entries 2w (low) and 2w+1 (high), the
  // little-endian bytes at offset 8w (banks are contiguous, so entry = byte offset / 4)
  input  logic [PartW-1:0]      dma_rd_part_i,
  input  logic [RowW-2:0]       dma_rd_word_i,
  output logic [63:0]           dma_rd_data_o
);

  logic [Cols-1:0][31:0] mem_q [Entries];
  logic [Cols-1:0][31:0] old_row, sum_row, new_row;
  logic                  wr_row_ok, rd_row_ok;

  // Every address exists when Entries is a power of two; comparing would be constant.
  if (Entries == (1 << RowW)) begin : g_full_range
    assign wr_row_ok = 1'b1;
    assign rd_row_ok = 1'b1;
  end else begin : g_partial_range
    assign wr_row_ok = wr_row_i < RowW'(Entries);
    assign rd_row_ok = rd_row_i < RowW'(Entries);
  end

  assign old_row = wr_row_ok ? mem_q[wr_row_i] : '0;

  for (genvar m = 0; m < Cols; m++) begin : g_col
    fp32_add u_add (
      .a_i  (old_row[m]),
      .b_i  (wr_data_i[m]),
      .sum_o(sum_row[m])
    );
    assign new_row[m] = !wr_mask_i[m]   ? old_row[m] :
                        wr_accumulate_i ? sum_row[m] : wr_data_i[m];
  end

  // One whole row per write, outside any loop (Verilator 5.006 limit on array writes in loops).
  always_ff @(posedge clk_i) begin
    if (wr_en_i && wr_row_ok) begin
      mem_q[wr_row_i] <= new_row;
    end
  end

  // The DMA word's two entries; a word beyond the memory reads 0, like the read port.
  logic [Cols-1:0][31:0] dma_lo_row, dma_hi_row;
  logic                  dma_word_ok;
  if (Entries == (1 << RowW)) begin : g_dma_full_range
    assign dma_word_ok = 1'b1;
  end else begin : g_dma_partial_range
    assign dma_word_ok = {dma_rd_word_i, 1'b1} < RowW'(Entries);
  end
  assign dma_lo_row    = dma_word_ok ? mem_q[{dma_rd_word_i, 1'b0}] : '0;
  assign dma_hi_row    = dma_word_ok ? mem_q[{dma_rd_word_i, 1'b1}] : '0;
  assign dma_rd_data_o = {dma_hi_row[dma_rd_part_i], dma_lo_row[dma_rd_part_i]};

  assign wr_error_o = wr_en_i && !wr_row_ok;
  assign rd_data_o  = rd_row_ok ? mem_q[rd_row_i] : '0;

endmodule
