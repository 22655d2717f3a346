// Copyright Tessel contributors.
// Licensed under the Apache License, Version 2.0.
//
// Test top of the tensor executor: tensor_exec on its own SBUF and PSUM. The test issues encoded
// MATMUL words (decoded here with the ISA package's decoder, as the sequencer does), preloads and
// disturbs the SBUF through its DMA port (DMA reads contend with the stationary stream on er1)
// and reads the results through the PSUM read port.
module tensor_exec_top
  import tessel_config_pkg::*;
  import tessel_isa_pkg::*;
#(
  localparam int unsigned Rows     = NumRows,
  localparam int unsigned Cols     = NumCols,
  localparam int unsigned Words    = SbufBytesPerPartition / 8,
  localparam int unsigned WordW    = $clog2(Words),
  localparam int unsigned AddrW    = WordW + 3,
  localparam int unsigned PartW    = Rows > 1 ? $clog2(Rows) : 1,
  localparam int unsigned PsumRowW = $clog2(PsumBanks * PsumBankEntries),
  localparam int unsigned MacsW    = $clog2(Rows * Cols + 1)
) (
  input  logic                  clk_i,
  input  logic                  rst_ni,
  // issue: one encoded instruction (64 bytes, word 0 first) and its address
  input  logic                  issue_valid_i,
  output logic                  issue_ready_o,
  input  instr_words_t          issue_words_i,
  input  logic [47:0]           issue_addr_i,
  // completion
  output logic                  done_valid_o,
  output logic [5:0]            done_sem_o,
  output logic [7:0]            done_inc_o,
  output logic [47:0]           done_addr_o,
  output logic                  idle_o,
  // SBUF DMA port
  input  logic                  dma_req_i,
  output logic                  dma_gnt_o,
  input  logic                  dma_we_i,
  input  logic [PartW-1:0]      dma_part_i,
  input  logic [WordW-1:0]      dma_word_i,
  input  logic [7:0]            dma_be_i,
  input  logic [63:0]           dma_wdata_i,
  output logic                  dma_rvalid_o,
  output logic [63:0]           dma_rdata_o,
  // PSUM read port (combinational)
  input  logic [PsumRowW-1:0]   psum_rd_row_i,
  output logic [Cols-1:0][31:0] psum_rd_data_o,
  // performance and status
  output logic [MacsW-1:0]      macs_o,
  output logic                  busy_o,
  output logic                  stall_o,
  output logic [31:0]           stall_er1_o,    // er1 request cycles refused (DMA won)
  output logic                  mv_beat_o,      // a moving read was issued (er0 request)
  output logic                  error_o         // sticky: a PSUM write beyond the memory
);

  logic                  er0_req, er0_gnt, er0_rvalid, er1_req, er1_gnt, er1_rvalid;
  logic [AddrW-1:0]      er0_addr, er1_addr;
  logic [1:0]            er0_size, er1_size;
  logic [Rows-1:0][31:0] er0_rdata, er1_rdata;
  logic                  wr_en, wr_acc, wr_error, ew_gnt_unused;
  logic [PsumRowW-1:0]   wr_row;
  logic [Cols-1:0]       wr_mask;
  logic [Cols-1:0][31:0] wr_data;
  logic [31:0]           stall_ew_unused, stall_dma_unused;
  logic [63:0]           psum_dma_unused;

  tensor_exec u_exec (
    .clk_i               (clk_i),
    .rst_ni              (rst_ni),
    .issue_valid_i       (issue_valid_i),
    .issue_ready_o       (issue_ready_o),
    .issue_instr_i       (decode_instr(issue_words_i)),
    .issue_addr_i        (issue_addr_i),
    .done_valid_o        (done_valid_o),
    .done_sem_o          (done_sem_o),
    .done_inc_o          (done_inc_o),
    .done_addr_o         (done_addr_o),
    .idle_o              (idle_o),
    .er0_req_o           (er0_req),
    .er0_gnt_i           (er0_gnt),
    .er0_addr_o          (er0_addr),
    .er0_size_o          (er0_size),
    .er0_rvalid_i        (er0_rvalid),
    .er0_rdata_i         (er0_rdata),
    .er1_req_o           (er1_req),
    .er1_gnt_i           (er1_gnt),
    .er1_addr_o          (er1_addr),
    .er1_size_o          (er1_size),
    .er1_rvalid_i        (er1_rvalid),
    .er1_rdata_i         (er1_rdata),
    .psum_wr_en_o        (wr_en),
    .psum_wr_row_o       (wr_row),
    .psum_wr_acc_o(wr_acc),
    .psum_wr_mask_o      (wr_mask),
    .psum_wr_data_o      (wr_data),
    .macs_o              (macs_o),
    .busy_o              (busy_o),
    .stall_o             (stall_o)
  );

  sbuf u_sbuf (
    .clk_i       (clk_i),
    .rst_ni      (rst_ni),
    .er0_req_i   (er0_req),
    .er0_gnt_o   (er0_gnt),
    .er0_addr_i  (er0_addr),
    .er0_size_i  (er0_size),
    .er0_rvalid_o(er0_rvalid),
    .er0_rdata_o (er0_rdata),
    .er1_req_i   (er1_req),
    .er1_gnt_o   (er1_gnt),
    .er1_addr_i  (er1_addr),
    .er1_size_i  (er1_size),
    .er1_rvalid_o(er1_rvalid),
    .er1_rdata_o (er1_rdata),
    .ew_req_i    (1'b0),
    .ew_gnt_o    (ew_gnt_unused),
    .ew_addr_i   ('0),
    .ew_size_i   ('0),
    .ew_mask_i   ('0),
    .ew_wdata_i  ('0),
    .dma_req_i   (dma_req_i),
    .dma_gnt_o   (dma_gnt_o),
    .dma_we_i    (dma_we_i),
    .dma_part_i  (dma_part_i),
    .dma_word_i  (dma_word_i),
    .dma_be_i    (dma_be_i),
    .dma_wdata_i (dma_wdata_i),
    .dma_rvalid_o(dma_rvalid_o),
    .dma_rdata_o (dma_rdata_o),
    .stall_er1_o (stall_er1_o),
    .stall_ew_o  (stall_ew_unused),
    .stall_dma_o (stall_dma_unused)
  );

  psum u_psum (
    .clk_i          (clk_i),
    .wr_en_i        (wr_en),
    .wr_row_i       (wr_row),
    .wr_accumulate_i(wr_acc),
    .wr_mask_i      (wr_mask),
    .wr_data_i      (wr_data),
    .wr_error_o     (wr_error),
    .rd_row_i       (psum_rd_row_i),
    .rd_data_o      (psum_rd_data_o),
    .dma_rd_part_i  ('0),
    .dma_rd_word_i  ('0),
    .dma_rd_data_o  (psum_dma_unused)
  );

  logic error_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      error_q <= 1'b0;
    end else if (wr_error) begin
      error_q <= 1'b1;
    end
  end

  assign error_o   = error_q;
  assign mv_beat_o = er0_req;

  // The SBUF write port, the DMA-side counters and PSUM's DMA read port are not exercised here.
  logic unused;
  assign unused = ^{ew_gnt_unused, stall_ew_unused, stall_dma_unused, psum_dma_unused};

endmodule
