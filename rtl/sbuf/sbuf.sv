// Copyright Tessel contributors.
// Licensed under the Apache License, Version 2.0.
//
// SBUF, the state buffer (docs/memories.md): NumParts partitions of BytesPerPart bytes, each
// byte-addressable, built from one 2R1W memory of 64-bit words per partition (sbuf_partition).
//
// Ports (all requests are valid/grant: a requester holds its request until granted; reads answer
// exactly one cycle after the grant with a one-cycle rvalid pulse, which the requester must take):
//   er0  engine read 0: one element (1, 2 or 4 bytes) from the same byte offset of every
//        partition. Owns memory read port 0, so it is never stalled (the tensor engine's moving
//        stream, which must not bubble).
//   er1  engine read 1: the same, for a second stream (the tensor engine's stationary load in the
//        background, later the vector/scalar engines). Shares memory read port 1 with DMA reads.
//   ew   engine write: one element to the same byte offset of every partition in ew_mask_i.
//        Shares the memory write port with DMA writes.
//   dma  one partition's 64-bit word, read, or written with byte enables.
// Conflicts: er1 vs a DMA read, and ew vs a DMA write, are decided per port by a round-robin
// arbiter (sbuf_arb), whatever partitions the two touch. Each stalled request cycle (request
// without grant) counts in that port's stall counter (32 bits, wrapping); er0 cannot stall.
//
// Element addresses are byte offsets within a partition and must be aligned to the element
// size (the ISA requires natural alignment); the low bits below the element size are ignored.
// A read and a write of the same word in the same cycle read the old contents.
module sbuf
  import tessel_config_pkg::*;
