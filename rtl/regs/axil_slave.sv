// Copyright Tessel contributors.
// Licensed under the Apache License, Version 2.0.
//
// AXI4-Lite slave adapter: turns the five AXI4-Lite channels into a one-cycle register bus
// (tessel_reg_file's wr_* / rd_* ports).
//
// Write: AW and W are accepted independently, in either order or together, each into its own
// holding register. Once both are held and no write response is waiting, the write happens
// (wr_en_o for one cycle) and the response is registered into B; SLVERR when no register is at
// the address. One write is outstanding at a time: a second AW or W is accepted while the
// response waits, but performed only after B is taken.
//
// Read: AR is accepted while no read response is waiting; the read happens in the handshake
// cycle (rd_en_o) and the data and response are registered into R. One read is outstanding.
//
// Every ready and valid output comes from a flop (no combinational path from any input to any
// output), so the slave works under any legal ready/valid timing of the master. Reads and writes
// are independent: AXI4-Lite does not order them against each other.
module axil_slave #(
  parameter int unsigned AddrWidth = 12
) (
  input  logic                 clk_i,
  input  logic                 rst_ni,
  // AXI4-Lite write address
  input  logic                 awvalid_i,
  output logic                 awready_o,
  input  logic [AddrWidth-1:0] awaddr_i,
  input  logic [2:0]           awprot_i,
  // AXI4-Lite write data
  input  logic                 wvalid_i,
  output logic                 wready_o,
  input  logic [31:0]          wdata_i,
  input  logic [3:0]           wstrb_i,
  // AXI4-Lite write response
  output logic                 bvalid_o,
  input  logic                 bready_i,
  output logic [1:0]           bresp_o,
  // AXI4-Lite read address
  input  logic                 arvalid_i,
  output logic                 arready_o,
  input  logic [AddrWidth-1:0] araddr_i,
  input  logic [2:0]           arprot_i,
  // AXI4-Lite read data
  output logic                 rvalid_o,
  input  logic                 rready_i,
  output logic [31:0]          rdata_o,
  output logic [1:0]           rresp_o,
  // register bus
  output logic                 wr_en_o,
  output logic [AddrWidth-1:0] wr_addr_o,
  output logic [31:0]          wr_data_o,
  output logic [3:0]           wr_strb_o,
  input  logic                 wr_error_i,
  output logic                 rd_en_o,
  output logic [AddrWidth-1:0] rd_addr_o,
  input  logic [31:0]          rd_data_i,
  input  logic                 rd_error_i
);

  localparam logic [1:0] RespOkay   = 2'b00;
  localparam logic [1:0] RespSlvErr = 2'b10;

  // Write side state.
  logic                 aw_full_d, aw_full_q;
  logic [AddrWidth-1:0] aw_addr_d, aw_addr_q;
  logic                 w_full_d, w_full_q;
  logic [31:0]          w_data_d, w_data_q;
  logic [3:0]           w_strb_d, w_strb_q;
  logic                 bvalid_d, bvalid_q;
  logic [1:0]           bresp_d, bresp_q;
  // Read side state.
  logic                 rvalid_d, rvalid_q;
  logic [31:0]          rdata_d, rdata_q;
  logic [1:0]           rresp_d, rresp_q;

  logic aw_fire, w_fire, ar_fire, write_now;
  logic unused_prot;

  // Privileged / secure / instruction accesses are all treated alike: every register is open to
  // whoever reaches this window (the interconnect decides who does).
  assign unused_prot = ^{awprot_i, arprot_i};

  assign awready_o = !aw_full_q;
  assign wready_o  = !w_full_q;
  assign arready_o = !rvalid_q;
  assign aw_fire   = awvalid_i && awready_o;
  assign w_fire    = wvalid_i && wready_o;
  assign ar_fire   = arvalid_i && arready_o;
  assign write_now = aw_full_q && w_full_q && !bvalid_q;

  assign wr_en_o   = write_now;
  assign wr_addr_o = aw_addr_q;
  assign wr_data_o = w_data_q;
  assign wr_strb_o = w_strb_q;
  assign rd_en_o   = ar_fire;
  assign rd_addr_o = araddr_i;

  assign bvalid_o = bvalid_q;
  assign bresp_o  = bresp_q;
  assign rvalid_o = rvalid_q;
  assign rdata_o  = rdata_q;
  assign rresp_o  = rresp_q;

  always_comb begin
    aw_full_d = aw_full_q;
    aw_addr_d = aw_addr_q;
    w_full_d  = w_full_q;
    w_data_d  = w_data_q;
    w_strb_d  = w_strb_q;
    bvalid_d  = bvalid_q;
    bresp_d   = bresp_q;
    if (aw_fire) begin
      aw_full_d = 1'b1;
      aw_addr_d = awaddr_i;
    end
    if (w_fire) begin
      w_full_d = 1'b1;
      w_data_d = wdata_i;
      w_strb_d = wstrb_i;
    end
    if (bvalid_q && bready_i) begin
      bvalid_d = 1'b0;
    end
    // write_now needs both holding registers full, so it never coincides with aw_fire or w_fire
    // and never with a B handshake (it needs bvalid_q low).
    if (write_now) begin
      aw_full_d = 1'b0;
      w_full_d  = 1'b0;
      bvalid_d  = 1'b1;
      bresp_d   = wr_error_i ? RespSlvErr : RespOkay;
    end
  end

  always_comb begin
    rvalid_d = rvalid_q;
    rdata_d  = rdata_q;
    rresp_d  = rresp_q;
    if (rvalid_q && rready_i) begin
      rvalid_d = 1'b0;
    end
    // ar_fire needs rvalid_q low, so it never coincides with an R handshake.
    if (ar_fire) begin
      rvalid_d = 1'b1;
      rdata_d  = rd_error_i ? '0 : rd_data_i;
      rresp_d  = rd_error_i ? RespSlvErr : RespOkay;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      aw_full_q <= 1'b0;
      aw_addr_q <= '0;
      w_full_q  <= 1'b0;
      w_data_q  <= '0;
      w_strb_q  <= '0;
      bvalid_q  <= 1'b0;
      bresp_q   <= RespOkay;
      rvalid_q  <= 1'b0;
      rdata_q   <= '0;
      rresp_q   <= RespOkay;
    end else begin
      aw_full_q <= aw_full_d;
      aw_addr_q <= aw_addr_d;
      w_full_q  <= w_full_d;
      w_data_q  <= w_data_d;
      w_strb_q  <= w_strb_d;
      bvalid_q  <= bvalid_d;
      bresp_q   <= bresp_d;
      rvalid_q  <= rvalid_d;
      rdata_q   <= rdata_d;
      rresp_q   <= rresp_d;
    end
  end

`ifdef TESSEL_ASSERTS
  // The master's side of the protocol: a valid stays up, with stable payload, until ready.
  AwStable: assert property (@(posedge clk_i) disable iff (!rst_ni)
      awvalid_i && !awready_o |=> awvalid_i && $stable(awaddr_i))
    else $error("axil_slave: AWVALID dropped or AWADDR changed before AWREADY");
  WStable: assert property (@(posedge clk_i) disable iff (!rst_ni)
      wvalid_i && !wready_o |=> wvalid_i && $stable(wdata_i) && $stable(wstrb_i))
    else $error("axil_slave: WVALID dropped or WDATA/WSTRB changed before WREADY");
  ArStable: assert property (@(posedge clk_i) disable iff (!rst_ni)
      arvalid_i && !arready_o |=> arvalid_i && $stable(araddr_i))
    else $error("axil_slave: ARVALID dropped or ARADDR changed before ARREADY");
`endif

endmodule
