// Copyright Tessel contributors.
// Licensed under the Apache License, Version 2.0.
//
// AXI4 and AXI4-Lite channel types (in the style of the PULP axi and lowRISC TL-UL packages):
// one request struct (everything the master drives) and one response struct (everything the
// slave drives) per bus, so that a module's bus port is two signals instead of thirty.
//
// The core's device-memory bus: 48-bit addresses, 64-bit data, 4-bit IDs. Only the signals the
// core uses are carried; AxLOCK, AxCACHE, AxPROT, AxQOS, AxREGION and USER are constant at the
// core's boundary (normal, non-secure, non-bufferable data accesses).
package tessel_axi_pkg;

  localparam int unsigned AxiAddrW = 48;
  localparam int unsigned AxiDataW = 64;
  localparam int unsigned AxiStrbW = AxiDataW / 8;
  localparam int unsigned AxiIdW   = 4;

  localparam logic [1:0] AxiBurstIncr = 2'b01;
  localparam logic [1:0] AxiRespOkay  = 2'b00;
  localparam logic [1:0] AxiRespSlvErr = 2'b10;
  localparam logic [1:0] AxiRespDecErr = 2'b11;

  // AW and AR
  typedef struct packed {
    logic [AxiIdW-1:0]   id;
    logic [AxiAddrW-1:0] addr;
    logic [7:0]          len;
    logic [2:0]          size;
    logic [1:0]          burst;
  } axi_ax_t;

  typedef struct packed {
    logic [AxiDataW-1:0] data;
    logic [AxiStrbW-1:0] strb;
    logic                last;
  } axi_w_t;

  typedef struct packed {
    logic [AxiIdW-1:0] id;
    logic [1:0]        resp;
  } axi_b_t;

  typedef struct packed {
    logic [AxiIdW-1:0]   id;
    logic [AxiDataW-1:0] data;
    logic [1:0]          resp;
    logic                last;
  } axi_r_t;

  typedef struct packed {
    logic    aw_valid;
    axi_ax_t aw;
    logic    w_valid;
    axi_w_t  w;
    logic    b_ready;
    logic    ar_valid;
    axi_ax_t ar;
    logic    r_ready;
  } axi_req_t;

  typedef struct packed {
    logic   aw_ready;
    logic   w_ready;
    logic   b_valid;
    axi_b_t b;
    logic   ar_ready;
    logic   r_valid;
    axi_r_t r;
  } axi_rsp_t;

endpackage