#(
  parameter  int unsigned NumParts     = NumRows,
  parameter  int unsigned BytesPerPart = SbufBytesPerPartition,
  localparam int unsigned Words        = BytesPerPart / 8,
  localparam int unsigned WordW        = $clog2(Words),
  localparam int unsigned AddrW        = WordW + 3,
  localparam int unsigned PartW        = NumParts > 1 ? $clog2(NumParts) : 1
) (
  input  logic                      clk_i,
  input  logic                      rst_ni,
  // engine read 0 (never stalls)
  input  logic                      er0_req_i,
  output logic                      er0_gnt_o,
  input  logic [AddrW-1:0]          er0_addr_i,   // byte offset in every partition
  input  logic [1:0]                er0_size_i,   // log2 of the element bytes: 0, 1 or 2
  output logic                      er0_rvalid_o,
  output logic [NumParts-1:0][31:0] er0_rdata_o,  // element, zero-extended
  // engine read 1
  input  logic                      er1_req_i,
  output logic                      er1_gnt_o,
  input  logic [AddrW-1:0]          er1_addr_i,
  input  logic [1:0]                er1_size_i,
  output logic                      er1_rvalid_o,
  output logic [NumParts-1:0][31:0] er1_rdata_o,
  // engine write
  input  logic                      ew_req_i,
  output logic                      ew_gnt_o,
  input  logic [AddrW-1:0]          ew_addr_i,
  input  logic [1:0]                ew_size_i,
  input  logic [NumParts-1:0]       ew_mask_i,    // partitions written
  input  logic [NumParts-1:0][31:0] ew_wdata_i,   // element in the low bits
  // DMA: one partition's word
  input  logic                      dma_req_i,
  output logic                      dma_gnt_o,
  input  logic                      dma_we_i,
  input  logic [PartW-1:0]          dma_part_i,
  input  logic [WordW-1:0]          dma_word_i,
  input  logic [7:0]                dma_be_i,
  input  logic [63:0]               dma_wdata_i,
  output logic                      dma_rvalid_o,
  output logic [63:0]               dma_rdata_o,
  // performance counters: request cycles without a grant
  output logic [31:0]               stall_er1_o,
  output logic [31:0]               stall_ew_o,
  output logic [31:0]               stall_dma_o
);

  // ---- arbitration ------------------------------------------------------------------------------
  logic dma_rd_req, dma_wr_req, dma_rd_gnt, dma_wr_gnt, er1_gnt, ew_gnt;

  assign dma_rd_req = dma_req_i && !dma_we_i;
  assign dma_wr_req = dma_req_i && dma_we_i;

  sbuf_arb u_rd1_arb (
    .clk_i  (clk_i),
    .rst_ni (rst_ni),
    .a_req_i(er1_req_i),
    .b_req_i(dma_rd_req),
    .a_gnt_o(er1_gnt),
    .b_gnt_o(dma_rd_gnt)
  );

  sbuf_arb u_wr_arb (
    .clk_i  (clk_i),
    .rst_ni (rst_ni),
    .a_req_i(ew_req_i),
    .b_req_i(dma_wr_req),
    .a_gnt_o(ew_gnt),
    .b_gnt_o(dma_wr_gnt)
  );

  assign er0_gnt_o = 1'b1;
  assign er1_gnt_o = er1_gnt;
  assign ew_gnt_o  = ew_gnt;
  assign dma_gnt_o = dma_rd_gnt || dma_wr_gnt;

  // ---- engine write: the element placed in its byte lanes ---------------------------------------
  logic [7:0]  ew_be;
  logic [2:0]  ew_offset;
  logic [63:0] ew_elem_bits;

  always_comb begin
    ew_be        = 8'h0f;
    ew_elem_bits = 64'h0000_0000_ffff_ffff;
    ew_offset    = {ew_addr_i[2], 2'b00};
    unique case (ew_size_i)
      2'd0: begin
        ew_be        = 8'h01;
        ew_elem_bits = 64'h0000_0000_0000_00ff;
        ew_offset    = ew_addr_i[2:0];
      end
      2'd1: begin
        ew_be        = 8'h03;
        ew_elem_bits = 64'h0000_0000_0000_ffff;
        ew_offset    = {ew_addr_i[2:1], 1'b0};
      end
      default: ;  // 2 (and 3, treated as 2): four bytes
    endcase
  end

  // ---- the partitions ---------------------------------------------------------------------------
  logic [NumParts-1:0][63:0] rd0_data, rd1_data;

  for (genvar p = 0; p < NumParts; p++) begin : g_part
    logic             dma_here, rd1_en, wr_en;
    logic [WordW-1:0] rd1_word, wr_word;
    logic [7:0]       wr_be;
    logic [63:0]      wr_data;

    assign dma_here = dma_part_i == PartW'(p);
    assign rd1_en   = er1_gnt || (dma_rd_gnt && dma_here);
    assign rd1_word = er1_gnt ? er1_addr_i[AddrW-1:3] : dma_word_i;
    assign wr_en    = (ew_gnt && ew_mask_i[p]) || (dma_wr_gnt && dma_here);
    assign wr_word  = ew_gnt ? ew_addr_i[AddrW-1:3] : dma_word_i;
    assign wr_be    = ew_gnt ? ew_be << ew_offset : dma_be_i;
    assign wr_data  = ew_gnt ? (64'(ew_wdata_i[p]) & ew_elem_bits) << {ew_offset, 3'b000}
                             : dma_wdata_i;

    sbuf_partition #(
      .Words(Words)
    ) u_mem (
      .clk_i     (clk_i),
      .rd0_en_i  (er0_req_i),
      .rd0_word_i(er0_addr_i[AddrW-1:3]),
      .rd0_data_o(rd0_data[p]),
      .rd1_en_i  (rd1_en),
      .rd1_word_i(rd1_word),
      .rd1_data_o(rd1_data[p]),
      .wr_en_i   (wr_en),
      .wr_word_i (wr_word),
      .wr_be_i   (wr_be),
      .wr_data_i (wr_data)
    );
  end

  // ---- read responses ---------------------------------------------------------------------------
  // What each granted read needs one cycle later to pick its element or partition.
  logic             er0_rvalid_q, er1_rvalid_q, dma_rvalid_q;
  logic [2:0]       er0_offset_q, er1_offset_q;
  logic [1:0]       er0_size_q, er1_size_q;
  logic [PartW-1:0] dma_part_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      er0_rvalid_q <= 1'b0;
      er1_rvalid_q <= 1'b0;
      dma_rvalid_q <= 1'b0;
      er0_offset_q <= '0;
      er1_offset_q <= '0;
      er0_size_q   <= '0;
      er1_size_q   <= '0;
      dma_part_q   <= '0;
    end else begin
      er0_rvalid_q <= er0_req_i;
      er1_rvalid_q <= er1_gnt;
      dma_rvalid_q <= dma_rd_gnt;
      if (er0_req_i) begin
        er0_offset_q <= er0_addr_i[2:0];
        er0_size_q   <= er0_size_i;
      end
      if (er1_gnt) begin
        er1_offset_q <= er1_addr_i[2:0];
        er1_size_q   <= er1_size_i;
      end
      if (dma_rd_gnt) begin
        dma_part_q <= dma_part_i;
      end
    end
  end

  for (genvar p = 0; p < NumParts; p++) begin : g_elem
    sbuf_elem_select u_er0_sel (
      .word_i  (rd0_data[p]),
      .offset_i(er0_offset_q),
      .size_i  (er0_size_q),
      .elem_o  (er0_rdata_o[p])
    );
    sbuf_elem_select u_er1_sel (
      .word_i  (rd1_data[p]),
      .offset_i(er1_offset_q),
      .size_i  (er1_size_q),
      .elem_o  (er1_rdata_o[p])
    );
  end

  assign er0_rvalid_o = er0_rvalid_q;
  assign er1_rvalid_o = er1_rvalid_q;
  assign dma_rvalid_o = dma_rvalid_q;
  assign dma_rdata_o  = rd1_data[dma_part_q];

  // ---- stall counters ---------------------------------------------------------------------------
  logic [31:0] stall_er1_q, stall_ew_q, stall_dma_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      stall_er1_q <= '0;
      stall_ew_q  <= '0;
      stall_dma_q <= '0;
    end else begin
      stall_er1_q <= stall_er1_q + 32'(er1_req_i && !er1_gnt);
      stall_ew_q  <= stall_ew_q + 32'(ew_req_i && !ew_gnt);
      stall_dma_q <= stall_dma_q + 32'(dma_req_i && !dma_gnt_o);
    end
  end

  assign stall_er1_o = stall_er1_q;
  assign stall_ew_o  = stall_ew_q;
  assign stall_dma_o = stall_dma_q;

endmodule
