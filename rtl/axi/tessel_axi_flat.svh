// Copyright Tessel contributors.
// Licensed under the Apache License, Version 2.0.
//
// Flat AXI4 / AXI4-Lite port lists for the tops that face C++ testbenches and other tools
// (Verilator exposes each port as a plain integer), and the assignments that join them to the
// request/response structs of tessel_axi_pkg. Inside the core every bus is a struct pair; only a
// top uses these, so the thirty-odd port names are written once, here.
//
//   module x_top ( ..., `TESSEL_AXI4_MASTER_PORTS(m_axi), ... );
//     `TESSEL_AXI4_MASTER_ASSIGN(m_axi, axi_req, axi_rsp)
//
// The port names (m_axi_awvalid_o, ...) are those verif/bfm/axi4_memory.h attaches to.
`ifndef TESSEL_AXI_FLAT_SVH
`define TESSEL_AXI_FLAT_SVH

`define TESSEL_AXI4_MASTER_PORTS(p) \
  output logic                                p``_awvalid_o, \
  input  logic                                p``_awready_i, \
  output logic [tessel_axi_pkg::AxiIdW-1:0]   p``_awid_o,    \
  output logic [tessel_axi_pkg::AxiAddrW-1:0] p``_awaddr_o,  \
  output logic [7:0]                          p``_awlen_o,   \
  output logic [2:0]                          p``_awsize_o,  \
  output logic [1:0]                          p``_awburst_o, \
  output logic                                p``_wvalid_o,  \
  input  logic                                p``_wready_i,  \
  output logic [tessel_axi_pkg::AxiDataW-1:0] p``_wdata_o,   \
  output logic [tessel_axi_pkg::AxiStrbW-1:0] p``_wstrb_o,   \
  output logic                                p``_wlast_o,   \
  input  logic                                p``_bvalid_i,  \
  output logic                                p``_bready_o,  \
  input  logic [tessel_axi_pkg::AxiIdW-1:0]   p``_bid_i,     \
  input  logic [1:0]                          p``_bresp_i,   \
  output logic                                p``_arvalid_o, \
  input  logic                                p``_arready_i, \
  output logic [tessel_axi_pkg::AxiIdW-1:0]   p``_arid_o,    \
  output logic [tessel_axi_pkg::AxiAddrW-1:0] p``_araddr_o,  \
  output logic [7:0]                          p``_arlen_o,   \
  output logic [2:0]                          p``_arsize_o,  \
  output logic [1:0]                          p``_arburst_o, \
  input  logic                                p``_rvalid_i,  \
  output logic                                p``_rready_o,  \
  input  logic [tessel_axi_pkg::AxiIdW-1:0]   p``_rid_i,     \
  input  logic [tessel_axi_pkg::AxiDataW-1:0] p``_rdata_i,   \
  input  logic [1:0]                          p``_rresp_i,   \
  input  logic                                p``_rlast_i

`define TESSEL_AXI4_MASTER_ASSIGN(p, req, rsp) \
  assign p``_awvalid_o = req.aw_valid;        \
  assign p``_awid_o    = req.aw.id;           \
  assign p``_awaddr_o  = req.aw.addr;         \
  assign p``_awlen_o   = req.aw.len;          \
  assign p``_awsize_o  = req.aw.size;         \
  assign p``_awburst_o = req.aw.burst;        \
  assign p``_wvalid_o  = req.w_valid;         \
  assign p``_wdata_o   = req.w.data;          \
  assign p``_wstrb_o   = req.w.strb;          \
  assign p``_wlast_o   = req.w.last;          \
  assign p``_bready_o  = req.b_ready;         \
  assign p``_arvalid_o = req.ar_valid;        \
  assign p``_arid_o    = req.ar.id;           \
  assign p``_araddr_o  = req.ar.addr;         \
  assign p``_arlen_o   = req.ar.len;          \
  assign p``_arsize_o  = req.ar.size;         \
  assign p``_arburst_o = req.ar.burst;        \
  assign p``_rready_o  = req.r_ready;         \
  assign rsp.aw_ready  = p``_awready_i;       \
  assign rsp.w_ready   = p``_wready_i;        \
  assign rsp.b_valid   = p``_bvalid_i;        \
  assign rsp.b.id      = p``_bid_i;           \
  assign rsp.b.resp    = p``_bresp_i;         \
  assign rsp.ar_ready  = p``_arready_i;       \
  assign rsp.r_valid   = p``_rvalid_i;        \
  assign rsp.r.id      = p``_rid_i;           \
  assign rsp.r.data    = p``_rdata_i;         \
  assign rsp.r.resp    = p``_rresp_i;         \
  assign rsp.r.last    = p``_rlast_i;

`endif

`ifndef TESSEL_AXIL_FLAT_SVH
`define TESSEL_AXIL_FLAT_SVH

// AXI4-Lite slave ports (32-bit data) with an address of `aw` bits.
`define TESSEL_AXIL_SLAVE_PORTS(p, aw) \
  input  logic          p``_awvalid_i, \
  output logic          p``_awready_o, \
  input  logic [aw-1:0] p``_awaddr_i,  \
  input  logic [2:0]    p``_awprot_i,  \
  input  logic          p``_wvalid_i,  \
  output logic          p``_wready_o,  \
  input  logic [31:0]   p``_wdata_i,   \
  input  logic [3:0]    p``_wstrb_i,   \
  output logic          p``_bvalid_o,  \
  input  logic          p``_bready_i,  \
  output logic [1:0]    p``_bresp_o,   \
  input  logic          p``_arvalid_i, \
  output logic          p``_arready_o, \
  input  logic [aw-1:0] p``_araddr_i,  \
  input  logic [2:0]    p``_arprot_i,  \
  output logic          p``_rvalid_o,  \
  input  logic          p``_rready_i,  \
  output logic [31:0]   p``_rdata_o,   \
  output logic [1:0]    p``_rresp_o

// Connects an instance's AXI4-Lite slave ports named p_* to signals of the same names.
`define TESSEL_AXIL_SLAVE_CONNECT(p) \
  .p``_awvalid_i(p``_awvalid_i), \
  .p``_awready_o(p``_awready_o), \
  .p``_awaddr_i (p``_awaddr_i),  \
  .p``_awprot_i (p``_awprot_i),  \
  .p``_wvalid_i (p``_wvalid_i),  \
  .p``_wready_o (p``_wready_o),  \
  .p``_wdata_i  (p``_wdata_i),   \
  .p``_wstrb_i  (p``_wstrb_i),   \
  .p``_bvalid_o (p``_bvalid_o),  \
  .p``_bready_i (p``_bready_i),  \
  .p``_bresp_o  (p``_bresp_o),   \
  .p``_arvalid_i(p``_arvalid_i), \
  .p``_arready_o(p``_arready_o), \
  .p``_araddr_i (p``_araddr_i),  \
  .p``_arprot_i (p``_arprot_i),  \
  .p``_rvalid_o (p``_rvalid_o),  \
  .p``_rready_i (p``_rready_i),  \
  .p``_rdata_o  (p``_rdata_o),   \
  .p``_rresp_o  (p``_rresp_o)

`endif
