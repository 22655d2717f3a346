// Copyright Tessel contributors.
// Licensed under the Apache License, Version 2.0.
//
// Test top for the DMA data mover: dma_row_mover on the SBUF's DMA port, with the SBUF's engine
// ports brought out so that the test can preload (ew), check (er0) and contend (er1, ew).
`include "tessel_axi_flat.svh"

module dma_mover_top
  import tessel_config_pkg::*;
#(
  localparam int unsigned NumParts = NumRows,
  localparam int unsigned Bytes    = SbufBytesPerPartition,
  localparam int unsigned WordW    = $clog2(Bytes / 8),
  localparam int unsigned AddrW    = WordW + 3,
  localparam int unsigned LenW     = AddrW + 1,
  localparam int unsigned PartW    = NumParts > 1 ? $clog2(NumParts) : 1
) (
  input  logic                      clk_i,
  input  logic                      rst_ni,
  input  logic                      cmd_valid_i,
  output logic                      cmd_ready_o,
  input  logic                      cmd_to_dram_i,
  input  logic [47:0]               cmd_dram_addr_i,
  input  logic [PartW-1:0]          cmd_part_i,
  input  logic [AddrW-1:0]          cmd_sbuf_addr_i,
  input  logic [LenW-1:0]           cmd_bytes_i,
  output logic                      done_o,
  output logic                      done_error_o,
  output logic [1:0]                done_resp_o,
  output logic [47:0]               done_err_addr_o,
  output logic                      busy_o,
  // SBUF engine ports
  input  logic                      er0_req_i,
  input  logic [AddrW-1:0]          er0_addr_i,
  input  logic [1:0]                er0_size_i,
  output logic                      er0_rvalid_o,
  output logic [NumParts-1:0][31:0] er0_rdata_o,
  input  logic                      er1_req_i,
  output logic                      er1_gnt_o,
  input  logic [AddrW-1:0]          er1_addr_i,
  input  logic                      ew_req_i,
  output logic                      ew_gnt_o,
  input  logic [AddrW-1:0]          ew_addr_i,
  input  logic [1:0]                ew_size_i,
  input  logic [NumParts-1:0]       ew_mask_i,
  input  logic [NumParts-1:0][31:0] ew_wdata_i,
  output logic [31:0]               stall_dma_o,
  // AXI4 master, flat for the C++ memory model
  `TESSEL_AXI4_MASTER_PORTS(m_axi)
);

  logic             sb_req, sb_gnt, sb_we, sb_rvalid, er0_gnt, er1_rvalid;
  logic [PartW-1:0] sb_part;
  logic [WordW-1:0] sb_word;
  logic [7:0]       sb_be;
  logic [63:0]      sb_wdata, sb_rdata;
  logic [NumParts-1:0][31:0] er1_rdata;
  logic [31:0]      stall_er1, stall_ew;
  tessel_axi_pkg::axi_req_t axi_req;
  tessel_axi_pkg::axi_rsp_t axi_rsp;

  `TESSEL_AXI4_MASTER_ASSIGN(m_axi, axi_req, axi_rsp)

  dma_row_mover #(
    .NumParts    (NumParts),
    .BytesPerPart(Bytes)
  ) u_mover (
    .clk_i          (clk_i),
    .rst_ni         (rst_ni),
    .cmd_valid_i    (cmd_valid_i),
    .cmd_ready_o    (cmd_ready_o),
    .cmd_to_dram_i  (cmd_to_dram_i),
    .cmd_dram_addr_i(cmd_dram_addr_i),
    .cmd_part_i     (cmd_part_i),
    .cmd_sbuf_addr_i(cmd_sbuf_addr_i),
    .cmd_bytes_i    (cmd_bytes_i),
    .done_o         (done_o),
    .done_error_o   (done_error_o),
    .done_resp_o    (done_resp_o),
    .done_err_addr_o(done_err_addr_o),
    .busy_o         (busy_o),
    .sb_req_o       (sb_req),
    .sb_gnt_i       (sb_gnt),
    .sb_we_o        (sb_we),
    .sb_part_o      (sb_part),
    .sb_word_o      (sb_word),
    .sb_be_o        (sb_be),
    .sb_wdata_o     (sb_wdata),
    .sb_rvalid_i    (sb_rvalid),
    .sb_rdata_i     (sb_rdata),
    .axi_req_o      (axi_req),
    .axi_rsp_i      (axi_rsp)
  );

  sbuf u_sbuf (
    .clk_i       (clk_i),
    .rst_ni      (rst_ni),
    .er0_req_i   (er0_req_i),
    .er0_gnt_o   (er0_gnt),
    .er0_addr_i  (er0_addr_i),
    .er0_size_i  (er0_size_i),
    .er0_rvalid_o(er0_rvalid_o),
    .er0_rdata_o (er0_rdata_o),
    .er1_req_i   (er1_req_i),
    .er1_gnt_o   (er1_gnt_o),
    .er1_addr_i  (er1_addr_i),
    .er1_size_i  (2'd2),
    .er1_rvalid_o(er1_rvalid),
    .er1_rdata_o (er1_rdata),
    .ew_req_i    (ew_req_i),
    .ew_gnt_o    (ew_gnt_o),
    .ew_addr_i   (ew_addr_i),
    .ew_size_i   (ew_size_i),
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

  // The contending engine read's data and the other counters are not looked at by the test.
  logic unused_sbuf;
  assign unused_sbuf = ^{er0_gnt, er1_rvalid, er1_rdata, stall_er1, stall_ew};

endmodule
