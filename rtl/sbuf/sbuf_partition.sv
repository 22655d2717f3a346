// Copyright Tessel contributors.
// Licensed under the Apache License, Version 2.0.
//
// One SBUF partition: Words x 64-bit words with two read ports and one write port with byte
// enables (a 2R1W SRAM macro in silicon). Reads are synchronous: data appears the cycle after
// the enable, and a read of the word being written in the same cycle returns the old contents.
// Contents are not reset (X, random under --x-initial unique) like any SRAM.
//
// Each partition is its own module and its own array, so the trn configuration (128 x 24576
// words) stays 128 modest memories for Verilator instead of one 24 MiB flattened vector.
// A word index beyond the memory (BytesPerPart need not be a power of two) writes nothing and
// reads as zero; the SBUF's requesters check their addresses before issuing.
module sbuf_partition #(
  parameter  int unsigned Words = 512,
  localparam int unsigned WordW = $clog2(Words)
) (
  input  logic             clk_i,
  input  logic             rd0_en_i,
  input  logic [WordW-1:0] rd0_word_i,
  output logic [63:0]      rd0_data_o,
  input  logic             rd1_en_i,
  input  logic [WordW-1:0] rd1_word_i,
  output logic [63:0]      rd1_data_o,
  input  logic             wr_en_i,
  input  logic [WordW-1:0] wr_word_i,
  input  logic [7:0]       wr_be_i,
  input  logic [63:0]      wr_data_i
);

  logic [63:0] mem_q [Words];
  logic [63:0] rd0_data_q, rd1_data_q, wr_bits, wr_word_d;
  logic        rd0_ok, rd1_ok, wr_ok;

  // Every index exists when Words is a power of two; comparing would be constant.
  if (Words == (1 << WordW)) begin : g_full_range
    assign rd0_ok = 1'b1;
    assign rd1_ok = 1'b1;
    assign wr_ok  = 1'b1;
  end else begin : g_partial_range
    assign rd0_ok = rd0_word_i < WordW'(Words);
    assign rd1_ok = rd1_word_i < WordW'(Words);
    assign wr_ok  = wr_word_i < WordW'(Words);
  end

  for (genvar b = 0; b < 8; b++) begin : g_be
    assign wr_bits[8*b +: 8] = {8{wr_be_i[b]}};
  end
  assign wr_word_d = (mem_q[wr_word_i] & ~wr_bits) | (wr_data_i & wr_bits);

  // The memory array and read registers: no reset, like the SRAM they stand for.
  always_ff @(posedge clk_i) begin
    if (wr_en_i && wr_ok) begin
      mem_q[wr_word_i] <= wr_word_d;
    end
    if (rd0_en_i) begin
      rd0_data_q <= rd0_ok ? mem_q[rd0_word_i] : '0;
    end
    if (rd1_en_i) begin
      rd1_data_q <= rd1_ok ? mem_q[rd1_word_i] : '0;
    end
  end

  assign rd0_data_o = rd0_data_q;
  assign rd1_data_o = rd1_data_q;

endmodule
