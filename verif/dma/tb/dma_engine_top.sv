// Copyright Tessel contributors.
// Licensed under the Apache License, Version 2.0.
//
// Test top for the DMA engine: dma_engine on the SBUF and PSUM, its channels' AXI4 masters
// joined by axi_mux into one flat port for the C++ memory model. The test issues instruction
// words (decoded here with the ISA package's decoder, as the sequencer does), preloads and reads
// back the SBUF through its engine ports and PSUM through its write and read ports.
`include "tessel_axi_flat.svh"

module dma_engine_top
  import tessel_config_pkg::*;
#(
  localparam int unsigned NumParts    = NumRows,
  localparam int unsigned Bytes       = SbufBytesPerPartition,
  localparam int unsigned Entries     = PsumBanks * PsumBankEntries,
  localparam int unsigned NumChannels = 2,
  localparam int unsigned SbWordW     = $clog2(Bytes / 8),
  localparam int unsigned AddrW       = SbWordW + 3,
  localparam int unsigned SbPartW     = NumParts > 1 ? $clog2(NumParts) : 1,
  localparam int unsigned RowW        = $clog2(Entries),
  localparam int unsigned PsPartW     = NumCols > 1 ? $clog2(NumCols) : 1
) (
  input  logic                                clk_i,
  input  logic                                rst_ni,
  // issue
  input  logic                                issue_valid_i,
  output logic                                issue_ready_o,
  input  tessel_isa_pkg::instr_words_t        issue_words_i,
  input  logic [47:0]                         issue_addr_i,
  output logic                                done_valid_o,
  output logic [5:0]                          done_sem_o,
  output logic [7:0]                          done_inc_o,
  output logic [47:0]                         done_addr_o,
  output logic                                idle_o,
  output logic                                err_valid_o,
  output logic [47:0]                         err_addr_o,
  output logic [7:0]                          bytes_written_o,
  output logic                                busy_o,
  output logic [NumChannels-1:0]              chan_active_o,
  // SBUF engine ports (preload, read back, contention)
  input  logic                                er0_req_i,
  input  logic [AddrW-1:0]                    er0_addr_i,
  output logic                                er0_rvalid_o,
  output logic [NumParts-1:0][31:0]           er0_rdata_o,
  input  logic                                er1_req_i,
  input  logic [AddrW-1:0]                    er1_addr_i,
  input  logic                                ew_req_i,
  output logic                                ew_gnt_o,
  input  logic [AddrW-1:0]                    ew_addr_i,
  input  logic [NumParts-1:0]                 ew_mask_i,
  input  logic [NumParts-1:0][31:0]           ew_wdata_i,
  output logic [31:0]                         stall_dma_o,
  // PSUM preload and read back
  input  logic                                psum_wr_en_i,
  input  logic [RowW-1:0]                     psum_wr_row_i,
  input  logic [NumCols-1:0][31:0]            psum_wr_data_i,
  input  logic [RowW-1:0]                     psum_rd_row_i,
  output logic [NumCols-1:0][31:0]            psum_rd_data_o,
  // device memory
  `TESSEL_AXI4_MASTER_PORTS(m_axi)
);

  tessel_isa_pkg::instr_t instr;
  assign instr = tessel_isa_pkg::decode_instr(issue_words_i);

  tessel_axi_pkg::axi_req_t [NumChannels-1:0] ch_req;
  tessel_axi_pkg::axi_rsp_t [NumChannels-1:0] ch_rsp;
  tessel_axi_pkg::axi_req_t                   axi_req;
  tessel_axi_pkg::axi_rsp_t                   axi_rsp;

  logic                sb_req, sb_gnt, sb_we, sb_rvalid;
  logic [SbPartW-1:0]  sb_part;
  logic [SbWordW-1:0]  sb_word;
  logic [7:0]          sb_be;
  logic [63:0]         sb_wdata, sb_rdata, ps_rd_data;
  logic [PsPartW-1:0]  ps_rd_part;
  logic [RowW-2:0]     ps_rd_word;

  dma_engine #(
    .NumChannels(NumChannels)
  ) u_dma (
    .clk_i          (clk_i),
    .rst_ni         (rst_ni),
    .restart_i      (1'b0),
    .issue_valid_i  (issue_valid_i),
    .issue_ready_o  (issue_ready_o),
    .issue_instr_i  (instr),
    .issue_addr_i   (issue_addr_i),
    .done_valid_o   (done_valid_o),
    .done_sem_o     (done_sem_o),
    .done_inc_o     (done_inc_o),
    .done_addr_o    (done_addr_o),
    .idle_o         (idle_o),
    .err_valid_o    (err_valid_o),
    .err_addr_o     (err_addr_o),
    .axi_req_o      (ch_req),
    .axi_rsp_i      (ch_rsp),
    .sbuf_req_o     (sb_req),
    .sbuf_gnt_i     (sb_gnt),
    .sbuf_we_o      (sb_we),
    .sbuf_part_o    (sb_part),
    .sbuf_word_o    (sb_word),
    .sbuf_be_o      (sb_be),
    .sbuf_wdata_o   (sb_wdata),
    .sbuf_rvalid_i  (sb_rvalid),
    .sbuf_rdata_i   (sb_rdata),
    .psum_rd_part_o (ps_rd_part),
    .psum_rd_word_o (ps_rd_word),
    .psum_rd_data_i (ps_rd_data),
    .bytes_written_o(bytes_written_o),
    .busy_o         (busy_o),
    .chan_active_o  (chan_active_o)
  );

  axi_mux #(
    .NumPorts(NumChannels)
  ) u_mux (
    .clk_i    (clk_i),
    .rst_ni   (rst_ni),
    .slv_req_i(ch_req),
    .slv_rsp_o(ch_rsp),
    .mst_req_o(axi_req),
    .mst_rsp_i(axi_rsp)
  );

  `TESSEL_AXI4_MASTER_ASSIGN(m_axi, axi_req, axi_rsp)

  logic                      er0_gnt, er1_gnt, er1_rvalid, psum_wr_error;
  logic [NumParts-1:0][31:0] er1_rdata;
  logic [31:0]               stall_er1, stall_ew;

  sbuf u_sbuf (
    .clk_i       (clk_i),
    .rst_ni      (rst_ni),
    .er0_req_i   (er0_req_i),
    .er0_gnt_o   (er0_gnt),
    .er0_addr_i  (er0_addr_i),
    .er0_size_i  (2'd2),
    .er0_rvalid_o(er0_rvalid_o),
    .er0_rdata_o (er0_rdata_o),
    .er1_req_i   (er1_req_i),
    .er1_gnt_o   (er1_gnt),
    .er1_addr_i  (er1_addr_i),
    .er1_size_i  (2'd2),
    .er1_rvalid_o(er1_rvalid),
    .er1_rdata_o (er1_rdata),
    .ew_req_i    (ew_req_i),
    .ew_gnt_o    (ew_gnt_o),
    .ew_addr_i   (ew_addr_i),
    .ew_size_i   (2'd2),
    .ew_mask_i   (ew_mask_i),
    .ew_wdata_i  (ew_wdata_i),
    .dma_req_i   (sb_req),
    .dma_gnt_o   (sb_gnt),
    .dma_we_i    (sb_we),
    .dma_part_i  (sb_part),
    .dma_word_i  (sb_word),
    .dma_be_i    (sb_be),
    .dma_wdata_i (sb_wdata),
    .dma_rvalid_o(sb_rvalid),
    .dma_rdata_o (sb_rdata),
    .stall_er1_o (stall_er1),
    .stall_ew_o  (stall_ew),
    .stall_dma_o (stall_dma_o)
  );

  psum u_psum (
    .clk_i          (clk_i),
    .wr_en_i        (psum_wr_en_i),
    .wr_row_i       (psum_wr_row_i),
    .wr_accumulate_i(1'b0),
    .wr_mask_i      ('1),
    .wr_data_i      (psum_wr_data_i),
    .wr_error_o     (psum_wr_error),
    .rd_row_i       (psum_rd_row_i),
    .rd_data_o      (psum_rd_data_o),
    .dma_rd_part_i  (ps_rd_part),
    .dma_rd_word_i  (ps_rd_word),
    .dma_rd_data_o  (ps_rd_data)
  );

  // Contention traffic and counters the test does not look at.
  logic unused;
  assign unused = ^{er0_gnt, er1_gnt, er1_rvalid, er1_rdata, stall_er1, stall_ew, psum_wr_error};

endmodule
