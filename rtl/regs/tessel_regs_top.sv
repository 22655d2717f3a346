// Copyright Tessel contributors.
// Licensed under the Apache License, Version 2.0.
//
// The register block of a Tessel core: the AXI4-Lite slave adapter, the register file generated
// from rtl/regs/tessel_regs.json (docs/registers.md), and the interrupt line.
//
// The core's blocks plug in through the two structs of tessel_reg_pkg: hw2reg_i carries what the
// hardware reports (status, error cause and address, performance counters, interrupt events,
// semaphore increments), reg2hw_o what software set (control pulses, stream bases and lengths,
// semaphore values, interrupt state). The struct members are named after the registers and
// fields, so adding a register to the description adds a member here without editing this file.
//
// Interrupts: INTR_STATUS bits are set by the hardware events in hw2reg_i and by software through
// INTR_TEST; irq_o = |(INTR_STATUS & INTR_ENABLE), registered so that the line never glitches. It
// follows a register write one cycle after the write takes effect, i.e. before its B response
// completes.
`include "tessel_axi_flat.svh"

module tessel_regs_top
  import tessel_reg_pkg::*;
(
  input  logic                 clk_i,
  input  logic                 rst_ni,
  // AXI4-Lite slave: control and status registers
  `TESSEL_AXIL_SLAVE_PORTS(s_axil, AddrWidth),
  // the one interrupt line, active high, level
  output logic                 irq_o,
  // hardware side
  input  hw2reg_t              hw2reg_i,
  output reg2hw_t              reg2hw_o
);

  logic                 wr_en, wr_error, rd_en, rd_error;
  logic [AddrWidth-1:0] wr_addr, rd_addr;
  logic [31:0]          wr_data, rd_data;
  logic [3:0]           wr_strb;
  hw2reg_t              hw2reg;
  reg2hw_t              reg2hw;
  logic                 irq_d, irq_q;

  axil_slave #(
    .AddrWidth(AddrWidth)
  ) u_axil_slave (
    .clk_i     (clk_i),
    .rst_ni    (rst_ni),
    .awvalid_i (s_axil_awvalid_i),
    .awready_o (s_axil_awready_o),
    .awaddr_i  (s_axil_awaddr_i),
    .awprot_i  (s_axil_awprot_i),
    .wvalid_i  (s_axil_wvalid_i),
    .wready_o  (s_axil_wready_o),
    .wdata_i   (s_axil_wdata_i),
    .wstrb_i   (s_axil_wstrb_i),
    .bvalid_o  (s_axil_bvalid_o),
    .bready_i  (s_axil_bready_i),
    .bresp_o   (s_axil_bresp_o),
    .arvalid_i (s_axil_arvalid_i),
    .arready_o (s_axil_arready_o),
    .araddr_i  (s_axil_araddr_i),
    .arprot_i  (s_axil_arprot_i),
    .rvalid_o  (s_axil_rvalid_o),
    .rready_i  (s_axil_rready_i),
    .rdata_o   (s_axil_rdata_o),
    .rresp_o   (s_axil_rresp_o),
    .wr_en_o   (wr_en),
    .wr_addr_o (wr_addr),
    .wr_data_o (wr_data),
    .wr_strb_o (wr_strb),
    .wr_error_i(wr_error),
    .rd_en_o   (rd_en),
    .rd_addr_o (rd_addr),
    .rd_data_i (rd_data),
    .rd_error_i(rd_error)
  );

  // INTR_TEST pulses set INTR_STATUS like the hardware events do.
  always_comb begin
    hw2reg                       = hw2reg_i;
    hw2reg.intr_status.done_set  = hw2reg_i.intr_status.done_set || reg2hw.intr_test.done;
    hw2reg.intr_status.error_set = hw2reg_i.intr_status.error_set || reg2hw.intr_test.error;
  end

  tessel_reg_file u_reg_file (
    .clk_i     (clk_i),
    .rst_ni    (rst_ni),
    .wr_en_i   (wr_en),
    .wr_addr_i (wr_addr),
    .wr_data_i (wr_data),
    .wr_strb_i (wr_strb),
    .wr_error_o(wr_error),
    .rd_en_i   (rd_en),
    .rd_addr_i (rd_addr),
    .rd_data_o (rd_data),
    .rd_error_o(rd_error),
    .hw2reg_i  (hw2reg),
    .reg2hw_o  (reg2hw)
  );

  assign irq_d = (reg2hw.intr_status.done && reg2hw.intr_enable.done) ||
                 (reg2hw.intr_status.error && reg2hw.intr_enable.error);

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      irq_q <= 1'b0;
    end else begin
      irq_q <= irq_d;
    end
  end

  assign irq_o    = irq_q;
  assign reg2hw_o = reg2hw;

endmodule
